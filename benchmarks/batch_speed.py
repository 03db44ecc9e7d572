"""Print drafts per second for our batch and for a naive loop, side by side, and the batch's peak memory.

Target (issue 6): ours at least 5× the naive loop on this 2-core machine, and peak memory
that does not grow with N. The units are N copies of the office's 2023 input, each under
its own name. The naive loop is given its contexts ready-made and only loads the template,
renders and saves per unit, in one process; ours also reads, checks, self-checks, seals,
hashes and records every unit.
Run: make bench   (or .venv/bin/python benchmarks/batch_speed.py [N])
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023" / "区政府办公室.yaml"

MEASURE_BATCH = """
import json, resource, sys, time
from pathlib import Path
from generator.batch import run_batch
from generator.drafting import DEFAULT_TEMPLATE
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
start = time.perf_counter()
report = run_batch(folder, out, DEFAULT_TEMPLATE, jobs=int(sys.argv[3]), timeout=120)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "ok": report.all_succeeded, "units": len(report.entries),
                  "parent_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

MEASURE_NAIVE = """
import io, json, sys, time
from pathlib import Path
from docxtpl import DocxTemplate
from generator import drafting, sources
from generator.context import build_context
paths = sorted(Path(sys.argv[1]).glob("*.yaml"))
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
book = drafting.phrase_book()
contexts = [build_context(sources.load_budget(p).budget, book) for p in paths]  # not timed
start = time.perf_counter()
for path, context in zip(paths, contexts):
    template = DocxTemplate(drafting.DEFAULT_TEMPLATE)
    template.render(context, autoescape=True)
    template.save(out / (path.stem + ".docx"))
print(json.dumps({"seconds": time.perf_counter() - start, "units": len(paths)}))
"""


def make_units(folder: Path, count: int) -> None:
    """Write *count* copies of the example input, each a unit of its own name."""
    folder.mkdir(parents=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    for number in range(count):
        name = f"测试单位{number:04d}"
        (folder / f"{name}.yaml").write_text(text.replace("  名称: 区政府办公室", f"  名称: {name}", 1), encoding="utf-8")


def measure(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        folders = {n: root / f"inputs{n}" / "2023" for n in sorted({100, count})}
        for n, folder in folders.items():
            make_units(folder, n)
        ours = {n: measure(MEASURE_BATCH, str(f), str(root / f"ours{n}"), "2") for n, f in folders.items()}
        naive = measure(MEASURE_NAIVE, str(folders[count]), str(root / "naive"))
    big = ours[count]
    assert big["ok"] and big["units"] == count, big
    ours_rate, naive_rate = count / big["seconds"], count / naive["seconds"]
    print(f"N = {count} units, 2 worker processes for ours, one process for the naive loop")
    print(f"{'':28}{'seconds':>10}{'drafts/s':>12}")
    print(f"{'ours (python -m generator batch)':28}{big['seconds']:>10.1f}{ours_rate:>12.1f}")
    print(f"{'naive docxtpl loop':28}{naive['seconds']:>10.1f}{naive_rate:>12.1f}")
    ratio = ours_rate / naive_rate
    print(f"ratio: {ratio:.1f}× (target ≥ 5×) → {'met' if ratio >= 5 else 'NOT met'}")
    for n in sorted(ours):
        print(f"peak RSS at N = {n:>5}: parent {ours[n]['parent_kb'] / 1024:.0f} MB, "
              f"largest worker {ours[n]['worker_kb'] / 1024:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
