"""Auditing any 部门预算情况说明 (ours, last year's hand-made one, a neighbour's published PDF) on its own sentences.

    >>> from generator.audit import audit_paragraphs
    >>> [f.message for f in audit_paragraphs("例.txt", ["区统计局2023年单位预算",
    ...     "2023年收入总计2.7万元，比上年减少0.06万元，减幅0.02%。"])]
    ['“比上年减少0.06万元，减幅0.02%”：按本年2.7万元、减少0.06万元，上年应为2.76万元，幅度应为2.17%，文中写0.02%。请改为“减少0.06万元，减幅2.17%”。']
"""

from __future__ import annotations

from pathlib import Path

from generator.audit.changes import check_changes
from generator.audit.common import document_year
from generator.audit.reading import Document, read_document
from generator.audit.sums import check_sums
from generator.audit.wording import check_wording
from generator.checks import SEVERITIES, Finding
from generator.drafting import phrase_book

__all__ = ["Document", "audit_document", "audit_paragraphs", "read_document"]


def audit_paragraphs(name: str, paragraphs: list[str], kind: str = "txt") -> list[Finding]:
    """Return every audit finding on a document given as its non-empty paragraphs, errors first, then by paragraph."""
    year = document_year(paragraphs)
    found = (check_changes(name, paragraphs, phrase_book()) + check_sums(name, paragraphs)
             + check_wording(name, kind, paragraphs, year))
    return sorted(found, key=lambda f: (SEVERITIES.index(f.severity), int(f.field[1:-1]), f.rule))


def audit_document(path: Path) -> list[Finding]:
    """Return every audit finding on the document at *path* (.docx, .pdf or .txt); raise InputError when unreadable."""
    document = read_document(Path(path))
    return audit_paragraphs(document.name, document.paragraphs, document.kind)
