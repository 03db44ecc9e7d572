"""One draft of one budget: check → context → render → self-check, in memory.

The pipeline behind the public API (api.py); it prints nothing and writes only when asked.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator import sources
from generator.checks import ERROR, NOTE, Finding
from generator.checks.finding import HasFindings, from_problem
from generator.errors import ChecksFailed, InputError, OutputError, TemplateError
from generator.files import guard_outputs, write_all_atomically, write_atomically
from generator.kinds import BUDGET_EXPLANATION
from generator.model import Budget, Settings
from generator.phrases import PhraseBook
from generator.phrases.override import merge_rules, rules_beside
from generator.records import Fields
from generator.render import CompiledTemplate, DocxtplRenderer, make_renderer, template_paragraphs
from generator.selfcheck import trace_numbers

if TYPE_CHECKING:  # the 公开表 and PDFs are imported only when asked for (openpyxl, pypdf)
    from generator.publish import Request

Renderer = CompiledTemplate | DocxtplRenderer
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATE = BUDGET_EXPLANATION.template


class DraftResult(HasFindings, Fields):
    """What a draft run found, and where the draft went (None when errors stopped it)."""

    __slots__ = ("findings", "out_path", "written")
    findings: list[Finding]
    out_path: Path | None
    written: list[Path]   # the draft and the 公开表 / PDFs beside it

    def __init__(self, findings: list[Finding] | None = None, out_path: Path | None = None,
                 written: list[Path] | None = None) -> None:
        self.findings = [] if findings is None else findings
        self.out_path = out_path
        self.written = [] if written is None else written


def template_path(given: Path | None) -> Path:
    """Return the template to use: *given*, a template shipped with the tool named alone (简式说明模板), or the default.

    >>> template_path(Path("简式说明模板")).name, template_path(None) == DEFAULT_TEMPLATE
    ('简式说明模板.docx', True)
    """
    if given is None:
        return DEFAULT_TEMPLATE
    if given.exists() or given.parent != Path("."):
        return given
    shipped = DEFAULT_TEMPLATE.parent / (given.name if given.suffix.lower() == ".docx" else f"{given.name}.docx")
    return shipped if shipped.is_file() else given


@lru_cache(maxsize=None)
def phrase_book(path: Path = BUDGET_EXPLANATION.rules, override: Path | None = None) -> PhraseBook:
    """Return the phrase rules at *path* (with a region's *override* merged over them), read and checked once per process."""
    data = sources.read_rules(path)
    if override is not None:
        data = merge_rules(data, sources.read_rules_override(override), str(override))
    return PhraseBook(data, str(override or path))


def rules_for(template: Path | None) -> Path | None:
    """Return the rules file beside a template (X.docx → X.rules.yaml), if there is one."""
    if template is None:
        return None
    beside = template.with_name(rules_beside(template.name))
    return beside if beside.is_file() else None


def rules_problems(template: Path) -> list[str]:
    """Return what is wrong with the rules file beside *template* (none when it has none), one line each."""
    rules = rules_for(template)
    if rules is None:
        return []
    try:
        phrase_book(override=rules)
    except TemplateError as exc:
        return str(exc).splitlines()
    return []


def book_for(budget: Budget, template: Path | None = None) -> PhraseBook:
    """Return the phrase rules (the template's own wording when it has a rules file) printing as the budget asks.

    The input's 设置 wins where it departs from the default (公布单位: 元, 百分比小数位: 1); otherwise
    a region's rules decide the publishing unit and decimals.
    """
    override = rules_for(template)
    last = _LAST_BOOKS.get(override)
    if last is not None and last[0] is budget:
        return last[1]
    book, settings, default = phrase_book(override=override), budget.settings, Settings()
    unit = settings.publish_unit if settings.publish_unit != default.publish_unit else book.settings.amount_unit
    places = settings.percent_places if settings.percent_places != default.percent_places else book.settings.percent_places
    book = book.with_settings(unit, places)
    _LAST_BOOKS[override] = (budget, book)
    return book


# The book last made for a budget, by rules file: the checks and the context ask for the same budget's
# book, and what it remembers of the figures it printed serves both. A Budget is read-only, so the book
# made for it stays right; holding the budget keeps its id from passing to another object.
_LAST_BOOKS: dict[Path | None, tuple[Budget, PhraseBook]] = {}


def default_out_path(input_path: Path, year: int) -> Path:
    """Return drafts/<年>/<单位>.docx for an input file."""
    return Path("drafts") / str(year) / f"{input_path.stem}.docx"


def check_budget(budget: Budget) -> list[Finding]:
    """Return every finding on a loaded budget: the rules' findings, then the notes made while reading it."""
    notes = [from_problem("INP-01", NOTE, n) for n in budget.notes]
    tables = list(budget.fields().get("table_findings", ()))   # the inspector's, on a 公开表 it was read with
    return tables + BUDGET_EXPLANATION.run_checks(budget, book_for(budget), budget.references) + notes


def check_input(input_path: Path, tables: Path | None = None) -> tuple[sources.Loaded, list[Finding]]:
    """Return the loaded input (with its 公开表 workbook, if any) and every finding on it (load notes included)."""
    loaded = sources.load_budget(input_path, tables)
    return loaded, check_budget(loaded.budget)


def check_file(input_path: Path, tables: Path | None = None) -> list[Finding]:
    """Return every finding on an input file; problems that stop it loading are 错误 (INP-02)."""
    try:
        return check_input(input_path, tables)[1]
    except InputError as exc:
        return input_findings(exc)


def input_findings(exc: InputError) -> list[Finding]:
    """Return the problems that stopped an input loading as 错误 (INP-02)."""
    return [from_problem("INP-02", ERROR, p) for p in exc.problems]


def render_budget(budget: Budget, renderer: Renderer, extra: list[Finding] | None = None,
                  ) -> tuple[DraftResult, bytes | None, list[str]]:
    """Return the checks' result and, when no 错误 was found, the draft rendered and self-checked in memory.

    *extra* adds findings of checks that need more than the budget itself (a department's units).
    """
    result = DraftResult(check_budget(budget) + (extra or []))
    if result.errors:
        return result, None, []
    book = book_for(budget, renderer.path)
    data, paragraphs = renderer.render(BUDGET_EXPLANATION.build_context(budget, book))
    # Read the draft back before it is saved: a number nobody can trace stops it.
    result.findings += trace_numbers(paragraphs, budget, book, str(renderer.path),
                                     lambda: template_paragraphs(renderer.path))
    return result, (None if result.errors else data), paragraphs


def render_checked(
    input_path: Path, renderer: Renderer, extra: Callable[[sources.Loaded], list[Finding]] | None = None,
    tables: Path | None = None,
) -> tuple[DraftResult, bytes | None, sources.Loaded]:
    """Return the checks' result and, when no 错误 was found, the draft of an input file in memory."""
    loaded = sources.load_budget(input_path, tables)
    result, data, _ = render_budget(loaded.budget, renderer, extra(loaded) if extra else None)
    return result, data, loaded


def draft(input_path: Path, out_path: Path | None = None, template: Path = DEFAULT_TEMPLATE,
          publish: Request | None = None, tables: Path | None = None) -> DraftResult:
    """Check the input and, when no 错误 is found, write its draft (and the 公开表 and PDFs
    *publish* asks for); return what happened. *tables*: the 公开表 whose figures fill in the input's.

    Raises InputError for an unreadable input, TemplateError for a broken template and
    OutputError when a file cannot be made or written; nothing is written in any of those cases.
    """
    result, data, loaded = render_checked(input_path, make_renderer(template), tables=tables)
    if data is not None:
        target = out_path or default_out_path(input_path, loaded.budget.unit.year)
        result.written, published = write_draft(loaded.budget, target, data, template, publish)
        result.findings += published
        result.out_path = target
    return result


# What each output must be called, so that a slip (-o 说明.txt, --pdf 初稿.docx) is caught before writing.
SUFFIXES = {"输出文件": ".docx", "公开表（Excel）": ".xlsx", "公开表（Word）": ".docx", "PDF": ".pdf", "公开表的 PDF": ".pdf"}


def output_targets(target: Path, publish: Request | None) -> list[tuple[str, Path]]:
    """Return (what it is, path) of every file a draft with *publish* writes."""
    targets = [("输出文件", target)]
    if publish is not None and publish.wanted():
        asked = publish.resolved(target)
        targets += [(label, path) for label, path in (
            ("公开表（Excel）", asked.tables_xlsx), ("公开表（Word）", asked.tables_docx), ("PDF", asked.pdf),
            ("公开表的 PDF", asked.tables_docx.with_suffix(".pdf") if asked.tables_docx and asked.pdf else None),
        ) if path is not None]
    return targets


def shipped_templates() -> list[Path]:
    """Return the templates shipped with the tool (the default one and those beside it)."""
    return sorted(DEFAULT_TEMPLATE.parent.glob("*.docx"))


def kept_files(inputs: list[tuple[str, Path]], template: Path | None) -> list[tuple[str, Path]]:
    """Return what no output may replace: the inputs, the templates shipped with the tool and the template given."""
    shipped = [("本工具自带的模板", path) for path in shipped_templates()]
    given = [("模板", template)] if template is not None else []
    return [*inputs, *shipped, *given]  # listed first, a shipped template is named as such


def guard_draft_outputs(budget: Budget, target: Path, template: Path, publish: Request | None, force: bool) -> None:
    """Raise OutputError before anything is written when an output is misnamed or would replace what the user gave."""
    targets = output_targets(target, publish)
    guard_outputs(targets, kept_files([("输入文件", Path(budget.source))], template), force)
    for label, path in targets:
        if path.suffix.lower() != SUFFIXES[label]:
            raise OutputError(f"{label} {path} 的扩展名应是 {SUFFIXES[label]}，请改正输出位置（文件名）。")


def write_draft(budget: Budget, target: Path, data: bytes, template: Path,
                publish: Request | None = None, force: bool = False) -> tuple[list[Path], list[Finding]]:
    """Write a draft and the 公开表 and PDFs *publish* asks for, all or none; return the files and the PDF notes.

    Refuses (OutputError, nothing written) an output that is the input, a template, another output,
    a folder, misnamed, or — unless *force* — read-only.
    """
    guard_draft_outputs(budget, target, template, publish, force)
    if publish is None or not publish.wanted():
        write_atomically(target, lambda stream: stream.write(data))
        return [target], []
    from generator.publish import build_outputs

    outputs = build_outputs(budget, (target, data), template, publish)
    write_all_atomically({target: data, **outputs.files})
    return [target, *outputs.files], list(outputs.findings)


def draft_bytes(input_path: Path, template: Path = DEFAULT_TEMPLATE) -> tuple[sources.Loaded, bytes]:
    """Return an input and its draft as .docx bytes; raise ChecksFailed when the checks found 错误."""
    result, data, loaded = render_checked(input_path, make_renderer(template))
    if data is None:
        raise ChecksFailed(result.errors)
    return loaded, data
