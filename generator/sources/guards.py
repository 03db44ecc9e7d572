"""Defences against hostile or careless input text: YAML references, invisible and control characters.

Both run on the text or the tokens before the node tree is walked, so that nothing expands and
two names that look the same are the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError, Problem
from generator.xmlchars import CONTROLS, FORBIDDEN, HIDDEN, INVISIBLE

CONTROL_NOTE = "删去了不可见的控制字符（常见于从 Excel 复制的文字），请核对这一行。"
REFERENCES_SHOWN = 10  # lines named one by one; an alias bomb has thousands


def invisible_note(removed: str) -> str:
    """Return the note for invisible formatting characters removed from a line.

    >>> invisible_note("\\u202e\\u200b\\u202e")
    '删去了看不见的格式字符（U+202E、U+200B），它们会让看起来相同的文字实际不同，请核对这一行。'
    """
    codes = "、".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(removed))
    return f"删去了看不见的格式字符（{codes}），它们会让看起来相同的文字实际不同，请核对这一行。"


def line_notes(path: Path, number: int, line: str) -> list[Problem]:
    """Return the notes for the control and invisible characters on one line."""
    notes = []
    if CONTROLS.search(line):
        notes.append(Problem(str(path), number, "", CONTROL_NOTE))
    invisible = "".join(INVISIBLE.findall(line))
    if invisible:
        notes.append(Problem(str(path), number, "", invisible_note(invisible)))
    return notes


def strip_invisible(path: Path, text: str) -> tuple[str, list[Problem]]:
    """Return *text* without control and invisible formatting characters, and a note per line that had any."""
    if not HIDDEN.search(text):
        return text, []
    notes = [note for number, line in enumerate(text.split("\n"), start=1) for note in line_notes(path, number, line)]
    return INVISIBLE.sub("", CONTROLS.sub("", text)), notes


def clean_scalars(path: Path, root: Node | None) -> list[Problem]:
    """Remove control and invisible characters written as escapes ("\\u202e") from the scalars; note each line.

    Characters XML forbids in a value are left to the reader, which removes them naming the field.
    """
    notes, pending = [], [(root, True)] if root is not None else []
    while pending:
        node, is_key = pending.pop()
        if isinstance(node, MappingNode):
            pending.extend(item for key, value in node.value for item in ((key, True), (value, False)))
        elif isinstance(node, SequenceNode):
            pending.extend((item, False) for item in node.value)
        elif isinstance(node, ScalarNode):
            value = node.value if is_key else FORBIDDEN.sub("", node.value)
            if CONTROLS.search(value) or INVISIBLE.search(value):
                notes += line_notes(path, node.start_mark.line + 1, value)
                node.value = INVISIBLE.sub("", CONTROLS.sub("", node.value) if is_key else _strip_c1(node.value))
    return sorted(set(notes), key=lambda note: (note.line, note.message))


def _strip_c1(value: str) -> str:
    """Return *value* without DEL, C1 controls and invisible characters (XML-forbidden ones kept for the reader)."""
    return re.sub("[\x7f-\x9f]", "", value)


def refuse_references(path: Path, text: str, loader: type) -> None:
    """Raise InputError naming each line with a YAML anchor (&x), alias (*x) or merge key (<<:).

    Staff never need them, and an alias repeated or used as a key expands into gigabytes (an
    "alias bomb"): they are found among the tokens, before any node is composed.
    """
    if "&" not in text and "*" not in text and "<<" not in text:
        return
    found: dict[int, str] = {}
    previous = None
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, yaml.AnchorToken):
            found.setdefault(token.start_mark.line + 1, f"锚点“&{token.value}”")
        elif isinstance(token, yaml.AliasToken):
            found.setdefault(token.start_mark.line + 1, f"别名“*{token.value}”")
        elif isinstance(token, yaml.ScalarToken) and token.plain and token.value == "<<" and isinstance(
                previous, yaml.KeyToken):
            found.setdefault(token.start_mark.line + 1, "合并键“<<”")
        previous = token
    if not found:
        return
    problems = [
        Problem(str(path), line, "", f"用了 YAML 的{what}。输入文件不接受锚点（&名字）、别名（*名字）和合并键（<<:），"
                                     "请把内容直接写出来；如果 & 或 * 是文字的一部分，请给整个值加引号。")
        for line, what in sorted(found.items())[:REFERENCES_SHOWN]
    ]
    if len(found) > REFERENCES_SHOWN:
        problems.append(Problem(str(path), None, "", f"另有 {len(found) - REFERENCES_SHOWN} 行也用了锚点、别名或合并键。"))
    raise InputError(problems)
