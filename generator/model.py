"""The budget of one unit for one year: frozen dataclasses, amounts in Decimal 万元.

No I/O and no wording here. Field names are English; schema.py maps them to the
Chinese keys staff write. `Budget.lines` remembers where each field was read so that
every message can name the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping


@dataclass(frozen=True)
class Compared:
    """A figure compared with last year: this year's amount, last year's, and the reason given."""

    this: Decimal
    last: Decimal
    reason: str | None = None


@dataclass(frozen=True)
class Reference:
    """A figure stated in another file (last year's 本年), with where it stands."""

    amount: Decimal
    source: str
    line: int


@dataclass(frozen=True)
class NamedAmount:
    """An item of a free list, such as a 功能分类 class or a 专项转移支付 project."""

    label: str
    amount: Decimal


CODE_LEVELS = {3: "类", 5: "款", 7: "项"}  # 政府收支分类科目: 201 类, 20103 款, 2010301 项


def split_code(label: str) -> tuple[str, str]:
    """Return (科目编码, name) of a function-class label such as '2010301 行政运行' ('' when it has no code).

    >>> split_code("2010301 行政运行"), split_code("一般公共服务")
    (('2010301', '行政运行'), ('', '一般公共服务'))
    """
    head, _, rest = label.partition(" ")
    if head.isdigit() and len(head) in CODE_LEVELS and rest.strip():
        return head, rest.strip()
    return "", label


def class_level(label: str) -> int:
    """Return the code length of a function-class label: 3 (类, also when no code is given), 5 (款) or 7 (项)."""
    return len(split_code(label)[0]) or 3


@dataclass(frozen=True)
class Unit:
    """Who publishes: name, year, level of government, duties and organisation."""

    name: str
    year: int
    finance_level: str
    duties: tuple[str, ...]
    internal_organs: tuple[str, ...]
    budget_units: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """One source of income as staff gave it: this year's amount, and last year's when given."""

    key: str          # general_budget, business_income … (schema.INCOME_SOURCES)
    name: str         # the Chinese key as written, e.g. 一般公共预算
    amount: Decimal
    change: Compared | None = None


@dataclass(frozen=True)
class Income:
    """收入: the total compared with last year, the 财政拨款 total, and the sources in the order given."""

    total: Compared
    fiscal_total: Decimal
    sources: tuple[Source, ...] = ()

    def source(self, key: str) -> Source | None:
        """Return the source *key*, if the input has it."""
        return next((s for s in self.sources if s.key == key), None)

    def change(self, key: str) -> Compared:
        """Return source *key* compared with last year; a source the input leaves out is 0 in both years."""
        found = self.source(key)
        if found is None:
            return Compared(Decimal(0), Decimal(0))
        return found.change or Compared(found.amount, found.amount)


@dataclass(frozen=True)
class Expenditure:
    """支出 by kind: 基本支出 and 项目支出, and the kinds only some units have (None when not given)."""

    total: Decimal
    basic: Decimal
    project: Decimal
    upper_remittance: Decimal | None = None      # 上缴上级支出
    subsidiary_subsidy: Decimal | None = None    # 对附属单位补助支出
    enterprise: Decimal | None = None            # 事业单位经营支出


@dataclass(frozen=True)
class BasicExpenditure:
    """一般公共预算基本支出: 人员经费 and 公用经费, and by economic class where given."""

    total: Decimal
    personnel: Decimal
    public: Decimal
    economic_classes: tuple[NamedAmount, ...] = ()


@dataclass(frozen=True)
class GeneralBudgetExpenditure:
    """一般公共预算支出: by function class (功能分类), and its 基本支出."""

    total: Decimal
    function_classes: tuple[NamedAmount, ...]
    basic: BasicExpenditure


@dataclass(frozen=True)
class VehicleCosts:
    """公务用车购置及运行费: this year's total and its two parts compared with last year."""

    total: Decimal
    purchase: Compared
    operation: Compared


@dataclass(frozen=True)
class ThreePublic:
    """“三公”经费: total and items, each compared with last year."""

    total: Compared
    outbound: Compared
    vehicles: VehicleCosts
    reception: Compared


@dataclass(frozen=True)
class Procurement:
    """政府采购预算: the total, its 货物 / 工程 / 服务, and what is reserved for small and medium enterprises."""

    total: Decimal
    goods: Decimal
    works: Decimal
    services: Decimal
    reserved_for_sme: Decimal | None = None


@dataclass(frozen=True)
class ProjectsAndFunds:
    """A number of projects and the money they involve (绩效 figures)."""

    count: int
    amount: Decimal


@dataclass(frozen=True)
class Performance:
    """预算绩效管理: last year's evaluations, this year's planned evaluations and targets."""

    evaluated_last_year: ProjectsAndFunds
    to_evaluate: ProjectsAndFunds
    with_targets: ProjectsAndFunds


@dataclass(frozen=True)
class Vehicles:
    """Vehicles held at the end of last year, by kind."""

    total: int
    general: int
    law_enforcement: int
    special: int
    other: int
    other_note: str


@dataclass(frozen=True)
class Assets:
    """国有资产占用: vehicles and costly equipment."""

    vehicles: Vehicles
    general_equipment: int
    special_equipment: int


@dataclass(frozen=True)
class Settings:
    """How the office writes and publishes figures: the unit it enters, the unit it publishes, % decimals."""

    input_unit: str = "万元"
    publish_unit: str = "万元"
    percent_places: int = 2


@dataclass(frozen=True)
class Budget:
    """Everything the 部门预算情况说明 states, for one unit and one year."""

    unit: Unit
    income: Income
    expenditure: Expenditure
    general_budget_expenditure: GeneralBudgetExpenditure
    three_public: ThreePublic
    government_fund_expenditure: Compared
    state_capital_expenditure: Compared
    operating_cost: Decimal
    procurement: Procurement
    performance: Performance
    assets: Assets
    transfer_projects: tuple[NamedAmount, ...]
    government_fund_details: tuple[NamedAmount, ...] = ()
    state_capital_details: tuple[NamedAmount, ...] = ()
    settings: Settings = Settings()
    source: str = ""
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, path: str) -> int | None:
        """Return the input line of field *path*, or of its nearest written parent (a 主要原因 not yet written)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return None
