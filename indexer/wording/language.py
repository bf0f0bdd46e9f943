"""Tell whether a pasted draft is English or French, from its function words (issue 23).

A draft compared with the paragraphs of the other language matches nothing
(0–4 %), and the finder must say so rather than list ten distant wordings.
The detector is deliberately simple and predictable: it counts the words of
the draft that belong to a short list of English function words and to a
short list of French ones (articles, prepositions, pronouns, conjunctions,
auxiliaries: words every paragraph of either language is full of, whatever
its subject). Words written alike in both languages ("a", "on", "as", "en" in
"en route", "plus", "an") are in neither list.

The draft is said to be in a language when at least ``MIN_FUNCTION_WORDS``
of its words are function words of either list and at least ``CLEAR_SHARE``
of them are that language's; otherwise (a phrase, a list of names, a mixed
text) it is said to be in neither, and no notice is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.wording.words import normalised

# Folded forms (no accents, lower case), as indexer.wording.words has them.
# "but" (le but), "s" (the possessive of "Council's", folded apart) and "a" are left out: both languages
# write them.
ENGLISH = frozenset("""
    the of and to in for with by from that which who whom whose this these those its their them they
    it is are was were be been being has have had shall should would will upon all any each
    such other also into within between against under over among including not or
    further our we at through during without about towards toward whether where when
""".split())
FRENCH = frozenset("""
    le la les l un une des du de d au aux et ou dans par pour avec sur sous entre contre sans que qu
    qui dont ce cette ces cet son sa ses leur leurs il ils elle elles est sont ete etre ont
    tous toutes tout toute notamment ainsi aussi afin lors selon vers chez y ne pas se
""".split())
# Fewer function words than this: too little to tell (a title, a phrase, a list of names).
MIN_FUNCTION_WORDS = 3
# Share of the function words that must be one language's for the draft to be that language's.
CLEAR_SHARE = 0.8

NAMES = {"fr": "français", "en": "anglais"}


@dataclass(frozen=True)
class Guess:
    """What the detector saw: function words of each language, and the language it decided on (or None)."""

    english: int
    french: int
    lang: str | None


def detect(text: str) -> Guess:
    """Return the language of a draft ("en", "fr") when its function words clearly say so, else None."""
    folded = normalised(text)
    english = sum(w in ENGLISH for w in folded)
    french = sum(w in FRENCH for w in folded)
    total = english + french
    lang = None
    if total >= MIN_FUNCTION_WORDS:
        if english >= CLEAR_SHARE * total:
            lang = "en"
        elif french >= CLEAR_SHARE * total:
            lang = "fr"
    return Guess(english, french, lang)
