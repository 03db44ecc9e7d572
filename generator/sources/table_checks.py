"""The inspector's checks on the 公开表 themselves, before any draft (rules XLS-01 … XLS-04).

All figures are compared in 元, exactly. A table in 万元 (2 decimals) may differ from the sum of
its parts by 尾差: up to 0.005 万元 per part, reported as a 提示, as BAL-01 … does for the input.
"""

from __future__ import annotations

from decimal import Decimal

from generator.checks.finding import ERROR, NOTE, Finding
from generator.sources.public_tables import amount_text, side_cell, side_rows, total_cell
from generator.sources.workbook_tables import Cell, Row, Table, Workbook

REQUIRED = ("收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表",
            "一般公共预算三公经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表")
SHOWN = {"一般公共预算三公经费支出表": "一般公共预算“三公”经费支出表"}
HALF_CENT_WAN = Decimal(50)  # 0.005 万元 in 元: one part's rounding in a table kept in 万元
TEN_THOUSAND = Decimal(10000)


def wan(amount: Decimal) -> str:
    """Return 元 as 万元 text for messages.

    >>> wan(Decimal("18561449"))
    '1856.1449万元'
    """
    return f"{amount_text(amount / TEN_THOUSAND)}万元"


class Inspector:
    """Collects the findings on one workbook."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.findings: list[Finding] = []

    def add(self, rule: str, place: str, message: str, severity: str = ERROR) -> None:
        """Record a finding at a cell."""
        self.findings.append(Finding(rule, severity, str(self.book.path), None, "", message, place))

    def sum_check(self, rule: str, cell: Cell, parts: list[Cell], what: str, in_wan: bool) -> None:
        """Record a finding when *cell* is not the sum of *parts* (尾差 of a 万元 table only noted)."""
        total = sum((p.amount for p in parts), Decimal(0))
        gap = cell.amount - total
        if not gap:
            return
        cells = [p.place.rsplit(" ", 1)[-1] for p in parts]
        named = "+".join(cells) if len(cells) <= 6 else f"{cells[0]}+…+{cells[-1]}（{len(cells)}项）"
        message = (f"{what}：{cell.written} ≠ {named} = {amount_text(total)}元，"
                   f"相差 {amount_text(gap)}元（{wan(gap)}）。请核对这些数。")
        if in_wan and abs(gap) <= HALF_CENT_WAN * len(parts):
            self.add(rule, cell.place, f"{what}：{cell.written} 与 {named} = {amount_text(total)}元 相差 {amount_text(gap)}元，"
                                       "是各项分别四舍五入到 0.01 万元造成的尾差。", NOTE)
        else:
            self.add(rule, cell.place, message)

    def same(self, a: tuple[str, Cell | None], b: tuple[str, Cell | None]) -> None:
        """Record a finding when two tables give different figures for the same thing."""
        (what_a, cell_a), (what_b, cell_b) = a, b
        if cell_a is None or cell_b is None or cell_a.amount == cell_b.amount:
            return
        x, y = cell_a.amount, cell_b.amount
        where_b = cell_b.place
        if abs(x - y) <= HALF_CENT_WAN and (cell_a.written.endswith("万元") or cell_b.written.endswith("万元")):
            self.add("XLS-02", cell_a.place, (
                f"{what_a} {cell_a.written} 与 {where_b} {what_b} {cell_b.written} 相差 {amount_text(x - y)}元，"
                "是以万元列示时四舍五入造成的尾差。"), NOTE)
            return
        if x > 0 and y > 0 and abs(max(x, y) / min(x, y) / TEN_THOUSAND - 1) < Decimal("0.001"):
            self.add("XLS-03", cell_a.place, (
                f"{what_a} {cell_a.written} 与 {where_b} {what_b} {cell_b.written} 相差约一万倍："
                "两表中有一张的单位行（单位：元 / 万元）与数字不符，请核对单位行。"))
            return
        self.add("XLS-02", cell_a.place, (
            f"{what_a} {cell_a.written} ≠ {where_b} {what_b} {cell_b.written}，相差 {amount_text(x - y)}元"
            f"（{wan(x - y)}）。同一个数在各表中应相同，请核对。"))


def inspect(book: Workbook) -> list[Finding]:
    """Return every finding on the tables of *book*."""
    inspector = Inspector(book)
    tables = book.tables
    for kind in REQUIRED:
        table = tables.get(kind)
        shown = SHOWN.get(kind, kind)
        if table is None:
            inspector.add("XLS-04", "", f"没有找到“{shown}”。请在公开表中保留这张表（没有数据也要保留，并写明“本表为空表”），"
                                        f"表的标题要含“{shown}”。")
        elif not table.has_data() and not table.empty_note:
            inspector.add("XLS-04", table.unit_place, f"“{shown}”没有数据，也没有说明。请在表下写明“本表为空表”及原因。")
    for table in tables.values():
        rows_add_up(inspector, table)
        columns_add_up(inspector, table)
    across_tables(inspector, tables)
    return inspector.findings


def figure_columns(table: Table) -> list[int]:
    """Return the columns holding figures."""
    return sorted({col for row in table.rows for col in row.cells})


def rows_add_up(inspector: Inspector, table: Table) -> None:
    """Check 合计 = Σ类, 类 = Σ款, 款 = Σ项 in every figure column of a classified table."""
    coded = [r for r in table.rows if r.code]
    if not coded:
        return
    in_wan = table.unit == "万元"
    for col in figure_columns(table):
        label = table.columns.get(col, "")
        for index, row in enumerate(coded):
            children = children_of(coded, index)
            cells = [c.cells[col] for c in children if col in c.cells]
            if children and col in row.cells:
                inspector.sum_check("XLS-01", row.cells[col], cells,
                                    f"“{table.kind}”{row.code} {row.name}的“{label}”应等于所列下级科目之和", in_wan)
        total = table.total_row()
        top = [r.cells[col] for r in coded if len(r.code) == len(coded[0].code) and col in r.cells]
        if total is not None and col in total.cells and top:
            inspector.sum_check("XLS-01", total.cells[col], top, f"“{table.kind}”合计行的“{label}”应等于各类之和", in_wan)


def children_of(coded: list[Row], index: int) -> list[Row]:
    """Return the rows directly below row *index* (款 of a 类, 项 of a 款)."""
    parent = coded[index].code
    below = [r for r in coded[index + 1:] if r.code.startswith(parent) and len(r.code) > len(parent)]
    if not below:
        return []
    step = min(len(r.code) for r in below)
    return [r for r in below if len(r.code) == step]


def summed_columns(table: Table, col: int, columns: list[int]) -> list[int]:
    """Return the columns a 合计/小计 column adds up: the ones after it in its header group, a sub-group
    counted by its own 小计 when it has one.

    Headers 2023年/合计, 2023年/出国, 2023年/公务用车/小计, 2023年/公务用车/购置, 2023年/接待 → 出国, 小计, 接待.
    """
    label = table.columns.get(col, "")
    group = label.rsplit("/", 1)[0] + "/" if "/" in label else ""
    depth = label.count("/")
    parts: list[int] = []
    subgroups: dict[str, list[int]] = {}
    for other in columns[columns.index(col) + 1:]:
        other_label = table.columns.get(other, "")
        if not other_label.startswith(group) or (other_label.count("/") == depth and
                                                 other_label.rsplit("/", 1)[-1] in ("合计", "小计")):
            break
        if other_label.count("/") == depth:
            parts.append(other)
        else:
            subgroups.setdefault(other_label.split("/")[depth], []).append(other)
    for members in subgroups.values():
        subtotal = [m for m in members if table.columns[m].rsplit("/", 1)[-1] in ("合计", "小计")]
        parts.extend(subtotal[:1] or members)
    return sorted(parts)


def columns_add_up(inspector: Inspector, table: Table) -> None:
    """Check that a 合计 (or 小计) column equals the figure columns it adds up, row by row."""
    if table.kind in ("收支总表", "财政拨款收支总表"):
        return
    columns = figure_columns(table)
    for col in columns:
        label = table.columns.get(col, "")
        if label.rsplit("/", 1)[-1] not in ("合计", "小计"):
            continue
        parts = summed_columns(table, col, columns)
        for row in table.rows:
            if parts and col in row.cells and any(p in row.cells for p in parts):
                inspector.sum_check("XLS-01", row.cells[col], [row.cells[p] for p in parts if p in row.cells],
                                    f"“{table.kind}”{row.code or row.name}这一行的“{label}”应等于其后各栏之和",
                                    table.unit == "万元")


def across_tables(inspector: Inspector, tables: dict[str, Table]) -> None:
    """Check that the same figure agrees across tables."""
    income = tables.get("收支总表")
    both = income is not None
    income_total = ("收支总表的收入总计", side_total(income, 0)) if both else ("", None)
    if both:
        inspector.same(income_total, ("收支总表的支出总计", side_total(income, 1)))
    for kind in ("收入总表", "支出总表"):
        if kind in tables and both:
            inspector.same((f"{kind}的合计", total_cell(tables[kind])), income_total)
    fiscal = tables.get("财政拨款收支总表")
    for words, kind in ((("一般公共预算",), "一般公共预算支出表"), (("政府性基金",), "政府性基金预算支出表"),
                        (("国有资本经营",), "国有资本经营预算支出表")):
        if fiscal is not None and kind in tables:
            total = total_cell(tables[kind])
            if total is not None:
                inspector.same((f"{kind}的合计", total), (f"财政拨款收支总表的{words[0]}拨款", side_cell(fiscal, words)))
        if both and fiscal is not None:
            inspector.same((f"收支总表的{words[0]}拨款收入", side_cell(income, words)),
                           (f"财政拨款收支总表的{words[0]}拨款", side_cell(fiscal, words)))
    basic, general = tables.get("一般公共预算基本支出表"), tables.get("一般公共预算支出表")
    if basic is not None and general is not None:
        inspector.same(("一般公共预算基本支出表的合计", total_cell(basic)),
                       ("一般公共预算支出表的基本支出", total_cell(general, "基本支出")))


def side_total(table: Table, side: int) -> Cell | None:
    """Return the 总计 (else 合计) of one side of the 收支总表."""
    rows = side_rows(table, side)
    return next((c for name, c, _ in rows if "总计" in name), None) or next(
        (c for name, c, _ in rows if "合计" in name), None)
