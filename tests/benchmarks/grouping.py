"""Time searches with one card per wording against the same mix one per paragraph, in one process and one run.

Run ``python -m tests.benchmarks.grouping --index DIR [--repeat 5]`` on a
built index (e.g. the default collection). The mix is the benchmark's
queries (tests/benchmarks/queries.py) plus the drafting queries of issue 25
(the migrants op1 sentence, a three-word query sorted by date, a page 3);
each is run with ``group="none"`` then ``group="wording"``, interleaved,
after one warm-up of each, so that both meet the same caches. Prints the
p50 and p95 (milliseconds) of each mode and the slowest queries.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from indexer.search.engine import Engine
from tests.benchmarks.queries import QUERIES, RESOLUTION_QUERIES

# (name, query, filters, sort, page)
DRAFTING = (
    ("migrants op1", "Demande aux États de promouvoir et de protéger efficacement les droits humains et les libertés "
     "fondamentales de tous les migrants, quel que soit leur statut migratoire", {}, "relevance", 1),
    ("three words by date", "Golan migrants climat", {}, "date", 1),
    ("three words, page 3", "coopération internationale terrorisme", {}, "relevance", 3),
    ("seized of the matter", "Décide de rester saisi de la question", {}, "relevance", 1),
)
MODES = ("none", "wording")


def mix() -> list[tuple[str, str, dict[str, list[str]], str, int]]:
    """Return the queries timed: the benchmark's mix and the drafting ones."""
    out = [(q.name, q.q, q.filters, "date" if "year_from" in q.filters else "relevance", 1)
           for q in (*QUERIES, *RESOLUTION_QUERIES)]
    return [*out, *DRAFTING]


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of some values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def run(index_dir: Path, repeat: int) -> dict[str, Any]:
    """Time every query of the mix in both modes; return the figures."""
    engine = Engine(index_dir)
    engine.warm()
    times: dict[str, list[float]] = {m: [] for m in MODES}
    per_query: dict[tuple[str, str], list[float]] = {}
    counts: dict[str, tuple[int, int | None]] = {}
    for _name, q, filters, sort, page in mix():
        for mode in MODES:  # warm-up
            engine.search(q, filters, sort=sort, page=page, group=mode)
    for _ in range(repeat):
        for name, q, filters, sort, page in mix():
            for mode in MODES:
                started = time.perf_counter()
                result = engine.search(q, filters, sort=sort, page=page, group=mode)
                ms = (time.perf_counter() - started) * 1000
                times[mode].append(ms)
                per_query.setdefault((name, mode), []).append(ms)
                if mode == "wording":
                    counts[name] = (result.total, result.wordings)
    engine.close()
    return {"times": times, "per_query": per_query, "counts": counts}


def main(argv: list[str] | None = None) -> int:
    """Print p50 and p95 with and without grouping."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.grouping", description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="index construit (lu seulement)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    figures = run(args.index, args.repeat)
    for mode, values in figures["times"].items():
        print(f"group={mode:8} n={len(values):4}  p50 {statistics.median(values):7.1f} ms  "
              f"p95 {percentile(values, 95):7.1f} ms  max {max(values):7.1f} ms")
    print("\nrequête                       none p50   wording p50   paragraphes   libellés")
    for name, *_ in mix():
        none = statistics.median(figures["per_query"][(name, "none")])
        wording = statistics.median(figures["per_query"][(name, "wording")])
        total, wordings = figures["counts"][name]
        print(f"{name:28} {none:9.1f} {wording:13.1f} {total:13} {wordings:10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
