"""Input files → Budget. The only package that imports yaml.

Every problem of a file is collected in one pass and raised together as an InputError;
amounts go from the file's text straight to Decimal, never through float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode

from generator import schema
from generator.errors import InputError, Problem
from generator.load.guards import clean_scalars
from generator.load.reader import Reader
from generator.load.source import compose, read_rules, read_text, strip_control_characters
from generator.load.values import clean_text, parse_decimal
from generator.model import Budget, Reference

__all__ = ["Loaded", "load_budget", "read_rules", "parse_decimal", "clean_text"]


@dataclass
class Loaded:
    """A budget read from a file, the notes (提示) made while reading it, and last year's figures."""

    budget: Budget
    notes: list[Problem] = field(default_factory=list)
    last_year: dict[str, Reference] = field(default_factory=dict)


def load_budget(path: Path | str) -> Loaded:
    """Return the budget in the input file at *path*, or raise InputError listing every problem."""
    path = Path(path)
    text, notes = strip_control_characters(path, read_text(path))
    root = compose(path, text)
    notes += clean_scalars(path, root)  # escapes such as "\u202e" in quoted text
    reader = Reader(path)
    reader.notes.extend(notes)
    if not isinstance(root, MappingNode):
        raise InputError([Problem(str(path), 1, "", "文件是空的或不是“字段: 值”的格式，请参照 init 生成的样板填写。")])
    values = reader.block(schema.BUDGET, root, "")
    if reader.problems or values is None:
        raise InputError(reader.problems)
    budget = Budget(**values, source=str(path), lines=reader.lines)
    last_year = reader.open_last_year()
    return Loaded(budget, reader.notes, last_year.references() if last_year else {})
