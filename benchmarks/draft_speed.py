"""Print the CPU and wall time of drafting the example as a cold process, next to a bare docxtpl script.

Target (issue 15): ours at most 1.0× the bare script in median CPU time. The bare script loads
the same template, renders the same context and saves, with none of our loading, checking,
wording or self-checking. Both run as an installed program does: with Python's cached bytecode
(.pyc), which pip writes for docxtpl at install time and the warm-up run writes for ours (the
children run without PYTHONDONTWRITEBYTECODE, which would make every run of ours compile
its sources again while docxtpl's stay compiled). CPU time (user + system of the child, from getrusage) is the figure
that matters on a shared machine: wall time also counts the time other people's processes held
the cores, so it is printed with the load average beside it.
Run: make bench   (or .venv/bin/python benchmarks/draft_speed.py [runs])
"""

from __future__ import annotations

import json
import os
import resource
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


def children_cpu() -> float:
    """Return the CPU seconds (user + system) used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CHILD_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """Return the CPU and wall seconds of one run of *command*, which must succeed."""
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=CHILD_ENVIRONMENT)
    return children_cpu() - cpu, time.perf_counter() - start


def row(name: str, samples: list[float]) -> str:
    """Return one line of the table: median, min and max in milliseconds."""
    return f"{name:30}{statistics.median(samples) * 1000:>8.0f}ms{min(samples) * 1000:>8.0f}ms{max(samples) * 1000:>8.0f}ms"


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

        ours = [sys.executable, "-m", "generator", "draft", str(EXAMPLE), "-o", str(work_dir / "ours.docx"), "--force"]
        bare = [sys.executable, str(bare_file), str(context_file), str(TEMPLATE), str(work_dir / "bare.docx")]
        timed(ours), timed(bare)  # warm the disk cache and write the .pyc files of both
        load_before = os.getloadavg()[0]
        samples: dict[str, list[tuple[float, float]]] = {"ours": [], "bare": []}
        for _ in range(runs):  # interleaved, so drift in machine load hits both alike
            samples["ours"].append(timed(ours))
            samples["bare"].append(timed(bare))
        load_after = os.getloadavg()[0]

    print(f"runs each: {runs} (cold processes, interleaved); load average {load_before:.2f} before, {load_after:.2f} after")
    print(f"{'':30}{'median':>10}{'min':>10}{'max':>10}")
    medians = {}
    for kind, index in (("CPU", 0), ("wall", 1)):
        for name, label in (("ours", "ours (python -m generator)"), ("bare", "bare docxtpl script")):
            values = [sample[index] for sample in samples[name]]
            medians[kind, name] = statistics.median(values)
            print(row(f"{kind:5}{label}", values))
    cpu_ratio = medians["CPU", "ours"] / medians["CPU", "bare"]
    wall_ratio = medians["wall", "ours"] / medians["wall", "bare"]
    print(f"ratio ours / bare: CPU {cpu_ratio:.2f}× (target ≤ 1.00×) → {'met' if cpu_ratio <= 1.0 else 'NOT met'}; "
          f"wall {wall_ratio:.2f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
