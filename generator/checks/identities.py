"""Balance rules (强制性审核): every stated total equals the sum of its parts.

The identities come from the catalogue (schema.Sum): each total names its parts, and the
rule is checked for 本年 (and 上年 where the catalogue says both years). Each figure is rounded
to 0.01万元 on its own before it reaches the tables, so a total may differ from the sum of n
parts by up to 0.005 × n: that gap is a 尾差, a 提示. A larger gap is an 错误.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator import schema
from generator.checks.finding import ERROR, NOTE, Finding, finding
from generator.model import Budget, class_level, split_code
from generator.money import UNIT_SCALE
from generator.phrases import PhraseBook

ROUNDING_PER_PART = Decimal("0.005")  # half of the last decimal a figure is entered with, in that unit
SIDES = (("本年", "this"), ("上年", "last"))


def tolerance_per_part(budget: Budget) -> Decimal:
    """Return the rounding gap one part may bring, in 万元 (0.005万元, or 0.005元 when entered in 元)."""
    settings = budget.settings
    return ROUNDING_PER_PART / UNIT_SCALE[settings.rounded_in or settings.input_unit]


def identity(
    budget: Budget, book: PhraseBook, rule: str, field: str, total_label: str, total: Decimal,
    parts: list[tuple[str, Decimal]],
) -> list[Finding]:
    """Return the finding when *total* differs from the sum of *parts* (尾差 as a 提示)."""
    added = sum((amount for _, amount in parts), Decimal(0))
    gap = total - added
    if gap == 0:
        return []
    names = "＋".join(name for name, _ in parts)
    said = f"{total_label}{book.amount(total)}，{names}＝{book.amount(added)}，相差{book.amount(abs(gap))}"
    if abs(gap) <= tolerance_per_part(budget) * len(parts):
        return [finding(budget, rule, field,
                        f"{said}，在各项分别四舍五入造成的尾差范围内，照常印出；请确认与报表一致。", NOTE)]
    return [finding(budget, rule, field, f"{said}。请核对{total_label}与各分项，改正后重新生成。", ERROR)]


def check_sum(budget: Budget, book: PhraseBook, path: str, total_value: Any, total: schema.Sum) -> list[Finding]:
    """Return the findings of one identity of the catalogue."""
    parent_path, parent_spec, at = placed(path, total)
    parent = schema.value_at(budget, parent_path, schema.BUDGET) if parent_path else budget
    parts = list(schema.parts_of(parent, parent_spec, total))
    if not parts:  # an optional breakdown not given (经济分类, 明细)
        return []
    if total.unit:  # counts: exact, no rounding
        counted = sum(value for _, _, value in parts)
        if counted == total_value:
            return []
        return [finding(budget, total.rule, path, f"{total.label}{total_value}{total.unit}，{total.parts_label}相加为"
                        f"{counted}{total.unit}，相差{abs(total_value - counted)}{total.unit}。请核对。")]
    # 上年 is checked where the total and every part have one (staff may compare only this year's
    # figures); the messages then name the year, 本年 included.
    values = [total_value] + [value for _, _, value in parts]
    both = total.both_years and all(schema.side(value, "last") is not None for value in values)
    found: list[Finding] = []
    for word, which in SIDES if both else SIDES[:1]:
        amounts = [(name, schema.side(value, which)) for name, _, value in parts]
        field, label = (f"{at}.{word}", f"{word}{total.label}") if both else (at, total.label)
        found += identity(budget, book, total.rule, field, label, schema.side(total_value, which), amounts)
    return found


def placed(path: str, total: schema.Sum) -> tuple[str, schema.Spec, str]:
    """Return the path and spec of the block an identity's total stands in, and where its findings are reported.

    A total of one list is reported at the list (the place staff must look), others at the total.
    The catalogue never changes, so each identity's answer is worked out once.
    """
    key = (path, total.parts)
    found = _PLACED.get(key)
    if found is None:
        parent_path = path.rpartition(".")[0]
        parent_spec = schema.lookup(parent_path) if parent_path else schema.BUDGET
        lists = [p for p in total.parts
                 if (schema.lookup(f"{parent_path}.{p}".lstrip(".")) or parent_spec).kind == schema.NAMED_AMOUNTS]
        at = f"{parent_path}.{lists[0]}".lstrip(".") if lists and len(total.parts) == 1 else path
        found = _PLACED[key] = (parent_path, parent_spec, at)
    return found


_PLACED: dict[tuple[str, tuple[str, ...]], tuple[str, schema.Spec, str]] = {}


def check_class_details(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return BAL-11 findings: a 类 given with its 款, or a 款 with its 项, equals their sum."""
    classes = budget.general_budget_expenditure.function_classes
    found: list[Finding] = []
    for parent in classes:
        code, name = split_code(parent.label)
        if not code or len(code) == 7:
            continue
        children = [c for c in classes if split_code(c.label)[0].startswith(code) and class_level(c.label) == len(code) + 2]
        if children:
            found += identity(budget, book, "BAL-11", f"一般公共预算支出.功能分类.{parent.label}", f"{name}（{code}）",
                              parent.amount, [(split_code(c.label)[1], c.amount) for c in children])
    return found


def check_identities(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return the findings of the balance rules: the catalogue's identities, 收支平衡, 款/项 and 预留中小企业."""
    found: list[Finding] = []
    for path, _, total in schema.sums():
        found += check_sum(budget, book, path, schema.value_at(budget, path, schema.BUDGET), total)
    inc, out, buying = budget.income, budget.expenditure, budget.procurement
    if inc.total.this != schema.side(out.total, "this"):  # 收支平衡: both are stated to 0.01, so no rounding gap is allowed
        found.append(finding(budget, "BAL-03", "支出.合计",
                             f"收入合计{book.amount(inc.total.this)}，支出合计{book.amount(schema.side(out.total, 'this'))}，"
                             f"相差{book.amount(abs(inc.total.this - schema.side(out.total, 'this')))}；收支应当平衡，请核对。"))
    last_in, last_out = inc.total.last, schema.side(out.total, "last")
    if last_out is not None and last_in != last_out:  # 上年 too, when staff gave 支出合计's
        found.append(finding(budget, "BAL-03", "支出.合计.上年",
                             f"上年收入合计{book.amount(last_in)}，上年支出合计{book.amount(last_out)}，"
                             f"相差{book.amount(abs(last_in - last_out))}；收支应当平衡，请核对。"))
    found += check_class_details(budget, book)
    if buying.reserved_for_sme is not None and buying.reserved_for_sme > buying.total:
        found.append(finding(budget, "BAL-14", "政府采购.预留中小企业",
                             f"预留中小企业{book.amount(buying.reserved_for_sme)}，超过政府采购合计{book.amount(buying.total)}。请核对。"))
    return found
