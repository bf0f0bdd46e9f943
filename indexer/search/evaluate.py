"""Evaluate parsed Whoosh queries with numpy: match masks and BM25F scores.

Whoosh matches and scores one posting at a time in Python, which costs
hundreds of milliseconds when a common word matches tens of thousands of
paragraphs. Here each term's postings are read once into arrays (and kept in
a bounded cache per index generation), and a query tree is evaluated as
vectorised operations over all documents at once: a boolean mask of matches
and a float score per document, with the same BM25F formula, parameters and
idf as Whoosh. Phrases and anything unusual fall back to Whoosh's own matcher
for *which* documents match, scored by their terms.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from whoosh import query as wq

from indexer.search.budget import Budget, unlimited
from indexer.search.postings import ReaderArrays, block_positions, leaf_positions
from indexer.store import whoosh_compat


class Evaluator:
    """Evaluate one query tree against the arrays of a reader."""

    def __init__(self, arrays: ReaderArrays, searcher: Any, budget: Budget | None = None,
                 near_seen: NearSeen | None = None) -> None:
        """``near_seen``: where the phrases found close together are kept for the generation (:class:`NearSeen`)."""
        self.a = arrays
        self.near_seen = near_seen
        self.searcher = searcher
        self.budget = budget or unlimited()
        self._memo: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._keys_memo: dict[tuple[str, str, int], tuple[np.ndarray, np.ndarray]] = {}
        self._phrases_memo: dict[tuple[str, tuple[str, ...], int, float], tuple[np.ndarray, np.ndarray]] = {}
        self._results: dict[int, tuple[Any, np.ndarray, np.ndarray]] = {}
        self._holders_memo: dict[tuple[str, tuple[str, ...], int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._masks: dict[int, tuple[Any, np.ndarray]] = {}
        self._bounds: tuple[np.ndarray, np.ndarray] | None = None

    def evaluate(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        """Return (match mask, scores) of a query over every document, read-only.

        A search evaluates the same sub-queries several times (the match,
        then inside the scored query, then per word): each is computed once
        per evaluator. The arrays are shared, hence read-only: a caller that
        combines in place copies first (a copy of a million-document array
        per sub-query was a tenth of a slow search).
        """
        if isinstance(q, wq.Term):
            # Not kept: a term is one scatter of cached postings, and keeping two
            # full-length arrays per term is what took gigabytes (1,000 terms × 4 fields).
            return self._term(q)
        self.budget.check()
        key = id(q)
        hit = self._results.get(key)
        if hit is None or hit[0] is not q:
            match, scores = self._evaluate(q)
            match.flags.writeable = False
            scores.flags.writeable = False
            hit = (q, match, scores)
            self._results[key] = hit
        return hit[1], hit[2]

    def mask(self, q: Any) -> np.ndarray:
        """Return the match mask of a query over every document, read-only, without its scores when it can.

        A word's query (its terms in each field OR-ed) is one scatter of
        its postings per field: the scores of every document holding it are
        not needed to count the words a paragraph holds, nor to intersect
        the words (:meth:`_and` scores the intersection alone).
        """
        if not _terms_only(q):
            return self.evaluate(q)[0]
        self.budget.check()
        key = id(q)
        hit = self._masks.get(key)
        if hit is None or hit[0] is not q:
            done = self._results.get(key)
            if done is not None and done[0] is q:
                return done[1]
            match = np.zeros(self.a.doc_count, dtype=bool)
            for t in _leaf_terms(q):
                match[self.a.postings(t.fieldname, _text(t))[0]] = True
            match.flags.writeable = False
            hit = self._masks[key] = (q, match)
        return hit[1]

    def scores_at(self, q: Any, docs: np.ndarray) -> np.ndarray:
        """Return a query's float32 scores in sorted docs, as :meth:`evaluate` gives them there.

        A word's query is scored in these documents alone, term by term in
        its order: the same float32 additions as over every document.
        """
        if not _terms_only(q) or (getattr(q, "scale", None) and len(q.subqueries) > 1):
            return self.evaluate(q)[1][docs]
        done = self._results.get(id(q))
        if done is not None and done[0] is q:
            return done[2][docs]
        out = np.zeros(len(docs), dtype=np.float32)
        for t in _leaf_terms(q):
            ids, s = self._term_postings(t)
            if not len(ids):
                continue
            j = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
            there = ids[j] == docs
            if isinstance(q, wq.Term):
                out[there] = s[j[there]]
            else:
                out[there] += s[j[there]]
        if isinstance(q, wq.Or) and q.boost != 1:
            out *= q.boost
        return out

    def _term(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        n = self.a.doc_count
        match = np.zeros(n, dtype=bool)
        scores = np.zeros(n, dtype=np.float32)
        ids, s = self._term_postings(q)
        match[ids] = True
        scores[ids] = s
        return match, scores

    def _term_postings(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        return self.a.term_scores(q.fieldname, _text(q), q.boost)

    def _evaluate(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        n = self.a.doc_count
        if isinstance(q, wq.Every) or q is wq.Every:
            return self.a.live.copy(), np.zeros(n, dtype=np.float32)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.float32)
        if isinstance(q, wq.AndNot):
            match, scores = self.evaluate(q.a)
            neg, _ = self.evaluate(q.b)
            match = match & ~neg
            return match, scores * match
        if isinstance(q, wq.AndMaybe):
            match, scores = self.evaluate(q.a)
            _, extra = self.evaluate(q.b)
            return match, scores + extra * match
        if isinstance(q, wq.Not):
            inner, _ = self.evaluate(q.query)
            return self.a.live & ~inner, np.zeros(n, dtype=np.float32)
        if isinstance(q, wq.And):
            return self._and(q)
        if isinstance(q, wq.Or):
            return self._or(q)
        if isinstance(q, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
            return self._expanded(q)
        if isinstance(q, wq.Phrase):
            return self._phrase(q)
        return self._fallback(q)

    def _phrase(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        """Match a phrase: documents holding every word, then their positions checked."""
        words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in q.words]
        if not words:
            return self._and(wq.And([]))
        # The same phrase comes in several trees of one search (all words, any word, each word: 4 times
        # each of 12 phrases × fields of a pasted sentence with « 2006/2 »): made once, shared read-only
        # (evaluate() marks its results so). What it depends on is exactly this key.
        key = (q.fieldname, tuple(words), q.slop, q.boost)
        hit = self._phrases_memo.get(key)
        if hit is None:
            hit = self._phrases_memo[key] = self._phrase_arrays(q, words)
        return hit

    def _phrase_arrays(self, q: Any, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return a phrase's match mask and scores (see :meth:`_phrase`)."""
        known = self._known_phrase(q, words)
        if known is not None:
            ids, scores = known
        else:
            ids, scores = self._phrase_postings(q, words)
        match = np.zeros(self.a.doc_count, dtype=bool)
        out = np.zeros(self.a.doc_count, dtype=np.float32)
        match[ids] = True
        out[ids] = scores
        return match, out

    def _known_phrase(self, q: Any, words: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """Return the documents of a phrase the generation already found, and its scores there; None if not found yet.

        The scores are the words' read in these documents alone, added in
        the words' order as :meth:`_phrase_postings` adds them: intersecting
        the postings of « droits » and « homme » again took a millisecond.
        """
        if len(words) < 2 or not self._has_positions(q.fieldname):
            return None
        found = self.a.phrase_documents((q.fieldname, tuple(words), q.slop))
        if found is None:
            return None
        scores: np.ndarray | None = None
        for w in words:
            ids, s = self.a.term_scores(q.fieldname, w, q.boost)
            j = np.minimum(np.searchsorted(ids, found), max(len(ids) - 1, 0))
            if len(found) and not (len(ids) and bool((ids[j] == found).all())):
                return None  # not the documents this generation's postings give: read them again
            mine = s[j] if len(found) else np.zeros(0, dtype=np.float32)
            scores = mine if scores is None else scores + mine
        return found, scores

    def _phrase_postings(self, q: Any, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return the documents of a phrase and its scores there, from the postings and positions."""
        # The documents holding every word, intersected on the postings rather than
        # on full-length arrays per word (a pasted sentence has a dozen phrases × fields).
        ids, scores = self.a.term_scores(q.fieldname, words[0], q.boost)
        for w in words[1:]:
            more_ids, more = self.a.term_scores(q.fieldname, w, q.boost)
            ids, mine, theirs = np.intersect1d(ids, more_ids, assume_unique=True, return_indices=True)
            scores = scores[mine] + more[theirs]
        if len(words) > 1 and self._has_positions(q.fieldname):
            # The same phrase comes in several trees of one search (all words, any word, each
            # word): its positions are checked once.
            # Kept for the generation too (ReaderArrays.phrase_documents): a facet clicked runs
            # the same words again, and reading positions is the slow part of a phrase.
            key = (q.fieldname, tuple(words), q.slop)
            found = self.a.phrase_documents(key)
            if found is None:
                found = ids[self._phrase_mask(q.fieldname, words, q.slop, ids)[ids]]
                self.a.keep_phrase_documents(key, found)
            ids, mine, _ = np.intersect1d(ids, found, assume_unique=True, return_indices=True)
            scores = scores[mine]
        # Else a field indexed without positions (the light field) scores the words of a
        # phrase, as a bonus beside the real phrase match.
        return ids, scores

    def _phrase_mask(self, field: str, words: list[str], slop: int, candidates: np.ndarray) -> np.ndarray:
        """Return the mask of the candidates where the words occur in order, each within slop of the last."""
        if slop == 1:
            return self._exact(field, words, candidates)
        found = np.zeros(self.a.doc_count, dtype=bool)
        keys = []
        for w in words:
            self.budget.check()
            keys.append(np.sort(self._keys(field, w, candidates)))
        found[_near_keys(keys, slop)] = True
        return found

    def phrase_bonus(self, q: Any, docs: np.ndarray) -> np.ndarray:
        """Return a phrase query's score for each of docs (0 where its words are not that close).

        Reads the positions of the phrase's words in these documents only:
        Whoosh's own phrase matcher would scan the whole index first.
        """
        bonus = np.zeros(len(docs), dtype=np.float32)
        words = [w.decode("utf-8") if isinstance(w, bytes) else w for w in q.words]
        if not len(docs) or len(words) < 2 or not self._has_positions(q.fieldname):
            return bonus
        # Only a document holding every word can hold the phrase: its postings say which, so
        # positions are decoded for those alone (a pasted sentence of 15 words has a handful of
        # such candidates among 300; decoding all of them was half of its search).
        held, where = self._holders(q.fieldname, words, docs)
        if not len(held):
            return bonus
        key = (q.fieldname, tuple(words), q.slop, held.tobytes())
        chosen = self.near_seen.get(key) if self.near_seen is not None else None
        if chosen is None:
            self.budget.check()
            near = _near_keys([self._position_keys(q.fieldname, w, held) for w in words], q.slop)
            chosen = np.isin(held, near)
            if self.near_seen is not None:
                self.near_seen.keep(key, chosen)
        if not chosen.any():
            return bonus
        found = held[chosen]
        # The sum of the words' scores in float64, word after word as Python's sum() added them,
        # times the boost, then rounded once to float32.
        total = np.zeros(len(found), dtype=np.float64)
        for w in words:
            total += self._term_scores_of(q.fieldname, w, found)
        bonus[where[chosen]] = total * q.boost
        return bonus

    def _holders(self, field: str, words: list[str], docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the docs holding every word in a field, and their places in docs (memoised per search).

        The same array is returned for the same words and docs, so that the
        positions read for one phrase serve the next (slop 1, then slop 6).
        """
        key = (field, tuple(words), id(docs))
        hit = self._holders_memo.get(key)
        if hit is not None and hit[0] is docs:
            return hit[1], hit[2]
        keep = np.ones(len(docs), dtype=bool)
        for word in dict.fromkeys(words):
            ids, _ = self.a.postings(field, word)
            at = np.minimum(np.searchsorted(ids, docs), max(len(ids) - 1, 0))
            keep &= ids[at] == docs if len(ids) else False
        where = np.nonzero(keep)[0]
        held = docs[where]
        self._holders_memo[key] = (docs, held, where)
        return held, where

    def _exact(self, field: str, words: list[str], docs: np.ndarray) -> np.ndarray:
        """Return the mask of docs where the words follow each other exactly.

        Every (document, position - rank of the word) pair is one integer key;
        the phrase occurs where all the words share a key. Vectorised: a
        common phrase has tens of thousands of candidates at a million
        paragraphs.
        """
        keys: np.ndarray | None = None
        for rank, word in enumerate(words):
            self.budget.check()
            word_keys = self._keys(field, word, docs) - rank
            keys = word_keys if keys is None else np.intersect1d(keys, word_keys)
            if not len(keys):
                break
        mask = np.zeros(self.a.doc_count, dtype=bool)
        if keys is not None and len(keys):
            mask[np.unique(keys >> 24)] = True
        return mask

    def _position_keys(self, field: str, word: str, docs: np.ndarray) -> np.ndarray:
        """Return the sorted keys (document << 24) + position of a word in docs (memoised per search).

        The same array of docs comes for the phrase at slop 1, then at
        slop 6 (:meth:`_holders`): the positions are read once for both.
        """
        key = (field, word, id(docs))
        hit = self._keys_memo.get(key)
        if hit is None or hit[0] is not docs:
            # Sorted whatever the order positions were stored in: _near_keys looks them up by bisection.
            hit = self._keys_memo[key] = (docs, np.sort(self._keys(field, word, docs)))
        return hit[1]

    def _keys(self, field: str, word: str, docs: np.ndarray) -> np.ndarray:
        """Return the keys (document << 24) + position of a word in each of docs, in document then position order."""
        holders: list[int] = []
        counts: list[int] = []
        flat: list[int] = []
        for doc, positions in self._iter_positions(field, word, docs):
            holders.append(doc)
            counts.append(len(positions))
            flat.extend(positions)
        # Positions stay far below 2**24 (a paragraph is not 16 million words).
        return (np.repeat(np.asarray(holders, dtype=np.int64), counts) << 24) + np.asarray(flat, dtype=np.int64)

    def _iter_positions(self, field: str, word: str, docs: np.ndarray) -> Iterator[tuple[int, list[int]]]:
        """Yield (document, positions) for each of docs holding a word.

        The word's cached postings say where each wanted document sits in
        its posting list, so only the blocks holding them are decoded, and
        only their positions.
        """
        ids, _ = self.a.postings(field, word)
        decode = whoosh_compat.positions_decoder(self.searcher.schema[field].format)
        wanted = np.sort(docs)
        # Index of each wanted document in the word's global posting list.
        index = np.minimum(np.searchsorted(ids, wanted), max(len(ids) - 1, 0))
        found = ids[index] == wanted if len(ids) else np.zeros(len(wanted), dtype=bool)
        held, index = wanted[found], index[found]
        # The wanted documents of every segment at once: a segment without any is not even looked at
        # (two bisections per segment and word were a tenth of a pasted sentence's phrase bonus).
        starts, ends = self._segment_bounds()
        los, his = np.searchsorted(held, starts), np.searchsorted(held, ends)
        for number in np.flatnonzero(his > los).tolist():
            leaf, offset = self.a.leaves[number]
            lo, hi = int(los[number]), int(his[number])
            first = int(np.searchsorted(ids, offset))
            directory = self.a.block_directory(number, field, word)
            if directory is None:  # another codec: posting by posting
                pairs = leaf_positions(whoosh_compat.segment_postings(leaf, field, word), held[lo:hi] - offset,
                                       index[lo:hi] - first, decode)
            else:
                pairs = block_positions(directory, held[lo:hi] - offset, index[lo:hi] - first, decode,
                                        self._block_reader(number, leaf, field, word))
            for doc, positions in pairs:
                yield doc + offset, positions

    def _segment_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the first document of each segment and the first after it."""
        if self._bounds is None:
            starts = np.array([offset for _, offset in self.a.leaves], dtype=np.int64)
            counts = np.array([leaf.doc_count_all() for leaf, _ in self.a.leaves], dtype=np.int64)
            self._bounds = (starts, starts + counts)
        return self._bounds

    def _block_reader(self, number: int, leaf: Any, field: str, word: str) -> Callable[[int, int], Any]:
        """Return (block number, file offset) -> the block's encoded values, remembered for the generation.

        The segment's matcher is opened only if a block is not remembered.
        """
        matcher: list[Any] = []

        def read(block: int, at: int) -> Any:
            def load() -> Any:
                if not matcher:
                    matcher.append(whoosh_compat.segment_postings(leaf, field, word))
                return whoosh_compat.block_values_at(matcher[0], at)
            return self.a.block_values((number, field, word, block), load)
        return read

    def _term_scores_of(self, field: str, text: str, docs: np.ndarray) -> np.ndarray:
        """Return a term's unboosted scores in docs as float64 (0 where a document does not hold it)."""
        key = (field, text)
        if key not in self._memo:
            self._memo[key] = self.a.term_scores(field, text, 1.0)
        ids, scores = self._memo[key]
        out = np.zeros(len(docs), dtype=np.float64)
        if len(ids):
            j = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
            there = ids[j] == docs
            out[there] = scores[j[there]]
        return out

    def _has_positions(self, fieldname: str) -> bool:
        schema = self.searcher.schema
        return fieldname in schema and schema[fieldname].format.supports("positions")

    def _and(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        positives = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        negatives = [c.query for c in q.subqueries if isinstance(c, wq.Not)]
        if not positives:
            match, scores = self.a.live.copy(), np.zeros(self.a.doc_count, dtype=np.float32)
            for c in negatives:
                match &= ~self.mask(c)
            return match, scores
        # The masks first, then the scores in the documents holding every part only: the words of
        # a pasted sentence each scored over every document were a fifth of its search.
        match = self.mask(positives[0]).copy()
        for c in positives[1:]:
            match &= self.mask(c)
        for c in negatives:
            match &= ~self.mask(c)  # match is our own copy here
        docs = np.flatnonzero(match)
        # Added in the children's order, in float32, as over every document.
        total = self.scores_at(positives[0], docs).copy()
        for c in positives[1:]:
            total += self.scores_at(c, docs)
        if q.boost != 1:
            total *= q.boost
        scores = np.zeros(self.a.doc_count, dtype=np.float32)
        scores[docs] = total
        return match, scores

    def _or(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        match = np.zeros(self.a.doc_count, dtype=bool)
        scores = np.zeros(self.a.doc_count, dtype=np.float32)
        scale = getattr(q, "scale", None)
        coordinate = bool(scale) and len(q.subqueries) > 1
        hits = np.zeros(self.a.doc_count, dtype=np.int16) if coordinate else None
        for c in q.subqueries:
            if isinstance(c, wq.Term):
                # Added in place from the postings: no full-length arrays per term.
                ids, s = self._term_postings(c)
                match[ids] = True
                scores[ids] += s
                if hits is not None:
                    hits[ids] += 1
                continue
            m, s = self.evaluate(c)
            match |= m
            scores += s
            if hits is not None:
                hits += m
        if hits is not None:
            # Whoosh's OrGroup.factory(scale) coordination: more matched words, more score.
            scores *= 1 + scale * (hits - 1).clip(0) / len(q.subqueries)
        if q.boost != 1:
            scores *= q.boost  # our own array: made above
        return match, scores

    def _expanded(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        """Expand a prefix or wildcard into terms and OR them; refuse one that stands for too many words.

        Never truncated: a wildcard cut at its first N words would silently
        miss paragraphs. The budget says the limit instead.
        """
        terms = []
        for i, t in enumerate(whoosh_compat.expanded_terms(q, self.searcher.reader())):
            if i >= self.budget.per_pattern:
                self.budget.expand(q.fieldname, _pattern(q), i + 1)  # raises
            if i % 64 == 0:
                self.budget.check()
            terms.append(wq.Term(q.fieldname, t.decode("utf-8") if isinstance(t, bytes) else t, boost=q.boost))
        self.budget.expand(q.fieldname, _pattern(q), len(terms))
        if not terms:
            return np.zeros(self.a.doc_count, dtype=bool), np.zeros(self.a.doc_count, dtype=np.float32)
        return self._or(wq.Or(terms))

    def _fallback(self, q: Any) -> tuple[np.ndarray, np.ndarray]:
        """Let Whoosh find the documents (phrases…); score them by their terms."""
        match = np.zeros(self.a.doc_count, dtype=bool)
        docs = np.fromiter(q.docs(self.searcher), dtype=np.int64)
        match[docs] = True
        scores = np.zeros(self.a.doc_count, dtype=np.float32)
        for field, text in q.terms(phrases=True):
            t = text.decode("utf-8") if isinstance(text, bytes) else text
            ids, s = self.a.term_scores(field, t, q.boost)
            scores[ids] += s
        return match, scores * match


# Bytes of candidates and masks a NearSeen keeps before it starts again.
NEAR_SEEN_BYTES = 16 << 20


class NearSeen:
    """Which documents hold a phrase's words close together, kept for one index generation (bounded, thread-safe).

    The same pasted sentence asked again (a facet clicked, the next page)
    has the same best candidates: reading their positions again was the
    larger part of its phrase bonus. The key holds the candidates
    themselves, so a hit is the same answer, never a near one.
    """

    def __init__(self, budget: int = NEAR_SEEN_BYTES) -> None:
        self._kept: dict[tuple[str, tuple[str, ...], int, bytes], np.ndarray] = {}
        self._size = 0
        self._budget = budget
        self._lock = threading.Lock()

    def get(self, key: tuple[str, tuple[str, ...], int, bytes]) -> np.ndarray | None:
        """Return the mask of the candidates holding the phrase, None if not kept."""
        return self._kept.get(key)

    def keep(self, key: tuple[str, tuple[str, ...], int, bytes], chosen: np.ndarray) -> None:
        """Keep a mask of candidates (read-only from now on)."""
        chosen.flags.writeable = False
        with self._lock:
            if self._size >= self._budget:
                self._kept.clear()
                self._size = 0
            self._kept[key] = chosen
            self._size += len(key[3]) + len(chosen)


def _terms_only(q: Any) -> bool:
    """Tell whether a query is a term, or terms OR-ed (a word's query over its fields)."""
    if isinstance(q, wq.Term):
        return True
    return type(q) is wq.Or and all(isinstance(c, wq.Term) for c in q.subqueries)


def _leaf_terms(q: Any) -> list[Any]:
    """Return the terms of a query :func:`_terms_only` accepts."""
    return [q] if isinstance(q, wq.Term) else q.subqueries


def _text(q: Any) -> str:
    """Return a term's or a wildcard's text as a string (Whoosh may hold it as bytes)."""
    return q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text


def _pattern(q: Any) -> str:
    """Return the wildcard as the user wrote it (``migr*``)."""
    text = _text(q)
    return f"{text}*" if isinstance(q, wq.Prefix) else text


def _near(positions: list[list[int]], slop: int) -> bool:
    """Tell whether the words occur in order, each within slop of the previous one (one document's positions).

    The reference for :func:`_near_keys`, which the search uses (tests/test_evaluate.py compares them).
    """
    following = [set(p) for p in positions[1:]]
    for start in positions[0]:
        current = start
        for later in following:
            step = next((current + d for d in range(1, slop + 1) if current + d in later), None)
            if step is None:
                break
            current = step
        else:
            return True
    return False


def _near_keys(keys: list[np.ndarray], slop: int) -> np.ndarray:
    """Return the documents where the words occur in order, each within slop of the previous one.

    ``keys`` are each word's sorted (document << 24) + position. What
    :func:`_near` does for one document, for all of them at once: from each
    position of the first word, step to the next word's nearest following
    position, as long as it is within slop.
    """
    first = keys[0]
    current = first
    ok = np.ones(len(first), dtype=bool)
    for later in keys[1:]:
        if not len(later):
            return first[:0]
        j = np.searchsorted(later, current, side="right")
        step = later[np.minimum(j, len(later) - 1)]
        # The first key past the current one; in another document it is 2**24 - position away, far past slop.
        ok &= (j < len(later)) & (step - current <= slop)
        current = step
    return np.unique(first[ok] >> 24)


def top(scores: np.ndarray, mask: np.ndarray, seq: np.ndarray, k: int,
        coord: np.ndarray | None = None) -> np.ndarray:
    """Return the k best documents of mask, ties in document order.

    With ``coord`` (how many distinct query words each document holds, plus
    below 1 how rare they are: engine.Engine._coordination), the documents
    holding more words come first, then the higher scores.
    """
    docs = np.nonzero(mask)[0]
    if not len(docs) or k <= 0:
        return docs[:0]
    if coord is not None and len(docs) > k:
        docs = _top_tiers(scores, docs, coord, k)
    s = scores[docs].astype(np.float64)
    if coord is not None:
        # Scores stay far below 1e6, so this one key orders by words, then score.
        s = s + coord[docs].astype(np.float64) * 1e6
    if len(docs) > k:
        keep = np.argpartition(-s, k - 1)[:k]
        cutoff = s[keep].min()
        # Keep every document tied with the k-th so ties resolve by order.
        keep = np.nonzero(s >= cutoff)[0]
        docs, s = docs[keep], s[keep]
    order = np.lexsort((seq[docs], -s))
    return docs[order][:k]


# Counts of words held below the highest one that _top_tiers looks at before ranking every document.
TIER_STEPS = 48


def _top_tiers(scores: np.ndarray, docs: np.ndarray, coord: np.ndarray, k: int) -> np.ndarray:
    """Return the docs of the fewest highest counts of words holding k of them: where :func:`top`'s k best are.

    A pasted sentence matches most paragraphs by one word or another; the
    best hold the most words, and ordering all of them by score was most of
    the ranking. With whole counts and scores in [0, 5e5), a document
    holding fewer words than the k-th best has a lower key (count × 1e6 +
    score) than every document kept, so the k best and their ties are the
    same. Anything else (rarity fractions, unusual scores) keeps all docs.
    """
    if coord.dtype.kind not in "iu":
        return docs
    held = coord[docs]
    lowest, highest = int(held.min()), int(held.max())
    if lowest < 0 or lowest == highest:
        return docs
    # The highest count c such that at least k documents hold c words or more, counted from the top
    # (a few counts down at most, where np.bincount first converts every count to 64 bits).
    c = highest
    kept = held >= c
    while c > lowest and np.count_nonzero(kept) < k:
        if highest - c >= TIER_STEPS:
            return docs
        c -= 1
        kept = held >= c
    if c <= lowest or not (float(scores.min()) >= 0 and float(scores.max()) < 5e5):
        return docs
    return docs[kept]
