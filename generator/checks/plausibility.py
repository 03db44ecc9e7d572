"""Plausibility rules (提示性审核): figures that are legal but suspicious, for staff to confirm."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from generator import money, schema
from generator.checks.changes import UNIT_SLIP_RATIO
from generator.checks.finding import Finding, finding
from generator.model import Budget, Compared
from generator.phrases import PhraseBook


def amounts(budget: Budget) -> Iterator[tuple[str, Decimal]]:
    """Yield (Chinese path, amount) for every amount in the budget, this year's and last year's."""
    return iter(schema.remembered("amounts", budget, _amounts))  # the checks and the self-check both ask


def _amounts(budget: Budget) -> Iterator[tuple[str, Decimal]]:
    """Yield the amounts of the budget, walking its fields."""
    for path, spec, value in schema.values(budget):
        if spec.kind == schema.AMOUNT and value is not None:  # optional amounts not given are None
            yield path, value
        elif spec.kind == schema.OPTIONAL and value is not None:
            yield from compared_amounts(path, value)
        elif spec.kind == schema.COMPARED:
            yield from compared_amounts(path, value)
        elif spec.kind in (schema.NAMED_AMOUNTS, schema.PROJECTS):
            for number, item in enumerate(value, 1):
                where = f"{path}.{item.label}" if spec.kind == schema.NAMED_AMOUNTS else f"{path}第{number}项"
                yield from compared_amounts(where, getattr(item, "change", None) or item.amount)


def compared_amounts(path: str, value: Decimal | Compared) -> Iterator[tuple[str, Decimal]]:
    """Yield the amounts of one figure: itself, or its 本年 and (when given) 上年."""
    if not isinstance(value, Compared):
        yield path, value
        return
    yield f"{path}.{schema.THIS_YEAR}", value.this
    if value.last is not None:
        yield f"{path}.{schema.LAST_YEAR}", value.last


def breakdowns(budget: Budget) -> list[list[tuple[str, str, Decimal]]]:
    """Return the groups of sibling amounts (field, label, amount) compared with each other (PLA-06).

    Every group printed with shares (from the catalogue), and the 三公 items.
    """
    three = budget.three_public
    groups = [[(field, name, amount) for name, field, amount in parts] for _, _, parts in schema.share_groups(budget)]
    groups.append([(f"三公经费.{key}.本年", key, item.this) for key, item in (
        ("因公出国（境）费", three.outbound), ("公务接待费", three.reception))]
        + [("三公经费.公务用车购置及运行费.合计", "公务用车购置及运行费", schema.side(three.vehicles.total, "this"))])
    return groups


def check_plausibility(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return the findings of PLA-01, PLA-02, PLA-04 and PLA-06 (against neighbours)."""
    found: list[Finding] = []
    cost, basic = schema.side(budget.operating_cost, "this"), budget.general_budget_expenditure.basic
    if cost > basic.total or cost > basic.public:
        above = [f"基本支出{book.amount(basic.total)}"] if cost > basic.total else []
        above += [f"公用经费{book.amount(basic.public)}"] if cost > basic.public else []
        found.append(finding(budget, "PLA-01", "机关运行经费",
                             f"机关运行经费{book.amount(cost)}大于{'和'.join(above)}。机关运行经费通常由公用经费安排，"
                             "请与财政部门核实口径；数字照原样印出。"))
    for path, amount in amounts(budget):
        if amount < 0:
            found.append(finding(budget, "PLA-04", path, f"金额为负数（{money.plain(amount)}）。预算数一般不为负，请核对。"))
    level = budget.unit.finance_level
    known = [name for name in book.labels.get("level_units", {}) if name.endswith("级")]
    if known and level not in book.labels["level_units"]:
        found.append(finding(budget, "PLA-07", "单位.财政级次",
                             f"财政级次“{level}”不是{'、'.join(known)}之一，文中会印成“{level}财政”，所属单位写作“所属单位”。"
                             "请核对是否写错。"))
    places = book.settings.percent_places
    for _, _, parts in schema.share_groups(budget):  # every group the draft prints with shares
        ratios = money.shares([amount for _, _, amount in parts], places)
        for (label, field, amount), ratio in zip(parts, ratios):
            if amount > 0 and money.percent_is_zero(ratio, places):
                found.append(finding(budget, "PLA-02", field,
                                     f"{label}{book.amount(amount)}，占比不足{money.smallest_percent(places)}"
                                     "（文中照此写出，不写“占0%”）。请核对金额或单位是否填错。"))
    for group in breakdowns(budget):
        nonzero = [(field, label, amount) for field, label, amount in group if book.printed(amount) > 0]
        if len(nonzero) < 2:
            continue
        high = max(nonzero, key=lambda item: item[2])
        low = min(nonzero, key=lambda item: item[2])
        if high[2] / low[2] >= UNIT_SLIP_RATIO:
            found.append(finding(budget, "PLA-06", high[0],
                                 f"{high[1]}{book.amount(high[2])}是同组{low[1]}{book.amount(low[2])}的约"
                                 f"{money.format_number(high[2] / low[2], 0)}倍。是否按“元”填写了？金额应以万元为单位。"))
    return found
