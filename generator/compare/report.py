"""What changed, in words: changed figures, a one-line description of each change, counts per section."""

from __future__ import annotations

import re
from collections import OrderedDict
from os.path import commonprefix

from generator.compare import Comparison
from generator.compare.align import Change
from generator.compare.tokens import SENTENCE_END, Segment, tokenize

SENTENCE_CUT = re.compile("(?<=[" + "".join(SENTENCE_END) + "])")
NUMBER_TOKEN = re.compile(r"[-+]?\d+(?:\.\d+)?(?:%|万元|亿元|元|年度|年|个|项|辆|台（套）|台|倍|人|段)?")
CONTEXT = 4    # characters of unchanged text kept on each side of a reworded part
MAX_PARTS = 3  # sentences described in one change-list item

OPS = {"changed": "改动", "added": "新增", "removed": "删除"}


def numbers_in(text: str) -> list[str]:
    """Return the figures in *text* as tokens (with their units)."""
    return [t.text for t in tokenize(text) if t.is_number]


def figure_changes(change: Change) -> list[tuple[str, str]]:
    """Return (old figure, new figure) for every figure a changed paragraph replaced by another."""
    pairs = []
    segments = change.segments
    for before, after in zip(segments, segments[1:]):
        if before.op == "delete" and after.op == "insert":
            old, new = numbers_in(before.text), numbers_in(after.text)
            pairs += [(o, n) for o, n in zip(old, new) if o != n]
    return pairs


def changed_sentences(segments: list[Segment]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return (OLD's sentence, NEW's sentence, its (deleted, inserted) pairs) for every sentence with a change."""
    found = []
    old, new, pairs, changed = "", "", [], False
    for segment in segments:
        if segment.op == "delete":
            old, changed = old + segment.text, True
            pairs.append((segment.text, ""))
            continue
        if segment.op == "insert":
            new, changed = new + segment.text, True
            if pairs and not pairs[-1][1]:
                pairs[-1] = (pairs[-1][0], segment.text)
            else:
                pairs.append(("", segment.text))
            continue
        # An equal run is cut where a sentence ends. It is taken as NEW words it on both sides,
        # so a year matched as shifted is not described as a change.
        for piece in SENTENCE_CUT.split(segment.text):
            old, new = old + piece, new + piece
            if piece.endswith(SENTENCE_END):
                if changed:
                    found.append((old, new, pairs))
                old, new, pairs, changed = "", "", [], False
    if changed:
        found.append((old, new, pairs))
    return found


def cut(text: str, width: int) -> str:
    """Return *text* stripped and cut to *width* characters."""
    text = text.strip()
    return text if len(text) <= width else text[:width] + "…"


def reworded(old: str, new: str, width: int) -> str:
    """Return how one sentence changed, in words: its differing middle with a little context."""
    prefix = len(commonprefix([old, new]))
    suffix = len(commonprefix([old[prefix:][::-1], new[prefix:][::-1]]))
    # Keep a short unchanged lead-in; a lead-in barely longer than that is kept whole.
    start = 0 if prefix <= 2 * CONTEXT else prefix - CONTEXT
    keep_end = 0 if suffix <= 2 * CONTEXT else suffix - CONTEXT
    lead = "…" if start else ""
    old_part, new_part = old[start:len(old) - keep_end], new[start:len(new) - keep_end]
    if not old[prefix:len(old) - suffix].strip():
        return f"加入“{lead}{cut(new_part, width)}”"
    if not new[prefix:len(new) - suffix].strip():
        return f"删去“{lead}{cut(old_part, width)}”"
    return f"“{lead}{cut(old_part, width)}”改为“{lead}{cut(new_part, width)}”"


def describe(change: Change, width: int = 30) -> str:
    """Return one sentence saying what a change is: a paragraph added or removed, or what each sentence became.

    Figures alone changed read "15.5万元改为448万元"; other wording reads "“比2022年减少1.2万元”改为“与2022年持平”".
    """
    if change.op == "added":
        return f"新增一段：“{cut(change.new.text, width)}”。"
    if change.op == "removed":
        return f"删除一段：“{cut(change.old.text, width)}”。"
    parts = []
    for old, new, pairs in changed_sentences(change.segments):
        if all(NUMBER_TOKEN.search(o) and NUMBER_TOKEN.sub("#", o) == NUMBER_TOKEN.sub("#", n) for o, n in pairs):
            figures = [(a, b) for o, n in pairs for a, b in zip(numbers_in(o), numbers_in(n)) if a != b]
            parts.append("，".join(f"{a}改为{b}" for a, b in figures))
        else:
            parts.append(reworded(old, new, width))
    shown = "；".join(parts[:MAX_PARTS]) + (f"等{len(parts)}处" if len(parts) > MAX_PARTS else "")
    return f"{shown}。" if shown else "格式改动。"


def per_section(comparison: Comparison) -> OrderedDict[str, dict[str, int]]:
    """Return, for every section with a change, how many paragraphs were changed, added and removed."""
    counts: OrderedDict[str, dict[str, int]] = OrderedDict()
    for change in comparison.edits:
        counts.setdefault(change.section, {op: 0 for op in OPS})[change.op] += 1
    return counts


def summary_lines(comparison: Comparison) -> list[str]:
    """Return the terminal summary: totals, changes per section, changed figures."""
    edits = comparison.edits
    lines = [f"比对：{comparison.old.name} → {comparison.new.name}"]
    if comparison.shift.shift:
        years = "、".join(str(y) for y in comparison.shift.years)
        lines.append(f"（已把旧稿的 {years} 年按新稿年度平移，年份变化不算改动）")
    if not edits:
        return lines + ["两稿正文没有差别。"]
    lines.append(f"共 {len(edits)} 处改动，涉及 {len(per_section(comparison))} 个部分：")
    for section, counts in per_section(comparison).items():
        said = "，".join(f"{OPS[op]}{n}段" for op, n in counts.items() if n)
        lines.append(f"  {section}：{said}")
    figures = [(c.section, o, n) for c in edits for o, n in figure_changes(c)]
    if figures:
        lines.append(f"变化的数字（{len(figures)} 个）：")
        lines += [f"  {section}：{o} → {n}" for section, o, n in figures]
    return lines
