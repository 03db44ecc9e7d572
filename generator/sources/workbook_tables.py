"""Finding the tables of a 公开表 workbook by their title and header text, wherever they are.

A table starts at a title row (收支总表, 一般公共预算支出表, …, with or without the unit's name
and year before it), has a unit line (单位：元 / 万元), one or more header rows (merged cells spread
their text over the cells they cover) and data rows until the next title or the end of the sheet.
Sheets may be in any order, hidden, or hold several tables; blank rows anywhere are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

from generator.errors import Problem
from generator.sources.values import parse_decimal
from generator.sources.xlsx import Grid, open_grids

# Canonical titles, matched on the text with blanks and quotes removed; the longest match wins
# (财政拨款收支总表 also contains 收支总表).
TITLES = ("收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表",
          "一般公共预算三公经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表", "项目支出绩效目标表")
NOISE = re.compile(r"[\s\"'“”‘’〝〞「」『』]")
UNIT_LINE = re.compile(r"单位[:：]?(万元|元)")
ZERO_MARKS = {"-", "—", "－", "--", "——", "/", "0"}
EMPTY_NOTE = re.compile(r"空表|无数据|没有数据|无此项|无相关")
UNIT_SCALE = {"元": Decimal(1), "万元": Decimal(10000)}
CENT = Decimal("0.01")


@lru_cache(maxsize=4096)   # the same labels and figures are normalised again and again
def normal(text: str) -> str:
    """Return *text* for matching: full-width folded, blanks and quotes removed.

    >>> normal(" 一般公共预算“三公”经费\\n支出表 ")
    '一般公共预算三公经费支出表'
    """
    return NOISE.sub("", unicodedata.normalize("NFKC", text))


def title_of(text: str) -> str | None:
    """Return the standard table a title cell names, or None.

    >>> title_of("区政府办公室2023年部门财政拨款收支总表"), title_of("2.11 一般公共预算支出表"), title_of("合计")
    ('财政拨款收支总表', '一般公共预算支出表', None)
    """
    text = normal(text)
    if len(text) > 60:
        return None
    found = [t for t in TITLES if t in text]
    return max(found, key=len) if found else None


@dataclass
class Cell:
    """One figure of a table, in 元, and where it is."""

    amount: Decimal
    place: str
    written: str   # as the cell shows it, for messages


@dataclass
class Row:
    """A data row: its 科目编码 (digits only, '' when none), its name, and its figures by column."""

    number: int
    code: str
    name: str
    cells: dict[int, Cell] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)


@dataclass
class Table:
    """A table found in a sheet: kind, unit, column labels (header rows joined by /) and data rows."""

    kind: str
    grid: Grid
    title_row: int
    unit: str
    unit_place: str
    columns: dict[int, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    empty_note: str = ""

    @property
    def sheet(self) -> str:
        """Return the sheet's name."""
        return self.grid.name

    def column(self, *words: str, avoid: tuple[str, ...] = ()) -> int | None:
        """Return the first column whose label holds every word in *words* and none in *avoid*."""
        for col, label in self.columns.items():
            if all(w in label for w in words) and not any(a in label for a in avoid):
                return col
        return None

    def total_row(self) -> Row | None:
        """Return the 合计 row (at the top or the bottom)."""
        return next((r for r in self.rows if not r.code and ("合计" in r.name or "总计" in r.name)), None)

    def has_data(self) -> bool:
        """Return whether any figure of the table is not zero."""
        return any(c.amount for r in self.rows for c in r.cells.values())


@dataclass
class Workbook:
    """The tables found in a workbook, and the problems met reading it."""

    path: Path
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def fail(self, place: str, message: str) -> None:
        """Record a problem at a cell."""
        self.problems.append(Problem(str(self.path), None, "", message, place))


def read_workbook(path: Path) -> Workbook:
    """Return every standard table found in the workbook at *path* (problems collected, not raised)."""
    book = Workbook(path)
    for grid in open_grids(path):
        by_row: dict[int, list[str]] = {}
        for (r, _), text in sorted(grid.cells.items()):
            by_row.setdefault(r, []).append(text)
        titles = [(r, kind) for r, texts in sorted(by_row.items()) for kind in [row_title(texts)] if kind]
        if not titles and title_of(grid.name):   # no title row: a sheet named after its table
            titles = [(0, title_of(grid.name))]
        for index, (start, kind) in enumerate(titles):
            end = titles[index + 1][0] - 1 if index + 1 < len(titles) else grid.max_row
            table = read_table(book, grid, kind, start, end)
            if table is None:
                continue
            if kind in book.tables:
                first = book.tables[kind]
                book.fail(grid.place(max(start, 1), 1), f"又一张“{kind}”，第一张在工作表“{first.sheet}”第{first.title_row}行；"
                                                        "请删去重复的一张。")
                continue
            book.tables[kind] = table
    return book


def row_title(texts: list[str]) -> str | None:
    """Return the table a row's title names: the row holds one short text (and perhaps the unit line).

    >>> row_title(["2023年部门收支总表", "单位：元"]), row_title(["收支总表", "合计"])
    ('收支总表', None)
    """
    texts = [t for t in texts if not UNIT_LINE.search(normal(t))]
    if len(set(texts)) != 1:
        return None
    return title_of(texts[0])


def spread(grid: Grid, first: int, last: int) -> dict[tuple[int, int], str]:
    """Return the cells of rows first..last with every merged range's text copied over the cells it covers."""
    cells = {(r, c): t for (r, c), t in grid.cells.items() if first <= r <= last}
    for top, left, bottom, right in grid.merged:
        text = grid.text(top, left)
        if text and top <= last and bottom >= first:
            for r in range(max(top, first), min(bottom, last) + 1):
                for c in range(left, right + 1):
                    cells[(r, c)] = text
    return cells


def is_figure(text: str) -> bool:
    """Return whether a cell looks like a figure (a number, or a dash for zero)."""
    t = normal(text)
    return t in ZERO_MARKS or parse_decimal(t) is not None


def is_data_row(grid: Grid, row: int) -> bool:
    """Return whether *row* holds figures: a figure beside a label (not a 栏次 row of column numbers)."""
    texts = [grid.text(row, c) for c in range(1, grid.max_col + 1)]
    filled = [t for t in texts if t.strip()]
    if not filled or "栏次" in normal(filled[0]):
        return False
    figures = [t for t in filled if is_figure(t)]
    if len(figures) == len(filled):  # a row of figures only (三公): not a row of column numbers 1 2 3 …
        return len(figures) >= 3 and [normal(t) for t in figures] != [str(n) for n in range(1, len(figures) + 1)]
    return bool(figures)


def read_table(book: Workbook, grid: Grid, kind: str, start: int, end: int) -> Table | None:
    """Return the table of *kind* in rows start..end of *grid*."""
    unit, unit_place, unit_row, first_data = "", "", start, None
    for row in range(max(start, 1), end + 1):
        for col in range(1, grid.max_col + 1):
            found = UNIT_LINE.search(normal(grid.text(row, col)))
            if found and not unit:
                unit, unit_place, unit_row = found.group(1), grid.place(row, col), row
        if first_data is None and is_data_row(grid, row):
            first_data = row
    title_place = grid.place(max(start, 1), 1)
    if not unit and first_data is None:   # a table name in a 目录 or a heading: no table here
        return None
    if not unit:
        book.fail(title_place, f"“{kind}”没有写金额单位。请在标题下加一行“单位：元”或“单位：万元”。")
        return None
    table = Table(kind, grid, start, unit, unit_place)
    header_first = unit_row + 1   # headers start below the unit line (which may share the title's row)
    header_last = (first_data or end + 1) - 1
    cells = spread(grid, header_first, header_last)
    for col in range(1, grid.max_col + 1):
        parts: list[str] = []
        for row in range(header_first, header_last + 1):
            text = normal(cells.get((row, col), ""))
            if text and text not in parts and not text.isdigit() and "栏次" not in text and not (
                    text.startswith("注") or EMPTY_NOTE.search(text)):
                parts.append(text)
        if parts:
            table.columns[col] = "/".join(parts)
    for row in range(first_data or end + 1, end + 1):
        note = " ".join(grid.text(row, c).strip() for c in range(1, grid.max_col + 1) if grid.text(row, c).strip())
        if EMPTY_NOTE.search(note) and not any(is_figure(grid.text(row, c)) for c in range(2, grid.max_col + 1)):
            table.empty_note = note
            continue
        if is_data_row(grid, row):
            table.rows.append(read_row(book, table, row))
    if first_data is None and not table.empty_note:
        for row in range(header_first, end + 1):  # a note may sit where the data would be
            note = " ".join(t.strip() for (r, _), t in grid.cells.items() if r == row)
            if EMPTY_NOTE.search(note):
                table.empty_note = note
    return table


def column_role(label: str) -> str:
    """Return what a column holds, by its header: code, name or figure.

    >>> column_role("科目编码/类"), column_role("收入/项目"), column_role("本年预算/项目支出")
    ('code', 'name', 'figure')
    """
    if any(w in label for w in ("编码", "代码")) or label in ("类", "款", "项") or label.endswith(("/类", "/款", "/项")):
        return "code"
    if "名称" in label or label.endswith("项目") or label in ("科目", "功能分类科目", "经济分类科目"):
        return "name"
    return "figure" if label else ""


def read_row(book: Workbook, table: Table, row: int) -> Row:
    """Return one data row: the code (from a code column, 类/款/项 columns, or the name), name and figures."""
    grid = table.grid
    code_parts, name, cells, texts = [], "", {}, {}
    for col in range(1, grid.max_col + 1):
        text = grid.text(row, col)
        if not text.strip():
            continue
        role = column_role(table.columns.get(col, ""))
        if table.kind == "项目支出绩效目标表" and role == "figure" and not any(
                w in table.columns.get(col, "") for w in ("金额", "资金", "预算")):
            role = "text"   # 指标值 and the like: ≥95%, 26个 — words, not money
        if role == "code":
            code_parts.append(normal(text))
        elif role == "figure" and not is_figure(text):
            book.fail(grid.place(row, col), f"“{table.kind}”的“{table.columns[col]}”栏应为数字，实际为“{text.strip()}”。"
                                            "请只填数字（没有填 0 或“-”），不写单位和文字。")
        elif is_figure(text) and role not in ("name", "text"):
            cells[col] = figure(book, table, row, col, text)
        elif not name:
            name = text.strip()
        texts[col] = text.strip()
    code = join_code(code_parts)
    head = re.match(r"^\s*(\d{3}(?:\s*\d{2}){0,2})(?!\d)\s*(.*)$", name)   # not the 202 of 2023年
    if not code and head and head.group(2):
        code, name = re.sub(r"\s", "", head.group(1)), head.group(2)
    name = re.sub(r"^[\s　]*(?:[一二三四五六七八九十]+、|\d+[.、．])?", "", name).strip()
    return Row(row, code, name, cells, texts)


def join_code(parts: list[str]) -> str:
    """Return the full 科目编码 from one code cell or from 类/款/项 cells that give only their own digits.

    >>> join_code(["201 03 01"]), join_code(["201", "03", "01"]), join_code(["201", "20103"])
    ('2010301', '2010301', '20103')
    """
    code = ""
    for part in parts:
        digits = re.sub(r"\D", "", part)
        code = digits if digits.startswith(code) and len(digits) > len(code) and code else code + digits
    return code


def figure(book: Workbook, table: Table, row: int, col: int, text: str) -> Cell:
    """Return a figure in 元 exactly (万元 × 10000); a dash or blank is 0."""
    place = table.grid.place(row, col)
    plain = normal(text)
    number = Decimal(0) if plain in ZERO_MARKS else parse_decimal(plain)
    amount = number * UNIT_SCALE[table.unit]
    rounded = amount.quantize(CENT)
    if abs(rounded - amount) < Decimal("0.000001"):  # a float's last-digit noise (1856.1400000000001)
        amount = rounded
    else:
        book.fail(place, f"金额“{text}”（{table.unit}）换算成元后不是整分，请核对这个数。")
    return Cell(amount, place, f"{text.strip()}{table.unit}")
