"""A draft as a sequence of blocks (paragraphs, table cells included) grouped into sections by heading."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PART = re.compile(r"^第[一二三四五六七八九十]+部分$")
LEVEL_ONE = re.compile(r"^[一二三四五六七八九十]+、")
LEVEL_TWO = re.compile(r"^（[一二三四五六七八九十]+）")
# Word's built-in styles as our template uses them: Title, then part, 一、 and （一） headings.
STYLE_LEVELS = {"Title": 0, "Heading1": 1, "Heading2": 2, "Heading3": 3}
HEADING_MAX_CHARS = 40


@dataclass
class Block:
    """One paragraph of a draft: its text, its heading level (None for body text) and its XML."""

    text: str
    level: int | None
    element: etree._Element = field(repr=False)
    in_table: bool = False


@dataclass
class Section:
    """A heading (None before the first one) and the body blocks under it."""

    heading: Block | None
    body: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        """Return the heading's text, or 开头 for what precedes the first heading."""
        return self.heading.text if self.heading else "开头"


def paragraph_text(paragraph: etree._Element) -> str:
    """Return a paragraph's visible text: w:t, tabs and line breaks; deleted text (w:delText) is not visible."""
    pieces = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            pieces.append(node.text or "")
        else:
            pieces.append("\t" if node.tag == f"{W}tab" else "\n")
    return "".join(pieces)


def heading_level(paragraph: etree._Element, text: str) -> int | None:
    """Return the heading level of a paragraph from its style, or from its wording when unstyled.

    Hand-edited drafts may lose styles; then 第一部分 is a part, and a short line without a
    full stop starting 一、 or （一） is a heading (the numbered body paragraphs end with 。).
    """
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    if style is not None:
        level = STYLE_LEVELS.get(style.get(f"{W}val"))
        if level is not None:
            return level
    stripped = text.strip()
    if PART.match(stripped):
        return 1
    if len(stripped) <= HEADING_MAX_CHARS and not stripped.endswith(("。", "；", "：")):
        if LEVEL_ONE.match(stripped):
            return 2
        if LEVEL_TWO.match(stripped):
            return 3
    return None


def read_blocks(document: etree._Element) -> list[Block]:
    """Return every non-empty paragraph of the body in order, table cells included."""
    body = document.find(f"{W}body")
    blocks = []
    for paragraph in body.iter(f"{W}p"):
        text = paragraph_text(paragraph)
        if not text.strip():
            continue
        in_table = any(a.tag == f"{W}tc" for a in paragraph.iterancestors())
        blocks.append(Block(text, None if in_table else heading_level(paragraph, text), paragraph, in_table))
    return blocks


def sections(blocks: list[Block]) -> list[Section]:
    """Return the blocks grouped under their headings, in order."""
    grouped = [Section(None)]
    for block in blocks:
        if block.level is not None:
            grouped.append(Section(block))
        else:
            grouped[-1].body.append(block)
    return grouped if grouped[0].body else grouped[1:]
