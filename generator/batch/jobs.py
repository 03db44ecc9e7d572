"""One unit of a batch, as a worker process runs it: check, consolidate (departments), render, write."""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from generator import api
from generator.batch.consolidate import consolidation_findings
from generator.checks import ERROR, Finding
from generator.errors import BudgetToolError, InputError
from generator.files import write_atomically
from generator.model import Budget

SUCCEEDED, FAILED, CRASHED, TIMED_OUT = "成功", "有错误", "程序错误", "超时"


@dataclass(frozen=True)
class Job:
    """A draft to make: its input, where it goes, and (for a department) its units' inputs."""

    name: str
    input: Path
    output: Path
    units: tuple[Path, ...] = ()
    input_hash: str = ""
    folder: Path | None = None   # with `tables`: the batch's folder, where the inputs' relative paths start
    tables: Path | None = None   # batch --tables-from: the folder of 公开表 workbooks, <单位>.xlsx at the same place

    def tables_of(self, path: Path) -> Path | None:
        """Return the 公开表 given for the input at *path* on the command line (--tables-from), if there is one."""
        if self.tables is None or self.folder is None:
            return None
        workbook = self.tables / path.relative_to(self.folder).with_suffix(".xlsx")
        return workbook if workbook.is_file() else None


@dataclass
class Outcome:
    """What became of a job."""

    status: str
    findings: list[Finding] = field(default_factory=list)
    output_sha256: str = ""
    input_hash: str = ""  # set by the worker when the job came unhashed


def run_failure(job: Job, status: str, message: str) -> Outcome:
    """Return the outcome of a job that could not run to the end."""
    return Outcome(status, [Finding("RUN-01", ERROR, str(job.input), None, "", message)])


def unit_budgets(job: Job) -> tuple[dict, list[Finding]]:
    """Return the department's units' budgets by name, and a BAT-03 error for each unit that has 错误."""
    budgets, problems = {}, []
    for path in job.units:
        try:
            budget = api.load(path, tables=job.tables_of(path))
        except InputError as exc:
            problems.append(Finding("BAT-03", ERROR, str(path), exc.problems[0].line, "",
                                    f"单位文件有 {len(exc.problems)} 处输入错误（{exc.problems[0].message}），部门无法汇总；请先改正该单位。"))
            continue
        errors = [f for f in api.check(budget) if f.severity == ERROR]
        if errors:
            problems.append(Finding("BAT-03", ERROR, str(path), errors[0].line, errors[0].field,
                                    f"单位检查有 {len(errors)} 条错误（[{errors[0].rule}] {errors[0].message}），部门无法汇总；请先改正该单位。"))
            continue
        budgets[budget.unit.name] = budget
    return budgets, problems


def run_job(job: Job, renderer) -> Outcome:
    """Check and draft one unit with a prepared template (a department is checked against the sum of its units first)."""

    def consolidation(budget: Budget) -> list[Finding]:
        if not job.units:
            return []
        budgets, problems = unit_budgets(job)
        return problems or consolidation_findings(budget, budgets, api.phrase_book(budget))

    try:
        draft = api.draft(job.input, renderer, more_checks=consolidation, tables=job.tables_of(job.input))
        if draft.docx is None:
            return Outcome(FAILED, draft.findings)
        data = draft.docx
        write_atomically(job.output, lambda stream: stream.write(data))
        return Outcome(SUCCEEDED, draft.findings, sha256_of_bytes(data))
    except InputError as exc:
        return Outcome(FAILED, [Finding("INP-02", ERROR, p.file, p.line, p.field, p.message, p.cell) for p in exc.problems])
    except BudgetToolError as exc:
        return run_failure(job, FAILED, "；".join(exc.lines()))
    except Exception:  # a fault of the program: recorded, and the other units go on
        return run_failure(job, CRASHED, traceback.format_exc(limit=-2).strip().splitlines()[-1])


def sha256_of_bytes(data: bytes) -> str:
    """Return the sha256 of a draft's bytes, as sha256sum prints it."""
    return hashlib.sha256(data).hexdigest()
