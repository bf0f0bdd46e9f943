"""Time the query mix on the default collection of seeds/, with the resolution facets.

Run ``python -m tests.benchmarks.collection`` (``--reuse`` keeps an index
already built in tests/benchmarks/out/default-index). It builds the default
collection (the French AKN4UN resolutions, the Security Council OCR volumes
and the seed: about 146,000 paragraphs), then times in one process, as a web
worker would: the scale benchmark's seven queries (six paragraph facets
counted) and five queries that filter on the resolution facets (sponsor,
year, subject, a year range sorted by date). Every query counts every value
of all twelve facets. It prints milliseconds (p50 / p95 / p99) per query and
per mix, and the ratio of the resolution-facet mix to the base mix measured
in the same run: what the new facets cost. Not a test: figures only.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
from pathlib import Path
from typing import Any

from tests.benchmarks.queries import QUERIES, RESOLUTION_QUERIES, BenchQuery
from tests.benchmarks.scale import _time_series, fmt, stats

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "out"


def build(index_dir: Path) -> dict[str, Any]:
    """Build the default collection; return its size and build time."""
    from indexer.store.build import build_index

    shutil.rmtree(index_dir, ignore_errors=True)
    report = build_index([ROOT / "seeds"], index_dir)
    return {"seconds": report.seconds, "resolutions": report.resolutions, "paragraphs": report.paragraphs,
            "peak_mb": report.peak_mb}


def time_queries(index_dir: Path, queries: tuple[BenchQuery, ...], repeat: int, warmup: int,
                 facet_size: int | None) -> dict[str, Any]:
    """Time each query ``repeat`` times after ``warmup`` runs; return times and totals."""
    from indexer.search.allocator import freeze_long_lived
    from indexer.search.engine import Engine

    engine = Engine(index_dir, on_open=freeze_long_lived)  # as a web worker opens it
    extra = {"facet_size": facet_size} if facet_size else {}

    def run(q: BenchQuery) -> Any:
        sort = "date" if "year_from" in q.filters else "relevance"
        return engine.search(q.q, q.filters, per_page=20, sort=sort, **extra)

    times, last = _time_series(run, repeat, max(1, warmup), queries)
    engine.close()
    return {"times": times, "totals": {name: result.total for name, result in last.items()}}


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the default collection and print the timings."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.collection",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="reuse tests/benchmarks/out/default-index")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)
    from indexer.search.allocator import prepare_search_process

    prepare_search_process()  # the memory settings of a web worker (see webapp/server.py)
    index_dir = OUT / "default-index"
    OUT.mkdir(exist_ok=True)
    built = None
    if not (args.reuse and (index_dir / "CURRENT").exists()):
        built = build(index_dir)
        print(f"build: {built['resolutions']} resolutions, {built['paragraphs']} paragraphs in "
              f"{built['seconds']:.1f} s, peak {built['peak_mb']:.0f} MB")
    out: dict[str, Any] = {"build": built, "mixes": {}}
    for mix, queries in (("base (7 queries, scale benchmark)", QUERIES),
                         ("resolution facets (5 queries)", RESOLUTION_QUERIES)):
        for label, size in (("all facet values", 10**9), ("default list (50 per facet)", None)):
            result = time_queries(index_dir, queries, args.repeat, args.warmup, size)
            every = [ms for series in result["times"].values() for ms in series]
            out["mixes"][f"{mix}, {label}"] = {"all": stats(every), "per_query": {
                name: {**stats(ms), "total": result["totals"][name]} for name, ms in result["times"].items()}}
    print(f"\nDefault collection, {args.repeat} runs per query after {args.warmup} warm-up runs (ms):")
    for name, mix in out["mixes"].items():
        a = mix["all"]
        print(f"\n{name}: p50 {fmt(a['p50'])} / p95 {fmt(a['p95'])} / p99 {fmt(a['p99'])}")
        for q, s in mix["per_query"].items():
            print(f"  {q:<28} {s['total']:>7} hits   p50 {fmt(s['p50']):>7}   p95 {fmt(s['p95']):>7}")
    base = out["mixes"]["base (7 queries, scale benchmark), all facet values"]["all"]
    new = out["mixes"]["resolution facets (5 queries), all facet values"]["all"]
    print(f"\nresolution-facet mix / base mix, same run: p50 {new['p50'] / base['p50']:.2f}×, "
          f"p95 {new['p95'] / base['p95']:.2f}×")
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (OUT / "results-default.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
