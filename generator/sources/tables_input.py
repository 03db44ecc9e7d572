"""An input with a 公开表 workbook (named in the YAML as `公开表: 2023年公开表.xlsx`, or given as
--tables): the workbook is read and inspected, its figures merged into the input's raw tree, and
the merged tree validated like any other. Last year's input is merged with last year's workbook
the same way when it names one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError, Location
from generator.sources import Loaded, find_last_year, read_tree, validate
from generator.sources.last_year import LastYear
from generator.sources.raw import Raw, RawMap, RawScalar

if TYPE_CHECKING:
    from generator.sources.public_tables import Figures

# The workbook modules (and openpyxl) are imported only when an input has a workbook: a plain
# YAML draft starts as fast as before.

TABLES_KEY = "公开表"


def load_input(path: Path, tables: Path | None = None) -> Loaded:
    """Return the budget of an input file, with its 公开表 when it names one or *tables* is given."""
    tree, notes = read_tree(path)
    workbook = workbook_of(path, tree, tables)
    if workbook is None:
        return validate(tree, str(path), find_last_year(path, tree), notes)
    from generator.sources.merge import input_unit, merge

    yaml_unit = input_unit(tree)
    figures, findings = workbook_figures(workbook)
    merged, disagreements = merge(tree, figures, unit_place(figures, workbook))
    loaded = validate(merged, str(path), last_year_of(path, merged), notes)
    loaded.findings = findings + disagreements
    settings = loaded.budget.settings
    if figures.rounded_in_wan or yaml_unit == "万元":   # figures rounded to 0.01 万元 keep the 万元 尾差 tolerance
        settings = settings.replace(rounded_in="万元")
    # The budget carries the inspector's findings, as it carries its reading notes: check(budget) sees them.
    loaded.budget = loaded.budget.replace(settings=settings, table_findings=tuple(loaded.findings))
    return loaded


def workbook_of(path: Path, tree: Raw | None, tables: Path | None) -> Path | None:
    """Return the 公开表 for the input at *path* (--tables first, else what the file names), taking
    the 公开表 key out of the tree; None when there is none."""
    named = tree.get(TABLES_KEY) if isinstance(tree, RawMap) else None
    if isinstance(tree, RawMap):
        tree.entries = [e for e in tree.entries if e[0] != TABLES_KEY]
    if tables is not None:
        return tables
    if named is None:
        return None
    if not (isinstance(named, RawScalar) and (named.text or "").strip()):
        raise InputError([named.at.problem(TABLES_KEY, "没有写公开表的文件名。请写如“公开表: 2023年公开表.xlsx”，或删去这一行。")])
    return path.parent / named.text.strip()


def workbook_figures(workbook: Path) -> tuple["Figures", list]:
    """Return the figures of a 公开表 workbook and the inspector's findings (InputError when unreadable)."""
    from generator.sources.public_tables import figures_of
    from generator.sources.table_checks import inspect
    from generator.sources.workbook_tables import read_workbook

    book = read_workbook(workbook)
    if book.problems:
        raise InputError(book.problems)
    return figures_of(book), inspect(book)


def unit_place(figures: "Figures", workbook: Path) -> Location:
    """Return where the workbook's figures are said to be in 元 (its first figure's cell)."""
    first = next(iter(figures.values.values()), None)
    return Location(str(workbook), cell=first.place if first else "")


def last_year_of(path: Path, merged: RawMap) -> LastYear | None:
    """Return last year's input, merged with last year's 公开表 when it names one."""
    last = find_last_year(path, merged)
    if last is None or not isinstance(last.tree, RawMap):
        return last
    workbook = workbook_of(last.path, last.tree, None)
    if workbook is None:
        return last
    from generator.sources.merge import merge

    figures, _ = workbook_figures(workbook)   # last year's tables were inspected last year
    return LastYear(last.path, merge(last.tree, figures, unit_place(figures, workbook))[0])
