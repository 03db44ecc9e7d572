"""Context + Word template → .docx. The only module that imports docxtpl and jinja2.

The Jinja environment is strict (a missing value is an error naming it) and
autoescaping (docxtpl's default environment drops the text after a bare `&` or `<`:
python-docx-template issues #79, #105, #594). Drafts are written atomically.
"""

from __future__ import annotations

import copy
import html
import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate

from generator.errors import TemplateError
from generator.files import write_atomically
from generator.stamp import seal, seal_parts, zip_parts
from generator.xmlchars import strip_forbidden


def jinja_environment() -> jinja2.Environment:
    """Return the environment every render uses: StrictUndefined and autoescaping."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def open_template(path: Path) -> DocxTemplate:
    """Return the Word template at *path*, loaded; raise TemplateError if it is not a usable .docx."""
    if not path.is_file():
        raise TemplateError(f"找不到模板 {path}，请检查路径。")
    template = DocxTemplate(path)
    try:
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"模板 {path} 不是可用的 Word 文档（.docx）：{exc}。请用 Word 或 WPS 另存为 .docx。") from None
    return template


def template_variables(path: Path) -> set[str]:
    """Return the names of the top-level variables the template at *path* uses."""
    template = open_template(path)
    environment = jinja_environment()
    body = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.get_xml()))
    try:
        environment.parse(body)  # first, so that a broken tag is quoted with its paragraph
        return set(template.get_undeclared_template_variables(environment))
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(path, exc, body) from None


def xml_safe(value: Any) -> Any:
    """Return *value* (str, list or dict of them) without the characters XML forbids."""
    if isinstance(value, str):
        return strip_forbidden(value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [xml_safe(item) for item in value]
    return value


class RenderedDraft:
    """A rendered template held in memory: its text can be read back before it is saved."""

    def __init__(self, template: DocxTemplate) -> None:
        self._template = template

    def paragraphs(self) -> list[str]:
        """Return the text of every body paragraph, as a reader of the saved file would see it."""
        return [paragraph.text for paragraph in self._template.docx.paragraphs]

    def to_bytes(self) -> bytes:
        """Return the draft as the bytes of a .docx, dated now in its file properties."""
        # The file's own properties (Word: 文件 → 信息) should date the draft, not the template.
        self._template.core_properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
        buffer = io.BytesIO()
        self._template.save(buffer)
        return buffer.getvalue()


class DocxtplRenderer:
    """Renders through docxtpl each time: for templates with tags outside the body."""

    def __init__(self, template_path: Path) -> None:
        self.path = template_path
        open_template(template_path)  # fail now, with the template's name, if it is not a .docx

    def render(self, context: dict[str, Any]) -> tuple[bytes, list[str]]:
        """Return the draft's .docx bytes and its paragraphs' text."""
        rendered = render_document(self.path, context)
        return seal(rendered.to_bytes()), rendered.paragraphs()


def make_renderer(template_path: Path) -> "CompiledTemplate | DocxtplRenderer":
    """Return the fastest renderer the template allows (both give the same document)."""
    if template_path.is_file() and zipfile.is_zipfile(template_path) and CompiledTemplate.compilable(template_path):
        return CompiledTemplate(template_path)
    return DocxtplRenderer(template_path)


def render_document(template_path: Path, context: dict[str, Any]) -> RenderedDraft:
    """Return *context* rendered into the template at *template_path*, not yet saved."""
    template = open_template(template_path)
    try:
        template.render(xml_safe(context), jinja_env=jinja_environment())
    except jinja2.UndefinedError as exc:
        name = _missing_name(str(exc))
        raise TemplateError(
            f"模板 {template_path} 用到了“{name}”，但程序没有提供这个值。"
            "请对照 templates/variables.yaml 改正模板中的变量名。"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(template_path, exc) from None
    return RenderedDraft(template)


class CompiledTemplate:
    """A template prepared once and rendered many times: the batch's fast path.

    docxtpl reloads the .docx, cleans its XML and compiles the Jinja source on every
    render. Here that is done once; each render runs the compiled template and docxtpl's
    own post-processing (line breaks, table grids), then writes the package with every
    other part as it was. Headers, footers and footnotes must be free of tags (ours are);
    `compilable` says whether a template qualifies, else use render_document.
    """

    PARTS_WITH_TAGS = ("word/header", "word/footer", "word/footnotes")

    def __init__(self, template_path: Path) -> None:
        self.path = template_path
        self._template = open_template(template_path)
        with zipfile.ZipFile(template_path) as package:
            self._parts = {name: package.read(name) for name in package.namelist()}
        environment = jinja_environment()
        body = re.sub(r"<w:p([ >])", r"\n<w:p\1", self._template.patch_xml(self._template.get_xml()))
        try:
            self._body = environment.from_string(body)
            self._core = environment.from_string(self._parts["docProps/core.xml"].decode("utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            raise _syntax_error(template_path, exc, body) from None

    @staticmethod
    def compilable(template_path: Path) -> bool:
        """Return True when only the body and the file properties of the template hold tags."""
        with zipfile.ZipFile(template_path) as package:
            return not any(
                name.startswith(CompiledTemplate.PARTS_WITH_TAGS) and (b"{{" in data or b"{%" in data)
                for name, data in ((n, package.read(n)) for n in package.namelist())
            )

    def render(self, context: dict[str, Any]) -> tuple[bytes, list[str]]:
        """Return the draft's .docx bytes and its paragraphs' text (for the self-check)."""
        safe = xml_safe(context)
        try:
            xml = self._body.render(safe)
            core = self._core.render(safe)
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"模板 {self.path} 用到了“{_missing_name(str(exc))}”，但程序没有提供这个值。"
                                "请对照 templates/variables.yaml 改正模板中的变量名。") from None
        # The same steps docxtpl takes after rendering (render_xml_part, then build_xml/render).
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        for escaped, plain in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(escaped, plain)
        if any(mark in xml for mark in LISTING_MARKS):  # only staff text brings these; docxtpl turns them into XML
            xml = self._template.resolve_listing(xml)
        body = self._template.fix_tables(xml)
        document = copy.deepcopy(self._template.docx._element)
        document.replace(document.body, body)
        document_xml = XML_DECLARATION + self._template.xml_to_string(document)
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{now}\g<2>", core)
        parts = {**self._parts, "word/document.xml": document_xml.encode("utf-8"), "docProps/core.xml": core.encode("utf-8")}
        return zip_parts(seal_parts(parts)), paragraph_texts(xml)


LISTING_MARKS = ("\n", "\t", "\a", "\f")  # line break, tab, new paragraph, page break (docxtpl's Listing)
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"  # as python-docx writes it
PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
TEXT_PIECE = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:t/>|<w:(br|cr)(?: [^>]*)?/>|<w:tab(?: [^>]*)?/>")


def paragraph_texts(body_xml: str) -> list[str]:
    """Return the text of each paragraph of rendered body XML, as a reader sees it (breaks as \\n)."""
    texts = []
    for paragraph in PARAGRAPH.findall(body_xml):
        pieces = []
        for match in TEXT_PIECE.finditer(paragraph):
            if match.group(1) is not None:
                pieces.append(html.unescape(match.group(1)))
            elif match.group(2):
                pieces.append("\n")
            elif match.group().startswith("<w:tab"):
                pieces.append("\t")
        texts.append("".join(pieces))
    return texts


def render_docx(template_path: Path, context: dict[str, Any], out_path: Path) -> Path:
    """Render *context* into the template and write the draft atomically to *out_path*."""
    data, _ = make_renderer(template_path).render(context)
    write_atomically(out_path, lambda stream: stream.write(data))
    return out_path


def _missing_name(message: str) -> str:
    """Return the variable or attribute named in a Jinja UndefinedError message."""
    match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
    return next((g for g in match.groups() if g), message) if match else message


def _syntax_error(path: Path, exc: jinja2.TemplateSyntaxError, source: str | None = None) -> TemplateError:
    """Return a TemplateError quoting the template paragraph that holds the broken tag.

    docxtpl attaches the paragraphs around the error (3 before to 3 after); for a template
    compiled here, *source* (one paragraph per line) gives the paragraph itself.
    """
    lines = [t.strip() for t in getattr(exc, "docx_context", [])]
    if lines and exc.lineno:
        at_error = lines[min(3, exc.lineno - 1)]
    elif source and exc.lineno:
        at_error = re.sub(r"<[^>]+>", "", source.splitlines()[exc.lineno - 1]).strip()
    else:
        at_error = ""
    where = f"，出错的段落：“{at_error[:80]}”" if at_error else ""
    return TemplateError(f"模板 {path} 中有写错的标签（{exc.message}）{where}。请检查 {{{{ }}}} 与 {{% %}} 是否成对。")


def template_paragraphs(template_path: Path) -> list[str]:
    """Return the text of each body paragraph of the template itself, tags and all (for the self-check)."""
    with zipfile.ZipFile(template_path) as package:
        return paragraph_texts(package.read("word/document.xml").decode("utf-8"))
