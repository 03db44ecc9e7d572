"""公开表 workbooks built by script for the tests: the office's 2023 figures in two layouts.

Figures are the exact 元 of examples/2023/d-按元填写.yaml (the reviewed 2023 text); 款 and 项 are
made up so that 类 = Σ款 = Σ项. `standard` puts one table per sheet in the standard order with one
header row; `provincial` is a provincial export: numbered sheet names in another order, a hidden
sheet, three header rows with merged cells, 科目编码 split into 类/款/项 cells with spaces, numbers
as text with thousands separators, "-" for zero, blank rows, 合计 at the bottom, 三公 in 万元 and
the two fund tables on one sheet, after a cover and a 目录 listing the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl

UNIT = "区政府办公室"

# (code, name, 合计, 基本支出, 项目支出) — function classes, 元.
CLASSES = [
    ("201", "一般公共服务支出", 18561449, 3004149, 15557300),
    ("20103", "政府办公厅（室）及相关机构事务", 18561449, 3004149, 15557300),
    ("2010301", "行政运行", 3004149, 3004149, 0),
    ("2010302", "一般行政管理事务", 15557300, 0, 15557300),
    ("208", "社会保障和就业支出", 319949, 319949, 0),
    ("20805", "行政事业单位养老支出", 319949, 319949, 0),
    ("2080505", "机关事业单位基本养老保险缴费支出", 319949, 319949, 0),
    ("210", "卫生健康支出", 214802, 214802, 0),
    ("21011", "行政事业单位医疗", 214802, 214802, 0),
    ("2101101", "行政单位医疗", 214802, 214802, 0),
]
TOTAL, BASIC, PROJECT = 19096200, 3538900, 15557300
# (code, name, 合计, 人员经费, 公用经费) — economic classes of 基本支出, 元.
ECONOMIC = [
    ("301", "工资福利支出", 3274900, 3274900, 0),
    ("30101", "基本工资", 1500000, 1500000, 0),
    ("30102", "津贴补贴", 1774900, 1774900, 0),
    ("302", "商品和服务支出", 164000, 0, 164000),
    ("30201", "办公费", 64000, 0, 64000),
    ("30211", "差旅费", 100000, 0, 100000),
    ("303", "对个人和家庭的补助", 100000, 100000, 0),
    ("30305", "生活补助", 100000, 100000, 0),
]
PERSONNEL, PUBLIC = 3374900, 164000
# 三公, 元: 合计, 因公出国（境）费, 公务用车小计, 购置费, 运行费, 公务接待费 — last year, this year.
THREE_LAST = [141000, 50000, 41000, 0, 41000, 50000]
THREE_THIS = [141000, 50000, 41000, 0, 41000, 50000]
INCOME_ROWS = [  # 收支总表, left side: (name, 元 or None for an empty cell)
    ("一、一般公共预算拨款收入", TOTAL), ("二、政府性基金预算拨款收入", 0), ("三、国有资本经营预算拨款收入", 0),
    ("四、财政专户管理资金收入", None), ("五、专户管理的教育收费", 0), ("六、事业收入", 0),
    ("七、事业单位经营收入", None), ("八、上级补助收入", 0), ("九、附属单位上缴收入", 0), ("十、其他收入", 0),
]
STANDARD_ORDER = ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表",
                  "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表"]


@dataclass
class Block:
    """A table to write: title, unit, header rows (merges as (row, col, rows, cols) in header coordinates) and rows."""

    title: str
    unit: str
    headers: list[list[object]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    rows: list[list[object]] = field(default_factory=list)
    note: str = ""


@dataclass
class Style:
    """How the figures and codes of a layout are written."""

    grouped: bool = False        # numbers as text with thousands separators
    dash: bool = False           # "-" for 0
    split_codes: bool = False    # 类 / 款 / 项 in three cells, 款 and 项 with their own digits only
    total_last: bool = False     # 合计 at the bottom
    blank_rows: bool = False
    wan_three_public: bool = False

    def number(self, amount: int | None, unit: str = "元") -> object:
        """Return a figure as this layout writes it."""
        if amount is None:
            return None
        value = Decimal(amount) / (10000 if unit == "万元" else 1)
        if amount == 0 and self.dash:
            return "-"
        if self.grouped:
            return f"{value:,}"
        return int(value) if value == value.to_integral_value() else float(value)

    def code(self, code: str) -> list[object]:
        """Return the code cells of a row: one cell " 201 03 01", or 类/款/项 cells " 201", "03", "01"."""
        if not self.split_codes:
            return [f" {code[:3]} {code[3:5]} {code[5:]}".rstrip()]
        return [f" {code[:3]}", code[3:5] or None, code[5:7] or None]


def coded_rows(style: Style, items: list[tuple], total: list[int], width_codes: int) -> list[list[object]]:
    """Return 合计 and coded rows of a classified table."""
    rows = [[*style.code(code), name, *[style.number(v) for v in values]] for code, name, *values in items]
    total_row = [None] * width_codes + ["合计", *[style.number(v) for v in total]]
    if style.blank_rows:
        rows.insert(len(rows) // 2, [])
    return rows + [total_row] if style.total_last else [total_row] + rows


def blocks(style: Style) -> dict[str, Block]:
    """Return the nine tables of the office's 2023 budget in *style*."""
    split = style.split_codes
    def classified(title, unit, columns, items, total, merges_extra=()):
        if split:
            headers = [["科目编码", None, None, "科目名称", *columns], [None] * 3 + [None] * (1 + len(columns)),
                       ["类", "款", "项", None] + [None] * len(columns)]
            merges = [(0, 0, 2, 3), (0, 3, 3, 1)] + [(0, 4 + i, 3, 1) for i in range(len(columns))]
            return Block(title, unit, headers, merges, coded_rows(style, items, total, 3))
        return Block(title, unit, [["科目编码", "科目名称", *columns]], [], coded_rows(style, items, total, 1))
    n = style.number
    income = [[name, n(v), *right] for (name, v), right in zip(INCOME_ROWS, [
        [f"{i}、{name}", n(v)] for i, (code, name, v, *_rest) in zip("一二三", [c for c in CLASSES if len(c[0]) == 3])
    ] + [[None, None]] * 7)]
    income += [["本年收入合计", n(TOTAL), "本年支出合计", n(TOTAL)], ["上年结转结余", n(0), "结转下年", n(0)],
               ["收入总计", n(TOTAL), "支出总计", n(TOTAL)]]
    fiscal = [["一、本年收入", n(TOTAL), "一、本年支出", n(TOTAL), n(TOTAL), n(0), n(0)],
              ["（一）一般公共预算拨款", n(TOTAL), "一般公共服务支出", n(18561449), n(18561449), n(0), n(0)],
              ["（二）政府性基金预算拨款", n(0), "社会保障和就业支出", n(319949), n(319949), n(0), n(0)],
              ["（三）国有资本经营预算拨款", n(0), "卫生健康支出", n(214802), n(214802), n(0), n(0)],
              ["收入总计", n(TOTAL), "支出总计", n(TOTAL), n(TOTAL), n(0), n(0)]]
    income_columns = ["合计", "上年结转结余", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "事业收入", "其他收入"]
    income_items = [(c, name, total, 0, total, 0, 0, 0, 0) for c, name, total, *_ in CLASSES]
    tpu = "万元" if style.wan_three_public else "元"
    three_head = [["2022年预算数"] + [None] * 5 + ["2023年预算数"] + [None] * 5,
                  ["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"] * 2,
                  [None, None, "小计", "公务用车购置费", "公务用车运行费", None] * 2]
    three_merges = [(0, 0, 1, 6), (0, 6, 1, 6)] + [m for k in (0, 6) for m in
                                                    [(1, k, 2, 1), (1, k + 1, 2, 1), (1, k + 2, 1, 3), (1, k + 5, 2, 1)]]
    empty = lambda title, what: Block(title, "元", [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], [], [],
                                     f"注：{UNIT}2023年没有使用{what}拨款安排的支出，本表为空表。")
    return {
        "收支总表": Block(f"{UNIT}2023年部门收支总表", "元", [["收入", None, "支出", None], ["项目", "预算数", "项目", "预算数"]],
                      [(0, 0, 1, 2), (0, 2, 1, 2)], income),
        "收入总表": classified(f"{UNIT}2023年部门收入总表", "元", income_columns, income_items, [TOTAL, 0, TOTAL, 0, 0, 0, 0]),
        "支出总表": classified(f"{UNIT}2023年部门支出总表", "元", ["合计", "基本支出", "项目支出", "上缴上级支出"],
                           [(*c, 0) for c in CLASSES], [TOTAL, BASIC, PROJECT, 0]),
        "财政拨款收支总表": Block(f"{UNIT}2023年财政拨款收支总表", "元",
                          [["收入", None, "支出", None, None, None, None],
                           ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
                          [(0, 0, 1, 2), (0, 2, 1, 5)], fiscal),
        "一般公共预算支出表": classified(f"{UNIT}2023年一般公共预算支出表", "元", ["合计", "基本支出", "项目支出"],
                                CLASSES, [TOTAL, BASIC, PROJECT]),
        "一般公共预算基本支出表": classified(f"{UNIT}2023年一般公共预算基本支出表", "元", ["合计", "人员经费", "公用经费"],
                                  ECONOMIC, [BASIC, PERSONNEL, PUBLIC]),
        "一般公共预算“三公”经费支出表": Block(f"{UNIT}2023年一般公共预算“三公”经费支出表", tpu, three_head, three_merges,
                                   [[n(v, tpu) for v in THREE_LAST + THREE_THIS]]),
        "政府性基金预算支出表": empty(f"{UNIT}2023年政府性基金预算支出表", "政府性基金预算"),
        "国有资本经营预算支出表": empty(f"{UNIT}2023年国有资本经营预算支出表", "国有资本经营预算"),
    }


def place(sheet, block: Block, top: int) -> int:
    """Write *block* from row *top* (title, unit line, headers, rows, note); return the next free row."""
    width = max(len(r) for r in block.headers)
    sheet.cell(top, 1, block.title)
    sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=width)
    sheet.cell(top + 1, width, f"单位：{block.unit}")
    first = top + 2
    for r, row in enumerate(block.headers):
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(first + r, c + 1, value)
    for r, c, rows, cols in block.merges:
        sheet.merge_cells(start_row=first + r, start_column=c + 1, end_row=first + r + rows - 1, end_column=c + cols)
    row_number = first + len(block.headers)
    for row in block.rows:
        for c, value in enumerate(row):
            if value is not None:
                sheet.cell(row_number, c + 1, value)
        row_number += 1
    if block.note:
        sheet.cell(row_number, 1, block.note)
        row_number += 1
    return row_number


def standard(path: Path, change=None) -> Path:
    """Write the standard layout to *path*: one table per sheet in the standard order. *change* edits the blocks."""
    tables = blocks(Style())
    if change:
        change(tables)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in STANDARD_ORDER:
        if name in tables:
            place(book.create_sheet(name.replace("“", "").replace("”", "")), tables[name], 1)
    book.save(path)
    return path


def provincial(path: Path, change=None) -> Path:
    """Write the provincial layout to *path* (see the module's docstring)."""
    style = Style(grouped=True, dash=True, split_codes=True, total_last=True, blank_rows=True, wan_three_public=True)
    tables = blocks(style)
    if change:
        change(tables)
    book = openpyxl.Workbook()
    book.active.title = "封面"
    book.active["B3"] = f"{UNIT}2023年部门预算公开表"
    contents = book.create_sheet("目录")   # the table names alone: no tables here
    for row, name in enumerate(STANDARD_ORDER, start=2):
        contents.cell(row, 2, f"{row - 1}. {name}")
    sheets = [("2.9 政府性基金预算支出表", ["政府性基金预算支出表", "国有资本经营预算支出表"]),
              ("2.1 收支总表", ["收支总表"]), ("2.3 支出总表", ["支出总表"]), ("2.2 收入总表", ["收入总表"]),
              ("2.4 财政拨款收支总表", ["财政拨款收支总表"]), ("2.5 一般公共预算支出表", ["一般公共预算支出表"]),
              ("2.6 一般公共预算基本支出表", ["一般公共预算基本支出表"]), ("2.7 三公经费", ["一般公共预算“三公”经费支出表"])]
    for name, kinds in sheets:
        sheet = book.create_sheet(name)
        top = 2
        for kind in kinds:
            if kind in tables:
                top = place(sheet, tables[kind], top) + 2
    book["2.7 三公经费"].sheet_state = "hidden"
    helper = book.create_sheet("数据源")
    helper["A1"], helper["B1"] = "导出时间", "2023-01-05"
    helper.sheet_state = "hidden"
    book.save(path)
    return path


def last_year(path: Path, total: int) -> Path:
    """Write last year's workbook as far as this year needs it: 收支总表 (all 一般公共预算) and the empty fund tables."""
    tables = blocks(Style())
    n = Style().number
    tables["收支总表"].rows = [["一、一般公共预算拨款收入", n(total), "一、一般公共服务支出", n(total)],
                           ["二、政府性基金预算拨款收入", n(0), None, None],
                           ["收入总计", n(total), "支出总计", n(total)]]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in ("收支总表", "政府性基金预算支出表", "国有资本经营预算支出表"):
        place(book.create_sheet(name), tables[name], 1)
    book.save(path)
    return path


TARGETS = [(f"重点工作项目{n}", 111900) for n in range(1, 26)] + [("政务信息化运维", 112300)]  # 26 projects, 2,909,800 元


def add_targets(path: Path) -> Path:
    """Add a 项目支出绩效目标表 (in 万元) to the workbook at *path*: two indicator rows per project, the
    project's name and money merged over them, indicator values that are words."""
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("项目支出绩效目标表")
    sheet["A1"] = f"{UNIT}2023年项目支出绩效目标表"
    sheet["F2"] = "单位：万元"
    for col, text in enumerate(["项目名称", "预算金额", "一级指标", "二级指标", "三级指标", "指标值"], start=1):
        sheet.cell(3, col, text)
    row = 4
    for name, amount in TARGETS:
        sheet.cell(row, 1, name)
        sheet.cell(row, 2, amount / 10000)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row + 1, end_column=2)
        for offset, values in enumerate([("产出指标", "数量指标", "完成事项", "≥95%"), ("效益指标", "社会效益", "满意度", "90")]):
            for col, value in enumerate(values, start=3):
                sheet.cell(row + offset, col, value)
        row += 2
    book.save(path)
    return path
