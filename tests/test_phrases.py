"""Every phrase rule × variant against its worked example in phrase_cases.yaml."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator import money
from generator.model import Compared
from generator.phrases import CHANGE_VARIANTS

CASES = yaml.safe_load((Path(__file__).with_name("phrase_cases.yaml")).read_text(encoding="utf-8"))
YEAR = 2023


def case_id(case: dict) -> str:
    return f"{case['rule']}.{case['variant']}:{case.get('this', '')}/{case.get('last', '')}"


@pytest.mark.parametrize("case", CASES["changes"], ids=case_id)
def test_change_sentence(book, case):
    change = Compared(Decimal(case["this"]), Decimal(case["last"]), case.get("reason"))
    assert book.classify(change) == case["variant"]
    assert book.change(case["rule"], change, YEAR, case.get("subject", "")) == case["expect"]


@pytest.mark.parametrize("case", CASES["sentences"], ids=lambda c: f"{c['rule']}.{c['variant']}")
def test_sentence(book, case):
    assert book.sentence(case["rule"], case["variant"], **case["slots"]) == case["expect"]


def test_every_rule_and_variant_has_a_worked_example(book):
    covered = {(c["rule"], c["variant"]) for c in CASES["changes"]}
    wanted = {(rule, variant) for rule in book.changes for variant in CHANGE_VARIANTS}
    assert wanted - covered == set()
    covered = {(c["rule"], c["variant"]) for c in CASES["sentences"]}
    wanted = {(rule, variant) for rule, variants in book.sentences.items() for variant in variants}
    assert wanted - covered == set()


def test_every_change_rule_with_a_reason_appends_it(book):
    for rule in book.changes:
        text = book.change(rule, Compared(Decimal(2), Decimal(1), "原因甲"), YEAR)
        assert text.endswith("主要原因：原因甲"), rule
        assert "原因甲" not in book.change(rule, Compared(Decimal(2), Decimal(1)), YEAR)


@pytest.mark.parametrize("case", CASES["shares"], ids=lambda c: "+".join(c["parts"]))
def test_shares_print_to_exactly_100_percent(case):
    ratios = money.shares([Decimal(p) for p in case["parts"]])
    assert [money.format_percent(r) for r in ratios] == case["expect"]
    if any(Decimal(p) for p in case["parts"]):
        assert sum(ratios) == 1


@pytest.mark.parametrize("case", CASES["amounts"], ids=lambda c: c["value"])
def test_amount_format(case):
    assert money.format_amount(Decimal(case["value"])) == case["expect"]


@pytest.mark.parametrize("case", CASES["percents"], ids=lambda c: c["ratio"])
def test_percent_format(case):
    assert money.format_percent(Decimal(case["ratio"])) == case["expect"]


def test_no_change_sentence_ever_says_zero(book):
    """Sweep small differences around the rounding edge: never 增加0万元, 减少0万元 or 0%."""
    for last in ("0", "0.004", "5", "1000000"):
        for delta in ("0", "0.001", "0.004", "0.005", "0.006", "0.01", "-0.004", "-0.005", "-0.01"):
            change = Compared(Decimal(last) + Decimal(delta), Decimal(last))
            for rule in book.changes:
                text = book.change(rule, change, YEAR)
                for bad in ("增加0万元", "减少0万元", "增长0%", "下降0%", "-"):
                    assert bad not in text, (rule, last, delta, text)


def test_a_zero_item_of_a_share_list_has_no_share(book):
    items = [{"label": "事业收入", "amount": "132.3万元", "share": "21.6%"}, {"label": "政府性基金收入", "amount": "0万元", "share": None}]
    assert book.join("shares", items) == "事业收入132.3万元，占21.6%；政府性基金收入0万元"


def test_a_share_too_small_to_print_says_so_instead_of_zero(book):
    items = [{"label": "货物", "amount": "10000万元", "share": "100%"},
             {"label": "工程", "amount": "0.1万元", "share": "0%", "min_share": "0.01%"}]
    assert book.join("shares", items) == "货物10000万元，占100%；工程0.1万元，占比不足0.01%"
    classes = [{"label": "一般公共服务", "amount": "1909.61万元", "share": "100%"},
               {"label": "卫生健康", "amount": "0.01万元", "share": "0%", "min_share": "0.01%"}]
    assert book.join("function_classes", classes) == "一般公共服务（类）支出1909.61万元，占100%；卫生健康（类）支出0.01万元，占比不足0.01%"
