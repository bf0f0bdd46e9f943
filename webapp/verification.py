"""Serve the whole-draft check: the page ``/verification`` and ``POST /api/verification`` (issue 26).

A draft comes pasted (``texte``) or as a file (``fichier``: Word ``.docx``,
text or Markdown) in a POST body, never in the URL. The page shows the draft
as written, agreed spans underlined with their citation, new language
highlighted, a verdict per paragraph; its download buttons post the same
draft again with ``format`` = ``docx``, ``csv`` or ``json``. Both only read:
no state changes, so no CSRF token.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for

from indexer.errors import QuerySyntaxError
from indexer.search.verification import FRENCH_LABELS, Verification, filters_from
from indexer.search.verification_files import span_note, to_csv, to_docx
from indexer.wording.drafts import MAX_BYTES, paragraphs_of_text, read_draft
from webapp.finder_pages import ORGANS
from webapp.present import LANGUAGES
from webapp.shared import get_checker, public_url

bp = Blueprint("verification", __name__, template_folder="templates")
# A body larger than this is refused before it is read (the file itself is bounded by MAX_BYTES).
MAX_BODY = MAX_BYTES + 64 * 1024
FORMATS = ("html", "json", "csv", "docx")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _url(symbol: str, anchor: str) -> str:
    return public_url(url_for("pages.document", rest=f"{symbol}/{anchor}"))


def _check_size() -> None:
    if (request.content_length or 0) > MAX_BODY:
        abort(413, description=f"projet trop volumineux : {MAX_BYTES // 1024 // 1024} Mo au plus "
                               "(un projet de résolution en .docx pèse quelques dizaines de Ko)")


def _lang(value: Any) -> str | None:
    """Return the draft's language: "fr", "en", or None (told from the draft) for "" or "auto"."""
    if value is None or value in ("", "auto"):
        return None
    if not isinstance(value, str) or value.strip().lower() not in LANGUAGES:
        raise QuerySyntaxError(f"« lang » : fr (français), en (anglais) ou auto, pas « {value} »")
    return value.strip().lower()


def _format(value: Any) -> str:
    if value is None or value == "":
        return "html"
    if value not in FORMATS:
        raise QuerySyntaxError(f"« format » : {', '.join(FORMATS)}, pas « {value} »")
    return str(value)


def _download(result: Verification, fmt: str) -> Response:
    if fmt == "docx":
        return Response(to_docx(result, _url), mimetype=DOCX_TYPE,
                        headers={"Content-Disposition": 'attachment; filename="projet-verifie.docx"'})
    if fmt == "csv":
        return Response(to_csv(result, _url), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="projet-verifie.csv"'})
    response = current_app.response_class(current_app.json.dumps(_json(result)), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="projet-verifie.json"'
    return response


def _json(result: Verification) -> dict[str, Any]:
    data = result.to_json()
    for p in data["paragraphs"]:
        for span in p["spans"]:
            for key in ("cited", "latest", "earliest"):
                source = span["sources"][key]
                source["url"] = _url(source["symbol"], source["anchor"])
        if p["closest"]:
            p["closest"]["url"] = _url(p["closest"]["symbol"], p["closest"]["anchor"])
    return data


@bp.route("/api/verification", methods=["POST"])
def api_verification() -> Any:
    """Check the draft of a JSON body ``{"text": …, "organ": […], "year_from", "year_to", "consensus", "accepted_by",
    "lang"}`` (``accepted_by``: a State or a list, sources it accepted only).

    ``lang``: "fr" (default), "en" (compared with the English paragraphs,
    answered with the official French), or "auto".

    ``?format=docx`` or ``csv`` returns the file instead of the JSON.
    """
    _check_size()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise QuerySyntaxError('corps JSON attendu : {"text": "le projet, un paragraphe par ligne", '
                               '"organ": [], "year_from": null, "year_to": null, "consensus": false}')
    text = body.get("text")
    if not isinstance(text, str):
        raise QuerySyntaxError("« text » : le texte du projet est attendu")
    filters = filters_from(body.get("organ"), body.get("year_from"), body.get("year_to"),
                           body.get("consensus", False), body.get("accepted_by"))
    result = get_checker().check(paragraphs_of_text(text), filters, lang=_lang(body.get("lang", "fr")))
    fmt = _format(request.args.get("format") or body.get("format"))
    if fmt in ("docx", "csv"):
        return _download(result, fmt)
    return _json(result)


@bp.route("/verification", methods=["GET", "POST"])
def page() -> Any:
    """Show the form, and the checked draft."""
    _check_size()
    text, error, result = "", "", None
    form = request.form
    values = {"organ": form.getlist("organ"), "year_from": form.get("year_from", ""),
              "year_to": form.get("year_to", ""), "consensus": form.get("consensus", ""),
              "accepted_by": form.get("accepted_by", "").strip(), "lang": form.get("lang", "auto")}
    if request.method == "POST":
        try:
            upload = request.files.get("fichier")
            if upload is not None and upload.filename:
                paragraphs = read_draft(upload.read(MAX_BYTES + 1), upload.filename)
            else:
                paragraphs = paragraphs_of_text(form.get("texte", ""))
            text = "\n\n".join(paragraphs)
            filters = filters_from(values["organ"], values["year_from"], values["year_to"], values["consensus"],
                                   values["accepted_by"])
            result = get_checker().check(paragraphs, filters, lang=_lang(values["lang"]))
            fmt = _format(form.get("format"))
            if fmt != "html":
                return _download(result, fmt)
        except QuerySyntaxError as exc:
            error = str(exc)
    html = render_template("verification.html", text=text, result=result, error=error, values=values,
                           organs=ORGANS, languages=LANGUAGES, french_labels=FRENCH_LABELS,
                           note=lambda span: span_note(span, _url),
                           max_mb=MAX_BYTES // 1024 // 1024)
    return (html, 400) if error else html
