"""Self-check of the output (SELF-01): every number in the draft traces back to the input.

A number that is neither an input figure, nor a difference, rate or share computed from
the input figures, nor part of staff's own text, nor one of the rules' fixed numbers
(50 and 100 in the asset thresholds) is a fault of the template or the program — for
instance a figure from last year left in the template's fixed wording.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Callable

from generator import money, schema
from generator.checks import ERROR, Finding
from generator.checks.changes import compared_fields
from generator.checks.plausibility import amounts
from generator.model import Budget
from generator.phrases import PhraseBook

NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
DIGITS = re.compile(r"\d+")


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
    """Return staff's own texts that hold digits, longest first."""
    phrases = {text for path, spec, value in schema.values(budget) for text in staff_texts(spec, value)}
    phrases |= {change.reason for _, change in compared_fields(budget) if change.reason}
    return sorted((p for p in phrases if NUMBER.search(p)), key=len, reverse=True)


class StaffTexts:
    """Finds where staff's texts stand in a paragraph, around a given number, in time independent of their count.

    Each text is indexed by each run of digits in it with up to CONTEXT characters either side
    (within the text). A run bounded by other characters in the text must be a whole run of digits
    in the paragraph; a run at the text's start (end) may be the tail (head) of a longer one — a
    name ending in a digit followed by the year: "第3" + "2023年". Candidates are then compared whole.
    A text that is only a number ("1") is not searched for: its number is simply allowed.
    """

    CONTEXT = 8

    def __init__(self, phrases: list[str]) -> None:
        self.numbers: set[str] = set()
        self.groups: dict[tuple[bool, bool, int, int], dict[tuple[str, str, str], list[tuple[str, int]]]] = {}
        self.run_lengths: dict[tuple[bool, bool, int, int], set[int]] = {}
        for phrase in phrases:
            if NUMBER.fullmatch(phrase):
                self.numbers.add(phrase)
                continue
            for run in DIGITS.finditer(phrase):
                start, end = run.span()
                left, right = phrase[max(0, start - self.CONTEXT):start], phrase[end:end + self.CONTEXT]
                group = (start == 0, end == len(phrase), len(left), len(right))
                self.groups.setdefault(group, {}).setdefault((left, run.group(), right), []).append((phrase, start))
                self.run_lengths.setdefault(group, set()).add(end - start)

    def covered(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Return the spans of staff's texts in *text* that hold a digit between *start* and *end*."""
        spans = []
        for run in DIGITS.finditer(text, start, end):
            first, last = run.span()
            while first > 0 and text[first - 1].isdecimal():  # the whole run of digits around it
                first -= 1
            while last < len(text) and text[last].isdecimal():
                last += 1
            for group, index in self.groups.items():
                opens_left, opens_right, left, right = group
                if opens_left and not opens_right:  # the text starts with its run: the tail of this run
                    places = [(last - n, last) for n in self.run_lengths[group] if n <= last - first]
                elif opens_right and not opens_left:  # the text ends with its run: the head of this run
                    places = [(first, first + n) for n in self.run_lengths[group] if n <= last - first]
                else:
                    places = [(first, last)]
                for a, b in places:
                    if a - left < 0 or b + right > len(text):
                        continue
                    for phrase, offset in index.get((text[a - left:a], text[a:b], text[b:b + right]), ()):
                        if text.startswith(phrase, a - offset):
                            spans.append((a - offset, a - offset + len(phrase)))
        return spans

    def excuses(self, text: str, token: re.Match, allowed: set[str]) -> bool:
        """Return whether every number left in *token* outside staff's texts is allowed."""
        start, end = token.span()
        spans = sorted(self.covered(text, start, end))
        if not spans:
            return False
        rest, position = [], start
        for a, b in spans:
            if a > position:
                rest.append(text[position:min(a, end)])
            position = max(position, b)
        rest.append(text[position:end] if position < end else "")
        return all(number in allowed for piece in rest for number in NUMBER.findall(piece))


def traceable_numbers(budget: Budget, book: PhraseBook) -> set[str]:
    """Return every number, as printed, that a draft of *budget* may contain (staff's texts apart).

    The budget's walks (schema.values, plausibility.amounts, changes.compared_fields) are remembered
    for the last budget, so asking again after the checks costs nothing.
    """
    allowed = set(book.fixed_numbers)
    year = budget.unit.year
    allowed |= {str(year), str(year - 1), money.smallest_percent(book.settings.percent_places)}
    allowed |= {book.number(amount) for amount in {amount for _, amount in amounts(budget)}}  # equal ones print alike
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
    project = schema.side(budget.expenditure.project, "this")
    if project:  # 绩效目标 coverage of 项目支出
        allowed.add(book.percent(budget.performance.with_targets.amount / project))
    buying = budget.procurement
    if buying.reserved_for_sme is not None and buying.total:
        allowed.add(book.percent(buying.reserved_for_sme / buying.total))
    return allowed


def trace_numbers(paragraphs: list[str], budget: Budget, book: PhraseBook, template: str,
                  template_paragraphs: Callable[[], list[str]] | None = None) -> list[Finding]:
    """Return an 错误 for every number in *paragraphs* that cannot be traced to *budget*.

    A number counts as staff's where their text stands whole around it ("主要原因：1"), not
    wherever its digits occur: a reason "1" does not excuse the 1 of 1909.62, nor blank it.
    A number found in the template's own fixed wording (*template_paragraphs*, read only when
    needed) is reported at the template's paragraph; any other at the input's draft paragraph.
    """
    allowed, staff = traceable_numbers(budget, book), StaffTexts(staff_phrases(budget))
    allowed |= staff.numbers
    found, fixed = [], None
    for index, tokens in strays(paragraphs, allowed, staff).items():
        for token in tokens:
            if fixed is None:
                fixed = fixed_numbers(template_paragraphs() if template_paragraphs else [])
            found.append(stray_finding(token, paragraphs[index], index + 1, fixed.get(token), budget, template))
    return found


def strays(paragraphs: list[str], allowed: set[str], staff: StaffTexts) -> dict[int, list[str]]:
    """Return, by paragraph index, the numbers neither allowed nor staff's own, each once, in order.

    One pass over all paragraphs (no number runs across the \n between them): most numbers are
    allowed as they stand, and only the others are looked at in their own paragraph.
    """
    joined, starts = "\n".join(paragraphs), list(accumulate((len(text) + 1 for text in paragraphs[:-1]), initial=0))
    found: dict[int, dict[str, None]] = {}
    for token in NUMBER.finditer(joined):
        if token.group() in allowed:
            continue
        index = bisect_right(starts, token.start()) - 1
        text = paragraphs[index]
        if not staff.excuses(text, NUMBER.match(text, token.start() - starts[index]), allowed):
            found.setdefault(index, {})[token.group()] = None
    return {index: list(tokens) for index, tokens in found.items()}


TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def fixed_numbers(template_paragraphs: list[str]) -> dict[str, tuple[int, str]]:
    """Return each number in the template's fixed wording (tags removed) and the first paragraph holding it."""
    found: dict[str, tuple[int, str]] = {}
    for number, text in enumerate(template_paragraphs, start=1):
        for token in NUMBER.findall(TAG.sub("　", text)):
            found.setdefault(token, (number, text))
    return found


def stray_finding(token: str, text: str, number: int, fixed_at: tuple[int, str] | None, budget: Budget,
                  template: str) -> Finding:
    """Return the SELF-01 错误 for *token*: at the template's paragraph when its fixed wording holds it."""
    where = f"“{text[:60]}”"
    if fixed_at is not None:
        return Finding("SELF-01", ERROR, template, None, f"模板第{fixed_at[0]}段",
                       f"数字“{token}”写在模板的固定文字里，既不是输入的数字，也不是由输入算出的数，没有生成初稿。"
                       f"若是往年数字，请改为变量；若是编号，请删去或改用模板的自动编号。模板段落：“{fixed_at[1][:60]}”")
    return Finding("SELF-01", ERROR, budget.source, None, f"初稿第{number}段",
                   f"数字“{token}”既不是输入的数字，也不是由输入算出的数，没有生成初稿。"
                   f"请把这条信息告诉维护人员。段落：{where}")
