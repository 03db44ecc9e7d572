"""What a unit's draft depends on besides the template, as one hash: the inputs, the 公开表 they use, last year's file,
the program's version and its rules. A unit whose hash and template are unchanged and whose draft is intact is current."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from generator.batch.jobs import Job
from generator.batch.manifest import sha256_of
from generator.phrases import RULES_PATH
from generator.sources.last_year import last_years_path

NAMED_TABLES = re.compile(r"^公开表\s*:\s*(\S[^#\n]*?)\s*(?:#.*)?$", re.MULTILINE)
# The pattern's first word as the file holds it: a file without it names no workbook, and finding that out
# takes a byte search rather than decoding the text and trying the pattern at every line (a fifth of a hash).
TABLES_WORD = "公开表".encode("utf-8")


def workbooks_of(job: Job, path: Path, text: bytes) -> list[Path]:
    """Return the 公开表 workbooks an input's draft depends on: the one it names and the one --tables gives."""
    named = NAMED_TABLES.search(text.decode("utf-8", "replace")) if TABLES_WORD in text else None
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


def program_version() -> str:
    try:
        return metadata.version("budget-explainer")
    except metadata.PackageNotFoundError:
        return "unknown"


def program_bytes() -> bytes:
    """Return what of the program a draft depends on: its version and its rules."""
    return program_version().encode() + RULES_PATH.read_bytes()


def input_hash(job: Job, program: bytes) -> str:
    """Return the hash of everything a job's draft depends on besides the template (*program*: program_bytes())."""
    chunks = [program]
    for path in (job.input, *job.units):
        year = year_of(path)
        text = read_or_empty(path)
        chunks += [str(path).encode(), text]
        chunks += [read_or_empty(workbook) for workbook in workbooks_of(job, path, text)]
        chunks.append(read_or_empty(last_years_path(path, year)) if year else b"")
    return sha256_of(*chunks)
