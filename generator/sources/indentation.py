"""Naming indentation as the cause: a Tab, a line indented too far or not far enough, a key one level too far left.

The YAML parser reports these as a colon in the wrong place or a character that cannot start a
token; staff need to hear that the line's indentation is wrong, and where.
"""

from __future__ import annotations

import re

from generator import schema
from generator.errors import Location
from generator.sources.raw import RawMap

TAB_PROBLEM = "这一行用了 Tab 键缩进，请改用空格"
KEY_WITH_VALUE = re.compile(r"^(?:-\s+)?([^\s#:][^:#]*?):\s+(?!#)\S")  # "名称: 值" (a value, not a comment)


def indent_of(line: str) -> int:
    """Return how many spaces *line* is indented by."""
    return len(line) - len(line.lstrip(" "))


def content_lines(lines: list[str], before: int) -> list[int]:
    """Return the indexes of the lines before index *before* that hold a key or a value, nearest first."""
    return [i for i in range(before - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def indentation_problem(text: str, line: int | None) -> str | None:
    """Return what is wrong with the indentation of line *line* (1-based) where the parser stopped, if anything.

    >>> indentation_problem("a:\\n  b: 1\\n    c: 2\\n", 3)
    '这一行比第2行多缩进了 2 格，但第2行的“b”已经写了值，下面不能再有下一级。请让这一行与第2行左对齐（同一层的字段要左对齐）'
    >>> indentation_problem("a:\\n  b: 1\\n c: 2\\n", 3)
    '这一行缩进了 1 格，与上面各层（0、2 格）都对不齐。同一层的字段要左对齐，请改用空格对齐到其中一层'
    """
    lines = text.split("\n")
    if line is None or not 1 <= line <= len(lines):
        return None
    current = lines[line - 1]
    if "\t" in current[:len(current) - len(current.lstrip(" \t"))]:
        return TAB_PROBLEM
    if not current.strip() or current.lstrip().startswith("#"):
        return None
    above = content_lines(lines, line - 1)
    if not above:
        return None
    previous = lines[above[0]]
    written = KEY_WITH_VALUE.match(previous.strip())
    # A list item's fields (- 名称: 甲, then 金额: 30) line up after its "- ": that is the column to align with.
    item = re.match(r"-\s+", previous.strip()) if written else None
    here, there = indent_of(current), indent_of(previous) + (item.end() if item else 0)
    if here > there and written:
        target = f"第{above[0] + 1}行" + (f"的“{written.group(1)}”" if item else "")
        return (f"这一行比{target}多缩进了 {here - there} 格，但第{above[0] + 1}行的“{written.group(1)}”"
                f"已经写了值，下面不能再有下一级。请让这一行与{target}左对齐（同一层的字段要左对齐）")
    levels, level = ([there] if item else []), indent_of(previous)
    for index in above:  # the indentation of each block the line could belong to
        if indent_of(lines[index]) <= level:
            level = indent_of(lines[index])
            levels.append(level)
    if here < there and here not in levels:
        shown = "、".join(str(n) for n in sorted(set(levels)))
        return f"这一行缩进了 {here} 格，与上面各层（{shown} 格）都对不齐。同一层的字段要左对齐，请改用空格对齐到其中一层"
    return None


def child_keys(path: str) -> list[str]:
    """Return the keys a field at Chinese *path* may hold one level down (none for a single value)."""
    for field_path, spec in schema.fields():
        specs = [(field_path, spec)] + [(f"{field_path}.{item.key}", item) for item in spec.items]
        for candidate_path, candidate in specs:
            if candidate_path != path:
                continue
            if candidate.kind == schema.COMPARED:
                return [schema.THIS_YEAR, schema.LAST_YEAR, schema.REASON]
            return [f.key for f in candidate.fields] + [i.key for i in candidate.items]
    return []


def misplaced_key(parent: RawMap, key: str, key_at: Location, where: str) -> str | None:
    """Return the message for a key that belongs one level deeper, in the block just above it.

    "主要原因" written two spaces too far left lands in the parent block, where it is unknown;
    it is valid in the compared figure above it, so the line's indentation is the mistake.
    """
    position = next((i for i, (_, at, _) in enumerate(parent.entries) if at is key_at), 0)
    if position == 0:
        return None
    above, above_at, above_value = parent.entries[position - 1]
    if not isinstance(above_value, RawMap) or not above_value.entries:
        return None
    if key not in child_keys(f"{where}.{above}" if where else above):
        return None
    first, first_at, _ = above_value.entries[0]
    if first_at.column is None or key_at.column is None:  # a workbook has no indentation
        return None
    spaces = first_at.column - key_at.column
    return (f"“{key}”缩进不够，落到了上一层：它应属于上面的“{above}”（第{above_at.line}行）。"
            f"请把这一行再缩进 {spaces} 格，与第{first_at.line}行的“{first}”左对齐。")
