"""Property-based checks: valid budgets pass clean; breaking one identity fires that rule and no other."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks import ERROR, NOTE, run_checks
from generator.drafting import phrase_book
from generator.model import Budget, Compared, Income
from generator.sources import load_mapping

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


def steady_figure(cents: int) -> dict:
    return {"本年": str(wan(cents)), "上年": str(wan(cents))}


@st.composite
def budgets(draw) -> Budget:
    """Return a budget whose every identity holds and nothing is implausible, built from plain data."""
    personnel, public, project = draw(st.lists(st.integers(10_000, 5_000_000), min_size=3, max_size=3))
    total = personnel + public + project
    general, fund, fees = draw(split(total, 3))
    classes = draw(split(total, draw(st.integers(1, 6))))
    outbound, purchase, operation, reception = draw(st.lists(st.integers(100, 50_000), min_size=4, max_size=4))
    # Procurement parts are 0 or within a factor of 1,000 of each other (PLA-06 warns at about 10,000).
    goods, works, services = draw(st.lists(st.one_of(st.just(0), st.integers(1_000, 1_000_000)), min_size=3, max_size=3))
    cars = draw(st.lists(st.integers(0, 9), min_size=4, max_size=4))
    projects = {"项目数": 3, "金额": str(wan(12_345))}
    data = {
        "单位": {"名称": "测试单位", "年度": 2023, "财政级次": "区级", "主要职责": ["职责"], "内设机构": ["秘书股"],
               "预算单位": ["测试单位机关本级"]},
        "收入": {"合计": steady_figure(total), "财政拨款合计": str(wan(general + fund)),
               "一般公共预算": steady_figure(general), "政府性基金": steady_figure(fund),
               "专户管理的教育收费": str(wan(fees))},
        "支出": {"合计": str(wan(total)), "基本支出": str(wan(personnel + public)), "项目支出": str(wan(project))},
        "一般公共预算支出": {
            "合计": str(wan(total)), "功能分类": {f"类{n}": str(wan(c)) for n, c in enumerate(classes)},
            "基本支出": {"合计": str(wan(personnel + public)), "人员经费": str(wan(personnel)), "公用经费": str(wan(public))}},
        "三公经费": {
            "合计": steady_figure(outbound + purchase + operation + reception), "因公出国（境）费": steady_figure(outbound),
            "公务用车购置及运行费": {"合计": str(wan(purchase + operation)), "公务用车购置费": steady_figure(purchase),
                             "公务用车运行维护费": steady_figure(operation)},
            "公务接待费": steady_figure(reception)},
        "政府性基金预算支出": steady_figure(0),
        "国有资本经营预算支出": steady_figure(0),
        "机关运行经费": str(wan(draw(st.integers(0, public)))),
        "政府采购": {"合计": str(wan(goods + works + services)), "货物": str(wan(goods)), "工程": str(wan(works)),
                 "服务": str(wan(services))},
        "预算绩效": {"上年评价": projects, "本年拟评价": projects, "本年绩效目标": projects},
        "国有资产": {"车辆": {"合计": sum(cars), "一般公务用车": cars[0], "一般执法执勤用车": cars[1],
                          "特种专业技术用车": cars[2], "其他用车": cars[3], "其他用车说明": ""},
                 "单价50万元以上通用设备": 0, "单位价值100万元以上专用设备": 0},
        "专项转移支付": [],
    }
    return load_mapping(data, "生成.yaml").budget


def replace(thing, **changes):
    """Return a block or a value type (a records.Record) with *changes* applied."""
    return thing.replace(**changes)


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
