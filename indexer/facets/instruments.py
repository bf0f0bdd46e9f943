"""Find the treaties, declarations and programmes a paragraph cites, under their canonical names.

Footnotes attached to a citation give its Treaty Series reference and adopting
resolution; without calls, a footnote is matched by content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from indexer.datafiles import tsv_rows
from indexer.facets import cited
from indexer.facets import vocabulary as voc
from indexer.facets.text import required_text
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
    patterns: tuple[str, ...]  # compiled on first use (_compiled): a web worker never needs most of them
    treaty_series: str | None
    adopted_by: str | None


def _literal(title: str) -> str:
    """Return a regex matching a title as printed: any apostrophe, hyphen or run of spaces."""
    out = re.escape(title)
    out = out.replace("'", "['’]").replace("\\-", "[-‑–]").replace("\\ ", r"\s+")
    # An acronym or a title stands as a whole word ("CCNUCC", not "CCNUCCS"), and never inside a document
    # symbol: "CRC" is not the Convention in "CRC/C/GC/26".
    return r"(?<![\w/])" + out + (r"(?![\w/])" if title[-1:].isalnum() else "")


# instruments.tsv, read once: name, kind, aliases, parent, treaty_series, adopted_by, resolutions, first_seen.
_ROWS = tsv_rows("indexer.facets", "instruments.tsv", 8)


def _harvested() -> list[tuple[str, tuple[str, ...], str | None, str | None]]:
    """Return the instruments of instruments.tsv: name, aliases, Treaty Series reference, adopting resolution.

    Harvested from the whole default collection and curated by hand
    (instruments.SOURCES.md); the hand-written entries of vocabulary.INSTRUMENTS,
    with their regexes, come first and keep their names.
    """
    out = []
    for name, _kind, aliases, _parent, series, adopted, *_ in _ROWS:
        out.append((name, tuple(a.strip() for a in aliases.split("|") if a.strip()), series or None,
                    adopted or None))
    return out


def _entries() -> list[_InstrumentEntry]:
    """Return every instrument entry: the hand-written ones, then the harvested ones with their aliases."""
    entries = {name: _InstrumentEntry(name, aliases, tuple(pats), series, adopted)
               for name, aliases, pats, series, adopted in voc.INSTRUMENTS}
    for name, aliases, series, adopted in _harvested():
        # English names never print in a French text: they stay search aliases only.
        printed = [a for a in (name, *aliases) if not re.search(r"\b(?:of|the|and|on|for)\b", a)]
        patterns = tuple(_literal(a) for a in printed)
        known = entries.get(name)
        if known is not None:
            entries[name] = _InstrumentEntry(name, tuple(dict.fromkeys((*known.aliases, *aliases))),
                                             known.patterns + patterns, known.treaty_series or series,
                                             known.adopted_by or adopted)
        else:
            entries[name] = _InstrumentEntry(name, aliases, patterns, series, adopted)
    return list(entries.values())


_INSTRUMENTS = _entries()
_INSTRUMENT_BY_NAME = {e.name: e for e in _INSTRUMENTS}
# Patterns by the first word they can match (lower case, apostrophe straight): a paragraph is
# only tried against the patterns whose first word it holds (500 instruments, 160,000 paragraphs).
_FIRST_WORD = re.compile(r"[^\W\d_]+|\d+")


def _first_words(pattern: str) -> set[str] | None:
    """Return the lower-case first words a pattern can start with, or None if they cannot be told."""
    # The letters before the first escape, class or group: "Programme\\s+de…" starts with "programme";
    # a leading lookbehind (the word boundary of _literal) matches no letter.
    source = re.sub(r"^\(\?<[!=][^)]*\)", "", pattern)
    m = re.match(r"\(\?:([^()]*?)\)", source)
    if m and "|" in m.group(1):
        heads = [_head_word(alt) for alt in m.group(1).split("|")]
        return {h for h in heads if h} if all(heads) else None
    head = _head_word(source)
    return {head} if head else None


def _head_word(pattern: str) -> str | None:
    """Return the literal first word of a pattern, or None when a quantifier or class makes it vary."""
    m = re.match(r"[^\W\d_]+", pattern)
    if not m:
        return None
    after = pattern[m.end():]
    # What _literal writes after a word ends it as _FIRST_WORD cuts the text: its word boundary, a
    # hyphen or an apostrophe. Without this, every acronym ("ICCPR", "STCW-F") was scanned for in
    # every paragraph: 50 full scans, 88 % of find_instruments and a sixth of a build's parsing.
    if after.startswith((r"(?![\w/])", "[-‑–]", "['’]")):
        return m.group(0).lower()
    if after[:1] in ("[", "(", "?", "*", "+", "{", "|"):
        return None
    return m.group(0).lower()


_BY_FIRST: dict[str, list[tuple[_InstrumentEntry, str]]] = {}
_ANYWHERE: list[tuple[_InstrumentEntry, str]] = []
for _entry in _INSTRUMENTS:
    for _rx in _entry.patterns:
        _heads = _first_words(_rx)
        if _heads is None:
            _ANYWHERE.append((_entry, _rx))
        else:
            for _head in _heads:
                _BY_FIRST.setdefault(_head, []).append((_entry, _rx))


def _candidates(text: str) -> list[tuple[_InstrumentEntry, re.Pattern[str]]]:
    """Return the (entry, pattern) pairs worth trying on a text: those whose first word it holds."""
    words = {w.lower() for w in _FIRST_WORD.findall(text)}
    out = [(entry, _compiled(p)) for entry, p in _ANYWHERE]
    for word in words & _BY_FIRST.keys():
        out.extend((entry, _compiled(p)) for entry, p in _BY_FIRST[word])
    return out


# Compiling the 1,500 patterns took a third of a second of each web worker's start, which only
# needs the instruments' names and aliases (query expansion, issue 27); extraction compiles them once.
_compiled = cache(re.compile)
_GROUP_RES = [(re.compile(p), names) for p, names in voc.GROUPS]
# "ses Protocoles facultatifs", "son Protocole facultatif", "le Protocole y relatif", "les Protocoles s'y
# rapportant": the protocols of the instrument just named.
_POSSESSIVE_PROTOCOL = re.compile(
    r"(?:son|ses|le|les) (?P<n>Protocoles?)(?: (?:facultatifs?|additionnels?))?(?: (?:y relatifs?|s'y rapportant))?")
# An instrument named by its head alone ("le Programme d'action", "la Convention") is the last one of
# that head the resolution named in full.
ELLIPSIS_HEADS = ("Programme d'action", "Plan d'action", "Convention", "Accord", "Cadre", "Déclaration",
                  "Programme", "Pacte", "Stratégie", "Protocole")
_ELLIPSIS = re.compile(
    r"\b(?:le|la|l'|du|de la|au|à la|ce|cette|dudit|ladite|ledit)\s+(?P<head>"
    + "|".join(re.escape(h) for h in ELLIPSIS_HEADS) + r")(?![\w-])"
    # Not when the head goes on into another title ("la Convention sur …", "le Programme pour …").
    r"(?!\s+(?:de|des|du|d'|sur|relati|internationa|pour|contre|mondial|facultatif|additionnel|"
    r"régional|national|européen|africain|type|y\s|s'y|[A-ZÉ0-9«(]))")


def _children() -> dict[str, list[tuple[str, str]]]:
    """Return, per instrument, its protocols and amendments of instruments.tsv: (name, kind)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, kind, _aliases, parent, *_ in _ROWS:
        if parent:
            out.setdefault(parent, []).append((name, kind))
    return out


_CHILDREN = _children()


def protocols_of(parent: str, plural: bool) -> list[str]:
    """Return the protocol(s) an elliptical mention after ``parent`` designates, or none when ambiguous."""
    if parent in voc.PROTOCOL_OF:
        return [voc.PROTOCOL_OF[parent]]
    children = [name for name, kind in _CHILDREN.get(parent, []) if kind == "protocol"]
    if plural or len(children) == 1:
        return children
    return []


def elliptical(text: str, spans: list[tuple[str, int, int]], recent: dict[str, str]) -> list[tuple[str, int, int]]:
    """Return the instruments named by their head alone, resolved to the last full mention of that head."""
    out = []
    for m in _ELLIPSIS.finditer(text):
        if any(start <= m.start("head") < end for _, start, end in spans):
            continue
        # The same paragraph's own full mention first ("… la Convention de Vienne … que lui confère la
        # Convention"), then the resolution's last one.
        here = [n for n, start, end in spans if end <= m.start() and m.group("head") in heads_of(n)]
        name = here[-1] if here else recent.get(m.group("head"))
        if name:
            out.append((name, m.start("head"), m.end("head")))
    return out


def heads_of(name: str) -> list[str]:
    """Return the heads an instrument can later be named by alone ("Programme d'action de Doha…")."""
    return [h for h in ELLIPSIS_HEADS if name.startswith(h + " ") or name.startswith(h + "-")]


def instrument_at(text: str, pos: int) -> tuple[str, int] | None:
    """Return the instrument cited at pos and where its name ends, if any."""
    best: tuple[str, int] | None = None
    for entry, rx in _candidates(text[pos:pos + 300]):
        m = rx.match(text, pos)
        if m and (best is None or m.end() > best[1]):
            best = (entry.name, m.end())
    return best


def _anchored_hits(text: str) -> list[tuple[str, int, int]]:
    """Return (canonical name, start, end) of the matches of the patterns with a known first word.

    A pattern with a known first word can only match where that word starts: it is tried there
    alone (an anchored match fails at its first letter) instead of scanning the whole paragraph —
    213 patterns start with "Convention", and this loop took a third of the build's parsing time.
    (Unions of a word's patterns, tried first, saved less than compiling them cost each process.)
    """
    hits: list[tuple[str, int, int]] = []
    starts: dict[str, list[int]] = {}
    low = text.lower()
    if len(low) == len(text):
        # Lower case kept every offset (only "İ" grows): the words that start patterns are found in C.
        for m in _heads_re().finditer(low):
            starts.setdefault(m.group(), []).append(m.start())
    else:
        for m in _FIRST_WORD.finditer(text):
            starts.setdefault(m.group().lower(), []).append(m.start())
    for word in starts.keys() & _BY_FIRST.keys():
        for entry, pattern in _BY_FIRST[word]:
            rx = _compiled(pattern)
            end = -1
            for pos in starts[word]:
                # As finditer would: no second match of a pattern inside its own previous match.
                if pos < end:
                    continue
                m = rx.match(text, pos)
                if m:
                    hits.append((entry.name, m.start(), m.end()))
                    end = m.end()
    return hits


@cache
def _heads_re() -> re.Pattern[str]:
    """Return a regex of the first words of the patterns, as whole words of a lower-case text.

    Where ``text.lower()`` is as long as the text, its words are the text's words lowered, at the
    same offsets: lowering keeps every other character one character of the same class (letter,
    digit, space, other; checked over all of Unicode), and a first word holds no Greek sigma, the
    one letter lowered by its context. The words are written as a tree ("c(?:adre|onvention)…"):
    a flat list of 200 words costs more than the Python loop over every word it replaces.
    """
    tree: dict[str, dict] = {}
    for word in _BY_FIRST:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [re.escape(char) + branch(child) if char else "" for char, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return re.compile(r"(?<![^\W\d_])" + branch(tree) + r"(?![^\W\d_])")


def find_instruments(text: str) -> list[tuple[str, int, int]]:
    """Return (canonical name, start, end) of every instrument cited, in text order."""
    hits = _anchored_hits(text)
    for entry, pattern in _ANYWHERE:
        if required_text(pattern) not in text:
            continue  # the pattern cannot match: most texts lack its fixed words
        for m in _compiled(pattern).finditer(text):
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
        if any(k[1] <= m.start("n") < k[2] for k in cited):
            continue  # inside a full title ("… et son Protocole facultatif" is matched there)
        before = [k for k in cited if k[2] <= m.start()]
        if before:
            parent = max(before, key=lambda k: k[2])[0]
            kept.extend((name, m.start(), m.end()) for name in protocols_of(parent, m.group("n").endswith("s")))
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

def instruments_in(text: str, calls: list[tuple[int, int]], paragraph: Paragraph, organ: str,
                   recent: dict[str, str] | None = None) -> list[Instrument]:
    """Return the instruments cited in the text, enriched by the paragraph's footnotes.

    ``recent`` maps a head ("Programme d'action") to the last instrument of that head the
    resolution named in full, for the mentions by the head alone.
    """
    hits = find_instruments(text)
    if recent:
        hits = sorted(hits + elliptical(text, hits, recent), key=lambda h: h[1])
    notes = {fn.number: fn.text for fn in paragraph.footnotes}
    # A call says which instrument its note is about; with no calls left, only the note's content can.
    enrich = _enrich_by_calls(text, calls, hits, notes, organ) if calls else _enrich_by_content(hits, notes, organ)
    return _instruments(hits, enrich)


# What a footnote tells of an instrument: its Treaty Series reference and its adopting resolution.
_Enrichment = dict[str, tuple[str | None, str | None]]


def _attach(enrich: _Enrichment, name: str, note: str, organ: str) -> None:
    """Record what a footnote tells of an instrument, when it tells anything."""
    series = _series(note)
    adopted = cited.footnote_resolution(note, organ)
    if series or adopted:
        enrich[name] = (series, adopted)


def _enrich_by_calls(text: str, calls: list[tuple[int, int]], hits: list[tuple[str, int, int]],
                     notes: dict[int, str], organ: str) -> _Enrichment:
    """Give each footnote to the instruments named right before its call."""
    enrich: _Enrichment = {}
    for pos, number in calls:
        if number not in notes:
            continue
        # Only a name the call follows directly (closing quotes aside) is the one the note describes.
        before = [h for h in hits if h[2] <= pos and len(text[h[2]:pos].strip(" »\"")) == 0]
        if not before:
            continue
        span_end = before[-1][2]
        for h in before:
            if h[2] == span_end:
                _attach(enrich, h[0], notes[number], organ)
        # A note on a protocol cited beside its convention describes the convention too.
        last = before[-1][0]
        parent = next((p for p, c in voc.PROTOCOL_OF.items() if c == last), None)
        if parent and any(h[0] == parent for h in hits):
            _attach(enrich, parent, notes[number], organ)
    return enrich


def _enrich_by_content(hits: list[tuple[str, int, int]], notes: dict[int, str], organ: str) -> _Enrichment:
    """Give each footnote to the instrument whose known Treaty Series number or adopting resolution it gives.

    No calls are left in the text, so a note's content is all that ties it to an instrument.
    """
    enrich: _Enrichment = {}
    for note in notes.values():
        series, adopted = _series(note), cited.footnote_resolution(note, organ)
        for name, _, _ in hits:
            if _note_describes(_INSTRUMENT_BY_NAME[name], series, adopted):
                _attach(enrich, name, note, organ)
    # A footnote listing several volumes ("vol. 2225, 2237, 2241 et 2326")
    # covers a convention and its protocols cited together.
    for parent, child in voc.PROTOCOL_OF.items():
        series = enrich.get(parent, (None, None))[0]
        if series and child in {h[0] for h in hits} and child not in enrich and "," in series.split("n°")[0]:
            enrich[child] = (series, None)
    return enrich


def _note_describes(entry: _InstrumentEntry, series: str | None, adopted: str | None) -> bool:
    """Tell whether a note's Treaty Series reference (number and volume) or adopting resolution is the entry's."""
    num = re.search(r"n° ([\d]+)", entry.treaty_series or "")
    if series and num and re.search(r"n° " + num.group(1) + r"\b", series):
        vols = re.search(r"vol\. (\d+)", entry.treaty_series or "")
        return bool(vols and vols.group(1) in series)
    return bool(adopted and adopted == entry.adopted_by)


def _instruments(hits: list[tuple[str, int, int]], enrich: _Enrichment) -> list[Instrument]:
    """Return each instrument cited once, in text order, with what its footnotes told or what is known of it."""
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

