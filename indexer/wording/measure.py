"""Measure how close two wordings are, exactly, and say how they differ word by word.

The similarity is the normalised Indel similarity of the two word sequences,
``2 × LCS / (n + m)``: 1 for the same words in the same order, and each word
added or removed costs the same. (It is rapidfuzz's ``fuzz.ratio``, on words
rather than characters.) The longest common subsequence is computed with the
bit-parallel algorithm of Hyyrö (2004): one pass over the second text, a few
integer operations per word, whatever the length of the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from indexer.wording.words import Word


def match_masks(a: Sequence[int] | Sequence[str]) -> dict[Any, int]:
    """Return, for each distinct word of ``a``, the bit set of its positions."""
    masks: dict[Any, int] = {}
    for i, w in enumerate(a):
        masks[w] = masks.get(w, 0) | (1 << i)
    return masks


def lcs_with(masks: dict[Any, int], m: int, b: Sequence[int] | Sequence[str]) -> int:
    """Return the length of the longest common subsequence of ``a`` (as masks, length m) and ``b``."""
    full = (1 << m) - 1
    v = full
    get = masks.get
    for w in b:
        u = v & get(w, 0)
        v = ((v + u) | (v - u)) & full
    return m - v.bit_count()


def similarity(a: Sequence[int] | Sequence[str], b: Sequence[int] | Sequence[str]) -> float:
    """Return the Indel similarity of two word sequences, in [0, 1]."""
    if not a or not b:
        return 0.0
    return 2 * lcs_with(match_masks(a), len(a), b) / (len(a) + len(b))


def word_diff(draft: str, draft_words: list[Word], match: str, match_words: list[Word]) -> list[dict[str, str]]:
    """Return the word diff from a draft to a match, as runs of equal, deleted, inserted or replaced text.

    Words are aligned on their folded forms; each run quotes the texts as
    written ("draft": what the draft says, "match": what the match says),
    with the spaces and punctuation that follow its last word, so that the
    runs put end to end give back each text.
    """
    return starts_diff(draft, ([w.norm for w in draft_words], [w.start for w in draft_words]),
                       match, ([w.norm for w in match_words], [w.start for w in match_words]))


def starts_diff(draft: str, draft_words: tuple[list[str], list[int]], match: str,
                match_words: tuple[list[str], list[int]]) -> list[dict[str, str]]:
    """Return :func:`word_diff` of two texts cut by :func:`~indexer.wording.words.word_starts`."""
    matcher = difflib.SequenceMatcher(None, draft_words[0], match_words[0], autojunk=False)
    runs: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        runs.append({
            "op": op,
            "draft": _span(draft, draft_words[1], i1, i2),
            "match": _span(match, match_words[1], j1, j2),
        })
    return runs


def _span(text: str, starts: list[int], i: int, j: int) -> str:
    """Return the text from word i up to word j (exclusive) as written, with what follows word j - 1."""
    if i >= j:
        return ""
    return text[starts[i]:starts[j] if j < len(starts) else len(text)]
