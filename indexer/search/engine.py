"""Search the paragraph index: French queries, exact facet counts, highlights.

Query language: plain words (paragraphs holding all of them rank first, those
holding only some still come), "exact phrases", OR, AND, NOT or -word,
prefix*, and field filters (``verbe:"Demande instamment"``,
``destinataire:États``, ``instrument:…``, ``resolution:…``, ``type:…``,
``cote:A/RES/68/179``).

Facet counts are exact for multi-valued fields and computed over the whole
result set with numpy: a per-reader cache holds, for every facet, the
(document, value) pairs read once from the postings. Within one facet the
selected values are OR-ed, across facets AND-ed, and each facet's counts
reflect the filters of the *other* facets (the e-commerce convention).
"""

from __future__ import annotations

import gc
import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from whoosh import highlight, index
from whoosh.qparser import (
    AndGroup,
    MultifieldParser,
    OrGroup,
    PlusMinusPlugin,
    WildcardPlugin,
)
from whoosh.qparser.plugins import FieldsPlugin
from whoosh.query import NullQuery, Or, Phrase, Query

from indexer.errors import IndexMissingError, QuerySyntaxError
from indexer.search.allocator import tune_allocator
from indexer.search.evaluate import Evaluator, ReaderArrays, leaf_postings, live_documents, top
from indexer.store.layout import RESOLUTIONS, VOCABULARY, current_generation
from indexer.store.schema import FACETS, TEXT_FIELDS

KIND_LABELS = {
    "preambular": "préambule",
    "operative": "dispositif",
    "subparagraph": "alinéa du dispositif",
    "other": "autre",
}
# Query-syntax field names users may type (French first), mapped to facets.
FIELD_ALIASES = {
    "verbe": "verb", "verb": "verb",
    "destinataire": "addressee", "addressee": "addressee",
    "instrument": "instrument",
    "resolution": "resolution", "résolution": "resolution",
    "type": "kind", "kind": "kind",
    "cote": "symbol", "symbol": "symbol", "symbole": "symbol",
}
FILTER_RE = re.compile(
    r"(?:(?<=\s)|^)(-?)(" + "|".join(sorted(FIELD_ALIASES, key=len, reverse=True)) + r')\s*:\s*("[^"]*"|\S+)',
    re.IGNORECASE,
)
KIND_ALIASES = {
    "préambule": "preambular", "preambule": "preambular", "preambular": "preambular",
    "dispositif": "operative", "operative": "operative",
    "alinéa": "subparagraph", "alinea": "subparagraph", "subparagraph": "subparagraph",
    "autre": "other", "other": "other",
}
# Weight of an exact-form (plurals only) match, on top of the stemmed one.
LIGHT_BOOST = 2.0
FIELD_BOOSTS = {"text": 1.0, "opening": 2.0, "instruments_text": 1.5, "notes": 0.3}
SORTS = ("relevance", "order")
# Candidates (best first) on which phrase and proximity bonuses are checked.
PROXIMITY_POOL = 300
# Values listed per facet (counts stay exact); facet_totals tells how many exist.
FACET_SIZE = 50
# Facets whose values get a label other than themselves (see _label).
LABELLED_FACETS = frozenset({"kind", "verb"})
EXPLICIT_RE = re.compile(r"\b(?:AND|OR|NOT)\b|(?:^|\s)[+-]\S")


class Bucket(NamedTuple):
    """One value of a facet with its count and whether it is selected.

    A named tuple rather than a dataclass: listing every value of a facet
    over 60,000 resolutions builds as many buckets per search.
    """

    value: str
    count: int
    selected: bool = False
    label: str = ""


@dataclass(frozen=True)
class Hit:
    """One matching paragraph, with its highlighted text."""

    symbol: str
    anchor: str
    kind: str
    score: float
    text: str
    snippet: str
    highlighted: str
    record: dict[str, Any]
    resolution: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """Return the hit as the CLI and the API print it."""
        r = self.record
        return {
            "symbol": self.symbol, "anchor": self.anchor, "eid": r.get("eid"), "kind": self.kind,
            "score": round(self.score, 4), "text": self.text, "snippet": self.snippet,
            "highlighted": self.highlighted, "opening": r.get("opening"),
            "number": r.get("number"), "letter": r.get("letter"), "parent": r.get("parent"),
            "position": r.get("position"), "verb": r.get("verb"), "verb_en": r.get("verb_en"),
            "secondary_verbs": r.get("secondary_verbs", []), "addressees": r.get("addressees", []),
            "instruments": r.get("instruments", []), "resolutions": r.get("resolutions", []),
            "footnotes": r.get("footnotes", []), "title": self.resolution.get("title", ""),
            "adopted": self.resolution.get("adopted"), "organ": self.resolution.get("organ"),
        }


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the total, and the facet counts of the whole result set."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[Bucket]]
    filters: dict[str, list[str]]
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    unmatched: list[str] = field(default_factory=list)
    suggestions: dict[str, str] = field(default_factory=dict)
    expansions: dict[str, str] = field(default_factory=dict)
    facet_totals: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict[str, Any]:
        """Return the result in the documented JSON shape."""
        return {
            "query": self.query,
            "filters": self.filters,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "hits": [h.to_json() for h in self.hits],
            "facets": {
                name: [{"value": b.value, "label": b.label or b.value, "count": b.count, "selected": b.selected}
                       for b in buckets]
                for name, buckets in self.facets.items()
            },
            "facet_totals": self.facet_totals,
            "unmatched": self.unmatched,
            "suggestions": self.suggestions,
            "expansions": self.expansions,
        }


class _MarkFormatter(highlight.HtmlFormatter):
    """Wrap matched terms in <mark>, escaping everything else."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        ttext = highlight.htmlescape(highlight.get_text(text, token, replace), quote=False)
        return f"<mark>{ttext}</mark>"


class FacetCache:
    """Hold, per reader, the (document, value) pairs of every facet as arrays.

    Pairs are grouped by value: the documents of value i of a facet are
    ``pair_docs[name][offsets[name][i]:offsets[name][i + 1]]``.
    """

    def __init__(self, reader: Any) -> None:
        self.doc_count = reader.doc_count_all()
        self.values: dict[str, list[str]] = {}
        self.value_ids: dict[str, dict[str, int]] = {}
        self.pair_docs: dict[str, np.ndarray] = {}
        self.pair_vals: dict[str, np.ndarray] = {}
        self.offsets: dict[str, np.ndarray] = {}
        self.rank: dict[str, np.ndarray] = {}
        leaves = list(reader.leaf_readers())
        for name in FACETS:
            values = [term for term, _ in _terms(reader, name)]
            docs_parts: list[np.ndarray] = []
            for term in values:
                parts = [leaf_postings(leaf.postings(name, term))[0] + offset
                         for leaf, offset in leaves if (name, term) in leaf]
                docs_parts.append(np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, np.int32))
            lengths = np.array([len(d) for d in docs_parts], dtype=np.int64)
            self.values[name] = values
            self.value_ids[name] = {v: i for i, v in enumerate(values)}
            # Each value's place in alphabetical order, so that buckets sort
            # with numpy rather than by a Python key per value.
            alphabetical = sorted(range(len(values)), key=lambda i, vs=values: (vs[i].casefold(), vs[i]))
            self.rank[name] = np.argsort(np.array(alphabetical, dtype=np.int64)) if values else np.zeros(0, np.int64)
            self.offsets[name] = np.concatenate([[0], np.cumsum(lengths)])
            self.pair_docs[name] = np.concatenate(docs_parts) if docs_parts else np.zeros(0, np.int32)
            self.pair_vals[name] = np.repeat(np.arange(len(values), dtype=np.int32), lengths)
        self.live = live_documents(reader)
        # Document order comes from the "seq" column, read without loading
        # the stored records (which would cost seconds at a million paragraphs).
        if reader.has_column("seq"):
            self.seq = np.array(list(reader.column_reader("seq")), dtype=np.int64)
        else:
            self.seq = np.arange(self.doc_count, dtype=np.int64)

    def docs(self, name: str, i: int) -> np.ndarray:
        """Return the documents holding value number i of a facet."""
        return self.pair_docs[name][self.offsets[name][i]:self.offsets[name][i + 1]]

    def value_mask(self, name: str, selected: Sequence[str]) -> np.ndarray:
        """Return the documents holding any of the selected values of a facet."""
        mask = np.zeros(self.doc_count, dtype=bool)
        for v in selected:
            i = self.value_ids[name].get(v)
            if i is not None:
                mask[self.docs(name, i)] = True
        return mask

    def count(self, name: str, mask: np.ndarray) -> np.ndarray:
        """Count, for every value of a facet, the documents of mask holding it."""
        docs = self.pair_docs[name]
        if not len(docs):
            return np.zeros(0, dtype=np.int64)
        return np.bincount(self.pair_vals[name][mask[docs]], minlength=len(self.values[name]))


def _terms(reader: Any, fieldname: str) -> list[tuple[str, int]]:
    if fieldname not in reader.schema:
        return []
    out = []
    for term in reader.lexicon(fieldname):
        value = term.decode("utf-8") if isinstance(term, bytes) else term
        out.append((value, 0))
    return out


class Engine:
    """Search one index folder; notice a rebuilt index and reopen it.

    One engine is shared by the threads of a web process: the searcher of a
    generation is opened once, its facet cache built once, and swapped when
    ``CURRENT`` names a new generation.
    """

    def __init__(self, index_dir: str | Path) -> None:
        tune_allocator()
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        # Segment files are read with seek() and read() on shared file
        # objects (segments are not compound, see store/build.py), so one thread
        # at a time reads the index. Whoosh is pure Python: the GIL would
        # serialise that work anyway.
        self._read_lock = threading.RLock()
        self._generation: str | None = None
        self._ix: Any = None
        self._searcher: Any = None
        self._cache: FacetCache | None = None
        self._arrays: ReaderArrays | None = None
        self._resolutions: dict[str, dict[str, Any]] = {}
        self._surface: dict[str, str] = {}
        self._documents: dict[tuple[str | None, str], list[dict[str, Any]]] = {}

    # -- lifecycle -----------------------------------------------------------
    def _state(self) -> tuple[Any, FacetCache, dict[str, dict[str, Any]]]:
        generation = current_generation(self.index_dir)
        # Under the read lock: no thread may be reading the searcher we close.
        with self._read_lock:
            if generation != self._generation or self._searcher is None:
                path = self.index_dir / str(generation)
                try:
                    ix = index.open_dir(str(path))
                except Exception as exc:  # whoosh raises several types for a damaged index
                    raise IndexMissingError(f"index illisible dans {path} ({exc}) : reconstruisez-le") from None
                searcher = ix.searcher()
                cache = FacetCache(searcher.reader())
                self._arrays = ReaderArrays(searcher.reader())
                with open(path / RESOLUTIONS, encoding="utf-8") as f:
                    resolutions = json.load(f)
                with open(path / VOCABULARY, encoding="utf-8") as f:
                    self._surface = json.load(f)
                old = self._searcher
                self._ix, self._searcher, self._cache = ix, searcher, cache
                self._resolutions, self._generation = resolutions, generation
                if old is not None:
                    old.close()
                    del old
                # The index's metadata is millions of long-lived objects that
                # the cyclic garbage collector would walk again and again (a
                # pause of 150 ms on random searches at a million
                # paragraphs): move them out of its reach, once the previous
                # generation's objects are let go (unfreeze, collect).
                gc.unfreeze()
                gc.collect()
                gc.freeze()
            return self._searcher, self._cache, self._resolutions  # type: ignore[return-value]

    def close(self) -> None:
        """Close the open searcher."""
        with self._read_lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._generation = None

    @property
    def generation(self) -> str | None:
        """Return the generation currently open."""
        return self._generation

    # -- documents -----------------------------------------------------------
    def resolutions(self) -> dict[str, dict[str, Any]]:
        """Return the metadata of every indexed resolution, by symbol."""
        return self._state()[2]

    def resolution(self, symbol: str) -> dict[str, Any] | None:
        """Return a resolution's metadata and its paragraphs in reading order."""
        with self._read_lock:
            return self._resolution(symbol)

    def _resolution(self, symbol: str) -> dict[str, Any] | None:
        searcher, _, resolutions = self._state()
        meta = resolutions.get(symbol)
        if meta is None:
            return None
        generation = self._generation
        with self._lock:
            cached = self._documents.get((generation, symbol))
        if cached is None:
            cached = [json.loads(d["data"]) for d in searcher.documents(symbol=symbol)]
            cached.sort(key=lambda r: r["position"])
            with self._lock:
                # A small cache per generation: permalinks of one resolution
                # come in bursts (reading it, walking previous/next).
                if len(self._documents) >= 256:
                    self._documents.pop(next(iter(self._documents)))
                self._documents[(generation, symbol)] = cached
        return {**meta, "paragraphs_list": cached}

    def paragraph(self, symbol: str, anchor: str) -> dict[str, Any] | None:
        """Return one paragraph by anchor (or AKN eId), with its neighbours."""
        res = self.resolution(symbol)
        if res is None:
            return None
        paragraphs = res["paragraphs_list"]
        for i, p in enumerate(paragraphs):
            if anchor in (p["anchor"], p["eid"]):
                parent = next((q for q in paragraphs if q["anchor"] == p.get("parent")), None)
                return {
                    "paragraph": p,
                    "parent": parent,
                    "previous": paragraphs[i - 1] if i > 0 else None,
                    "next": paragraphs[i + 1] if i + 1 < len(paragraphs) else None,
                    "resolution": {k: v for k, v in res.items() if k != "paragraphs_list"},
                }
        return None

    # -- search --------------------------------------------------------------
    def search(self, query: str = "", filters: Mapping[str, Sequence[str]] | None = None, *,
               page: int = 1, per_page: int = 20, sort: str = "relevance",
               facet_size: int = FACET_SIZE) -> SearchResult:
        """Run a query with facet filters; return one page and the facet counts.

        Counts are exact over the whole result set; each facet lists its
        ``facet_size`` largest values (and every selected one), and
        ``facet_totals`` says how many values had a count.
        """
        with self._read_lock:
            return self._search(query, filters, page=page, per_page=per_page, sort=sort,
                                facet_size=facet_size)

    def _search(self, query: str, filters: Mapping[str, Sequence[str]] | None, *,
                page: int, per_page: int, sort: str, facet_size: int) -> SearchResult:
        searcher, cache, resolutions = self._state()
        if sort not in SORTS:
            raise QuerySyntaxError(f"tri inconnu « {sort} » (valeurs : relevance, order)")
        if facet_size < 1:
            raise QuerySyntaxError("le nombre de valeurs par facette doit être positif")
        if page < 1 or per_page < 1 or per_page > 500:
            raise QuerySyntaxError("page et nombre de résultats par page doivent être positifs (500 au plus)")
        text, active, negative = parse_filters(query or "", filters or {})
        parsed = parse_query(text, searcher.schema, self._is_word)
        evaluator = Evaluator(self._arrays, searcher)  # type: ignore[arg-type]
        base = self._match_mask(evaluator, cache, parsed)
        coord = self._coordination(evaluator, parsed)
        for name, values in negative.items():
            base &= ~cache.value_mask(name, values)
        masks = {name: cache.value_mask(name, values) for name, values in active.items() if values}
        final = base.copy()
        for m in masks.values():
            final &= m
        total = int(final.sum())
        facets = {}
        facet_totals = {}
        for name in FACETS:
            mask = base.copy()
            for other, m in masks.items():
                if other != name:
                    mask &= m
            facets[name], facet_totals[name] = self._buckets(cache, name, mask, active.get(name, []), facet_size)
        hits = self._hits(searcher, evaluator, cache, parsed, final, coord, resolutions,
                          page, per_page, sort, total)
        unmatched, suggestions = ([], {})
        if parsed.words:
            unmatched, suggestions = self._unmatched(searcher, parsed.words)
        return SearchResult(
            query=query or "", total=total, hits=hits, facets=facets,
            filters={k: list(v) for k, v in active.items() if v}, page=page,
            per_page=per_page, sort=sort, unmatched=unmatched, suggestions=suggestions,
            expansions=parsed.expansions, facet_totals=facet_totals,
        )

    def _is_word(self, word: str) -> bool:
        """Tell whether a lower-case word (or a form of it) is in the index."""
        from indexer.text.analysis import fold, stem  # noqa: PLC0415

        return stem(fold(word)) in self._surface

    def _match_mask(self, evaluator: Evaluator, cache: FacetCache, parsed: ParsedQuery) -> np.ndarray:
        if parsed.query is None:
            return cache.live.copy()
        match, _ = evaluator.evaluate(parsed.query)
        return match & cache.live

    def _coordination(self, evaluator: Evaluator, parsed: ParsedQuery) -> np.ndarray | None:
        """Count, per document, the distinct query words it holds.

        A word found nowhere counts for no one, so a typo does not hide the
        paragraphs holding all the other words.
        """
        if len(parsed.word_queries) < 2:
            return None
        masks = [m for m in (evaluator.evaluate(q)[0] for q in parsed.word_queries) if m.any()]
        if not masks:
            return None
        return np.sum(masks, axis=0, dtype=np.int16)

    def _buckets(self, cache: FacetCache, name: str, mask: np.ndarray,
                 selected: Sequence[str], size: int) -> tuple[list[Bucket], int]:
        """Return the ``size`` largest buckets (and every selected one), and how many have a count.

        Order: selected values first, then by count, then alphabetically.
        Sorting and choosing happen in numpy: asking for every value of a
        facet over 60,000 resolutions must not cost a Python key per value.
        """
        counts = cache.count(name, mask)
        values = cache.values[name]
        nonzero = np.nonzero(counts)[0]
        keep = nonzero[np.argpartition(-counts[nonzero], size - 1)[:size]] if len(nonzero) > size else nonzero
        ids = cache.value_ids[name]
        chosen_selected = np.unique(np.array([ids[v] for v in selected if v in ids and counts[ids[v]]],
                                             dtype=np.int64))
        chosen = np.union1d(keep, chosen_selected)
        rank = cache.rank[name]
        order = chosen[np.lexsort((rank[chosen], -counts[chosen], ~np.isin(chosen, chosen_selected)))]
        wanted = set(selected)
        labelled = name in LABELLED_FACETS
        buckets = [Bucket(values[i], c, values[i] in wanted, _label(name, values[i]) if labelled else values[i])
                   for i, c in zip(order.tolist(), counts[order].tolist(), strict=True)]
        present = {values[i] for i in chosen_selected.tolist()}
        absent = sorted((v for v in dict.fromkeys(selected) if v not in present), key=lambda v: (v.casefold(), v))
        if absent:
            # A selected value no paragraph of the result holds still shows, with 0.
            at = len(chosen_selected)
            buckets[at:at] = [Bucket(v, 0, True, _label(name, v)) for v in absent]
        return buckets, len(nonzero)

    def _hits(self, searcher: Any, evaluator: Evaluator, cache: FacetCache, parsed: ParsedQuery,
              final: np.ndarray, coord: np.ndarray | None, resolutions: dict[str, dict[str, Any]],
              page: int, per_page: int, sort: str, total: int) -> list[Hit]:
        start = (page - 1) * per_page
        if start >= total:
            return []
        if parsed.query is None or sort == "order":
            docnums = np.nonzero(final)[0]
            docnums = docnums[np.argsort(cache.seq[docnums], kind="stable")][start:start + per_page]
            return [self._hit(searcher, int(d), 0.0, parsed, resolutions) for d in docnums]
        _, scores = evaluator.evaluate(parsed.scored)
        scores = scores.copy()  # the bonuses below are added in place
        if parsed.proximity:
            # Positions are read document by document: only for the best
            # candidates, where the bonus can still change the order shown.
            pool = top(scores, final, cache.seq, max(PROXIMITY_POOL, start + per_page), coord)
            for q in parsed.proximity:
                scores[pool] += evaluator.phrase_bonus(q, pool)
        # All-words matches first, then by how many words they hold.
        best = top(scores, final, cache.seq, start + per_page, coord)[start:]
        return [self._hit(searcher, int(d), float(scores[d]), parsed, resolutions) for d in best]

    def _hit(self, searcher: Any, docnum: int, score: float, parsed: ParsedQuery,
             resolutions: dict[str, dict[str, Any]]) -> Hit:
        stored = searcher.stored_fields(docnum)
        record = json.loads(stored["data"])
        text = record["text"]
        snippet = highlighted = highlight.htmlescape(text, quote=False)
        if parsed.terms:
            highlighted = _highlight(text, parsed, whole=True) or highlighted
            snippet = _highlight(text, parsed, whole=False) or _shorten(highlighted)
        else:
            snippet = _shorten(highlighted)
        return Hit(stored["symbol"], stored["anchor"], stored["kind"], score, text, snippet,
                   highlighted, record, resolutions.get(stored["symbol"], {}))

    def _unmatched(self, searcher: Any, words: list[str]) -> tuple[list[str], dict[str, str]]:
        """Return the query words found nowhere, with spelling suggestions."""
        unmatched: list[str] = []
        suggestions: dict[str, str] = {}
        analyzer = searcher.schema["text"].analyzer
        corrector = searcher.corrector("text")
        for word in words:
            terms = [t.text for t in analyzer(word)]
            if not terms or "*" in word or "?" in word:
                continue
            if all(searcher.doc_frequency(f, t) == 0 for t in terms for f in TEXT_FIELDS):
                unmatched.append(word)
                candidates = corrector.suggest(terms[0], limit=1, maxdist=2, prefix=1)
                if candidates:
                    suggestions[word] = self._surface.get(candidates[0], candidates[0])
        return unmatched, suggestions


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


def parse_filters(query: str, filters: Mapping[str, Sequence[str]]
                  ) -> tuple[str, dict[str, list[str]], dict[str, list[str]]]:
    """Move ``field:value`` filters out of the query text into facet filters."""
    active: dict[str, list[str]] = {}
    negative: dict[str, list[str]] = {}
    for name, values in filters.items():
        if name not in FACETS:
            raise QuerySyntaxError(f"filtre inconnu « {name} » (filtres : {', '.join(FACETS)})")
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
    return text.strip(), active, negative


def _normalise_filter(name: str, value: str) -> str:
    value = " ".join(value.split())
    if name == "kind":
        return KIND_ALIASES.get(value.lower(), value)
    return value


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
        phrases = " OR ".join(f'"{p}"' for p in (full, *QUERY_EXPANSIONS.get(word.lower(), ())))
        return f"({word} OR {phrases})"

    parts = re.split(r'("[^"]*")', text)
    out = [part if part.startswith('"') else ACRONYM_RE.sub(repl, part) for part in parts]
    return "".join(out), expanded


def parse_query(text: str, schema: Any, is_word: Any = None) -> ParsedQuery:
    """Parse the query text; raise QuerySyntaxError when it cannot be read."""
    text = text.strip()
    if not text:
        return ParsedQuery(None, None, [], [])
    if text.count('"') % 2:
        raise QuerySyntaxError("guillemet non fermé : fermez l'expression exacte par un second \"")
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth:
        raise QuerySyntaxError("parenthèses non équilibrées : vérifiez les ( et les )")
    fields = list(TEXT_FIELDS)
    strict = _parser(fields, schema, AndGroup)
    explicit = bool(EXPLICIT_RE.search(text))
    words = _words(text)
    text, expansions = expand_aliases(text, is_word)
    try:
        q_all = strict.parse(text)
        # Without operators, paragraphs holding only some of the words still
        # match; with them (AND, OR, NOT, -mot, +mot) the user's logic rules.
        q_any = q_all if explicit else _parser(fields, schema, OrGroup.factory(0.9)).parse(text)
    except Exception:  # the parser raises assorted errors on odd input
        # An operator in a place the grammar does not allow ("(-mot)"): read
        # the words plainly rather than refuse the query.
        plain = re.sub(r'[()+\-]|\b(?:AND|OR|NOT)\b', " ", text)
        try:
            q_all = strict.parse(plain)
            q_any = _parser(fields, schema, OrGroup.factory(0.9)).parse(plain)
        except Exception as exc:
            raise QuerySyntaxError(f"requête illisible ({exc.__class__.__name__}) : simplifiez-la") from None
    if q_any is NullQuery:
        return ParsedQuery(NullQuery, NullQuery, [], words, expansions)
    # Paragraphs holding every word first, then the others by coordination;
    # a phrase of the plain words ranks above the same words scattered.
    # One word: both forms are the same query, scoring it twice is waste.
    scored_parts: list[Query] = [q_any] if q_any == q_all else [q_any, _boosted(q_all, 3.0)]
    plain_words = [w for w in words if not w.endswith("*")]
    proximity: list[Query] = []
    if len(plain_words) > 1 and '"' not in text and not explicit:
        phrase_terms = [t.text for t in schema["text"].analyzer(" ".join(plain_words))]
        if len(phrase_terms) > 1:
            proximity = [Phrase("text", phrase_terms, slop=1, boost=4.0),
                         Phrase("text", phrase_terms, slop=6, boost=1.5)]
    if "light" in schema:
        try:
            light = MultifieldParser(["light"], schema, fieldboosts={"light": LIGHT_BOOST},
                                     group=OrGroup).parse(text)
        except Exception:  # the light form is only a bonus
            light = NullQuery
        if light is not NullQuery:
            scored_parts.append(light)
    scored = Or(scored_parts)
    terms = sorted({(f, t.decode("utf-8") if isinstance(t, bytes) else t)
                    for f, t in q_any.iter_all_terms() if f in TEXT_FIELDS})
    word_queries = []
    for word in words:
        try:
            wq = strict.parse(expand_aliases(word, is_word)[0])
        except Exception:  # a word the grammar rejects just does not count
            continue
        if wq is not NullQuery:
            word_queries.append(wq)
    return ParsedQuery(q_any, scored, terms, words, expansions, word_queries, proximity)


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
    q = q.copy()
    q.boost = boost
    return q


def _words(text: str) -> list[str]:
    cleaned = re.sub(r'["()+]|\b(?:OR|AND|NOT)\b', " ", text)
    return [w for w in cleaned.split() if not w.startswith("-")]


def _highlight(text: str, parsed: ParsedQuery, whole: bool) -> str:
    terms = {t for f, t in parsed.terms}
    if not terms:
        return ""
    from indexer.text.analysis import french_analyzer  # noqa: PLC0415

    analyzer = french_analyzer()
    fragmenter = highlight.WholeFragmenter() if whole else highlight.ContextFragmenter(maxchars=280, surround=60)
    tokens = analyzer(text, chars=True, keeporiginal=True, mode="index")
    matched = highlight.set_matched_filter(tokens, terms)
    fragments = fragmenter.fragment_tokens(text, matched)
    fragments = [f for f in fragments if f.matches]
    if not fragments:
        return ""
    if not whole:
        fragments = sorted(fragments, key=lambda f: -len(f.matches))[:2]
        fragments.sort(key=lambda f: f.startchar)
    return _MarkFormatter().format(fragments)


def _shorten(html: str, limit: int = 320) -> str:
    if len(html) <= limit:
        return html
    cut = html.rfind(" ", 0, limit)
    return html[: cut if cut > 0 else limit] + " …"


def _label(name: str, value: str) -> str:
    if name == "kind":
        return KIND_LABELS.get(value, value)
    if name == "verb":
        from indexer.facets.extract import verb_info  # noqa: PLC0415

        info = verb_info(value)
        if info is not None and info.en:
            return f"{value} ({info.en})"
    return value


def search(index_dir: str | Path, query: str = "", filters: Mapping[str, Sequence[str]] | None = None,
           **kwargs: Any) -> SearchResult:
    """Open an index, run one search, close it."""
    engine = Engine(index_dir)
    try:
        return engine.search(query, filters, **kwargs)
    finally:
        engine.close()

