"""Budget (+ phrase rules) → the template context: a flat dict of strings and lists.

Knows nothing of docx. Every key is documented in templates/variables.yaml; a test
checks that the keys built here, those the template uses and that list are the same.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from generator import money, schema
from generator.model import Block, Budget, Compared, Income, NamedAmount, Source, class_level, split_code
from generator.schema import FISCAL_SOURCES
from generator.spec import Figure
from generator.phrases import PhraseBook


def build_context(budget: Budget, book: PhraseBook) -> dict[str, Any]:
    """Return every value the template needs, formatted, for *budget*."""
    unit, year = budget.unit, budget.unit.year
    context: dict[str, Any] = {
        "unit_name": unit.name,
        "year": str(year),
        "last_year": str(year - 1),
        "finance_level": unit.finance_level,
        "level_unit": level_unit(book, unit.finance_level),
    }
    context.update(figure_context(budget, book))  # the sections below word some clauses their own way
    context.update(_overview(budget, book))
    context.update(_totals(budget, book))
    context.update(_three_public(budget, book))
    context.update(_other_matters(budget, book))
    return context


def compared_value(budget: Budget, path: str) -> Compared:
    """Return the figure at *path* compared with last year (an income source left out is 0 in both years).

    A figure staff may compare or not has no 上年 (None) when they gave a bare number or left it out.
    """
    value = schema.value_at(budget, path, schema.BUDGET)
    if isinstance(value, Source):
        return value.change or Compared(value.amount, value.amount)
    if isinstance(value, Compared):
        return value
    if schema.lookup(path).kind == schema.OPTIONAL:
        return Compared(value or Decimal(0), None)
    return Compared(Decimal(0), Decimal(0))


def this_year(value: Decimal | Compared) -> Decimal:
    """Return this year's amount of a figure staff may have compared with last year."""
    return value.this if isinstance(value, Compared) else value


def figure_context(budget: Budget, book: PhraseBook) -> dict[str, Any]:
    """Return the variables of every compared figure of the catalogue: amount, clause and their parts."""
    found: dict[str, Any] = {}
    year = budget.unit.year
    for path, figure, part_vars in figure_variables():
        change = compared_value(budget, path)
        found[figure.amount_var] = book.amount(change.this)
        if figure.clause_index is None:
            found[figure.change_var] = book.change(figure.rule, change, year, figure.subject)
        for part, text in book.parts(change).items():
            found[part_vars.get(part) or f"{figure.var}_{part}"] = text
    return found


@cache
def figure_variables() -> tuple[tuple[str, Figure, dict[str, str]], ...]:
    """Return each figure of the catalogue with the names of its parts' variables (reception_diff …), made once."""
    parts = ("last_amount", "diff", "rate", "direction", "reason")  # PhraseBook.parts
    return tuple((path, spec.figure, {part: f"{spec.figure.var}_{part}" for part in parts}) for path, spec in schema.figures())


def _overview(budget: Budget, book: PhraseBook) -> dict[str, Any]:
    """Return part one: duties, internal organs and the budget units."""
    unit = budget.unit
    organs = [{"number": str(n), "label": name} for n, name in enumerate(unit.internal_organs, 1)]
    # A budget with units besides the office's own level is a department's (部门预算, 汇总).
    variant = "department" if len(unit.budget_units) > 1 else "single"
    return {
        "budget_kind": book.label("budget_kind", variant),
        "duties": [
            {"number": money.chinese_numeral(n), "text": text}
            for n, text in enumerate(unit.duties, 1)
        ],
        "internal_organs": book.join("organs", organs),
        "composition": book.sentence("composition", variant, unit=unit.name, level_unit=level_unit(book, unit.finance_level)),
        "budget_units": [{"number": str(n), "name": name} for n, name in enumerate(unit.budget_units, 1)],
    }


def _share_items(book: PhraseBook, labelled: list[tuple[str, Decimal]]) -> list[dict[str, str | None]]:
    """Return list items with label, amount and a share; the shares print to exactly 100%.

    A zero amount gets no share (None): "占0%" says nothing the amount does not. A nonzero amount
    whose share rounds to 0 says its share is under the smallest printable one, as rates do.
    """
    places = book.settings.percent_places
    ratios = money.shares([amount for _, amount in labelled], places)
    items: list[dict[str, str | None]] = []
    for (label, amount), ratio in zip(labelled, ratios):
        item = {"label": label, "amount": book.amount(amount), "share": None if book.is_zero(amount) else book.percent(ratio)}
        if item["share"] is not None and money.percent_is_zero(ratio, places):
            item["min_share"] = money.smallest_percent(places)
        items.append(item)
    return items


def income_sources(income: Income, book: PhraseBook) -> str:
    """Return the sources in the order given; with shares when two or more are nonzero (占100% says nothing)."""
    labelled = [(book.label("income", s.key), s.amount) for s in income.sources]
    if sum(1 for _, amount in labelled if not book.is_zero(amount)) >= 2:
        return book.join("shares", _share_items(book, labelled))
    return book.join("amounts", [{"label": label, "amount": book.amount(amount)} for label, amount in labelled])


def expenditure_kinds(spending: Block) -> list[tuple[str, Decimal | Compared]]:
    """Return the kinds of expenditure to print: 基本支出, 项目支出, and the others the input gives."""
    kinds = [("basic", spending.basic), ("project", spending.project)]
    extra = [("upper_remittance", spending.upper_remittance), ("subsidiary_subsidy", spending.subsidiary_subsidy),
             ("enterprise", spending.enterprise)]
    return kinds + [(key, amount) for key, amount in extra if amount is not None]


def _totals(budget: Budget, book: PhraseBook) -> dict[str, Any]:
    """Return part two, sections 一 to 六: totals, sources, kinds, fiscal changes, classes."""
    year = budget.unit.year
    income, spending = budget.income, budget.expenditure
    general = budget.general_budget_expenditure
    # 财政拨款: 一般公共预算 and 政府性基金 always (0 when absent), 国有资本经营预算 when given.
    fiscal = [key for key in FISCAL_SOURCES if key != "state_capital" or income.source(key) is not None]
    # Each class with its level (3: 类), 科目编码 and name, split once.
    classes = [(c, class_level(c.label), *split_code(c.label)) for c in general.function_classes]
    kinds = expenditure_kinds(spending)
    fiscal_changes = [income.change(key) for key in fiscal]
    fiscal_clauses = [(book.classify(change), book.change("fiscal", change, year, book.label("fiscal", key)))
                      for key, change in zip(fiscal, fiscal_changes)]
    return {
        "income_total": book.amount(income.total.this),
        "expense_total": book.amount(this_year(spending.total)),
        "total_change": book.change("total", income.total, year),
        "income_sources": income_sources(income, book),
        "expense_kinds": book.join("shares", _share_items(book, [
            (book.label("expenditure", key), this_year(amount)) for key, amount in kinds
        ])),
        "expense_changes": book.join("changes", [
            {"clause": book.change("expenditure", amount, year, book.label("expenditure", key))}
            for key, amount in kinds if isinstance(amount, Compared) and amount.last is not None]),
        "general_budget_amount": book.amount(income.change("general_budget").this),
        "government_fund_amount": book.amount(income.change("government_fund").this),
        "fiscal_changes": book.join("changes", [{"clause": clause} for _, clause in fiscal_clauses]),
        "fiscal_sentence": fiscal_sentence(book, fiscal_clauses, year),
        "general_expense_total": book.amount(this_year(general.total)),
        "function_classes": book.join("function_classes", _share_items(book, [
            (name, c.amount) for c, level, _, name in classes if level == 3
        ])),
        "function_details": book.join("function_details", [
            {"label": name, "code": code, "amount": book.amount(c.amount)} for c, level, code, name in classes if level > 3
        ]),
        "function_class_changes": book.join("changes", [
            {"clause": book.sentence("function_class_change", "some", label=name,
                                     change=book.change("expenditure", c.change, year))}
            for c, level, _, name in classes if level == 3 and c.change is not None]),
        "basic_total": book.amount(general.basic.total),
        "basic_kinds": book.join("shares", _share_items(book, [
            (book.label("basic_expenditure", "personnel"), general.basic.personnel),
            (book.label("basic_expenditure", "public"), general.basic.public),
        ])),
        "basic_economic": book.sentence("basic_economic", "some", items=book.join("shares", _share_items(
            book, [(c.label, c.amount) for c in general.basic.economic_classes]))) if general.basic.economic_classes else "",
    }


def fiscal_sentence(book: PhraseBook, clauses: list[tuple[str, str]], year: int) -> str:
    """Return the 财政拨款 changes as one sentence, naming last year once.

    "与2022年相比，" leads only a sentence whose first clause changes; steady clauses (持平) follow the
    changed ones, and a sentence with no change has no lead: never "与2022年相比，…与2022年持平".
    """
    changed = [text for variant, text in clauses if variant not in ("flat", "none")]
    steady = [text for variant, text in clauses if variant in ("flat", "none")]
    items = book.join("changes", [{"clause": text} for text in changed + steady])
    return book.sentence("fiscal_changes", "some" if changed else "steady", last_year=str(year - 1), changes=items)


def _three_public(budget: Budget, book: PhraseBook) -> dict[str, Any]:
    """Return part two, section 七: the 三公 total and items with their changes."""
    year, three = budget.unit.year, budget.three_public

    def item_change(key: str, change: Compared) -> str:
        return book.change("three_public_item", change, year, book.label("three_public", key))

    def none(key: str, **changes: Compared) -> str:
        """The single sentence for an item with nothing this year ('' otherwise: the item is described).

        When last year had something, what it was and why it ended follow in the same sentence.
        """
        if not all(book.is_zero(c.this) for c in changes.values()):
            return ""
        ended = [book.change("three_public_item", c, year, book.label("three_public", part) if len(changes) > 1 else "")
                 for part, c in changes.items() if not book.is_zero(c.last)]
        if not ended:
            return book.sentence("three_public_none", key, year=str(year))
        return book.sentence("three_public_none", f"{key}_ended", year=str(year),
                             change=book.join("changes", [{"clause": clause} for clause in ended]))

    if book.is_zero(three.total.this):  # nothing at all this year: one sentence instead of the section
        ended = three.total.last is not None and not book.is_zero(three.total.last)
        none_all = book.sentence("three_public_none", "all_ended" if ended else "all", year=str(year),
                                 change=book.change("three_public_item", three.total, year) if ended else "")
    else:
        none_all = ""
    def item(key: str, empty: str, **slots: str) -> str:
        """The item's paragraph: its none-sentence when nothing is planned this year, else amount and change."""
        if empty:
            return book.sentence("three_public_items", f"{key}_none", none=empty)
        return book.sentence("three_public_items", key, **slots)

    cars = three.vehicles
    nones = {"outbound": none("outbound", outbound=three.outbound),
             "vehicles": none("vehicles", vehicle_purchase=cars.purchase, vehicle_operation=cars.operation),
             "reception": none("reception", reception=three.reception)}
    flat = {  # each amount and change once; the items' paragraphs and the flat variables both use them
        "outbound_amount": book.amount(three.outbound.this),
        "outbound_change": item_change("outbound", three.outbound),
        "vehicle_total": book.amount(this_year(cars.total)),
        "vehicle_purchase_amount": book.amount(cars.purchase.this),
        "vehicle_purchase_change": item_change("vehicle_purchase", cars.purchase),
        "vehicle_operation_amount": book.amount(cars.operation.this),
        "vehicle_operation_change": item_change("vehicle_operation", cars.operation),
        "reception_amount": book.amount(three.reception.this),
        "reception_change": item_change("reception", three.reception),
    }
    items = {
        "outbound": item("outbound", nones["outbound"], amount=flat["outbound_amount"], change=flat["outbound_change"]),
        "vehicles": item("vehicles", nones["vehicles"], total=flat["vehicle_total"], purchase=flat["vehicle_purchase_amount"],
                         operation=flat["vehicle_operation_amount"],
                         total_change=_with_stop(book, figure_clause(budget, book, "三公经费.公务用车购置及运行费.合计")),
                         purchase_change=flat["vehicle_purchase_change"], operation_change=flat["vehicle_operation_change"]),
        "reception": item("reception", nones["reception"], amount=flat["reception_amount"], change=flat["reception_change"]),
    }
    order = book.settings.three_public_order
    return {
        "three_public_items": [{"number": money.chinese_numeral(n), "text": items[key]} for n, key in enumerate(order, 1)],
        "three_public_none": none_all,
        "outbound_none": nones["outbound"],
        "vehicles_none": nones["vehicles"],
        "reception_none": nones["reception"],
        "three_public_total": book.amount(three.total.this),
        "three_public_change": book.change("three_public_total", three.total, year),
        **flat,
    }


def figure_clause(budget: Budget, book: PhraseBook, path: str) -> str:
    """Return the change clause of the catalogue's figure at *path* ('' when staff gave no 上年)."""
    figure = schema.lookup(path).figure
    return book.change(figure.rule, compared_value(budget, path), budget.unit.year, figure.subject)


def _with_stop(book: PhraseBook, clause: str) -> str:
    """Return a clause closed with the sentence's full stop, or '' for none."""
    return book.sentence("stop", "some", clause=clause) if clause else ""


def level_unit(book: PhraseBook, finance_level: str) -> str:
    """Return the level word of the unit's 财政级次 (区级 → 区属); an unknown level is the neutral 所属."""
    levels = book.labels["level_units"]
    return levels.get(finance_level.strip(), levels["其他"])


def targets_share(budget: Budget, book: PhraseBook) -> str:
    """Return the share of 项目支出 covered by 绩效目标, as printed ('' when there is no 项目支出)."""
    project = this_year(budget.expenditure.project)
    if book.is_zero(project):
        return ""
    return book.percent(budget.performance.with_targets.amount / project)


def _performance(budget: Budget, book: PhraseBook) -> dict[str, str]:
    """Return section 九（三）: each of its three sentences, or its none-sentence when there are no projects."""
    perf, year = budget.performance, budget.unit.year

    def said(rule_id: str, block: Block) -> str:
        if block.count == 0 and book.is_zero(block.amount):
            return book.sentence(rule_id, "none", year=str(year), last_year=str(year - 1))
        return book.sentence(rule_id, "some", year=str(year), last_year=str(year - 1), count=str(block.count),
                             amount=book.amount(block.amount), share=share)

    share = targets_share(budget, book)
    return {
        "performance": "".join((said("performance_evaluated", perf.evaluated_last_year),
                                said("performance_to_evaluate", perf.to_evaluate),
                                said("performance_targets", perf.with_targets))),
        "targets_share": share,
        "targets_coverage": book.sentence("performance_coverage", "some", share=share) if share else "",
    }


def _assets(budget: Budget, book: PhraseBook, other: str) -> str:
    """Return section 九（四）: the vehicles of the kinds the rules list, and the equipment at the rules' thresholds."""
    assets, settings = budget.assets, book.settings
    vehicles = book.join("vehicles", [{"label": book.label("vehicles", kind), "count": str(getattr(assets.vehicles, kind))}
                                      for kind in settings.vehicle_kinds])
    equipment = book.sentence("equipment", settings.equipment, general=str(assets.general_equipment),
                              special=str(assets.special_equipment))
    return book.sentence("assets", "some", last_year=str(budget.unit.year - 1), stock_date=book.label("assets", "stock_date"),
                         count=str(assets.vehicles.total), vehicles=vehicles, other=other, equipment=equipment)


def _fund_sentence(book: PhraseBook, rule_id: str, budget: Budget, change: Compared,
                   details: tuple[NamedAmount, ...]) -> str:
    """Return the sentence on a fund's expenditure: 'none' when nothing is spent this year; details when given."""
    year = budget.unit.year
    if book.is_zero(change.this):
        return book.sentence(rule_id, "none", year=str(year))
    sentence = book.sentence(
        rule_id, "some", unit=budget.unit.name, year=str(year), amount=book.amount(change.this),
        change=book.change("fund_expenditure", change, year),
    )
    if details:
        items = book.join("shares", _share_items(book, [(d.label, d.amount) for d in details]))
        sentence += book.sentence("fund_details", "some", items=items)
    return sentence


def _other_matters(budget: Budget, book: PhraseBook) -> dict[str, Any]:
    """Return part two, sections 八 and 九: funds, operating costs, procurement, performance, assets."""
    year = str(budget.unit.year)
    buying, perf = budget.procurement, budget.performance
    vehicles, assets = budget.assets.vehicles, budget.assets
    if all(book.is_zero(v) for v in (buying.goods, buying.works, buying.services)):
        procurement = book.sentence("procurement", "none", year=year)
    else:
        parts = [(book.label("procurement", key), amount)
                 for key, amount in (("goods", buying.goods), ("works", buying.works), ("services", buying.services))]
        procurement = book.sentence("procurement", "some", year=year, total=book.amount(buying.total),
                                    items=book.join("shares", _share_items(book, parts)))
        if buying.reserved_for_sme is not None and buying.total:
            procurement += book.sentence("procurement_sme", "some", sme=book.amount(buying.reserved_for_sme),
                                         sme_share=book.percent(buying.reserved_for_sme / buying.total))
    other = book.sentence(
        "other_vehicles", "some" if vehicles.other else "none",
        count=str(vehicles.other), note=vehicles.other_note,
    )
    projects = budget.transfer_projects
    if projects:
        transfer = book.sentence(
            "transfer_projects", "some", year=year, count=str(len(projects)),
            items=book.join("transfer_projects", [
                {"label": p.label, "amount": book.amount(p.amount)} for p in projects
            ]),
        )
    else:
        transfer = book.sentence("transfer_projects", "none", year=year)
    return {
        **_performance(budget, book),
        "assets": _assets(budget, book, other),
        "government_fund_expenditure": _fund_sentence(
            book, "government_fund_expenditure", budget, budget.government_fund_expenditure,
            budget.government_fund_details),
        "state_capital_expenditure": _fund_sentence(
            book, "state_capital_expenditure", budget, budget.state_capital_expenditure, budget.state_capital_details),
        "operating_cost": book.amount(this_year(budget.operating_cost)),
        "operating_cost_none": (book.sentence("operating_cost_none", "none", year=year)
                                if book.is_zero(this_year(budget.operating_cost)) else ""),
        "procurement": procurement,
        "evaluated_count": str(perf.evaluated_last_year.count),
        "evaluated_amount": book.amount(perf.evaluated_last_year.amount),
        "to_evaluate_count": str(perf.to_evaluate.count),
        "to_evaluate_amount": book.amount(perf.to_evaluate.amount),
        "targets_count": str(perf.with_targets.count),
        "targets_amount": book.amount(perf.with_targets.amount),
        "vehicle_count": str(vehicles.total),
        "general_vehicles": str(vehicles.general),
        "law_enforcement_vehicles": str(vehicles.law_enforcement),
        "special_vehicles": str(vehicles.special),
        "other_vehicles": other,
        "general_equipment": str(assets.general_equipment),
        "special_equipment": str(assets.special_equipment),
        "transfer_projects": transfer,
    }
