"""Ready to publish: the 公开表 (.xlsx and Word) and PDFs, from the same Budget as the draft.

`build_outputs` makes every requested file in memory (PDFs through one LibreOffice run) and
reports the fonts the PDFs were set in; the caller writes them all, so an error leaves none.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks import Finding
from generator.model import Budget
from generator.records import Fields

__all__ = ["BESIDE", "Request", "build_outputs", "build_tables", "Table"]


def __getattr__(name: str):
    """Return build_tables or Table, imported on first use: the command line reads BESIDE and Request on every draft."""
    if name in ("build_tables", "Table"):
        from generator.publish import tables

        return getattr(tables, name)
    raise AttributeError(f"module 'generator.publish' has no attribute {name!r}")


BESIDE = Path()  # "beside the draft": the default place of a requested file


class Request(Fields):
    """Which publication files to make beside a draft: a path, BESIDE for the default place, None for none."""

    __slots__ = ("tables_xlsx", "tables_docx", "pdf")
    tables_xlsx: Path | None
    tables_docx: Path | None
    pdf: Path | None          # the draft's PDF; the tables' Word file gets one beside it too

    def __init__(self, tables_xlsx: Path | None = None, tables_docx: Path | None = None, pdf: Path | None = None) -> None:
        self.tables_xlsx = tables_xlsx
        self.tables_docx = tables_docx
        self.pdf = pdf

    def wanted(self) -> bool:
        """Return True when any file is asked for."""
        return any(p is not None for p in (self.tables_xlsx, self.tables_docx, self.pdf))

    def resolved(self, draft_path: Path) -> "Request":
        """Return the request with each BESIDE replaced by its place beside *draft_path*."""
        stem = draft_path.with_suffix("")
        defaults = (Path(f"{stem}公开表.xlsx"), Path(f"{stem}公开表.docx"), draft_path.with_suffix(".pdf"))
        given = (self.tables_xlsx, self.tables_docx, self.pdf)
        return Request(*(default if path == BESIDE else path for path, default in zip(given, defaults)))


class Outputs(Fields):
    """The files to write (path → bytes) and the fonts' 提示/警告."""

    __slots__ = ("files", "findings")
    files: dict[Path, bytes]
    findings: list[Finding]

    def __init__(self, files: dict[Path, bytes] | None = None, findings: list[Finding] | None = None) -> None:
        self.files = {} if files is None else files
        self.findings = [] if findings is None else findings


def build_outputs(budget: Budget, draft: tuple[Path, bytes], template: Path, request: Request) -> Outputs:
    """Return the bytes of every requested file of *budget*, its draft being *draft* (path, bytes)."""
    # Imported here: openpyxl and pypdf take a third of a second, which a plain draft should not pay.
    from generator.publish import pdf
    from generator.publish.docx_tables import tables_docx_bytes
    from generator.publish.fonts import font_findings
    from generator.publish.tables import build_tables
    from generator.publish.xlsx import workbook_bytes

    outputs = Outputs()
    request = request.resolved(draft[0])
    tables = build_tables(budget)
    if request.tables_xlsx:
        outputs.files[request.tables_xlsx] = workbook_bytes(tables, budget.unit.name)
    if request.tables_docx:
        outputs.files[request.tables_docx] = tables_docx_bytes(tables, budget.unit.name, budget.unit.year, template)
    if request.pdf:
        sources = {request.pdf: draft[1]}
        if request.tables_docx:
            sources[request.tables_docx.with_suffix(".pdf")] = outputs.files[request.tables_docx]
        converted = pdf.convert({str(target): data for target, data in sources.items()})
        for target in sources:
            outputs.files[target] = converted[str(target)]
        outputs.findings += font_findings(converted[str(request.pdf)], str(request.pdf))
    return outputs

