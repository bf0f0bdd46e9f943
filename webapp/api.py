"""Serve the JSON API: search, resolutions and paragraphs.

``/api/search`` takes the parameters of the search page and returns exactly
the JSON of ``resolu search --json``; errors come as
``{"error": message, "status": code}`` with the same HTTP status.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request, url_for

from webapp import get_engine, public_url
from webapp.present import citation
from webapp.resolve import context, resolve
from webapp.similar import with_wording
from webapp.views import read_state, search_state

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/search")
def search() -> dict[str, Any]:
    """Return one page of results with the facet counts, as ``resolu search --json``."""
    per_page = current_app.config["PER_PAGE"]
    state = read_state(request.args)
    return with_wording(search_state(get_engine(), state, per_page).to_json())


@bp.route("/r/<path:rest>")
def document(rest: str) -> dict[str, Any]:
    """Return a resolution's metadata and paragraphs, or one paragraph with its context."""
    target = resolve(get_engine(), rest)
    res = target.resolution
    meta = {k: v for k, v in res.items() if k != "paragraphs_list"}
    if target.paragraph is None:
        return {
            **meta,
            "url": public_url(url_for("pages.document", rest=target.symbol)),
            "paragraphs_list": [_with_links(target.symbol, p) for p in res["paragraphs_list"]],
        }
    p = target.paragraph
    around = context(res, p)
    return {
        "paragraph": _with_links(target.symbol, p),
        "parent": around["ancestors"][-1] if around["ancestors"] else None,
        "ancestors": around["ancestors"],
        "previous": around["previous"],
        "next": around["next"],
        "resolution": meta,
    }


def _with_links(symbol: str, p: dict[str, Any]) -> dict[str, Any]:
    return {
        **p,
        "citation": citation(symbol, p),
        "url": public_url(url_for("pages.document", rest=f"{symbol}/{p['anchor']}")),
    }
