"""Pair a French resolution with its English version, paragraph by paragraph.

Both texts are parsed by the same reader, so the same structure gives the
same anchors (pp3, op4a, B-op2). The two files are not always marked up
alike: a heading is a paragraph in one and not in the other, an unnumbered
operative paragraph is ``opu1`` here and ``op1`` there. The anchor sequences
are therefore aligned as a diff: anchors present in both are paired, and in a
stretch that differs, paragraphs are paired in order only where both sides
have the same number of paragraphs of the same kinds. Anything else stays
unpaired and is reported with both counts, never guessed.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from indexer.model import OTHER, Paragraph, Resolution, Warning

ENGLISH = "eng"


@dataclass(frozen=True)
class Alignment:
    """How a French resolution's paragraphs were paired with the English ones."""

    symbol: str
    french: int
    english: int
    aligned: int
    # French anchor → English anchor, where they differ (paired in order inside a differing stretch).
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def complete(self) -> bool:
        """Tell whether every paragraph of both versions found its counterpart."""
        return self.french == self.english == self.aligned


# Turns a French opening ("Rappelant également") into the first word of its usual English
# equivalent ("recalling"), or None when unknown: given by the caller (the facet vocabulary),
# this module stays free of it.
OpeningEn = Callable[[str], str | None]


def pairs(french: tuple[Paragraph, ...], english: tuple[Paragraph, ...],
          opening_en: OpeningEn | None = None) -> list[tuple[int, int]]:
    """Return (French index, English index) of the paragraphs that correspond, in reading order.

    First by anchor; inside a stretch where the anchors differ, by structure
    (kind, number, letter: "B-II-op1" and "B-B-op1" are both operative 1 when
    only a part's heading is marked up differently); inside a stretch where
    that differs too, in order only when both sides have the same kinds.
    Every pair so found is then checked on its content (:func:`_pair_cost`:
    lengths, numbers, opening verb): two versions whose preambles are not in
    the same order have the same anchors on different texts. What is left
    between two checked pairs is aligned by that same cost (:func:`_by_length`).
    """
    return _pairs(french, english, opening_en)[0]


def _pairs(french: tuple[Paragraph, ...], english: tuple[Paragraph, ...],
           opening_en: OpeningEn | None) -> tuple[list[tuple[int, int]], int, int]:
    """Return the pairs, and how many structural pairs were found and how many failed their check."""
    found: list[tuple[int, int]] = []
    _match(french, english, [_anchor_key, _structure_key], 0, len(french), 0, len(english), found)
    left = [_features(p, opening_en) for p in french]
    right = [_features(p, None) for p in english]
    found.sort()
    passed = [_pair_cost(left[i], right[j]) is not None for i, j in found]
    failed = passed.count(False)
    if failed <= SUSPECT_SHARE * len(found):
        # The structure holds: a few pairs whose lengths or verbs differ are translation, not
        # misalignment ("Estime" is "Recognizes" there). Only different numbers undo a pair.
        checked = [(i, j) for i, j in found if not _disjoint(left[i].numbers, right[j].numbers)]
    else:
        # Failures in numbers mean shifted or reordered paragraphs: every pair must pass its check.
        checked = [pair for pair, ok in zip(found, passed, strict=True) if ok]
    out: list[tuple[int, int]] = []
    previous = (-1, -1)
    for pair in [*checked, (len(french), len(english))]:
        i1, j1 = previous[0] + 1, previous[1] + 1
        if pair[0] > i1 and pair[1] > j1:
            out.extend(_by_length(left, right, i1, pair[0], j1, pair[1]))
        if pair[0] < len(french):
            out.append(pair)
        previous = pair
    return out, len(found), failed


def _anchor_key(p: Paragraph) -> str:
    # Unclassified paragraphs (headings, annex text) are numbered x1, x2… in order of
    # appearance: the same name on both sides says nothing of their content. They
    # never pair by name, only by their content (_by_length).
    return f"other:{id(p)}" if p.kind == OTHER else f"{p.anchor}|{p.kind}"


def _structure_key(p: Paragraph) -> str:
    return f"other:{id(p)}" if p.kind == OTHER else f"{p.kind}|{p.number or ''}|{p.letter or ''}|{p.level}"


Key = Callable[[Paragraph], str]


def _match(french: tuple[Paragraph, ...], english: tuple[Paragraph, ...], keys: list[Key], i1: int, i2: int,
           j1: int, j2: int, out: list[tuple[int, int]]) -> None:
    left = [keys[0](p) for p in french[i1:i2]]
    right = [keys[0](p) for p in english[j1:j2]]
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        a1, a2, b1, b2 = a1 + i1, a2 + i1, b1 + j1, b2 + j1
        if tag == "equal":
            out.extend(zip(range(a1, a2), range(b1, b2), strict=True))
        elif tag == "replace" and a2 - a1 == b2 - b1 \
                and [p.kind for p in french[a1:a2]] == [p.kind for p in english[b1:b2]]:
            # Same shape, other names (opu1/op1): the markup differs, not the text (checked after).
            out.extend((a, b) for a, b in zip(range(a1, a2), range(b1, b2), strict=True) if french[a].kind != OTHER)
        elif tag == "replace" and len(keys) > 1:
            _match(french, english, keys[1:], a1, a2, b1, b2, out)


# Above this share of structural pairs failing their content check, the structure is not
# trusted (paragraphs shifted or reordered between the versions): only checked pairs are kept.
SUSPECT_SHARE = 0.1
# Two versions that are not the same text (a file carrying another resolution's symbol): more
# than this share of their structural pairs fail the content check. No English is then paired.
DIFFERENT_TEXT = 0.5


def align(french: Resolution, english: Resolution,
          opening_en: OpeningEn | None = None) -> tuple[Resolution, Alignment]:
    """Return the French resolution with each paragraph's English text, and how they were paired.

    ``opening_en`` gives the English of a French opening verb (see
    :data:`OpeningEn`): a pair whose verbs disagree is less likely.
    """
    split = _split_numbers(english.paragraphs) if any(_number_only(p) for p in french.paragraphs) \
        else english.paragraphs
    matched, structural, failed = _pairs(french.paragraphs, split, opening_en)
    warnings = list(french.warnings)
    if structural >= 3 and failed > DIFFERENT_TEXT * structural:
        warnings.append(Warning(
            "english-different",
            f"la version anglaise ({english.source}) n'est pas le même texte : {failed} de ses {structural} "
            "paragraphes de même place diffèrent par leur longueur, leurs nombres ou leur verbe ; non appariée"))
        result = Alignment(french.symbol, len(french.paragraphs), len(english.paragraphs), 0)
        return replace(french, warnings=tuple(warnings)), result
    by_french = dict(matched)
    paragraphs = tuple(
        replace(p, text_en=split[by_french[i]].text) if i in by_french else p
        for i, p in enumerate(french.paragraphs)
    )
    renamed = tuple((french.paragraphs[i].anchor, split[j].anchor) for i, j in matched
                    if french.paragraphs[i].anchor != split[j].anchor)
    result = Alignment(french.symbol, len(french.paragraphs), len(english.paragraphs), len(matched), renamed)
    if result.aligned < result.french or len(split) > len({j for _, j in matched}):
        missing = [p.anchor for i, p in enumerate(french.paragraphs) if i not in by_french]
        extra = sorted(set(range(len(split))) - {j for _, j in matched})
        detail = []
        if missing:
            detail.append(f"sans anglais : {_some([str(a) for a in missing])}")
        if extra:
            detail.append(f"anglais sans français : {_some([split[j].anchor for j in extra])}")
        warnings.append(Warning(
            "english-mismatch",
            f"français : {result.french} paragraphes, anglais : {result.english} ; {result.aligned} alignés"
            + (f" ({' ; '.join(detail)})" if detail else ""),
        ))
    paired = replace(french, paragraphs=paragraphs, title_en=english.title, english_source=english.source,
                     english_paragraphs=len(english.paragraphs), warnings=tuple(warnings))
    return paired, result


# A paragraph that is only its printed number ("197."): some French annexes put the number of
# each paragraph in a paragraph of its own, where the English text starts with it.
NUMBER_ONLY_RE = re.compile(r"^\s*(\d{1,4}\.)\s*$")
LEADING_NUMBER_RE = re.compile(r"^\s*(\d{1,4}\.)\s+(\S.*)$", re.S)


def _number_only(p: Paragraph) -> bool:
    return bool(NUMBER_ONLY_RE.match(p.text))


def _split_numbers(english: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """Cut "304. The Office…" into "304." and "The Office…", as the French file prints them."""
    out: list[Paragraph] = []
    for p in english:
        m = LEADING_NUMBER_RE.match(p.text) if p.kind == OTHER else None
        if m:
            out.append(replace(p, text=m.group(1), anchor=f"{p.anchor}-num"))
            out.append(replace(p, text=m.group(2)))
        else:
            out.append(p)
    return tuple(out)


# Length-based alignment of what the structure left unpaired (after Gale and Church, 1993):
# French runs about 15 % longer than English; a pair whose lengths disagree by more than
# MAX_DEVIATION standard deviations, or whose numbers differ, is not made.
FRENCH_PER_ENGLISH = 1.15
VARIANCE_PER_CHAR = 6.8
SKIP_COST = 2.5
NUMBERS_COST = 1.0
NUMBERS_BONUS = 2.0
VERB_COST = 1.0
MAX_DEVIATION = 4.0
# Beyond this many paragraphs on a side, a stretch is left unpaired.
MAX_STRETCH = 5000
# Half-width of the band of the length alignment around the diagonal, beyond the difference in counts.
BAND = 30
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> frozenset[str]:
    # Separators differ by language ("1 000,5" and "1,000.5", "7,5 %" and "7.5 per cent"): digits only.
    squeezed = re.sub(r"(?<=\d)[\s\u00a0\u202f]+(?=\d{3}\b)", "", text)
    return frozenset(re.sub(r"\D", "", n) for n in NUMBER_RE.findall(squeezed))


class _Features(NamedTuple):
    length: int
    numbers: frozenset[str]
    # First word of the English opening verb ("recalling"), when known.
    verb: str | None


def _features(p: Paragraph, opening_en: OpeningEn | None) -> _Features:
    """Return what the content check compares; ``opening_en`` is given for French paragraphs only."""
    if opening_en is not None:
        verb = opening_en(p.opening) if p.opening else None
    else:
        words = p.opening.lower().split()
        verb = words[0] if words else None
    return _Features(len(p.text), _numbers(p.text), verb)


def _pair_cost(fr: _Features, en: _Features) -> float | None:
    """Return the cost of pairing two paragraphs, None when their numbers, lengths or verbs disagree too much."""
    if _disjoint(fr.numbers, en.numbers):
        return None
    cost = abs(fr.length - FRENCH_PER_ENGLISH * en.length) / math.sqrt(VARIANCE_PER_CHAR * max(en.length, 1))
    if _cited_within(fr.numbers, en.numbers):
        # One version cites all the other's numbers, and more: the OCR's French gives the dates of the
        # resolutions it recalls ("1267 (1999) du 15 octobre 1999"), the English only their symbols. As
        # strong as the same numbers, though the lengths then differ by half (S/RES/1822 (2008), pp1).
        cost -= NUMBERS_BONUS
    elif fr.numbers != en.numbers:
        # Some numbers in common ("10 heures à 13 heures", "10 a.m. to 1 p.m."): allowed, at a price.
        cost += NUMBERS_COST
    elif fr.numbers:
        # The same dates, symbols and figures on both sides: strong evidence, whatever the lengths.
        cost -= NUMBERS_BONUS
    if fr.verb and en.verb:
        # Translators vary ("Consciente": "Aware", "Conscious", "Mindful"): a price, not a refusal.
        cost += VERB_COST if fr.verb != en.verb else -VERB_COST
    cost = max(cost, 0.0)
    return cost if cost <= MAX_DEVIATION else None


# How many numbers the shorter list must hold for a list within the other to count as the same citations.
CITED_WITHIN = 3


def _cited_within(left: frozenset[str], right: frozenset[str]) -> bool:
    """Tell whether one paragraph's numbers (at least CITED_WITHIN) are all among the other's, which has more."""
    small, large = (left, right) if len(left) <= len(right) else (right, left)
    return len(small) >= CITED_WITHIN and len(large) > len(small) and small <= large


def _disjoint(left: frozenset[str], right: frozenset[str]) -> bool:
    """Tell whether both paragraphs cite numbers and none in common."""
    return bool(left) and bool(right) and not left & right


def _by_length(left: list[_Features], right: list[_Features], i1: int, i2: int,
               j1: int, j2: int) -> list[tuple[int, int]]:
    """Pair paragraphs one to one by a minimum-cost monotone alignment of their content (skips allowed).

    Only cells near the diagonal are computed (a band as wide as the difference
    in counts, plus BAND): a long resolution costs linear time, not quadratic.
    """
    n, m = i2 - i1, j2 - j1
    if n > MAX_STRETCH or m > MAX_STRETCH:
        return []
    band = abs(n - m) + BAND
    inf = float("inf")
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    move: dict[tuple[int, int], int] = {}
    for a in range(n + 1):
        centre = a * m // n if n else 0
        for b in range(max(0, centre - band), min(m, centre + band) + 1):
            here = cost.get((a, b), inf)
            if here == inf:
                continue
            if a < n and here + SKIP_COST < cost.get((a + 1, b), inf):
                cost[a + 1, b], move[a + 1, b] = here + SKIP_COST, 1
            if b < m and here + SKIP_COST < cost.get((a, b + 1), inf):
                cost[a, b + 1], move[a, b + 1] = here + SKIP_COST, 2
            if a < n and b < m:
                step = _pair_cost(left[i1 + a], right[j1 + b])
                if step is not None and here + step < cost.get((a + 1, b + 1), inf):
                    cost[a + 1, b + 1], move[a + 1, b + 1] = here + step, 3
    out: list[tuple[int, int]] = []
    a, b = n, m
    if (a, b) not in cost:
        return []
    while a or b:
        step = move[a, b]
        if step == 3:
            out.append((i1 + a - 1, j1 + b - 1))
            a, b = a - 1, b - 1
        elif step == 1:
            a -= 1
        else:
            b -= 1
    return out[::-1]


def _some(anchors: list[str], limit: int = 8) -> str:
    shown = ", ".join(anchors[:limit])
    return shown + (f"… (+{len(anchors) - limit})" if len(anchors) > limit else "")


# FRBRlanguage as AKN4UN writes it: <FRBRlanguage ... language="eng"/>.
_DECLARED_RE = re.compile(rb"<(?:\w+:)?FRBRlanguage\b[^>]*\blanguage=\"([a-z]{3})\"")


def declared_language(data: bytes) -> str | None:
    """Return the language an AKN file declares (``eng``, ``fra``), read without parsing it."""
    m = _DECLARED_RE.search(data[:65536])
    return m.group(1).decode() if m else None
