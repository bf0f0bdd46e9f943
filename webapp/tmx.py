"""Write aligned French and English paragraphs as a TMX 1.4b translation memory.

Pure functions from plain values to text: nothing here reads a request or an
index. One translation unit (``<tu>``) per aligned paragraph, the French in
``<tuv xml:lang="fr-FR">`` and the English in ``<tuv xml:lang="en">``, the
language of the query first (``srclang`` of the header); the resolution's
symbol, the paragraph's anchor, its citation and its permalink are ``<prop>``
elements of the unit. A paragraph without English (a mismatch between the two
versions, or a resolution without English) has no unit: a translation memory
holds pairs, not lone segments.

The file is written by :mod:`xml.etree.ElementTree`, which escapes ``&``, ``<``
and quotes; characters XML 1.0 cannot hold at all (control characters left by
OCR) are dropped from the segments, so that every TMX reader can open the file.
The header's notes acknowledge the United Nations as the source of the texts,
as the AKN4UN files' terms ask.

Reference: LISA TMX 1.4b (https://www.gala-global.org/tmx-14b).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from indexer.text import language as text_language
from indexer.undocs import official_url

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The TMX language codes of the two sides (indexer/text/language.py).
FRENCH = text_language.FRENCH.tmx
ENGLISH = text_language.ENGLISH.tmx
# The query language of resolu (lang=fr|en) as a TMX language code.
TMX_LANGUAGES = {code: lang.tmx for code, lang in text_language.LANGUAGES.items()}
MEDIA_TYPE = "application/x-tmx+xml; charset=utf-8"
# What XML 1.0 forbids anywhere in a document (§2.2 "Char"): C0 controls but tab and line ends,
# lone surrogates, U+FFFE and U+FFFF.
NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Every English text comes from the AKN4UN files (the scanned volumes are French only).
ACKNOWLEDGEMENT_EN = (
    "Source of the texts: United Nations. The French and English texts are unofficial copies (AKN4UN files), "
    "for informational purposes only, prepared from the official electronic files. Exported from resolu."
)
ACKNOWLEDGEMENT_FR = (
    "Source des textes : Organisation des Nations Unies. Les textes français et anglais sont des copies non "
    "officielles (fichiers AKN4UN), fournies à titre d'information et établies à partir des fichiers "
    "électroniques officiels. Exporté de resolu."
)


@dataclass(frozen=True)
class Unit:
    """One paragraph in both languages, with what names it."""

    symbol: str
    anchor: str
    french: str
    english: str
    url: str
    citation: str = ""
    # When the search is filtered by accepted_by: how each State named accepted the text.
    accepted_by: str = ""


@dataclass(frozen=True)
class Header:
    """What a TMX file says about itself."""

    srclang: str = FRENCH  # the query language: FRENCH or ENGLISH
    tool_version: str = "0"
    created: datetime | None = None  # when the texts were indexed; none: no creationdate


def xml_text(text: str) -> str:
    """Return a text without the characters XML 1.0 cannot hold."""
    return NOT_XML_RE.sub("", text)


def _tmx_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = xml_text(text)
    return el


def aligned(units: Iterable[Unit]) -> list[Unit]:
    """Return the units that have text in both languages, in their order."""
    return [u for u in units if u.french.strip() and u.english.strip()]


def to_tmx(units: Iterable[Unit], header: Header | None = None) -> str:
    """Return a TMX 1.4b document: one ``<tu>`` per unit with French and English, in the given order."""
    return "".join(iter_tmx(units, header))


# Where the units go in the document's skeleton (a character no text can hold: NOT_XML_RE drops it).
_UNITS = "\x00"


def iter_tmx(units: Iterable[Unit], header: Header | None = None) -> Iterator[str]:
    """Yield the document of :func:`to_tmx` in pieces: the header, then one ``<tu>`` at a time, then the end.

    Each unit is indented as ElementTree indents it in the whole document, so
    that the pieces joined are the very same text.
    """
    header = header or Header()
    if header.srclang not in (FRENCH, ENGLISH):
        raise ValueError(f"srclang {header.srclang!r}: {FRENCH} or {ENGLISH}")
    root = ET.Element("tmx", version="1.4")
    attrs = {
        "creationtool": "resolu", "creationtoolversion": header.tool_version, "datatype": "plaintext",
        "segtype": "paragraph", "o-tmf": "resolu", "adminlang": "en", "srclang": header.srclang,
    }
    if header.created is not None:
        attrs["creationdate"] = _tmx_time(header.created)
    head = _sub(root, "header", **attrs)
    _sub(head, "note", ACKNOWLEDGEMENT_EN)
    _sub(head, "note", ACKNOWLEDGEMENT_FR, **{XML_LANG: FRENCH})
    body = ET.SubElement(root, "body")
    body.text = _UNITS
    ET.indent(root)
    start, end = ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
                  ).split(_UNITS)
    written = 0
    for u in aligned(units):
        tu = _unit(u, header.srclang)
        ET.indent(tu, level=2)
        yield (start if not written else "") + "\n    " + ET.tostring(tu, encoding="unicode")
        written += 1
    if written:
        yield "\n  " + end
    else:  # an empty body is written <body /> by ElementTree
        yield start.removesuffix("<body>") + "<body />" + end.removeprefix("</body>")


def _unit(u: Unit, srclang: str) -> ET.Element:
    """Return the ``<tu>`` of one aligned unit, the source language first."""
    tu = ET.Element("tu", tuid=f"{u.symbol}/{u.anchor}")
    _sub(tu, "prop", u.symbol, type="x-symbol")
    _sub(tu, "prop", u.anchor, type="x-anchor")
    if u.citation:
        _sub(tu, "prop", u.citation, type="x-citation")
    _sub(tu, "prop", u.url, type="x-url")
    # The official document, as every export links it (issue 21).
    _sub(tu, "prop", official_url(u.symbol), type="x-official-url")
    if u.accepted_by:
        _sub(tu, "prop", u.accepted_by, type="x-accepted-by")
    sides = [(FRENCH, u.french), (ENGLISH, u.english)]
    if srclang == ENGLISH:
        sides.reverse()
    for lang, text in sides:
        tuv = _sub(tu, "tuv", **{XML_LANG: lang})
        _sub(tuv, "seg", text)
    return tu
