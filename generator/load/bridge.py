"""TEMPORARY bridge between raw trees and the current YAML loader, until load/validate.py lands.

`yaml_tree` reads a YAML input into a raw tree (each value at its line); `dump` writes a raw tree
back as YAML text and remembers, line by line, where each value really came from (a line of the
YAML or a cell of a workbook), so that every message the loader and the checks give about the
dumped text can be put back at the real place (`relocate`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Location
from generator.load.raw import Raw, RawList, RawMap, RawScalar
from generator.load.source import compose, read_text, strip_control_characters

T = TypeVar("T")


def node_tree(path: Path, node: Node | None) -> Raw:
    """Return the raw tree of a YAML node (None for an empty file)."""
    if node is None:
        return RawMap(Location(str(path), 1))
    at = Location(str(path), node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        return RawMap(at, [(str(k.value).strip(), Location(str(path), k.start_mark.line + 1), node_tree(path, v))
                           for k, v in node.value])
    if isinstance(node, SequenceNode):
        return RawList(at, [node_tree(path, item) for item in node.value])
    empty = node.tag.endswith(":null") or not str(node.value).strip()
    return RawScalar(None if empty else str(node.value), at)


def yaml_tree(path: Path, text: str | None = None) -> Raw:
    """Return the raw tree of the YAML input at *path* (InputError on a syntax error).

    Characters YAML refuses (pasted from Excel) are dropped first, as the loader does and notes.
    """
    text = strip_control_characters(path, read_text(path) if text is None else text)[0]
    return node_tree(path, compose(path, text))


def dump(tree: Raw) -> tuple[str, dict[int, Location]]:
    """Return *tree* as YAML text (every scalar quoted) and the real place of each line."""
    lines: list[str] = []
    places: dict[int, Location] = {}

    def scalar(node: RawScalar) -> str:
        return "" if node.text is None else " " + json.dumps(node.text, ensure_ascii=False)

    def emit(node: Raw, indent: str) -> None:
        if isinstance(node, RawMap):
            for key, key_at, value in node.entries:
                where = value.at if isinstance(value, RawScalar) else key_at
                places[len(lines) + 1] = where
                if isinstance(value, RawScalar):
                    lines.append(f"{indent}{json.dumps(key, ensure_ascii=False)}:{scalar(value)}")
                elif isinstance(value, RawList) and not value.items:
                    lines.append(f"{indent}{json.dumps(key, ensure_ascii=False)}: []")
                else:
                    lines.append(f"{indent}{json.dumps(key, ensure_ascii=False)}:")
                    emit(value, indent + "  ")
        elif isinstance(node, RawList):
            for item in node.items:
                places[len(lines) + 1] = item.at
                if isinstance(item, RawScalar):
                    lines.append(f"{indent}-{scalar(item) or ' null'}")
                else:
                    lines.append(f"{indent}- {{}}" if isinstance(item, RawMap) and not item.entries else f"{indent}-")
                    if not (isinstance(item, RawMap) and not item.entries):
                        emit(item, indent + "  ")

    emit(tree, "")
    return "\n".join(lines) + "\n", places


def relocate(item: T, dumped: str, places: dict[int, Location]) -> T:
    """Return a Problem or Finding about the dumped text put back at the value's real place."""
    if getattr(item, "file", None) != dumped:
        return item
    where = places.get(getattr(item, "line", None) or 0)
    if where is None:
        return item
    return replace(item, file=where.file, line=where.line, cell=where.cell)
