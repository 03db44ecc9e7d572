"""A near-linear diff of two sequences: common ends, then anchors unique to both sides (patience), then the gaps.

difflib's SequenceMatcher (with autojunk off, as Chinese text needs) is quadratic: a 20,000-character
paragraph took 50 s. Here equal ends are stripped first, then elements that occur exactly once on
each side are matched in order (their longest increasing run) and each gap between them is diffed
the same way. Only a gap with no unique element left falls back to SequenceMatcher, and only when
it is small; a larger one is reported as replaced, so the work stays bounded whatever the input.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from typing import Hashable, Sequence

FALLBACK_CELLS = 40_000  # SequenceMatcher on a gap of at most 200 × 200 elements


def matching_pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Return the (i, j) of elements matched equal, increasing in both i and j."""
    pairs: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    # A stack of gaps, worked left to right: pairs come out in order without recursion.
    while stack:
        item = stack.pop()
        if item[0] == "pair":
            pairs.append((item[1], item[2]))
            continue
        alo, ahi, blo, bhi = item
        head = []
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            head.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        tail = []
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            tail.append((ahi, bhi))
        pairs.extend(head)
        middle: list = []  # left to right: gaps still to diff and pairs already known
        if alo < ahi and blo < bhi:
            anchors = unique_anchors(a, alo, ahi, b, blo, bhi)
            if anchors:
                last_i, last_j = alo, blo
                for i, j in anchors:
                    middle += [(last_i, i, last_j, j), ("pair", i, j)]
                    last_i, last_j = i + 1, j + 1
                middle.append((last_i, ahi, last_j, bhi))
            elif (ahi - alo) * (bhi - blo) <= FALLBACK_CELLS:
                matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
                middle = [("pair", alo + i + k, blo + j + k) for i, j, size in matcher.get_matching_blocks()
                          for k in range(size)]
        middle += [("pair", i, j) for i, j in reversed(tail)]
        stack.extend(reversed(middle))
    return pairs


def unique_anchors(a, alo: int, ahi: int, b, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Return the longest in-order run of elements that occur exactly once in a[alo:ahi] and once in b[blo:bhi]."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1 and count_a.get(b[j]) == 1}
    candidates = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    return longest_increasing(candidates)


def longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the longest subsequence of *pairs* (sorted by i) whose j increase too (patience sorting).

    >>> longest_increasing([(0, 2), (1, 0), (2, 1), (3, 3)])
    [(1, 0), (2, 1), (3, 3)]
    """
    tops: list[int] = []       # smallest j ending an increasing run of each length
    ends: list[int] = []       # index into pairs of that end
    back: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tops, j)
        if length == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[length], ends[length] = j, index
        back[index] = ends[length - 1] if length else -1
    run, index = [], ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    return run[::-1]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[str, int, int, int, int]]:
    """Return SequenceMatcher-style opcodes ('equal', 'replace', 'delete', 'insert') turning *a* into *b*.

    >>> opcodes("abcd", "abxd")
    [('equal', 0, 2, 0, 2), ('replace', 2, 3, 2, 3), ('equal', 3, 4, 3, 4)]
    """
    codes: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for pi, pj in matching_pairs(a, b) + [(len(a), len(b))]:
        if pi > i or pj > j:
            tag = "replace" if pi > i and pj > j else ("delete" if pi > i else "insert")
            codes.append((tag, i, pi, j, pj))
        if pi < len(a) or pj < len(b):
            if codes and codes[-1][0] == "equal" and codes[-1][2] == pi and codes[-1][4] == pj:
                codes[-1] = ("equal", codes[-1][1], pi + 1, codes[-1][3], pj + 1)
            else:
                codes.append(("equal", pi, pi + 1, pj, pj + 1))
        i, j = pi + 1, pj + 1
    return codes
