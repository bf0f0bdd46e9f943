"""Measure resolu against tantivy and SQLite FTS5 behind the same HTTP layer: issue 27's one benchmark command.

Run ``python -m tests.benchmarks.served --sizes default,100k --index /tmp/defidx3`` (``default``: the
default collection's index given by ``--index``, opened read-only; ``10k``, ``100k``, ``1M``: synthetic
corpora of :mod:`tests.benchmarks.corpus`, built here). For each size it serves, one after the other
and then all at once, resolu (as ``resolu serve`` serves it: gunicorn, 2 workers × 4 threads),
resolu at ``--before REV`` (a git worktree, its own index) and each peer in
:mod:`tests.benchmarks.peer_app` with the same gunicorn settings, and measures through HTTP:

* start: the seconds from spawning the server to the answer of its first faceted search, sent as soon as
  the port is open (and the seconds after its first worker started);
* agreement: every query's total and every listed facet value's count, peer against resolu;
* ``/api/search`` p50 / p95 / p99 at 1 and ``--connections`` connections (wrk, the query mix: the seven
  everyday queries of queries.py and four pasted sentences of 30 to 40 words of A/RES/68/179), in
  ``--rounds`` rounds that alternate the servers, so that the machine's load falls on all of them alike;
  then each query alone, one connection, for the everyday and pasted p95;
* resolu only: ``/recherche`` p50 / p95, the five exports of a big query (first byte, whole file),
  ``resolu index --add`` of 20 resolutions when this version has it; on ``default``, the whole-draft
  check (issue 26) through ``POST /api/verification``: p50 / p95 of 5-, 30- and 100-paragraph drafts in
  French and English (:mod:`tests.benchmarks.draftcheck`'s drafts, ``--draft-repeat`` each, one connection);
* RSS and PSS of each worker after the load; build times (resolu and peers; not for ``default``
  unless ``--build-default``).

It prints one Markdown table and writes ``tests/benchmarks/out/served.md`` and ``served.json`` (``--out``).
Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tests.benchmarks.coldstart import (
    free_port,
    get,
    memory,
    pasted_sentences,
    path_of,
    percentile,
    started_at,
    worker_pids,
)
from tests.benchmarks.queries import QUERIES
from tests.benchmarks.scale import OUT, ROOT, WRK_CYCLE, du, label, machine, parse_size, revision, run_child

PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
PEERS = ("fts5", "tantivy")
PEER_FACETS = ("verb", "addressee", "instrument", "resolution", "kind", "symbol")
# Four real sentences, pasted as a user would: 30 to 40 words of four paragraphs of A/RES/68/179.
PASTED_LENGTHS = (30, 34, 37, 40)
FIRST_QUERY = QUERIES[5]  # « sécurité » + verb=Décide: the first faceted search timed at start
EXPORT_QUERY = "sécurité"
EXPORT_FORMATS = ("csv", "ris", "bib", "atom", "tmx")
ADDED = 20
# wrk's summary: requests, duration and largest latency, errors, then 999 quantiles (0.1 % apart) to merge runs.
WRK_SCRIPT = WRK_CYCLE + """done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d\\n", summary.requests, summary.duration, latency.max))
  io.write(string.format("ERRORS %%d %%d %%d %%d %%d\\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
  for k = 1, 999 do io.write(string.format("Q %%d\\n", latency:percentile(k / 10))) end
end
"""


@dataclass(frozen=True)
class MixQuery:
    """One query of the served mix: its group, name, text and filters."""

    group: str
    name: str
    q: str
    filters: dict[str, list[str]] = field(default_factory=dict)

    def path(self, route: str = "/api/search") -> str:
        """Return the query's address on ``route``."""
        return route + path_of(self.q, self.filters).removeprefix("/api/search")


def query_mix() -> tuple[MixQuery, ...]:
    """Return the seven everyday queries of queries.py and four pasted sentences of 30 to 40 words."""
    everyday = [MixQuery("everyday", q.name, q.q, q.filters) for q in QUERIES]
    sentences = pasted_sentences(max(PASTED_LENGTHS), len(PASTED_LENGTHS))
    pasted = [MixQuery("pasted", f"pasted {n} words", " ".join(s.split()[:n]))
              for n, s in zip(PASTED_LENGTHS, sentences, strict=True)]
    return (*everyday, *pasted)


# -- servers --------------------------------------------------------------------
@dataclass
class Server:
    """One gunicorn server of the benchmark: resolu (now or before) or a peer, and its process once started."""

    name: str
    kind: str  # "resolu" or a peer
    env: dict[str, str]
    root: Path = ROOT
    proc: subprocess.Popen[bytes] | None = None
    port: int = 0

    def command(self) -> list[str]:
        """Return the command that serves this engine on its port.

        resolu is served as ``resolu serve`` serves it (:func:`webapp.server.run_gunicorn`, whatever the
        version does there: since issue 27 the app is warmed once in the master and the workers are forked
        ready); a peer by plain gunicorn with the same settings (2 workers × 4 threads, the same longest line).
        """
        if self.kind == "resolu":
            return [PY, "-c", "import os; from webapp.server import run_gunicorn; "
                    f"run_gunicorn('127.0.0.1:{self.port}', workers=2, index_dir=os.environ['RESOLU_INDEX'])"]
        return [GUNICORN, "-w", "2", "-k", "gthread", "--threads", "4", "--timeout", "300",
                "--limit-request-line", "8190", "-b", f"127.0.0.1:{self.port}",
                "tests.benchmarks.peer_app:create_app()"]

    def start(self, log: Path) -> dict[str, Any]:
        """Spawn the server; return the seconds to its first faceted answer and to its workers' starts."""
        self.port = free_port()
        env = dict(os.environ, PYTHONPATH=str(self.root), **self.env)
        with open(log, "a", encoding="utf-8") as logf:
            logf.write(f"\n### start {self.name}\n")
            logf.flush()
            offset = logf.tell()
            spawned = time.perf_counter()
            self.proc = subprocess.Popen(self.command(), cwd=self.root, env=env, stdout=logf, stderr=logf)
        while True:  # the master binds before its workers load: the request waits in the backlog
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.perf_counter() - spawned > 600:
                    raise RuntimeError(f"{self.name} did not start; see {log}") from None
                time.sleep(0.01)
        status, body, _ = get(self.port, FIRST_QUERY_PATH, timeout=600)
        answered = time.perf_counter() - spawned
        if status != 200:
            raise RuntimeError(f"{self.name} answered {status} to its first search: {body[:200]!r}")
        starts = [started_at(p) - spawned for p in worker_pids(self.proc.pid)]
        return {"first_answer_s": answered, "workers_started_s": starts,
                "after_first_worker_s": answered - min(starts) if starts else None,
                "warm_up_s": self._warm_ups(log, offset, len(starts)) if self.kind == "resolu" else []}

    @staticmethod
    def _warm_ups(log: Path, offset: int, workers: int) -> list[float]:
        """Return the ready times resolu's processes log (« prêt en 2.48 s »), waiting a minute at most.

        Each worker logs one; since issue 27 the master logs its own warm-up first and its forked workers
        log theirs (a few hundredths of a second), so the master's comes first when there is one.
        """
        deadline = time.perf_counter() + 60
        while True:
            with open(log, encoding="utf-8") as f:
                f.seek(offset)
                found = [float(x) for x in WARM_UP_RE.findall(f.read())]
            if len(found) >= workers or time.perf_counter() > deadline:
                time.sleep(0.5)  # the last worker's line, when the master logged one too
                with open(log, encoding="utf-8") as f:
                    f.seek(offset)
                    return [float(x) for x in WARM_UP_RE.findall(f.read())][:workers + 1]
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 30 s)."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.proc = None

    def memory(self) -> list[dict[str, float]]:
        """Return each worker's RSS and PSS (MB)."""
        assert self.proc is not None
        return [memory(pid) for pid in worker_pids(self.proc.pid)]


FIRST_QUERY_PATH = path_of(FIRST_QUERY.q, FIRST_QUERY.filters)
# What webapp.server.warm_up logs when a worker has opened the index and run its first search.
WARM_UP_RE = re.compile(r"prêt en ([\d.]+) s")


# -- load -----------------------------------------------------------------------
def wrk(port: int, paths: list[str], connections: int, seconds: int, log: Path) -> dict[str, Any]:
    """Load one server with wrk cycling through ``paths``; return requests, duration and 999 quantiles (µs)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=OUT, delete=False) as f:
        f.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
        script = f.name
    try:
        res = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s",
                              "--timeout", "60s", "-s", script, f"http://127.0.0.1:{port}"],
                             capture_output=True, text=True, check=True)
    finally:
        os.unlink(script)
    with open(log, "a", encoding="utf-8") as logf:
        logf.write("\n".join(line for line in res.stdout.splitlines() if not line.startswith("Q ")) + "\n")
    lines = res.stdout.splitlines()
    requests, micros, top = (int(x) for x in next(x for x in lines if x.startswith("RESULT")).split()[1:])
    errors = [int(x) for x in next(x for x in lines if x.startswith("ERRORS")).split()[1:]]
    quantiles = [int(x.split()[1]) for x in lines if x.startswith("Q ")]
    return {"requests": requests, "seconds": micros / 1e6, "errors": errors, "quantiles_us": [*quantiles, top]}


def merge(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Merge wrk runs into p50 / p95 / p99 (ms) and requests per second, each run weighted by its requests.

    Each run is stood for by its 1,000 quantiles (0.1 % apart), each weighing a thousandth of its requests.
    """
    weighted = sorted((q, run["requests"] / len(run["quantiles_us"])) for run in runs for q in run["quantiles_us"])
    total = sum(w for _, w in weighted)
    out: dict[str, float] = {}
    for p in (50, 95, 99):
        seen = 0.0
        for value, w in weighted:
            seen += w
            if seen >= total * p / 100:
                out[f"p{p}"] = value / 1000
                break
    out["rps"] = sum(r["requests"] for r in runs) / sum(r["seconds"] for r in runs)
    out["requests"] = sum(r["requests"] for r in runs)
    out["errors"] = sum(sum(r["errors"]) for r in runs)
    return out


def one_by_one(servers: list[Server], mix: tuple[MixQuery, ...], repeat: int) -> dict[str, dict[str, Any]]:
    """Time each query alone on one connection, ``repeat`` rounds alternating the servers; p50/p95 per group."""
    times: dict[str, dict[str, list[float]]] = {s.name: {} for s in servers}
    conns = {s.name: http.client.HTTPConnection("127.0.0.1", s.port, timeout=300) for s in servers}
    for r in range(repeat):
        for s in servers[r % len(servers):] + servers[:r % len(servers)]:
            for q in mix:
                try:
                    status, _, seconds = get(s.port, q.path(), conns[s.name])
                except (http.client.RemoteDisconnected, ConnectionError):
                    conns[s.name].close()  # gunicorn closed an idle keep-alive connection: reconnect, untimed
                    conns[s.name] = http.client.HTTPConnection("127.0.0.1", s.port, timeout=300)
                    status, _, seconds = get(s.port, q.path(), conns[s.name])
                if status == 200:
                    times[s.name].setdefault(q.group, []).append(seconds * 1000)
                    times[s.name].setdefault(q.name, []).append(seconds * 1000)
    for c in conns.values():
        c.close()
    return {name: {k: {"p50": percentile(v, 50), "p95": percentile(v, 95), "n": len(v)} for k, v in groups.items()}
            for name, groups in times.items()}


# -- agreement ------------------------------------------------------------------
def fetch_json(port: int, path: str) -> dict[str, Any]:
    """GET a JSON answer; raise on another status than 200."""
    status, body, _ = get(port, path, timeout=600)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}: {body[:200]!r}")
    return json.loads(body)


def disagreements(resolu: Callable[[str], dict[str, Any]], peer: Callable[[str], dict[str, Any]],
                  mix: tuple[MixQuery, ...]) -> list[str]:
    """List where a peer's total or a count of a value resolu lists differs from resolu's answer.

    ``resolu`` and ``peer`` each GET an address and return the JSON answer.
    """
    problems = []
    for q in mix:
        a = resolu(q.path())
        b = peer(q.path() + "&_all=1")
        if a["total"] != b["total"]:
            problems.append(f"{q.name}: total {a['total']} vs {b['total']}")
        for facet in PEER_FACETS:
            theirs = {v["value"]: v["count"] for v in b["facets"].get(facet, [])}
            differ = [(v["value"], v["count"], theirs.get(v["value"], 0)) for v in a["facets"].get(facet, [])
                      if v["count"] and v["count"] != theirs.get(v["value"], 0)]
            if differ:
                problems.append(f"{q.name}: {facet}, {len(differ)} value(s) differ, e.g. {differ[:2]}")
    return problems


# -- resolu only: exports, --add --------------------------------------------------
def exports(server: Server) -> dict[str, dict[str, Any]]:
    """Time each export of EXPORT_QUERY: first byte and whole file (s), bytes, paragraphs exported."""
    out = {}
    for fmt in EXPORT_FORMATS:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
        begun = time.perf_counter()
        conn.request("GET", f"/recherche.{fmt}" + path_of(EXPORT_QUERY).removeprefix("/api/search"))
        response = conn.getresponse()
        first = time.perf_counter() - begun
        size = len(response.read())
        out[fmt] = {"first_byte_s": first, "total_s": time.perf_counter() - begun, "bytes": size,
                    "status": response.status, "exported": response.getheader("X-Resolu-Exported")}
        conn.close()
    return out


def has_add(root: Path) -> bool:
    """Return whether this checkout's ``resolu index`` has ``--add``."""
    res = subprocess.run([PY, "-m", "indexer.cli", "index", "--help"], cwd=root, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(root)), check=False)
    return "--add" in res.stdout


def add_twenty(root: Path, index_dir: Path, files: list[Path], log: Path) -> dict[str, Any]:
    """Time ``resolu index --add`` of ``files`` on a copy of the index; say n/a when this version lacks it."""
    if not has_add(root):
        return {"error": "n/a (not in this version)"}
    with tempfile.TemporaryDirectory(prefix="resolu-add-", dir="/tmp") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(index_dir, copy, symlinks=True)
        started = time.perf_counter()
        with open(log, "a", encoding="utf-8") as logf:
            logf.write(f"\n### resolu index --add ({root})\n")
            logf.flush()
            res = subprocess.run([PY, "-m", "indexer.cli", "index", "--add", "--quiet", "--index", str(copy),
                                  *map(str, files)], cwd=root, env=dict(os.environ, PYTHONPATH=str(root)),
                                 stdout=logf, stderr=logf, check=False)
        seconds = time.perf_counter() - started
    if res.returncode != 0:
        return {"error": f"exit {res.returncode}; see {log}"}
    return {"seconds": seconds, "files": len(files)}


def twenty_files(size: str) -> list[Path]:
    """Return 20 resolutions that are not in the index of ``size``: seed files for the synthetic corpora."""
    if size == "default":
        return sorted((OUT / "corpus-10k").rglob("A_RES_*.md"))[:ADDED]
    return sorted((ROOT / "seeds").glob("*.md"))[:ADDED]


# -- one size -----------------------------------------------------------------------
def prepare(size: str, args: argparse.Namespace, log: Path) -> dict[str, Any]:
    """Return the resolu index (and the before one) of a size, building them when needed, with build figures."""
    from tests.benchmarks.corpus import generate

    out: dict[str, Any] = {"builds": {}}
    if size == "default" and not args.build_default:
        out["index"] = args.index.resolve()
        out["before_index"] = args.before_index.resolve() if args.before_index else None
        return out
    if size == "default":
        source = ROOT / "seeds"
    else:
        source = OUT / f"corpus-{size}"
        print(f"[{size}] corpus…", flush=True)
        generate(parse_size(size), source, seed=args.seed)
    roots = [("resolu", ROOT)] + ([("before", args.before_root)] if args.before_root else [])
    for name, root in roots:
        index_dir = OUT / f"served-index-{size}-{name}"
        if args.reuse and (index_dir / "CURRENT").exists():
            out["index" if name == "resolu" else "before_index"] = index_dir
            continue
        print(f"[{size}] building {name} (procs={args.procs})…", flush=True)
        b = run_child("build-resolu", {"corpus": str(source), "index": str(index_dir), "procs": args.procs},
                      log, root=root)
        out["builds"][name] = {"seconds": b["seconds"], "paragraphs": b["paragraphs"], "peak_mb": b["maxrss_mb_wait4"],
                               "disk_mb": du(index_dir) / 1e6}
        out["index" if name == "resolu" else "before_index"] = index_dir
    return out


def build_peers(size: str, index_dir: Path, args: argparse.Namespace, log: Path) -> dict[str, dict[str, Any]]:
    """Export the paragraphs of resolu's index and build each peer on them; return their paths and build figures."""
    out: dict[str, dict[str, Any]] = {}
    if not args.peers:
        return out
    if size == "default":  # the peers of one given index: another --index must not --reuse them
        size = f"default-{index_dir.name}"
    records = OUT / f"served-records-{size}.jsonl"
    if not (args.reuse and records.exists()):
        print(f"[{size}] exporting paragraphs for the peers…", flush=True)
        part = records.with_name(records.name + ".part")  # an interrupted export is never reused
        run_child("export", {"index": str(index_dir), "records": str(part)}, log)
        part.replace(records)
    for peer in args.peers:
        path = OUT / (f"served-fts5-{size}.sqlite" if peer == "fts5" else f"served-tantivy-{size}")
        if args.reuse and path.exists():
            out[peer] = {"path": path}
            continue
        print(f"[{size}] building {peer}…", flush=True)
        part = path.with_name(path.name + ".part")  # nor an interrupted build
        b = run_child("build-peer", {"peer": peer, "records": str(records), "path": str(part),
                                     "index": str(index_dir)}, log)
        shutil.rmtree(path, ignore_errors=True)
        path.unlink(missing_ok=True)
        part.replace(path)
        out[peer] = {"path": path, "seconds": b["seconds"], "paragraphs": b["paragraphs"],
                     "peak_mb": b["maxrss_mb_wait4"], "disk_mb": du(path) / 1e6}
    return out


def run_size(size: str, args: argparse.Namespace) -> dict[str, Any]:
    """Build what a size needs, serve every engine, measure them alternating; return the figures."""
    log = OUT / f"served-log-{size}.txt"
    mix = query_mix()
    prepared = prepare(size, args, log)
    peers = build_peers(size, prepared["index"], args, log)
    servers = _servers(prepared, peers, args)
    res: dict[str, Any] = {"size": size, "builds": {**prepared["builds"], **{p: {k: v for k, v in d.items()
                                                                                   if k != "path"}
                                                                               for p, d in peers.items()}},
                           "engines": {s.name: {} for s in servers}}
    engines = res["engines"]
    try:
        for s in servers:  # one at a time: each start has the machine to itself (and the other helpers)
            print(f"[{size}] starting {s.name}…", flush=True)
            engines[s.name]["start"] = s.start(log)
        for s in servers:  # each query once on each worker before anything is timed
            for q in mix:
                for _ in range(2):
                    fetch_json(s.port, q.path())
        resolu = servers[0]
        for s in servers[1:]:
            if s.kind != "resolu":
                engines[s.name]["disagreements"] = disagreements(
                    partial(fetch_json, resolu.port), partial(fetch_json, s.port), mix)
        res["paragraphs"] = fetch_json(resolu.port, path_of(""))["total"]
        print(f"[{size}] load: {args.rounds} rounds × {len(servers)} servers × (1, {args.connections}) "
              f"connections × {args.seconds} s…", flush=True)
        for (name, route, conns), rr in load_rounds(servers, mix, args, log).items():
            engines[name][f"{route} c{conns}"] = merge(rr)
        print(f"[{size}] each query alone…", flush=True)
        alone = one_by_one(servers, mix, args.repeat)
        for s in servers:
            engines[s.name]["alone"] = alone[s.name]
            engines[s.name]["memory"] = s.memory()
        _resolu_only(size, servers, prepared, args, engines, log)
    finally:
        for s in servers:
            s.stop()
    return res


def _servers(prepared: dict[str, Any], peers: dict[str, dict[str, Any]], args: argparse.Namespace
             ) -> list[Server]:
    """Return the servers of a size: resolu first, resolu at ``--before`` (if asked), then each peer."""
    servers = [Server("resolu", "resolu", {"RESOLU_INDEX": str(prepared["index"])})]
    if args.before_root and prepared.get("before_index"):
        servers.append(Server(f"resolu {args.before}", "resolu", {"RESOLU_INDEX": str(prepared["before_index"])},
                              root=args.before_root))
    servers += [Server(p, p, {"RESOLU_PEER": p, "RESOLU_PEER_PATH": str(peers[p]["path"]),
                              "RESOLU_INDEX": str(prepared["index"])}) for p in peers]
    return servers


def load_rounds(servers: list[Server], mix: tuple[MixQuery, ...], args: argparse.Namespace, log: Path
                ) -> dict[tuple[str, str, int], list[dict[str, Any]]]:
    """Load every server with wrk in rounds that alternate them; return the runs by (server, route, connections)."""
    api = [q.path() for q in mix]
    page = [q.path("/recherche") for q in mix]
    runs: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for r in range(args.rounds):
        order = servers[r % len(servers):] + servers[:r % len(servers)]
        for s in order:
            routes = [("/api/search", api)] + ([("/recherche", page)] if s.kind == "resolu" else [])
            for route, paths in routes:
                for conns in (1, args.connections):
                    runs.setdefault((s.name, route, conns), []).append(wrk(s.port, paths, conns, args.seconds, log))
    return runs


def _resolu_only(size: str, servers: list[Server], prepared: dict[str, Any], args: argparse.Namespace,
                 engines: dict[str, dict[str, Any]], log: Path) -> None:
    """Measure what only resolu does: its exports, the draft check (on default) and ``--add`` of 20 files."""
    for s in servers:
        if s.kind == "resolu":
            print(f"[{size}] exports and --add on {s.name}…", flush=True)
            engines[s.name]["exports"] = exports(s)
    if size == "default" and args.draft_repeat > 0:
        from tests.benchmarks.draftcheck import served_timings

        print(f"[{size}] draft check on resolu…", flush=True)
        engines[servers[0].name]["draftcheck"] = served_timings(servers[0].port, prepared["index"],
                                                                args.draft_repeat)
    roots = {servers[0].name: (ROOT, prepared["index"])}
    if len(servers) > 1 and servers[1].kind == "resolu":
        roots[servers[1].name] = (servers[1].root, prepared["before_index"])
    for name, (root, index_dir) in roots.items():
        engines[name]["add"] = add_twenty(root, Path(index_dir), twenty_files(size), log)


# -- report ---------------------------------------------------------------------------
def _ms(d: dict[str, Any] | None) -> str:
    if not d:
        return "–"
    return f"{d['p50']:.0f} / {d['p95']:.0f}" + (f" / {d['p99']:.0f}" if "p99" in d else "")


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> str:
    return f"{a['p95'] / b['p95']:.2f}×" if a and b and b["p95"] else "–"


def table(results: list[dict[str, Any]], connections: int) -> str:
    """Return the one Markdown table of every size and engine, and the notes under it."""
    head = ["size", "engine", "build s", "start s (after 1st worker; logged « prêt en »: master if it warms, workers)",
            "/api/search 1 conn. p50/p95/p99 ms", f"{connections} conn. p50/p95/p99 ms",
            f"p95 {connections}c / 1c", f"resolu's p95 / this p95, 1 / {connections} conn.",
            "everyday alone p50/p95", "pasted alone p50/p95",
            "RSS / PSS per worker MB", "/recherche 1 conn. p50/p95", "exports s (whole file)", "--add 20 s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes = []
    for res in results:
        base = res["engines"].get("resolu", {}).get("/api/search c1")
        base_many = res["engines"].get("resolu", {}).get(f"/api/search c{connections}")
        for name, e in res["engines"].items():
            b = res["builds"].get(name if name in PEERS else ("resolu" if name == "resolu" else "before"))
            start = e.get("start", {})
            one, many = e.get("/api/search c1"), e.get(f"/api/search c{connections}")
            mem = e.get("memory", [])
            page = e.get("/recherche c1")
            ex = e.get("exports")
            add = e.get("add")
            cells = [
                res["size"] + (f" ({res['paragraphs']:,} par.)".replace(",", " ") if name == "resolu" else ""), name,
                f"{b['seconds']:.0f}" if b else ("not rebuilt" if name.startswith("resolu") else "–"),
                (f"{start['first_answer_s']:.2f} ({start['after_first_worker_s']:.2f}"
                 + "".join(f"; prêt {w:.2f}" for w in start.get("warm_up_s", [])) + ")") if start else "–",
                _ms(one), _ms(many), _ratio(many, one),
                f"{_ratio(base, one)} / {_ratio(base_many, many)}" if name != "resolu" else "–",
                _ms(e.get("alone", {}).get("everyday")), _ms(e.get("alone", {}).get("pasted")),
                ", ".join(f"{m.get('Rss', 0):.0f} / {m.get('Pss', 0):.0f}" for m in mem) or "–",
                _ms({k: v for k, v in page.items() if k in ("p50", "p95")}) if page else "–",
                ", ".join(f"{f.upper()} {x['total_s']:.2f}" for f, x in ex.items()) if ex else "–",
                (f"{add['seconds']:.1f}" if "seconds" in add else add["error"]) if add else "–",
            ]
            lines.append("| " + " | ".join(cells) + " |")
            if "disagreements" in e:
                d = e["disagreements"]
                notes.append(f"- {res['size']}, {name} vs resolu: " + (
                    "every total and every listed facet count identical on the 11 queries." if not d else
                    f"{len(d)} difference(s): " + "; ".join(d[:6])))
            errors = sum(e.get(k, {}).get("errors", 0) for k in e if k.startswith("/"))
            if errors:
                notes.append(f"- {res['size']}, {name}: {errors} wrk errors (non-2xx or timeouts)")
            if e.get("draftcheck"):
                notes.append(draft_note(res["size"], name, e["draftcheck"]))
            if ex:
                notes.append(f"- {res['size']}, {name}, exports of « {EXPORT_QUERY} »: " + ", ".join(
                    f"{f.upper()} {x['exported'] or '?'} par. {x['bytes'] / 1e6:.1f} MB, first byte "
                    f"{x['first_byte_s']:.2f} s, whole {x['total_s']:.1f} s (status {x['status']})"
                    for f, x in ex.items()))
    return "\n".join([*lines, "", *notes]) + "\n"


def draft_note(size: str, name: str, figures: dict[str, list[float]]) -> str:
    """Return the note line of the draft check's timings ({"fr 30": [p50, p95], …} in seconds)."""
    return (f"- {size}, {name}, draft check (POST /api/verification, one connection), p50 / p95 s: "
            + "; ".join(f"{key} par. {p50:.2f} / {p95:.2f}" for key, (p50, p95) in figures.items()))


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every size, print and write the table."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.served", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="default,100k", help="default (needs --index), 10k, 100k, 1M…")
    parser.add_argument("--index", type=Path, help="the default collection's built index (read only)")
    parser.add_argument("--build-default", action="store_true", help="build the default collection (seeds/) here")
    parser.add_argument("--peers", default="fts5,tantivy", help="peers served beside resolu ('' for none)")
    parser.add_argument("--before", help="a git revision measured in the same run (worktree /tmp/resolu-before-REV)")
    parser.add_argument("--before-index", type=Path, help="the default collection's index built by --before")
    parser.add_argument("--rounds", type=int, default=3, help="alternating load rounds (3)")
    parser.add_argument("--seconds", type=int, default=8, help="seconds of each wrk run (8)")
    parser.add_argument("--connections", type=int, default=8, help="the concurrent load (8 = 2 workers × 4)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of each query alone, one connection (5)")
    parser.add_argument("--procs", type=int, default=2, help="build_index procs (2)")
    parser.add_argument("--draft-repeat", type=int, default=5,
                        help="drafts of each size and language posted to /api/verification on default (5; 0: none)")
    parser.add_argument("--reuse", action="store_true", help="reuse the indexes and peers of an earlier run")
    parser.add_argument("--seed", type=int, default=20260407)
    parser.add_argument("--out", default="served", help="name of the results in tests/benchmarks/out (served)")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if "default" in sizes and not (args.index or args.build_default):
        parser.error("--sizes default demande --index DOSSIER (un index construit) ou --build-default")
    sizes = [s if s == "default" else label(parse_size(s)) for s in sizes]
    args.peers = [p for p in args.peers.split(",") if p]
    args.before_root = None
    if args.before:
        args.before_root = Path(f"/tmp/resolu-before-{re.sub(r'[^A-Za-z0-9._-]', '_', args.before)}")
        if not args.before_root.exists():
            subprocess.run(["git", "worktree", "add", "--detach", str(args.before_root), args.before], cwd=ROOT,
                           check=True)
        else:  # a branch name may have moved since the worktree was made
            subprocess.run(["git", "checkout", "--detach", "--quiet", args.before], cwd=args.before_root, check=True)
        if not (args.before_root.parent / "shared").exists():
            print("note: ../shared is not beside the before worktree", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    if any(s == "default" for s in sizes):
        from tests.benchmarks.corpus import generate

        generate(parse_size("10k"), OUT / "corpus-10k", seed=args.seed)  # the 20 files --add adds to it
    results = []
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    command = "python -m tests.benchmarks.served " + " ".join(argv if argv is not None else sys.argv[1:])
    for size in sizes:
        results.append(run_size(size, args))
        (OUT / f"{args.out}.json").write_text(json.dumps({"command": command, "started": started, "machine": machine(),
                                                      "results": results}, indent=1, default=str), encoding="utf-8")
    load = Path("/proc/loadavg").read_text().split()[:3]
    mach = machine()
    md = (f"Command: `{command}` ({started}; code {revision()}"
          + (f", before: {args.before}" if args.before else "") + ")  \n"
          f"Machine: {mach['nproc']} cores, {mach['cpu']}, shared with other jobs (load average at the end "
          f"{' '.join(load)}): servers alternated in {args.rounds} rounds of {args.seconds} s per figure.  \n"
          "Every engine behind gunicorn -w 2 -k gthread --threads 4; every facet counted on the whole result "
          "(resolu: 12 facets, peers: the 6 paragraph facets), 50 largest values listed.\n\n"
          + table(results, args.connections))
    (OUT / f"{args.out}.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
