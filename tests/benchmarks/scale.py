"""Benchmark resolu at 10k, 100k and 1M paragraphs against SQLite FTS5 and tantivy.

Run ``python -m tests.benchmarks.scale --sizes 10k,100k --peers fts5,tantivy``.
Each build and each query series runs in its own child process, so that the
peak resident memory (``ru_maxrss`` from ``os.wait4``) is that task's alone.
Results go to ``tests/benchmarks/out/results-<size>.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from tests.benchmarks.queries import QUERIES, BenchQuery

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "out"
PY = sys.executable
FACETS = ("verb", "addressee", "instrument", "resolution", "kind", "symbol")


# -- helpers ------------------------------------------------------------------
def parse_size(text: str) -> int:
    """Read a corpus size such as ``10k`` or ``1M``."""
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * mult)


def label(size: int) -> str:
    """Write a size back as ``10k`` / ``1M``."""
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def du(path: Path) -> int:
    """Return the bytes of every file under path."""
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def stats(ms: list[float]) -> dict[str, float]:
    """Return p50/p95/p99/mean of a list of milliseconds."""
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99),
            "mean": sum(ms) / len(ms) if ms else float("nan"), "n": len(ms)}


def run_child(task: str, args: dict[str, Any], log: Path, root: Path = ROOT) -> dict[str, Any]:
    """Run one task in a child process on the code of ``root`` (a checkout); return its result and peak RSS."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, dir=OUT) as f:
        result_path = Path(f.name)
    cmd = [PY, "-m", "tests.benchmarks.scale", "--child", task, "--child-args", json.dumps(args),
           "--child-out", str(result_path)]
    started = time.perf_counter()
    with open(log, "a", encoding="utf-8") as logf:
        logf.write(f"\n### {task} {json.dumps(args)}\n")
        logf.flush()
        proc = subprocess.Popen(cmd, cwd=root, env=dict(os.environ, PYTHONPATH=str(root)), stdout=logf, stderr=logf)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"child {task} failed (exit {os.waitstatus_to_exitcode(status)}); see {log}")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result_path.unlink()
    # wait4's ru_maxrss: the largest RSS of the child or of any descendant it waited for (KiB).
    result["maxrss_mb_wait4"] = usage.ru_maxrss / 1024
    result["wall_seconds"] = wall
    return result


# -- child tasks --------------------------------------------------------------
def child_build_resolu(a: dict[str, Any]) -> dict[str, Any]:
    """Build the resolu index of a corpus with ``procs`` processes."""
    from indexer.store.build import build_index

    index_dir = Path(a["index"])
    shutil.rmtree(index_dir, ignore_errors=True)
    started = time.perf_counter()
    report = build_index([a["corpus"]], index_dir, procs=a["procs"])
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "paragraphs": report.paragraphs, "resolutions": report.resolutions,
            "errors": len(report.errors), "kinds": dict(report.kinds)}


def _summary(result: Any) -> dict[str, Any]:
    return {"total": result.total, "hits": len(result.hits),
            "facets": {name: {b.value: b.count for b in buckets if b.count}
                       for name, buckets in result.facets.items()}}


def _time_series(engine_search: Any, repeat: int, warmup: int, queries: tuple[BenchQuery, ...] = QUERIES
                 ) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Run each query ``warmup`` times, then time ``repeat`` runs; return times (ms) and the last results."""
    summaries: dict[str, Any] = {}
    for _ in range(warmup):
        for q in queries:
            summaries[q.name] = engine_search(q)
    times: dict[str, list[float]] = {q.name: [] for q in queries}
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            engine_search(q)
            times[q.name].append((time.perf_counter() - t) * 1000)
    return times, summaries


def child_query_resolu(a: dict[str, Any]) -> dict[str, Any]:
    """Open the resolu index, time the first query, then the warm query mix."""
    started = time.perf_counter()
    from indexer.search.allocator import freeze_long_lived, prepare_search_process
    from indexer.search.engine import Engine

    prepare_search_process()  # as in a web worker
    engine = Engine(a["index"], on_open=freeze_long_lived)
    first_q = QUERIES[0]
    engine.search(first_q.q, first_q.filters, per_page=20)
    open_ms = (time.perf_counter() - started) * 1000

    # "All facet counts": ask for every value when the engine lists only the largest by default.
    all_values = {"facet_size": 10**9} if "facet_size" in inspect.signature(engine.search).parameters else {}

    def run(q: BenchQuery) -> Any:
        return _summary(engine.search(q.q, q.filters, per_page=20, **all_values))

    def run_default(q: BenchQuery) -> Any:
        return _summary(engine.search(q.q, q.filters, per_page=20))

    times, summaries = _time_series(run, a["repeat"], a["warmup"])
    default_times = _time_series(run_default, a["repeat"], 1)[0] if all_values else None
    if a.get("profile"):
        # A separate, untimed pass: the profiler's overhead stays out of the figures.
        from pyinstrument import Profiler

        for q in QUERIES:
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(max(3, a["repeat"] // 2)):
                run(q)
            profiler.stop()
            with open(a["profile"], "a", encoding="utf-8") as f:
                f.write(f"\n\n======== {q.name}: {q.q!r} {q.filters} ========\n")
                f.write(profiler.output_text(unicode=True, color=False, show_all=False))
    return {"open_first_ms": open_ms, "times": times, "summaries": summaries, "default_times": default_times,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "memory": _memory()}


def _memory(pid: int | str = "self") -> dict[str, float]:
    """Return RSS split into anonymous and file-backed, and PSS (MB) of a process."""
    out: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS", "RssAnon", "RssFile")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(("Pss:", "Private_Clean", "Private_Dirty")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return out


def child_export(a: dict[str, Any]) -> dict[str, Any]:
    """Export the resolu index's paragraphs for the peers."""
    from tests.benchmarks.peers import export_records

    return export_records(Path(a["index"]), Path(a["records"]))


def child_build_peer(a: dict[str, Any]) -> dict[str, Any]:
    """Build a peer index from the exported paragraphs."""
    from tests.benchmarks import peers

    index_dir = Path(a["index"]) if a.get("index") else None
    if a["peer"] == "fts5":
        return peers.fts5_build(Path(a["records"]), Path(a["path"]), index_dir)
    return peers.tantivy_build(Path(a["records"]), Path(a["path"]), threads=a.get("threads", 2), index_dir=index_dir)


def child_query_peer(a: dict[str, Any]) -> dict[str, Any]:
    """Open a peer index, time the first query, then the warm query mix."""
    from tests.benchmarks import peers

    started = time.perf_counter()
    index_dir = Path(a["index"]) if a.get("index") else None
    engine = (peers.Fts5Engine(Path(a["path"]), index_dir) if a["peer"] == "fts5"
              else peers.TantivyEngine(Path(a["path"]), index_dir))
    engine.search(QUERIES[0])
    open_ms = (time.perf_counter() - started) * 1000
    times, summaries = _time_series(engine.search, a["repeat"], a["warmup"])
    return {"open_first_ms": open_ms, "times": times, "summaries": summaries,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


CHILDREN = {
    "build-resolu": child_build_resolu, "query-resolu": child_query_resolu, "export": child_export,
    "build-peer": child_build_peer, "query-peer": child_query_peer,
}


# -- web ------------------------------------------------------------------------
# wrk's requests: cycle through the paths (a %-format: the paths' Lua strings, comma-separated).
WRK_CYCLE = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""
WRK_SCRIPT = WRK_CYCLE + """done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%f %%f %%f %%f\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
  io.write(string.format("ERRORS %%d %%d %%d %%d %%d\\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _path_of(route: str, q: BenchQuery) -> str:
    params: list[tuple[str, str]] = [("q", q.q)]
    for facet, values in q.filters.items():
        params += [(facet, v) for v in values]
    return f"{route}?{urllib.parse.urlencode(params)}"


def _rss_tree(pid: int) -> dict[str, float]:
    """Return the RSS (MB) of a gunicorn master and the sum over its workers."""
    def rss(p: int) -> float:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = (task / "children").read_text().split()
        children += [int(k) for k in kids]
    mem = [_memory(c) for c in children]
    return {"master_mb": rss(pid), "workers_mb": sum(rss(c) for c in children), "workers": len(children),
            "workers_anon_mb": sum(m.get("RssAnon", 0) for m in mem),
            "workers_pss_mb": sum(m.get("Pss", 0) for m in mem), "per_worker": mem}


def web_bench(index_dir: Path, duration: int, connections: int, log: Path) -> dict[str, Any]:
    """Serve the index with gunicorn (2 workers × 4 threads) and load it with wrk."""
    port = _free_port()
    env = dict(os.environ, RESOLU_INDEX=str(index_dir))
    gunicorn = str(Path(PY).with_name("gunicorn"))
    with open(log, "a", encoding="utf-8") as logf:
        proc = subprocess.Popen([gunicorn, "-w", "2", "-k", "gthread", "--threads", "4",
                                 "-b", f"127.0.0.1:{port}", "--timeout", "120",
                                 "tests.benchmarks.compat:create_app()" if os.environ.get("RESOLU_BENCH_COMPAT")
                                 else "webapp.server:create_worker_app()"],
                                cwd=ROOT, env=env, stdout=logf, stderr=logf)
    base = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {}
    try:
        deadline = time.time() + 300
        while True:
            try:
                with urllib.request.urlopen(base + _path_of("/api/search", QUERIES[0]), timeout=300) as r:
                    r.read()
                break
            except Exception:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"gunicorn did not answer; see {log}") from None
                time.sleep(0.5)
        for route in ("/api/search", "/recherche"):
            paths = [_path_of(route, q) for q in QUERIES]
            for p in paths:  # check every query answers 200 before loading
                with urllib.request.urlopen(base + p, timeout=300) as r:
                    r.read()
            script = Path(OUT) / "wrk-mix.lua"
            script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
            # Warm both workers (each opens the index and builds its facet cache on first use).
            subprocess.run(["wrk", "-t1", f"-c{connections}", "-d3s", "--timeout", "60s", "-s", str(script), base],
                           capture_output=True, text=True, check=False)
            # One connection (the page's own cost, no queueing), then the concurrent load.
            for conns, key in ((1, f"{route} c1"), (connections, route)):
                res = subprocess.run(["wrk", f"-t{min(2, conns)}", f"-c{conns}", f"-d{duration}s", "--timeout",
                                      "60s", "-s", str(script), base], capture_output=True, text=True, check=True)
                with open(log, "a", encoding="utf-8") as logf:
                    logf.write(res.stdout)
                fields = next(line for line in res.stdout.splitlines() if line.startswith("RESULT")).split()[1:]
                errors = next(line for line in res.stdout.splitlines() if line.startswith("ERRORS")).split()[1:]
                requests, micros = int(fields[0]), int(fields[1])
                out[key] = {"requests": requests, "rps": requests / (micros / 1e6), "connections": conns,
                            "p50_ms": float(fields[2]) / 1000, "p95_ms": float(fields[3]) / 1000,
                            "p99_ms": float(fields[4]) / 1000, "mean_ms": float(fields[5]) / 1000,
                            "errors": [int(e) for e in errors]}
        out["rss"] = _rss_tree(proc.pid)
        out["connections"] = connections
        out["duration_s"] = duration
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


# -- comparison and report ----------------------------------------------------
def compare(resolu: dict[str, Any], peer: dict[str, Any]) -> list[str]:
    """List, per query, where a peer's totals or facet counts differ from resolu's."""
    problems = []
    for q in QUERIES:
        a, b = resolu[q.name], peer[q.name]
        if a["total"] != b["total"]:
            problems.append(f"{q.name}: total {a['total']} vs {b['total']}")
        for facet in FACETS:
            fa, fb = a["facets"].get(facet, {}), {k: v for k, v in b["facets"].get(facet, {}).items() if v}
            if fa != fb:
                diff = sorted(set(fa) ^ set(fb))[:3]
                changed = [(k, fa.get(k), fb.get(k)) for k in sorted(set(fa) | set(fb)) if fa.get(k) != fb.get(k)]
                problems.append(f"{q.name}: facet {facet} differs on {len(changed)} value(s), "
                                f"e.g. {changed[:3]}{' (missing/extra: ' + str(diff) + ')' if diff else ''}")
    return problems


def revision() -> str:
    """Return the git commit of the code measured, with the locally modified indexer/webapp files."""
    def git(*args: str) -> str:
        res = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return res.stdout.strip()
    dirty = git("status", "--short", "--", "indexer", "webapp").split("\n")
    dirty = [line.split()[-1] for line in dirty if line.strip()]
    return git("rev-parse", "--short", "HEAD") + (f" + local changes to {', '.join(dirty)}" if dirty else "")


def machine() -> dict[str, Any]:
    """Describe the machine (cores, CPU model, RAM, versions)."""
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) // 1024
    import sqlite3

    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    try:
        import tantivy

        versions["tantivy"] = getattr(tantivy, "__version__", "?")
    except ImportError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_mb": mem, "kernel": platform.release(),
            "revision": revision(), **versions}


def fmt(v: float | None, unit: str = "", digits: int = 1) -> str:
    """Format a figure for the table."""
    if v is None:
        return "–"
    return f"{v:,.{digits}f}{unit}".replace(",", " ")


def ratio(a: float | None, b: float | None) -> str:
    """Format resolu/peer."""
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def _children(res: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = [(k, v) for k, v in res["resolu"].items() if isinstance(v, dict) and "revision" in v]
    out += [(f"{p} {k}", v) for p, d in res["peers"].items() for k, v in d.items()
            if isinstance(v, dict) and "revision" in v]
    return out


def _revisions(res: dict[str, Any]) -> str:
    by_rev: dict[str, list[str]] = {}
    for step, v in _children(res):
        if v.get("revision"):
            by_rev.setdefault(v["revision"], []).append(step)
    if len(by_rev) == 1:
        return f"{next(iter(by_rev))} (every step)"
    return "; ".join(f"{rev} ({', '.join(steps)})" for rev, steps in by_rev.items()) or "not recorded"


def markdown(res: dict[str, Any]) -> str:
    """Render one size's results as Markdown tables."""
    peers = [p for p in ("fts5", "tantivy") if p in res.get("peers", {})]
    table = _Table(peers, _heading(res))
    header = "| figure | resolu | " + " | ".join(f"{p} | resolu/{p}" for p in peers) + " |"
    table.lines += [header, "|" + "---|" * (2 + 2 * len(peers))]
    _build_rows(table, res)
    q = res["resolu"].get("query")
    pq = {p: res["peers"][p].get("query") for p in peers}
    _query_rows(table, q, pq, res["resolu"].get("query_p2"))
    _web_rows(table, res.get("web"), q)
    lines = table.lines
    lines += ["", "Hit counts per query (resolu" + "".join(f" / {p}" for p in peers) + "):", ""]
    if q:
        for bq in QUERIES:
            counts = [str(q["summaries"][bq.name]["total"])]
            counts += [str(pq[p]["summaries"][bq.name]["total"]) if pq[p] else "–" for p in peers]
            lines.append(f"- {bq.name} (`{bq.q}` {json.dumps(bq.filters, ensure_ascii=False) if bq.filters else ''}):"
                         f" {' / '.join(counts)}")
    for p in peers:
        mism = res["peers"][p].get("mismatches")
        if mism is not None:
            lines.append(f"\n{p} vs resolu: " + ("hit counts and all facet counts identical on every query."
                                                 if not mism else f"{len(mism)} mismatch(es):"))
            lines += [f"  - {m}" for m in mism[:20]]
    return "\n".join(lines) + "\n"


class _Table:
    """The lines of a size's Markdown, its table's rows added one figure at a time (resolu, then each peer)."""

    def __init__(self, peers: list[str], lines: list[str]) -> None:
        self.peers = peers
        self.lines = lines

    def row(self, name: str, value: float | None, peer_values: dict[str, float | None], unit: str = "",
            digits: int = 1, ratios: bool = True) -> None:
        """Add a row: resolu's figure, then each peer's and resolu's ratio to it (``ratios``: else a dash)."""
        cells = [fmt(value, unit, digits)]
        for p in self.peers:
            pv = peer_values.get(p)
            cells += [fmt(pv, unit, digits), ratio(value, pv) if ratios else "–"]
        self.lines.append(f"| {name} | " + " | ".join(cells) + " |")

    def resolu_only(self, name: str, cell: str) -> None:
        """Add a row with resolu's cell only (dashes in the peers' columns)."""
        self.lines.append(f"| {name} | {cell} | " + " | ".join("– | –" for _ in self.peers) + " |")


def _heading(res: dict[str, Any]) -> list[str]:
    """Return the lines before the table: the size, command, machine, real paragraphs and code measured."""
    size = res["size"]
    corpus, mach = res["corpus"], res["machine"]
    return [f"## {size} paragraphs ({corpus['paragraphs']} indexed, {corpus['resolutions']} resolutions)",
            "", f"Command: `{res['command']}`  ", f"Machine: {mach['nproc']} cores, {mach['cpu']}, "
            f"{mach['ram_mb'] / 1024:.1f} GiB RAM; Python {res['machine']['python']}, SQLite "
            f"{res['machine']['sqlite']}, {res['machine'].get('tantivy', 'no tantivy')}  ",
            f"Real paragraphs available: {res['corpus']['real']['paragraphs']} from {res['corpus']['real']['parsed']} "
            f"files ({res['corpus']['real']['skipped']} skipped); repeat={res['repeat']}  ",
            (f"Note: {res['compat']}  \n" if res.get("compat") else "") + "Code measured: "
            + _revisions(res), ""]


def _build_rows(table: _Table, res: dict[str, Any]) -> None:
    """Add the build's rows: time, paragraphs a second and peak memory with one and two processes, size on disk."""
    peers = table.peers
    b1 = res["resolu"].get("build_p1")
    b2 = res["resolu"].get("build_p2")
    pb = {p: res["peers"][p].get("build") for p in peers}
    table.row("build time, procs=1 (s)", b1 and b1["seconds"], {p: pb[p] and pb[p]["seconds"] for p in peers})
    if b2:
        table.row("build time, procs=2 (s)", b2["seconds"], {p: pb[p] and pb[p]["seconds"] for p in peers})
    table.row("build paragraphs/s, procs=1", b1 and b1["paragraphs"] / b1["seconds"],
              {p: pb[p] and pb[p]["paragraphs"] / pb[p]["seconds"] for p in peers}, digits=0)
    if b2:
        table.row("build paragraphs/s, procs=2", b2["paragraphs"] / b2["seconds"],
                  {p: pb[p] and pb[p]["paragraphs"] / pb[p]["seconds"] for p in peers}, digits=0)
    table.row("build peak RSS, procs=1 (MB)", b1 and b1["maxrss_mb_wait4"],
              {p: pb[p] and pb[p]["maxrss_mb_wait4"] for p in peers}, digits=0)
    if b2:
        table.row("build peak RSS, procs=2 (MB, largest process)", b2["maxrss_mb_wait4"], {}, digits=0, ratios=False)
    table.row("index size on disk (MB)", res["resolu"].get("disk_mb"),
              {p: res["peers"][p].get("disk_mb") for p in peers})


def _query_rows(table: _Table, q: dict[str, Any] | None, pq: dict[str, Any], q2: dict[str, Any] | None) -> None:
    """Add the query rows: open, memory, the mix's percentiles, each query's median, the other listings."""
    peers = table.peers
    table.row("open + first query (ms)", q and q["open_first_ms"],
              {p: pq[p] and pq[p]["open_first_ms"] for p in peers}, digits=0)
    table.row("query process peak RSS (MB)", q and q["rss_mb"], {p: pq[p] and pq[p]["rss_mb"] for p in peers},
              digits=0)
    for stat in ("p50", "p95", "p99"):
        table.row(f"query mix {stat} (ms)", q and q["mix"][stat], {p: pq[p] and pq[p]["mix"][stat] for p in peers})
    for bq in QUERIES:
        table.row(f"“{bq.name}” p50 (ms)", q and q["per_query"][bq.name]["p50"],
                  {p: pq[p] and pq[p]["per_query"][bq.name]["p50"] for p in peers})
    lines = table.lines
    if q and q.get("default_facets_mix"):
        d = q["default_facets_mix"]
        table.row("query mix p50 / p95, default facet listing (50 largest values; ms)", d["p50"], {}, ratios=False)
        lines[-1] = lines[-1].replace(f"| {fmt(d['p50'])} |", f"| {fmt(d['p50'])} / {fmt(d['p95'])} |", 1)
    if q and q.get("memory"):
        m = q["memory"]
        table.resolu_only("query process memory after the mix: RSS = anon + file-backed (MB)",
                          f"{m.get('VmRSS', 0):.0f} = {m.get('RssAnon', 0):.0f} + {m.get('RssFile', 0):.0f}")
    if q2:
        table.row("query mix p50 / p95 on the procs=2 index (ms)", q2["mix"]["p50"], {}, ratios=False)
        p50, p95 = fmt(q2["mix"]["p50"]), fmt(q2["mix"]["p95"])
        lines[-1] = lines[-1].replace(f"| {p50} |", f"| {p50} / {p95} |", 1)


def _web_rows(table: _Table, web: dict[str, Any] | None, q: dict[str, Any] | None) -> None:
    """Add the web rows: each route's throughput and latency, the workers' memory, page against search."""
    if web and "error" in web:
        table.resolu_only("web", web["error"])
    if not web or "error" in web:
        return
    for route in ("/api/search", "/recherche"):
        for key in (f"{route} c1", route):
            if key not in web:
                continue
            w = web[key]
            table.resolu_only(f"web {route}, {w.get('connections', web['connections'])} connection(s): req/s, "
                              "p50 / p95 / p99 (ms)",
                              f"{w['rps']:.1f} req/s, {w['p50_ms']:.0f} / {w['p95_ms']:.0f} / {w['p99_ms']:.0f}")
    w = web["rss"]
    extra = (f"; anon {w['workers_anon_mb']:.0f}, PSS {w['workers_pss_mb']:.0f}" if "workers_pss_mb" in w else "")
    table.resolu_only(f"web workers RSS, sum of {w['workers']} (MB)",
                      f"{w['workers_mb']:.0f} (+ master {w['master_mb']:.0f}{extra})")
    if q:
        for key in ("/recherche c1", "/recherche"):
            if key in web:
                table.resolu_only(f"web page p95 ({web[key].get('connections', web['connections'])} conn.) / "
                                  "search p95", f"{web[key]['p95_ms'] / q['mix']['p95']:.2f}×")


# -- orchestration --------------------------------------------------------------
def run_size(size: int, args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Generate one corpus, build and query resolu and the peers, load the web app."""
    from tests.benchmarks.corpus import generate

    name = label(size)
    log = OUT / f"log-{name}.txt"
    corpus_dir = OUT / f"corpus-{name}"
    if args.only == "web":
        return rerun_web(name, args, log)
    path = OUT / f"results-{name}.json"
    if args.only == "query":
        # Keep the build figures of an earlier run; query, compare and load its index again.
        res = json.loads(path.read_text(encoding="utf-8"))
        res.update(command=command, machine=machine(), repeat=args.repeat, peers={})
        res["resolu"] = {k: v for k, v in res["resolu"].items() if k.startswith("build_")}
        if args.compat:
            res["compat"] = (f"index built by {args.compat}, opened with that revision's analyzer classes "
                             "(tests/benchmarks/compat.py)")
    else:
        print(f"[{name}] generating corpus…", flush=True)
        manifest = generate(size, corpus_dir, seed=args.seed)
        res = {"size": name, "command": command, "machine": machine(), "repeat": args.repeat,
               "corpus": {**manifest, "paragraphs": manifest["paragraphs_planned"]}, "resolu": {}, "peers": {}}

    def save() -> None:
        path.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")

    index_dirs = {int(k.split("_p")[1]): OUT / f"index-{name}-p{k.split('_p')[1]}"
                  for k in res["resolu"] if k.startswith("build_p")} if args.only == "query" else {}
    for procs in ([] if args.only == "query" else args.procs):
        index_dir = OUT / f"index-{name}-p{procs}"
        print(f"[{name}] building resolu, procs={procs}…", flush=True)
        b = run_child("build-resolu", {"corpus": str(corpus_dir), "index": str(index_dir), "procs": procs}, log)
        b["disk_mb"] = du(index_dir) / 1e6
        res["resolu"][f"build_p{procs}"] = b
        res["corpus"]["paragraphs"] = b["paragraphs"]
        res["corpus"]["resolutions"] = b["resolutions"]
        index_dirs[procs] = index_dir
        print(f"[{name}]   {b['seconds']:.1f}s, {b['paragraphs'] / b['seconds']:.0f} paragraphs/s, "
              f"{b['maxrss_mb_wait4']:.0f} MB", flush=True)
        save()
    main_index = index_dirs[min(index_dirs)]
    res["resolu"]["disk_mb"] = du(main_index) / 1e6
    qargs = {"repeat": args.repeat, "warmup": args.warmup}
    print(f"[{name}] querying resolu…", flush=True)
    profile = str(OUT / f"profile-search-{name}.txt") if args.profile else None
    q = run_child("query-resolu", {"index": str(main_index), **qargs, "profile": profile}, log)
    res["resolu"]["query"] = _digest(q)
    mix = res["resolu"]["query"]["mix"]
    print(f"[{name}]   p50 {mix['p50']:.1f} ms, p95 {mix['p95']:.1f} ms", flush=True)
    if len(index_dirs) > 1:
        q2 = run_child("query-resolu", {"index": str(index_dirs[max(index_dirs)]), **qargs}, log)
        res["resolu"]["query_p2"] = _digest(q2)
    save()
    if args.peers:
        records = OUT / f"records-{name}.jsonl"
        print(f"[{name}] exporting paragraphs for the peers…", flush=True)
        res["export"] = run_child("export", {"index": str(main_index), "records": str(records)}, log)
        for peer in args.peers:
            ppath = OUT / (f"fts5-{name}.sqlite" if peer == "fts5" else f"tantivy-{name}")
            print(f"[{name}] building {peer}…", flush=True)
            pb = run_child("build-peer", {"peer": peer, "records": str(records), "path": str(ppath),
                                          "index": str(main_index)}, log)
            print(f"[{name}] querying {peer}…", flush=True)
            pq = run_child("query-peer", {"peer": peer, "path": str(ppath), "index": str(main_index), **qargs}, log)
            res["peers"][peer] = {"build": pb, "disk_mb": du(ppath) / 1e6, "query": _digest(pq),
                                  "mismatches": compare(q["summaries"], pq["summaries"])}
            save()
    if args.web:
        print(f"[{name}] loading the web app…", flush=True)
        try:
            res["web"] = web_bench(main_index, args.web_seconds, args.web_connections, log)
        except Exception as exc:  # the web front end is being written concurrently
            res["web"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        save()
    md = markdown(res)
    (OUT / f"results-{name}.md").write_text(md, encoding="utf-8")
    save()
    print(md, flush=True)
    return res


def rerun_web(name: str, args: argparse.Namespace, log: Path) -> dict[str, Any]:
    """Run only the web load test again on an existing index and results file."""
    path = OUT / f"results-{name}.json"
    res = json.loads(path.read_text(encoding="utf-8"))
    print(f"[{name}] loading the web app…", flush=True)
    try:
        # The index the query figures were measured on: the smallest procs built.
        procs = min(int(k.split("_p")[1]) for k in res["resolu"] if k.startswith("build_p"))
        res["web"] = web_bench(OUT / f"index-{name}-p{procs}", args.web_seconds, args.web_connections, log)
    except Exception as exc:  # the web front end is being written concurrently
        res["web"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    path.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    md = markdown(res)
    (OUT / f"results-{name}.md").write_text(md, encoding="utf-8")
    print(md, flush=True)
    return res


def _digest(q: dict[str, Any]) -> dict[str, Any]:
    all_ms = [t for ts in q["times"].values() for t in ts]
    return {"open_first_ms": q["open_first_ms"], "rss_mb": q["rss_mb"], "maxrss_mb_wait4": q["maxrss_mb_wait4"],
            "revision": q.get("revision", ""), "memory": q.get("memory", {}),
            "default_facets_mix": stats([t for ts in q["default_times"].values() for t in ts])
            if q.get("default_times") else None,
            "mix": stats(all_ms), "per_query": {k: stats(v) for k, v in q["times"].items()},
            "summaries": q["summaries"]}


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the benchmark (or one child task)."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k", help="corpus sizes, e.g. 10k,100k,1M")
    parser.add_argument("--peers", default="fts5,tantivy", help="peers to compare with ('' for none)")
    parser.add_argument("--no-web", dest="web", action="store_false", help="skip the gunicorn + wrk load test")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each query first")
    parser.add_argument("--procs", default="1,2", help="build_index procs values to time")
    parser.add_argument("--seed", type=int, default=20260407)
    parser.add_argument("--web-seconds", type=int, default=15)
    parser.add_argument("--web-connections", type=int, default=8)
    parser.add_argument("--profile", action="store_true", help="pyinstrument the resolu query series")
    parser.add_argument("--only", choices=["web", "query"],
                        help="rerun only the web load test, or everything but the corpus and the builds")
    parser.add_argument("--compat", help="git revision whose analyzer classes the existing index needs")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-args", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        from tests.benchmarks import compat

        compat.install()  # only with RESOLU_BENCH_COMPAT set (see --compat)
        result = CHILDREN[args.child](json.loads(args.child_args))
        result["revision"] = revision()
        result["self_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        Path(args.child_out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0
    if args.compat:
        os.environ["RESOLU_BENCH_COMPAT"] = args.compat
    args.peers = [p for p in args.peers.split(",") if p]
    args.procs = [int(p) for p in args.procs.split(",") if p]
    OUT.mkdir(parents=True, exist_ok=True)
    command = "python -m tests.benchmarks.scale " + " ".join(argv if argv is not None else sys.argv[1:])
    for size in [parse_size(s) for s in args.sizes.split(",") if s]:
        run_size(size, args, command)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
