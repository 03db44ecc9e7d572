"""Print how long a diff of two ten-page drafts takes: comparison, HTML page and tracked .docx.

Target (issue 5): well under a second. The drafts are the office's 2022 and 2023 drafts
(8 pages each) with their duties repeated to make ten-page documents.

Then growth (issue 10, item 5), one run each: one paragraph of 10,000 and of 20,000 characters
with one word changed, and two drafts of 10,000 paragraphs (each numbered, so they differ only
in figures when the numbers are masked) with 99 edits: 33 figures changed, 33 wordings changed,
33 paragraphs inserted. The change count must be exactly 99.
Run: make bench   (or .venv/bin/python benchmarks/diff_speed.py [runs])
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ten_pages(docx: bytes) -> bytes:
    """Return the draft with its duties written twice: about ten pages."""
    from docx import Document

    document = Document(io.BytesIO(docx))
    duties = [p for p in document.paragraphs if p.text.startswith("（") and p.text.endswith("。")][:19]
    for paragraph in duties:
        paragraph._p.addnext(__import__("copy").deepcopy(paragraph._p))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DUTIES = [line.strip() for line in (ROOT / "tests/golden/expected-2023-区政府办公室.txt").read_text(encoding="utf-8")
          .splitlines() if line.startswith("（") and line.strip().endswith("。")][:19]


def long_paragraph(chars: int) -> tuple[bytes, bytes]:
    """Return two one-paragraph drafts of *chars* characters (duties run together), one word changed midway."""
    text = ""
    while len(text) < chars:
        text += "".join(DUTIES)
    text = text[:chars]
    middle = chars // 2
    from long_drafts import docx_of

    return docx_of([text]), docx_of([text[:middle] + "数字人民币" + text[middle + 5:]])


def many_paragraphs(count: int = 10_000) -> tuple[bytes, bytes, int]:
    """Return two drafts of *count* numbered paragraphs with 99 edits, and the number of edits."""
    from long_drafts import docx_of, numbered_with_edits

    old, new, edits = numbered_with_edits(DUTIES, count)
    return docx_of(old), docx_of(new), edits


def growth() -> None:
    """Print the time of the long paragraph and the many-paragraph diffs (one run each)."""
    from generator.compare import compare

    for chars in (10_000, 20_000):
        old, new = long_paragraph(chars)
        start = time.perf_counter()
        comparison = compare("old", old, "new", new)
        print(f"one paragraph of {chars:,} characters, one word changed: {time.perf_counter() - start:8.2f} s, "
              f"{len(comparison.edits)} change(s)")
    old, new, edits = many_paragraphs()
    start = time.perf_counter()
    comparison = compare("old", old, "new", new)
    print(f"two drafts of 10,000 paragraphs, {edits} edits:          {time.perf_counter() - start:8.2f} s, "
          f"{len(comparison.edits)} change(s) reported")


def main(runs: int = 10) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from generator import drafting
    from generator.compare import compare
    from generator.compare.html import render_html
    from generator.compare.report import summary_lines
    from generator.compare.tracked import tracked_docx

    with tempfile.TemporaryDirectory() as work:
        old = ten_pages(drafting.draft(ROOT / "inputs/2022/区政府办公室.yaml", Path(work) / "a.docx").out_path.read_bytes())
        new = ten_pages(drafting.draft(ROOT / "inputs/2023/区政府办公室.yaml", Path(work) / "b.docx").out_path.read_bytes())
    timings = {"compare": [], "summary + HTML": [], "tracked .docx": [], "all three": []}
    for _ in range(runs):
        start = time.perf_counter()
        comparison = compare("2022", old, "2023", new, ignore_year_shift=True)
        compared = time.perf_counter()
        summary_lines(comparison), render_html(comparison)
        reported = time.perf_counter()
        tracked_docx(compare("2022", old, "2023", new))
        done = time.perf_counter()
        timings["compare"].append(compared - start)
        timings["summary + HTML"].append(reported - compared)
        timings["tracked .docx"].append(done - reported)
        timings["all three"].append(done - start)
    paragraphs = len(comparison.new_blocks)
    print(f"two drafts of {paragraphs} paragraphs each (about ten pages), {runs} runs, in-process")
    for name, samples in timings.items():
        print(f"{name:16}{statistics.median(samples) * 1000:>8.1f} ms median{max(samples) * 1000:>8.1f} ms max")
    total = statistics.median(timings["all three"])
    print(f"target: well under 1 s → {'met' if total < 0.5 else 'NOT met'} ({total * 1000:.0f} ms)")
    growth()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
