"""A finding of the audit rules, the three severities, and the catalogue of rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from generator.errors import located
from generator.model import Budget

ERROR, WARNING, NOTE = "错误", "警告", "提示"
SEVERITIES = (ERROR, WARNING, NOTE)
"""错误: no draft is written. 警告: written, flagged for staff to confirm. 提示: a note."""

RULES = {
    "INP-01": (NOTE, "输入文字中删去了不可见的控制字符"),
    "INP-02": (ERROR, "输入文件无法读取或格式有误（类型、未知字段、缺少字段、重复字段、小数位数）"),
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
    "PLA-02": (WARNING, "不为 0 的金额，占比不应印成 0%"),
    "PLA-03": (WARNING, "增减超过 50% 时，主要原因不应只是一句套话"),
    "PLA-04": (WARNING, "金额不应为负数"),
    "PLA-05": (WARNING, "“三公”经费不应超过上年"),
    "PLA-06": (WARNING, "与上年或同组其他数字相差约一万倍：疑为按“元”填写"),
    "BAT-01": (ERROR, "部门的每个数字 = 所属单位之和"),
    "BAT-02": (ERROR, "部门的预算单位名单 = 单位文件夹中的文件"),
    "BAT-03": (ERROR, "所属单位的输入有错误时，部门无法汇总"),
    "RUN-01": (ERROR, "生成过程中出错（模板、写文件、程序故障或超时）"),
    "SELF-01": (ERROR, "初稿中的每个数字都应来自输入或由输入算出（程序自检）"),
    "PDF-01": (NOTE, "PDF 中的公文字体本机没有时，用同类开源字体代替（宋/仿宋/小标宋→衬线，楷体→楷，黑体→无衬线）"),
    "PDF-02": (WARNING, "PDF 的正文不应是无衬线（黑体类）字体"),
}
"""Every rule: id → (severity, what it requires)."""


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
        return located(self.file, self.line, self.field, self.message)

    def as_dict(self) -> dict:
        """Return the finding as plain data (for --format json)."""
        return asdict(self)


def finding(budget: Budget, rule: str, field: str, message: str, severity: str | None = None) -> Finding:
    """Return a finding of *rule* located at the input line of *field*."""
    return Finding(rule, severity or RULES[rule][0], budget.source, budget.line_of(field), field, message)
