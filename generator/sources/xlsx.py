"""Excel workbooks in and out: the only module that imports openpyxl (reading sheets as text grids,
writing the 填报 workbook from a plain description).

Numbers leave here as exact decimal text, never as float: a numeric cell's float is written with
the shortest text that reads back as the same float (what Excel itself stored), so 18561402.0
becomes "18561402" and 1856.14 stays "1856.14".
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from generator.errors import InputError, Location, Problem
from generator.files import read_bytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and any encrypted Office file, starts with this
MAX_UNPACKED = 200 * 2**20        # a budget's workbook unpacks to a few MB at most


@dataclass
class Grid:
    """One sheet as text: cells[(row, column)] (1-based), merged ranges, and whether it is hidden."""

    name: str
    hidden: bool
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    max_row: int = 0
    max_col: int = 0

    def text(self, row: int, col: int) -> str:
        """Return the text of a cell ('' when empty)."""
        return self.cells.get((row, col), "")

    def place(self, row: int, col: int) -> str:
        """Return how messages name a cell: 工作表“收入总表” C7."""
        return f"工作表“{self.name}” {get_column_letter(col)}{row}"


def cell_text(value: object) -> str:
    """Return a cell's value as text; numbers exactly as stored.

    >>> cell_text(18561402.0), cell_text(1856.14), cell_text(1e16), cell_text(" 201 ")
    ('18561402', '1856.14', '10000000000000000', ' 201 ')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        number = Decimal(repr(value))
        text = format(number, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def open_grids(path: Path) -> list[Grid]:
    """Return every sheet of the workbook at *path* (hidden ones too) as text grids.

    Raises InputError for an old .xls, an encrypted or damaged file, in words staff can act on.
    """
    data = read_bytes(path, " .xlsx 文件")
    where = Location(str(path))
    if data[:4] == OLE_MAGIC:
        raise InputError([where.problem("", (
            "这是旧版 Excel 文件（.xls）或加了密码的文件，本工具读不了。请在 Excel 或 WPS 中打开，"
            "去掉密码后“另存为”Excel 工作簿（.xlsx），再用新文件。"))])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:   # a "zip bomb" is refused before it is unpacked
            unpacked = sum(entry.file_size for entry in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise InputError([where.problem("", f"工作簿解压后有 {unpacked // 2**20} MB，超过 {MAX_UNPACKED // 2**20} MB，"
                                                "不像是部门预算公开表或填报表。请检查是不是选错了文件。")])
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError([where.problem("", (
            f"不是能读取的 Excel 工作簿（.xlsx）：{type(exc).__name__}。请在 Excel 或 WPS 中打开后"
            "“另存为”Excel 工作簿（.xlsx）。"))]) from None
    grids = []
    for sheet in book.worksheets:
        grid = Grid(sheet.title, sheet.sheet_state != "visible", max_row=sheet.max_row, max_col=sheet.max_column)
        for row in sheet.iter_rows():
            for cell in row:
                text = cell_text(cell.value)
                if text.strip():
                    grid.cells[(cell.row, cell.column)] = text
        grid.merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
        grids.append(grid)
    return grids


SHEET_NAME = re.compile(r'<sheet\b[^>]*\bname="([^"]*)"')


def sheet_names(path: Path) -> list[str]:
    """Return the sheet names of an .xlsx without loading it ([] when it is no readable workbook)."""
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    return [html.unescape(name) for name in SHEET_NAME.findall(text)]


# -- writing the 填报 workbook ---------------------------------------------------------------

@dataclass
class OutCell:
    """A cell to write: its text or number, help shown as a comment, and what it may hold."""

    value: object = None
    comment: str = ""
    header: bool = False      # bold, shaded and locked
    number: bool = False      # only a number (≥ 0 or any) may be typed here
    whole: bool = False       # only a whole number


@dataclass
class OutSheet:
    """A sheet to write: rows of cells and the column widths."""

    name: str
    rows: list[list[OutCell]] = field(default_factory=list)
    widths: tuple[int, ...] = (28, 18, 18, 40)


HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_workbook(sheets: list[OutSheet]) -> bytes:
    """Return the .xlsx bytes of *sheets*: header cells locked, number cells validated, help as comments."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        numbers = DataValidation(type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000",
                                 error="这里只能填数字（不写单位，不写“约”），没有就填 0。", errorTitle="应为数字",
                                 showErrorMessage=True, allow_blank=True)
        whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                               error="这里只能填整数（个数）。", errorTitle="应为整数", showErrorMessage=True, allow_blank=True)
        sheet.add_data_validation(numbers)
        sheet.add_data_validation(whole)
        for r, row in enumerate(spec.rows, start=1):
            for c, out in enumerate(row, start=1):
                cell = sheet.cell(r, c, out.value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if out.comment:
                    cell.comment = Comment(out.comment, "填报说明", width=320, height=120)
                if out.header:
                    cell.font, cell.fill = Font(bold=True), HEADER_FILL
                else:
                    cell.protection = Protection(locked=False)
                if out.whole:
                    whole.add(cell)
                elif out.number:
                    numbers.add(cell)
        for c, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = width
        sheet.freeze_panes = "A2"
        sheet.protection.sheet = True  # only unlocked cells (the values) can be edited; no password
        sheet.protection.formatRows = sheet.protection.insertRows = sheet.protection.deleteRows = False
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def problem_at(grid: Grid, row: int, col: int, path: str, message: str, file: str) -> Problem:
    """Return a problem located at a cell of *grid*."""
    return Problem(file, None, path, message, grid.place(row, col))
