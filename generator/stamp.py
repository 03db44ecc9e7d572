"""A draft's own seal: the sha256 of its main part, kept in a custom document property.

A draft still carrying a matching seal has not been changed since this tool wrote it
(Word rewrites the main part on every save), whoever ran the tool and wherever the
draft now is — so the batch may replace it even without a manifest entry for it.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import sys
import time
import zipfile
import zlib

from generator.records import Record

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
    sealed[CUSTOM_PART] = seal_part(parts["word/document.xml"])
    return sealed


def seal_part(document_xml: bytes) -> bytes:
    """Return the custom properties part that seals a package whose main part is *document_xml*."""
    return CUSTOM_XML.format(digest=hashlib.sha256(document_xml).hexdigest()).encode("utf-8")


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """Return the .docx made of *parts* (fast compression: drafts are small and written often)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


class ZipBase(Record):
    """A package's parts written once by zip_parts: their entries, and the central directory naming them."""

    __slots__ = ("entries", "directory", "count")
    entries: bytes
    directory: bytes
    count: int

    def __init__(self, entries: bytes, directory: bytes, count: int) -> None:
        set_field = object.__setattr__
        set_field(self, "entries", entries)
        set_field(self, "directory", directory)
        set_field(self, "count", count)


# The zip records as zipfile writes them (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16).
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
ZIP_VERSION = 20                                   # deflate
MADE_ON = 0 if sys.platform == "win32" else 3      # MS-DOS or Unix, as zipfile says
FILE_MODE = 0o600 << 16                            # zipfile's writestr gives a part named by text this mode


def zip_base(parts: dict[str, bytes]) -> ZipBase:
    """Return *parts* compressed once, for zip_onto to copy into each draft."""
    data = zip_parts(parts)
    _, _, _, count, _, size, offset, _ = END_RECORD.unpack_from(data, len(data) - END_RECORD.size)
    return ZipBase(data[:offset], data[offset:offset + size], count)


def zip_onto(base: ZipBase, parts: dict[str, bytes]) -> bytes:
    """Return the .docx of *base*'s parts with *parts* added after them, as zipfile would append them.

    A batch renders only the main part and the file properties anew: the template's other parts
    are compressed once into *base* and copied as they are for every draft. Writing the few zip
    records here costs a fifth of what zipfile spends re-reading *base* and writing them
    (tests/test_render.py holds the bytes to zipfile's own).
    """
    year, month, day, hour, minute, second = time.localtime(time.time())[:6]
    dos_time, dos_date = hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
    out, directory, offset = [base.entries], [base.directory], len(base.entries)
    for name, data in parts.items():
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800  # the name is UTF-8
        packed = zlib.compress(data, 1, wbits=-15)  # raw deflate, level 1 (zip_parts' compresslevel)
        crc = zlib.crc32(data)
        out += [LOCAL_HEADER.pack(b"PK\x03\x04", ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED, dos_time, dos_date,
                                  crc, len(packed), len(data), len(encoded), 0), encoded, packed]
        directory += [CENTRAL_HEADER.pack(b"PK\x01\x02", ZIP_VERSION, MADE_ON, ZIP_VERSION, 0, flags, zipfile.ZIP_DEFLATED,
                                          dos_time, dos_date, crc, len(packed), len(data), len(encoded), 0, 0, 0, 0,
                                          FILE_MODE, offset), encoded]
        offset += LOCAL_HEADER.size + len(encoded) + len(packed)
    listing = b"".join(directory)
    count = base.count + len(parts)
    return b"".join(out) + listing + END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(listing), offset, 0)


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
