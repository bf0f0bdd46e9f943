"""Measure the agreed-language finder against exact brute force, its speed, build cost and memory (issue 14).

Run ``python -m tests.benchmarks.similar --index DIR`` on an index of the
default collection built by this version (``resolu index seeds --index DIR``);
``--lang en`` measures the English side (issue 23): the paragraphs' English
(``text_en``) as the collection, English drafts, ``lang: "en"`` requests.
On a small index (tests/data/akn with tests/data/akn-en: six English
resolutions) use ``--held-out 2``.

1. **Leave-out.** ``--held-out`` resolutions (seeded) are taken out of the
   collection and wording tables are built from the other paragraphs, in
   memory, exactly as a build does. Each held-out paragraph of at least
   ``MIN_WORDS`` words is a draft "not in the index".
2. **Brute force.** For each draft, the exact word similarity to *every*
   wording of the collection. Exhaustive, with one admissible shortcut: the
   similarity ``2 LCS / (n + m)`` is at most ``2 C / (n + m)`` where C is the
   number of words the two share (as multisets), computed for all wordings at
   once with numpy; wordings are measured in decreasing order of that bound
   until it falls below both 0.8 and the best found, so nothing that could
   reach either is skipped (``--check N`` verifies this on N drafts against a
   scan with no shortcut at all).
3. **Figures.** Recall@10 of the true neighbours at similarity ≥ 0.8 (ties
   counted: a hit is right when its exact similarity reaches the 10th true
   one), per wording and per cluster (as served: one wording per cluster);
   recall@10 of the exact ten nearest wordings whatever their similarity, over
   all drafts (``recall_at_10_exact_top10_all_drafts``: the only recall that
   means something on a small collection, where few drafts have a neighbour
   at 0.8);
   how often the first hit is the true best; and, for drafts with no true
   neighbour at 0.8, how often the finder claims one.
4. **Speed.** ``POST /api/similar`` through the Flask app on ``--index``,
   600-character paragraphs of the collection with a few words changed (as a
   delegate's draft): p50 and p95; the wording step of a build timed alone
   (read + tables + save), to set against the build's total time; memory of a
   web process before and after the tables are loaded.
5. **Edited drafts.** ``--edited`` paragraphs of the collection (seeded, at
   least ``MIN_WORDS`` words), each edited as a translator would, in turn:
   two pairs of neighbouring words swapped, two words inserted, or two
   clauses (cut at commas and semicolons) exchanged. Each is looked up in the
   whole collection's tables: the share whose first hit is the source's own
   wording (the same words as the source paragraph), and the share whose
   first hit is in the source's cluster of near-identical wordings (the
   finder shows one wording per cluster). Also recall@10 of their exact ten
   nearest wordings (brute force, as in 3).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from indexer.store.wording import rows_of, save
from indexer.wording.finder import MIN_WORDS, find
from indexer.wording.measure import lcs_with, match_masks
from indexer.wording.tables import Row, Tables, build_tables
from indexer.wording.words import normalised

NEAR = 0.8
K = 10


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def read_rows(index_dir: Path, lang: str = "fr") -> list[Row]:
    """Return every live paragraph of an index as rows in one language (read with Whoosh directly)."""
    from whoosh import index

    from indexer.store.layout import RESOLUTIONS, current_path

    path = current_path(index_dir)
    with open(path / RESOLUTIONS, encoding="utf-8") as f:
        resolutions = json.load(f)
    ix = index.open_dir(str(path))
    with ix.reader() as reader:
        return rows_of(reader, resolutions, lang)


class BruteForce:
    """Exact similarity of a draft to every wording of some tables (bag-of-words bound, then exact LCS)."""

    def __init__(self, tables: Tables) -> None:
        """Index the wordings by word: for each word, the wordings holding it and how many times."""
        lengths = np.diff(tables.offsets)
        owner = np.repeat(np.arange(len(lengths)), lengths)
        key = tables.tokens.astype(np.int64) * len(lengths) + owner
        unique, counts = np.unique(key, return_counts=True)
        self.word = unique // len(lengths)
        self.wording = (unique % len(lengths)).astype(np.int64)
        self.count = counts.astype(np.int32)
        self.starts = np.searchsorted(self.word, np.arange(len(tables.words) + 1))
        self.lengths = lengths
        self.tables = tables

    def neighbours(self, ids: list[int], exhaustive: bool = False) -> list[tuple[float, int]]:
        """Return (similarity, wording) of every wording at ≥ NEAR, and the best one, best first."""
        n = len(ids)
        shared = np.zeros(len(self.lengths), dtype=np.int32)
        wanted: dict[int, int] = {}
        for w in ids:
            wanted[w] = wanted.get(w, 0) + 1
        for w, c in wanted.items():
            if w >= len(self.starts) - 1:
                continue  # a word the collection never uses
            lo, hi = self.starts[w], self.starts[w + 1]
            shared[self.wording[lo:hi]] += np.minimum(self.count[lo:hi], c)
        bound = 2 * shared / (n + self.lengths)
        order = np.argsort(-bound, kind="stable") if not exhaustive else np.arange(len(bound))
        masks = match_masks(ids)
        found: list[tuple[float, int]] = []
        best = 0.0
        for wording in order.tolist():
            if not exhaustive and bound[wording] < min(NEAR, best):
                break
            other = self.tables.tokens[self.tables.offsets[wording]:self.tables.offsets[wording + 1]].tolist()
            score = 2 * lcs_with(masks, n, other) / (n + len(other))
            best = max(best, score)
            found.append((score, wording))
        found.sort(key=lambda s: -s[0])
        return [s for s in found if s[0] >= NEAR] or found[:1]

    def top(self, ids: list[int], k: int = K) -> list[float]:
        """Return the exact similarities of the k nearest wordings, whatever they are, best first.

        Wordings are measured in decreasing order of the bag-of-words bound
        until the bound falls below the k-th best found: none skipped could
        enter the k best.
        """
        n = len(ids)
        shared = np.zeros(len(self.lengths), dtype=np.int32)
        wanted: dict[int, int] = {}
        for w in ids:
            wanted[w] = wanted.get(w, 0) + 1
        for w, c in wanted.items():
            if w >= len(self.starts) - 1:
                continue
            lo, hi = self.starts[w], self.starts[w + 1]
            shared[self.wording[lo:hi]] += np.minimum(self.count[lo:hi], c)
        bound = 2 * shared / (n + self.lengths)
        masks = match_masks(ids)
        best: list[float] = []
        for wording in np.argsort(-bound, kind="stable").tolist():
            if len(best) >= k and bound[wording] < best[k - 1]:
                break
            other = self.tables.tokens[self.tables.offsets[wording]:self.tables.offsets[wording + 1]].tolist()
            best.append(2 * lcs_with(masks, n, other) / (n + len(other)))
            best.sort(reverse=True)
            del best[k:]
        return best


def recall_at_k(brute: BruteForce, ids: list[int], served: list[float], k: int = K) -> float:
    """Return the share of the exact k nearest wordings the finder served (ties counted: a served wording
    whose similarity reaches the k-th true one is right)."""
    truth = brute.top(ids, k)
    if not truth:
        return 1.0
    threshold = truth[-1] - 1e-9
    return sum(score >= threshold for score in served[:len(truth)]) / len(truth)


def leave_out(rows: list[Row], held: int, seed: int, drafts: int) -> dict[str, object]:
    """Hold resolutions out, build tables from the rest, and compare the finder with brute force."""
    rng = random.Random(seed)
    symbols = sorted({r.symbol for r in rows})
    out = set(rng.sample(symbols, held))
    kept = [r for r in rows if r.symbol not in out]
    started = time.perf_counter()
    tables = build_tables(kept)
    tables_seconds = time.perf_counter() - started
    candidates = [r.text for r in rows if r.symbol in out and len(normalised(r.text)) >= MIN_WORDS]
    texts = rng.sample(candidates, min(drafts, len(candidates)))
    brute = BruteForce(tables)
    vocabulary = tables.vocabulary_map
    with_near = recall_words = recall_clusters = first_ok = first_ok_near = false_claims = without = 0
    recall_all = 0.0
    finder_seconds: list[float] = []
    for text in texts:
        words = normalised(text)
        ids = [vocabulary.get(w, len(tables.words) + 1) for w in words]
        truth = brute.neighbours(ids)
        t0 = time.perf_counter()
        served = find(tables, text, K)
        finder_seconds.append(time.perf_counter() - t0)
        flat = find(tables, text, K, per_cluster=False)
        recall_all += recall_at_k(brute, ids, [m.similarity for m in flat.matches])
        best_true = truth[0][0] if truth else 0.0
        ok = bool(served.matches) and served.matches[0].similarity >= best_true - 1e-9
        first_ok += ok
        near = [s for s in truth if s[0] >= NEAR]
        if near:
            with_near += 1
            first_ok_near += ok
            k = min(K, len(near))
            threshold = near[k - 1][0] - 1e-9
            recall_words += sum(m.similarity >= threshold for m in flat.matches[:k]) / k
            # Clusters: the true neighbours' clusters, best first, against the served list.
            true_clusters: list[int] = []
            for _, wording in near:
                c = int(tables.wording_cluster[wording])
                if c not in true_clusters:
                    true_clusters.append(c)
            top = true_clusters[:K]
            recall_clusters += len(set(top) & {m.cluster for m in served.matches}) / len(top)
        else:
            without += 1
            false_claims += any(m.similarity >= NEAR for m in served.matches)
    return {
        "held_out_resolutions": held, "collection_paragraphs": len(kept), "wordings": len(tables.offsets) - 1,
        "drafts": len(texts), "drafts_with_neighbour_0_8": with_near,
        "recall_at_10_wordings": recall_words / max(with_near, 1),
        "recall_at_10_clusters": recall_clusters / max(with_near, 1),
        "recall_at_10_exact_top10_all_drafts": recall_all / max(len(texts), 1),
        "first_hit_true_best": first_ok / max(len(texts), 1),
        "first_hit_true_best_with_neighbour": first_ok_near / max(with_near, 1),
        "drafts_without_neighbour": without, "false_claims_above_0_8": false_claims,
        "finder_ms_p50": 1000 * statistics.median(finder_seconds) if finder_seconds else 0.0,
        "tables_seconds_without_held_out": tables_seconds,
        "_tables": tables, "_brute": brute, "_texts": texts,
    }


def check_exhaustive(tables: Tables, brute: BruteForce, texts: list[str], count: int) -> int:
    """Return on how many drafts the pruned brute force and a full scan disagree (expected: 0)."""
    vocabulary = tables.vocabulary_map
    disagree = 0
    for text in texts[:count]:
        ids = [vocabulary.get(w, len(tables.words) + 1) for w in normalised(text)]
        a = [round(s, 9) for s, _ in brute.neighbours(ids)]
        b = [round(s, 9) for s, _ in brute.neighbours(ids, exhaustive=True)]
        disagree += a != b
    return disagree


# Words a drafter adds, per language (drafts_600 and edited drafts).
FILLERS = {"fr": ["notamment", "également", "pleinement", "dûment"],
           "en": ["notably", "also", "fully", "duly"]}
EDITS = ("swap", "insert", "reorder")


def drafts_600(rows: list[Row], count: int, seed: int, lang: str = "fr") -> list[str]:
    """Return drafts of about 600 characters: paragraphs of the collection with three words changed."""
    rng = random.Random(seed)
    pool = [r.text for r in rows if 540 <= len(r.text) <= 660]
    drafts = []
    for text in rng.sample(pool, min(count, len(pool))):
        parts = text.split(" ")
        for _ in range(3):
            parts[rng.randrange(len(parts))] = rng.choice(FILLERS[lang])
        drafts.append(" ".join(parts))
    return drafts


def edit(text: str, kind: str, rng: random.Random, lang: str = "fr") -> str:
    """Return a paragraph edited as a drafter would: words swapped, words inserted or clauses exchanged."""
    parts = text.split(" ")
    if kind == "swap":
        for _ in range(2):
            i = rng.randrange(len(parts) - 1)
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
        return " ".join(parts)
    if kind == "insert":
        for _ in range(2):
            parts.insert(rng.randrange(1, len(parts)), rng.choice(FILLERS[lang]))
        return " ".join(parts)
    clauses = [c for c in re.split(r"(?<=[,;])\s+", text) if c]
    if len(clauses) < 2:
        return edit(text, "swap", rng, lang)  # one clause: nothing to reorder, swap words instead
    i, j = sorted(rng.sample(range(len(clauses)), 2))
    clauses[i], clauses[j] = clauses[j], clauses[i]
    return " ".join(clauses)


def edited_drafts(rows: list[Row], count: int, seed: int, lang: str = "fr") -> dict[str, object]:
    """Look up edited paragraphs of the collection in its own tables: how often is the source first?"""
    rng = random.Random(seed)
    tables = build_tables(rows)
    brute = BruteForce(tables)
    vocabulary = tables.vocabulary_map
    recall = 0.0
    candidates = [i for i, r in enumerate(rows) if len(normalised(r.text)) >= MIN_WORDS]
    # With replacement when the collection has fewer paragraphs than drafts asked (a small test index).
    chosen = rng.sample(candidates, count) if count <= len(candidates) else rng.choices(candidates, k=count)
    wording_first = cluster_first = 0
    by_kind = {kind: [0, 0] for kind in EDITS}
    similarities = []
    for n, row in enumerate(chosen):
        kind = EDITS[n % len(EDITS)]
        draft = edit(rows[row].text, kind, rng, lang)
        served = find(tables, draft, K)
        flat = find(tables, draft, K, per_cluster=False)
        ids = [vocabulary.get(w, len(tables.words) + 1) for w in normalised(draft)]
        recall += recall_at_k(brute, ids, [m.similarity for m in flat.matches])
        source = int(tables.row_wording[row])
        first = served.matches[0] if served.matches else None
        same_wording = first is not None and first.wording == source
        same_cluster = first is not None and first.cluster == int(tables.wording_cluster[source])
        wording_first += same_wording
        cluster_first += same_cluster
        by_kind[kind][0] += same_wording
        by_kind[kind][1] += 1
        if first is not None:
            similarities.append(first.similarity)
    return {"collection_paragraphs": len(rows), "distinct_source_paragraphs": len(set(chosen)),
            "drafts": len(chosen), "first_hit_source_wording": wording_first / max(len(chosen), 1),
            "first_hit_source_cluster": cluster_first / max(len(chosen), 1),
            "first_hit_source_wording_by_edit": {k: v[0] / max(v[1], 1) for k, v in by_kind.items()},
            "first_hit_similarity_median": statistics.median(similarities) if similarities else 0.0,
            "recall_at_10_exact_top10": recall / max(len(chosen), 1)}


def web_speed(index_dir: Path, drafts: list[str], lang: str = "fr") -> dict[str, float]:
    """Time POST /api/similar through the app (tables loaded by a first request, not timed)."""
    from webapp import create_app

    before = _rss_mb()
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    client = app.test_client()
    client.get("/api/search?q=paix")  # opens the index
    opened = _rss_mb()
    client.post("/api/similar", json={"text": drafts[0], "limit": 10, "lang": lang})
    loaded = _rss_mb()
    times, cpu = [], []
    for text in drafts:
        t0, c0 = time.perf_counter(), time.thread_time()
        response = client.post("/api/similar", json={"text": text, "limit": 10, "lang": lang})
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        assert response.status_code == 200, response.json
    times.sort()
    cpu.sort()
    # Processor time too: on a shared machine the wall clock also counts the time other processes ran.
    return {"requests": len(times), "p50_ms": 1000 * times[len(times) // 2],
            "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))], "max_ms": 1000 * times[-1],
            "cpu_p50_ms": 1000 * cpu[len(cpu) // 2], "cpu_p95_ms": 1000 * cpu[int(0.95 * (len(cpu) - 1))],
            "rss_before_app_mb": before, "rss_index_open_mb": opened, "rss_tables_loaded_mb": loaded,
            "rss_after_mb": _rss_mb()}


def wording_step(rows: list[Row]) -> tuple[float, float]:
    """Time the build's wording step alone (tables of the whole collection, saved), rows already read.

    Return wall-clock and processor seconds.
    """
    folder = Path(tempfile.mkdtemp(prefix="resolu-wording-"))
    try:
        started, cpu = time.perf_counter(), time.process_time()
        save(build_tables(rows), folder / "wording")
        return time.perf_counter() - started, time.process_time() - cpu
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Print the figures (and write them as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="index of the default collection (this version)")
    parser.add_argument("--held-out", type=int, default=80, help="resolutions left out")
    parser.add_argument("--drafts", type=int, default=400, help="held-out paragraphs used as drafts")
    parser.add_argument("--requests", type=int, default=200, help="timed POST /api/similar")
    parser.add_argument("--check", type=int, default=5, help="drafts checked against a full scan")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--only", choices=("quality", "speed", "edited"), help="one part of the figures")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr",
                        help="side measured: the French paragraphs, or their English (text_en)")
    parser.add_argument("--edited", type=int, default=300, help="edited drafts looked up in the whole collection")
    args = parser.parse_args()

    t0, c0 = time.perf_counter(), time.process_time()
    rows = read_rows(args.index, args.lang)
    read_seconds, read_cpu = time.perf_counter() - t0, time.process_time() - c0
    figures: dict[str, object] = {"lang": args.lang, "paragraphs": len(rows), "read_stored_seconds": read_seconds}
    if args.only in (None, "edited"):
        figures["edited"] = edited_drafts(rows, args.edited, args.seed, args.lang)
    if args.only in (None, "quality"):
        quality = leave_out(rows, args.held_out, args.seed, args.drafts)
        tables, brute, texts = quality.pop("_tables"), quality.pop("_brute"), quality.pop("_texts")
        quality["pruned_vs_full_scan_disagreements"] = check_exhaustive(tables, brute, texts, args.check)
        quality["full_scan_checked"] = min(args.check, len(texts))
        figures["quality"] = quality
        del tables, brute
    if args.only in (None, "speed"):
        figures["web"] = web_speed(args.index, drafts_600(rows, args.requests, args.seed, args.lang), args.lang)
        wall, cpu = wording_step(rows)
        figures["wording_step_seconds"] = read_seconds + wall
        figures["wording_step_cpu_seconds"] = read_cpu + cpu
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
