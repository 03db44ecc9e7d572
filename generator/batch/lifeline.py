"""A worker's tie to the batch process that started it: it ends when its parent ends, and leaves signals to it.

Three ties, because no one of them works everywhere: on Linux the kernel kills the worker
when its parent dies (prctl PR_SET_PDEATHSIG), at once, even in the middle of a draft; a
watching thread ends it within CHECK_SECONDS on every system and start method; and the
worker looks once more before each unit. Ctrl-C reaches every process of the terminal:
workers ignore it and the parent stops them, so no worker prints a traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time

CHECK_SECONDS = 0.2
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def parent_alive(parent_pid: int) -> bool:
    """Return True while the batch process that started this worker is running."""
    if os.name == "nt":  # Windows does not re-parent orphans: ask the parent's process handle
        parent = multiprocessing.parent_process()
        return parent is None or parent.is_alive()
    return os.getppid() == parent_pid  # an orphan is adopted by another process


def _die_with_parent_on_linux() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no C library to ask: the watching thread still works
        pass


def _watch(parent_pid: int) -> None:
    while parent_alive(parent_pid):
        time.sleep(CHECK_SECONDS)
    os._exit(1)


def bind_to_parent(parent_pid: int) -> None:
    """Make this worker end with the batch process *parent_pid*, and leave Ctrl-C and SIGTERM to that process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    _die_with_parent_on_linux()
    if not parent_alive(parent_pid):  # it died before the kernel was asked
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="parent-watch", daemon=True).start()


def start_ignoring_ctrl_c(process: multiprocessing.process.BaseProcess) -> None:
    """Start *process* with Ctrl-C ignored from its first instruction (Python then installs no handler of its own)."""
    if threading.current_thread() is not threading.main_thread():
        process.start()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process.start()
    finally:
        signal.signal(signal.SIGINT, previous)
