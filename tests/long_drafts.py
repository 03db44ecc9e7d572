"""Drafts far longer than any office writes, built directly as minimal .docx (python-docx is slow at 10,000
paragraphs): the diff's growth test and benchmarks/diff_speed.py share them."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape


def docx_of(paragraphs: list[str]) -> bytes:
    """Return a minimal .docx holding *paragraphs*."""
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
           f'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml.encode("utf-8"))
    return buffer.getvalue()


def numbered_with_edits(duties: list[str], count: int = 10_000) -> tuple[list[str], list[str], int]:
    """Return *count* numbered paragraphs (cycling through *duties*), the same with 99 edits, and the edits' number.

    Every third edit changes a figure, every third adds words, every third inserts a paragraph: 66 changed, 33 added.
    """
    old = [f"第{i}项：{duties[i % len(duties)]}涉及资金{i % 97}.5万元。" for i in range(count)]
    new = list(old)
    edits = 0
    for n, i in enumerate(range(count - 50, 0, -101)[:99]):  # from the end, so an insertion keeps earlier indices
        if n % 3 == 0:
            new[i] = new[i].replace(f"涉及资金{i % 97}.5万元", f"涉及资金{i % 97 + 1}.5万元")
        elif n % 3 == 1:
            new[i] = new[i].replace("：", "：按照区委要求，", 1)
        else:
            new.insert(i, f"补充事项{i}：新增工作任务，按规定执行。")
        edits += 1
    return old, new, edits
