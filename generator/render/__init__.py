"""Context + Word template → .docx. The only package that imports docxtpl and jinja2.

Templates are untrusted input: they are read with the package limits of docx_package,
their tags are checked paragraph by paragraph (lint), and they render in the sandbox
(sandbox.py): strict (a missing value is an error naming it), autoescaping (docxtpl's
default environment drops the text after a bare `&` or `<`: python-docx-template issues
#79, #105, #594), and bounded. Drafts are written atomically.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lxml import etree

from generator.docx_package import DOCUMENT_PART, SAFE_XML, RefusedPackage, check_xml_parts, read_limited, read_parts
from generator.errors import TemplateError
from generator.files import write_atomically
from generator.render.lint import TagProblem, tag_problems
from generator.render.prepare import Skeleton, patch_xml, resolve_listing
from generator.render.sandbox import Refused, SafeEnvironment, TemplateSyntaxError, UndefinedError, compiled, template_line
from generator.stamp import CUSTOM_PART, seal, seal_part, seal_parts, zip_base, zip_onto
from generator.xmlchars import FORBIDDEN, strip_forbidden, unescape_xml


def jinja_environment() -> SafeEnvironment:
    """Return the environment every render uses: sandboxed, bounded, StrictUndefined and autoescaping."""
    return SafeEnvironment()


def template_package(path: Path) -> tuple[bytes, dict[str, bytes]]:
    """Return the template file's bytes and its parts, read with docx_package's limits; raise TemplateError if unsafe."""
    if path.is_dir():
        raise TemplateError(f"模板 {path} 是一个文件夹，请给出 .docx 文件。")
    if not path.is_file():
        raise TemplateError(f"找不到模板 {path}，请检查路径。")
    try:
        data = read_limited(path, "使用这个模板")
        parts = read_parts(data, "使用这个模板")
        check_xml_parts(parts, "使用这个模板")  # python-docx parses them next, without our limits
        return data, parts
    except RefusedPackage as exc:
        raise TemplateError(f"模板 {path}：{exc}") from None


def read_template(path: Path):
    """Return the Word template at *path*, loaded by docxtpl, and its parts; raise TemplateError if it is not a safe .docx."""
    from generator.render.word import load_template  # python-docx: only for what the compiled path does not do

    data, parts = template_package(path)
    return load_template(path, data), parts


PARTS_NAMED = {"word/header": "页眉", "word/footer": "页脚", "word/footnotes": "脚注"}


def template_problems(parts: dict[str, bytes], constructs: bool = True) -> list[TagProblem]:
    """Return the tags of the template that the program will not render (see lint.py): body, headers, footers, properties."""
    text = {name: data.decode("utf-8", errors="replace") for name, data in parts.items()
            if name == DOCUMENT_PART or name == "docProps/core.xml" or name.startswith(tuple(PARTS_NAMED))}
    problems = tag_problems(paragraph_texts(text.pop(DOCUMENT_PART)), constructs)
    core = text.pop("docProps/core.xml", "")
    for name in sorted(text):
        label = next(word for prefix, word in PARTS_NAMED.items() if name.startswith(prefix))
        problems += tag_problems(paragraph_texts(text[name]), constructs, f"{label}（{name.rsplit('/', 1)[-1]}）")
    if "{" in core or "｛" in core:
        problems += tag_problems([unescape_xml(re.sub(r"<[^>]+>", " ", core))], constructs, "文件属性（标题、作者等）", False)
    return problems


def refuse_problems(path: Path, problems: list[TagProblem]) -> None:
    """Raise the TemplateError listing *problems*, if there are any."""
    if len(problems) == 1:
        raise TemplateError(f"模板 {path} {problems[0]}")
    if problems:
        raise TemplateError(f"模板 {path} 有 {len(problems)} 处标签不能用：\n" + "\n".join(f"    {p}" for p in problems))


def open_template(path: Path, constructs: bool = True):
    """Return the template and its parts, read safely; raise TemplateError if any tag will not be rendered.

    *constructs* False leaves the sandbox's refusals to the caller's compiling (it is faster).
    """
    template, parts = read_template(path)
    refuse_problems(path, template_problems(parts, constructs))
    return template, parts


def template_variables(path: Path) -> set[str]:
    """Return the names of the top-level variables the template at *path* uses."""
    template, _ = read_template(path)
    environment = jinja_environment()
    body = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(template.get_xml()))
    try:
        environment.parse(body)  # first, so that a broken tag is quoted with its paragraph
        return set(template.get_undeclared_template_variables(environment))
    except TemplateSyntaxError as exc:
        raise _syntax_error(path, exc, body) from None


def xml_safe(value: Any) -> Any:
    """Return *value* (str, list or dict of them) without the characters XML forbids.

    The context is nearly always clean already (the sources strip these characters): it is
    then returned as it is, which costs half of copying it.
    """
    return value if _clean(value) else _stripped(value)


def _clean(value: Any) -> bool:
    """Return True when _stripped would return an equal value of the same types (no tuple, no subclass)."""
    kind = type(value)
    if kind is str:
        return FORBIDDEN.search(value) is None
    if kind is dict or kind is list:
        return all(FORBIDDEN.search(item) is None if type(item) is str else _clean(item)
                   for item in (value.values() if kind is dict else value))
    return not isinstance(value, (str, dict, list, tuple))


def _stripped(value: Any) -> Any:
    """Return a copy of *value* with every text stripped of the characters XML forbids (tuples become lists)."""
    if isinstance(value, str):
        return strip_forbidden(value)
    if isinstance(value, dict):
        return {key: _stripped(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_stripped(item) for item in value]
    return value


class DocxtplRenderer:
    """Renders through docxtpl each time: for templates with tags outside the body."""

    def __init__(self, template_path: Path) -> None:
        self.path = template_path
        open_template(template_path)  # fail now, with the template's name, if it is not a usable .docx

    def render(self, context: dict[str, Any]) -> tuple[bytes, list[str]]:
        """Return the draft's .docx bytes and its paragraphs' text."""
        rendered = render_document(self.path, context)
        return seal(rendered.to_bytes()), rendered.paragraphs()


def make_renderer(template_path: Path) -> "CompiledTemplate | DocxtplRenderer":
    """Return the fastest renderer the template allows (both give the same document)."""
    _, parts = template_package(template_path)
    if CompiledTemplate.takes(parts):
        return CompiledTemplate(template_path, parts)
    return DocxtplRenderer(template_path)


WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def plain_docx(parts: dict[str, bytes]) -> bool:
    """Return True when the parts make a Word document (not a .dotx or .docm) that python-docx would open."""
    try:
        types = etree.fromstring(parts["[Content_Types].xml"], SAFE_XML)
    except (KeyError, etree.XMLSyntaxError):
        return False
    return "_rels/.rels" in parts and any(
        entry.get("PartName") == "/word/document.xml" and entry.get("ContentType") == WORD_DOCUMENT for entry in types)


def render_document(template_path: Path, context: dict[str, Any]):
    """Return *context* rendered into the template at *template_path*, not yet saved."""
    template, _ = open_template(template_path)
    try:
        template.render(xml_safe(context), jinja_env=jinja_environment())
    except (Refused, UndefinedError, TypeError) as exc:
        raise _render_error(template_path, exc) from None
    except TemplateSyntaxError as exc:
        raise _syntax_error(template_path, exc) from None
    from generator.render.word import RenderedDraft

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
    RENDERED = (DOCUMENT_PART, "docProps/core.xml", CUSTOM_PART)  # the parts each draft makes anew (the seal among them)

    def __init__(self, template_path: Path, parts: dict[str, bytes] | None = None) -> None:
        """Prepare the template at *template_path* (whose *parts* the caller may have read already)."""
        self.path = template_path
        self._parts = parts if parts is not None else template_package(template_path)[1]
        if not plain_docx(self._parts):
            read_template(template_path)  # python-docx names what is wrong with the package, as it always did
        try:
            self._skeleton = Skeleton(self._parts[DOCUMENT_PART])
        except (etree.XMLSyntaxError, ValueError) as exc:
            read_template(template_path)
            raise TemplateError(f"模板 {template_path} 不是可用的 Word 文档（.docx）：{exc}。请用 Word 或 WPS 另存为 .docx。") from None
        refuse_problems(template_path, template_problems(self._parts, constructs=False))
        # Every part a render leaves as it was, sealed and compressed once (see render)
        self._base = zip_base({name: data for name, data in seal_parts(self._parts).items() if name not in self.RENDERED})
        environment = jinja_environment()
        body = re.sub(r"<w:p([ >])", r"\n<w:p\1", patch_xml(self._skeleton.body_xml))
        self._source = body
        try:
            self._body = compiled(environment, body)
            core = self._parts["docProps/core.xml"].decode("utf-8")
            self._core = compiled(environment, core)
        except Refused as exc:  # name each refused construct with its paragraph, as docxtpl's path does
            refuse_problems(template_path, template_problems(self._parts))
            raise _render_error(template_path, exc, body) from None
        except TemplateSyntaxError as exc:
            raise _syntax_error(template_path, exc, body) from None

    @staticmethod
    def compilable(template_path: Path) -> bool:
        """Return True when only the body and the file properties of the template hold tags."""
        return CompiledTemplate.takes(template_package(template_path)[1])

    @staticmethod
    def takes(parts: dict[str, bytes]) -> bool:
        """Return True when only the body and the file properties of a template with these parts hold tags."""
        return "docProps/core.xml" in parts and not any(
            name.startswith(CompiledTemplate.PARTS_WITH_TAGS) and (b"{{" in data or b"{%" in data)
            for name, data in parts.items()
        )

    def render(self, context: dict[str, Any]) -> tuple[bytes, list[str]]:
        """Return the draft's .docx bytes and its paragraphs' text (for the self-check)."""
        safe = xml_safe(context)
        try:
            xml = self._body.render(safe)
            core = self._core.render(safe)
        except (Refused, UndefinedError, TypeError) as exc:
            raise _render_error(self.path, exc, self._source) from None
        # The same steps docxtpl takes after rendering (render_xml_part, then build_xml/render).
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # docxtpl's re.sub(r"\n<w:p([ >])", …)
        for escaped, plain in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(escaped, plain)
        if any(mark in xml for mark in LISTING_MARKS):  # only staff text brings these; docxtpl turns them into XML
            xml = resolve_listing(xml)
        document_xml = self._skeleton.document(xml)
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        core = MODIFIED.sub(lambda found: found.group(1) + now + found.group(2), core)
        # The seal (stamp.seal_parts), unless the template has custom properties of its own, kept as they are
        custom = self._parts[CUSTOM_PART] if CUSTOM_PART in self._parts else seal_part(document_xml)
        rendered = {DOCUMENT_PART: document_xml, "docProps/core.xml": core.encode("utf-8"), CUSTOM_PART: custom}
        return zip_onto(self._base, rendered), paragraph_texts(xml)


MODIFIED = re.compile(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
LISTING_MARKS = ("\n", "\t", "\a", "\f")  # line break, tab, new paragraph, page break (docxtpl's Listing)
PARAGRAPH_START = re.compile(r"<w:p[ >]")
TEXT_PIECE = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:t/>|<w:(br|cr)(?: [^>]*)?/>|<w:(tab)(?: [^>]*)?/>")


def paragraphs_of(body_xml: str) -> list[str]:
    """Return each `<w:p …>…</w:p>` of body XML, from its start to the first `</w:p>` after it.

    The same as re.findall(r"<w:p[ >].*?</w:p>", body_xml, re.S) without the regex's look for
    `</w:p>` at every character: the text before each `</w:p>` holds one paragraph, from its first
    `<w:p ` or `<w:p>` on (tests/test_render.py compares the two).
    """
    found = []
    for chunk in body_xml.split("</w:p>")[:-1]:
        start = PARAGRAPH_START.search(chunk)
        if start:
            found.append(chunk[start.start():] + "</w:p>")
    return found


def paragraph_texts(body_xml: str) -> list[str]:
    """Return the text of each paragraph of rendered body XML, as a reader sees it (breaks as \\n)."""
    texts = []
    for paragraph in paragraphs_of(body_xml):
        pieces = []
        for text, line_break, tab in TEXT_PIECE.findall(paragraph):
            if text:
                pieces.append(unescape_xml(text))
            elif line_break:
                pieces.append("\n")
            elif tab:
                pieces.append("\t")
        texts.append("".join(pieces))
    return texts


def render_docx(template_path: Path, context: dict[str, Any], out_path: Path) -> Path:
    """Render *context* into the template and write the draft atomically to *out_path*."""
    data, _ = make_renderer(template_path).render(context)
    write_atomically(out_path, lambda stream: stream.write(data))
    return out_path


def _render_error(path: Path, exc: Exception, source: str | None = None) -> TemplateError:
    """Return the TemplateError for a tag refused or failing while the template renders.

    A TypeError counts only when raised by the template's own code (comparing text with a
    number, say); anywhere else it is a fault of the program and is raised as it is.
    """
    line = template_line(exc)
    if isinstance(exc, TypeError) and line is None:
        raise exc
    lines = source.splitlines() if source else [t.strip() for t in getattr(exc, "docx_context", [])]
    at = re.sub(r"<[^>]+>", "", lines[line - 1]).strip() if source and line and line <= len(lines) else ""
    where = f"（出错的段落：“{at[:60]}”）" if at else ""
    if isinstance(exc, UndefinedError):
        return TemplateError(f"模板 {path} 用到了“{_missing_name(str(exc))}”，但程序没有提供这个值{where}。"
                             "请对照 templates/variables.yaml 改正模板中的变量名。")
    if isinstance(exc, Refused):
        return TemplateError(f"模板 {path}{where}：{exc.construct}")
    return TemplateError(f"模板 {path} 的标签无法求值（{exc}）{where}。请只比较同类的值，或改用程序提供的变量。")


def _missing_name(message: str) -> str:
    """Return the variable or attribute named in a Jinja UndefinedError message."""
    match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
    return next((g for g in match.groups() if g), message) if match else message


def _syntax_error(path: Path, exc: TemplateSyntaxError, source: str | None = None) -> TemplateError:
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
