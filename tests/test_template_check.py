"""template-check as an office uses it on its own template, and the generated variable reference."""

from __future__ import annotations

from docx import Document

from generator import drafting
from generator.cli import main
from generator.reference import REFERENCE, known_variables, reference_text
from generator.templatecheck import check_template


def broken_template(tmp_path, *paragraphs: str, latin_only: str = ""):
    path = tmp_path / "我单位模板.docx"
    document = Document(str(drafting.DEFAULT_TEMPLATE))
    for text in paragraphs:
        document.add_paragraph(text)
    if latin_only:
        document.add_paragraph().add_run(latin_only).font.name = "Arial"  # sets the Latin fonts only
    document.save(str(path))
    return path


def test_the_default_template_has_no_issue():
    assert check_template(drafting.DEFAULT_TEMPLATE, known_variables()) == []


def test_every_kind_of_issue_is_reported(tmp_path):
    path = broken_template(tmp_path, "单位：{{ unit_nmae }}", "年度：｛｛ year ｝｝", "{{ “说明” }}",
                           latin_only="Total {{ income_total }}")
    issues = [(i.kind, i.severity, i.message) for i in check_template(path, known_variables())]
    assert ("全角括号", "错误", "标签用了全角的 ｛ ｝ 或 ％，会被原样印出。请切换到英文输入法重打成 {{ }} 或 {% %}。") in issues
    assert ("弯引号", "提示", "标签 {{ “说明” }} 里有中文弯引号，程序按英文直引号处理；为免误会，可改成英文直引号 \" 或 '。") in issues
    assert ("未知变量", "错误", "{{ unit_nmae }} 程序不提供，是不是 unit_name（单位名称，如 区政府办公室）？") in issues
    assert any(kind == "缺中文字体" and "只设了西文字体" in message for kind, _, message in issues)
    assert len(issues) == 4


def test_a_broken_tag_is_reported_with_its_paragraph(tmp_path, capsys):
    path = broken_template(tmp_path, "合计为{{ income_total }")
    assert main(["template-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "［标签写错］" in out and "出错的段落：“合计为{{ income_total }”" in out
    assert out.rstrip().endswith("有 1 处问题。")


def test_a_file_that_is_not_a_template(tmp_path):
    path = tmp_path / "x.docx"
    path.write_text("不是文档", encoding="utf-8")
    [issue] = check_template(path, known_variables())
    assert (issue.kind, issue.message) == ("文件", f"模板 {path}：不是可用的 Word 文档（.docx）。请用 Word 或 WPS 打开后另存为 .docx。")


def test_the_variable_reference_in_templates_is_current():
    assert REFERENCE.read_text(encoding="utf-8") == reference_text()


def test_the_reference_shows_meaning_and_example_value():
    text = reference_text()
    assert "| `income_total` | 收入合计（即收支总计）本年数 | 1909.62万元 |" in text
    assert "| `reception_direction` | 公务接待费比上年的变化：增加、减少或持平 | 持平 |" in text
    assert "| `duties` |" in text and "19项，第一项：number=一，text=协助区长" in text
