"""The form's data written as an input file (.yaml) in the catalogue's order, so next year starts from it.

Written by hand rather than by a YAML library (sources/ owns that one): every value that is not a
plain number or a plain Chinese name goes in double quotes, JSON-escaped, which YAML reads back as
exactly that text. Amounts stay the text staff typed, never a float.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator import schema
from generator.skeleton import yaml_name
from generator.spec import BLOCK, Spec

NUMBER = re.compile(r"-?\d+(\.\d+)?")
HEADER = "# {unit} {year}年 部门预算情况说明 · 输入数据（由网页填写后下载）"
# A text YAML reads back unchanged without quotes: it holds a non-ASCII character (so it is no
# number, null or true), does not start with an indicator or a space, and has no ": ", " #",
# line break, tab or control character in it, nor a colon or space at its end.
PLAIN_TEXT = re.compile(r"(?=.*[^\x00-\x7f])[^-?:,\[\]{}#&*!|>'\"%@`\s][^\x00-\x1f\x7f]*")


def scalar(value: Any) -> str:
    """Return one value as YAML text that reads back as the same text (numbers bare).

    >>> scalar("1909.62"), scalar("区政府办公室"), scalar("a: b"), scalar("null"), scalar("第一行\\n第二行")
    ('1909.62', '区政府办公室', '"a: b"', '"null"', '"第一行\\\\n第二行"')
    >>> scalar("协调，推进工作。"), scalar("- 开头"), scalar("收入: 增加"), scalar("")
    ('协调，推进工作。', '"- 开头"', '"收入: 增加"', '""')
    """
    text = "" if value is None else str(value)
    if NUMBER.fullmatch(text) or yaml_name(text) == text:
        return text
    if PLAIN_TEXT.fullmatch(text) and ": " not in text and " #" not in text and not text.endswith((":", " ")):
        return text
    return json.dumps(text, ensure_ascii=False)


def key_text(key: str) -> str:
    """Return a mapping key as YAML (staff's own labels, such as 功能分类 names, may need quotes)."""
    return key if yaml_name(key) == key else json.dumps(key, ensure_ascii=False)


def yaml_text(data: dict[str, Any]) -> str:
    """Return the plain data of the form as the text of an input file (empty values left out)."""
    unit = data.get("单位") if isinstance(data.get("单位"), dict) else {}
    lines = [HEADER.format(unit=unit.get("名称") or "", year=unit.get("年度") or "").replace("  ", " ")]
    _write(schema.BUDGET, data, 0, lines)
    return "\n".join(lines) + "\n"


def ordered_keys(block: Spec | None, data: dict[str, Any]) -> list[str]:
    """Return the keys of *data* in the catalogue's order for *block* (items after the first field), then any others."""
    known: list[str] = []
    if block is not None:
        for index, spec in enumerate(block.fields):
            known.append(spec.key)
            if index == 0:
                known += [item.key for item in block.items]
    return [k for k in known if k in data] + [k for k in data if k not in known]


def _write(block: Spec | None, data: dict[str, Any], depth: int, lines: list[str]) -> None:
    """Append the lines of a mapping at *depth*, keys in the catalogue's order."""
    pad = "  " * depth
    for key in ordered_keys(block, data):
        value = data[key]
        spec = _child(block, key)
        if value == []:  # a list with nothing in it is said so (专项转移支付: [])
            lines.append(f"{pad}{key_text(key)}: []")
            continue
        if _empty(value):
            continue
        if depth == 0:
            lines.append("")
        comment = f"  # {spec.help}" if spec is not None and spec.help and depth < 2 else ""
        if isinstance(value, dict):
            lines.append(f"{pad}{key_text(key)}:{comment}")
            _write(spec if spec is not None and spec.kind == BLOCK else None, value, depth + 1, lines)
        elif isinstance(value, list):
            lines.append(f"{pad}{key_text(key)}:{comment}")
            _write_list(value, pad, lines)
        else:
            lines.append(f"{pad}{key_text(key)}: {scalar(value)}{comment}")


def _write_list(items: list[Any], pad: str, lines: list[str]) -> None:
    """Append the items of a list (texts, or 名称/金额 pairs) one level in."""
    for item in items:
        if isinstance(item, dict):
            pairs = [(k, v) for k, v in item.items() if not _empty(v)]
            for index, (key, value) in enumerate(pairs):
                lead = "- " if index == 0 else "  "
                lines.append(f"{pad}  {lead}{key_text(key)}: {scalar(value)}")
        elif not _empty(item):
            lines.append(f"{pad}  - {scalar(item)}")


def _child(block: Spec | None, key: str) -> Spec | None:
    """Return the catalogue's entry for *key* in *block* (field or optional item), if any."""
    if block is None:
        return None
    return block.child(key) or next((item for item in block.items if item.key == key), None)


def _empty(value: Any) -> bool:
    """Return True for a value the page left blank (nothing to write)."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value is None or str(value).strip() == ""
