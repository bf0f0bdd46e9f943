"""Analyse English text: the English side of bilingual resolutions (issue 16).

The chain is: words → possessive 's and apostrophes dropped → lower case →
accent folding → English stop words → Snowball English ("Porter2") stems.
Like the French analyzer it is a small Whoosh filter pickled with the schema
by module path: renaming this module breaks existing indexes (rebuild them).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import CompositeAnalyzer

from indexer.text.analysis import fold, tokenizer
from indexer.text.language import TermFilter

# Snowball's English stop list (snowballstem.org, algorithms/english/stop.txt),
# without the negations and modals that carry meaning in agreed language
# ("not", "no", "nor", "should", "shall" are kept searchable).
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing would could ought a an the and but if or because as until while of at by
    for with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how all
    any both each few more most other some such only own same so than too very""".split()
)

_STEMMER = snowballstemmer.stemmer("english")

# Irregular plurals Snowball leaves apart from their singular, frequent in resolutions
# ("women and children"): a query in the singular must find them.
IRREGULAR = {"children": "child", "women": "woman", "men": "man", "people": "people", "peoples": "people",
             "countrywomen": "countrywoman", "spokeswomen": "spokeswoman", "servicewomen": "servicewoman"}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the index term of one folded, lower-case English word (module-level: it pickles)."""
    return _STEMMER.stemWord(IRREGULAR.get(word, word))


@lru_cache(maxsize=500_000)
def normalise(raw: str) -> tuple[str | None, int]:
    """Return the index term of one raw token (None for a stop word); the offset is always 0.

    "Council's" → "council", "States’" → "state": the possessive and a
    trailing apostrophe go before stemming.
    """
    word = raw.replace("’", "'").replace("ʼ", "'")
    if "'" in word:
        head, _, tail = word.partition("'")
        word = head if tail.lower() in ("s", "") else head + tail
    folded = fold(word.lower())
    if not folded or folded in STOP_WORDS:
        return None, 0
    return stem(folded), 0


class EnglishFilter(TermFilter):
    """Turn tokens into English index terms; stop words are dropped, positions renumbered (see TermFilter)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EnglishFilter)

    def __hash__(self) -> int:
        return hash("EnglishFilter")

    def term_function(self) -> Callable[[str], tuple[str | None, int]]:
        """Return :func:`normalise` (its offset is always 0: English elides nothing)."""
        return normalise


def english_analyzer() -> CompositeAnalyzer:
    """Return the English analyzer: apostrophes, case, accents, stop words, then Snowball English stems."""
    return tokenizer() | EnglishFilter()


def analyse(text: str) -> list[str]:
    """Return the English index terms of a text, as the index and the queries see them."""
    return [t.text for t in english_analyzer()(text)]
