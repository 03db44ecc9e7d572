"""Self-check of the output (SELF-01): every number in the draft traces back to the input.

A number that is neither an input figure, nor a difference, rate or share computed from
the input figures, nor part of staff's own text, nor one of the rules' fixed numbers
(50 and 100 in the asset thresholds) is a fault of the template or the program — for
instance a figure from last year left in the template's fixed wording.
"""

from __future__ import annotations

import re

from generator import money, schema
from generator.checks import ERROR, Finding
from generator.checks.changes import compared_fields
from generator.checks.plausibility import amounts
from generator.model import Budget
from generator.phrases import PhraseBook

NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def staff_texts(spec: schema.Spec, value: object) -> list[str]:
    """Return the texts staff wrote in a field (names, duties, labels), whose numbers are theirs."""
    if spec.kind == schema.TEXT:
        return [value]
    if spec.kind == schema.TEXTS:
        return list(value)
    if spec.kind in (schema.NAMED_AMOUNTS, schema.PROJECTS):
        return [item.label for item in value]
    return []


def staff_phrases(budget: Budget) -> list[str]:
    """Return staff's own texts that hold digits, longest first (blanked out before numbers are read).

    A name ending in a digit followed by the year ("第3中学" + "2023年") would otherwise read as
    one number the input never had.
    """
    phrases = {text for path, spec, value in schema.values(budget) for text in staff_texts(spec, value)}
    phrases |= {change.reason for _, change in compared_fields(budget) if change.reason}
    return sorted((p for p in phrases if NUMBER.search(p)), key=len, reverse=True)


def traceable_numbers(budget: Budget, book: PhraseBook) -> set[str]:
    """Return every number, as printed, that a draft of *budget* may contain (staff's texts apart)."""
    allowed = set(book.fixed_numbers)
    year = budget.unit.year
    allowed |= {str(year), str(year - 1), money.smallest_percent(book.settings.percent_places)}
    allowed |= {book.number(amount) for _, amount in amounts(budget)}
    for path, spec, value in schema.values(budget):
        if spec.kind == schema.COUNT:
            allowed.add(str(value))
        elif spec.kind in (schema.TEXTS, schema.PROJECTS):
            allowed |= {str(n) for n in range(1, len(value) + 1)}  # list numbers and counts
        if spec.kind in (schema.NAMED_AMOUNTS, schema.PROJECTS):
            # Numbers in item names are staff's own; 科目编码 are printed apart from the name.
            allowed |= {number for item in value for number in NUMBER.findall(item.label)}
    for _, change in compared_fields(budget):
        this, last = book.printed(change.this), book.printed(change.last)
        allowed.add(money.plain(abs(this - last)))
        if last:
            allowed.add(book.percent(abs(this - last) / abs(last)))
    for _, _, parts in schema.share_groups(budget):
        ratios = money.shares([amount for _, _, amount in parts], book.settings.percent_places)
        allowed |= {book.percent(ratio) for ratio in ratios}
    buying = budget.procurement
    if buying.reserved_for_sme is not None and buying.total:
        allowed.add(book.percent(buying.reserved_for_sme / buying.total))
    return allowed


def trace_numbers(paragraphs: list[str], budget: Budget, book: PhraseBook, template: str) -> list[Finding]:
    """Return an 错误 for every number in *paragraphs* that cannot be traced to *budget*."""
    allowed, phrases = traceable_numbers(budget, book), staff_phrases(budget)
    found = []
    for number, text in enumerate(paragraphs, start=1):
        scanned = text
        for phrase in phrases:
            scanned = scanned.replace(phrase, "　")
        strays = [token for token in NUMBER.findall(scanned) if token not in allowed]
        for token in dict.fromkeys(strays):
            found.append(Finding(
                "SELF-01", ERROR, template, None, f"第{number}段",
                f"数字“{token}”既不是输入的数字，也不是由输入算出的数，没有生成初稿。若模板固定文字里留有往年数字，"
                f"请改为变量；否则请把这条信息告诉维护人员。段落：“{text[:60]}”",
            ))
    return found
