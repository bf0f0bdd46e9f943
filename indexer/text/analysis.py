"""Analyse French text for indexing and querying, identically on both sides.

The chain is: words → elision (l', d', qu', jusqu'… with either apostrophe)
→ lower case → accent folding → stop words → Snowball French stemming.
Folding comes *before* stemming so that "frontieres" and "frontières" reach
the stemmer as the same string: an accent-free query behaves exactly like an
accented one.

The light flavour (plurals only) keeps the accents instead: it is what lets
the written form rank first among its folded homographs ("traite" of human
beings above "traité", "armes" above "armés"). Capitals carry no accents in
French typography ("Etats", "ETATS" for "États"), so a word's first letter,
and the whole of a word written in capitals, are folded there too.

The pieces are small Whoosh filters, pickled with the schema by module path:
renaming this module breaks existing indexes (rebuild them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, partial
from itertools import accumulate

import snowballstemmer
from whoosh.analysis import CompositeAnalyzer, RegexTokenizer

from indexer.text.language import TermFilter
from indexer.text.lemmas import lemma

# Letters and digits, with an apostrophe inside a word kept for elision.
WORD_PATTERN = r"\w+(?:['’ʼ]\w+)*"
_WORD_RE = re.compile(WORD_PATTERN, re.UNICODE)  # as Whoosh's RegexTokenizer compiles it
# The same words, kept between the gaps by re.split (the pattern itself has no capturing group).
_SPLIT_RE = re.compile(f"({WORD_PATTERN})", re.UNICODE)

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
# The plural endings whose singular Snowball (or the third-person rule of stem()) cuts elsewhere,
# read off the default collection's words: -ts (conflits, instruments, éléments, compétents, crédits)
# and -ions (commissions, religions, opinions). Not -ers ("conseillers" would meet "conseil", "tiers"
# and "divers" are no plurals) nor -ons alone (« nous renforcerons »).
SPLIT_PLURALS = ("ts", "ions")


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

    A lemma row (indexer/text/lemmas.py) wins over Snowball; third-person plurals
    Snowball leaves whole ("demandent") are stemmed as their singular
    ("demande"). Module-level so that the analyzer pickles.
    """
    term = lemma(word)
    if term is not None:
        return term
    if len(word) > 4 and word.endswith(SPLIT_PLURALS) and lemma(word[:-1]) is None:
        # A plural is its singular's term: Snowball, and the rule below, cut these pairs apart
        # ("conflit" → confl but "conflits" → conflit; "instrument" → instrum but "instruments" →
        # instrument; "commission" → commiss but "commissions" → comm), and a query in one number
        # missed the paragraphs in the other. Where a lemma row reads the singular ("violent"), the
        # plural keeps its own term: the row is about a verb, the plural is an adjective's.
        return stem(word[:-1])
    stemmed = _STEMMER.stemWord(word)
    if stemmed == word and len(word) > 6 and word.endswith("ent"):
        return _STEMMER.stemWord(word[:-2])
    return stemmed


def elide(word: str) -> tuple[str, int]:
    """Drop an elided article or pronoun: "l'homme" → ("homme", 2), "qu’il" → ("il", 3).

    Returns the word with a straight apostrophe and how many characters
    were dropped from its start. "aujourd'hui" keeps its apostrophe.
    """
    for apostrophe in "'’ʼ":
        if apostrophe in word:
            head, _, tail = word.partition(apostrophe)
            if head.lower() in ELIDED and tail:
                return tail.replace("’", "'").replace("ʼ", "'"), len(head) + 1
            return word.replace("’", "'").replace("ʼ", "'"), 0
    return word, 0


def plural(word: str) -> str:
    """Strip a plural -s or -x and nothing else: a light stem that keeps gender.

    Snowball (and the lemma table) deliberately join "travailleuse" and
    "travailleur"; this lighter form lets the exact form a user typed rank
    first among them.
    """
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


def written(word: str) -> str:
    """Return a word in lower case, its accents kept but where typography drops them.

    "Traité" → "traité"; "États", "Etats" and "ÉTATS" → "etats";
    "sœur" → "soeur". The first letter and an all-capitals word are folded.
    """
    word = word.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    if len(word) > 1 and word.isupper():
        return fold(word.lower())
    return fold(word[:1].lower()) + word[1:].lower()


# How a folded word becomes an index term, per analyzer flavour.
REDUCERS = {"stem": stem, "light": plural, "none": lambda word: word}


@lru_cache(maxsize=500_000)
def normalise(raw: str, flavour: str = "stem") -> tuple[str | None, int]:
    """Return the index term of one raw token (None for a stop word) and its elision offset.

    The whole chain — elision, lower case, folding, stop words, reduction —
    is one cached call per distinct token: the same few thousand words make
    up most of a corpus, so indexing pays for each once.
    """
    word, offset = elide(raw)
    folded = fold(word.lower())
    if folded in STOP_WORDS:
        return None, offset
    if flavour == "light":
        # Accents kept (see the module's docstring): "traité" and "traite" stay apart.
        return plural(written(word)), offset
    return REDUCERS[flavour](folded), offset


class FrenchFilter(TermFilter):
    """Turn tokens into French index terms; stop words are dropped, positions renumbered (see TermFilter)."""

    def __init__(self, flavour: str = "stem") -> None:
        self.flavour = flavour

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FrenchFilter) and other.flavour == self.flavour

    def __hash__(self) -> int:
        return hash(("FrenchFilter", self.flavour))

    def term_function(self) -> Callable[[str], tuple[str | None, int]]:
        """Return :func:`normalise` in this filter's flavour."""
        # The stemmed flavour is normalise's default: called as it is, without a wrapper per token.
        return normalise if self.flavour == "stem" else partial(normalise, flavour=self.flavour)


def tokenizer() -> RegexTokenizer:
    """Return the word tokenizer shared by every French field."""
    return RegexTokenizer(WORD_PATTERN)


def french_analyzer(stemming: bool = True) -> CompositeAnalyzer:
    """Return the French analyzer: elision, case, accents, stop words, then stems."""
    return tokenizer() | FrenchFilter("stem" if stemming else "none")


def light_analyzer() -> CompositeAnalyzer:
    """Return the light analyzer: like the French one, but plurals only."""
    return tokenizer() | FrenchFilter("light")


def french_words(text: str) -> tuple[list[tuple[str | None, int]], list[int]]:
    """Return the (term, elision offset) of each word of a text (None: a stop word) and where its parts end.

    The text is cut into gaps and words, alternately: word k is part
    2k + 1, starting where part 2k ends (``ends[2k]``) and ending at
    ``ends[2k + 1]``. :func:`french_spans` keeps the index terms of it; the
    highlighting of a hit reads the few words it marks without making a
    span of every word (results.Marked).
    """
    known = _SPAN_TERMS
    # One split and running lengths (C loops) rather than a match object per word: the hits of
    # a pasted sentence are long paragraphs, hundreds of words each.
    parts = _SPLIT_RE.split(text)
    words = parts[1::2]
    found = list(map(known.get, words))
    if None in found:
        for i, word in enumerate(words):
            if found[i] is None:
                if len(known) >= SPAN_CACHE:
                    known.clear()
                # A plain dict: the lru_cache of normalise costs more per call than a dict lookup.
                found[i] = known[word] = normalise(word, "stem")
    return found, list(accumulate(map(len, parts)))  # type: ignore[arg-type]


def french_spans(text: str) -> list[tuple[str, int, int]]:
    """Return (term, start, end) of each French index term of a text, as french_analyzer finds them.

    The same tokens, characters and stop words as the analyzer in "index"
    mode, without Whoosh's token objects: highlighting the hits of a pasted
    sentence (long paragraphs) spent half its time in them.
    """
    found, ends = french_words(text)
    # Word k is parts[2k + 1]: it starts where parts[2k] ends and ends at ends[2k + 1].
    return [(term, start + offset, end)
            for (term, offset), start, end in zip(found, ends[0::2], ends[1::2], strict=False)
            if term is not None]


# Raw token → (term, elision offset) for french_spans, bounded.
SPAN_CACHE = 200_000
_SPAN_TERMS: dict[str, tuple[str | None, int]] = {}


# The accented letters French texts print for each plain one, for verbatim_pattern.
_ACCENTED = {"a": "aàâäá", "c": "cç", "e": "eéèêë", "i": "iîïí", "o": "oôöó", "u": "uùûüú", "y": "yÿ", "n": "nñ"}


@lru_cache(maxsize=1024)
def verbatim_pattern(phrase: str) -> re.Pattern[str]:
    """Return a pattern finding a phrase word for word in a text, stop words included.

    Case, accents, ligatures and the spaces or apostrophes between words do
    not count: "interet superieur de l'enfant" finds "l’intérêt supérieur de
    l'Enfant" but not "l'intérêt supérieur de ces enfants" (which the index,
    without its stop words, matches). The text is searched as is, never
    folded: a regular expression over a paragraph costs microseconds, folding
    it ten times more.
    """
    words = re.findall(r"\w+", fold(phrase).lower())

    def letters(word: str) -> str:
        out = []
        i = 0
        while i < len(word):
            pair = word[i:i + 2]
            if pair in ("oe", "ae"):
                out.append(f"(?:{pair}|{'œ' if pair == 'oe' else 'æ'})")
                i += 2
                continue
            c = word[i]
            out.append(f"[{_ACCENTED[c]}]" if c in _ACCENTED else re.escape(c))
            i += 1
        return "".join(out)

    return re.compile(r"(?<!\w)" + r"\W+".join(map(letters, words)) + r"(?!\w)", re.IGNORECASE)


def analyse(text: str, stemming: bool = True) -> list[str]:
    """Return the index terms of a text, as the index and the queries see them."""
    return [t.text for t in french_analyzer(stemming)(text)]

