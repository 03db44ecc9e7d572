"""Two unit files of one department with one 名称 (a copy such as “区政府机关 - 副本.yaml”): an 错误 naming both.

Without this, the department's sums would silently take one of them (BAT-02).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from generator import sources
from generator.batch.jobs import Job
from generator.checks import ERROR, Finding
from generator.checks.finding import finding
from generator.errors import InputError


def both(paths: list[Path]) -> str:
    """Return the paths as a list in words: "a 和 b", "a、b 和 c"."""
    return f"{'、'.join(str(p) for p in paths[:-1])} 和 {paths[-1]}"


def duplicate_findings(jobs: list[Job]) -> dict[Path, list[Finding]]:
    """Return, by input file, a BAT-02 错误 for each unit file sharing its 名称 with another file of its department,
    and for that department."""
    found: dict[Path, list[Finding]] = defaultdict(list)
    for job in jobs:
        holders = defaultdict(list)
        for path in job.units:
            try:
                budget = sources.load_budget(path).budget
            except InputError:
                continue  # the unit's own job reports why it cannot be read
            holders[budget.unit.name].append((path, budget))
        for name, files in holders.items():
            if len(files) < 2:
                continue
            for path, budget in files:
                others = [p for p, _ in files if p != path]
                found[path].append(finding(budget, "BAT-02", "单位.名称",
                                           f"单位名称“{name}”与 {'、'.join(map(str, others))} 相同。一个单位只能有一个输入文件"
                                           "（是不是复制出来的副本？），请删去多余的文件，或改正名称。"))
            found[job.input].append(Finding("BAT-02", ERROR, str(job.input), None, "",
                                            f"单位文件 {both([p for p, _ in files])} 的名称都是“{name}”，部门无法汇总。"
                                            "请删去多余的文件，或改正名称。"))
    return found
