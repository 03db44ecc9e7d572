"""Balance rules (强制性审核): every stated total equals the sum of its parts.

Each figure is rounded to 0.01万元 on its own before it reaches the tables, so a total
may differ from the sum of n parts by up to 0.005 × n: that gap is a 尾差, a 提示. A
larger gap is an 错误.
"""

from __future__ import annotations

from decimal import Decimal

from generator import schema
from generator.checks.finding import ERROR, NOTE, Finding, finding
from generator.model import Budget
from generator.money import UNIT_SCALE
from generator.phrases import PhraseBook

ROUNDING_PER_PART = Decimal("0.005")  # half of the last decimal a figure is entered with, in that unit


def tolerance_per_part(budget: Budget) -> Decimal:
    """Return the rounding gap one part may bring, in 万元 (0.005万元, or 0.005元 when entered in 元)."""
    return ROUNDING_PER_PART / UNIT_SCALE[budget.settings.input_unit]


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


def check_identities(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return the findings of the balance rules BAL-01 … BAL-10."""
    inc, out = budget.income, budget.expenditure
    gen, three = budget.general_budget_expenditure, budget.three_public
    cars, buying = budget.assets.vehicles, budget.procurement
    found: list[Finding] = []
    found += identity(budget, book, "BAL-01", "收入.合计", "收入合计", inc.total.this,
                      [(s.name, s.amount) for s in inc.sources])
    found += identity(budget, book, "BAL-02", "支出.合计", "支出合计", out.total, [
        ("基本支出", out.basic), ("项目支出", out.project)])
    if inc.total.this != out.total:  # 收支平衡: both are stated to 0.01, so no rounding gap is allowed
        found.append(finding(budget, "BAL-03", "支出.合计",
                             f"收入合计{book.amount(inc.total.this)}，支出合计{book.amount(out.total)}，"
                             f"相差{book.amount(abs(inc.total.this - out.total))}；收支应当平衡，请核对。"))
    found += identity(budget, book, "BAL-04", "一般公共预算支出.功能分类", "一般公共预算支出合计", gen.total,
                      [(c.label, c.amount) for c in gen.function_classes])
    found += identity(budget, book, "BAL-05", "一般公共预算支出.基本支出.合计", "基本支出合计", gen.basic.total, [
        ("人员经费", gen.basic.personnel), ("公用经费", gen.basic.public)])
    for side, pick in (("本年", lambda c: c.this), ("上年", lambda c: c.last)):
        found += identity(budget, book, "BAL-06", f"三公经费.合计.{side}", f"{side}“三公”经费合计", pick(three.total), [
            ("因公出国（境）费", pick(three.outbound)),
            ("公务用车购置费", pick(three.vehicles.purchase)),
            ("公务用车运行维护费", pick(three.vehicles.operation)),
            ("公务接待费", pick(three.reception))])
    found += identity(budget, book, "BAL-07", "三公经费.公务用车购置及运行费.合计", "公务用车购置及运行费",
                      three.vehicles.total, [("公务用车购置费", three.vehicles.purchase.this),
                                             ("公务用车运行维护费", three.vehicles.operation.this)])
    counted = cars.general + cars.law_enforcement + cars.special + cars.other
    if counted != cars.total:
        found.append(finding(budget, "BAL-08", "国有资产.车辆.合计",
                             f"车辆合计{cars.total}辆，各类车辆相加为{counted}辆，相差{abs(cars.total - counted)}辆。请核对。"))
    found += identity(budget, book, "BAL-09", "政府采购.合计", "政府采购合计", buying.total, [
        ("货物", buying.goods), ("工程", buying.works), ("服务", buying.services)])
    fiscal = [s for s in inc.sources if s.key in schema.FISCAL_SOURCES]
    found += identity(budget, book, "BAL-10", "收入.财政拨款合计", "财政拨款合计", inc.fiscal_total,
                      [(s.name, s.amount) for s in fiscal])
    return found
