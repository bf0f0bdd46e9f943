"""Serve the HTML pages: search, resolution view and paragraph permalinks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from indexer.errors import QuerySyntaxError
from indexer.french_text import NOTICE as ENGLISH_ONLY_NOTICE
from indexer.french_text import is_english_only
from indexer.search.catalog import FACETS_BY_NAME
from indexer.search.engine import Engine
from indexer.search.named import absent, cited_paragraph, missing_anchor, text_query
from indexer.search.query import EXPLICIT_RE, SYNTAX_RE
from indexer.search.results import SearchResult
from webapp import bilingual_files, facet_listing, present
from webapp.browse import overview
from webapp.cited import cited_by
from webapp.error_pages import respond
from webapp.present import (
    DEFAULT_LANG,
    FILTER_TITLES,
    GROUP_LABELS,
    LANGUAGES,
    RANGE_TITLES,
    SORT_LABELS,
    SearchState,
    replace_word,
)
from webapp.resolve import AbsentSymbolError, AmbiguousSymbolError, NotFoundHere, context, resolve
from webapp.search_request import read_lang, read_state, run_search
from webapp.shared import get_engine

bp = Blueprint("pages", __name__)

# Values shown per facet (app.config["FACET_LIMIT"] may change it): the others are
# listed on the facet's own page, /recherche/facette/<name> (webapp/facet_listing.py).
FACET_LIMIT = 40


def _drop_suggestions(engine: Engine, state: SearchState, result: SearchResult) -> list[dict[str, Any]]:
    """Say, for each active filter, how many results there would be without it."""
    labels = {(name, b.value): b.label or b.value for name, buckets in result.facets.items() for b in buckets}
    out = []
    for name, values in state.filters.items():
        for value in values:
            filters = {k: [v for v in vs if not (k == name and v == value)] for k, vs in state.filters.items()}
            try:
                total = engine.search(state.q, filters, per_page=1, lang=state.lang).total
            except QuerySyntaxError:
                continue
            if total:
                out.append({"facet": FILTER_TITLES[name], "value": labels.get((name, value), value), "total": total,
                            "url": state.url(filters=filters)})
    return out


@bp.route("/")
@bp.route("/recherche")
def search() -> str | Response:
    """Show the search form, the result cards, the facets and the pagination."""
    engine = get_engine()
    per_page = current_app.config["PER_PAGE"]
    state = read_state(request.args)
    if (any(name in request.args and not request.args[name].strip() for name in RANGE_TITLES)
            or request.args.get("lang") == DEFAULT_LANG):
        # The form sends its year boxes even when empty, and its language switch: the URL to share is
        # the one without them.
        return redirect(state.url(page=state.page), code=303)
    notices = []
    searched = state
    if state.q:
        opened = open_named(engine, state)
        if opened is not None:
            return opened
        notices = absent(engine, state.q)
        if notices:
            # "S/RES/2231 (2015)" is not here: say so, then search the paragraphs that cite it.
            searched = replace(state, q=text_query(engine, state.q))
    # The home page shows the facets, not the hits: no cards to make.
    result = run_search(engine, replace(searched, group="none") if state.is_empty else searched, per_page)
    parents = {}
    for hit in result.hits:
        parent = hit.record.get("parent")
        if parent:
            # The engine caches the resolutions it read, per generation.
            parents[(hit.symbol, hit.anchor)] = engine.paragraph_record(hit.symbol, parent)
    drops = _drop_suggestions(engine, searched, result) if result.total == 0 else []
    did_you_mean = [
        {"word": w, "suggestion": s, "url": state.url(q=replace_word(state.q, w, s))}
        for w, s in result.suggestions.items()
    ]
    # The translation memory is offered when the results have English (always, for an English query).
    has_english = state.lang == "en" or any(hit.record.get("text_en") for hit in result.hits)
    # The home page is an overview of the collection, not thousands of links.
    home = overview(engine) if state.is_empty else None
    return render_template(
        "search.html", state=state, result=result, parents=parents, drops=drops,
        did_you_mean=did_you_mean, filter_titles=FILTER_TITLES, sort_labels=SORT_LABELS,
        languages=LANGUAGES, bilingual=has_english, group_labels=GROUP_LABELS,
        all_words=all_words_links(state, result),
        overview=home, home=state.is_empty, absent=notices, searched_q=searched.q,
        sidebar=facet_listing.sidebar(state, result, current_app.config.get("FACET_LIMIT", FACET_LIMIT)),
        current_year=date.today().year,
    )


def all_words_links(state: SearchState, result: SearchResult) -> dict[str, str] | None:
    """Return what the page offers when no paragraph holds every query word: the notice, and for plain words
    the links to all the words and to the phrase (a query with its own syntax is not rewritten)."""
    if not result.partial or len(result.words) < 2:
        return None
    if EXPLICIT_RE.search(state.q) or SYNTAX_RE.search(state.q) or "*" in state.q or "?" in state.q:
        return {}
    return {"all": state.url(q=" ".join(f"+{w}" for w in result.words)),
            "phrase": state.url(q='"' + " ".join(result.words) + '"')}


def open_named(engine: Engine, state: SearchState) -> Response | None:
    """Return the redirect to what a query names alone: a pasted citation's paragraph, or one resolution."""
    cited = cited_paragraph(engine, state.q, state.filters.get("symbol"))
    if cited is not None:
        if not cited.found:
            anchor = missing_anchor(cited)
            raise NotFoundHere(f"La résolution {cited.symbol} n'a pas de paragraphe « {cited.label} ».",
                               symbol=cited.symbol, anchor=anchor or cited.label)
        return redirect(url_for("pages.document", rest=f"{cited.symbol}/{cited.anchor}"), code=303)
    named = engine.symbol_of_query(state.q)
    if named:
        # A symbol typed alone is the resolution asked for; several candidates are listed at /r/….
        return redirect(url_for("pages.document", rest=named[0] if len(named) == 1 else state.q), code=303)
    return None


@bp.route("/recherche/facette/<name>")
def facet_values(name: str) -> Any:
    """List every value of one facet for a search, with counts: filtered by a text, sorted, paged."""
    unknown = facet_listing.unknown_facet(name)
    if unknown:
        return respond(404, unknown)
    state = read_state(request.args)
    ask = facet_listing.read_values_request(request.args)
    result, values = facet_listing.search_values(get_engine(), state, name, ask)
    return render_template("facet.html", state=state, result=result, values=values, title=values.title, name=name,
                           ask=ask, values_url=facet_listing.values_url, value_sorts=facet_listing.VALUE_SORTS,
                           filter_titles=FILTER_TITLES, by_resolution_facet=FACETS_BY_NAME[name].by_resolution)


@bp.route("/r/<path:rest>")
def document(rest: str) -> str | Response | tuple[str, int]:
    """Show a whole resolution, or one paragraph when the path ends with its anchor or eId.

    ``?en=1`` shows the English under the French; ``?format=tmx`` and
    ``?format=csv`` answer the paragraphs in both languages as a file
    (``lang=en``: English as the TMX source language).
    """
    engine = get_engine()
    fmt = bilingual_files.read_format(request.args, bilingual_files.DOCUMENT_FORMATS)
    lang = read_lang(request.args)
    try:
        target = resolve(engine, rest)
    except AmbiguousSymbolError as many:
        return candidates_page(engine, many)
    except AbsentSymbolError as missing:
        return absent_page(engine, missing)
    # Forgiving spellings redirect to the canonical URL, with the query string they came with.
    args = request.args.to_dict()
    if fmt is not None:
        if is_english_only(target.resolution):
            raise NotFoundHere(f"La résolution {target.symbol} n'est dans la collection qu'en anglais "
                               f"({ENGLISH_ONLY_NOTICE}) : pas de fichier bilingue.", symbol=target.symbol)
        if not target.resolution.get("english"):
            raise NotFoundHere(f"Version anglaise non disponible : la résolution {target.symbol} n'a pas de version "
                               "anglaise dans l'index, donc pas de fichier bilingue.", symbol=target.symbol)
        paragraphs = [target.paragraph] if target.paragraph is not None else target.resolution["paragraphs_list"]
        name = bilingual_files.file_name(target.symbol, target.paragraph["anchor"] if target.paragraph else None)
        return bilingual_files.document_file(target.symbol, paragraphs, fmt, name, lang)
    english = bilingual_files.english_shown(request.args)
    if target.paragraph is None:
        if not target.canonical:
            return redirect(url_for("pages.document", rest=target.symbol, **args),
                            code=301 if target.permanent else 302)
        return render_template("resolution.html", res=target.resolution, symbol=target.symbol,
                               known=engine.resolutions(), english=english,
                               loose_notes=present.loose_notes(target.resolution),
                               cited=cited_by(engine, target.symbol))
    p = target.paragraph
    if not target.canonical:
        # The AKN eId (or another spelling) names the same paragraph: one canonical URL.
        return redirect(url_for("pages.document", rest=f"{target.symbol}/{p['anchor']}", **args),
                        code=301 if target.permanent else 302)
    meta = {k: v for k, v in target.resolution.items() if k != "paragraphs_list"}
    return render_template("paragraph.html", p=p, res=meta, symbol=target.symbol,
                           known=engine.resolutions(), english=english, **context(target.resolution, p))


def candidates_page(engine: Engine, many: AmbiguousSymbolError) -> tuple[str, int]:
    """List the resolutions a short symbol can mean (300 Multiple Choices)."""
    known: Mapping[str, Mapping[str, Any]] = engine.resolutions()
    rows = [{"symbol": s, "meta": known.get(s, {}),
             "url": url_for("pages.document", rest=f"{s}/{many.anchor}" if many.anchor else s)}
            for s in many.symbols]
    return render_template("candidates.html", typed=many.typed, rows=rows), 300


def absent_page(engine: Engine, missing: AbsentSymbolError) -> tuple[str, int]:
    """Say that a symbol is not in the collection, link its official text, and list the paragraphs citing it (404)."""
    notice = missing.absent
    query = text_query(engine, notice.symbol)
    result = engine.search(query, per_page=ABSENT_HITS, facet_size=1)
    return render_template("absent.html", notice=notice, result=result, query=query,
                           search_url=url_for("pages.search", q=query)), 404


# Paragraphs citing an absent resolution shown on its /r/… page (the search page lists them all).
ABSENT_HITS = 10
