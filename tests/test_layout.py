"""The draft's layout read back from the generated file: GB/T 9704-2012 公文 format."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM_PER_PT = 25.4 / 72


@pytest.fixture(scope="module")
def doc(example_draft):
    return Document(str(example_draft))


def fonts_of(style_element) -> dict[str, str]:
    """Return the w:rFonts attributes (ascii, eastAsia …) of a style element."""
    fonts = style_element.find(f"{W}rPr/{W}rFonts")
    return {} if fonts is None else {k.replace(W, ""): v for k, v in fonts.attrib.items()}


def test_page_is_a4_with_the_official_margins(doc):
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm, 1) == 37.0
    assert round(section.bottom_margin.mm, 1) == 35.0
    assert round(section.left_margin.mm, 1) == 28.0
    assert round(section.right_margin.mm, 1) == 26.0


def test_page_holds_22_lines_of_28_characters(doc):
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    line_pitch_mm = int(grid.get(qn("w:linePitch"))) / 20 * MM_PER_PT
    assert int(225 // line_pitch_mm) == 22  # 版心高 225 mm
    normal = doc.styles["Normal"]
    assert normal.paragraph_format.line_spacing.pt * MM_PER_PT == pytest.approx(line_pitch_mm)
    condense_pt = int(normal.element.find(f"{W}rPr/{W}spacing").get(qn("w:val"))) / 20
    char_pitch_mm = (16 + condense_pt) * MM_PER_PT
    assert int(156 // char_pitch_mm) == 28  # 版心宽 156 mm


@pytest.mark.parametrize("style, font, size_pt, align", [
    ("Normal", "仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.LEFT),  # flush left: no stretched lines before a long number
    ("Title", "方正小标宋简体", 22, WD_ALIGN_PARAGRAPH.CENTER),
    ("Heading 1", "黑体", 16, WD_ALIGN_PARAGRAPH.CENTER),
    ("Heading 2", "黑体", 16, WD_ALIGN_PARAGRAPH.JUSTIFY),
    ("Heading 3", "楷体_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY),
])
def test_styles_name_latin_and_east_asian_fonts_and_sizes(doc, style, font, size_pt, align):
    s = doc.styles[style]
    assert fonts_of(s.element) == {"ascii": font, "hAnsi": font, "eastAsia": font, "cs": font}
    assert s.font.size.pt == size_pt
    assert s.paragraph_format.alignment == align
    assert s.font.bold is False and s.font.color.rgb == (0, 0, 0)


def test_every_style_with_fonts_names_an_east_asian_font_and_no_theme_font(doc):
    for element in doc.styles.element.iterchildren(qn("w:style")):
        for fonts in element.iter(qn("w:rFonts")):
            names = {k.replace(W, "") for k in fonts.attrib}
            assert "eastAsia" in names, element.get(qn("w:styleId"))
            assert not any("theme" in n.lower() for n in names), element.get(qn("w:styleId"))
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(qn("w:eastAsia")) == "仿宋_GB2312"


@pytest.mark.parametrize("style, chars", [("Normal", 2), ("Heading 2", 2), ("Heading 3", 2), ("Title", 0), ("Heading 1", 0)])
def test_first_line_indent_in_characters(doc, style, chars):
    ind = doc.styles[style].element.find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:firstLineChars")) == str(100 * chars)
    assert doc.styles[style].paragraph_format.first_line_indent.pt == 16 * chars


def test_paragraphs_carry_the_styles_of_their_level(doc):
    by_text = {p.text: p.style.name for p in doc.paragraphs}
    assert by_text["区政府办公室2023年部门预算"] == "Title"
    assert by_text["第二部分"] == "Heading 1"
    assert by_text["一、收入支出预算总体情况说明"] == "Heading 2"
    assert by_text["（一）机关运行经费支出情况"] == "Heading 3"
    body = [p for p in doc.paragraphs if p.text.startswith("区政府办公室2023年收入合计")]
    assert body and body[0].style.name == "Normal"
    # No direct run formatting in the body: the styles alone decide the look, so staff can restyle.
    assert all(r._element.rPr is None for p in doc.paragraphs for r in p.runs)


def page_number_footer(footer) -> tuple[str, object]:
    """Return the footer's visible text with the PAGE field shown as N, and its paragraph."""
    paragraph = footer.paragraphs[0]
    parts = []
    for run in paragraph._element.iter(qn("w:r")):
        if run.find(qn("w:instrText")) is not None:
            parts.append("{" + run.find(qn("w:instrText")).text.strip() + "}")
        text = run.find(qn("w:t"))
        if text is not None:
            parts.append(text.text)
    return "".join(parts), paragraph


def test_page_numbers_odd_right_even_left_in_4hao_songti(doc):
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        text, paragraph = page_number_footer(footer)
        assert text == "— {PAGE}1 —"
        assert paragraph.paragraph_format.alignment == align
        assert getattr(paragraph.paragraph_format, side).pt == 14  # 空一字
        for run in paragraph.runs:
            assert run.font.size.pt == 14
            assert fonts_of(run._element)["eastAsia"] == "宋体"


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
def test_libreoffice_opens_the_draft_with_22_lines_of_28_characters(example_draft, tmp_path):
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(example_draft)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (example_draft.stem + ".pdf")
    page_two = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
    lines = [line.strip() for line in page_two.splitlines() if line.strip()]
    assert lines[-1].replace(" ", "") == "—2—"  # the page number, as its own last line
    body = lines[:-1]
    assert len(body) == 22  # page two is all duties: a full page of body text
    assert max(len(line.replace(" ", "")) for line in body) == 28


def test_file_properties_name_the_document_and_date_the_draft(doc):
    props = doc.core_properties
    assert props.title == "区政府办公室2023年部门预算" and props.author == "区政府办公室"
    assert props.modified.year >= 2026 and props.last_modified_by == ""


def test_the_chinese_fonts_are_declared_with_family_charset_and_alternative_name(example_draft):
    import zipfile

    with zipfile.ZipFile(example_draft) as package:
        fonts = package.read("word/fontTable.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    declared = re.findall(r'<w:font w:name="([^"]+)"><w:altName w:val="([^"]+)"/><w:charset w:val="86"/>'
                          r'<w:family w:val="(\w+)"/>', fonts)
    assert declared == [("仿宋_GB2312", "仿宋", "roman"), ("方正小标宋简体", "方正小标宋_GBK", "roman"),
                        ("宋体", "SimSun", "roman"), ("楷体_GB2312", "楷体", "script"), ("黑体", "SimHei", "swiss")]
    assert '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' in settings
    assert re.search(r'<w:noLineBreaksBefore w:lang="zh-CN" w:val="[^"]*、。[^"]*万元"/>', settings)


def test_body_paragraphs_neither_hang_punctuation_nor_keep_widows(doc):
    ppr = doc.styles["Normal"].element.find(f"{W}pPr")
    settings = {child.tag.replace(W, ""): child.get(qn("w:val")) for child in ppr}
    assert settings["widowControl"] == "0"      # 22 lines on every full page
    assert settings["overflowPunct"] == "1"     # LibreOffice reads 1 as "no hanging": no lost 顿号
    assert settings["autoSpaceDE"] == settings["autoSpaceDN"] == "0"
    assert settings["kinsoku"] == "1"
