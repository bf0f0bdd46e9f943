"""Fire generated hostile queries at a local resolu server; print times, statuses and worker memory.

    python -m tests.fuzz_queries [--index index] [--requests 2000] [--seed 11]

Starts gunicorn on 127.0.0.1 (one worker process of 4 threads, a free port:
loopback only, nothing leaves the machine) over an index already built
(``resolu index`` first), sends ``--requests`` requests one at a time, and
stops it.  The queries are what an attacker or a careless script sends:
a word repeated hundreds of times, a thousand distinct words, leading and
short wildcards, every acronym at once, long phrases, hundreds of facet
values, deep parentheses, control characters, absurd pages.  The target
(issue 11): no 5xx, no request over 1 s, worker growth under 100 MB.

This is a measuring command, not a test: the suite checks the behaviour (a
clear 400, never a 500) in tests/test_views.py; figures depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("sécurité", "migrants", "droits", "homme", "Conseil", "paix", "enfants", "femmes", "Demande",
         "instamment", "États", "développement", "coopération", "internationale", "terrorisme", "santé",
         "réfugiés", "Secrétaire", "général", "rapport", "Charte", "Nations", "Unies", "violence", "eau")
ACRONYMS = ("ONU", "OIT", "OMS", "HCR", "UNICEF", "PNUD", "FAO", "UNESCO", "OTAN", "CEDAW", "PIDCP", "OUA",
            "UA", "CPI", "AIEA", "OSCE", "UE", "ONUDC", "HCDH", "OCHA")
WILDCARDS = ("*", "?", "**", "*?", "*ité", "*tion", "?a*", "co*", "pr*", "de*", "re*", "in*", "ma*", "a*",
             "se??", "c?*", "migr*", "dévelop*", "co*o*e*", "d?????????*")
FACETS = ("verb", "addressee", "instrument", "sponsor", "subject", "organ", "year", "kind", "symbol", "vote")


def queries(rng: random.Random, n: int) -> list[str]:
    """Return n request paths (with query strings), each from a hostile family."""

    def word() -> str:
        return rng.choice(WORDS)

    families = [
        lambda: {"q": " ".join([rng.choice(ACRONYMS + WORDS)] * rng.randint(50, 600))},
        lambda: {"q": " ".join(f"{word()}{i}" if i % 3 else word() for i in range(rng.randint(40, 1000)))},
        lambda: {"q": " ".join(rng.choice(WILDCARDS) for _ in range(rng.randint(1, 12)))},
        lambda: {"q": " ".join(rng.sample(ACRONYMS, rng.randint(5, len(ACRONYMS))))},
        lambda: {"q": '"' + " ".join(word() for _ in range(rng.randint(10, 120))) + '"'},
        lambda: {"q": " ".join(f'"{word()} {word()}"' for _ in range(rng.randint(5, 60)))},
        lambda: {"q": word(), rng.choice(FACETS): [rng.choice(WORDS)] * rng.randint(50, 500)},
        lambda: {"q": "", rng.choice(FACETS): [f"{word()}{i}" for i in range(rng.randint(20, 120))]},
        lambda: {"q": "(" * rng.randint(10, 400) + word() + ")" * rng.randint(0, 400)},
        lambda: {"q": " ".join(rng.choice(("AND", "OR", "NOT", "-", "+", "(", ")", '"', word()))
                                for _ in range(rng.randint(5, 300)))},
        lambda: {"q": "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 400)))},
        lambda: {"q": "x" * rng.randint(1000, 3000)},
        lambda: {"q": word(), "page": str(rng.choice((0, -1, 10**9, 10**30, "abc"))),
                 "par_page": str(rng.choice((0, 501, 10**6, "x")))},
        lambda: {"q": f"{word()}:{word()} seq:{word()} {rng.choice(FACETS)}:\"{word()}\""},
        lambda: {"q": word(), "year_from": str(rng.choice((0, 1800, 2025, "19x5", 10**12))),
                 "year_to": str(rng.choice((1900, 2100, -5, "")))},
        lambda: {"q": " ".join(f"{rng.choice(WORDS)[:rng.randint(2, 4)]}*" for _ in range(rng.randint(3, 40)))},
        lambda: {"q": f"{word()} {word()}", "sort": rng.choice(("date", "order", "relevance", "x" * 50))},
    ]
    out = []
    for i in range(n):
        params = families[i % len(families)]()
        path = rng.choice(("/recherche", "/api/search"))
        out.append(path + "?" + urllib.parse.urlencode(params, doseq=True))
    return out


def normal(rng: random.Random, n: int) -> list[str]:
    """Return n ordinary request paths: words, pairs, phrases, a prefix, facets, pages, sorts."""
    out = []
    for i in range(n):
        a, b = rng.sample(WORDS, 2)
        params = [{"q": a}, {"q": f"{a} {b}"}, {"q": f'"{a} {b}"'}, {"q": f"{a[:5]}*"},
                  {"q": a, "verb": "Demande"}, {"q": a, "page": "3"}, {"q": a, "sort": "date"},
                  {"q": "", "year": "2023"}][i % 8]
        out.append(rng.choice(("/recherche", "/api/search")) + "?" + urllib.parse.urlencode(params))
    return out


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB (Linux /proc)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker_pid(master: int) -> int | None:
    """Return the first child process of the gunicorn master."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> tuple[int, float, int]:
    """Return (status, seconds, bytes) of a GET."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # loopback only
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        body = exc.read()
        status = exc.code
    return status, time.perf_counter() - started, len(body)


@contextlib.contextmanager
def gunicorn(index_dir: Path) -> Iterator[tuple[str, int]]:
    """Serve an index with resolu's gunicorn settings on a free loopback port; yield (base URL, master pid)."""
    port = free_port()
    code = ("from webapp.server import run_gunicorn; "
            f"run_gunicorn('127.0.0.1:{port}', workers=1, index_dir={str(index_dir)!r})")
    env = {**os.environ, "RESOLU_INDEX": str(index_dir), "RESOLU_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                fetch(base + "/api/search?q=paix", timeout=60)
                break
            except OSError:
                time.sleep(0.2)
        yield base, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default=str(ROOT / "index"), help="index folder (built by resolu index)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    index_dir = Path(args.index).resolve()
    if not (index_dir / "CURRENT").is_file():
        print(f"pas d'index dans {index_dir} : lancez d'abord « resolu index »", file=sys.stderr)
        return 2
    with gunicorn(index_dir) as (base, master):
        worker = worker_pid(master)
        # Warm up with a normal day's mix first, so that "before" is the worker's
        # steady state (postings cache, allocator) and "after" what hostile queries add.
        for path in normal(random.Random(args.seed), 300):
            fetch(base + path)
        before = rss_mb(worker) if worker else 0.0
        statuses: Counter[int] = Counter()
        timings: list[tuple[float, int, str]] = []
        peak = before
        for path in queries(random.Random(args.seed), args.requests):
            status, seconds, _ = fetch(base + path)
            statuses[status] += 1
            timings.append((seconds, status, path))
            if worker and len(timings) % 50 == 0:
                peak = max(peak, rss_mb(worker))
        after = rss_mb(worker) if worker else 0.0
    timings.sort(reverse=True)
    over = sum(1 for s, _, _ in timings if s > 1.0)
    summary = {
        "requests": len(timings), "statuses": dict(sorted(statuses.items())),
        "5xx": sum(n for s, n in statuses.items() if s >= 500), "over_1s": over,
        "slowest_s": round(timings[0][0], 3), "median_s": round(timings[len(timings) // 2][0], 4),
        "worker_mb_before": round(before), "worker_mb_after": round(after), "worker_mb_peak": round(peak),
    }
    print(json.dumps(summary, ensure_ascii=False))
    print("Les plus lentes :")
    for seconds, status, path in timings[:5]:
        print(f"  {seconds:6.3f} s  {status}  {path[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
