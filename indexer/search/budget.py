"""Bound what one search may cost: processor time, and the words its wildcards stand for.

A web worker serves many users; one query must not hold it for seconds or
fill its memory (issue 11: 600 × "ONU" took 22 s and 1.8 GB, a dozen short
prefixes 28 s and 11 GB).  The query text is bounded before it is run
(:func:`indexer.search.query.bounded`); what can only be known while running
it is bounded here.
"""

from __future__ import annotations

import time

from indexer.errors import QuerySyntaxError

# Processor time one search may take (its own thread's: time spent waiting
# for another search or for the machine is not charged to it).
SEARCH_SECONDS = 0.8
# Index words one wildcard may stand for, and all the wildcards of a query together.
MAX_EXPANSION = 500
MAX_TOTAL_EXPANSION = 1500


class QueryTooCostlyError(QuerySyntaxError):
    """Report a search stopped because it asked for more than one search may take."""


class Budget:
    """Track one search's processor time and wildcard expansions; raise QueryTooCostlyError past the limits."""

    def __init__(self, seconds: float = SEARCH_SECONDS, *, expansions: int = MAX_TOTAL_EXPANSION,
                 per_pattern: int = MAX_EXPANSION) -> None:
        self.seconds = seconds
        self.started = time.thread_time()
        self.expansions = expansions
        self.per_pattern = per_pattern
        self._expanded: dict[str, int] = {}

    def check(self) -> None:
        """Raise QueryTooCostlyError when the search has used up its processor time."""
        if time.thread_time() - self.started > self.seconds:
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
