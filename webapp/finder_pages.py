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

from flask import Blueprint, abort, render_template, request, url_for

from indexer.errors import IndexMissingError, QuerySyntaxError
from indexer.model import ADOPTED, ADOPTED_WITHOUT_VOTE, OUTCOME_LABELS, RECORDED_VOTE, UNANIMOUS
from indexer.model import ORGANS as MODEL_ORGANS
from indexer.search.agreed import MAX_LIMIT, NEAR
from indexer.search.assent import NOT_MEMBER_STATES, member_states
from indexer.sources.states import key
from indexer.wording.finder import MAX_CHARS
from webapp.present import DEFAULT_LANG, LANGUAGES, citation
from webapp.shared import get_engine, get_finder, public_url

bp = Blueprint("similar", __name__, template_folder="templates")
# The search page's filters the finder's form offers (the API and the CLI take every filter of the search).
FINDER_FILTERS = ("organ", "year_from", "year_to", "vote", "accepted_by", "sponsor", "subject")
ORGANS = tuple(organ.name for organ in MODEL_ORGANS)
# The adoption modes, agreed language first.
VOTE_CHOICES = tuple((v, OUTCOME_LABELS[v]) for v in (ADOPTED_WITHOUT_VOTE, UNANIMOUS, RECORDED_VOTE, ADOPTED))
DEFAULT_LIMIT = 10
# A body larger than this is not one paragraph (the text itself is bounded by MAX_CHARS).
MAX_BODY = 64 * 1024


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


def read_filters(values: Any) -> dict[str, list[str]]:
    """Return the search page's filters a form or a JSON body gives the finder (organ, year_from, accepted_by…).

    ``values`` is a form (a MultiDict: repeated fields) or a JSON object whose
    values are a text, a number or a list of them. A name the search page
    does not know is refused by the engine with a French message.
    """
    out: dict[str, list[str]] = {}
    if hasattr(values, "getlist"):
        for name in FINDER_FILTERS:
            given = [v.strip() for v in values.getlist(name) if v.strip()]
            if given:
                out[name] = given
        return out
    if not isinstance(values, dict):
        raise QuerySyntaxError('« filters » : un objet est attendu, ex. {"accepted_by": ["Mexique"], '
                               '"vote": ["adopted_without_vote"], "year_from": 2020}')
    for name, given in values.items():
        items = given if isinstance(given, list) else [given]
        if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in items):
            raise QuerySyntaxError(f"« filters.{name} » : un texte, un nombre ou une liste de textes est attendu")
        texts = [str(v).strip() for v in items if str(v).strip()]
        if texts:
            out[str(name)] = texts
    return out


def _check_size() -> None:
    if (request.content_length or 0) > MAX_BODY:
        abort(413, description=f"requête trop grande : un paragraphe de {MAX_CHARS} caractères au plus")


@bp.route("/api/similar", methods=["POST"])
def api_similar() -> dict[str, Any]:
    """Return the existing paragraphs nearest to the draft of a JSON body ``{"text": …, "limit": …, "lang": …}``.

    ``"filters"`` restricts them as the search page's filters do:
    ``{"accepted_by": ["Mexique"], "vote": ["adopted_without_vote"], "organ": […], "year_from": 2020, …}``.
    """
    _check_size()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise QuerySyntaxError('corps JSON attendu : {"text": "le paragraphe", "limit": 10, "lang": "fr"}')
    text = body.get("text")
    if not isinstance(text, str):
        raise QuerySyntaxError("« text » : le paragraphe à comparer, en texte, est attendu")
    filters = read_filters(body.get("filters") or {})
    result = get_finder().find(text, _limit(body.get("limit")), _lang(body.get("lang")), filters)
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
    filters = read_filters(values)
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
            result = get_finder().find(text, _limit(limit_value), lang, filters)
        except QuerySyntaxError as exc:
            error = str(exc)
    html = render_template("similar.html", text=text, result=result, error=error, source=source,
                           max_chars=MAX_CHARS, near=NEAR, limit=limit_value or DEFAULT_LIMIT, lang=lang,
                           languages=LANGUAGES, filters=filters, organs=ORGANS, vote_choices=VOTE_CHOICES,
                           states=sorted(member_states() | NOT_MEMBER_STATES, key=lambda n: (key(n), n)))
    return (html, 400) if error else html


def with_wording(result: dict[str, Any]) -> dict[str, Any]:
    """Add to each hit of a search's JSON how widely its wording is used (see SimilarFinder.annotate)."""
    return get_finder().annotate(result)


def wording_cluster(symbol: str, anchor: str) -> dict[str, Any] | None:
    """Return the paragraphs worded like this one, or None (also when the index has no wording tables)."""
    try:
        return get_finder().cluster_of(symbol, anchor)
    except IndexMissingError:
        return None
