"""Document kinds: what makes the 部门预算情况说明 one kind of document among others.

A kind bundles its catalogue, its phrase rules, its context builder, its checks, its template
variables and its default template; the pipeline takes them from here, so a second kind (the
部门决算情况说明) is a sibling entry, not a fork of the pipeline. Rules and templates are package
data, found through importlib.resources so an installed wheel works outside the checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Callable

from generator import schema
from generator.checks import run_checks
from generator.context import build_context
from generator.records import Record
from generator.spec import Spec
from generator.variables import known_variables

PACKAGE = resources.files("generator")


def package_file(*parts: str) -> Path:
    """Return the path of a data file shipped in the package (rules, templates)."""
    return Path(str(PACKAGE.joinpath(*parts)))


class DocumentKind(Record):
    """One kind of document: everything the pipeline needs to draft it."""

    __slots__ = ("name", "catalogue", "rules", "template", "build_context", "run_checks", "known_variables")
    name: str              # 部门预算情况说明
    catalogue: Spec        # the fields and figures it states (schema.py)
    rules: Path            # its phrase rules
    template: Path         # its default Word template
    build_context: Callable[..., dict[str, Any]]   # (budget, phrase book) → template context
    run_checks: Callable[..., list]                # (budget, phrase book, last year's figures) → findings
    known_variables: Callable[[], dict[str, str]]  # template variable → Chinese meaning

    def __init__(self, name: str, catalogue: Spec, rules: Path, template: Path,
                 build_context: Callable[..., dict[str, Any]], run_checks: Callable[..., list],
                 known_variables: Callable[[], dict[str, str]]) -> None:
        set_field = object.__setattr__
        set_field(self, "name", name)
        set_field(self, "catalogue", catalogue)
        set_field(self, "rules", rules)
        set_field(self, "template", template)
        set_field(self, "build_context", build_context)
        set_field(self, "run_checks", run_checks)
        set_field(self, "known_variables", known_variables)


BUDGET_EXPLANATION = DocumentKind(
    name="部门预算情况说明",
    catalogue=schema.BUDGET,
    rules=package_file("phrases", "rules.yaml"),
    template=package_file("templates", "部门预算情况说明.docx"),
    build_context=build_context,
    run_checks=run_checks,
    known_variables=known_variables,
)
"""The 部门预算情况说明: the first kind."""
