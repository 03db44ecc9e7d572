"""The catalogue is the one list of figures: checks, shares and variables follow it, and it has no drift."""

from __future__ import annotations

import re

from generator import drafting, schema
from generator.checks import WARNING

from helpers import edited_example, paragraphs


def test_every_printed_share_group_is_checked_and_none_prints_zero_percent(tmp_path):
    """The drift case: 政府采购 货物 10000 and 工程 0.1 printed "工程预算0.1万元，占0%" with no warning."""
    source = edited_example(
        tmp_path,
        (r"^  合计: 0\n  货物: 0\n  工程: 0\n", "  合计: 10000.1\n  货物: 10000\n  工程: 0.1\n"),
    )
    result = drafting.draft(source, tmp_path / "out.docx")
    warned = [(f.rule, f.field) for f in result.findings if f.severity == WARNING]
    assert ("PLA-02", "政府采购.工程") in warned
    text = "\n".join(paragraphs(tmp_path / "out.docx"))
    assert "政府采购工程预算0.1万元，占比不足0.01%" in text
    assert not re.search(r"占0%", text)


def test_share_groups_come_from_the_catalogue():
    groups = [(path, total.shares) for path, _, total in schema.sums() if total.shares]
    assert groups == [
        ("收入.合计", "income"), ("支出.合计", "expenditure"), ("一般公共预算支出.合计", "function_classes"),
        ("一般公共预算支出.基本支出.合计", "basic_expenditure"), ("一般公共预算支出.基本支出.合计", "economic_classes"),
        ("政府性基金预算支出", "fund_details"), ("国有资本经营预算支出", "fund_details"), ("政府采购.合计", "procurement"),
    ]


def test_every_identity_rule_is_in_the_rule_table():
    from generator.checks import RULES

    assert {total.rule for _, _, total in schema.sums()} <= set(RULES)


def test_the_readme_rule_table_is_the_rule_catalogue():
    from generator.reference import rules_table
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("请勿手工修改 -->\n") + len("请勿手工修改 -->\n")
    assert readme[start:readme.index("<!-- 规则表结束 -->")] == rules_table(), "run: python -m generator rules"
    assert "| BAL-06 | 错误（尾差为提示） |" in rules_table() and "| PLA-02 | 警告 |" in rules_table()
