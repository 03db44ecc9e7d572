"""The batch's record kept on disk, not in memory: entries are written as units finish and read back by their place.

A run of 100,000 units must not hold 100,000 entries (each with its messages). So every
entry goes to the journal the moment it is known and the run keeps only where it is (one
integer per unit); the last run's manifest is kept the same way (its place by output).
At the end the manifest is written in input order by copying those lines, and the
report reads the units back from it.
"""

from __future__ import annotations

import json
from array import array
from pathlib import Path
from typing import IO, Iterable, Iterator

from generator.batch.manifest import (JOURNAL_NAME, MANIFEST_NAME, Entry, entry_of_record, read_manifest, record,
                                      write_manifest)
from generator.errors import OutputError
from generator.files import write_atomically

MANIFEST_START, MANIFEST_END = b'{"units": [\n', b"\n]}\n"  # write_manifest's layout: one record per line


def record_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Yield (place, line) for each record line of a manifest in write_manifest's layout; raise ValueError otherwise."""
    with open(path, "rb") as stream:
        first = stream.readline()
        if first != MANIFEST_START:
            raise ValueError("not our layout")
        place = stream.tell()
        for line in stream:
            if line in (b"]}\n", b"]}"):
                return
            if line.strip():
                yield place, line
            place += len(line)
    raise ValueError("cut short")


def line_record(line: bytes) -> dict:
    """Return the record a manifest or journal line holds (the separating comma dropped)."""
    return json.loads(line.rstrip(b"\r\n").rstrip(b","))


class ManifestIndex:
    """The last run's manifest, each unit's entry found by its output path and read from the file when asked for."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST_NAME
        self.places: dict[str, int] = {}
        self.stream: IO[bytes] | None = None
        if not self.path.exists() and not self.path.is_symlink():
            return
        try:
            for place, line in record_lines(self.path):
                self.places[entry_of_record(line_record(line)).output] = place
        except (ValueError, TypeError, OSError):
            # Not in our layout (written by hand or by an older version), or broken: read it whole, which says
            # exactly what is wrong with it, and rewrite it in our layout.
            self.places = {}
            write_manifest(folder, list(read_manifest(folder).values()), drop_journal=False)  # a journal is still to fold
            self.places = {entry_of_record(line_record(line)).output: place for place, line in record_lines(self.path)}
        self.places.pop("", None)

    def __contains__(self, output: str) -> bool:
        return output in self.places

    def line(self, output: str) -> bytes:
        """Return the record line of the unit whose draft is *output*, without its comma and newline."""
        if self.stream is None:
            self.stream = open(self.path, "rb")
        self.stream.seek(self.places[output])
        return self.stream.readline().rstrip(b"\r\n").rstrip(b",")

    def get(self, output: str) -> Entry | None:
        """Return the entry of the unit whose draft is *output*, or None when the manifest has none."""
        return entry_of_record(json.loads(self.line(output))) if output in self.places else None

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def journal_places(path: Path) -> dict[str, int]:
    """Return the place of each unit's last good line in a journal; a line cut short by a kill is skipped."""
    places, place = {}, 0
    with open(path, "rb") as stream:
        for line in stream:
            try:
                places[entry_of_record(line_record(line)).output] = place
            except (ValueError, TypeError):
                pass
            place += len(line)
    return places


def fold_journal(folder: Path) -> None:
    """Fold a journal left by an unfinished run into the manifest (its entries win, in the manifest's order,
    new units after), then drop the journal."""
    journal = folder / JOURNAL_NAME
    try:
        left = journal_places(journal)
    except (FileNotFoundError, IsADirectoryError):
        return
    except OSError as exc:
        raise OutputError(f"无法读取清单的日志 {journal}（{exc.strerror}），请检查它的权限。") from None
    previous = ManifestIndex(folder)

    def write(stream: IO[bytes]) -> None:
        stream.write(MANIFEST_START)
        with open(journal, "rb") as lines:
            def journaled(output: str) -> bytes:
                lines.seek(left.pop(output))
                entry = entry_of_record(line_record(lines.readline()))
                return json.dumps(record(entry), ensure_ascii=False).encode("utf-8")
            def folded() -> Iterator[bytes]:
                for output in list(previous.places):
                    yield journaled(output) if output in left else previous.line(output)
                for output in list(left):  # units the manifest did not know yet
                    yield journaled(output)
            for index, line in enumerate(folded()):
                stream.write((b",\n" if index else b"") + line)
        previous.close()
        stream.write(MANIFEST_END)

    write_atomically(folder / MANIFEST_NAME, write)
    journal.unlink(missing_ok=True)


class Ledger:
    """This run's entries, one journal line each, and the last run's manifest, both kept on disk by their place.

    Units are numbered in input order (*count* of them); the manifest is written in that order.
    """

    def __init__(self, folder: Path, previous: ManifestIndex, count: int) -> None:
        self.folder = folder
        self.previous = previous
        self.places = array("q", [-1]) * count  # each unit's line in the journal; -1 while it has none
        self.counts: dict[str, int] = {}  # entries of this run by status, in the order they first came
        try:
            self.journal = open(folder / JOURNAL_NAME, "ab")
        except OSError as exc:
            raise OutputError(f"无法在 {folder} 写入清单的日志（{exc.strerror}），请检查文件夹和权限。") from None

    def add(self, index: int, entry: Entry) -> None:
        """Record the entry of the unit at *index*, on disk before the next unit is handed out."""
        self.places[index] = self.journal.tell()
        self.journal.write(json.dumps(record(entry), ensure_ascii=False).encode("utf-8") + b"\n")
        self.journal.flush()
        self.counts[entry.status] = self.counts.get(entry.status, 0) + 1

    def has(self, index: int) -> bool:
        """Return True when the unit at *index* has an entry of this run."""
        return self.places[index] >= 0

    @property
    def finished(self) -> int:
        return sum(self.counts.values())

    def write_manifest(self, outputs: Iterable[str]) -> Path:
        """Write the manifest in input order (*outputs*: the units' drafts): this run's entries, and for a unit an
        interruption left undone what the last run knew. Return its path; the journal goes once it is in place."""
        self.journal.close()
        target = self.folder / MANIFEST_NAME

        def write(stream: IO[bytes]) -> None:
            stream.write(MANIFEST_START)
            separator = b""
            with open(self.folder / JOURNAL_NAME, "rb") as journal:
                for output, place in zip(outputs, self.places):
                    if place >= 0:
                        journal.seek(place)
                        line = journal.readline().rstrip(b"\n")
                    elif output in self.previous:
                        line = self.previous.line(output)
                    else:
                        continue
                    stream.write(separator + line)
                    separator = b",\n"
            self.previous.close()  # before the new manifest replaces it (Windows cannot replace an open file)
            stream.write(MANIFEST_END)

        try:
            write_atomically(target, write)
        finally:
            self.previous.close()
        (self.folder / JOURNAL_NAME).unlink(missing_ok=True)  # after the manifest: a kill in between folds it again
        return target

    def close(self) -> None:
        """Close the journal and the last manifest without writing a manifest (the journal stays, to be folded)."""
        self.journal.close()
        self.previous.close()


def manifest_entries(path: Path, skip: frozenset[str] = frozenset()) -> Iterator[Entry]:
    """Yield the entries of a manifest written by Ledger.write_manifest, one line at a time, leaving out *skip*."""
    for _, line in record_lines(path):
        entry = entry_of_record(line_record(line))
        if entry.output not in skip:
            yield entry
