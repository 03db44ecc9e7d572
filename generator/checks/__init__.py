"""The audit rules (审核) run before any draft is written; each rule has an id and a severity.

Like a finance bureau's audit formulas: identities between totals and parts (with the
rounding tolerance of figures rounded one by one), reasons for every change, agreement
with last year's file, and plausibility of figures that are legal but suspicious.
"""

from __future__ import annotations

from typing import Mapping

from generator.checks.changes import check_changes
from generator.checks.finding import ERROR, NOTE, RULES, SEVERITIES, SEVERITY_CODES, WARNING, Finding
from generator.checks.identities import check_identities
from generator.checks.plausibility import check_plausibility
from generator.model import Budget, Reference
from generator.phrases import PhraseBook

__all__ = ["ERROR", "NOTE", "RULES", "SEVERITIES", "WARNING", "Finding", "run_checks", "summary", "summary_counts"]


def run_checks(budget: Budget, book: PhraseBook, last_year: Mapping[str, Reference] | None = None) -> list[Finding]:
    """Return every finding on *budget*: errors first, then warnings, then notes."""
    found = (check_identities(budget, book) + check_changes(budget, book, last_year or {})
             + check_plausibility(budget, book))
    return sorted(found, key=lambda f: SEVERITIES.index(f.severity))


def summary(findings: list[Finding]) -> str:
    """Return the one-line count by severity.

    >>> summary([])
    '检查结果：错误 0 条，警告 0 条，提示 0 条。'
    """
    counts = "，".join(f"{s} {sum(f.severity == s for f in findings)} 条" for s in SEVERITIES)
    return f"检查结果：{counts}。"


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    """Return the count of findings by severity code (error / warning / note), for files the tool writes."""
    return {SEVERITY_CODES[s]: sum(f.severity == s for f in findings) for s in SEVERITIES}
