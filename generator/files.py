"""Writing files so that a failure never leaves a half-written one behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Callable

from generator.errors import InputError, OutputError, Problem


def write_atomically(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write a file through *write* into a temporary file beside *target*, then rename it.

    A failure or an interruption leaves *target* as it was (or absent) and no
    temporary file behind: a half-written draft never replaces a good one.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"无法在 {target.parent} 写入文件（{exc.strerror}），请检查文件夹和权限。") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a draft is shared
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, PermissionError):
            raise OutputError(f"无法写入 {target}：文件可能正在 Word 或 WPS 中打开，请关闭后重试。") from None
        if isinstance(exc, OSError):
            raise OutputError(f"无法写入 {target}（{exc.strerror}），原文件未改动。") from None
        raise


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Write several files all or none: each into a temporary file beside it first, then all renamed.

    A draft and its 公开表 and PDFs belong together: a failure while writing any of them leaves
    every target as it was.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
            except OSError as exc:
                raise OutputError(f"无法在 {target.parent} 写入文件（{exc.strerror}），请检查文件夹和权限。") from None
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o666 & ~_umask())
        for temporary, target in staged:
            os.replace(temporary, target)
    except BaseException as exc:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, PermissionError):
            raise OutputError(f"无法写入 {staged[-1][1] if staged else ''}：文件可能正在 Word、WPS 或阅读器中打开，"
                              "请关闭后重试。没有写入任何文件。") from None
        if isinstance(exc, OSError):
            raise OutputError(f"无法写入文件（{exc.strerror}），没有写入任何文件。") from None
        raise


def _umask() -> int:
    """Return the process umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


MAX_READ_BYTES = 50 * 1024 * 1024  # a ten-page draft is ~40 KB, an input file a few KB: 50 MB is no real file


def read_bytes(path: Path, expected: str, limit: int = MAX_READ_BYTES) -> bytes:
    """Return a file's bytes; raise InputError when it is missing, not a regular file, over *limit*, or unreadable.

    *expected* names what should have been given (".yaml 文件", ".docx 或 .yaml 文件"). A pipe or a
    device (/dev/zero) is refused without reading it: opened without blocking, checked, then read at
    most *limit* + 1 bytes, so a file that grows while read cannot exhaust memory either.
    """
    def refuse(message: str) -> InputError:
        return InputError([Problem(str(path), None, "", message)])

    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise refuse("找不到这个文件，请检查路径和文件名。") from None
    except IsADirectoryError:
        raise refuse(f"这是一个文件夹，请给出{expected}。") from None
    except OSError as exc:
        raise refuse(f"无法读取（{exc.strerror}）。") from None
    status = os.fstat(handle)  # before fdopen, which refuses a folder with an exception of its own
    if not stat.S_ISREG(status.st_mode):
        os.close(handle)
        if stat.S_ISDIR(status.st_mode):
            raise refuse(f"这是一个文件夹，请给出{expected}。")
        raise refuse(f"这不是普通文件（是管道、设备或特殊文件），请给出{expected}。")
    with os.fdopen(handle, "rb") as stream:
        try:
            # What fstat says is there, then whatever a growing file added: asking for limit + 1 bytes
            # at once makes Python set aside all of them (5 MB for an input), which cost more than the read.
            data = stream.read(min(status.st_size, limit) + 1)
            if len(data) > status.st_size:
                data += stream.read(limit + 1 - len(data))
        except OSError as exc:
            raise refuse(f"无法读取（{exc.strerror}）。") from None
    if len(data) > limit:
        raise refuse(f"文件超过 {limit // (1024 * 1024)} MB，不像是{expected.strip()}，请检查是不是选错了文件。")
    return data


def is_read_only(path: Path) -> bool:
    """Return True when *path* exists and its owner may not write it.

    The mode decides, not os.access: an administrator may write anything, yet a file
    someone made read-only is a file they meant to keep (Windows' read-only mark is this bit).
    """
    try:
        return not os.stat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


def identity(path: Path) -> tuple[int, int] | None:
    """Return the (device, file number) that names one file however it is reached (links, case), or None."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if status.st_ino else None  # some file systems give no numbers


def guard_outputs(outputs: list[tuple[str, Path]], keep: list[tuple[str, Path]], force: bool = False) -> None:
    """Raise OutputError, before anything is written, when an output would replace what the user gave.

    *outputs* and *keep* are (what it is, path) pairs: an output may not be one of the files
    in *keep* (the inputs and templates), nor another output, nor — unless *force* — a
    read-only file. Paths are compared resolved, and existing files by identity, in one pass.
    """
    kept: dict[object, tuple[str, Path]] = {}
    for label, path in keep:
        for key in (path.resolve(), identity(path)):
            if key is not None:
                kept.setdefault(key, (label, path))
    written: dict[object, tuple[str, Path]] = {}
    for label, target in outputs:
        if target.is_dir() or str(target).endswith(("/", "\\")):
            raise OutputError(f"{label} {target} 是一个文件夹，请给出文件名（如 {target / '初稿.docx'}）。")
        keys = [key for key in (target.resolve(), identity(target)) if key is not None]
        for key in keys:
            if key in kept:
                kept_label, path = kept[key]
                raise OutputError(f"{label} {target} 就是{kept_label} {path}，写入会把它覆盖。请另选输出位置（文件名）。")
            if key in written:
                raise OutputError(f"{written[key][0]}和{label}是同一个文件 {target}，后写的会覆盖先写的。请分别指定不同的文件。")
        written.update((key, (label, target)) for key in keys)
        if not force and is_read_only(target):
            raise OutputError(f"{label} {target} 是只读文件，没有覆盖。确需覆盖请加 --force，或另选输出位置。")
