"""Serve resolu's search pages, resolution views, permalinks and JSON API.

Build the app with :func:`create_app` (``flask --app webapp run`` finds it);
``resolu serve`` runs it under gunicorn (see :mod:`webapp.server`).

Configuration keys:

- ``INDEX_DIR``: the index folder (default: environment ``RESOLU_INDEX``,
  else ``<repo>/index``).
- ``PER_PAGE``: results per page of the search page (default 20).
- ``ON_INDEX_OPEN``: called after the engine opens an index generation
  (the server freezes the long-lived objects, see :mod:`webapp.server`).
- ``AFTER_SEARCH``: called after each search (the server gives free
  memory beyond a bound back to the system).
- ``PUBLIC_URL``: the address absolute links are built on (permalinks, the
  API's ``url``); default: environment ``RESOLU_PUBLIC_URL``, else
  ``http://localhost``. Never the request's Host header, which a client chooses.

The objects the requests share (the engine, the finder, the draft checker) are
made and reached in :mod:`webapp.shared`; a request's search parameters are
read in :mod:`webapp.search_request`; the templates' filters and globals are
installed in :mod:`webapp.templating`. The blueprints import those modules,
never this package.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from webapp import (
    api,
    browse,
    coverage,
    error_pages,
    feeds,
    finder_pages,
    series_pages,
    shared,
    states,
    templating,
    verification,
    views,
)

# Re-exported: the app's shared objects, reached by the CLI and the tests as webapp.get_engine.
from webapp.shared import get_engine, public_url  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent

# No inline script or style anywhere: the pages work without JavaScript and
# the one static script only adds copy buttons.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def default_index_dir() -> str:
    """Return the index folder named by ``RESOLU_INDEX``, else the repository's ``index/``."""
    return os.environ.get("RESOLU_INDEX") or str(ROOT / "index")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the Flask application (app factory)."""
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR=default_index_dir(), PER_PAGE=20,
                            PUBLIC_URL=os.environ.get("RESOLU_PUBLIC_URL") or "http://localhost")
    if test_config:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False  # keep the documented key order of the JSON API
    app.json.ensure_ascii = False

    shared.init_app(app)
    templating.register(app)
    for blueprint in (views.bp, api.bp, browse.bp, feeds.bp, series_pages.bp, finder_pages.bp, coverage.bp,
                      states.bp, verification.bp):
        app.register_blueprint(blueprint)
    error_pages.register(app)

    @app.after_request
    def security_headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app

