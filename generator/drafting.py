"""One draft from one input file: load → check → context → render.

The library entry point behind `python -m generator draft`; it prints nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable
from pathlib import Path

from generator import load
from generator.checks import ERROR, NOTE, Finding, run_checks
from generator.errors import ChecksFailed, InputError
from generator.context import build_context
from generator.model import Budget
from generator.phrases import RULES_PATH, PhraseBook
from generator.files import write_all_atomically, write_atomically
from generator.publish import Request, build_outputs
from generator.render import CompiledTemplate, DocxtplRenderer, make_renderer
from generator.selfcheck import trace_numbers

Renderer = CompiledTemplate | DocxtplRenderer
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATE = PROJECT_ROOT / "templates" / "部门预算情况说明.docx"


@dataclass
class DraftResult:
    """What a draft run found, and where the draft went (None when errors stopped it)."""

    findings: list[Finding] = field(default_factory=list)
    out_path: Path | None = None
    written: list[Path] = field(default_factory=list)   # the draft and the 公开表 / PDFs beside it

    @property
    def errors(self) -> list[Finding]:
        """Return the findings that stop a draft."""
        return [f for f in self.findings if f.severity == ERROR]


@lru_cache(maxsize=None)
def phrase_book(path: Path = RULES_PATH) -> PhraseBook:
    """Return the phrase rules at *path*, read and checked once per process."""
    return PhraseBook(load.read_rules(path), str(path))


def book_for(budget: Budget) -> PhraseBook:
    """Return the phrase rules printing in the budget's own publishing unit and percent decimals."""
    settings = budget.settings
    return phrase_book().with_settings(settings.publish_unit, settings.percent_places)


def default_out_path(input_path: Path, year: int) -> Path:
    """Return drafts/<年>/<单位>.docx for an input file."""
    return Path("drafts") / str(year) / f"{input_path.stem}.docx"


def check_input(input_path: Path) -> tuple[load.Loaded, list[Finding]]:
    """Return the loaded input and every finding on it (load notes included)."""
    loaded = load.load_budget(input_path)
    book = book_for(loaded.budget)
    notes = [Finding("INP-01", NOTE, n.file, n.line, n.field, n.message) for n in loaded.notes]
    return loaded, run_checks(loaded.budget, book, loaded.last_year) + notes


def check_file(input_path: Path) -> list[Finding]:
    """Return every finding on an input file; problems that stop it loading are 错误 (INP-02)."""
    try:
        return check_input(input_path)[1]
    except InputError as exc:
        return [Finding("INP-02", ERROR, p.file, p.line, p.field, p.message) for p in exc.problems]


def render_checked(
    input_path: Path, renderer: Renderer, extra: Callable[[load.Loaded], list[Finding]] | None = None,
) -> tuple[DraftResult, bytes | None, load.Loaded]:
    """Return the checks' result and, when no 错误 was found, the draft rendered and self-checked in memory.

    *extra* adds findings of checks that need more than the input itself (a department's units).
    """
    loaded, findings = check_input(input_path)
    result = DraftResult(findings + (extra(loaded) if extra else []))
    if result.errors:
        return result, None, loaded
    book = book_for(loaded.budget)
    data, paragraphs = renderer.render(build_context(loaded.budget, book))
    # Read the draft back before it is saved: a number nobody can trace stops it.
    result.findings += trace_numbers(paragraphs, loaded.budget, book, str(renderer.path))
    return result, (None if result.errors else data), loaded


def draft(input_path: Path, out_path: Path | None = None, template: Path = DEFAULT_TEMPLATE,
          publish: Request | None = None) -> DraftResult:
    """Check the input and, when no 错误 is found, write its draft (and the 公开表 and PDFs
    *publish* asks for); return what happened.

    Raises InputError for an unreadable input, TemplateError for a broken template and
    OutputError when a file cannot be made or written; nothing is written in any of those cases.
    """
    result, data, loaded = render_checked(input_path, make_renderer(template))
    if data is not None:
        target = out_path or default_out_path(input_path, loaded.budget.unit.year)
        if publish is not None and publish.wanted():
            outputs = build_outputs(loaded.budget, (target, data), template, publish)
            write_all_atomically({target: data, **outputs.files})
            result.findings += outputs.findings
            result.written = [target, *outputs.files]
        else:
            write_atomically(target, lambda stream: stream.write(data))
            result.written = [target]
        result.out_path = target
    return result


def draft_bytes(input_path: Path, template: Path = DEFAULT_TEMPLATE) -> tuple[load.Loaded, bytes]:
    """Return an input and its draft as .docx bytes; raise ChecksFailed when the checks found 错误."""
    result, data, loaded = render_checked(input_path, make_renderer(template))
    if data is None:
        raise ChecksFailed(result.errors)
    return loaded, data
