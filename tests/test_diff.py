"""Comparing drafts and inputs as reviewers do: 2022 → 2023, hand-edited drafts, tracked changes, bad files."""

from __future__ import annotations

import io
import re
import signal
import time
import zipfile
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from docx import Document

from generator import drafting
from generator.cli import main
from generator.compare import compare
from generator.compare.review import review
from generator.compare.html import render_html
from generator.compare.report import describe
from generator.compare.tokens import compare_tokens, tokenize
from generator.compare.tracked import resolved_paragraphs, tracked_docx
from generator.errors import InputError
from long_drafts import docx_of, numbered_with_edits
from helpers import EXAMPLE, ROOT, paragraphs

LAST_YEAR = ROOT / "inputs" / "2022" / "区政府办公室.yaml"
WHEN = datetime(2024, 3, 5, 9, 30, 15, tzinfo=timezone.utc)


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
    result_docx = tracked_docx(compare("2022", drafts["2022"], "2023", drafts["2023"]), WHEN)
    assert resolved_paragraphs(result_docx, accept=True) == texts(drafts["2023"])
    assert resolved_paragraphs(result_docx, accept=False) == texts(drafts["2022"])
    document = zipfile.ZipFile(io.BytesIO(result_docx)).read("word/document.xml").decode("utf-8")
    assert 'w:author="比对"' in document and 'w:date="2024-03-05T09:30:15Z"' in document
    assert "2000-01-01" not in document
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


# -- review fixes (issue 14, item 2) -----------------------------------------------------------

def test_one_draft_against_itself_has_no_last_year_check(drafts, tmp_path):
    """Same year on both sides: NEW's 上年 figures are not OLD's 本年 ones, so nothing is compared."""
    draft = tmp_path / "2023.docx"
    draft.write_bytes(drafts["2023"])
    lines = review(draft, draft, drafting.DEFAULT_TEMPLATE).lines
    assert lines[1:] == ["两稿正文没有差别。", "上年数核对：两稿都是2023年（同一年度的两个版本），不核对上年数。"]
    page = review(EXAMPLE, EXAMPLE, drafting.DEFAULT_TEMPLATE).html
    assert "<p>两稿都是2023年（同一年度的两个版本），不核对上年数。</p>" in page


def test_drafts_years_apart_are_not_checked_against_each_other(drafts, tmp_path):
    old, new = tmp_path / "2022.docx", tmp_path / "2023.docx"
    old.write_bytes(drafts["2023"])
    new.write_bytes(drafts["2022"])
    lines = review(old, new, drafting.DEFAULT_TEMPLATE).lines
    assert "上年数核对：旧稿是2023年、新稿是2022年，不是相邻两个年度，不核对上年数。" in lines


def test_the_field_table_gives_reasons_room_highlights_changes_and_folds_the_rest():
    page = review(LAST_YEAR, EXAMPLE, drafting.DEFAULT_TEMPLATE, ignore_year_shift=True).html
    fields = page[page.index("<h2>逐项数字（输入文件）</h2>"):page.index("<h2>逐段对照</h2>")]
    assert "<p>55 项中 27 项有变化。</p>" in fields
    assert 'table.fields col.reasons{width:40%}' in page and "table.fields{table-layout:fixed}" in page
    assert "table.sides td{width:50%}" in page and "}td{width:50%}" not in page
    changed_table, folded = fields.split("<details>")
    assert changed_table.count('<tr class="changed">') == 27 and '<tr class="same">' not in changed_table
    assert folded.startswith("<summary>未变的 28 项（点击展开）</summary>")
    assert folded.count('<tr class="same">') == 28 and "<script" not in page
    assert ('<tr class="changed"><td>收入.合计</td><td>422.2万元</td><td>1909.62万元</td><td>+1487.42万元</td>'
            "<td>按调资政策增加人员经费，新增政务服务热线运行经费／2022年土地款和人武部工作经费等未在本单位预算中列支</td></tr>"
            ) in changed_table


def test_with_the_year_shift_the_old_column_keeps_the_old_years():
    page = review(LAST_YEAR, EXAMPLE, drafting.DEFAULT_TEMPLATE, ignore_year_shift=True).html
    sides = page[page.index("<h2>逐段对照</h2>"):]
    assert '<tr class="equal"><td>区政府办公室2022年部门预算</td><td>区政府办公室2023年部门预算</td></tr>' in sides
    assert "<td>区政府办公室2022年度部门预算情况说明</td><td>区政府办公室2023年度部门预算情况说明</td>" in sides


def test_change_list_items_read_as_sentences():
    old = docx_of(["（三）公务接待费5万元。预算数比2022年减少1.2万元，下降19.35%，主要原因：压减开支。", "机关运行经费15.5万元。",
                   "（补充）旧的说明。"])
    new = docx_of(["（三）公务接待费5万元。预算数与2022年持平。", "机关运行经费448万元。"])
    comparison = compare("旧", old, "新", new)
    page = render_html(comparison)
    assert [describe(c) for c in comparison.edits] == [
        "“预算数比2022年减少1.2万元，下降19.35%，主要原因…”改为“预算数与2022年持平。”。",
        "15.5万元改为448万元。",
        "删除一段：“（补充）旧的说明。”。",
    ]
    assert '<li><a href="#c2">开头：15.5万元改为448万元。</a></li>' in page


def test_a_change_never_spans_a_sentence_end():
    old = "2022年，我单位共组织对18个项目进行了预算绩效评价，涉及资金150.2万元。2022年，我单位拟组织对21个项目。"
    new = "2022年，我单位共组织对21个项目进行了预算绩效评价，涉及资金174.34万元。2023年，我单位拟组织对26个项目。"
    segments = compare_tokens(tokenize(old), tokenize(new))
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [
        ("delete", "18个"), ("insert", "21个"), ("delete", "150.2万元"), ("insert", "174.34万元"),
        ("delete", "2022年"), ("insert", "2023年"), ("delete", "21个"), ("insert", "26个")]


def test_tracked_revisions_are_dated_at_the_comparison(drafts):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    document = zipfile.ZipFile(io.BytesIO(tracked_docx(compare("2022", drafts["2022"], "2023", drafts["2023"])))).read(
        "word/document.xml").decode("utf-8")
    after = datetime.now(timezone.utc)
    dates = set(re.findall(r'w:date="([^"]+)"', document))
    assert len(dates) == 1
    stamped = datetime.strptime(dates.pop(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert before <= stamped <= after


# -- growth (issue 10, item 5): exact change counts, within a generous bound --------------------

@contextmanager
def at_most(seconds: int):
    """Fail the test if its body runs longer than *seconds* (a bound against quadratic blow-up, not a timing)."""
    def expired(*_):
        raise AssertionError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


DUTY = "协助区政府领导开展重大决策调研，为决策提供参考意见或可供选择的方案，为上级政府领导提供政务信息服务。"


def test_one_long_paragraph_with_one_word_changed():
    text = (DUTY * 400)[:20_000]
    edited_text = text[:10_000] + "数字人民币" + text[10_005:]
    with at_most(60):
        comparison = compare("旧", docx_of([text]), "新", docx_of([edited_text]))
    [change] = comparison.edits
    assert [(s.op, s.text) for s in change.segments if s.op != "equal"] == [
        ("delete", text[10_000:10_005]), ("insert", "数字人民币")]


def test_ten_thousand_paragraphs_with_99_edits_give_99_changes():
    old, new, edits = numbered_with_edits([DUTY])
    assert edits == 99
    with at_most(120):
        comparison = compare("旧", docx_of(old), "新", docx_of(new))
    ops = [c.op for c in comparison.edits]
    assert (ops.count("changed"), ops.count("added"), ops.count("removed")) == (66, 33, 0)


def test_paragraphs_that_differ_only_in_figures_stay_aligned():
    """Rows alike but for their figures: one inserted row is one change, not a shift of every row below."""
    rows = [f"项目{i}：预算{i * 3}.5万元，占{i}%。" for i in range(1, 41)]
    comparison = compare("旧", docx_of(rows), "新", docx_of(rows[:5] + ["项目99：预算1.5万元，占1%。"] + rows[5:]))
    assert [(c.op, c.new.text) for c in comparison.edits] == [("added", "项目99：预算1.5万元，占1%。")]
