"""Find the opening verb of a paragraph and the secondary verbs it goes on with.

Verb values are the table values of :data:`indexer.facets.vocabulary.VERBS`, with
additive adverbs dropped and adjectives in the masculine singular ("Consciente"
-> "Conscient"); apostrophes are straight. The italic run goes on into the value
when it says how ("Constatant avec une vive inquiétude"). An opening not in the
table is kept as written (adverbs dropped) with kind "other".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.facets import vocabulary as voc
from indexer.facets.text import ADVERB_FIRST_WORDS, AGREEMENT, drop_adverbs, norm_apostrophes, tokens


@dataclass(frozen=True)
class Verb:
    """A normalised opening phrase with its root, English equivalent and kind."""

    value: str
    root: str
    en: str
    kind: str



@dataclass(frozen=True)
class _Entry:
    verb: Verb
    words: tuple[str, ...]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t[0] for t in tokens(phrase))


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
        found = _match_words((head, AGREEMENT.get(tail, tail), *words[1:]), allowed)
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
    opening = norm_apostrophes(opening).replace("*", "").strip(" ,;:.")
    if not opening:
        return None
    toks = drop_adverbs(tokens(opening))
    found = _match_prefix(toks, glued=True)
    if found:
        return found[0].verb
    # Unknown phrase: keep it (adverbs dropped, masculine singular) so that
    # the facet still lists it; a new vocabulary line will give it an English label.
    return _unknown(toks, norm_apostrophes(opening)) if toks else None


def _source_tokens(text: str) -> list[tuple[str, int, int]]:
    """Return the tokens of a text without additive adverbs."""
    return drop_adverbs(tokens(text))


def verb_info(value: str) -> Verb | None:
    """Return the vocabulary entry of a facet value (e.g. for its English label).

    A phrase that goes on past a vocabulary verb with the manner or intensity the
    italics print ("Constatant avec une vive inquiétude") takes its verb's root,
    English label and kind.
    """
    key = norm_apostrophes(value).strip().lower()
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


def _first_at(toks: list[tuple[str, int, int]], offset: int, lo: int = 0) -> int:
    """Return the index of the first token from ``lo`` on that starts at or after offset (len(toks) if none).

    Tokens are in text order: the tokens from there on are those starting at or after offset.
    """
    return next((k for k in range(lo, len(toks)) if toks[k][1] >= offset), len(toks))


def opening_verb(opening: str, text: str) -> tuple[Verb | None, int]:
    """Return the paragraph's verb and the offset in text where the phrase ends."""
    toks = tokens(text)
    head = drop_adverbs(toks[:16])
    by_text = _match_prefix(head, glued=True)
    by_open = None
    otoks: list[tuple[str, int, int]] = []
    clean = norm_apostrophes(opening.replace("*", ""))
    if opening.strip():
        otoks = drop_adverbs(tokens(clean))
        by_open = _match_prefix(otoks, glued=True)
    end = 0
    if by_text:
        last = head[by_text[1] - 1]
        end = last[2]
        # Skip adverbs that follow the phrase ("Demande également aux …").
        rest = toks[_first_at(toks, end):]
        while rest:
            dropped = drop_adverbs(rest[:4])
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
    head_text = norm_apostrophes(text)
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


# The words a secondary verb can start with: a call or decision verb's first word, or an adverb's
# before it ("et demande également"). No other token can start one.
_SECONDARY_FIRST = frozenset({e.words[0] for e in _ENTRIES if e.verb.kind in _CALL_KINDS} | ADVERB_FIRST_WORDS)


def find_secondary_verbs(text: str, start: int) -> list[tuple[Verb, int]]:
    """Return call/decision verbs met after the opening, with the offset after each."""
    toks = tokens(text)
    found: list[tuple[Verb, int]] = []
    after_last = 0  # the first token after the last verb found
    for i in [k for k, t in enumerate(toks) if t[0] in _SECONDARY_FIRST]:
        tok = toks[i]
        if i < after_last or tok[1] < start or i == 0:
            continue
        pronoun = toks[i - 1][0] in _PRONOUNS and i > 1 and toks[i - 2][0] in _BOUNDARY
        if toks[i - 1][0] not in _BOUNDARY and not pronoun:
            continue
        # The verb must be lowercase in running text: a capital would be a name.
        if not text[tok[1]].islower():
            continue
        window = drop_adverbs(toks[i:i + 10])
        match = _match_prefix(window, _CALL_KINDS)
        if not match:
            continue
        entry, n = match
        after = window[n:n + 1]
        if entry.verb.root in ("Demande", "Demandant") and after and after[0][0] in ("d'", "de"):
            after = []  # "demande d'asile" is a noun
        if not pronoun and (not after or after[0][0] not in _OBJECT_STARTS[entry.verb.kind]):
            continue
        # "et le prie de", "et leur demande de": a clitic object, then the
        # infinitive's "de"/"à" ("la demande en interprétation" is a noun).
        if pronoun and (entry.verb.kind != "call" or not after or after[0][0] not in {"de", "d'", "à"}
                        or (toks[i - 1][0] != "leur" and toks[i - 1][0] != "lui"
                            and entry.verb.root in {"Demande", "Charge"})):
            continue
        end = window[n - 1][2]
        rest = toks[_first_at(toks, end, i):]
        dropped = drop_adverbs(rest[:4])
        if dropped and rest and dropped[0] is not rest[0]:
            end = rest[rest.index(dropped[0]) - 1][2]
        # A pronoun object ("et le prie de …") names no new addressee.
        found.append((entry.verb, -1 if pronoun else end))
        after_last = _first_at(toks, end, i)
    return found


