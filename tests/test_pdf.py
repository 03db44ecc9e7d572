"""The draft as LibreOffice prints it: the PDF's pages read back (poppler's pdftotext, pypdf for fonts).

These run where LibreOffice, poppler-utils and the open CJK fonts are installed (.ci/run
installs them) and skip with the reason otherwise.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from docx import Document
from pypdf import PdfReader

from generator import drafting
from generator.publish import BESIDE, Request
from generator.publish.fonts import font_style, text_runs
from helpers import EXAMPLE, GOLDEN

MISSING = [name for name, found in (("LibreOffice (soffice)", shutil.which("soffice")),
                                    ("poppler-utils (pdftotext)", shutil.which("pdftotext")),
                                    ("fontconfig (fc-list)", shutil.which("fc-list"))) if not found]
if not MISSING:
    FAMILIES = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    MISSING = [name for name in ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN") if name not in FAMILIES]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)} "
                                "(apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai)")

PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
UNIT_ALONE = re.compile(r"^(万?元|%)[。，；、）]?$")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Return the example's draft, its PDF's path and the draft's findings (made once)."""
    out = tmp_path_factory.mktemp("pdf") / "区政府办公室.docx"
    result = drafting.draft(EXAMPLE, out, publish=Request(tables_docx=BESIDE, pdf=BESIDE))
    assert result.written == [out, out.with_name("区政府办公室公开表.docx"), out.with_suffix(".pdf"),
                              out.with_name("区政府办公室公开表.pdf")]
    return out, out.with_suffix(".pdf"), result.findings


def page_lines(pdf) -> list[list[str]]:
    """Return each page's lines of text (layout kept, blank lines and the page number dropped)."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages if page.strip()]
    return [[line for line in page if not PAGE_NUMBER.match(line.replace(" ", ""))] for page in lines]


def squeezed(text: str) -> str:
    """Return *text* without white space (pdftotext spaces out digits and Latin)."""
    return re.sub(r"\s+", "", text)


def width(line: str) -> float:
    """Return a line's width in body characters: a CJK character 1, a digit or Latin letter 1/2."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in squeezed(line))


def test_every_paragraph_of_the_golden_text_is_on_the_pages_in_order(printed):
    _, pdf, _ = printed
    text = squeezed("".join("".join(page) for page in page_lines(pdf)))
    at = 0
    for number, paragraph in enumerate(GOLDEN.joinpath("expected-2023-区政府办公室.txt").read_text(
            encoding="utf-8").splitlines(), start=1):
        found = text.find(squeezed(paragraph), at)
        assert found >= 0, f"paragraph {number} is not printed whole after paragraph {number - 1}: {paragraph[:30]}"
        at = found + len(squeezed(paragraph))
    assert text.count("、") == GOLDEN.joinpath("expected-2023-区政府办公室.txt").read_text(encoding="utf-8").count("、")


def test_pages_are_a4(printed):
    _, pdf, _ = printed
    for page in PdfReader(str(pdf)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_full_body_pages_hold_22_lines_of_at_most_28_characters(printed):
    """A page is full unless the next begins with a heading, which keeps with the text below it."""
    draft, pdf, _ = printed
    headings = [p.text for p in Document(str(draft)).paragraphs if p.style.name.startswith(("Heading", "Title"))]
    pages = page_lines(pdf)
    full = [n for n in range(1, len(pages) - 1)  # the title page and the last page are not full
            if not any(squeezed(pages[n + 1][0]).startswith(squeezed(h)) for h in headings)]
    assert len(full) >= 4
    for n in full:
        assert len(pages[n]) == 22, f"page {n + 1}: {len(pages[n])} lines"
    for number, page in enumerate(pages, start=1):
        for line in page:
            assert width(line) <= 28, f"page {number}: {line}"  # a hung mark would make 28.5 or 29


def test_no_stretched_line_and_no_unit_at_a_line_start(printed):
    _, pdf, _ = printed
    for page in page_lines(pdf):
        for line in page:
            # pdftotext writes a justified, stretched line as "区 政 府 办 公 室 …".
            assert not re.search(r"(\S ){6,}", line), line
            assert not UNIT_ALONE.match(squeezed(line)), line
    assert_no_unit_at_a_line_start(page_lines(pdf))


def assert_no_unit_at_a_line_start(pages: list[list[str]]) -> None:
    """Assert the template's 禁则 hold: 元 never starts a line, nor 万 after a CJK character.

    ("1487.42万 / 元，增长…"). LibreOffice applies 禁则 between CJK characters only: after a
    number at a line end ("1260.5 / 万元") the unit can still start the next line.
    """
    lines = [line for page in pages for line in page]
    for before, line in zip([""] + lines, lines):
        assert not squeezed(line).startswith("元"), line
        if squeezed(line).startswith("万"):
            assert re.search(r"\d$", squeezed(before)), (before, line)


def test_list_numbering_has_one_style_per_kind(printed):
    draft, _, _ = printed
    texts = [p.text for p in Document(str(draft)).paragraphs]
    items = [t for t in texts if re.match(r"^\d+[.、．]", t) and not re.search(r"；\d+、", t)]
    inline = [t for t in texts if re.search(r"；\d+、", t)]
    assert items and all(re.match(r"^\d+\.", t) for t in items)             # 1.区政府机关 …
    assert inline and all(not re.search(r"\d+[.．](?!\d)", t) for t in inline)  # 1、秘书股；2、…


def test_body_title_and_headings_are_set_in_the_mapped_serif_kai_and_sans_faces(printed):
    _, pdf, _ = printed
    runs = text_runs(pdf.read_bytes())

    def faces(text: str) -> set[str]:
        return {r.font for r in runs if text in r.text}

    title, part, heading, subheading = (faces("年部门预算"), faces("第一部分"), faces("一、收入支出预算总体情况说明"),
                                        faces("（一）机关运行经费支出情况"))
    body = faces("主要用于以下方面")
    assert {font_style(f) for f in title | body} == {"serif"}, title | body
    assert {font_style(f) for f in part | heading} == {"sans"}, part | heading
    assert {font_style(f) for f in subheading} == {"kai"}, subheading
    assert all(f.startswith("NotoSerifCJK") for f in title | body)
    assert all(f.startswith("NotoSansCJK") for f in part | heading)
    assert all(f.startswith("UKai") for f in subheading)


def test_each_substitution_is_told_as_a_note_and_body_text_is_never_sans(printed):
    _, pdf, findings = printed
    fonts = [f for f in findings if f.rule.startswith("PDF-")]
    assert [(f.rule, f.severity, f.message) for f in fonts] == [
        ("PDF-01", "提示", f"本机没有{official}，PDF 中用 {face}（{style}）代替；正式公开前可在装有该字体的电脑上转换。")
        for official, face, style in (("仿宋_GB2312", "Noto Serif CJK", "宋体类（衬线）"),
                                      ("方正小标宋简体", "Noto Serif CJK", "宋体类（衬线）"),
                                      ("宋体", "Noto Serif CJK", "宋体类（衬线）"),
                                      ("楷体_GB2312", "AR PL UKai CN", "楷体类"),
                                      ("黑体", "Noto Sans CJK", "黑体类（无衬线）"))]
    assert all(f.file == str(pdf) for f in fonts)


def test_the_tables_pdf_has_a_page_per_table_landscape_where_wide(printed):
    draft, _, _ = printed
    pages = PdfReader(str(draft.with_name("区政府办公室公开表.pdf"))).pages
    shapes = ["landscape" if float(p.mediabox.width) > float(p.mediabox.height) else "portrait" for p in pages]
    assert shapes == ["portrait", "landscape", "landscape", "landscape", "portrait", "portrait", "landscape",
                      "portrait", "portrait"]


def test_two_conversions_at_once_each_with_its_own_profile(printed):
    """Each run has its own LibreOffice profile: side by side they neither wait on nor break each other."""
    from concurrent.futures import ThreadPoolExecutor

    from generator.publish.pdf import convert

    draft, _, _ = printed
    data = draft.with_name("区政府办公室公开表.docx").read_bytes()
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda name: convert({name: data}), ["甲", "乙"]))
    assert [len(PdfReader(io.BytesIO(r[n])).pages) for r, n in zip(results, ["甲", "乙"])] == [9, 9]


EXAMPLES = {"a-事业单位": "a-事业单位.txt", "b-收支下降": "b-收支下降.txt", "c-基金采购专项": "c-基金采购专项.txt"}


@pytest.fixture(scope="module")
def examples_printed(tmp_path_factory):
    """Return each reviewed example's draft (bytes) and PDF (path), printed by one LibreOffice run."""
    from generator.publish.pdf import convert

    folder = tmp_path_factory.mktemp("examples")
    drafts = {name: drafting.draft_bytes(EXAMPLE.parents[2] / "examples" / "2023" / f"{name}.yaml")[1]
              for name in EXAMPLES}
    printed = {}
    for name, pdf in convert(drafts).items():
        (folder / f"{name}.pdf").write_bytes(pdf)
        printed[name] = (drafts[name], folder / f"{name}.pdf")
    return printed


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_reviewed_examples_print_whole_and_keep_their_shape(examples_printed, name):
    draft, pdf = examples_printed[name]
    pages = page_lines(pdf)
    text = squeezed("".join("".join(page) for page in pages))
    at = 0
    for paragraph in GOLDEN.joinpath("examples", EXAMPLES[name]).read_text(encoding="utf-8").splitlines():
        found = text.find(squeezed(paragraph), at)
        assert found >= 0, paragraph[:30]
        at = found + len(squeezed(paragraph))
    headings = [p.text for p in Document(io.BytesIO(draft)).paragraphs if p.style.name.startswith(("Heading", "Title"))]
    for n in range(1, len(pages) - 1):
        if not any(squeezed(pages[n + 1][0]).startswith(squeezed(h)) for h in headings):
            assert len(pages[n]) == 22, f"page {n + 1}"
    for line in (line for page in pages for line in page):
        assert width(line) <= 28 and not re.search(r"(\S ){6,}", line), line
    assert_no_unit_at_a_line_start(pages)
