"""Find the wordings of a collection nearest to a draft paragraph.

Two stages: the MinHash signature of the draft is compared with every
wording's signature at once (numpy, one byte per slot and wording), which
estimates the bigram resemblance of each; the ``POOL`` best are then measured
exactly (word similarity, :mod:`indexer.wording.measure`) and ranked. One
match per cluster is kept, so that boilerplate repeated in hundreds of
resolutions takes one line ("même libellé dans 312 résolutions"), not ten.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indexer.wording.measure import lcs_with, match_masks
from indexer.wording.minhash import signature, word_keys
from indexer.wording.tables import Tables
from indexer.wording.words import Word, words

# Wordings measured exactly after the MinHash estimate (see tests/benchmarks/similar.py for its recall);
# when none of them reaches CLOSE, the draft has no near neighbour and bigram agreement says little about
# its distant ones: up to WIDE_POOL are measured (leave-out: the first hit is the true best for 92 % of
# drafts with 400, 95 % with 2,000; 100 % of those with a neighbour at 0.8 either way).
POOL = 400
WIDE_POOL = 2000
CLOSE = 0.8
# Below this many words a draft is a phrase, not a paragraph: its nearest wordings are boilerplate.
MIN_WORDS = 8
# Longest draft read, in characters.
MAX_CHARS = 5000


@dataclass(frozen=True)
class Match:
    """A wording near the draft: its number, exact similarity and cluster."""

    wording: int
    similarity: float
    cluster: int
    # The paragraph shown for the wording: its latest use (among those the filters keep).
    row: int = -1


@dataclass(frozen=True)
class Finding:
    """The wordings nearest to a draft, best first, one per cluster."""

    words: tuple[Word, ...]
    matches: tuple[Match, ...]
    # Too short to compare as a paragraph: the answer lists clusters of boilerplate.
    generic: bool


def draft_ids(tables: Tables, draft_words: list[Word]) -> list[int]:
    """Return the word ids of a draft; a word the collection never uses gets an id of its own."""
    vocabulary = tables.vocabulary_map
    unknown: dict[str, int] = {}
    base = len(tables.words)
    return [vocabulary.get(w.norm) if w.norm in vocabulary else unknown.setdefault(w.norm, base + len(unknown))
            for w in draft_words]


def draft_keys(tables: Tables, draft_words: list[Word], ids: list[int]) -> np.ndarray:
    """Return the word keys of a draft (a word the collection never uses: the hash of its spelling)."""
    known = len(tables.words)
    return np.array([int(tables.word_keys[i]) if i < known else int(word_keys([w.norm])[0])
                     for w, i in zip(draft_words, ids, strict=True)], dtype=np.uint32)


@dataclass(frozen=True)
class Scope:
    """Which paragraphs a search may answer with (the search page's filters), and how to break ties.

    ``rows``: one boolean per row of the tables, None for all of them;
    ``consensus``: one boolean per row, True for a paragraph of a resolution adopted without a vote.
    """

    rows: np.ndarray | None = None
    consensus: np.ndarray | None = None

    def latest(self, tables: Tables) -> np.ndarray:
        """Return, per wording, the latest row the scope keeps (-1 when it keeps none)."""
        if self.rows is None:
            return tables.wording_latest
        own = tables.wording_latest.astype(np.int64)
        # The collection's own latest row where the scope keeps it (ties of one date are broken as the build did);
        # the other wordings' kept rows only are sorted.
        latest = np.where(self.rows[own], own, -1)
        need = latest < 0
        wording = tables.row_wording
        kept = np.flatnonzero(self.rows & (wording >= 0) & need[np.maximum(wording, 0)])
        order = kept[np.lexsort((kept, tables.row_date[kept], wording[kept]))]
        latest[wording[order]] = order  # the last of each wording's run wins: its latest row
        return latest


def find(tables: Tables, text: str, limit: int = 10, pool: int = POOL, per_cluster: bool = True,
         wide_pool: int = WIDE_POOL, scope: Scope | None = None) -> Finding:
    """Return the wordings nearest to ``text``, best first, at most ``limit`` clusters.

    With ``per_cluster`` false every wording counts on its own (the benchmark
    compares that ranking with brute force). ``wide_pool`` bounds the
    wordings measured when none of the pool is close (the whole-draft check,
    which runs the finder on every paragraph, uses a smaller one). ``scope``
    keeps only the wordings some kept paragraph uses (each shown by its latest
    kept use) and, among equal scores, puts those adopted without a vote first.
    """
    found = words(text)
    if not found:
        return Finding((), (), True)
    scope = scope or Scope()
    latest = scope.latest(tables)
    ids = draft_ids(tables, found)
    agreement = (tables.signatures == signature(draft_keys(tables, found, ids))).sum(axis=1, dtype=np.int16)
    wide = min(max(pool, wide_pool), len(agreement))
    if scope.rows is not None:
        allowed = latest >= 0
        # A wording no kept paragraph uses is never a candidate: below every agreement.
        agreement = np.where(allowed, agreement, np.int16(-1))
        wide = min(wide, int(np.count_nonzero(allowed)))
        if not wide:
            return Finding(tuple(found), (), len(found) < MIN_WORDS)
    candidates = np.argpartition(-agreement, wide - 1)[:wide] if wide < len(agreement) else np.arange(wide)
    candidates = candidates[np.argsort(-agreement[candidates], kind="stable")]
    masks, m = match_masks(ids), len(ids)
    scored: list[tuple[float, int]] = []
    best = 0.0
    for i, wording in enumerate(candidates.tolist()):
        if i == pool and best >= CLOSE:
            break
        start, stop = int(tables.offsets[wording]), int(tables.offsets[wording + 1])
        if i >= pool and 2 * min(m, stop - start) <= best * (m + stop - start):
            continue  # beyond the pool, only a new best matters, and lengths alone rule this one out
        other = tables.tokens[start:stop].tolist()
        score = 2 * lcs_with(masks, m, other) / (m + len(other))
        best = max(best, score)
        scored.append((score, wording))
    consensus = scope.consensus

    def agreed(wording: int) -> bool:
        return consensus is not None and bool(consensus[latest[wording]])

    # Best first; among equals the wording adopted without a vote, then the one used most recently
    # (then the lowest number, for stable answers).
    scored.sort(key=lambda s: (-s[0], not agreed(s[1]), -int(tables.row_date[latest[s[1]]]), s[1]))
    matches: list[Match] = []
    seen: set[int] = set()
    for score, wording in scored:
        number = int(tables.wording_cluster[wording])
        if per_cluster and number in seen:
            continue
        seen.add(number)
        matches.append(Match(wording, score, number, int(latest[wording])))
        if len(matches) >= limit:
            break
    return Finding(tuple(found), tuple(matches), len(found) < MIN_WORDS)
