"""Comparing two drafts (or inputs, rendered first): aligned changes, tracked-changes .docx, HTML, summary."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from generator.compare.align import Change, YearShift, align
from generator.compare.blocks import Block, read_blocks
from generator.docx_package import Package, open_package

YEAR_IN_TITLE = re.compile(r"(\d{4})年")


@dataclass
class Comparison:
    """Two drafts, their blocks and the aligned changes between them."""

    old: Package
    new: Package
    old_blocks: list[Block]
    new_blocks: list[Block]
    changes: list[Change]
    shift: YearShift

    @property
    def edits(self) -> list[Change]:
        """Return the changes that are not 'equal'."""
        return [c for c in self.changes if c.op != "equal"]


def draft_year(blocks: list[Block]) -> int | None:
    """Return the year a draft is about: the first 'NNNN年' of its first lines, else the most frequent."""
    for block in blocks[:3]:
        found = YEAR_IN_TITLE.search(block.text)
        if found:
            return int(found.group(1))
    years = Counter(int(y) for b in blocks for y in YEAR_IN_TITLE.findall(b.text))
    return years.most_common(1)[0][0] if years else None


def compare(old_name: str, old_bytes: bytes, new_name: str, new_bytes: bytes, ignore_year_shift: bool = False) -> Comparison:
    """Return the comparison of two .docx files given as bytes."""
    old, new = open_package(old_name, old_bytes), open_package(new_name, new_bytes)
    old_blocks, new_blocks = read_blocks(old.document), read_blocks(new.document)
    shift = YearShift()
    if ignore_year_shift:
        old_year, new_year = draft_year(old_blocks), draft_year(new_blocks)
        if old_year and new_year and old_year != new_year:
            # The draft's year and the year before it move together (2022 and 2021 → 2023 and 2022).
            shift = YearShift(new_year - old_year, (old_year - 1, old_year))
    return Comparison(old, new, old_blocks, new_blocks, align(old_blocks, new_blocks, shift), shift)
