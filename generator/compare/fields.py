"""When both sides are inputs: every field, old and new, the change, and the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator import schema
from generator.model import Budget
from generator.phrases import PhraseBook


@dataclass(frozen=True)
class FieldRow:
    """One field of the input compared across the two files."""

    path: str
    old: str
    new: str
    change: str
    reasons: str

    @property
    def changed(self) -> bool:
        """Return True when the field differs."""
        return self.old != self.new or bool(self.change)


def field_rows(old: Budget, new: Budget, book: PhraseBook) -> list[FieldRow]:
    """Return a row for every field present in either file, in the new file's order."""
    olds = {path: (kind, value) for path, kind, value in schema.leaves(old)}
    news = {path: (kind, value) for path, kind, value in schema.leaves(new)}
    order = list(news) + [p for p in olds if p not in news]
    rows = []
    for path in order:
        kind, old_value = olds.get(path, (None, None))
        kind, new_value = news.get(path, (kind, None))
        rows.append(row(path, kind, old_value, new_value, book))
    return rows


def row(path: str, kind: str, old, new, book: PhraseBook) -> FieldRow:
    """Return the row of one field."""
    reasons, reason_changed = "", False
    if kind == schema.COMPARED:
        old_reason, new_reason = (old.reason if old else None), (new.reason if new else None)
        reasons = f"{old_reason or '（无）'}／{new_reason or '（无）'}" if old_reason or new_reason else ""
        reason_changed = old_reason != new_reason
        old, new = (old.this if old else None), (new.this if new else None)
        kind = schema.AMOUNT
    if kind == schema.AMOUNT:
        change = "原因有改动" if reason_changed else ""
        if old is not None and new is not None and old != new:
            change = ("+" if new > old else "-") + book.amount(abs(new - old))
        return FieldRow(path, show_amount(book, old), show_amount(book, new), change, reasons)
    if kind == schema.TEXTS:
        texts = lambda items: f"{len(items)}条" if items is not None else "（无）"
        changed = "有改动" if old != new else ""
        return FieldRow(path, texts(old), texts(new), changed, reasons)
    return FieldRow(path, "（无）" if old is None else str(old), "（无）" if new is None else str(new), "", reasons)


def show_amount(book: PhraseBook, value: Decimal | None) -> str:
    return "（无）" if value is None else book.amount(value)
