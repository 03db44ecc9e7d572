"""The audit rules (审核) run before any draft is written; each rule has an id and a severity.

错误 stops the draft; 警告 is written and flagged for staff to confirm; 提示 is a note.
Like a finance bureau's audit formulas: identities between totals and parts (with the
rounding tolerance of figures rounded one by one), reasons for every change, and
plausibility of figures that are legal but suspicious.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator import schema
from generator.model import Budget, Compared
from generator.phrases import PhraseBook

ERROR, WARNING, NOTE = "错误", "警告", "提示"
SEVERITIES = (ERROR, WARNING, NOTE)

# 每个数字各自四舍五入到 0.01 万元后，合计与分项之和最多差 0.005 × 分项数：这是尾差，只作提示。
ROUNDING_PER_PART = Decimal("0.005")
STEADY = ("flat", "none")


@dataclass(frozen=True)
class Finding:
    """One result of a rule: where, what, and how serious."""

    rule: str
    severity: str
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = f" 第{self.line}行" if self.line else ""
        return f"{self.file}{place} {self.field}：{self.message}"


def run_checks(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return every finding on *budget*, errors first, then warnings, then notes."""
    found = _identities(budget, book) + _reasons(budget, book) + _plausibility(budget, book)
    return sorted(found, key=lambda f: SEVERITIES.index(f.severity))


def _finding(budget: Budget, rule: str, severity: str, field: str, message: str) -> Finding:
    """Return a finding located at the input line of *field*."""
    return Finding(rule, severity, budget.source, budget.line_of(field), field, message)


def _identity(
    budget: Budget, book: PhraseBook, rule: str, field: str, total: Decimal,
    parts: list[tuple[str, Decimal]],
) -> list[Finding]:
    """Return the finding when *total* differs from the sum of *parts* (尾差 as a 提示)."""
    added = sum((amount for _, amount in parts), Decimal(0))
    gap = total - added
    if gap == 0:
        return []
    names = "＋".join(name for name, _ in parts)
    said = f"合计{book.amount(total)}，{names}＝{book.amount(added)}，相差{book.amount(abs(gap))}"
    if abs(gap) <= ROUNDING_PER_PART * len(parts):
        return [_finding(budget, rule, NOTE, field,
                         f"{said}，在各项分别四舍五入造成的尾差范围内，照常印出；请确认与报表一致。")]
    return [_finding(budget, rule, ERROR, field, f"{said}。请核对合计与各分项。")]


def _identities(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return findings of the balance rules: totals equal the sums of their parts."""
    inc, out = budget.income, budget.expenditure
    gen, three = budget.general_budget_expenditure, budget.three_public
    cars = budget.assets.vehicles
    found: list[Finding] = []
    found += _identity(budget, book, "BAL-01", "收入.合计", inc.total.this, [
        ("一般公共预算", inc.general_budget.this), ("政府性基金", inc.government_fund.this),
        ("专户管理的教育收费", inc.education_fees)])
    found += _identity(budget, book, "BAL-02", "支出.合计", out.total, [
        ("基本支出", out.basic), ("项目支出", out.project)])
    if inc.total.this != out.total:  # 收支平衡: both are stated to 0.01, so no rounding gap is allowed
        found.append(_finding(budget, "BAL-03", ERROR, "支出.合计",
                              f"收入合计{book.amount(inc.total.this)}，支出合计{book.amount(out.total)}，"
                              f"相差{book.amount(abs(inc.total.this - out.total))}；收支应当平衡，请核对。"))
    found += _identity(budget, book, "BAL-04", "一般公共预算支出.功能分类", gen.total,
                       [(c.label, c.amount) for c in gen.function_classes])
    found += _identity(budget, book, "BAL-05", "一般公共预算支出.基本支出.合计", gen.basic.total, [
        ("人员经费", gen.basic.personnel), ("公用经费", gen.basic.public)])
    for side, pick in (("本年", lambda c: c.this), ("上年", lambda c: c.last)):
        found += _identity(budget, book, "BAL-06", f"三公经费.合计.{side}", pick(three.total), [
            ("因公出国（境）费", pick(three.outbound)),
            ("公务用车购置费", pick(three.vehicles.purchase)),
            ("公务用车运行维护费", pick(three.vehicles.operation)),
            ("公务接待费", pick(three.reception))])
    found += _identity(budget, book, "BAL-07", "三公经费.公务用车购置及运行费.合计", three.vehicles.total, [
        ("公务用车购置费", three.vehicles.purchase.this), ("公务用车运行维护费", three.vehicles.operation.this)])
    counted = cars.general + cars.law_enforcement + cars.special + cars.other
    if counted != cars.total:
        found.append(_finding(budget, "BAL-08", ERROR, "国有资产.车辆.合计",
                              f"车辆合计{cars.total}辆，各类车辆相加为{counted}辆。请核对。"))
    return found


def _reasons(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return an error for every figure that changed from last year without a 主要原因."""
    found = []
    for path, spec, value in schema.values(budget):
        if spec.kind != schema.COMPARED or not isinstance(value, Compared):
            continue
        if book.classify(value) in STEADY or value.reason:
            continue
        found.append(_finding(
            budget, "RSN-01", ERROR, f"{path}.{schema.REASON}",
            f"本年{book.amount(value.this)}，上年{book.amount(value.last)}，有增减但没有填写主要原因。"
            "公开规定要求说明增减原因，请补上“主要原因”。",
        ))
    return found


def _plausibility(budget: Budget, book: PhraseBook) -> list[Finding]:
    """Return warnings for legal but suspicious figures that staff should confirm."""
    found = []
    cost = budget.operating_cost
    basic = budget.general_budget_expenditure.basic
    if cost > basic.total or cost > basic.public:
        above = [f"基本支出{book.amount(basic.total)}"] if cost > basic.total else []
        above += [f"公用经费{book.amount(basic.public)}"] if cost > basic.public else []
        found.append(_finding(
            budget, "PLA-01", WARNING, "机关运行经费",
            f"机关运行经费{book.amount(cost)}大于{'和'.join(above)}。机关运行经费通常由公用经费安排，"
            "请与财政部门核实口径；数字照原样印出。",
        ))
    return found
