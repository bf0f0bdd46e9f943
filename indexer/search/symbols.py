"""Read resolution symbols as people type them and find the resolutions they mean.

A researcher types "A/RES/68/179", "S/RES/1483 (2003)", "s/res/2720(2023)",
"1483 (2003)", "res 78/217" or "S/RES/1483" without its year: each names one
resolution of the index, or a few (A/RES/55/15 and A/HRC/RES/55/15 both end
in 55/15). Lookups compare spelling-insensitive keys (letter case, spaces)
and return the index's own symbols; nothing here reads the index.

A symbol typed in full that names no resolution of the index ("S/RES/2231
(2015)") is recognised too (:meth:`SymbolTable.absent`), in its canonical
spelling, so that the reader is told it is outside the collection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A whole symbol: organ letter, bodies, RES (absent from drafts: S/2023/212), then numbers (session/number, year),
# with an optional "(2003)" year and an "A-B" part letter (upper case only:
# "A/RES/68/179 a" is more likely an article than part "a").
_FULL = (r"[ASE](?:\s*/\s*[A-Z]{2,6})*(?:\s*/\s*RES)?\s*/\s*(?:[A-Z]{1,3}-)?\d+(?:\s*/\s*\d+)*"
         r"(?:\s*\(\s*\d{4}\s*\))?(?:\s+(?-i:[A-C](?:-[A-C])?)\b)?")
# A Security Council number with its year: "1483 (2003)".
_COUNCIL = r"\d{1,4}\s*\(\s*(?:19|20)\d{2}\s*\)"
# "res 78/217", "résolution 78/217", "rés. 55/15", or the bare "78/217".
_SHORT = r"(?:r[ée]s(?:olution)?\.?\s+)?\d{1,4}/\d{1,4}"
REFERENCE_RE = re.compile(rf"(?<![\w/]){_FULL}(?![\w/])|(?<![\w/(]){_COUNCIL}|(?<![\w/]){_SHORT}(?![\w/])",
                          re.IGNORECASE)
_PREFIX_RE = re.compile(r"^r[ée]s(?:olution)?\.?", re.IGNORECASE)
_YEAR_RE = re.compile(r"\(\d{4}\)$")
_PART_RE = re.compile(r"(?<=\d)(?:[a-c](?:-[a-c])?)$")
_COUNCIL_RE = re.compile(r"^s/res/(\d+)\((\d{4})\)$")
_NUMBERED_RE = re.compile(r"^[a-z](?:/[a-z]+)*/res/(?:[a-z]{1,3}-)?(\d+/\d+)$")
# Complete resolution symbols, as keys (spaces out, case folded), and how each is spelled canonically.
_CANONICAL_FORMS = (
    (re.compile(r"^s/res/(\d{1,4})(?:\(((?:19|20)\d{2})\))?$"), "council"),
    (re.compile(r"^(\d{1,4})\(((?:19|20)\d{2})\)$"), "council"),
    (re.compile(r"^a/res/((?:es-|s-)?\d{1,2})/(\d{1,4})([a-c](?:-[a-c])?)?$"), "A/RES"),
    (re.compile(r"^a/hrc/res/(\d{1,2})/(\d{1,3})$"), "A/HRC/RES"),
    (re.compile(r"^e/res/((?:19|20)\d{2})/(\d{1,3})([a-c])?$"), "E/RES"),
)


def canonical(typed: str) -> str | None:
    """Return the canonical spelling of a complete resolution symbol typed in any case or spacing, else None.

    "s/res/2231(2015)" and "2231 (2015)" → "S/RES/2231 (2015)"; "S/RES/2231" (no year) → "S/RES/2231";
    "a/res/77/256a-b" → "A/RES/77/256 A-B"; "res 78/217" names no organ → None.
    """
    k = key(typed)
    for pattern, organ in _CANONICAL_FORMS:
        m = pattern.match(k)
        if not m:
            continue
        if organ == "council":
            number, year = m.groups()
            return f"S/RES/{int(number)}" + (f" ({year})" if year else "")
        session, number, *part = m.groups()
        letters = f" {part[0].upper()}" if part and part[0] else ""
        return f"{organ}/{session.upper()}/{int(number)}{letters}"
    return None


def key(text: str) -> str:
    """Return the spelling-insensitive key of a symbol: "S/RES/1483 (2003)" → "s/res/1483(2003)"."""
    return "".join(text.split()).casefold()


@dataclass(frozen=True)
class Reference:
    """A symbol found in a query: the text typed and the symbols it can mean."""

    typed: str
    start: int
    end: int
    symbols: tuple[str, ...]


class SymbolTable:
    """Answer "which resolutions does this typed symbol mean?" for one set of symbols."""

    def __init__(self, symbols: Iterable[str]) -> None:
        """Index the symbols under their full, short and tail keys."""
        self._exact: dict[str, str] = {}
        # Without the year or the part letter: "s/res/1483", "a/res/60/1".
        self._short: dict[str, list[str]] = {}
        # Without the organ prefix: "1483(2003)", "78/217".
        self._tail: dict[str, list[str]] = {}
        # Council numbers held, with their year: "S/RES/2231" tells its year when its neighbours agree.
        self._council_years: dict[int, int] = {}
        for symbol in sorted(symbols):
            k = key(symbol)
            self._exact[k] = symbol
            short = _PART_RE.sub("", _YEAR_RE.sub("", k))
            if short != k:
                self._short.setdefault(short, []).append(symbol)
            council = _COUNCIL_RE.match(k)
            numbered = _NUMBERED_RE.match(short)
            if council:
                self._tail.setdefault(f"{council.group(1)}({council.group(2)})", []).append(symbol)
                self._council_years[int(council.group(1))] = int(council.group(2))
            elif numbered:
                self._tail.setdefault(numbered.group(1), []).append(symbol)

    def lookup(self, text: str) -> tuple[str, ...]:
        """Return the symbols a typed reference means (one, several, or none)."""
        k = key(text)
        if not k:
            return ()
        if k in self._exact:
            return (self._exact[k],)
        if k in self._short:
            return tuple(self._short[k])
        tail = _PREFIX_RE.sub("", k)
        return tuple(self._tail.get(tail, ()))

    def references(self, text: str) -> list[Reference]:
        """Return the symbols written in a query's text, outside "quoted phrases"."""
        found: list[Reference] = []
        for part in re.finditer(r'"[^"]*"|[^"]+', text):
            if part.group(0).startswith('"'):
                continue
            for m in REFERENCE_RE.finditer(part.group(0)):
                symbols = self.lookup(m.group(0))
                if symbols:
                    start = part.start() + m.start()
                    found.append(Reference(m.group(0), start, start + len(m.group(0)), symbols))
        return found


    def absent(self, text: str) -> list[Reference]:
        """Return the complete symbols written in a query that name no resolution of the table.

        Each reference's ``symbols`` holds the one canonical spelling ("S/RES/2231 (2015)"); a Council
        number typed without its year gets the year its held neighbours share, if they share one.
        """
        found: list[Reference] = []
        for part in re.finditer(r'"[^"]*"|[^"]+', text):
            if part.group(0).startswith('"'):
                continue
            for m in REFERENCE_RE.finditer(part.group(0)):
                spelled = canonical(m.group(0))
                if spelled is None or self.lookup(m.group(0)):
                    continue
                start = part.start() + m.start()
                found.append(Reference(m.group(0), start, start + len(m.group(0)), (self._with_year(spelled),)))
        return found

    def _with_year(self, symbol: str) -> str:
        """Return a Council symbol typed without its year with the year of its neighbours, when they agree."""
        m = re.fullmatch(r"S/RES/(\d+)", symbol)
        if not m or not self._council_years:
            return symbol
        number = int(m.group(1))
        below = max((n for n in self._council_years if n < number), default=None)
        above = min((n for n in self._council_years if n > number), default=None)
        if below is not None and above is not None and self._council_years[below] == self._council_years[above]:
            return f"{symbol} ({self._council_years[below]})"
        return symbol


def phrase(symbol: str) -> str:
    """Return how a resolution's own texts cite a symbol, as a quoted phrase: "2231 (2015)", "76/13"."""
    m = re.fullmatch(r"S/RES/(\d+)(?: \((\d{4})\))?", symbol)
    if m:
        return f'"{m.group(1)} ({m.group(2)})"' if m.group(2) else f'"résolution {m.group(1)}"'
    tail = re.sub(r"^[A-Z]+(?:/[A-Z]+)*/RES/", "", symbol)
    return f'"{tail.split(" ")[0]}"'


def without(text: str, references: Iterable[Reference]) -> str:
    """Return the query text with the references cut out."""
    for ref in sorted(references, key=lambda r: -r.start):
        text = text[:ref.start] + " " + text[ref.end:]
    return " ".join(text.split())
