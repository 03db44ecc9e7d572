"""The standard 公开表 → the figures of the input format (raw tree, amounts in 元, each at its cell).

Which table gives which field:
- 收支总表: the income sources and 收入.合计 (收入总计);
- 支出总表 (合计 row): 支出.合计, 基本支出, 项目支出, and 上缴上级/对附属单位补助/事业单位经营支出 when not 0;
- 财政拨款收支总表: 收入.财政拨款合计;
- 一般公共预算支出表: its 合计 and the 功能分类 by 类 (3-digit 科目编码; the name without 支出);
- 一般公共预算基本支出表 (合计 row): 基本支出.合计, 人员经费, 公用经费; its 类 rows are the 经济分类;
- 一般公共预算“三公”经费支出表: every 三公 figure, this year's and last year's;
- 政府性基金预算支出表, 国有资本经营预算支出表: their 合计 (0 when the table is empty).
A zero income source is left out (the YAML names the zero sources it wants printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from generator import schema
from generator.errors import Location
from generator.sources.raw import RawMap, RawScalar
from generator.sources.workbook_tables import Cell, Table, Workbook, normal

# 收支总表 income rows: (words the row's name holds, words it must not hold, source key).
INCOME_ROWS = (
    (("一般公共预算",), (), "一般公共预算"),
    (("政府性基金",), (), "政府性基金"),
    (("国有资本经营",), (), "国有资本经营预算"),
    (("财政专户管理资金",), (), "财政专户管理资金"),
    (("教育收费",), (), "专户管理的教育收费"),
    (("事业单位经营收入",), (), "事业单位经营收入"),
    (("事业收入",), ("经营",), "事业收入"),
    (("上级补助",), (), "上级补助收入"),
    (("附属单位上缴",), (), "附属单位上缴收入"),
    (("其他收入",), (), "其他收入"),
    (("上年结转",), (), "上年结转结余"),
    (("事业基金",), (), "用事业基金弥补收支差额"),
)
COMPARED_SOURCES = {s.key for s in schema.INCOME_SOURCES if s.kind == schema.COMPARED}
EXTRA_SPENDING = ("上缴上级支出", "对附属单位补助支出", "事业单位经营支出")
PERFORMANCE_MONEY = ("金额", "资金", "预算数")


def amount_text(amount: Decimal) -> str:
    """Return an amount as exact decimal text without trailing zeros.

    >>> amount_text(Decimal("18561449.00")), amount_text(Decimal("1856.1400")), amount_text(Decimal("0E-2"))
    ('18561449', '1856.14', '0')
    """
    text = format(amount, "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text) or "0"


@dataclass
class Figures:
    """Figures taken from the tables: path → (amount in 元, cell), in the order found; named lists apart."""

    file: str
    values: dict[str, Cell] = field(default_factory=dict)
    named: dict[str, list[tuple[str, Cell]]] = field(default_factory=dict)   # 功能分类, 经济分类, 明细
    counts: set[str] = field(default_factory=set)   # paths whose "amount" is a number of things, not 元
    rounded_in_wan: bool = False                     # some figure came from a table in 万元
    optional: set[str] = field(default_factory=lambda: {
        "一般公共预算支出.基本支出.经济分类", "政府性基金预算支出明细", "国有资本经营预算支出明细"})

    def wanted(self, path: str, named: set[str]) -> bool:
        """Return whether the figure at *path* goes into the tree: optional ones only when *named* holds them."""
        optional = next((o for o in self.optional if path == o or path.startswith(o + ".")), None)
        return optional is None or optional in named

    def put(self, path: str, cell: Cell | None) -> None:
        """Record the figure of *path* (the first table that gives it wins)."""
        if cell is not None and path not in self.values:
            self.values[path] = cell
            self.rounded_in_wan |= cell.written.endswith("万元")


def figures_of(book: Workbook) -> Figures:
    """Return every input figure the workbook's tables give."""
    figures = Figures(str(book.path))
    tables = book.tables
    if "收支总表" in tables:
        income_side(figures, tables["收支总表"])
    if "财政拨款收支总表" in tables:
        fiscal = [c for names, _, key in INCOME_ROWS[:3] for c in [side_cell(tables["财政拨款收支总表"], names)] if c]
        if fiscal:
            figures.put("收入.财政拨款合计", Cell(sum(c.amount for c in fiscal), fiscal[0].place, "（三项拨款之和）"))
    if "支出总表" in tables:
        spending(figures, tables["支出总表"])
    if "一般公共预算支出表" in tables:
        table = tables["一般公共预算支出表"]
        figures.put("一般公共预算支出.合计", total_cell(table))
        figures.named["一般公共预算支出.功能分类"] = classes(table, strip_spending=True)
    if "一般公共预算基本支出表" in tables:
        table = tables["一般公共预算基本支出表"]
        figures.put("一般公共预算支出.基本支出.合计", total_cell(table))
        for key in ("人员经费", "公用经费"):
            figures.put(f"一般公共预算支出.基本支出.{key}", total_cell(table, key))
        figures.named["一般公共预算支出.基本支出.经济分类"] = classes(table)
    if "一般公共预算三公经费支出表" in tables:
        three_public(figures, tables["一般公共预算三公经费支出表"])
    if "项目支出绩效目标表" in tables:
        performance_targets(figures, tables["项目支出绩效目标表"])
    for kind, key in (("政府性基金预算支出表", "政府性基金预算支出"), ("国有资本经营预算支出表", "国有资本经营预算支出")):
        if kind in tables:
            table = tables[kind]
            figures.put(f"{key}.本年", total_cell(table) or Cell(Decimal(0), table.unit_place, "空表"))
            figures.named[f"{key}明细"] = [item for item in classes(table, strip_spending=True) if item[1].amount]
    return figures


def pairs(table: Table) -> list[tuple[int, int]]:
    """Return the (name column, amount column) pairs of a side-by-side table (收入 | 支出)."""
    found = []
    cols = sorted(table.columns)
    for index, col in enumerate(cols):
        label = table.columns[col]
        if "项目" in label.rsplit("/", 1)[-1] or "名称" in label:
            amount = next((c for c in cols[index + 1:] if "预算" in table.columns[c] or "金额" in table.columns[c]), None)
            if amount is not None:
                found.append((col, amount))
    return found or [(1, 2)]


def side_rows(table: Table, side: int = 0) -> list[tuple[str, Cell, int]]:
    """Return (name, figure, row) of one side of a side-by-side table."""
    sides = pairs(table)
    if side >= len(sides):
        return []
    name_col, amount_col = sides[side]
    found = []
    for row in table.rows:
        name = normal(row.texts.get(name_col, "")) or (row.name if name_col == 1 else "")
        if name and amount_col in row.cells:
            found.append((name, row.cells[amount_col], row.number))
    return found


def side_cell(table: Table, words: tuple[str, ...], side: int = 0) -> Cell | None:
    """Return the figure beside the first row whose name holds *words*."""
    return next((cell for name, cell, _ in side_rows(table, side) if all(w in name for w in words)), None)


def income_side(figures: Figures, table: Table) -> None:
    """Record the income sources and the income total of the 收支总表."""
    rows = side_rows(table)
    for words, avoid, key in INCOME_ROWS:
        cell = next((c for name, c, _ in rows if all(w in name for w in words) and not any(a in name for a in avoid)
                     and "合计" not in name and "总计" not in name), None)
        if cell is not None:
            figures.put(f"收入.{key}.本年" if key in COMPARED_SOURCES else f"收入.{key}", cell)
            if not cell.amount:  # printed only when the YAML names it
                figures.optional.add(f"收入.{key}")
    total = next((c for name, c, _ in rows if "总计" in name), None) or next(
        (c for name, c, _ in rows if "合计" in name), None)
    figures.put("收入.合计.本年", total)


def spending(figures: Figures, table: Table) -> None:
    """Record 支出 from the 支出总表's 合计 row."""
    figures.put("支出.合计", total_cell(table))
    figures.put("支出.基本支出", total_cell(table, "基本支出"))
    figures.put("支出.项目支出", total_cell(table, "项目支出"))
    for key in EXTRA_SPENDING:
        cell = total_cell(table, key.removesuffix("支出"))
        if cell is not None and cell.amount:
            figures.put(f"支出.{key}", cell)


def total_cell(table: Table, word: str = "合计") -> Cell | None:
    """Return the 合计 row's figure in the column labelled with *word* (the first figure for 合计)."""
    row = table.total_row()
    if row is None:
        return None
    col = table.column(word, avoid=("上年",)) if word != "合计" else (
        table.column("合计", avoid=("上年",)) or (min(row.cells) if row.cells else None))
    return row.cells.get(col) if col is not None else None


def classes(table: Table, strip_spending: bool = False) -> list[tuple[str, Cell]]:
    """Return the 类 rows (3-digit code) of a table with their 合计 figures, as (name, figure)."""
    col = table.column("合计", avoid=("上年",))
    found = []
    for row in table.rows:
        if len(row.code) == 3 and row.cells:
            cell = row.cells.get(col) if col is not None else row.cells[min(row.cells)]
            name = row.name.removesuffix("支出") if strip_spending else row.name
            if cell is not None:
                found.append((name, cell))
    return found


def performance_targets(figures: Figures, table: Table) -> None:
    """Record 本年绩效目标: how many projects the 项目支出绩效目标表 lists, and their money.

    A project takes several indicator rows, its name and money merged over them: a project is a
    row with a name in the 项目 column and a figure in the money column.
    """
    name_col = table.column("项目名称") or table.column("项目")
    money_col = next((c for c, label in table.columns.items() if any(w in label for w in PERFORMANCE_MONEY)), None)
    if name_col is None or money_col is None:
        return
    projects = [r for r in table.rows if r.texts.get(name_col) and money_col in r.cells
                and not any(w in r.texts[name_col] for w in ("合计", "总计"))]
    if not projects:
        return
    first = projects[0].cells[money_col]
    figures.put("预算绩效.本年绩效目标.金额", Cell(sum(r.cells[money_col].amount for r in projects), first.place,
                                          f"{len(projects)}个项目之和"))
    figures.put("预算绩效.本年绩效目标.项目数", Cell(Decimal(len(projects)), table.grid.place(projects[0].number, name_col),
                                           f"{len(projects)}个项目"))
    figures.counts.add("预算绩效.本年绩效目标.项目数")


def three_public_path(label: str) -> str | None:
    """Return the 三公 field a column holds, by its header's last part.

    >>> three_public_path("2023年预算数/公务用车购置及运行费/小计"), three_public_path("本年/公务用车运行费")
    ('公务用车购置及运行费.合计', '公务用车购置及运行费.公务用车运行维护费')
    """
    leaf = label.rsplit("/", 1)[-1]
    if "购置费" in leaf and "运行" not in leaf:
        return "公务用车购置及运行费.公务用车购置费"
    if "运行" in leaf and "购置" not in leaf:
        return "公务用车购置及运行费.公务用车运行维护费"
    if "公务用车" in label:
        return "公务用车购置及运行费.合计"
    if "出国" in leaf:
        return "因公出国（境）费"
    if "接待" in leaf:
        return "公务接待费"
    return "合计" if "合计" in leaf or "总计" in leaf else None


def three_public(figures: Figures, table: Table) -> None:
    """Record this year's and last year's 三公 figures: columns grouped by year (or 本年/上年), or one row a year."""
    row_years = {r.number: int(y) for r in table.rows for y in re.findall(r"(20\d\d)年", r.name)}
    if len(table.rows) > 1 and (row_years or any("上年" in r.name for r in table.rows)):
        for row in table.rows:
            last = "上年" in row.name or (row.number in row_years and row_years[row.number] < max(row_years.values()))
            three_public_row(figures, table, row, lambda label, last=last: last)
        return
    years = sorted({int(y) for label in table.columns.values() for y in re.findall(r"(20\d\d)年", label)})
    row = table.total_row() or (table.rows[0] if table.rows else None)
    if row is not None:
        three_public_row(figures, table, row,
                         lambda label: "上年" in label or (len(years) > 1 and f"{years[0]}年" in label))


def three_public_row(figures: Figures, table: Table, row, is_last) -> None:
    """Record the 三公 figures of one row; *is_last*(column label) tells last year's columns."""
    for col, label in table.columns.items():
        path = three_public_path(label)
        if col not in row.cells or path is None:
            continue
        last = is_last(label)
        if path.endswith(".合计"):   # the input holds this year's only
            if not last:
                figures.put(f"三公经费.{path}", row.cells[col])
        else:
            figures.put(f"三公经费.{path}.{'上年' if last else '本年'}", row.cells[col])


def to_tree(figures: Figures, unit_at: Location, named: set[str] = frozenset()) -> RawMap:
    """Return the raw tree of *figures* in 元 (设置.填写单位: 元); optional figures (zero income sources,
    经济分类, 明细) only when *named* holds their path (the YAML names them)."""
    root = RawMap(unit_at)
    put(root, ["设置", "填写单位"], RawScalar("元", unit_at))
    for path, cell in figures.values.items():
        if figures.wanted(path, named):
            put(root, path.split("."), RawScalar(amount_text(cell.amount), Location(figures.file, cell=cell.place)))
    for path, items in figures.named.items():
        if items and figures.wanted(path, named):
            for name, cell in items:
                put(root, path.split(".") + [name],
                    RawScalar(amount_text(cell.amount), Location(figures.file, cell=cell.place)))
    return root


def put(root: RawMap, keys: list[str], value: RawScalar) -> None:
    """Set *value* at *keys* below *root*, making the maps on the way."""
    node = root
    for key in keys[:-1]:
        found = node.get(key)
        if not isinstance(found, RawMap):
            found = RawMap(value.at)
            node.entries.append((key, value.at, found))
        node = found
    node.entries.append((keys[-1], value.at, value))
