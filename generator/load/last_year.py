"""Last year's input file for the same unit: where this year's 上年 figures come from or are checked against."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from generator import schema
from generator.load.source import child, compose, read_text
from generator.load.values import implausible_amount, parse_decimal
from generator.model import Reference
from generator.money import UNIT_SCALE


def last_years_path(this_years_file: Path, year: int) -> Path:
    """Return where last year's input for the same unit lives (see LastYear.beside)."""
    parts = list(this_years_file.parts)
    for index in range(len(parts) - 2, -1, -1):  # the nearest folder named after the year
        if parts[index] == str(year):
            parts[index] = str(year - 1)
            return Path(*parts)
    return this_years_file.parent.parent / str(year - 1) / this_years_file.name


@dataclass(frozen=True)
class LastYear:
    """Last year's file (which may not exist) and its node tree."""

    path: Path
    tree: Node | None

    @classmethod
    def beside(cls, this_years_file: Path, year: int) -> "LastYear":
        """Return last year's file for the same unit, read if it exists.

        The folder named after the year is replaced by last year's:
        inputs/2023/区政府办公室/机关本级.yaml → inputs/2022/区政府办公室/机关本级.yaml.

        >>> LastYear.beside(Path("inputs/2023/区政府办公室/区政府机关.yaml"), 2023).path.as_posix()
        'inputs/2022/区政府办公室/区政府机关.yaml'
        """
        path = last_years_path(this_years_file, year)
        tree = compose(path, read_text(path)) if path.is_file() else None
        return cls(path, tree)

    def amount(self, path: str) -> tuple[Decimal | None, Node | None]:
        """Return the 本年 figure at Chinese field *path* (None if not a number) and its node (None if absent)."""
        found: Node | None = self.tree
        for key in path.split("."):
            found = child(found, key)
        if isinstance(found, MappingNode):
            found = child(found, schema.THIS_YEAR)
        if found is None:
            return None, None
        number = parse_decimal(str(found.value)) if isinstance(found, ScalarNode) else None
        if number is None or implausible_amount(number / self.divisor()):
            return None, found
        return number / self.divisor(), found

    def divisor(self) -> Decimal:
        """Return what last year's figures are divided by to be in 万元 (its own 设置.填写单位)."""
        unit = child(child(self.tree, schema.SETTINGS), "填写单位")
        return UNIT_SCALE.get(str(unit.value).strip(), Decimal(1)) if isinstance(unit, ScalarNode) else Decimal(1)

    def references(self) -> dict[str, Reference]:
        """Return last year's 本年 figure of every compared field it states as a number."""
        if self.tree is None:
            return {}
        paths = [path for path, spec in schema.fields() if spec.kind == schema.COMPARED]
        paths += [f"{path}.{item.key}" for path, spec in schema.fields() for item in spec.items]  # income sources
        found = {}
        for path in paths:
            number, node = self.amount(path)
            if number is not None:
                found[path] = Reference(number, str(self.path), node.start_mark.line + 1)
        return found
