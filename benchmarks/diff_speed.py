"""Print how long a diff of two ten-page drafts takes: comparison, HTML page and tracked .docx.

Target (issue 5): well under a second. The drafts are the office's 2022 and 2023 drafts
(8 pages each) with their duties repeated to make ten-page documents.
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


def main(runs: int = 10) -> None:
    sys.path.insert(0, str(ROOT))
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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
