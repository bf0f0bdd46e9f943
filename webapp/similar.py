"""Serve the agreed-language finder: the page "Libellé agréé" and ``POST /api/similar`` (issue 14).

A draft paragraph can run to a few thousand characters: it comes in a POST
body, never in the URL. The page also answers ``GET /libelle?depuis=SYMBOL/ANCHOR``
(the "formulations proches" link of every paragraph), which compares that
paragraph's own text. Both only read: no state changes, so no CSRF token.

Both take the language of the draft (``lang``: ``fr``, the default, or ``en``,
issue 23): an English draft is compared with the English paragraphs and
answered with their official French. A draft that reads clearly as the other
language gets a notice (``language_notice``) and, on the page, a button that
resubmits it in that language.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, current_app, render_template, request, url_for

from indexer.errors import IndexMissingError, QuerySyntaxError
from indexer.search.similar import MAX_LIMIT, NEAR, SimilarFinder
from indexer.similar.finder import MAX_CHARS
from webapp import get_engine, public_url
from webapp.present import DEFAULT_LANG, LANGUAGES, citation

bp = Blueprint("similar", __name__, template_folder="templates")
EXTENSION = "resolu-similar"
DEFAULT_LIMIT = 10
# A body larger than this is not one paragraph (the text itself is bounded by MAX_CHARS).
MAX_BODY = 64 * 1024


@bp.record_once
def _install(state: Any) -> None:
    app: Flask = state.app
    app.extensions[EXTENSION] = SimilarFinder(get_engine(app))


def get_finder() -> SimilarFinder:
    """Return the finder shared by the threads of this process."""
    return current_app.extensions[EXTENSION]


def _url(symbol: str, anchor: str) -> str:
    return public_url(url_for("pages.document", rest=f"{symbol}/{anchor}"))


def _limit(value: Any) -> int:
    if value is None or value == "":
        return DEFAULT_LIMIT
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise QuerySyntaxError(f"limit : nombre entier attendu (1 à {MAX_LIMIT}), pas « {value} »")
    return int(str(value).strip())


def _lang(value: Any) -> str:
    if value is None or value == "":
        return DEFAULT_LANG
    if not isinstance(value, str) or value.strip().lower() not in LANGUAGES:
        raise QuerySyntaxError(f"« lang » : fr (français) ou en (anglais), pas « {value} »")
    return value.strip().lower()


def _check_size() -> None:
    if (request.content_length or 0) > MAX_BODY:
        abort(413, description=f"requête trop grande : un paragraphe de {MAX_CHARS} caractères au plus")


@bp.route("/api/similar", methods=["POST"])
def api_similar() -> dict[str, Any]:
    """Return the existing paragraphs nearest to the draft of a JSON body ``{"text": …, "limit": …, "lang": …}``."""
    _check_size()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise QuerySyntaxError('corps JSON attendu : {"text": "le paragraphe", "limit": 10, "lang": "fr"}')
    text = body.get("text")
    if not isinstance(text, str):
        raise QuerySyntaxError("« text » : le paragraphe à comparer, en texte, est attendu")
    result = get_finder().find(text, _limit(body.get("limit")), _lang(body.get("lang")))
    return result.to_json(citation, _url)


@bp.route("/libelle", methods=["GET", "POST"])
def page() -> tuple[str, int] | str:
    """Show the form, and the nearest existing wordings of the pasted paragraph."""
    _check_size()
    source = None
    text = ""
    values = request.form if request.method == "POST" else request.args
    limit_value: Any = values.get("limit")
    result, error, lang = None, "", DEFAULT_LANG
    try:
        lang = _lang(values.get("lang"))
    except QuerySyntaxError as exc:
        error = str(exc)
    if request.method == "POST":
        text = request.form.get("texte", "")
    else:
        reference = request.args.get("depuis", "")
        if reference:
            symbol, _, anchor = reference.rpartition("/")
            record = get_engine().paragraph_record(symbol, anchor) if symbol else None
            if record is None:
                abort(404, description=f"paragraphe introuvable : {reference}")
            source = {"symbol": symbol, "anchor": anchor, "record": record}
            # In English, the paragraph's own English (its French when it has none: the notice then says so).
            text = (record.get("text_en") if lang == "en" else None) or record.get("text", "")
    if (text or request.method == "POST") and not error:
        try:
            result = get_finder().find(text, _limit(limit_value), lang)
        except QuerySyntaxError as exc:
            error = str(exc)
    html = render_template("similar.html", text=text, result=result, error=error, source=source,
                           max_chars=MAX_CHARS, near=NEAR, limit=limit_value or DEFAULT_LIMIT, lang=lang,
                           languages=LANGUAGES)
    return (html, 400) if error else html


def with_wording(result: dict[str, Any]) -> dict[str, Any]:
    """Add to each hit of a search's JSON how widely its wording is used (see SimilarFinder.annotate)."""
    return get_finder().annotate(result)


@bp.app_context_processor
def _cluster_helper() -> dict[str, Any]:
    def wording_cluster(symbol: str, anchor: str) -> dict[str, Any] | None:
        """Return the paragraphs worded like this one, or None (also when the index has no wording tables)."""
        try:
            return get_finder().cluster_of(symbol, anchor)
        except IndexMissingError:
            return None

    return {"wording_cluster": wording_cluster}
