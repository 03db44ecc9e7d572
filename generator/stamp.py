"""A draft's own seal: the sha256 of its main part, kept in a custom document property.

A draft still carrying a matching seal has not been changed since this tool wrote it
(Word rewrites the main part on every save), whoever ran the tool and wherever the
draft now is — so the batch may replace it even without a manifest entry for it.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

PROPERTY = "budget-explainer-sha256"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="' + PROPERTY + '">'
    "<vt:lpwstr>{digest}</vt:lpwstr></property></Properties>"
)
CONTENT_TYPE = ('<Override PartName="/docProps/custom.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>')
RELATIONSHIP = ('<Relationship Id="rIdBudgetSeal" Target="docProps/custom.xml" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"/>')
SEAL = re.compile(r'name="' + PROPERTY + r'"><vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>')


def seal_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Return a package's parts with the seal added; a package with its own custom properties is left as it is."""
    if CUSTOM_PART in parts:
        return parts
    sealed = dict(parts)
    sealed["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", CONTENT_TYPE.encode() + b"</Types>")
    sealed["_rels/.rels"] = parts["_rels/.rels"].replace(b"</Relationships>", RELATIONSHIP.encode() + b"</Relationships>")
    digest = hashlib.sha256(parts["word/document.xml"]).hexdigest()
    sealed[CUSTOM_PART] = CUSTOM_XML.format(digest=digest).encode("utf-8")
    return sealed


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """Return the .docx made of *parts* (fast compression: drafts are small and written often)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def zip_onto(base: bytes, parts: dict[str, bytes]) -> bytes:
    """Return the .docx *base* (made by zip_parts) with *parts* added after its own.

    A batch renders only the main part and the file properties anew: the template's other
    parts are compressed once into *base* and copied as they are for every draft.
    """
    buffer = io.BytesIO(base)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def seal(docx: bytes) -> bytes:
    """Return the draft with its seal added (unchanged when already sealed or carrying its own properties)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        if CUSTOM_PART in source.namelist():
            return docx
        return zip_parts(seal_parts({name: source.read(name) for name in source.namelist()}))


def is_untouched(docx: bytes) -> bool:
    """Return True when the draft carries a seal that still matches its main part."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            found = SEAL.search(package.read(CUSTOM_PART).decode("utf-8"))
            return bool(found) and found.group(1) == hashlib.sha256(package.read("word/document.xml")).hexdigest()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return False
