"""Check that two versions of the code give the same results on one index, and time them in the same run.

A speed-up of the search (issue 27) must not change a single result: the
same totals, the same first hundred hits in the same order with the same
scores (to float32 precision), the same highlighted text, the same facet
counts. Each version runs in its own process, its source folder first on
the path, over the query mix of :mod:`tests.benchmarks.queries`, the pasted
sentences of :mod:`tests.benchmarks.coldstart` and of fresh_sentences.json, and the judged queries of
tests/relevance/judgments.toml; their answers are compared field by field.

    python -m tests.benchmarks.identity --old /tmp/base --new . --index /tmp/final-idx [--rounds 3]

``--old`` is a checkout of the code before the change (``git archive`` of
the base commit into a folder). With ``--rounds``, each version then runs
the mix that many times more, the two processes taking turns, and the
per-query processor time (the search's thread) and wall time are printed
as p50/p95 of each version.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# Hits compared per query (the first page of a hundred, as an export or a long page shows).
HITS = 100


def query_mix() -> list[tuple[str, dict[str, list[str]]]]:
    """Return the queries compared: the benchmark mix, the pasted sentences, the judged queries."""
    from tests.benchmarks.coldstart import SENTENCE_LENGTHS, pasted_sentences
    from tests.benchmarks.queries import QUERIES, RESOLUTION_QUERIES

    mix = [(b.q, dict(b.filters)) for b in (*QUERIES, *RESOLUTION_QUERIES)]
    mix += [(s, {}) for n in SENTENCE_LENGTHS for s in pasted_sentences(n)]
    # Forty 33-word openings of other paragraphs (found by the verbs « rappelle », « souligne »… sorted by
    # date, A/RES/68/179 left out): the seed's sentences all come from one resolution.
    mix += [(s, {}) for s in json.loads((Path(__file__).parent / "fresh_sentences.json").read_text(encoding="utf-8"))]
    judged = tomllib.loads((ROOT / "tests" / "relevance" / "judgments.toml").read_text(encoding="utf-8"))
    for q in judged["query"]:
        mix.append((q["text"], {}))
        if q.get("accented"):
            mix.append((q["accented"], {}))
    return mix


def _answer(result: Any) -> dict[str, Any]:
    """Return what a search shows, as JSON: totals, hits in order with scores and marks, every facet count."""
    return {
        "total": result.total, "all_words": result.all_words, "wordings": result.wordings,
        "unmatched": result.unmatched, "suggestions": result.suggestions, "expansions": result.expansions,
        "hits": [[h.symbol, h.anchor, repr(float(h.score)), h.highlighted, h.snippet] for h in result.hits],
        "cards": [[len(c.others) if hasattr(c, "others") else None] for c in (result.cards or [])],
        "facets": {name: [[b.value, b.count, b.selected, b.resolutions] for b in buckets]
                   for name, buckets in result.facets.items()},
        "facet_totals": result.facet_totals,
    }


def run(index: str, mix_file: str, out: str, rounds: int) -> None:
    """Run the mix on an index with the code on the path; write the answers (rounds 0) or the timings."""
    from indexer.search.allocator import freeze_long_lived, prepare_search_process, release_free_memory, settle
    from indexer.search.engine import Engine

    # The process as a web worker runs it (webapp/server.py): allocator, collector, memory policy, warm-up.
    # No budget: a search stopped by a loaded machine is not a difference of the code.
    prepare_search_process()
    engine = Engine(index, search_seconds=3600.0, on_open=freeze_long_lived, after_search=release_free_memory)
    engine.warm()
    settle()
    mix = [(q, filters) for q, filters in json.loads(Path(mix_file).read_text(encoding="utf-8"))]
    if not rounds:
        answers = []
        for q, filters in mix:
            flat = engine.search(q, filters, per_page=HITS, facet_size=10**6)
            grouped = engine.search(q, filters, group="wording")
            answers.append({"q": q, "filters": filters, "flat": _answer(flat), "grouped": _answer(grouped),
                            "grouped_cards": [repr(c) for c in grouped.cards or []]})
        Path(out).write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
        return
    for q, filters in mix:  # warm: every generation cache the mix needs, as a worker that has served it
        engine.search(q, filters)
    cpu: list[list[float]] = [[] for _ in mix]
    wall: list[list[float]] = [[] for _ in mix]
    for _ in range(rounds):
        for i, (q, filters) in enumerate(mix):
            t, w = time.thread_time(), time.perf_counter()
            engine.search(q, filters)  # as /api/search asks: 20 hits, every facet counted
            cpu[i].append((time.thread_time() - t) * 1000)
            wall[i].append((time.perf_counter() - w) * 1000)
    Path(out).write_text(json.dumps({"cpu": cpu, "wall": wall}), encoding="utf-8")


def _in_process(code: str, index: str, mix_file: str, rounds: int) -> Any:
    """Run :func:`run` with ``code`` first on the path, in a new process; return what it wrote."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    env = {**os.environ, "PYTHONPATH": str(Path(code).resolve())}
    # This file is run by its path, so that only ``indexer`` comes from ``code`` (the old code has no identity.py).
    subprocess.run([sys.executable, __file__, "--child", index, mix_file, out, str(rounds)], env=env, check=True,
                   cwd=code)
    try:
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        os.unlink(out)


def differences(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    """Return a line per difference between two runs' answers (empty: identical)."""
    found = []
    for a, b in zip(old, new, strict=True):
        for part in ("flat", "grouped", "grouped_cards"):
            if a[part] == b[part]:
                continue
            if part == "grouped_cards":
                found.append(f"{a['q'][:60]!r} {a['filters']}: cards differ")
                continue
            for key in a[part]:
                was, now = a[part][key], b[part][key]
                if was == now:
                    continue
                where = ""
                if isinstance(was, list) and isinstance(now, list):
                    # The first item that differs (a hit, a facet value), not the common start of the lists.
                    at = next((i for i, (x, y) in enumerate(zip(was, now, strict=False)) if x != y),
                              min(len(was), len(now)))
                    where, was, now = f"[{at}] (of {len(was)}/{len(now)})", was[at:at + 1], now[at:at + 1]
                found.append(f"{a['q'][:60]!r} {a['filters']} {part}.{key}{where}: "
                             f"{str(was)[:200]} != {str(now)[:200]}")
    return found


def _percentiles(times: list[list[float]]) -> tuple[float, float]:
    """Return p50 and p95 over every query's median time (the per-query figure the benchmarks quote)."""
    per_query = sorted(statistics.median(t) for t in times)
    return statistics.median(per_query), per_query[min(len(per_query) - 1, int(0.95 * len(per_query)))]


def main(argv: list[str] | None = None) -> int:
    """Compare the answers of two versions; with --rounds, time them taking turns."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="source folder of the code before the change")
    parser.add_argument("--new", default=str(ROOT), help="source folder of the code after (this checkout)")
    parser.add_argument("--index", required=True, help="index folder (read only)")
    parser.add_argument("--rounds", type=int, default=0, help="timed runs of the mix per version (0: none)")
    parser.add_argument("--turns", type=int, default=2, help="processes per version when timing, in turns")
    args = parser.parse_args(argv)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(query_mix(), f, ensure_ascii=False)
        mix_file = f.name
    try:
        return _compare(args, mix_file)
    finally:
        os.unlink(mix_file)


def _compare(args: argparse.Namespace, mix_file: str) -> int:
    """Compare the two versions' answers to the mix in ``mix_file``, then time them if asked."""
    old = _in_process(args.old, args.index, mix_file, 0)
    new = _in_process(args.new, args.index, mix_file, 0)
    found = differences(old, new)
    print(f"{len(old)} queries × (100 hits ungrouped + 20 cards grouped, every facet value): "
          f"{'identical' if not found else f'{len(found)} differences'}")
    for line in found[:50]:
        print("  ", line)
    if args.rounds:
        timings: dict[str, dict[str, list[list[float]]]] = {}
        for _ in range(args.turns):
            for name, code in (("old", args.old), ("new", args.new)):
                t = _in_process(code, args.index, mix_file, args.rounds)
                mine = timings.setdefault(name, {"cpu": [[] for _ in t["cpu"]], "wall": [[] for _ in t["wall"]]})
                for kind in ("cpu", "wall"):
                    for i, values in enumerate(t[kind]):
                        mine[kind][i] += values
        print(f"{len(old)} queries, {args.rounds} rounds × {args.turns} processes per version, in turns; "
              "per-query medians, then p50 / p95 over the queries (ms)")
        for name in ("old", "new"):
            cpu, wall = (_percentiles(timings[name][kind]) for kind in ("cpu", "wall"))
            print(f"  {name}: processor p50 {cpu[0]:.1f} / p95 {cpu[1]:.1f}   wall p50 {wall[0]:.1f} / "
                  f"p95 {wall[1]:.1f}")
        mix = json.loads(Path(mix_file).read_text(encoding="utf-8"))
        old_cpu = [statistics.median(t) for t in timings["old"]["cpu"]]
        new_cpu = [statistics.median(t) for t in timings["new"]["cpu"]]
        print("  the slowest queries before (processor ms, old -> new):")
        for i in sorted(range(len(mix)), key=lambda i: -old_cpu[i])[:10]:
            print(f"    {old_cpu[i]:6.1f} -> {new_cpu[i]:6.1f}  {mix[i][0][:70]!r} {mix[i][1] or ''}")
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.path.pop(0)  # this file's folder: its modules (profile.py…) must not shadow the standard library's
        run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.path.insert(0, str(ROOT))  # run by its path: the tests package of this checkout
        sys.exit(main())
