"""The form, from the catalogue: which fields the page shows, in the document's order, with their help.

Also the two moves between plain data (nested dicts keyed like the YAML input) and the page:
an uploaded input read back as plain data, and last year's input turned into this year's start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import schema
from generator.sources import read_tree
from generator.sources.raw import Raw, RawList, RawMap
from generator.spec import AMOUNT, BLOCK, COMPARED, COUNT, LAST_YEAR, OPTIONAL, NAME, NAMED_AMOUNTS, PROJECTS, AMOUNT_KEY, \
    REASON, THIS_YEAR, TEXT, TEXTS, YEAR, Spec

# How each kind is typed on the page; the page's script reads these words.
WIDGETS = {TEXT: "line", YEAR: "number", COUNT: "number", AMOUNT: "number", COMPARED: "compared", OPTIONAL: "compared",
           TEXTS: "lines", NAMED_AMOUNTS: "pairs", PROJECTS: "pairs", BLOCK: "group"}
# What a line of a list looks like, shown under its box.
LIST_HINTS = {TEXTS: "每行一条", NAMED_AMOUNTS: "每行一项，写作 名称: 金额", PROJECTS: "每行一个项目，写作 名称: 金额"}


def describe(spec: Spec, path: str, optional: bool = False) -> dict[str, Any]:
    """Return one field of the form: its path, label, widget, help text and (for a group) its fields."""
    entry = {
        "path": path, "key": spec.key, "kind": spec.kind, "widget": WIDGETS[spec.kind], "help": spec.help,
        "required": spec.required and not optional, "choices": list(spec.choices),
        "hint": LIST_HINTS.get(spec.kind, ""),
    }
    if spec.kind in (COMPARED, OPTIONAL):  # an optional comparison: 上年 and 主要原因 may stay empty
        entry["parts"] = [THIS_YEAR, LAST_YEAR, REASON]
    if spec.kind == BLOCK:
        entry["fields"] = group_fields(spec, path)
    return entry


def group_fields(block: Spec, prefix: str) -> list[dict[str, Any]]:
    """Return the fields of a block in file order; its optional items (收入来源) follow its first field."""
    entries = []
    for index, spec in enumerate(block.fields):
        entries.append(describe(spec, f"{prefix}.{spec.key}" if prefix else spec.key))
        if index == 0 and block.items:
            entries += [describe(item, f"{prefix}.{item.key}", optional=True) for item in block.items]
    return entries


def form_sections() -> list[dict[str, Any]]:
    """Return the page's sections: every top-level entry of the catalogue, in the order the draft follows.

    >>> [s["key"] for s in form_sections()][:3], form_sections()[2]["fields"][1]["key"]
    (['设置', '单位', '收入'], '一般公共预算')
    """
    return group_fields(schema.BUDGET, "")


def to_plain(tree: Raw | None) -> Any:
    """Return a raw tree as plain data (texts as written; a key written twice keeps its first value)."""
    if isinstance(tree, RawMap):
        plain: dict[str, Any] = {}
        for key, _, value in tree.entries:
            plain.setdefault(key, to_plain(value))
        return plain
    if isinstance(tree, RawList):
        return [to_plain(item) for item in tree.items]
    return None if tree is None else tree.text


def read_plain(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Return the input file at *path* as plain data and its reading notes; raise InputError when unreadable."""
    tree, notes = read_tree(path)
    plain = to_plain(tree)
    return (plain if isinstance(plain, dict) else {}), [p.message for p in notes]


def optional_figures() -> list[str]:
    """Return the paths of the figures staff may compare with last year or not (spec.OPTIONAL)."""
    return [path for path, spec in schema.fields() if spec.kind == OPTIONAL]


def expand_optional(data: dict[str, Any]) -> dict[str, Any]:
    """Return *data* with each optional figure written as a bare number shown as {本年: …}, the form's three boxes.

    >>> expand_optional({"机关运行经费": "448"})["机关运行经费"]
    {'本年': '448'}
    """
    for path in optional_figures():
        *parents, key = path.split(".")
        block = data
        for part in parents:
            block = block.get(part) if isinstance(block, dict) else None
        if isinstance(block, dict) and key in block and not isinstance(block[key], dict):
            block[key] = {THIS_YEAR: block[key]}
    return data


def collapse_optional(data: dict[str, Any]) -> dict[str, Any]:
    """Return *data* with each optional figure left without 上年 and 主要原因 written as its bare 本年 (this year only).

    >>> collapse_optional({"机关运行经费": {"本年": "448", "上年": ""}})["机关运行经费"]
    '448'
    """
    for path in optional_figures():
        *parents, key = path.split(".")
        block = data
        for part in parents:
            block = block.get(part) if isinstance(block, dict) else None
        value = block.get(key) if isinstance(block, dict) else None
        if isinstance(value, dict) and not str(value.get(LAST_YEAR) or "").strip() and not str(value.get(REASON) or "").strip():
            block[key] = value.get(THIS_YEAR, "")
    return data


def next_year(last: dict[str, Any]) -> dict[str, Any]:
    """Return this year's start from last year's input: its 本年 become 上年, this year's figures left blank.

    Texts (名称、职责、机构、设置、说明) are kept; list items keep their names with blank amounts.

    >>> start = next_year({"单位": {"名称": "区财政局", "年度": "2023"}, "收入": {"合计": {"本年": "9", "上年": "8"}},
    ...                     "机关运行经费": "4", "一般公共预算支出": {"功能分类": {"一般公共服务": "9"}}})
    >>> start["单位"], start["收入"], start["机关运行经费"], start["一般公共预算支出"]
    ({'名称': '区财政局', '年度': '2024'}, {'合计': {'上年': '9'}}, '', {'功能分类': {'一般公共服务': ''}})
    """
    return _shift_block(schema.BUDGET, last)


def _shift_block(block: Spec, data: Any) -> dict[str, Any]:
    """Return a block of last year's data shifted one year along the catalogue."""
    if not isinstance(data, dict):
        return {}
    shifted = {}
    for spec in (*block.fields, *block.items):
        if spec.key in data:
            shifted[spec.key] = _shift(spec, data[spec.key])
    return shifted


def _shift(spec: Spec, value: Any) -> Any:
    """Return one field of last year's data as this year's start."""
    if spec.key == schema.SETTINGS:  # units and decimals are the office's habit, not the year's
        return value
    if spec.kind == BLOCK:
        return _shift_block(spec, value)
    if spec.kind == COMPARED:
        this = value.get(THIS_YEAR) if isinstance(value, dict) else value
        return {LAST_YEAR: this} if this not in (None, "") else {}
    if spec.kind == YEAR:
        return str(int(value) + 1) if str(value).strip().isdigit() else value
    if spec.kind in (AMOUNT, COUNT, OPTIONAL):  # an optional comparison starts as this year only
        return ""
    if spec.kind == NAMED_AMOUNTS and isinstance(value, dict):
        return {label: "" for label in value}
    if spec.kind == PROJECTS and isinstance(value, list):
        return [{NAME: item.get(NAME, ""), AMOUNT_KEY: ""} for item in value if isinstance(item, dict)]
    return value
