"""The nine standard 部门预算公开表 built from a Budget: titles, columns, rows (pure, no I/O).

This is the only module of the 公开表 that reads a Budget, so a change of the model touches
this file alone. Amounts stay Decimal, scaled to the publishing unit (万元 or 元), unrounded:
inputs carry at most two decimals, and the writers format them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.model import Budget, NamedAmount, split_code
from generator.money import UNIT_SCALE, chinese_numeral

Cell = str | Decimal | None
ZERO = Decimal(0)

# 2023 政府收支分类科目 支出功能分类 类: a class given by name only gets its code from here.
FUNCTION_CLASS_CODES = {
    "一般公共服务": "201", "外交": "202", "国防": "203", "公共安全": "204", "教育": "205", "科学技术": "206",
    "文化旅游体育与传媒": "207", "社会保障和就业": "208", "卫生健康": "210", "节能环保": "211", "城乡社区": "212",
    "农林水": "213", "交通运输": "214", "资源勘探工业信息等": "215", "商业服务业等": "216", "金融": "217",
    "援助其他地区": "219", "自然资源海洋气象等": "220", "住房保障": "221", "粮油物资储备": "222",
    "灾害防治及应急管理": "224", "预备费": "227", "其他": "229", "转移性支出": "230", "债务还本": "231",
    "债务付息": "232", "债务发行费用": "233",
}
# 部门预算支出经济分类 类, and whether it is 人员经费 (True) or 公用经费 (False).
ECONOMIC_CLASSES = {
    "工资福利支出": ("301", True), "商品和服务支出": ("302", False), "对个人和家庭的补助": ("303", True),
    "资本性支出": ("310", False),
}
# The income lines of the standard tables, in their standard order: (source key, printed name).
INCOME_LINES = (
    ("general_budget", "一般公共预算拨款收入"), ("government_fund", "政府性基金预算拨款收入"),
    ("state_capital", "国有资本经营预算拨款收入"), ("special_account", "财政专户管理资金收入"),
    ("education_fees", "专户管理的教育收费"), ("business_income", "事业收入"),
    ("enterprise_income", "事业单位经营收入"), ("superior_subsidy", "上级补助收入"),
    ("subordinate_remittance", "附属单位上缴收入"), ("other_income", "其他收入"),
)
CARRIED = (("carryover", "上年结转结余"), ("fund_offset", "用事业基金弥补收支差额"))
OPTIONAL_LINES = {"education_fees"}  # shown only when the input has it (most units have none)


@dataclass(frozen=True)
class Row:
    """One table row: its cells, whether it is a 合计/总计 row, and the depth of its name (1 类, 2 款, 3 项)."""

    cells: tuple[Cell, ...]
    total: bool = False
    level: int = 1


@dataclass(frozen=True)
class Table:
    """One 公开表: number, title, header rows (equal neighbours merge), rows, and the 空表说明 when empty."""

    number: int
    name: str
    title: str
    unit_line: str
    header: tuple[tuple[str, ...], ...]
    rows: tuple[Row, ...]
    empty_note: str = ""
    landscape: bool = False

    @property
    def label(self) -> str:
        """Return the table's short label, as a sheet name: "表1 收支总表"."""
        return f"表{self.number} {self.name}"


def build_tables(budget: Budget) -> list[Table]:
    """Return the nine standard 公开表 of *budget*, in their standard order."""
    scale = UNIT_SCALE[budget.settings.publish_unit]
    m = lambda amount: (amount or ZERO) * scale  # noqa: E731 - scaling is the one conversion here
    unit, year = budget.unit.name, budget.unit.year
    builders = (revenue_and_expenditure, income, expenditure, fiscal, general_budget, general_basic,
                three_public, government_fund, state_capital)
    tables = []
    for number, builder in enumerate(builders, start=1):
        name, header, rows, empty_note, landscape = builder(budget, m)
        tables.append(Table(number, name, f"{unit}{year}年{name}", f"单位：{budget.settings.publish_unit}",
                            header, tuple(rows), empty_note, landscape))
    return tables


def income_lines(budget: Budget, m) -> list[tuple[str, Decimal]]:
    """Return this year's income lines in standard order (every standard line, 0 when not given)."""
    return [(name, m(budget.income.change(key).this)) for key, name in INCOME_LINES
            if key not in OPTIONAL_LINES or budget.income.source(key) is not None]


def carried_lines(budget: Budget, m) -> list[tuple[str, Decimal]]:
    """Return 上年结转结余 and 用事业基金弥补收支差额 (0 when not given)."""
    return [(name, m(budget.income.change(key).this)) for key, name in CARRIED]


def expenditure_lines(budget: Budget, m) -> list[tuple[str, Decimal]]:
    """Return expenditure by kind: 基本支出, 项目支出 and the three kinds only some units have."""
    e = budget.expenditure
    return [("基本支出", m(e.basic)), ("项目支出", m(e.project)), ("上缴上级支出", m(e.upper_remittance)),
            ("事业单位经营支出", m(e.enterprise)), ("对附属单位补助支出", m(e.subsidiary_subsidy))]


def revenue_and_expenditure(budget: Budget, m):
    """Return 表1 收支总表: income lines beside expenditure by kind, with 本年合计 and 总计."""
    incomes = [(f"{chinese_numeral(i)}、{name}", amount) for i, (name, amount) in enumerate(income_lines(budget, m), 1)]
    spends = [(f"{chinese_numeral(i)}、{name}", amount)
              for i, (name, amount) in enumerate(expenditure_lines(budget, m), 1)]
    carried = carried_lines(budget, m)
    this_year = sum((a for _, a in incomes), ZERO)
    rows = [Row((a, b, c, d)) for (a, b), (c, d) in zip_padded(incomes, spends)]
    rows.append(Row(("本年收入合计", this_year, "本年支出合计", m(budget.expenditure.total)), total=True))
    rows += [Row((name, amount, None, None)) for name, amount in carried]
    rows.append(Row(("收入总计", m(budget.income.total.this), "支出总计", m(budget.expenditure.total)), total=True))
    header = (("收入", "收入", "支出", "支出"), ("项目", "预算数", "项目", "预算数"))
    return "收支总表", header, rows, "", False


def income(budget: Budget, m):
    """Return 表2 收入总表: one column per income line, a 合计 row and the unit's row."""
    lines = income_lines(budget, m) + carried_lines(budget, m)
    values = (m(budget.income.total.this), *(amount for _, amount in lines))
    header = (("单位名称", "合计", *(name for name, _ in lines)),)
    rows = [Row(("合计", *values), total=True), Row((budget.unit.name, *values))]
    return "收入总表", header, rows, "", True


def expenditure(budget: Budget, m):
    """Return 表3 支出总表: 合计 and each kind of expenditure, a 合计 row and the unit's row."""
    lines = expenditure_lines(budget, m)
    values = (m(budget.expenditure.total), *(amount for _, amount in lines))
    header = (("单位名称", "合计", *(name for name, _ in lines)),)
    rows = [Row(("合计", *values), total=True), Row((budget.unit.name, *values))]
    return "支出总表", header, rows, "", True


def fiscal(budget: Budget, m):
    """Return 表4 财政拨款收支总表: the three fiscal incomes beside fiscal expenditure by column."""
    general = m(budget.general_budget_expenditure.total)
    fund, capital = m(budget.government_fund_expenditure.this), m(budget.state_capital_expenditure.this)
    incomes = [(f"{chinese_numeral(i)}、{name}", m(budget.income.change(key).this))
               for i, (key, name) in enumerate(INCOME_LINES[:3], 1)]
    spends = [(name, amount, amount, None, None) for _, name, amount in top_classes(budget, m)]
    spends += [(name, amount, None, amount, None) for name, amount in details(budget.government_fund_details, fund,
                                                                             "政府性基金预算支出", m)]
    spends += [(name, amount, None, None, amount) for name, amount in details(budget.state_capital_details, capital,
                                                                             "国有资本经营预算支出", m)]
    rows = [Row((a, b, *spend)) for (a, b), spend in zip_padded(incomes, spends, width=5)]
    rows.append(Row(("收入总计", sum((a for _, a in incomes), ZERO), "支出总计", general + fund + capital,
                     general, fund, capital), total=True))
    header = (("收入", "收入", "支出", "支出", "支出", "支出", "支出"),
              ("项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"))
    return "财政拨款收支总表", header, rows, "", True


def general_budget(budget: Budget, m):
    """Return 表5 一般公共预算支出表: 合计, then each 类 / 款 / 项 with its 科目编码."""
    rows = [Row(("", "合计", m(budget.general_budget_expenditure.total)), total=True)]
    rows += [Row((code, name, amount), level=level) for code, name, amount, level in classes(budget, m)]
    header = (("科目编码", "科目名称", "预算数"),)
    return "一般公共预算支出表", header, rows, "", False


def general_basic(budget: Budget, m):
    """Return 表6 一般公共预算基本支出表: by economic class, split into 人员经费 and 公用经费."""
    basic = budget.general_budget_expenditure.basic
    rows = [Row(("", "合计", m(basic.total), m(basic.personnel), m(basic.public)), total=True)]
    known = [ECONOMIC_CLASSES.get(c.label) for c in basic.economic_classes]
    personnel = sum((c.amount for c, k in zip(basic.economic_classes, known) if k and k[1]), ZERO)
    public = sum((c.amount for c, k in zip(basic.economic_classes, known) if k and not k[1]), ZERO)
    if basic.economic_classes and all(known) and (personnel, public) == (basic.personnel, basic.public):
        # Each class goes to its column only when the classes account for both parts exactly.
        rows += [Row((code, c.label, m(c.amount), m(c.amount) if staff else None, None if staff else m(c.amount)))
                 for c, (code, staff) in zip(basic.economic_classes, known)]
    elif basic.economic_classes:
        rows += [Row(((ECONOMIC_CLASSES.get(c.label) or ("",))[0], c.label, m(c.amount), None, None))
                 for c in basic.economic_classes]
    else:
        rows += [Row(("", "人员经费", m(basic.personnel), m(basic.personnel), None)),
                 Row(("", "公用经费", m(basic.public), None, m(basic.public)))]
    header = (("经济分类科目编码", "科目名称", "合计", "人员经费", "公用经费"),)
    return "一般公共预算基本支出表", header, rows, "", False


def three_public(budget: Budget, m):
    """Return 表7 一般公共预算“三公”经费支出表: this year's and last year's figures."""
    t = budget.three_public
    rows = []
    for label, pick in ((f"{budget.unit.year}年预算数", lambda c: c.this), (f"{budget.unit.year - 1}年预算数", lambda c: c.last)):
        purchase, operation = m(pick(t.vehicles.purchase)), m(pick(t.vehicles.operation))
        rows.append(Row((label, m(pick(t.total)), m(pick(t.outbound)), purchase + operation, purchase, operation,
                         m(pick(t.reception)))))
    header = (("项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置及运行费", "公务用车购置及运行费", "公务接待费"),
              ("项目", "合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"))
    none = t.total.this == ZERO and t.total.last == ZERO
    note = f"本单位{budget.unit.year}年没有使用一般公共预算拨款安排的“三公”经费，故本表为空表。" if none else ""
    return "一般公共预算“三公”经费支出表", header, rows, note, True


def government_fund(budget: Budget, m):
    """Return 表8 政府性基金预算支出表, or its 空表说明 when there is none."""
    return fund_table(budget, m, "政府性基金预算支出表", "政府性基金预算", budget.government_fund_expenditure.this,
                      budget.government_fund_details)


def state_capital(budget: Budget, m):
    """Return 表9 国有资本经营预算支出表, or its 空表说明 when there is none."""
    return fund_table(budget, m, "国有资本经营预算支出表", "国有资本经营预算", budget.state_capital_expenditure.this,
                      budget.state_capital_details)


def fund_table(budget: Budget, m, name: str, kind: str, amount: Decimal, items: tuple[NamedAmount, ...]):
    """Return a fund's expenditure table: 合计 and its items, with the 空表说明 when the amount is 0."""
    rows = [Row(("", "合计", m(amount)), total=True)]
    rows += [Row((*split_code(label), value)) for label, value in details(items, m(amount), f"{kind}支出", m)]
    note = f"本单位{budget.unit.year}年没有使用{kind}拨款安排的支出，故本表为空表。" if amount == ZERO else ""
    return name, (("科目编码", "科目名称", "预算数"),), rows, note, False


def classes(budget: Budget, m) -> list[tuple[str, str, Decimal, int]]:
    """Return each function class as (科目编码, 科目名称, amount, level: 1 类, 2 款, 3 项)."""
    found = []
    for item in budget.general_budget_expenditure.function_classes:
        code, name = split_code(item.label)
        code = code or FUNCTION_CLASS_CODES.get(name, "")
        level = {5: 2, 7: 3}.get(len(code), 1)
        if level == 1 and not name.endswith("支出"):
            name += "支出"  # the 类 is named 一般公共服务支出 in the 科目表
        found.append((code, name, m(item.amount), level))
    return found


def top_classes(budget: Budget, m) -> list[tuple[str, str, Decimal]]:
    """Return the 类 rows only, named with their code: "201 一般公共服务支出"."""
    return [(code, f"{code} {name}".strip(), amount) for code, name, amount, level in classes(budget, m) if level == 1]


def details(items: tuple[NamedAmount, ...], amount: Decimal, label: str, m) -> list[tuple[str, Decimal]]:
    """Return a fund's items, or one line for the whole amount when the input lists none."""
    if items:
        return [(item.label, m(item.amount)) for item in items]
    return [(label, amount)] if amount != ZERO else []


def zip_padded(left: list[tuple], right: list[tuple], width: int = 2) -> list[tuple]:
    """Return rows pairing *left* (label, amount) with *right* items, blank cells where one side is shorter."""
    blank_left, blank_right = (None, None), (None,) * width
    count = max(len(left), len(right))
    return [(left[i] if i < len(left) else blank_left, right[i] if i < len(right) else blank_right)
            for i in range(count)]
