"""The YAML adapter: an input file's node tree → the neutral raw tree, every value with its line."""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError, Location, Problem
from generator.sources.guards import clean_scalars
from generator.sources.raw import Raw, RawList, RawMap, RawScalar
from generator.sources.source import compose, read_text, strip_control_characters


def read_yaml(path: Path) -> tuple[Raw | None, list[Problem]]:
    """Return the raw tree of the YAML file at *path* and the notes made while reading it."""
    text, notes = strip_control_characters(path, read_text(path))
    notes += cut_reasons(path, text)
    root = compose(path, text)
    refuse_merged_items(path, text)
    if "\\" in text:  # escapes such as "\u202e" in quoted text: the only way such a character is left after the strip
        notes += clean_scalars(path, root)
    if root is None:
        return None, notes
    return to_raw(root, str(path)), notes


# A reason written plain with " #" in it, or starting with "#" and text (#3号楼 …; a comment is written
# "# …"): YAML reads the rest of the line as a comment. The search starts at the literal 主要原因 (fast),
# and only a match with nothing but blanks before it on its line counts.
CUT_REASON = re.compile(r"主要原因:[ \t]+(?:[^'\"#\s][^\n]*?[ \t]#|#(?=[^\s#]))")


def cut_reasons(path: Path, text: str) -> list[Problem]:
    """Return a note for each 主要原因 whose text a " #" cut short (staff write 新增 #3 号楼 and lose the rest)."""
    notes = []
    for found in CUT_REASON.finditer(text):
        start, line_start = found.start(), text.rfind("\n", 0, found.start()) + 1
        if text[line_start:start].isspace() or line_start == start:
            notes.append(Problem(str(path), text.count("\n", 0, start) + 1, "", "“#”和它后面的文字按注释处理，没有读入主要原因。"
                                 "若“#”是原因的一部分，请给整段原因加上引号。"))
    return notes


# A list item indented further than the one above it is, to YAML, more of that item's text: two
# duties silently become one. (A plain item: not quoted, not 名称: 值, no comment.)
# (Led by the line break rather than ^ under MULTILINE: the search runs in half the time, ~30 µs an input.)
MERGED_ITEM = re.compile(r"\n( *)- (?![\"'])[^\n:#]*\n(\1 +)- ")


def refuse_merged_items(path: Path, text: str) -> None:
    """Raise InputError naming a list item that YAML joined onto the item above it."""
    found = MERGED_ITEM.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 3  # the match starts at the line break before the item above
        extra = len(found.group(2)) - len(found.group(1))
        raise InputError([Problem(str(path), line, "", (
            f"这一行比上一项多缩进了 {extra} 格，YAML 把它并进了第{line - 1}行那一项，两项成了一项："
            f"请让这一行的“- ”与第{line - 1}行的“- ”左对齐。"))])


def to_raw(node: Node, file: str, lines: dict[int, Location] | None = None) -> Raw:
    """Return the raw tree of a YAML node (a null or empty value is None).

    *lines* holds one Location per line, shared by what starts there: a block and the value on
    its key's line take the key's. A Location is immutable and messages use only its line;
    making one for every key and value was a fifth of the time to read an input.
    """
    lines = {} if lines is None else lines
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        entries = []
        for key, value in node.value:
            mark = key.start_mark  # each key has its own Location (with its column): misplaced_key compares them by identity
            key_at = Location(file, mark.line + 1, column=mark.column)
            lines.setdefault(mark.line + 1, key_at)
            entries.append((key_text(key), key_at, to_raw(value, file, lines)))
        return RawMap(lines.get(line) or lines.setdefault(line, Location(file, line)), entries)
    at = lines.get(line) or lines.setdefault(line, Location(file, line))
    if isinstance(node, SequenceNode):
        return RawList(at, [to_raw(item, file, lines) for item in node.value])
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
