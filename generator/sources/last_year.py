"""Last year's input for the same unit: where this year's 上年 figures come from or are checked against."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator import schema
from generator.model import Reference
from generator.money import UNIT_SCALE
from generator.records import Record
from generator.sources.raw import Raw, RawMap, RawScalar
from generator.sources.values import implausible_amount, parse_decimal


def last_years_path(this_years_file: Path, year: int) -> Path:
    """Return where last year's input for the same unit lives.

    The folder named after the year is replaced by last year's:

    >>> last_years_path(Path("inputs/2023/区政府办公室/区政府机关.yaml"), 2023).as_posix()
    'inputs/2022/区政府办公室/区政府机关.yaml'
    """
    parts = list(this_years_file.parts)
    for index in range(len(parts) - 2, -1, -1):  # the nearest folder named after the year
        if parts[index] == str(year):
            parts[index] = str(year - 1)
            return Path(*parts)
    return this_years_file.parent.parent / str(year - 1) / this_years_file.name


def child(node: Raw | None, key: str) -> Raw | None:
    """Return the value under *key* in a raw mapping, or None."""
    return node.get(key) if isinstance(node, RawMap) else None


class LastYear(Record):
    """Last year's input (which may not exist: tree None) as a raw tree from any adapter."""

    __slots__ = ("path", "tree")
    path: Path
    tree: Raw | None

    def __init__(self, path: Path, tree: Raw | None) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "tree", tree)

    def amount(self, path: str) -> tuple[Decimal | None, Raw | None]:
        """Return the 本年 figure at Chinese field *path* (None if not a number) and its raw value (None if absent)."""
        found: Raw | None = self.tree
        for key in path.split("."):
            found = child(found, key)
        if isinstance(found, RawMap):
            found = child(found, schema.THIS_YEAR)
        if found is None:
            return None, None
        number = parse_decimal(found.text or "") if isinstance(found, RawScalar) else None
        if number is None or implausible_amount(number / self.divisor()):
            return None, found
        return number / self.divisor(), found

    def divisor(self) -> Decimal:
        """Return what last year's figures are divided by to be in 万元 (its own 设置.填写单位)."""
        unit = child(child(self.tree, schema.SETTINGS), "填写单位")
        return UNIT_SCALE.get((unit.text or "").strip(), Decimal(1)) if isinstance(unit, RawScalar) else Decimal(1)

    def references(self) -> dict[str, Reference]:
        """Return last year's 本年 figure of every compared field it states as a number."""
        if self.tree is None:
            return {}
        paths = [path for path, spec in schema.fields() if spec.kind in (schema.COMPARED, schema.OPTIONAL)]
        paths += [f"{path}.{item.key}" for path, spec in schema.fields() for item in spec.items]  # income sources
        found = {}
        for path in paths:
            number, node = self.amount(path)
            if number is not None:
                found[path] = Reference(number, node.at)
        return found
