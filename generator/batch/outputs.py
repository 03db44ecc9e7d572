"""Where a batch writes: the output folder made and checked, no draft over what the user gave, leftovers of a killed run.

The checks of files.guard_outputs, made in one pass over the units that keeps a number or two per
unit rather than every path: a run may have 100,000 units.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Callable, Iterator

from generator.batch.lock import read_only_folder
from generator.errors import OutputError
from generator.files import identity, is_read_only


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


def number(key: tuple[int, int] | None) -> int | None:
    """Return a file's (device, file number) as one integer, which a set holds in a fraction of the room."""
    return None if key is None else key[0] << 64 | key[1]


def guard_drafts(inputs, outdir: Path, manifest: Path, keep: list[tuple[str, Path]]) -> set[str]:
    """Raise OutputError, before anything is written, when a draft (or the manifest) would replace an input, a
    template in *keep* or another draft (the messages are files.guard_outputs'); return the folders drafts go to.

    *inputs* (batch.Inputs) are the batch's input files, in order. An input is a .yaml or .xlsx and a draft a
    .docx, so a draft can be an input only as the same file under another name (a link): only drafts that
    exist already are compared with the inputs, by file number.
    """
    fixed: dict[object, tuple[str, Path]] = {}
    for label, path in keep:
        for key in (os.path.realpath(path), identity(path)):
            if key is not None:
                fixed.setdefault(key, (label, path))
    names: set[int] = set()  # the hashes of the drafts' real paths: a few bytes a unit (a match is then confirmed)
    files: set[int] = set()  # the file numbers of the drafts that exist already
    folders: set[str] = set()
    for index, (label, target) in enumerate(drafts(inputs, outdir, manifest)):
        if os.path.isdir(target):
            raise OutputError(f"{label} {target} 是一个文件夹，请给出文件名（如 {Path(target) / '初稿.docx'}）。")
        name, file = os.path.realpath(target), identity(target)
        for key in (name, file):
            if key in fixed:
                kept_label, path = fixed[key]
                raise OutputError(f"{label} {target} 就是{kept_label} {path}，写入会把它覆盖。请另选输出位置（文件名）。")
        if hash(name) in names or (file is not None and number(file) in files):
            before = itertools.islice(drafts(inputs, outdir, manifest), index)
            earlier = next((other for other, at in before
                            if os.path.realpath(at) == name or (file is not None and identity(at) == file)), None)
            if earlier is not None:
                raise OutputError(f"{earlier}和{label}是同一个文件 {target}，后写的会覆盖先写的。请分别指定不同的文件。")
        names.add(hash(name))
        if file is not None:
            files.add(number(file))
        folders.add(os.path.dirname(target))
    if files:
        for path in inputs:
            if number(identity(path)) in files:
                label, target = next((label, at) for label, at in drafts(inputs, outdir, manifest)
                                     if identity(at) == identity(path))
                raise OutputError(f"{label} {target} 就是输入文件 {path}，写入会把它覆盖。请另选输出位置（文件名）。")
    return folders


def drafts(inputs, outdir: Path, manifest: Path) -> Iterator[tuple[str, str]]:
    """Yield (what it is, path) for every file a batch writes: each unit's draft, then the manifest."""
    for unit, output in inputs.drafts(outdir):
        yield f"{unit}的初稿", output
    yield "清单", str(manifest)


def remove_leftovers(folders: set[str], manifest: Path, ours: Callable[[str], bool]) -> None:
    """Remove the half-written files (.<name>.*.part) a killed run left beside our outputs (the lock is ours).

    *ours* tells whether a path (as text) is one of this batch's drafts.
    """
    for folder in map(Path, folders):
        for leftover in folder.glob(".*.part") if folder.is_dir() else ():
            target = leftover.with_name(leftover.name[1:].rsplit(".", 2)[0])
            if target == manifest or ours(str(target)):
                leftover.unlink(missing_ok=True)
