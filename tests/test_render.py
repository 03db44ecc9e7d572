"""The batch's compiled template gives the very document docxtpl gives."""

from __future__ import annotations

import io
import zipfile

import pytest

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
