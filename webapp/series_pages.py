"""Serve what changed between versions of a resolution: series pages, diff pages, their JSON twins.

- ``/serie/<symbol>``: the series a resolution belongs to, oldest first, with
  dates, vote outcome, paragraph counts and the changes at each step;
  ``?format=tmx``: every aligned paragraph of the series in French and English
  as one translation memory (:mod:`webapp.bilingual_files`);
- ``/changements/<symbol>``: the paragraph alignment of a resolution with
  its predecessor (``?depuis=OLD`` for another version), each reworded
  paragraph's word diff in ``<ins>``/``<del>``; no JavaScript needed;
- ``/api/serie/<symbol>`` and ``/api/changements/<symbol>``: the same as
  ``resolu history --json`` and ``resolu diff --json``.

The resolution and paragraph pages show their predecessor, successor and
"libellé inchangé depuis…" through two template functions defined here (:func:`series_place`,
:func:`paragraph_history`, registered with the others by :mod:`webapp.templating`).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for
from markupsafe import Markup, escape

from indexer.errors import ResoluError
from indexer.search.versions import Changes, UnknownResolutionError
from indexer.series.align import DELETE, INSERT, STATUS_LABELS
from webapp import bilingual_files
from webapp.resolve import NotFoundHere
from webapp.search_request import read_lang
from webapp.shared import get_changes, get_engine, public_url

log = logging.getLogger(__name__)
bp = Blueprint("changes", __name__)
STATUS_SHORT = {"same": "inchangé", "updated": "mis à jour", "edited": "reformulé", "merged": "fusionné",
                "new": "nouveau", "dropped": "supprimé"}


def _known(changes: Changes, symbol: str) -> str:
    try:
        return changes.known(symbol.strip().strip("/"))
    except UnknownResolutionError:
        raise NotFoundHere(f"Aucune résolution « {symbol} » dans l'index.", symbol=symbol) from None


def diff_html(pieces: list[list[str]] | list[tuple[str, str]]) -> Markup:
    """Return a word diff as HTML: insertions in <ins>, deletions in <del>, the rest as text (escaped)."""
    out = []
    for op, text in pieces:
        if op in (INSERT, DELETE):
            # The space before the words stays outside the mark: struck or underlined words only.
            words = text.lstrip()
            out.append(escape(text[: len(text) - len(words)]))
            out.append(Markup("<{0}>{1}</{0}>").format(op, words))
        else:
            out.append(escape(text))
    return Markup("").join(out)


@bp.route("/serie/<path:symbol>")
def series_page(symbol: str) -> str | Response:
    """Show the series of a resolution, oldest first; ``?format=tmx``: its aligned paragraphs as TMX."""
    fmt = bilingual_files.read_format(request.args, bilingual_files.SERIES_FORMATS)
    lang = read_lang(request.args)
    changes = get_changes()
    symbol = _known(changes, symbol)
    found = changes.series(symbol)
    if fmt is not None:
        # A resolution outside any series is a series of one.
        members = [m["symbol"] for m in found["members"]] if found else [symbol]
        return bilingual_files.series_file(members, "serie_" + bilingual_files.file_name(symbol), lang)
    return render_template("changes/series.html", symbol=symbol, series=found,
                           meta=get_engine().resolutions()[symbol], status_short=STATUS_SHORT)


@bp.route("/changements/<path:symbol>")
def diff_page(symbol: str) -> str:
    """Show a resolution's paragraphs aligned with an earlier version's, with word diffs."""
    changes = get_changes()
    symbol = _known(changes, symbol)
    old = request.args.get("depuis", "").strip() or None
    if old is not None:
        old = _known(changes, old)
        if old == symbol:
            raise NotFoundHere("Comparer une résolution à elle-même ne montre aucun changement : "
                               "choisissez une autre version.", symbol=symbol)
    try:
        result = changes.diff(old, symbol)
    except UnknownResolutionError as exc:
        raise NotFoundHere(f"{exc}.", symbol=symbol) from None
    engine = get_engine()
    new_res = engine.resolution(symbol)
    old_res = engine.resolution(result["old"])
    texts_new = {p["anchor"]: p for p in new_res["paragraphs_list"]} if new_res else {}
    texts_old = {p["anchor"]: p for p in old_res["paragraphs_list"]} if old_res else {}
    found = changes.series(symbol)
    return render_template("changes/diff.html", result=result, symbol=symbol, new=texts_new, old=texts_old,
                           series=found, status_labels=STATUS_LABELS, status_short=STATUS_SHORT,
                           diff_html=diff_html)


@bp.route("/api/serie/<path:symbol>")
def series_json(symbol: str) -> dict[str, Any]:
    """Return ``resolu history --json`` for a resolution, with the counts of changes at each step."""
    changes = get_changes()
    symbol = _known(changes, symbol)
    out = changes.history(symbol)
    found = changes.series(symbol)
    out["members"] = found["members"] if found else []
    out["url"] = public_url(url_for("changes.series_page", symbol=symbol))
    return out


@bp.route("/api/changements/<path:symbol>")
def diff_json(symbol: str) -> dict[str, Any]:
    """Return ``resolu diff --json`` for a resolution and its predecessor (or ``?depuis=OLD``)."""
    changes = get_changes()
    symbol = _known(changes, symbol)
    old = request.args.get("depuis", "").strip() or None
    if old is not None:
        old = _known(changes, old)
    try:
        out = changes.diff(old, symbol)
    except UnknownResolutionError as exc:
        raise NotFoundHere(str(exc), symbol=symbol) from None
    out["url"] = public_url(url_for("changes.diff_page", symbol=symbol, depuis=out["old"]))
    return out


def series_place(symbol: str) -> dict[str, Any] | None:
    """Return a resolution's place in its series for the templates (None outside any, or on error)."""
    try:
        changes = get_changes()
        place = changes.member(symbol)
        if place is None:
            return None
        found = changes.series(symbol)
        return {**place, "size": len(found["members"]) if found else 0}
    except ResoluError:
        log.exception("series of %s", symbol)
        return None


def paragraph_history(symbol: str, anchor: str) -> dict[str, Any] | None:
    """Return a paragraph's history for the templates (None outside a series, or on error)."""
    try:
        return get_changes().paragraph_history(symbol, anchor)
    except ResoluError:
        log.exception("history of %s %s", symbol, anchor)
        return None
