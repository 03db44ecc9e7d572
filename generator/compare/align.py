"""Aligning two drafts by structure: sections by heading first, then paragraphs within a section.

One inserted paragraph therefore shifts nothing after it, and a section moved or added
is seen as such. Keys mask the digits, so a paragraph whose figures changed is still
recognised as the same paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from generator.compare.blocks import Block, Section, sections
from generator.compare.tokens import Segment, Token, compare_tokens, similarity, tokenize

SAME_PARAGRAPH = 0.4   # token similarity from which two paragraphs are one paragraph edited
SAME_HEADING = 0.6


@dataclass
class Change:
    """One aligned paragraph: 'equal', 'changed', 'added' (NEW only) or 'removed' (OLD only)."""

    op: str
    section: str
    old: Block | None = None
    new: Block | None = None
    segments: list[Segment] = field(default_factory=list)


@dataclass
class YearShift:
    """Years of OLD compared as if shifted: 2022 → 2023 reads as no change when shift is 1."""

    shift: int = 0
    years: tuple[int, ...] = ()


def key(text: str) -> str:
    """Return the alignment key of a text: its digits masked, spaces dropped."""
    return re.sub(r"\d+(?:\.\d+)?", "#", re.sub(r"\s+", "", text))


class Aligner:
    """Builds the list of changes between OLD's and NEW's blocks."""

    def __init__(self, shift: YearShift) -> None:
        self.shift = shift
        self.changes: list[Change] = []

    def tokens(self, block: Block, old: bool) -> list[Token]:
        if old:
            return tokenize(block.text, self.shift.shift, self.shift.years)
        return tokenize(block.text)

    def pair(self, section: str, old: Block, new: Block) -> None:
        """Record a paragraph present on both sides, equal or changed."""
        segments = compare_tokens(self.tokens(old, True), self.tokens(new, False))
        op = "equal" if all(s.op == "equal" for s in segments) else "changed"
        self.changes.append(Change(op, section, old, new, segments))

    def alike(self, old: Block, new: Block, threshold: float) -> bool:
        return similarity(self.tokens(old, True), self.tokens(new, False)) >= threshold

    def paragraphs(self, section: str, old: list[Block], new: list[Block]) -> None:
        """Align the body paragraphs of one section."""
        matcher = SequenceMatcher(None, [key(b.text) for b in old], [key(b.text) for b in new], autojunk=False)
        for op, o1, o2, n1, n2 in matcher.get_opcodes():
            if op == "equal":
                for o, n in zip(old[o1:o2], new[n1:n2]):
                    self.pair(section, o, n)
                continue
            olds, news = old[o1:o2], new[n1:n2]
            for index in range(max(len(olds), len(news))):
                o = olds[index] if index < len(olds) else None
                n = news[index] if index < len(news) else None
                if o is not None and n is not None and self.alike(o, n, SAME_PARAGRAPH):
                    self.pair(section, o, n)
                    continue
                if o is not None:
                    self.changes.append(Change("removed", section, old=o, segments=[Segment("delete", o.text)]))
                if n is not None:
                    self.changes.append(Change("added", section, new=n, segments=[Segment("insert", n.text)]))

    def whole(self, section: Section, op: str) -> None:
        """Record a section present on one side only."""
        blocks = ([section.heading] if section.heading else []) + section.body
        for block in blocks:
            side = {"old": block} if op == "removed" else {"new": block}
            self.changes.append(Change(op, section.title, segments=[Segment(
                "delete" if op == "removed" else "insert", block.text)], **side))

    def sections(self, old: list[Section], new: list[Section]) -> None:
        """Align sections by their headings, then the paragraphs inside each pair."""
        matcher = SequenceMatcher(None, [key(s.title) for s in old], [key(s.title) for s in new], autojunk=False)
        for op, o1, o2, n1, n2 in matcher.get_opcodes():
            olds, news = old[o1:o2], new[n1:n2]
            for index in range(max(len(olds), len(news))):
                o = olds[index] if index < len(olds) else None
                n = news[index] if index < len(news) else None
                both = o is not None and n is not None
                if both and (op == "equal" or SequenceMatcher(None, key(o.title), key(n.title)).ratio() >= SAME_HEADING):
                    if o.heading and n.heading:
                        self.pair(n.title, o.heading, n.heading)
                    self.paragraphs(n.title, o.body, n.body)
                    continue
                if o is not None:
                    self.whole(o, "removed")
                if n is not None:
                    self.whole(n, "added")


def align(old: list[Block], new: list[Block], shift: YearShift | None = None) -> list[Change]:
    """Return the aligned changes that turn OLD's blocks into NEW's, in reading order."""
    aligner = Aligner(shift or YearShift())
    aligner.sections(sections(old), sections(new))
    return aligner.changes
