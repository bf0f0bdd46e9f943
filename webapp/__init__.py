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

One :class:`indexer.search.engine.Engine` is shared by every thread of a process
(``app.extensions["resolu"]``); it reopens the index when ``resolu index``
makes a new generation current, so a rebuild needs no restart.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from indexer.search.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = "resolu"

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

    engine = Engine(app.config["INDEX_DIR"], on_open=app.config.get("ON_INDEX_OPEN"),
                    after_search=app.config.get("AFTER_SEARCH"))
    app.extensions[EXTENSION] = engine
    # Close the shared searcher when the app goes away or the process exits.
    weakref.finalize(app, engine.close)

    from webapp import api, browse, errors, feeds, jinja_filters, similar, views  # noqa: PLC0415 - blueprints import the app package

    jinja_filters.register(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(feeds.bp)
    from webapp import changes  # noqa: PLC0415 - series and diffs (issue 13)
    app.register_blueprint(changes.bp)
    app.register_blueprint(similar.bp)
    from webapp import coverage  # noqa: PLC0415 - what the collection holds and lacks (issue 21)
    app.register_blueprint(coverage.bp)
    from webapp import states  # noqa: PLC0415 - sponsors and recorded votes by State (issue 25)
    app.register_blueprint(states.bp)
    from webapp import verification  # noqa: PLC0415 - the whole-draft check (issue 26)
    app.register_blueprint(verification.bp)
    errors.register(app)

    @app.after_request
    def security_headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def public_url(path: str) -> str:
    """Return the absolute URL of a path of this site, on the configured public address."""
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + path


def get_engine(app: Flask | None = None) -> Engine:
    """Return the shared search engine of the current (or given) app."""
    return (app or current_app).extensions[EXTENSION]
