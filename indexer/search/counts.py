"""Count facet values over a whole result set with numpy arrays."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

import numpy as np

from indexer.french_text import is_english_only
from indexer.search.catalog import FACETS_BY_NAME, RESOLUTION_FACETS, STORED_RESOLUTION_FACETS
from indexer.search.postings import leaf_postings, live_documents
from indexer.store import whoosh_compat
from indexer.store.record_types import ResolutionRecord
from indexer.store.schema import FACETS, SEQ_STRIDE

# A facet is counted from the result's own documents (or resolutions) when they are fewer
# than its pairs (or all resolutions) divided by this; else by one pass over all its pairs.
SPARSE_RATIO = 4
# Cells (float64, 8 bytes each: 4 MB) of the matrix of a resolution facet's distinct value sets:
# 1,256 sets × 197 States for accepted_by on the default collection (247,432 cells), 1,889 × 194
# for sponsor. Past this many, the facet is counted over its pairs (seven facets: 28 MB at most).
SET_MATRIX_CELLS = 500_000
# A single-valued facet with at most this many values keeps a mask of documents per value
# (kind: 4 masks of a byte per document).
FEW_VALUES = 8


class Bucket(NamedTuple):
    """One value of a facet with its count and whether it is selected.

    A named tuple rather than a dataclass: listing every value of a facet
    over 60,000 resolutions builds as many buckets per search.
    """

    value: str
    count: int
    selected: bool = False
    label: str = ""
    # Resolutions of the result holding the value, for the facets counted by resolution (sponsor,
    # accepted_by); None for the others. ``count`` stays the paragraphs.
    resolutions: int | None = None


class FacetCache:
    """Hold, per reader, the (document, value) pairs of every facet as arrays.

    Pairs are grouped by value: the documents of value i of a facet are
    ``pair_docs[name][offsets[name][i]:offsets[name][i + 1]]``. Resolution
    facets hold (resolution, value) pairs instead, and each document's
    resolution (``doc_res``): a sponsor list of 100 States is 100 pairs per
    resolution, not 100 per paragraph, and counts are paragraph counts
    weighted through the resolution.
    """

    def __init__(self, reader: Any, resolutions: Mapping[str, ResolutionRecord] | None = None) -> None:
        self.doc_count = reader.doc_count_all()
        self.values: dict[str, list[str]] = {}
        self.value_ids: dict[str, dict[str, int]] = {}
        self.pair_docs: dict[str, np.ndarray] = {}
        self.pair_vals: dict[str, np.ndarray] = {}
        self.offsets: dict[str, np.ndarray] = {}
        self.rank: dict[str, np.ndarray] = {}
        self._by_owner: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._single: dict[str, np.ndarray] = {}
        self._sets: dict[str, tuple[np.ndarray, np.ndarray] | None] = {}
        self._by_resolution: dict[str, np.ndarray] = {}
        self._value_masks: dict[str, list[np.ndarray]] = {}
        leaves = list(reader.leaf_readers())
        for name in FACETS:
            values = [term for term, _ in _terms(reader, name)]
            docs_parts: list[np.ndarray] = []
            for term in values:
                parts = [leaf_postings(whoosh_compat.segment_postings(leaf, name, term))[0] + offset
                         for leaf, offset in leaves if (name, term) in leaf]
                docs_parts.append(np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, np.int32))
            lengths = np.array([len(d) for d in docs_parts], dtype=np.int64)
            self.values[name] = values
            self.value_ids[name] = {v: i for i, v in enumerate(values)}
            # Each value's place in alphabetical order, so that buckets sort
            # with numpy rather than by a Python key per value.
            alphabetical = sorted(range(len(values)), key=lambda i, vs=values: (vs[i].casefold(), vs[i]))
            self.rank[name] = np.argsort(np.array(alphabetical, dtype=np.int64)) if values else np.zeros(0, np.int64)
            self.offsets[name] = np.concatenate([[0], np.cumsum(lengths)])
            self.pair_docs[name] = np.concatenate(docs_parts) if docs_parts else np.zeros(0, np.int32)
            self.pair_vals[name] = np.repeat(np.arange(len(values), dtype=np.int32), lengths)
        self.live = live_documents(reader)
        # Document order comes from the "seq" column, read without loading
        # the stored records (which would cost seconds at a million paragraphs).
        if reader.has_column("seq"):
            self.seq = np.array(list(reader.column_reader("seq")), dtype=np.int64)
        else:
            self.seq = np.arange(self.doc_count, dtype=np.int64)
        self._resolution_facets(resolutions or {})

    @classmethod
    def from_arrays(cls, arrays: Any) -> FacetCache:
        """Return a cache over a generation's stored arrays (:mod:`indexer.store.arrays`), built from nothing else."""
        cache = cls.__new__(cls)
        cache.doc_count = arrays.doc_count
        # Copies of the dicts (not of the arrays): the facets derived on opening are not the generation's arrays.
        cache.values = dict(arrays.values)
        cache.value_ids = {name: {v: i for i, v in enumerate(values)} for name, values in arrays.values.items()}
        cache.pair_docs, cache.pair_vals = dict(arrays.pair_docs), dict(arrays.pair_vals)
        cache.offsets, cache.rank = dict(arrays.offsets), dict(arrays.rank)
        cache.live, cache.seq, cache.doc_res = arrays.live, arrays.seq, arrays.doc_res
        cache.res_date, cache.res_year = arrays.res_date, arrays.res_year
        cache.res_count = len(arrays.res_date)
        cache._by_owner = {}
        cache._single = {}
        cache._sets = {}
        cache._by_resolution = {}
        cache._value_masks = {}
        return cache

    def _resolution_facets(self, resolutions: Mapping[str, ResolutionRecord]) -> None:
        metas = [m for m in resolutions.values() if m.get("rank") is not None]
        ranks = np.array([int(m["rank"]) for m in metas], dtype=np.int64)
        # Resolution number of each document (len(metas): none, e.g. a deleted duplicate).
        by_rank = np.full(int(ranks.max()) + 1 if len(ranks) else 1, len(metas), dtype=np.int32)
        by_rank[ranks] = np.arange(len(metas), dtype=np.int32)
        by_rank = np.append(by_rank, np.int32(len(metas)))  # past the last rank: none
        self.doc_res = by_rank[np.minimum(self.seq // SEQ_STRIDE, len(by_rank) - 1)]
        self.res_count = len(metas) + 1
        # Adoption date per resolution (days since 0001-01-01; 0 when unknown), for the date sort.
        days = [date.fromisoformat(adopted).toordinal() if (adopted := m.get("adopted")) else 0 for m in metas]
        self.res_date = np.array([*days, 0], dtype=np.int64)
        self.res_year = np.array([int(m.get("year") or 0) for m in metas] + [0], dtype=np.int64)
        for name in STORED_RESOLUTION_FACETS:
            self._resolution_facet(name, metas)

    def _resolution_facet(self, name: str, metas: list[ResolutionRecord]) -> None:
        """Make the (resolution, value) pairs of one resolution facet, grouped by value (resolutions in order)."""
        read = FACETS_BY_NAME[name].values_of
        by_value: dict[str, list[int]] = {}
        for i, m in enumerate(metas):
            for v in dict.fromkeys(read(m)):  # type: ignore[misc]
                by_value.setdefault(v, []).append(i)
        values = sorted(by_value)
        ids = {v: i for i, v in enumerate(values)}
        lengths = np.array([len(by_value[v]) for v in values], dtype=np.int64)
        self.values[name] = values
        self.value_ids[name] = ids
        alphabetical = sorted(range(len(values)), key=lambda i, vs=values: (vs[i].casefold(), vs[i]))
        self.rank[name] = np.argsort(np.array(alphabetical, dtype=np.int64)) if values else np.zeros(0, np.int64)
        self.pair_docs[name] = (np.concatenate([np.array(by_value[v], dtype=np.int32) for v in values])
                                if values else np.zeros(0, np.int32))
        self.pair_vals[name] = np.repeat(np.arange(len(values), dtype=np.int32), lengths)
        self.offsets[name] = np.concatenate([[0], np.cumsum(lengths)])

    def add_derived_facets(self, resolutions: Mapping[str, ResolutionRecord]) -> None:
        """Make the resolution facets that are derived from the records when a generation opens (accepted_by).

        The resolutions are numbered as ``doc_res`` numbers them (by rank, as
        the build read them). A few hundred thousand pairs for the default
        collection, made in a few hundredths of a second.
        """
        metas = [m for m in resolutions.values() if m.get("rank") is not None]
        for name in RESOLUTION_FACETS:
            if name not in STORED_RESOLUTION_FACETS:
                self._resolution_facet(name, metas)
                self._by_owner.pop(name, None)
                self._sets.pop(name, None)

    def docs(self, name: str, i: int) -> np.ndarray:
        """Return the documents holding value number i of a facet."""
        return self.pair_docs[name][self.offsets[name][i]:self.offsets[name][i + 1]]

    def value_mask(self, name: str, selected: Sequence[str]) -> np.ndarray:
        """Return the documents holding any of the selected values of a facet."""
        if name in RESOLUTION_FACETS:
            chosen = np.zeros(self.res_count, dtype=bool)
            for v in selected:
                i = self.value_ids[name].get(v)
                if i is not None:
                    chosen[self.docs(name, i)] = True
            return chosen[self.doc_res]
        mask = np.zeros(self.doc_count, dtype=bool)
        for v in selected:
            i = self.value_ids[name].get(v)
            if i is not None:
                mask[self.docs(name, i)] = True
        return mask

    def french_mask(self, resolutions: Mapping[str, ResolutionRecord]) -> np.ndarray:
        """Return the documents of resolutions with a French text (English-only ones are left out), once per cache."""
        mask = getattr(self, "_french", None)
        if mask is None:
            # The resolutions in the order doc_res numbers them (by rank, as _resolution_facets reads them).
            metas = [m for m in resolutions.values() if m.get("rank") is not None]
            keep = np.array([not is_english_only(m) for m in metas] + [True], dtype=bool)
            mask = self._french = self.resolution_mask(keep)
        return mask

    def resolution_mask(self, keep: np.ndarray) -> np.ndarray:
        """Return the documents whose resolution is kept (keep: one boolean per resolution, then one for none)."""
        return keep[self.doc_res]

    def per_resolution(self, mask: np.ndarray, matching: np.ndarray | None = None) -> np.ndarray:
        """Return how many documents of mask each resolution holds (the weights of resolution facets).

        ``matching`` is ``np.flatnonzero(mask)`` when the caller has it: taking
        the resolutions of its documents is several times faster than selecting
        them with the mask (20 against 340 µs for 5 % of the default collection).
        """
        return np.bincount(self.doc_res[mask if matching is None else matching], minlength=self.res_count)

    def count(self, name: str, mask: np.ndarray, per_resolution: np.ndarray | None = None,
              matching: np.ndarray | None = None) -> np.ndarray:
        """Count, for every value of a facet, the documents of mask holding it.

        ``per_resolution`` is ``self.per_resolution(mask)`` and ``matching``
        ``np.flatnonzero(mask)`` when the caller has them already. Resolution
        facets, and a facet whose value is the resolution's (symbol), are
        counted from ``per_resolution`` alone when it is given.

        A result much smaller than the facet's pairs is counted from its own
        documents' values (:meth:`owner_values`): going through every pair of
        the facet cost the same for 30 matches as for 30,000, most of a search
        for a rare word.
        """
        docs = self.pair_docs[name]
        size = len(self.values[name])
        if not len(docs):
            return np.zeros(0, dtype=np.int64)
        if name in RESOLUTION_FACETS:
            if per_resolution is None:
                per_resolution = self.per_resolution(mask, matching)
            held = np.flatnonzero(per_resolution)
            if len(held) * SPARSE_RATIO < self.res_count:
                vals, lengths = self._gather(name, held)
                weights = np.repeat(per_resolution[held], lengths)
                return np.bincount(vals, weights=weights, minlength=size).astype(np.int64)
            sets = self.value_sets(name)
            if sets is not None:
                # The paragraphs of each distinct set of values, then one product with the sets' matrix:
                # the States that accepted resolutions are the same set for hundreds of them, and going
                # through every (resolution, State) pair was 7 ms of a common search. Sums of integers in
                # float64, exact (far below 2**53), as the pairs' bincount.
                of_set, matrix = sets
                per_set = np.bincount(of_set, weights=per_resolution, minlength=len(matrix))
                return (per_set @ matrix).astype(np.int64)
            return np.bincount(self.pair_vals[name], weights=per_resolution[docs], minlength=size).astype(np.int64)
        if matching is None and int(np.count_nonzero(mask)) * SPARSE_RATIO < len(docs):
            matching = np.flatnonzero(mask)
        single = self._single.get(name)
        if single is not None:
            by_resolution = self._by_resolution.get(name)
            if by_resolution is not None and per_resolution is not None:
                # Each resolution's paragraphs hold the same value (symbol): the paragraphs per
                # resolution, already counted, summed per value (integers in float64: exact).
                return np.bincount(by_resolution, weights=per_resolution,
                                   minlength=size + 1)[:size].astype(np.int64)
            masks = self._value_masks.get(name)
            if masks is not None:
                # A few values (kind): one pass over a byte per document for each.
                return np.array([np.count_nonzero(mask & m) for m in masks], dtype=np.int64)
            # At most one value per document (kind, symbol): one look-up per matching document.
            if matching is None:
                matching = np.flatnonzero(mask)
            return np.bincount(single[matching], minlength=size + 1)[:size]
        if matching is not None and len(matching) * SPARSE_RATIO < len(docs):
            return np.bincount(self._gather(name, matching)[0], minlength=size)
        return np.bincount(self.pair_vals[name][mask[docs]], minlength=size)

    def count_by_resolution(self, name: str, per_resolution: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Count a resolution facet twice at once: the result's paragraphs, and its resolutions, holding each value.

        ``per_resolution`` is :meth:`per_resolution` of the result. The same
        counts as :meth:`count` with ``per_resolution``, then with ``per_resolution > 0``,
        from one gather of the values (or one product with the sets' matrix) instead of two.
        """
        docs = self.pair_docs[name]
        size = len(self.values[name])
        if not len(docs):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        held = np.flatnonzero(per_resolution)
        if len(held) * SPARSE_RATIO < self.res_count:
            vals, lengths = self._gather(name, held)
            weights = np.repeat(per_resolution[held], lengths)
            return (np.bincount(vals, weights=weights, minlength=size).astype(np.int64),
                    np.bincount(vals, minlength=size).astype(np.int64))
        holds = (per_resolution > 0).astype(np.int64)
        sets = self.value_sets(name)
        if sets is not None:
            # Both weightings in one product with the sets' matrix (sums of integers in float64: exact).
            of_set, matrix = sets
            per_set = np.stack([np.bincount(of_set, weights=per_resolution, minlength=len(matrix)),
                                np.bincount(of_set, weights=holds, minlength=len(matrix))])
            both = (per_set @ matrix).astype(np.int64)
            return both[0], both[1]
        vals = self.pair_vals[name]
        return (np.bincount(vals, weights=per_resolution[docs], minlength=size).astype(np.int64),
                np.bincount(vals, weights=holds[docs], minlength=size).astype(np.int64))

    def owner_values(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Return a facet's pairs by owner: (start of each owner's values, then their end; the values).

        The owner is the document (the resolution for resolution facets).
        Made on first use and kept with the cache: two int32 arrays per facet.
        """
        found = self._by_owner.get(name)
        if found is None:
            owners = self.res_count if name in RESOLUTION_FACETS else self.doc_count
            docs = self.pair_docs[name]
            order = np.argsort(docs, kind="stable")
            starts = np.zeros(owners + 1, dtype=np.int32)
            np.cumsum(np.bincount(docs, minlength=owners)[:owners], out=starts[1:])
            found = (starts, np.asarray(self.pair_vals[name])[order].astype(np.int32))
            self._by_owner[name] = found
            if name in RESOLUTION_FACETS:
                self.value_sets(name)  # made with the pairs by owner, when a worker warms up (Engine.warm)
            if name not in RESOLUTION_FACETS and len(docs) and int(np.diff(starts).max()) <= 1:
                # Each document's value (the number of values when it has none), for count().
                single = np.full(owners, len(self.values[name]), dtype=np.int32)
                single[docs] = self.pair_vals[name]
                self._single_derived(name, single)
                self._single[name] = single
        return found

    def _single_derived(self, name: str, single: np.ndarray) -> None:
        """Keep what counts a single-valued facet faster: its value per resolution when each resolution's
        paragraphs share one, else a mask per value when it has FEW_VALUES at most."""
        doc_res = getattr(self, "doc_res", None)
        if doc_res is not None and len(doc_res) == len(single):
            per_res = np.full(self.res_count, len(self.values[name]), dtype=np.int32)
            per_res[doc_res] = single
            if np.array_equal(per_res[doc_res], single):
                self._by_resolution[name] = per_res
                return
        if len(self.values[name]) <= FEW_VALUES:
            self._value_masks[name] = [single == v for v in range(len(self.values[name]))]

    def value_sets(self, name: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a resolution facet's distinct value sets: each resolution's set, and the sets × values matrix.

        The matrix holds 1.0 where a set holds a value. None when it would
        be larger than SET_MATRIX_CELLS. Made on first use and kept.
        """
        if name in self._sets:
            return self._sets[name]
        starts, vals = self.owner_values(name)
        # An owner's values are in value order (owner_values sorts the pairs stably by owner), so
        # equal sets have equal bytes.
        numbers: dict[bytes, int] = {}
        of_set = np.fromiter((numbers.setdefault(vals[starts[r]:starts[r + 1]].tobytes(), len(numbers))
                              for r in range(self.res_count)), dtype=np.int64, count=self.res_count)
        size = len(self.values[name])
        found = None
        if len(numbers) * size <= SET_MATRIX_CELLS:
            matrix = np.zeros((len(numbers), size), dtype=np.float64)
            first = np.unique(of_set, return_index=True)[1]  # one resolution of each set
            rows, lengths = self._gather(name, first)
            matrix[np.repeat(np.arange(len(first)), lengths), rows] = 1.0
            found = (of_set, matrix)
        self._sets[name] = found
        return found

    def _gather(self, name: str, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the values of the given owners (documents or resolutions), and how many each has."""
        starts, vals = self.owner_values(name)
        first = starts[owners]
        lengths = starts[owners + 1] - first
        total = int(lengths.sum())
        if not total:
            return np.zeros(0, dtype=np.int32), lengths
        # Positions of every owner's values, run after run: each run's start, then +1 along it.
        shift = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
        return vals[shift + np.arange(total)], lengths


def _terms(reader: Any, fieldname: str) -> list[tuple[str, int]]:
    if fieldname not in reader.schema:
        return []
    out = []
    for term in reader.lexicon(fieldname):
        value = term.decode("utf-8") if isinstance(term, bytes) else term
        out.append((value, 0))
    return out
