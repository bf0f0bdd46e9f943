"""Extract the facets of a paragraph: opening verb, addressees, instruments, resolutions.

Pure functions over :class:`indexer.model.Paragraph`; no Whoosh or Flask.  The
vocabularies are data in :mod:`indexer.facets.vocabulary`.

What the extractor expects of a paragraph:

- ``text`` starts with the opening phrase (no number or letter prefix); italics
  markers (``*``) and Markdown links are tolerated and ignored.
- Footnote calls may be left in ``text`` as ``<sup>N</sup>``, ``[^N]`` or
  Unicode superscript digits; they are then used to attach each footnote to
  the citation it follows.  Without calls, footnotes are matched to
  instruments by content (known Treaty Series number or adopting resolution).
- ``opening`` may be empty: it is then derived from ``text``.

Normalisation choices (documented here because they define facet values):

- Verb values are the table values of :data:`indexer.facets.vocabulary.VERBS`, with
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

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.facets import cited
from indexer.facets import vocabulary as voc
from indexer.model import Paragraph
from indexer.sources.markup import cut_calls


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
    # Reports, notes, drafts and decisions cited (A/74/236): not resolutions (indexer.facets.cited).
    documents: tuple[str, ...] = field(default=())

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
            "documents": list(self.documents),
        }


# ---------------------------------------------------------------------------
# Text cleaning
# ---------------------------------------------------------------------------

_CALL_RE = re.compile(r"<sup>\s*(\d+)\s*</sup>|\[\^(\d+)\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def clean_text(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Return text without markup, and the footnote calls as (position, number)."""
    text = text.replace("’", "'").replace("\u02bc", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links keep their label
    text = re.sub(r"<sup>\s*(?:er|e|re|ème)\s*</sup>", "", text)  # 1<sup>er</sup> is no call
    text = text.replace("*", "")
    plain, calls = cut_calls(text, _CALL_RE)
    return plain, [(offset, number) for number, offset in calls]


def _norm_apostrophes(s: str) -> str:
    """Replace typographic apostrophes by the straight one."""
    return s.replace("’", "'").replace("\u02bc", "'")


# ---------------------------------------------------------------------------
# Opening verbs
# ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*'?|\d+|[^\s\w]")


def _agreement_map() -> dict[str, str]:
    """Map each inflected form of the agreeing adjectives to its masculine singular."""
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
# Adverbs by their first word, longest first: the scan below runs on every
# token of every paragraph, so it must not try each adverb at each position.
_ADVERBS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _adv in sorted(_ADVERBS, key=len, reverse=True):
    _ADVERBS_BY_FIRST.setdefault(_adv[0], []).append(_adv)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Return (normalised token, start, end) for each word or punctuation mark."""
    return list(_cached_tokens(text))


@functools.lru_cache(maxsize=16)
def _cached_tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    # The opening verb, the secondary verbs and the addressees of one
    # paragraph each tokenise it: once is enough.
    out = []
    for m in _TOKEN_RE.finditer(_norm_apostrophes(text)):
        tok = m.group(0).lower()
        out.append((_AGREEMENT.get(tok, tok), m.start(), m.end()))
    return tuple(out)


def _drop_adverbs(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Remove the additive adverbs (également, en outre…) from a token list."""
    out = []
    i = 0
    n = len(toks)
    while i < n:
        for adv in _ADVERBS_BY_FIRST.get(toks[i][0], ()):
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


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t[0] for t in _tokens(phrase))


_CANONICAL = [_Entry(Verb(v, r, e, k), _words(v)) for v, r, e, k in voc.VERBS]
_BY_VALUE = {e.verb.value.lower(): e.verb for e in _CANONICAL}
# Other spellings (OCR, agreement) match as entries of their canonical verb.
_ENTRIES = sorted(
    [*_CANONICAL, *(_Entry(_BY_VALUE[value.lower()], _words(spelling)) for spelling, value in voc.OPENING_VARIANTS)],
    key=lambda e: -len(e.words),
)
# Entries by first word (longest first), for the same reason as the adverbs.
_ENTRIES_BY_FIRST: dict[str, list[_Entry]] = {}
for _entry in _ENTRIES:
    _ENTRIES_BY_FIRST.setdefault(_entry.words[0], []).append(_entry)
_GLUED_ADVERBS = frozenset(voc.GLUED_ADVERBS)


def _match_words(words: tuple[str, ...], allowed: set[str] | None) -> tuple[_Entry, int] | None:
    for entry in _ENTRIES_BY_FIRST.get(words[0], ()):
        n = len(entry.words)
        if words[:n] == entry.words and (allowed is None or entry.verb.kind in allowed):
            return entry, n
    return None


def _match_glued(words: tuple[str, ...], allowed: set[str] | None) -> tuple[_Entry, int] | None:
    """Match an opening whose first two words OCR glued together ("Sefélicite", "Condamnantfermement").

    The split must give a vocabulary phrase of two words or more, or a verb
    followed by an adverb: a word that merely starts like a verb ("Prier") is no match.
    """
    first = words[0]
    for cut in range(2, len(first) - 1):
        head, tail = first[:cut], first[cut:]
        if head not in _ENTRIES_BY_FIRST:
            continue
        found = _match_words((head, _AGREEMENT.get(tail, tail), *words[1:]), allowed)
        if found and (found[1] >= 2 or tail in _GLUED_ADVERBS):
            return found[0], max(found[1] - 1, 1)
    return None


def _match_prefix(toks: list[tuple[str, int, int]], kinds: Iterable[str] | None = None,
                  glued: bool = False) -> tuple[_Entry, int] | None:
    """Return the longest vocabulary entry at the start of toks and the tokens it used.

    ``glued`` also tries splitting the first word in two (openings only: the
    secondary verbs are looked for at every word, where a split would cost too much).
    """
    if not toks:
        return None
    words = tuple(t[0] for t in toks[:12])
    allowed = set(kinds) if kinds is not None else None
    return _match_words(words, allowed) or (_match_glued(words, allowed) if glued else None)


# Words that cannot open a paragraph as its verb (an enumerated item of a
# sub-paragraph list starts "Toutes les …"): no verb facet then.
_NOT_VERBS = {"toutes", "tous", "tout", "toute", "les", "le", "la", "l'", "un", "une", "des", "de",
              "du", "d'", "à", "aux", "au", "en", "et", "ou", "que", "qui", "dans", "pour", "par", "sur"}
# Light verbs that need their complement to mean something ("Fait observer").
_LIGHT = {"fait", "prend", "rend", "lance", "ayant", "prenant", "faisant", "rendant", "se", "s'"}


def _unknown(toks: list[tuple[str, int, int]], source: str) -> Verb | None:
    """Make a facet value for an opening outside the vocabulary, or None."""
    words = [source[s:e] for _, s, e in toks if re.match(r"\w", source[s:e])]
    if not words or words[0].lower() in _NOT_VERBS:
        return None
    first = words[0].replace("'", "").replace("-", "")
    if not first.isalpha() or len(first) < 2 or re.fullmatch(r"[IVXLC]+", first):
        return None  # a list number or letter, not a verb
    # Keep the verb alone: the parser's opening of an unknown phrase may run
    # into its object ("Œuvrant sans relâche avec").
    n = 2 if words[0].lower() in _LIGHT and len(words) > 1 else 1
    value = " ".join(words[:n])
    value = value[0].upper() + value[1:]
    return Verb(value, value, "", "other")


def normalise_opening(opening: str) -> Verb | None:
    """Normalise an opening phrase as written into its facet value, or None if empty."""
    opening = _norm_apostrophes(opening).replace("*", "").strip(" ,;:.")
    if not opening:
        return None
    toks = _drop_adverbs(_tokens(opening))
    found = _match_prefix(toks, glued=True)
    if found:
        return found[0].verb
    # Unknown phrase: keep it (adverbs dropped, masculine singular) so that
    # the facet still lists it; a new vocabulary line will give it an English label.
    return _unknown(toks, _norm_apostrophes(opening)) if toks else None


def _source_tokens(text: str) -> list[tuple[str, int, int]]:
    """Return the tokens of a text without additive adverbs."""
    return _drop_adverbs(_tokens(text))


def verb_info(value: str) -> Verb | None:
    """Return the vocabulary entry of a facet value (e.g. for its English label).

    A phrase that goes on past a vocabulary verb with the manner or intensity the
    italics print ("Constatant avec une vive inquiétude") takes its verb's root,
    English label and kind.
    """
    key = _norm_apostrophes(value).strip().lower()
    if key in _BY_VALUE:
        return _BY_VALUE[key]
    words = key.split()
    for k in range(len(words) - 1, 0, -1):
        base = _BY_VALUE.get(" ".join(words[:k]))
        if base is not None:
            return Verb(value, base.root, base.en, base.kind)
    return None


# What follows a verb in its italic run and is its object, not its manner: "*Demande aux* États".
_OBJECT_WORDS = frozenset({"aux", "au", "à", "a", "le", "la", "les", "l'", "que", "qu'", "de", "d'", "du", "des",
                           "en", "pour", "sur", "dans", "par", "contre", "ces", "ce", "cette", "tous", "toutes",
                           "tout", "toute", "un", "une", "et", "ou", "s'", "se"})
_MANNER_MAX_WORDS = 6


def _with_manner(verb: Verb, otoks: list[tuple[str, int, int]], used: int, opening: str) -> Verb:
    """Return the verb with the rest of its italic run when that rest says how (issue 22).

    "*S'inquiète profondément*", "*Condamne sans équivoque*", "*Exprime sa profonde
    inquiétude*": folding manner or intensity into the bare verb would lose what the
    organ said. Sequence adverbs (également, en outre) are already dropped; an object
    ("*Demande aux*") or a long run is not a manner.
    """
    rest = otoks[used:]
    # A trailing preposition belongs to the object ("*Exprime son plein appui à*" l'Union africaine).
    while rest and (not rest[-1][0][0].isalpha() or rest[-1][0] in _OBJECT_WORDS):
        rest = rest[:-1]
    if not rest or len(rest) > _MANNER_MAX_WORDS or rest[0][0] in _OBJECT_WORDS \
            or re.match(r"(?:qu|l|d|s|n)'", rest[0][0]) or any(not t[0][0].isalpha() for t in rest):
        return verb
    # The tokens are already in the facet's form: lower case, adjectives agreed in the masculine
    # singular ("très gravement préoccupée" → "très gravement préoccupé"), sequence adverbs out.
    phrase = ""
    for word, _, _ in rest:
        phrase += word if phrase.endswith("'") or not phrase else f" {word}"
    return Verb(f"{verb.value} {phrase}", verb.root, verb.en, verb.kind) if phrase else verb


def _opening_verb(opening: str, text: str) -> tuple[Verb | None, int]:
    """Return the paragraph's verb and the offset in text where the phrase ends."""
    toks = _tokens(text)
    head = _drop_adverbs(toks[:16])
    by_text = _match_prefix(head, glued=True)
    by_open = None
    otoks: list[tuple[str, int, int]] = []
    clean = _norm_apostrophes(opening.replace("*", ""))
    if opening.strip():
        otoks = _drop_adverbs(_tokens(clean))
        by_open = _match_prefix(otoks, glued=True)
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
        if by_text[1] > by_open[1]:
            return by_text[0].verb, end  # the text's entry goes past the italics: it holds the manner
        return _with_manner(by_text[0].verb, otoks, by_open[1], clean), end
    if by_open:
        return _with_manner(by_open[0].verb, otoks, by_open[1], clean), end or len(opening)
    if by_text:
        return by_text[0].verb, end
    if opening.strip():
        return normalise_opening(opening), len(opening)
    head_text = _norm_apostrophes(text)
    return _unknown(_source_tokens(head_text)[:2], head_text), 0


# ---------------------------------------------------------------------------
# Secondary verbs
# ---------------------------------------------------------------------------

_CALL_KINDS = ("call", "decision")
_OBJECT_STARTS = {
    "call": {"à", "aux", "au", "les", "le", "la", "l'", "tous", "toutes", "tout", "ces", "cette",
             "ce", "que", "qu'", "son", "sa", "ses", "leurs", "instamment", "vivement", "un", "une",
             "de", "d'", "des", "du", "israël", "ledit", "ladite", "lesdits", "lesdites", "leur"},
    "decision": {"de", "d'", "que", "qu'", "en", "le", "la", "les", "l'"},
}
_BOUNDARY = {"et", ",", ";", ":"}
_PRONOUNS = {"le", "la", "les", "l'", "leur", "lui"}


def _secondary(text: str, start: int) -> list[tuple[Verb, int]]:
    """Return call/decision verbs met after the opening, with the offset after each."""
    toks = [t for t in _tokens(text)]
    found: list[tuple[Verb, int]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok[1] < start or i == 0:
            i += 1
            continue
        pronoun = toks[i - 1][0] in _PRONOUNS and i > 1 and toks[i - 2][0] in _BOUNDARY
        if toks[i - 1][0] not in _BOUNDARY and not pronoun:
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
        if not pronoun and (not after or after[0][0] not in _OBJECT_STARTS[entry.verb.kind]):
            i += 1
            continue
        # "et le prie de", "et leur demande de": a clitic object, then the
        # infinitive's "de"/"à" ("la demande en interprétation" is a noun).
        if pronoun and (entry.verb.kind != "call" or not after or after[0][0] not in {"de", "d'", "à"}
                        or (toks[i - 1][0] != "leur" and toks[i - 1][0] != "lui"
                            and entry.verb.root in {"Demande", "Charge"})):
            i += 1
            continue
        end = window[n - 1][2]
        rest = [t for t in toks if t[1] >= end]
        dropped = _drop_adverbs(rest[:4])
        if dropped and rest and dropped[0] is not rest[0]:
            end = rest[rest.index(dropped[0]) - 1][2]
        # A pronoun object ("et le prie de …") names no new addressee.
        found.append((entry.verb, -1 if pronoun else end))
        i = next((k for k, t in enumerate(toks) if t[1] >= end), len(toks))
    return found


# ---------------------------------------------------------------------------
# Addressees
# ---------------------------------------------------------------------------

# Old OCR texts write "Etats" without the accent.
_ADDRESSEE_RES = [(name, re.compile(pat.replace("États", "[ÉE]tats"), re.IGNORECASE)) for name, pat in voc.ADDRESSEES]
_NOUN_STOP = {
    "mer", "guerre", "frontière", "terre", "matière", "manière", "lumière", "ordre", "cadre",
    "centre", "membre", "nombre", "titre", "pouvoir", "devoir", "territoire", "mémoire",
    "histoire", "avenir", "plaisir", "loisir", "affaire", "entre", "notre", "votre", "contre",
    "autre", "lettre", "partenaire", "commissaire", "secrétaire", "nécessaire", "sommaire",
    "prière", "carrière", "famille", "père", "mère",
}
_INF = r"[a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re|oir)"
_TERMINATOR = re.compile(
    r"\s(?:de|à)\s+(?:ne\s+(?:pas|plus|jamais)?\s*|n')?(?:[a-zé]+ment\s+)?"
    r"(?:(?:se|y|en|lui|leur|les|la|le|nous)\s+|(?:s'|l'|n'))*(" + _INF + r")\b"
    r"|\sd'(?:(?:y|en)\s+)?(" + _INF + r")\b"
    r"|\sà\s+(?:s'|l'|y\s+|en\s+)(" + _INF + r")\b"
    r"|\squ(?:e\s|')|[;:.]"
)


# An apposition after the addressees ("Prie le Secrétaire général, agissant en
# consultation avec le Conseil …, de …") names helpers, not addressees.
_APPOSITION = re.compile(
    r",\s*(?:[a-zàâçéèêëîïôûùüÿœ]+ant\b|en (?:consultation|coopération|coordination|collaboration|"
    r"liaison|concertation|étroite)|avec\b|par l'intermédiaire|dans le cadre|conformément|"
    r"le cas échéant|selon (?:qu|le)|lorsqu|s'il y a lieu|sans\b|pour\b|afin\b)"
)


def _np_end(text: str, start: int) -> int:
    """Return where the addressee phrase starting at start ends."""
    end = len(text)
    for m in _TERMINATOR.finditer(text, start):
        verb = next((g for g in m.groups() if g), None)
        if verb and verb.lower() in _NOUN_STOP:
            continue
        end = m.start()
        break
    app = _APPOSITION.search(text, start, end)
    return app.start() if app else end


_LEAD_RE = re.compile(
    r"(?:(?:tous|toutes|tout)\s+(?:les\s+)?|les\s+|le\s+|la\s+|l'|aux\s+|au\s+|à\s+|de\s+|d'|des\s+|"
    r"en particulier\s+|notamment\s+|y compris\s+|ainsi que\s+|et\s+|ou\s+|,\s*|\s+)+",
    re.IGNORECASE,
)
_MANDATE_STOP = re.compile(r",|;|\set\s+(?:le|la|les|l'|aux|au|à)\s*[A-ZÉ]")
_GOV_RE = re.compile(
    r"Gouvernement(?:\s+(?!de\b|du\b|des\b|d'|à\b|et\b|qui\b|aux?\b|en\b|pour\b|sur\b)([a-zéèêëïîôûç-]+)"
    r"|\s+((?:de la|de l'|du|des|d')\s*[A-ZÉÎ][\w'-]*(?:\s+(?:[A-ZÉÎ][\w'-]*|de|du|des|d'|la|l')){0,6}))?"
)


def _mandate(np: str, start: int) -> tuple[str, int]:
    """Return the complement of a title (mandate, country) and where it ends."""
    stop = _MANDATE_STOP.search(np, start)
    end = stop.start() if stop else len(np)
    return np[start:end].strip(), end


def _special(np: str, pos: int) -> tuple[str, int] | None:
    """Match addressees whose value depends on what follows (mandate, instrument, country)."""
    s = np[pos:]
    m = re.match(r"[ÉE]tats [Pp]arties\b", s)
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
        mm = re.match(r"\s+(pour|sur|chargée? d[eu]|chargée? de la question d[eu]s?|en|au|à la|à l'|aux)\s+",
                      np[after:])
        if mm:
            mandate, end = _mandate(np, after + mm.end())
            prep = mm.group(1).replace("chargée", "chargé")
            return f"Représentant spécial du Secrétaire général {prep} {mandate}", end
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
            # "Gouvernement de la République démocratique du Congo": the
            # country name may go on in lower case, up to a comma or "et".
            rest, stop = _mandate(np, pos + len("Gouvernement") + 1)
            cut = re.search(r"\s+et\s", rest)
            if cut:
                stop -= len(rest) - cut.start()
                rest = rest[:cut.start()]
            rest = re.sub(r"\s+(?:de|du|des|d')$", "", rest)
            if len(rest.split()) <= 8:
                return f"Gouvernement {rest}", stop
            return f"Gouvernement {m.group(2).strip()}", pos + m.end()
        return "Gouvernement", pos + m.end()
    return None


def _parties_to(name: str) -> str:
    """Name the States parties to an instrument with the right preposition."""
    first = name.split()[0]
    prep = {"Pacte": "au", "Statut": "au", "Protocole": "au", "Traité": "au",
            "Conventions": "aux", "Protocoles": "aux"}.get(first, "à la")
    if name.startswith("L'"):
        prep = "à"
    return f"États parties {prep} {name}"


_HYPHEN_RE = re.compile(r"(?<![\w'])([^\W\d_]+(?:'[^\W\d_]+)?)-\s?([a-zàâçéèêëîïôûùüÿœ][^\W\d_]*)")


def rejoin_hyphens(text: str) -> str:
    """Rejoin words an OCR line-break hyphen split ("Nacio-nal", "ira-quien"), keep real compounds.

    A compound keeps its hyphen when its first part is a known prefix
    ("sud-soudanais", "sous-régionales") or a compound adjective in -o
    ("israélo-palestinien"), or when its second part is a known word ("ci-dessus").
    """
    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        low = left.lower()
        if low in voc.HYPHEN_PREFIXES or right in voc.HYPHEN_SUFFIXES or (left.islower() and low.endswith("o")):
            return m.group(0)
        return left + right

    return _HYPHEN_RE.sub(join, text) if "-" in text else text


def _addressees_in(np: str) -> list[str]:
    """Return the addressees found, in order, in the object phrase of a call verb.

    The first item must be an addressee: "Encourage la coopération entre les
    États" addresses nobody.  A name right after "de"/"du"/"des" complements
    the previous item ("le Directeur général de l'Agence") and is skipped.
    Words split by an OCR line-break hyphen are rejoined first.
    """
    np = rejoin_hyphens(np)
    out: list[str] = []
    pos = 0
    lead_text = ""
    first = True
    while pos < len(np):
        lead = _LEAD_RE.match(np, pos)
        if lead and lead.end() > pos:
            lead_text = lead.group(0)
            pos = lead.end()
            continue
        genitive = not first and re.search(r"(?:\bde|\bdu|\bdes|\bd')\s*(?:la\s+|l')?$", lead_text, re.IGNORECASE)
        best: tuple[str, int] | None = _special(np, pos)
        for name, rx in _ADDRESSEE_RES:
            m = rx.match(np, pos)
            if m and (best is None or m.end() > best[1]):
                best = (name, m.end())
        if best is None:
            # A name outside the vocabulary ("l'Autorité", "Israël", "l'UNITA"):
            # keep a capitalised name as written; an institution's head noun
            # takes its complement ("Commission spéciale").
            m = _NAME_RE.match(np, pos)
            if m and m.group(0).split()[0] not in _NOT_NAMES:
                head = m.group(0).split()[0]
                if head in _INSTITUTION_HEADS:
                    rest, stop = _mandate(np, pos)
                    cut = re.search(r"\s+(?:et|ou)\s+(?:les?|la|l'|aux?|des|d')", rest)
                    if cut:
                        stop -= len(rest) - cut.start()
                        rest = rest[:cut.start()]
                    words = rest.split()
                    best = (rest, stop) if len(words) <= 15 else (m.group(0), m.end())
                else:
                    best = (m.group(0), m.end())
        if best is None and first:
            return []
        first = False
        if best:
            name = best[0]
            if not genitive and name not in out:
                out.append(name)
            pos = best[1]
            lead_text = ""
            continue
        lead_text = ""
        nxt = re.compile(r"[\s,]+").search(np, pos)
        pos = nxt.end() if nxt else len(np)
    return out


_NAME_RE = re.compile(
    r"[A-ZÉÎÔ][\w'-]*(?:\s+(?:(?:de|du|des|de la|pour la|pour le|pour les)\s+|d'|de l')?[A-ZÉÎÔ][\w'-]*"
    r"|\s+d'[A-ZÉÎÔ][\w'-]*)*"
)
# Capitalised words that are not names of addressees.
_NOT_NAMES = {"Nations", "Unies", "Organisation", "Conseil", "Autres", "Membres", "Article", "Puissance",
              "Charte", "Accord", "Accords", "VIH"}
# Head nouns of bodies whose name goes on in lower case ("Commission spéciale",
# "Mission des Nations Unies en …", "Directeur général de l'Agence").
_INSTITUTION_HEADS = {
    "Mission", "Force", "Forces", "Commission", "Groupe", "Opération", "Agence", "Bureau", "Banque",
    "Mouvement", "Programme", "Comité", "Directeur", "Directrice", "Coordonnateur", "Envoyé",
    "Fonds", "Office", "Cour", "Tribunal", "Procureur", "Médiateur", "Facilitateur", "Commandant",
    "Administrateur", "République", "Autorité", "Organisation", "Haut", "Union", "Communauté",
}


# What makes a name read as an addressee in the facet list: the vocabulary, a State, an
# acronym (MINUSS), or the name of a body or office (Comité…, Rapporteur spécial…). Anything
# else the extractor kept ("Turin", "Commission soit tenue informée…") is "autre" there.
_ADDRESSEE_VALUES = frozenset(name for name, _ in voc.ADDRESSEES)
_OFFICE_HEADS = frozenset({*_INSTITUTION_HEADS, "États", "Rapporteur", "Rapporteuse", "Représentant",
                           "Représentante", "Président", "Présidente", "Gouvernement", "Haut-Commissariat",
                           "Secrétariat", "Conférence", "Assemblée", "Conseil", "Équipe", "Envoyée",
                           "Coordonnatrice", "Secrétaire", "Département", "Institut", "Centre", "Entité",
                           "Réseau", "Forum", "Partenariat", "Initiative", "Plateforme", "Haute"})
# Clauses that ran on past the name: a verb ("soit tenue", "a adressé", "à l'aider à"), a relative.
_NOT_A_NAME_RE = re.compile(
    r"\b(?:soit|soient|sera|seront|de poursuivre|de continuer|rendre compte|à cet égard|de lui|afin|pour que|"
    r"ceux|celles|qui)\b|\b(?:a|ont)\s+\w+é\b|\bà\s+(?:l'|le\s|la\s|les\s|s')?\w+(?:er|ir|re)\b|"
    r"\bchargée?s?$",
    re.IGNORECASE)


def listed_addressee(value: str) -> bool:
    """Tell whether an extracted addressee reads as a facet value (else it counts as "autre")."""
    from indexer.sources import states  # noqa: PLC0415 - the State names load on first use

    if value in _ADDRESSEE_VALUES or states.table().get(states.key(value)) == value:
        return True
    if re.fullmatch(r"[A-Z][A-Z0-9]{1,11}(?:-[A-Z][\w]*)?", value):
        return True
    words = value.split()
    return (words[0] in _OFFICE_HEADS and 2 <= len(words) <= 30 and not _NOT_A_NAME_RE.search(value)) or \
        (words[0] in _OFFICE_HEADS and len(words) == 1 and value in ("Comité", "Secrétariat", "Conseil"))


_ASIDE = re.compile(r",\s+(?!(?:les?|la|l'|aux?|des?|du|d'|ainsi|et|ou|tous|toutes|y compris|notamment|en particulier|"
                    r"[A-ZÉÎÔ])\b|[A-ZÉÎÔ]|l')")


# A finite verb after a subject (lower case: a name's head is capitalised): future, present plural,
# subjunctive and the common auxiliaries.
_FINITE_VERB = re.compile(r"\s(?=(?:[a-zàâçéèêëîïôûù]\w*(?:eront|ront|era|ra|ent|ont|aient|ait|isse|issent)|est|sont|a|"
                          r"ont|doit|doivent|devra|devront|peut|peuvent|soit|soient)\b(?!-))")


def _addressees_after(text: str, start: int) -> list[str]:
    """Return the addressees of the call verb whose phrase ends at start."""
    incise = re.match(r"\s*,[^,;]{1,200},\s*", text[start:])
    if incise:
        start += incise.end()
    rest = text[start:]
    que = re.match(r"\s*(?:à ce que\s+|que\s+|qu')", rest)
    end = _np_end(text, start + (que.end() if que else 0))
    # A comma that does not go on with another addressee (« et la MANUI, à la demande du
    # Gouvernement iraquien, de … ») ends the list: what follows is a circumstance.
    aside = _ASIDE.search(text, start + (que.end() if que else 0), end)
    if aside:
        end = aside.start()
    if que:
        # "Exige que toutes les parties cessent …": only a vocabulary subject
        # right after "que" counts, the rest is a finite clause.
        # Each "et que …" clause has its own subject.
        clause_end = re.search(r"[;:.]", text[start + que.end():])
        clauses = re.split(r",?\s+et\s+qu(?:e\s|')",
                           text[start + que.end():start + que.end() + (clause_end.start() if clause_end else 400)])
        found: list[str] = []
        for clause in clauses:
            # The subject ends at its finite verb: "la MANUA et la Représentante spéciale … continueront".
            subject = _FINITE_VERB.split(rejoin_hyphens(clause.split(",")[0]), maxsplit=1)[0]
            for name in _addressees_in(subject):
                if name not in found:
                    found.append(name)
        return found
    return _addressees_in(text[start:end])


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
    """Return the instrument cited at pos and where its name ends, if any."""
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

_SHORT_FORMS = ("Rapporteur spécial", "Représentant spécial du Secrétaire général",
                "Président du Comité", "Haut-Commissaire")
_MENTION_RES = [
    ("Rapporteur spécial", re.compile(r"Rapporteu(?:r|se) spéciale?")),
    ("Représentant spécial du Secrétaire général", re.compile(r"Représentante? spéciale? du Secrétaire général")),
    ("Président du Comité", re.compile(r"Présidente? du Comité")),
    ("Haut-Commissaire", re.compile(r"Haut-Commissaire")),
    # Only a named committee ("Comité pour …", "Comité des …", "Comité créé par …").
    ("Comité", re.compile(r"(?<!Président du )(?<!Présidente du )Comité(?= (?:pour|des|du|de|contre|créé|chargé)\b)")),
]


_HC_RE = re.compile(r"Haut-Commissaire des Nations Unies (?:aux droits de l'homme|pour les réfugiés)")


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
                    hc = _HC_RE.match(text, m.start())
                    value = hc.group(0) if hc else ""
            if value and value != short and len(value) > len(found.get(short, "")):
                found[short] = value
    return found


def _resolve_short(value: str, context: dict[str, str]) -> str:
    """Replace a short office name by its full form seen earlier in the resolution."""
    if value == "Président du Comité" and "Comité" in context:
        return "Président du " + context["Comité"]
    if value in _SHORT_FORMS and value in context:
        return context[value]
    return value


def _with_calls(paragraph: Paragraph) -> str:
    """Return the text with the parser's footnote calls put back as <sup>N</sup>.

    The parser removes the calls from ``text`` and lists them in ``calls`` as
    (number, offset); writing them back lets one cleaning step place them.
    """
    text = paragraph.text
    calls = getattr(paragraph, "calls", ()) or ()
    if not calls or _CALL_RE.search(text):
        return text
    for number, offset in sorted(calls, key=lambda c: c[1], reverse=True):
        if 0 <= offset <= len(text):
            text = f"{text[:offset]}<sup>{number}</sup>{text[offset:]}"
    return text


# Decisions that are addressed to someone: "Autorise les États Membres à …".
_ADDRESSED_DECISIONS = {"Autorise"}


def _heading(text: str) -> bool:
    """Tell whether unclassified text reads as a heading: short, without a sentence's closing mark."""
    return len(text.split()) <= 20 and not re.search(r"[;:,.!?»)]\s*$", text.strip())


def _addresses(verb: Verb, text: str = "", end: int = 0) -> bool:
    """Tell whether the verb's object is whom the paragraph calls on to act.

    "Décide que la MANUA et la Représentante spéciale continueront de …": a decision
    on what named actors shall do addresses them (the subject after « que »).
    """
    if verb.kind == "call" or verb.root in _ADDRESSED_DECISIONS:
        return True
    return verb.root == "Décide" and bool(re.match(r"\s*(?:,[^,;]{1,120},\s*)?(?:que\s|qu')", text[end:]))


def extract(paragraph: Paragraph, organ: str = "", context: dict[str, str] | None = None,
            year: int | None = None) -> Facets:
    """Extract the facets of one paragraph.

    ``organ`` is the adopting organ ("Assemblée générale", "Conseil de sécurité");
    ``year`` the year of adoption, past which no cited symbol can exist;
    ``context`` maps short office names ("Rapporteur spécial") to their full
    form seen earlier in the resolution (see :func:`extract_resolution`).
    """
    text, calls = clean_text(_with_calls(paragraph))
    opening = _norm_apostrophes(paragraph.opening or "")
    verb, end = _opening_verb(opening, text)
    if paragraph.kind == "other" and (verb is None or verb_info(verb.value) is None or _heading(text)):
        # Unclassified text (annex, list item): only a known opening phrase
        # makes a verb; anything else would pollute the facet. A heading is no
        # sentence: "Compte d'appui aux opérations de maintien de la paix" has no verb.
        verb = None

    secondary = _secondary(text, end)
    addressees: list[str] = []
    if verb and _addresses(verb, text, end):
        addressees.extend(_addressees_after(text, end))
    for sverb, send in secondary:
        if _addresses(sverb) and send >= 0:
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
    resolutions = cited.find_resolutions(text, organ, year)
    documents = cited.find_documents(text)
    for fn in paragraph.footnotes:
        more, docs = cited.footnote_citations(fn.text, organ, year)
        resolutions += [s for s in more if s not in resolutions]
        documents += [s for s in docs if s not in documents]
    return Facets(verb, tuple(secondary_verbs), tuple(resolved), tuple(instruments), tuple(resolutions),
                  tuple(documents))


def _instruments(text: str, calls: list[tuple[int, int]], paragraph: Paragraph, organ: str) -> list[Instrument]:
    """Return the instruments cited in the text, enriched by the paragraph's footnotes."""
    hits = _find_instruments(text)
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


def extract_resolution(paragraphs: Iterable[Paragraph], organ: str = "", year: int | None = None) -> list[Facets]:
    """Extract the facets of every paragraph of a resolution, in order.

    Short names of offices ("le Rapporteur spécial", "le Président du Comité")
    are resolved to the full name met in the same or an earlier paragraph.
    """
    context: dict[str, str] = {}
    out = []
    by_anchor: dict[str, Facets] = {}
    for p in paragraphs:
        text, _ = clean_text(p.text)
        # The latest full mention wins: a later paragraph may name another mandate.
        context.update(_mentions(text))
        facets = extract(p, organ, context, year)
        chapeau = by_anchor.get(p.parent or "") if p.kind == "subparagraph" else None
        if chapeau is not None:
            # "Demande aux États : a) De respecter …": the item asks what its chapeau asks, of whom it asks
            # it, unless it opens with a verb and addressees of its own (issue 22).
            own = facets.verb if facets.verb is not None and verb_info(facets.verb.value) is not None else None
            facets = replace(facets, verb=own or chapeau.verb,
                             addressees=facets.addressees or (chapeau.addressees if own is None else ()))
        by_anchor[p.anchor] = facets
        out.append(facets)
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
