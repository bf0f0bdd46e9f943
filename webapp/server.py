"""Serve the web app with gunicorn, the production WSGI server.

Each worker process is a long-running search process: :func:`create_worker_app`
applies the process-wide memory settings there (allocator, garbage collector)
before building the app.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from indexer.search.allocator import freeze_long_lived, prepare_search_process, release_free_memory


def create_worker_app(index_dir: str | None = None) -> Flask:
    """Set up this process for serving searches, then create the app (``webapp.server:create_worker_app()``)."""
    from webapp import create_app  # noqa: PLC0415 - the app package imports this module's siblings

    prepare_search_process()
    config: dict[str, Any] = {"ON_INDEX_OPEN": freeze_long_lived, "AFTER_SEARCH": release_free_memory}
    if index_dir:
        config["INDEX_DIR"] = index_dir
    return create_app(config)


class _Server(BaseApplication):
    """Run a ready WSGI app under gunicorn with options given in code."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_worker_app(self.options_index)  # each worker builds its own app

    options_index = ""


def run_gunicorn(bind: str, *, workers: int, index_dir: str) -> None:
    """Serve the app on ``bind`` with ``workers`` processes of 4 threads each."""
    server = _Server({
        "bind": bind, "workers": workers, "worker_class": "gthread", "threads": 4,
        "accesslog": "-", "timeout": 60, "graceful_timeout": 10,
    })
    server.options_index = index_dir
    server.run()
