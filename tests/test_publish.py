"""The 公开表 read back from the written .xlsx and .docx: standard tables that add up and agree with the text."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from generator import drafting
from generator.errors import OutputError
from generator.money import round_half_up
from generator.publish import BESIDE, Request
from helpers import EXAMPLE, GOLDEN, ROOT, edited_example

SHEETS = ["表1 收支总表", "表2 收入总表", "表3 支出总表", "表4 财政拨款收支总表", "表5 一般公共预算支出表",
          "表6 一般公共预算基本支出表", "表7 一般公共预算“三公”经费支出表", "表8 政府性基金预算支出表",
          "表9 国有资本经营预算支出表"]
CASES = {
    "区政府办公室": (EXAMPLE, GOLDEN / "expected-2023-区政府办公室.txt"),
    "a-事业单位": (ROOT / "examples/2023/a-事业单位.yaml", GOLDEN / "examples/a-事业单位.txt"),
    "b-收支下降": (ROOT / "examples/2023/b-收支下降.yaml", GOLDEN / "examples/b-收支下降.txt"),
    "c-基金采购专项": (ROOT / "examples/2023/c-基金采购专项.yaml", GOLDEN / "examples/c-基金采购专项.txt"),
    "d-按元填写": (ROOT / "examples/2023/d-按元填写.yaml", GOLDEN / "expected-2023-区政府办公室.txt"),
}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict:
    """Return each case's tables read back from the written .xlsx: sheet name → rows of cell values."""
    books = {}
    for name, (source, _) in CASES.items():
        out = tmp_path_factory.mktemp(name) / f"{name}.docx"
        result = drafting.draft(source, out, publish=Request(tables_xlsx=BESIDE))
        assert not result.errors and result.written == [out, out.with_name(f"{name}公开表.xlsx")]
        book = load_workbook(result.written[1])
        books[name] = {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book}
    return books


def amount(value) -> Decimal:
    """Return a cell's amount (a blank cell is 0)."""
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def adds_up(total, parts: list) -> bool:
    """Return True when *parts* add up to *total*, within the 尾差 the checks allow (BAL-04: 0.005 a part).

    The office's own 功能分类 add up to 1909.61 against a total of 1909.62; the tables publish the
    figures as given, like the text.
    """
    return abs(amount(total) - sum(amount(p) for p in parts)) <= Decimal("0.005") * len(parts)


def data_rows(rows: list[list], header_rows: int) -> list[list]:
    """Return the rows below the title, the units line and the header, without a 空表说明 line."""
    body = rows[2 + header_rows:]
    return [r for r in body if not (isinstance(r[0], str) and r[0].endswith("故本表为空表。"))]


@pytest.mark.parametrize("case", CASES)
def test_the_nine_standard_tables_with_titles_and_units(workbooks, case):
    sheets = workbooks[case]
    assert list(sheets) == SHEETS
    for label, rows in sheets.items():
        assert rows[0][0] == f"{'区政府办公室' if case in ('区政府办公室', 'd-按元填写') else rows[0][0][:-len(label[3:]) - 5]}2023年{label[3:]}"
        assert rows[1][0].startswith("编制单位：") and rows[1][-1] == "单位：万元"


@pytest.mark.parametrize("case", CASES)
def test_every_figure_the_text_prints_is_in_a_table(workbooks, case):
    """Sections 一 to 八 of the 情况说明 print the tables' figures; each must be a cell of the same value."""
    text = CASES[case][1].read_text(encoding="utf-8")
    part = text[text.index("一、收入支出预算总体情况说明"):text.index("九、其他重要事项的情况说明")]
    # A change (增加/减少 X) is a difference of two years, not a table figure.
    printed = {Decimal(m.group(2)) for m in re.finditer(r"(增加|减少)?(\d+(?:\.\d+)?)万元", part) if not m.group(1)}
    # Cells hold the exact amounts (d was entered in 元) and show two decimals, as the text prints them.
    cells = {round_half_up(amount(v), 2) for rows in workbooks[case].values() for row in rows for v in row
             if isinstance(v, (int, float, Decimal))}
    assert len(printed) >= 6
    assert sorted(printed - cells) == []


def test_the_office_s_figures_stand_where_the_standard_tables_put_them(workbooks):
    sheets = workbooks["区政府办公室"]
    assert sheets["表1 收支总表"][4][:4] == ["一、一般公共预算拨款收入", 1909.62, "一、基本支出", 353.89]
    assert sheets["表5 一般公共预算支出表"][3:] == [[None, "合计", 1909.62], ["201", "一般公共服务支出", 1856.14],
                                                 ["208", "社会保障和就业支出", 31.99], ["210", "卫生健康支出", 21.48]]
    assert sheets["表7 一般公共预算“三公”经费支出表"][4:] == [["2023年预算数", 14.1, 5, 4.1, 0, 4.1, 5],
                                                           ["2022年预算数", 14.1, 5, 4.1, 0, 4.1, 5]]
    assert sheets["表8 政府性基金预算支出表"][-1] == ["本单位2023年没有使用政府性基金预算拨款安排的支出，故本表为空表。", None, None]
    assert sheets["表9 国有资本经营预算支出表"][-1] == ["本单位2023年没有使用国有资本经营预算拨款安排的支出，故本表为空表。", None, None]


@pytest.mark.parametrize("case", CASES)
def test_each_table_adds_up_across_and_down(workbooks, case):
    s = workbooks[case]
    # 表1: numbered lines → 本年合计; + 结转 → 总计; income total = expenditure total.
    rows = data_rows(s["表1 收支总表"], 2)
    at = [r[0] for r in rows].index("本年收入合计")
    assert sum(amount(r[1]) for r in rows[:at]) == amount(rows[at][1])
    assert sum(amount(r[3]) for r in rows[:at]) == amount(rows[at][3]) == amount(rows[-1][3])
    assert amount(rows[at][1]) + sum(amount(r[1]) for r in rows[at + 1:-1]) == amount(rows[-1][1]) == amount(rows[-1][3])
    # 表2, 表3: 合计 column = the other columns; 合计 row = the units' rows.
    for label in ("表2 收入总表", "表3 支出总表"):
        rows = data_rows(s[label], 1)
        for row in rows:
            assert amount(row[1]) == sum(amount(v) for v in row[2:]), (label, row[0])
        assert [amount(v) for v in rows[0][1:]] == [sum(amount(r[i]) for r in rows[1:]) for i in range(1, len(rows[0]))]
    # 表4: 合计 = three funds on every row; 总计 = the rows; income = expenditure.
    rows = data_rows(s["表4 财政拨款收支总表"], 2)
    for row in rows:
        assert amount(row[3]) == amount(row[4]) + amount(row[5]) + amount(row[6])
    for column in (1, 3, 4, 5, 6):
        assert adds_up(rows[-1][column], [r[column] for r in rows[:-1] if r[column] is not None]), column
    assert amount(rows[-1][1]) == amount(rows[-1][3])
    # 表5: 合计 = the 类; each 类 = its 款, each 款 = its 项 (by 科目编码).
    rows = data_rows(s["表5 一般公共预算支出表"], 1)
    codes = [(r[0] or "", amount(r[2])) for r in rows[1:]]
    assert adds_up(rows[0][2], [v for c, v in codes if len(c) in (0, 3)])
    for code, value in codes:
        children = [v for c, v in codes if len(c) == len(code) + 2 and c.startswith(code)]
        if code and children:
            assert sum(children) == value, code
    # 表6: 合计 = 人员经费 + 公用经费 on every row that splits; each column adds down.
    rows = data_rows(s["表6 一般公共预算基本支出表"], 1)
    assert amount(rows[0][2]) == amount(rows[0][3]) + amount(rows[0][4])
    for column in (2, 3, 4):
        split = all(r[3] is not None or r[4] is not None for r in rows[1:])
        if column == 2 or split:
            assert amount(rows[0][column]) == sum(amount(r[column]) for r in rows[1:]), column
    # 表7: 合计 = 出国 + 车 + 接待; 车 = 购置 + 运行, this year and last.
    for row in data_rows(s["表7 一般公共预算“三公”经费支出表"], 2):
        assert amount(row[1]) == amount(row[2]) + amount(row[3]) + amount(row[6])
        assert amount(row[3]) == amount(row[4]) + amount(row[5])
    # 表8, 表9: 合计 = items; an empty table says so.
    for label in ("表8 政府性基金预算支出表", "表9 国有资本经营预算支出表"):
        rows = data_rows(s[label], 1)
        assert amount(rows[0][2]) == sum(amount(r[2]) for r in rows[1:])
        assert (s[label][-1][0] or "").endswith("故本表为空表。") == (amount(rows[0][2]) == 0)


def test_published_in_yuan_the_tables_say_yuan_and_scale_every_figure(tmp_path):
    source = edited_example(tmp_path, (r"^单位:$", "设置:\n  公布单位: 元\n\n单位:"))
    result = drafting.draft(source, tmp_path / "初稿.docx", publish=Request(tables_xlsx=tmp_path / "表.xlsx"))
    sheet = load_workbook(tmp_path / "表.xlsx")["表5 一般公共预算支出表"]
    assert not result.errors
    assert sheet["C2"].value == "单位：元"
    assert [sheet.cell(r, 3).value for r in range(4, 8)] == [19096200, 18561400, 319900, 214800]


def test_the_word_tables_one_section_each_wide_ones_landscape(tmp_path):
    out = tmp_path / "区政府办公室.docx"
    result = drafting.draft(EXAMPLE, out, publish=Request(tables_docx=BESIDE))
    document = Document(str(tmp_path / "区政府办公室公开表.docx"))
    assert result.written == [out, tmp_path / "区政府办公室公开表.docx"]
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == [f"区政府办公室2023年{label[3:]}" for label in SHEETS]
    assert len(document.tables) == 9
    assert [s.orientation for s in document.sections] == [0, 1, 1, 1, 0, 0, 1, 0, 0]  # 0 portrait, 1 landscape
    first = document.tables[0]
    assert [c.text for c in first.rows[2].cells] == ["一、一般公共预算拨款收入", "1,909.62", "一、基本支出", "353.89"]
    assert first.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the header repeats on each page
    notes = [p.text for p in document.paragraphs if p.text.endswith("故本表为空表。")]
    assert notes == ["本单位2023年没有使用政府性基金预算拨款安排的支出，故本表为空表。",
                     "本单位2023年没有使用国有资本经营预算拨款安排的支出，故本表为空表。"]


def test_without_libreoffice_pdf_stops_with_a_chinese_message_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("generator.publish.pdf.soffice", lambda: None)
    with pytest.raises(OutputError) as raised:
        drafting.draft(EXAMPLE, tmp_path / "初稿.docx", publish=Request(tables_xlsx=BESIDE, pdf=BESIDE))
    assert str(raised.value) == ("找不到 LibreOffice，无法生成 PDF。请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install "
                                 "libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai）；或去掉 --pdf 只生成 Word 文件。")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_leaves_none_of_the_others(tmp_path):
    blocker = tmp_path / "表"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(OutputError):
        drafting.draft(EXAMPLE, tmp_path / "初稿.docx", publish=Request(tables_xlsx=blocker / "公开表.xlsx"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["表"]


def test_cli_draft_puts_the_tables_beside_the_draft_and_says_so(tmp_path, capsys):
    from generator.cli import main

    out = tmp_path / "区政府办公室.docx"
    assert main(["draft", str(EXAMPLE), "-o", str(out), "--tables-out", "--tables-docx"]) == 0
    stdout = capsys.readouterr().out
    assert stdout.splitlines()[-4:] == [f"初稿已生成：{out}", f"已生成：{tmp_path / '区政府办公室公开表.xlsx'}",
                                        f"已生成：{tmp_path / '区政府办公室公开表.docx'}", "请核实上面的警告后再公开。"]


def test_cli_draft_without_libreoffice_exits_1_with_the_message(tmp_path, capsys, monkeypatch):
    from generator.cli import main

    monkeypatch.setattr("generator.publish.pdf.soffice", lambda: None)
    assert main(["draft", str(EXAMPLE), "-o", str(tmp_path / "初稿.docx"), "--pdf", str(tmp_path / "说明.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["请检查输出位置：", "  找不到 LibreOffice，无法生成 PDF。请安装 LibreOffice（Debian/Ubuntu："
                                "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai）；"
                                "或去掉 --pdf 只生成 Word 文件。", "没有写入任何文件。"]
    assert list(tmp_path.iterdir()) == []


def test_cli_batch_tables_for_every_unit_and_the_department(tmp_path, capsys, monkeypatch):
    import shutil

    from generator.cli import main

    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    assert main(["batch", "inputs/2023", "--jobs", "1", "--tables"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "公开表和 PDF：为 5 个单位生成了 10 个文件，放在各自初稿旁边。"
    department = load_workbook(tmp_path / "drafts/2023/区政府办公室公开表.xlsx")["表3 支出总表"]
    assert [department.cell(4, c).value for c in (1, 2, 3, 4)] == ["合计", 1909.62, 353.89, 1555.73]
    assert sorted(p.name for p in (tmp_path / "drafts/2023/区政府办公室").glob("*公开表.*")) == sorted(
        f"{unit}公开表.{ext}" for unit in ("区政府办公室机关本级", "区政府机关", "区经济发展研究中心", "区金融工作中心")
        for ext in ("docx", "xlsx"))


FONT_CASES = [
    ("substitutes of the right style", [("NotoSerifCJKjp-Regular-VKana", 16.0, 900), ("NotoSansCJKjp-Regular-VKana", 16.0, 40),
                                        ("UKaiCN", 16.0, 10), ("NotoSerifCJKjp-Regular-VKana", 22.0, 12)],
     ["PDF-01 仿宋_GB2312 Noto Serif CJK", "PDF-01 方正小标宋简体 Noto Serif CJK", "PDF-01 宋体 Noto Serif CJK",
      "PDF-01 楷体_GB2312 AR PL UKai CN", "PDF-01 黑体 Noto Sans CJK"]),
    ("the official fonts installed", [("FangSong_GB2312", 16.0, 900), ("SimHei", 16.0, 40), ("KaiTi_GB2312", 16.0, 10),
                                      ("FZXBSJW--GB1-0", 22.0, 12), ("SimSun", 14.0, 8)], []),
    ("body fell back to sans", [("NotoSansCJKjp-Regular-VKana", 16.0, 950), ("DejaVuSans", 16.0, 40)],
     ["PDF-01 黑体 Noto Sans CJK", "PDF-02 正文（仿宋_GB2312）在 PDF 中用了 Noto Sans CJK（黑体类（无衬线）），不是宋体类字体。"
      "请安装 fonts-noto-cjk（Noto Serif CJK SC）后重新生成。"]),
]


@pytest.mark.parametrize("fonts, expected", [c[1:] for c in FONT_CASES], ids=[c[0] for c in FONT_CASES])
def test_font_notes_name_each_substitute_and_warn_of_a_sans_body(fonts, expected):
    from generator.publish.fonts import TextRun, findings_of

    runs = [TextRun(1, "字" * count, font, size) for font, size, count in fonts]
    told = []
    for finding in findings_of(runs, "说明.pdf"):
        official = re.match(r"本机没有(\S+?)，PDF 中用 (.+?)（", finding.message)
        told.append(f"{finding.rule} {official.group(1)} {official.group(2)}" if official else f"{finding.rule} {finding.message}")
    assert told == expected
