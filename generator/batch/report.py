"""The batch's report as a person reads it: a progress line redrawn in place, the table of units, each
unit's problems and warnings, and what an interrupted run wrote. Text only: the CLI prints it."""

from __future__ import annotations

import unicodedata
from typing import Iterator

from generator.batch import CURRENT, EDITED, READ_ONLY, SUCCESSFUL, BatchReport
from generator.batch.jobs import SUCCEEDED

HAS_DRAFT = (SUCCEEDED, CURRENT, EDITED, READ_ONLY)  # a unit in any other state has no draft of this run to show


def display_width(text: str) -> int:
    """Return how many terminal columns *text* takes (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def aligned(row: list[str], widths: list[int]) -> str:
    """Return one row of a table whose columns are *widths* wide."""
    return "  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(row, widths)).rstrip()


def progress_line(done: int, total: int, name: str, width: int = 30) -> str:
    """Return the progress bar's line.

    >>> progress_line(3, 4, "区政府机关", 8)
    '[######··] 3/4 区政府机关'
    """
    filled = width * done // max(total, 1)
    return f"[{'#' * filled}{'·' * (width - filled)}] {done}/{total} {name}"


class ProgressLine:
    """The progress line, redrawn in place: spaces cover what a longer line left (no escape codes, for every terminal)."""

    def __init__(self) -> None:
        self.shown = 0  # columns the line covers on the screen

    def redraw(self, line: str, columns: int) -> str:
        """Return what to write to show *line* instead of the last one, cut to fit *columns* (a wrapped line cannot be redrawn).

        >>> progress = ProgressLine()
        >>> progress.redraw("区政府办公室", 80), progress.redraw("区政府", 80)
        ('\\r区政府办公室', '\\r区政府      ')
        """
        while display_width(line) > columns:
            line = line[:-1]
        width = display_width(line)
        text = "\r" + line + " " * (self.shown - width)
        self.shown = width
        return text


HEADING = ["单位", "状态", "错误", "警告", "初稿"]


def row_of(entry) -> list[str]:
    return [entry.unit, entry.status, str(entry.errors), str(entry.warnings),
            entry.output if entry.status in HAS_DRAFT else "未生成"]


def report_lines(report: BatchReport) -> Iterator[str]:
    """Yield the table of units, then each unit's problems (if it failed) or warnings, then the summary.

    The units are read from the manifest once to size the columns and again to print them: a run
    of 100,000 units is printed without being held.
    """
    widths = [display_width(cell) for cell in HEADING]
    counts: dict[str, int] = {}  # by status, in the order the table first shows them
    for entry in report.entries:
        widths = [max(width, display_width(cell)) for width, cell in zip(widths, row_of(entry))]
        counts[entry.status] = counts.get(entry.status, 0) + 1
    yield aligned(HEADING, widths)
    yield from (aligned(row_of(entry), widths) for entry in report.entries)
    for entry in report.entries:
        if entry.status not in SUCCESSFUL:
            yield from ["", f"{entry.unit}（{entry.status}）："] + [f"  {m}" for m in entry.messages[:10]]
        elif entry.warning_messages:
            yield from ["", f"{entry.unit}（警告 {len(entry.warning_messages)} 条）："]
            yield from (f"  {m}" for m in entry.warning_messages)
    summary = "，".join(f"{status} {count} 个" for status, count in counts.items())
    yield from ["", f"共 {sum(counts.values())} 个单位：{summary}。清单：{report.manifest}"]


def interrupted_message(report: BatchReport) -> str:
    """Return what an interrupted batch says: what it wrote, where that is recorded, what is left."""
    wrote = (f"本次写入了 {report.written} 份初稿，清单 {report.manifest} 已记下它们" if report.written
             else f"本次没有写入初稿，清单 {report.manifest} 已更新")
    left = f"另有 {report.unfinished} 个单位没有完成，再次运行会接着生成" if report.unfinished else "各单位都已处理"
    return f"已中断：{wrote}；{left}。"
