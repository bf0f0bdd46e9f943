"""Read postings and field lengths into numpy arrays, cached per reader, and score terms with BM25F.

Whoosh's block layout is read through :mod:`indexer.store.whoosh_compat`.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import numpy as np

from indexer.store import whoosh_compat
from indexer.store.term_postings import TermPostings, open_term_postings

# BM25F parameters, Whoosh's defaults (the figures in tests/relevance were measured with them).
K1 = 1.2
B = 0.75
# Upper bound on cached postings (elements, 12 bytes each: ~100 MB per process).
# The frequent terms that make a query slow stay; rare ones are cheap to reread.
POSTINGS_BUDGET = 8_000_000
# BM25F scores remembered (elements, 4 bytes each beside the postings' ids: ~16 MB per process).
SCORES_BUDGET = 4_000_000
# Documents remembered for phrases, all phrases together (8 bytes each: ~16 MB per process).
PHRASE_BUDGET = 2_000_000
# Bytes of encoded positions remembered, block by block (a pasted sentence's frequent words —
# États, droits, homme — are in the blocks the next sentence's candidates need too).
BLOCKS_BUDGET = 24_000_000
# Blocks whose place in the postings file is remembered (two integers each, 16 bytes: ~16 MB per
# process), each term counting DIRECTORY_ENTRY more for its key and arrays (~510 bytes measured).
DIRECTORY_BUDGET = 1_000_000
DIRECTORY_ENTRY = 32
# Terms whose idf is remembered (a float each); past this many the memory starts over.
IDF_CACHE = 200_000


class BlockDirectory(NamedTuple):
    """Where a term's postings blocks lie in one segment's postings file."""

    # Index of each block's first posting in the segment's posting list, then the number of postings.
    starts: np.ndarray
    # File offset of each block (whoosh_compat.block_values_at reads it).
    offsets: np.ndarray


def live_documents(reader: Any) -> np.ndarray:
    """Return a mask of the documents not deleted (a rebuilt index has none)."""
    if not reader.has_deletions():
        return np.ones(reader.doc_count_all(), dtype=bool)
    live = np.zeros(reader.doc_count_all(), dtype=bool)
    live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
    return live


class ReaderArrays:
    """Hold per-reader arrays: live documents, field lengths, cached postings."""

    def __init__(self, reader: Any, *, k1: float = K1, b: float = B,
                 lengths: dict[str, np.ndarray] | None = None, live: np.ndarray | None = None,
                 totals: dict[str, int] | None = None) -> None:
        """Read a reader's arrays on demand, or take them ready (``lengths``, ``live``, ``totals``: stored arrays).

        ``totals`` are the live documents' total field lengths: with deleted
        documents (an index updated in place, a dropped duplicate) Whoosh's
        own totals, document count and document frequencies still count them,
        and scores would differ from those of a rebuilt index.
        """
        self.reader = reader
        self.k1 = k1
        self.b = b
        self.doc_count = reader.doc_count_all()
        self.leaves = list(reader.leaf_readers())
        self.live = live_documents(reader) if live is None else live
        self._lengths: dict[str, np.ndarray] = dict(lengths or {})
        self._deleted = reader.has_deletions()
        # What BM25 calls N: the live documents (all of them in a rebuilt index).
        self.live_count = int(np.count_nonzero(self.live)) if self._deleted else self.doc_count
        self._totals = dict(totals or {})
        self._avg: dict[str, float] = {}
        self._idf: dict[tuple[str, str], float] = {}
        # Documents holding each phrase checked (the same phrase comes in several trees of one
        # search, and again in the next search when a facet is clicked).
        self._phrases: OrderedDict[tuple[str, tuple[str, ...], int], np.ndarray] = OrderedDict()
        self._phrase_size = 0
        self._scores: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._score_size = 0
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._size = 0
        self._blocks: OrderedDict[tuple[int, str, str, int], Any] = OrderedDict()
        self._blocks_size = 0
        self._directories: OrderedDict[tuple[int, str, str], BlockDirectory | None] = OrderedDict()
        self._directories_size = 0
        self._lock = threading.Lock()
        # Each segment's flat postings, mapped (store/term_postings.py), on first use.
        self._stores: list[TermPostings | None] | None = None

    def rebind(self, reader: Any) -> None:
        """Read from another reader of the same segments from now on (a forked process's own files), caches kept."""
        leaves = list(reader.leaf_readers())
        if reader.doc_count_all() != self.doc_count or [o for _, o in leaves] != [o for _, o in self.leaves]:
            raise ValueError("rebind: the reader does not hold the same segments")
        self.reader, self.leaves = reader, leaves

    # -- statistics ----------------------------------------------------------
    def lengths(self, field: str) -> np.ndarray:
        """Return every document's length in a field (as Whoosh stores it)."""
        arr = self._lengths.get(field)
        if arr is None:
            arr = np.zeros(self.doc_count, dtype=np.float32)
            for leaf, offset in self.leaves:
                arr[offset:offset + leaf.doc_count_all()] = _leaf_lengths(leaf, field)
            self._lengths[field] = arr
        return arr

    def avg_length(self, field: str) -> float:
        """Return the average field length, as Whoosh computes it."""
        if field not in self._avg:
            count = self.live_count
            total = self._totals[field] if self._deleted and field in self._totals else self.reader.field_length(field)
            self._avg[field] = (total / count) if count and total else 1.0
        return self._avg[field]

    def frequency(self, field: str, text: str) -> int:
        """Return how many live documents hold a term (Whoosh's own count includes deleted documents)."""
        if not self._deleted:
            stores = self.stored_postings()
            if all(s is not None and field in s.terms for s in stores):
                # What Whoosh's terms tables say, from the mapped directories (no term lookup per segment).
                return sum(s.count(field, text) for s in stores)  # type: ignore[union-attr]
            return int(self.reader.doc_frequency(field, text))
        return int(np.count_nonzero(self.live[self.postings(field, text)[0]]))

    def idf(self, field: str, text: str) -> float:
        """Return Whoosh's idf: log(N / (df + 1)) + 1."""
        key = (field, text)
        value = self._idf.get(key)
        if value is None:
            # Remembered: each lookup walks every segment's term table (a tenth of a long query).
            n = self.frequency(field, text)
            value = math.log(self.live_count / (n + 1)) + 1
            with self._lock:
                if len(self._idf) >= IDF_CACHE:
                    self._idf.clear()
                self._idf[key] = value
        return value

    # -- postings ------------------------------------------------------------
    def stored_postings(self) -> list[TermPostings | None]:
        """Return each segment's mapped term postings (None for a segment without them), opened on first use."""
        stores = self._stores
        if stores is None:
            with self._lock:
                if self._stores is None:
                    self._stores = [open_term_postings(whoosh_compat.segment_stem(leaf)) for leaf, _ in self.leaves]
                stores = self._stores
        return stores

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (document numbers, term frequencies) of a term, cached."""
        key = (field, text)
        with self._lock:
            hit = self._postings.get(key)
            if hit is not None:
                self._postings.move_to_end(key)
                return hit
        ids_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        for (leaf, offset), stored in zip(self.leaves, self.stored_postings(), strict=True):
            if stored is not None and field in stored.terms:
                # The segment's flat postings (store/term_postings.py): every term of the field, mapped.
                found = stored.get(field, text)
                if found is None:
                    continue
                ids, tfs = found
                ids = ids.astype(np.int64)
                if offset:
                    ids += offset
            elif (field, text) not in leaf:
                continue
            else:
                ids, tfs = leaf_postings(whoosh_compat.segment_postings(leaf, field, text))
                ids = ids + offset
            ids_parts.append(ids)
            tf_parts.append(tfs)
        if len(ids_parts) == 1:
            value = (ids_parts[0], tf_parts[0])
        elif ids_parts:
            value = (np.concatenate(ids_parts), np.concatenate(tf_parts))
        else:
            value = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        with self._lock:
            self._postings[key] = value
            self._size += len(value[0])
            while self._size > POSTINGS_BUDGET and len(self._postings) > 1:
                _, (old, _) = self._postings.popitem(last=False)
                self._size -= len(old)
        return value

    def block_directory(self, number: int, field: str, text: str) -> BlockDirectory | None:
        """Return where a term's blocks lie in segment ``number``, remembered (None: absent, or not in blocks).

        Reading a block's values used to walk every block before it, one
        header read from the file each: most of a phrase bonus once the
        values themselves were remembered.
        """
        key = (number, field, text)
        with self._lock:
            if key in self._directories:
                self._directories.move_to_end(key)
                return self._directories[key]
        leaf = self.leaves[number][0]
        found = None
        if (field, text) in leaf:
            m = whoosh_compat.segment_postings(leaf, field, text)
            if whoosh_compat.reads_blocks(m):
                lengths, offsets = whoosh_compat.block_directory(m)
                found = BlockDirectory(np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]),
                                       np.asarray(offsets, dtype=np.int64))
        with self._lock:
            if key not in self._directories:
                self._directories[key] = found
                self._directories_size += DIRECTORY_ENTRY + (len(found.offsets) if found is not None else 0)
                while self._directories_size > DIRECTORY_BUDGET and len(self._directories) > 1:
                    _, old = self._directories.popitem(last=False)
                    self._directories_size -= DIRECTORY_ENTRY + (len(old.offsets) if old is not None else 0)
        return found

    def block_values(self, key: tuple[int, str, str, int], read: Callable[[], Any]) -> Any:
        """Return the encoded values (positions) of a block, remembered by key; ``read()`` reads them.

        ``key`` is (segment number, field, term, block number). A block is
        stored compressed with its ids and weights: decompressing and
        unpickling it was most of a phrase bonus, and the same frequent
        words' blocks come back search after search.
        """
        with self._lock:
            hit = self._blocks.get(key)
            if hit is not None:
                self._blocks.move_to_end(key)
                return hit
        values = read()
        size = sum(len(v) for v in values) + 48 * len(values)
        with self._lock:
            if key not in self._blocks:
                self._blocks[key] = values
                self._blocks_size += size
                while self._blocks_size > BLOCKS_BUDGET and len(self._blocks) > 1:
                    _, old = self._blocks.popitem(last=False)
                    self._blocks_size -= sum(len(v) for v in old) + 48 * len(old)
        return values

    def phrase_documents(self, key: tuple[str, tuple[str, ...], int]) -> np.ndarray | None:
        """Return the documents found to hold a phrase (field, words, slop), if remembered."""
        with self._lock:
            hit = self._phrases.get(key)
            if hit is not None:
                self._phrases.move_to_end(key)
            return hit

    def keep_phrase_documents(self, key: tuple[str, tuple[str, ...], int], docs: np.ndarray) -> None:
        """Remember the documents holding a phrase, within PHRASE_BUDGET documents in all."""
        with self._lock:
            if key in self._phrases:
                return
            self._phrases[key] = docs
            self._phrase_size += len(docs) + 1
            while self._phrase_size > PHRASE_BUDGET and len(self._phrases) > 1:
                _, old = self._phrases.popitem(last=False)
                self._phrase_size -= len(old) + 1

    def term_scores(self, field: str, text: str, boost: float) -> tuple[np.ndarray, np.ndarray]:
        """Return the documents holding a term and their BM25F scores (read-only arrays)."""
        key = (field, text)
        with self._lock:
            hit = self._scores.get(key)
            if hit is not None:
                self._scores.move_to_end(key)
        if hit is None:
            ids, tfs = self.postings(field, text)
            if not len(ids):
                return ids, tfs
            fl = self.lengths(field)[ids]
            avg = self.avg_length(field)
            k1, b = self.k1, self.b
            # Kept unboosted for the generation: a pasted sentence scores each of its words in
            # three trees and five fields, and the next search (a facet clicked) again.
            scores = self.idf(field, text) * (tfs * (k1 + 1)) / (tfs + k1 * ((1 - b) + b * fl / avg))
            scores.flags.writeable = False
            hit = (ids, scores)
            with self._lock:
                self._scores[key] = hit
                self._score_size += len(ids)
                while self._score_size > SCORES_BUDGET and len(self._scores) > 1:
                    _, (old, _) = self._scores.popitem(last=False)
                    self._score_size -= len(old)
        ids, scores = hit
        return ids, (scores * boost).astype(np.float32)


def _leaf_lengths(leaf: Any, field: str) -> np.ndarray:
    """Read a segment's field lengths, through the length column when we can."""
    n = leaf.doc_count_all()
    try:
        column = whoosh_compat.length_column(leaf, field)
    except AttributeError:  # another codec: ask document by document
        return np.array([leaf.doc_field_length(d, field, 0) for d in range(n)], dtype=np.float32)
    if column is None:
        return np.zeros(n, dtype=np.float32)
    table = np.array(whoosh_compat.decoded_lengths(), dtype=np.float32)
    return table[np.fromiter(column, dtype=np.uint8, count=n)]


def leaf_postings(m: Any) -> tuple[np.ndarray, np.ndarray]:
    """Read a leaf matcher's postings block by block (W3 codec), or one by one."""
    ids: list[Any] = []
    tfs: list[Any] = []
    if whoosh_compat.reads_blocks(m):
        while m.is_active():
            block_ids, block_weights = whoosh_compat.block_postings(m)
            ids.append(np.asarray(block_ids, dtype=np.int64))
            tfs.append(np.asarray(block_weights, dtype=np.float32))
        if ids:
            return np.concatenate(ids), np.concatenate(tfs)
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    while m.is_active():
        ids.append(m.id())
        tfs.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(tfs, dtype=np.float32)


def leaf_positions(m: Any, wanted: np.ndarray, index: np.ndarray,
                   decode: Any) -> Iterator[tuple[int, list[int]]]:
    """Yield (document, positions) for the sorted wanted documents of a leaf matcher, posting by posting.

    For the matchers that do not read blocks (another codec than W3):
    :func:`block_positions` reads those.
    """
    for doc in wanted.tolist():
        if not m.is_active():
            return
        m.skip_to(doc)
        if m.is_active() and m.id() == doc:
            yield doc, decode(m.value())


def block_positions(directory: BlockDirectory, wanted: np.ndarray, index: np.ndarray, decode: Any,
                    block_values: Callable[[int, int], Any]) -> Iterator[tuple[int, list[int]]]:
    """Yield (document, positions) for the sorted wanted documents of a segment's term, from its blocks.

    ``index`` is each wanted document's place in the segment's posting
    list; the directory says which block holds it, and only those blocks'
    values are read, by ``block_values(block number, file offset)`` (through
    a cache: :meth:`ReaderArrays.block_values`). Their ids are never decoded.
    """
    starts = directory.starts
    blocks = np.searchsorted(starts, index, side="right") - 1
    bounds = np.flatnonzero(np.diff(blocks)) + 1
    for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(blocks)], strict=True):
        if lo == hi:
            continue
        block = int(blocks[lo])
        values = block_values(block, int(directory.offsets[block]))
        base = int(starts[block])
        for doc, k in zip(wanted[lo:hi].tolist(), index[lo:hi].tolist(), strict=True):
            yield doc, decode(values[k - base])
