"""Imports go one way, and each outside library has one owner module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# Which project modules each module may import (DESIGN.md: cli → drafting → {load, checks,
# context → phrases → money → model, render → docx_package}; errors, files and xmlchars are shared leaves;
# docx_package reads any .docx from outside with limits, for diff and template loading alike).
LEAVES = {"errors", "xmlchars"}
ALLOWED = {
    "cli": {"errors", "drafting", "checks", "skeleton", "diff", "files", "batch", "reference", "templatecheck"},
    "reference": {"drafting", "load", "context"},
    "templatecheck": {"errors", "render", "drafting", "selfcheck"},
    "drafting": {"load", "checks", "context", "phrases", "render", "errors", "selfcheck", "files", "model"},
    "stamp": set(),
    "selfcheck": {"money", "schema", "checks", "model", "phrases", "context"},
    "skeleton": {"schema", "errors", "files"},
    "checks": {"schema", "model", "phrases", "money", "checks"},
    "context": {"money", "model", "phrases", "schema"},
    "phrases": {"money", "errors", "model"},
    "render": {"render", "files", "stamp", "docx_package"},
    "docx_package": {"errors"},
    "diff": {"diff", "errors", "checks", "model", "phrases", "schema", "drafting", "files", "docx_package"},
    "load": {"schema", "model", "load", "files", "money"},
    "schema": {"model"},
    "batch": {"batch", "checks", "schema", "model", "phrases", "files", "drafting", "errors", "load", "render", "stamp"},
    "files": set(),
    "errors": set(),
    "xmlchars": set(),
    "money": set(),
    "model": set(),
}
# lxml: docx_package parses untrusted XML safely (no entities, DTDs or network); diff builds the tracked
# changes on the parsed tree. markupsafe comes with jinja2 and belongs to the sandbox beside it.
OWNERS = {"docxtpl": {"render"}, "jinja2": {"render"}, "markupsafe": {"render"}, "yaml": {"load"}, "cn2an": {"money"},
          "docx": {"render"}, "lxml": {"docx_package", "diff"}}


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
    assert users == owners


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
