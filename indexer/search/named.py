"""Answer a query that names something: a paragraph by a pasted citation, a resolution outside the collection.

Shared by the search page, ``/r/…``, the API and ``resolu search``:

- :func:`cited_paragraph` reads resolu's own citation forms back
  ("A/RES/68/179, par. 4 a)", "S/RES/1373 (2001), par. 1 c)", the English
  "para. 4 (a)", "3e alinéa du préambule", or a bare "par. 4 a)" when one
  resolution is already chosen) and finds the paragraph;
- :func:`absent` says which complete symbols of a query are not in the
  collection, each with the official link (https://undocs.org/fr/…);
- :func:`text_query` is what is then searched in the texts: each absent
  symbol becomes the phrase the resolutions cite it by ("2231 (2015)").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indexer.citation import cited_label, find_cited, label_after_symbol, wanted_anchor
from indexer.search.engine import Engine
from indexer.search.symbols import Reference, phrase
from indexer.undocs import official_url


@dataclass(frozen=True)
class Cited:
    """A paragraph named by a pasted citation: its resolution, its anchor (None: no such paragraph), the label typed."""

    symbol: str
    anchor: str | None
    label: str

    @property
    def found(self) -> bool:
        """Tell whether the resolution has the paragraph the citation names."""
        return self.anchor is not None


@dataclass(frozen=True)
class Absent:
    """A complete symbol typed that names no resolution of the collection."""

    typed: str
    symbol: str

    @property
    def has_year(self) -> bool:
        """Tell whether the symbol is complete enough for its official link (a Council number needs its year)."""
        return not (self.symbol.startswith("S/RES/") and "(" not in self.symbol)

    @property
    def message(self) -> str:
        """Say in French that the symbol is not in the collection."""
        return f"{self.symbol} n'est pas dans la collection"

    @property
    def url(self) -> str | None:
        """Return the official document's address, or None for a Council number typed without its year."""
        return official_url(self.symbol) if self.has_year else None

    def to_json(self) -> dict[str, Any]:
        """Return the notice as the API and ``resolu search --json`` give it."""
        return {"symbol": self.symbol, "typed": self.typed, "message": self.message, "official_url": self.url}


def cited_paragraph(engine: Engine, query: str, chosen: list[str] | None = None) -> Cited | None:
    """Return the paragraph a query pasted as a citation names, or None when the query is not a citation.

    ``chosen``: the symbols already selected (the ``symbol`` filter), so that "par. 4 a)" alone names a
    paragraph of the one chosen resolution.
    """
    text = " ".join(query.split())
    if not text:
        return None
    refs = engine.references(text)
    if refs and refs[0].start == 0 and len(refs[0].symbols) == 1:
        symbol = refs[0].symbols[0]
        label = label_after_symbol(text[refs[0].end:])
    elif chosen and len(chosen) == 1 and not refs:
        found = (chosen[0],) if chosen[0] in engine.resolutions() else engine.symbols(chosen[0])
        if len(found) != 1:
            return None
        symbol, label = found[0], label_after_symbol(" " + text)
    else:
        return None
    if label is None:
        return None
    res = engine.resolution(symbol)
    if res is None:
        return None
    p = find_cited(res["paragraphs_list"], label)
    if p is not None:
        return Cited(symbol, str(p["anchor"]), cited_label(p))
    return Cited(symbol, None, label)


def missing_anchor(cited: Cited) -> str | None:
    """Return the anchor a citation to a missing paragraph would have ("op99"), to name it in the answer."""
    return wanted_anchor(cited.label)


def absent(engine: Engine, query: str) -> list[Absent]:
    """Return the complete symbols of a query that are not in the collection, once each."""
    seen: dict[str, Absent] = {}
    for ref in engine.absent_symbols(query):
        seen.setdefault(ref.symbols[0], Absent(ref.typed, ref.symbols[0]))
    return list(seen.values())


def text_query(engine: Engine, query: str) -> str:
    """Return the query to search in the texts: each absent symbol replaced by the phrase that cites it.

    What follows an absent symbol as a citation label (", par. 4 a)") is dropped: that paragraph is not here.
    """
    return replace_absent(query, engine.absent_symbols(query))


def replace_absent(query: str, references: list[Reference]) -> str:
    """Return the query with the given absent symbols replaced by their phrases (see :func:`text_query`)."""
    out = query
    for ref in sorted(references, key=lambda r: -r.start):
        rest = out[ref.end:]
        if label_after_symbol(rest) is not None:
            rest = ""
        out = out[:ref.start] + phrase(ref.symbols[0]) + rest
    return " ".join(out.split())
