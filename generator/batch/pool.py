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


def worker_main(connection: Connection, template: Path, parent_pid: int, program: bytes) -> None:
    """Run jobs sent over *connection* until told to stop (None), rendering with one prepared template.

    A job not hashed yet (its draft did not exist) is hashed here, before it is drafted, with *program*
    (hashing.program_bytes): the parent then only hands out and records.
    """
    from generator.api import prepare_template
    from generator.batch.hashing import input_hash

    bind_to_parent(parent_pid)
    renderer = None
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):  # the parent closed its end: nothing more will come
            return
        if job is None or not parent_alive(parent_pid):
            return
        digest = job.input_hash or input_hash(job, program)
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
        outcome = run_job(job, renderer)
        outcome.input_hash = digest
        connection.send(outcome)


AHEAD = 2  # jobs handed to a worker at once, so that it never waits for the next one


class Worker:
    """One worker process and the jobs it holds, the first of which it is running since `started`."""

    def __init__(self, template: Path, context, program: bytes) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, template, os.getpid(), program), daemon=True)
        start_ignoring_ctrl_c(self.process)
        child.close()
        self.jobs: deque[tuple[int, Job]] = deque()  # (the unit's number in the batch, its job)
        self.started = 0.0

    def give(self, numbered: tuple[int, Job]) -> None:
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append(numbered)
        self.connection.send(numbered[1])

    def finished(self) -> tuple[int, Job]:
        """Return the job whose outcome just arrived; the next one starts now."""
        self.started = time.monotonic()
        return self.jobs.popleft()

    def stop(self, kill: bool = False) -> None:
        if self.connection.closed:  # stopped already
            return
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


def run_pool(jobs: Iterable[tuple[int, Job]], template: Path, size: int, timeout: float,
             done: Callable[[int, Job, Outcome], None], start_method: str | None = None, program: bytes = b"",
             workers: list[Worker] | None = None) -> None:
    """Run every (number, job) on up to *size* workers, calling *done* as each finishes, times out or crashes.

    Jobs are taken from *jobs* only as workers have room, so a run of any size holds a few at a time.
    *workers* may have been started already (start_workers); more start only when there is work for them.
    A worker killed for a hung or crashed job loses the job queued behind it too; that one goes back to
    the front of the queue.
    """
    context = multiprocessing.get_context(start_method or default_start_method())
    source = iter(jobs)
    again: deque[tuple[int, Job]] = deque()  # jobs a killed worker lost, handed out before new ones
    workers = workers if workers is not None else []

    def next_job() -> tuple[int, Job] | None:
        return again.popleft() if again else next(source, None)

    try:
        waiting = next_job()
        while waiting is not None or any(w.jobs for w in workers):
            while waiting is not None:
                worker = next((w for w in workers if len(w.jobs) < AHEAD), None)
                if worker is None and len(workers) < max(1, size):
                    worker = Worker(template, context, program)
                    workers.append(worker)
                if worker is None:
                    break
                worker.give(waiting)
                waiting = next_job()
            busy = {w.connection: w for w in workers if w.jobs}
            for connection in wait(list(busy), timeout=POLL_SECONDS):
                worker = busy[connection]
                try:
                    outcome = connection.recv()
                except (EOFError, OSError):
                    continue  # it died: handled below
                done(*worker.finished(), outcome)
            now = time.monotonic()
            for index, worker in enumerate(workers):
                if not worker.jobs:
                    continue
                (number, job) = worker.jobs[0]
                if now - worker.started > timeout:
                    failure = run_failure(job, TIMED_OUT, f"超过 {timeout:g} 秒仍未完成，已停止这个单位。")
                elif not worker.process.is_alive():
                    failure = run_failure(job, CRASHED, f"处理这个单位的进程意外退出（退出码 {worker.process.exitcode}）。")
                else:
                    continue
                queued = list(worker.jobs)[1:]
                worker.stop(kill=True)
                if waiting is not None:
                    again.appendleft(waiting)
                again.extendleft(reversed(queued))
                waiting = next_job()
                workers[index] = Worker(template, context, program)
                done(number, job, failure)
    finally:
        for worker in workers:
            worker.stop(kill=bool(worker.jobs))


def start_workers(template: Path, size: int, start_method: str | None, program: bytes) -> list[Worker]:
    """Return *size* workers started now when they are forked, none otherwise (spawn starts them as work comes).

    A forked worker starts as large as its parent: started before the batch lists its units, it stays
    the same size whatever their number.
    """
    method = start_method or default_start_method()
    if method != "fork":
        return []
    context = multiprocessing.get_context(method)
    return [Worker(template, context, program) for _ in range(max(1, size))]
