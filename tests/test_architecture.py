"""Imports go one way, and each outside library has one owner module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# Which project modules each module may import (DESIGN.md: cli → api → drafting → {sources, checks,
# context → phrases → money → model, render → docx_package}; errors, files, xmlchars, spec and records are shared
# leaves; docx_package reads any .docx from outside with limits, for compare, audit and template loading alike).
LEAVES = {"errors", "xmlchars", "spec", "records"}
ALLOWED = {
    "cli": {"api", "commandline", "errors", "drafting", "checks", "skeleton", "files", "batch", "reference", "templatecheck",
            "variables", "audit", "publish", "web"},
    # The web page sits above the API beside the CLI; it reads uploads through sources and offers
    # publish's files when that package is installed.
    "web": {"web", "api", "checks", "errors", "sources", "schema", "skeleton", "audit", "publish"},
    "api": {"drafting", "sources", "checks", "errors", "files", "model", "render", "compare", "publish"},
    "kinds": {"schema", "spec", "checks", "context", "variables"},
    "commandline": {"publish", "skeleton"},
    "reference": {"drafting", "sources", "context", "variables", "schema", "checks"},
    "variables": {"schema"},
    "audit": {"audit", "compare", "checks", "drafting", "phrases", "errors", "files", "money", "docx_package"},
    "templatecheck": {"errors", "render", "drafting", "selfcheck"},
    "drafting": {"sources", "checks", "kinds", "phrases", "render", "errors", "selfcheck", "files", "model", "publish"},
    # The 公开表 and the PDF sit beside render, fed by the same Budget.
    "publish": {"model", "money", "errors", "checks", "files"},
    "stamp": set(),
    "selfcheck": {"money", "schema", "checks", "model", "phrases", "context"},
    "skeleton": {"schema", "errors", "files", "sources"},   # init --xlsx / --tables: the workbooks live in sources
    "checks": {"schema", "model", "phrases", "money", "checks"},
    "context": {"money", "model", "phrases", "schema"},
    "phrases": {"money", "errors", "model"},
    "render": {"render", "files", "stamp", "docx_package"},
    "docx_package": {"errors"},
    "compare": {"compare", "errors", "checks", "model", "phrases", "schema", "drafting", "files", "docx_package"},
    # sources/table_checks.py reports the 公开表's own defects as checks.Finding (rule ids XLS-…).
    "sources": {"schema", "model", "sources", "files", "money", "checks"},
    "schema": {"model"},
    # The batch calls the library (api) like the CLI; it reads the catalogue to sum a department's units.
    "batch": {"api", "batch", "checks", "schema", "model", "phrases", "files", "errors", "sources", "stamp", "publish"},
    "files": set(),
    "errors": set(),
    "spec": set(),
    "records": set(),
    "xmlchars": set(),
    "money": set(),
    "model": set(),
}
# lxml: docx_package parses untrusted XML safely (no entities, DTDs or network); compare builds the tracked
# changes on the parsed tree; render puts the rendered body back into the template's document (render/prepare.py,
# so that a draft needs neither python-docx nor docxtpl). markupsafe comes with jinja2 and belongs to the sandbox beside it.
# openpyxl: publish writes workbooks (publish/xlsx.py); sources reads them (sources/xlsx.py: the
# 公开表 and the 填报 workbook).
OWNERS = {"docxtpl": {"render"}, "jinja2": {"render"}, "markupsafe": {"render"}, "yaml": {"sources"}, "cn2an": {"money"},
          "docx": {"render"}, "lxml": {"docx_package", "compare", "render"}, "openpyxl": {"publish", "sources"}, "pypdf": {"publish"},
          "flask": {"web"}, "werkzeug": {"web"}}


def imports_of(path: Path) -> set[str]:
    """Return the top-level names a module imports (generator.x is reported as x)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return {n.split(".")[1] if n.startswith("generator.") else n.split(".")[0] for n in names}


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


MODULES = [p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py") or p.parent != PACKAGE]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_one_way(path):
    name = module_name(path)
    project = {n for n in imports_of(path) if (PACKAGE / f"{n}.py").exists() or (PACKAGE / n).is_dir()}
    project.discard(name)
    assert project <= ALLOWED[name] | LEAVES, f"{name} imports {sorted(project - ALLOWED[name] - LEAVES)}"


@pytest.mark.parametrize("library, owners", OWNERS.items())
def test_each_outside_library_has_one_owner(library, owners):
    users = {module_name(p) for p in MODULES if library in imports_of(p)}
    assert users and users <= owners, users


@pytest.mark.parametrize("library, module", [("openpyxl", "xlsx.py"), ("pypdf", "fonts.py"), ("subprocess", "pdf.py")])
def test_one_module_of_publish_owns_each_library(library, module):
    users = {p.name for p in (PACKAGE / "publish").glob("*.py") if library in imports_of(p)}
    assert users == {module}


def test_one_module_of_sources_owns_openpyxl():
    users = {p.name for p in (PACKAGE / "sources").glob("*.py") if "openpyxl" in imports_of(p)}
    assert users == {"xlsx.py"}


def test_modules_stay_small():
    for path in MODULES:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name


def test_the_phrase_engine_holds_no_chinese_wording():
    """Wording lives in rules.yaml; the engine's only Chinese is in errors for maintainers."""
    tree = ast.parse((PACKAGE / "phrases" / "engine.py").read_text(encoding="utf-8"))
    in_raise = {id(n) for r in ast.walk(tree) if isinstance(r, ast.Raise) for n in ast.walk(r)}
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(n)}
    chinese = [n.value for n in ast.walk(tree)
               if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and any("\u4e00" <= ch <= "\u9fff" for ch in n.value)
               and id(n) not in in_raise and id(n) not in docstrings]
    assert chinese == []
