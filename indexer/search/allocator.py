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
import sys

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


def prepare_search_process() -> None:
    """Apply the process-wide settings of a long-running search process (web worker)."""
    tune_allocator()
