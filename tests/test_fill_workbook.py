"""The 填报 workbook: `init --xlsx`, filled by script with the office's 2023 input, drafts the same text."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import yaml

import workbooks
from helpers import EXAMPLE, GOLDEN, ROOT, paragraphs
from generator import drafting
from generator.cli import main


def fill(path: Path, data: dict) -> None:
    """Type the input's values into the 填报 workbook, as staff would (numbers as numbers)."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if sheet.title in ("单位.主要职责", "单位.内设机构", "单位.预算单位", "一般公共预算支出.功能分类"):
            node = data
            for key in sheet.title.split("."):
                node = node[key]
            items = node.items() if isinstance(node, dict) else [(text, None) for text in node]
            for row, (label, amount) in enumerate(items, start=2):
                sheet.cell(row, 1, label)
                if amount is not None:
                    sheet.cell(row, 2, amount)
            continue
        for row in range(2, sheet.max_row + 1):
            path_text = sheet.cell(row, 1).value
            node = data
            for key in str(path_text).split("."):
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, dict):
                for col, key in ((2, "本年"), (3, "上年"), (4, "主要原因")):
                    if key in node:
                        sheet.cell(row, col, node[key])
            elif node is not None:
                sheet.cell(row, 2, node)
    book.save(path)


def filled_example(tmp_path: Path) -> Path:
    """Return inputs/2023/区政府办公室.xlsx made by `init --xlsx` and filled with the example's figures, last year's
    YAML beside it as the office keeps it."""
    (tmp_path / "inputs" / "2022").mkdir(parents=True)
    shutil.copy(ROOT / "inputs" / "2022" / "区政府办公室.yaml", tmp_path / "inputs" / "2022" / "区政府办公室.yaml")
    target = tmp_path / "inputs" / "2023" / "区政府办公室.xlsx"
    assert main(["init", "区政府办公室", "2023", "--xlsx", "-o", str(target)]) == 0
    fill(target, yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    return target


def test_init_writes_a_workbook_with_help_comments_validation_and_locked_headers(tmp_path, capsys):
    target = tmp_path / "区财政局.xlsx"
    assert main(["init", "区财政局", "2024", "--xlsx", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"Excel 填报表已生成：{target}\n填好后运行：python -m generator draft {target}\n"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:5] == ["设置", "单位", "单位.主要职责", "单位.内设机构", "单位.预算单位"]
    unit = book["单位"]
    assert [[c.value for c in row] for row in unit.iter_rows(min_row=1, max_row=3)] == [
        ["字段", "本年 / 填写值", "上年", "主要原因"], ["单位.名称", "区财政局", None, None], ["单位.年度", 2024, None, None]]
    assert unit["A4"].comment.text == "名词解释里的“X级财政”，如：区级、县级、市级"
    assert unit.protection.sheet and unit["A4"].protection.locked and not unit["B4"].protection.locked
    income = book["收入"]
    assert income["A2"].value == "收入.合计"
    validations = {str(v.sqref): (v.type, v.error) for v in income.data_validations.dataValidation}
    assert ("decimal", "这里只能填数字（不写单位，不写“约”），没有就填 0。") in validations.values()
    assert any("B2" in ref.split() for ref in validations)
    assert main(["init", "区财政局", "2024", "--xlsx", "-o", str(target)]) == 1   # never over a filled one


def test_a_filled_workbook_drafts_the_same_text_as_the_yaml(tmp_path):
    target = filled_example(tmp_path)
    result = drafting.draft(target, tmp_path / "初稿.docx")
    assert [f.rule for f in result.findings] == ["PLA-01", "BAL-04"]
    assert str(result.findings[0]).startswith(f"{target} 工作表“其他数字” B4 机关运行经费：")
    want = [line.strip() for line in (GOLDEN / "expected-2023-区政府办公室.txt").read_text(encoding="utf-8").splitlines()]
    assert paragraphs(tmp_path / "初稿.docx", keep_empty=True) == want


def test_a_mistake_in_the_workbook_is_named_by_sheet_and_cell(tmp_path):
    target = tmp_path / "inputs" / "2023" / "区政府办公室.xlsx"
    main(["init", "区政府办公室", "2023", "--xlsx", "-o", str(target)])
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["支出"]["基本支出"] = "约353"
    fill(target, data)
    errors = [str(f) for f in drafting.check_file(target) if f.rule == "INP-02"]
    assert errors == [f"{target} 工作表“支出” B3 支出.基本支出：应为金额（单位万元的数字），实际为“约353”。请只填数字。"]


def test_batch_drafts_a_filled_workbook_and_leaves_a_public_tables_workbook_alone(tmp_path, capsys):
    filled_example(tmp_path)
    workbooks.standard(tmp_path / "inputs" / "2023" / "2023年公开表.xlsx")   # a 公开表 beside it is no input
    capsys.readouterr()
    assert main(["batch", str(tmp_path / "inputs" / "2023"), "-o", str(tmp_path / "drafts"), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "共 1 个单位：成功 1 个。" in out
    assert paragraphs(tmp_path / "drafts" / "区政府办公室.docx")[0] == "区政府办公室2023年部门预算"


def test_diff_compares_a_filled_workbook_with_the_yaml(tmp_path, capsys):
    target = filled_example(tmp_path)
    capsys.readouterr()
    assert main(["diff", str(EXAMPLE), str(target)]) == 0
    assert "输入文件逐项比较：55 项中 0 项有变化" in capsys.readouterr().out   # same figures field by field


def test_a_public_tables_workbook_given_as_the_input_is_pointed_to_tables(tmp_path):
    path = workbooks.standard(tmp_path / "公开表.xlsx")
    assert [str(f) for f in drafting.check_file(path)] == [
        f"{path}：这个工作簿不是本工具的 Excel 填报表（用 init --xlsx 生成，有“设置”“单位”“收入”等工作表）。"
        "预算系统导出的公开表请在输入文件里写一行“公开表: 文件名.xlsx”，或在命令后加 --tables 文件名.xlsx。"]
