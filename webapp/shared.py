"""Hold the objects one app shares between its requests and threads: the engine and the services built on it.

The Flask tutorial's ``db.py`` pattern: :func:`init_app` creates them once
per app and keeps them in ``app.extensions``; the pages reach them through
``current_app`` with :func:`get_engine`, :func:`get_finder`,
:func:`get_checker` and :func:`get_changes`, and build absolute links with
:func:`public_url`. The blueprints import this module, never the ``webapp``
package that registers them.

One :class:`indexer.search.engine.Engine` is shared by every thread of a
process; it reopens the index when ``resolu index`` makes a new generation
current, so a rebuild needs no restart.
"""

from __future__ import annotations

import weakref

from flask import Flask, current_app

from indexer.search.agreed import SimilarFinder
from indexer.search.engine import Engine
from indexer.search.verification import DraftChecker
from indexer.search.versions import Changes

# The app.extensions keys of the shared objects.
ENGINE = "resolu"
FINDER = "resolu-similar"
CHECKER = "resolu-verification"
CHANGES = "resolu_changes"


def init_app(app: Flask) -> None:
    """Create the app's engine, agreed-language finder and draft checker (the changes service comes on first use)."""
    engine = Engine(app.config["INDEX_DIR"], on_open=app.config.get("ON_INDEX_OPEN"),
                    after_search=app.config.get("AFTER_SEARCH"))
    app.extensions[ENGINE] = engine
    # Close the shared searcher when the app goes away or the process exits.
    weakref.finalize(app, engine.close)
    finder = SimilarFinder(engine)
    app.extensions[FINDER] = finder
    # The checker shares the finder's wording tables.
    app.extensions[CHECKER] = DraftChecker(finder)


def get_engine(app: Flask | None = None) -> Engine:
    """Return the shared search engine of the current (or given) app."""
    return (app or current_app).extensions[ENGINE]


def get_finder() -> SimilarFinder:
    """Return the agreed-language finder shared by the threads of this process."""
    return current_app.extensions[FINDER]


def get_checker() -> DraftChecker:
    """Return the draft checker shared by the threads of this process."""
    return current_app.extensions[CHECKER]


def get_changes() -> Changes:
    """Return the changes service of the current app (one per app, beside its engine)."""
    changes = current_app.extensions.get(CHANGES)
    if changes is None:
        changes = current_app.extensions.setdefault(CHANGES, Changes(get_engine()))
    return changes


def public_url(path: str) -> str:
    """Return the absolute URL of a path of this site, on the configured public address."""
    return str(current_app.config["PUBLIC_URL"]).rstrip("/") + path
