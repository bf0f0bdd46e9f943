"""Serve the web app with gunicorn, the production WSGI server.

Each worker process is a long-running search process: :func:`create_worker_app`
applies the process-wide memory settings there (allocator, garbage collector)
before building the app.

``resolu serve`` builds and warms that app once, in gunicorn's master, once
it listens, and forks the workers from it: a worker answers its first search
as soon as it is forked, and the pages it only reads stay shared with the
master and the other workers. Each worker opens its own index files
after the fork (:func:`own_index_files`; ``Engine._own_files`` says why).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import time
from typing import Any

from flask import Flask
from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker
from jinja2 import FileSystemBytecodeCache

from indexer.errors import ResoluError
from indexer.search.allocator import freeze_long_lived, prepare_search_process, release_free_memory, settle
from indexer.search.engine import WARM_UP_QUERY
from webapp import create_app
from webapp.shared import CHECKER, FINDER, get_engine


def create_worker_app(index_dir: str | None = None) -> Flask:
    """Set up this process for serving searches, then create the app (``webapp.server:create_worker_app()``)."""
    prepare_search_process()
    config: dict[str, Any] = {"ON_INDEX_OPEN": freeze_long_lived, "AFTER_SEARCH": release_free_memory}
    if index_dir:
        config["INDEX_DIR"] = index_dir
    app = create_app(config)
    # The templates compiled once for every worker started after: 0.12 s of each start (issue 27). Jinja
    # keys each by its source's checksum, in a folder of this user's that it creates private.
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache()
    warm_up(app)
    return app


def warm_up(app: Flask) -> None:
    """Open the index and run one search before this worker takes requests; say why not when it cannot.

    gunicorn calls the app factory in each worker before the worker accepts
    connections: a user's first search then finds the arrays mapped and the
    code warm, instead of paying 4 s and running out of its time budget
    (issue 27). A missing or outdated index is said here in French and left to
    each request's error page, rather than stopping the worker.
    """
    started = time.perf_counter()
    try:
        get_engine(app).warm()
        # The wording tables every search's JSON reads (mapped, see indexer/store/wording.py).
        app.extensions[FINDER].tables()
        # The span index of the whole-draft check (mapped, see indexer/store/spans.py).
        app.extensions[CHECKER].span_index()
    except ResoluError as exc:
        print(f"resolu : processus {os.getpid()} non préchauffé : {exc}", file=sys.stderr, flush=True)
        return
    # The search page once, through the app: its templates are compiled before a visitor waits for them.
    app.test_client().get("/recherche", query_string={"q": WARM_UP_QUERY, "per_page": "1"})
    settle()
    print(f"resolu : processus {os.getpid()} prêt en {time.perf_counter() - started:.2f} s "
          "(index ouvert, première recherche faite)", file=sys.stderr, flush=True)


# The longest request line gunicorn accepts (its maximum; the default, 4094, was
# reached by a pasted paragraph of 3,800 characters once URL-encoded).
LIMIT_REQUEST_LINE = 8190
TOO_LONG_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Adresse trop longue · resolu</title></head>
<body><main>
<h1>Adresse trop longue</h1>
<p>La recherche envoyée dépasse la longueur qu'une adresse web peut avoir ici ({limit} caractères une fois
encodée). Rien n'a été cherché.</p>
<ul>
<li>Gardez les mots qui distinguent le paragraphe (40 mots au plus), ou une phrase caractéristique entre
guillemets : <code>"demande instamment aux États"</code>.</li>
<li>Pour retrouver où un paragraphe entier a déjà été adopté, collez-le dans
<a href="/libelle">« Libellé agréé »</a>, qui le reçoit en entier.</li>
<li>Retirez des filtres si vous en avez ajouté beaucoup.</li>
</ul>
<p><a href="/">Revenir à la recherche</a></p>
</main></body></html>
"""


class FrenchErrorsWorker(ThreadWorker):
    """Answer a request line that is too long with a French page instead of gunicorn's English one.

    gunicorn refuses it before the application sees it, so Flask's error
    pages cannot: this is the only place where the answer can be written.
    """

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if not isinstance(exc, LimitRequestLine):
            super().handle_error(req, client, addr, exc)
            return
        self.log.info("request line too long from %s: %s", addr, exc)
        body = TOO_LONG_PAGE.format(limit=LIMIT_REQUEST_LINE).encode("utf-8")
        head = ("HTTP/1.1 414 URI Too Long\r\nConnection: close\r\n"
                "Content-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode("ascii")
        with contextlib.suppress(OSError):  # the client went away
            util.write_nonblock(client, head + body)


def own_index_files(app: Flask) -> None:
    """Give a worker forked from a warmed master its own index files, and say it is ready (gunicorn's post_fork).

    Everything the master read and decoded is kept; only the open files are
    opened again, since a forked worker shares their read offsets with its
    parent and siblings. Should ``resolu index`` have made another generation
    current since the master opened its own, the worker opens and warms that
    one before it takes requests, as a worker without a master's app does.
    """
    engine = get_engine(app)
    inherited = engine.generation
    started = time.perf_counter()
    try:
        generation = engine.open()
    except ResoluError as exc:
        print(f"resolu : processus {os.getpid()} non préchauffé : {exc}", file=sys.stderr, flush=True)
        return
    if inherited is None or generation != inherited:
        warm_up(app)
        return
    print(f"resolu : processus {os.getpid()} prêt en {time.perf_counter() - started:.2f} s "
          f"(index ouvert et préchauffé par le processus maître {os.getppid()})", file=sys.stderr, flush=True)


class _Server(BaseApplication):
    """Run a ready WSGI app under gunicorn with options given in code."""

    # The app the master built and warmed before forking the workers (see _build_in_master).
    app: Flask | None = None

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        self.cfg.set("when_ready", self._build_in_master)
        self.cfg.set("post_fork", self._post_fork)

    def _build_in_master(self, arbiter: Any) -> None:
        """Build and warm the app once, in the master: after it bound its port, before it forks the workers.

        Rather than gunicorn's ``preload_app``, which builds the app before
        binding: the searches sent while the master warms up wait in the
        port's backlog instead of being refused.
        """
        # Configured by the environment (see run_gunicorn).
        self.app = create_worker_app()
        # The master searches no more: its index files are closed (each worker opens its own).
        get_engine(self.app).release_files()
        # What the master holds now lasts as long as it: kept out of the collector's reach, so that a
        # worker's collections do not write into (and thereby copy) the pages it shares with the master.
        gc.freeze()

    def _post_fork(self, arbiter: Any, worker: Any) -> None:
        if self.app is not None:
            own_index_files(self.app)

    def load(self) -> Any:
        # In a worker: the app of the master it was forked from; built here only without one.
        return self.app if self.app is not None else create_worker_app()


def run_gunicorn(bind: str, *, workers: int, index_dir: str) -> None:
    """Serve the app on ``bind`` with ``workers`` processes of 4 threads each.

    The workers are configured one way, the environment the app factory reads
    (``RESOLU_INDEX``, ``RESOLU_PUBLIC_URL``, see :func:`webapp.create_app`): the
    same for ``resolu serve``, ``gunicorn 'webapp.server:create_worker_app()'``
    and ``flask --app webapp run``. ``index_dir`` is put there before the
    app is built. The app is built and warmed once, in the master, before the
    workers are forked from it (see the module's docstring).
    """
    os.environ["RESOLU_INDEX"] = index_dir
    server = _Server({
        "bind": bind, "workers": workers, "worker_class": "webapp.server.FrenchErrorsWorker", "threads": 4,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "accesslog": "-", "timeout": 60, "graceful_timeout": 10,
    })
    server.run()
