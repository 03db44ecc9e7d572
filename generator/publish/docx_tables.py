"""The 公开表 as Word tables in a companion …公开表.docx, in the draft template's 公文 layout.

The package is the template's own (styles, fonts, theme, page-number footers), with a new
body: per table a section (portrait, or landscape for wide tables) holding the title, the
编制单位 and units line, the table (header rows repeat on each page) and the 空表说明.
WordprocessingML is written directly, so no second owner of python-docx is needed.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from generator.errors import TemplateError
from generator.money import round_half_up
from generator.publish.tables import Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PORTRAIT = (11906, 16838)  # A4 in twips
# Margins (twips) of a table section: the template's for portrait; landscape keeps the
# 公文 binding edge on the left and leaves room for the page number at the foot.
LANDSCAPE_MARGINS = 'w:top="1587" w:right="1474" w:bottom="1701" w:left="1587" w:header="850" w:footer="1134" w:gutter="0"'
CELL_PPR = ('<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="280" w:lineRule="exact"/>'
            '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="{align}"/></w:pPr>')
CELL_RPR = '<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>{bold}<w:spacing w:val="0"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr>'


def tables_docx_bytes(tables: list[Table], unit_name: str, year: int, template: Path) -> bytes:
    """Return the companion .docx holding *tables*, built on the package of *template*."""
    try:
        with zipfile.ZipFile(template) as package:
            parts = {name: package.read(name) for name in package.namelist()}
    except (OSError, zipfile.BadZipFile):
        raise TemplateError(f"模板 {template} 不是有效的 Word 文档（.docx），无法生成公开表 Word 版。") from None
    document = parts["word/document.xml"].decode("utf-8")
    found = re.search(r"<w:sectPr[ >].*?</w:sectPr>", document, re.S)
    section = found.group() if found else f'<w:sectPr><w:pgSz w:w="{PORTRAIT[0]}" w:h="{PORTRAIT[1]}"/></w:sectPr>'
    opening = re.match(r".*?<w:body>", document, re.S)
    head = opening.group() if opening else f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
    body = []
    for index, table in enumerate(tables):
        last = index == len(tables) - 1
        body.append(table_xml(table, unit_name, page_width(section, table.landscape)))
        this_section = section_xml(section, table.landscape)
        # A section ends with the paragraph carrying its sectPr; the last one is the body's own.
        body.append(this_section if last else f"<w:p><w:pPr>{this_section}</w:pPr></w:p>")
    parts["word/document.xml"] = (head + "".join(body) + "</w:body></w:document>").encode("utf-8")
    parts["docProps/core.xml"] = core_xml(f"{unit_name}{year}年部门预算公开表", unit_name).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def section_xml(template_section: str, landscape: bool) -> str:
    """Return the template's section properties, turned landscape when asked, with no line grid."""
    section = re.sub(r"<w:docGrid[^>]*/>", '<w:docGrid w:type="default"/>', template_section)
    section = re.sub(r"\s+w:rsid\w*=\"[^\"]*\"", "", section)
    if landscape:
        section = re.sub(r"<w:pgSz[^>]*/>", f'<w:pgSz w:w="{PORTRAIT[1]}" w:h="{PORTRAIT[0]}" w:orient="landscape"/>', section)
        section = re.sub(r"<w:pgMar[^>]*/>", f"<w:pgMar {LANDSCAPE_MARGINS}/>", section)
    return section


def page_width(section: str, landscape: bool) -> int:
    """Return the text width in twips of a page of *section*, turned landscape when asked."""
    if landscape:
        left, right = (int(v) for v in re.findall(r'w:(?:left|right)="(\d+)"', LANDSCAPE_MARGINS))
        return PORTRAIT[1] - left - right
    size = re.search(r'<w:pgSz[^>]*w:w="(\d+)"', section)
    margins = dict(re.findall(r'w:(left|right)="(\d+)"', re.search(r"<w:pgMar[^>]*/>", section).group())) \
        if "<w:pgMar" in section else {"left": "1587", "right": "1474"}
    return int(size.group(1) if size else PORTRAIT[0]) - int(margins["left"]) - int(margins["right"])


def paragraph(text: str, style: str | None = None, align: str | None = None) -> str:
    """Return a paragraph of *text* in *style*."""
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + (f'<w:jc w:val="{align}"/>' if align else "")
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def table_xml(table: Table, unit_name: str, width: int) -> str:
    """Return the title, the units line, the table and its 空表说明 as WordprocessingML."""
    widths = column_widths(table, width)
    unit_line = (f'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:ind w:firstLine="0" w:firstLineChars="0"/>'
                 f'<w:tabs><w:tab w:val="right" w:pos="{width}"/></w:tabs></w:pPr>'
                 f'<w:r>{CELL_RPR.format(font="宋体", bold="")}<w:t xml:space="preserve">编制单位：{escape(unit_name)}</w:t></w:r>'
                 f'<w:r>{CELL_RPR.format(font="宋体", bold="")}<w:tab/><w:t>{escape(table.unit_line)}</w:t></w:r></w:p>')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = [header_row(table, r, widths) for r in range(len(table.header))]
    for row in table.rows:
        cells = []
        for index, value in enumerate(row.cells):
            if isinstance(value, Decimal):
                text, align = amount_text(value), "right"
            else:
                indent = "\u3000" * (row.level - 1) if index == name_index(table) and not row.total else ""
                text, align = indent + (value or ""), ("center" if row.total and index <= name_index(table) else "left")
            cells.append(cell_xml(text, widths[index], align, "宋体", row.total))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tbl = (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
           f'<w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
    note = paragraph(table.empty_note, "Normal") if table.empty_note else ""
    return title_paragraph(table.title) + unit_line + tbl + note


def title_paragraph(text: str) -> str:
    """Return a table's title: the Title style's font, at 小二 (18 pt) so a long unit name still fits one line."""
    return (f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:rPr><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')


def header_row(table: Table, r: int, widths: list[int]) -> str:
    """Return header row *r*: equal neighbours span columns; a text repeated below merges down."""
    header, cells, c = table.header[r], [], 0
    while c < len(header):
        span = 1
        while c + span < len(header) and header[c + span] == header[c]:
            span += 1
        above = r > 0 and table.header[r - 1][c] == header[c]
        below = r + 1 < len(table.header) and table.header[r + 1][c] == header[c]
        merge = '<w:vMerge/>' if above else ('<w:vMerge w:val="restart"/>' if below else "")
        cells.append(cell_xml("" if above else header[c], sum(widths[c:c + span]), "center", "黑体", False,
                              f'<w:gridSpan w:val="{span}"/>' * (span > 1) + merge))
        c += span
    return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{''.join(cells)}</w:tr>"


def cell_xml(text: str, width: int, align: str, font: str, bold: bool, extra: str = "") -> str:
    """Return one table cell holding *text*."""
    rpr = CELL_RPR.format(font=font, bold="<w:b/>" if bold else "")
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p>{CELL_PPR.format(align=align)}{run}</w:p></w:tc>')


def amount_text(value: Decimal) -> str:
    """Return an amount as the tables print it: two decimals, thousands separated.

    >>> amount_text(Decimal("1909.62")), amount_text(Decimal("2600")), amount_text(Decimal("19096200.005"))
    ('1,909.62', '2,600.00', '19,096,200.01')
    """
    whole, _, cents = f"{round_half_up(value, 2):.2f}".partition(".")  # already rounded half up: exact
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    grouped = ",".join(digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)[::-1])
    return f"{sign}{grouped}.{cents}"


def name_index(table: Table) -> int:
    """Return the 0-based column of row names."""
    header = table.header[-1]
    return header.index("科目名称") if "科目名称" in header else 0


def column_widths(table: Table, total: int) -> list[int]:
    """Return column widths in twips sharing *total* by what each column must show on one line.

    A name column takes its longest text (a header may wrap); an amount column its widest amount.
    Widths count half-width characters: a CJK character is 2.
    """
    weights = []
    for index in range(len(table.header[0])):
        header = max(text_width(h[index]) for h in table.header)
        amounts = [text_width(amount_text(c)) for r in table.rows if isinstance(c := r.cells[index], Decimal)]
        names = [text_width(c) + 4 * (r.level - 1) for r in table.rows if isinstance(c := r.cells[index], str)]
        if amounts:
            weights.append(max(max(amounts) + 2, min(header, 10)))
        else:
            weights.append(max(min(max(names, default=0), 36), min(header, 12), 6) + 2)
    return [total * w // sum(weights) for w in weights]


def text_width(text: str) -> int:
    """Return *text*'s width in half-width characters (a CJK character is 2)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def core_xml(title: str, author: str) -> str:
    """Return docProps/core.xml naming the document and dated now."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')
