"""A department's units and its consolidated draft, many drafts at once: discover, decide, run, record.

inputs/2023/区政府办公室.yaml is a department when inputs/2023/区政府办公室/ holds its units'
files; every .yaml below the folder is drafted. Drafts go to the same relative place under
the output folder, next to manifest.json. One batch at a time per output folder (lock.py).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from generator.batch.duplicates import duplicate_findings
from generator.batch.hashing import input_hash, program_bytes
from generator.batch.jobs import FAILED, SUCCEEDED, Job, Outcome
from generator.batch.ledger import Ledger, ManifestIndex, fold_journal, manifest_entries
from generator.batch.lock import FolderLock
from generator.batch.manifest import MANIFEST_NAME, Entry, file_sha256
from generator.batch.outputs import guard_drafts, prepare_folder, remove_leftovers
from generator.batch.pool import run_pool, start_workers
from generator.checks import ERROR, WARNING
from generator.errors import OutputError, TemplateError
from generator.files import is_read_only
from generator import api
from generator.stamp import is_untouched

CURRENT, EDITED, READ_ONLY = "已是最新", "已手改，未覆盖", "只读，未覆盖"
SUCCESSFUL = (SUCCEEDED, CURRENT)
KEPT_BECAUSE = {
    CURRENT: "输入、规则和模板都没有变，初稿未动。",
    EDITED: "初稿在上次生成后被手工修改过（或不是本工具生成的），为免丢失修改，没有覆盖；确需重新生成请加 --force。",
    READ_ONLY: "初稿是只读文件，没有覆盖；确需重新生成请加 --force，或去掉它的只读属性。",
}


class BatchReport:
    """What a run did: how many units ended in each status, where the manifest went, whether it was interrupted.

    The units' entries are not held: `entries` reads them back from the manifest, one at a time, so they
    can be read until the next run in the same folder rewrites it (then reading them is an OutputError).
    """

    def __init__(self, manifest: Path, counts: dict[str, int], interrupted: bool = False, written: int = 0,
                 unfinished: frozenset[str] = frozenset()) -> None:
        self.manifest = manifest
        self.counts = counts  # entries of this run by status, in the order they first came
        self.interrupted = interrupted
        self.written = written  # drafts this run wrote
        self.left_undone = unfinished  # drafts of units an interruption left undone (the manifest keeps what it knew)
        self.written_as = file_state(manifest)

    @property
    def unfinished(self) -> int:
        return len(self.left_undone)

    @property
    def entries(self) -> "ManifestEntries":
        if file_state(self.manifest) != self.written_as:
            raise OutputError(f"清单 {self.manifest} 在这次运行之后已被改写，读不出这次运行的单位了；"
                              "请在同一文件夹的下一次运行之前读取 entries。")
        return ManifestEntries(self.manifest, self.left_undone, sum(self.counts.values()))

    @property
    def all_succeeded(self) -> bool:
        """Return True when every unit has a current draft written by the tool."""
        return not self.interrupted and all(status in SUCCESSFUL for status in self.counts)


class ManifestEntries:
    """This run's entries, in input order, read from the manifest each time they are walked."""

    def __init__(self, manifest: Path, skip: frozenset[str], count: int) -> None:
        self.manifest, self.skip, self.count = manifest, skip, count

    def __iter__(self) -> Iterator[Entry]:
        return manifest_entries(self.manifest, self.skip) if self.count else iter(())

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __getitem__(self, index: int) -> Entry:
        return list(self)[index]


def file_state(path: Path) -> tuple[int, int, int] | None:
    """Return what tells one version of a file from the next: its file number, size and time of change."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


class Inputs:
    """The batch's input files in order, held as names relative to its folder (a run may have 100,000), and
    where each one's draft goes. Paths are given as text: pathlib would parse every name again on each pass
    and intern its parts, and the interpreter's table of interned strings would grow with the run."""

    def __init__(self, folder: Path, names: list[str]) -> None:
        self.folder, self.names = folder, names

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[str]:
        """Yield each input's path."""
        top = str(self.folder)
        return (os.path.join(top, name) for name in self.names)

    def drafts(self, outdir: Path) -> Iterator[tuple[str, str]]:
        """Yield (the unit's name as the file names it, where its draft goes) for each input: <outdir>/<same place>.docx."""
        top = str(outdir)
        for name in self.names:
            stem = os.path.splitext(name)[0]
            yield os.path.basename(stem), os.path.join(top, stem + ".docx")


def input_files(folder: Path) -> Inputs:
    """Return every input below *folder*, in the order of sorted paths."""
    top = str(folder)
    return Inputs(folder, [name for name in files_below(folder) if is_input(os.path.join(top, name))])


def job_for(path: str, output: str, folder: Path, tables: Path | None = None) -> Job:
    """Return the job of one input (its draft going to *output*); a file with a same-named folder of units is a
    department. *tables* (batch --tables-from) is a folder of 公开表 workbooks laid out as the inputs are."""
    units_folder = os.path.splitext(path)[0]
    units = inputs_in(Path(units_folder)) if os.path.isdir(units_folder) else ()
    return Job(os.path.basename(units_folder), Path(path), Path(output), units, folder=folder, tables=tables)


def inputs_in(folder: Path) -> tuple[Path, ...]:
    """Return the input files in *folder* (a department's units), in order."""
    return tuple(sorted(path for path in folder.glob("*") if is_input(path)))


def is_input(path: Path | str) -> bool:
    """Return True for a .yaml file and a .xlsx file that is a 填报 workbook (not a 公开表), named as pathlib's
    glob matches names (in any case on Windows)."""
    name = os.path.basename(path)
    if fnmatch.fnmatch(name, "*.yaml"):
        return os.path.isfile(path)
    if fnmatch.fnmatch(name, "*.xlsx") and os.path.isfile(path):
        from generator.sources.fill_workbook import is_fill_workbook  # openpyxl only when there are workbooks
        return is_fill_workbook(Path(path))
    return False


def files_below(folder: Path) -> Iterator[str]:
    """Yield every name below *folder*, relative to it, in the order sorted Paths would have (folder by folder).

    It finds what Path(folder).rglob("*") finds (linked folders are not entered), but pathlib's rglob
    keeps a set of every Path it gave, a run's worth; this keeps one folder's names at a time.
    """
    def walk(below: str) -> Iterator[str]:
        try:
            with os.scandir(os.path.join(folder, below)) as entries:
                listed = sorted((name_order(e.name), e.name, is_folder(e)) for e in entries)
        except PermissionError:
            return
        for _, name, folder_too in listed:
            yield below + name
            if folder_too:
                yield from walk(below + name + os.sep)

    yield from walk("")


def name_order(name: str) -> str:
    """Return how pathlib orders a name: as it is, or in any case on Windows."""
    return name.lower() if os.name == "nt" else name


def is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


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


def planned(jobs: Iterator[Job], departments: Iterator[Job], ledger: Ledger, template_hash: str, force: bool,
            program: bytes, recorded: Callable[[int, Entry], None]) -> Iterator[tuple[int, Job]]:
    """Yield (index, job) for every unit to run; record at once the entry of each that will not (a copied unit
    file, a current, hand-edited or read-only draft). *jobs* are every unit's, in order; *departments* those of the
    departments (inputs beside a folder of units), whose units' names are compared first.

    A unit is hashed here only when its draft exists (to tell whether it is current); otherwise its worker does.
    """
    duplicates = duplicate_findings([job for job in departments if job.units])
    for index, job in enumerate(jobs):
        if job.input in duplicates:
            job = replace(job, input_hash=input_hash(job, program))
            recorded(index, entry_of(job, Outcome(FAILED, duplicates[job.input]), template_hash))
            continue
        if not os.path.lexists(job.output):  # nothing to keep: a new draft
            yield index, job
            continue
        job = replace(job, input_hash=input_hash(job, program))
        previous = ledger.previous.get(str(job.output))
        verdict = decide(job, previous, template_hash, force)
        if verdict is None:
            yield index, job
        else:
            recorded(index, kept_entry(job, verdict, previous))


def locked_run(folder: Path, outdir: Path, template: Path, template_hash: str, jobs: int, timeout: float, force: bool,
               progress: Callable[[int, int, Entry], None] | None, keep: tuple[Path, ...],
               start_method: str | None, tables: Path | None = None) -> BatchReport:
    """Run the batch while this process holds the output folder's lock (the arguments are run_batch's)."""
    program = program_bytes()
    workers = start_workers(template, jobs, start_method, program)  # before anything grows with the number of units
    try:
        return run_units(folder, outdir, template, template_hash, jobs, timeout, force, progress, keep, start_method,
                         tables, program, workers)
    finally:
        for worker in workers:
            worker.stop(kill=bool(worker.jobs))


def run_units(folder: Path, outdir: Path, template: Path, template_hash: str, jobs: int, timeout: float, force: bool,
              progress: Callable[[int, int, Entry], None] | None, keep: tuple[Path, ...], start_method: str | None,
              tables: Path | None, program: bytes, workers: list) -> BatchReport:
    """Find, check and run the units with *workers* started (locked_run's arguments)."""
    fold_journal(outdir)
    previous = ManifestIndex(outdir)
    inputs = input_files(folder)
    manifest = outdir / MANIFEST_NAME

    def outputs() -> Iterator[str]:
        return (output for _, output in inputs.drafts(outdir))

    def each_job(departments_only: bool = False) -> Iterator[Job]:
        return (job_for(path, output, folder, tables) for path, output in zip(inputs, outputs())
                if not departments_only or os.path.isdir(os.path.splitext(path)[0]))

    # A read-only draft is kept by its unit (READ_ONLY), not refused for the whole run: no read-only check here.
    folders = guard_drafts(inputs, outdir, manifest, [("模板", template)] + [("本工具自带的模板", p) for p in keep])
    remove_leftovers(folders, manifest, lambda path: any(path == output for output in outputs()))
    ledger = Ledger(outdir, previous, len(inputs))
    written = 0

    def recorded(index: int, entry: Entry) -> None:
        ledger.add(index, entry)
        if progress:
            progress(ledger.finished, len(inputs), entry)

    def done(index: int, job: Job, outcome: Outcome) -> None:
        nonlocal written
        hashed = job if job.input_hash else replace(job, input_hash=outcome.input_hash or input_hash(job, program))
        written += outcome.status == SUCCEEDED
        recorded(index, entry_of(hashed, outcome, template_hash))

    interrupted = False
    try:
        run_pool(planned(each_job(), each_job(departments_only=True), ledger, template_hash, force, program, recorded),
                 template, jobs, timeout, done, start_method, program, workers)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM turned into it by the CLI: record what was written
        interrupted = True
    finally:
        unfinished = frozenset(output for index, output in enumerate(outputs()) if not ledger.has(index))
        manifest = ledger.write_manifest(outputs())
    return BatchReport(manifest, ledger.counts, interrupted, written, unfinished)
