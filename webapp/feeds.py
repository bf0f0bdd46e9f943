"""Serve a search or a resolution as files: CSV, RIS, BibTeX, TMX, and a search as an Atom feed.

The search exports take the query string of the search page, its query
language included (``/recherche.csv?q=migrants&sponsor=Mexique``,
``/recherche.tmx?q=decides+to+extend+the+mandate&lang=en``) and hold every hit up to
``limit`` paragraphs (:data:`EXPORT_LIMIT` at most and by default), in the page's
order, without highlights, streamed as they are written; the feed holds the
:data:`FEED_SIZE` newest paragraphs. A resolution's files are at its address
plus the extension (``/r/A/RES/68/179.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, request, stream_with_context, url_for
from werkzeug.exceptions import BadRequest

from indexer.search.assent import acceptance_note, state_name
from indexer.search.named import text_query
from indexer.store.record_types import ParagraphRecord
from webapp import bilingual_files, export, tmx
from webapp.present import API_GROUP, FILTER_TITLES, SearchState
from webapp.resolve import resolve
from webapp.search_request import read_state
from webapp.shared import get_engine, public_url

bp = Blueprint("feeds", __name__)

# Paragraphs in one search export at most (the ``limit`` parameter asks for fewer: 20, 100…).
# The search that finds them holds the worker's engine; their records are then read a few
# at a time while the file is sent (Engine.export_records).
EXPORT_LIMIT = 5000
FEED_SIZE = 50
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "tmx": bilingual_files.MEDIA_TYPES["tmx"],
}
LABELS = {"csv": "CSV", "ris": "RIS", "bib": "BibTeX", "atom": "Flux Atom", "tmx": "TMX"}


def export_query(state: SearchState, **changes: Any) -> str:
    """Return the query string of a search's exports: the page's, without paging."""
    pairs = [(k, v) for k, v in state.params(**changes) if k not in ("page", "per_page")]
    return urlencode(pairs)


def export_url(fmt: str, state: SearchState) -> str:
    """Return the address of a search's export in one format (``csv``, ``ris``, ``bib``, ``atom``, ``json``)."""
    if fmt == "json":
        pairs = state.params(page=state.page)
        if state.group != API_GROUP:
            # The API answers one hit per paragraph unless asked: the page's twin asks for its cards.
            pairs.append(("group", state.group))
        return url_for("api.search") + ("?" + urlencode(pairs) if pairs else "")
    # A feed is always by date: its address carries no sort.
    query = export_query(state, sort="relevance") if fmt == "atom" else export_query(state)
    return url_for("feeds.search_export", fmt=fmt) + ("?" + query if query else "")


def thousands(n: int) -> str:
    """Write a count the French way, thousands apart: "5 000" (with a no-break space)."""
    return f"{n:,}".replace(",", "\u00a0")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[A-Za-z0-9]+", ascii_text))[:60].strip("-").lower()


def _file(body: str, fmt: str, name: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(body, content_type=MEDIA_TYPES[fmt])
    if fmt != "atom":
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers.update(headers or {})
    return response


def _row(hit_symbol: str, record: ParagraphRecord, resolution: Mapping[str, Any],
         accepted: tuple[str, ...] = ()) -> export.ParagraphRow:
    url = public_url(url_for("pages.document", rest=f"{hit_symbol}/{record['anchor']}"))
    return export.paragraph_row(hit_symbol, record, resolution, url, accepted)


def accepted_states(state: SearchState) -> tuple[str, ...]:
    """Return the French names of the States a search is filtered by (accepted_by), for its exports to tell."""
    return tuple(dict.fromkeys(state_name(v) or v for v in state.filters.get("accepted_by", ())))


def _entries(pairs: list[tuple[str, dict[str, Any]]]) -> list[export.ResolutionEntry]:
    """Return one reference entry per resolution, in first-seen order."""
    seen: dict[str, export.ResolutionEntry] = {}
    for symbol, meta in pairs:
        if symbol not in seen:
            seen[symbol] = export.ResolutionEntry(symbol, meta, public_url(url_for("pages.document", rest=symbol)))
    return list(seen.values())


def read_limit(args: Any) -> int:
    """Return the ``limit`` of an export (paragraphs, 1 to EXPORT_LIMIT; EXPORT_LIMIT when absent)."""
    text = str(args.get("limit", "") or "").strip()
    if not text:
        return EXPORT_LIMIT
    if not text.isdigit() or not 1 <= int(text) <= EXPORT_LIMIT:
        raise BadRequest(f"limit : nombre de paragraphes à exporter, de 1 à {thousands(EXPORT_LIMIT)} "
                         f"(par exemple 20, 100 ou {EXPORT_LIMIT}), pas « {text} ».")
    return int(text)


def _rows(engine: Any, found: Any, accepted: tuple[str, ...] = ()) -> Iterator[export.ParagraphRow]:
    return (_row(symbol, record, meta, accepted) for symbol, record, meta in engine.export_records(found))


def _resolution_entries(engine: Any, found: Any, accepted: tuple[str, ...] = ()
                        ) -> Iterator[export.ResolutionEntry]:
    """Yield one reference entry per resolution, in first-seen order, as the records come."""
    seen: set[str] = set()
    for symbol, _, meta in engine.export_records(found):
        if symbol not in seen:
            seen.add(symbol)
            yield export.ResolutionEntry(symbol, meta, public_url(url_for("pages.document", rest=symbol)),
                                         acceptance_note(accepted, meta) if accepted else "")


def _stream(pieces: Iterator[str], fmt: str, name: str, headers: dict[str, str]) -> Response:
    """Return a file sent as it is written, not built whole in memory first."""
    response = Response(stream_with_context(pieces), content_type=MEDIA_TYPES[fmt])
    if fmt != "atom":
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers.update(headers)
    return response


@bp.route("/recherche.<any(csv, ris, bib, atom, tmx):fmt>")
def search_export(fmt: str) -> Response:
    """Return the hits of a search (``limit`` of them, EXPORT_LIMIT at most) as a file, or its newest as a feed.

    One search without highlights finds the hits (the engine is held for that
    search only); their records are then read a few at a time while the file
    is sent, so the worker's other searches are not kept waiting for its end.
    """
    limit = read_limit(request.args)
    state = read_state(request.args)
    engine = get_engine()
    if state.q:
        # As on the page: a symbol outside the collection is searched as the phrase that cites it.
        state = replace(state, q=text_query(engine, state.q))
    accepted = accepted_states(state)
    if fmt == "atom":
        # One entry per wording when the page groups them (its newest paragraph), in the page's date order.
        found = engine.export(state.q, state.filters, limit=min(limit, FEED_SIZE), sort="date", lang=state.lang,
                              group=state.group, leaders=True)
        feed = export.Feed(
            title=_feed_title(state), feed_url=public_url(export_url("atom", state)),
            page_url=public_url(state.url(sort="date")), generated=export.index_time(engine.generation))
        return _file(export.to_atom(feed, list(_rows(engine, found, accepted))), fmt, "")
    # The whole result in one search: pages read one by one could disagree on the order.
    # In the page's order: grouped, each card's leader then its other paragraphs (one row per paragraph).
    found = engine.export(state.q, state.filters, limit=limit, sort=state.sort, lang=state.lang, group=state.group)
    name = "resolu-" + (_slug(state.q) or "recherche")
    headers = {"X-Resolu-Total": str(found.total), "X-Resolu-Exported": str(len(found.docnums)),
               "X-Resolu-Limit": str(EXPORT_LIMIT)}
    if fmt == "tmx":
        # Hits without English are left out: a translation memory holds pairs.
        headers["X-Resolu-Aligned"] = str(found.aligned)
        header = bilingual_files.tmx_header(state.lang)
        units = (replace(u, accepted_by=acceptance_note(accepted, meta) if accepted else "")
                 for symbol, record, meta in engine.export_records(found)
                 for u in bilingual_files.units(symbol, [record]))
        return _stream(tmx.iter_tmx(units, header), fmt, name, headers)
    if fmt == "csv":
        columns = export.CSV_COLUMNS_EN if found.english else export.CSV_COLUMNS
        if accepted:
            columns = (*columns, export.ACCEPTED_COLUMN)
        return _stream(export.iter_csv(columns, _rows(engine, found, accepted)), fmt, name, headers)
    write = export.iter_ris if fmt == "ris" else export.iter_bibtex
    return _stream(write(_resolution_entries(engine, found, accepted)), fmt, name, headers)


@bp.route("/r/<path:rest>.<any(csv, ris, bib):fmt>")
def resolution_export(rest: str, fmt: str) -> Response:
    """Return a resolution (every paragraph in CSV, one record in RIS or BibTeX), or one paragraph in CSV."""
    target = resolve(get_engine(), rest)
    res = target.resolution
    meta = {k: v for k, v in res.items() if k != "paragraphs_list"}
    name = "_".join(re.findall(r"[A-Za-z0-9]+", target.symbol))
    if fmt == "csv":
        paragraphs = [target.paragraph] if target.paragraph is not None else res["paragraphs_list"]
        if target.paragraph is not None:
            name += "_" + target.paragraph["anchor"]
        return _file(export.to_csv(_row(target.symbol, p, meta) for p in paragraphs), fmt, name)
    entries = _entries([(target.symbol, meta)])
    return _file((export.to_ris if fmt == "ris" else export.to_bibtex)(entries), fmt, name)


def _feed_title(state: SearchState) -> str:
    parts = [f"« {state.q} »" + (" (en anglais)" if state.lang == "en" else "")] if state.q else []
    parts += [f"{FILTER_TITLES.get(name, name)} : "
              f"{', '.join(accepted_states(state) if name == 'accepted_by' else values)}"
              for name, values in state.filters.items() if values]
    return "resolu — " + (" ; ".join(parts) if parts else "toutes les résolutions") + " (les plus récentes)"
