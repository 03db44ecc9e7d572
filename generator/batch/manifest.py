"""The batch's record of what it wrote: input and template hashes, and each draft's sha256.

A draft whose sha256 no longer matches the record is checked against its own seal: an
intact seal means an untouched draft of this tool, anything else a change by hand, never
overwritten without --force. A unit whose inputs, rules and template are unchanged and
whose draft is intact is current and is skipped.

While a batch runs, each finished unit is appended to a journal beside the manifest, so
that a run killed before it could write the manifest loses nothing: the journal is folded
into the manifest at the end of the run, or at the start of the next one (ledger.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from generator.errors import OutputError
from generator.files import write_atomically

MANIFEST_NAME = "manifest.json"
JOURNAL_NAME = "manifest.journal"
KEEP_IT = "请把它改名或删除后重新运行（没有清单时，未改动过的本工具初稿仍能凭自带的校验值认出）。"


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
    warning_messages: list[str] = field(default_factory=list)
    status_code: str = ""   # the status as a stable code for other programs (status is its Chinese label)


# Files the tool writes name statuses by code; the Chinese label shown to staff stays beside it.
STATUS_CODES = {"成功": "succeeded", "有错误": "failed", "程序错误": "crashed", "超时": "timed_out",
                "已是最新": "current", "已手改，未覆盖": "edited", "只读，未覆盖": "read_only"}
ENTRY_ORDER = [f.name for f in fields(Entry)]
ENTRY_FIELDS = set(ENTRY_ORDER)


def record(entry: Entry) -> dict:
    """Return a manifest or journal record of an entry, its status given as a code too."""
    # Entry holds only text, numbers and lists of text: its fields copied as they are (asdict's deep copy is slow).
    return {**{name: getattr(entry, name) for name in ENTRY_ORDER}, "status_code": STATUS_CODES.get(entry.status, "")}


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


def entry_of_record(item: object) -> Entry:
    """Return the entry a manifest or journal record holds; raise TypeError when it is not one."""
    if not isinstance(item, dict) or not set(item) <= ENTRY_FIELDS or not isinstance(item.get("output"), str):
        raise TypeError("not an entry")
    return Entry(**item)


def read_manifest(folder: Path) -> dict[str, Entry]:
    """Return the entries of the manifest in *folder* by output path (empty when there is none).

    Raise OutputError when it is there but unreadable: without it, the batch could not tell
    a hand-edited draft from its own, so it writes nothing until the user decides.
    """
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry.output: entry for entry in map(entry_of_record, data["units"]) if entry.output}
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise OutputError(f"清单 {path} 是一个文件夹。请把它移走或改名后重新运行。") from None
    except OSError as exc:
        raise OutputError(f"无法读取清单 {path}（{exc.strerror}），请检查它的权限。") from None
    except json.JSONDecodeError as exc:
        raise OutputError(f"清单 {path} 已损坏（第{exc.lineno}行不是有效的 JSON），无法判断哪些初稿被手工改过。{KEEP_IT}") from None
    except (UnicodeDecodeError, KeyError, TypeError):
        raise OutputError(f"清单 {path} 已损坏（内容不是本工具写的格式），无法判断哪些初稿被手工改过。{KEEP_IT}") from None


def write_manifest(folder: Path, entries: list[Entry], drop_journal: bool = True) -> Path:
    """Write the manifest atomically, one entry per line (the layout ledger.py reads back by place), then drop the
    journal (unless *drop_journal* is False: it is still to be folded in). Return the manifest's path."""
    target = folder / MANIFEST_NAME

    def write(stream) -> None:
        stream.write(b'{"units": [\n')
        for index, entry in enumerate(entries):
            separator = b",\n" if index else b""
            stream.write(separator + json.dumps(record(entry), ensure_ascii=False).encode("utf-8"))
        stream.write(b"\n]}\n")

    write_atomically(target, write)
    if drop_journal:
        (folder / JOURNAL_NAME).unlink(missing_ok=True)  # after the manifest: a kill in between folds it again, harmlessly
    return target
