"""A department's units and its consolidated draft, many drafts at once: discover, decide, run, record.

inputs/2023/区政府办公室.yaml is a department when inputs/2023/区政府办公室/ holds its units'
files; every .yaml below the folder is drafted. Drafts go to the same relative place under
the output folder, next to manifest.json.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from generator.batch.jobs import SUCCEEDED, Job, Outcome
from generator.batch.manifest import Entry, file_sha256, read_manifest, sha256_of, write_manifest
from generator.batch.pool import run_pool
from generator.checks import ERROR, WARNING
from generator import drafting
from generator.sources.last_year import last_years_path
from generator.phrases import RULES_PATH
from generator.stamp import is_untouched

CURRENT, EDITED = "已是最新", "已手改，未覆盖"
SUCCESSFUL = (SUCCEEDED, CURRENT)


@dataclass
class BatchReport:
    """Every unit's entry, in input order, and where the manifest went."""

    entries: list[Entry]
    manifest: Path

    @property
    def all_succeeded(self) -> bool:
        """Return True when every unit has a current draft written by the tool."""
        return all(e.status in SUCCESSFUL for e in self.entries)


def discover(folder: Path, outdir: Path) -> list[Job]:
    """Return a job for every input below *folder*; a file with a same-named folder of units is a department."""
    jobs = []
    for path in sorted(p for p in folder.rglob("*.yaml") if p.is_file()):
        units_folder = path.with_suffix("")
        units = tuple(sorted(units_folder.glob("*.yaml"))) if units_folder.is_dir() else ()
        jobs.append(Job(path.stem, path, outdir / path.relative_to(folder).with_suffix(".docx"), units))
    return jobs


def year_of(path: Path) -> int | None:
    """Return the year named by one of the path's folders (inputs/2023/…), if any."""
    years = [int(part) for part in path.parts[:-1] if part.isdigit() and len(part) == 4]
    return years[-1] if years else None


def read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return b""


def input_hash(job: Job, program: bytes) -> str:
    """Return the hash of everything a job's draft depends on besides the template (*program*: version and rules)."""
    chunks = [program]
    for path in (job.input, *job.units):
        year = year_of(path)
        chunks += [str(path).encode(), read_or_empty(path)]
        chunks.append(read_or_empty(last_years_path(path, year)) if year else b"")
    return sha256_of(*chunks)


def program_version() -> str:
    try:
        return metadata.version("budget-explainer")
    except metadata.PackageNotFoundError:
        return "unknown"


def decide(job: Job, previous: Entry | None, template_hash: str, force: bool) -> str | None:
    """Return CURRENT or EDITED when the job must not run, None when it should.

    The manifest decides for the drafts it recorded: a different sha256 means a change by
    hand. A draft it does not know may be replaced only when its own seal shows it is an
    untouched draft of this tool (for instance one written by `draft`).
    """
    actual = file_sha256(job.output)
    if actual is None:
        return None
    if previous is None or not previous.output_sha256:
        return None if force or is_untouched(job.output.read_bytes()) else EDITED
    if previous.output_sha256 != actual:
        return None if force else EDITED
    unchanged = previous.input_hash == job.input_hash and previous.template_hash == template_hash
    return CURRENT if unchanged and previous.status in SUCCESSFUL and not force else None


def entry_of(job: Job, outcome: Outcome, template_hash: str) -> Entry:
    """Return the manifest entry of a job that ran."""
    return Entry(
        unit=job.name, input=str(job.input), status=outcome.status,
        errors=sum(f.severity == ERROR for f in outcome.findings),
        warnings=sum(f.severity == WARNING for f in outcome.findings),
        messages=[f"[{f.rule}] {f}" for f in outcome.findings],
        input_hash=job.input_hash, template_hash=template_hash, output=str(job.output),
        output_sha256=outcome.output_sha256,
    )


def run_batch(folder: Path, outdir: Path, template: Path, jobs: int, timeout: float, force: bool = False,
              progress: Callable[[int, int, Entry], None] | None = None) -> BatchReport:
    """Draft every input below *folder* into *outdir* and return what happened to each."""
    beside = drafting.rules_for(template)  # a region's wording is part of the template
    template_hash = hashlib.sha256(template.read_bytes() + (beside.read_bytes() if beside else b"")).hexdigest()
    previous = read_manifest(outdir)
    program = program_version().encode() + RULES_PATH.read_bytes()
    work = [Job(j.name, j.input, j.output, j.units, input_hash(j, program)) for j in discover(folder, outdir)]
    entries: dict[Path, Entry] = {}
    to_run = []
    for job in work:
        verdict = decide(job, previous.get(str(job.output)), template_hash, force)
        if verdict is None:
            to_run.append(job)
            continue
        kept = previous[str(job.output)] if str(job.output) in previous else Entry(job.name, str(job.input), verdict)
        message = ("输入、规则和模板都没有变，初稿未动。" if verdict == CURRENT else
                   "初稿在上次生成后被手工修改过（或不是本工具生成的），为免丢失修改，没有覆盖；确需重新生成请加 --force。")
        entries[job.output] = Entry(job.name, str(job.input), verdict, kept.errors, kept.warnings,
                                    [message] + [m for m in kept.messages if m != message],
                                    kept.input_hash, kept.template_hash, str(job.output), kept.output_sha256)
    finished = len(entries)

    def done(job: Job, outcome: Outcome) -> None:
        nonlocal finished
        entries[job.output] = entry_of(job, outcome, template_hash)
        finished += 1
        if progress:
            progress(finished, len(work), entries[job.output])

    outdir.mkdir(parents=True, exist_ok=True)
    try:
        if to_run:
            run_pool(to_run, template, jobs, timeout, done)
    finally:  # even when interrupted: what was written is recorded
        ordered = [entries[j.output] for j in work if j.output in entries]
        manifest = write_manifest(outdir, ordered)
    return BatchReport(ordered, manifest)
