"""`audit`: any 部门预算情况说明 read back and checked on its own sentences (AUD-01 … AUD-14)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from generator import drafting
from generator.audit import audit_document, audit_paragraphs
from helpers import GOLDEN, ROOT
from helpers import run_cli as run

PUBLISHED = Path(__file__).resolve().parent / "audit" / "published-2023.txt"
SHORT_FORM = ROOT / "generator" / "templates" / "简式说明模板.docx"
TITLE = "区统计局2023年单位预算"
NOTE_1909 = ("AUD-07", "提示", "第43段", "合计1909.62万元，而1856.14万元＋31.99万元＋21.48万元＝1909.61万元，相差0.01万元，"
             "在各项分别四舍五入的尾差范围内。请确认与预算报表一致。")


def rows(findings) -> list[tuple[str, str, str, str]]:
    return [(f.rule, f.severity, f.field, f.message) for f in findings]


def test_the_published_2023_text_has_its_known_defects_found_and_listed():
    """The office's published text (tests/audit/published-2023.txt, copied from the reference) as published."""
    found = [(f.rule, f.severity, f.field) for f in audit_document(PUBLISHED)]
    assert found == [
        ("AUD-03", "错误", "第40段"),   # 政府性基金收入预算增加0万元，增长0%
        ("AUD-03", "错误", "第46段"),   # “三公”经费支出预算数比 2022年增加0万元
        ("AUD-03", "错误", "第48段"),   # 因公出国（境）费 增加0万元
        ("AUD-03", "错误", "第49段"),   # 公务用车购置费 增加0万元
        ("AUD-03", "错误", "第49段"),   # 公务用车运行维护费 增加0万元
        ("AUD-03", "错误", "第50段"),   # 公务接待费 增加0万元
        ("AUD-05", "错误", "第57段"),   # 政府采购预算安排0万元，其中：…0万元、0万元、0万元
        ("AUD-05", "错误", "第61段"),   # 其他用车0辆，其他用车主要是无
        ("AUD-05", "错误", "第63段"),   # 共有0项，主要是：0项目0万元…
        ("AUD-12", "警告", "第48段"),   # 主要原因：预算数与2022年持平
        ("AUD-12", "警告", "第49段"),
        ("AUD-12", "警告", "第50段"),
        ("AUD-14", "警告", "第68段"),   # 省级财政 (a 区 office)
        ("AUD-14", "警告", "第74段"),
        ("AUD-13", "提示", "第36段"),   # 1909.62万元; 政府性基金
        ("AUD-13", "提示", "第40段"),   # 与 2022年
        ("AUD-07", "提示", "第42段"),   # the function classes' 0.01 尾差, as `check` notes it (BAL-04)
        ("AUD-13", "提示", "第46段"),
        ("AUD-13", "提示", "第49段"),
        ("AUD-13", "提示", "第50段"),
        ("AUD-13", "提示", "第69段"),   # 所取 得
        ("AUD-13", "提示", "第71段"),   # 收 支差额
    ]
    messages = {(f.field, f.rule): f.message for f in audit_document(PUBLISHED)}
    assert messages[("第40段", "AUD-03")] == ("“政府性基金收入预算增加0万元，增长0%”：变化为0，不应写增加。"
                                             "请改为“与上年持平”（年份照写）；没有增减时一般不写主要原因。")
    assert messages[("第63段", "AUD-05")] == ("“共有0项，主要是：0项目0万元、0项目0万元、0项目0万元等”：列举了0个项目、0万元。"
                                             "没有项目时只写一句，如“我单位2023年无负责管理的专项转移支付项目。”")
    assert messages[("第61段", "AUD-05")] == "“0辆，其他用车主要是”：数量为0，不应再写“主要是”。请删去“主要是”及其后的文字。"
    assert messages[("第48段", "AUD-12")] == ("“主要原因：预算数与2022年持平”只是重复了数字，不是原因：没有增减的项目不写主要原因，"
                                             "请删去这一句。")
    assert messages[("第68段", "AUD-14")] == ("“一、财政拨款收入：是指省级财政当年拨付的资金。”写的是“省级财政”，"
                                             "而区政府办公室是区级单位。请改为“区级财政”。")


@pytest.mark.parametrize("golden, expected", [
    ("expected-2023-区政府办公室.txt", [NOTE_1909]),
    ("examples/a-事业单位.txt", []),
    ("examples/b-收支下降.txt", []),
    ("examples/c-基金采购专项.txt", []),
    ("examples/e-简式模板.txt", []),
], ids=lambda v: v if isinstance(v, str) else "")
def test_every_golden_text_audits_clean(golden, expected):
    """Clean: no 错误 or 警告; the office's own 0.01 尾差 stays a 提示, as in `check`."""
    assert rows(audit_document(GOLDEN / golden)) == [(r, s, f, m) for r, s, f, m in expected]


@pytest.mark.parametrize("source, template", [
    (ROOT / "inputs/2022/区政府办公室.yaml", drafting.DEFAULT_TEMPLATE),
    (ROOT / "inputs/2023/区政府办公室.yaml", drafting.DEFAULT_TEMPLATE),
    (ROOT / "examples/2023/a-事业单位.yaml", drafting.DEFAULT_TEMPLATE),
    (ROOT / "examples/2023/b-收支下降.yaml", drafting.DEFAULT_TEMPLATE),
    (ROOT / "examples/2023/c-基金采购专项.yaml", drafting.DEFAULT_TEMPLATE),
    (ROOT / "examples/2023/d-按元填写.yaml", drafting.DEFAULT_TEMPLATE),
    (ROOT / "inputs/2023/区政府办公室.yaml", SHORT_FORM),
], ids=["2022", "2023", "a", "b", "c", "d", "e-简式"])
def test_our_own_drafts_audit_without_errors_or_warnings(tmp_path, source, template):
    out = drafting.draft(source, tmp_path / "初稿.docx", template).out_path
    assert [f for f in audit_document(out) if f.severity != "提示"] == []


# One planted defect per document, after the title line; (rule, severity, paragraph, message) exactly.
PLANTED = {
    "rate-against-amounts": (
        ["区统计局2023年“三公”经费预算为2.7万元，比上年减少0.06万元，减幅0.02%。"],
        ("AUD-01", "错误", "第2段", "“比上年减少0.06万元，减幅0.02%”：按本年2.7万元、减少0.06万元，上年应为2.76万元，"
                                    "幅度应为2.17%，文中写0.02%。请改为“减少0.06万元，减幅2.17%”。")),
    "rate-one-unit-off": (
        ["公务接待费3.4万元，比2022年增加0.4万元，增长13.34%。"],
        ("AUD-01", "提示", "第2段", "“比2022年增加0.4万元，增长13.34%”：按本年3.4万元、增加0.4万元，上年应为3万元，"
                                    "幅度应为13.33%，文中写13.34%（只差末位一个单位，可能是用未四舍五入的金额算的）。"
                                    "请改为“增加0.4万元，增长13.33%”。")),
    "slight-that-is-not": (
        ["公务接待费100.1万元，比上年增加0.1万元，增幅不足0.01%。"],
        ("AUD-01", "错误", "第2段", "“比上年增加0.1万元，增幅不足0.01%”：按本年100.1万元、增加0.1万元，上年应为100万元，"
                                    "幅度为0.1%，不是不足0.01%。请改为“增加0.1万元，增长0.1%”。")),
    "directions-disagree": (
        ["公务接待费5万元，较上年减0.04万元，增0.01%。"],
        ("AUD-02", "错误", "第2段", "“较上年减0.04万元，增0.01%”：金额说减，幅度却说增，方向前后矛盾。"
                                    "请按两年的数字把增减方向写成一致（增加与增长，减少与下降）。")),
    "increase-of-zero": (
        ["公务接待费5万元，比上年增加0万元。"],
        ("AUD-03", "错误", "第2段", "“比上年增加0万元”：变化为0，不应写增加。请改为“与上年持平”（年份照写）；"
                                    "没有增减时一般不写主要原因。")),
    "fall-of-zero-percent": (
        ["公务接待费5万元，同比下降0%。"],
        ("AUD-03", "错误", "第2段", "“同比下降0%”：幅度为0%，不应写下降。有增减但幅度很小时写“降幅不足0.01%”，"
                                    "没有增减时写“与上年持平”。")),
    "rate-on-zero-base": (
        ["公务用车购置费2.5万元，比2022年增加2.5万元，增长100%。"],
        ("AUD-04", "错误", "第2段", "“比2022年增加2.5万元，增长100%”：按本年2.5万元、增加2.5万元，上年应为0万元，"
                                    "上年为0时没有增长率。请删去幅度，写“（上年无此项预算）”。")),
    "zero-projects": (
        ["我单位负责管理的专项转移支付项目共有0项，主要是：0项目0万元、0项目0万元等。"],
        ("AUD-05", "错误", "第2段", "“共有0项，主要是：0项目0万元、0项目0万元等。”：列举了0个项目、0万元。"
                                    "没有项目时只写一句，如“我单位2023年无负责管理的专项转移支付项目。”")),
    "share-against-amount": (
        ["区统计局2023年支出合计520万元，其中：基本支出380万元，占73.08%；项目支出140万元，占36.92%。"],
        ("AUD-06", "错误", "第2段", "“140万元，占36.92%”：140万元÷520万元＝26.92%，文中写36.92%。请改为“占26.92%”。")),
    "shares-off-by-rounding": (
        ["区统计局2023年支出合计520万元，其中：基本支出380万元，占73.08%；项目支出140万元，占26.93%。"],
        ("AUD-06", "提示", "第2段", "同一组的占比相加为100.01%，不是100%（73.08%＋26.93%）。"
                                    "请按最大余额法调整末位，使各项相加恰为100%。")),
    "parts-against-total": (
        ["区统计局2023年收入合计520万元，其中：一般公共预算500万元；事业收入30万元。"],
        ("AUD-07", "错误", "第2段", "“区统计局2023年收入合计520万元，其中：一般公共预算500万元；事业收入30万元。”：合计520万元，"
                                    "而500万元＋30万元＝530万元，相差10万元。请按报表核对合计和各项。")),
    "three-public-items": (
        ["我单位2023年“三公”经费预算为9.5万元。", "（一）因公出国（境）费3万元。", "（二）公务用车购置及运行费6.1万元。",
         "（三）公务接待费3.4万元。"],
        ("AUD-07", "错误", "第2段", "“三公”经费9.5万元，而因公出国（境）费3万元＋公务用车购置及运行费6.1万元＋公务接待费3.4万元"
                                    "＝12.5万元。“三公”经费应等于三项之和，请核对。")),
    "income-and-spending-totals": (
        ["区统计局2023年收入总计520万元，支出总计510万元。"],
        ("AUD-07", "错误", "第2段", "“收入总计520万元，支出总计510万元”：收入总计与支出总计应相等（收支平衡），文中相差10万元。"
                                    "请核对两个总计。")),
    "another-year": (
        ["2021年，我单位共组织对4个项目进行了预算绩效评价。"],
        ("AUD-08", "警告", "第2段", "出现了2021年：本说明是2023年预算，只应出现2023年和2022年。"
                                    "“2021年，我单位共组织对4个项目进行了预算绩效评价。”若是往年文字未改，请改为2023年或2022年。")),
    "department-and-unit": (
        ["区统计局2023年度部门预算情况说明"],
        ("AUD-09", "警告", "第2段", "第1段称“单位预算”，这里称“部门预算”。含所属单位的汇总预算称“部门预算”，"
                                    "只有本级的称“单位预算”，请全文统一。")),
    "template-residue": (
        ["与2022年相比，收、支总计各增加（减少）XX万元。"],
        ("AUD-10", "错误", "第2段", "模板残留“增加（减少）”“XX”：“与2022年相比，收、支总计各增加（减少）XX万元。”。"
                                    "请按实际数字写出（增加或减少只留一个，XX 换成实际内容）。")),
    "none-beside-a-figure": (
        ["我单位2023年没有使用政府性基金预算拨款安排的支出。", "区统计局2023年政府性基金预算支出30万元。"],
        ("AUD-11", "错误", "第2段", "这里说没有政府性基金预算支出（“没有使用政府性基金预算拨款安排的支出。”），"
                                    "第3段却写了“政府性基金预算支出30万元”。请核对：确实没有就删去金额，有就改写这一句。")),
    "reason-for-no-change": (
        ["预算数与2022年持平。主要原因：预算数与2022年持平。"],
        ("AUD-12", "警告", "第2段", "“主要原因：预算数与2022年持平”只是重复了数字，不是原因：没有增减的项目不写主要原因，"
                                    "请删去这一句。")),
    "spaces": (
        ["区统计局收支总计与 2022年持平。"],
        ("AUD-13", "提示", "第2段", "多余的空格（如“支总计与 2022”）。中文里不留空格，标点用全角（；：，）。")),
    "level-of-government": (
        ["一、财政拨款收入：是指省级财政当年拨付的资金。"],
        ("AUD-14", "警告", "第2段", "“一、财政拨款收入：是指省级财政当年拨付的资金。”写的是“省级财政”，而区统计局是区级单位。"
                                    "请改为“区级财政”。")),
}


@pytest.mark.parametrize("lines, expected", PLANTED.values(), ids=PLANTED.keys())
def test_one_planted_defect_gives_exactly_its_finding(lines, expected):
    assert rows(audit_paragraphs("例.txt", [TITLE] + lines)) == [expected]


def test_the_clean_synthetic_document_has_no_finding():
    lines = ["区统计局2023年“三公”经费预算为2.7万元，比上年减少0.06万元，下降2.17%。",
             "公务接待费300.01万元，比上年增加0.01万元，增幅不足0.01%。",
             "公务用车购置费2.5万元，比2022年增加2.5万元（2022年无此项预算）。"]
    assert audit_paragraphs("例.txt", [TITLE] + lines) == []


def test_a_hand_made_docx_and_a_gb18030_text(tmp_path):
    document = Document()
    for line in (TITLE, "公务接待费5万元，较上年减0.04万元，增0.01%。"):
        document.add_paragraph(line)
    document.add_paragraph("")  # empty paragraphs are not counted
    document.add_paragraph("公务接待费5万元，比上年增加0万元。")
    document.save(str(tmp_path / "手工.docx"))
    assert [(f.rule, f.field) for f in audit_document(tmp_path / "手工.docx")] == [("AUD-02", "第2段"), ("AUD-03", "第3段")]
    (tmp_path / "旧稿.txt").write_bytes(f"{TITLE}\n公务接待费5万元，比上年增加0万元。\n".encode("gb18030"))
    assert [(f.rule, f.field) for f in audit_document(tmp_path / "旧稿.txt")] == [("AUD-03", "第2段")]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice (soffice) to make the PDF and poppler-utils (pdftotext) to read it")
def test_a_published_pdf_reads_back_paragraph_for_paragraph(tmp_path, example_draft):
    shutil.copy(example_draft, tmp_path / "说明.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "说明.docx")],
                   check=True, capture_output=True, timeout=180)
    assert rows(audit_document(tmp_path / "说明.pdf")) == [NOTE_1909]


def test_cli_lists_findings_and_exits_1_on_an_error(capsys):
    code, out, _ = run(capsys, "audit", str(PUBLISHED))
    assert code == 1
    assert out.splitlines()[0] == "【错误】9 条"
    assert out.splitlines()[-1] == "检查结果：错误 9 条，警告 5 条，提示 8 条。"


def test_cli_json_like_check(capsys):
    code, out, _ = run(capsys, "audit", str(GOLDEN / "examples/b-收支下降.txt"), "--format", "json")
    assert code == 0
    assert json.loads(out) == {"file": str(GOLDEN / "examples/b-收支下降.txt"),
                               "summary": {"error": 0, "warning": 0, "note": 0},
                               "severity_labels": {"error": "错误", "warning": "警告", "note": "提示"}, "findings": []}


@pytest.mark.parametrize("name, content, message", [
    ("说明.doc", b"x", "只能审核 .docx、.pdf（带文字层）或 .txt 文件。旧版 .doc 请在 Word/WPS 中另存为 .docx。"),
    ("说明.txt", b"\xff\xfe\x00\xd8\x00\x00" * 3, "既不是 UTF-8 也不是 GB18030（GBK）编码的文字。请在记事本中“另存为”UTF-8 后再审核。"),
    ("说明.docx", b"not a zip", "不是可用的 Word 文档（.docx）。请用 Word 或 WPS 打开后另存为 .docx。"),
    ("空.txt", "\n  \n".encode("utf-8"), "文件里没有文字，没有可审核的内容。请确认选对了文件。"),
])
def test_unreadable_files_get_a_message_and_exit_1(tmp_path, capsys, name, content, message):
    (tmp_path / name).write_bytes(content)
    code, out, err = run(capsys, "audit", str(tmp_path / name))
    assert (code, out) == (1, "")
    assert f"  {tmp_path / name}：{message}" in err.splitlines()
