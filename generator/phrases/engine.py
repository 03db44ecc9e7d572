"""The phrase engine: picks a variant of a sentence rule and fills its slots.

The wording lives in rules.yaml; this module holds no Chinese text. It decides which
variant applies (up / down / flat / new / ended / none / *_slight) from the figures as
they will be printed, so a draft can never say "增加0万元" or "增长0%".
"""

from __future__ import annotations

import copy
import string
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Mapping, TypeVar

from generator import money
from generator.errors import ProgramError
from generator.model import Compared
from generator.records import Record

CHANGE_VARIANTS = ("up", "down", "flat", "new", "ended", "none", "up_slight", "down_slight")
"""Every change rule must word each of these, plus its `reason` suffix."""

CHANGE_SLOTS = frozenset(
    {"subject", "year", "last_year", "amount", "last_amount", "diff", "rate", "min_rate"}
)
T = TypeVar("T")
MEMO_SIZE = 2048  # results of a kind a book remembers before starting afresh; one draft asks for a few hundred


class Settings(Record):
    """Number formatting: the unit amounts are printed in, decimals of amounts and of percentages."""

    __slots__ = ("amount_unit", "amount_places", "percent_places", "three_public_order", "vehicle_kinds", "equipment")
    amount_unit: str
    amount_places: int
    percent_places: int
    three_public_order: tuple[str, ...]
    vehicle_kinds: tuple[str, ...]
    equipment: str

    def __init__(self, amount_unit: str, amount_places: int, percent_places: int,
                 three_public_order: tuple[str, ...] = ("outbound", "vehicles", "reception"),
                 vehicle_kinds: tuple[str, ...] = ("general", "law_enforcement", "special"),
                 equipment: str = "both") -> None:
        set_field = object.__setattr__
        set_field(self, "amount_unit", amount_unit)
        set_field(self, "amount_places", amount_places)
        set_field(self, "percent_places", percent_places)
        set_field(self, "three_public_order", three_public_order)
        set_field(self, "vehicle_kinds", vehicle_kinds)
        set_field(self, "equipment", equipment)

    @property
    def scale(self) -> Decimal:
        """Return how many printed units make one 万元."""
        return money.UNIT_SCALE[self.amount_unit]


def slots_of(pattern: str) -> set[str]:
    """Return the slot names a pattern uses.

    >>> sorted(slots_of("{subject}增加{diff}"))
    ['diff', 'subject']
    """
    return set(pattern_slots(pattern))


@lru_cache(maxsize=1024)
def pattern_slots(pattern: str) -> frozenset[str]:
    """Return the slot names a pattern uses, read once per pattern (the rules' patterns are few and fixed)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(pattern) if name)


def fill(pattern: str, slots: Mapping[str, str], where: str) -> str:
    """Return *pattern* with every slot replaced; a slot without a value is a program error.

    >>> fill("{a}与{b}", {"a": "甲", "b": "乙"}, "例")
    '甲与乙'
    """
    needed = pattern_slots(pattern)
    if not slots.keys() >= needed:
        raise ProgramError(f"句式 {where} 用到了槽位 {sorted(needed - set(slots))}，程序没有提供。")
    return pattern.format_map(slots)


def recall(memo: dict, key: object, make: Callable[[], T]) -> T:
    """Return what *memo* holds under *key*, made by *make* and kept there the first time (a memo grown to
    MEMO_SIZE starts afresh, so it stays small)."""
    value = memo.get(key)
    if value is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        value = memo[key] = make()
    return value


class PhraseBook:
    """The rules of rules.yaml, checked once, with the functions that apply them."""

    def __init__(self, data: Mapping, source: str) -> None:
        self.source = source
        raw_settings = data["settings"]
        self.settings = Settings(
            amount_unit=str(raw_settings["amount_unit"]),
            amount_places=int(raw_settings["amount_places"]),
            percent_places=int(raw_settings["percent_places"]),
            three_public_order=tuple(raw_settings.get("three_public_order", Settings.three_public_order)),
            vehicle_kinds=tuple(raw_settings.get("vehicle_kinds", Settings.vehicle_kinds)),
            equipment=str(raw_settings.get("equipment", Settings.equipment)),
        )
        self.changes: Mapping[str, Mapping[str, str]] = data["changes"]
        self.sentences: Mapping[str, Mapping[str, str]] = data["sentences"]
        self.lists: Mapping[str, Mapping[str, str]] = data["lists"]
        self.labels: Mapping[str, Mapping[str, str]] = data["labels"]
        self.directions: Mapping[str, str] = data["directions"]
        self.fixed_numbers: frozenset[str] = frozenset(str(n) for n in data.get("fixed_numbers", ()))
        self._validate()

    @property
    def settings(self) -> Settings:
        """Return how this book prints numbers."""
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        # The checks, the context and the self-check ask for the same figures and clauses again and again,
        # so the book remembers them. What it prints depends only on its rules (fixed) and these settings:
        # new settings, fresh memos (a copy made by with_settings never shares its original's).
        self._settings = settings
        self._printed: dict[Decimal, Decimal] = {}
        self._texts: dict[Decimal, str] = {}
        self._percents: dict[Decimal, str] = {}
        self._clauses: dict[tuple, str] = {}
        self._variants: dict[tuple, str] = {}
        self._parts: dict[tuple, dict[str, str]] = {}

    def _validate(self) -> None:
        """Raise ProgramError when a change rule lacks a variant or uses an unknown slot."""
        for rule_id, rule in self.changes.items():
            missing = [v for v in (*CHANGE_VARIANTS, "reason") if v not in rule]
            if missing:
                raise ProgramError(f"{self.source}：同比句式 {rule_id} 缺少情形 {missing}。")
            for variant in CHANGE_VARIANTS:
                unknown = slots_of(rule[variant]) - CHANGE_SLOTS
                if unknown:
                    raise ProgramError(
                        f"{self.source}：同比句式 {rule_id}.{variant} 用了未知槽位 {sorted(unknown)}。"
                    )
            if slots_of(rule["reason"]) != {"reason"}:
                raise ProgramError(f"{self.source}：同比句式 {rule_id}.reason 必须且只能用 {{reason}}。")
        missing = [v for v in CHANGE_VARIANTS if v not in self.directions]
        if missing:
            raise ProgramError(f"{self.source}：方向词 directions 缺少情形 {missing}。")

    def with_settings(self, amount_unit: str, percent_places: int) -> "PhraseBook":
        """Return the same rules printing amounts in *amount_unit* and percentages to *percent_places* decimals."""
        book = copy.copy(self)
        book.settings = self.settings.replace(amount_unit=amount_unit, percent_places=percent_places)
        return book

    # -- numbers -------------------------------------------------------------
    # Amounts are held in 万元; `printed` gives them in the publishing unit, rounded as printed.

    def amount(self, value: Decimal) -> str:
        """Return an amount (万元) as printed, e.g. '1909.62万元' (or '19096200元' when publishing in 元)."""
        return self.printed_amount(self.printed(value))

    def printed_amount(self, printed: Decimal) -> str:
        """Return a figure already in the publishing unit with that unit, e.g. '1487.42万元'."""
        s = self.settings
        return recall(self._texts, printed, lambda: money.format_amount(printed, s.amount_unit, s.amount_places))

    def number(self, value: Decimal) -> str:
        """Return an amount (万元) as its printed number alone, e.g. '1909.62'."""
        return money.plain(self.printed(value))

    def percent(self, ratio: Decimal) -> str:
        """Return a ratio formatted as a percentage per the settings, e.g. '18.53%'."""
        return recall(self._percents, ratio, lambda: money.format_percent(ratio, self.settings.percent_places))

    def printed(self, value: Decimal) -> Decimal:
        """Return an amount (万元) as it will be printed: in the publishing unit, rounded half up."""
        s = self.settings
        return recall(self._printed, value, lambda: money.round_half_up(value * s.scale, s.amount_places))

    def is_zero(self, value: Decimal) -> bool:
        """Return True when an amount prints as zero."""
        return self.printed(value) == 0

    # -- change sentences ----------------------------------------------------
    #
    # Direction, difference and rate are all derived from the printed amounts, so a
    # sentence can never contradict the figures beside it: a difference that prints as
    # 0 is 持平 (never "增加0万元"), last year printing as 0 is "new" (no rate from a zero
    # base), and a rate that prints as 0% is "*_slight" (never "增长0%").

    def classify(self, change: Compared) -> str:
        """Return the variant name that describes *change*, judged on the printed figures."""
        return recall(self._variants, (change.this, change.last), lambda: self._classify(change))

    def _classify(self, change: Compared) -> str:
        """Return the variant classify() gives, judged afresh."""
        this, last = self.printed(change.this), self.printed(change.last)
        if this == 0 and last == 0:
            return "none"
        if last == 0:
            return "new"
        if this == 0:
            return "ended"
        if this == last:
            return "flat"
        direction = "up" if this > last else "down"
        if money.percent_is_zero((this - last) / last, self.settings.percent_places):
            return direction + "_slight"
        return direction

    def change(self, rule_id: str, change: Compared, year: int, subject: str = "") -> str:
        """Return the year-over-year clause of rule *rule_id*, with its reason if one was given ('' without 上年)."""
        if change.last is None:
            return ""
        key = (rule_id, change.this, change.last, change.reason, year, subject)  # all _change reads
        return recall(self._clauses, key, lambda: self._change(rule_id, change, year, subject))

    def _change(self, rule_id: str, change: Compared, year: int, subject: str) -> str:
        """Return the clause change() gives, composed afresh."""
        rule = self.changes[rule_id]
        variant = self.classify(change)
        this, last = self.printed(change.this), self.printed(change.last)
        diff = abs(this - last)
        rate = diff / abs(last) if last else Decimal(0)
        slots = {
            "subject": subject,
            "year": str(year),
            "last_year": str(year - 1),
            "amount": self.printed_amount(this),
            "last_amount": self.printed_amount(last),
            "diff": self.printed_amount(diff),
            "rate": self.percent(rate),
            "min_rate": money.smallest_percent(self.settings.percent_places),
        }
        text = fill(rule[variant], slots, f"{rule_id}.{variant}")
        if change.reason:
            text += fill(rule["reason"], {"reason": change.reason}, f"{rule_id}.reason")
        return text

    def parts(self, change: Compared) -> dict[str, str]:
        """Return the parts of a comparison as printed: last year's amount, difference, rate, direction, reason.

        The rate is empty where a sentence would give none (持平, a zero base, nothing this year, too small);
        every part is empty when staff gave this year only.
        """
        if change.last is None:
            return dict.fromkeys(("last_amount", "diff", "rate", "direction", "reason"), "")
        key = (change.this, change.last, change.reason)
        return dict(recall(self._parts, key, lambda: self._compose_parts(change)))  # the caller's own copy

    def _compose_parts(self, change: Compared) -> dict[str, str]:
        """Return the parts() of a comparison with last year, composed afresh."""
        variant = self.classify(change)
        this, last = self.printed(change.this), self.printed(change.last)
        return {
            "last_amount": self.printed_amount(last),
            "diff": self.printed_amount(abs(this - last)),
            "rate": self.percent(abs(this - last) / abs(last)) if variant in ("up", "down") else "",
            "direction": self.directions[variant],
            "reason": change.reason or "",
        }

    # -- other sentences, lists and labels ----------------------------------

    def sentence(self, rule_id: str, variant: str, **slots: str) -> str:
        """Return variant *variant* of sentence rule *rule_id* with its slots filled."""
        return fill(self.sentences[rule_id][variant], slots, f"{rule_id}.{variant}")

    def join(self, list_id: str, items: list[Mapping[str, str]]) -> str:
        """Return the items written with list rule *list_id* and joined by its separator.

        An item without a share (a zero amount) uses the rule's zero_item pattern when it has one;
        one whose share prints as 0 (it carries min_share) uses tiny_item.
        """
        rule = self.lists[list_id]

        def pattern(item: Mapping[str, str]) -> tuple[str, str]:
            if "zero_item" in rule and item.get("share") is None:
                return rule["zero_item"], "zero_item"
            if "tiny_item" in rule and item.get("min_share"):
                return rule["tiny_item"], "tiny_item"
            return rule["item"], "item"

        return rule["sep"].join(fill(pattern(item)[0], item, f"{list_id}.{pattern(item)[1]}") for item in items)

    def label(self, group: str, key: str) -> str:
        """Return the printed name of item *key* in label group *group*."""
        return self.labels[group][key]
