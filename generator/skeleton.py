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


def skeleton_text(unit: str, year: int, figures: dict[str, tuple[str, str]] | None = None) -> str:
    """Return the text of a blank input file for *unit* and *year*, every field commented.

    *figures* (path → (元 text, where it was read)) fills in the figures a 公开表 holds; the file is then in 元.
    """
    lines = [HEADER.format(unit=unit, year=year, last_year=year - 1)]
    if figures:
        lines[0] = lines[0].replace("金额一律以“万元”为单位，只写数字，最多两位小数，如 1909.62",
                                    "金额一律以“元”为单位（见下面的“设置”），只写数字，最多两位小数")
        lines += ["# 公开表里有的数字已填好（以“元”为单位，行尾注明取自哪个单元格），只需写文字和主要原因。", "",
                  f"{schema.SETTINGS}:", "  填写单位: 元  # 下面的金额都以元为单位"]
    _write_block(schema.BUDGET, 0, lines, {"名称": unit, "年度": str(year)}, "", figures or {})
    return "\n".join(lines) + "\n"


def _comment(spec: Spec) -> str:
    """Return the end-of-line comment carrying a field's help text."""
    return f"  # {spec.help}" if spec.help else ""


def _value(figures: dict[str, tuple[str, str]], path: str) -> str:
    """Return ' value  # 取自公开表 …' for a figure the workbook gave, or ''."""
    if path not in figures:
        return ""
    text, where = figures[path]
    return f" {text}  # 取自公开表 {where}"


def _write_block(block: Spec, depth: int, lines: list[str], filled: dict[str, str], prefix: str = "",
                 figures: dict[str, tuple[str, str]] | None = None) -> None:
    """Append the lines of every field of *block*, indented by *depth* levels."""
    pad = "  " * depth
    figures = figures or {}
    for spec in block.fields:
        path = f"{prefix}.{spec.key}" if prefix else spec.key
        if depth == 0:
            lines.append("")
        if spec.kind == schema.BLOCK:
            if spec.key == schema.SETTINGS and figures:
                continue
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            _write_block(spec, depth + 1, lines, filled, path, figures)
            for item in spec.items:   # income sources the workbook gave
                item_path = f"{path}.{item.key}"
                if item.kind == schema.COMPARED and f"{item_path}.{schema.THIS_YEAR}" in figures:
                    lines.append(f"{pad}  {item.key}:")
                    lines.append(f"{pad}    {schema.THIS_YEAR}:{_value(figures, f'{item_path}.{schema.THIS_YEAR}')}")
                    lines.append(f"{pad}    {schema.LAST_YEAR}:  # 可不填：取上一年度输入文件的本年数")
                    lines.append(f"{pad}    {schema.REASON}:  # 与上年有增减时必填")
                elif item_path in figures:
                    lines.append(f"{pad}  {item.key}:{_value(figures, item_path)}")
        elif spec.kind == schema.COMPARED:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            lines.append(f"{pad}  {schema.THIS_YEAR}:{_value(figures, path + '.' + schema.THIS_YEAR)}")
            last = _value(figures, path + "." + schema.LAST_YEAR) or "  # 可不填：取上一年度输入文件的本年数"
            lines.append(f"{pad}  {schema.LAST_YEAR}:{last}")
            lines.append(f"{pad}  {schema.REASON}:  # 与上年有增减时必填")
        elif spec.kind == schema.TEXTS:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            lines.append(f"{pad}  - ")
        elif spec.kind == schema.NAMED_AMOUNTS:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            named = [p for p in figures if p.startswith(path + ".")]
            lines += [f"{pad}  {p[len(path) + 1:]}:{_value(figures, p)}" for p in named] or [f"{pad}  # 一般公共服务: 0"]
        elif spec.kind == schema.PROJECTS:
            lines.append(f"{pad}{spec.key}: []{_comment(spec)}")
        else:
            value = filled.get(spec.key, "") if depth == 1 else ""
            given = _value(figures, path)
            lines.append(f"{pad}{spec.key}:{given}" if given else f"{pad}{spec.key}: {value}".rstrip() + _comment(spec))


def write_skeleton(unit: str, year: int, out_path: Path | None = None, tables: Path | None = None) -> Path:
    """Write the blank input file (never over an existing one) and return its path.

    With *tables* (a 公开表 workbook) every figure the workbook holds is filled in, in 元.
    """
    target = out_path or Path("inputs") / str(year) / f"{unit}.yaml"
    refuse_existing(target)
    figures = prefill(tables) if tables is not None else None
    text = skeleton_text(unit, year, figures)
    write_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
    return target


def refuse_existing(target: Path) -> None:
    """Raise InputError when *target* exists: a filled-in file is never overwritten."""
    if target.exists():
        raise InputError([Problem(str(target), None, "", "文件已存在，为免覆盖已填写的数字，没有改动它。"
                                  "如要重新生成，请先改名或删除原文件。")])


def prefill(workbook: Path) -> dict[str, tuple[str, str]]:
    """Return path → (元 text, where) of every figure a 公开表 workbook holds (InputError when unreadable)."""
    from generator.sources.public_tables import amount_text
    from generator.sources.tables_input import workbook_figures

    figures, _ = workbook_figures(workbook)
    found = {path: (amount_text(cell.amount), f"{workbook.name} {cell.place}") for path, cell in figures.values.items()
             if figures.wanted(path, set())}
    for path, items in figures.named.items():
        if figures.wanted(path, set()):
            found |= {f"{path}.{name}": (amount_text(cell.amount), f"{workbook.name} {cell.place}") for name, cell in items}
    return found


def write_fill_workbook(unit: str, year: int, out_path: Path | None = None) -> Path:
    """Write the blank 填报 workbook (never over an existing file) and return its path."""
    from generator.sources.fill_workbook import fill_workbook_bytes

    target = out_path or Path("inputs") / str(year) / f"{unit}.xlsx"
    refuse_existing(target)
    data = fill_workbook_bytes(unit, year)
    write_atomically(target, lambda stream: stream.write(data))
    return target
