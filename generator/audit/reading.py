"""Reading any 部门预算情况说明 as numbered paragraphs: .docx (any origin), .pdf (text layer) or .txt.

Paragraphs are numbered as a reader counts them: the non-empty ones, from 1, table
cells included for .docx. A PDF's text layer is read with poppler's `pdftotext -layout`
(the one reader that keeps Chinese text in reading order without guessing fonts),
and its wrapped lines are joined back into paragraphs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.compare.blocks import read_blocks
from generator.docx_package import open_package
from generator.errors import InputError, Problem
from generator.files import read_bytes

MAX_TEXT_BYTES = 20 * 1024 * 1024  # a published 说明 is ~30 KB of text
PDF_TIMEOUT_S = 60
PAGE_NUMBER = re.compile(r"^\s*[-—–－]*\s*\d+\s*[-—–－]*\s*$")
# A PDF line starts a new paragraph after one that ends a sentence or is a heading.
HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
SENTENCE_END = ("。", "：", "；", "！", "？")
# pdftotext sets digits apart from Chinese text, and spreads justified lines, with spaces the document does not have.
CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f\s])|(?<=[^\x00-\x7f]) (?=[\x21-\x7e])|(?<=[\x21-\x7e]) (?=[^\x00-\x7f])")


@dataclass(frozen=True)
class Document:
    """A document read for auditing: its name, kind (docx/pdf/txt) and non-empty paragraphs."""

    name: str
    kind: str
    paragraphs: list[str]


def refuse(path: Path, message: str) -> InputError:
    """Return the error for a file that cannot be audited."""
    return InputError([Problem(str(path), None, "", message)])


def read_document(path: Path) -> Document:
    """Return the paragraphs of *path*; raise InputError naming the file and what to do."""
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pdf", ".txt"):
        raise refuse(path, "只能审核 .docx、.pdf（带文字层）或 .txt 文件。旧版 .doc 请在 Word/WPS 中另存为 .docx。")
    data = read_bytes(path, " .docx、.pdf 或 .txt 文件")
    if suffix == ".docx":
        blocks = read_blocks(open_package(str(path), data).document)
        document = Document(str(path), "docx", [b.text.strip() for b in blocks if b.text.strip()])
    elif suffix == ".txt":
        document = Document(str(path), "txt", text_paragraphs(path, data))
    else:
        document = Document(str(path), "pdf", pdf_paragraphs(path))
    if not document.paragraphs:
        raise refuse(path, "文件里没有文字，没有可审核的内容。请确认选对了文件。")
    return document


def text_paragraphs(path: Path, data: bytes) -> list[str]:
    """Return the non-empty lines of a text file in UTF-8 (with or without BOM) or GB18030."""
    if len(data) > MAX_TEXT_BYTES:
        raise refuse(path, "文件过大，不像一份预算说明。请确认选对了文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise refuse(path, "既不是 UTF-8 也不是 GB18030（GBK）编码的文字。请在记事本中“另存为”UTF-8 后再审核。")
    return [line.strip() for line in text.splitlines() if line.strip()]


def pdf_paragraphs(path: Path) -> list[str]:
    """Return the paragraphs of a PDF's text layer, wrapped lines joined and page numbers dropped."""
    if shutil.which("pdftotext") is None:
        raise refuse(path, "审核 PDF 需要 poppler 的 pdftotext（Debian/Ubuntu：apt install poppler-utils）。"
                           "也可以审核原始的 .docx，或把文字另存为 .txt 后审核。")
    try:
        done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, timeout=PDF_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise refuse(path, f"读取 PDF 超过 {PDF_TIMEOUT_S} 秒，没有审核。请确认文件完好。") from None
    if done.returncode != 0:
        raise refuse(path, "无法读取这个 PDF（已损坏或加密）。请审核原始的 .docx。")
    text = done.stdout.decode("utf-8", errors="replace")
    paragraphs = join_lines(text.replace("\f", "\n").splitlines())
    if not paragraphs:
        raise refuse(path, "PDF 没有文字层（可能是扫描件），无法审核。请审核原始的 .docx 或文字版。")
    return paragraphs


def display_width(text: str) -> int:
    """Return the columns *text* takes on the page (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_lines(lines: list[str]) -> list[str]:
    """Return layout lines joined into paragraphs, with the spaces pdftotext puts around digits removed.

    A line starts a new paragraph when it is indented more than the body (a first-line indent),
    when the line above stopped short of the right margin, or when it opens with a heading
    number after a sentence ended.

    >>> join_lines(["  区政府办公室 2023 年收入总计 1909.62 万元，支出总", "计 1909.62 万元。", "—1—", "  二、收入"])
    ['区政府办公室2023年收入总计1909.62万元，支出总计1909.62万元。', '二、收入']
    """
    body = [line.rstrip() for line in lines if line.strip() and not PAGE_NUMBER.match(line)]
    margin = min((len(line) - len(line.lstrip()) for line in body), default=0)
    # The body's full line width: most lines fill it; the widest are spread-out (justified) lines.
    widths = sorted(display_width(re.sub(r"\s{2,}", " ", line.strip())) for line in body)
    full = widths[len(widths) * 3 // 4] if widths else 0
    paragraphs: list[str] = []
    previous = ""
    for line in body:
        text = re.sub(r"\s{2,}", " ", line.strip())
        indented = len(line) - len(line.lstrip()) > margin + 1
        short = display_width(re.sub(r"\s{2,}", " ", previous.strip())) < full * 0.8
        heading = HEADING.match(text) and previous.endswith(SENTENCE_END)
        if paragraphs and not (indented or short or heading):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        previous = line
    return [CJK_SPACE.sub("", p) for p in paragraphs]
