"""Check that two versions of the code serve the same search page, and time the page in the same run.

A speed-up of the page ``/recherche`` (issue 27: p95 ≤ 50 ms on the default
collection) must not change a byte of what it shows: the same HTML for the
same request. Each version runs in its own process, its source folder first
on the path, as a web worker makes its app (``webapp.server.create_worker_app``),
through Flask's test client (no network) over the query mix of
:mod:`tests.benchmarks.queries` and variants of it (one result per
paragraph, by date, page 2, 100 per page, most cited, an English query, a
filter typed in the query, a search without results, the home page, the
ten queries of :mod:`tests.benchmarks.payload`); the pages' status and
bytes are compared.

    python -m tests.benchmarks.page --old /tmp/base --new . --index /tmp/idx-final [--rounds 5]

``--old`` is a checkout of the code before the change (``git archive`` of
the base commit into a folder). With ``--rounds``, each version then serves
the pages that many times more, the two processes taking turns (``--turns``
processes each), and the p50/p95 of the page are printed, processor time of
the request's thread and wall time: over the benchmark mix, over served.py's
mix (its seven everyday queries and four pasted sentences of 30 to 40 words)
and over every page asked. ``--http N`` serves both versions at once with
gunicorn (2 workers × 4 threads, as served.py) and times both mixes through
HTTP, N rounds, one version then the other for each page. ``--profile
cumulative`` (or ``tottime``) prints the cProfile of the new version over
the mixes instead.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _address(q: str, filters: dict[str, list[str]], **extra: str) -> str:
    """Return the page address of a query, its filters and extra parameters."""
    pairs = ([("q", q)] if q else []) + [(k, v) for k, vs in filters.items() for v in vs] + list(extra.items())
    return "/recherche" + ("?" + urllib.parse.urlencode(pairs) if pairs else "")


def pages() -> tuple[list[str], list[str], list[str]]:
    """Return the pages timed: the benchmark mix, and served.py's mix (its seven everyday queries and four pasted
    sentences), then the variants only compared."""
    from tests.benchmarks.payload import QUERIES as PAYLOAD_QUERIES
    from tests.benchmarks.queries import QUERIES, RESOLUTION_QUERIES
    from tests.benchmarks.served import query_mix

    mix = [_address(b.q, dict(b.filters)) for b in (*QUERIES, *RESOLUTION_QUERIES)]
    served = [_address(q.q, dict(q.filters)) for q in query_mix()]
    variants: list[str] = ["/", "/recherche"]
    for b in (*QUERIES[:5], *RESOLUTION_QUERIES[:2]):
        for extra in ({"group": "none"}, {"sort": "date"}, {"page": "2"}, {"per_page": "100"},
                      {"sort": "cited_by_count"}, {"sort": "order", "group": "none"}):
            variants.append(_address(b.q, dict(b.filters), **extra))
    variants += [_address(q, {}) for q in PAYLOAD_QUERIES]
    variants += [
        _address("decides to extend the mandate", {}, lang="en"),
        _address("migrant children", {}, lang="en", group="none"),
        _address("verbe:Prie migrants", {}),
        _address('verbe:"Demande instamment" enfants', {"verb": ["Prie"]}),
        _address("xénophobie", {"sponsor": ["Mexique"], "year": ["1990"]}),  # no result: the drop suggestions
        _address("migrnts détenton", {}),  # "Vouliez-vous dire"
        _address("migrants détention", {}),
        _address("S/RES/2231 (2015)", {}),  # absent: the notice, then the citing paragraphs
        _address("", {"organ": ["Conseil de sécurité"], "year_from": ["2000"], "year_to": ["2005"]}),
        _address("", {"subject": ["Human rights"]}),
        _address("paix", {"accepted_by": ["France"]}),
        _address("Demande aux États de promouvoir et de protéger efficacement les droits de l'homme et les "
                 "libertés fondamentales de tous les migrants", {}),
        _address("réfugiés", {}, page="400"),  # past the last page
    ]
    # The resolution and paragraph pages share the paragraph text's helpers (footnote calls, facet links).
    variants += ["/r/A/RES/68/179", "/r/A/RES/68/179?en=1", "/r/A/RES/68/179/op1", "/r/A/RES/68/179/pp2",
                 "/r/S/RES/1820%20(2008)", "/r/S/RES/1820%20(2008)/op3", "/r/S/RES/1267%20(1999)/op4",
                 "/r/A/RES/78/1"]
    return mix, served, variants


def run(index: str, addresses_file: str, out: str, rounds: int, profile: str) -> None:
    """Serve the pages with the code on the path; write their bodies (rounds 0) or the timings."""
    from webapp.server import create_worker_app

    addresses = json.loads(Path(addresses_file).read_text(encoding="utf-8"))
    # The app as a gunicorn worker makes it (webapp/server.py): allocator, collector, memory policy, warm-up.
    client = create_worker_app(index).test_client()
    if not rounds:
        bodies = {}
        for a in addresses:
            response = client.get(a)
            bodies[a] = [response.status_code, response.headers.get("Location", ""),
                         response.get_data(as_text=True)]
        Path(out).write_text(json.dumps(bodies, ensure_ascii=False), encoding="utf-8")
        return
    for a in addresses:  # warm: the generation caches the pages need, as a worker that has served them
        client.get(a)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(rounds):
            for a in addresses:
                client.get(a)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(profile).print_stats(70)
        Path(out).write_text("{}", encoding="utf-8")
        return
    cpu: dict[str, list[float]] = {a: [] for a in addresses}
    wall: dict[str, list[float]] = {a: [] for a in addresses}
    for _ in range(rounds):
        for a in addresses:
            t, w = time.thread_time(), time.perf_counter()
            client.get(a)
            cpu[a].append((time.thread_time() - t) * 1000)
            wall[a].append((time.perf_counter() - w) * 1000)
    Path(out).write_text(json.dumps({"cpu": cpu, "wall": wall}), encoding="utf-8")


def _in_process(code: str, index: str, addresses: list[str], rounds: int, profile: str = "") -> Any:
    """Run :func:`run` with ``code`` first on the path, in a new process; return what it wrote."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(addresses, f, ensure_ascii=False)
        addresses_file = f.name
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    env = {**os.environ, "PYTHONPATH": str(Path(code).resolve())}
    try:
        # Run by its path, so that only ``indexer`` and ``webapp`` come from ``code``.
        subprocess.run([sys.executable, __file__, "--child", index, addresses_file, out, str(rounds), profile],
                       env=env, check=True, cwd=code)
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        os.unlink(out)
        os.unlink(addresses_file)


def _serve(code: str, index: str, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start gunicorn as served.py does (2 workers × 4 threads) on ``code``; return it and its port once it answers."""
    from tests.benchmarks.coldstart import free_port, get

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(code).resolve()), "RESOLU_INDEX": index}
    with open(log, "a", encoding="utf-8") as logf:
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-k", "gthread", "--threads", "4",
             "--timeout", "300", "-b", f"127.0.0.1:{port}", "webapp.server:create_worker_app()"],
            cwd=code, env=env, stdout=logf, stderr=logf)
    started = time.perf_counter()
    while True:
        try:
            if get(port, "/recherche?q=paix", timeout=600)[0] == 200:
                return proc, port
        except OSError:
            if proc.poll() is not None or time.perf_counter() - started > 600:
                raise RuntimeError(f"gunicorn did not start on {code}; see {log}") from None
            time.sleep(0.2)


def through_http(old: str, new: str, index: str, addresses: list[str],
                 rounds: int) -> dict[str, dict[str, list[float]]]:
    """Serve both versions with gunicorn at once; fetch each page from one and the other in turns, one connection each.

    Every address is fetched once from each server untimed (both workers warm), then ``rounds`` times timed.
    """
    import http.client

    from tests.benchmarks.coldstart import get

    log = Path(tempfile.gettempdir()) / "resolu-page-http.log"
    servers = {name: _serve(code, index, log) for name, code in (("old", old), ("new", new))}
    times: dict[str, dict[str, list[float]]] = {name: {a: [] for a in addresses} for name in servers}
    try:
        conns = {name: http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                 for name, (_, port) in servers.items()}
        for timed in (False, *([True] * rounds)):
            for a in addresses:
                for name, (_, port) in servers.items():
                    try:
                        _, _, seconds = get(port, a, conns[name])
                    except (http.client.HTTPException, OSError):
                        # gunicorn closed an idle keep-alive connection: reconnect, untimed.
                        conns[name] = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                        _, _, seconds = get(port, a, conns[name])
                    if timed:
                        times[name][a].append(seconds * 1000)
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait(timeout=60)
    return times


def differences(old: dict[str, list[Any]], new: dict[str, list[Any]]) -> list[str]:
    """Return a few lines per page that differs between two runs (empty: identical)."""
    found = []
    for address, (status, location, body) in old.items():
        status_new, location_new, body_new = new[address]
        if (status, location, body) == (status_new, location_new, body_new):
            continue
        found.append(f"{address}: status {status} -> {status_new}, {len(body)} -> {len(body_new)} characters"
                     + (f", Location {location!r} -> {location_new!r}" if location != location_new else ""))
        diff = difflib.unified_diff(body.splitlines(), body_new.splitlines(), lineterm="", n=0)
        found += ["    " + line[:200] for line in list(diff)[2:12]]
    return found


def _percentiles(times: dict[str, list[float]], addresses: list[str]) -> tuple[float, float]:
    """Return p50 and p95 over every request of ``addresses`` (each timed run counts)."""
    values = sorted(v for a in addresses for v in times[a])
    return statistics.median(values), values[min(len(values) - 1, int(0.95 * len(values)))]


def main(argv: list[str] | None = None) -> int:
    """Compare the pages of two versions; with --rounds, time them taking turns."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="source folder of the code before the change")
    parser.add_argument("--new", default=str(ROOT), help="source folder of the code after (this checkout)")
    parser.add_argument("--index", required=True, help="index folder (read only)")
    parser.add_argument("--rounds", type=int, default=0, help="timed runs of each page per version (0: none)")
    parser.add_argument("--turns", type=int, default=2, help="processes per version when timing, in turns")
    parser.add_argument("--profile", choices=["cumulative", "tottime"], help="cProfile the new version instead")
    parser.add_argument("--no-compare", action="store_true", help="only time (or profile)")
    parser.add_argument("--http", type=int, default=0, metavar="ROUNDS",
                        help="also serve both versions with gunicorn and time the mix through HTTP, in turns")
    args = parser.parse_args(argv)
    mix, served, variants = pages()
    pasted = [a for a in served if a not in mix]
    timed = mix + pasted
    found: list[str] = []
    if args.profile:
        _in_process(args.new, args.index, timed, args.rounds or 3, args.profile)
        return 0
    if not args.no_compare:
        old = _in_process(args.old, args.index, timed + variants, 0)
        new = _in_process(args.new, args.index, timed + variants, 0)
        found = differences(old, new)
        changed = sum(1 for line in found if not line.startswith("    "))
        print(f"{len(old)} pages: {'identical HTML' if not found else f'{changed} differ'}")
        for line in found[:200]:
            print("  ", line)
    if args.rounds:
        timings: dict[str, dict[str, dict[str, list[float]]]] = {}
        for _ in range(args.turns):
            for name, code in (("old", args.old), ("new", args.new)):
                t = _in_process(code, args.index, timed + variants, args.rounds)
                mine = timings.setdefault(name, {"cpu": {}, "wall": {}})
                for kind in ("cpu", "wall"):
                    for a, values in t[kind].items():
                        mine[kind].setdefault(a, []).extend(values)
        print(f"{args.rounds} rounds × {args.turns} processes per version, in turns; p50 / p95 over every "
              "timed request (ms)")
        for name in ("old", "new"):
            line = [f"  {name}:"]
            for label, addresses in (("mix", mix), ("served mix", served), ("all pages", timed + variants)):
                cpu, wall = (_percentiles(timings[name][kind], addresses) for kind in ("cpu", "wall"))
                line.append(f"{label} ({len(addresses)}) processor {cpu[0]:.1f} / {cpu[1]:.1f}, "
                            f"wall {wall[0]:.1f} / {wall[1]:.1f};")
            print(" ".join(line))
        old_cpu = {a: statistics.median(v) for a, v in timings["old"]["cpu"].items()}
        new_cpu = {a: statistics.median(v) for a, v in timings["new"]["cpu"].items()}
        print("  the slowest pages before (processor ms, median, old -> new):")
        for a in sorted(old_cpu, key=lambda a: -old_cpu[a])[:12]:
            print(f"    {old_cpu[a]:6.1f} -> {new_cpu[a]:6.1f}  {urllib.parse.unquote_plus(a)[:90]}")
    if args.http:
        http = through_http(args.old, args.new, args.index, timed, args.http)
        print(f"through HTTP (gunicorn 2 workers × 4 threads each, both served at once, one connection, "
              f"old and new in turns), {args.http} rounds: wall p50 / p95 (ms)")
        for name in ("old", "new"):
            figures = [f"{label} ({len(addresses)}) {p50:.1f} / {p95:.1f}" for label, addresses in
                       (("mix", mix), ("served mix", served))
                       for p50, p95 in [_percentiles(http[name], addresses)]]
            print(f"  {name}: " + "; ".join(figures))
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.path.pop(0)  # this file's folder: its modules (profile.py…) must not shadow the standard library's
        run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    else:
        sys.path.insert(0, str(ROOT))  # run by its path: the tests package of this checkout
        sys.exit(main())
