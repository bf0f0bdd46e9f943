"""Fold the hits of one wording into one card: which documents share a wording, and each page's cards.

A *wording group* is a wording cluster of the build (identical and
near-identical paragraphs, :mod:`indexer.wording.tables`); a paragraph
outside every cluster (no words) is a group of its own. A card stands where
the best of its paragraphs would stand in the ungrouped ranking; it is led by
the newest of its paragraphs (adoption date, then symbol) among those holding
the most query words, and lists the others, newest first, one click away.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# The values of the ``group`` parameter: one card per wording, or one card per paragraph.
WORDING = "wording"
NO_GROUP = "none"
GROUPINGS = (WORDING, NO_GROUP)
# Other paragraphs listed on a card (their count stays exact): each variant is read for its word diff.
VERSIONS_LISTED = 10
# How many more ranked documents are read when a page's cards are not all found among the first ones.
WIDEN = 4


# Characters of word diffs kept between searches (DiffCache): some 10 MB at most.
DIFF_CACHE_CHARS = 4_000_000
# What a kept diff counts for beside its characters (its tuples and key).
DIFF_OVERHEAD = 200


class DiffCache:
    """Keep the word diffs of cards' paragraphs from their leaders, for one generation, the least recent dropped.

    A card shows the same diffs whenever its leader leads it again: the next
    page of the same search, a filter chosen in the sidebar, the same query
    asked again. A variant's diff was its record read, both texts cut into
    words and a SequenceMatcher run: a fifth of a page of 100 cards. Searches
    take turns on an engine (Engine._read_lock): not made for concurrent use.
    """

    def __init__(self, chars: int = DIFF_CACHE_CHARS) -> None:
        self.chars = chars
        self._kept: OrderedDict[tuple[int, int], tuple[str, tuple[tuple[str, str, str], ...]]] = OrderedDict()
        self._size = 0

    def get(self, leader: int, other: int) -> tuple[str, list[dict[str, str]]] | None:
        """Return (the other paragraph's anchor, the diff from the leader to it), new dicts, or None."""
        found = self._kept.get((leader, other))
        if found is None:
            return None
        self._kept.move_to_end((leader, other))
        return found[0], [{"op": op, "draft": draft, "match": match} for op, draft, match in found[1]]

    def put(self, leader: int, other: int, anchor: str, diff: list[dict[str, str]]
            ) -> tuple[str, list[dict[str, str]]]:
        """Keep a diff (a copy: the caller's list stays its own); return (anchor, diff) as given."""
        runs = tuple((run["op"], run["draft"], run["match"]) for run in diff)
        size = _kept_size(anchor, runs)
        if size <= self.chars and (leader, other) not in self._kept:
            self._kept[(leader, other)] = (anchor, runs)
            self._size += size
            while self._size > self.chars:
                _, old = self._kept.popitem(last=False)
                self._size -= _kept_size(*old)
        return anchor, diff


def _kept_size(anchor: str, runs: tuple[tuple[str, str, str], ...]) -> int:
    """Return what a kept diff counts for in DiffCache's budget: its characters and DIFF_OVERHEAD."""
    return DIFF_OVERHEAD + len(anchor) + sum(len(d) + len(m) for _, d, m in runs)


@dataclass(frozen=True)
class WordingGroups:
    """The wording group of every document of a generation, and its wording (-1: none)."""

    group: np.ndarray    # int64 (documents): a cluster number, or clusters + docnum for a paragraph outside any
    wording: np.ndarray  # int64 (documents): the wording number, -1 for a paragraph without words
    size: int            # group numbers run from 0 to size - 1
    # The row of each document in the wording tables (-1: none) and each row's anchor: a version's
    # anchor without reading its record (only a variant's text is read, for its diff).
    row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    anchors: tuple[str, ...] = ()

    def anchor(self, docnum: int) -> str | None:
        """Return a document's anchor from the wording tables, or None when they do not hold it."""
        row = int(self.row[docnum]) if docnum < len(self.row) else -1
        return self.anchors[row] if row >= 0 else None

    @classmethod
    def from_tables(cls, tables: Any, documents: int) -> WordingGroups:
        """Return the groups of a generation's ``documents`` from its French wording tables."""
        clusters = int(tables.wording_cluster.max()) + 1 if len(tables.wording_cluster) else 0
        group = clusters + np.arange(documents, dtype=np.int64)
        wording = np.full(documents, -1, dtype=np.int64)
        row = np.full(documents, -1, dtype=np.int64)
        row_docnum = np.asarray(tables.row_docnum)
        inside = np.flatnonzero(row_docnum < documents)
        row[row_docnum[inside]] = inside
        row_wording = np.asarray(tables.row_wording)
        has = np.flatnonzero(row_wording >= 0)
        docs = row_docnum[has]
        inside = docs < documents
        docs, rows = docs[inside], row_wording[has][inside]
        wording[docs] = rows
        group[docs] = np.asarray(tables.wording_cluster)[rows]
        return cls(group, wording, clusters + documents, row, tuple(getattr(tables, "anchors", ())))

    @classmethod
    def singletons(cls, documents: int) -> WordingGroups:
        """Return groups of one document each (an index without wording tables)."""
        return cls(np.arange(documents, dtype=np.int64), np.full(documents, -1, dtype=np.int64), documents)

    def latest(self, eligible: np.ndarray, dates: np.ndarray, seq: np.ndarray) -> np.ndarray:
        """Return, for each group, its newest eligible document (adoption date, then reading order), or -1."""
        docs = np.flatnonzero(eligible[:len(self.group)])
        group = self.group[docs]
        order = np.lexsort((seq[docs], dates[docs], group))
        docs, group = docs[order], group[order]
        last = np.flatnonzero(np.append(np.diff(group) != 0, True)) if len(docs) else np.zeros(0, dtype=np.int64)
        out = np.full(self.size, -1, dtype=np.int64)
        out[group[last]] = docs[last]
        return out

    def count(self, docs: np.ndarray) -> int:
        """Return how many groups the documents ``docs`` fall into."""
        seen = np.zeros(self.size, dtype=bool)
        seen[self.group[docs]] = True
        return int(seen.sum())

    def first_groups(self, ranked: np.ndarray) -> np.ndarray:
        """Return the groups of ranked documents in the order of their first document."""
        groups = self.group[ranked]
        _, first = np.unique(groups, return_index=True)
        return groups[np.sort(first)]


@dataclass(frozen=True)
class Version:
    """Another paragraph of a card: where it is, when it was adopted, and how it differs from the leader."""

    symbol: str
    anchor: str
    adopted: str | None
    identical: bool
    # The word diff from the leader's text to this one's (variants listed only), as the finder gives it.
    diff: list[dict[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Return how many words differ from the leader (0 for an identical wording)."""
        return sum(len(run["draft"].split()) + len(run["match"].split()) for run in self.diff if run["op"] != "equal")

    def to_json(self) -> dict[str, Any]:
        """Return the version as the API gives it."""
        out: dict[str, Any] = {"symbol": self.symbol, "anchor": self.anchor, "adopted": self.adopted,
                               "identical": self.identical}
        if not self.identical:
            out["changed"] = self.changed
            out["diff"] = self.diff
        return out


@dataclass(frozen=True)
class Card:
    """The paragraphs of one wording among the results: how many, in how many resolutions, from when to when."""

    paragraphs: int
    resolutions: int
    # The oldest and newest resolutions of the card: (symbol, adoption date).
    earliest: tuple[str, str | None]
    latest: tuple[str, str | None]
    # The other paragraphs, newest first (VERSIONS_LISTED at most; ``paragraphs`` counts them all).
    versions: list[Version]
    # A newer adopted paragraph of the same wording that is not among the results (a filter or a
    # query word leaves it out): the reader copying the leader is told the wording moved on.
    newer: Version | None = None

    @property
    def label(self) -> str:
        """Say it in French: "même libellé dans 3 résolutions, de A/RES/76/172 (2021) à A/RES/80/218 (2025)"."""
        if self.paragraphs <= 1:
            return ""

        def named(end: tuple[str, str | None]) -> str:
            # A Council symbol carries its year already: "S/RES/2825 (2026)".
            if not end[1] or end[0].endswith(f"({end[1][:4]})"):
                return end[0]
            return f"{end[0]} ({end[1][:4]})"

        if self.resolutions <= 1:
            return f"même libellé dans {self.paragraphs} paragraphes de {named(self.latest)}"
        return f"même libellé dans {self.resolutions} résolutions, de {named(self.earliest)} à {named(self.latest)}"

    def to_json(self) -> dict[str, Any]:
        """Return the card as the API gives it, beside its leading hit."""
        return {"paragraphs": self.paragraphs, "resolutions": self.resolutions, "label": self.label,
                "earliest": {"symbol": self.earliest[0], "adopted": self.earliest[1]},
                "latest": {"symbol": self.latest[0], "adopted": self.latest[1]},
                "versions": [v.to_json() for v in self.versions],
                "versions_listed": len(self.versions),
                "newer": self.newer.to_json() if self.newer is not None else None}


def newest_first(docs: np.ndarray, dates: np.ndarray, symbols: list[str]) -> list[int]:
    """Return documents newest first: adoption date (YYYYMMDD, higher first), then symbol, then document number."""
    return [d for _, _, d in sorted(zip((-dates).tolist(), symbols, docs.tolist(), strict=True))]
