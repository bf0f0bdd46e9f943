"""Build the wording tables of a collection: word ids, distinct wordings, MinHash signatures, clusters.

Paragraphs with the very same words share one *wording*; signatures and
clusters are computed per wording, and each paragraph (a *row*) points to its
wording. Everything is numpy arrays (saved beside the index by
:mod:`indexer.store.wording`), except the word list and the rows' anchors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

import numpy as np

from indexer.wording.clusters import BANDS, CLUSTER_SIMILARITY, cluster
from indexer.wording.measure import lcs_with, match_masks
from indexer.wording.minhash import band_keys, shingles, signatures, word_keys, wording_keys
from indexer.wording.words import normalised

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
    # Place in reading order (the index's seq): decides between rows of one date, whatever their docnum.
    order: int = 0


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
    word_keys: np.ndarray             # uint32 (words): the hash of each word the signatures are made of
    wording_keys: np.ndarray          # uint64 (wordings): the hash of each wording's words (clusters' leaders)

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


class _Numbering(dict):
    """Number keys in the order they are first looked up: ``d[k]`` is ``d.setdefault(k, len(d))``."""

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


def build_tables(rows: Sequence[Row]) -> Tables:
    """Return the wording tables of a collection of paragraphs."""
    vocabulary: dict[str, int] = _Numbering()
    word_id = vocabulary.__getitem__
    wordings: dict[tuple[int, ...], int] = {}
    row_wording = np.full(len(rows), -1, dtype=np.int32)
    symbol_ids: dict[str, int] = {}
    row_symbol = np.zeros(len(rows), dtype=np.int32)
    for i, row in enumerate(rows):
        row_symbol[i] = symbol_ids.setdefault(row.symbol, len(symbol_ids))
        # Each word's number looked up in C (map over the dictionary's own lookup): a Python
        # generator step per word was a fifth of the wording tables.
        ids = tuple(map(word_id, normalised(row.text)))
        if ids:
            row_wording[i] = wordings.setdefault(ids, len(wordings))
    lengths = np.fromiter((len(k) for k in wordings), dtype=np.int64, count=len(wordings))
    offsets = np.zeros(len(wordings) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    tokens = np.fromiter((w for k in wordings for w in k), dtype=np.uint32, count=int(offsets[-1]))
    del wordings
    keys = word_keys(vocabulary)
    values, first = shingles(keys[tokens], offsets)
    sig = signatures(values, first)
    del values, first
    leaders = wording_keys(keys[tokens], offsets)
    wording_cluster = cluster(tokens, offsets, sig, leaders=leaders)
    return assemble(tuple(vocabulary), keys, tokens, offsets, sig, wording_cluster, row_wording, _row_arrays(rows),
                    row_symbol, tuple(symbol_ids), leaders)


def _row_arrays(rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    return (np.array([r.docnum for r in rows], dtype=np.int64), np.array([r.date for r in rows], dtype=np.int32),
            np.array([r.order for r in rows], dtype=np.int64), tuple(r.anchor for r in rows))


def assemble(words: tuple[str, ...], keys: np.ndarray, tokens: np.ndarray, offsets: np.ndarray, sig: np.ndarray,
             wording_cluster: np.ndarray, row_wording: np.ndarray,
             row_arrays: tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]], row_symbol: np.ndarray,
             symbols: tuple[str, ...], leaders: np.ndarray) -> Tables:
    """Return the tables of wordings already clustered: each row's place, each cluster's counts and earliest row.

    ``row_arrays``: each row's docnum, date, place in reading order, anchor.
    """
    row_docnum, row_date, row_order, anchors = row_arrays
    has = np.flatnonzero(row_wording >= 0)
    clusters = int(wording_cluster.max()) + 1 if len(wording_cluster) else 0
    row_cluster = wording_cluster[row_wording[has]]
    chronological = has[np.lexsort((row_docnum[has], row_order[has], row_date[has]))]
    # The first row of each cluster (resp. the last of each wording) in chronological order.
    earliest = np.full(clusters, -1, dtype=np.int32)
    earliest[wording_cluster[row_wording[chronological]][::-1]] = chronological[::-1]
    latest = np.full(len(offsets) - 1, -1, dtype=np.int32)
    latest[row_wording[chronological]] = chronological
    pairs = np.unique(row_cluster.astype(np.int64) * (len(symbols) + 1) + row_symbol[has])
    return Tables(
        words=words, tokens=tokens, offsets=offsets, signatures=sig,
        wording_cluster=wording_cluster, wording_latest=latest, row_wording=row_wording,
        row_docnum=row_docnum, row_symbol=row_symbol, row_date=row_date,
        symbols=symbols, anchors=anchors,
        cluster_paragraphs=np.bincount(row_cluster, minlength=clusters).astype(np.int32),
        cluster_resolutions=np.bincount(pairs // (len(symbols) + 1), minlength=clusters).astype(np.int32),
        cluster_earliest=earliest, word_keys=keys, wording_keys=leaders,
    )


def update_tables(old: Tables, keep: np.ndarray, old_order: np.ndarray, new_rows: Sequence[Row]
                  ) -> tuple[Tables, np.ndarray]:
    """Return the tables of ``old``'s rows where ``keep`` is true followed by ``new_rows``, as build_tables gives them.

    Nothing is computed again for what did not change: the words and
    wordings kept keep their ids and signatures, and only the clusters a
    change can reach are formed again (see :func:`recluster`). ``old_order``
    is each old row's place in reading order. Word, wording and cluster
    numbers differ from a rebuild's; what they hold is the same. Also
    returns the old wordings kept, in order: the new tables' first wordings
    (the span index moves their shingles rather than hash them again).
    """
    words = list(old.words)
    vocabulary = dict(old.vocabulary_map)
    n_old_words = len(words)
    old_offsets = np.asarray(old.offsets)
    old_tokens = np.asarray(old.tokens)
    old_keys = np.asarray(old.word_keys)
    old_wkeys = np.asarray(old.wording_keys)
    n_wordings = len(old_offsets) - 1
    # The words of each new row, as ids (new words after the old ones).
    row_ids = [tuple(_word_id(vocabulary, words, w) for w in normalised(row.text)) for row in new_rows]
    keys_all = np.concatenate([old_keys, word_keys(words[n_old_words:])]).astype(np.uint32)
    # Each distinct word sequence once, in order of first use, and its wording: an old one (revived if
    # its rows were all deleted) or a new one. The old wording of a sequence is the first with its key
    # (looked up all at once among the sorted keys) that holds these very words.
    distinct: dict[tuple[int, ...], int] = {}
    for ids in row_ids:
        if ids:
            distinct.setdefault(ids, len(distinct))
    sequences = list(distinct)
    candidate = _first_with_key(old_wkeys, _keys_of(sequences, keys_all))
    new_ids: list[tuple[int, ...]] = []
    wording_of = np.full(len(sequences), -1, dtype=np.int64)
    for j, (ids, w) in enumerate(zip(sequences, candidate.tolist(), strict=True)):
        if w >= 0 and old_tokens[old_offsets[w]:old_offsets[w + 1]].tolist() == list(ids):
            wording_of[j] = w
        else:
            wording_of[j] = n_wordings + len(new_ids)
            new_ids.append(ids)
    new_row_wording = np.array([wording_of[distinct[ids]] if ids else -1 for ids in row_ids], dtype=np.int64)
    old_row_wording = np.asarray(old.row_wording)
    used = np.zeros(n_wordings, dtype=bool)
    used[old_row_wording[keep & (old_row_wording >= 0)]] = True
    revived = new_row_wording[(new_row_wording >= 0) & (new_row_wording < n_wordings)]
    used[revived] = True
    kept = np.flatnonzero(used)
    # Old wordings kept, in their order, then the new ones.
    remap = np.full(n_wordings + len(new_ids), -1, dtype=np.int64)
    remap[kept] = np.arange(len(kept))
    remap[n_wordings:] = np.arange(len(kept), len(kept) + len(new_ids))
    lengths = np.concatenate([np.diff(old_offsets)[kept], np.array([len(t) for t in new_ids], dtype=np.int64)])
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    # The kept wordings' words, in order: one mask over the old words (not an index per word).
    tokens = np.concatenate([old_tokens[np.repeat(used, np.diff(old_offsets))],
                             np.fromiter((w for t in new_ids for w in t), dtype=np.uint32,
                                         count=int(lengths[len(kept):].sum()))]).astype(np.uint32, copy=False)
    added_offsets = offsets[len(kept):] - offsets[len(kept)]
    if new_ids:
        values, first = shingles(keys_all[tokens[offsets[len(kept)]:]], added_offsets)
        added_sig = signatures(values, first)
    else:
        added_sig = np.zeros((0, np.asarray(old.signatures).shape[1]), dtype=np.uint32)
    sig = np.concatenate([np.asarray(old.signatures)[kept], added_sig])
    wkeys = np.concatenate([old_wkeys[kept], wording_keys(keys_all[tokens[offsets[len(kept)]:]], added_offsets)])
    wording_cluster = recluster(tokens, offsets, sig, wkeys, np.asarray(old.signatures), old_wkeys,
                                np.asarray(old.wording_cluster), kept)
    symbols = list(old.symbols)
    symbol_ids = {s: i for i, s in enumerate(symbols)}
    new_symbol = np.array([symbol_ids.setdefault(r.symbol, len(symbol_ids)) for r in new_rows], dtype=np.int32)
    symbols.extend(list(symbol_ids)[len(symbols):])
    row_wording = np.concatenate([np.where(old_row_wording[keep] >= 0, remap[np.maximum(old_row_wording[keep], 0)], -1),
                                  np.where(new_row_wording >= 0, remap[np.maximum(new_row_wording, 0)], -1)])
    anchors = tuple(compress(old.anchors, keep.tolist())) + tuple(r.anchor for r in new_rows)
    row_arrays = (np.concatenate([np.asarray(old.row_docnum)[keep], [r.docnum for r in new_rows]]).astype(np.int64),
                  np.concatenate([np.asarray(old.row_date)[keep], [r.date for r in new_rows]]).astype(np.int32),
                  np.concatenate([old_order[keep], [r.order for r in new_rows]]).astype(np.int64), anchors)
    row_symbol = np.concatenate([np.asarray(old.row_symbol)[keep], new_symbol]).astype(np.int32)
    return assemble(tuple(words), keys_all, tokens, offsets, sig, wording_cluster, row_wording.astype(np.int32),
                    row_arrays, row_symbol, tuple(symbols), wkeys), kept


def _keys_of(sequences: list[tuple[int, ...]], keys: np.ndarray) -> np.ndarray:
    """Return the wording key of each word-id sequence (none empty), ``keys`` being each word id's key."""
    lengths = np.fromiter((len(t) for t in sequences), dtype=np.int64, count=len(sequences))
    offsets = np.zeros(len(sequences) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.fromiter((w for t in sequences for w in t), dtype=np.int64, count=int(offsets[-1]))
    return wording_keys(keys[flat], offsets)


def _first_with_key(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Return, for each wanted key, the first index of ``keys`` holding it, or -1."""
    if not len(keys) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    at = np.minimum(np.searchsorted(ranked, wanted, side="left"), len(order) - 1)
    return np.where(ranked[at] == wanted, order[at], -1)


def _word_id(vocabulary: dict[str, int], words: list[str], word: str) -> int:
    j = vocabulary.get(word)
    if j is None:
        j = vocabulary[word] = len(words)
        words.append(word)
    return j


def _buckets(column: np.ndarray, leaders: np.ndarray, wanted: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the texts of the buckets whose band key is wanted, leader first (smallest key), bucket by bucket.

    (texts in bucket order, where each bucket starts and stops in it, each bucket's band key.)
    """
    texts = np.flatnonzero(np.isin(column, wanted))
    if not len(texts):
        none = np.zeros(0, dtype=np.int64)
        return none, none, none, column[none]
    order = texts[np.lexsort((leaders[texts], column[texts]))]
    ranked = column[order]
    starts = np.flatnonzero(np.concatenate([[True], ranked[1:] != ranked[:-1]])).astype(np.int64)
    stops = np.concatenate([starts[1:], [len(order)]]).astype(np.int64)
    return order, starts, stops, ranked[starts]


def _dissolve_releadered(keys: np.ndarray, old_keys: np.ndarray, wkeys: np.ndarray, old_wkeys: np.ndarray,
                         fresh: np.ndarray, removed: np.ndarray, old_index: np.ndarray, old_cluster: np.ndarray,
                         dissolved: np.ndarray) -> None:
    """Mark dissolved, for one band, the old clusters of the wordings in a bucket whose leader changed.

    Only the buckets a change reached (those of new and removed wordings) are looked at, with their
    leaders before and after.
    """
    changed = np.union1d(keys[fresh], old_keys[removed])
    if not len(changed):
        return
    before = _buckets(old_keys, old_wkeys, changed)
    old_leader = {int(k): int(before[0][lo]) for k, lo in zip(before[3].tolist(), before[1].tolist(), strict=True)}
    order, starts, stops, ranked = _buckets(keys, wkeys, changed)
    for lo, hi, key in zip(starts.tolist(), stops.tolist(), ranked.tolist(), strict=True):
        if old_leader.get(key) != old_index[order[lo]]:
            members = old_index[order[lo:hi]]
            dissolved[old_cluster[members[members >= 0]]] = True


def _root(parent: np.ndarray, x: int) -> int:
    """Return the root of a wording in the union-find forest, halving the path on the way."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = int(parent[x])
    return x


def _join_open(keys: np.ndarray, wkeys: np.ndarray, open_: np.ndarray, tokens: np.ndarray, offsets: np.ndarray,
               threshold: float, parent: np.ndarray, tried: set[tuple[int, int]]) -> None:
    """Join, for one band, each open wording to its bucket's leader when they are as alike as ``threshold``.

    An edge is tried once (``tried``, across bands); a standing leader is compared with its open members only.
    """
    lengths = np.diff(offsets)
    order, starts, stops, _ = _buckets(keys, wkeys, np.unique(keys[open_]))
    for lo, hi in zip(starts.tolist(), stops.tolist(), strict=True):
        if hi - lo < 2:
            continue
        leader = int(order[lo])
        members = order[lo + 1:hi]
        if not open_[leader]:
            members = members[open_[members]]
        a = tokens[offsets[leader]:offsets[leader + 1]].tolist()
        masks = None
        for x in members.tolist():
            if (leader, x) in tried or _root(parent, x) == _root(parent, leader):
                continue
            tried.add((leader, x))
            m = int(lengths[x])
            if 2 * min(m, len(a)) < threshold * (m + len(a)):
                continue
            if masks is None:
                masks = match_masks(a)
            if 2 * lcs_with(masks, len(a), tokens[offsets[x]:offsets[x + 1]].tolist()) >= threshold * (m + len(a)):
                parent[_root(parent, x)] = _root(parent, leader)


def recluster(tokens: np.ndarray, offsets: np.ndarray, sig: np.ndarray, wkeys: np.ndarray,
              old_sig: np.ndarray, old_wkeys: np.ndarray, old_cluster: np.ndarray, kept: np.ndarray,
              threshold: float = CLUSTER_SIMILARITY, bands: int = BANDS) -> np.ndarray:
    """Return the clusters :func:`cluster` gives the new wordings, forming again only those a change reaches.

    The clusters are the connected wordings, an edge joining a bucket's
    leader to a member as alike as ``threshold``. The old wordings ``kept``
    come first in the new numbering, the new ones after. An old cluster
    stands unless it lost a wording, or one of its wordings sits in a bucket
    whose leader changed (an edge it relied on may be gone): those are
    dissolved. Then every edge a new or dissolved wording is in is tried.
    """
    n, n_old, n_kept = len(offsets) - 1, len(old_wkeys), len(kept)
    if not n:
        return np.zeros(0, dtype=np.int32)
    old_index = np.full(n, -1, dtype=np.int64)
    old_index[:n_kept] = kept
    new_of_old = np.full(n_old, -1, dtype=np.int64)
    new_of_old[kept] = np.arange(n_kept)
    removed = new_of_old < 0
    dissolved = np.zeros(int(old_cluster.max()) + 1 if n_old else 0, dtype=bool)
    dissolved[old_cluster[removed]] = True
    old_keys = band_keys(old_sig, bands) if n_old else np.zeros((0, bands), dtype=np.uint64)
    keys = np.concatenate([old_keys[kept], band_keys(sig[n_kept:], bands)])
    fresh = np.zeros(n, dtype=bool)
    fresh[n_kept:] = True
    for b in range(bands):
        _dissolve_releadered(keys[:, b], old_keys[:, b], wkeys, old_wkeys, fresh, removed, old_index, old_cluster,
                             dissolved)
    open_ = fresh.copy()
    open_[:n_kept] = dissolved[old_cluster[kept]]
    parent = np.arange(n)
    # Old clusters that stand: one root each.
    standing = np.flatnonzero(~open_)
    if len(standing):
        _, first, inverse = np.unique(old_cluster[kept[standing]], return_index=True, return_inverse=True)
        parent[standing] = standing[first][inverse]
    tried: set[tuple[int, int]] = set()
    for b in range(bands):
        _join_open(keys[:, b], wkeys, open_, tokens, offsets, threshold, parent, tried)
    while True:  # every wording to its root, by pointer jumping
        jumped = parent[parent]
        if np.array_equal(jumped, parent):
            break
        parent = jumped
    _, dense = np.unique(parent, return_inverse=True)
    return dense.astype(np.int32)
