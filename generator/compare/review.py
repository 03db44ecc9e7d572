"""A review of two drafts or inputs: what the reviewer reads in the terminal, the HTML page, the tracked .docx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Callable

from generator import drafting
from generator.compare import Comparison, compare, draft_year
from generator.compare.blocks import read_blocks
from generator.compare.consistency import Mismatch, from_drafts, from_inputs
from generator.compare.fields import FieldRow, field_rows
from generator.compare.html import field_table, render_html, tables
from generator.docx_package import open_package
from generator.compare.report import summary_lines
from generator.compare.tracked import tracked_docx
from generator.files import read_bytes
from generator.model import Budget

INPUT_SUFFIXES = (".yaml", ".yml", ".xlsx")   # .xlsx: a 填报 workbook


@dataclass
class Side:
    """One side of a review: its name, its .docx bytes, and its budget when it was an input."""

    name: str
    docx: bytes
    budget: Budget | None = None


@dataclass
class Review:
    """Everything a review produces; the tracked .docx is built only when asked for."""

    comparison: Comparison
    lines: list[str]
    html: str
    tracked_docx: Callable[..., bytes]


def read_side(path: Path, template: Path) -> Side:
    """Return a side read from a .docx, or drafted in memory from an input file."""
    if path.suffix.lower() in INPUT_SUFFIXES:
        loaded, data = drafting.draft_bytes(path, template)
        return Side(str(path), data, loaded.budget)
    return Side(str(path), read_bytes(path, " .docx 或 .yaml 文件"))


def consistency(old: Side, new: Side, comparison: Comparison, template: Path) -> list[Mismatch]:
    """Return NEW's figures for last year that differ from OLD's for that year."""
    if old.budget is not None and new.budget is not None:
        return from_inputs(old.budget, new.budget)
    template_paragraphs = [b.text for b in read_blocks(open_package(str(template), template.read_bytes()).document)]
    return from_drafts(comparison.old_blocks, comparison.new_blocks, template_paragraphs, drafting.phrase_book())


def years(old: Side, new: Side, comparison: Comparison) -> tuple[int | None, int | None]:
    """Return the years OLD and NEW are about: the input's year, else the draft's title year."""
    old_year = old.budget.unit.year if old.budget is not None else draft_year(comparison.old_blocks)
    new_year = new.budget.unit.year if new.budget is not None else draft_year(comparison.new_blocks)
    return old_year, new_year


def review(old_path: Path, new_path: Path, template: Path, ignore_year_shift: bool = False,
           when: datetime | None = None) -> Review:
    """Return the review of OLD against NEW; the tracked .docx's revisions are dated *when* (default: now)."""
    old, new = read_side(old_path, template), read_side(new_path, template)
    comparison = compare(old.name, old.docx, new.name, new.docx, ignore_year_shift)
    old_year, new_year = years(old, new, comparison)
    # NEW's 上年 figures are OLD's 本年 figures only when NEW is the year after OLD; between two
    # versions of one year (or years apart) every figure would be a false mismatch.
    consecutive = old_year is not None and new_year == old_year + 1
    mismatches = consistency(old, new, comparison, template) if consecutive else None
    rows: list[FieldRow] = []
    if old.budget is not None and new.budget is not None:
        rows = field_rows(old.budget, new.budget, drafting.book_for(new.budget))
    skipped = not_consecutive_line(old_year, new_year) if not consecutive else None
    lines = summary_lines(comparison) + ([skipped] if skipped else mismatch_lines(mismatches)) + field_lines(rows)
    extra = []
    if skipped:
        extra.append(("上年数核对", f"<p>{escape(skipped.split('：', 1)[1])}</p>"))
    elif mismatches or (old.budget is None or new.budget is None) or rows:
        extra.append(("上年数核对", tables(
            [[m.what, str(m.new_says), str(m.old_says), m.how] for m in mismatches],
            ["项目", "新稿所说的上年数", "旧稿公布的数", "依据"]) if mismatches else "<p>新稿所说的上年数与旧稿公布的一致。</p>"))
    if rows:
        extra.append(("逐项数字（输入文件）", field_table(rows)))
    html = render_html(comparison, extra)

    def tracked(at: datetime | None = None) -> bytes:
        # The tracked .docx records every change, years included, so that accepting all
        # gives NEW and rejecting all gives OLD exactly, whatever the summary ignored.
        full = comparison if not comparison.shift.shift else compare(old.name, old.docx, new.name, new.docx)
        return tracked_docx(full, at or when)

    return Review(comparison, lines, html, tracked)


def not_consecutive_line(old_year: int | None, new_year: int | None) -> str:
    """Return the line saying why NEW's last-year figures were not checked against OLD."""
    if old_year is None or new_year is None:
        return "上年数核对：无法从标题确定两稿的年度，没有核对上年数。"
    if old_year == new_year:
        return f"上年数核对：两稿都是{new_year}年（同一年度的两个版本），不核对上年数。"
    return f"上年数核对：旧稿是{old_year}年、新稿是{new_year}年，不是相邻两个年度，不核对上年数。"


def mismatch_lines(mismatches: list[Mismatch]) -> list[str]:
    """Return the terminal lines of the consistency report."""
    if not mismatches:
        return ["上年数核对：新稿所说的上年数与旧稿一致。"]
    return [f"上年数核对：{len(mismatches)} 处不一致："] + [
        f"  {m.what}：新稿说上年为{m.new_says}，旧稿公布为{m.old_says}（{m.how}）" for m in mismatches]


def field_lines(rows: list[FieldRow]) -> list[str]:
    """Return the terminal lines of the field table: the changed fields only."""
    changed = [r for r in rows if r.changed]
    if not rows:
        return []
    lines = [f"输入文件逐项比较：{len(rows)} 项中 {len(changed)} 项有变化（全部见 HTML 报告）："]
    return lines + [f"  {r.path}：{r.old} → {r.new}" + (f"（{r.change}）" if r.change else "") for r in changed]
