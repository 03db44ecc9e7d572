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
DECIMAL_TEXT = re.compile(r"^-?\d+(?:\.\d+)?$")
GROUPED_TEXT = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
AMOUNT_PLACES = 2  # 金额以万元计，最多两位小数（到“元”的百位）


def parse_decimal(text: str) -> Decimal | None:
    """Return the number written in *text*, accepting full-width digits and 千分位 commas.

    >>> parse_decimal("１９０９．６２"), parse_decimal("1,909.62"), parse_decimal("19O9.62")
    (Decimal('1909.62'), Decimal('1909.62'), None)
    """
    normal = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if GROUPED_TEXT.match(normal):
        normal = normal.replace(",", "")
    if not DECIMAL_TEXT.match(normal):
        return None
    return Decimal(normal)


def clean_text(text: str) -> tuple[str, bool]:
    """Return *text* without XML-forbidden characters and outer blanks, and whether any were removed.

    >>> clean_text(" 会议\\v费 ")
    ('会议费', True)
    """
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = strip_forbidden(unified)
    return cleaned.strip(), cleaned != unified
