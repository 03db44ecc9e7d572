"""Staff text with special characters, missing values and failures while writing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator.context import build_context
from generator import drafting, files, render
from generator.errors import InputError, OutputError, TemplateError
from helpers import EXAMPLE, edited_example, paragraphs

REASON_LINE = r"^    主要原因: 2022年土地款和人武部工作经费等未在本单位预算中列支$"


def test_special_characters_in_a_reason_appear_exactly(tmp_path):
    tricky = 'A&B <c> >d "引号" \'单\' 😀 {{ 不是变量 }} %}'
    source = edited_example(tmp_path, (REASON_LINE, f"    主要原因: {yaml_quoted(tricky + chr(10) + '第二行')}"))
    result = drafting.draft(source, tmp_path / "out.docx")
    assert not result.errors
    text = "\n".join(paragraphs(result.out_path))
    assert f"主要原因：{tricky}\n第二行。" in text  # the line break is a real break (w:br)
    assert "{{" in text and "不是变量" in text


def test_vertical_tab_from_excel_is_removed_and_noted(tmp_path):
    source = edited_example(tmp_path, (REASON_LINE, r'    主要原因: "土地款\v和人武部经费"'))
    result = drafting.draft(source, tmp_path / "out.docx")
    assert not result.errors
    with zipfile.ZipFile(result.out_path) as package:
        assert package.testzip() is None
        assert "\x0b" not in package.read("word/document.xml").decode("utf-8")
    assert "主要原因：土地款和人武部经费。" in "\n".join(paragraphs(result.out_path))
    notes = [f for f in result.findings if f.rule == "INP-01"]
    assert len(notes) == 1 and notes[0].field == "收入.合计.主要原因" and "控制字符" in notes[0].message
    assert notes[0].line == 49


def test_render_strips_forbidden_characters_whatever_their_source(tmp_path, book):
    context = build_context(drafting.sources.load_budget(EXAMPLE).budget, book)
    context["unit_name"] = "区政府\x0b办公室\x07"
    out = render.render_docx(drafting.DEFAULT_TEMPLATE, context, tmp_path / "out.docx")
    assert paragraphs(out)[0] == "区政府办公室2023年部门预算"


def test_a_missing_input_value_names_file_line_and_field(tmp_path):
    source = edited_example(tmp_path, (r"^    本年: 14\.1$", "    本年:"))
    with pytest.raises(InputError) as caught:
        drafting.draft(source, tmp_path / "out.docx")
    assert [str(p) for p in caught.value.problems] == [
        f"{source} 第79行 三公经费.合计.本年：没有填写，请填上。（没有就填 0）"
    ]
    assert not (tmp_path / "out.docx").exists()


def test_a_template_variable_the_code_does_not_provide_is_named(tmp_path):
    template = tmp_path / "模板.docx"
    document = Document(str(drafting.DEFAULT_TEMPLATE))
    document.add_paragraph("{{ unit_nmae }}的补充说明")
    document.save(str(template))
    with pytest.raises(TemplateError, match="unit_nmae"):
        drafting.draft(EXAMPLE, tmp_path / "out.docx", template)
    assert list(tmp_path.iterdir()) == [template]


def test_a_broken_tag_is_reported_with_the_text_around_it(tmp_path):
    template = tmp_path / "模板.docx"
    document = Document(str(drafting.DEFAULT_TEMPLATE))
    document.add_paragraph("合计为{{ income_total }")
    document.save(str(template))
    with pytest.raises(TemplateError, match="写错的标签") as caught:
        drafting.draft(EXAMPLE, tmp_path / "out.docx", template)
    assert "出错的段落：“合计为{{ income_total }”" in str(caught.value)


def test_a_file_that_is_not_a_docx_is_a_template_error(tmp_path):
    template = tmp_path / "模板.docx"
    template.write_text("这不是 Word 文档", encoding="utf-8")
    with pytest.raises(TemplateError, match="不是可用的 Word 文档"):
        drafting.draft(EXAMPLE, tmp_path / "out.docx", template)


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupted"])
def test_a_failure_while_writing_keeps_the_good_draft_and_leaves_no_debris(tmp_path, monkeypatch, failure):
    out = tmp_path / "区政府办公室.docx"
    drafting.draft(EXAMPLE, out)
    good = out.read_bytes()

    def fail_after_half(descriptor):  # the bytes are in the temporary file; the disk now fails
        raise failure

    monkeypatch.setattr(files.os, "fsync", fail_after_half)
    with pytest.raises((type(failure), OutputError)):
        drafting.draft(EXAMPLE, out)
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def yaml_quoted(text: str) -> str:
    """Return *text* as a YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def test_written_draft_is_readable_by_others(tmp_path):
    out = drafting.draft(EXAMPLE, tmp_path / "a" / "b.docx").out_path
    assert out.stat().st_mode & 0o044  # not the 0600 of a temporary file
    assert isinstance(out, Path)


def test_control_characters_pasted_into_the_file_are_removed_and_noted(tmp_path):
    source = edited_example(tmp_path, (REASON_LINE, "    主要原因: 土地款\x0b和人武部经费"))
    result = drafting.draft(source, tmp_path / "out.docx")
    assert not result.errors
    assert "主要原因：土地款和人武部经费。" in "\n".join(paragraphs(result.out_path))
    notes = [f for f in result.findings if f.rule == "INP-01"]
    assert [(n.line, "控制字符" in n.message) for n in notes] == [(49, True)]
