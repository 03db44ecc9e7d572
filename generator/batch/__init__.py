"""A department's units and its consolidated draft, many drafts at once: discover, decide, run, record.

inputs/2023/区政府办公室.yaml is a department when inputs/2023/区政府办公室/ holds its units'
files; every .yaml below the folder is drafted. Drafts go to the same relative place under
the output folder, next to manifest.json. One batch at a time per output folder (lock.py).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from generator.batch.duplicates import duplicate_findings
from generator.batch.jobs import FAILED, SUCCEEDED, Job, Outcome
from generator.batch.lock import FolderLock, read_only_folder
from generator.batch.manifest import (MANIFEST_NAME, Entry, file_sha256, fold_journal, journal, open_journal,
                                      read_manifest, sha256_of, write_manifest)
from generator.batch.pool import run_pool
from generator.checks import ERROR, WARNING
from generator.errors import OutputError, TemplateError
from generator.files import guard_outputs, is_read_only
from generator import api
from generator.sources.last_year import last_years_path
from generator.phrases import RULES_PATH
from generator.stamp import is_untouched

CURRENT, EDITED, READ_ONLY = "已是最新", "已手改，未覆盖", "只读，未覆盖"
SUCCESSFUL = (SUCCEEDED, CURRENT)
KEPT_BECAUSE = {
    CURRENT: "输入、规则和模板都没有变，初稿未动。",
    EDITED: "初稿在上次生成后被手工修改过（或不是本工具生成的），为免丢失修改，没有覆盖；确需重新生成请加 --force。",
    READ_ONLY: "初稿是只读文件，没有覆盖；确需重新生成请加 --force，或去掉它的只读属性。",
}


@dataclass
class BatchReport:
    """Every unit's entry, in input order, where the manifest went, and whether the run was interrupted."""

    entries: list[Entry]
    manifest: Path
    interrupted: bool = False
    written: int = 0  # drafts this run wrote
    unfinished: int = 0  # units an interruption left undone

    @property
    def all_succeeded(self) -> bool:
        """Return True when every unit has a current draft written by the tool."""
        return not self.interrupted and all(e.status in SUCCESSFUL for e in self.entries)


def discover(folder: Path, outdir: Path, tables: Path | None = None) -> list[Job]:
    """Return a job for every input below *folder*; a file with a same-named folder of units is a department.

    *tables* (batch --tables-from) is a folder of 公开表 workbooks laid out as the inputs are (<单位>.xlsx).
    """
    jobs = []
    for path in inputs_in(folder, recursive=True):
        units_folder = path.with_suffix("")
        units = inputs_in(units_folder, recursive=False) if units_folder.is_dir() else ()
        jobs.append(Job(path.stem, path, outdir / path.relative_to(folder).with_suffix(".docx"), units,
                        folder=folder, tables=tables))
    return jobs


def inputs_in(folder: Path, recursive: bool) -> tuple[Path, ...]:
    """Return the input files in *folder*: every .yaml, and every .xlsx that is a 填报 workbook (not a 公开表)."""
    found = folder.rglob if recursive else folder.glob
    yaml_files = [p for p in found("*.yaml") if p.is_file()]
    workbooks = [p for p in found("*.xlsx") if p.is_file()]
    if workbooks:  # the workbook reader (openpyxl) is loaded only when there are workbooks
        from generator.sources.fill_workbook import is_fill_workbook
        workbooks = [p for p in workbooks if is_fill_workbook(p)]
    return tuple(sorted(yaml_files + workbooks))


NAMED_TABLES = re.compile(r"^公开表\s*:\s*(\S[^#\n]*?)\s*(?:#.*)?$", re.MULTILINE)


def workbooks_of(job: Job, path: Path, text: bytes) -> list[Path]:
    """Return the 公开表 workbooks an input's draft depends on: the one it names and the one --tables gives."""
    named = NAMED_TABLES.search(text.decode("utf-8", "replace"))
    found = [path.parent / named.group(1)] if named else []
    given = job.tables_of(path)
    return found + ([given] if given else [])


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
        text = read_or_empty(path)
        chunks += [str(path).encode(), text]
        chunks += [read_or_empty(workbook) for workbook in workbooks_of(job, path, text)]
        chunks.append(read_or_empty(last_years_path(path, year)) if year else b"")
    return sha256_of(*chunks)


def program_version() -> str:
    try:
        return metadata.version("budget-explainer")
    except metadata.PackageNotFoundError:
        return "unknown"


def decide(job: Job, previous: Entry | None, template_hash: str, force: bool) -> str | None:
    """Return CURRENT, EDITED or READ_ONLY when the job must not run, None when it should.

    Bytes the manifest recorded are the tool's. Bytes it does not know — a draft written
    by `draft`, or by a run killed before it could record it — are judged by the draft's
    own seal: intact means untouched and replaceable, anything else a change by hand.
    """
    actual = file_sha256(job.output)
    if actual is None:
        return None
    if previous is None or previous.output_sha256 != actual:
        verdict = None if force or is_untouched(job.output.read_bytes()) else EDITED
    else:
        unchanged = previous.input_hash == job.input_hash and previous.template_hash == template_hash
        verdict = CURRENT if unchanged and previous.status in SUCCESSFUL and not force else None
    return READ_ONLY if verdict is None and not force and is_read_only(job.output) else verdict


def entry_of(job: Job, outcome: Outcome, template_hash: str) -> Entry:
    """Return the manifest entry of a job that ran."""
    # One text per finding, shared by both lists: the run keeps every entry until the manifest is written.
    messages = [f"[{f.rule}] {f}" for f in outcome.findings]
    return Entry(
        unit=job.name, input=str(job.input), status=outcome.status,
        errors=sum(f.severity == ERROR for f in outcome.findings),
        warnings=sum(f.severity == WARNING for f in outcome.findings),
        messages=messages,
        input_hash=job.input_hash, template_hash=template_hash, output=str(job.output),
        output_sha256=outcome.output_sha256,
        warning_messages=[m for f, m in zip(outcome.findings, messages) if f.severity == WARNING],
    )


def kept_entry(job: Job, verdict: str, previous: Entry | None) -> Entry:
    """Return the entry of a job that did not run: what the run that wrote its draft recorded, and why it was kept."""
    kept = previous or Entry(job.name, str(job.input), verdict)
    message = KEPT_BECAUSE[verdict]
    return Entry(job.name, str(job.input), verdict, kept.errors, kept.warnings,
                 [message] + [m for m in kept.messages if m != message], kept.input_hash, kept.template_hash,
                 str(job.output), kept.output_sha256, kept.warning_messages)


def template_hash_of(template: Path) -> str:
    """Return the sha256 of the template; raise TemplateError when it cannot be read."""
    if template.is_dir():
        raise TemplateError(f"模板 {template} 是一个文件夹，请给出 .docx 文件。")
    try:
        beside = api.rules_beside(template)  # a region's wording is part of the template
        return hashlib.sha256(template.read_bytes() + (beside.read_bytes() if beside else b"")).hexdigest()
    except FileNotFoundError:
        raise TemplateError(f"找不到模板 {template}，请检查路径。") from None
    except OSError as exc:
        raise TemplateError(f"无法读取模板 {template}（{exc.strerror}）。") from None


def prepare_folder(outdir: Path) -> None:
    """Make the output folder; raise OutputError when it is a file, cannot be made or is read-only."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"输出文件夹 {outdir} 是一个文件，请用 -o 指定一个文件夹。")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法建立输出文件夹 {outdir}（{exc.strerror}），请检查路径和权限。") from None
    # Windows marks folders read-only only to keep their look (Documents is one): there the lock's creation decides.
    if os.name != "nt" and is_read_only(outdir):
        raise read_only_folder(outdir)


def remove_leftovers(outdir: Path, outputs: list[Path]) -> None:
    """Remove the half-written files (.<name>.*.part) a killed run left beside our outputs (the lock is ours)."""
    names: dict[Path, set[str]] = {}
    for output in outputs:
        names.setdefault(output.parent, set()).add(output.name)
    for folder, wanted in names.items():
        if folder.is_dir():
            for leftover in folder.glob(".*.part"):
                if leftover.name[1:].rsplit(".", 2)[0] in wanted:
                    leftover.unlink(missing_ok=True)


def run_batch(folder: Path, outdir: Path, template: Path, jobs: int, timeout: float, force: bool = False,
              progress: Callable[[int, int, Entry], None] | None = None, keep: tuple[Path, ...] = (),
              start_method: str | None = None, tables: Path | None = None) -> BatchReport:
    """Draft every input below *folder* into *outdir* and return what happened to each.

    *keep* names more files no output may replace (the CLI passes the tool's own templates).
    *tables* (batch --tables-from): a folder of 公开表 workbooks laid out as the inputs are.
    Ctrl-C (KeyboardInterrupt) stops the run; what was written is recorded and reported.
    """
    template_hash = template_hash_of(template)
    prepare_folder(outdir)
    with FolderLock(outdir):
        return locked_run(folder, outdir, template, template_hash, jobs, timeout, force, progress, keep, start_method, tables)


def plan(work: list[Job], previous: dict[str, Entry], template_hash: str, force: bool) -> tuple[dict[Path, Entry], list[Job]]:
    """Return the entries of the jobs that will not run (copied unit files, current, edited, read-only drafts) and the jobs to run."""
    duplicates = duplicate_findings([job for job in work if job.units])
    entries: dict[Path, Entry] = {}
    to_run = []
    for job in work:
        if job.input in duplicates:
            entries[job.output] = entry_of(job, Outcome(FAILED, duplicates[job.input]), template_hash)
            continue
        verdict = decide(job, previous.get(str(job.output)), template_hash, force)
        if verdict is None:
            to_run.append(job)
        else:
            entries[job.output] = kept_entry(job, verdict, previous.get(str(job.output)))
    return entries, to_run


def locked_run(folder: Path, outdir: Path, template: Path, template_hash: str, jobs: int, timeout: float, force: bool,
               progress: Callable[[int, int, Entry], None] | None, keep: tuple[Path, ...],
               start_method: str | None, tables: Path | None = None) -> BatchReport:
    """Run the batch while this process holds the output folder's lock (the arguments are run_batch's)."""
    previous = fold_journal(outdir, read_manifest(outdir))
    program = program_version().encode() + RULES_PATH.read_bytes()
    work = [Job(j.name, j.input, j.output, j.units, input_hash(j, program), folder, tables)
            for j in discover(folder, outdir, tables)]
    inputs = [("输入文件", path) for job in work for path in (job.input, *job.units)]
    guard_outputs([(f"{job.name}的初稿", job.output) for job in work] + [("清单", outdir / MANIFEST_NAME)],
                  inputs + [("模板", template)] + [("本工具自带的模板", path) for path in keep],
                  force=True)  # a read-only draft is kept by its unit (READ_ONLY), not refused for the whole run
    remove_leftovers(outdir, [job.output for job in work] + [outdir / MANIFEST_NAME])
    entries, to_run = plan(work, previous, template_hash, force)
    written = 0
    stream = open_journal(outdir)

    def done(job: Job, outcome: Outcome) -> None:
        nonlocal written
        entries[job.output] = entry_of(job, outcome, template_hash)
        journal(stream, entries[job.output])
        written += outcome.status == SUCCEEDED
        if progress:
            progress(len(entries), len(work), entries[job.output])

    interrupted = False
    try:
        if to_run:
            run_pool(to_run, template, jobs, timeout, done, start_method)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM turned into it by the CLI: record what was written
        interrupted = True
    finally:
        stream.close()
        ordered = [entries[j.output] for j in work if j.output in entries]
        # A unit an interruption left undone keeps what the manifest knew of its draft.
        unfinished = [previous[str(j.output)] for j in work if j.output not in entries and str(j.output) in previous]
        manifest = write_manifest(outdir, ordered + unfinished)
    return BatchReport(ordered, manifest, interrupted, written, len(work) - len(ordered))
