"""Find the expressions of a query that the resolutions now print otherwise ("droits de l'homme" → "droits humains").

Each row gives an older spelling and the spellings that replaced it. A plain
query holding the older one searches them all, and counts them as one word
of the query: a paragraph saying "droits humains des enfants migrants" holds
every word of "droits de l'homme des enfants migrants". One way only: a query
in the current words is answered by the texts that use them, and does not
pull the outdated wording up among them (the older versions of a paragraph
stay one click away, in its wording card). Spellings are compared as index
terms (stems, stop words dropped): singular, plural and accent-free input
are found too.

Where the rows come from, read in the default collection (``resolu search
'"droits humains"'`` and its year facet): the General Assembly writes
"droits humains" from its 74th session on (6 paragraphs in 2019, 465 in 2020,
1,074 in 2025), beside "droits de l'homme" in the names that keep it (Conseil
des droits de l'homme, Haut-Commissariat aux droits de l'homme) and in the
other organs' texts; a query in the older words missed the current wording
of the same paragraph (A/RES/80/218 op5j: « protéger les droits humains des
enfants migrants »). Adding a row is one line; no rebuild.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from indexer.text.analysis import french_spans

# (older spelling, the spellings that replaced it).
REPLACED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("droits de l'homme", ("droits humains",)),
)


@dataclass(frozen=True)
class Expression:
    """Words ``start`` to ``end`` (excluded) of a query spelling an expression the old way, and all its spellings."""

    start: int
    end: int
    spellings: tuple[str, ...]


@dataclass(frozen=True)
class Widening:
    """An expression a query spelled the old way, as typed, and the other spellings the search also looked for."""

    typed: str
    also: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """Return the widening as the JSON API and ``resolu search --json`` show it."""
        return {"typed": self.typed, "also": list(self.also)}


def widenings(words: Sequence[str]) -> list[Widening]:
    """Return, for each expression the query words spell the old way, the spellings searched besides the typed one.

    What the search page says it also looked for ("droits humains" for
    "droits de l'homme"): the highlighting alone showed it.
    """
    found = []
    for e in find_expressions(words):
        typed = " ".join(words[e.start:e.end])
        also = tuple(s for s in e.spellings if index_terms(s) != index_terms(typed))
        if also:
            found.append(Widening(typed, also))
    return found


def exact_words(query: str, widened: Sequence[Widening]) -> str:
    """Return the query with each expression it widened in double quotes: the search of the typed words only.

    A query holding a quoted phrase is not widened (indexer/search/query.py
    widens plain words only), and the quotes keep the expression's words
    together, as a reader asking for the exact words means. The rest of the
    query (other words, ``champ:valeur`` filters) is left as typed.
    """
    for w in widened:
        pattern = r"(?<![\w'’])" + r"\s+".join(re.escape(word) for word in w.typed.split()) + r"(?![\w'’])"
        query = re.sub(pattern, lambda m: '"' + " ".join(m.group(0).split()) + '"', query, count=1)
    return query


def index_terms(text: str) -> tuple[str, ...]:
    """Return the French index terms of a text (stems, stop words dropped): what spellings are compared on."""
    return tuple(term for term, _, _ in french_spans(text))


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Return (index terms of an older spelling, it and the newer ones), the longest spellings first."""
    rows = [(index_terms(old), (old, *new)) for old, new in REPLACED]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def find_expressions(words: Sequence[str]) -> list[Expression]:
    """Return the expressions the query words spell the old way, left to right, none overlapping.

    An expression starts and ends on words that are index terms ("droits",
    "l'homme"); stop words between them ("de") belong to it. A word made of
    several terms is not cut.
    """
    per_word = [index_terms(w) for w in words]
    found: list[Expression] = []
    i = 0
    while i < len(words):
        match = None
        if per_word[i]:
            for terms, row in _table():
                end = _spells(per_word, i, terms)
                if end is not None:
                    match = Expression(i, end, row)
                    break
        if match is None:
            i += 1
            continue
        found.append(match)
        i = match.end
    return found


def _spells(per_word: Sequence[tuple[str, ...]], start: int, terms: tuple[str, ...]) -> int | None:
    """Return the end of the words from ``start`` whose terms are exactly ``terms``, or None."""
    got: list[str] = []
    for j in range(start, len(per_word)):
        got.extend(per_word[j])
        if len(got) > len(terms) or tuple(got) != terms[:len(got)]:
            return None
        if len(got) == len(terms):
            return j + 1
    return None
