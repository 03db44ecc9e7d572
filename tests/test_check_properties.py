"""Property-based checks: valid budgets pass clean; breaking one identity fires that rule and no other."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import ERROR, NOTE, run_checks
from generator.drafting import phrase_book
from generator.model import (Assets, BasicExpenditure, Budget, Compared, Expenditure, GeneralBudgetExpenditure, Income,
                             NamedAmount, Performance, Procurement, ProjectsAndFunds, Source, ThreePublic, Unit, VehicleCosts,
                             Vehicles)

BOOK = phrase_book()
CENT = Decimal("0.01")


def wan(cents: int) -> Decimal:
    return Decimal(cents) * CENT


@st.composite
def split(draw, total_cents: int, parts: int) -> list[int]:
    """Return *parts* positive cent amounts adding up to *total_cents*, none below 1/(4·parts) of it."""
    floor = total_cents // (4 * parts)
    spare = total_cents - floor * parts
    cuts = sorted(draw(st.lists(st.integers(0, spare), min_size=parts - 1, max_size=parts - 1)))
    edges = [0, *cuts, spare]
    return [floor + high - low for low, high in zip(edges, edges[1:])]


def steady(cents: int) -> Compared:
    return Compared(wan(cents), wan(cents))


@st.composite
def budgets(draw) -> Budget:
    """Return a budget whose every identity holds and nothing is implausible."""
    personnel, public, project = draw(st.lists(st.integers(10_000, 5_000_000), min_size=3, max_size=3))
    total = personnel + public + project
    general, fund, fees = draw(split(total, 3))
    classes = draw(split(total, draw(st.integers(1, 6))))
    outbound, purchase, operation, reception = draw(st.lists(st.integers(100, 50_000), min_size=4, max_size=4))
    goods, works, services = draw(st.lists(st.integers(0, 1_000_000), min_size=3, max_size=3))
    cars = draw(st.lists(st.integers(0, 9), min_size=4, max_size=4))
    projects = ProjectsAndFunds(3, wan(12_345))
    return Budget(
        unit=Unit("测试单位", 2023, "区级", ("职责",), ("秘书股",), ("测试单位机关本级",)),
        income=Income(steady(total), wan(general + fund), (
            Source("general_budget", "一般公共预算", wan(general), steady(general)),
            Source("government_fund", "政府性基金", wan(fund), steady(fund)),
            Source("education_fees", "专户管理的教育收费", wan(fees)))),
        expenditure=Expenditure(wan(total), wan(personnel + public), wan(project)),
        general_budget_expenditure=GeneralBudgetExpenditure(
            wan(total), tuple(NamedAmount(f"类{n}", wan(c)) for n, c in enumerate(classes)),
            BasicExpenditure(wan(personnel + public), wan(personnel), wan(public))),
        three_public=ThreePublic(steady(outbound + purchase + operation + reception), steady(outbound),
                                 VehicleCosts(wan(purchase + operation), steady(purchase), steady(operation)),
                                 steady(reception)),
        government_fund_expenditure=steady(0),
        state_capital_expenditure=steady(0),
        operating_cost=wan(draw(st.integers(0, public))),
        procurement=Procurement(wan(goods + works + services), wan(goods), wan(works), wan(services)),
        performance=Performance(projects, projects, projects),
        assets=Assets(Vehicles(sum(cars), *cars, ""), 0, 0),
        transfer_projects=(),
        source="生成.yaml",
    )


def more_fees(income: Income, by: Decimal) -> Income:
    """Return the income with its 专户管理的教育收费 raised (a source in no identity but the income total)."""
    fees = income.sources[2]
    return replace(income, sources=(*income.sources[:2], replace(fees, amount=fees.amount + by)))


def bump(change: Compared, by: Decimal) -> Compared:
    """Return *change* with this year raised and a real reason, so only the identity breaks."""
    return Compared(change.this + by, change.last, "按新标准调整出访批次与人数")


# rule → how to break just that identity by an amount `d` (万元) or a count.
BREAKS = {
    "BAL-01": lambda b, d: replace(b, income=more_fees(b.income, d)),
    "BAL-02": lambda b, d: replace(b, expenditure=replace(b.expenditure, project=b.expenditure.project + d)),
    "BAL-03": lambda b, d: replace(b, income=replace(
        more_fees(b.income, d), total=steady(int((b.income.total.this + d) / CENT)))),
    "BAL-04": lambda b, d: replace(b, general_budget_expenditure=replace(
        b.general_budget_expenditure, function_classes=(
            replace(b.general_budget_expenditure.function_classes[0],
                    amount=b.general_budget_expenditure.function_classes[0].amount + d),
            *b.general_budget_expenditure.function_classes[1:]))),
    "BAL-05": lambda b, d: replace(b, general_budget_expenditure=replace(
        b.general_budget_expenditure, basic=replace(b.general_budget_expenditure.basic,
                                                    personnel=b.general_budget_expenditure.basic.personnel + d))),
    "BAL-06": lambda b, d: replace(b, three_public=replace(b.three_public, outbound=bump(b.three_public.outbound, d))),
    "BAL-07": lambda b, d: replace(b, three_public=replace(
        b.three_public, vehicles=replace(b.three_public.vehicles, total=b.three_public.vehicles.total + d))),
    "BAL-08": lambda b, d: replace(b, assets=replace(
        b.assets, vehicles=replace(b.assets.vehicles, total=b.assets.vehicles.total + 1))),
    "BAL-09": lambda b, d: replace(b, procurement=replace(b.procurement, total=b.procurement.total + d)),
    "BAL-10": lambda b, d: replace(b, income=replace(b.income, fiscal_total=b.income.fiscal_total + d)),
}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(budgets())
def test_a_consistent_budget_has_no_finding(budget):
    assert run_checks(budget, BOOK) == []


@FAST
@given(budgets(), st.sampled_from(sorted(BREAKS)), st.integers(5, 100_000))
def test_breaking_one_identity_fires_that_rule_and_no_other(budget, rule, cents):
    broken = BREAKS[rule](budget, wan(cents))  # 0.05万元 or more: beyond any rounding gap (≤ 0.005 × 6 parts)
    findings = run_checks(broken, BOOK)
    assert {f.rule for f in findings} == {rule}
    assert all(f.severity == ERROR for f in findings)


@FAST
@given(budgets(), st.sampled_from(["BAL-01", "BAL-02", "BAL-05", "BAL-09", "BAL-10"]))
def test_a_one_cent_gap_over_several_parts_is_only_a_note(budget, rule):
    findings = run_checks(BREAKS[rule](budget, CENT), BOOK)
    assert [(f.rule, f.severity) for f in findings] == [(rule, NOTE)]
    assert "尾差" in findings[0].message
