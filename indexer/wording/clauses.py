"""Give a span of an English paragraph its official French counterpart, clause by clause (issue 26).

An English draft is matched against the English version of adopted
paragraphs; the negotiator needs the *French* that the span stands for. The
two versions are not aligned word by word, but their punctuation usually
follows the same structure: the clauses between ``;``, ``:``, ``,`` and the
full stops of a paragraph translate one another in order. When both
versions cut into the same number of clauses with the same separators, and
each pair of clauses carries the same numbers (dates, symbols, paragraph
numbers), a plausible length and at least as many cognates (words sharing
their first letters, "Commission", "opérations"/"operations") with its
partner as with the clauses beside it, the French clauses covering the
span are its counterpart. Otherwise the cut is tried again at ``;``, ``:`` and full
stops only. When neither holds, no French span is guessed: the whole French
paragraph is given, and said to be whole (scope UNALIGNED).

Joining two clauses of the version that has one more was tried, keeping the
pairing when exactly one join held every check: it paired 263 more of 3,000
sampled paragraphs, but also "Urges Member States ... to provide protection,
assistance and safe passage to refugees" with « Exhorte les États Membres ...
à fournir » (S/RES/1314 (2000), par. 6, whose French moves the list after
« selon le cas »): a wrong French span, so counts must be equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.wording.words import fold

# A separator ends a clause when a space (or the end) follows it: "1,5" and "1,000" are numbers, not clauses.
FINE_RE = re.compile(r"\s*([;:,])(?=\s|$)|\s*([.?!])(?=\s+[«“\"(\[]?[A-ZÀ-ÖØ-Þ])")
COARSE_RE = re.compile(r"\s*([;:])(?=\s|$)|\s*([.?!])(?=\s+[«“\"(\[]?[A-ZÀ-ÖØ-Þ])")
NUMBER_RE = re.compile(r"\d+")
# A French clause is this many times its English clause's length at most (and its inverse at least): French
# runs 10 to 30 % longer; beyond, the clauses paired by position are not translations of one another.
MAX_RATIO = 2.5
# Clauses shorter than this (characters) are not held to the length ratio ("and", "inter alia").
RATIO_MIN_CHARS = 25

# Cognates are told by their first letters once folded ("opérations"/"operations", "Commission", "ATMIS").
COGNATE_LETTERS = 4
# Function words of either language whose first letters would make false cognates ("comme"/"committee").
NOT_COGNATES = frozenset("""
    comme entre ainsi dont avec pour dans plus tous tout toute toutes cette leur leurs sont elle elles etre
    with that this from their which have been were such also other these those into upon under within well
    shall should would will more most only
""".split())
CLAUSES, PARAGRAPH, UNALIGNED = "clauses", "paragraph", "unaligned"


@dataclass(frozen=True)
class Clause:
    """Characters [start, end) of a paragraph, without the separator that ends them, and that separator."""

    start: int
    end: int
    separator: str  # ";", ":", ",", "." (also for ? and !), or "" for the paragraph's last clause


@dataclass(frozen=True)
class Counterpart:
    """The French counterpart of an English span: the text shown and how it was established."""

    text: str
    # CLAUSES: the French clauses aligned with the English clauses the span touches (fewer than all);
    # PARAGRAPH: the span runs from the English paragraph's first clause into its last, the French paragraph
    # is its counterpart; UNALIGNED: the span is part of the paragraph but no clause of it could be paired
    # with a French one, so the whole French paragraph is given (never a guessed French span).
    scope: str


def clauses(text: str, pattern: re.Pattern[str] = FINE_RE) -> tuple[Clause, ...]:
    """Return the clauses of a paragraph cut at the separators ``pattern`` finds (empty clauses dropped)."""
    found = []
    at = 0
    for m in pattern.finditer(text):
        mark = m.group(1) or m.group(2)
        separator = "." if mark in ".?!" else mark
        if text[at:m.start()].strip():
            found.append(_clause(text, at, m.start(), separator))
        at = m.end()
    if text[at:].strip():
        found.append(_clause(text, at, len(text), ""))
    return tuple(found)


def _clause(text: str, start: int, end: int, separator: str) -> Clause:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Clause(start, end, separator)


def _cognates(text: str) -> frozenset[str]:
    """Return the first letters of a clause's content words (numbers apart), folded."""
    return frozenset(w[:COGNATE_LETTERS] for w in re.findall(r"[^\W\d_]{4,}", fold(text)) if w not in NOT_COGNATES)


def _aligned(en: str, fr: str, pattern: re.Pattern[str]) -> tuple[tuple[Clause, ...], tuple[Clause, ...]] | None:
    """Return both versions' clauses when they correspond one to one under ``pattern``, else None."""
    a, b = clauses(en, pattern), clauses(fr, pattern)
    if not a or len(a) != len(b):
        return None
    for x, y in zip(a, b, strict=True):
        # The last clause's separator is the paragraph's own end: "," in English and ";" in French alike.
        if x.separator != y.separator and (x, y) != (a[-1], b[-1]):
            return None
        english, french = en[x.start:x.end], fr[y.start:y.end]
        if sorted(NUMBER_RE.findall(english)) != sorted(NUMBER_RE.findall(french)):
            return None
        if max(len(english), len(french)) >= RATIO_MIN_CHARS and not (
                1 / MAX_RATIO <= len(french) / max(1, len(english)) <= MAX_RATIO):
            return None
    # Paired by position, each clause must share at least as many cognates with its partner as with either
    # neighbour of it, both ways: a shift ("in consultation with ATMIS" against "à savoir que la Commission de
    # l'Union africaine", when "de concert avec l'ATMIS" follows) shows that equal counts were a coincidence.
    ca, cb = [_cognates(en[c.start:c.end]) for c in a], [_cognates(fr[c.start:c.end]) for c in b]
    for i in range(len(a)):
        for j in (i - 1, i + 1):
            if 0 <= j < len(a) and (len(ca[i] & cb[j]) > len(ca[i] & cb[i]) or len(ca[j] & cb[i]) > len(ca[i] & cb[i])):
                return None
    return a, b


def french_counterpart(en: str, fr: str, start: int, end: int) -> Counterpart:
    """Return the French of English characters [start, end) of paragraph ``en``, whose French version is ``fr``.

    The fine cut (``;``, ``:``, ``,``, full stops) is tried first, then the
    coarse one (``;``, ``:``, full stops); the French clauses paired with
    the English clauses the span touches are returned, as the French
    paragraph writes them, from the first one's start to the last one's
    end (without its separator).
    """
    whole = clauses(en)
    if not whole or (whole[0].start < end and start < whole[0].end and whole[-1].start < end):
        # The span runs from the first clause into the last: its counterpart is the whole French paragraph.
        return Counterpart(fr, PARAGRAPH)
    for pattern in (FINE_RE, COARSE_RE):
        pair = _aligned(en, fr, pattern)
        if pair is None:
            continue
        a, b = pair
        touched = [i for i, c in enumerate(a) if c.start < end and start < c.end]
        if touched and (touched[0] > 0 or touched[-1] < len(a) - 1):
            return Counterpart(fr[b[touched[0]].start:b[touched[-1]].end], CLAUSES)
    return Counterpart(fr, UNALIGNED)
