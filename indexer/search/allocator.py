"""Tune a search process's memory: the C allocator and the garbage collector.

These settings are process-wide: they are applied where a search process
starts (``webapp.server``, the CLI), never by a library constructor.

The C allocator: every search allocates a few dozen arrays of one value per paragraph (4 MB
each at a million paragraphs) and frees them together. With glibc's defaults
that is both slow and fat in a threaded web worker: the threshold above which
an allocation gets its own fresh pages from the kernel moves with the history
of allocations, so the same phrase query took 130 ms in one process and 165
ms in the next (page faults); and each thread gets an arena of its own that
keeps the arrays it freed, so a worker of 4 threads grew to 1.1 GB at a
million paragraphs. One arena (searches take turns anyway, see
``Engine._read_lock``), arrays always from the heap, and up to 256 MB of
freed heap kept for the next search: 124 to 130 ms, and 554 MB.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import os
import sys
from typing import Any

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
SETTINGS = ((M_ARENA_MAX, 1), (M_MMAP_THRESHOLD, 64 << 20), (M_TRIM_THRESHOLD, 256 << 20))


@functools.cache
def tune_allocator() -> bool:
    """Apply the settings once per process; return whether the C library took them."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # musl or another C library: keep its defaults
        return False
    return all(mallopt(param, value) == 1 for param, value in SETTINGS)


def freeze_long_lived() -> None:
    """Move the objects alive now out of the cyclic garbage collector's reach.

    Meant to run right after a search engine opened an index generation: its
    metadata is millions of long-lived objects that the collector would walk
    again and again (a pause of 150 ms on random searches at a million
    paragraphs). The previous generation's objects are let go first
    (unfreeze, collect).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


# Memory freed by searches that a process may keep resident for the next ones;
# past it, the free part goes back to the system. 64 MB held a worker of the
# default collection at 310 MB after the benchmark's queries, 32 MB at 275 MB,
# for the same search times (issue 27: at most 300 MB per worker).
FREE_HEAP_KEPT = 32 << 20
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# Resident size right after the last trim: what the process really holds.
_floor: list[int] = []


@functools.cache
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # musl or another C library
        return None


def resident_bytes() -> int:
    """Return this process's resident memory in bytes (Linux), 0 elsewhere."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def release_free_memory(kept: int = FREE_HEAP_KEPT) -> bool:
    """Trim the heap (glibc's malloc_trim) once the process has grown ``kept`` bytes since the last trim.

    Meant to run after each search (one read of /proc/self/statm). The trim
    threshold above only returns free memory at the top of the heap; a
    search that churns through hundreds of full-length arrays (a dozen short
    prefixes) leaves free holes in the middle of it, and a web worker kept
    300 MB of them for good. Return whether it trimmed.
    """
    trim = _malloc_trim()
    rss = resident_bytes()
    if trim is None or not rss:
        return False
    if not _floor:
        _floor.append(rss)
    if rss <= _floor[0] + kept:
        return False
    trim(0)
    # What is left is held for real (caches, index metadata): the next bound starts from there.
    _floor[0] = resident_bytes()
    return True


def settle() -> None:
    """Give the heap's free memory back once a process has opened its index and warmed up; bound from there.

    Reading the metadata (a 17 MB file decoded into a 34 MB string) and the
    warm-up search leave 50 to 60 MB of freed heap below the trim threshold,
    which stayed resident for the life of each web worker; the bound of
    :func:`release_free_memory` then started above it (issue 27).
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    rss = resident_bytes()
    if rss:
        _floor[:] = [rss]


def prepare_search_process() -> None:
    """Apply the process-wide settings of a long-running search process (web worker)."""
    tune_allocator()
