"""Across years: the figures NEW states for last year against the figures OLD published for that year.

From inputs this is field by field (NEW's 上年 against OLD's 本年). From drafts the figures
are read back through the template and the phrase rules: a draft paragraph is matched
against the template paragraph it came from, which names each figure; a change clause
("增加1487.42万元", "与2022年持平") is matched against the rules' wording, which gives the
figure NEW implies for last year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator import schema
from generator.compare.blocks import Block
from generator.model import Budget
from generator.phrases import PhraseBook
from generator.phrases.engine import CHANGE_VARIANTS

VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# (figure variable, change variable, rule, which clause of a joined list, what it is): every compared
# figure the catalogue declares, so a figure added there is checked across years too.
FIGURES = tuple((spec.figure.amount_var, spec.figure.change_var, spec.figure.rule, spec.figure.clause_index,
                 spec.figure.label) for _, spec in schema.figures())


@dataclass(frozen=True)
class Mismatch:
    """A figure NEW gives for last year that differs from what OLD published."""

    what: str
    new_says: Decimal
    old_says: Decimal
    how: str


MIN_FIXED_CHARS = 4  # "{{ composition }}" or "{{ internal_organs }}。" would match any paragraph


def template_patterns(template_paragraphs: list[str]) -> list[re.Pattern]:
    """Return a regex per template paragraph with variables, each variable a named group.

    The most specific come first (most fixed wording), and paragraphs with almost no fixed
    wording are left out: they would match any paragraph.
    """
    patterns = []
    for text in template_paragraphs:
        if "{%" in text or "{{" not in text:
            continue
        seen: set[str] = set()
        pieces, end = [], 0
        for match in VARIABLE.finditer(text):
            pieces.append(re.escape(text[end:match.start()]))
            name = match.group(1)
            pieces.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
            end = match.end()
        pieces.append(re.escape(text[end:]))
        fixed = len(VARIABLE.sub("", text).strip())
        if fixed >= MIN_FIXED_CHARS:
            patterns.append((fixed, re.compile("".join(pieces))))
    return [pattern for _, pattern in sorted(patterns, key=lambda item: -item[0])]


def read_values(blocks: list[Block], patterns: list[re.Pattern]) -> dict[str, str]:
    """Return the template variables recognisable in a draft's paragraphs."""
    values: dict[str, str] = {}
    for block in blocks:
        for pattern in patterns:
            match = pattern.fullmatch(block.text.strip())
            if match:
                values.update({k: v for k, v in match.groupdict().items() if k not in values})
                break
    return values


class ClauseReader:
    """Reads change clauses written with the phrase rules back into (variant, difference)."""

    def __init__(self, book: PhraseBook) -> None:
        self.book = book
        unit = "(?:万元|元)"  # a draft may publish in either
        number = r"\d+(?:\.\d+)?"
        self.slots = {
            "subject": ".*?", "year": r"\d{4}", "last_year": r"\d{4}", "amount": number + unit,
            "last_amount": number + unit, "diff": f"(?P<diff>{number}){unit}", "rate": number + "%",
            "min_rate": number + "%",
        }

    def regex(self, pattern: str) -> str:
        out, end = [], 0
        for match in re.finditer(r"\{(\w+)\}", pattern):
            out.append(re.escape(pattern[end:match.start()]))
            out.append(self.slots.get(match.group(1), ".*?"))
            end = match.end()
        return "".join(out) + re.escape(pattern[end:])

    def read(self, rule_id: str, clause: str) -> tuple[str, Decimal | None] | None:
        """Return (variant, difference) of a clause, or None when the wording is not the rules'."""
        rule = self.book.changes[rule_id]
        reason = self.regex(rule["reason"].split("{reason}")[0]) + ".*"
        for variant in CHANGE_VARIANTS:
            match = re.fullmatch(f"{self.regex(rule[variant])}(?:{reason})?", clause.strip(), re.S)
            if match:
                diff = match.groupdict().get("diff")
                return variant, Decimal(diff) if diff else None
        return None


def implied_last(variant: str, this: Decimal, diff: Decimal | None) -> Decimal:
    """Return last year's figure implied by this year's and the clause."""
    if variant in ("flat", "none"):
        return this
    if variant == "new":
        return Decimal(0)
    if variant in ("up", "up_slight"):
        return this - diff
    return this + diff  # down, down_slight, ended


def amount_of(text: str) -> Decimal | None:
    match = re.match(r"\d+(?:\.\d+)?", text or "")
    return Decimal(match.group()) if match else None


def from_drafts(old: list[Block], new: list[Block], template_paragraphs: list[str], book: PhraseBook) -> list[Mismatch]:
    """Return the mismatches between NEW's implied last-year figures and OLD's published ones."""
    patterns = template_patterns(template_paragraphs)
    old_values, new_values = read_values(old, patterns), read_values(new, patterns)
    reader = ClauseReader(book)
    separator = book.lists["changes"]["sep"]
    found = []
    for figure, change_var, rule, index, what in FIGURES:
        this, published = amount_of(new_values.get(figure)), amount_of(old_values.get(figure))
        clause = new_values.get(change_var)
        if this is None or published is None or clause is None:
            continue
        if index is not None:
            clauses = clause.split(separator)
            if index >= len(clauses):
                continue
            clause = clauses[index]
        read = reader.read(rule, clause)
        if read is None:
            continue
        last = implied_last(read[0], this, read[1])
        if last != published:
            found.append(Mismatch(what, last, published, f"新稿本年{this}，“{clause[:30]}”"))
    return found


def from_inputs(old: Budget, new: Budget) -> list[Mismatch]:
    """Return the fields whose 上年 in NEW differs from 本年 in OLD."""
    from generator.checks.changes import compared_fields

    published = dict(compared_fields(old))
    return [
        Mismatch(path, change.last, published[path].this, "输入文件的上年数")
        for path, change in compared_fields(new)
        if path in published and change.last != published[path].this
    ]
