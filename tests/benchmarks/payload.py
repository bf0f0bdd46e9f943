"""Measure what a search answer weighs: bytes per hit of /api/search and of the page (prints figures; not a test).

Run ``python -m tests.benchmarks.payload --index DIR`` on a built index;
without ``--index`` it builds, in a temporary folder, the seed resolution
with the AKN and Security Council fixtures (``seeds/A_RES_68_179.md``,
``tests/data/akn``, ``tests/data/sc``: a few seconds). Through Flask's test
client (no network), for ten everyday queries, it prints per query:

* the hits returned and the bytes of ``/api/search`` (slim hits, the default),
  of ``/api/search?full=1`` (the hits as they were before issue 27: whole
  texts, English, footnotes, paragraph numbering) and of the HTML page
  ``/recherche``, each divided by the hits returned ("per hit": the whole
  answer, facets included, over the hits it carries), and the bytes of the
  ``hits`` array alone per hit;
* which hit fields weigh most in the full answer (bytes summed over the ten
  queries);
* p50 / p95 of each of the three requests, ``--repeat`` timed runs of each
  query after one untimed run.

An older code base that does not know ``full`` answers 400 to it: that
column is then left empty, and ``/api/search`` is the "before" figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from indexer.store.build import build_index
from webapp import create_app

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "seeds" / "A_RES_68_179.md", ROOT / "tests" / "data" / "akn", ROOT / "tests" / "data" / "sc")
QUERIES = ("migrants", "changements climatiques", "droits de l'homme", '"demande aux États"', "Secrétaire général",
           "enfants", "terrorisme", "femmes", "paix et sécurité", "réfugiés")
KINDS = ("api", "full", "html")


def percentile(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def address(kind: str, q: str) -> str:
    """Return the path of one kind of request (``api``, ``full``, ``html``) for a query."""
    params = {"q": q, **({"full": "1"} if kind == "full" else {})}
    return ("/recherche?" if kind == "html" else "/api/search?") + urllib.parse.urlencode(params)


def measure(index_dir: Path, repeat: int) -> dict[str, Any]:
    """Return the sizes and times of the three requests for every query, and the full hits' field weights."""
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    rows: list[dict[str, Any]] = []
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    fields: dict[str, int] = {}
    for q in QUERIES:
        row: dict[str, Any] = {"q": q}
        for kind in KINDS:
            response = client.get(address(kind, q))
            if response.status_code != 200:
                row[kind] = None  # an older code base without ?full=1
                continue
            row[kind] = len(response.data)
            if kind != "html":
                hits = response.get_json()["hits"]
                row["hits"] = len(hits)
                row[f"{kind}_hits"] = len(json.dumps(hits, ensure_ascii=False).encode())
                if kind == "full" or row.get("full") is None:
                    # The field weights of the previous shape (?full=1, else the old default).
                    weights: dict[str, int] = {}
                    for h in hits:
                        for k, v in h.items():
                            weights[k] = weights.get(k, 0) + len(json.dumps(v, ensure_ascii=False).encode())
                    row["weights"] = weights
            for _ in range(repeat):
                start = time.perf_counter()
                client.get(address(kind, q))
                times[kind].append((time.perf_counter() - start) * 1000)
        for k, v in row.pop("weights", {}).items():
            fields[k] = fields.get(k, 0) + v
        row.setdefault("hits", 0)
        rows.append(row)
    return {"rows": rows, "fields": dict(sorted(fields.items(), key=lambda kv: -kv[1])),
            "times": {k: {"p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95), "n": len(v)}
                      for k, v in times.items() if v}}


def per_hit(size: int | None, hits: int) -> str:
    """Return size / hits as a whole number of bytes ("—" when unknown or no hit)."""
    return "—" if size is None or not hits else f"{size / hits:,.0f}"


def report(figures: dict[str, Any]) -> str:
    """Return the figures as a Markdown table, the totals, the heaviest fields and the times."""
    lines = ["| query | hits | /api/search B | per hit | hits only/hit | ?full=1 B | per hit | hits only/hit "
             "| page B | per hit |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    total: dict[str, int] = {}
    for row in figures["rows"]:
        n = row["hits"]
        lines.append(f"| {row['q']} | {n} | {row['api'] or '—'} | {per_hit(row['api'], n)} | "
                     f"{per_hit(row.get('api_hits'), n)} | {row['full'] or '—'} | {per_hit(row['full'], n)} | "
                     f"{per_hit(row.get('full_hits'), n)} | {row['html'] or '—'} | {per_hit(row['html'], n)} |")
        for key in ("hits", "api", "api_hits", "full", "full_hits", "html"):
            if row.get(key) is not None:
                total[key] = total.get(key, 0) + row[key]
    n = total.get("hits", 0)
    lines.append(f"| **all ten** | {n} | {total.get('api', '—')} | {per_hit(total.get('api'), n)} | "
                 f"{per_hit(total.get('api_hits'), n)} | {total.get('full', '—')} | {per_hit(total.get('full'), n)} | "
                 f"{per_hit(total.get('full_hits'), n)} | {total.get('html', '—')} | {per_hit(total.get('html'), n)} |")
    fields = figures["fields"]
    whole = sum(fields.values()) or 1
    lines += ["", "Heaviest fields of the full hits (values' JSON bytes over the ten queries): " + ", ".join(
        f"{k} {v / whole:.0%}" for k, v in list(fields.items())[:10])]
    lines += ["", "| request | p50 ms | p95 ms | n |", "|---|---:|---:|---:|"]
    names = {"api": "/api/search", "full": "/api/search?full=1", "html": "/recherche"}
    for kind, t in figures["times"].items():
        lines.append(f"| {names[kind]} | {t['p50_ms']:.1f} | {t['p95_ms']:.1f} | {t['n']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure the payloads and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="a built index (default: the seed and fixtures, built now)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query and request (20)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="resolu-payload-") as tmp:
        index_dir = args.index
        if index_dir is None:
            index_dir = Path(tmp) / "index"
            build_index(list(SOURCES), index_dir)
        figures = measure(index_dir, args.repeat)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
