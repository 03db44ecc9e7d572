"""What changed, in words: changed figures, a one-line description of each change, counts per section."""

from __future__ import annotations

from collections import OrderedDict

from generator.compare import Comparison
from generator.compare.align import Change
from generator.compare.tokens import tokenize

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


def describe(change: Change, width: int = 40) -> str:
    """Return one line saying what a change is: its figures, or the start of its text."""
    figures = figure_changes(change)
    if figures:
        return "；".join(f"{o} → {n}" for o, n in figures)
    pieces = [s.text for s in change.segments if s.op != "equal"]
    text = "／".join(p.strip() for p in pieces if p.strip())
    return text[:width] + ("…" if len(text) > width else "")


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
