"""Measure a cold start and warm searches through HTTP on gunicorn (prints figures; not a test).

Run ``python -m tests.benchmarks.coldstart --index DIR`` on a built index
(the default collection: ``resolu index`` then ``--index index``). It starts
the server as ``resolu serve`` does (:func:`webapp.server.run_gunicorn`, two
workers of four threads, bound to 127.0.0.1 only), then:

* sends, as soon as the port is open, two pasted sentences of 33 words at
  once, then an everyday faceted query and pasted sentences of 16 and 40
  words, and prints when each was answered and with which status, after the
  master and the workers started: a cold worker must answer them, not refuse
  them;
* times, one connection at a time, ten everyday queries and pasted sentences
  of 16, 33 and 40 words (the openings of paragraphs of A/RES/68/179), each
  through ``/api/search`` with every facet counted on the whole result, as
  the page does, and prints p50 / p95 / max per group;
* times, once each, the 33-word openings of 20 paragraphs of other resolutions (found through the
  API, newest first): a sentence no one asked before, whose words' postings the worker may never have
  read (the repeated sentences above are answered from what their first run decoded);
* times two exports (CSV of « migrants », TMX of an English query): first byte and whole file;
* prints each worker's RSS and PSS (``/proc/<pid>/smaps_rollup``), the master's, and their total PSS.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from tests.benchmarks.queries import QUERIES, RESOLUTION_QUERIES, BenchQuery

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SEED_SYMBOL = "A/RES/68/179"
# Ten everyday queries: the scale benchmark's mix and three with resolution facets.
EVERYDAY: tuple[BenchQuery, ...] = (*QUERIES, *RESOLUTION_QUERIES[:3])
SENTENCE_LENGTHS = (16, 33, 40)
# Exports timed once each, warm (the examples).
EXPORTS = (("CSV « migrants »", "/recherche.csv?q=migrants"),
           ("TMX, English query", "/recherche.tmx?q=decides+to+extend+the+mandate&lang=en"))
# Paragraphs of the seed resolution whose openings are pasted (all at least 40 words long).
SENTENCES_PER_LENGTH = 8


def pasted_sentences(words: int, count: int = SENTENCES_PER_LENGTH) -> list[str]:
    """Return the first ``words`` words of the ``count`` first long paragraphs of A/RES/68/179, op1 first."""
    text = SEED.read_text(encoding="utf-8")
    paragraphs = []
    for line in text.splitlines():
        line = re.sub(r"<sup>.*?</sup>|\*", "", line).strip()
        line = re.sub(r"^(?:\d+\.|[a-z]\))\s+", "", line)
        if len(line.split()) >= max(SENTENCE_LENGTHS):
            paragraphs.append(line)
    op1 = next(p for p in paragraphs if p.startswith("Demande aux États de promouvoir"))
    chosen = [op1, *[p for p in paragraphs if p is not op1][:count - 1]]
    return [" ".join(p.split()[:words]) for p in chosen]


def path_of(q: str, filters: dict[str, list[str]] | None = None) -> str:
    """Return the /api/search address of a query with its filters."""
    params: list[tuple[str, str]] = [("q", q)]
    for facet, values in (filters or {}).items():
        params += [(facet, v) for v in values]
    return "/api/search?" + urllib.parse.urlencode(params)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str, conn: http.client.HTTPConnection | None = None, timeout: float = 120
        ) -> tuple[int, bytes, float]:
    """Send one GET; return (status, body, seconds)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    if own:
        conn.close()
    return response.status, body, seconds


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def worker_pids(master: int) -> list[int]:
    """Return the pids of a gunicorn master's workers."""
    pids: list[int] = []
    for task in Path(f"/proc/{master}/task").iterdir():
        pids += [int(k) for k in (task / "children").read_text().split()]
    return sorted(pids)


def started_at(pid: int) -> float:
    """Return when a process started, on time.perf_counter's clock (10 ms resolution)."""
    ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return time.perf_counter() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))


def memory(pid: int) -> dict[str, float]:
    """Return a process's RSS and PSS in MB, from its smaps_rollup."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name = line.split(":")[0]
        if name in ("Rss", "Pss", "Pss_Anon", "Pss_File", "Private_Dirty", "Shared_Clean"):
            out[name] = int(line.split()[1]) / 1024
    return out


def run(index_dir: Path, repeat: int, log: Path) -> dict[str, Any]:
    """Start gunicorn on the index, measure, stop it; return the figures."""
    port = free_port()
    code = ("import sys; from webapp.server import run_gunicorn; "
            "run_gunicorn(sys.argv[1], workers=2, index_dir=sys.argv[2])")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    sentences = {n: pasted_sentences(n) for n in SENTENCE_LENGTHS}
    # First wave: two pasted sentences of 33 words, one for each worker if both are free (the issue's
    # failing case); second wave: an everyday faceted query and sentences of 16 and 40 words.
    waves = [[("pasted 33 words", path_of(sentences[33][0])), ("pasted 33 words (2)", path_of(sentences[33][1]))],
             [("everyday, faceted", path_of(EVERYDAY[0].q, EVERYDAY[0].filters)),
              ("pasted 16 words", path_of(sentences[16][2])), ("pasted 40 words", path_of(sentences[40][3]))]]
    out: dict[str, Any] = {"cold": [], "warm": {}, "memory": {}}
    with open(log, "w", encoding="utf-8") as logf:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code, f"127.0.0.1:{port}", str(index_dir)],
                                cwd=ROOT, env=env, stdout=logf, stderr=logf)
    try:
        wait_for_port(proc, port, started, log)
        results = cold_waves(port, waves, started)
        workers = worker_pids(proc.pid)
        out["workers_started_s"] = [started_at(p) - started for p in workers]
        for name, status, body, at in sorted(results, key=lambda r: r[3]):
            error = "" if status == 200 else json.loads(body).get("error", body[:120].decode())
            out["cold"].append({"query": name, "status": status, "answered_s": at, "error": error})
        groups: dict[str, list[str]] = {"ten everyday queries": [path_of(q.q, q.filters) for q in EVERYDAY]}
        groups.update({f"pasted {n} words": [path_of(s) for s in sentences[n]] for n in SENTENCE_LENGTHS})
        for group, paths in groups.items():
            out["warm"][group] = warm_times(port, paths, repeat)
        # What a user pastes is seldom what was pasted before: sentences asked once, never warmed.
        out["warm"]["pasted 33 words, first time"] = first_times(port, [path_of(s) for s in fresh_sentences(port)])
        out["exports"] = {name: export_times(port, path) for name, path in EXPORTS}
        out["memory"] = {pid: memory(pid) for pid in worker_pids(proc.pid)}
        # The workers share with the master the pages it read before forking them (webapp/server.py): its own PSS
        # is the rest of what serving costs.
        out["master_memory"] = memory(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def wait_for_port(proc: subprocess.Popen[bytes], port: int, started: float, log: Path) -> None:
    """Wait until the server's port takes connections; raise if it died or took over 300 s."""
    while True:  # the master binds before its workers load: connections wait in the backlog
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.perf_counter() - started > 300:
                raise RuntimeError(f"gunicorn did not start; see {log}") from None
            time.sleep(0.01)


def cold_waves(port: int, waves: list[list[tuple[str, str]]], started: float
               ) -> list[tuple[str, int, bytes, float]]:
    """Send each wave's queries at once, a wave after the other; return (name, status, body, answered at)."""
    results: list[tuple[str, int, bytes, float]] = []

    def cold(name: str, path: str) -> None:
        status, body, _ = get(port, path)
        results.append((name, status, body, time.perf_counter() - started))

    for wave in waves:
        threads = [threading.Thread(target=cold, args=pair) for pair in wave]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return results


def warm_times(port: int, paths: list[str], repeat: int) -> dict[str, Any]:
    """Time a group of queries on one connection, ``repeat`` times each once warm; return its figures."""
    for p in paths:  # each query once on each worker before timing (two connections)
        for _ in range(2):
            get(port, p)
    times: list[float] = []
    statuses: dict[int, int] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for _ in range(repeat):
        for p in paths:
            try:
                status, _, seconds = get(port, p, conn)
            except (http.client.RemoteDisconnected, ConnectionError):
                # gunicorn closed an idle keep-alive connection: reconnect, not timed.
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, _, seconds = get(port, p, conn)
            statuses[status] = statuses.get(status, 0) + 1
            times.append(seconds * 1000)
    conn.close()
    return {"n": len(times), "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "max_ms": max(times),
            "statuses": statuses}


# Openings asked once each, from paragraphs of other resolutions than the seed's (found by these verbs, newest first).
FRESH_VERBS = ("rappelle", "souligne", "encourage", "prie", "exhorte")
FRESH_COUNT = 20


def fresh_sentences(port: int, words: int = 33, count: int = FRESH_COUNT) -> list[str]:
    """Return the first ``words`` words of ``count`` long paragraphs of other resolutions, read through the API."""
    found: list[str] = []
    for verb in FRESH_VERBS:
        mine: list[str] = []
        _, body, _ = get(port, f"/api/search?q={verb}&per_page=40&group=none&sort=date")
        for hit in json.loads(body)["hits"]:
            if len(mine) >= count // len(FRESH_VERBS):
                break
            if hit["symbol"] == SEED_SYMBOL:  # its sentences are the repeated ones
                continue
            _, page, _ = get(port, f"/api/r/{urllib.parse.quote(hit['symbol'])}/{hit['anchor']}")
            text = json.loads(page)["paragraph"]["text"].split()
            if len(text) >= words:
                mine.append(" ".join(text[:words]))
        found += mine
    return found


def first_times(port: int, paths: list[str]) -> dict[str, Any]:
    """Time each query once, on one connection, as a user pasting a sentence no one asked before."""
    times: list[float] = []
    statuses: dict[int, int] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for p in paths:
        status, _, seconds = get(port, p, conn)
        statuses[status] = statuses.get(status, 0) + 1
        times.append(seconds * 1000)
    conn.close()
    return {"n": len(times), "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "max_ms": max(times, default=0.0), "statuses": statuses}


def export_times(port: int, path: str) -> dict[str, Any]:
    """Time one export: its first byte and its whole file; return them with its size and status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    begun = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    first = time.perf_counter() - begun
    size = len(response.read())
    figures = {"first_byte_s": first, "total_s": time.perf_counter() - begun, "bytes": size,
               "status": response.status, "exported": response.getheader("X-Resolu-Exported")}
    conn.close()
    return figures


def report(figures: dict[str, Any]) -> str:
    """Return the figures as a readable table."""
    lines = ["start (s after the master was spawned): workers started at "
             + ", ".join(f"{s:.2f}" for s in figures["workers_started_s"])]
    lines.append("first searches, two waves sent as soon as the port was open (s after the spawn):")
    for c in figures["cold"]:
        lines.append(f"  {c['query']:<20} answered at {c['answered_s']:.2f} s  status {c['status']}"
                     + (f"  « {c['error']} »" if c["error"] else ""))
    lines.append(f"{'warm, one connection':<30}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  statuses")
    for group, w in figures["warm"].items():
        lines.append(f"{group:<30}{w['n']:>5}{w['p50_ms']:>9.1f}{w['p95_ms']:>9.1f}{w['max_ms']:>9.1f}  "
                     + ", ".join(f"{k}×{v}" for k, v in sorted(w["statuses"].items())))
    for name, e in figures.get("exports", {}).items():
        lines.append(f"export {name}: first byte {e['first_byte_s']:.2f} s, whole {e['total_s']:.2f} s, "
                     f"{e['bytes'] / 1e6:.1f} MB, {e['exported']} paragraphs, status {e['status']}")
    for pid, m in figures["memory"].items():
        lines.append(f"worker {pid}: RSS {m.get('Rss', 0):.0f} MB, PSS {m.get('Pss', 0):.0f} MB "
                     f"(anonymous {m.get('Pss_Anon', 0):.0f}, file {m.get('Pss_File', 0):.0f})")
    if "master_memory" in figures:
        m = figures["master_memory"]
        lines.append(f"master: RSS {m.get('Rss', 0):.0f} MB, PSS {m.get('Pss', 0):.0f} MB "
                     f"(anonymous {m.get('Pss_Anon', 0):.0f}, file {m.get('Pss_File', 0):.0f}); total PSS "
                     f"{m.get('Pss', 0) + sum(w.get('Pss', 0) for w in figures['memory'].values()):.0f} MB")
    return "\n".join(lines)


def main() -> None:
    """Parse the options, run the benchmark, print the table (and the JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index", help="a built index folder")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds over each group of queries")
    parser.add_argument("--log", type=Path, default=Path("/tmp/resolu-coldstart.log"), help="gunicorn's log")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    figures = run(args.index.resolve(), args.repeat, args.log)
    print(report(figures))
    if args.json:
        print(json.dumps(figures, indent=1, default=str))


if __name__ == "__main__":
    main()
