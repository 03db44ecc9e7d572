"""Input sources → Budget: adapters turn a source into a raw tree, one validator builds the Budget.

The only package that reads input files. Every problem of a source is collected in one pass
and raised together as an InputError; amounts go from the source's text straight to Decimal,
never through float. Last year's input is found and read before the walk and passed in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from generator import schema
from generator.errors import InputError, Location, Problem
from generator.model import Budget, Reference
from generator.records import Fields
from generator.sources.last_year import LastYear, last_years_path
from generator.sources.raw import Raw, RawMap, RawScalar, from_plain
from generator.sources.source import read_rules, read_rules_override
from generator.sources.validate import Validator
from generator.sources.values import clean_text, parse_decimal
from generator.sources.yaml_source import read_yaml, require_mapping

__all__ = ["Loaded", "load_budget", "load_mapping", "read_rules", "read_rules_override", "parse_decimal", "clean_text", "read_tree"]


class Loaded(Fields):
    """A budget read from a source, the notes (提示) made while reading it, and last year's figures."""

    __slots__ = ("budget", "notes", "last_year", "findings")
    budget: Budget
    notes: list[Problem]
    last_year: dict[str, Reference]
    findings: list   # checks.Finding on a 公开表 (XLS-…), found while reading

    def __init__(self, budget: Budget, notes: list[Problem] | None = None,
                 last_year: dict[str, Reference] | None = None, findings: list | None = None) -> None:
        self.budget = budget
        self.notes = [] if notes is None else notes
        self.last_year = {} if last_year is None else last_year
        self.findings = [] if findings is None else findings


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


DOCUMENT_SUFFIXES = (".docx", ".doc", ".pdf", ".wps")  # documents to audit, never inputs


def read_tree(path: Path) -> tuple[Raw | None, list[Problem]]:
    """Return the raw tree of the input file at *path* (chosen by its kind) and the reading notes.

    A workbook given as the input is a 填报 workbook (init --xlsx); anything else is YAML.
    """
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        raise InputError([Problem(str(path), None, "", (
            "这是一份写好的文稿，不是输入文件。生成和检查读的是输入文件（.yaml 或 填报 .xlsx）；"
            f"要检查写好的说明（初稿或往年公开的文本），请用 audit：python -m generator audit {path}"))])
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from generator.sources.fill_workbook import read_fill_workbook  # openpyxl only when a workbook is read
        return read_fill_workbook(path), []
    return read_yaml(path)


def stated_year(tree: Raw | None) -> int | None:
    """Return the year a raw tree states (单位.年度), if it is a plain year."""
    unit = tree.get("单位") if isinstance(tree, RawMap) else None
    year = unit.get("年度") if isinstance(unit, RawMap) else None
    number = parse_decimal(year.text or "") if isinstance(year, RawScalar) else None
    return int(number) if number is not None and number == number.to_integral_value() else None


def find_last_year(path: Path, tree: Raw | None) -> LastYear | None:
    """Return last year's input for the unit of *path* (tree None when there is none); None without a year."""
    year = stated_year(tree)
    if year is None:
        return None
    previous = last_years_path(path, year)
    return LastYear(previous, read_tree(previous)[0] if previous.is_file() else None)


def validate(tree: Raw | None, name: str, last_year: LastYear | None = None,
             notes: list[Problem] | None = None) -> Loaded:
    """Return the budget a raw tree describes, or raise InputError listing every problem.

    *name* names the source in messages and in the budget; *last_year* supplies 上年 figures the
    tree leaves out and the figures LY-01 compares with.
    """
    root = require_mapping(tree, name)
    validator = Validator(name, last_year)
    validator.notes.extend(notes or [])
    values = validator.block(schema.BUDGET, root, "")
    if validator.problems or values is None:
        raise InputError(validator.problems)
    references = last_year.references() if last_year else {}
    budget = Budget(**values, source=name, places=validator.places, notes=tuple(validator.notes), references=references)
    return Loaded(budget, validator.notes, references)


def load_budget(path: Path | str, tables: Path | None = None) -> Loaded:
    """Return the budget in the input file at *path*, or raise InputError listing every problem.

    The 公开表 workbook the file names (公开表: …) or *tables* gives fills in its figures
    (sources/tables_input.py); the inspector's findings on it come back in Loaded.findings and
    on the budget (table_findings), which the checks report first.
    """
    from generator.sources.tables_input import load_input  # it builds on validate() below

    return load_input(Path(path), tables)


def load_mapping(data: Mapping, name: str = "<dict>", last_year: Mapping | None = None) -> Loaded:
    """Return the budget in plain data keyed like the YAML input (for other programs and the web page).

    *last_year*, when given, is last year's input as plain data: it supplies 上年 figures left out.
    """
    previous = None
    if last_year is not None:
        previous = LastYear(Path(f"{name}（上年）"), from_plain(last_year, Location(f"{name}（上年）")))
    return validate(from_plain(data, Location(name)), name, previous)
