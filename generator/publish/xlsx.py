"""The 公开表 as one .xlsx workbook, one sheet per table: the only writer of workbooks (openpyxl).

Each sheet: the title (merged, 方正小标宋简体), 编制单位 and the units line, the header rows
(equal neighbours merged, across and down), the rows (amounts as numbers with two decimals,
合计 rows bold, 款/项 names indented), and the 空表说明 under an empty table. Printed A4, fit
to one page wide, landscape where the table is wide.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from generator.publish.tables import Table

TITLE_FONT = Font(name="方正小标宋简体", size=18)
HEADER_FONT = Font(name="黑体", size=11)
BODY_FONT = Font(name="宋体", size=11)
TOTAL_FONT = Font(name="宋体", size=11, bold=True)
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AMOUNT_FORMAT = "#,##0.00"  # 财政口径：两位小数，千分位


def workbook_bytes(tables: list[Table], unit_name: str) -> bytes:
    """Return the .xlsx bytes of *tables*, one sheet each, named "表1 收支总表" …"""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        write_sheet(book.create_sheet(sheet_name(table)), table, unit_name)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_name(table: Table) -> str:
    """Return a sheet name Excel accepts (31 characters, none of []:*?/\\)."""
    name = table.label
    for bad in "[]:*?/\\":
        name = name.replace(bad, "")
    return name[:31]


def write_sheet(sheet, table: Table, unit_name: str) -> None:
    """Write one table on *sheet*."""
    width = len(table.header[0])
    sheet.append([table.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    title = sheet.cell(1, 1)
    title.font, title.alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 36
    sheet.append([f"编制单位：{unit_name}"] + [None] * (width - 2) + [table.unit_line])
    sheet.cell(2, width).alignment = Alignment(horizontal="right")
    for header in table.header:
        sheet.append(list(header))
    first_header = 3
    merge_header(sheet, table, first_header)
    for row in table.rows:
        sheet.append(list(row.cells))
        at = sheet.max_row
        for column, value in enumerate(row.cells, start=1):
            cell = sheet.cell(at, column)
            cell.border = BOX
            cell.font = TOTAL_FONT if row.total else BODY_FONT
            if isinstance(value, Decimal):
                cell.number_format = AMOUNT_FORMAT
                cell.alignment = Alignment(horizontal="right", vertical="center")
            else:
                indent = 2 * (row.level - 1) if column == name_column(table) and not row.total else 0
                centred = row.total and column <= name_column(table)
                cell.alignment = Alignment(horizontal="center" if centred else "left", vertical="center",
                                           indent=indent, wrap_text=True)
    if table.empty_note:
        sheet.append([table.empty_note])
        at = sheet.max_row
        sheet.merge_cells(start_row=at, start_column=1, end_row=at, end_column=width)
        sheet.cell(at, 1).font = BODY_FONT
    for column in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = column_width(table, column - 1)
    sheet.print_title_rows = f"{first_header}:{first_header + len(table.header) - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if table.landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def name_column(table: Table) -> int:
    """Return the 1-based column holding row names (科目名称, 项目 or 单位名称)."""
    header = table.header[-1]
    return header.index("科目名称") + 1 if "科目名称" in header else 1


def merge_header(sheet, table: Table, first: int) -> None:
    """Merge equal neighbouring header cells: across a row, and down where a column repeats its text."""
    rows = table.header
    done: set[tuple[int, int]] = set()
    for r, header in enumerate(rows):
        c = 0
        while c < len(header):
            if (r, c) in done:
                c += 1
                continue
            end_c = c
            while end_c + 1 < len(header) and header[end_c + 1] == header[c]:
                end_c += 1
            end_r = r
            while end_r + 1 < len(rows) and all(rows[end_r + 1][k] == header[c] for k in range(c, end_c + 1)):
                end_r += 1
            done |= {(rr, cc) for rr in range(r, end_r + 1) for cc in range(c, end_c + 1)}
            if (end_r, end_c) != (r, c):
                sheet.merge_cells(start_row=first + r, start_column=c + 1, end_row=first + end_r, end_column=end_c + 1)
            c = end_c + 1
    for r in range(len(rows)):
        for c in range(len(rows[0])):
            cell = sheet.cell(first + r, c + 1)
            cell.font, cell.border = HEADER_FONT, BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def column_width(table: Table, index: int) -> float:
    """Return a column width (in characters) fitting its longest text; amounts get 14."""
    texts = [str(h[index]) for h in table.header] + [c for r in table.rows
                                                     if isinstance(c := r.cells[index], str)]
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) for text in texts), default=8)
    if any(isinstance(r.cells[index], Decimal) for r in table.rows):
        return max(14, min(longest, 16) + 2)
    return min(max(longest + 2, 10), 44)
