"""Serve a peer engine (SQLite FTS5 or tantivy) behind the same HTTP layer as resolu, for the served benchmark.

``gunicorn -w 2 -k gthread --threads 4 'tests.benchmarks.peer_app:create_app()'`` with ``RESOLU_PEER``
(``fts5`` or ``tantivy``), ``RESOLU_PEER_PATH`` (its database or index folder) and ``RESOLU_INDEX`` (the
resolu index whose analyzer makes the query terms) answers ``/api/search?q=…&verb=…`` in the shape of
resolu's ``/api/search``: ``total``, the top 20 ``hits`` with their text, every facet counted on the whole
result with its 50 largest values listed (and the selected ones), and ``facet_totals``. ``_all=1`` lists
every value: the benchmark compares those counts with resolu's.
"""

from __future__ import annotations

import os
import queue
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, request

from tests.benchmarks.peers import FACETS, Fts5Engine, TantivyEngine
from tests.benchmarks.queries import BenchQuery

# As resolu's engine lists them (indexer.search.engine.FACET_SIZE).
FACET_SIZE = 50
# One engine per gunicorn thread: a SQLite connection and its temporary tables serve one search at a time.
THREADS = 4
PHRASE_RE = re.compile(r'^"([^"]+)"$')
PREFIX_RE = re.compile(r"^(\w+)\*$")


def bench_query(q: str, filters: Mapping[str, Sequence[str]]) -> BenchQuery:
    """Read a query as resolu's default syntax does: a quoted phrase, one prefix, or any of the words."""
    q = q.strip()
    chosen = {name: list(values) for name, values in filters.items() if values}
    if not q:
        return BenchQuery(q, q, chosen, None)
    phrase = PHRASE_RE.match(q)
    if phrase:
        return BenchQuery(q, q, chosen, ("phrase", phrase.group(1)))
    prefix = PREFIX_RE.match(q)
    if prefix:
        return BenchQuery(q, q, chosen, ("prefix", prefix.group(1).lower()))
    return BenchQuery(q, q, chosen, ("or", q.split()))


def listed(counts: Mapping[str, int], selected: Sequence[str], size: int) -> list[dict[str, Any]]:
    """Return the ``size`` largest values (count, then value) and every selected one, as resolu lists them."""
    ordered = sorted(((v, c) for v, c in counts.items() if c), key=lambda vc: (-vc[1], vc[0]))
    shown = ordered[:size]
    shown += [(v, counts.get(v, 0)) for v in selected if v not in {s for s, _ in shown}]
    return [{"value": v, "count": c, "selected": v in selected} for v, c in shown]


def create_peer_app(peer: str, path: Path, index_dir: Path | None, threads: int = THREADS) -> Flask:
    """Return the Flask app answering ``/api/search`` from ``threads`` engines of one peer, opened and warmed now."""
    engines: queue.Queue[Any] = queue.Queue()
    for _ in range(threads):
        engine = Fts5Engine(path, index_dir) if peer == "fts5" else TantivyEngine(path, index_dir)
        engine.search(bench_query("sécurité", {"verb": ["Décide"]}))  # warm, as resolu's workers are
        engines.put(engine)

    @contextmanager
    def one_engine() -> Iterator[Any]:
        engine = engines.get()
        try:
            yield engine
        finally:
            engines.put(engine)

    app = Flask(__name__)

    @app.route("/api/search")
    def search() -> dict[str, Any]:
        filters = {name: request.args.getlist(name) for name in FACETS if name in request.args}
        q = bench_query(request.args.get("q", ""), filters)
        with one_engine() as engine:
            result = engine.search(q)
        size = 10**9 if request.args.get("_all") == "1" else FACET_SIZE
        return {"query": q.q, "filters": q.filters, "total": result["total"], "hits": result["top"],
                "facets": {name: listed(counts, q.filters.get(name, []), size)
                           for name, counts in result["facets"].items()},
                "facet_totals": {name: sum(1 for c in counts.values() if c)
                                 for name, counts in result["facets"].items()}}

    return app


def create_app() -> Flask:
    """Create the peer app from the environment (the gunicorn entry point)."""
    index = os.environ.get("RESOLU_INDEX")
    return create_peer_app(os.environ["RESOLU_PEER"], Path(os.environ["RESOLU_PEER_PATH"]),
                           Path(index) if index else None)
