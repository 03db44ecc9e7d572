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
