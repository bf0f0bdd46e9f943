"""Bound what one search may cost: processor time, and the words its wildcards stand for.

A web worker serves many users; one query must not hold it for seconds or
fill its memory (issue 11: 600 × "ONU" took 22 s and 1.8 GB, a dozen short
prefixes 28 s and 11 GB).  The query text is bounded before it is run
(:func:`indexer.search.query.bounded`); what can only be known while running
it is bounded here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from indexer.errors import QuerySyntaxError

# Processor time one search may take (its own thread's: time spent waiting
# for another search or for the machine is not charged to it).
SEARCH_SECONDS = 0.8
# Index words one wildcard may stand for, and all the wildcards of a query together.
MAX_EXPANSION = 500
MAX_TOTAL_EXPANSION = 1500


def _thread_seconds() -> Callable[[], float]:
    """Return the clock of this thread's processor time that is cheapest to read here.

    On the 2-core virtual machines of the benchmarks, ``time.thread_time``
    (clock_gettime) took 0.7 to 1 ms once the thread had worked, about 20 % of
    a search that checks its budget two dozen times; getrusage gives the same
    time (to the scheduler's tick, well below the budget) in 6 µs.
    """
    try:
        import resource  # noqa: PLC0415 - Unix only

        who = resource.RUSAGE_THREAD  # Linux only
    except (ImportError, AttributeError):
        return time.thread_time

    def seconds() -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    return seconds


thread_seconds = _thread_seconds()


class QueryTooCostlyError(QuerySyntaxError):
    """Report a search stopped because it asked for more than one search may take."""


class Budget:
    """Track one search's processor time and wildcard expansions; raise QueryTooCostlyError past the limits."""

    def __init__(self, seconds: float = SEARCH_SECONDS, *, expansions: int = MAX_TOTAL_EXPANSION,
                 per_pattern: int = MAX_EXPANSION) -> None:
        self.seconds = seconds
        self.started = thread_seconds()
        self.wall_started = time.perf_counter()
        self.expansions = expansions
        self.per_pattern = per_pattern
        self._expanded: dict[str, int] = {}

    def check(self) -> None:
        """Raise QueryTooCostlyError when the search has used up its processor time."""
        if time.perf_counter() - self.wall_started < self.seconds:
            return  # a thread cannot have worked longer than it has existed: no need to read its clock
        if thread_seconds() - self.started >= self.seconds:
            raise QueryTooCostlyError(
                f"recherche interrompue après {self.seconds:.1f} s de calcul (limite par recherche) : "
                "précisez-la (moins de mots, de jokers ou d'expressions entre guillemets)".replace(".", ",", 1)
            )

    def expand(self, field: str, pattern: str, count: int) -> None:
        """Record that ``pattern`` stands for ``count`` index words; raise past either limit."""
        if count > self.per_pattern:
            raise QueryTooCostlyError(f"« {pattern} » recouvre plus de {self.per_pattern} mots de l'index : "
                                 "allongez le début du mot avant le joker")
        # Counted once per pattern, whichever fields it is looked for in.
        self._expanded[pattern] = max(count, self._expanded.get(pattern, 0))
        total = sum(self._expanded.values())
        if total > self.expansions:
            raise QueryTooCostlyError(f"les jokers de la requête recouvrent plus de {self.expansions} mots de "
                                 "l'index : retirez-en ou allongez leurs préfixes")


def unlimited() -> Budget:
    """Return a budget that never runs out (offline evaluation, tests of scoring)."""
    return Budget(float("inf"), expansions=10**12, per_pattern=10**12)
