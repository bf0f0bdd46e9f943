"""Serve the web app with gunicorn, the production WSGI server."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    """Run a ready WSGI app under gunicorn with options given in code."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from webapp import create_app  # noqa: PLC0415 - each worker builds its own app

        return create_app({"INDEX_DIR": self.options_index})

    options_index = ""


def run_gunicorn(bind: str, *, workers: int, index_dir: str) -> None:
    """Serve the app on ``bind`` with ``workers`` processes of 4 threads each."""
    server = _Server({
        "bind": bind, "workers": workers, "worker_class": "gthread", "threads": 4,
        "accesslog": "-", "timeout": 60, "graceful_timeout": 10,
    })
    server.options_index = index_dir
    server.run()
