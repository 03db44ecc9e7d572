"""The 公开表 workbook: tables found in two layouts, figures in 元 at their cells, the reviewed 2023 text."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import workbooks
from helpers import EXAMPLE, GOLDEN, ROOT, paragraphs
from generator import drafting
from generator.cli import main
from generator.sources.yaml_source import read_yaml
from generator.sources.merge import find
from generator.sources.public_tables import figures_of
from generator.sources.raw import RawScalar
from generator.sources.table_checks import inspect
from generator.sources.workbook_tables import read_workbook

TEXT_ONLY = Path(__file__).resolve().parent / "tables" / "区政府办公室-文字.yaml"
LAYOUTS = {"standard": workbooks.standard, "provincial": workbooks.provincial}


def figures(tmp_path: Path, layout: str) -> dict[str, tuple[Decimal, str]]:
    """Return path → (元, cell) of the figures read from the layout's workbook."""
    book = read_workbook(LAYOUTS[layout](tmp_path / "公开表.xlsx"))
    assert book.problems == []
    found = figures_of(book)
    return {path: (cell.amount, cell.place) for path, cell in found.values.items()}


# Written by hand from tests/workbooks.py: the standard layout has the title in row 1, the unit line in
# row 2, one header row and 合计 first; the provincial layout starts in row 2, has three header rows,
# 合计 last after a blank row, 类/款/项 in columns A–C, and the fund tables share one sheet.
STANDARD = {
    "收入.一般公共预算.本年": (Decimal(19096200), "工作表“收支总表” B5"),
    "收入.合计.本年": (Decimal(19096200), "工作表“收支总表” B17"),
    "收入.财政拨款合计": (Decimal(19096200), "工作表“财政拨款收支总表” B6"),
    "支出.合计": (Decimal(19096200), "工作表“支出总表” C4"),
    "支出.基本支出": (Decimal(3538900), "工作表“支出总表” D4"),
    "支出.项目支出": (Decimal(15557300), "工作表“支出总表” E4"),
    "一般公共预算支出.合计": (Decimal(19096200), "工作表“一般公共预算支出表” C4"),
    "一般公共预算支出.基本支出.人员经费": (Decimal(3374900), "工作表“一般公共预算基本支出表” D4"),
    "三公经费.合计.上年": (Decimal(141000), "工作表“一般公共预算三公经费支出表” A6"),
    "三公经费.公务用车购置及运行费.合计": (Decimal(41000), "工作表“一般公共预算三公经费支出表” I6"),
    "三公经费.公务接待费.本年": (Decimal(50000), "工作表“一般公共预算三公经费支出表” L6"),
    "政府性基金预算支出.本年": (Decimal(0), "工作表“政府性基金预算支出表” E2"),
}
PROVINCIAL = {
    "收入.一般公共预算.本年": (Decimal(19096200), "工作表“2.1 收支总表” B6"),
    "收入.合计.本年": (Decimal(19096200), "工作表“2.1 收支总表” B18"),
    "支出.合计": (Decimal(19096200), "工作表“2.3 支出总表” E18"),
    "一般公共预算支出.基本支出.公用经费": (Decimal(164000), "工作表“2.6 一般公共预算基本支出表” G16"),
    "三公经费.合计.本年": (Decimal(141000), "工作表“2.7 三公经费” G7"),     # 14.1 万元 on a hidden sheet
    "三公经费.公务用车购置及运行费.公务用车运行维护费.上年": (Decimal(41000), "工作表“2.7 三公经费” E7"),
    "国有资本经营预算支出.本年": (Decimal(0), "工作表“2.9 政府性基金预算支出表” E9"),
}


@pytest.mark.parametrize("layout, expected", [("standard", STANDARD), ("provincial", PROVINCIAL)])
def test_figures_in_yuan_at_their_cells(tmp_path, layout, expected):
    got = figures(tmp_path, layout)
    assert {path: got.get(path) for path in expected} == expected


@pytest.mark.parametrize("layout", LAYOUTS)
def test_function_and_economic_classes_by_code(tmp_path, layout):
    found = figures_of(read_workbook(LAYOUTS[layout](tmp_path / "公开表.xlsx")))
    named = {path: [(name, cell.amount) for name, cell in items] for path, items in found.named.items()}
    assert named["一般公共预算支出.功能分类"] == [
        ("一般公共服务", 18561449), ("社会保障和就业", 319949), ("卫生健康", 214802)]
    assert named["一般公共预算支出.基本支出.经济分类"] == [
        ("工资福利支出", 3274900), ("商品和服务支出", 164000), ("对个人和家庭的补助", 100000)]
    assert named["政府性基金预算支出明细"] == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_sound_workbook_has_no_findings(tmp_path, layout):
    book = read_workbook(LAYOUTS[layout](tmp_path / "公开表.xlsx"))
    assert inspect(book) == []
    assert {t.kind: bool(t.empty_note) for t in book.tables.values() if not t.has_data()} == {
        "政府性基金预算支出表": True, "国有资本经营预算支出表": True}


def office_folder(tmp_path: Path, layout: str) -> Path:
    """Return the 2023 text-only YAML naming its workbook, with last year's YAML beside as today."""
    (tmp_path / "2023").mkdir()
    (tmp_path / "2022").mkdir()
    shutil.copy(ROOT / "inputs" / "2022" / "区政府办公室.yaml", tmp_path / "2022" / "区政府办公室.yaml")
    shutil.copy(TEXT_ONLY, tmp_path / "2023" / "区政府办公室.yaml")
    LAYOUTS[layout](tmp_path / "2023" / "公开表.xlsx")
    return tmp_path / "2023" / "区政府办公室.yaml"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_figures_from_the_workbook_give_the_reviewed_2023_text(tmp_path, layout):
    source = office_folder(tmp_path, layout)
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert [f.rule for f in result.findings] == ["PLA-01"]   # 机关运行经费 > 基本支出, as for the YAML
    assert str(result.findings[0]).startswith(f"{source} 第61行 机关运行经费：")
    want = [line.strip() for line in (GOLDEN / "expected-2023-区政府办公室.txt").read_text(encoding="utf-8").splitlines()]
    assert paragraphs(tmp_path / "初稿.docx", keep_empty=True) == want


def test_the_text_only_yaml_holds_no_figure_the_workbook_has(tmp_path):
    tree = read_yaml(TEXT_ONLY)[0]
    written = [path for path in figures(tmp_path, "standard")
               if isinstance(node := find(tree, path.split(".")), RawScalar) and node.text is not None]
    assert written == []
    assert find(tree, ["收入", "专户管理的教育收费"]).text is None   # named, to be listed, but its 0 is the workbook's


def test_tables_given_on_the_command_line(tmp_path):
    source = office_folder(tmp_path, "standard")
    text = source.read_text(encoding="utf-8").replace("公开表: 公开表.xlsx", "")
    source.write_text(text, encoding="utf-8")
    moved = tmp_path / "别处.xlsx"
    (tmp_path / "2023" / "公开表.xlsx").rename(moved)
    assert [f.rule for f in drafting.check_file(source, moved)] == ["PLA-01"]
    without = drafting.check_file(source)
    assert ("INP-02", "支出", "缺少“支出”（支出预算（万元）；只写数字为本年数，要与上年比较时写 本年/上年/主要原因），请补上。") in [
        (f.rule, f.field, f.message) for f in without]


def test_last_years_figures_come_from_last_years_workbook(tmp_path):
    """2022's YAML names its own workbook: 收入 上年 (422.2 万元) is read from it."""
    source = office_folder(tmp_path, "standard")
    last = tmp_path / "2022" / "区政府办公室.yaml"
    text = last.read_text(encoding="utf-8")
    text = text.replace("    本年: 422.2\n    上年: 398.6", "    上年: 398.6")   # 合计 and 一般公共预算: no 本年
    last.write_text("公开表: 2022年公开表.xlsx\n" + text, encoding="utf-8")
    workbooks.last_year(tmp_path / "2022" / "2022年公开表.xlsx", 4222000)
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert [f.rule for f in result.findings] == ["PLA-01"]
    assert "与2022年相比，收、支总计各增加1487.42万元，增长352.3%。" in "\n".join(paragraphs(tmp_path / "初稿.docx"))


def test_batch_takes_each_units_workbook_from_the_tables_folder(tmp_path, capsys):
    source = office_folder(tmp_path, "standard")
    source.write_text(source.read_text(encoding="utf-8").replace("公开表: 公开表.xlsx", ""), encoding="utf-8")
    (tmp_path / "公开表").mkdir()
    (tmp_path / "2023" / "公开表.xlsx").rename(tmp_path / "公开表" / "区政府办公室.xlsx")
    args = ["batch", str(tmp_path / "2023"), "-o", str(tmp_path / "drafts"), "--jobs", "1", "--tables-from", str(tmp_path / "公开表")]
    assert main(args) == 0
    assert paragraphs(tmp_path / "drafts" / "区政府办公室.docx")[0] == "区政府办公室2023年部门预算"
    assert main(args) == 0
    assert "已是最新" in capsys.readouterr().out
    workbooks.standard(tmp_path / "公开表" / "区政府办公室.xlsx",
                       lambda tables: tables["收支总表"].rows[-1].__setitem__(1, 19096300))
    assert main(args) == 1   # the changed workbook is read again, and its 收入总计 no longer agrees
    assert "[XLS-02] " in capsys.readouterr().out


def test_the_performance_targets_table_gives_the_projects_with_targets(tmp_path):
    path = workbooks.add_targets(workbooks.standard(tmp_path / "公开表.xlsx"))
    book = read_workbook(path)
    assert book.problems == [] and inspect(book) == []
    values = figures_of(book).values
    assert [(values[f"预算绩效.本年绩效目标.{k}"].amount, values[f"预算绩效.本年绩效目标.{k}"].place) for k in ("项目数", "金额")] == [
        (26, "工作表“项目支出绩效目标表” A4"), (2909800, "工作表“项目支出绩效目标表” B4")]


def test_the_yaml_and_the_targets_table_agree_on_count_and_money(tmp_path):
    source = office_folder(tmp_path, "standard")
    workbooks.add_targets(tmp_path / "2023" / "公开表.xlsx")
    assert [f.rule for f in drafting.check_file(source)] == ["PLA-01"]   # the YAML's 26 项目, 290.98 万元 agree
    source.write_text(source.read_text(encoding="utf-8").replace(
        "  本年绩效目标:\n    项目数: 26", "  本年绩效目标:\n    项目数: 25"), encoding="utf-8")
    line = source.read_text(encoding="utf-8").splitlines().index("    项目数: 25") + 1
    assert [str(f) for f in drafting.check_file(source) if f.rule == "XLS-05"] == [
        f"{source} 第{line}行 预算绩效.本年绩效目标.项目数：与公开表不一致：这里写 25个，公开表.xlsx 工作表“项目支出绩效目标表” A4 为 "
        "26个项目（26个）。请改正其中一处；公开表已有的数字，输入文件里可以不写。"]


def test_init_with_tables_fills_in_every_figure_and_leaves_the_words(tmp_path, capsys):
    workbook = workbooks.standard(tmp_path / "公开表.xlsx")
    target = tmp_path / "2023" / "区政府办公室.yaml"
    assert main(["init", "区政府办公室", "2023", "--tables", str(workbook), "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    for line in ("  填写单位: 元  # 公开表以元计：本文件的金额都按元填写",
                 "  合计:  # 收入合计，即第二部分一、收支总计\n    本年: 19096200  # 取自公开表 公开表.xlsx 工作表“收支总表” B17",
                 "    一般公共服务: 18561449  # 取自公开表 公开表.xlsx 工作表“一般公共预算支出表” C5",
                 "      上年: 0  # 取自公开表 公开表.xlsx 工作表“一般公共预算三公经费支出表” D6"):
        assert line in text
    missing = {f.field for f in drafting.check_file(target) if f.rule == "INP-02"}
    assert missing == {"单位.财政级次", "单位.主要职责第1项", "单位.内设机构第1项", "单位.预算单位第1项", "收入.合计.上年", "收入.一般公共预算.上年",
                       "政府性基金预算支出.上年", "国有资本经营预算支出.上年", "机关运行经费", "政府采购.合计", "政府采购.货物",
                       "政府采购.工程", "政府采购.服务", "预算绩效.上年评价.项目数", "预算绩效.上年评价.金额",
                       "预算绩效.本年拟评价.项目数", "预算绩效.本年拟评价.金额", "预算绩效.本年绩效目标.项目数",
                       "预算绩效.本年绩效目标.金额", "国有资产.车辆.合计", "国有资产.车辆.一般公务用车",
                       "国有资产.车辆.一般执法执勤用车", "国有资产.车辆.特种专业技术用车", "国有资产.车辆.其他用车",
                       "国有资产.单价50万元以上通用设备", "国有资产.单位价值100万元以上专用设备"}


def test_the_api_and_check_command_take_the_tables(tmp_path, capsys):
    import json

    import generator

    source = office_folder(tmp_path, "standard")
    source.write_text(source.read_text(encoding="utf-8").replace("公开表: 公开表.xlsx", ""), encoding="utf-8")
    workbook = workbooks.standard(tmp_path / "2023" / "公开表.xlsx",
                                  lambda tables: tables["收支总表"].rows[-1].__setitem__(1, 19096300))
    budget = generator.load(source, tables=workbook)
    assert budget.income.total.this == Decimal("1909.63")
    assert [f.rule for f in generator.check(budget)][:3] == ["XLS-02", "XLS-02", "XLS-02"]
    assert main(["check", str(source), "--tables", str(workbook), "--format", "json"]) == 1
    first = json.loads(capsys.readouterr().out)["findings"][0]
    assert (first["rule"], first["file"], first["line"], first["cell"]) == ("XLS-02", str(workbook), None, "工作表“收支总表” B17")


def test_a_sheet_named_after_its_table_needs_no_title_row(tmp_path):
    def change(tables):
        tables["支出总表"].title = ""
    book = read_workbook(workbooks.standard(tmp_path / "公开表.xlsx", change))
    assert book.tables["支出总表"].sheet == "支出总表"
    assert figures_of(book).values["支出.基本支出"].amount == 3538900


def test_float_noise_of_a_computed_cell_is_dropped_at_the_cent(tmp_path):
    def change(tables):
        tables["一般公共预算支出表"].rows[2][3] = 3004148.9999999995   # 20103's 基本支出, D6 (a formula's float)
    book = read_workbook(workbooks.standard(tmp_path / "公开表.xlsx", change))
    assert book.problems == [] and inspect(book) == []
    cell = book.tables["一般公共预算支出表"].rows[2].cells[4]
    assert (cell.place, cell.amount) == ("工作表“一般公共预算支出表” D6", Decimal("3004149.00"))


def test_the_tables_this_tool_publishes_read_back_to_the_same_draft(tmp_path):
    """publish writes the office's 公开表 (万元, a layout of its own); read back beside the text-only YAML,
    they give the reviewed 2023 text again, the 0.01 万元 rounding of the 类 only noted."""
    source = office_folder(tmp_path, "standard")
    published = tmp_path / "2023" / "公开表.xlsx"
    published.unlink()
    assert main(["draft", str(EXAMPLE), "-o", str(tmp_path / "原稿.docx"), "--tables-out", str(published)]) == 0
    three = {k: v.place for k, v in figures_of(read_workbook(published)).values.items() if k.startswith("三公经费.合计")}
    assert three == {"三公经费.合计.本年": "工作表“表7 一般公共预算“三公”经费支出表” B5",   # one row a year:
                     "三公经费.合计.上年": "工作表“表7 一般公共预算“三公”经费支出表” B6"}   # 2023年, then 2022年
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert sorted((f.rule, f.severity) for f in result.findings) == [
        ("BAL-04", "提示"), ("PLA-01", "警告"), ("XLS-01", "提示")]
    want = [line.strip() for line in (GOLDEN / "expected-2023-区政府办公室.txt").read_text(encoding="utf-8").splitlines()]
    assert paragraphs(tmp_path / "初稿.docx", keep_empty=True) == want
