"""templates/变量一览.md: every template variable with its Chinese meaning and the value the example gives it.

Generated from the variable list (variables.py, from the catalogue) and the office's 2023 example; a test checks that
the file in templates/ is what this module produces, so it cannot fall behind the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import drafting, sources
from generator.context import build_context
from generator.variables import known_variables

REFERENCE = drafting.PROJECT_ROOT / "templates" / "变量一览.md"
EXAMPLE = drafting.PROJECT_ROOT / "inputs" / "2023" / "区政府办公室.yaml"
WIDTH = 60


def example_value(value: Any) -> str:
    """Return a short rendering of a context value for the table."""
    if isinstance(value, list):
        if not value:
            return "（空列表）"
        first = "，".join(f"{k}={v}" for k, v in value[0].items())
        text = f"{len(value)}项，第一项：{first}"
    else:
        text = value if value != "" else "（空）"
    text = text.replace("|", "｜").replace("\n", " ")
    return text if len(text) <= WIDTH else text[:WIDTH] + "…"


def reference_text(example: Path = EXAMPLE) -> str:
    """Return the Markdown reference of the template variables."""
    loaded = sources.load_budget(example)
    context = build_context(loaded.budget, drafting.book_for(loaded.budget))
    rows = [f"| `{name}` | {meaning} | {example_value(context[name])} |" for name, meaning in known_variables().items()]
    return "\n".join([
        "# 模板变量一览",
        "",
        "本文件由程序生成（`python -m generator template-vars`），请勿手工修改；变量的含义来自程序（`generator/variables.py` 与目录 `generator/schema.py`），`variables.yaml` 同样由程序生成。",
        f"示例值取自 `{example.relative_to(drafting.PROJECT_ROOT).as_posix()}`。",
        "",
        "| 变量 | 含义 | 示例值 |",
        "| --- | --- | --- |",
        *rows,
        "",
    ])


def rules_table() -> str:
    """Return the README's table of rules (id, severity, requirement), made from the rule catalogue.

    Totals checked against their parts (the catalogue's identities) allow the rounding gap as a 提示.
    """
    from generator import schema
    from generator.checks import NOTE, RULES

    # Rules that allow a rounding gap (the catalogue's identities, 款/项, and the audit's rate, share and sum rules).
    summed = {total.rule for _, _, total in schema.sums() if not total.unit} | {"BAL-11", "AUD-01", "AUD-06", "AUD-07"}
    rows = ["| 编号 | 级别 | 要求 |", "| --- | --- | --- |"]
    for rule, (severity, requirement) in RULES.items():
        level = f"{severity}（尾差为{NOTE}）" if rule in summed else severity
        rows.append(f"| {rule} | {level} | {requirement} |")
    return "\n".join(rows) + "\n"
