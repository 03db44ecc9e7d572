"""Balance rules (强制性审核): every stated total equals the sum of its parts.

Each figure is rounded to 0.01万元 on its own before it reaches the tables, so a total
may differ from the sum of n parts by up to 0.005 × n: that gap is a 尾差, a 提示. A
larger gap is an 错误.
"""

from __future__ import annotations

from decimal import Decimal

from generator import schema
from generator.checks.finding import ERROR, NOTE, Finding, finding
from generator.model import Budget, class_level, split_code
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
    """Return the findings of the balance rules BAL-01 … BAL-10."""
    inc, out = budget.income, budget.expenditure
    gen, three = budget.general_budget_expenditure, budget.three_public
    cars, buying = budget.assets.vehicles, budget.procurement
    found: list[Finding] = []
    found += identity(budget, book, "BAL-01", "收入.合计", "收入合计", inc.total.this,
                      [(s.name, s.amount) for s in inc.sources])
    kinds = [("基本支出", out.basic), ("项目支出", out.project), ("上缴上级支出", out.upper_remittance),
             ("对附属单位补助支出", out.subsidiary_subsidy), ("事业单位经营支出", out.enterprise)]
    found += identity(budget, book, "BAL-02", "支出.合计", "支出合计", out.total,
                      [(name, amount) for name, amount in kinds if amount is not None])
    if inc.total.this != out.total:  # 收支平衡: both are stated to 0.01, so no rounding gap is allowed
        found.append(finding(budget, "BAL-03", "支出.合计",
                             f"收入合计{book.amount(inc.total.this)}，支出合计{book.amount(out.total)}，"
                             f"相差{book.amount(abs(inc.total.this - out.total))}；收支应当平衡，请核对。"))
    found += identity(budget, book, "BAL-04", "一般公共预算支出.功能分类", "一般公共预算支出合计", gen.total,
                      [(c.label, c.amount) for c in gen.function_classes if class_level(c.label) == 3])
    found += check_class_details(budget, book)
    if gen.basic.economic_classes:
        found += identity(budget, book, "BAL-12", "一般公共预算支出.基本支出.经济分类", "基本支出合计", gen.basic.total,
                          [(c.label, c.amount) for c in gen.basic.economic_classes])
    for rule, field, label, change, details in (
        ("BAL-13", "政府性基金预算支出明细", "政府性基金预算支出", budget.government_fund_expenditure,
         budget.government_fund_details),
        ("BAL-13", "国有资本经营预算支出明细", "国有资本经营预算支出", budget.state_capital_expenditure,
         budget.state_capital_details),
    ):
        if details:
            found += identity(budget, book, rule, field, label, change.this, [(d.label, d.amount) for d in details])
    if buying.reserved_for_sme is not None and buying.reserved_for_sme > buying.total:
        found.append(finding(budget, "BAL-14", "政府采购.预留中小企业",
                             f"预留中小企业{book.amount(buying.reserved_for_sme)}，超过政府采购合计{book.amount(buying.total)}。请核对。"))
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
