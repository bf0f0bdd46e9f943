"""Find the treaties, declarations and programmes a paragraph cites, under their canonical names.

Footnotes attached to a citation give its Treaty Series reference and adopting
resolution; without calls, a footnote is matched by content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.facets import cited
from indexer.facets import vocabulary as voc
from indexer.model import Paragraph


@dataclass(frozen=True)
class Instrument:
    """A cited treaty, declaration or outcome document, under its canonical name."""

    name: str
    aliases: tuple[str, ...] = ()
    treaty_series: str | None = None
    adopted_by: str | None = None



# ---------------------------------------------------------------------------
# Instruments
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _InstrumentEntry:
    name: str
    aliases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    treaty_series: str | None
    adopted_by: str | None


_INSTRUMENTS = [
    _InstrumentEntry(name, aliases, tuple(re.compile(p) for p in pats), series, adopted)
    for name, aliases, pats, series, adopted in voc.INSTRUMENTS
]
_INSTRUMENT_BY_NAME = {e.name: e for e in _INSTRUMENTS}
_GROUP_RES = [(re.compile(p), names) for p, names in voc.GROUPS]
_POSSESSIVE_PROTOCOL = re.compile(r"(?:son|ses) Protocoles? (?:facultatifs?|additionnels?)")


def instrument_at(text: str, pos: int) -> tuple[str, int] | None:
    """Return the instrument cited at pos and where its name ends, if any."""
    best: tuple[str, int] | None = None
    for entry in _INSTRUMENTS:
        for rx in entry.patterns:
            m = rx.match(text, pos)
            if m and (best is None or m.end() > best[1]):
                best = (entry.name, m.end())
    return best


def find_instruments(text: str) -> list[tuple[str, int, int]]:
    """Return (canonical name, start, end) of every instrument cited, in text order."""
    hits: list[tuple[str, int, int]] = []
    for entry in _INSTRUMENTS:
        for rx in entry.patterns:
            for m in rx.finditer(text):
                hits.append((entry.name, m.start(), m.end()))
    for rx, names in _GROUP_RES:
        for m in rx.finditer(text):
            hits.extend((n, m.start(), m.end()) for n in names)
    # Keep the longest of overlapping matches of different entries; a group
    # yields several names on the same span, all kept.
    hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
    kept: list[tuple[str, int, int]] = []
    for h in hits:
        if any(k[1] <= h[1] < k[2] and (k[1], k[2]) != (h[1], h[2]) for k in kept):
            continue
        kept.append(h)
    cited = list(kept)
    for m in _POSSESSIVE_PROTOCOL.finditer(text):
        before = [k for k in cited if k[2] <= m.start()]
        if before:
            parent = max(before, key=lambda k: k[2])[0]
            if parent in voc.PROTOCOL_OF:
                kept.append((voc.PROTOCOL_OF[parent], m.start(), m.end()))
    kept.sort(key=lambda h: h[1])
    return kept


_SERIES_RE = re.compile(r"vol\.\s*([\d\s,et]+?),\s*n[°o]\s*([\d\s,-]+(?:\s*(?:à|et)\s*\d+)?)")


def _series(text: str) -> str | None:
    """Return the Treaty Series reference of a footnote ("vol. N, n° M"), if any."""
    m = _SERIES_RE.search(text)
    if not m:
        return None
    return f"vol. {m.group(1).strip()}, n° {m.group(2).strip().rstrip('.,')}"


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------

def instruments_in(text: str, calls: list[tuple[int, int]], paragraph: Paragraph, organ: str) -> list[Instrument]:
    """Return the instruments cited in the text, enriched by the paragraph's footnotes."""
    hits = find_instruments(text)
    notes = {fn.number: fn.text for fn in paragraph.footnotes}
    enrich: dict[str, tuple[str | None, str | None]] = {}

    def attach(name: str, note: str) -> None:
        series = _series(note)
        adopted = cited.footnote_resolution(note, organ)
        if series or adopted:
            enrich[name] = (series, adopted)

    if calls:
        for pos, number in calls:
            if number not in notes:
                continue
            before = [h for h in hits if h[2] <= pos and len(text[h[2]:pos].strip(" »\"")) == 0]
            if not before:
                continue
            span_end = before[-1][2]
            for h in before:
                if h[2] == span_end:
                    attach(h[0], notes[number])
            last = before[-1][0]
            parent = next((p for p, c in voc.PROTOCOL_OF.items() if c == last), None)
            if parent and any(h[0] == parent for h in hits):
                attach(parent, notes[number])
    else:
        # No calls left in the text: a footnote belongs to the instrument whose
        # known Treaty Series number or adopting resolution it gives.
        for note in notes.values():
            series, adopted = _series(note), cited.footnote_resolution(note, organ)
            for name, _, _ in hits:
                entry = _INSTRUMENT_BY_NAME[name]
                num = re.search(r"n° ([\d]+)", entry.treaty_series or "")
                if series and num and re.search(r"n° " + num.group(1) + r"\b", series):
                    vols = re.search(r"vol\. (\d+)", entry.treaty_series or "")
                    if vols and vols.group(1) in series:
                        attach(name, note)
                elif adopted and adopted == entry.adopted_by:
                    attach(name, note)
        # A footnote listing several volumes ("vol. 2225, 2237, 2241 et 2326")
        # covers a convention and its protocols cited together.
        for parent, child in voc.PROTOCOL_OF.items():
            series = enrich.get(parent, (None, None))[0]
            if series and child in {h[0] for h in hits} and child not in enrich and "," in series.split("n°")[0]:
                enrich[child] = (series, None)
    out: list[Instrument] = []
    seen: set[str] = set()
    for name, _, _ in hits:
        if name in seen:
            continue
        seen.add(name)
        entry = _INSTRUMENT_BY_NAME[name]
        series, adopted = enrich.get(name, (None, None))
        out.append(Instrument(name, entry.aliases, series or entry.treaty_series, adopted or entry.adopted_by))
    return out


def instrument_aliases(name: str) -> tuple[str, ...]:
    """Return the aliases and acronyms of an instrument or body (by name or alias)."""
    canonical = ALIASES.get(name.lower(), name)
    entry = _INSTRUMENT_BY_NAME.get(canonical)
    if entry:
        return entry.aliases
    return tuple(alias.upper() for alias, target in voc.BODY_ALIASES.items() if target == canonical)


def _build_aliases() -> dict[str, str]:
    """Merge the body aliases with the instruments' aliases, keyed in lower case."""
    aliases = dict(voc.BODY_ALIASES)
    for entry in _INSTRUMENTS:
        for alias in entry.aliases:
            aliases.setdefault(alias.lower(), entry.name)
    return aliases


ALIASES: dict[str, str] = _build_aliases()

