"""The blank, commented input file that `init` writes, made from the schema."""

from __future__ import annotations

from pathlib import Path

from generator import schema
from generator.errors import InputError, Problem
from generator.files import write_atomically
from generator.schema import Spec

HEADER = """\
# {unit} {year}年 部门预算情况说明 · 输入数据
#
# 怎么填：
# - 冒号后面空一格再写值；缩进用空格，不要用 Tab。
# - 金额一律以“万元”为单位，只写数字，最多两位小数，如 1909.62；没有就填 0。
# - 与上年比较的数字写三行：本年、上年、主要原因。
#   · 本年与上年不同时，必须写主要原因；相同时不写。
#   · “上年”可以不写：只要 inputs/{last_year}/{unit}.yaml 存在，就取其中的“本年”数。
# - 写好后运行：python -m generator draft inputs/{year}/{unit}.yaml
"""


def skeleton_text(unit: str, year: int) -> str:
    """Return the text of a blank input file for *unit* and *year*, every field commented."""
    lines = [HEADER.format(unit=unit, year=year, last_year=year - 1)]
    _write_block(schema.BUDGET, 0, lines, {"名称": unit, "年度": str(year)})
    return "\n".join(lines) + "\n"


def _comment(spec: Spec) -> str:
    """Return the end-of-line comment carrying a field's help text."""
    return f"  # {spec.help}" if spec.help else ""


def _write_block(block: Spec, depth: int, lines: list[str], filled: dict[str, str]) -> None:
    """Append the lines of every field of *block*, indented by *depth* levels."""
    pad = "  " * depth
    for spec in block.fields:
        if depth == 0:
            lines.append("")
        if spec.kind == schema.BLOCK:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            _write_block(spec, depth + 1, lines, filled)
        elif spec.kind == schema.COMPARED:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            lines.append(f"{pad}  {schema.THIS_YEAR}:")
            lines.append(f"{pad}  {schema.LAST_YEAR}:  # 可不填：取上一年度输入文件的本年数")
            lines.append(f"{pad}  {schema.REASON}:  # 与上年有增减时必填")
        elif spec.kind == schema.TEXTS:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            lines.append(f"{pad}  - ")
        elif spec.kind == schema.NAMED_AMOUNTS:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            lines.append(f"{pad}  # 一般公共服务: 0")
        elif spec.kind == schema.PROJECTS:
            lines.append(f"{pad}{spec.key}: []{_comment(spec)}")
        else:
            value = filled.get(spec.key, "") if depth == 1 else ""
            lines.append(f"{pad}{spec.key}: {value}".rstrip() + _comment(spec))


def write_skeleton(unit: str, year: int, out_path: Path | None = None) -> Path:
    """Write the blank input file (never over an existing one) and return its path."""
    target = out_path or Path("inputs") / str(year) / f"{unit}.yaml"
    if target.exists():
        raise InputError([Problem(str(target), None, "", "文件已存在，为免覆盖已填写的数字，没有改动它。"
                                  "如要重新生成，请先改名或删除原文件。")])
    text = skeleton_text(unit, year)
    write_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
    return target
