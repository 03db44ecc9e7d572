"""The YAML adapter: an input file's node tree → the neutral raw tree, every value with its line."""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError, Location, Problem
from generator.sources.guards import clean_scalars
from generator.sources.raw import Raw, RawList, RawMap, RawScalar
from generator.sources.source import compose, read_text, strip_control_characters


def read_yaml(path: Path) -> tuple[Raw | None, list[Problem]]:
    """Return the raw tree of the YAML file at *path* and the notes made while reading it."""
    text, notes = strip_control_characters(path, read_text(path))
    root = compose(path, text)
    notes += clean_scalars(path, root)  # escapes such as "\u202e" in quoted text
    if root is None:
        return None, notes
    return to_raw(root, str(path)), notes


def to_raw(node: Node, file: str) -> Raw:
    """Return the raw tree of a YAML node (a null or empty value is None)."""
    at = Location(file, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        return RawMap(at, [(key_text(k), Location(file, k.start_mark.line + 1, column=k.start_mark.column), to_raw(v, file))
                           for k, v in node.value])
    if isinstance(node, SequenceNode):
        return RawList(at, [to_raw(item, file) for item in node.value])
    if isinstance(node, ScalarNode) and not node.tag.endswith(":null"):
        return RawScalar(str(node.value), at)
    return RawScalar(None, at)


def key_text(node: Node) -> str:
    """Return a mapping key as staff wrote it (a key that is itself a block or list is no field name)."""
    return str(node.value).strip() if isinstance(node, ScalarNode) else "（非文字的字段名）"


def require_mapping(root: Raw | None, file: str) -> RawMap:
    """Return *root* when it is a mapping of fields; raise InputError otherwise."""
    if not isinstance(root, RawMap):
        raise InputError([Problem(file, 1, "", "文件是空的或不是“字段: 值”的格式，请参照 init 生成的样板填写。")])
    return root
