"""Profile resolu's build and search with pyinstrument, on a benchmark corpus.

Run ``python -m tests.benchmarks.profile build 10k`` (needs the corpus that
``scale`` generated) or ``python -m tests.benchmarks.profile search 100k``
(needs its procs=1 index). Reports go to ``tests/benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from tests.benchmarks.queries import QUERIES

OUT = Path(__file__).resolve().parent / "out"


def profile_build(name: str) -> Path:
    """Profile ``build_index`` (procs=1) over the corpus of one size."""
    from pyinstrument import Profiler

    from indexer.store.build import build_index

    index_dir = OUT / f"profile-index-{name}"
    shutil.rmtree(index_dir, ignore_errors=True)
    profiler = Profiler(interval=0.002)
    profiler.start()
    report = build_index([OUT / f"corpus-{name}"], index_dir, procs=1)
    profiler.stop()
    shutil.rmtree(index_dir, ignore_errors=True)
    out = OUT / f"profile-build-{name}.txt"
    out.write_text(f"{report.paragraphs} paragraphs in {report.seconds:.1f}s (under the profiler)\n"
                   + profiler.output_text(unicode=True, color=False)
                   + "\n\n======== every frame ========\n"
                   + profiler.output_text(unicode=True, color=False, show_all=True), encoding="utf-8")
    return out


def profile_search(name: str, repeat: int, index_dir: str | None = None) -> Path:
    """Profile the open and each query of the mix on the procs=1 index of one size."""
    from pyinstrument import Profiler

    from indexer.search.allocator import freeze_long_lived, prepare_search_process
    from indexer.search.engine import Engine

    prepare_search_process()  # as in a web worker
    out = OUT / f"profile-search-{name}.txt"
    profiler = Profiler(interval=0.0005)
    profiler.start()
    started = time.perf_counter()
    engine = Engine(index_dir or OUT / f"index-{name}-p1", on_open=freeze_long_lived)
    engine.resolutions()
    profiler.stop()
    text = [f"======== open ({(time.perf_counter() - started) * 1000:.0f} ms) ========\n",
            profiler.output_text(unicode=True, color=False)]
    for q in QUERIES:
        engine.search(q.q, q.filters, per_page=20)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(repeat):
            engine.search(q.q, q.filters, per_page=20)
        profiler.stop()
        text += [f"\n======== {q.name}: {q.q!r} {q.filters} × {repeat} ========\n",
                 profiler.output_text(unicode=True, color=False)]
    out.write_text("".join(text), encoding="utf-8")
    return out


def main() -> int:
    """Parse the command line and write one profile."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.profile")
    parser.add_argument("what", choices=["build", "search"])
    parser.add_argument("size", help="corpus label, e.g. 10k")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--index", help="index folder (default: out/index-<size>-p1)")
    args = parser.parse_args()
    path = profile_build(args.size) if args.what == "build" else profile_search(args.size, args.repeat, args.index)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
