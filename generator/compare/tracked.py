"""NEW as a .docx with Word tracked changes (w:ins / w:del) against OLD, author 比对, dated when compared.

Accepting every change gives NEW's text; rejecting every change gives OLD's. Changed
paragraphs are rewritten as runs of kept, deleted and inserted text in the paragraph's
first run's formatting; paragraphs only in OLD come back as deleted paragraphs, placed
before the NEW paragraph that follows them.
"""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import datetime, timezone
from itertools import count

from lxml import etree

from generator.compare import Comparison
from generator.compare.blocks import W, paragraph_text
from generator.docx_package import DOCUMENT_PART, SAFE_XML

AUTHOR = "比对"


def revision_date(when: datetime | None = None) -> str:
    """Return a revision date as Word writes it (UTC, to the second); *when* defaults to now.

    >>> revision_date(datetime(2024, 3, 5, 9, 30, 15, tzinfo=timezone.utc))
    '2024-03-05T09:30:15Z'
    """
    moment = (when or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def q(tag: str) -> str:
    return f"{W}{tag}"


class TrackedWriter:
    """Writes the tracked changes of one comparison into a copy of NEW's document part."""

    def __init__(self, date: str) -> None:
        self.ids = count(1)
        self.date = date

    def mark(self, tag: str) -> etree._Element:
        """Return an empty w:ins or w:del with author, date and a fresh id."""
        element = etree.Element(q(tag))
        element.set(q("id"), str(next(self.ids)))
        element.set(q("author"), AUTHOR)
        element.set(q("date"), self.date)
        return element

    def run(self, text: str, run_properties, deleted: bool) -> etree._Element:
        """Return a w:r holding *text* (line breaks and tabs as Word writes them)."""
        run = etree.Element(q("r"))
        if run_properties is not None:
            run.append(copy.deepcopy(run_properties))
        text_tag = q("delText") if deleted else q("t")
        for index, line in enumerate(text.split("\n")):
            if index:
                run.append(etree.Element(q("br")))
            for part_index, part in enumerate(line.split("\t")):
                if part_index:
                    run.append(etree.Element(q("tab")))
                if part:
                    node = etree.SubElement(run, text_tag)
                    node.text = part
                    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return run

    def segment(self, op: str, text: str, run_properties) -> etree._Element:
        """Return the element for one segment: a plain run, or a run inside w:ins / w:del."""
        if op == "equal":
            return self.run(text, run_properties, deleted=False)
        wrapper = self.mark("del" if op == "delete" else "ins")
        wrapper.append(self.run(text, run_properties, deleted=op == "delete"))
        return wrapper

    def mark_paragraph(self, paragraph: etree._Element, tag: str) -> None:
        """Mark the paragraph's own mark as inserted or deleted (so accepting/rejecting removes the paragraph)."""
        properties = paragraph.find(q("pPr"))
        if properties is None:
            properties = etree.Element(q("pPr"))
            paragraph.insert(0, properties)
        run_properties = properties.find(q("rPr"))
        if run_properties is None:
            run_properties = etree.SubElement(properties, q("rPr"))
        run_properties.append(self.mark(tag))

    def rewrite(self, paragraph: etree._Element, segments, deleted_paragraph: bool = False) -> None:
        """Replace a paragraph's content by the given segments, keeping its first run's formatting."""
        first_run = paragraph.find(f".//{q('r')}")
        run_properties = first_run.find(q("rPr")) if first_run is not None else None
        run_properties = copy.deepcopy(run_properties) if run_properties is not None else None
        for child in list(paragraph):
            if child.tag != q("pPr"):
                paragraph.remove(child)
        for segment in segments:
            paragraph.append(self.segment(segment.op, segment.text, run_properties))
        if deleted_paragraph:
            self.mark_paragraph(paragraph, "del")


def tracked_docx(comparison: Comparison, when: datetime | None = None) -> bytes:
    """Return NEW's .docx with OLD's differences as tracked changes, dated *when* (default: now; tests pass a time)."""
    document = copy.deepcopy(comparison.new.document)
    # Map NEW's blocks onto the copy: same paragraphs, same order.
    originals = list(comparison.new.document.iter(q("p")))
    copies = list(document.iter(q("p")))
    twin = {id(o): c for o, c in zip(originals, copies)}
    writer = TrackedWriter(revision_date(when))
    pending_removed = []
    body = document.find(q("body"))
    for change in comparison.changes:
        if change.op == "removed":
            pending_removed.append(change)
            continue
        target = twin[id(change.new.element)]
        for removed in pending_removed:
            target.addprevious(removed_paragraph(writer, removed))
        pending_removed = []
        if change.op == "changed":
            writer.rewrite(target, change.segments)
        elif change.op == "added":
            writer.rewrite(target, change.segments)
            writer.mark_paragraph(target, "ins")
    section_properties = body.find(q("sectPr"))
    for removed in pending_removed:
        paragraph = removed_paragraph(writer, removed)
        if section_properties is not None:
            section_properties.addprevious(paragraph)
        else:
            body.append(paragraph)
    return repack(comparison.new.parts, etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True))


def removed_paragraph(writer: TrackedWriter, change) -> etree._Element:
    """Return OLD's paragraph, all of it deleted, paragraph mark included."""
    paragraph = copy.deepcopy(change.old.element)
    writer.rewrite(paragraph, change.segments, deleted_paragraph=True)
    return paragraph


def repack(parts: dict[str, bytes], document_xml: bytes) -> bytes:
    """Return a .docx with every part as it was but the main document replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, document_xml if name == DOCUMENT_PART else data)
    return buffer.getvalue()


def resolved_paragraphs(docx: bytes, accept: bool) -> list[str]:
    """Return the non-empty paragraph texts after accepting (or rejecting) every tracked change.

    Accepting drops w:del and keeps w:ins; rejecting does the opposite and turns deleted text
    back into text. A paragraph whose mark goes away joins the paragraph after it.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = etree.fromstring(archive.read(DOCUMENT_PART), SAFE_XML)
    drop, keep = ("del", "ins") if accept else ("ins", "del")
    texts: list[str] = []
    carried = ""
    for paragraph in document.iter(q("p")):
        properties = paragraph.find(q("pPr"))
        mark = properties.find(q("rPr")) if properties is not None else None
        mark_gone = mark is not None and mark.find(q(drop)) is not None
        for wrapper in paragraph.findall(f".//{q(drop)}"):
            if wrapper.getparent().tag != q("rPr"):
                wrapper.getparent().remove(wrapper)
        for deleted_text in paragraph.iter(q("delText")):
            deleted_text.tag = q("t")  # rejecting: deleted text is text again
        text = carried + paragraph_text(paragraph)
        if mark_gone:
            carried = text
            continue
        carried = ""
        if text.strip():
            texts.append(text)
    return texts
