"""One bad 公开表 per defect, each with the message staff read (sheet, cell, values, difference)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import workbooks
from helpers import ROOT
from generator import drafting
from generator.errors import InputError
from generator.sources.public_tables import figures_of
from generator.sources.table_checks import inspect
from generator.sources.workbook_tables import read_workbook

TEXT_ONLY = Path(__file__).resolve().parent / "tables" / "区政府办公室-文字.yaml"


def findings(tmp_path: Path, change, layout=workbooks.standard) -> list[str]:
    """Return '[rule] severity message' of every finding on the changed workbook, the file name left out."""
    path = layout(tmp_path / "表.xlsx", change)
    book = read_workbook(path)
    assert book.problems == []
    return [f"[{f.rule}] {f.severity} {str(f).removeprefix(str(path)).lstrip()}" for f in inspect(book)]


def test_a_class_that_is_not_the_sum_of_its_items(tmp_path):
    def change(tables):
        tables["一般公共预算支出表"].rows[1][2] = 18561440   # 201's 合计, row 5; its 款 20103 holds 18561449
    assert findings(tmp_path, change) == [
        "[XLS-01] 错误 工作表“一般公共预算支出表” C5：“一般公共预算支出表”201 一般公共服务支出的“合计”应等于所列下级科目之和："
        "18561440元 ≠ C6 = 18561449元，相差 -9元（-0.0009万元）。请核对这些数。",
        "[XLS-01] 错误 工作表“一般公共预算支出表” C4：“一般公共预算支出表”合计行的“合计”应等于各类之和："
        "19096200元 ≠ C5+C9+C12 = 19096191元，相差 9元（0.0009万元）。请核对这些数。",
        "[XLS-01] 错误 工作表“一般公共预算支出表” C5：“一般公共预算支出表”201这一行的“合计”应等于其后各栏之和："
        "18561440元 ≠ D5+E5 = 18561449元，相差 -9元（-0.0009万元）。请核对这些数。",
    ]


def test_totals_that_disagree_across_tables(tmp_path):
    def change(tables):
        tables["收支总表"].rows[-1][1] = 19096300   # 收入总计, B17
    assert findings(tmp_path, change) == [
        "[XLS-02] 错误 工作表“收支总表” B17：收支总表的收入总计 19096300元 ≠ 工作表“收支总表” D17 收支总表的支出总计 "
        "19096200元，相差 100元（0.01万元）。同一个数在各表中应相同，请核对。",
        "[XLS-02] 错误 工作表“收入总表” C4：收入总表的合计 19096200元 ≠ 工作表“收支总表” B17 收支总表的收入总计 "
        "19096300元，相差 -100元（-0.01万元）。同一个数在各表中应相同，请核对。",
        "[XLS-02] 错误 工作表“支出总表” C4：支出总表的合计 19096200元 ≠ 工作表“收支总表” B17 收支总表的收入总计 "
        "19096300元，相差 -100元（-0.01万元）。同一个数在各表中应相同，请核对。",
    ]


def test_a_number_cell_holding_words(tmp_path):
    def change(tables):
        tables["一般公共预算基本支出表"].rows[5][4] = "约64000"   # 30201 办公费, 公用经费: E9
    path = workbooks.standard(tmp_path / "表.xlsx", change)
    assert [str(p) for p in read_workbook(path).problems] == [
        f"{path} 工作表“一般公共预算基本支出表” E9：“一般公共预算基本支出表”的“公用经费”栏应为数字，实际为“约64000”。"
        "请只填数字（没有填 0 或“-”），不写单位和文字。"]


def test_a_missing_table(tmp_path):
    def change(tables):
        del tables["一般公共预算基本支出表"]
    assert findings(tmp_path, change) == [
        "[XLS-04] 错误 ：没有找到“一般公共预算基本支出表”。请在公开表中保留这张表（没有数据也要保留，并写明“本表为空表”），"
        "表的标题要含“一般公共预算基本支出表”。"]


def test_an_empty_table_that_does_not_say_so(tmp_path):
    def change(tables):
        tables["政府性基金预算支出表"].note = ""
    assert findings(tmp_path, change) == [
        "[XLS-04] 错误 工作表“政府性基金预算支出表” E2：“政府性基金预算支出表”没有数据，也没有说明。请在表下写明“本表为空表”及原因。"]


def in_wan(tables, unit: str) -> None:
    """Write the 基本支出表's figures in 万元, its unit line saying *unit*."""
    table = tables["一般公共预算基本支出表"]
    table.unit = unit
    table.rows = [[code, name, *[v / 10000 for v in values]] for code, name, *values in table.rows]


def test_a_unit_line_saying_yuan_over_figures_in_wan_is_a_ten_thousandfold_disagreement(tmp_path):
    assert findings(tmp_path, lambda tables: in_wan(tables, "元")) == [
        "[XLS-03] 错误 工作表“一般公共预算基本支出表” C4：一般公共预算基本支出表的合计 353.89元 与 工作表“一般公共预算支出表” D4 "
        "一般公共预算支出表的基本支出 3538900元 相差约一万倍：两表中有一张的单位行（单位：元 / 万元）与数字不符，请核对单位行。"]


def test_a_table_in_wan_among_tables_in_yuan_is_read_exactly(tmp_path):
    path = workbooks.standard(tmp_path / "表.xlsx", lambda tables: in_wan(tables, "万元"))
    book = read_workbook(path)
    assert inspect(book) == []
    values = figures_of(book).values
    assert [values[f"一般公共预算支出.基本支出.{k}"].amount for k in ("合计", "人员经费", "公用经费")] == [3538900, 3374900, 164000]


def test_rounding_of_a_table_in_wan_is_only_noted(tmp_path):
    def change(tables):
        in_wan(tables, "万元")
        tables["一般公共预算基本支出表"].rows[2][2:4] = [149.99, 149.99]   # 30101 基本工资 150 → 149.99 万元
    assert findings(tmp_path, change) == [
        "[XLS-01] 提示 工作表“一般公共预算基本支出表” C5：“一般公共预算基本支出表”301 工资福利支出的“合计”应等于所列下级科目之和："
        "327.49万元 与 C6+C7 = 3274800元 相差 100元，是各项分别四舍五入到 0.01 万元造成的尾差。",
        "[XLS-01] 提示 工作表“一般公共预算基本支出表” D5：“一般公共预算基本支出表”301 工资福利支出的“人员经费”应等于所列下级科目之和："
        "327.49万元 与 D6+D7 = 3274800元 相差 100元，是各项分别四舍五入到 0.01 万元造成的尾差。",
    ]


def test_an_old_xls_file_is_asked_to_be_saved_as_xlsx(tmp_path):
    path = tmp_path / "公开表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert caught.value.lines() == [
        f"{path}：这是旧版 Excel 文件（.xls）或加了密码的文件，本工具读不了。请在 Excel 或 WPS 中打开，"
        "去掉密码后“另存为”Excel 工作簿（.xlsx），再用新文件。"]


def test_a_figure_in_both_must_agree_at_the_yamls_precision(tmp_path):
    """1856.14 万元 agrees with 18,561,449 元; 353.88 万元 does not agree with 3,538,900 元."""
    (tmp_path / "2023").mkdir()
    (tmp_path / "2022").mkdir()
    shutil.copy(ROOT / "inputs" / "2022" / "区政府办公室.yaml", tmp_path / "2022" / "区政府办公室.yaml")
    source = tmp_path / "2023" / "区政府办公室.yaml"
    text = TEXT_ONLY.read_text(encoding="utf-8")
    source.write_text(text + "\n支出:\n  基本支出: 353.88\n一般公共预算支出:\n  功能分类:\n    一般公共服务: 1856.14\n"
                      "    社会保障和就业: 31.99\n    卫生健康: 21.48\n", encoding="utf-8")
    workbooks.standard(tmp_path / "2023" / "公开表.xlsx")
    line = len(text.splitlines()) + 3
    errors = [f for f in drafting.check_file(source) if f.severity == "错误"]
    assert [f"[{f.rule}] {f}" for f in errors] == [
        f"[XLS-05] {source} 第{line}行 支出.基本支出：与公开表不一致：这里写 353.88万元，公开表.xlsx 工作表“支出总表” D4 为 "
        "3538900元（353.89万元）。请改正其中一处；公开表已有的数字，输入文件里可以不写。"]


def test_an_unreadable_workbook_named_by_the_yaml(tmp_path):
    source = tmp_path / "区政府办公室.yaml"
    source.write_text(TEXT_ONLY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "公开表.xlsx").write_text("不是工作簿", encoding="utf-8")
    assert [str(f) for f in drafting.check_file(source)] == [
        f"{tmp_path / '公开表.xlsx'}：不是能读取的 Excel 工作簿（.xlsx）：BadZipFile。请在 Excel 或 WPS 中打开后"
        "“另存为”Excel 工作簿（.xlsx）。"]


def test_a_rounding_gap_in_a_table_in_wan_stays_a_note_in_the_budget_checks(tmp_path):
    """三公 in 万元: 出国 5.01 + 公务用车 4.1 + 接待 5 = 14.11 beside a 合计 of 14.1 is a 尾差, not an error
    (in the table and in the budget's BAL-06 alike)."""
    (tmp_path / "2023").mkdir()
    (tmp_path / "2022").mkdir()
    shutil.copy(ROOT / "inputs" / "2022" / "区政府办公室.yaml", tmp_path / "2022" / "区政府办公室.yaml")
    source = tmp_path / "2023" / "区政府办公室.yaml"
    source.write_text(TEXT_ONLY.read_text(encoding="utf-8").replace(
        "三公经费:\n", "三公经费:\n  因公出国（境）费:\n    主要原因: 出访计划调整\n"), encoding="utf-8")

    def change(tables):
        tables["一般公共预算“三公”经费支出表"].rows[0][7] = "5.01"   # this year's 因公出国（境）费
    workbooks.provincial(tmp_path / "2023" / "公开表.xlsx", change)
    found = [(f.rule, f.severity, f.field) for f in drafting.check_file(source)]
    assert sorted(found) == [("BAL-06", "提示", "三公经费.合计.本年"), ("PLA-01", "警告", "机关运行经费"), ("XLS-01", "提示", "")]


def test_a_table_without_a_unit_line(tmp_path):
    def change(tables):
        tables["支出总表"].unit = ""   # the line says only "单位："
    path = workbooks.standard(tmp_path / "表.xlsx", change)
    assert [str(p).removeprefix(str(path)) for p in read_workbook(path).problems] == [
        " 工作表“支出总表” A1：“支出总表”没有写金额单位。请在标题下加一行“单位：元”或“单位：万元”。"]


def test_a_table_twice(tmp_path):
    def change(tables):
        tables["一般公共预算支出表"].title = "一般公共预算支出表"
    path = workbooks.standard(tmp_path / "表.xlsx", change)
    import openpyxl

    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["一般公共预算支出表"])
    copy.title = "旧表"
    copy.sheet_state = "hidden"
    book.save(path)
    assert [str(p).removeprefix(str(path)) for p in read_workbook(path).problems] == [
        " 工作表“旧表” A1：又一张“一般公共预算支出表”，第一张在工作表“一般公共预算支出表”第1行；请删去重复的一张。"]


def test_an_amount_in_wan_with_three_decimals_beside_a_workbook(tmp_path):
    source = tmp_path / "区政府办公室.yaml"
    text = TEXT_ONLY.read_text(encoding="utf-8").replace("机关运行经费: 448 ", "机关运行经费: 448.123 ")
    source.write_text(text, encoding="utf-8")
    workbooks.standard(tmp_path / "公开表.xlsx")
    line = text.splitlines().index("机关运行经费: 448.123           # 万元") + 1
    assert [str(f) for f in drafting.check_file(source)] == [
        f"{source} 第{line}行 机关运行经费：金额最多两位小数（单位万元），实际为“448.123”。请四舍五入到两位。"]


def test_a_table_in_wan_differs_from_one_in_yuan_by_rounding_only(tmp_path):
    from decimal import Decimal

    from generator.sources.table_checks import Inspector
    from generator.sources.workbook_tables import Cell, Workbook

    inspector = Inspector(Workbook(tmp_path / "表.xlsx"))
    in_wan = Cell(Decimal(3538900), "工作表“基本支出表” C4", "353.89万元")
    inspector.same(("基本支出表的合计", in_wan), ("一般公共预算支出表的基本支出", Cell(Decimal(3538912), "工作表“支出表” D4", "3538912元")))
    inspector.same(("基本支出表的合计", in_wan), ("一般公共预算支出表的基本支出", Cell(Decimal(3538951), "工作表“支出表” D4", "3538951元")))
    assert [(f.rule, f.severity, f.message) for f in inspector.findings] == [
        ("XLS-02", "提示", "基本支出表的合计 353.89万元 与 工作表“支出表” D4 一般公共预算支出表的基本支出 3538912元 相差 -12元，"
                          "是以万元列示时四舍五入造成的尾差。"),
        ("XLS-02", "错误", "基本支出表的合计 353.89万元 ≠ 工作表“支出表” D4 一般公共预算支出表的基本支出 3538951元，相差 -51元"
                          "（-0.0051万元）。同一个数在各表中应相同，请核对。")]


def test_a_function_class_compared_with_last_year_in_the_yaml_beside_a_workbook(tmp_path):
    """功能分类 may hold 本年/上年/主要原因 now: its 万元 are scaled and its 本年 agrees with the table."""
    from generator.errors import Location
    from generator.sources.merge import merge
    from generator.sources.public_tables import figures_of
    from generator.sources.yaml_source import read_yaml

    source = tmp_path / "输入.yaml"
    source.write_text("一般公共预算支出:\n  功能分类:\n    一般公共服务:\n      本年: 1856.14\n      上年: 378.35\n"
                      "      主要原因: 新增项目\n", encoding="utf-8")
    figures = figures_of(read_workbook(workbooks.standard(tmp_path / "表.xlsx")))
    tree, disagreements = merge(read_yaml(source)[0], figures, Location(str(tmp_path / "表.xlsx")))
    item = tree.get("一般公共预算支出").get("功能分类").get("一般公共服务")
    assert disagreements == []
    assert [(k, v.text) for k, _, v in item.entries] == [("本年", "18561449"), ("上年", "3783500"), ("主要原因", "新增项目")]
