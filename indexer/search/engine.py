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

import json
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
from whoosh import index

from indexer.errors import IndexMissingError, QuerySyntaxError
from indexer.model import REJECTED
from indexer.search.budget import SEARCH_SECONDS, Budget
from indexer.search.catalog import FACET_NAMES, FACETS_BY_NAME, facet_label
from indexer.search.citations import CitingParagraph, cited_by_counts, citing_documents, citing_paragraphs
from indexer.search.counts import Bucket, FacetCache
from indexer.search.evaluate import Evaluator, NearSeen, top
from indexer.search.grouping import (
    GROUPINGS,
    NO_GROUP,
    VERSIONS_LISTED,
    WIDEN,
    WORDING,
    Card,
    DiffCache,
    Version,
    WordingGroups,
)
from indexer.search.homographs import FormTable
from indexer.search.postings import K1, B, ReaderArrays
from indexer.search.query import ParsedCache, ParsedQuery, ReadFilters, parse_filters, parse_query
from indexer.search.results import Hit, Marked, SearchResult
from indexer.search.symbols import Reference, SymbolTable, without
from indexer.store.arrays import read_arrays
from indexer.store.layout import CURRENT, VOCABULARY, check_format, current_generation
from indexer.store.record_types import ParagraphRecord, ResolutionRecord, ResolutionView
from indexer.store.records import UNLISTED, read_resolutions
from indexer.store.schema import LANGUAGE_FIELDS
from indexer.store.wording import load as load_wording
from indexer.text.equivalents import widenings
from indexer.wording.measure import starts_diff
from indexer.wording.words import canonical, word_starts

# cited_by_count: the most cited resolutions first (how many resolutions of the collection cite each).
SORTS = ("relevance", "date", "order", "cited_by_count")
# Filters that are not facets: a range of years of adoption.
RANGE_FILTERS = ("year_from", "year_to")
# Candidates (best first) on which phrase and proximity bonuses are checked.
PROXIMITY_POOL = 300
# Values listed per facet (counts stay exact); facet_totals tells how many exist.
FACET_SIZE = 50
# Records an export reads under the read lock at a time (see Engine.export_records).
EXPORT_CHUNK = 200
# Hits one search may return: the exports (webapp/feeds.py) read theirs in one
# search, since pages read one by one could miss or repeat hits that the
# proximity bonus of a larger pool moves across page boundaries.
MAX_HITS_PER_SEARCH = 5000
# A heading ("Assistance dans le domaine des droits de l'homme") is short, has no
# opening verb and no closing punctuation: its few words, counted in the body and
# the opening fields, outscored the paragraphs that say something. Its score is
# multiplied by this (the one place where headings are ranked).
HEADING_WEIGHT = 0.35
# A quoted phrase matches in the index without its stop words ("intérêt supérieur de ces enfants" for
# "intérêt supérieur de l'enfant", "quel qu'en soit le statut" for "quel que soit leur statut"): the
# paragraphs that hold it word for word, as typed, have their score multiplied by this.
VERBATIM_WEIGHT = 2.0
# At most this many terms in the body text (stop words excluded) make a heading.
HEADING_TERMS = 10
CLOSING_PUNCTUATION = (".", ";", ",", "!", "?")
# A spelling suggestion is at most this many edits from the typed word, by the
# word's length: one for up to five letters, two beyond ("xenofobie" →
# "xénophobie"); and it is in at least SUGGEST_MIN_PARAGRAPHS paragraphs (one in
# 10,000 of a smaller index): once or twice in 146,000 is an OCR slip ("xenofon").
SUGGEST_DISTANCE = ((5, 1), (10**6, 2))
SUGGEST_MIN_PARAGRAPHS = 3
# The search a worker runs before it takes requests (Engine.warm): the words of agreed language
# that pasted sentences share, with a phrase bonus, highlights and every facet counted.
WARM_UP_QUERY = ("Demande aux États Membres de promouvoir et de protéger les droits de l'homme et les libertés "
                 "fondamentales, et prie le Secrétaire général de lui présenter un rapport à sa prochaine session")
# Below 1: the rarity of the words a paragraph holds orders it among those holding as many (Engine._coordination).
RARITY_SHARE = 0.999
RARITY_WORDS = 12
# Ranking key of the paragraphs of a resolution whose symbol the query names:
# above any number of query words (coordination counts at most 40).
SYMBOL_PRIORITY = 1000
# An explicit OR between words (query.py reads the operators in capitals only).
OR_RE = re.compile(r"\bOR\b")


@dataclass(frozen=True)
class Export:
    """The hits of a search to export: how many there were, and the first ones as document numbers."""

    total: int
    generation: str
    docnums: list[int]
    # Whether one of them has an English text (the CSV's text_en column), and how many have both texts.
    english: bool
    aligned: int


@dataclass
class _Request:
    """What a search asks for once its filters are read: the words left, the filters, the symbols typed."""

    text: str
    active: dict[str, list[str]]
    negative: dict[str, list[str]]
    # The year range's bounds (None: no range), and its ends as the result's filters echo them.
    years: tuple[int, int] | None
    echoed: dict[str, list[str]]
    # Symbols typed among the words: their paragraphs rank first.
    named: list[str]


def _check_options(sort: str, group: str, facet_size: int, page: int, per_page: int) -> None:
    """Refuse a sort, grouping, facet size or page the engine does not know, in French."""
    if sort not in SORTS:
        raise QuerySyntaxError(f"tri inconnu « {sort} » (valeurs : {', '.join(SORTS)})")
    if group not in GROUPINGS:
        raise QuerySyntaxError(f"regroupement inconnu « {group} » (valeurs : {WORDING} pour un résultat par "
                               f"libellé, {NO_GROUP} pour un résultat par paragraphe)")
    if facet_size < 1:
        raise QuerySyntaxError("le nombre de valeurs par facette doit être positif")
    if page < 1 or per_page < 1 or per_page > MAX_HITS_PER_SEARCH:
        raise QuerySyntaxError("page et nombre de résultats par page doivent être positifs "
                               f"({MAX_HITS_PER_SEARCH} au plus)")


def _all_words_tier(final: np.ndarray, complete: np.ndarray | None, text: str
                    ) -> tuple[np.ndarray | None, int | None]:
    """Return the all-words tier to rank first (None: none) and how many results hold every word to report.

    The count is None for fewer than two words, and for an explicit OR ("détention OR détenus" asks
    for either word: not a shortfall to report).
    """
    # How many paragraphs hold every query word found somewhere (None: fewer than two words).
    complete_total = int((final & complete).sum()) if complete is not None else None
    if complete_total == 0:
        complete = None  # no all-words tier to put first
    if OR_RE.search(text):
        complete_total = None
    return complete, complete_total


def _resolution_of(resolutions: Mapping[str, ResolutionRecord], symbol: str) -> ResolutionRecord:
    """Return a paragraph's resolution record; an empty one should the metadata lack it (never in a built index)."""
    return resolutions.get(symbol) or cast(ResolutionRecord, {})

def _open_searcher(path: Path) -> Any:
    """Open a generation's Whoosh searcher; say in French that the index is unreadable when it is."""
    try:
        ix = index.open_dir(str(path))
    except Exception as exc:  # whoosh raises several types for a damaged index
        raise IndexMissingError(f"index illisible dans {path} ({exc}) : reconstruisez-le") from None
    return ix.searcher()


class Engine:
    """Search one index folder; notice a rebuilt index and reopen it.

    One engine is shared by the threads of a web process: the searcher of a
    generation is opened once, its facet cache built once, and swapped when
    ``CURRENT`` names a new generation.
    """

    def __init__(self, index_dir: str | Path, *, k1: float = K1, b: float = B,
                 on_open: Callable[[], None] | None = None, search_seconds: float = SEARCH_SECONDS,
                 after_search: Callable[[], object] | None = None) -> None:
        """Prepare to search ``index_dir``; ``on_open`` runs after each generation is opened.

        ``after_search`` runs after each search, successful or not (the
        process's memory policy, e.g. ``allocator.release_free_memory``).

        ``search_seconds`` is the processor time one search may take before it
        is stopped with a clear message (:mod:`indexer.search.budget`).
        """
        self.index_dir = Path(index_dir)
        self.search_seconds = search_seconds
        self._after_search = after_search
        self._on_open = on_open
        # BM25F parameters: term frequency saturation and length normalisation.
        self.k1, self.b = k1, b
        self._lock = threading.Lock()
        # Segment files are read with seek() and read() on shared file
        # objects (segments are not compound, see store/build.py), so one thread
        # at a time reads the index. Whoosh is pure Python: the GIL would
        # serialise that work anyway.
        self._read_lock = threading.RLock()
        self._generation: str | None = None
        # What CURRENT looked like when its generation was opened: while it is unchanged, asking which
        # generation is live costs one stat, not an open and a read (a search asked a dozen times).
        self._current_file = str(self.index_dir / CURRENT)
        self._current_seen: tuple[int, int, int, int] | None = None
        self._searcher: Any = None
        self._cache: FacetCache | None = None
        self._arrays: ReaderArrays | None = None
        self._resolutions: dict[str, ResolutionRecord] = {}
        self._surface: dict[str, str] = {}
        self._symbols = SymbolTable(())
        self._forms: FormTable | None = None
        self._headings: np.ndarray | None = None
        self._heading_seen: dict[int, bool] = {}
        # (phrase, language, document) -> whether the document holds the quoted phrase word for word.
        self._verbatim_seen: dict[tuple[str, str, int], bool] = {}
        # Which best candidates hold a phrase's words close together (evaluate.NearSeen), for the generation.
        self._near_seen = NearSeen()
        # The wording group of every document (grouping.py), read from the wording tables on first use.
        self._groups: WordingGroups | None = None
        self._diffs = DiffCache()
        # Each query word's own Whoosh query, for the live generation (query.parse_query).
        self._word_queries = ParsedCache()
        self._documents: dict[tuple[str | None, str], list[ParagraphRecord]] = {}
        # The paragraphs citing a resolution, per generation and cited symbol (a few cached, as _documents).
        self._citing: dict[tuple[str | None, str], list[CitingParagraph]] = {}
        # How many resolutions cite each resolution, numbered as the facet cache's doc_res (the cited_by_count sort).
        self._cited_counts = np.zeros(1, dtype=np.int64)
        # Whether the open generation's arrays were memory-mapped from its files (always, since format 7).
        self.arrays_mapped = False
        self._mapped: Any = None  # the open generation's GenerationArrays
        # The process whose open files the searcher reads: another one after a fork (Engine._own_files).
        self._files_of: int | None = None

    # -- lifecycle -----------------------------------------------------------
    def _state(self) -> tuple[Any, FacetCache, dict[str, ResolutionRecord]]:
        try:
            st = os.stat(self._current_file)
            seen: tuple[int, int, int, int] | None = (st.st_ino, st.st_dev, st.st_mtime_ns, st.st_size)
        except OSError:
            seen = None  # current_generation says what is missing
        pid = os.getpid()
        if seen is not None and seen == self._current_seen and self._searcher is not None and self._files_of == pid:
            with self._read_lock:
                if seen == self._current_seen and self._searcher is not None and self._files_of == pid:
                    return self._searcher, self._cache, self._resolutions  # type: ignore[return-value]
        generation = current_generation(self.index_dir)
        # Under the read lock: no thread may be reading the searcher we close.
        with self._read_lock:
            self._current_seen = None
            if generation != self._generation or self._searcher is None:
                path = self.index_dir / str(generation)
                # Before opening: an older index may not even unpickle (its analyzer's module moved).
                check_format(path)
                # Mapped, not computed: written at index time (store/arrays.py), shared by the workers
                # through the page cache; arrays of another format are refused with a clear message.
                arrays = read_arrays(path)
                searcher = _open_searcher(path)
                resolutions = read_resolutions(path)
                cache = FacetCache.from_arrays(arrays)
                cache.add_derived_facets(resolutions)
                self._arrays = ReaderArrays(searcher.reader(), k1=self.k1, b=self.b, lengths=arrays.lengths,
                                            live=arrays.live, totals=arrays.totals)
                self.arrays_mapped = arrays.mapped
                self._mapped = arrays
                with open(path / VOCABULARY, encoding="utf-8") as f:
                    self._surface = json.load(f)
                old = self._searcher
                self._symbols = SymbolTable(resolutions)
                self._cited_counts = cited_by_counts(resolutions)
                forms = FormTable.from_families(arrays.forms)
                self._headings = None
                self._heading_seen = {}
                self._verbatim_seen = {}
                self._near_seen = NearSeen()
                self._groups = None
                self._word_queries = ParsedCache()
                self._searcher, self._cache, self._forms = searcher, cache, forms
                self._resolutions, self._generation = resolutions, generation
                self._files_of = pid
                if old is not None:
                    old.close()
                    del old
                if self._on_open is not None:
                    # The process's policy for long-lived objects, e.g. allocator.freeze_long_lived.
                    self._on_open()
            elif self._files_of != pid:
                self._own_files(self.index_dir / str(generation), pid)
            self._current_seen = seen
            return self._searcher, self._cache, self._resolutions  # type: ignore[return-value]

    def _own_files(self, path: Path, pid: int) -> None:
        """Open this process's own files of the open generation, keeping all that was read from them.

        A forked process (a gunicorn worker forked from a master that opened
        and warmed the index, see webapp/server.py) inherits the searcher's
        open files, and with them the read offset the kernel keeps per open
        file, shared with its parent and siblings: Whoosh seeks then reads,
        so two workers reading at once could each read the other's bytes. The
        child closes its copies and opens the files again; the metadata, the
        facet cache and the postings already decoded stay as they are (same
        generation, same segments, same document numbers).
        """
        searcher = _open_searcher(path)
        old, self._searcher = self._searcher, searcher
        self._arrays.rebind(searcher.reader())  # type: ignore[union-attr]
        released, self._files_of = self._files_of is None, pid
        if not released:
            old.close()  # this process's copies of the inherited files only

    def release_files(self) -> None:
        """Close the searcher's files and keep all that was read from them; the next search opens them again.

        Meant for a process that forks searching workers and no longer
        searches itself (gunicorn's master, see webapp/server.py): it holds no
        index file open, so none stays pinned on disk after ``resolu index``
        has pruned its generation.
        """
        with self._read_lock:
            if self._searcher is not None and self._files_of is not None:
                self._searcher.close()
                self._files_of = None

    def open(self) -> str | None:
        """Open the live generation in this process, or its files again after a fork; return its name."""
        self._state()
        return self._generation

    @property
    def files_of(self) -> int | None:
        """Return the process that opened the searcher's files (a forked worker's own once it searched)."""
        return self._files_of

    def warm(self) -> float:
        """Open the live generation and run one faceted search, so that the first user's search is warm.

        Run before a web worker takes requests (webapp/server.py): opening maps
        the generation's arrays, the search loads the modules a search imports
        on first use and reads the postings of the words most pasted
        sentences share, and the wording groups of the page's cards. Return the seconds it took.
        """
        started = time.perf_counter()
        cache = self._state()[1]
        for name in FACET_NAMES:
            cache.owner_values(name)
        # Grouped, as the search page asks: the wording groups are read then, not by the first user.
        self.search(WARM_UP_QUERY, per_page=20, group=WORDING)
        return time.perf_counter() - started

    def close(self) -> None:
        """Close the open searcher."""
        with self._read_lock:
            if self._searcher is not None and self._files_of is not None:  # None: released, closed already
                self._searcher.close()
            self._searcher = None
            self._files_of = None
            self._generation = None
            self._current_seen = None

    @property
    def generation(self) -> str | None:
        """Return the generation currently open."""
        return self._generation

    # -- documents -----------------------------------------------------------
    def resolutions(self) -> dict[str, ResolutionRecord]:
        """Return the metadata of every indexed resolution, by symbol."""
        return self._state()[2]

    def symbols(self, typed: str) -> tuple[str, ...]:
        """Return the symbols a typed reference can mean ("S/RES/1483" → "S/RES/1483 (2003)")."""
        self._state()
        return self._symbols.lookup(typed)

    def symbol_of_query(self, query: str) -> tuple[str, ...]:
        """Return the symbols the whole query names when it is nothing but one symbol, else ()."""
        self._state()
        refs = self._symbols.references(query)
        if len(refs) == 1 and not without(query, refs):
            return refs[0].symbols
        return ()

    def absent_symbols(self, query: str) -> list[Reference]:
        """Return the complete symbols a query names that are not in the index ("S/RES/2231 (2015)")."""
        self._state()
        return self._symbols.absent(query)

    def references(self, query: str) -> list[Reference]:
        """Return the symbols of the index a query names, where it names them."""
        self._state()
        return self._symbols.references(query)

    def resolution(self, symbol: str) -> ResolutionView | None:
        """Return a resolution's metadata and its paragraphs in reading order."""
        with self._read_lock:
            return self._resolution(symbol)

    def _resolution(self, symbol: str) -> ResolutionView | None:
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

    def paragraph_record(self, symbol: str, anchor: str) -> ParagraphRecord | None:
        """Return one stored paragraph record by its anchor, or None (cheap: from the documents cache)."""
        res = self.resolution(symbol)
        if res is None:
            return None
        return next((p for p in res["paragraphs_list"] if p["anchor"] == anchor), None)

    def citing(self, symbol: str) -> list[CitingParagraph]:
        """Return the paragraphs of other resolutions that cite a resolution, in reading order.

        Read from the facet pairs arrays and the citing documents' stored
        records, then kept for the generation: S/RES/1325 (2000), the most
        cited resolution of the default collection (384 paragraphs of 294
        resolutions), took 0.22 s for its first page view, 0.05 s after.
        A symbol outside the collection has its citing paragraphs too
        (A/RES/70/1: 1,585).
        """
        with self._read_lock:
            searcher, cache, resolutions = self._state()
            key = (self._generation, symbol)
            with self._lock:
                found = self._citing.get(key)
            if found is not None:
                return found

            def read(docnum: int) -> tuple[str, ParagraphRecord]:
                stored = searcher.stored_fields(docnum)
                return str(stored["symbol"]), json.loads(stored["data"])

            found = citing_paragraphs(symbol, citing_documents(cache, symbol), read, resolutions)
            with self._lock:
                if len(self._citing) >= 256:
                    self._citing.pop(next(iter(self._citing)))
                self._citing[key] = found
            return found

    def record_at(self, docnum: int) -> ParagraphRecord:
        """Return the stored record of one document of the live generation (one read, not its resolution's)."""
        with self._read_lock:
            return json.loads(self._state()[0].stored_fields(docnum)["data"])

    # -- search --------------------------------------------------------------
    def search(self, query: str = "", filters: Mapping[str, Sequence[str]] | None = None, *,
               page: int = 1, per_page: int = 20, sort: str = "relevance",
               facet_size: int = FACET_SIZE, lang: str = "fr", group: str = NO_GROUP) -> SearchResult:
        """Run a query with facet filters; return one page and the facet counts.

        Counts are exact over the whole result set; each facet lists its
        ``facet_size`` largest values (and every selected one), and
        ``facet_totals`` says how many values had a count. ``lang="en"``
        reads the query as English and searches the English paragraphs:
        the hits are still the French paragraphs, with their English beside.
        ``group="wording"`` folds the paragraphs of one wording into one card
        (:mod:`indexer.search.grouping`): ``per_page`` and ``page`` then count
        cards, each hit is a card's leader and ``cards`` says what it folds;
        ``total`` still counts paragraphs and ``wordings`` the cards.
        """
        with self._one_search():
            return self._search(query, filters, page=page, per_page=per_page, sort=sort,
                                facet_size=facet_size, lang=lang, group=group)

    @contextmanager
    def _one_search(self) -> Iterator[None]:
        """Hold the engine for one search; drop a refused query's traceback, then run the memory policy."""
        with self._read_lock:
            try:
                yield
            except QuerySyntaxError as exc:
                # The traceback holds the search's frames, hence its arrays:
                # dropped before the memory policy runs, or nothing could be freed.
                exc.__traceback__ = None
                raise exc from None
            finally:
                if self._after_search is not None:
                    self._after_search()

    def export(self, query: str = "", filters: Mapping[str, Sequence[str]] | None = None, *,
               limit: int = MAX_HITS_PER_SEARCH, sort: str = "relevance", lang: str = "fr",
               group: str = NO_GROUP, leaders: bool = False) -> Export:
        """Return the first ``limit`` hits of a search, in the page's order, as document numbers.

        Nothing is highlighted, no record is read and no facet is counted: an
        export reads its records afterwards, a few at a time (:meth:`export_records`),
        so that it holds this engine for one search only, not for its whole length.
        With ``group="wording"`` the paragraphs come card after card, as the
        page shows them: each card's leader, then its other paragraphs newest
        first (``leaders``: the leaders only, as a feed gives them).
        """
        with self._one_search():
            result = self._search(query, filters, page=1, per_page=limit, sort=sort, facet_size=1, lang=lang,
                                  bare=True, group=group, leaders=leaders)
            docnums = np.array(result.hits[:limit], dtype=np.int64)
            arrays = self._mapped
            english = bool(arrays.english[docnums].any()) if len(docnums) else False
            aligned = int(arrays.pair[docnums].sum()) if len(docnums) else 0
            return Export(result.total, str(self._generation), docnums.tolist(), english, aligned)

    def export_records(self, export: Export, chunk: int | None = None
                       ) -> Iterator[tuple[str, ParagraphRecord, ResolutionRecord]]:
        """Yield (symbol, record, resolution metadata) of an export's documents, reading a chunk at a time.

        The read lock is taken for each chunk only: the worker's other searches
        run between two chunks. Should a rebuilt index be opened meanwhile, the
        documents of the old generation can no longer be read: the export
        stops there (a rebuild during a download is rare; the file says less).
        """
        chunk = chunk or EXPORT_CHUNK
        for start in range(0, len(export.docnums), chunk):
            with self._read_lock:
                if self._generation != export.generation or self._searcher is None:
                    return
                searcher, resolutions = self._searcher, self._resolutions
                records = [json.loads(searcher.stored_fields(d)["data"]) for d in export.docnums[start:start + chunk]]
            for record in records:
                yield record["symbol"], record, _resolution_of(resolutions, record["symbol"])

    def _search(self, query: str, filters: Mapping[str, Sequence[str]] | None, *,
                page: int, per_page: int, sort: str, facet_size: int, lang: str = "fr",
                bare: bool = False, group: str = NO_GROUP, leaders: bool = False) -> SearchResult:
        """Run a search; ``bare``: document numbers as hits, no facets, records nor suggestions (exports)."""
        searcher, cache, resolutions = self._state()
        _check_options(sort, group, facet_size, page, per_page)
        asked = self._read_request(query, filters, resolutions)
        parsed = parse_query(asked.text, searcher.schema, self._is_word, self._forms.forms if self._forms else None,
                             lang=lang, cache=self._word_queries)
        budget = Budget(self.search_seconds)
        evaluator = Evaluator(self._arrays, searcher, budget, self._near_seen)  # type: ignore[arg-type]
        base = self._match_mask(evaluator, cache, parsed)
        if lang == "fr":
            # Resolutions without a French text are found in English only, never as French results.
            base &= cache.french_mask(resolutions)
        coord, complete, rarity = self._coordination(evaluator, parsed)
        if asked.named:
            priority = cache.value_mask("symbol", asked.named).astype(np.int32) * SYMBOL_PRIORITY
            coord = priority if coord is None else coord.astype(np.int32) + priority
        for name, values in asked.negative.items():
            base &= ~cache.value_mask(name, values)
        masks = _filter_masks(cache, asked.active, asked.years)
        final = base.copy()
        for m in masks.values():
            final &= m
        total = int(final.sum())
        complete, complete_total = _all_words_tier(final, complete, asked.text)
        groups = self._wording_groups(cache) if group == WORDING else None
        wordings = groups.count(np.flatnonzero(final)) if groups is not None else None
        budget.check()
        ranking = _Ranking(self, searcher, evaluator, cache, parsed, final, coord, complete, sort, rarity)
        if bare:
            hits = self._bare_hits(ranking, groups, page, per_page, total, wordings or 0, leaders)
            return SearchResult(query=query or "", total=total, hits=hits, facets={}, filters={}, page=page,
                                per_page=per_page, sort=sort, lang=lang)
        facets, facet_totals = self._facets(cache, base, masks, final, asked.active, facet_size)
        budget.check()
        hits, cards = self._page(ranking, groups, searcher, parsed, resolutions, page, per_page, total,
                                 wordings or 0)
        unmatched, suggestions = self._unmatched(searcher, parsed.words, lang) if parsed.words else ([], {})
        return SearchResult(
            query=query or "", total=total, hits=hits, facets=facets,
            filters={**{k: list(v) for k, v in asked.active.items() if v}, **asked.echoed}, page=page,
            per_page=per_page, sort=sort, unmatched=unmatched, suggestions=suggestions,
            expansions=parsed.expansions, facet_totals=facet_totals, lang=lang,
            group=group, wordings=wordings, cards=cards, all_words=complete_total, words=list(parsed.words),
            equivalents=widenings(parsed.words) if parsed.expressions else [],
        )

    def _read_request(self, query: str, filters: Mapping[str, Sequence[str]] | None,
                      resolutions: Mapping[str, Any]) -> _Request:
        """Read a search's filters and the symbols typed among its words."""
        # Filters the web app has read already stay read (ReadFilters): the range filters go, the facets' are kept.
        filters = ReadFilters(filters) if isinstance(filters, ReadFilters) else dict(filters or {})
        years, echoed = _year_range(*(filters.pop(name, None) for name in RANGE_FILTERS))
        text, active, negative = parse_filters(query or "", filters)
        self._canonicalise(active, negative, resolutions)
        refs = self._symbols.references(text)
        named: list[str] = []
        if refs:
            # A symbol typed among the words: its paragraphs rank first; typed
            # alone, it is the resolution asked for (as cote:…).
            text = without(text, refs)
            named = list(dict.fromkeys(s for ref in refs for s in ref.symbols))
            if not text:
                active["symbol"] = list(dict.fromkeys([*active.get("symbol", []), *named]))
                named = []
        return _Request(text, active, negative, years, echoed, named)

    def _canonicalise(self, active: dict[str, list[str]], negative: dict[str, list[str]],
                      resolutions: Mapping[str, Any]) -> None:
        """Replace the symbols of the symbol filters, kept and excluded, by the index's own."""
        for chosen in (active, negative):
            if chosen.get("symbol"):
                chosen["symbol"] = self._canonical_symbols(chosen["symbol"], resolutions)

    def _bare_hits(self, ranking: _Ranking, groups: WordingGroups | None, page: int, per_page: int, total: int,
                   wordings: int, leaders: bool) -> list[Any]:
        """Return one page of a bare result's hits: document numbers, each card's others after its leader.

        ``leaders``: the cards' leaders only, as a feed gives them.
        """
        if groups is None:
            return self._hits(ranking, page, per_page, total, build=lambda d, score: d)
        return [d for leader, others in self._card_members(ranking, groups, page, per_page, wordings)
                for d in [leader, *([] if leaders else others.tolist())]]

    def _facets(self, cache: FacetCache, base: np.ndarray, masks: Mapping[str, np.ndarray], final: np.ndarray,
                active: Mapping[str, Sequence[str]], facet_size: int
                ) -> tuple[dict[str, list[Bucket]], dict[str, int]]:
        """Count every facet over the result, each one without its own filter; return its buckets and totals."""
        facets = {}
        facet_totals = {}
        # A facet without a filter of its own counts over the final result: one mask (and one count
        # of paragraphs per resolution) shared by all of them, instead of one of each per facet.
        # Its documents' numbers too, from which a small result's facets are counted (FacetCache.count).
        matching = {id(final): np.flatnonzero(final)}
        weights = {id(final): cache.per_resolution(final, matching[id(final)])}
        for name in FACET_NAMES:
            if name in masks:
                mask = base.copy()
                for other, m in masks.items():
                    if other != name:
                        mask &= m
                matching[id(mask)] = np.flatnonzero(mask)
                weights[id(mask)] = cache.per_resolution(mask, matching[id(mask)])
            else:
                mask = final
            facets[name], facet_totals[name] = self._buckets(cache, name, mask, active.get(name, []), facet_size,
                                                             weights[id(mask)], matching[id(mask)])
        return facets, facet_totals

    def _page(self, ranking: _Ranking, groups: WordingGroups | None, searcher: Any, parsed: ParsedQuery,
              resolutions: dict[str, ResolutionRecord], page: int, per_page: int, total: int, wordings: int
              ) -> tuple[list[Hit], list[Card] | None]:
        """Return one page of hits, and of cards when grouped by wording (None when not)."""

        def build(d: int, score: float) -> Hit:
            return self._hit(searcher, d, score, parsed, resolutions)

        if groups is None:
            return self._hits(ranking, page, per_page, total, build=build), None
        pairs = self._cards(ranking, groups, resolutions, page, per_page, wordings, build=build,
                            versions=VERSIONS_LISTED)
        return [leader for leader, _ in pairs], [card for _, card in pairs]  # type: ignore[misc]

    def filter_mask(self, filters: Mapping[str, Sequence[str]] | None, lang: str = "fr") -> np.ndarray:
        """Return the live documents that pass the search page's filters, without a query (the finder's filters).

        The same filters as :meth:`search`, read the same way: values OR-ed
        within a facet, facets AND-ed, the year range, drafts not adopted left
        out unless the vote or symbol filter asks for them.
        """
        with self._one_search():
            _, cache, resolutions = self._state()
            filters = dict(filters or {})
            years, _ = _year_range(*(filters.pop(name, None) for name in RANGE_FILTERS))
            _, active, negative = parse_filters("", filters)
            self._canonicalise(active, negative, resolutions)
            mask = cache.live.copy()
            if lang == "fr":
                mask &= cache.french_mask(resolutions)
            for name, values in negative.items():
                mask &= ~cache.value_mask(name, values)
            for m in _filter_masks(cache, active, years).values():
                mask &= m
            return mask

    def _canonical_symbols(self, values: Sequence[str], resolutions: Mapping[str, Any]) -> list[str]:
        """Return the index's symbols for typed ones (case, spaces, year left out); refuse an ambiguous one."""
        out: list[str] = []
        for value in values:
            found = (value,) if value in resolutions else self._symbols.lookup(value)
            if len(found) > 1:
                shown = ", ".join(found[:10]) + (" …" if len(found) > 10 else "")
                raise QuerySyntaxError(f"cote ambiguë « {value} » : {len(found)} résolutions possibles "
                                       f"({shown}) ; précisez-la")
            out.extend(found or (value,))
        return list(dict.fromkeys(out))

    def _short_verbless(self, cache: FacetCache) -> np.ndarray:
        """Return the documents that may be headings: a few words and no recognised opening verb."""
        if self._headings is None:
            text = self._arrays.lengths("text")  # type: ignore[union-attr]
            verbs = cache.values["verb"]
            has_verb = cache.value_mask("verb", [v for v in verbs if v != UNLISTED])
            self._headings = (text <= HEADING_TERMS) & (text > 0) & ~has_verb
        return self._headings

    def _demote_headings(self, searcher: Any, cache: FacetCache, scores: np.ndarray, pool: np.ndarray) -> None:
        """Multiply the scores of the headings among the candidates by HEADING_WEIGHT.

        A heading is short, has no opening verb and no closing punctuation
        ("Protection des civils", "Surveillance … droits de l'homme :"); a list
        item as short ("b) Assurer la sécurité … humanitaire;") ends with its
        semicolon. The ending is read from the stored text of the few short
        candidates only, and remembered for the generation.
        """
        maybe = pool[self._short_verbless(cache)[pool]]
        for d in maybe.tolist():
            heading = self._heading_seen.get(d)
            if heading is None:
                text = json.loads(searcher.stored_fields(d)["data"])["text"].rstrip()
                heading = not text.endswith(CLOSING_PUNCTUATION)
                with self._lock:
                    if len(self._heading_seen) >= 100_000:
                        self._heading_seen.clear()
                    self._heading_seen[d] = heading
            if heading:
                scores[d] *= HEADING_WEIGHT

    def _favour_verbatim(self, searcher: Any, parsed: ParsedQuery, scores: np.ndarray, pool: np.ndarray) -> None:
        """Multiply by VERBATIM_WEIGHT the scores of the candidates holding a quoted phrase word for word.

        Read from the stored text of the candidates only (the pool), in the
        query's language; once per phrase held. What a document holds is
        remembered for the generation: reading the stored texts is most of
        the cost (25 ms for 300 candidates), and a facet clicked runs the
        same phrase again.
        """
        from indexer.text.analysis import verbatim_pattern  # noqa: PLC0415

        key = "text_en" if parsed.lang == "en" else "text"
        seen = self._verbatim_seen
        for phrase in parsed.phrases:
            pattern = verbatim_pattern(phrase)
            for d in pool.tolist():
                held = seen.get((phrase, key, d))
                if held is None:
                    text = json.loads(searcher.stored_fields(d)["data"]).get(key) or ""
                    held = bool(pattern.search(text))
                    with self._lock:
                        if len(seen) >= 100_000:
                            seen.clear()
                        seen[(phrase, key, d)] = held
                if held:
                    scores[d] *= VERBATIM_WEIGHT

    def _is_word(self, word: str) -> bool:
        """Tell whether a lower-case word (or a form of it) is in the index."""
        from indexer.text.analysis import fold, stem  # noqa: PLC0415

        return stem(fold(word)) in self._surface

    def _match_mask(self, evaluator: Evaluator, cache: FacetCache, parsed: ParsedQuery) -> np.ndarray:
        if parsed.query is None:
            return cache.live.copy()
        match, _ = evaluator.evaluate(parsed.query)
        return match & cache.live

    def _coordination(self, evaluator: Evaluator, parsed: ParsedQuery
                      ) -> tuple[np.ndarray | None, np.ndarray | None, list[tuple[np.ndarray, float]] | None]:
        """Count, per document, the distinct query words it holds; say which hold them all, and how rare each word is.

        A word found nowhere counts for no one, so a typo does not hide the
        paragraphs holding all the other words (they are the "all words" ones).
        An expression printed two ways counts as one word ("droits de l'homme":
        query.py), and alone it still puts the paragraphs holding it first.
        The rarity of the words found is each one's mask with its share of the
        query's idf (log of documents over holders), below 1 in all: see
        _Ranking.tiers. Return (None, None, None) for a query of fewer than two words.
        """
        needed = 1 if parsed.expressions else 2
        if len(parsed.word_queries) < needed:
            return None, None, None
        counts: np.ndarray | None = None
        held: list[tuple[np.ndarray, float]] = []
        for q in parsed.word_queries:
            # The mask alone: each word's scores are read where they count (evaluate.Evaluator.mask).
            m = evaluator.mask(q)
            holders = int(np.count_nonzero(m))
            if holders:
                held.append((m, math.log(len(m) / holders)))
                # Added in place, as bytes when they cannot overflow (MAX_WORDS is 40): stacking the masks
                # first copied every one of them (40 words × all documents), and adding booleans to int16
                # converts each (3 times slower).
                if counts is None:
                    counts = m.astype(np.uint8 if len(parsed.word_queries) < 256 else np.int16)
                else:
                    counts += m.view(np.uint8) if counts.dtype == np.uint8 else m
        coord = counts.astype(np.int16) if counts is not None else None
        if coord is None or len(held) < needed:
            return coord, None, None
        total = sum(idf for _, idf in held)
        rarity = [(m, idf * RARITY_SHARE / total) for m, idf in held] if total > 0 else None
        return coord, coord >= len(held), rarity

    def _wording_groups(self, cache: FacetCache) -> WordingGroups:
        """Return the wording group of every document of the live generation (singletons without wording tables)."""
        if self._groups is None:
            try:
                tables = load_wording(self.index_dir / str(self._generation))
                groups = WordingGroups.from_tables(tables, len(cache.live))
            except IndexMissingError:
                groups = WordingGroups.singletons(len(cache.live))
            self._groups = groups
            self._diffs = DiffCache()  # the diffs of the generation's documents
        return self._groups

    def _buckets(self, cache: FacetCache, name: str, mask: np.ndarray,
                 selected: Sequence[str], size: int, per_resolution: np.ndarray | None = None,
                 matching: np.ndarray | None = None) -> tuple[list[Bucket], int]:
        """Return the ``size`` largest buckets (and every selected one), and how many have a count.

        Order: selected values first, then by count, then alphabetically; a
        chronological facet (the year) lists every value, newest first.
        Sorting and choosing happen in numpy: asking for every value of a
        facet over 60,000 resolutions must not cost a Python key per value.
        """
        resolution_counts = None
        if FACETS_BY_NAME[name].by_resolution:
            # Resolutions, not paragraphs, rank a State: 211 paragraphs may be 3 long resolutions.
            if per_resolution is None:
                per_resolution = cache.per_resolution(mask, matching)
            counts, resolution_counts = cache.count_by_resolution(name, per_resolution)
        else:
            counts = cache.count(name, mask, per_resolution, matching)
        values = cache.values[name]
        nonzero = np.nonzero(counts)[0]
        chronological = FACETS_BY_NAME[name].chronological
        ranked = counts if resolution_counts is None else resolution_counts
        if chronological:
            # Every year with a count (81 at most since 1946), newest first.
            keep = nonzero
        else:
            keep = nonzero[np.argpartition(-ranked[nonzero], size - 1)[:size]] if len(nonzero) > size else nonzero
        ids = cache.value_ids[name]
        chosen_selected = np.unique(np.array([ids[v] for v in selected if v in ids and counts[ids[v]]],
                                             dtype=np.int64))
        # Without a selected value (most facets of most searches), the union and the "selected first"
        # key change nothing: three numpy calls fewer per facet, a dozen facets per search.
        chosen = np.union1d(keep, chosen_selected) if len(chosen_selected) else np.sort(keep)
        rank = cache.rank[name]
        by_count = -rank[chosen] if chronological else -ranked[chosen]
        tie = -counts[chosen]  # among as many resolutions, the more paragraphs first
        keys = (rank[chosen], tie, by_count)
        order = chosen[np.lexsort((*keys, ~np.isin(chosen, chosen_selected)) if len(chosen_selected) else keys)]
        wanted = set(selected)
        labelled = FACETS_BY_NAME[name].label is not None
        in_resolutions = [None] * len(order) if resolution_counts is None else resolution_counts[order].tolist()
        # Made as plain tuples (tuple.__new__): a named tuple's own __new__ is a Python call per bucket,
        # and a search makes some 500 of them.
        make = tuple.__new__
        buckets = [make(Bucket, (values[i], c, values[i] in wanted,
                                 facet_label(name, values[i]) if labelled else values[i], r))
                   for i, c, r in zip(order.tolist(), counts[order].tolist(), in_resolutions, strict=True)]
        present = {values[i] for i in chosen_selected.tolist()}
        absent = sorted((v for v in dict.fromkeys(selected) if v not in present), key=lambda v: (v.casefold(), v))
        if absent:
            # A selected value no paragraph of the result holds still shows, with 0.
            at = len(chosen_selected)
            buckets[at:at] = [Bucket(v, 0, True, facet_label(name, v), None if resolution_counts is None else 0)
                              for v in absent]
        return buckets, len(nonzero)

    def _hits(self, ranking: _Ranking, page: int, per_page: int, total: int, *,
              build: Callable[[int, float], Any]) -> list[Any]:
        """Return one page of hits in the order asked for, each made by ``build(docnum, score)``."""
        start = (page - 1) * per_page
        if start >= total:
            return []
        return [build(int(d), ranking.score(int(d))) for d in ranking.first(start + per_page)[start:]]

    def _card_members(self, ranking: _Ranking, groups: WordingGroups, page: int, per_page: int,
                      wordings: int) -> list[tuple[int, np.ndarray]]:
        """Return one page of cards as (leader, the card's other documents newest first).

        A card stands where its best document ranks; its leader is the newest
        of the documents holding the most query words (adoption date, then
        symbol, then reading order). The ranking is read further (WIDEN times
        more documents) until the page's cards are all found: no card is ever
        split across pages, since every document of a group joins its card.
        """
        start = (page - 1) * per_page
        if start >= wordings:
            return []
        needed = start + per_page
        k = needed
        while True:
            ranked = ranking.first(k)
            order = groups.first_groups(ranked)
            if len(order) >= needed or len(ranked) < k:
                break
            k *= WIDEN
        chosen = order[start:needed]
        cache = ranking.cache
        found = np.flatnonzero(ranking.final)
        docs = found[np.isin(groups.group[found], chosen)]
        group = groups.group[docs]
        date = cache.res_date[cache.doc_res[docs]]
        symbol = self._symbol_ranks(cache)[cache.doc_res[docs]]
        tier = ranking.coord[docs] if ranking.coord is not None else np.zeros(len(docs), dtype=np.int64)
        newest = np.lexsort((cache.seq[docs], symbol, -date, group))
        docs, group, tier = docs[newest], group[newest], tier[newest]
        bounds = np.searchsorted(group, chosen)
        ends = np.searchsorted(group, chosen, side="right")
        out = []
        for begin, end in zip(bounds.tolist(), ends.tolist(), strict=True):
            members, tiers = docs[begin:end], tier[begin:end]
            leader = int(np.argmax(tiers))  # the first (newest) of the most words
            out.append((int(members[leader]), np.delete(members, leader)))
        return out

    def _cards(self, ranking: _Ranking, groups: WordingGroups, resolutions: Mapping[str, Any], page: int,
               per_page: int, wordings: int, *, build: Callable[[int, float], Any], versions: int
               ) -> list[tuple[Any, Card]]:
        """Return one page of cards as (the leader's hit, the card), ``versions`` other paragraphs listed on each."""
        searcher, cache = self._searcher, ranking.cache
        names = self._symbol_names(cache, resolutions)
        out = []
        for leader, others in self._card_members(ranking, groups, page, per_page, wordings):
            hit = build(leader, ranking.score(leader))
            # The leader's text as its hit read it, cut into words once for all the card's diffs (and _newer's).
            leading = _Cut(hit.text if isinstance(hit, Hit) else None, searcher, leader)
            members = np.concatenate([[leader], others]).astype(np.int64)
            res = cache.doc_res[members]
            dates = cache.res_date[res]
            oldest, newest = int(res[int(np.argmin(dates))]), int(res[int(np.argmax(dates))])
            listed: list[Version] = []
            for d in others[:versions].tolist():
                listed.append(self._version(groups, resolutions, names[int(cache.doc_res[d])], leader, d, leading))
            card = Card(len(members), len(np.unique(res)),
                        (names[oldest], resolutions.get(names[oldest], {}).get("adopted")),
                        (names[newest], resolutions.get(names[newest], {}).get("adopted")), listed,
                        self._newer(groups, cache, resolutions, leader, members, leading))
            out.append((hit, card))
        return out

    def _newer(self, groups: WordingGroups, cache: FacetCache, resolutions: Mapping[str, Any], leader: int,
               members: np.ndarray, leading: _Cut) -> Version | None:
        """Return the newest adopted paragraph of a card's wording when it is newer than the leader and not a member.

        Adopted and in French: a draft the Council did not adopt, or a text
        held in English only, is not a wording to copy.
        """
        latest = getattr(cache, "_latest_of_group", None)
        if latest is None:
            eligible = cache.live & ~cache.value_mask("vote", REJECTED) & cache.french_mask(self._resolutions)
            latest = groups.latest(eligible, cache.res_date[cache.doc_res], cache.seq)
            cache._latest_of_group = latest  # type: ignore[attr-defined]
        d = int(latest[groups.group[leader]])
        if d < 0 or d in members or cache.res_date[cache.doc_res[d]] <= cache.res_date[cache.doc_res[leader]]:
            return None
        symbol = self._symbol_names(cache, resolutions)[int(cache.doc_res[d])]
        return self._version(groups, resolutions, symbol, leader, d, leading)

    def _version(self, groups: WordingGroups, resolutions: Mapping[str, Any], symbol: str, leader: int, d: int,
                 leading: _Cut) -> Version:
        """Return a card's entry for paragraph ``d`` of ``symbol``: the leader's wording, or its diff from it."""
        same = bool(groups.wording[d] == groups.wording[leader] and groups.wording[d] >= 0)
        diff: list[dict[str, str]] = []
        if not same:
            # Only a variant's text is read (for its diff), once while its leader leads it.
            anchor, diff = self._diff(leader, d, leading)
        else:
            # An identical paragraph's anchor is in the tables (or in its record).
            anchor = groups.anchor(d) or json.loads(self._searcher.stored_fields(d)["data"])["anchor"]
        return Version(symbol, anchor, resolutions.get(symbol, {}).get("adopted"), same, diff)

    def _diff(self, leader: int, d: int, leading: _Cut) -> tuple[str, list[dict[str, str]]]:
        """Return a card paragraph's anchor and its word diff from the leader, read once per generation (DiffCache)."""
        found = self._diffs.get(leader, d)
        if found is None:
            record = json.loads(self._searcher.stored_fields(d)["data"])
            found = self._diffs.put(leader, d, record["anchor"], leading.diff(record.get("text", "")))
        return found

    def _symbol_names(self, cache: FacetCache, resolutions: Mapping[str, Any]) -> list[str]:
        """Return the symbol of each resolution number of the facet cache (doc_res), "" for none."""
        names = getattr(cache, "_symbol_names", None)
        if names is None:
            # The order FacetCache numbers them in (by rank).
            names = [s for s, m in resolutions.items() if m.get("rank") is not None] + [""]
            cache._symbol_names = names  # type: ignore[attr-defined]
        return names

    def _symbol_ranks(self, cache: FacetCache) -> np.ndarray:
        """Return the alphabetical rank of each resolution number's symbol (ties of dates in a card)."""
        ranks = getattr(cache, "_symbol_ranks", None)
        if ranks is None:
            names = self._symbol_names(cache, self._resolutions)
            ranks = np.argsort(np.argsort(np.array(names, dtype=object), kind="stable")).astype(np.int64)
            cache._symbol_ranks = ranks  # type: ignore[attr-defined]
        return ranks

    def _hit(self, searcher: Any, docnum: int, score: float, parsed: ParsedQuery,
             resolutions: dict[str, ResolutionRecord]) -> Hit:
        stored = searcher.stored_fields(docnum)
        record = json.loads(stored["data"])
        text, text_en = record["text"], record.get("text_en") or ""
        # The query's words are marked in the language they were typed in, when the page or the API reads them.
        return Hit(stored["symbol"], stored["anchor"], stored["kind"], score, text,
                   Marked(text, parsed if parsed.lang == "fr" else None), record,
                   _resolution_of(resolutions, stored["symbol"]), text_en,
                   Marked(text_en, parsed if parsed.lang == "en" else None))

    def _unmatched(self, searcher: Any, words: list[str], lang: str = "fr") -> tuple[list[str], dict[str, str]]:
        """Return the query words found nowhere, with spelling suggestions (French words only)."""
        unmatched: list[str] = []
        suggestions: dict[str, str] = {}
        fields = LANGUAGE_FIELDS[lang]
        analyzer = searcher.schema[fields[0]].analyzer
        corrector = searcher.corrector("text")
        for word in words:
            terms = [t.text for t in analyzer(word)]
            if not terms or "*" in word or "?" in word:
                continue
            # Live documents only: a word of removed resolutions alone (an updated index) is found nowhere.
            if all(self._frequency(searcher, f, t) == 0 for t in terms for f in fields):
                unmatched.append(word)
                if lang != "fr":
                    # The spelling table holds French words: no suggestion rather than a French one.
                    continue
                suggestion = self._suggestion(searcher, word, corrector.suggest(terms[0], limit=8, maxdist=2,
                                                                                   prefix=1))
                if suggestion:
                    suggestions[word] = suggestion
        return unmatched, suggestions

    def _frequency(self, searcher: Any, field: str, text: str) -> int:
        """Return how many live documents of the open generation hold a term."""
        if self._arrays is None:
            return int(searcher.doc_frequency(field, text))
        return self._arrays.frequency(field, text)

    def _suggestion(self, searcher: Any, word: str, candidates: Sequence[str]) -> str | None:
        """Choose the spelling to suggest for a word found nowhere, or None.

        The index's stems are close to many things ("licornes" → stem "licorn",
        two edits from "lion"): a candidate counts only when its written form is
        within SUGGEST_DISTANCE edits of the typed word (accents and case aside)
        and frequent enough (SUGGEST_MIN_PARAGRAPHS). Nearest first, then the
        most frequent.
        """
        from indexer.text.analysis import elide, fold  # noqa: PLC0415

        typed = fold(elide(word)[0].lower())
        allowed = next(d for limit, d in SUGGEST_DISTANCE if len(typed) <= limit)
        least = max(1, min(SUGGEST_MIN_PARAGRAPHS, searcher.doc_count() // 10_000))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            surface = self._surface.get(candidate, candidate)
            distance = edit_distance(typed, fold(surface.lower()))
            frequency = self._frequency(searcher, "text", candidate)
            if distance <= allowed and frequency >= least:
                key = (distance, -frequency, surface)
                if best is None or key < best:
                    best = key
        return best[2] if best else None


class _Cut:
    """A card leader's text cut into words on first use, from which each of the card's diffs starts."""

    def __init__(self, text: str | None, searcher: Any, docnum: int) -> None:
        # None: read from the stored record when a diff first needs it (a card of identical paragraphs never does).
        self.text, self.searcher, self.docnum = text, searcher, docnum
        self._words: tuple[list[str], list[int]] | None = None

    def diff(self, other: str) -> list[dict[str, str]]:
        """Return the word diff from the leader's text to ``other`` (both in NFC form, as the wording tables)."""
        if self._words is None:
            if self.text is None:
                self.text = json.loads(self.searcher.stored_fields(self.docnum)["data"])["text"]
            self.text = canonical(self.text)
            self._words = word_starts(self.text)
        other = canonical(other)
        return starts_diff(self.text, self._words, other, word_starts(other))


class _Ranking:
    """The order of one search's documents, read as far as a page needs (the bonuses computed once).

    Relevance: the documents holding the most query words first (all of them
    first of all), then by score; the phrase and proximity bonuses and the
    headings' demotion are applied to the best candidates. Date: the
    documents holding every query word (when some do) first, newest first
    within each tier. Citations: the most cited resolutions first (after the most query words).
    Reading order: as the resolutions are printed.
    """

    def __init__(self, engine: Engine, searcher: Any, evaluator: Evaluator, cache: FacetCache, parsed: ParsedQuery,
                 final: np.ndarray, coord: np.ndarray | None, complete: np.ndarray | None, sort: str,
                 rarity: list[tuple[np.ndarray, float]] | None = None) -> None:
        self.engine, self.searcher, self.evaluator, self.cache = engine, searcher, evaluator, cache
        self.parsed, self.final, self.coord, self.complete, self.sort = parsed, final, coord, complete, sort
        self.rarity = rarity
        self._tiers: np.ndarray | None = None
        self.scores: np.ndarray | None = None
        self._whole: np.ndarray | None = None

    def tiers(self) -> np.ndarray | None:
        """Return the relevance order's key above the score: the words held, then how rare they are.

        Among paragraphs holding as many words, those missing a common word
        ("migrants") rank before those missing a rare one ("enfants"): the
        count plus, below 1, the share of the query's idf held. Computed for
        the result's documents only, once, and for queries of RARITY_WORDS
        words at most (a pasted sentence is ranked by its count: 40 masks
        read again for each result cost more than they tell).
        """
        if self._tiers is None:
            self._tiers = self.coord
            if self.coord is not None and self.rarity and len(self.rarity) <= RARITY_WORDS:
                docs = np.flatnonzero(self.final)
                extra = np.zeros(len(docs), dtype=np.float64)
                for m, share in self.rarity:
                    extra += m[docs] * share
                tiers = self.coord.astype(np.float64)
                tiers[docs] += extra
                self._tiers = tiers
        return self._tiers

    def score(self, docnum: int) -> float:
        """Return a document's score as shown (0 without a query or in reading order)."""
        return float(self.scores[docnum]) if self.scores is not None else 0.0

    def first(self, k: int) -> np.ndarray:
        """Return the first ``k`` documents of the result, in order."""
        cache, parsed, final = self.cache, self.parsed, self.final
        if self.sort == "date":
            if self._whole is None:
                docnums = np.nonzero(final)[0]
                keys = [cache.seq[docnums], -cache.res_date[cache.doc_res[docnums]]]
                if self.complete is not None:
                    keys.append(~self.complete[docnums])
                self._whole = docnums[np.lexsort(keys)]
                if parsed.query is not None:
                    self.scores = self.evaluator.evaluate(parsed.scored)[1]
            return self._whole[:k]
        if self.sort == "cited_by_count":
            # The most cited resolutions first, then the newest, each in reading order; with several query
            # words, the paragraphs holding the most of them first (as relevance), not the most cited text
            # that holds one of them.
            if self._whole is None:
                docnums = np.nonzero(final)[0]
                res = cache.doc_res[docnums]
                keys = [cache.seq[docnums], -cache.res_date[res], -self.engine._cited_counts[res]]
                if self.coord is not None:
                    keys.append(-self.coord[docnums].astype(np.int64))
                self._whole = docnums[np.lexsort(keys)]
                if parsed.query is not None:
                    self.scores = self.evaluator.evaluate(parsed.scored)[1]
            return self._whole[:k]
        if parsed.query is None or self.sort == "order":
            if self._whole is None:
                docnums = np.nonzero(final)[0]
                self._whole = docnums[np.argsort(cache.seq[docnums], kind="stable")]
            return self._whole[:k]
        if self.scores is None:
            tiers = self.tiers()
            scores = self.evaluator.evaluate(parsed.scored)[1].copy()  # the bonuses below are added in place
            # Positions are read document by document: only for the best
            # candidates, where the bonus can still change the order shown.
            pool = top(scores, final, cache.seq, max(PROXIMITY_POOL, k), tiers)
            for q in parsed.proximity:
                scores[pool] += self.evaluator.phrase_bonus(q, pool)
            if parsed.phrases:
                self.engine._favour_verbatim(self.searcher, parsed, scores, pool)
            self.engine._demote_headings(self.searcher, cache, scores, pool)
            self.scores = scores
        # All-words matches first, then by how many words they hold.
        return top(self.scores, final, cache.seq, k, self.tiers())


def edit_distance(a: str, b: str) -> int:
    """Return the edit distance of two words (insertions, deletions, substitutions, swaps)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _filter_masks(cache: FacetCache, active: Mapping[str, Sequence[str]],
                  years: tuple[int, int] | None) -> dict[str, np.ndarray]:
    """Return the documents each active filter keeps, by facet name ("_years" for the range)."""
    masks = {name: cache.value_mask(name, values) for name, values in active.items() if values}
    if "vote" not in masks and "symbol" not in masks:
        # Drafts that were not adopted are not agreed language: shown only when asked for
        # (vote facet) or when their symbol is; the vote facet still counts them.
        masks["vote"] = ~cache.value_mask("vote", REJECTED)
    if years is not None:
        masks["_years"] = cache.resolution_mask((cache.res_year >= years[0]) & (cache.res_year <= years[1]))
    return masks


def _year_range(first: Sequence[str] | str | None, last: Sequence[str] | str | None
                ) -> tuple[tuple[int, int] | None, dict[str, list[str]]]:
    """Read the year range filter (year_from, year_to), either end optional.

    Return the inclusive bounds (None when neither end is given) and the
    ends given, as the result's filters echo them.
    """
    ends: dict[str, int] = {}
    for name, value in zip(RANGE_FILTERS, (first, last), strict=True):
        if isinstance(value, (list, tuple)):
            value = next((v for v in value if str(v).strip()), None)
        if value is None or not str(value).strip():
            continue
        text = str(value).strip()
        if not text.isdigit() or not 1900 <= int(text) <= 2100:
            raise QuerySyntaxError(f"{name} : année attendue (quatre chiffres, ex. 2020), pas « {text} »")
        ends[name] = int(text)
    if not ends:
        return None, {}
    low, high = ends.get("year_from", 1900), ends.get("year_to", 2100)
    if low > high:
        raise QuerySyntaxError(f"intervalle d'années vide : de {low} à {high}")
    return (low, high), {name: [str(year)] for name, year in ends.items()}
