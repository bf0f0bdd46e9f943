"""Build the wording tables of a collection: word ids, distinct wordings, MinHash signatures, clusters.

Paragraphs with the very same words share one *wording*; signatures and
clusters are computed per wording, and each paragraph (a *row*) points to its
wording. Everything is numpy arrays (saved beside the index by
:mod:`indexer.store.wording`), except the word list and the rows' anchors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.similar.clusters import cluster
from indexer.similar.minhash import shingles, signatures
from indexer.similar.words import normalised

# Sorts after every date: a resolution whose date is unknown is never "the earliest".
NO_DATE = 99_999_999


@dataclass(frozen=True)
class Row:
    """One paragraph of the collection, as the tables are built from it."""

    docnum: int
    symbol: str
    anchor: str
    text: str
    # Date of adoption as YYYYMMDD (NO_DATE when unknown), to name the earliest use of a wording.
    date: int = NO_DATE


@dataclass(frozen=True)
class Tables:
    """The wording tables of a collection (arrays indexed by wording, row or cluster)."""

    words: tuple[str, ...]            # word id → folded word
    tokens: np.ndarray                # uint32: the word ids of every wording, one after the other
    offsets: np.ndarray               # int64 (wordings + 1): where each wording's words start
    signatures: np.ndarray            # uint32 (wordings × PERMUTATIONS)
    wording_cluster: np.ndarray       # int32 (wordings)
    wording_latest: np.ndarray        # int32 (wordings): the most recent row with this wording
    row_wording: np.ndarray           # int32 (rows): -1 for a paragraph without words
    row_docnum: np.ndarray            # int64 (rows): the Whoosh document number
    row_symbol: np.ndarray            # int32 (rows): index into ``symbols``
    row_date: np.ndarray              # int32 (rows): YYYYMMDD
    symbols: tuple[str, ...]
    anchors: tuple[str, ...]          # per row
    cluster_paragraphs: np.ndarray    # int32 (clusters): paragraphs with a wording of the cluster
    cluster_resolutions: np.ndarray   # int32 (clusters): resolutions holding one
    cluster_earliest: np.ndarray      # int32 (clusters): the earliest such row

    @property
    def vocabulary_map(self) -> dict[str, int]:
        """Return word → id (built once per tables)."""
        cached = self.__dict__.get("_vocabulary")
        if cached is None:
            cached = {w: i for i, w in enumerate(self.words)}
            object.__setattr__(self, "_vocabulary", cached)
        return cached

    def wording_ids(self, wording: int) -> list[int]:
        """Return the word ids of one wording."""
        return self.tokens[self.offsets[wording]:self.offsets[wording + 1]].tolist()

    def cluster_of_row(self, row: int) -> int:
        """Return the cluster of a row's wording, or -1 for a paragraph without words."""
        wording = int(self.row_wording[row])
        return int(self.wording_cluster[wording]) if wording >= 0 else -1

    def cluster_rows(self, number: int) -> np.ndarray:
        """Return the rows whose wording is in a cluster, earliest first."""
        wordings = np.flatnonzero(self.wording_cluster == number)
        rows = np.flatnonzero(np.isin(self.row_wording, wordings))
        return rows[np.lexsort((self.row_docnum[rows], self.row_date[rows]))]


def build_tables(rows: Sequence[Row]) -> Tables:
    """Return the wording tables of a collection of paragraphs."""
    vocabulary: dict[str, int] = {}
    wordings: dict[tuple[int, ...], int] = {}
    row_wording = np.full(len(rows), -1, dtype=np.int32)
    symbol_ids: dict[str, int] = {}
    row_symbol = np.zeros(len(rows), dtype=np.int32)
    for i, row in enumerate(rows):
        row_symbol[i] = symbol_ids.setdefault(row.symbol, len(symbol_ids))
        ids = tuple(vocabulary.setdefault(w, len(vocabulary)) for w in normalised(row.text))
        if ids:
            row_wording[i] = wordings.setdefault(ids, len(wordings))
    lengths = np.fromiter((len(k) for k in wordings), dtype=np.int64, count=len(wordings))
    offsets = np.zeros(len(wordings) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    tokens = np.fromiter((w for k in wordings for w in k), dtype=np.uint32, count=int(offsets[-1]))
    del wordings
    values, first = shingles(tokens, offsets)
    sig = signatures(values, first)
    del values, first
    wording_cluster = cluster(tokens, offsets, sig)
    row_docnum = np.array([r.docnum for r in rows], dtype=np.int64)
    row_date = np.array([r.date for r in rows], dtype=np.int32)
    has = np.flatnonzero(row_wording >= 0)
    clusters = int(wording_cluster.max()) + 1 if len(wording_cluster) else 0
    row_cluster = wording_cluster[row_wording[has]]
    chronological = has[np.lexsort((row_docnum[has], row_date[has]))]
    # The first row of each cluster (resp. the last of each wording) in chronological order.
    earliest = np.full(clusters, -1, dtype=np.int32)
    earliest[wording_cluster[row_wording[chronological]][::-1]] = chronological[::-1]
    latest = np.full(len(offsets) - 1, -1, dtype=np.int32)
    latest[row_wording[chronological]] = chronological
    pairs = np.unique(row_cluster.astype(np.int64) * (len(symbol_ids) + 1) + row_symbol[has])
    return Tables(
        words=tuple(vocabulary), tokens=tokens, offsets=offsets, signatures=sig,
        wording_cluster=wording_cluster, wording_latest=latest, row_wording=row_wording,
        row_docnum=row_docnum, row_symbol=row_symbol, row_date=row_date,
        symbols=tuple(symbol_ids), anchors=tuple(r.anchor for r in rows),
        cluster_paragraphs=np.bincount(row_cluster, minlength=clusters).astype(np.int32),
        cluster_resolutions=np.bincount(pairs // (len(symbol_ids) + 1), minlength=clusters).astype(np.int32),
        cluster_earliest=earliest,
    )
