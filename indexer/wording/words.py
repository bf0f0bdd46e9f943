"""Cut a paragraph into the words its wording is compared on.

Wording is compared on folded words: no accents, no case, typographic and
straight apostrophes alike, footnote calls and the paragraph's own number
dropped. A draft pasted from a PDF or typed without accents then meets the
stored text of the same paragraph word for word.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Letters and digits; an apostrophe ends a word ("l'enfant" is "l" and "enfant").
TOKEN_RE = re.compile(r"[^\W_]+")
# The number or letter printed before a pasted paragraph ("5.", "*12.", "a)", "iv)").
NUMBERING_RE = re.compile(r"^\s*\*?\s*(?:\d{1,3}\s*\.|\(?[a-z]{1,4}\))\s+")
# A footnote call glued to a word by the PDF's text layer ("enfant3", "enfant¹" folds to "enfant1").
CALL_RE = re.compile(r"^([^\W\d_]{2,})\d{1,3}$")
# Accents and other combining marks, once the text is decomposed.
COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
# Superscript digits are footnote calls, glued to a word or not: folding drops them.
SUPERSCRIPTS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class Word(NamedTuple):
    """One word of a text: its folded form and where it stands in the text.

    A named tuple rather than a dataclass: a search page's cards cut a
    thousand words or more for their diffs, and a tuple is made in half the time.
    """

    norm: str
    start: int
    end: int


def canonical(text: str) -> str:
    """Return a text in composed Unicode form (NFC), the form whose offsets :func:`words` gives."""
    return unicodedata.normalize("NFC", text)


def _slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(SUPERSCRIPTS).translate(LIGATURES))
    return COMBINING_RE.sub("", decomposed).casefold()


# The same folding, one character at a time, for the Latin letters and punctuation of French texts: only
# their non-ASCII characters are looked up (decomposing whole texts took 60 % of building the tables).
FOLD_MAP = {chr(c): _slow_fold(chr(c)) for c in (*range(0x80, 0x250), *range(0x2000, 0x2080))}
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
OUTSIDE_MAP_RE = re.compile(r"[^\x00-\u024f\u2000-\u207f]")


def fold(text: str) -> str:
    """Return a text without accents, ligatures or case: "Œuvre Été" → "oeuvre ete"."""
    if OUTSIDE_MAP_RE.search(text):
        return _slow_fold(text)
    return NON_ASCII_RE.sub(lambda m: FOLD_MAP[m.group()], text).casefold()


def words(text: str) -> list[Word]:
    """Return the words of a paragraph, folded, with their spans in ``text`` (in NFC form, see :func:`canonical`).

    A decomposed accent would cut a word in two: the caller composes the text first.
    """
    numbering = NUMBERING_RE.match(text)
    found: list[Word] = []
    for m in TOKEN_RE.finditer(text, numbering.end() if numbering else 0):
        token = m.group()
        # Most words are plain ASCII: folded by lowering them. A glued call ends with a digit.
        norm = token.lower() if token.isascii() else fold(token)
        if norm and norm[-1].isdigit():
            norm = _word(norm)
        if norm:
            start, end = m.span()
            found.append(Word(norm, start, end))
    return found


def word_starts(text: str) -> tuple[list[str], list[int]]:
    """Return the folded words of a paragraph and where each starts: :func:`words` without a tuple per word.

    A search page's cards diff a dozen long paragraphs: making a named tuple
    per word was a third of cutting them (only the starts are read, by the diff).
    The loop is :func:`words`'s, written again on purpose: one generator serving
    both made this 30 % slower (2.1 → 2.8 ms over the seed's long paragraphs);
    tests/test_similar.py checks that the two cut every text alike.
    """
    numbering = NUMBERING_RE.match(text)
    norms: list[str] = []
    starts: list[int] = []
    for m in TOKEN_RE.finditer(text, numbering.end() if numbering else 0):
        token = m.group()
        norm = token.lower() if token.isascii() else fold(token)
        if norm and norm[-1].isdigit():
            norm = _word(norm)
        if norm:
            norms.append(norm)
            starts.append(m.start())
    return norms, starts


def normalised(text: str) -> list[str]:
    """Return the folded words of a paragraph, as :func:`words` has them (faster: no spans)."""
    text = canonical(text)
    numbering = NUMBERING_RE.match(text)
    if numbering:
        text = text[numbering.end():]
    folded = fold(text)
    return [_word(w) if w[-1].isdigit() else w for w in TOKEN_RE.findall(folded)]


def _word(norm: str) -> str:
    """Return a folded word without the footnote call a PDF glued to it."""
    call = CALL_RE.match(norm)
    return call.group(1) if call else norm
