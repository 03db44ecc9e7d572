"""Worker processes that each prepare the template once, with a timeout per unit.

A unit that hangs past the timeout has its worker killed and replaced; a worker that
dies takes only its unit with it. Both are recorded and the other units go on. Workers
end with the batch process (lifeline.py). Everything a worker gets is picklable and its
entry point is module-level, so the `spawn` start method (the only one on Windows) works
as well as `fork`, which Linux keeps for speed.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterable

from generator.batch.jobs import CRASHED, FAILED, TIMED_OUT, Job, Outcome, run_failure, run_job
from generator.batch.lifeline import bind_to_parent, parent_alive, start_ignoring_ctrl_c
from generator.errors import BudgetToolError

POLL_SECONDS = 0.2


def default_start_method() -> str:
    """Return `fork` on Linux (workers start without importing anything again), `spawn` elsewhere."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def worker_main(connection: Connection, template: Path, parent_pid: int) -> None:
    """Run jobs sent over *connection* until told to stop (None), rendering with one prepared template."""
    from generator.api import prepare_template

    bind_to_parent(parent_pid)
    renderer = None
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):  # the parent closed its end: nothing more will come
            return
        if job is None or not parent_alive(parent_pid):
            return
        if renderer is None:
            try:
                renderer = prepare_template(template)
            except Exception as exc:  # the template itself is broken: every unit says so
                lines = exc.lines() if isinstance(exc, BudgetToolError) else [str(exc)]
                connection.send(run_failure(job, FAILED, "；".join(lines)))
                continue
            # Modules, the prepared template and what a forked worker inherits live as long as the worker:
            # frozen, the collector stops walking them for every unit (~3% of a unit's CPU).
            gc.freeze()
        connection.send(run_job(job, renderer))


AHEAD = 2  # jobs handed to a worker at once, so that it never waits for the next one


class Worker:
    """One worker process and the jobs it holds, the first of which it is running since `started`."""

    def __init__(self, template: Path, context) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, template, os.getpid()), daemon=True)
        start_ignoring_ctrl_c(self.process)
        child.close()
        self.jobs: deque[Job] = deque()
        self.started = 0.0

    def give(self, job: Job) -> None:
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append(job)
        self.connection.send(job)

    def finished(self) -> Job:
        """Return the job whose outcome just arrived; the next one starts now."""
        self.started = time.monotonic()
        return self.jobs.popleft()

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
        self.connection.close()


def run_pool(jobs: Iterable[Job], template: Path, size: int, timeout: float,
             done: Callable[[Job, Outcome], None], start_method: str | None = None) -> None:
    """Run every job on *size* workers, calling *done* as each finishes, times out or crashes.

    A worker killed for a hung or crashed job loses the job queued behind it too; that one
    goes back to the front of the queue.
    """
    context = multiprocessing.get_context(start_method or default_start_method())
    pending = deque(jobs)
    workers = [Worker(template, context) for _ in range(max(1, min(size, len(pending))))]
    try:
        while pending or any(w.jobs for w in workers):
            for worker in workers:
                while len(worker.jobs) < AHEAD and pending:
                    worker.give(pending.popleft())
            busy = {w.connection: w for w in workers if w.jobs}
            for connection in wait(list(busy), timeout=POLL_SECONDS):
                worker = busy[connection]
                try:
                    outcome = connection.recv()
                except (EOFError, OSError):
                    continue  # it died: handled below
                done(worker.finished(), outcome)
            now = time.monotonic()
            for index, worker in enumerate(workers):
                if not worker.jobs:
                    continue
                if now - worker.started > timeout:
                    failure = run_failure(worker.jobs[0], TIMED_OUT, f"超过 {timeout:g} 秒仍未完成，已停止这个单位。")
                elif not worker.process.is_alive():
                    failure = run_failure(worker.jobs[0], CRASHED, f"处理这个单位的进程意外退出（退出码 {worker.process.exitcode}）。")
                else:
                    continue
                job, queued = worker.jobs[0], list(worker.jobs)[1:]
                worker.stop(kill=True)
                pending.extendleft(reversed(queued))
                workers[index] = Worker(template, context)
                done(job, failure)
    finally:
        for worker in workers:
            worker.stop(kill=bool(worker.jobs))
