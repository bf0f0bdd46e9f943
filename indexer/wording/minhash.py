"""Estimate the resemblance of wordings with MinHash over word bigrams, and band signatures for LSH.

A paragraph is the set of its word bigrams (shingles). For each of
``PERMUTATIONS`` hash functions, its signature keeps the smallest hash of its
shingles; two paragraphs agree on a signature slot with probability equal to
the Jaccard resemblance of their shingle sets (Broder 1997). Signatures are
computed for all paragraphs at once with numpy: the hash functions are
splitmix64 finalisers of the shingle xor-ed with a fixed seed, so a signature
is the same in every process and every build.

Shingles are made of *word keys* (a hash of each word's spelling), not of
the word ids of one collection's vocabulary: a wording's signature is then
the same whatever else the collection holds, and an updated index
(:mod:`indexer.store.update`) keeps the signatures of the wordings it
already had, as a rebuild would compute them.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable

import numpy as np

PERMUTATIONS = 64
SEEDS = np.random.default_rng(20131218).integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64)
# A one-word paragraph is the shingle (word, END).
END = np.uint64(0xFFFFFFFF)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z: np.ndarray) -> np.ndarray:
    """Return the splitmix64 finaliser of each value (uint64 wraps around, as intended)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def shingles(tokens: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the word-bigram shingles of texts given as word ids, and where each text's shingles start.

    ``tokens`` holds the word ids of all texts one after the other, text i
    from ``offsets[i]`` to ``offsets[i + 1]``; every text has a word.
    """
    lengths = np.diff(offsets)
    if (lengths < 1).any():
        raise ValueError("texte sans mot")
    # Shingle k pairs word k with word k + 1, or with END for the last word of a text; the last word's
    # shingle is then dropped, except in a one-word text. Built in place, in order: no sort, few copies.
    last = offsets[1:] - 1
    following = np.empty(len(tokens), dtype=np.uint64)
    following[:-1] = tokens[1:]
    following[last] = END
    values = tokens.astype(np.uint64)
    values <<= np.uint64(32)
    values |= following
    del following
    keep = np.ones(len(tokens), dtype=bool)
    keep[last[lengths > 1]] = False
    values = values[keep]
    counts = np.where(lengths == 1, 1, lengths - 1)
    first = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    return values, first


def signatures(shingle_values: np.ndarray, first: np.ndarray, chunk: int = 1_000_000) -> np.ndarray:
    """Return the MinHash signatures (texts × PERMUTATIONS, uint32) of texts given as shingles."""
    sig = np.empty((len(first), PERMUTATIONS), dtype=np.uint32)
    if not len(first):
        return sig
    # Chunks end on text boundaries, so memory stays bounded on a large collection.
    bounds = [0]
    while bounds[-1] < len(first):
        limit = first[bounds[-1]] + chunk
        nxt = int(np.searchsorted(first, limit, side="right"))
        bounds.append(max(nxt, bounds[-1] + 1))
    total = len(shingle_values)
    for lo, hi in itertools.pairwise(bounds):
        start = int(first[lo])
        stop = int(first[hi]) if hi < len(first) else total
        values = shingle_values[start:stop]
        local = first[lo:hi] - start
        for k, seed in enumerate(SEEDS):
            hashed = (_mix(values ^ seed) >> np.uint64(32)).astype(np.uint32)
            sig[lo:hi, k] = np.minimum.reduceat(hashed, local)
    return sig


def word_keys(words: Iterable[str]) -> np.ndarray:
    """Return the key of each word (uint32): a hash of its spelling, the same in every collection and process."""
    return np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint32)


def wording_keys(keys: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Return a 64-bit hash of each text given as word keys (text i from ``offsets[i]``): its place among texts.

    Depends on the words and their order only, not on where the text sits in
    a collection: clusters choose their leaders by it (:mod:`indexer.wording.clusters`).
    """
    if not len(offsets) - 1:
        return np.zeros(0, dtype=np.uint64)
    position = np.arange(len(keys), dtype=np.int64) - np.repeat(offsets[:-1], np.diff(offsets))
    mixed = _mix(keys.astype(np.uint64) ^ _mix(position.astype(np.uint64) + np.uint64(1)))
    return _mix(np.bitwise_xor.reduceat(mixed, offsets[:-1]) ^ np.diff(offsets).astype(np.uint64))


def signature(keys: list[int] | np.ndarray) -> np.ndarray:
    """Return the MinHash signature of one text given as word keys (:func:`word_keys`)."""
    tokens = np.asarray(keys, dtype=np.uint64)
    values, first = shingles(tokens, np.array([0, len(tokens)]))
    return signatures(values, first)[0]


def band_keys(sig: np.ndarray, bands: int) -> np.ndarray:
    """Return one hash per band of each signature (texts × bands): equal keys put texts in one LSH bucket."""
    rows = sig.shape[1] // bands
    keys = np.zeros((sig.shape[0], bands), dtype=np.uint64)
    for b in range(bands):
        acc = np.full(sig.shape[0], np.uint64(b + 1))
        for r in range(rows):
            acc = _mix(acc ^ sig[:, b * rows + r].astype(np.uint64))
        keys[:, b] = acc
    return keys
