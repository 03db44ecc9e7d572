"""Turning the text staff typed into numbers and clean text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from generator.xmlchars import strip_forbidden

# Staff paste duties with their old numbering; the template numbers them itself.
LEADING_ORDINAL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百]+[）)]|\d+\s*[、.．])\s*")
# A reason is followed by the sentence's own punctuation: drop the staff's.
TRAILING_PUNCTUATION = "。；，、;,. \n"
DECIMAL_TEXT = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
GROUPED_TEXT = re.compile(r"^-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")
AMOUNT_PLACES = 2  # 金额以万元计，最多两位小数（到“元”的百位）

# What staff type for a digit, a point, a comma and a minus sign, and what it means: full-width
# forms from Chinese input methods, and the minus signs of Word (U+2212) and of WPS (U+FF0D).
# Nothing else is translated: NFKC would turn "4⁴8" into 448 and "①" into 1.
NUMBER_FORMS = str.maketrans({
    **{chr(0xFF10 + d): str(d) for d in range(10)},
    "．": ".", "，": ",", "\u2212": "-", "\uff0d": "-",
})
# 10^12 万元 is 10^16 元, some 400 times the whole country's yearly budget: anything larger is a
# typing accident, and refusing it keeps every sum within Decimal's 28 digits.
MAX_AMOUNT_WAN = Decimal(10) ** 12


def parse_decimal(text: str) -> Decimal | None:
    """Return the number written in *text*, accepting full-width digits, 千分位 commas and any minus sign.

    >>> parse_decimal("１９０９．６２"), parse_decimal("1,909.62"), parse_decimal("\u2212448")
    (Decimal('1909.62'), Decimal('1909.62'), Decimal('-448'))
    >>> parse_decimal("19O9.62"), parse_decimal("4⁴8"), parse_decimal("1e30"), parse_decimal("NaN")
    (None, None, None, None)
    """
    if DECIMAL_TEXT.fullmatch(text):  # typed plainly (nearly every figure): nothing to translate or remove
        return Decimal(text)
    normal = "".join(text.translate(NUMBER_FORMS).split())  # every blank, the ideographic and no-break ones too
    if GROUPED_TEXT.match(normal):
        normal = normal.replace(",", "")
    if not DECIMAL_TEXT.match(normal):
        return None
    return Decimal(normal)


def odd_digit(text: str) -> str | None:
    """Return the first character of *text* that looks like a digit but is not one staff may type.

    >>> odd_digit("4⁴8"), odd_digit("②"), odd_digit("１２")
    ('⁴', '②', None)
    """
    ordinary = set("0123456789") | {chr(0xFF10 + d) for d in range(10)}
    # Nd: digits of other scripts (٤); No: superscripts, circled digits; Nl: Roman numerals. 一二三 are letters.
    return next((ch for ch in text if ch not in ordinary and unicodedata.category(ch) in ("Nd", "No", "Nl")), None)


def not_a_number_hint(text: str) -> str:
    """Return advice for an amount that is not a number (empty when there is none to give).

    >>> not_a_number_hint("4⁴8")
    '其中“⁴”不是普通数字（上标、圈码、罗马数字等），请改用 0–9。'
    """
    digit = odd_digit(text)
    if digit:
        return f"其中“{digit}”不是普通数字（上标、圈码、罗马数字等），请改用 0–9。"
    if re.search("[万元亿]", text):
        return "不要写单位，"
    if re.fullmatch(r"\s*[-+]?(?:[0-9.]+[eE][-+]?[0-9]+|nan|inf|infinity)\s*", text, re.IGNORECASE):
        return "不接受科学计数法（如 1e6）或 NaN、Infinity，"
    return ""


def implausible_amount(amount_wan: Decimal) -> bool:
    """Return whether an amount in 万元 is too large to be a budget figure (see MAX_AMOUNT_WAN).

    >>> implausible_amount(Decimal("999999999999.99")), implausible_amount(Decimal("-1E+12"))
    (False, True)
    """
    return abs(amount_wan) >= MAX_AMOUNT_WAN


def implausible_message(text: str, unit: str) -> str:
    """Return the message for an amount at or above MAX_AMOUNT_WAN, as typed in *unit*."""
    return (f"金额“{text.strip()}”（单位{unit}）大得不合常理：上限是一万亿万元（10^12 万元，即一亿亿元）。"
            "请检查是否多打了数字，或“设置.填写单位”写错了。")


def clean_text(text: str) -> tuple[str, bool]:
    """Return *text* without XML-forbidden characters and outer blanks, and whether any were removed.

    >>> clean_text(" 会议\\v费 ")
    ('会议费', True)
    """
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = strip_forbidden(unified)
    return cleaned.strip(), cleaned != unified
