"""Group near-identical wordings into clusters: LSH buckets proposed, exact similarity decides.

Each signature is cut into ``BANDS`` bands; texts whose band hashes agree in
one band share an LSH bucket (with 16 bands of 4 slots, texts of bigram
resemblance 0.8 meet with probability 0.9999, of resemblance 0.3 with 0.12).
Within a bucket each text is compared exactly with the bucket's leader
and joined to it when their word similarity reaches ``CLUSTER_SIMILARITY``:
one comparison per text and band, never all pairs of a bucket of boilerplate.
The leader is the text of smallest key (:func:`indexer.wording.minhash.wording_keys`),
a hash of its words: the clusters are the connected texts whatever order the
texts come in, so an updated index has the clusters a rebuild gives.
"""

from __future__ import annotations

import numpy as np

from indexer.wording.measure import lcs_with, match_masks
from indexer.wording.minhash import band_keys

BANDS = 16
# Near-identical: at most about one word in ten differs.
CLUSTER_SIMILARITY = 0.9


def cluster(tokens: np.ndarray, offsets: np.ndarray, sig: np.ndarray,
            threshold: float = CLUSTER_SIMILARITY, bands: int = BANDS, leaders: np.ndarray | None = None) -> np.ndarray:
    """Return the cluster number of each text (texts as word ids from ``offsets``; numbers from 0, dense).

    ``leaders`` orders the texts of a bucket (its smallest is the leader); without it, their order here.
    """
    n = sig.shape[0]
    parent = np.arange(n)

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    lengths = np.diff(offsets)
    keys = band_keys(sig, bands)
    for b in range(bands):
        order = np.argsort(keys[:, b], kind="stable") if leaders is None else np.lexsort((leaders, keys[:, b]))
        ranked = keys[order, b]
        cuts = np.flatnonzero(ranked[1:] != ranked[:-1]) + 1
        starts = np.concatenate([[0], cuts])
        stops = np.concatenate([cuts, [n]])
        for lo, hi in zip(starts[stops - starts > 1].tolist(), stops[stops - starts > 1].tolist(), strict=True):
            leader = int(order[lo])
            a = tokens[offsets[leader]:offsets[leader + 1]].tolist()
            masks = None
            for x in order[lo + 1:hi].tolist():
                if root(x) == root(leader):
                    continue
                m = int(lengths[x])
                # Lengths alone bound the similarity: 2 min / (n + m).
                if 2 * min(m, len(a)) < threshold * (m + len(a)):
                    continue
                if masks is None:
                    masks = match_masks(a)
                common = lcs_with(masks, len(a), tokens[offsets[x]:offsets[x + 1]].tolist())
                if 2 * common >= threshold * (m + len(a)):
                    parent[root(x)] = root(leader)
    roots = np.array([root(x) for x in range(n)], dtype=np.int64)
    _, dense = np.unique(roots, return_inverse=True)
    return dense.astype(np.int32)
