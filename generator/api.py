"""The library: load, check, draft and diff a 部门预算情况说明 from a file, plain data or a Budget.

    >>> import generator
    >>> budget = generator.load("inputs/2023/区政府办公室.yaml")
    >>> [f.rule for f in generator.check(budget)]
    ['PLA-01', 'BAL-04']
    >>> draft = generator.draft(budget)
    >>> draft.paragraphs[0], len(draft.docx) > 10_000, [f.rule for f in draft.warnings]
    ('区政府办公室2023年部门预算', True, ['PLA-01'])

The command line, the batch and the web page call only these functions; none of them prints.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Union

from generator import drafting, sources
from generator.checks import Finding
from generator.checks.finding import HasFindings
from generator.errors import ChecksFailed, InputError
from generator.model import Budget
from generator.records import Fields
from generator.render import make_renderer

if TYPE_CHECKING:  # publish is imported only when a draft is saved with its 公开表 or PDF
    from generator.publish import Request

DEFAULT_TEMPLATE = drafting.DEFAULT_TEMPLATE
"""The 部门预算情况说明's own Word template (package data)."""

Source = Union[str, Path, Mapping, Budget]
"""What the API reads: an input file's path, plain data keyed like the YAML input, or a Budget."""


def load(source: Source, *, last_year: Mapping | None = None, name: str = "<dict>",
         tables: Path | str | None = None) -> Budget:
    """Return the Budget a source describes; raise InputError listing every problem in it.

    A path is read by its adapter (YAML, or a 填报 workbook) and last year's input is found beside it; plain
    data may bring last year's input as plain data too (*last_year*) for 上年 figures it leaves out,
    and is called *name* in messages (the web page: 网页表单).
    *tables*: the 公开表 workbook whose figures fill in the input's (as the input's own 公开表: line does).
    """
    if isinstance(source, Budget):
        return source
    if isinstance(source, Mapping):
        return sources.load_mapping(source, name, last_year=last_year).budget
    return sources.load_budget(Path(source), Path(tables) if tables else None).budget


def check(source: Source, *, tables: Path | str | None = None) -> list[Finding]:
    """Return every finding on a source: 错误 first, then 警告, then 提示; a source that cannot be read gives its INP-02 错误."""
    try:
        budget = load(source, tables=tables)
    except InputError as exc:
        return drafting.input_findings(exc)
    return drafting.check_budget(budget)


class Draft(HasFindings, Fields):
    """A draft made in memory: the .docx (None when 错误 stopped it), every finding, and the text."""

    __slots__ = ("docx", "findings", "paragraphs", "budget", "template")
    docx: bytes | None
    findings: list[Finding]
    paragraphs: list[str]
    budget: Budget | None
    template: Path

    def __init__(self, docx: bytes | None, findings: list[Finding] | None = None, paragraphs: list[str] | None = None,
                 budget: Budget | None = None, template: Path = drafting.DEFAULT_TEMPLATE) -> None:
        self.docx = docx
        self.findings = [] if findings is None else findings
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.budget = budget
        self.template = template

    def save(self, path: Path | str, publish: Request | None = None, force: bool = False) -> list[Path]:
        """Write the draft to *path*, with the 公开表 and PDFs *publish* asks for, all or none; return the files.

        Raises ChecksFailed when 错误 stopped the draft, OutputError when an output would replace the
        input, a template or another output (or a read-only file, unless *force*); notes on the PDF's
        fonts join the findings.
        """
        if self.docx is None:
            raise ChecksFailed(self.errors)
        written, notes = drafting.write_draft(self.budget, Path(path), self.docx, self.template, publish, force)
        self.findings += notes
        return written

    def default_path(self) -> Path:
        """Return drafts/<年度>/<输入文件名或单位>.docx, under the current folder."""
        budget = self.budget
        stem = Path(budget.source).stem if budget.source.endswith((".yaml", ".yml", ".xlsx")) else budget.unit.name
        return Path("drafts") / str(budget.unit.year) / f"{stem}.docx"


def draft(source: Source, template: Path | str | None = None, *,
          more_checks: Callable[[Budget], list[Finding]] | None = None,
          tables: Path | str | None = None) -> Draft:
    """Return the draft of a source: checked, rendered with *template* (default: the kind's own) and self-checked.

    *template* may also be one prepared by prepare_template() (a batch prepares it once per worker).
    *more_checks* adds findings that need more than the budget itself (a department against its units).
    Raises InputError when the source cannot be read and TemplateError when the template is broken;
    findings of the checks (错误 included) are in the Draft, which then has no .docx.
    """
    budget = load(source, tables=tables)
    if isinstance(template, (str, Path)) or template is None:
        renderer = renderer_for(drafting.template_path(Path(template) if template else None))
    else:
        renderer = template
    result, data, paragraphs = drafting.render_budget(budget, renderer, more_checks(budget) if more_checks else None)
    return Draft(data, result.findings, paragraphs, budget, renderer.path)


def template_path(given: Path | str | None) -> Path:
    """Return the template to use: *given*, a template shipped with the tool named alone (简式说明模板), or the default."""
    return drafting.template_path(Path(given) if given else None)


def prepare_template(path: Path | str):
    """Return the template at *path* (or shipped with the tool under that name) prepared for many drafts."""
    return make_renderer(drafting.template_path(Path(path)))


def phrase_book(budget: Budget, template: Path | str | None = None):
    """Return the phrase rules a budget's draft is worded with (its units and decimals, the template's own wording)."""
    return drafting.book_for(budget, Path(template) if template else None)


def rules_beside(template: Path | str) -> Path | None:
    """Return the region's rules file that travels with a template (X.docx → X.rules.yaml), if there is one."""
    return drafting.rules_for(Path(template))


def renderer_for(path: Path):
    """Return the renderer of the template at *path*, prepared once while the file stays unchanged.

    Preparing the template takes ~25 ms (~8 ms with its Jinja code cached) and rendering ~5 ms: the
    web page drafts on every keystroke, so the prepared template is kept, keyed on the file's change
    time and size.
    """
    try:
        stat = path.stat()
    except OSError:
        return make_renderer(path)  # raises the TemplateError that names the missing file
    return _prepared(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _prepared(path: Path, changed_ns: int, size: int):
    """Return a renderer of *path* as it was at (changed_ns, size)."""
    return make_renderer(path)


def diff(old: Path | str, new: Path | str, *, template: Path | str | None = None, ignore_year_shift: bool = False):
    """Return the comparison of two drafts (.docx) or inputs (drafted first): lines, HTML and a tracked .docx.

    Raises ChecksFailed when an input side has 错误, InputError when a side cannot be read.
    """
    from generator.compare.review import review

    return review(Path(old), Path(new), drafting.template_path(Path(template) if template else None), ignore_year_shift)
