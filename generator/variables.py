"""The template variables of the 部门预算情况说明 and what each means (templates/variables.yaml is made from here).

Sentences, lists and plain values are listed by hand below; the variables of each figure compared
with last year (its amount, its clause and their parts) come from the catalogue (schema.Figure).
"""

from __future__ import annotations

from generator import schema

# Amounts are formatted with their unit (1909.62万元), percentages with % (18.53%).
TEXT_VARIABLES = {
    "unit_name": "单位名称，如 区政府办公室",
    "year": "预算年度，如 2023",
    "last_year": "上一年度，如 2022",
    "budget_kind": "预算的类别：含所属单位的部门为“部门预算”，只有本级的单位为“单位预算”",
    "finance_level": "财政级次，用于名词解释“X级财政”，如 区级",
    "duties": "主要职责列表；每项有 number（中文序号，如 十九）和 text（职责内容），用 {%p for duty in duties %} 逐段写出",
    "internal_organs": "内设机构，已编号并用“；”连接，如 1、秘书股；2、政策法规股",
    "level_unit": "由财政级次而来的“X属”，如 区属、市属、县属（不认识的级次为“所属”）",
    "composition": "预算单位构成的说明句（部门含多个单位时写“本预算为汇总预算”）",
    "budget_units": "预算单位列表；每项有 number（阿拉伯序号）和 name（单位名称）",
    "expense_total": "支出合计",
    "income_sources": "各项收入来源及金额，用“；”连接",
    "expense_kinds": "基本支出、项目支出（及上缴上级支出等其他支出）的金额及占比，用“；”连接",
    "fiscal_changes": "财政拨款各项与上年比较的句子，含主要原因，用“；”连接",
    "fiscal_sentence": "财政拨款各项与上年比较的整句（有增减时以“与上年相比，”开头，不重复年份），不含句末句号",
    "expense_changes": "填了上年的支出各项（基本支出、项目支出……）与上年比较的句子，用“；”连接；都没填上年时为空",
    "function_class_changes": "填了上年的功能分类（类）与上年比较的句子，用“；”连接；都没填上年时为空",
    "general_expense_total": "一般公共预算支出合计",
    "function_classes": "一般公共预算支出按功能分类（类）的金额及占比，用“；”连接",
    "function_details": "功能分类细化到款、项的各项（名称、科目编码、金额），用“；”连接；没有细化时为空",
    "basic_total": "一般公共预算基本支出合计",
    "basic_kinds": "人员经费、公用经费的金额及占比，用“；”连接",
    "basic_economic": "基本支出按经济分类的整句（填了经济分类才有，否则为空）",
    "three_public_none": "“三公”经费本年全为 0 时的整句“未安排‘三公’经费预算”（否则为空）",
    "three_public_items": "“三公”经费各项，按句式规则的顺序；每项有 number（中文序号）和 text（整段），用 {%p for item in three_public_items %} 逐段写出",
    "outbound_none": "因公出国（境）费两年都为 0 时的整句（否则为空，此时写金额和同比）",
    "vehicles_none": "公务用车购置及运行费两年都为 0 时的整句（否则为空）",
    "vehicle_total": "公务用车购置及运行费合计",
    "reception_none": "公务接待费两年都为 0 时的整句（否则为空）",
    "government_fund_expenditure": "政府性基金预算支出的整句（没有支出时为“没有使用……”）",
    "operating_cost": "机关运行经费",
    "operating_cost_none": "机关运行经费为 0 时的整句（否则为空，此时写金额）",
    "procurement": "政府采购的整句，含货物、工程、服务的占比和预留中小企业的金额（都为 0 时为“未安排政府采购预算”）",
    "evaluated_count": "上年已组织绩效评价的项目数",
    "evaluated_amount": "上年已组织绩效评价的项目金额",
    "to_evaluate_count": "本年拟组织绩效评价的项目数",
    "to_evaluate_amount": "本年拟组织绩效评价的项目金额",
    "targets_count": "本年已设立绩效目标的项目数",
    "targets_amount": "本年已设立绩效目标的项目金额",
    "targets_share": "已设立绩效目标的资金占项目支出的比例，如 18.7%（项目支出为 0 时为空）",
    "targets_coverage": "“占项目支出的X%”（项目支出为 0 时为空）",
    "performance": "预算绩效管理的整段：上年评价、本年拟评价、绩效目标各一句，没有项目的写“未……”",
    "assets": "国有资产占用情况的整句：车辆（按句式规则列出的类别）和设备（按句式规则的门槛）",
    "vehicle_count": "上年末车辆总数",
    "general_vehicles": "一般公务用车数",
    "law_enforcement_vehicles": "一般执法执勤用车数",
    "special_vehicles": "特种专业技术用车数",
    "other_vehicles": "其他用车的半句（有其他用车时含“主要是……”）",
    "general_equipment": "单价50万元以上通用设备台（套）数",
    "special_equipment": "单位价值100万元以上专用设备台（套）数",
    "transfer_projects": "专项转移支付项目的整句（没有项目时为“无负责管理的专项转移支付项目”）",
    "state_capital_expenditure": "国有资本经营预算支出的整句（没有支出时为“没有使用……”）",
}
"""Variables that are not a figure of the catalogue: name → Chinese meaning."""

ATOMIC = (
    ("last_amount", "{label}上年数"),
    ("diff", "{label}比上年增减的金额（绝对值；持平时为 0）"),
    ("rate", "{label}比上年增减的幅度（绝对值，如 13.33%；持平、上年为 0 或本年为 0 时为空）"),
    ("direction", "{label}比上年的变化：增加、减少或持平"),
    ("reason", "{label}增减的主要原因（没有填写时为空）"),
)
"""The parts of a comparison each figure offers besides its amount and clause: {var}_{suffix}."""


OWN_TEMPLATE_PARTS = frozenset({
    "evaluated_count", "evaluated_amount", "to_evaluate_count", "to_evaluate_amount", "targets_count", "targets_amount",
    "targets_share", "targets_coverage", "vehicle_count", "general_vehicles", "law_enforcement_vehicles",
    "special_vehicles", "other_vehicles", "general_equipment", "special_equipment", "outbound_none", "vehicles_none",
    "reception_none", "fiscal_changes", "last_year", "level_unit",
})
"""Pieces the standard template writes through a composed sentence; an office's own template may use them."""


def figure_variables() -> dict[str, str]:
    """Return every variable the catalogue's compared figures give the template, with its meaning.

    >>> figure_variables()["reception_direction"]
    '公务接待费比上年的变化：增加、减少或持平'
    """
    found: dict[str, str] = {}
    for _, spec in schema.figures():
        figure = spec.figure
        found[figure.amount_var] = f"{figure.label}本年数"
        if figure.clause_index is None:  # a clause joined with others is listed with its list
            found[figure.change_var] = f"{figure.label}与上年比较的句子，含主要原因，不含句末句号"
        for suffix, meaning in ATOMIC:
            found[f"{figure.var}_{suffix}"] = meaning.format(label=figure.label)
    return found


def known_variables() -> dict[str, str]:
    """Return every variable a template may use, with its Chinese meaning."""
    return {**TEXT_VARIABLES, **figure_variables()}


def variables_yaml() -> str:
    """Return the text of templates/variables.yaml: every variable and its meaning, for template editors."""
    lines = [
        "# 模板变量一览：模板中 {{ }} 里可以用的名称及其含义。本文件由程序生成（python -m generator template-vars），",
        "# 请勿手工修改；测试会核对“模板用到的 ⊆ 程序提供的 = 本表列出的”。",
        "# 金额都已按“万元、最多两位小数、去掉末尾的 0”格式化并带单位，如 1909.62万元；百分比如 18.53%。",
        "# 每个与上年比较的数字另有 _last_amount（上年数）、_diff（增减额）、_rate（幅度）、_direction（增加/减少/持平）、",
        "# _reason（主要原因）几个变量，可用来按本地习惯自己组织句子，如“较上年减{{ reception_diff }}，减幅{{ reception_rate }}”。",
    ]
    lines += [f"{name}: {meaning}" for name, meaning in known_variables().items()]
    return "\n".join(lines) + "\n"
