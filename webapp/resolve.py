"""Find which resolution and paragraph a ``/r/…`` path names.

Symbols hold slashes and spaces ("S/RES/1820 (2008)"), so the route takes
the whole rest of the path; anchors never hold a slash, so the paragraph is
the last segment when what precedes it is a known symbol.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.exceptions import NotFound

from indexer.search.engine import Engine
from indexer.search.named import Absent
from indexer.search.symbols import canonical
from indexer.store.record_types import ParagraphRecord, ResolutionRecord, ResolutionView


class NotFoundHere(NotFound):
    """Say which resolution or paragraph is unknown, for a 404 page that helps."""

    def __init__(self, description: str, symbol: str = "", anchor: str = "") -> None:
        super().__init__(description)
        self.symbol = symbol
        self.anchor = anchor


class AbsentSymbolError(NotFoundHere):
    """A complete symbol that names no resolution of the collection ("S/RES/2231 (2015)")."""

    def __init__(self, absent: Absent, anchor: str = "") -> None:
        super().__init__(f"{absent.message}.", symbol=absent.symbol, anchor=anchor)
        self.absent = absent
        self.official_url = absent.url


class AmbiguousSymbolError(Exception):
    """A path that can mean several resolutions ("S/RES/1483" without its year, "res 55/15")."""

    def __init__(self, typed: str, symbols: tuple[str, ...], anchor: str | None = None) -> None:
        super().__init__(typed)
        self.typed = typed
        self.symbols = symbols
        self.anchor = anchor


@dataclass
class Target:
    """A resolved ``/r/…`` path: a resolution, maybe one of its paragraphs."""

    symbol: str
    resolution: ResolutionView
    paragraph: ParagraphRecord | None = None
    # Set when the path did not use the canonical spelling (eId, letter case).
    canonical: bool = True
    # False when a short symbol was completed ("S/RES/1483"): what it means may
    # change as resolutions are added, so its redirect is not permanent.
    permanent: bool = True


def _fuzzy_symbol(resolutions: Mapping[str, ResolutionRecord], text: str) -> str | None:
    """Match a symbol ignoring letter case and spaces ("s/res/1820(2008)")."""
    folded = " ".join(text.split()).casefold()
    squeezed = folded.replace(" ", "")
    for symbol in resolutions:
        key = symbol.casefold()
        if key == folded or key.replace(" ", "") == squeezed:
            return symbol
    return None


def _find_paragraph(res: ResolutionView, anchor: str) -> tuple[ParagraphRecord | None, bool]:
    """Return the paragraph an anchor or eId names, and whether the anchor was used as is."""
    for p in res["paragraphs_list"]:
        if anchor == p["anchor"]:
            return p, True
        if anchor == p["eid"]:
            return p, False
    lowered = anchor.casefold()
    for p in res["paragraphs_list"]:
        if lowered in (p["anchor"].casefold(), p["eid"].casefold()):
            return p, False
    return None, False


def resolve(engine: Engine, rest: str) -> Target:
    """Return the resolution (and paragraph) a path names; raise a helpful 404 otherwise."""
    rest = rest.strip().strip("/")
    resolutions = engine.resolutions()
    head, _, anchor = rest.rpartition("/")
    # Exact spellings first (the common case costs two dict lookups), then
    # forgiving ones, which redirect to the canonical URL.
    candidates = [(rest, None, True), (head, anchor, True)]
    candidates += [(_fuzzy_symbol(resolutions, rest), None, False),
                   (_fuzzy_symbol(resolutions, head) if head else None, anchor, False)]
    for symbol, wanted, exact in candidates:
        if not symbol or symbol not in resolutions:
            continue
        res = engine.resolution(symbol)
        if res is None:
            continue
        if wanted is None:
            return Target(symbol, res, canonical=exact)
        p, as_is = _find_paragraph(res, wanted)
        if p is None:
            raise NotFoundHere(f"La résolution {symbol} n'a pas de paragraphe « {wanted} ».",
                               symbol=symbol, anchor=wanted)
        return Target(symbol, res, p, canonical=exact and as_is)
    # A symbol typed short ("S/RES/1483", "1483 (2003)", "res 78/217"): one
    # resolution redirects to its canonical address, several are listed.
    for typed, wanted in ((rest, None), (head, anchor)):
        found = engine.symbols(typed) if typed else ()
        if len(found) > 1:
            raise AmbiguousSymbolError(typed, found, wanted)
        if found:
            res = engine.resolution(found[0])
            if res is None:
                continue
            if wanted is None:
                return Target(found[0], res, canonical=False, permanent=False)
            p, _ = _find_paragraph(res, wanted)
            if p is None:
                raise NotFoundHere(f"La résolution {found[0]} n'a pas de paragraphe « {wanted} ».",
                                   symbol=found[0], anchor=wanted)
            return Target(found[0], res, p, canonical=False, permanent=False)
    for typed, wanted in ((rest, ""), (head, anchor)):
        if typed and canonical(typed):
            # A symbol the UN could have adopted, not in the collection: say so and link the official text.
            missing = engine.absent_symbols(typed)
            spelled = missing[0].symbols[0] if missing else str(canonical(typed))
            raise AbsentSymbolError(Absent(typed, spelled), anchor=wanted)
    raise NotFoundHere(f"Aucune résolution « {rest} » dans l'index.", symbol=rest)


def context(res: ResolutionView, paragraph: ParagraphRecord) -> dict[str, Any]:
    """Return a paragraph's ancestors (outermost first) and its neighbours in reading order."""
    paragraphs = res["paragraphs_list"]
    by_anchor = {p["anchor"]: p for p in paragraphs}
    ancestors: list[ParagraphRecord] = []
    parent = by_anchor.get(paragraph.get("parent") or "")
    while parent is not None and parent not in ancestors:
        ancestors.insert(0, parent)
        parent = by_anchor.get(parent.get("parent") or "")
    i = next(i for i, p in enumerate(paragraphs) if p["anchor"] == paragraph["anchor"])
    return {
        "ancestors": ancestors,
        "previous": paragraphs[i - 1] if i > 0 else None,
        "next": paragraphs[i + 1] if i + 1 < len(paragraphs) else None,
    }
