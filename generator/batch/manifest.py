"""The batch's record of what it wrote: input and template hashes, and each draft's sha256.

A draft whose sha256 no longer matches the record was changed by hand and is never
overwritten without --force; a unit whose inputs, rules and template are unchanged
and whose draft is intact is current and is skipped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.files import write_atomically

MANIFEST_NAME = "manifest.json"


@dataclass
class Entry:
    """What the batch knows of one unit after a run."""

    unit: str
    input: str
    status: str
    errors: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)
    input_hash: str = ""
    template_hash: str = ""
    output: str = ""
    output_sha256: str = ""


def sha256_of(*chunks: bytes) -> str:
    """Return the sha256 of the chunks, each length-prefixed so that boundaries count."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "big"))
        digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str | None:
    """Return the sha256 of a file's bytes, or None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def read_manifest(folder: Path) -> dict[str, Entry]:
    """Return the entries of the manifest in *folder* by output path (empty when there is none or it is unreadable)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return {item["output"]: Entry(**item) for item in data["units"] if item.get("output")}
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(folder: Path, entries: list[Entry]) -> Path:
    """Write the manifest atomically, one entry at a time (no whole-file string in memory), and return its path."""
    target = folder / MANIFEST_NAME

    def write(stream) -> None:
        stream.write(b'{"units": [\n')
        for index, entry in enumerate(entries):
            separator = b",\n" if index else b""
            stream.write(separator + json.dumps(asdict(entry), ensure_ascii=False).encode("utf-8"))
        stream.write(b"\n]}\n")

    write_atomically(target, write)
    return target
