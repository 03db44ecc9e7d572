"""One batch at a time per output folder: an operating-system lock on a file beside the manifest.

The system drops the lock when its holder ends, however it ends (kill -9 included), so a
lock left by a dead run never blocks the next one; the file holds the holder's pid so that
a second run can say who is at work.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import OutputError

LOCK_NAME = "manifest.lock"
WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks are mandatory: lock a byte past the pid, so it stays readable


def read_only_folder(folder: Path) -> OutputError:
    """Return the error for an output folder the batch may not write in."""
    return OutputError(f"输出文件夹 {folder} 是只读的，无法写入初稿。请改用可以写入的文件夹（-o），或修改它的权限。")


def _try_lock(descriptor: int) -> bool:
    """Return True when the exclusive lock was taken, False when another process holds it (never waits)."""
    if os.name == "nt":
        import msvcrt

        os.lseek(descriptor, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(descriptor, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_UN)


class FolderLock:
    """The output folder's lock, held for the length of a `with` block."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.descriptor: int | None = None

    def __enter__(self) -> FolderLock:
        for _ in range(3):  # another run may remove the file between our open and our lock: try the new one
            try:
                descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except PermissionError:
                raise read_only_folder(self.folder) from None
            except OSError as exc:
                raise OutputError(f"无法在输出文件夹 {self.folder} 建立锁文件（{exc.strerror}），请检查文件夹和权限。") from None
            if not _try_lock(descriptor):
                os.lseek(descriptor, 0, os.SEEK_SET)
                holder = os.read(descriptor, 20).decode("ascii", "replace").strip()
                os.close(descriptor)
                raise OutputError(f"另一个批量生成（进程号 {holder or '未知'}）正在使用输出文件夹 {self.folder}，请等它结束后再运行。")
            try:
                if os.path.samestat(os.fstat(descriptor), os.stat(self.path)):
                    break
            except FileNotFoundError:
                pass
            _unlock(descriptor)
            os.close(descriptor)
        else:
            raise OutputError(f"另一个批量生成正在使用输出文件夹 {self.folder}，请等它结束后再运行。")
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, str(os.getpid()).encode("ascii"))
        self.descriptor = descriptor
        return self

    def __exit__(self, *exc_info: object) -> None:
        descriptor, self.descriptor = self.descriptor, None
        if descriptor is None:
            return
        if os.name != "nt":  # removed while still held, so that no run can lock the file on its way out
            self.path.unlink(missing_ok=True)
        _unlock(descriptor)
        os.close(descriptor)
        if os.name == "nt":
            try:
                self.path.unlink(missing_ok=True)
            except OSError:  # another run has it open: it is that run's now
                pass
