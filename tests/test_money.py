"""money.py against its outside authority: the stored numerals are cn2an's."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest

from generator import money


def test_stored_numerals_are_exactly_cn2ans():
    assert money.NUMERALS_1_TO_99 == [cn2an.an2cn(n) for n in range(1, 100)]


@pytest.mark.parametrize("number, numeral", [(1, "一"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"),
                                             (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十")])
def test_chinese_numeral(number, numeral):
    assert money.chinese_numeral(number) == numeral


@pytest.mark.parametrize("yuan, capital", [
    ("1909.625", "壹仟玖佰零玖元陆角叁分"),   # cn2an alone would cut 0.005 off: 贰分
    ("100", "壹佰元整"),
    ("0.5", "伍角"),
])
def test_capital_amount_rounds_half_up_to_fen_first(yuan, capital):
    assert money.capital_amount_yuan(Decimal(yuan)) == capital


def test_no_float_anywhere_in_rounding():
    assert money.round_half_up(Decimal("2.675")) == Decimal("2.68")  # float 2.675 is 2.67499…
    assert round(2.675, 2) == 2.67  # the trap this module exists to avoid
