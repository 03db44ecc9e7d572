"""An input with a 公开表 workbook (named in the YAML as `公开表: 2023年公开表.xlsx`, or given as
--tables), or a 填报 workbook given instead of the YAML: read, inspected, merged, then loaded.

Until load/validate.py lands, the merged raw tree goes through the YAML loader by way of
load/bridge.py, and every message is put back at the real line or cell.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import InputError, Location
from generator.load import Loaded, load_budget, load_budget_text
from generator.load.bridge import dump, relocate, yaml_tree
from generator.load.fill_workbook import read_fill_workbook
from generator.load.last_year import last_years_path
from generator.load.merge import fill_last_year, find, merge
from generator.load.public_tables import Figures, figures_of
from generator.load.raw import RawMap, RawScalar
from generator.load.source import read_text
from generator.load.table_checks import inspect
from generator.load.workbook_tables import read_workbook

TABLES_KEY = "公开表"
NAMES_TABLES = re.compile(rf"^{TABLES_KEY}\s*:", re.MULTILINE)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def load_input(path: Path | str, tables: Path | None = None) -> Loaded:
    """Return the budget of an input file, with its 公开表 when it names one or *tables* is given."""
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return load_tree(path, read_fill_workbook(path), [])
    text = read_text(path)
    if tables is None and not NAMES_TABLES.search(text):  # the plain YAML input: read as always
        return load_budget(path)
    tree = yaml_tree(path, text)
    named = tree.get(TABLES_KEY) if isinstance(tree, RawMap) else None
    if tables is None and not (isinstance(named, RawScalar) and named.text):
        if named is None:
            return load_budget(path)
        raise InputError([named.at.problem(TABLES_KEY, "没有写公开表的文件名。请写如“公开表: 2023年公开表.xlsx”，或删去这一行。")])
    assert isinstance(tree, RawMap)
    workbook = tables or path.parent / str(named.text).strip()
    tree.entries = [e for e in tree.entries if e[0] != TABLES_KEY]
    figures, findings = workbook_figures(workbook)
    merged, disagreements = merge(tree, figures, unit_place(figures, workbook))
    last = last_years_figures(path, merged)
    if last is not None:
        fill_last_year(merged, last)
    return load_tree(path, merged, findings + disagreements)


def workbook_figures(workbook: Path) -> tuple[Figures, list]:
    """Return the figures of a 公开表 workbook and the inspector's findings (InputError when unreadable)."""
    book = read_workbook(workbook)
    if book.problems:
        raise InputError(book.problems)
    return figures_of(book), inspect(book)


def unit_place(figures: Figures, workbook: Path) -> Location:
    """Return where the workbook's figures are said to be in 元 (its first figure's cell)."""
    first = next(iter(figures.values.values()), None)
    return Location(str(workbook), cell=first.place if first else "")


def last_years_figures(path: Path, merged: RawMap) -> Figures | None:
    """Return the figures of last year's 公开表, when last year's YAML (found as today) names one."""
    year = find(merged, ["单位", "年度"])
    if not (isinstance(year, RawScalar) and (year.text or "").strip().isdigit()):
        return None
    last_path = last_years_path(path, int(year.text.strip()))
    if not last_path.is_file():
        return None
    named = find(yaml_tree(last_path), [TABLES_KEY])
    if not (isinstance(named, RawScalar) and named.text):
        return None
    return workbook_figures(last_path.parent / named.text.strip())[0]


def load_tree(path: Path, tree: RawMap, findings: list) -> Loaded:
    """Return the budget of a raw tree, every message put back at the real place of its value."""
    text, places = dump(tree)
    source = str(path)
    try:
        loaded = load_budget_text(path, text)
    except InputError as exc:
        raise InputError([relocate(p, source, places) for p in exc.problems]) from None
    loaded.notes = [relocate(n, source, places) for n in loaded.notes]
    loaded.findings = list(findings)
    loaded.places = places
    return loaded

