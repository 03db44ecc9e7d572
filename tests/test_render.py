"""The batch's compiled template gives the very document docxtpl gives."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import drafting, sources
from generator.context import build_context
from generator.render import CompiledTemplate, DocxtplRenderer, make_renderer
from helpers import EXAMPLE


def part(docx: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(docx)).read(name)


@pytest.mark.parametrize("extra", ["", "\n第二行 & <b>\t制表"], ids=["plain", "line-break-and-specials"])
def test_compiled_and_docxtpl_give_the_same_document(extra):
    context = build_context(sources.load_budget(EXAMPLE).budget, drafting.phrase_book())
    context["duties"][0]["text"] += extra
    fast, fast_text = CompiledTemplate(drafting.DEFAULT_TEMPLATE).render(context)
    slow, slow_text = DocxtplRenderer(drafting.DEFAULT_TEMPLATE).render(context)
    assert part(fast, "word/document.xml") == part(slow, "word/document.xml")
    assert [t for t in fast_text if t] == [t for t in slow_text if t]
    assert sorted(zipfile.ZipFile(io.BytesIO(fast)).namelist()) == sorted(zipfile.ZipFile(io.BytesIO(slow)).namelist())


def test_the_default_template_is_compiled():
    assert isinstance(make_renderer(drafting.DEFAULT_TEMPLATE), CompiledTemplate)


# Bodies that exercise every step of docxtpl's tag clean-up: split tags, {%tr %}/{%p %}/{%r %}/{{r }},
# comments, {%- -%}, colspan, cellbg, vm, hm (with and without a span) and quotes inside tags.
CELL = '<w:tc><w:tcPr><w:tcW w:w="100"/>{span}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'
TRICKY_BODIES = [
    '<w:body><w:p><w:r><w:t>{</w:t></w:r><w:r><w:t>{ name }</w:t></w:r><w:r><w:t>}</w:t></w:r></w:p></w:body>',
    '<w:body><w:p><w:r><w:t>{%p if a %}</w:t></w:r></w:p><w:p><w:r><w:t> x {{ “q” }} &lt;b&gt;</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>{%p endif %}</w:t></w:r></w:p><w:p><w:r><w:t>{{r rich }}</w:t></w:r><w:r><w:t>{#p note #}</w:t></w:r></w:p>'
    '<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>{%- if b -%}</w:t></w:r></w:p><w:p><w:r><w:t>c{% endif %}</w:t></w:r></w:p></w:body>',
    '<w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>{%tr for r in rows %}</w:t></w:r></w:p></w:tc></w:tr><w:tr>'
    + CELL.format(span="", text="{% colspan r.n %}x")
    + CELL.format(span='<w:shd w:fill="FFF"/>', text="{% cellbg r.c %}y")
    + CELL.format(span="", text="{% vm %}{{ r.v }}")
    + CELL.format(span='<w:gridSpan w:val="2"/>', text="{% hm %}h")
    + CELL.format(span="", text="{% hm %}k")
    + '</w:tr><w:tr><w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body>',
]


@pytest.mark.parametrize("body", TRICKY_BODIES + ["template"], ids=["split", "paragraph-tags", "table-tags", "default-template"])
def test_tags_are_cleaned_up_exactly_as_docxtpl_does(body):
    from docxtpl import DocxTemplate

    from generator.render.prepare import Skeleton, patch_xml

    if body == "template":
        body = Skeleton(part(drafting.DEFAULT_TEMPLATE.read_bytes(), "word/document.xml")).body_xml
    assert patch_xml(body) == DocxTemplate.patch_xml(None, body)


def test_line_breaks_tabs_paragraphs_and_pages_from_staff_text_as_docxtpl_makes_them():
    from docxtpl import DocxTemplate

    from generator.render.prepare import resolve_listing

    xml = ('<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">一\n二\t三\a四\f五</w:t></w:r>'
           '<w:r><w:t>六\n</w:t></w:r></w:p>')
    assert resolve_listing(xml) == DocxTemplate.resolve_listing(None, xml)


def test_a_draft_imports_neither_python_docx_nor_docxtpl_nor_the_publishing_libraries(tmp_path):
    """Imports cost a cold draft more than drafting: only what the compiled template needs is loaded.

    Nor does it create a dataclass of ours: each compiles its methods at import, 20–28 ms for the
    classes on this path, which records.py writes out instead.
    """
    import json
    import subprocess
    import sys

    script = ("import json, sys, runpy\n"
              f"sys.argv = ['generator', 'draft', {str(EXAMPLE)!r}, '-o', {str(tmp_path / 'x.docx')!r}]\n"
              "try:\n    runpy.run_module('generator', run_name='__main__')\nexcept SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
              "print(json.dumps([sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'docxtpl', 'openpyxl', 'pypdf', 'flask'}),"
              " sorted(m for m in sys.modules if m.startswith(('generator.compare', 'generator.audit', 'generator.web',"
              " 'generator.batch', 'generator.publish.'))),"
              " sorted(f'{name}.{attr}' for name, module in list(sys.modules.items()) if name.startswith('generator')"
              " for attr, value in vars(module).items() if isinstance(value, type) and '__dataclass_fields__' in vars(value))]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    libraries, modules, dataclasses = json.loads(done.stdout.splitlines()[-1])
    assert (libraries, modules, dataclasses) == ([], [], [])
    assert (tmp_path / "x.docx").stat().st_size > 10_000


def test_a_template_compiled_once_is_read_back_from_the_cache_and_renders_the_same(tmp_path, monkeypatch):
    from generator.render.sandbox import SafeEnvironment, compiled

    source = "{% for d in items %}<w:t>{{ d.name }}</w:t>{% endfor %}"
    context = {"items": [{"name": "A&B"}, {"name": "{_{ x }_}"}]}
    first = compiled(SafeEnvironment(), source, str(tmp_path))
    [stored] = list(tmp_path.iterdir())
    monkeypatch.setattr(SafeEnvironment, "compile", lambda *args: pytest.fail("compiled again despite the cache"))
    again = compiled(SafeEnvironment(), source, str(tmp_path))
    assert again.render(context) == first.render(context) == "<w:t>A&amp;B</w:t><w:t>&#123;&#95;&#123; x &#125;&#95;&#125;</w:t>"
    assert list(tmp_path.iterdir()) == [stored]


def test_a_damaged_cache_file_only_means_compiling_again(tmp_path):
    from generator.render.sandbox import SafeEnvironment, compiled

    compiled(SafeEnvironment(), "<w:t>{{ name }}</w:t>", str(tmp_path))
    [stored] = list(tmp_path.iterdir())
    stored.write_bytes(b"j2 not a cache file")
    assert compiled(SafeEnvironment(), "<w:t>{{ name }}</w:t>", str(tmp_path)).render(name="区") == "<w:t>区</w:t>"


def test_a_refused_template_is_refused_again_and_never_cached(tmp_path):
    from generator.render.sandbox import Refused, SafeEnvironment, compiled

    for _ in range(2):
        with pytest.raises(Refused):
            compiled(SafeEnvironment(), "{% set x = 1 %}{{ x }}", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["<w:p>", "<w:p ", "<w:pPr>", "</w:p>", "<w:p", "</w:p", ">", " ", "x", "<w:r>"]), max_size=14))
def test_paragraphs_are_cut_as_the_regex_cuts_them(pieces):
    import re

    from generator.render import paragraphs_of

    xml = "".join(pieces)
    assert paragraphs_of(xml) == re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)


def test_a_draft_is_zipped_byte_for_byte_as_zipfile_appends_its_parts(monkeypatch):
    import time

    from generator.stamp import zip_base, zip_onto, zip_parts

    monkeypatch.setattr(time, "time", lambda: 1_700_000_001.0)  # zipfile and zip_onto date the entries alike
    kept = {"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<w:style/>" * 500}
    added = {"word/document.xml": "<w:t>正文</w:t>".encode() * 900, "docProps/core.xml": b"<cp/>", "docProps/附件.xml": b""}
    expected = io.BytesIO(zip_parts(kept))
    with zipfile.ZipFile(expected, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in added.items():
            archive.writestr(name, data)
    made = zip_onto(zip_base(kept), added)
    assert made == expected.getvalue()
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == kept | added


def shape(value):
    """Return *value* with the type of every container and leaf beside it."""
    if isinstance(value, dict):
        return type(value), {key: shape(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value), [shape(item) for item in value]
    return type(value), value


CONTEXTS = st.recursive(st.text(alphabet="a甲\x0b\x00\t\n\ufffe") | st.integers() | st.none(),
                        lambda inner: st.lists(inner) | st.tuples(inner) | st.dictionaries(st.text(max_size=2), inner),
                        max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(CONTEXTS)
def test_a_clean_context_is_used_as_it_is_and_any_other_is_copied_clean(context):
    from generator.render import _stripped, xml_safe

    assert shape(xml_safe(context)) == shape(_stripped(context))
