"""Aligning two drafts by structure: sections by heading first, then paragraphs within a section.

One inserted paragraph therefore shifts nothing after it, and a section moved or added
is seen as such. Paragraphs equal as written are anchored first; in the gaps between them,
keys that mask the digits pair a paragraph whose figures changed with itself (and not with
a neighbour that differs only in figures too); what is left is paired by likeness, in order.
All of it is near-linear (generator.compare.sequences), so 10,000 paragraphs take seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from generator.compare.sequences import opcodes

from generator.compare.blocks import Block, Section, sections
from generator.compare.tokens import Segment, Token, compare_tokens, similarity, tokenize

SAME_PARAGRAPH = 0.4   # token similarity from which two paragraphs are one paragraph edited
SAME_HEADING = 0.6
LOOK_AHEAD = 8         # how many paragraphs ahead an edited paragraph's twin is looked for


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
        self.cache: dict[tuple[int, bool], list[Token]] = {}

    def tokens(self, block: Block, old: bool) -> list[Token]:
        """Return a block's tokens, OLD's with years shifted (computed once per block)."""
        cached = self.cache.get((id(block), old))
        if cached is None:
            cached = tokenize(block.text, self.shift.shift, self.shift.years) if old else tokenize(block.text)
            self.cache[(id(block), old)] = cached
        return cached

    def text_key(self, block: Block, old: bool) -> str:
        """Return a block's text as compared: OLD's years shifted."""
        if not self.shift.shift:
            return block.text
        return "".join(t.key for t in self.tokens(block, old))

    def pair(self, section: str, old: Block, new: Block) -> None:
        """Record a paragraph present on both sides, equal or changed."""
        if old.text == new.text:
            self.changes.append(Change("equal", section, old, new, [Segment("equal", new.text)]))
            return
        segments = compare_tokens(self.tokens(old, True), self.tokens(new, False))
        op = "equal" if all(s.op == "equal" for s in segments) else "changed"
        self.changes.append(Change(op, section, old, new, segments))

    def alike(self, old: Block, new: Block, threshold: float) -> bool:
        return similarity(self.tokens(old, True), self.tokens(new, False)) >= threshold

    def paragraphs(self, section: str, old: list[Block], new: list[Block]) -> None:
        """Align the body paragraphs of one section: equal text first, then equal keys, then likeness."""
        texts = [self.text_key(b, True) for b in old], [self.text_key(b, False) for b in new]
        for op, o1, o2, n1, n2 in opcodes(*texts):
            if op == "equal":
                for o, n in zip(old[o1:o2], new[n1:n2]):
                    self.pair(section, o, n)
                continue
            olds, news = old[o1:o2], new[n1:n2]
            for op2, p1, p2, q1, q2 in opcodes([key(b.text) for b in olds], [key(b.text) for b in news]):
                if op2 == "equal":
                    for o, n in zip(olds[p1:p2], news[q1:q2]):
                        self.pair(section, o, n)
                else:
                    self.by_likeness(section, olds[p1:p2], news[q1:q2])

    def by_likeness(self, section: str, olds: list[Block], news: list[Block]) -> None:
        """Pair each OLD paragraph with the first alike NEW one a little ahead; the rest are removed or added."""
        j = 0
        for o in olds:
            twin = next((k for k in range(j, min(j + LOOK_AHEAD, len(news))) if self.alike(o, news[k], SAME_PARAGRAPH)), None)
            if twin is None:
                self.changes.append(Change("removed", section, old=o, segments=[Segment("delete", o.text)]))
                continue
            for n in news[j:twin]:
                self.changes.append(Change("added", section, new=n, segments=[Segment("insert", n.text)]))
            self.pair(section, o, news[twin])
            j = twin + 1
        for n in news[j:]:
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
        for op, o1, o2, n1, n2 in opcodes([key(s.title) for s in old], [key(s.title) for s in new]):
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
