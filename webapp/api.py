"""Serve the JSON API: search, resolutions and paragraphs.

``/api/search`` takes the parameters of the search page and returns the JSON
of ``resolu search --json``, each hit with its ``citation`` ("A/RES/68/179,
par. 4 a)") and ``url`` (its permalink) added; ``limit`` is another name for
``per_page``; ``lang`` (``fr``, the default, or ``en``) is the query's
language: in English the hits are still the French paragraphs, each with its
``text_en`` and ``highlighted_en``; a parameter it does not know is refused,
never ignored (names starting with "_", such as cache busters, are let
through). A query naming a complete symbol outside the collection gets
``absent`` (``symbol``, ``message`` "S/RES/2231 (2015) n'est pas dans la
collection", ``official_url``) and the paragraphs that cite it; a pasted
citation ("A/RES/68/179, par. 4 a)") gets ``cited`` (the paragraph, with
its links) and the hits of its resolution. Every paragraph and resolution
carries ``official_url`` (https://undocs.org/fr/<symbol>). Errors come as
``{"error": message, "status": code}`` with the same HTTP status.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, current_app, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from indexer.search.named import absent, cited_paragraph, text_query
from indexer.undocs import official_url
from webapp import facets, get_engine, public_url
from webapp.errors import respond
from webapp.present import FILTER_TITLES, citation
from webapp.resolve import AmbiguousSymbolError, context, resolve
from webapp.similar import with_wording
from webapp.views import read_state, search_state

bp = Blueprint("api", __name__, url_prefix="/api")

SEARCH_PARAMETERS = ("q", "lang", *FILTER_TITLES, "sort", "page", "per_page", "limit")


def search_args(args: MultiDict[str, str]) -> MultiDict[str, str]:
    """Return the search parameters with ``limit`` read as ``per_page``; refuse unknown names."""
    unknown = [name for name in args if name not in SEARCH_PARAMETERS and not name.startswith("_")]
    if unknown:
        names = list(dict.fromkeys(unknown))
        plural = "s" if len(names) > 1 else ""
        raise BadRequest(f"Paramètre{plural} inconnu{plural} : {', '.join(names)}. "
                         f"Paramètres acceptés : {', '.join(SEARCH_PARAMETERS)}.")
    out = args.copy()
    limits = set(out.poplist("limit"))
    if limits:
        if len(limits) > 1 or ("per_page" in out and set(out.getlist("per_page")) != limits):
            raise BadRequest("limit est un autre nom de per_page : donnez l'un ou l'autre, une seule valeur.")
        out.setlist("per_page", list(limits))
    return out


@bp.route("/search")
def search() -> dict[str, Any]:
    """Return one page of results with the facet counts, as ``resolu search --json``, hits linked."""
    per_page = current_app.config["PER_PAGE"]
    state = read_state(search_args(request.args))
    engine = get_engine()
    notices = absent(engine, state.q) if state.q else []
    cited = cited_paragraph(engine, state.q, state.filters.get("symbol")) if state.q else None
    searched = state
    if cited is not None:
        # The paragraph a pasted citation names, and its resolution's paragraphs as hits.
        searched = replace(state, q=cited.symbol)
    elif notices:
        searched = replace(state, q=text_query(engine, state.q))
    result = search_state(engine, searched, per_page)
    data = result.to_json()
    if searched.q != state.q:
        data["query"] = state.q
        data["searched"] = searched.q
    for hit, out in zip(result.hits, data["hits"], strict=True):
        out.update(_links(hit.symbol, hit.record))
    if notices:
        data["absent"] = [n.to_json() for n in notices]
    if cited is not None:
        p = engine.paragraph_record(cited.symbol, cited.anchor) if cited.anchor else None
        data["cited"] = ({"symbol": cited.symbol, **_with_links(cited.symbol, p)} if p is not None else
                         {"symbol": cited.symbol, "anchor": None,
                          "error": f"La résolution {cited.symbol} n'a pas de paragraphe « {cited.label} »."})
    return with_wording(data)


@bp.route("/search/facet/<name>")
def facet_values(name: str) -> Any:
    """Return every value of one facet for a search (filtered, sorted, paged), as the page lists them."""
    unknown = facets.unknown_facet(name)
    if unknown:
        return respond(404, unknown)
    state = read_state(request.args)
    ask = facets.read_values_request(request.args)
    _, values = facets.search_values(get_engine(), state, name, ask)
    return facets.to_json(values, state, public_url)


@bp.route("/r/<path:rest>")
def document(rest: str) -> dict[str, Any] | tuple[dict[str, Any], int]:
    """Return a resolution's metadata and paragraphs, or one paragraph with its context."""
    try:
        target = resolve(get_engine(), rest)
    except AmbiguousSymbolError as many:
        # A short symbol that can mean several resolutions: the candidates, as on the page.
        return {"error": f"« {many.typed} » peut désigner {len(many.symbols)} résolutions : précisez la cote",
                "status": 300, "candidates": [
                    {"symbol": s, "url": public_url(url_for("pages.document", rest=s))} for s in many.symbols]}, 300
    res = target.resolution
    meta = {k: v for k, v in res.items() if k != "paragraphs_list"}
    if target.paragraph is None:
        return {
            **meta,
            "url": public_url(url_for("pages.document", rest=target.symbol)),
            "official_url": official_url(target.symbol),
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
        "resolution": {**meta, "official_url": official_url(target.symbol)},
    }


def _links(symbol: str, p: dict[str, Any]) -> dict[str, str]:
    return {
        "citation": citation(symbol, p),
        "url": public_url(url_for("pages.document", rest=f"{symbol}/{p['anchor']}")),
        "official_url": official_url(symbol),
    }


def _with_links(symbol: str, p: dict[str, Any]) -> dict[str, Any]:
    return {**p, **_links(symbol, p)}
