"""Answer errors with a helpful French page, or JSON under ``/api/``; never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, render_template, request, url_for
from werkzeug.exceptions import HTTPException, NotFound

from indexer.errors import IndexMissingError, QuerySyntaxError, QueryTooLongError

log = logging.getLogger(__name__)

TITLES = {
    400: "Requête incorrecte",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    500: "Erreur interne",
    503: "Index indisponible",
}


# Details an error may carry into its JSON body besides the message (the official link of an absent symbol).
# and, for a pasted paragraph too long to search, the agreed-language finder that takes it.
JSON_DETAILS = ("official_url", "finder_url")

PUBLIC_INDEX_MISSING = "l'index de recherche est absent ou illisible pour le moment"


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def respond(status: int, message: str, **extra: Any) -> tuple[Any, int]:
    """Return the error as JSON for the API, else as an HTML page, with its status."""
    if _wants_json():
        details = {k: extra[k] for k in JSON_DETAILS if extra.get(k)}
        return {"error": message, "status": status, **details}, status
    title = TITLES.get(status, "Erreur")
    q = request.args.get("q", "") if request.path in ("/", "/recherche") else ""
    return render_template("error.html", status=status, title=title, message=message, q=q, **extra), status


def register(app: Flask) -> None:
    """Install the error handlers on the app."""

    @app.errorhandler(QuerySyntaxError)
    def query_syntax(exc: QuerySyntaxError) -> tuple[Any, int]:
        if isinstance(exc, QueryTooLongError):
            # A pasted paragraph: offer the finder with the text already in it, rather than only a refusal.
            finder = url_for("similar.api_similar") if _wants_json() else url_for("similar.page")
            return respond(400, str(exc), syntax=True, too_long=True, finder_url=finder)
        return respond(400, str(exc), syntax=True)

    @app.errorhandler(IndexMissingError)
    def index_missing(exc: IndexMissingError) -> tuple[Any, int]:
        # The server's paths and Whoosh's own words go to the log, not to the visitor.
        log.error("index missing: %s", exc)
        return respond(503, PUBLIC_INDEX_MISSING, index_missing=True)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if exc.code is None or exc.code < 400:
            return exc
        message = exc.description or TITLES.get(exc.code, "Erreur")
        # Werkzeug's own English words for an unknown address; a page's own French reason is kept.
        generic = exc.code == 404 and not getattr(exc, "symbol", None) and exc.description == NotFound.description
        if generic and not _wants_json():
            message = "Cette adresse ne correspond à aucune page de resolu."
        elif generic:
            message = "ressource introuvable"
        response, status = respond(exc.code, message, symbol=getattr(exc, "symbol", ""),
                                   anchor=getattr(exc, "anchor", ""), official_url=getattr(exc, "official_url", None))
        if exc.code == 405:
            return response, status, {"Allow": ", ".join(getattr(exc, "valid_methods", None) or [])}
        return response, status

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Any, int]:
        if isinstance(exc, HTTPException):
            return http_error(exc)
        log.exception("unexpected error on %s", request.path)
        return respond(500, "Une erreur inattendue s'est produite ; elle a été consignée.")
