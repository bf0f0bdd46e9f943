"""Parse the search syntax into Whoosh queries: filters, aliases, fields and boosts."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    MultifieldParser,
    OrGroup,
    PlusMinusPlugin,
    WildcardPlugin,
)
from whoosh.qparser.common import QueryParserError
from whoosh.qparser.plugins import FieldsPlugin
from whoosh.query import NullQuery, Or, Phrase, Query, Term

from indexer.errors import QuerySyntaxError, QueryTooLongError
from indexer.model import KIND_NAMES
from indexer.search.assent import state_name
from indexer.search.catalog import FACET_NAMES, FIELD_ALIASES
from indexer.store import whoosh_compat
from indexer.store.schema import LANGUAGE_FIELDS
from indexer.text.equivalents import Expression, find_expressions, index_terms

# "mot:valeur" with a name that is not a field (internal ones such as seq included). French
# typography puts a space before ":", so "migrants : détention" stays plain words.
UNKNOWN_FIELD_RE = re.compile(r"(?:(?<=\s)|^)-?([^\W\d_]{2,}):(?=[\w\"*])")
# Filters whose values are States: read in French or English, any case or accents.
STATE_FILTERS = ("sponsor", "accepted_by")
FILTER_RE = re.compile(
    r"(?:(?<=\s)|^)(-?)(" + "|".join(sorted(FIELD_ALIASES, key=len, reverse=True)) + r')\s*:\s*("[^"]*"|\S+)',
    re.IGNORECASE,
)


# What a kind filter may be written as: the stored kind, or its French name (accents or not).
KIND_ALIASES = {alias: kind for kind, name in KIND_NAMES.items()
                for alias in (kind, name, name.replace("é", "e"))}


# What Whoosh 2.7.4's query parser raises on input its grammar does not
# handle, besides its own QueryParserError (found by fuzzing: "]AND NOT NOT
# ANDl'" gives IndexError, "? * TO(- TO x )" NotImplementedError). Anything
# else is a bug and must not be shown as an unreadable query.
PARSER_ERRORS = (QueryParserError, IndexError, NotImplementedError)
# Weight of an exact-form (plurals only) match, on top of the stemmed one.
LIGHT_BOOST = 2.0
LIGHT_BOOSTS = {"light": LIGHT_BOOST}
# Weight of a match in each text field, applied to the query and nowhere else
# (the schema has no field_boost: applied at index time too, it counted twice).
FIELD_BOOSTS = {"text": 1.0, "opening": 2.0, "instruments_text": 1.5, "notes": 0.3, "text_en": 1.0}


EXPLICIT_RE = re.compile(r"\b(?:AND|OR|NOT)\b|(?:^|\s)[+-]\S")
# What makes a query more than its words side by side for Whoosh's parser: phrases, groups,
# ranges, boosts, fields, escapes, and a quote opening a word ('…' is a quoted term).
SYNTAX_RE = re.compile(r"[\"()\[\]{}^~:+\\]|(?:^|\W)'")
# Coordination bonus of the any-word query (Whoosh's OrGroup.factory).
ANY_SCALE = 0.9


@dataclass
class ParsedQuery:
    """A user query turned into Whoosh queries, with the words it looked for."""

    query: Query | None
    scored: Query | None
    terms: list[tuple[str, str]]
    words: list[str]
    expansions: dict[str, str] = field(default_factory=dict)
    word_queries: list[Query] = field(default_factory=list)
    # Phrase and proximity bonuses, checked on the best candidates only.
    proximity: list[Query] = field(default_factory=list)
    lang: str = "fr"
    # The user's quoted phrases of two words or more, as typed (not the acronyms' expansions).
    phrases: list[str] = field(default_factory=list)
    # How many expressions printed two ways the words hold (each one unit of word_queries).
    expressions: int = 0


class ReadFilters(dict[str, list[str]]):
    """Facet filters :func:`parse_filters` has already read (names checked, values normalised and deduplicated).

    The web app reads a request's filters once (webapp/search_request.py) and
    hands them to the engine as such: the engine then reads only the query text.
    """


def parse_filters(query: str, filters: Mapping[str, Sequence[str]]
                  ) -> tuple[str, dict[str, list[str]], dict[str, list[str]]]:
    """Move ``field:value`` filters out of the query text into facet filters (``filters``: read unless ReadFilters)."""
    active: dict[str, list[str]] = {}
    negative: dict[str, list[str]] = {}
    if isinstance(filters, ReadFilters):
        active = {name: list(values) for name, values in filters.items()}
        filters = {}
    for name, values in filters.items():
        if name not in FACET_NAMES:
            raise QuerySyntaxError(f"filtre inconnu « {name} » (filtres : {', '.join(FACET_NAMES)})")
        if len(set(values)) > MAX_FILTER_VALUES:
            raise QuerySyntaxError(f"trop de valeurs pour le filtre « {name} » : {len(set(values))}, "
                                   f"{MAX_FILTER_VALUES} au plus")
        for v in values:
            v = _normalise_filter(name, v)
            if v and v not in active.setdefault(name, []):
                active[name].append(v)

    def take(m: re.Match[str]) -> str:
        name = FIELD_ALIASES[m.group(2).lower()]
        value = _normalise_filter(name, m.group(3).strip('"'))
        target = negative if m.group(1) else active
        if value and value not in target.setdefault(name, []):
            target[name].append(value)
        return " "

    text = FILTER_RE.sub(take, query)
    unknown = UNKNOWN_FIELD_RE.search(text)
    if unknown:
        names = ", ".join(sorted({a for a in FIELD_ALIASES if a.isascii()}))
        raise QuerySyntaxError(f"champ « {unknown.group(1)} » inconnu dans la requête (champs : {names})")
    return text.strip(), active, negative


def _normalise_filter(name: str, value: str) -> str:
    value = " ".join(value.split())
    if name == "kind":
        return KIND_ALIASES.get(value.lower(), value)
    if name in STATE_FILTERS and value:
        # A State typed in English, without accents or in another case: its French UN name.
        french = state_name(value)
        if french is None and name == "accepted_by":
            raise QuerySyntaxError(f"accepted_by : État inconnu « {value} » (nom français ou anglais de l'ONU, "
                                   "ex. « France », « Mexique », « Russian Federation »)")
        return french or value
    return value


# Weight of the related names an acronym also stands for (QUERY_EXPANSIONS: "HCDH" is the Office, its
# head "la Haut-Commissaire" is a related name), against 1 for the name it abbreviates: a paragraph about
# the Office ranks before one that names its head, even a shorter one.
RELATED_NAME_WEIGHT = 0.5
ACRONYM_RE = re.compile(r"(?<![\w:/'’*-])([^\W\d_]{2,12})(?![\w:/'’*-])")


def expand_aliases(text: str, is_word: Any = None) -> tuple[str, dict[str, str]]:
    """Expand acronyms and aliases (OIT, PIDCP, CEDAW…) into their full names.

    A word is expanded when written in capitals, or in lower case when it is
    not itself a word of the index (``is_word``): "oit" but not "who" in an
    English paragraph. Quoted phrases are left alone.
    """
    from indexer.facets.extract import ALIASES  # noqa: PLC0415 - vocabularies live with the extractor
    from indexer.facets.vocabulary import QUERY_EXPANSIONS  # noqa: PLC0415

    expanded: dict[str, str] = {}

    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        full = ALIASES.get(word.lower())
        if not full or word.upper() in ("AND", "OR", "NOT"):
            return word
        if not word.isupper() and is_word is not None and is_word(word.lower()):
            return word
        expanded[word] = full
        related = "".join(f' OR "{p}"^{RELATED_NAME_WEIGHT}' for p in QUERY_EXPANSIONS.get(word.lower(), ()))
        return f'({word} OR "{full}"{related})'

    parts = re.split(r'("[^"]*")', text)
    out = [part if part.startswith('"') else ACRONYM_RE.sub(repl, part) for part in parts]
    return "".join(out), expanded


@dataclass
class ParsedCache:
    """Hold the parsed queries a search engine keeps between searches on one index generation.

    ``words``: each query word's own query, by (language, word), WORD_CACHE of them at most; ``texts``:
    the texts the parser read whole, by (what they were read for, text), TEXT_CACHE at most. Each table
    is emptied when full; the owner makes a new cache when the generation changes. The queries are
    shared between searches, never copied: nothing may change them in place.
    """

    words: dict[tuple[str, str], Query] = field(default_factory=dict)
    texts: dict[tuple[str, str], Query] = field(default_factory=dict)


def parse_query(text: str, schema: Any, is_word: Any = None,
                light_forms: Callable[[str], list[str]] | None = None, lang: str = "fr",
                cache: ParsedCache | None = None) -> ParsedQuery:
    """Parse the query text; raise QuerySyntaxError when it cannot be read.

    ``cache`` keeps each word's own query, and the texts the parser reads
    whole, between searches on one index generation (:class:`ParsedCache`):
    Whoosh's parser takes about 2 ms a word, most of a pasted sentence's parse.

    ``light_forms`` says which written forms (accents kept) the exact-form
    bonus of a typed word goes to (see indexer/search/homographs.py).
    ``lang`` is the query's language: "en" searches the English paragraphs,
    with the same syntax but without the French acronyms and written forms.
    """
    if lang not in LANGUAGE_FIELDS:
        raise QuerySyntaxError(f"langue de requête inconnue « {lang} » (valeurs : {', '.join(LANGUAGE_FIELDS)})")
    text = text.strip()
    if not text:
        return ParsedQuery(None, None, [], [], lang=lang)
    _check_balanced(text)
    text = bounded(text)
    fields = list(LANGUAGE_FIELDS[lang])
    strict = LazyParser(schema, lambda: _parser(fields, schema, AndGroup))
    explicit = bool(EXPLICIT_RE.search(text))
    words = _words(text)
    if not words:
        _refuse_wordless(text)
    phrases = [p for p in re.findall(r'"([^"]*)"', text) if len(re.findall(r"\w+", p)) > 1]
    text, expansions = _expanded(text, is_word, lang)
    boosts = {f: FIELD_BOOSTS.get(f, 1.0) for f in fields}  # as _parser gives them to Whoosh's parser
    word_parsed = [_word_query(word, strict, is_word, lang, cache, boosts) for word in words]
    plain = not explicit and not SYNTAX_RE.search(text)
    # An expression printed two ways ("droits de l'homme", "droits humains": indexer/text/equivalents.py) is
    # one word of the query for the all-words tier; its words still match one by one, as any word does.
    expressions = find_expressions(words) if plain and lang == "fr" else []
    units = _units(expressions, word_parsed, strict, is_word, cache)
    q_all, q_any, plain = _all_and_any(text, fields, schema, strict, plain, explicit, word_parsed, units,
                                       expressions, cache)
    if q_any is NullQuery:
        return ParsedQuery(NullQuery, NullQuery, [], words, expansions, lang=lang)
    # Paragraphs holding every word first, then the others by coordination;
    # a phrase of the plain words ranks above the same words scattered.
    # One word: both forms are the same query, scoring it twice is waste.
    scored_parts: list[Query] = [q_any] if q_any == q_all else [q_any, _boosted(q_all, 3.0)]
    proximity = _proximity(words, text, explicit, expressions, schema, fields[0])
    light = _light_query(text, words, schema, plain, light_forms, lang, cache)
    if light is not NullQuery:
        scored_parts.append(light)
    scored = Or(scored_parts)
    terms = sorted({(f, t.decode("utf-8") if isinstance(t, bytes) else t)
                    for f, t in q_any.iter_all_terms() if f in fields})
    word_queries = _word_queries(q_all, units, plain)
    return ParsedQuery(q_any, scored, terms, words, expansions, word_queries, proximity, lang, phrases,
                       len(expressions))


def _check_balanced(text: str) -> None:
    """Refuse a query whose quotes or parentheses are not closed."""
    if text.count('"') % 2:
        raise QuerySyntaxError("guillemet non fermé : fermez l'expression exacte par un second \"")
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth:
        raise QuerySyntaxError("parenthèses non équilibrées : vérifiez les ( et les )")


def _refuse_wordless(text: str) -> None:
    """Refuse a query without a word to look for, saying why ("AND OR", "( )", "-migrants")."""
    # Nothing to look for matched nothing, without a word why.
    if re.search(r"(?:^|[\s(])-[^\W_]", text):
        raise QuerySyntaxError("une recherche ne peut pas seulement exclure (-mot) : "
                               "ajoutez au moins un mot à chercher")
    raise QuerySyntaxError("la recherche ne contient que des opérateurs (AND, OR, NOT) ou des signes : "
                           "ajoutez les mots à chercher")


def _expanded(text: str, is_word: Any, lang: str) -> tuple[str, dict[str, str]]:
    """Return the text with its acronyms expanded, and the expansions; refuse too many of them."""
    # The acronyms known are French ones (OIT, HCR): an English query keeps its words.
    text, expansions = expand_aliases(text, is_word) if lang == "fr" else (text, {})
    if len(expansions) > MAX_ALIASES:
        # Each acronym becomes its full name and variants, phrases all.
        raise QuerySyntaxError(f"trop de sigles dans la requête : {len(expansions)} développés "
                               f"({', '.join(expansions)}), {MAX_ALIASES} au plus")
    return text, expansions


def _all_and_any(text: str, fields: list[str], schema: Any, strict: LazyParser, plain: bool, explicit: bool,
                 word_parsed: list[Query], units: list[Query], expressions: list[Expression],
                 cache: ParsedCache | None = None) -> tuple[Query, Query, bool]:
    """Return the all-words query, the any-word query, and whether the words were read plainly.

    A text read by the parser is remembered in ``cache`` as its words are (a sentence pasted
    again with « (2025) » or « : » in it was parsed whole, twice, at every search).
    """
    try:
        if plain:
            # Plain words (a pasted sentence): the parser would give the group of each word's own
            # query, normalised (tests/test_search.py compares the two on sentences of the corpus);
            # parsing the whole text again, twice, was most of a long query's parse.
            q_all = whoosh_compat.normalized(wq.And, units)
            # Without a scale: the parser's OrGroup.factory(0.9) leaves none on the query it makes.
            q_any = whoosh_compat.normalized(wq.Or, _any_words(word_parsed, units, expressions))
        else:
            key = "|".join(fields)
            q_all = _text_query(strict, text, f"all|{key}", cache)
            # Without operators, paragraphs holding only some of the words still
            # match; with them (AND, OR, NOT, -mot, +mot) the user's logic rules.
            q_any = q_all if explicit else _text_query(
                LazyParser(schema, lambda: _parser(fields, schema, OrGroup.factory(ANY_SCALE))), text, f"any|{key}",
                cache)
    except PARSER_ERRORS:
        # An operator in a place the grammar does not allow ("(-mot)"): read
        # the words plainly rather than refuse the query.
        stripped = re.sub(r'[()+\-]|\b(?:AND|OR|NOT)\b', " ", text)
        try:
            q_all = strict.parse(stripped)
            q_any = _parser(fields, schema, OrGroup.factory(ANY_SCALE)).parse(stripped)
        except PARSER_ERRORS as exc:
            raise QuerySyntaxError(f"requête illisible ({exc.__class__.__name__}) : simplifiez-la") from None
        # Read plainly from here on: the light bonus is then each word's, as for plain words.
        return q_all, q_any, bool(stripped)
    return q_all, q_any, plain


def _proximity(words: list[str], text: str, explicit: bool, expressions: list[Expression], schema: Any,
               body: str) -> list[Query]:
    """Return the phrase bonuses of several plain words: close together, then near each other."""
    plain_words = [w for w in words if not w.endswith("*")]
    proximity: list[Query] = []
    if len(plain_words) > 1 and '"' not in text and not explicit:
        # The words as typed, and as the texts print them with another spelling of an expression
        # (« droits humains des enfants migrants » for « droits de l'homme des enfants migrants »).
        for n, wording in enumerate(_wordings(plain_words) if expressions else [plain_words]):
            phrase_terms = [t.text for t in schema[body].analyzer(" ".join(wording))]
            weight = 1.0 if n == 0 else OTHER_SPELLING_WEIGHT
            if len(phrase_terms) > 1:
                proximity += [Phrase(body, phrase_terms, slop=1, boost=4.0 * weight),
                              Phrase(body, phrase_terms, slop=6, boost=1.5 * weight)]
    return proximity


def _light_query(text: str, words: list[str], schema: Any, plain: bool,
                 light_forms: Callable[[str], list[str]] | None, lang: str,
                 cache: ParsedCache | None) -> Query:
    """Return the exact-form (plurals only) bonus of a French query, NullQuery when there is none."""
    if "light" not in schema or lang != "fr":
        return NullQuery
    light_parser = LazyParser(schema, lambda: _light_parser(schema))
    try:
        if plain:
            light = whoosh_compat.normalized(
                wq.Or, [_word_query(word, light_parser, None, "light", cache, LIGHT_BOOSTS) for word in words])
        else:
            light = _text_query(light_parser, text, "light|text", cache)
    except PARSER_ERRORS:  # the light form is only a bonus
        return NullQuery
    if light is not NullQuery and light_forms is not None:
        light = _written_forms(light, light_forms)
    return light


def _word_queries(q_all: Query, units: list[Query], plain: bool) -> list[Query]:
    """Return the query of each unit of the words, the all-words query's own copies when it has them."""
    word_queries = [q for q in units if q is not NullQuery]
    if plain and isinstance(q_all, wq.And) and len(q_all.subqueries) == len(word_queries) \
            and all(a == b for a, b in zip(q_all.subqueries, word_queries, strict=True)):
        # The all-words query's own copies (normalize() copies each word's query): the evaluator
        # computes each sub-query once per search, so the words are then scored once, not twice.
        word_queries = list(q_all.subqueries)
    return word_queries


def _word_query(word: str, parser: LazyParser, is_word: Any, lang: str,
                cache: ParsedCache | None, boosts: Mapping[str, float] | None = None) -> Query:
    """Return one word's own query (remembered in ``cache`` under ``lang``), NullQuery if it has none.

    ``boosts``: the parser's fields and their boosts, for a word the parser need not read (_letters_query).
    """
    cached = cache.words.get((lang, word)) if cache is not None else None
    if cached is None:
        text = expand_aliases(word, is_word)[0] if lang == "fr" else word
        # A word of letters is the parser's Or of its terms, made directly: the parser took
        # 1 to 2 ms a word, most of the parse of a sentence pasted for the first time.
        cached = _letters_query(text, parser.schema, boosts) if boosts is not None and text == word else None
        if cached is None:
            try:
                cached = parser.parse(text)
            except PARSER_ERRORS:  # a word the grammar rejects just does not count
                cached = NullQuery
        if cache is not None:
            if len(cache.words) >= WORD_CACHE:
                cache.words.clear()
            cache.words[(lang, word)] = cached
    return cached


def _letters_query(word: str, schema: Any, boosts: Mapping[str, float]) -> Query | None:
    """Return the query the parser makes of a word of letters (LETTERS_RE), None for any other word.

    What MultifieldParser.parse gives such a word (tests/test_search.py
    compares them on every word of the seed): each field's term of it, with
    the field's boost (``boosts``: the parser's fields in order), OR-ed;
    none in a field that drops it (a stop word); the term alone in one field.
    """
    if not LETTERS_RE.fullmatch(word) or word.upper() in PARSER_OPERATORS:
        return None
    terms: list[Query] = []
    # The word analysed once per analyzer: the French fields share one (equal analyzers, equal tokens).
    analysed: list[tuple[Any, list[str]]] = []
    for name, boost in boosts.items():
        field = schema[name]
        if field.self_parsing():
            return None
        texts = next((t for analyzer, t in analysed if analyzer == field.analyzer), None)
        if texts is None:
            texts = list(field.process_text(word, mode="query", tokenize=True, removestops=True))
            analysed.append((field.analyzer, texts))
        if len(texts) > 1:
            return None  # the field's multi-token query (a phrase): the parser's to make
        if texts:
            term = Term(name, texts[0], boost=boost)
            term.startchar, term.endchar = 0, len(word)
            terms.append(term)
    if not terms:
        return NullQuery
    return terms[0] if len(terms) == 1 else Or(terms)


def _units(expressions: list[Expression], word_parsed: list[Query], parser: LazyParser, is_word: Any,
           cache: ParsedCache | None) -> list[Query]:
    """Return the query of each unit of the words: a word's own, or an expression's spellings OR-ed as phrases."""
    if not expressions:
        return word_parsed
    units: list[Query] = []
    at = 0
    for e in expressions:
        units += word_parsed[at:e.start]
        spellings = " OR ".join('"' + s + '"' for s in e.spellings)
        units.append(_word_query(f"({spellings})", parser, is_word, "fr", cache))
        at = e.end
    return units + word_parsed[at:]


def _any_words(word_parsed: list[Query], units: list[Query], expressions: list[Expression]) -> list[Query]:
    """Return what the any-word query ORs: every word, and each expression scored once.

    An expression's own words still match one by one, unscored: "droits de l'homme" is scored
    as the expression, not once as it and again as "droits" and "homme".
    """
    inside = {i for e in expressions for i in range(e.start, e.end)}
    words = [_boosted(q, 0.0) if i in inside else q for i, q in enumerate(word_parsed)]
    return words + [u for u in units if not any(u is w for w in word_parsed)]


def _wordings(words: list[str]) -> list[list[str]]:
    """Return the words, then the same words with the other spellings of their expressions (MAX_WORDINGS in all)."""
    wordings = [words]
    for e in reversed(find_expressions(words)):  # from the end: the earlier spans keep their places
        typed = index_terms(" ".join(words[e.start:e.end]))
        wordings += [w[:e.start] + spelling.split() + w[e.end:] for w in list(wordings)
                     for spelling in e.spellings if index_terms(spelling) != typed]
    return wordings[:MAX_WORDINGS]


def _written_forms(q: Query, light_forms: Callable[[str], list[str]]) -> Query:
    """Point each light term at the written forms chosen for it ("traite" alone, or "sécurité" for "securite")."""
    if isinstance(q, Term) and q.fieldname == "light":
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else q.text
        forms = light_forms(text)
        if forms == [text]:
            return q
        terms = [Term("light", f, boost=q.boost) for f in forms]
        return terms[0] if len(terms) == 1 else Or(terms)
    return q.apply(lambda child: _written_forms(child, light_forms))


class LazyParser:
    """A Whoosh query parser made on its first use, and the schema it reads.

    Most searches need none: their words are remembered, or made without
    it (_letters_query); making the two parsers took half a millisecond.
    """

    def __init__(self, schema: Any, make: Callable[[], MultifieldParser]) -> None:
        self.schema = schema
        self._make = make
        self._parser: MultifieldParser | None = None

    def parse(self, text: str) -> Query:
        """Parse ``text`` with the parser, made now if it was not yet."""
        if self._parser is None:
            self._parser = self._make()
        return self._parser.parse(text)


def _text_query(parser: LazyParser, text: str, key: str, cache: ParsedCache | None) -> Query:
    """Return ``parser.parse(text)``, remembered with ``cache`` under ``key`` (a text it refuses is not).

    The texts are kept apart from the words, TEXT_CACHE of them at most: a
    sentence's trees weigh about 90 KB, fifty times a word's.
    """
    if cache is None:
        return parser.parse(text)
    texts = cache.texts
    cached = texts.get((key, text))
    if cached is None:
        cached = parser.parse(text)
        if len(texts) >= TEXT_CACHE:
            texts.clear()
        texts[(key, text)] = cached
    return cached


def _light_parser(schema: Any) -> MultifieldParser:
    """Return the light field's parser (the exact-form bonus)."""
    parser = MultifieldParser(["light"], schema, fieldboosts=LIGHT_BOOSTS, group=OrGroup)
    # As for the main parser: "field:" is never Whoosh syntax (seq:"…" reached a numeric field).
    parser.remove_plugin_class(FieldsPlugin)
    return parser


def _parser(fields: list[str], schema: Any, group: Any) -> MultifieldParser:
    parser = MultifieldParser(fields, schema, fieldboosts=FIELD_BOOSTS, group=group)
    parser.remove_plugin_class(FieldsPlugin)
    parser.remove_plugin_class(WildcardPlugin)
    parser.add_plugin(WildcardPlugin())
    # "-mot" excludes, but the hyphen inside "ex-combattants" or
    # "Haut-Commissariat" is part of the word, not an operator.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?:(?<=\s)|(?<=^)|(?<=\())\+",
                                      minusexpr=r"(?:(?<=\s)|(?<=^)|(?<=\())-"))
    return parser


def _boosted(q: Query, boost: float) -> Query:
    """Return q with another boost at its root, sharing its children (nothing changes a parsed query).

    Whoosh's own copy is deep: for a pasted sentence it cost 5 ms, and the
    copied children were evaluated a second time.
    """
    q = copy.copy(q)
    q.boost = boost
    return q


# What one query may ask for: each word costs postings, each wildcard a walk of the vocabulary.
MAX_WORDS = 40
MAX_FILTER_VALUES = 50
MAX_ALIASES = 8
# Wordings of a query given the phrase bonus: as typed, and with the other spellings of its expressions;
# the latter's bonus is weighed by OTHER_SPELLING_WEIGHT, so that the spelling typed ranks first
# (« droits humains … » typed: the texts since 2020 before those saying « droits de l'homme »).
MAX_WORDINGS = 4
OTHER_SPELLING_WEIGHT = 0.5
# A word of letters and digits, with an apostrophe or the punctuation of a sentence that is no syntax of
# Whoosh's parser, whose query _letters_query makes without the parser (unless it is an operator).
LETTERS_RE = re.compile(r"[\w,.;!«»…'’]+")
PARSER_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
# Words whose own query a search engine keeps between searches (see parse_query).
WORD_CACHE = 50_000
# Texts read whole by the parser kept (_text_query: its three trees per text count three).
TEXT_CACHE = 600
MIN_WILDCARD_PREFIX = 2
REPEAT_RE = re.compile(r'("[^"]*")|(\S+)')
LEADING_WILDCARD_RE = re.compile(r'(?:^|[\s("+-])([*?][^\s")]*)')
SHORT_WILDCARD_RE = re.compile(r'(?:^|[\s("+-])([^\W\d_]{1,' + str(MIN_WILDCARD_PREFIX - 1) + r'}[*?])')


def bounded(text: str) -> str:
    """Return the query text with repeated words dropped; refuse what would cost too much.

    "ONU ONU …" six hundred times took 22 s and 1.8 GB of a web worker; a
    leading wildcard ("*ité") walks the whole vocabulary.
    """
    seen: set[str] = set()
    kept: list[str] = []
    for m in REPEAT_RE.finditer(text):
        token = m.group(0)
        key = token.casefold()
        if key in seen and token.upper() not in ("OR", "AND", "NOT"):
            continue
        seen.add(key)
        kept.append(token)
    text = " ".join(kept)
    lead = LEADING_WILDCARD_RE.search(text)
    if lead:
        raise QuerySyntaxError(f"joker en tête de mot (« {lead.group(1)} ») : commencez par au moins "
                               f"{MIN_WILDCARD_PREFIX} lettres (ex. « migr* »)")
    short = SHORT_WILDCARD_RE.search(text)
    if short:
        raise QuerySyntaxError(f"préfixe trop court (« {short.group(1)} ») : au moins {MIN_WILDCARD_PREFIX} "
                               "lettres avant le joker")
    words = _words(text)
    if len(words) > MAX_WORDS:
        raise QueryTooLongError(f"requête trop longue : {len(words)} mots différents, {MAX_WORDS} au plus")
    return text


def _words(text: str) -> list[str]:
    cleaned = re.sub(r'["()+]|\b(?:OR|AND|NOT)\b', " ", text)
    return [w for w in cleaned.split() if not w.startswith("-")]
