"""Comparing drafts and inputs as reviewers do: 2022 → 2023, hand-edited drafts, tracked changes, bad files."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from docx import Document

from generator import drafting
from generator.cli import main
from generator.diff import compare
from generator.diff.review import review
from generator.diff.tokens import compare_tokens, tokenize
from generator.diff.tracked import resolved_paragraphs, tracked_docx
from generator.errors import InputError
from helpers import EXAMPLE, ROOT, paragraphs

LAST_YEAR = ROOT / "inputs" / "2022" / "区政府办公室.yaml"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, bytes]:
    """Return the 2022 and 2023 drafts as bytes."""
    folder = tmp_path_factory.mktemp("drafts")
    out = {}
    for year, source in (("2022", LAST_YEAR), ("2023", EXAMPLE)):
        out[year] = drafting.draft(source, folder / f"{year}.docx").out_path.read_bytes()
    return out


def texts(docx: bytes) -> list[str]:
    """Return every body paragraph's text, empty ones included: accept/reject must give the same paragraphs."""
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def edited(docx: bytes, edit) -> bytes:
    """Return a draft changed by *edit* (a function of a python-docx Document), as Word would save it."""
    document = Document(io.BytesIO(docx))
    edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_numbers_are_whole_tokens_and_chinese_goes_by_characters():
    segments = compare_tokens(tokenize("收入1234.56万元，增长5%"), tokenize("收入1334.56万元，增长5%"))
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "收入"), ("delete", "1234.56万元"), ("insert", "1334.56万元"), ("equal", "，增长5%")]
    segments = compare_tokens(tokenize("协调推进全区普惠金融工作。"), tokenize("协调推进全区普惠金融和数字人民币工作。"))
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "协调推进全区普惠金融"), ("insert", "和数字人民币"), ("equal", "工作。")]


def test_2022_to_2023_from_inputs(capsys):
    result = review(LAST_YEAR, EXAMPLE, drafting.DEFAULT_TEMPLATE, ignore_year_shift=True)
    lines = result.lines
    assert lines[1] == "（已把旧稿的 2021、2022 年按新稿年度平移，年份变化不算改动）"
    assert "共 12 处改动，涉及 10 个部分：" in lines
    assert "  七、一般公共预算“三公”经费支出预算情况说明：改动2段" in lines
    assert "  （二）政府采购支出情况：新增1段，删除1段" in lines
    assert "  （一）机关运行经费支出情况：15.5万元 → 448万元" in lines
    assert "上年数核对：新稿所说的上年数与旧稿一致。" in lines
    assert "  收入.合计：422.2万元 → 1909.62万元（+1487.42万元）" in lines
    assert "  三公经费.合计：14.1万元 → 14.1万元（原因有改动）" in lines
    assert not any("2022年 →" in line or "→ 2023年" in line for line in lines)  # the year shift is no change


def test_without_year_shift_the_years_are_changes(drafts):
    comparison = compare("2022", drafts["2022"], "2023", drafts["2023"])
    title = comparison.changes[0]
    assert title.op == "changed" and [(s.op, s.text) for s in title.segments if s.op != "equal"] == [
        ("delete", "2022年"), ("insert", "2023年")]


@pytest.mark.parametrize("shift", [False, True])
def test_tracked_changes_accept_all_gives_new_and_reject_all_gives_old(drafts, shift):
    result_docx = tracked_docx(compare("2022", drafts["2022"], "2023", drafts["2023"]))
    assert resolved_paragraphs(result_docx, accept=True) == texts(drafts["2023"])
    assert resolved_paragraphs(result_docx, accept=False) == texts(drafts["2022"])
    document = zipfile.ZipFile(io.BytesIO(result_docx)).read("word/document.xml").decode("utf-8")
    assert 'w:author="比对"' in document and 'w:date="2000-01-01T00:00:00Z"' in document
    assert document.count("<w:ins ") > 10 and document.count("<w:del ") > 10
    if shift:  # the review's tracked .docx keeps every change even when the summary ignores years
        tracked = review(LAST_YEAR, EXAMPLE, drafting.DEFAULT_TEMPLATE, ignore_year_shift=True).tracked_docx()
        assert resolved_paragraphs(tracked, accept=False) == texts(drafts["2022"])


def insert_after(document, start: str, text: str) -> None:
    anchor = next(p for p in document.paragraphs if p.text.startswith(start))
    new = anchor.insert_paragraph_before(text)
    anchor._p.addnext(new._p)


def test_a_paragraph_added_by_hand_shifts_nothing(drafts):
    new = edited(drafts["2023"], lambda d: insert_after(d, "（一）因公出国", "（补充）出访计划已报区外事办备案。"))
    comparison = compare("v1", drafts["2023"], "v2", new)
    assert [(c.op, c.section, c.new.text) for c in comparison.edits] == [
        ("added", "七、一般公共预算“三公”经费支出预算情况说明", "（补充）出访计划已报区外事办备案。")]
    tracked = tracked_docx(comparison)
    assert resolved_paragraphs(tracked, True) == texts(new) and resolved_paragraphs(tracked, False) == texts(drafts["2023"])


def test_a_paragraph_removed_by_hand(drafts):
    def remove(document):
        gone = next(p for p in document.paragraphs if p.text.startswith("具体支出情况如下"))
        gone._p.getparent().remove(gone._p)

    new = edited(drafts["2023"], remove)
    comparison = compare("v1", drafts["2023"], "v2", new)
    assert [(c.op, c.old.text) for c in comparison.edits] == [("removed", "具体支出情况如下：")]
    tracked = tracked_docx(comparison)
    assert resolved_paragraphs(tracked, True) == texts(new) and resolved_paragraphs(tracked, False) == texts(drafts["2023"])


def with_table(docx: bytes, cell_text: str) -> bytes:
    def add(document):
        table = document.add_table(rows=2, cols=2)
        for row, (name, amount) in enumerate((("项目", "金额（万元）"), ("公务接待费", cell_text))):
            table.cell(row, 0).text, table.cell(row, 1).text = name, amount

    return edited(docx, add)


def test_a_table_cell_edited_by_hand(drafts):
    old, new = with_table(drafts["2023"], "5"), with_table(drafts["2023"], "4.5")
    comparison = compare("v1", old, "v2", new)
    [change] = comparison.edits
    assert change.op == "changed" and change.new.in_table
    assert [(s.op, s.text) for s in change.segments] == [("delete", "5"), ("insert", "4.5")]
    tracked = tracked_docx(comparison)
    assert resolved_paragraphs(tracked, True)[-2:] == ["公务接待费", "4.5"]
    assert resolved_paragraphs(tracked, False)[-2:] == ["公务接待费", "5"]


def test_consistency_report_finds_a_last_year_figure_that_does_not_match(drafts, tmp_path):
    def restate(document):
        paragraph = next(p for p in document.paragraphs if p.text.startswith("我单位2023年“三公”经费预算为"))
        paragraph.runs[0].text = paragraph.text.replace("与2022年持平", "比2022年增加1万元，增长7.63%")

    old, new = tmp_path / "2022.docx", tmp_path / "2023.docx"
    old.write_bytes(drafts["2022"])
    new.write_bytes(edited(drafts["2023"], restate))
    lines = review(old, new, drafting.DEFAULT_TEMPLATE, ignore_year_shift=True).lines
    assert "上年数核对：1 处不一致：" in lines
    assert any(line.startswith("  “三公”经费：新稿说上年为13.1，旧稿公布为14.1") for line in lines)


def test_cli_writes_a_self_contained_html_and_a_docx(tmp_path, capsys):
    html, docx = tmp_path / "比对.html", tmp_path / "比对.docx"
    code = main(["diff", str(LAST_YEAR), str(EXAMPLE), "--ignore-year-shift", "--html", str(html), "--docx", str(docx)])
    out = capsys.readouterr().out
    assert code == 0 and f"已保存：{html}" in out and f"已保存：{docx}" in out
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "http" not in page and "<script" not in page and "src=" not in page  # nothing loaded from outside
    assert page.count('<li><a href="#c') == 12 and 'id="c12"' in page
    assert "<del>15.5万元</del>" in page and "<ins>448万元</ins>" in page
    assert "@media print" in page
    assert paragraphs(docx)  # opens as a Word document


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                  + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((c,) + (c - 1,) * 10)
                             for c in range(ord("b"), ord("k")))
                  + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>")


@pytest.mark.parametrize("content, message", [
    (b"just text", "不是可用的 Word 文档（.docx）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "文件已加密"),
    (zip_of({"word/document.xml": b"\0" * (20 * 1024 * 1024)}), "压缩炸弹"),
    (zip_of({"other.xml": b"<x/>"}), "没有 Word 正文"),
    (zip_of({"word/document.xml": b"<w:document"}), "Word 正文已损坏"),
], ids=["not-a-docx", "encrypted", "zip-bomb", "no-document", "broken-xml"])
def test_bad_files_get_a_clear_message(tmp_path, drafts, content, message):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(content)
    good = tmp_path / "好.docx"
    good.write_bytes(drafts["2023"])
    with pytest.raises(InputError) as caught:
        review(bad, good, drafting.DEFAULT_TEMPLATE)
    [problem] = caught.value.problems
    assert problem.file == str(bad) and message in problem.message


def test_a_huge_file_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    from generator import docx_package as package

    monkeypatch.setattr(package, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match="远超一份预算说明的大小"):
        package.open_package("大.docx", b"PK" + b"\0" * 2000)


def test_entities_are_not_expanded(tmp_path):
    start = time.perf_counter()
    try:
        comparison = compare("a", zip_of({"word/document.xml": BILLION_LAUGHS}), "b",
                             zip_of({"word/document.xml": BILLION_LAUGHS}))
        assert all(len(b.text) < 100 for b in comparison.new_blocks)
    except InputError as refused:  # refusing the file is as good as not expanding it
        assert "损坏" in str(refused)
    assert time.perf_counter() - start < 5


def test_diff_of_a_missing_file(capsys, tmp_path):
    code = main(["diff", str(tmp_path / "无.docx"), str(EXAMPLE)])
    assert code == 1 and "找不到这个文件" in capsys.readouterr().err


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_tracked_docx(drafts, tmp_path):
    import subprocess

    tracked = tmp_path / "比对.docx"
    tracked.write_bytes(tracked_docx(compare("2022", drafts["2022"], "2023", drafts["2023"])))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tracked)],
                   check=True, capture_output=True, timeout=180)
    assert (tmp_path / "比对.pdf").stat().st_size > 10_000
