"""Run a build's work in forked worker processes: its runs of files, and the one table written beside it.

Both passes of a build (the English versions, then the French files, see
:mod:`indexer.store.build`) and an update cut their files into runs and hand
each run to a worker process forked from this one: the worker inherits the
task and its arguments (compiled vocabularies, the English versions read
before), and only its messages and its result are pickled back. A worker
that dies without its result (killed for memory) fails the build with a
French message instead of leaving it waiting; one that raises sends its whole
traceback; all of them die with the building process.
"""

from __future__ import annotations

import os
import queue as queue_module
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from indexer.errors import ResoluError
from indexer.sources.read import Source

# Seconds between checks that the worker processes are still alive while
# waiting for their messages (a worker killed for memory sends nothing).
QUEUE_POLL = 1.0

Run = TypeVar("Run")
Result = TypeVar("Result")
# A worker's messages to the building process, as (kind, payload): progress, a stage begun.
Say = Callable[[str, Any], None]


def split_evenly(files: list[Source], parts: int, first_rank: int = 0) -> list[list[tuple[int, Source]]]:
    """Cut the ranked files (ranks from ``first_rank``) into contiguous runs of about equal size."""
    sizes = [max(1, f.size) for f in files]
    target = sum(sizes) / parts
    runs: list[list[tuple[int, Source]]] = [[]]
    filled = 0.0
    for rank, (path, size) in enumerate(zip(files, sizes, strict=True), start=first_rank):
        if filled >= target * len(runs) and len(runs) < parts:
            runs.append([])
        runs[-1].append((rank, path))
        filled += size
    return [run for run in runs if run]


def die_with_parent() -> None:
    """Have the kernel kill this worker if the building process dies (kill -9 leaves no one to stop it)."""
    try:
        import ctypes  # noqa: PLC0415 - Linux only; elsewhere workers end when their queue breaks

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_forked(task: Callable[[Run, Say], Result], runs: Sequence[Run],
               say: Say | None = None) -> list[Result]:
    """Run ``task(run, say)`` for each run in a forked process (one run: in this one); return results in run order.

    The workers' messages reach ``say`` in this process as they come; each
    worker's end is said as ``("done", workers finished)``. A worker's error
    is raised here as a :class:`ResoluError` holding its traceback.
    """
    def ignore(kind: str, payload: Any) -> None:
        pass

    say = say or ignore
    if len(runs) <= 1:
        return [task(run, say) for run in runs]
    import multiprocessing  # noqa: PLC0415

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_work, args=(task, i, run, queue, os.getpid())) for i, run in enumerate(runs)]
    for w in workers:
        w.start()
    results: dict[int, Result] = {}
    try:
        while len(results) < len(workers):
            try:
                kind, payload = queue.get(timeout=QUEUE_POLL)
            except queue_module.Empty:
                _check_workers(workers, len(results), queue)
                continue
            if kind == "done":
                index, result = payload
                results[index] = result
                say("done", len(results))
            elif kind == "error":
                raise ResoluError(f"échec d'un processus d'indexation :\n{payload}")
            else:
                say(kind, payload)
    finally:
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()
    return [results[i] for i in range(len(runs))]


def _work(task: Callable[[Any, Say], Any], index: int, run: Any, queue: Any, parent: int) -> None:
    """Run one task in a forked worker; its messages, result or traceback go through the queue."""
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    try:
        result = task(run, lambda kind, payload: queue.put((kind, payload)))
        queue.put(("done", (index, result)))
    except BaseException:  # reported to the parent, which fails the build
        # The whole traceback: the parent cannot see this process's stack.
        queue.put(("error", traceback.format_exc()))


def _check_workers(workers: list[Any], finished: int, queue: Any) -> None:
    """Fail the build if a worker died without sending its result (killed, e.g. for memory)."""
    dead = [w for w in workers if w.exitcode is not None]
    if len(dead) <= finished:
        return
    # A worker that exited normally may have put its result just before: let it arrive.
    time.sleep(QUEUE_POLL)
    if not queue.empty():
        return
    # The failed ones, if they say so (a worker that finished exits with 0).
    codes = ", ".join(str(c) for c in [w.exitcode for w in dead if w.exitcode] or [w.exitcode for w in dead])
    raise ResoluError(
        f"un processus d'indexation s'est arrêté sans rendre son travail (codes de sortie : {codes}) ; "
        "mémoire insuffisante ? Relancez avec moins de processus (--procs 1). Index précédent conservé."
    )


class Forked(Generic[Result]):
    """One function running in a forked process beside this one's work (:func:`start_forked`)."""

    def __init__(self, pool: Any, result: Any) -> None:
        self._pool = pool
        self._result = result

    def wait(self) -> Any:
        """Wait for the function to end; return what it returned (if asked for), or raise its error here."""
        try:
            return self._result.get()
        finally:
            self._pool.terminate()
            self._pool.join()

    def stop(self) -> None:
        """Stop the process (this process failed: its work is abandoned)."""
        self._pool.terminate()


def start_forked(function: Callable[..., Any], *args: Any, returned: bool = False) -> Forked[Any]:
    """Run a function in a forked process, for the files it writes; return the running task.

    The process inherits the function and its arguments (the index, the
    resolutions) when it is forked: nothing is pickled but the outcome, and
    the function's result only when ``returned`` (a small one: a build's
    wording tables stay in their process).
    """
    import multiprocessing  # noqa: PLC0415

    global _INHERITED
    _INHERITED = (function, args, returned)
    try:
        pool = multiprocessing.get_context("fork").Pool(1, initializer=die_with_parent)
    finally:
        _INHERITED = None
    return Forked(pool, pool.apply_async(_run_inherited))


# The task of the process :func:`start_forked` forks, set only while it forks.
_INHERITED: tuple[Callable[..., Any], tuple[Any, ...], bool] | None = None


def _run_inherited() -> Any:
    """Call the inherited task for its files (what it returns stays in the worker unless asked for)."""
    assert _INHERITED is not None
    function, args, returned = _INHERITED
    result = function(*args)
    return result if returned else None
