"""The catalogue: every figure and field the 部门预算情况说明 knows, declared once.

Each entry gives the Chinese key staff write, the model field it fills (its stable code), its
kind and help text, and for figures: the identity it heads (its parts, so BAL-xx and the share
groups are generated from here), the phrase rule that compares it with last year and its
template variables. The validator, the checks, the context, the `init` skeleton, the diff's
figure table, the consolidation and templates/variables.yaml all read this one table.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Callable, Iterable, Iterator

from generator import model
from generator.spec import (AMOUNT, BLOCK, COMPARED, COUNT, ITEMS, NAME, AMOUNT_KEY, NAMED_AMOUNTS, OPTIONAL, PROJECTS,
                            REASON, TEXT, TEXTS, THIS_YEAR, LAST_YEAR, YEAR, Figure, Spec, Sum, Walks, amount, block, compared,
                            optional, walk_fields, walk_lookup)
from generator.model import Block, Compared, Source, class_level

# 收入来源: (key staff write, model key). The first three are 财政拨款 and are compared with last
# year (section 四); the others may be a bare number (this year only) or 本年/上年/主要原因.
INCOME_SOURCES = (
    Spec("一般公共预算", "general_budget", COMPARED, "一般公共预算拨款收入", figure=Figure(
        "general_budget", "fiscal", "一般公共预算收入", change="fiscal_changes", clause_index=0)),
    Spec("政府性基金", "government_fund", COMPARED, "政府性基金预算拨款收入", figure=Figure(
        "government_fund", "fiscal", "政府性基金收入", change="fiscal_changes", clause_index=1)),
    Spec("国有资本经营预算", "state_capital", COMPARED, "国有资本经营预算拨款收入"),
    Spec("财政专户管理资金", "special_account", AMOUNT, "财政专户管理资金收入"),
    Spec("专户管理的教育收费", "education_fees", AMOUNT, "专户管理的教育收费"),
    Spec("事业收入", "business_income", AMOUNT, "事业收入"),
    Spec("事业单位经营收入", "enterprise_income", AMOUNT, "事业单位经营收入"),
    Spec("上级补助收入", "superior_subsidy", AMOUNT, "上级补助收入"),
    Spec("附属单位上缴收入", "subordinate_remittance", AMOUNT, "附属单位上缴收入"),
    Spec("其他收入", "other_income", AMOUNT, "其他收入"),
    Spec("上年结转结余", "carryover", AMOUNT, "上年结转结余"),
    Spec("用事业基金弥补收支差额", "fund_offset", AMOUNT, "用事业基金弥补收支差额"),
)
FISCAL_SOURCES = ("general_budget", "government_fund", "state_capital")

UNITS = ("万元", "元")
SETTINGS = "设置"

BUDGET = block(
    "", "", model.Budget, "",
    Spec(SETTINGS, "settings", BLOCK, "可不写：默认按万元填写、按万元公布、百分比保留两位小数", (
        Spec("填写单位", "input_unit", TEXT, "本文件里金额的单位：万元 或 元（预算系统导出的表常以元为单位）",
             required=False, default="万元", choices=UNITS),
        Spec("公布单位", "publish_unit", TEXT, "初稿里金额的单位：万元 或 元", required=False, default="万元", choices=UNITS),
        Spec("百分比小数位", "percent_places", COUNT, "占比、增减幅度保留几位小数（0 到 4）",
             required=False, default=2, choices=("0", "1", "2", "3", "4")),
    ), model.Settings, required=False, default=model.Settings()),
    block(
        "单位", "unit", model.Block, "单位基本情况",
        Spec("名称", "name", TEXT, "单位名称，如：区政府办公室"),
        Spec("年度", "year", YEAR, "预算年度，如：2023"),
        Spec("财政级次", "finance_level", TEXT, "名词解释里的“X级财政”，如：区级、县级、市级"),
        Spec("主要职责", "duties", TEXTS, "每条一行，以“- ”开头；不要写（一）（二），程序自动编号"),
        Spec("内设机构", "internal_organs", TEXTS, "每个机构一行，以“- ”开头；不要写编号"),
        Spec("预算单位", "budget_units", TEXTS,
             "纳入本部门预算的单位，每个一行；只有机关本级时只写本级一行"),
    ),
    Spec("收入", "income", BLOCK, "收入预算（万元）；收入来源按文中顺序列出，没有的不写", (
        compared("合计", "total", "收入合计，即第二部分一、收支总计",
                 sums=(Sum("BAL-01", (ITEMS,), "收入合计", shares="income", both_years=True),),
                 figure=Figure("income_total", "total", "收入合计（即收支总计）", amount="income_total", change="total_change")),
        optional("财政拨款合计", "fiscal_total", "= 一般公共预算 + 政府性基金 + 国有资本经营预算；只用于核对，不印出",
                 sums=(Sum("BAL-10", ("一般公共预算", "政府性基金", "国有资本经营预算"), "财政拨款合计", both_years=True),)),
    ), model.Income, items=INCOME_SOURCES, items_attr="sources"),
    block(
        "支出", "expenditure", model.Block, "支出预算（万元）；只写数字为本年数，要与上年比较时写 本年/上年/主要原因",
        optional("合计", "total", "支出合计", sums=(Sum(
            "BAL-02", ("基本支出", "项目支出", "上缴上级支出", "对附属单位补助支出", "事业单位经营支出"), "支出合计",
            shares="expenditure", both_years=True),)),
        optional("基本支出", "basic", "基本支出", figure=Figure("basic_expenditure", "expenditure", "基本支出", subject="基本支出")),
        optional("项目支出", "project", "项目支出", figure=Figure("project_expenditure", "expenditure", "项目支出", subject="项目支出")),
        optional("上缴上级支出", "upper_remittance", "有才写", required=False, default=None,
                 figure=Figure("upper_remittance", "expenditure", "上缴上级支出", subject="上缴上级支出")),
        optional("对附属单位补助支出", "subsidiary_subsidy", "有才写", required=False, default=None,
                 figure=Figure("subsidiary_subsidy", "expenditure", "对附属单位补助支出", subject="对附属单位补助支出")),
        optional("事业单位经营支出", "enterprise", "有才写", required=False, default=None,
                 figure=Figure("enterprise_expenditure", "expenditure", "事业单位经营支出", subject="事业单位经营支出")),
    ),
    block(
        "一般公共预算支出", "general_budget_expenditure", model.Block,
        "一般公共预算支出（万元）；只写数字为本年数，要与上年比较时写 本年/上年/主要原因",
        optional("合计", "total", "一般公共预算支出合计",
                 sums=(Sum("BAL-04", ("功能分类",), "一般公共预算支出合计", shares="function_classes", both_years=True),),
                 figure=Figure("general_expense", "expenditure", "一般公共预算支出合计", amount="general_expense_total")),
        Spec("功能分类", "function_classes", NAMED_AMOUNTS,
             "按功能分类逐项填写，一行一项，写法：类名: 金额，如 一般公共服务: 1856.14；"
             "某类要与上年比较时在类名下写 本年/上年/主要原因；"
             "要细化到款、项时在名称前写科目编码，如 201: …、20103: …、2010301 行政运行: …", compared_items=True),
        block(
            "基本支出", "basic", model.Block, "一般公共预算基本支出",
            amount("合计", "total", "基本支出合计", sums=(
                Sum("BAL-05", ("人员经费", "公用经费"), "基本支出合计", shares="basic_expenditure"),
                Sum("BAL-12", ("经济分类",), "基本支出合计", shares="economic_classes"))),
            Spec("人员经费", "personnel", AMOUNT, "人员经费"),
            Spec("公用经费", "public", AMOUNT, "公用经费"),
            Spec("经济分类", "economic_classes", NAMED_AMOUNTS,
                 "有才写：按经济分类，如 工资福利支出: …、商品和服务支出: …、对个人和家庭的补助: …",
                 required=False, default=()),
        ),
    ),
    block(
        "三公经费", "three_public", model.Block, "“三公”经费（万元）",
        compared("合计", "total", "“三公”经费合计", sums=(Sum(
            "BAL-06", ("因公出国（境）费", "公务用车购置及运行费.公务用车购置费", "公务用车购置及运行费.公务用车运行维护费",
                       "公务接待费"), "“三公”经费合计", both_years=True),),
            figure=Figure("three_public", "three_public_total", "“三公”经费", amount="three_public_total")),
        compared("因公出国（境）费", "outbound", "因公出国（境）费",
                 figure=Figure("outbound", "three_public_item", "因公出国（境）费")),
        block(
            "公务用车购置及运行费", "vehicles", model.Block, "公务用车购置及运行费",
            optional("合计", "total", "合计；只写数字为本年数，要与上年比较时写 本年/上年/主要原因",
                     sums=(Sum("BAL-07", ("公务用车购置费", "公务用车运行维护费"), "公务用车购置及运行费", both_years=True),),
                     figure=Figure("vehicle_total", "three_public_item", "公务用车购置及运行费", amount="vehicle_total",
                                   subject="公务用车购置及运行费")),
            compared("公务用车购置费", "purchase", "公务用车购置费",
                     figure=Figure("vehicle_purchase", "three_public_item", "公务用车购置费")),
            compared("公务用车运行维护费", "operation", "公务用车运行维护费",
                     figure=Figure("vehicle_operation", "three_public_item", "公务用车运行维护费")),
        ),
        compared("公务接待费", "reception", "公务接待费", figure=Figure("reception", "three_public_item", "公务接待费")),
    ),
    compared("政府性基金预算支出", "government_fund_expenditure", "使用政府性基金预算拨款安排的支出（万元）",
             sums=(Sum("BAL-13", ("政府性基金预算支出明细",), "政府性基金预算支出", shares="fund_details"),)),
    compared("国有资本经营预算支出", "state_capital_expenditure", "使用国有资本经营预算拨款安排的支出（万元）",
             sums=(Sum("BAL-13", ("国有资本经营预算支出明细",), "国有资本经营预算支出", shares="fund_details"),)),
    optional("机关运行经费", "operating_cost", "机关运行经费支出预算（万元）；只写数字为本年数，要与上年比较时写 本年/上年/主要原因",
             figure=Figure("operating_cost", "expenditure", "机关运行经费", amount="operating_cost", subject="机关运行经费")),
    block(
        "政府采购", "procurement", model.Block, "政府采购预算（万元）；都为 0 时文中只写“未安排”",
        amount("合计", "total", "政府采购预算合计",
               sums=(Sum("BAL-09", ("货物", "工程", "服务"), "政府采购合计", shares="procurement"),)),
        Spec("货物", "goods", AMOUNT, "政府采购货物预算"),
        Spec("工程", "works", AMOUNT, "政府采购工程预算"),
        Spec("服务", "services", AMOUNT, "政府采购服务预算"),
        Spec("预留中小企业", "reserved_for_sme", AMOUNT, "有才写：预留给中小企业的金额", required=False, default=None),
    ),
    block(
        "预算绩效", "performance", model.Block, "预算绩效管理",
        block("上年评价", "evaluated_last_year", model.Block, "上年已组织绩效评价的项目",
              Spec("项目数", "count", COUNT, "个"), Spec("金额", "amount", AMOUNT, "万元")),
        block("本年拟评价", "to_evaluate", model.Block, "本年拟组织绩效评价的项目",
              Spec("项目数", "count", COUNT, "个"), Spec("金额", "amount", AMOUNT, "万元")),
        block("本年绩效目标", "with_targets", model.Block, "本年已设立绩效目标的项目",
              Spec("项目数", "count", COUNT, "个"), Spec("金额", "amount", AMOUNT, "万元")),
    ),
    block(
        "国有资产", "assets", model.Block, "国有资产占用情况（上年末）",
        block(
            "车辆", "vehicles", model.Block, "车辆（辆）",
            Spec("合计", "total", COUNT, "车辆总数", sums=(Sum(
                "BAL-08", ("一般公务用车", "一般执法执勤用车", "特种专业技术用车", "其他用车"), "车辆合计",
                parts_label="各类车辆", unit="辆"),)),
            Spec("一般公务用车", "general", COUNT, ""),
            Spec("一般执法执勤用车", "law_enforcement", COUNT, ""),
            Spec("特种专业技术用车", "special", COUNT, ""),
            Spec("其他用车", "other", COUNT, ""),
            Spec("其他用车说明", "other_note", TEXT, "其他用车主要是什么；其他用车为 0 时不填",
                 required=False),
        ),
        Spec("单价50万元以上通用设备", "general_equipment", COUNT, "台（套）"),
        Spec("单位价值100万元以上专用设备", "special_equipment", COUNT, "台（套）"),
    ),
    Spec("专项转移支付", "transfer_projects", PROJECTS,
         "负责管理的专项转移支付项目，每项写 名称 和 金额；没有就写 []"),
    Spec("政府性基金预算支出明细", "government_fund_details", NAMED_AMOUNTS,
         "有才写：政府性基金预算支出按功能分类，名称: 金额", required=False, default=()),
    Spec("国有资本经营预算支出明细", "state_capital_details", NAMED_AMOUNTS,
         "有才写：国有资本经营预算支出按用途，名称: 金额", required=False, default=()),
)
"""The whole input file."""


PART_CODES = {THIS_YEAR: "this", LAST_YEAR: "last", REASON: "reason", NAME: "name", AMOUNT_KEY: "amount"}


def code_of(path: str) -> tuple[str, str]:
    """Return the stable ASCII code of a Chinese field path, and the part of it that is staff's own label.

    Files the tool writes (JSON, manifest) name fields by code; the Chinese path stays beside it.

    >>> code_of("三公经费.公务接待费.主要原因"), code_of("一般公共预算支出.功能分类.一般公共服务")
    (('three_public.reception.reason', ''), ('general_budget_expenditure.function_classes', '一般公共服务'))
    """
    codes, spec, keys = [], BUDGET, path.split(".") if path else []
    for index, key in enumerate(keys):
        found = spec.child(key) or spec.item(key)
        if found is None:
            if key in PART_CODES and index == len(keys) - 1:
                codes.append(PART_CODES[key])
                break
            return ".".join(codes), ".".join(keys[index:])
        codes.append(found.attr)
        spec = found
    return ".".join(codes), ""


# The catalogue is immutable after import, so its walks are made once (on first use) and kept as
# tables (spec.Walks): every field, identity and figure in file order, every spec by path.

@cache
def _tables() -> Walks:
    """Return the catalogue's walks, made on first use."""
    return Walks(BUDGET)


def fields(spec: Spec = BUDGET, prefix: str = "") -> Iterator[tuple[str, Spec]]:
    """Yield (Chinese path, spec) for every field below *spec*, depth first, in file order.

    >>> [p for p, s in fields() if s.kind == COMPARED][:2]
    ['收入.合计', '三公经费.合计']
    """
    return iter(_tables().fields) if spec is BUDGET and not prefix else walk_fields(spec, prefix)


def sums() -> Iterator[tuple[str, Spec, Sum]]:
    """Yield (Chinese path of the total, its spec, the identity) for every identity, in file order.

    >>> [(path, total.rule) for path, _, total in sums()][:2]
    [('收入.合计', 'BAL-01'), ('收入.财政拨款合计', 'BAL-10')]
    """
    return iter(_tables().sums)


def figures() -> Iterator[tuple[str, Spec]]:
    """Yield (Chinese path, spec) for every figure compared with last year that the draft prints, in file order.


    >>> [path for path, _ in figures()][:3]
    ['收入.合计', '收入.一般公共预算', '收入.政府性基金']
    """
    return iter(_tables().figures)


def lookup(path: str) -> Spec | None:
    """Return the spec of the field (or block item) at Chinese *path*, if the catalogue has one."""
    found = _tables().specs.get(path)
    return found if found is not None else walk_lookup(BUDGET, path)


def value_at(obj: Any, path: str, spec: Spec) -> Any:
    """Return the model value at Chinese *path* below the block *obj* described by *spec* (None if absent)."""
    for key in path.split("."):
        child = spec.child(key)
        if child is None:
            item = spec.item(key)
            return obj.source(item.attr) if item is not None else None
        obj, spec = getattr(obj, child.attr), child
    return obj


def parts_of(parent: Any, parent_spec: Spec, total: Sum) -> Iterator[tuple[str, str, Any]]:
    """Yield (name, Chinese path below the parent, value) for every part of an identity the budget has."""
    for part in total.parts:
        if part == ITEMS:
            for source in getattr(parent, parent_spec.items_attr):
                yield source.name, source.name, source
            continue
        value = value_at(parent, part, parent_spec)
        if isinstance(value, tuple):  # a list: its 类 (an item without 科目编码 is a 类)
            yield from ((item.label, f"{part}.{item.label}", item.change or item.amount)
                        for item in value if class_level(item.label) == 3)
        elif value is not None:
            yield part.rpartition(".")[2], part, value.total if isinstance(value, Block) else value


def side(value: Any, which: str) -> Decimal | None:
    """Return this year's or last year's figure of a value (None when it has no 上年).

    >>> side(Decimal(5), "this"), side(Decimal(5), "last"), side(Compared(Decimal(5), Decimal(4)), "last")
    (Decimal('5'), None, Decimal('4'))
    """
    if isinstance(value, Source):
        value = value.change if which == "last" else value.amount
    if isinstance(value, Compared):
        return getattr(value, which)
    return value if which == "this" else None


def share_groups(budget: object) -> Iterator[tuple[str, Sum, list[tuple[str, str, Decimal]]]]:
    """Yield (path of the total, identity, [(name, Chinese path, this year's amount)]) for every group printed with shares."""
    return iter(remembered("share_groups", budget, _share_groups))


def _share_groups(budget: object) -> Iterator[tuple[str, Sum, list[tuple[str, str, Decimal]]]]:
    """Yield the groups printed with shares, walking the budget."""
    for path, _, total in sums():
        if not total.shares:
            continue
        parent_path = path.rpartition(".")[0]
        parent_spec = lookup(parent_path) if parent_path else BUDGET
        parent = value_at(budget, parent_path, BUDGET) if parent_path else budget
        parts = [(name, f"{parent_path}.{where}".lstrip("."), side(value, "this"))
                 for name, where, value in parts_of(parent, parent_spec, total)]
        if parts:
            yield path, total, parts


def source_items(obj: object, spec: Spec, prefix: str) -> Iterator[tuple[str, Spec, object]]:
    """Yield the optional items a block collected (income sources) as fields of their own."""
    for source in getattr(obj, spec.items_attr):
        kind = COMPARED if source.change is not None else AMOUNT
        yield f"{prefix}.{source.name}", item_spec(source.name, source.key, kind), source.change or source.amount


@lru_cache(maxsize=256)
def item_spec(name: str, key: str, kind: str) -> Spec:
    """Return the spec of an optional item as a field of its own, made once (a Spec never changes)."""
    return Spec(name, key, kind)


def values(obj: object, spec: Spec = BUDGET, prefix: str = "") -> Iterator[tuple[str, Spec, object]]:
    """Yield (Chinese path, spec, value) for every field of a built model, in file order.

    >>> from generator.model import Block, Compared
    >>> three = Block(total=Compared(1, 1), outbound=Compared(1, 1),
    ...               vehicles=Block(total=2, purchase=Compared(1, 1), operation=Compared(1, 1)), reception=Compared(1, 1))
    >>> [p for p, s, v in values(three, BUDGET.child("三公经费"), "三公经费")][-1]
    '三公经费.公务接待费'
    """
    if spec is BUDGET and not prefix:
        return iter(remembered("values", obj, _read))
    return _values(obj, spec, prefix)


def _read(budget: object) -> list[tuple[str, Spec, object]]:
    """Return what _values yields for the whole catalogue, following the catalogue's read plan."""
    read: list[object] = []
    found: list[tuple[str, Spec, object]] = []
    for path, spec, parent, items in _tables().reads:
        block = budget if parent < 0 else read[parent]
        if items:
            found.extend(source_items(block, spec, path))
            read.append(None)
        else:
            value = getattr(block, spec.attr)
            read.append(value)
            found.append((path, spec, value))
    return found


def _values(obj: object, spec: Spec, prefix: str) -> Iterator[tuple[str, Spec, object]]:
    """Yield the fields of a built model, walking it."""
    for f in spec.fields:
        path = f"{prefix}.{f.key}" if prefix else f.key
        value = getattr(obj, f.attr)
        yield path, f, value
        if f.kind == BLOCK:
            yield from _values(value, f, path)
            if f.items:
                yield from source_items(value, f, path)


def leaves(budget: object) -> Iterator[tuple[str, str, object]]:
    """Yield (Chinese path, kind, value) for every leaf field, list items one by one by their name.

    A figure staff may compare or not is a COMPARED leaf when they did, an AMOUNT leaf when not.
    """
    return iter(remembered("leaves", budget, _leaves))


def _leaves(budget: object) -> Iterator[tuple[str, str, object]]:
    """Yield the leaf fields, walking the budget."""
    for path, spec, value in values(budget):
        if spec.kind == BLOCK:
            continue
        if spec.kind in (NAMED_AMOUNTS, PROJECTS):
            for item in value:
                change = getattr(item, "change", None)
                yield f"{path}.{item.label}", (AMOUNT if change is None else COMPARED), change or item.amount
        elif spec.kind == OPTIONAL:
            yield path, (COMPARED if isinstance(value, Compared) else AMOUNT), value
        else:
            yield path, spec.kind, tuple(value) if spec.kind == TEXTS else value


# The last budget each walk of a budget (values, leaves, share groups; the checks' amounts) was asked
# about, and what it gave: the checks, the context and the self-check walk the same budget several times
# per draft. A Block is read-only, so a walk kept for it cannot go stale, and holding the budget keeps
# its id from passing to another object.
_LAST: dict[str, tuple[object, list]] = {}


def remembered(walk: str, budget: object, walker: Callable[[Any], Iterable]) -> list:
    """Return what *walker* yields for *budget*, walking it only when it is not the last budget this *walk* saw."""
    if not isinstance(budget, Block):  # only a read-only model can be remembered
        return list(walker(budget))
    last = _LAST.get(walk)
    if last is None or last[0] is not budget:
        last = _LAST[walk] = (budget, list(walker(budget)))
    return last[1]
