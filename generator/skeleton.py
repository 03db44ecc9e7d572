"""The blank, commented input file that `init` writes, made from the schema."""

from __future__ import annotations

import re
import unicodedata
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
#   · “上年”只有在上一年度的输入文件 inputs/{last_year}/{unit}.yaml 已经存在时才可以不写
#     （程序取其中的“本年”数）；没有这个文件，就必须写上年数。
# - 写好后运行：python -m generator draft inputs/{year}/{unit}.yaml
"""


# The unit's name is also its file's name: what no file system (Windows the strictest) accepts in one.
NOT_IN_FILE_NAMES = '/\\:*?"<>|'
MAX_NAME_LENGTH = 80  # 255 bytes per file name, 3 bytes a Chinese character, less ".yaml"
# A name written bare in YAML must be nothing but these (and hold a non-ASCII character, so that it
# cannot read as null, true or a number); any other name is written in double quotes.
PLAIN_NAME = re.compile(r"[\w（）()·、．.—-]+")


# File names Windows keeps for devices, whatever their extension (CON.yaml is the console).
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def unit_name_problem(unit: str) -> str | None:
    """Return why *unit* cannot be a unit's name (it names the input file too), or None when it can.

    >>> unit_name_problem("区财政局") is None, unit_name_problem("区/局")[:13]
    (True, '单位名称“区/局”不能用：')
    """
    if not unit.strip():
        return "单位名称不能为空。"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in unit):
        return "单位名称里有换行、Tab 或看不见的控制字符，请只写名称本身。"
    if any(ch in NOT_IN_FILE_NAMES for ch in unit) or ".." in unit:
        return (f"单位名称“{unit}”不能用：它也是输入文件的文件名，不能含有 / \\ : * ? \" < > | 或“..”。"
                "请去掉这些字符（全角的：？＊“”可以用）。")
    if unit.strip().endswith(".") or unit.strip().upper().split(".")[0] in WINDOWS_RESERVED:
        return (f"单位名称“{unit}”不能用：它也是输入文件的文件名，Windows 不允许以“.”结尾或叫 CON、PRN、AUX、NUL、"
                "COM1、LPT1 之类的文件名。请写单位的全称。")
    if len(unit.strip()) > MAX_NAME_LENGTH:
        return f"单位名称太长（{len(unit.strip())} 个字），最多 {MAX_NAME_LENGTH} 个字。"
    return None


def yaml_name(unit: str) -> str:
    """Return *unit* as a YAML value that reads back as exactly that text.

    >>> yaml_name("区财政局"), yaml_name("区#1 财政局"), yaml_name("null")
    ('区财政局', '"区#1 财政局"', '"null"')
    """
    if PLAIN_NAME.fullmatch(unit) and not unit.isascii() and not unit.startswith(("-", ".")):
        return unit
    return '"' + unit.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton_text(unit: str, year: int, figures: dict[str, tuple[str, str]] | None = None) -> str:
    """Return the text of a blank input file for *unit* and *year*, every field commented.

    *figures* (path → (元 text, where it was read)) fills in the figures a 公开表 holds; the file is then in 元.
    """
    lines = [HEADER.format(unit=unit, year=year, last_year=year - 1)]
    _write_block(schema.BUDGET, 0, lines, {"名称": yaml_name(unit), "年度": str(year)})
    if figures:
        lines = _fill_in(lines, figures)
    return "\n".join(lines) + "\n"


# The first line of a 名称: 金额 list, commented out: a real name of that list's kind.
NAMED_EXAMPLES = {
    "功能分类": "一般公共服务: 0",
    "经济分类": "工资福利支出: 0",
    "政府性基金预算支出明细": "城乡社区支出: 0",
    "国有资本经营预算支出明细": "国有企业资本金注入: 0",
}
LAST_YEAR_NOTE = "# 上一年度的输入文件已存在时才可不填（取其中的本年数），否则必填"


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
            _write_compared(spec, pad, lines)
            if block.items and spec is block.fields[0]:
                _write_items(block, pad, lines)
        elif spec.kind == schema.TEXTS:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            lines.append(f"{pad}  - ")
        elif spec.kind == schema.NAMED_AMOUNTS:
            lines.append(f"{pad}{spec.key}:{_comment(spec)}")
            lines.append(f"{pad}  # {NAMED_EXAMPLES.get(spec.key, '名称: 0')}")
        elif spec.kind == schema.PROJECTS:
            lines.append(f"{pad}{spec.key}: []{_comment(spec)}")
        else:
            value = filled.get(spec.key, "") if depth == 1 else ""
            lines.append(f"{pad}{spec.key}: {value}".rstrip() + _comment(spec))


def _write_compared(spec: Spec, pad: str, lines: list[str]) -> None:
    """Append a figure compared with last year: its key, then 本年, 上年 and 主要原因 one level in."""
    lines.append(f"{pad}{spec.key}:{_comment(spec)}")
    lines.append(f"{pad}  {schema.THIS_YEAR}:")
    lines.append(f"{pad}  {schema.LAST_YEAR}:  {LAST_YEAR_NOTE}")
    lines.append(f"{pad}  {schema.REASON}:  # 与上年有增减时必填")


def _write_items(block: Spec, pad: str, lines: list[str]) -> None:
    """Append a block's first optional item (收入: 一般公共预算, which nearly every unit has) and name the rest."""
    first, *others = block.items
    _write_compared(first, pad, lines)
    compared = "、".join(item.key for item in others if item.kind == schema.COMPARED)
    amounts = "、".join(item.key for item in others if item.kind != schema.COMPARED)
    lines.append(f"{pad}# 其他来源有才写，按文中顺序：{compared}（本年、上年、主要原因三行）；")
    lines.append(f"{pad}# {amounts}（写“名称: 本年数”一行）。")


def write_skeleton(unit: str, year: int, out_path: Path | None = None, tables: Path | None = None) -> Path:
    """Write the blank input file (never over an existing one) and return its path.

    With *tables* (a 公开表 workbook) every figure the workbook holds is filled in, in 元.
    Raises InputError when *unit* cannot be a unit's name (see unit_name_problem).
    """
    unit = unit.strip()
    problem = unit_name_problem(unit)
    if problem:
        raise InputError([Problem("init", None, "单位名称", problem)])
    target = out_path or Path("inputs") / str(year) / f"{unit}.yaml"
    refuse_existing(target)
    text = skeleton_text(unit, year, prefill(tables) if tables is not None else None)
    write_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
    return target


def refuse_existing(target: Path) -> None:
    """Raise InputError when *target* exists: a filled-in file is never overwritten."""
    if target.exists():
        raise InputError([Problem(str(target), None, "", "文件已存在，为免覆盖已填写的数字，没有改动它。"
                                  "如要重新生成，请先改名或删除原文件。")])


# -- init --tables: the skeleton with a 公开表's figures; init --xlsx: the 填报 workbook ----------------

KEY_LINE = re.compile(r"^(?P<pad> *)(?P<key>[^#\s][^:]*):(?P<rest>.*)$")


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


def _fill_in(lines: list[str], figures: dict[str, tuple[str, str]]) -> list[str]:
    """Return the skeleton's lines with the figures written in (commented with their cell), in 元.

    Named lists (功能分类) replace their commented example; income sources the skeleton only names
    are added at the end of 收入.
    """
    lines = [line.replace("金额一律以“万元”为单位，只写数字，最多两位小数，如 1909.62",
                          "金额一律以“元”为单位（见“设置”），只写数字，最多两位小数") for line in lines]
    figures = {"设置.填写单位": ("元", "公开表以元计：本文件的金额都按元填写"), **figures}
    written, out, path = set(), [], []
    for line in lines:
        match = KEY_LINE.match(line)
        if match is None:
            if line.strip().startswith("# ") and path and any(p.startswith(".".join(path) + ".") for p in figures) \
                    and ".".join(path) in NAMED_PATHS:   # the example line of a named list the workbook fills
                prefix = ".".join(path)
                pad = " " * (2 * len(path))
                for key in [p for p in figures if p.startswith(prefix + ".")]:
                    out.append(_figure_line(pad, key[len(prefix) + 1:], figures[key]))
                    written.add(key)
                continue
            out.append(line)
            continue
        depth = len(match["pad"]) // 2
        if depth == 0 and path[:1] == ["收入"]:
            out[-1:-1] = _missing_sources(figures, written)
        path = path[:depth] + [match["key"].strip()]
        key = ".".join(path)
        if key in figures:
            out.append(_figure_line(match["pad"], match["key"], figures[key]))
            written.add(key)
        else:
            out.append(line)
    return out


NAMED_PATHS = {path for path, spec in schema.fields() if spec.kind == schema.NAMED_AMOUNTS}


def _figure_line(pad: str, key: str, figure: tuple[str, str]) -> str:
    """Return `key: value  # 取自公开表 …`."""
    value, where = figure
    return f"{pad}{key}: {value}  # {where if where.startswith('公开表以') else '取自公开表 ' + where}"


def _missing_sources(figures: dict[str, tuple[str, str]], written: set[str]) -> list[str]:
    """Return the lines of the income sources the workbook gives that the skeleton does not write."""
    lines = []
    for item in schema.BUDGET.child("收入").items:
        this = f"收入.{item.key}.{schema.THIS_YEAR}" if item.kind == schema.COMPARED else f"收入.{item.key}"
        if this in figures and this not in written:
            if item.kind == schema.COMPARED:
                lines += [f"  {item.key}:", _figure_line("    ", schema.THIS_YEAR, figures[this]),
                          f"    {schema.LAST_YEAR}:  {LAST_YEAR_NOTE}", f"    {schema.REASON}:  # 与上年有增减时必填"]
            else:
                lines.append(_figure_line("  ", item.key, figures[this]))
    return lines


def write_fill_workbook(unit: str, year: int, out_path: Path | None = None) -> Path:
    """Write the blank 填报 workbook (never over an existing file) and return its path."""
    from generator.sources.fill_workbook import fill_workbook_bytes

    target = out_path or Path("inputs") / str(year) / f"{unit}.xlsx"
    refuse_existing(target)
    data = fill_workbook_bytes(unit, year)
    write_atomically(target, lambda stream: stream.write(data))
    return target
