"""Find the spans of a draft that an existing paragraph already says word for word (issue 26).

The *span index* maps every run of ``K`` consecutive folded words (a shingle)
of every wording of the collection (:mod:`indexer.wording.tables`) to where it
stands in the wording tables' ``tokens`` array. It is a pair of arrays sorted
by shingle hash, built with the index and memory-mapped, so that a draft's
shingles are looked up with one binary search each, never a scan.

A draft paragraph (its words folded as :mod:`indexer.wording.words` folds
them: case, accents, apostrophes, spacing) is matched in four steps:

1. every shingle of the draft is looked up: each hit is a place in a wording;
2. hits of one wording on one diagonal (token position minus draft position)
   at consecutive draft positions form a *run*: the draft's words from the
   run's first shingle to the end of its last occur there, in a row;
3. each run is checked word for word against the wording's tokens, so that a
   hash collision never yields a false "agreed";
4. the runs not contained in a longer one are the draft's *maximal spans*,
   each with every wording that carries it.

Near-verbatim spans (one or two words changed) are found by aligning the
draft with a few candidate wordings (:func:`near_spans`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np

from indexer.wording.minhash import _mix
from indexer.wording.tables import Tables

# Words per shingle: the shortest span the index can find.
K = 6
# Most words changed in a near-verbatim span, and fewest words it must share with the wording.
NEAR_CHANGES = 2
NEAR_MIN_SHARED = K
_SEED = np.uint64(0x9E3779B97F4A7C15)
# Most shingle hits read for one draft paragraph. A paragraph repeating boilerplate thousands of times would
# otherwise make hundreds of millions (memory); beyond this each shingle keeps its first hits, in token order,
# so that consecutive shingles keep the same wordings and still form runs.
MAX_HITS = 2_000_000


@dataclass(frozen=True)
class SpanIndex:
    """The shingles of every wording, sorted by hash, and the rows of each wording."""

    keys: np.ndarray          # uint64 (shingles), sorted: the hash of K consecutive word ids
    positions: np.ndarray     # uint32 (shingles): where the shingle's first word stands in Tables.tokens
    wording_rows: np.ndarray  # int32 (rows with words): rows grouped by wording
    wording_start: np.ndarray  # int64 (wordings + 1): where each wording's rows start in wording_rows

    def rows_of(self, wording: int) -> np.ndarray:
        """Return the rows (paragraphs) whose wording is ``wording``."""
        return self.wording_rows[self.wording_start[wording]:self.wording_start[wording + 1]]


@dataclass(frozen=True)
class Span:
    """Draft words [start, stop) found word for word in each of ``wordings``."""

    start: int
    stop: int
    wordings: tuple[int, ...]


@dataclass(frozen=True)
class NearSpan:
    """Draft words [start, stop) found in ``wording`` with at most NEAR_CHANGES words changed."""

    start: int
    stop: int
    wording: int
    # Each change: (draft word positions [a, b), wording token positions [c, d) within the wording).
    changes: tuple[tuple[int, int, int, int], ...]
    # Where the span's counterpart stands in the wording: token positions [first, last) within the wording.
    first: int
    last: int


def shingle_hashes(ids: np.ndarray, k: int = K) -> np.ndarray:
    """Return the hash of each run of ``k`` consecutive word ids (one per start position, ``len - k + 1``)."""
    ids = np.asarray(ids, dtype=np.uint64)
    count = len(ids) - k + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.full(count, _SEED, dtype=np.uint64)
    for t in range(k):
        h = _mix(h ^ ids[t:t + count])
    return h


def build_span_index(tables: Tables, k: int = K) -> SpanIndex:
    """Return the span index of a collection's wording tables."""
    tokens, offsets = tables.tokens, np.asarray(tables.offsets)
    if len(tokens) >= 2**32:
        raise ValueError("trop de mots pour l'index des passages (positions sur 32 bits)")
    keys, positions = _sorted_shingles(tokens, offsets, k)
    return SpanIndex(keys, positions.astype(np.uint32), *_wording_rows(tables))


def update_span_index(old: SpanIndex, old_offsets: np.ndarray, tables: Tables, kept: np.ndarray,
                      k: int = K) -> SpanIndex:
    """Return the span index of updated wording tables from the previous tables' one, as build_span_index gives it.

    ``tables`` are the previous tables updated (:func:`indexer.wording.tables.update_tables`):
    its first wordings are the previous wordings ``kept``, with the same
    word ids in the same order, the new ones after them. The shingles of the
    kept wordings keep their hashes and only move (their wording's new
    start); those of dropped wordings go; the new wordings' shingles are
    hashed and merged in after the kept ones of equal hash, which is where
    a build's stable sort by hash puts them (after every smaller position).
    Seconds saved on the default collection: the collection's shingles are
    neither hashed nor sorted again (issue 27).
    """
    tokens, offsets = tables.tokens, np.asarray(tables.offsets)
    if len(tokens) >= 2**32:
        raise ValueError("trop de mots pour l'index des passages (positions sur 32 bits)")
    old_offsets = np.asarray(old_offsets, dtype=np.int64)
    n_kept = len(kept)
    dropped = np.ones(len(old_offsets) - 1, dtype=bool)
    dropped[np.asarray(kept, dtype=np.int64)] = False
    gone = np.flatnonzero(dropped)
    old_keys, moved = np.asarray(old.keys), np.asarray(old.positions).astype(np.int64)
    if len(gone):
        # The kept wordings stay in order, packed: a shingle moves back by the words of the dropped
        # wordings before it. Looked up among the dropped wordings' bounds (few), not per word.
        bounds = np.stack([old_offsets[gone], old_offsets[gone + 1]], axis=1).ravel()
        at = np.searchsorted(bounds, moved, side="right")
        stay = at % 2 == 0
        before = np.concatenate([[0], np.cumsum(old_offsets[gone + 1] - old_offsets[gone])])
        old_keys = old_keys[stay]
        moved = moved[stay] - before[at[stay] // 2]
        del at, stay
    base = int(offsets[n_kept])
    new_keys, new_positions = _sorted_shingles(tokens[base:], offsets[n_kept:] - base, k)
    where = np.searchsorted(old_keys, new_keys, side="right")
    keys = np.insert(old_keys, where, new_keys)
    positions = np.insert(moved, where, new_positions + base).astype(np.uint32)
    return SpanIndex(keys, positions, *_wording_rows(tables))


def _sorted_shingles(tokens: np.ndarray, offsets: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the hashes of the shingles within each wording, sorted (stable), and each one's token position."""
    hashes = shingle_hashes(tokens, k)
    # A shingle must not run across two wordings: it starts at least k words before its wording's end.
    lengths = np.diff(offsets)
    ends = np.repeat(offsets[1:], lengths)[:len(hashes)]
    valid = np.flatnonzero(np.arange(len(hashes), dtype=np.int64) + k <= ends)
    del ends
    hashes = hashes[valid]
    order = np.argsort(hashes, kind="stable")
    keys = hashes[order]
    del hashes
    return keys, valid[order]


def _wording_rows(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Return the rows grouped by wording, and where each wording's rows start."""
    offsets = np.asarray(tables.offsets)
    row_wording = np.asarray(tables.row_wording)
    has = np.flatnonzero(row_wording >= 0)
    grouped = has[np.argsort(row_wording[has], kind="stable")].astype(np.int32)
    counts = np.bincount(row_wording[has], minlength=len(offsets) - 1)
    start = np.zeros(len(offsets), dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    return grouped, start


def draft_array(tables: Tables, norms: list[str]) -> np.ndarray:
    """Return the word ids of a draft's folded words; a word the collection never uses gets -1."""
    vocabulary = tables.vocabulary_map
    return np.fromiter((vocabulary.get(w, -1) for w in norms), dtype=np.int64, count=len(norms))


def runs(tables: Tables, index: SpanIndex, ids: np.ndarray, allowed: np.ndarray | None = None,
         k: int = K, max_hits: int = MAX_HITS) -> np.ndarray:
    """Return the verified runs of a draft in the collection: rows of (wording, start, stop, token position).

    ``ids`` are the draft's word ids (-1 for unknown words); ``allowed``, a
    boolean per wording, keeps only the wordings it marks. Each run says that
    draft words [start, stop) are the wording's tokens from the token
    position on, checked word for word.
    """
    empty = np.zeros((0, 4), dtype=np.int64)
    n = len(ids)
    if n < k:
        return empty
    hashes = shingle_hashes(np.where(ids < 0, 0, ids), k)
    # A shingle holding a word the collection never uses occurs nowhere.
    unknown = np.convolve((ids < 0).astype(np.int64), np.ones(k, dtype=np.int64), mode="valid") > 0
    lo = np.searchsorted(index.keys, hashes, side="left")
    hi = np.searchsorted(index.keys, hashes, side="right")
    counts = np.where(unknown, 0, hi - lo)
    total = int(counts.sum())
    if total > max_hits:
        counts = np.minimum(counts, max(1, max_hits // len(counts)))
        total = int(counts.sum())
    if not total:
        return empty
    where = np.repeat(np.arange(len(hashes), dtype=np.int64), counts)
    first = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
    at = index.positions[first + np.arange(total, dtype=np.int64)].astype(np.int64)
    wording = np.searchsorted(tables.offsets, at, side="right") - 1
    if allowed is not None:
        keep = allowed[wording]
        where, at, wording = where[keep], at[keep], wording[keep]
        if not len(where):
            return empty
    diagonal = at - where
    order = np.lexsort((where, diagonal, wording))
    where, diagonal, wording = where[order], diagonal[order], wording[order]
    breaks = np.flatnonzero((wording[1:] != wording[:-1]) | (diagonal[1:] != diagonal[:-1])
                            | (where[1:] != where[:-1] + 1)) + 1
    heads = np.concatenate([[0], breaks])
    tails = np.concatenate([breaks, [len(where)]]) - 1
    found = np.stack([wording[heads], where[heads], where[tails] + k, diagonal[heads] + where[heads]], axis=1)
    return found[_verified(tables, ids, found)]


def _verified(tables: Tables, ids: np.ndarray, found: np.ndarray) -> np.ndarray:
    """Return which runs hold, word for word, in their wording (a hash collision fails here)."""
    lengths = found[:, 2] - found[:, 1]
    total = int(lengths.sum())
    step = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    draft_at = np.repeat(found[:, 1], lengths) + step
    token_at = np.repeat(found[:, 3], lengths) + step
    same = np.asarray(tables.tokens)[token_at].astype(np.int64) == ids[draft_at]
    bad = np.repeat(np.arange(len(found)), lengths)[~same]
    ok = np.ones(len(found), dtype=bool)
    ok[bad] = False
    return ok


def maximal_spans(found: np.ndarray) -> list[Span]:
    """Return the spans of runs not contained in a longer one, in draft order, each with all its wordings."""
    if not len(found):
        return []
    pairs, inverse = np.unique(found[:, 1:3], axis=0, return_inverse=True)
    # The runs of each (start, stop), grouped once (a draft repeating boilerplate has thousands of spans).
    inverse = inverse.ravel()
    grouped = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[grouped], np.arange(len(pairs) + 1))
    spans = []
    reach = -1
    # By start, longest first: a span is maximal when it ends after every span that starts before it.
    for i in np.lexsort((-pairs[:, 1], pairs[:, 0])).tolist():
        start, stop = int(pairs[i, 0]), int(pairs[i, 1])
        if stop > reach:
            reach = stop
            mine = found[grouped[bounds[i]:bounds[i + 1]], 0]
            spans.append(Span(start, stop, tuple(np.unique(mine).tolist())))
    return spans


def near_spans(tables: Tables, ids: np.ndarray, wordings: list[int], covered: np.ndarray,
               changes: int = NEAR_CHANGES) -> list[NearSpan]:
    """Return spans found in one of ``wordings`` with one to ``changes`` words changed, over words not yet covered.

    The draft is aligned with each candidate wording (difflib's longest
    matching blocks on word ids); blocks separated on both sides by at most
    ``changes`` words are joined while the words changed stay within
    ``changes``. A joined span must share at least NEAR_MIN_SHARED words with
    the wording and hold draft words that no exact span covers.
    """
    found: list[NearSpan] = []
    draft = ids.tolist()
    taken = covered.copy()
    for wording in wordings:
        start, stop = int(tables.offsets[wording]), int(tables.offsets[wording + 1])
        other = np.asarray(tables.tokens[start:stop]).astype(np.int64).tolist()
        blocks = [b for b in difflib.SequenceMatcher(None, draft, other, autojunk=False).get_matching_blocks()
                  if b.size]
        i = 0
        while i < len(blocks):
            group, changed, edits = [blocks[i]], 0, []
            j = i + 1
            while j < len(blocks):
                prev, nxt = group[-1], blocks[j]
                gap_a, gap_b = nxt.a - (prev.a + prev.size), nxt.b - (prev.b + prev.size)
                cost = max(gap_a, gap_b)
                if cost == 0 or cost + changed > changes:
                    break
                changed += cost
                edits.append((prev.a + prev.size, nxt.a, prev.b + prev.size, nxt.b))
                group.append(nxt)
                j += 1
            shared = sum(b.size for b in group)
            s, e = group[0].a, group[-1].a + group[-1].size
            if edits and shared >= NEAR_MIN_SHARED and not taken[s:e].all():
                found.append(NearSpan(s, e, wording, tuple(edits), group[0].b, group[-1].b + group[-1].size))
                taken[s:e] = True
            i = j
    return sorted(found, key=lambda x: x.start)
