"""A finding of the audit rules, the three severities, and the catalogue of rules."""

from __future__ import annotations

from generator.errors import Problem, located
from generator import schema
from generator.model import Budget
from generator.records import Record

ERROR, WARNING, NOTE = "错误", "警告", "提示"
SEVERITIES = (ERROR, WARNING, NOTE)
SEVERITY_CODES = {ERROR: "error", WARNING: "warning", NOTE: "note"}  # what files the tool writes say
"""错误: no draft is written. 警告: written, flagged for staff to confirm. 提示: a note."""

RULES = {
    "INP-01": (NOTE, "输入文字中删去了不可见的控制字符和格式字符（如 U+202E、零宽空格）；一行里“ #”后面的文字按注释处理、没有读入（如主要原因被截断）"),
    "INP-02": (ERROR, "输入文件无法读取或格式有误：类型、未知字段（提示“是不是……”）、缺少字段、重复字段、小数位数、缩进（Tab、多缩进、对不齐、落到上一层）、金额上限、YAML 锚点和别名"),
    "BAL-01": (ERROR, "收入合计 = 各项收入之和"),
    "BAL-02": (ERROR, "支出合计 = 基本支出 + 项目支出（+ 上缴上级、对附属单位补助、事业单位经营支出）"),
    "BAL-03": (ERROR, "收入合计 = 支出合计（收支平衡）"),
    "BAL-04": (ERROR, "一般公共预算支出合计 = 各功能分类之和"),
    "BAL-05": (ERROR, "基本支出合计 = 人员经费 + 公用经费"),
    "BAL-06": (ERROR, "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费（本年、上年）"),
    "BAL-07": (ERROR, "公务用车购置及运行费 = 购置费 + 运行维护费"),
    "BAL-08": (ERROR, "车辆合计 = 各类车辆之和"),
    "BAL-09": (ERROR, "政府采购合计 = 货物 + 工程 + 服务"),
    "BAL-10": (ERROR, "财政拨款合计 = 一般公共预算 + 政府性基金 + 国有资本经营预算"),
    "BAL-11": (ERROR, "功能分类：类 = 所列各款之和，款 = 所列各项之和"),
    "BAL-12": (ERROR, "基本支出合计 = 各经济分类之和"),
    "BAL-13": (ERROR, "政府性基金、国有资本经营预算支出 = 其明细之和"),
    "BAL-14": (ERROR, "预留中小企业的金额不超过政府采购合计"),
    "RSN-01": (ERROR, "与上年相比有增减的数字必须写主要原因"),
    "LY-01": (ERROR, "本年填的上年数 = 上一年度输入文件中的本年数"),
    "PLA-01": (WARNING, "机关运行经费不应大于公用经费、基本支出"),
    "PLA-02": (WARNING, "不为 0 的金额占比小到显示不出来（文中写“占比不足0.01%”），请核对金额或单位"),
    "PLA-03": (WARNING, "增减超过 50% 时，主要原因不应只是一句套话"),
    "PLA-04": (WARNING, "金额不应为负数"),
    "PLA-05": (WARNING, "“三公”经费不应超过上年"),
    "PLA-06": (WARNING, "与上年或同组其他数字相差约一万倍：疑为按“元”填写"),
    "PLA-07": (WARNING, "财政级次应是句式规则认识的级次（省级、市级、县级、区级、乡镇级），它会印进“X级财政”和“X属单位”"),
    "BAT-01": (ERROR, "部门的每个数字 = 所属单位之和"),
    "BAT-02": (ERROR, "部门的预算单位名单 = 单位文件夹中的文件"),
    "BAT-03": (ERROR, "所属单位的输入有错误时，部门无法汇总"),
    "RUN-01": (ERROR, "生成过程中出错（模板、写文件、程序故障或超时）"),
    "SELF-01": (ERROR, "初稿中的每个数字都应来自输入或由输入算出（程序自检；模板固定文字里的数字指出模板第几段）"),
    "AUD-01": (ERROR, "审核文稿：增减幅度 = 增减额 ÷ 上年数（上年数 = 本年数 ∓ 增减额），按印出的小数位四舍五入"),
    "AUD-02": (ERROR, "审核文稿：增减额与增减幅度的方向一致（不能“减少……，增长……”）"),
    "AUD-03": (ERROR, "审核文稿：没有变化不写“增加0万元”“增长0%”“下降0%”，写“持平”"),
    "AUD-04": (ERROR, "审核文稿：上年为 0 时不写增减幅度"),
    "AUD-05": (ERROR, "审核文稿：不列举 0 个项目、全为 0 的分项，数量为 0 不写“主要是”"),
    "AUD-06": (ERROR, "审核文稿：占比 = 金额 ÷ 合计，同一组占比相加为 100%（尾差只作提示）"),
    "AUD-07": (ERROR, "审核文稿：各项之和 = 所写合计（收入、支出、“三公”经费等；尾差只作提示），收入总计 = 支出总计"),
    "AUD-08": (WARNING, "审核文稿：只出现本年和上年的年份"),
    "AUD-09": (WARNING, "审核文稿：全文统一称“部门预算”或“单位预算”"),
    "AUD-10": (ERROR, "审核文稿：没有模板残留（XX、增加（减少）、大于（小于）、未替换的标签）"),
    "AUD-11": (ERROR, "审核文稿：说“没有”或“空表”的项目，文中不应另有金额"),
    "AUD-12": (WARNING, "审核文稿：没有增减的项目不写“主要原因：与上年持平”之类的原因"),
    "AUD-13": (NOTE, "审核文稿：中文里没有多余空格和半角标点"),
    "AUD-14": (WARNING, "审核文稿：名词解释中的财政级次与单位的级次一致（区级单位写区级财政）"),
    "PDF-01": (NOTE, "PDF 中的公文字体本机没有时，用同类开源字体代替（宋/仿宋/小标宋→衬线，楷体→楷，黑体→无衬线）"),
    "PDF-02": (WARNING, "PDF 的正文不应是无衬线（黑体类）字体"),
    "XLS-01": (ERROR, "公开表内：类 = 所列各款之和，款 = 所列各项之和，合计行 = 各类之和，合计栏 = 其后各栏之和（以万元列示的表，尾差为提示）"),
    "XLS-02": (ERROR, "公开表之间同一数字一致：收支总表、收入总表、支出总表的总计，财政拨款收支总表与三张拨款支出表，基本支出表与一般公共预算支出表（以万元列示的尾差为提示）"),
    "XLS-03": (ERROR, "公开表的单位行与数字相符：与其他表相差约一万倍的，多半是单位行写错（元 / 万元）"),
    "XLS-04": (ERROR, "九张公开表都要有；没有数据的表也要保留，并写明“本表为空表”"),
    "XLS-05": (ERROR, "输入文件与公开表中都有的数字，按输入文件的精度一致（输入文件写 1856.14，公开表 18,561,449 元，算一致）"),
}
"""Every rule: id → (severity, what it requires)."""


class Finding(Record):
    """One result of a rule: where, what, and how serious."""

    __slots__ = ("rule", "severity", "file", "line", "field", "message", "cell")
    rule: str
    severity: str
    file: str
    line: int | None
    field: str
    message: str
    cell: str   # 工作表“收入” C5, for a workbook

    def __init__(self, rule: str, severity: str, file: str, line: int | None, field: str, message: str,
                 cell: str = "") -> None:
        set_field = object.__setattr__
        set_field(self, "rule", rule)
        set_field(self, "severity", severity)
        set_field(self, "file", file)
        set_field(self, "line", line)
        set_field(self, "field", field)
        set_field(self, "message", message)
        set_field(self, "cell", cell)

    def __str__(self) -> str:
        return located(self.file, self.line, self.field, self.message, self.cell)

    def as_dict(self) -> dict:
        """Return the finding as plain data (for --format json): stable codes, Chinese labels beside them."""
        field_code, item = schema.code_of(self.field)
        data = {name: getattr(self, name) for name in self._field_names}
        data.update(severity=SEVERITY_CODES[self.severity], severity_label=self.severity,
                    field_code=field_code, field_item=item)
        return data


class HasFindings:
    """A result carrying `findings`: its 错误 and 警告 at hand."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        """Return the findings that stop a draft."""
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """Return the findings staff should confirm before publishing."""
        return [f for f in self.findings if f.severity == WARNING]


def finding(budget: Budget, rule: str, field: str, message: str, severity: str | None = None) -> Finding:
    """Return a finding of *rule* located where *field* was written."""
    at = budget.place_of(field)
    return Finding(rule, severity or RULES[rule][0], at.file if at else budget.source, at.line if at else None,
                   field, message, at.cell if at else "")


def from_problem(rule: str, severity: str, problem: Problem) -> Finding:
    """Return an input problem or note as a finding of *rule*."""
    return Finding(rule, severity, problem.file, problem.line, problem.field, problem.message, problem.cell)
