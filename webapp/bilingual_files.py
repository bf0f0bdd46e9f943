"""Serve the English beside the French: TMX and bilingual CSV files, and the pages' English toggle.

- ``/r/<symbol>?format=tmx`` and ``?format=csv`` (also for one paragraph,
  ``/r/<symbol>/<anchor>?format=…``), ``/serie/<symbol>?format=tmx`` (every
  resolution of the series, oldest first) and ``/recherche.tmx?…`` (the hits
  of a search, as the page orders them) are built here; the routes that
  answer them live with their pages (:mod:`webapp.views`,
  :mod:`webapp.series_pages`, :mod:`webapp.feeds`).
- A TMX file holds one unit per aligned paragraph (a paragraph without
  English is left out); the bilingual CSV holds every paragraph, the English
  cell empty where there is none.
- The resolution and paragraph pages show the English under the French with
  ``?en=1`` (a link, so no script is needed; ``app.js`` only saves the reload).

This module imports neither the views nor the feeds, which import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata

from flask import Response, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from indexer.store.record_types import ParagraphRecord
from webapp import export, tmx
from webapp.present import DEFAULT_LANG, ENGLISH_PARAMETER, citation
from webapp.shared import get_engine, public_url

MEDIA_TYPES = {"tmx": tmx.MEDIA_TYPE, "csv": "text/csv; charset=utf-8; header=present"}
# Formats a resolution or paragraph page answers with ?format=…, and a series page.
DOCUMENT_FORMATS = ("tmx", "csv")
SERIES_FORMATS = ("tmx",)


def english_shown(args: Mapping[str, str]) -> bool:
    """Tell whether a page was asked to show the English under the French (``?en=1``)."""
    return args.get(ENGLISH_PARAMETER, "") in ("1", "oui", "true")


def read_format(args: MultiDict[str, str], allowed: Sequence[str]) -> str | None:
    """Return the file format a page is asked for (``?format=tmx``), None for the page; BadRequest for another."""
    fmt = args.get("format", "").strip().lower()
    if not fmt or fmt == "html":
        return None
    if fmt not in allowed:
        raise BadRequest(f"Format inconnu « {args.get('format')} » : {', '.join(allowed)}, ou la page elle-même "
                         "sans paramètre format.")
    return fmt


def tool_version() -> str:
    """Return resolu's version, as installed (``0`` when run from a bare checkout)."""
    try:
        return metadata.version("resolu")
    except metadata.PackageNotFoundError:
        return "0"


def permalink(symbol: str, anchor: str) -> str:
    """Return the absolute permalink of a paragraph."""
    return public_url(url_for("pages.document", rest=f"{symbol}/{anchor}"))


def units(symbol: str, paragraphs: Iterable[ParagraphRecord]) -> list[tmx.Unit]:
    """Return the translation units of a resolution's paragraph records (those without English included)."""
    return [tmx.Unit(symbol=symbol, anchor=str(p["anchor"]), french=str(p.get("text") or ""),
                     english=str(p.get("text_en") or ""), url=permalink(symbol, str(p["anchor"])),
                     citation=citation(symbol, p))
            for p in paragraphs]


def tmx_header(lang: str = DEFAULT_LANG) -> tmx.Header:
    """Return the header of a TMX document: the query language as source language, dated by the index."""
    return tmx.Header(srclang=tmx.TMX_LANGUAGES[lang], tool_version=tool_version(),
                      created=export.index_time(get_engine().generation))


def tmx_body(pieces: Iterable[tmx.Unit], lang: str = DEFAULT_LANG) -> str:
    """Return a TMX document of units, the query language as source language, dated by the index."""
    return tmx.to_tmx(pieces, tmx_header(lang))


def file_name(symbol: str, anchor: str | None = None) -> str:
    """Return a file name made of the symbol's letters and digits: "S_RES_2741_2024", "A_RES_78_1_op3"."""
    name = "_".join(re.findall(r"[A-Za-z0-9]+", symbol)) or "resolution"
    return f"{name}_{anchor}" if anchor else name


def attachment(body: str, fmt: str, name: str, headers: Mapping[str, str] | None = None) -> Response:
    """Return a file to download, with its media type and name."""
    response = Response(body, content_type=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers.update(dict(headers or {}))
    return response


def document_file(symbol: str, paragraphs: Sequence[ParagraphRecord], fmt: str, name: str,
                  lang: str = DEFAULT_LANG) -> Response:
    """Return paragraphs of one resolution as a TMX file or a bilingual CSV."""
    if fmt == "tmx":
        pieces = units(symbol, paragraphs)
        aligned = len(tmx.aligned(pieces))
        return attachment(tmx_body(pieces, lang), fmt, name,
                          {"X-Resolu-Paragraphs": str(len(pieces)), "X-Resolu-Aligned": str(aligned)})
    rows = [export.bilingual_row(symbol, p, permalink(symbol, str(p["anchor"]))) for p in paragraphs]
    return attachment(export.to_bilingual_csv(rows), fmt, name)


def series_file(symbols: Sequence[str], name: str, lang: str = DEFAULT_LANG) -> Response:
    """Return every resolution of a series, in the given order, as one TMX file."""
    engine = get_engine()
    pieces: list[tmx.Unit] = []
    for symbol in symbols:
        res = engine.resolution(symbol)
        if res is not None:
            pieces += units(symbol, res["paragraphs_list"])
    aligned = len(tmx.aligned(pieces))
    return attachment(tmx_body(pieces, lang), "tmx", name,
                      {"X-Resolu-Paragraphs": str(len(pieces)), "X-Resolu-Aligned": str(aligned)})
