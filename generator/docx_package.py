"""Reading a .docx from outside safely: size and zip-bomb limits, unsafe names, encrypted files, safe XML.

A .docx is a zip of XML parts. Drafts to compare and templates sent by other offices
are read with limits, so that a huge file or a zip bomb is refused with a message
instead of filling memory, an entry named "../x" or "/x" is never copied anywhere, and
XML is parsed without entity expansion or network access. Used by diff and by the
template loader alike.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from generator.errors import InputError, Problem
from generator.records import Fields

MAX_FILE_BYTES = 50 * 1024 * 1024        # a ten-page draft is ~40 KB; 50 MB is far beyond any real one
MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # all parts together, unpacked
MAX_RATIO = 200                          # unpacked ÷ packed for one part: text compresses ~10×, bombs ~1000×
MAX_PARTS = 2000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx (and old .doc) are OLE containers
DOCUMENT_PART = "word/document.xml"
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class RefusedPackage(Exception):
    """A .docx that is not read, and why (a sentence for the user, naming what was not done)."""


class Package(Fields):
    """The parts of a .docx, by name, and the parsed main document."""

    __slots__ = ("name", "parts", "document")
    name: str
    parts: dict[str, bytes]
    document: etree._Element

    def __init__(self, name: str, parts: dict[str, bytes], document: etree._Element) -> None:
        self.name = name
        self.parts = parts
        self.document = document


def unsafe_name(name: str) -> bool:
    """Return True for an entry name that points outside the package (absolute, a drive, or "..").

    >>> [unsafe_name(n) for n in ("word/document.xml", "../evil", "/etc/x", "C:/x", "word\\\\..\\\\x")]
    [False, True, True, True, True]
    """
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def read_limited(path: Path, purpose: str) -> bytes:
    """Return a file's bytes, refusing one larger than MAX_FILE_BYTES before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise RefusedPackage(f"文件有 {size // (1024 * 1024)} MB，远超一份预算说明的大小，没有{purpose}。请确认选对了文件。")
    with path.open("rb") as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def read_parts(data: bytes, purpose: str) -> dict[str, bytes]:
    """Return the parts of the .docx in *data* by name; raise RefusedPackage saying why not.

    *purpose* is what is not done when the file is refused ("比对", "使用").
    """
    if len(data) > MAX_FILE_BYTES:
        raise RefusedPackage(f"文件有 {len(data) // (1024 * 1024)} MB，远超一份预算说明的大小，没有{purpose}。请确认选对了文件。")
    if data.startswith(OLE_SIGNATURE):
        raise RefusedPackage(f"文件已加密（或是旧版 .doc 格式）。请在 Word/WPS 中取消密码、另存为 .docx 后再{purpose}。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RefusedPackage("不是可用的 Word 文档（.docx）。请用 Word 或 WPS 打开后另存为 .docx。") from None
    members = archive.infolist()
    if len(members) > MAX_PARTS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES or any(
        m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1024 * 1024 for m in members
    ):
        raise RefusedPackage(f"文件解压后异常巨大（疑为压缩炸弹），没有{purpose}。")
    for member in members:
        if unsafe_name(member.filename):
            raise RefusedPackage(f"压缩包里有指向文件夹之外的条目“{member.filename[:80]}”（疑为恶意文件），没有{purpose}。"
                                 "请用 Word 或 WPS 打开后另存为 .docx。")
    if DOCUMENT_PART not in archive.namelist():
        raise RefusedPackage("压缩包里没有 Word 正文（word/document.xml），不是有效的 .docx。")
    parts = {}
    for member in members:
        # read() trusts the header's size no further than the limits checked above
        try:
            with archive.open(member) as stream:
                parts[member.filename] = stream.read(member.file_size + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
            raise RefusedPackage(f"压缩包已损坏（{exc}），没有{purpose}。请用 Word 打开修复后另存。") from None
        if len(parts[member.filename]) > member.file_size:
            raise RefusedPackage(f"文件内部大小与声明不符（疑为压缩炸弹），没有{purpose}。")
    return parts


def parse_part(data: bytes, purpose: str, name: str = DOCUMENT_PART) -> etree._Element:
    """Return an XML part parsed without entities, DTDs or network; raise RefusedPackage when it is broken.

    Word never writes a DTD: a part declaring entities is refused outright (billion laughs), before
    any other reader (python-docx's) could expand them.
    """
    part = "Word 正文" if name == DOCUMENT_PART else f"Word 文件中的 {name} "
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise RefusedPackage(f"{part}含有 DTD 或实体声明（Word 从不这样写，疑为恶意或已损坏的文件），没有{purpose}。")
    try:
        return etree.fromstring(data, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        where = f"，第{exc.lineno}行" if exc.lineno else ""
        raise RefusedPackage(f"{part}已损坏（XML 格式错误{where}），没有{purpose}。请用 Word 打开修复后另存。") from None


def check_xml_parts(parts: dict[str, bytes], purpose: str) -> None:
    """Raise RefusedPackage when any XML part of a package is broken or declares entities."""
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            parse_part(data, purpose, name)


def open_package(name: str, data: bytes, purpose: str = "比对") -> Package:
    """Return the package in *data* (the bytes of file *name*), or raise InputError saying why not."""
    try:
        parts = read_parts(data, purpose)
        return Package(name, parts, parse_part(parts[DOCUMENT_PART], purpose))
    except RefusedPackage as exc:
        raise InputError([Problem(name, None, "", str(exc))]) from None
