"""Rules on figures compared with last year: reasons, size of changes, agreement with last year's file."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Iterator, Mapping

from generator import money, schema
from generator.checks.finding import Finding, finding
from generator.errors import Location
from generator.model import Budget, Compared, Reference
from generator.phrases import PhraseBook

STEADY = ("flat", "none")
BIG_CHANGE = Decimal("0.5")  # 增减超过 50% 要有实在的原因（公开检查的重点）
# A reason shorter than this, or one of these stock phrases, explains nothing.
TOKEN_REASON_LENGTH = 6
TOKEN_REASONS = frozenset({"工作需要", "业务需要", "正常调整", "预算调整", "按规定", "据实安排", "正常增长",
                           "正常减少", "其他", "无", "略", "不变", "调整"})
# 元 typed where 万元 is asked for makes a figure 10,000 times too big; 5,000 leaves room for real change.
UNIT_SLIP_RATIO = Decimal(5000)


def compared_fields(budget: Budget) -> Iterator[tuple[str, Compared]]:
    """Yield (Chinese path, figure) for every field compared with last year."""
    for path, kind, value in schema.leaves(budget):
        if kind == schema.COMPARED:
            yield path, value


def place(at: Location) -> str:
    """Return a file and the place in it, as a message names them.

    >>> place(Location("inputs/2022/a.yaml", 78)), place(Location("网页表单（上年）"))
    ('inputs/2022/a.yaml 第78行', '网页表单（上年）')
    """
    where = at.cell or (f"第{at.line}行" if at.line else "")  # plain data has no lines
    return f"{at.file} {where}".rstrip()


def is_token(reason: str) -> bool:
    """Return True when *reason* is too short or a stock phrase to explain a large change.

    >>> is_token("工作需要"), is_token("2022年土地款和人武部工作经费等未在本单位预算中列支")
    (True, False)
    """
    bare = reason.strip("。；，、 ")
    return len(bare) < TOKEN_REASON_LENGTH or bare in TOKEN_REASONS


@cache
def unprinted_totals() -> frozenset[str]:
    """Return the totals kept only to check their parts (支出合计, 财政拨款合计): never printed, their change needs no reason."""
    return frozenset(path for path, spec in schema.fields() if spec.kind == schema.OPTIONAL and spec.figure is None)


def check_changes(budget: Budget, book: PhraseBook, last_year: Mapping[str, Reference]) -> list[Finding]:
    """Return the findings of RSN-01, PLA-03, PLA-05, PLA-06 (against last year) and LY-01."""
    found: list[Finding] = []
    unprinted = unprinted_totals()
    for path, change in compared_fields(budget):
        this, last = book.printed(change.this), book.printed(change.last)
        variant = book.classify(change)
        said = f"本年{book.amount(change.this)}，上年{book.amount(change.last)}"
        if variant not in STEADY and not change.reason and path not in unprinted:
            found.append(finding(budget, "RSN-01", f"{path}.{schema.REASON}",
                                 f"{said}，有增减但没有填写主要原因。公开规定要求说明增减原因，请补上“主要原因”。"))
        big = variant in ("new", "ended") or (last and abs(this - last) / abs(last) > BIG_CHANGE)
        if big and change.reason and is_token(change.reason):
            found.append(finding(budget, "PLA-03", f"{path}.{schema.REASON}",
                                 f"{said}，增减超过50%，主要原因只写了“{change.reason}”。请写明具体原因（哪些项目、为什么）。"))
        if this and last and max(abs(this), abs(last)) / min(abs(this), abs(last)) >= UNIT_SLIP_RATIO:
            found.append(finding(budget, "PLA-06", f"{path}.{schema.THIS_YEAR}",
                                 f"{said}，相差约{money.format_number(max(abs(this), abs(last)) / min(abs(this), abs(last)), 0)}倍。"
                                 "是否有一年按“元”填写了？金额应以万元为单位。"))
        reference = last_year.get(path)
        if reference is not None and reference.amount != change.last:
            found.append(finding(budget, "LY-01", f"{path}.{schema.LAST_YEAR}",
                                 f"上年数{book.amount(change.last)}，与上一年度文件 {place(reference.at)}"
                                 f"的本年数{book.amount(reference.amount)}不一致，相差"
                                 f"{book.amount(abs(change.last - reference.amount))}。请核对，两处应一致。"))
    three = budget.three_public.total
    if book.printed(three.this) > book.printed(three.last):
        said = f"“三公”经费本年{book.amount(three.this)}，超过上年{book.amount(three.last)}。“三公”经费原则上只减不增，"
        # A reason given is for the reviewer to confirm; only a missing one is asked for.
        ask = (f"已说明主要原因“{three.reason}”，请审核人员确认。" if three.reason
               else "请确认并在“三公经费.合计.主要原因”中说明。")
        found.append(finding(budget, "PLA-05", "三公经费.合计.本年", said + ask))
    return found
