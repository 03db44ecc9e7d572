"""A department's figures against the sums of its units (BAT-01), and its list of units against their files (BAT-02)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from generator import schema
from generator.checks.finding import Finding, finding
from generator.model import Budget
from generator.phrases import PhraseBook

SUMMED = (schema.AMOUNT, schema.COUNT, schema.COMPARED)
NOT_FIGURES = ("单位.", f"{schema.SETTINGS}.")  # the year and the settings are not summed


def figures(budget: Budget) -> dict[str, Decimal]:
    """Return every figure of a budget by Chinese path (本年 and 上年 of compared ones apart)."""
    found: dict[str, Decimal] = {}
    for path, kind, value in schema.leaves(budget):
        if kind == schema.COMPARED:
            found[f"{path}.{schema.THIS_YEAR}"] = value.this
            found[f"{path}.{schema.LAST_YEAR}"] = value.last
        elif kind in SUMMED and value is not None and not path.startswith(NOT_FIGURES):
            found[path] = Decimal(value)
    return found


def show(value: Decimal, path: str, book: PhraseBook) -> str:
    """Return a figure as printed: an amount with its unit, a count as a number."""
    counts = {p for p, spec in schema.fields() if spec.kind == schema.COUNT}
    return str(value) if path in counts else book.amount(value)


def consolidation_findings(department: Budget, units: dict[str, Budget], book: PhraseBook) -> list[Finding]:
    """Return an 错误 for every department figure that differs from the sum of its units, and for unit files
    that do not match the department's list of budget units."""
    found: list[Finding] = []
    listed = [name for name in department.unit.budget_units]
    missing = [name for name in listed if name not in units]
    extra = [name for name in units if name not in listed]
    if missing:
        found.append(finding(department, "BAT-02", "单位.预算单位",
                             f"列出的单位{'、'.join(missing)}没有输入文件。请在本部门的单位文件夹中放好同名的 .yaml 文件。"))
    if extra:
        found.append(finding(department, "BAT-02", "单位.预算单位",
                             f"单位文件夹中的{'、'.join(extra)}不在本部门的预算单位名单里。请把它加进名单，或移出文件夹。"))
    sums: dict[str, Decimal] = defaultdict(Decimal)
    parts: dict[str, list[str]] = defaultdict(list)
    for name, unit in units.items():
        for path, value in figures(unit).items():
            sums[path] += value
            if value:
                parts[path].append(f"{name}{show(value, path, book)}")
    stated = figures(department)
    for path in list(stated) + [p for p in sums if p not in stated]:
        mine, total = stated.get(path, Decimal(0)), sums.get(path, Decimal(0))
        if mine != total:
            who = "、".join(parts[path]) or "各单位均为0"
            found.append(finding(department, "BAT-01", path,
                                 f"部门文件为{show(mine, path, book)}，所属单位合计为{show(total, path, book)}（{who}），"
                                 f"相差{show(abs(mine - total), path, book)}。部门数应等于所属单位之和，请核对部门文件或单位文件。"))
    return found
