"""The checks on the office's own numbers, the self-check of the output, and `check` as staff run it."""

from __future__ import annotations

import json

from docx import Document

from generator import drafting
from generator.checks import RULES, SEVERITIES
from helpers import EXAMPLE, edited_example
from helpers import run_cli as run


def test_example_has_exactly_the_rounding_note_and_the_operating_cost_warning():
    found = [(f.rule, f.severity, f.line, f.field, f.message) for f in drafting.check_file(EXAMPLE)]
    assert found == [
        ("PLA-01", "警告", 103, "机关运行经费",
         "机关运行经费448万元大于基本支出353.89万元和公用经费16.4万元。机关运行经费通常由公用经费安排，请与财政部门核实口径；数字照原样印出。"),
        ("BAL-04", "提示", 68, "一般公共预算支出.功能分类",
         "一般公共预算支出合计1909.62万元，一般公共服务＋社会保障和就业＋卫生健康＝1909.61万元，相差0.01万元，"
         "在各项分别四舍五入造成的尾差范围内，照常印出；请确认与报表一致。"),
    ]


def test_every_rule_has_an_id_a_severity_and_a_requirement():
    for rule, (severity, requirement) in RULES.items():
        assert severity in SEVERITIES and requirement, rule


def test_last_years_file_that_agrees_gives_no_finding(tmp_path):
    source = edited_example(tmp_path)
    last = tmp_path / "inputs" / "2022" / "区政府办公室.yaml"
    last.parent.mkdir(parents=True)
    last.write_text("收入:\n  合计:\n    本年: 422.2\n三公经费:\n  合计:\n    本年: 14.1\n", encoding="utf-8")
    assert {f.rule for f in drafting.check_file(source)} == {"PLA-01", "BAL-04"}


def test_a_stale_number_in_the_templates_fixed_wording_stops_the_draft(tmp_path):
    template = tmp_path / "模板.docx"
    document = Document(str(drafting.DEFAULT_TEMPLATE))
    document.add_paragraph("去年收支总计为422.2万元，比前年增加37.5万元。")  # 422.2 is an input figure, 37.5 is not
    document.save(str(template))
    out = tmp_path / "初稿.docx"
    result = drafting.draft(EXAMPLE, out, template)
    assert result.out_path is None and not out.exists()
    [error] = result.errors
    # The template has 72 paragraphs: the stale one is its 73rd, named there rather than in the input.
    assert (error.rule, error.file, error.line, error.field) == ("SELF-01", str(template), None, "模板第73段")
    assert error.message == ("数字“37.5”写在模板的固定文字里，既不是输入的数字，也不是由输入算出的数，没有生成初稿。"
                             "若是往年数字，请改为变量；若是编号，请删去或改用模板的自动编号。"
                             "模板段落：“去年收支总计为422.2万元，比前年增加37.5万元。”")


def test_numbers_in_staff_text_are_theirs(tmp_path):
    source = edited_example(tmp_path, (r"^    - 协调推进全区普惠金融工作。$", "    - 协调推进全区普惠金融工作，每年开展3次专项检查。"))
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert result.out_path is not None and not result.errors


def test_check_groups_findings_and_exits_0_without_errors(capsys):
    code, out, _ = run(capsys, "check", str(EXAMPLE))
    assert code == 0
    assert out.splitlines()[0] == "【警告】1 条" and out.splitlines()[2] == "【提示】1 条"
    assert out.splitlines()[-1] == "检查结果：错误 0 条，警告 1 条，提示 1 条。"


def test_check_json_gives_the_same_for_other_tools(capsys):
    code, out, _ = run(capsys, "check", str(EXAMPLE), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["file"] == str(EXAMPLE)
    assert report["summary"] == {"error": 0, "warning": 1, "note": 1}
    assert report["severity_labels"] == {"error": "错误", "warning": "警告", "note": "提示"}
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("PLA-01", 103), ("BAL-04", 68)]


def test_check_reports_input_errors_as_errors_and_exits_1(tmp_path, capsys):
    source = edited_example(tmp_path, (r"^  合计: 1909\.62$", "  合计: 19O9.62"))
    code, out, _ = run(capsys, "check", str(source), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["summary"]["error"] == 1
    assert report["findings"][0] == {
        "rule": "INP-02", "severity": "error", "severity_label": "错误", "file": str(source), "line": 62, "cell": "",
        "field": "支出.合计", "field_code": "expenditure.total", "field_item": "",
        "message": "应为金额（单位万元的数字），实际为“19O9.62”。请只填数字。"}


def test_check_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(capsys, "check", str(EXAMPLE))
    assert list(tmp_path.iterdir()) == []


def test_a_unit_name_ending_in_a_digit_next_to_the_year_is_not_a_stray_number(tmp_path):
    source = edited_example(tmp_path, (r"^  名称: 区政府办公室$", "  名称: 区第3中学"))
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert result.out_path is not None and not result.errors  # "区第3中学2023年" is name + year


def test_last_years_income_source_is_checked_too(tmp_path):
    source = edited_example(tmp_path)
    last = tmp_path / "inputs" / "2022" / "区政府办公室.yaml"
    last.parent.mkdir(parents=True)
    last.write_text("收入:\n  一般公共预算:\n    本年: 420\n", encoding="utf-8")
    [mismatch] = [f for f in drafting.check_file(source) if f.rule == "LY-01"]
    assert (mismatch.field, mismatch.line) == ("收入.一般公共预算.上年", 52)
    assert "与上一年度文件" in mismatch.message and "本年数420万元不一致，相差2.2万元" in mismatch.message
