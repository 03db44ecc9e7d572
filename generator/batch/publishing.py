"""After a batch: each drafted unit's 公开表 and PDFs beside its draft.

The tables come from each unit's own input (a department's figures equal the sum of its
units, checked before its draft was written); the PDFs of all drafts are made by a few
LibreOffice runs (one start per CHUNK documents), not one per unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import sources
from generator.checks import Finding
from generator.files import write_all_atomically
from generator.publish import BESIDE, Request, build_tables
from generator.publish.docx_tables import tables_docx_bytes
from generator.publish.fonts import font_findings
from generator.publish.pdf import convert
from generator.publish.xlsx import workbook_bytes

CHUNK = 40  # documents per LibreOffice start: one start costs ~5 s, a document ~0.5 s


@dataclass
class Published:
    """The files written beside the drafts, and the fonts' notes (one set: every draft uses one template)."""

    written: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def publish_drafts(drafts: list[tuple[Path, Path]], template: Path, tables: bool, pdf: bool) -> Published:
    """Write the 公开表 (.xlsx, .docx) and/or PDFs beside each (input, draft) pair; return what was written.

    Every file is made in memory first and all are written together: an error writes none.
    """
    files: dict[Path, bytes] = {}
    to_print: dict[Path, bytes] = {}
    for source, draft in drafts:
        request = Request(BESIDE if tables else None, BESIDE if tables else None, BESIDE if pdf else None).resolved(draft)
        if tables:
            budget = sources.load_budget(source).budget
            found = build_tables(budget)
            files[request.tables_xlsx] = workbook_bytes(found, budget.unit.name)
            files[request.tables_docx] = tables_docx_bytes(found, budget.unit.name, budget.unit.year, template)
        if pdf:
            to_print[request.pdf] = draft.read_bytes()
            if tables:
                to_print[request.tables_docx.with_suffix(".pdf")] = files[request.tables_docx]
    published = Published()
    names = list(to_print)
    for start in range(0, len(names), CHUNK):
        chunk = names[start:start + CHUNK]
        converted = convert({str(name): to_print[name] for name in chunk})
        files.update({name: converted[str(name)] for name in chunk})
    if drafts and pdf:
        first_pdf = Request(pdf=BESIDE).resolved(drafts[0][1]).pdf
        published.findings = font_findings(files[first_pdf], str(first_pdf))
    write_all_atomically(files)
    published.written = list(files)
    return published
