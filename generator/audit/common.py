"""What every audit rule shares: figures read from text, the document's year, and how a finding is made."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from generator.checks import RULES, Finding
from generator.money import plain, round_half_up

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MONEY_UNITS = {"亿元": Decimal(100000000), "万元": Decimal(10000), "元": Decimal(1)}
AMOUNT = re.compile(rf"(?<![\d.])(?P<num>{NUMBER})(?P<unit>亿元|万元|元)")
YEAR = re.compile(r"(?<!\d)((?:19|20|21)\d{2})年")
SENTENCE = re.compile(r"[^。！？]*[。！？]?")
QUOTE_CHARS = 60


@dataclass(frozen=True)
class Figure:
    """A printed amount: its text, its value in 元, its decimals as printed, and where it is."""

    text: str
    yuan: Decimal
    printed: Decimal
    unit: str
    start: int
    end: int

    @property
    def places(self) -> int:
        """Return the number of decimals printed."""
        return decimals(self.text)


def decimal_of(text: str) -> Decimal:
    """Return a printed number as a Decimal (thousands separators dropped).

    >>> decimal_of("1,909.62")
    Decimal('1909.62')
    """
    return Decimal(text.replace(",", ""))


def decimals(text: str) -> int:
    """Return how many decimals a printed number shows.

    >>> decimals("352.3%"), decimals("448万元")
    (1, 0)
    """
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


def figures(text: str, offset: int = 0) -> list[Figure]:
    """Return every amount with a money unit in *text*, in order."""
    return [Figure(m.group(), decimal_of(m.group("num")) * MONEY_UNITS[m.group("unit")], decimal_of(m.group("num")),
                   m.group("unit"), m.start() + offset, m.end() + offset) for m in AMOUNT.finditer(text)]


def show(value_yuan: Decimal, unit: str, places: int) -> str:
    """Return an amount in 元 printed in *unit* at *places* decimals, trailing zeros dropped.

    >>> show(Decimal("27600"), "万元", 2)
    '2.76万元'
    """
    return plain(round_half_up(value_yuan / MONEY_UNITS[unit], places)) + unit


def document_year(paragraphs: list[str]) -> int | None:
    """Return the year the document is about: the first year of its first lines, else the most frequent."""
    for text in paragraphs[:3]:
        found = YEAR.search(text)
        if found:
            return int(found.group(1))
    years = Counter(int(y) for text in paragraphs for y in YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


def quote(text: str) -> str:
    """Return *text* cut for quoting in a message."""
    text = text.strip()
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


def finding(rule: str, name: str, paragraph: int, message: str, severity: str | None = None) -> Finding:
    """Return a finding of audit rule *rule* at paragraph *paragraph* (counted from 1) of document *name*."""
    return Finding(rule, severity or RULES[rule][0], name, None, f"第{paragraph}段", message)
