"""Rounding and number formatting: the only place that rounds, and the only user of cn2an.

财政口径：金额以万元计，四舍五入保留两位小数，去掉末尾的 0；百分比同样保留两位。
Every function takes and returns Decimal (or text); float never enters.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

CENT = Decimal("0.01")
"""Display precision of amounts in 万元 and of percentages (两位小数)."""

HUNDRED = Decimal(100)

QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(5))
"""The quantum of 0 to 4 decimals (1, 0.1 … 0.0001), made once: round_half_up needs one hundreds of times a draft."""

# Printed units per 万元: amounts are held in 万元 and printed in the unit the office publishes in.
UNIT_SCALE = {"万元": Decimal(1), "元": Decimal(10000)}


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Return *value* rounded half up (四舍五入) to *places* decimals, never -0.

    >>> round_half_up(Decimal("2.675")), round_half_up(Decimal("2.345")), round_half_up(Decimal("-0.001"))
    (Decimal('2.68'), Decimal('2.35'), Decimal('0.00'))
    """
    quantum = QUANTA[places] if 0 <= places < len(QUANTA) else Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    # -0.00 would print as "-0"; a zero is a zero whatever its sign.
    return rounded.copy_abs() if rounded == 0 else rounded


def plain(value: Decimal) -> str:
    """Return *value* as plain digits with trailing zeros (and a bare point) dropped.

    >>> plain(Decimal("16.40")), plain(Decimal("448.00")), plain(Decimal("1E+3"))
    ('16.4', '448', '1000')
    """
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value: Decimal, places: int = 2) -> str:
    """Return *value* rounded half up to *places* decimals, trailing zeros dropped.

    >>> format_number(Decimal("1909.625")), format_number(Decimal("5.00"))
    ('1909.63', '5')
    """
    return plain(round_half_up(value, places))


def format_amount(amount_wan: Decimal, unit: str = "万元", places: int = 2) -> str:
    """Return an amount as the published text writes it: number then unit.

    >>> format_amount(Decimal("1909.62")), format_amount(Decimal("16.40")), format_amount(Decimal("0"))
    ('1909.62万元', '16.4万元', '0万元')
    """
    return format_number(amount_wan, places) + unit


def format_percent(ratio: Decimal, places: int = 2) -> str:
    """Return a ratio (0.1853, not 18.53) as a percentage, trailing zeros dropped.

    >>> format_percent(Decimal("3.52302")), format_percent(Decimal("0.972"))
    ('352.3%', '97.2%')
    """
    return format_number(ratio * HUNDRED, places) + "%"


def percent_is_zero(ratio: Decimal, places: int = 2) -> bool:
    """Return True when *ratio* prints as 0% at *places* decimals.

    >>> percent_is_zero(Decimal("0.00004")), percent_is_zero(Decimal("0.00005"))
    (True, False)
    """
    return round_half_up(ratio * HUNDRED, places) == 0


def smallest_percent(places: int = 2) -> str:
    """Return the smallest nonzero percentage printable at *places* decimals.

    >>> smallest_percent()
    '0.01%'
    """
    if 0 <= places < len(SMALLEST_PERCENTS):
        return SMALLEST_PERCENTS[places]
    return plain(Decimal(1).scaleb(-places)) + "%"


SMALLEST_PERCENTS = tuple(plain(quantum) + "%" for quantum in QUANTA)
"""smallest_percent() of 0 to 4 decimals, made once: every change clause names it."""


def shares(parts: list[Decimal], places: int = 2) -> list[Decimal]:
    """Return each part's share as a ratio, rounded so the printed shares add up to 100%.

    Largest-remainder rule (最大余额法): every share is first cut down to the display
    precision; the units still missing to reach 100% go, one each, to the parts whose
    cut-off remainders were largest (the earlier part wins a tie). Plain rounding can
    print 33.33% three times (99.99%); this cannot. Negative parts are treated as zero
    (the checks report them); when all parts are zero every share is zero.

    >>> [format_percent(s) for s in shares([Decimal("353.89"), Decimal("1555.73")])]
    ['18.53%', '81.47%']
    >>> [format_percent(s) for s in shares([Decimal(1)] * 3)]
    ['33.34%', '33.33%', '33.33%']
    """
    return list(_shares(tuple(parts), places))


@lru_cache(maxsize=64)
def _shares(parts: tuple[Decimal, ...], places: int) -> tuple[Decimal, ...]:
    """Return shares() of *parts*, remembered: the checks, the context and the self-check each share out
    the same groups. The result depends only on the parts' values (not on how many zeros they carry)."""
    weights = [max(part, Decimal(0)) for part in parts]
    base = sum(weights, Decimal(0))
    if base == 0:
        return tuple(Decimal(0) for _ in parts)
    unit = Decimal(1).scaleb(-(places + 2))  # one printed unit, as a ratio: 0.0001 = 0.01%
    exact = [weight / base for weight in weights]
    floors = [share.quantize(unit, rounding=ROUND_DOWN) for share in exact]
    missing_units = int((Decimal(1) - sum(floors, Decimal(0))) / unit)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:missing_units]:
        floors[index] += unit
    return tuple(floors)


# cn2an.an2cn(1) … cn2an.an2cn(99), stored: importing cn2an costs ~110 ms (it compiles
# hundreds of regexes for text normalisation), more than a whole render. tests/test_money.py
# checks the table against cn2an itself; larger numbers are asked of cn2an directly.
NUMERALS_1_TO_99 = (
    "一 二 三 四 五 六 七 八 九 十 "
    "十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
    "二十一 二十二 二十三 二十四 二十五 二十六 二十七 二十八 二十九 三十 "
    "三十一 三十二 三十三 三十四 三十五 三十六 三十七 三十八 三十九 四十 "
    "四十一 四十二 四十三 四十四 四十五 四十六 四十七 四十八 四十九 五十 "
    "五十一 五十二 五十三 五十四 五十五 五十六 五十七 五十八 五十九 六十 "
    "六十一 六十二 六十三 六十四 六十五 六十六 六十七 六十八 六十九 七十 "
    "七十一 七十二 七十三 七十四 七十五 七十六 七十七 七十八 七十九 八十 "
    "八十一 八十二 八十三 八十四 八十五 八十六 八十七 八十八 八十九 九十 "
    "九十一 九十二 九十三 九十四 九十五 九十六 九十七 九十八 九十九 "
).split()


def chinese_numeral(number: int) -> str:
    """Return the Chinese numeral used in ordinals such as （十九） and 一、 (cn2an's spelling).

    >>> chinese_numeral(1), chinese_numeral(10), chinese_numeral(19), chinese_numeral(101)
    ('一', '十', '十九', '一百零一')
    """
    if 1 <= number <= len(NUMERALS_1_TO_99):
        return NUMERALS_1_TO_99[number - 1]
    import cn2an

    return cn2an.an2cn(number)


def capital_amount_yuan(amount_yuan: Decimal) -> str:
    """Return the 大写金额 of an amount in 元, rounded half up to 分 first.

    cn2an cuts digits below 分 instead of rounding them, so round here first.

    >>> capital_amount_yuan(Decimal("1909.625"))
    '壹仟玖佰零玖元陆角叁分'
    """
    import cn2an

    return cn2an.an2cn(f"{round_half_up(amount_yuan, 2):f}", "rmb")
