"""Print drafts per second for our batch and for a naive loop, side by side, where each unit's time goes, and peak memory.

Target (issue 15): ours at least 4× the naive loop per core — each of our worker processes
against the naive loop's one process, in the same run (the loop runs before and after ours and
the two are averaged), so the figure does not depend on how busy the machine is — with peak memory flat and time linear from the smaller N to the larger. The units are N copies of the office's 2023 input, each under
its own name. The naive loop is given its contexts ready-made and only loads the template,
renders and saves per unit, in one process; ours also reads, checks, self-checks, seals,
hashes and records every unit.
Run: make bench   (or .venv/bin/python benchmarks/batch_speed.py [N])
"""

from __future__ import annotations

import json
import os
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
def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime
start, parent_cpu, workers_cpu = time.perf_counter(), cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
report = run_batch(folder, out, DEFAULT_TEMPLATE, jobs=int(sys.argv[3]), timeout=120)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "ok": report.all_succeeded, "units": len(report.entries),
                  "parent_cpu": cpu(resource.RUSAGE_SELF) - parent_cpu, "workers_cpu": cpu(resource.RUSAGE_CHILDREN) - workers_cpu,
                  "parent_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

# Where one unit's time goes: the worker's steps one by one, in one process, on the first units, in CPU time
# (comparable with the CPU per draft of the batch; the write's wait for the disk (fsync) is wall time, printed apart).
MEASURE_STAGES = """
import json, sys, tempfile, time
from pathlib import Path
from generator import drafting, sources
from generator.batch import entry_of
from generator.batch.jobs import SUCCEEDED, Job, Outcome, sha256_of_bytes
from generator.batch.ledger import Ledger, ManifestIndex
from generator.files import write_atomically
from generator.kinds import BUDGET_EXPLANATION
from generator.render import make_renderer, template_paragraphs
from generator.selfcheck import trace_numbers
from generator.stamp import seal_parts
paths = sorted(Path(sys.argv[1]).glob("*.yaml"))[:int(sys.argv[2])]
renderer = make_renderer(drafting.DEFAULT_TEMPLATE)
for path in paths[:5]:  # warm up (a worker's first unit imports the checks and wording): not a unit's own cost
    budget = sources.load_budget(path).budget
    drafting.check_budget(budget)
    renderer.render(BUDGET_EXPLANATION.build_context(budget, drafting.book_for(budget, renderer.path)))
parts = renderer._parts
spent = dict.fromkeys(["read+check", "render", "self-check", "seal+hash", "write", "manifest"], 0.0)
write_wall = 0.0
clock = time.process_time
with tempfile.TemporaryDirectory() as out:
    ledger = Ledger(Path(out), ManifestIndex(Path(out)), len(paths))
    for index, path in enumerate(paths):
        t0 = clock()
        budget = sources.load_budget(path).budget
        findings = drafting.check_budget(budget)
        t1 = clock()
        book = drafting.book_for(budget, renderer.path)
        data, paragraphs = renderer.render(BUDGET_EXPLANATION.build_context(budget, book))
        t2 = clock()
        findings += trace_numbers(paragraphs, budget, book, str(renderer.path), lambda: template_paragraphs(renderer.path))
        t3 = clock()
        seal_parts(parts)  # the seal is made inside render; timed again here on its own
        digest = sha256_of_bytes(data)
        t4 = clock()
        target = Path(out) / (path.stem + ".docx")
        wall = time.perf_counter()
        write_atomically(target, lambda s: s.write(data))
        write_wall += time.perf_counter() - wall
        t5 = clock()
        ledger.add(index, entry_of(Job(path.stem, path, target), Outcome(SUCCEEDED, findings, digest), "0" * 64))
        t6 = clock()
        for name, seconds in zip(spent, (t1 - t0, t2 - t1 - (t4 - t3), t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
            spent[name] += seconds
    ledger.close()
print(json.dumps({**{name: seconds / len(paths) for name, seconds in spent.items()}, "write_wall": write_wall / len(paths)}))
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
start, cpu = time.perf_counter(), time.process_time()
for path, context in zip(paths, contexts):
    template = DocxTemplate(drafting.DEFAULT_TEMPLATE)
    template.render(context, autoescape=True)
    template.save(out / (path.stem + ".docx"))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "units": len(paths)}))
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


def main(count: int = 1000, small: int = 100, jobs: int = 2) -> None:
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        folders = {n: root / f"inputs{n}" / "2023" for n in sorted({small, count})}
        for n, folder in folders.items():
            make_units(folder, n)
        load_before = os.getloadavg()[0]
        # The naive loop runs before and after ours and the two are averaged: a shared machine's speed drifts
        # over a minute, and a ratio of two figures taken at different moments would carry the drift.
        before = measure(MEASURE_NAIVE, str(folders[small]), str(root / "naive"))  # its rate does not depend on N
        ours = {n: measure(MEASURE_BATCH, str(f), str(root / f"ours{n}"), str(jobs)) for n, f in folders.items()}
        after = measure(MEASURE_NAIVE, str(folders[small]), str(root / "naive"))
        naive = {key: (before[key] + after[key]) / 2 for key in ("seconds", "cpu")}
        stages = measure(MEASURE_STAGES, str(folders[small]), str(min(small, 200)))
        load_after = os.getloadavg()[0]
    big = ours[count]
    assert big["ok"] and big["units"] == count, big
    ours_rate, naive_rate = count / big["seconds"], small / naive["seconds"]
    per_worker = ours_rate / jobs
    ours_cpu_ms = (big["workers_cpu"] + big["parent_cpu"]) * 1000 / count  # every process of ours, per unit
    naive_cpu_ms = naive["cpu"] * 1000 / small
    print(f"N = {count} units (and {small}), {jobs} worker processes for ours, one process for the naive loop "
          f"({small} units); load average {load_before:.2f} before, {load_after:.2f} after, {os.cpu_count()} cores")
    print(f"{'':36}{'seconds':>10}{'drafts/s':>12}{'wall ms':>10}{'CPU ms':>10}")
    print(f"{'ours (run_batch), all workers':36}{big['seconds']:>10.1f}{ours_rate:>12.1f}{1000 / ours_rate:>10.1f}{ours_cpu_ms:>10.1f}")
    print(f"{'ours, per worker process':36}{'':>10}{per_worker:>12.1f}{1000 / per_worker:>10.1f}")
    print(f"{'naive docxtpl loop (one process)':36}{naive['seconds']:>10.1f}{naive_rate:>12.1f}{1000 / naive_rate:>10.1f}{naive_cpu_ms:>10.1f}"
          f"   (run before and after ours: {before['cpu'] * 1000 / small:.1f} and {after['cpu'] * 1000 / small:.1f} ms CPU)")
    by_cpu, by_wall = naive_cpu_ms / ours_cpu_ms, per_worker / naive_rate
    print(f"per core: ours {by_cpu:.1f}× the naive loop by CPU per draft (parent's and workers' CPU together; target ≥ 4×) → "
          f"{'met' if by_cpu >= 4 else 'NOT met'}; by wall, per worker process {by_wall:.1f}×; all workers {ours_rate / naive_rate:.1f}×")
    print(f"  (of ours: workers {big['workers_cpu'] * 1000 / count:.1f} ms CPU per draft, parent {big['parent_cpu'] * 1000 / count:.1f} ms)")
    print(f"where one unit's time goes (CPU ms; the worker's steps timed one by one in one process on {min(small, 200)} units):")
    write_wall = stages.pop("write_wall")
    for name, seconds in stages.items():
        print(f"  {name:14}{seconds * 1000:>7.1f}" + (f"   (wall {write_wall * 1000:.1f}: the disk's fsync)" if name == "write" else ""))
    inside = sum(stages.values()) * 1000
    print(f"  {'inter-process':14}{ours_cpu_ms - inside:>7.1f}   (ours' CPU per draft, {ours_cpu_ms:.1f} ms, less the steps: "
          "the parent's planning, hashing and journal, hand-over and pickling)")
    small_rate = small / ours[small]["seconds"]
    small_cpu_ms = (ours[small]["workers_cpu"] + ours[small]["parent_cpu"]) * 1000 / small
    print(f"linearity: {ours[small]['seconds']:.1f} s for {small}, {big['seconds']:.1f} s for {count} "
          f"({small_rate:.1f} and {ours_rate:.1f} drafts/s; CPU per draft {small_cpu_ms:.1f} and {ours_cpu_ms:.1f} ms: "
          "CPU is the fair measure on a shared machine)")
    for n in sorted(ours):
        print(f"peak RSS at N = {n:>5}: parent {ours[n]['parent_kb'] / 1024:.0f} MB, "
              f"largest worker {ours[n]['worker_kb'] / 1024:.0f} MB")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:]]
    main(*arguments) if arguments else main()
