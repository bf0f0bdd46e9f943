"""Serve the JSON API: search, resolutions and paragraphs.

``/api/search`` takes the parameters of the search page and returns the JSON
of ``resolu search --json`` (query, total, facets, …) whose hits carry what a
client shows and cites (issue 27): ``symbol``, ``anchor``, ``citation``
("A/RES/68/179, par. 4 a)"), ``kind``, the resolution's ``title``, ``organ``,
``adopted`` and ``vote_label`` ("Adoptée sans vote"), ``snippet`` (the
query's words in <mark>, shortened) and ``highlighted`` (the whole
paragraph as HTML, the query's words in <mark>), ``verb``, ``verb_en``,
``secondary_verbs``, ``addressees``, ``instruments``, ``resolutions`` (the
resolutions it cites), ``url`` (its permalink), ``official_url`` and
``wording`` (how widely its wording is used); see :data:`HIT_KEYS`. The
paragraph's and resolution's whole records are at ``/api/r/<symbol>/<anchor>``
and ``/api/r/<symbol>``; ``full=1`` gives the hits as they were before
(plain ``text``, ``eid``, ``score``, numbering, ``footnotes``, the English
``text_en`` of every aligned hit, …): 40 % more bytes per hit on the fixtures.
``limit`` is another name for ``per_page``; ``lang`` (``fr``, the default,
or ``en``) is the query's language: in English the hits are still the
French paragraphs, each with ``snippet_en`` and ``highlighted_en``; a
parameter it does not know is refused, never ignored (names starting with
"_", such as cache busters, are let through). ``group=wording`` folds the
paragraphs of one wording into one hit, its newest (issue 25): ``wordings``
counts them, each hit carries ``card`` (``paragraphs``, ``resolutions``,
``label``, ``earliest``, ``latest``, ``versions`` with their ``url``), and
``page``/``per_page`` count cards; without it (``group=none``) every
paragraph is a hit, as before. ``all_words`` says how many paragraphs hold
every query word, ``partial`` that none does. ``equivalents`` lists the expressions the query typed
the old way and the spellings also searched (``[{"typed": "droits de l'homme",
"also": ["droits humains"]}]``, indexer/text/equivalents.py; empty when none,
and for English queries); ``exact_query`` is the same query with them in
double quotes, which searches the typed words only (null when nothing was widened). A query naming a complete
symbol outside the collection gets ``absent`` (``symbol``, ``message``
"S/RES/2231 (2015) n'est pas dans la collection", ``official_url``) and the
paragraphs that cite it; a pasted citation ("A/RES/68/179, par. 4 a)") gets
``cited`` (the paragraph's whole record, with its links) and the hits of its
resolution. Every paragraph and resolution carries ``official_url``
(https://undocs.org/fr/<symbol>). Errors come as ``{"error": message,
"status": code}`` with the same HTTP status.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, current_app, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from indexer.french_text import NOTICE as ENGLISH_ONLY_NOTICE
from indexer.french_text import is_english_only
from indexer.search.assent import acceptance_rule
from indexer.search.citations import cited_by_count
from indexer.search.named import absent, cited_paragraph, text_query
from indexer.search.results import Hit
from indexer.store.record_types import ParagraphRecord
from indexer.undocs import official_url
from webapp import facet_listing
from webapp.cited import cited_by, cited_by_json
from webapp.error_pages import respond
from webapp.finder_pages import with_wording
from webapp.present import API_GROUP, FILTER_TITLES, citation
from webapp.resolve import AmbiguousSymbolError, context, resolve
from webapp.search_request import read_state, run_search
from webapp.shared import get_engine, public_url

bp = Blueprint("api", __name__, url_prefix="/api")

SEARCH_PARAMETERS = ("q", "lang", *FILTER_TITLES, "sort", "group", "page", "per_page", "limit", "full")
# The keys of a search hit, in order (``wording`` is added after them when the index has wording tables).
HIT_KEYS = ("symbol", "anchor", "citation", "kind", "title", "organ", "adopted", "vote_label", "cited_by_count",
            "snippet", "highlighted", "verb", "verb_en", "secondary_verbs", "addressees", "instruments", "resolutions",
            "url", "official_url")
# Added after "highlighted" when the query is English (lang=en).
ENGLISH_HIT_KEYS = ("snippet_en", "highlighted_en")
FULL_VALUES = {"1": True, "0": False, "": False}


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
    state = read_state(search_args(request.args), group=API_GROUP)
    engine = get_engine()
    notices = absent(engine, state.q) if state.q else []
    cited = cited_paragraph(engine, state.q, state.filters.get("symbol")) if state.q else None
    searched = state
    if cited is not None:
        # The paragraph a pasted citation names, and its resolution's paragraphs as hits.
        searched = replace(state, q=cited.symbol)
    elif notices:
        searched = replace(state, q=text_query(engine, state.q))
    result = run_search(engine, searched, per_page)
    if read_full(request.args):
        data = result.to_json()
        for hit, out in zip(result.hits, data["hits"], strict=True):
            out.update(_links(hit.symbol, hit.record))
    else:
        data = result.to_json(lambda hit: hit_json(hit, state.lang))
    for out in data["hits"]:
        for version in out.get("card", {}).get("versions", []):
            version["url"] = public_url(url_for("pages.document", rest=f"{version['symbol']}/{version['anchor']}"))
    if searched.q != state.q:
        data["query"] = state.q
        data["searched"] = searched.q
    if notices:
        data["absent"] = [n.to_json() for n in notices]
    accepted = result.filters.get("accepted_by")
    if accepted:
        # What "accepted" means, said with the answer it filtered (observers: their sponsorships only).
        data["accepted_by"] = [{"state": name, "rule": acceptance_rule(name)} for name in accepted]
    if cited is not None:
        p = engine.paragraph_record(cited.symbol, cited.anchor) if cited.anchor else None
        data["cited"] = ({"symbol": cited.symbol, **_with_links(cited.symbol, p)} if p is not None else
                         {"symbol": cited.symbol, "anchor": None,
                          "error": f"La résolution {cited.symbol} n'a pas de paragraphe « {cited.label} »."})
    return with_wording(data)


def read_full(args: MultiDict[str, str]) -> bool:
    """Return whether ``full=1`` asks for the hits' whole records; refuse another value."""
    values = set(args.getlist("full"))
    if len(values) > 1 or not values <= FULL_VALUES.keys():
        raise BadRequest("full : 1 (les fiches complètes des résultats) ou 0 (les résultats abrégés, par défaut).")
    return any(FULL_VALUES[v] for v in values)


def hit_json(hit: Hit, lang: str) -> dict[str, Any]:
    """Return a search hit as the API gives it: what a client shows and cites (HIT_KEYS), not the whole records."""
    r, res = hit.record, hit.resolution
    vote = res.get("vote")
    out: dict[str, Any] = {
        "symbol": hit.symbol, "anchor": hit.anchor, "citation": citation(hit.symbol, r), "kind": hit.kind,
        "title": res.get("title", ""), "organ": res.get("organ"), "adopted": res.get("adopted"),
        "vote_label": vote.get("label") if isinstance(vote, dict) else None,
        # How many resolutions of the collection cite this one (the cited_by_count sort's key).
        "cited_by_count": cited_by_count(res),
        "snippet": hit.snippet, "highlighted": hit.highlighted,
    }
    if lang == "en":
        out["snippet_en"] = hit.snippet_en
        out["highlighted_en"] = hit.highlighted_en
    out.update({
        "verb": r.get("verb"), "verb_en": r.get("verb_en"), "secondary_verbs": r.get("secondary_verbs", []),
        "addressees": r.get("addressees", []), "instruments": r.get("instruments", []),
        "resolutions": r.get("resolutions", []),
        "url": public_url(url_for("pages.document", rest=f"{hit.symbol}/{hit.anchor}")),
        "official_url": official_url(hit.symbol),
    })
    return out


@bp.route("/search/facet/<name>")
def facet_values(name: str) -> Any:
    """Return every value of one facet for a search (filtered, sorted, paged), as the page lists them."""
    unknown = facet_listing.unknown_facet(name)
    if unknown:
        return respond(404, unknown)
    state = read_state(request.args)
    ask = facet_listing.read_values_request(request.args)
    _, values = facet_listing.search_values(get_engine(), state, name, ask)
    return facet_listing.to_json(values, state, public_url)


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
    if is_english_only(meta):
        # No French text in the collection: said in words, as on the page, beside the official French link.
        meta["french_notice"] = ENGLISH_ONLY_NOTICE
    if target.paragraph is None:
        return {
            **meta,
            "url": public_url(url_for("pages.document", rest=target.symbol)),
            "official_url": official_url(target.symbol),
            "paragraphs_list": [_with_links(target.symbol, p) for p in res["paragraphs_list"]],
            # The paragraphs of other resolutions that cite this one, by organ and year (the page's « Citée par »).
            "cited_by_paragraphs": cited_by_json(cited_by(get_engine(), target.symbol)),
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


def _links(symbol: str, p: ParagraphRecord) -> dict[str, str]:
    return {
        "citation": citation(symbol, p),
        "url": public_url(url_for("pages.document", rest=f"{symbol}/{p['anchor']}")),
        "official_url": official_url(symbol),
    }


def _with_links(symbol: str, p: ParagraphRecord) -> dict[str, Any]:
    return {**p, **_links(symbol, p)}
