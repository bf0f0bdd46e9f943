"""Analyse French text for indexing and querying, identically on both sides.

The chain is: words → elision (l', d', qu', jusqu'… with either apostrophe)
→ lower case → accent folding → stop words → Snowball French stemming.
Folding comes *before* stemming so that "frontieres" and "frontières" reach
the stemmer as the same string: an accent-free query behaves exactly like an
accented one.

The pieces are small Whoosh filters, pickled with the schema by module path:
renaming this module breaks existing indexes (rebuild them).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer
from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, RegexTokenizer, StopFilter, Token

from indexer.lemmas import lemma

# Letters and digits, with an apostrophe inside a word kept for elision.
WORD_PATTERN = r"\w+(?:['’ʼ]\w+)*"

ELIDED = frozenset(
    "l d qu s n j m t c jusqu lorsqu puisqu quoiqu presqu quelqu".split()
)

# Snowball's French stop list (as in Sphinx's French search), accent-folded,
# plus the auxiliary forms it lists. Kept small: "non", "pas" stay searchable
# so that "non accompagnés" can still match.
STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant
    suis es est sommes sont serai seras sera serons serez seront serais serait serions
    seriez seraient etais etait etions etiez etaient fus fut fumes futes furent sois soit
    soyons soyez soient fusse fusses fussions fussiez fussent ayant eu eue eues eus ai as
    avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez
    auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies ait ayons
    ayez aient eusse eusses eut eussions eussiez eussent ceci cela cet cette ici ils les
    leurs quel quels quelle quelles sans soi avoir etre entre contre""".split()
)

_STEMMER = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Remove accents and expand ligatures: "Œuvre été" → "OEuvre ete"."""
    return _fold_cached(text) if len(text) < 40 else _fold(text)


def _fold(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def _fold_cached(text: str) -> str:
    return _fold(text)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the index term of one folded, lower-case French word.

    A lemma row (indexer/lemmas.py) wins over Snowball; third-person plurals
    Snowball leaves whole ("demandent") are stemmed as their singular
    ("demande"). Module-level so that the analyzer pickles.
    """
    term = lemma(word)
    if term is not None:
        return term
    stemmed = _STEMMER.stemWord(word)
    if stemmed == word and len(word) > 6 and word.endswith("ent"):
        return _STEMMER.stemWord(word[:-2])
    return stemmed


class ElisionFilter(Filter):
    """Drop elided articles and pronouns: "l'homme" → "homme", "qu’il" → "il"."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            for apostrophe in "'’ʼ":
                if apostrophe in text:
                    head, _, tail = text.partition(apostrophe)
                    if head.lower() in ELIDED and tail:
                        t.text = tail.replace("’", "'").replace("ʼ", "'")
                        if t.chars:
                            t.startchar += len(head) + 1
                    else:
                        t.text = text.replace("’", "'").replace("ʼ", "'")
                    break
            yield t


class FoldFilter(Filter):
    """Fold accents and ligatures so that accented and bare words meet."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            yield t


class FrenchStemFilter(Filter):
    """Stem folded words with Snowball French (PyStemmer when installed)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text)
            yield t


class PluralFilter(Filter):
    """Strip a plural -s or -x and nothing else: a light stem that keeps gender.

    Snowball (and the lemma table) deliberately join "travailleuse" and
    "travailleur"; this second, lighter form lets the exact form a user typed
    rank first among them.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = t.text
            if len(text) > 3 and text[-1] in "sx" and not text.endswith("ss"):
                t.text = text[:-1]
            yield t


def light_analyzer() -> CompositeAnalyzer:
    """Return the light analyzer: like the French one, but plurals only."""
    return french_analyzer(stemming=False) | PluralFilter()


def tokenizer() -> RegexTokenizer:
    """Return the word tokenizer shared by every French field."""
    return RegexTokenizer(WORD_PATTERN)


def french_analyzer(stemming: bool = True) -> CompositeAnalyzer:
    """Return the full French analyzer: elision, case, accents, stop words, stems."""
    chain = (
        tokenizer()
        | ElisionFilter()
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
    )
    return chain | FrenchStemFilter() if stemming else chain


def analyse(text: str, stemming: bool = True) -> list[str]:
    """Return the index terms of a text, as the index and the queries see them."""
    return [t.text for t in french_analyzer(stemming)(text)]

