"""Print the wall time of drafting the example as a cold process, next to a bare docxtpl script.

Target (issue 2): ours within 1.5× of the bare script, which loads the same template,
renders the same context and saves, with none of our loading, checking or wording.
Run: make bench   (or .venv/bin/python benchmarks/draft_speed.py [runs])
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023" / "区政府办公室.yaml"
TEMPLATE = ROOT / "generator" / "templates" / "部门预算情况说明.docx"

BARE_SCRIPT = """
import json, sys
from docxtpl import DocxTemplate
context = json.load(open(sys.argv[1], encoding="utf-8"))
template = DocxTemplate(sys.argv[2])
template.render(context)
template.save(sys.argv[3])
"""


def timed(command: list[str]) -> float:
    """Return the wall time in seconds of one run of *command*, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main(runs: int = 15) -> None:
    sys.path.insert(0, str(ROOT))
    from generator import drafting, sources
    from generator.context import build_context

    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        context_file = work_dir / "context.json"
        context = build_context(sources.load_budget(EXAMPLE).budget, drafting.phrase_book())
        context_file.write_text(json.dumps(context, ensure_ascii=False), encoding="utf-8")
        bare_file = work_dir / "bare.py"
        bare_file.write_text(BARE_SCRIPT, encoding="utf-8")

        ours = [sys.executable, "-m", "generator", "draft", str(EXAMPLE), "-o", str(work_dir / "ours.docx")]
        bare = [sys.executable, str(bare_file), str(context_file), str(TEMPLATE), str(work_dir / "bare.docx")]
        timed(ours), timed(bare)  # warm the disk cache and .pyc files for both
        ours_s, bare_s = [], []
        for _ in range(runs):  # interleaved, so drift in machine load hits both alike
            ours_s.append(timed(ours))
            bare_s.append(timed(bare))

    ours_median, bare_median = statistics.median(ours_s), statistics.median(bare_s)
    print(f"runs each: {runs} (cold processes, interleaved)")
    print(f"{'':24}{'median':>10}{'min':>10}{'max':>10}")
    for name, samples in (("ours (python -m generator)", ours_s), ("bare docxtpl script", bare_s)):
        print(f"{name:24}{statistics.median(samples) * 1000:>8.0f}ms{min(samples) * 1000:>8.0f}ms{max(samples) * 1000:>8.0f}ms")
    ratio = ours_median / bare_median
    print(f"ratio ours / bare: {ratio:.2f}× (target ≤ 1.50×) → {'met' if ratio <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
