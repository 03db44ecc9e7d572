"""Write the first version of generator/templates/部门预算情况说明.docx (a developer's tool).

The .docx in templates/ is the source of truth: staff open and edit it in Word or WPS.
This script records how it was first made — GB/T 9704-2012 layout, styles carrying the
East-Asian fonts, one run per paragraph so every tag stays whole — and can rebuild it
when the standard wording itself changes. Run: .venv/bin/python tools/build_template.py
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "generator" / "templates" / "部门预算情况说明.docx"

# GB/T 9704-2012: A4, 版心 156 mm × 225 mm, 22 lines of 28 characters, body 3号 (16 pt).
BODY_PT = 16
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines = 10.23 mm = 579.8 twips; 22 × 579 fits the 版心
# 28 characters of 16 pt (448 pt) are wider than the 156 mm (442.2 pt) line, so each must be
# condensed a little. Word's character grid (linesAndChars, charSpace < 0) does it in Word
# and WPS, but LibreOffice then gives every 16 pt character two grid cells: 14 per line.
# Condensing the characters by 0.25 pt (5 twentieths) instead gives 28 × 15.75 = 441 pt in
# all three, with a line-only grid for the 22 lines.
CONDENSE_TWENTIETHS_PT = -5

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"

# fontTable.xml entries: (name, altName, family). charset 86 is GB2312. The family tells an office
# suite without the font which kind of face to fall back to: roman = serif (宋/仿宋/小标宋),
# script = 楷, swiss = sans (黑体). Without these entries LibreOffice knows nothing of the fonts
# and sets everything in one sans face.
CHINESE_FONTS = [
    (FANGSONG, "仿宋", "roman"),
    (XIAOBIAOSONG, "方正小标宋_GBK", "roman"),
    (SONGTI, "SimSun", "roman"),
    (KAITI, "楷体", "script"),
    (HEITI, "SimHei", "swiss"),
]
# Line-breaking rules (Word: 段落 → 中文版式), written into settings.xml for zh-CN. They are
# Word's default 简体中文 lists, plus 万 and 元 as characters that may not start a line, so an
# amount's unit never sits alone at a line start ("…1487.42万 / 元。"). LibreOffice does not read
# them from a .docx; generator/publish/pdf.py hands them to it through its profile.
NO_BREAK_BEFORE = ("!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｝～￠"
                   "万元")
NO_BREAK_AFTER = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"

# (style, text). Fixed wording lives here; {{ }} tags are documented in templates/variables.yaml.
BODY, TITLE, PART, H1, H2 = "Normal", "Title", "Heading 1", "Heading 2", "Heading 3"
PARAGRAPHS = [
    (TITLE, "{{ unit_name }}{{ year }}年{{ budget_kind }}"),
    (PART, "第一部分"),
    (PART, "{{ unit_name }}概况"),
    (H1, "一、{{ unit_name }}主要职责"),
    (BODY, "{%p for duty in duties %}"),
    (BODY, "（{{ duty.number }}）{{ duty.text }}"),
    (BODY, "{%p endfor %}"),
    (BODY, "{%p if internal_organs %}"),
    (BODY, "{{ unit_name }}设置下列内设机构："),
    (BODY, "{{ internal_organs }}。"),
    (BODY, "{%p endif %}"),
    (H1, "二、{{ unit_name }}预算单位构成"),
    (BODY, "{{ composition }}"),
    (BODY, "{%p for unit in budget_units %}"),
    (BODY, "{{ unit.number }}.{{ unit.name }}"),
    (BODY, "{%p endfor %}"),
    (PART, "第二部分"),
    (PART, "{{ unit_name }}{{ year }}年度{{ budget_kind }}情况说明"),
    (H1, "一、收入支出预算总体情况说明"),
    (BODY, "{{ unit_name }}{{ year }}年收入总计{{ income_total }}，支出总计{{ expense_total }}，"
           "{{ total_change }}。"),
    (H1, "二、收入预算总体情况说明"),
    (BODY, "{{ unit_name }}{{ year }}年收入合计{{ income_total }}，其中：{{ income_sources }}。"),
    (H1, "三、支出预算总体情况说明"),
    (BODY, "{{ unit_name }}{{ year }}年支出合计{{ expense_total }}，其中：{{ expense_kinds }}。"
           "{% if expense_changes %}{{ expense_changes }}。{% endif %}"),
    (H1, "四、财政拨款收入支出预算总体情况说明"),
    (BODY, "{{ unit_name }}{{ year }}年一般公共预算收支预算{{ general_budget_amount }}，"
           "政府性基金收入预算{{ government_fund_amount }}。{{ fiscal_sentence }}。"),
    (H1, "五、一般公共预算支出预算情况说明"),
    (BODY, "{{ unit_name }}{{ year }}年一般公共预算支出年初预算为{{ general_expense_total }}"
           "{% if general_expense_change %}，{{ general_expense_change }}{% endif %}。"
           "主要用于以下方面：{{ function_classes }}。{% if function_class_changes %}{{ function_class_changes }}。{% endif %}"),
    (BODY, "{%p if function_details %}"),
    (BODY, "其中，按款、项细化：{{ function_details }}。"),
    (BODY, "{%p endif %}"),
    (H1, "六、一般公共预算基本支出预算情况说明"),
    (BODY, "{{ unit_name }}{{ year }}年一般公共预算基本支出年初预算为{{ basic_total }}。其中{{ basic_kinds }}。"
           "{{ basic_economic }}"),
    (H1, "七、一般公共预算“三公”经费支出预算情况说明"),
    (BODY, "{%p if three_public_none %}"),
    (BODY, "{{ three_public_none }}"),
    (BODY, "{%p else %}"),
    (BODY, "我单位{{ year }}年“三公”经费预算为{{ three_public_total }}。{{ three_public_change }}。"),
    (BODY, "具体支出情况如下："),
    (BODY, "{%p for item in three_public_items %}"),
    (BODY, "（{{ item.number }}）{{ item.text }}"),
    (BODY, "{%p endfor %}"),
    (BODY, "{%p endif %}"),
    (H1, "八、政府性基金预算支出预算情况说明"),
    (BODY, "{{ government_fund_expenditure }}"),
    (H1, "九、其他重要事项的情况说明"),
    (H2, "（一）机关运行经费支出情况"),
    (BODY, "{%p if operating_cost_none %}"),
    (BODY, "{{ operating_cost_none }}"),
    (BODY, "{%p else %}"),
    (BODY, "{{ unit_name }}{{ year }}年机关运行经费支出预算{{ operating_cost }}，主要保障机构正常运转及正常履职需要。"
           "{% if operating_cost_change %}{{ operating_cost_change }}。{% endif %}"),
    (BODY, "{%p endif %}"),
    (H2, "（二）政府采购支出情况"),
    (BODY, "{{ procurement }}"),
    (H2, "（三）关于预算绩效管理工作开展情况说明"),
    (BODY, "{{ performance }}"),
    (H2, "（四）国有资产占用情况"),
    (BODY, "{{ assets }}"),
    (H2, "（五）专项转移支付项目情况"),
    (BODY, "{{ transfer_projects }}"),
    (H2, "（六）国有资本经营预算支出情况说明"),
    (BODY, "{{ state_capital_expenditure }}"),
    (PART, "第三部分"),
    (PART, "名词解释"),
    (BODY, "一、财政拨款收入：是指{{ finance_level }}财政当年拨付的资金。"),
    (BODY, "二、事业收入：是指事业单位开展专业活动及辅助活动所取得的收入。"),
    (BODY, "三、其他收入：是指部门取得的除“财政拨款”、“事业收入”、“事业单位经营收入”等以外的收入。"),
    (BODY, "四、用事业基金弥补收支差额：是指事业单位在当年的“财政拨款收入”、“事业收入”、“经营收入”和“其他收入”"
           "不足以安排当年支出的情况下，使用以前年度积累的事业基金（即事业单位以前各年度收支相抵后，按国家规定提取、"
           "用于弥补以后年度收支差额的基金）弥补当年收支缺口的资金。"),
    (BODY, "五、基本支出：是指为保障机构正常运转、完成日常工作任务所必需的开支，其内容包括人员经费和日常公用经费两部分。"),
    (BODY, "六、项目支出：是指在基本支出之外，为完成特定的行政工作任务或事业发展目标所发生的支出。"),
    (BODY, "七、“三公”经费：是指纳入{{ finance_level }}财政预算管理，部门使用财政拨款安排的因公出国（境）费、"
           "公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的住宿费、旅费、"
           "伙食补助费、杂费、培训费等支出；公务用车购置及运行费反映单位公务用车购置费及租用费、燃料费、维修费、"
           "过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。"),
    (BODY, "八、机关运行经费：是指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，"
           "包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费及一般设备购置费、办公用房水电费、"
           "办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。"),
]


SHORT_OUT = OUT.with_name("简式说明模板.docx")

# The older short form some regions prescribe: 基本情况 / 情况说明 / “三公”经费 / 其他重要事项 / 名词解释.
# Same variables, same styles and page; a different structure and wording.
SHORT_FORM = [
    (TITLE, "{{ unit_name }}{{ year }}年{{ budget_kind }}情况说明"),
    (H1, "一、基本情况"),
    (H2, "（一）主要职责"),
    (BODY, "{%p for duty in duties %}"),
    (BODY, "{{ loop.index }}.{{ duty.text }}"),
    (BODY, "{%p endfor %}"),
    (H2, "（二）机构设置"),
    (BODY, "内设机构：{{ internal_organs }}。{{ composition }}"),
    (H1, "二、{{ budget_kind }}情况说明"),
    (BODY, "{{ year }}年收支总预算{{ income_total }}，{{ total_change }}。"),
    (BODY, "收入预算：{{ income_sources }}。支出预算：{{ expense_kinds }}。"),
    (BODY, "财政拨款收支预算：一般公共预算{{ general_budget_amount }}，政府性基金{{ government_fund_amount }}。"
           "{{ fiscal_sentence }}。"),
    (BODY, "一般公共预算支出{{ general_expense_total }}，主要用于：{{ function_classes }}。"
           "基本支出{{ basic_total }}，其中{{ basic_kinds }}。{{ basic_economic }}"),
    (H1, "三、“三公”经费情况说明"),
    (BODY, "{{ year }}年“三公”经费预算{{ three_public_total }}。{{ three_public_change }}。其中：因公出国（境）费"
           "{{ outbound_amount }}；公务用车购置及运行费{{ vehicle_total }}（购置费{{ vehicle_purchase_amount }}，"
           "运行维护费{{ vehicle_operation_amount }}）；公务接待费{{ reception_amount }}。"),
    (H1, "四、其他重要事项"),
    (BODY, "{%p if operating_cost_none %}"),
    (BODY, "（一）机关运行经费：{{ operating_cost_none }}"),
    (BODY, "{%p else %}"),
    (BODY, "（一）机关运行经费：{{ year }}年机关运行经费预算{{ operating_cost }}。"),
    (BODY, "{%p endif %}"),
    (BODY, "（二）政府采购：{{ procurement }}"),
    # No "0个项目": a unit without such projects says so, as the long form's performance_* rules do
    (BODY, "（三）预算绩效：{{ year }}年{% if to_evaluate_count == '0' %}未安排项目绩效评价{% else %}拟对{{ to_evaluate_count }}"
           "个项目开展绩效评价，涉及资金{{ to_evaluate_amount }}{% endif %}；{% if targets_count == '0' %}未对项目设立绩效目标"
           "{% else %}已对{{ targets_count }}个项目设立绩效目标，涉及资金{{ targets_amount }}{% endif %}。"),
    (BODY, "（四）国有资产：{{ last_year }}年末共有车辆{{ vehicle_count }}辆；单价50万元以上通用设备{{ general_equipment }}"
           "台（套），单位价值100万元以上专用设备{{ special_equipment }}台（套）。"),
    (BODY, "（五）政府性基金预算支出：{{ government_fund_expenditure }}"),
    (BODY, "（六）国有资本经营预算支出：{{ state_capital_expenditure }}"),
    (BODY, "（七）专项转移支付：{{ transfer_projects }}"),
    (H1, "五、名词解释"),
    (BODY, "（一）财政拨款收入：是指{{ finance_level }}财政当年拨付的资金。"),
    (BODY, "（二）基本支出：是指为保障机构正常运转、完成日常工作任务所必需的开支，包括人员经费和日常公用经费。"),
    (BODY, "（三）项目支出：是指在基本支出之外，为完成特定的行政工作任务或事业发展目标所发生的支出。"),
    (BODY, "（四）“三公”经费：是指纳入{{ finance_level }}财政预算管理，部门使用财政拨款安排的因公出国（境）费、"
           "公务用车购置及运行费和公务接待费。"),
]


def set_fonts(rpr, font: str) -> None:
    """Name *font* for Latin, East-Asian and complex scripts, dropping theme fonts that would win."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)


def clear_style(style) -> None:
    """Remove a built-in style's own paragraph and run formatting (colours, borders, theme fonts)."""
    for tag in ("w:pPr", "w:rPr"):
        old = style.element.find(qn(tag))
        if old is not None:
            style.element.remove(old)


def set_indent_chars(paragraph_format, chars: int) -> None:
    """Indent the first line by *chars* characters (Word's firstLineChars, 100 per character)."""
    paragraph_format.first_line_indent = Pt(BODY_PT * chars) if chars else Pt(0)
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(100 * chars))


def style_paragraphs(doc) -> None:
    """Define body, title and heading styles after GB/T 9704-2012."""
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults, FANGSONG)
    lang = defaults.find(qn("w:lang"))
    if lang is None:  # (an lxml element with no children is falsy: test against None)
        lang = OxmlElement("w:lang")
        defaults.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")

    looks = {
        # Body text flush left, not justified: on a 28-character grid a line of characters fills
        # the 版心 either way, and a line followed by a number too long to fit (…预算为 / 1909.62万元)
        # keeps its spacing instead of being stretched to "区 政 府 办 公 室 …".
        BODY: (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.LEFT, 2, None),
        TITLE: (XIAOBIAOSONG, 22, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
        PART: (HEITI, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        H1: (HEITI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 1),
        H2: (KAITI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 2),
    }
    for name, (font, size, align, indent_chars, outline) in looks.items():
        style = doc.styles[name]
        clear_style(style)
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element.get_or_add_rPr(), font)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
        # Widow control off: GB/T 9704 fills every page with 22 lines; LibreOffice's widow
        # control pulls a line over and leaves 21.
        fmt.widow_control = False
        east_asian_layout(style.element.get_or_add_pPr())
        set_indent_chars(fmt, indent_chars)
        if outline is not None:
            fmt.keep_with_next = True
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(level)
    condense = OxmlElement("w:spacing")
    condense.set(qn("w:val"), str(CONDENSE_TWENTIETHS_PT))
    body_rpr = doc.styles[BODY].element.get_or_add_rPr()
    body_rpr.find(qn("w:sz")).addprevious(condense)  # schema order: … color, spacing, sz …

    title = doc.styles[TITLE].paragraph_format
    title.space_after = Pt(LINE_PITCH_TWIPS / 20)  # one blank line under the title

    footer = doc.styles["Footer"]
    clear_style(footer)
    footer.font.size = Pt(14)  # 4号
    set_fonts(footer.element.get_or_add_rPr(), SONGTI)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    footer.paragraph_format.line_spacing = Pt(14)
    set_indent_chars(footer.paragraph_format, 0)

    # Every other style (linked character styles, Heading 4-9, table styles …) still names
    # the default template's theme fonts, which win over plain font names and would leave
    # East-Asian text in the theme's fonts when staff apply those styles: name a font instead.
    # A linked character style (TitleChar …) takes the font of its paragraph style.
    linked = {"TitleChar": XIAOBIAOSONG, "Heading3Char": KAITI}
    for element in doc.styles.element.iterchildren(qn("w:style")):
        style_id = element.get(qn("w:styleId"))
        font = linked.get(style_id, HEITI if style_id.startswith("Heading") else FANGSONG)
        for fonts in element.iter(qn("w:rFonts")):
            themed = any("theme" in name.lower() for name in fonts.attrib)
            if themed or fonts.get(qn("w:eastAsia")) is None:
                set_fonts(fonts.getparent(), font)


def east_asian_layout(ppr) -> None:
    """Set the 中文版式 of a paragraph style: no hanging punctuation, no automatic CJK/Latin spacing.

    Hanging punctuation lets a 顿号 or comma that ends a full line hang in the margin; in
    LibreOffice a hung mark in a line is not drawn at all ("维修费、过路过桥费" printed as
    "维修费过路过桥费"). LibreOffice 7.4 reads w:overflowPunct inverted (val 1 → no hanging,
    writerfilter DomainMapper: IS_HANGING_PUNCTUATION = val == 0); val 1 is also Word's own
    default, so the one setting keeps Word as it was and turns hanging off in LibreOffice:
    the line breaks one character earlier instead. autoSpaceDE/DN off stops Word's
    quarter-em gaps around digits (LibreOffice ignores them). kinsoku (on) applies the
    line-breaking rules in settings.xml.
    """
    for tag, value in (("w:kinsoku", "1"), ("w:overflowPunct", "1"), ("w:autoSpaceDE", "0"), ("w:autoSpaceDN", "0")):
        element = ppr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            ppr.append(element)
        element.set(qn("w:val"), value)
    # schema order: … widowControl … kinsoku, wordWrap, overflowPunct, topLinePunct, autoSpaceDE, autoSpaceDN … ind …
    order = ["w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:widowControl", "w:kinsoku", "w:overflowPunct",
             "w:autoSpaceDE", "w:autoSpaceDN", "w:spacing", "w:ind", "w:jc", "w:outlineLvl"]
    ranked = sorted(ppr, key=lambda e: order.index(e.prefix + ":" + e.tag.split("}")[1])
                    if (e.prefix + ":" + e.tag.split("}")[1]) in order else len(order))
    for element in ranked:
        ppr.append(element)


def declare_fonts(doc) -> None:
    """Declare the Chinese fonts in fontTable.xml and make zh-CN the East-Asian language of the theme."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt, family in CHINESE_FONTS)
    latin = "".join(
        f'<w:font w:name="{name}"><w:charset w:val="00"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, family in (("Times New Roman", "roman"), ("Calibri", "swiss")))
    part._blob = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  f"{entries}{latin}</w:fonts>").encode("utf-8")
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    # Schema order: characterSpacingControl, …, noLineBreaksAfter, noLineBreaksBefore.
    spacing = settings.find(qn("w:characterSpacingControl"))
    for tag, chars in (("w:noLineBreaksBefore", NO_BREAK_BEFORE), ("w:noLineBreaksAfter", NO_BREAK_AFTER)):
        element = OxmlElement(tag)
        element.set(qn("w:lang"), "zh-CN")
        element.set(qn("w:val"), chars)
        spacing.addnext(element)


def page_number_paragraph(footer, odd: bool) -> None:
    """Write "— N —" in 4号 宋体: odd pages right, even pages left, one character in from the edge."""
    paragraph = footer.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt.first_line_indent = Pt(0)
    ind = fmt._element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    if odd:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)

    def run(text: str | None = None, field: str | None = None, instr: str | None = None):
        r = paragraph.add_run(text or "")
        r.font.size = Pt(14)
        set_fonts(r._element.get_or_add_rPr(), SONGTI)
        if field:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), field)
            r._element.append(mark)
        if instr:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instr
            r._element.append(code)

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def lay_out_page(doc) -> None:
    """Set A4, the 公文 margins, the 22 × 28 grid and odd/even page-number footers."""
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)  # puts the page number's top about 7 mm below the 版心
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    doc.settings.odd_and_even_pages_header_footer = True
    page_number_paragraph(section.footer, odd=True)
    page_number_paragraph(section.even_page_footer, odd=False)


def prune(doc) -> None:
    """Keep only the styles the template uses (with what they are based on or linked to) and drop
    the default template's legacy parts: python-docx's stock styles.xml and stylesWithEffects.xml
    weigh 800 KB, which every draft would carry and every batch render would compress."""
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    wanted = {s.get(qn("w:styleId")) for s in by_id.values() if s.get(qn("w:default")) == "1"}
    wanted |= {doc.styles[name].style_id for name in (BODY, TITLE, PART, H1, H2, "Footer")}
    pending = list(wanted)
    while pending:
        element = by_id[pending.pop()]
        for tag in ("w:basedOn", "w:next", "w:link"):
            ref = element.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) in by_id and ref.get(qn("w:val")) not in wanted:
                wanted.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for style_id, element in by_id.items():
        if style_id not in wanted:
            styles.remove(element)
    for rels in (doc.part.rels, doc.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(("/stylesWithEffects", "/thumbnail")):
                del rels[rel_id]


def build(out: Path = OUT, paragraphs: list[tuple[str, str]] = PARAGRAPHS) -> Path:
    """Write a template with *paragraphs* to *out* and return its path."""
    doc = Document()
    style_paragraphs(doc)
    lay_out_page(doc)
    declare_fonts(doc)
    prune(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    props = doc.core_properties
    props.title = "{{ unit_name }}{{ year }}年{{ budget_kind }}"
    props.author = "{{ unit_name }}"
    props.subject = "部门预算情况说明"
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = "部门预算"
    props.revision = 1
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
    if len(sys.argv) == 1:
        print(build(SHORT_OUT, SHORT_FORM))
