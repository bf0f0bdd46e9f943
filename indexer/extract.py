"""Extract the facets of a paragraph: opening verb, addressees, instruments, resolutions.

Pure functions over :class:`indexer.model.Paragraph`; no Whoosh or Flask.  The
vocabularies are data in :mod:`indexer.vocabulary`.

What the extractor expects of a paragraph:

- ``text`` starts with the opening phrase (no number or letter prefix); italics
  markers (``*``) and Markdown links are tolerated and ignored.
- Footnote calls may be left in ``text`` as ``<sup>N</sup>``, ``[^N]`` or
  Unicode superscript digits; they are then used to attach each footnote to
  the citation it follows.  Without calls, footnotes are matched to
  instruments by content (known Treaty Series number or adopting resolution).
- ``opening`` may be empty: it is then derived from ``text``.

Normalisation choices (documented here because they define facet values):

- Verb values are the table values of :data:`indexer.vocabulary.VERBS`, with
  additive adverbs dropped and adjectives in the masculine singular
  ("Consciente" -> "Conscient"); apostrophes are straight.  An opening not in
  the table is kept as written (adverbs dropped) with kind "other".
- Cited resolutions become symbols: A/RES/67/172, A/HRC/RES/23/20,
  E/CN.9/RES/2006/2 (Commission on Population and Development), E/RES/…,
  S/RES/1325 (2000), A/RES/217 A (III).  Footnotes that cite a resolution
  ("Résolution 66/288, annexe") or a whole document ("A/68/283",
  "Supplément n° 48 (A/68/48)") add to the facet; footnotes that point into a
  chapter of a report ("…, chap. V, sect. A") do not, as they only say where
  a text is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from indexer import vocabulary as voc
from indexer.model import Paragraph

SECURITY_COUNCIL = "Conseil de sécurité"


@dataclass(frozen=True)
class Verb:
    """A normalised opening phrase with its root, English equivalent and kind."""

    value: str
    root: str
    en: str
    kind: str


@dataclass(frozen=True)
class Instrument:
    """A cited treaty, declaration or outcome document, under its canonical name."""

    name: str
    aliases: tuple[str, ...] = ()
    treaty_series: str | None = None
    adopted_by: str | None = None


@dataclass(frozen=True)
class Facets:
    """The facets of one paragraph."""

    verb: Verb | None = None
    secondary_verbs: tuple[Verb, ...] = ()
    addressees: tuple[str, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    resolutions: tuple[str, ...] = field(default=())

    def to_fields(self) -> dict[str, Any]:
        """Return the flat JSON fields of ``resolu parse --json`` for this paragraph."""
        return {
            "verb": self.verb.value if self.verb else None,
            "verb_root": self.verb.root if self.verb else None,
            "verb_en": self.verb.en if self.verb else None,
            "verb_kind": self.verb.kind if self.verb else None,
            "secondary_verbs": [v.value for v in self.secondary_verbs],
            "addressees": list(self.addressees),
            "instruments": [i.name for i in self.instruments],
            "resolutions": list(self.resolutions),
        }


# ---------------------------------------------------------------------------
# Text cleaning
# ---------------------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_CALL_RE = re.compile(r"<sup>\s*(\d+)\s*</sup>|\[\^(\d+)\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def clean_text(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Return text without markup, and the footnote calls as (position, number)."""
    text = text.replace("’", "'").replace("\u02bc", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links keep their label
    text = re.sub(r"<sup>\s*(?:er|e|re|ème)\s*</sup>", "", text)  # 1<sup>er</sup> is no call
    text = text.replace("*", "")
    out: list[str] = []
    calls: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _CALL_RE.finditer(text):
        chunk = text[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        number = m.group(1) or m.group(2) or m.group(3).translate(_SUPERSCRIPTS)
        calls.append((length, int(number)))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), calls


def _norm_apostrophes(s: str) -> str:
    return s.replace("’", "'").replace("\u02bc", "'")


# ---------------------------------------------------------------------------
# Opening verbs
# ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*'?|\d+|[^\s\w]")


def _agreement_map() -> dict[str, str]:
    forms: dict[str, str] = {}
    for lemma in voc.AGREEING_ADJECTIVES:
        if lemma.endswith("ment"):
            forms[lemma] = lemma
            continue
        if lemma.endswith("eux"):
            stems = [lemma, lemma[:-1] + "se", lemma[:-1] + "ses"]
        elif lemma.endswith("et"):
            stems = [lemma, lemma[:-2] + "ète", lemma[:-2] + "ets", lemma[:-2] + "ètes"]
        else:
            stems = [lemma, lemma + "e", lemma + "s", lemma + "es"]
        for form in stems:
            forms[form] = lemma
    return forms


_AGREEMENT = _agreement_map()
_ADVERBS = [tuple(a.split()) for a in voc.ADDITIVE_ADVERBS]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Return (normalised token, start, end) for each word or punctuation mark."""
    out = []
    for m in _TOKEN_RE.finditer(_norm_apostrophes(text)):
        tok = m.group(0).lower()
        out.append((_AGREEMENT.get(tok, tok), m.start(), m.end()))
    return out


def _drop_adverbs(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    out = []
    i = 0
    while i < len(toks):
        for adv in _ADVERBS:
            if tuple(t[0] for t in toks[i:i + len(adv)]) == adv:
                i += len(adv)
                break
        else:
            out.append(toks[i])
            i += 1
    return out


@dataclass(frozen=True)
class _Entry:
    verb: Verb
    words: tuple[str, ...]


_ENTRIES = sorted(
    (_Entry(Verb(v, r, e, k), tuple(t[0] for t in _tokens(v))) for v, r, e, k in voc.VERBS),
    key=lambda e: -len(e.words),
)
_BY_VALUE = {e.verb.value.lower(): e.verb for e in _ENTRIES}


def _match_prefix(toks: list[tuple[str, int, int]], kinds: Iterable[str] | None = None) -> tuple[_Entry, int] | None:
    """Return the longest vocabulary entry at the start of toks and the tokens it used."""
    words = tuple(t[0] for t in toks)
    allowed = set(kinds) if kinds is not None else None
    for entry in _ENTRIES:
        n = len(entry.words)
        if words[:n] == entry.words and (allowed is None or entry.verb.kind in allowed):
            return entry, n
    return None


def _unknown(toks: list[tuple[str, int, int]], source: str) -> Verb | None:
    words = [source[s:e] for _, s, e in toks if re.match(r"\w", source[s:e])]
    if not words:
        return None
    value = " ".join(words)
    value = value[0].upper() + value[1:]
    return Verb(value, words[0][0].upper() + words[0][1:], "", "other")


def normalise_opening(opening: str) -> Verb | None:
    """Normalise an opening phrase as written into its facet value, or None if empty."""
    opening = _norm_apostrophes(opening).replace("*", "").strip(" ,;:.")
    if not opening:
        return None
    toks = _drop_adverbs(_tokens(opening))
    found = _match_prefix(toks)
    if found:
        return found[0].verb
    # Unknown phrase: keep it (adverbs dropped, masculine singular) so that
    # the facet still lists it; a new vocabulary line will give it an English label.
    return _unknown(toks, _norm_apostrophes(opening)) if toks else None


def verb_info(value: str) -> Verb | None:
    """Return the vocabulary entry of a facet value (e.g. for its English label)."""
    return _BY_VALUE.get(_norm_apostrophes(value).strip().lower())


def _opening_verb(opening: str, text: str) -> tuple[Verb | None, int]:
    """Return the paragraph's verb and the offset in text where the phrase ends."""
    toks = _tokens(text)
    head = _drop_adverbs(toks[:16])
    by_text = _match_prefix(head)
    by_open = None
    if opening.strip():
        otoks = _drop_adverbs(_tokens(opening.replace("*", "")))
        by_open = _match_prefix(otoks)
    end = 0
    if by_text:
        last = head[by_text[1] - 1]
        end = last[2]
        # Skip adverbs that follow the phrase ("Demande également aux …").
        rest = [t for t in toks if t[1] >= end]
        while rest:
            dropped = _drop_adverbs(rest[:4])
            if dropped and dropped[0] is not rest[0]:
                skip = rest.index(dropped[0])
                end = rest[skip - 1][2]
                rest = rest[skip:]
            elif not dropped and rest:
                end = rest[min(len(rest), 4) - 1][2]
                rest = rest[4:]
            else:
                break
    if by_open and by_text and by_text[0].words[: len(by_open[0].words)] == by_open[0].words:
        return by_text[0].verb, end
    if by_open:
        return by_open[0].verb, end or len(opening)
    if by_text:
        return by_text[0].verb, end
    if opening.strip():
        return normalise_opening(opening), len(opening)
    return None, 0


# ---------------------------------------------------------------------------
# Secondary verbs
# ---------------------------------------------------------------------------

_CALL_KINDS = ("call", "decision")
_OBJECT_STARTS = {
    "call": {"à", "aux", "au", "les", "le", "la", "l'", "tous", "toutes", "tout", "ces", "cette",
             "ce", "que", "qu'", "son", "sa", "ses", "leurs", "instamment", "vivement", "un", "une",
             "de", "d'", "israël"},
    "decision": {"de", "d'", "que", "qu'", "en", "le", "la", "les", "l'"},
}
_BOUNDARY = {"et", ",", ";", ":"}


def _secondary(text: str, start: int) -> list[tuple[Verb, int]]:
    """Return call/decision verbs met after the opening, with the offset after each."""
    toks = [t for t in _tokens(text)]
    found: list[tuple[Verb, int]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok[1] < start or i == 0 or toks[i - 1][0] not in _BOUNDARY:
            i += 1
            continue
        # The verb must be lowercase in running text: a capital would be a name.
        if not text[tok[1]].islower():
            i += 1
            continue
        window = _drop_adverbs(toks[i:i + 10])
        match = _match_prefix(window, _CALL_KINDS)
        if not match:
            i += 1
            continue
        entry, n = match
        after = window[n:n + 1]
        if entry.verb.root in ("Demande", "Demandant") and after and after[0][0] in ("d'", "de"):
            after = []  # "demande d'asile" is a noun
        if not after or after[0][0] not in _OBJECT_STARTS[entry.verb.kind]:
            i += 1
            continue
        end = window[n - 1][2]
        rest = [t for t in toks if t[1] >= end]
        dropped = _drop_adverbs(rest[:4])
        if dropped and rest and dropped[0] is not rest[0]:
            end = rest[rest.index(dropped[0]) - 1][2]
        found.append((entry.verb, end))
        i = next((k for k, t in enumerate(toks) if t[1] >= end), len(toks))
    return found


# ---------------------------------------------------------------------------
# Addressees
# ---------------------------------------------------------------------------

_ADDRESSEE_RES = [(name, re.compile(pat, re.IGNORECASE)) for name, pat in voc.ADDRESSEES]
_NOUN_STOP = {
    "mer", "guerre", "frontière", "terre", "matière", "manière", "lumière", "ordre", "cadre",
    "centre", "membre", "nombre", "titre", "pouvoir", "devoir", "territoire", "mémoire",
    "histoire", "avenir", "plaisir", "loisir", "affaire", "entre", "notre", "votre", "contre",
    "autre", "être", "lettre", "partenaire", "commissaire", "secrétaire", "nécessaire",
    "fournir", "sommaire", "prière", "carrière", "famille", "père", "mère",
}
_INF = r"[a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re|oir)"
_TERMINATOR = re.compile(
    r"\s(?:de|à)\s+(?:ne\s+pas\s+)?(?:(?:se|y|en|lui|leur|les|la|le|nous)\s+|(?:s'|l'|n'))*(" + _INF + r")\b"
    r"|\sd'(?:(?:y|en)\s+)?(" + _INF + r")\b"
    r"|\sà\s+(?:s'|l'|y\s+|en\s+)(" + _INF + r")\b"
    r"|\squ(?:e\s|')|[;:.]"
)


def _np_end(text: str, start: int) -> int:
    for m in _TERMINATOR.finditer(text, start):
        verb = next((g for g in m.groups() if g), None)
        if verb and verb.lower() in _NOUN_STOP:
            continue
        return m.start()
    return len(text)


_LEAD_RE = re.compile(
    r"(?:(?:tous|toutes|tout)\s+(?:les\s+)?|les\s+|le\s+|la\s+|l'|aux\s+|au\s+|à\s+|de\s+|d'|des\s+|"
    r"en particulier\s+|notamment\s+|y compris\s+|ainsi que\s+|et\s+|ou\s+|,\s*)+",
    re.IGNORECASE,
)
_MANDATE_STOP = re.compile(r",|;|\set\s+(?:le|la|les|l'|aux|au|à)\s*[A-ZÉ]|\set\s+(?:le|la|les|l')\s*(?:Haut|Secr|Représ|Rapport|Présid)")
_GOV_RE = re.compile(
    r"Gouvernement(?:\s+(?!de\b|du\b|des\b|d'|à\b|et\b|qui\b|aux?\b|en\b|pour\b|sur\b)([a-zéèêëïîôûç-]+)"
    r"|\s+((?:de la|de l'|du|des|d')\s*[A-ZÉÎ][\w'-]*(?:\s+(?:[A-ZÉÎ][\w'-]*|de|du|des|d'|la|l')){0,6}))?"
)


def _mandate(np: str, start: int) -> tuple[str, int]:
    stop = _MANDATE_STOP.search(np, start)
    end = stop.start() if stop else len(np)
    return np[start:end].strip(), end


def _special(np: str, pos: int) -> tuple[str, int] | None:
    """Match addressees whose value depends on what follows (mandate, instrument, country)."""
    s = np[pos:]
    m = re.match(r"États parties\b", s)
    if m:
        rest = np[pos + m.end():]
        ref = re.match(r"\s+(?:à la|au|aux|à l')\s+", rest)
        if ref:
            inst = _instrument_at(np, pos + m.end() + ref.end())
            if inst:
                name, end = inst
                return _parties_to(name), end
        return "États parties", pos + m.end()
    m = re.match(r"Rapporteu(?:r|se) spéciale?(?: du Conseil des droits de l'homme)?", s)
    if m:
        after = pos + m.end()
        mm = re.match(r"\s+(sur|chargée? d[eu]|chargée? de la question d[eu]s?|pour)\s+", np[after:])
        if mm:
            mandate, end = _mandate(np, after + mm.end())
            prep = "sur" if mm.group(1) == "sur" else mm.group(1).replace("chargée", "chargé")
            return f"Rapporteur spécial {prep} {mandate}", end
        return "Rapporteur spécial", after
    m = re.match(r"Représentante? spéciale? du Secrétaire général", s)
    if m:
        after = pos + m.end()
        mm = re.match(r"\s+(pour|sur|chargée? d[eu]|chargée? de la question d[eu]s?|en|au|à la|à l'|aux)\s+", np[after:])
        if mm:
            mandate, end = _mandate(np, after + mm.end())
            return f"Représentant spécial du Secrétaire général {mm.group(1).replace('chargée', 'chargé')} {mandate}", end
        return "Représentant spécial du Secrétaire général", after
    m = re.match(r"(Présidente?|Président) du (Comité|Conseil|Groupe)\b", s)
    if m and m.group(2) == "Comité":
        after = pos + m.end()
        mandate, end = _mandate(np, after)
        return ("Président du Comité " + mandate).strip(), end
    m = re.match(r"Haut-Commissaire(?! des Nations Unies)", s)
    if m:
        return "Haut-Commissaire", pos + m.end()
    m = _GOV_RE.match(s)
    if m:
        if m.group(1):
            return f"Gouvernement {m.group(1)}", pos + m.end()
        if m.group(2):
            return f"Gouvernement {m.group(2).strip()}", pos + m.end()
        return "Gouvernement", pos + m.end()
    return None


def _parties_to(name: str) -> str:
    first = name.split()[0]
    prep = {"Pacte": "au", "Statut": "au", "Protocole": "au", "Traité": "au",
            "Conventions": "aux", "Protocoles": "aux"}.get(first, "à la")
    if name.startswith("L'"):
        prep = "à"
    return f"États parties {prep} {name}"


def _addressees_in(np: str) -> list[str]:
    """Return the vocabulary addressees found, in order, in an object phrase."""
    out: list[str] = []
    pos = 0
    while pos < len(np):
        lead = _LEAD_RE.match(np, pos)
        if lead and lead.end() > pos:
            pos = lead.end()
            continue
        special = _special(np, pos)
        best: tuple[str, int] | None = special
        for name, rx in _ADDRESSEE_RES:
            m = rx.match(np, pos)
            if m and (best is None or m.end() > best[1]):
                best = (name, m.end())
        if best:
            if best[0] not in out:
                out.append(best[0])
            pos = best[1]
            continue
        nxt = re.compile(r"[\s,]+").search(np, pos)
        pos = nxt.end() if nxt else len(np)
    return out


_FALLBACK_RE = re.compile(r"^(?:l'|le |la |les |aux? |à )?([A-ZÉÎ][\w'-]*(?:\s+[\w'-]+){0,4})\s*$")


def _addressees_after(text: str, start: int) -> list[str]:
    """Return the addressees of the call verb whose phrase ends at start."""
    rest = text[start:]
    que = re.match(r"\s*(?:à ce que\s+|que\s+|qu')", rest)
    end = _np_end(text, start + (que.end() if que else 0))
    if que:
        # "Exige que toutes les parties cessent …": only a vocabulary subject
        # right after "que" counts, the rest is a finite clause.
        np = text[start + que.end():start + que.end() + 160]
        lead = _LEAD_RE.match(np)
        head = np[lead.end():] if lead else np
        found = _addressees_in(head.split(",")[0])
        return found[:1] if found and _addressees_in(head[:60])[:1] == found[:1] else []
    np = text[start:end]
    found = _addressees_in(np)
    if not found:
        # An addressee outside the vocabulary ("Demande à Israël de …",
        # "Engage l'UNITA à …"): keep a short capitalised name as written.
        m = _FALLBACK_RE.match(np.strip(" ,"))
        if m and len(m.group(1)) < 60:
            found = [m.group(1)]
    return found


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


def _instrument_at(text: str, pos: int) -> tuple[str, int] | None:
    best: tuple[str, int] | None = None
    for entry in _INSTRUMENTS:
        for rx in entry.patterns:
            m = rx.match(text, pos)
            if m and (best is None or m.end() > best[1]):
                best = (entry.name, m.end())
    return best


def _find_instruments(text: str) -> list[tuple[str, int, int]]:
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
    for m in _POSSESSIVE_PROTOCOL.finditer(text):
        before = [k for k in kept if k[2] <= m.start()]
        if before and before[-1][0] in voc.PROTOCOL_OF:
            kept.append((voc.PROTOCOL_OF[before[-1][0]], m.start(), m.end()))
    kept.sort(key=lambda h: h[1])
    return kept


_SERIES_RE = re.compile(r"vol\.\s*([\d\s,et]+?),\s*n[°o]\s*([\d\s,-]+(?:\s*(?:à|et)\s*\d+)?)")
_FOOT_RES_RE = re.compile(r"^\s*(?:Voir\s+)?[Rr]ésolutions?\s+(\S+(?:\s+[A-Z]\s+\([IVXLC]+\))?)")


def _series(text: str) -> str | None:
    m = _SERIES_RE.search(text)
    if not m:
        return None
    return f"vol. {m.group(1).strip()}, n° {m.group(2).strip().rstrip('.,')}"


def _footnote_resolution(text: str, organ: str) -> str | None:
    m = _FOOT_RES_RE.match(_norm_apostrophes(text.replace("*", "")))
    if not m:
        return None
    refs = _find_resolutions("résolution " + m.group(1), organ)
    return refs[0] if refs else None


# ---------------------------------------------------------------------------
# Cited resolutions and documents
# ---------------------------------------------------------------------------

_REF_RE = re.compile(
    r"(?<![\w/.\-])(?:(?P<sc>\d{1,4}) \((?P<year>(?:19|20)\d{2})\)"
    r"|(?P<old>\d{1,4}) (?P<letter>[A-Z]) \((?P<sess>[IVXLC]+)\)"
    r"|(?P<num>(?:(?:ES|S)-)?\d{1,4}/\d{1,4})(?![\w/]))"
)
_DOC_RE = re.compile(r"(?<![\w/])(?:A|S|E|ST|TD|UNEP|CRC|CEDAW|CCPR|DP)/(?:[A-Za-z0-9.\-]+/)*[A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*")
_BODY_RES = [(re.compile(r"\s*" + p, re.IGNORECASE), prefix) for p, prefix in voc.RESOLUTION_BODIES]
_DATE_SKIP = re.compile(r",?\s*(?:en date )?du \d{1,2}(?:er)? \w+ \d{4},?|,?\s*en date des? [^,]*,")


def _find_resolutions(text: str, organ: str) -> list[str]:
    """Return the symbols of resolutions and documents cited in the text, in order."""
    hits: list[tuple[int, str]] = []
    refs = list(_REF_RE.finditer(text))
    last_body: str | None = None
    group: list[re.Match[str]] = []

    def flush(prefix: str | None) -> None:
        for g in group:
            num = g.group("num")
            hits.append((g.start(), (prefix or "A/RES/") + num))

    for i, m in enumerate(refs):
        if m.group("sc"):
            hits.append((m.start(), f"S/RES/{m.group('sc')} ({m.group('year')})"))
            continue
        if m.group("old"):
            hits.append((m.start(), f"A/RES/{m.group('old')} {m.group('letter')} ({m.group('sess')})"))
            continue
        group.append(m)
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        gap = text[m.end():nxt.start()] if nxt else ""
        if nxt and nxt.group("num") and re.fullmatch(r"\s*(?:,|et|,\s*et)\s*", gap):
            continue  # same enumeration: the body, if any, follows the last one
        after = text[m.end():m.end() + 200]
        skip = _DATE_SKIP.match(after)
        if skip:
            after = after[skip.end():]
        prefix = None
        for rx, pfx in _BODY_RES:
            if rx.match(after):
                prefix = pfx
                break
        if prefix is None and re.match(r"\s*de (?:celle|celui)-ci", after):
            prefix = last_body
        if prefix:
            last_body = prefix
        flush(prefix)
        group = []
    for m in _DOC_RE.finditer(text):
        hits.append((m.start(), m.group(0).rstrip(".,")))
    hits.sort(key=lambda h: h[0])
    out: list[str] = []
    for _, sym in hits:
        if sym not in out:
            out.append(sym)
    return out


def _footnote_documents(text: str, organ: str) -> list[str]:
    """Return what a footnote cites: a resolution, or a whole document."""
    text = _norm_apostrophes(text.replace("*", ""))
    res = _footnote_resolution(text, organ)
    if res:
        return [res]
    if re.search(r"\bchap\.|\bsect\.|\bannexe\b|\bpar\.|Recueil des Traités", text):
        return []  # a place where something else is printed, not a citation
    return [m.group(0).rstrip(".,") for m in _DOC_RE.finditer(text)]


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------

_SHORT_FORMS = ("Rapporteur spécial", "Représentant spécial du Secrétaire général",
                "Président du Comité", "Haut-Commissaire")
_MENTION_RES = [
    ("Rapporteur spécial", re.compile(r"Rapporteu(?:r|se) spéciale?")),
    ("Représentant spécial du Secrétaire général", re.compile(r"Représentante? spéciale? du Secrétaire général")),
    ("Président du Comité", re.compile(r"Présidente? du Comité")),
    ("Haut-Commissaire", re.compile(r"Haut-Commissaire")),
    ("Comité", re.compile(r"(?<!Président du )(?<!Présidente du )Comité\b")),
]


def _mentions(text: str) -> dict[str, str]:
    """Return the fullest form of each short-named office mentioned in a text."""
    found: dict[str, str] = {}
    for short, rx in _MENTION_RES:
        for m in rx.finditer(text):
            if short == "Comité":
                mandate, _ = _mandate(text, m.end())
                value = ("Comité " + mandate).strip() if mandate else ""
                value = re.split(r"\s+(?:sur les travaux|sur sa|à sa|à ses)\b", value)[0]
            else:
                got = _special(text, m.start())
                value = got[0] if got else ""
                if short == "Haut-Commissaire":
                    hc = re.match(r"Haut-Commissaire des Nations Unies (?:aux droits de l'homme|pour les réfugiés)", text[m.start():])
                    value = hc.group(0) if hc else ""
            if value and value != short and len(value) > len(found.get(short, "")):
                found[short] = value
    return found


def _resolve_short(value: str, context: dict[str, str]) -> str:
    if value == "Président du Comité" and "Comité" in context:
        return "Président du " + context["Comité"]
    if value in _SHORT_FORMS and value in context:
        return context[value]
    return value


def extract(paragraph: Paragraph, organ: str = "", context: dict[str, str] | None = None) -> Facets:
    """Extract the facets of one paragraph.

    ``organ`` is the adopting organ ("Assemblée générale", "Conseil de sécurité");
    ``context`` maps short office names ("Rapporteur spécial") to their full
    form seen earlier in the resolution (see :func:`extract_resolution`).
    """
    text, calls = clean_text(paragraph.text)
    opening = _norm_apostrophes(paragraph.opening or "")
    verb, end = _opening_verb(opening, text)
    if verb is None and paragraph.kind == "other":
        return Facets(resolutions=tuple(_find_resolutions(text, organ)))

    secondary = _secondary(text, end)
    addressees: list[str] = []
    if verb and verb.kind == "call":
        addressees.extend(_addressees_after(text, end))
    for sverb, send in secondary:
        if sverb.kind == "call":
            addressees.extend(_addressees_after(text, send))
    ctx = context or {}
    resolved: list[str] = []
    for a in addressees:
        a = _resolve_short(a, ctx)
        if a not in resolved:
            resolved.append(a)
    secondary_verbs: list[Verb] = []
    for sverb, _ in secondary:
        if sverb not in secondary_verbs and sverb != verb:
            secondary_verbs.append(sverb)

    instruments = _instruments(text, calls, paragraph, organ)
    resolutions = _find_resolutions(text, organ)
    for fn in paragraph.footnotes:
        for sym in _footnote_documents(fn.text, organ):
            if sym not in resolutions:
                resolutions.append(sym)
    return Facets(verb, tuple(secondary_verbs), tuple(resolved), tuple(instruments), tuple(resolutions))


def _instruments(text: str, calls: list[tuple[int, int]], paragraph: Paragraph, organ: str) -> list[Instrument]:
    hits = _find_instruments(text)
    notes = {fn.number: fn.text for fn in paragraph.footnotes}
    enrich: dict[str, tuple[str | None, str | None]] = {}

    def attach(name: str, note: str) -> None:
        series = _series(note)
        adopted = _footnote_resolution(note, organ)
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
            series, adopted = _series(note), _footnote_resolution(note, organ)
            for name, _, _ in hits:
                entry = _INSTRUMENT_BY_NAME[name]
                num = re.search(r"n° ([\d]+)", entry.treaty_series or "")
                if series and num and re.search(r"n° " + num.group(1) + r"\b", series):
                    vols = re.search(r"vol\. (\d+)", entry.treaty_series or "")
                    if vols and vols.group(1) in series:
                        attach(name, note)
                elif adopted and adopted == entry.adopted_by:
                    attach(name, note)
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


def extract_resolution(paragraphs: Iterable[Paragraph], organ: str = "") -> list[Facets]:
    """Extract the facets of every paragraph of a resolution, in order.

    Short names of offices ("le Rapporteur spécial", "le Président du Comité")
    are resolved to the full name met in the same or an earlier paragraph.
    """
    context: dict[str, str] = {}
    out = []
    for p in paragraphs:
        text, _ = clean_text(p.text)
        for k, v in _mentions(text).items():
            context.setdefault(k, v)
        out.append(extract(p, organ, context))
    return out


def instrument(name: str) -> Instrument | None:
    """Return the vocabulary instrument with this canonical name or alias."""
    canonical = ALIASES.get(name.lower(), name)
    entry = _INSTRUMENT_BY_NAME.get(canonical)
    if not entry:
        return None
    return Instrument(entry.name, entry.aliases, entry.treaty_series, entry.adopted_by)


def instrument_aliases(name: str) -> tuple[str, ...]:
    """Return the aliases and acronyms of an instrument or body (by name or alias)."""
    canonical = ALIASES.get(name.lower(), name)
    entry = _INSTRUMENT_BY_NAME.get(canonical)
    if entry:
        return entry.aliases
    return tuple(alias.upper() for alias, target in voc.BODY_ALIASES.items() if target == canonical)


def _build_aliases() -> dict[str, str]:
    aliases = dict(voc.BODY_ALIASES)
    for entry in _INSTRUMENTS:
        for alias in entry.aliases:
            aliases.setdefault(alias.lower(), entry.name)
    return aliases


ALIASES: dict[str, str] = _build_aliases()
