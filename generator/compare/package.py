"""Opening a .docx to compare it: size and zip-bomb limits, encrypted files, safe XML.

A draft is a zip of XML parts. Files from outside are read with limits so that a
huge file or a zip bomb is refused with a message instead of filling memory, and
XML is parsed without entity expansion or network access.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from generator.errors import InputError, Problem

MAX_FILE_BYTES = 50 * 1024 * 1024        # a ten-page draft is ~40 KB; 50 MB is far beyond any real one
MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # all parts together, unpacked
MAX_RATIO = 200                          # unpacked ÷ packed for one part: text compresses ~10×, bombs ~1000×
MAX_PARTS = 2000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx (and old .doc) are OLE containers
DOCUMENT_PART = "word/document.xml"
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class Package:
    """The parts of a .docx, by name, and the parsed main document."""

    name: str
    parts: dict[str, bytes]
    document: etree._Element


def refuse(name: str, message: str) -> InputError:
    """Return the error for a file that cannot be compared."""
    return InputError([Problem(name, None, "", message)])


def open_package(name: str, data: bytes) -> Package:
    """Return the package in *data* (the bytes of file *name*), or raise InputError saying why not."""
    if len(data) > MAX_FILE_BYTES:
        raise refuse(name, f"文件有 {len(data) // (1024 * 1024)} MB，远超一份预算说明的大小，没有比对。请确认选对了文件。")
    if data.startswith(OLE_SIGNATURE):
        raise refuse(name, "文件已加密（或是旧版 .doc 格式）。请在 Word/WPS 中取消密码、另存为 .docx 后再比对。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse(name, "不是 Word 文档（.docx）。请用 Word 或 WPS 打开后另存为 .docx。") from None
    members = archive.infolist()
    if len(members) > MAX_PARTS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES or any(
        m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1024 * 1024 for m in members
    ):
        raise refuse(name, "文件解压后异常巨大（疑为压缩炸弹），没有比对。")
    if DOCUMENT_PART not in archive.namelist():
        raise refuse(name, "压缩包里没有 Word 正文（word/document.xml），不是有效的 .docx。")
    parts = {}
    for member in members:
        # read() trusts the header's size no further than the limits checked above
        with archive.open(member) as stream:
            parts[member.filename] = stream.read(member.file_size + 1)
        if len(parts[member.filename]) > member.file_size:
            raise refuse(name, "文件内部大小与声明不符（疑为压缩炸弹），没有比对。")
    try:
        document = etree.fromstring(parts[DOCUMENT_PART], SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise refuse(name, f"Word 正文已损坏（{exc.msg}），请用 Word 打开修复后另存。") from None
    return Package(name, parts, document)
