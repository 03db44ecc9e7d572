"""The reviewed examples: what real budget documents contain, and an office's own template.

Each golden text in tests/golden/examples/ was read line by line against its input and the
rules before it was committed; (d) is the office's 2023 numbers entered in 元 and must give
exactly the reviewed 2023 text.
"""

from __future__ import annotations

import pytest

from generator import drafting
from helpers import GOLDEN, ROOT, paragraphs

SHORT_FORM = ROOT / "generator" / "templates" / "简式说明模板.docx"
CASES = [
    ("a-事业单位", ROOT / "examples/2023/a-事业单位.yaml", drafting.DEFAULT_TEMPLATE, GOLDEN / "examples/a-事业单位.txt"),
    ("b-收支下降", ROOT / "examples/2023/b-收支下降.yaml", drafting.DEFAULT_TEMPLATE, GOLDEN / "examples/b-收支下降.txt"),
    ("c-基金采购专项", ROOT / "examples/2023/c-基金采购专项.yaml", drafting.DEFAULT_TEMPLATE,
     GOLDEN / "examples/c-基金采购专项.txt"),
    ("d-按元填写", ROOT / "examples/2023/d-按元填写.yaml", drafting.DEFAULT_TEMPLATE,
     GOLDEN / "expected-2023-区政府办公室.txt"),
    ("e-简式模板", ROOT / "inputs/2023/区政府办公室.yaml", SHORT_FORM, GOLDEN / "examples/e-简式模板.txt"),
    # Regional wording: each template has its rules file beside it (X.rules.yaml), picked up by draft.
    ("f-市属单位较上年", ROOT / "examples/2023/f-市属单位较上年/市卫生健康委员会.yaml",
     ROOT / "examples/2023/f-市属单位较上年/市级模板.docx", GOLDEN / "examples/f-市属单位较上年.txt"),
    ("g-县级同比按元公布", ROOT / "examples/2023/g-县级同比按元公布/县农业农村局.yaml",
     ROOT / "examples/2023/g-县级同比按元公布/县级模板.docx", GOLDEN / "examples/g-县级同比按元公布.txt"),
]


@pytest.mark.parametrize("name, source, template, golden", CASES, ids=[c[0] for c in CASES])
def test_example_equals_its_reviewed_text(tmp_path, name, source, template, golden):
    result = drafting.draft(source, tmp_path / "初稿.docx", template)
    assert not result.errors, result.errors
    got = paragraphs(result.out_path, keep_empty=True)
    want = [line.strip() for line in golden.read_text(encoding="utf-8").splitlines()]
    for number, (g, w) in enumerate(zip(got, want), start=1):
        assert g == w, f"{name}: paragraph {number} differs"
    assert len(got) == len(want)


def test_the_examples_cover_what_the_issue_lists():
    """Guard the examples' purpose: each shows the content it was made for."""
    a = (GOLDEN / "examples/a-事业单位.txt").read_text(encoding="utf-8")
    assert "事业收入132.3万元，占21.6%" in a and "上年结转结余50万元" in a and "单位预算" in a
    b = (GOLDEN / "examples/b-收支下降.txt").read_text(encoding="utf-8")
    assert "各减少90万元" in b and "（2022年无此项预算）" in b and "未安排因公出国（境）费预算，预算数比2022年减少3万元" in b
    assert "减少0.7万元，下降16.28%" in b and "增加0.4万元，增长13.33%" in b
    c = (GOLDEN / "examples/c-基金采购专项.txt").read_text(encoding="utf-8")
    assert "政府性基金预算支出2600万元" in c and "预留给中小企业" in c and "共有2项" in c and "通用设备2台（套）" in c
    assert "行政运行（2120101）590.1万元" in c
    e = (GOLDEN / "examples/e-简式模板.txt").read_text(encoding="utf-8")
    assert e.splitlines()[1:3] == ["一、基本情况", "（一）主要职责"] and "三、“三公”经费情况说明" in e


def test_publishing_in_yuan_with_one_decimal(tmp_path):
    from helpers import edited_example

    source = edited_example(tmp_path, (r"^单位:$", "设置:\n  公布单位: 元\n  百分比小数位: 1\n\n单位:"))
    result = drafting.draft(source, tmp_path / "初稿.docx")
    assert not result.errors, result.errors
    text = "\n".join(paragraphs(result.out_path))
    assert "收入总计19096200元，支出总计19096200元，与2022年相比，收、支总计各增加14874200元，增长352.3%" in text
    # one decimal, and still exactly 100%: 97.2 + 1.7 + 1.1
    assert "一般公共服务（类）支出18561400元，占97.2%；社会保障和就业（类）支出319900元，占1.7%；卫生健康（类）支出214800元，占1.1%" in text
    assert "机关运行经费支出预算4480000元" in text


def test_the_regional_examples_show_what_they_were_made_for():
    f = (GOLDEN / "examples/f-市属单位较上年.txt").read_text(encoding="utf-8")
    assert "机关本级预算和市属单位预算" in f and "市级财政" in f
    assert "项目支出较上年增加150万元，增长9.09%，主要原因：新增慢性病防控项目" in f
    assert "对附属单位补助支出较上年减少50万元（本年无此项支出）" in f and "100%" not in f.split("（三）")[0]
    assert "卫生健康（类）支出较上年增加200万元，增长8%" in f
    assert "机关运行经费较上年增加5万元，增长2.86%，主要原因：新增办公用房物业费" in f
    assert "公务用车购置及运行费预算数较上年减少1万元，下降10%" in f
    assert f.index("（二）公务接待费") < f.index("（三）公务用车购置及运行费")
    assert "占项目支出的100%" in f and "通用设备" not in f and "特种专业技术用车" not in f
    g = (GOLDEN / "examples/g-县级同比按元公布.txt").read_text(encoding="utf-8")
    assert "我单位2023年未安排“三公”经费预算。" in g and "具体支出情况" not in g
    assert "2022年，我单位未组织项目预算绩效评价。" in g and "0个项目" not in g
    assert "收入总计5205000元" in g and "同比无变化" in g and "2022年8月31日" in g and "县级财政" in g
    assert "与2022年相比" not in g and "县属单位" in g


def test_the_short_form_says_no_projects_instead_of_0个项目(tmp_path):
    """A unit with no projects to evaluate or with targets: the short form says so, as the long form's rules do."""
    from helpers import edited_example

    source = edited_example(tmp_path, (r"^  本年拟评价:.*\n    项目数: 26\n    金额: 290.98$", "  本年拟评价:\n    项目数: 0\n    金额: 0"),
                            (r"^  本年绩效目标:.*\n    项目数: 26\n    金额: 290.98$", "  本年绩效目标:\n    项目数: 0\n    金额: 0"))
    result = drafting.draft(source, tmp_path / "初稿.docx", SHORT_FORM)
    assert not result.errors, result.errors
    [performance] = [p for p in paragraphs(result.out_path) if p.startswith("（三）预算绩效")]
    assert performance == "（三）预算绩效：2023年未安排项目绩效评价；未对项目设立绩效目标。"
    with_projects = (GOLDEN / "examples/e-简式模板.txt").read_text(encoding="utf-8")
    assert "（三）预算绩效：2023年拟对26个项目开展绩效评价，涉及资金290.98万元；已对26个项目设立绩效目标，涉及资金290.98万元。" in with_projects
