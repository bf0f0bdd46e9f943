"""Check a whole draft over an open index: each phrase traced to the paragraphs that already agreed it (issue 26).

Each paragraph of the draft is matched with the span index
(:mod:`indexer.wording.spans`): its maximal spans of at least six words found
word for word in an adopted paragraph are *agreed*, with their sources (the
most recent occurrence, consensus first; the earliest; how many resolutions,
which organs); spans found with one or two words changed are *near*, with the
changes; the rest is *new language*. Each paragraph also gets the finder's
closest paragraph (:mod:`indexer.wording.finder`) and a one-line verdict.

Only adopted resolutions count: a draft the Security Council did not adopt
(vetoed, not adopted) never makes a span agreed. Filters (organ, years,
consensus only) restrict the sources the same way.
"""

from __future__ import annotations

import difflib
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, astuple, dataclass, field, replace
from typing import Any

import numpy as np

from indexer.citation import citation
from indexer.errors import QuerySyntaxError
from indexer.model import ADOPTED_WITHOUT_VOTE, NOT_ADOPTED, VETOED
from indexer.search.agreed import NEAR, SimilarFinder, language_notice
from indexer.search.assent import state_name
from indexer.store.record_types import ParagraphRecord
from indexer.store.spans import load as load_spans
from indexer.store.wording import FOLDERS, TEXT_FIELDS
from indexer.wording.clauses import CLAUSES, PARAGRAPH, UNALIGNED, Counterpart, french_counterpart
from indexer.wording.drafts import check_size
from indexer.wording.finder import CLOSE, find
from indexer.wording.language import detect
from indexer.wording.measure import lcs_with, match_masks
from indexer.wording.spans import K, NearSpan, Span, SpanIndex, draft_array, maximal_spans, near_spans, runs
from indexer.wording.tables import Tables
from indexer.wording.words import Word, canonical, words

# Candidate wordings aligned with a paragraph for near-verbatim spans (the longest exact runs' wordings).
NEAR_CANDIDATES = 3
# Closest paragraphs asked of the finder, to find one that passes the filters, and the wordings it measures.
FINDER_LIMIT = 20
FINDER_POOL = 100
# Wordings sharing the most words in exact runs with a paragraph, measured exactly as its closest.
SPAN_CANDIDATES = 8
AGREED, NEAR_STATUS, NEW = "agreed", "near", "new"
STATUS_LABELS = {AGREED: "libellé agréé", NEAR_STATUS: "libellé agréé, modifié", NEW: "nouveau libellé"}
# What the French given for an English span is (CheckedSpan.french_scope), as the page, the notes and the CSV say it.
FRENCH_LABELS = {
    CLAUSES: "texte français officiel des propositions correspondantes",
    PARAGRAPH: "texte français officiel du paragraphe",
    UNALIGNED: "texte français officiel du paragraphe entier (ses propositions ne correspondent pas à celles de "
               "l'anglais : aucun passage français n'en est déduit)",
}


@dataclass(frozen=True)
class Filters:
    """Which adopted resolutions may count as sources.

    A new filter is a field here, a clause in :func:`symbol_mask` (with the
    per-symbol array it reads, in ``DraftChecker._symbol_arrays``) and a
    parameter of :func:`filters_from`; the cache key and the JSON follow the
    fields. ``accepted_by`` is applied beside the mask, through the engine's
    accepted_by facet (``DraftChecker.allowed``), as the finder applies it.
    """

    organs: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    consensus: bool = False
    # French UN names of States: sources any of them accepted (indexer.search.assent.accepting_states).
    accepted_by: tuple[str, ...] = ()

    def key(self) -> tuple[Any, ...]:
        """Return a hashable key of the filters (the allowed wordings are cached per key)."""
        return astuple(self)

    def to_json(self) -> dict[str, Any]:
        """Return the filters as the API prints them (``organ``, as the request names it, for ``organs``)."""
        out = asdict(self)
        out["organ"] = list(out.pop("organs"))
        out["accepted_by"] = list(out["accepted_by"])
        return out


def symbol_mask(filters: Filters, sym: dict[str, np.ndarray]) -> np.ndarray:
    """Return which symbols of the wording tables may be sources: adopted, and passing every filter."""
    ok = sym["adopted"].copy()
    if filters.organs:
        names = list(sym["organs"])
        wanted = [names.index(o) for o in filters.organs if o in names]
        ok &= np.isin(sym["organ"], wanted)
    if filters.year_from is not None:
        ok &= sym["year"] >= filters.year_from
    if filters.year_to is not None:
        ok &= (sym["year"] <= filters.year_to) & (sym["year"] > 0)
    if filters.consensus:
        ok &= sym["consensus"]
    return ok


@dataclass(frozen=True)
class Source:
    """One paragraph carrying a span: where, when, by which organ, how adopted."""

    symbol: str
    anchor: str
    citation: str
    adopted: str | None
    organ: str
    vote: str | None
    # The Whoosh document number of the paragraph in the generation checked (not printed).
    docnum: int = -1

    def to_json(self) -> dict[str, Any]:
        """Return the source as the API prints it."""
        return {"symbol": self.symbol, "anchor": self.anchor, "citation": self.citation, "adopted": self.adopted,
                "organ": self.organ, "vote": self.vote, "consensus": self.vote == ADOPTED_WITHOUT_VOTE}


@dataclass(frozen=True)
class Sources:
    """Every adopted paragraph carrying a span, summed up."""

    latest: Source      # the most recent, adopted without a vote when one was
    earliest: Source
    paragraphs: int
    resolutions: int
    consensus: int      # resolutions adopted without a vote among them
    organs: tuple[str, ...]
    # The paragraph cited first: the draft paragraph's closest paragraph when it carries the span, else ``latest``.
    cited: Source | None = None

    @property
    def shown(self) -> Source:
        """Return the paragraph cited first."""
        return self.cited or self.latest

    def to_json(self) -> dict[str, Any]:
        """Return the summary as the API prints it."""
        return {"cited": self.shown.to_json(), "latest": self.latest.to_json(), "earliest": self.earliest.to_json(),
                "paragraphs": self.paragraphs,
                "resolutions": self.resolutions, "consensus_resolutions": self.consensus,
                "organs": list(self.organs)}


@dataclass(frozen=True)
class CheckedSpan:
    """A span of a draft paragraph found in adopted paragraphs, word for word or with a few words changed."""

    status: str                  # AGREED or NEAR_STATUS
    start: int                   # draft words [start, stop)
    stop: int
    text: str                    # the span as the draft writes it
    sources: Sources
    # Near spans: each change, {"draft": what the draft says, "match": what the cited paragraph says}.
    changes: tuple[dict[str, str], ...] = ()
    # An English draft: the official French of the span in the paragraph cited first (the span is in its
    # English), and how it was established (indexer.wording.clauses: "clauses", "paragraph" or "unaligned").
    french: str = ""
    french_scope: str = ""

    @property
    def words(self) -> int:
        """Return the number of draft words in the span."""
        return self.stop - self.start

    def to_json(self) -> dict[str, Any]:
        """Return the span as the API prints it."""
        return {"status": self.status, "start": self.start, "stop": self.stop, "words": self.words,
                "text": self.text, "sources": self.sources.to_json(), "changes": list(self.changes),
                "french": self.french, "french_scope": self.french_scope}


@dataclass(frozen=True)
class ParagraphCheck:
    """One paragraph of the draft: its spans, its segments as written, its closest paragraph and verdict."""

    number: int
    text: str
    words: int
    spans: tuple[CheckedSpan, ...]
    # The paragraph as written, cut into runs: {"text", "status": AGREED/NEAR_STATUS/NEW or None, "span": index}.
    segments: tuple[dict[str, Any], ...]
    closest: dict[str, Any] | None
    verdict: str                 # verbatim, changed, partial, new, short
    label: str

    @property
    def agreed_share(self) -> float:
        """Return the share of the paragraph's words in agreed or near spans."""
        covered = sum(len(s["text"].split()) for s in self.segments if s["status"] in (AGREED, NEAR_STATUS))
        total = sum(len(s["text"].split()) for s in self.segments if s["status"])
        return covered / total if total else 0.0

    def to_json(self) -> dict[str, Any]:
        """Return the paragraph as the API prints it."""
        return {"number": self.number, "text": self.text, "words": self.words, "verdict": self.verdict,
                "label": self.label, "closest": self.closest, "segments": list(self.segments),
                "spans": [s.to_json() for s in self.spans]}


@dataclass(frozen=True)
class Verification:
    """The check of a whole draft."""

    paragraphs: tuple[ParagraphCheck, ...]
    filters: Filters
    seconds: float = 0.0
    notices: tuple[str, ...] = field(default_factory=tuple)
    # The language of the paragraphs compared: "fr", or "en" (English wording, French answers).
    lang: str = "fr"

    def counts(self) -> dict[str, int]:
        """Return how many paragraphs got each verdict."""
        found: dict[str, int] = {}
        for p in self.paragraphs:
            found[p.verdict] = found.get(p.verdict, 0) + 1
        return found

    def to_json(self) -> dict[str, Any]:
        """Return the check in the documented JSON shape."""
        return {"lang": self.lang, "paragraphs": [p.to_json() for p in self.paragraphs], "verdicts": self.counts(),
                "filters": self.filters.to_json(),
                "notices": list(self.notices), "seconds": round(self.seconds, 4)}


class DraftChecker:
    """Check drafts against the live generation of an engine's index."""

    def __init__(self, finder: SimilarFinder) -> None:
        """Use the wording tables of ``finder`` and the span index of the same generation."""
        self.finder = finder
        self.engine = finder.engine
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._spans: dict[str, SpanIndex] = {}
        self._allowed: dict[tuple[Any, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._symbols: dict[str, dict[str, np.ndarray]] = {}
        self._resolutions: Mapping[str, Mapping[str, Any]] = {}
        # Stored records of cited paragraphs, by document number: boilerplate is cited by every draft.
        self._records: dict[int, ParagraphRecord] = {}

    def span_index(self, lang: str = "fr") -> tuple[Tables, SpanIndex]:
        """Return the wording tables and the span index of the live generation in ``lang`` ("fr" or "en")."""
        tables = self.finder.tables(lang)
        generation = self.engine.generation
        with self._lock:
            if generation != self._generation:
                self._generation, self._allowed, self._symbols, self._spans = generation, {}, {}, {}
                self._resolutions, self._records = self.engine.resolutions(), {}
            if lang not in self._spans:
                self._spans[lang] = load_spans(self.engine.index_dir / str(generation), lang)
            return tables, self._spans[lang]

    def _symbol_arrays(self, tables: Tables, lang: str = "fr") -> dict[str, np.ndarray]:
        """Return, per symbol of the tables: adopted, adopted without a vote, year, organ number."""
        if lang not in self._symbols:
            resolutions = self._resolutions
            metas = [resolutions.get(s, {}) for s in tables.symbols]
            outcomes = [(m.get("vote") or {}).get("outcome") for m in metas]
            organs = sorted({m.get("organ") or "" for m in metas})
            self._symbols[lang] = {
                "adopted": np.array([o not in (NOT_ADOPTED, VETOED) for o in outcomes], dtype=bool),
                "consensus": np.array([o == ADOPTED_WITHOUT_VOTE for o in outcomes], dtype=bool),
                "year": np.array([int(m.get("year") or 0) for m in metas], dtype=np.int32),
                "organ": np.array([organs.index(m.get("organ") or "") for m in metas], dtype=np.int32),
                "organs": np.array(organs, dtype=object),
            }
        return self._symbols[lang]

    def allowed(self, tables: Tables, filters: Filters, lang: str = "fr") -> tuple[np.ndarray, np.ndarray]:
        """Return which rows and which wordings may be sources under ``filters`` (adopted resolutions only)."""
        key = (lang, *filters.key())
        with self._lock:
            cached = self._allowed.get(key)
            if cached is not None:
                return cached
            ok = symbol_mask(filters, self._symbol_arrays(tables, lang))
            row_wording = np.asarray(tables.row_wording)
            rows = ok[np.asarray(tables.row_symbol)] & (row_wording >= 0)
            if filters.accepted_by and len(rows):
                # The search page's accepted_by facet, as the finder's filters read it (SimilarFinder.scope).
                accepted = self.engine.filter_mask({"accepted_by": list(filters.accepted_by)}, lang)
                rows &= accepted[np.asarray(tables.row_docnum)]
            wordings = np.zeros(len(tables.offsets) - 1, dtype=bool)
            wordings[row_wording[rows]] = True
            if len(self._allowed) >= 16:
                self._allowed.pop(next(iter(self._allowed)))
            self._allowed[key] = (rows, wordings)
            return rows, wordings

    def check(self, paragraphs: list[str], filters: Filters | None = None, closest: bool = True,
              lang: str | None = "fr") -> Verification:
        """Check each paragraph of a draft; ``closest`` false skips the finder (the benchmark times both).

        ``lang`` is the draft's language ("fr", "en"), or None to tell it from
        its function words (French when they do not say clearly).
        """
        started = time.perf_counter()
        filters = filters or Filters()
        check_size(paragraphs)
        if lang is None:
            lang = detect(" ".join(paragraphs)).lang or "fr"
        if lang not in FOLDERS:
            raise QuerySyntaxError(f"langue inconnue « {lang} » : fr (français) ou en (anglais)")
        tables, index = self.span_index(lang)
        rows_ok, wordings_ok = self.allowed(tables, filters, lang)
        notices = []
        if not wordings_ok.any():
            notices.append("Aucune résolution adoptée ne répond à ces filtres : rien ne peut être agréé."
                           if lang == "fr" else
                           "Aucune résolution adoptée avec une version anglaise ne répond à ces filtres : "
                           "rien ne peut être agréé.")
        notice = language_notice(" ".join(paragraphs), lang)
        if notice:
            notices.append(notice["message"].replace("Relancez la recherche", "Relancez la vérification"))
        if lang == "en":
            notices.append("Projet en anglais : comparé aux versions anglaises des paragraphes ; chaque passage "
                           "agréé donne le texte français officiel des propositions qui lui correspondent dans le "
                           "paragraphe cité, ou le paragraphe entier quand ses propositions anglaises et françaises "
                           "ne se correspondent pas (c'est alors dit).")
        checked = tuple(self._paragraph(i + 1, canonical(p), tables, index, rows_ok, wordings_ok, closest, lang)
                        for i, p in enumerate(paragraphs))
        return Verification(checked, filters, time.perf_counter() - started, tuple(notices), lang)

    def _paragraph(self, number: int, text: str, tables: Tables, index: SpanIndex, rows_ok: np.ndarray,
                   wordings_ok: np.ndarray, closest: bool, lang: str = "fr") -> ParagraphCheck:
        found_words = words(text)
        ids = draft_array(tables, [w.norm for w in found_words])
        found = runs(tables, index, ids, wordings_ok)
        exact, covered = _cover(maximal_spans(found), len(ids))
        longest: list[int] = []
        if len(found):
            # The wordings of the longest runs first, each once.
            by_length = found[np.argsort(-(found[:, 2] - found[:, 1]), kind="stable"), 0]
            _, first = np.unique(by_length, return_index=True)
            longest = by_length[np.sort(first)][:NEAR_CANDIDATES].tolist()
        nearest, near_wording, near_source = (
            self._closest(tables, index, text, ids, found, rows_ok, wordings_ok, lang) if closest else (None, -1, None))
        # The closest paragraph too: changes every few words leave it no exact run of K words, yet it may be near.
        candidates = list(dict.fromkeys([*longest, *([near_wording] if near_wording >= 0 else [])]))
        candidates = candidates[:NEAR_CANDIDATES] + ([near_wording] if near_wording in candidates[NEAR_CANDIDATES:]
                                                     else [])
        near = [n for n in near_spans(tables, ids, candidates, covered) if wordings_ok[n.wording]]

        def sources_of(wordings: tuple[int, ...]) -> Sources:
            # A span the closest paragraph carries is cited from it: most likely the drafter's source.
            sources = self._sources(tables, index, wordings, rows_ok, lang)
            return replace(sources, cited=near_source) if near_wording in wordings else sources

        checked: list[CheckedSpan] = []
        for s in exact:
            sources = sources_of(s.wordings)
            french = self._french(sources.shown, lang, [w.norm for w in found_words[s.start:s.stop]])
            checked.append(CheckedSpan(AGREED, s.start, s.stop, _quote(text, found_words, s.start, s.stop),
                                       sources, (), french.text, french.scope))
        for n in near:
            sources = sources_of((n.wording,))
            french = self._french(sources.shown, lang, at=(n.first, n.last))
            checked.append(CheckedSpan(NEAR_STATUS, n.start, n.stop, _quote(text, found_words, n.start, n.stop),
                                       sources, self._changes(text, found_words, n, sources.shown, lang),
                                       french.text, french.scope))
        checked.sort(key=lambda c: (c.start, c.status != AGREED, -c.stop))
        verdict, label = _verdict(len(found_words), checked, nearest)
        segments = _segments(text, found_words, checked)
        if verdict == "short":
            # Fewer words than a span: nothing can be said of them, new or not ("L'Assemblée générale,").
            segments = [{**s, "status": None} for s in segments]
        return ParagraphCheck(number, text, len(found_words), tuple(checked), tuple(segments), nearest, verdict,
                              label)

    def _sources(self, tables: Tables, index: SpanIndex, wordings: tuple[int, ...], rows_ok: np.ndarray,
                 lang: str = "fr") -> Sources:
        rows = np.concatenate([np.asarray(index.rows_of(w)) for w in wordings]).astype(np.int64)
        rows = rows[rows_ok[rows]]
        sym = self._symbol_arrays(tables, lang)
        symbols = np.asarray(tables.row_symbol)[rows]
        dates = np.asarray(tables.row_date)[rows].astype(np.int64)
        docnums = np.asarray(tables.row_docnum)[rows]
        consensus = sym["consensus"][symbols]
        pool = rows[consensus] if consensus.any() else rows
        pool_dates = np.asarray(tables.row_date)[pool].astype(np.int64)
        known = pool_dates < 99_999_999
        # The most recent (dates known first), then the latest document; the earliest, by date then document.
        latest_key = np.where(known, pool_dates, -1) * 10**10 + np.asarray(tables.row_docnum)[pool]
        latest = int(pool[int(np.argmax(latest_key))])
        earliest = int(rows[int(np.argmin(dates * 10**10 + docnums))])
        distinct = np.unique(symbols)
        organs = tuple(sorted({str(sym["organs"][sym["organ"][s]]) for s in distinct.tolist()}))
        return Sources(self._source(tables, latest), self._source(tables, earliest), len(rows), len(distinct),
                       int(sym["consensus"][distinct].sum()), organs)

    def _source(self, tables: Tables, row: int) -> Source:
        symbol, anchor = tables.symbols[int(tables.row_symbol[row])], tables.anchors[row]
        docnum = int(tables.row_docnum[row])
        record = self._record(docnum, symbol, anchor)
        meta = self._resolutions.get(symbol, {})
        return Source(symbol, anchor, citation(symbol, record), meta.get("adopted"), meta.get("organ") or "",
                      (meta.get("vote") or {}).get("outcome"), docnum)

    def _record(self, docnum: int, symbol: str, anchor: str) -> Mapping[str, Any]:
        """Return the stored record of a cited paragraph (cached for the generation)."""
        record = self._records.get(docnum)
        if record is None:
            record = self.engine.record_at(docnum)
            if record.get("symbol") != symbol or record.get("anchor") != anchor:
                # A generation made current between loading the tables and reading the record.
                return self.engine.paragraph_record(symbol, anchor) or {"anchor": anchor, "text": ""}
            if len(self._records) >= 20_000:
                self._records.clear()
            self._records[docnum] = record
        return record

    def _french(self, source: Source, lang: str, norms: list[str] | None = None,
                at: tuple[int, int] | None = None) -> Counterpart:
        """Return the official French of a span of a source paragraph when the draft is English.

        The span is the folded words ``norms`` (found word for word in the
        paragraph's English), or English words [first, last) ``at`` (a near
        span); its French is that of the clauses covering it when both
        versions' clauses correspond (:mod:`indexer.wording.clauses`), else
        the whole French paragraph, said to be whole.
        """
        if lang == "fr":
            return Counterpart("", "")
        record = self._record(source.docnum, source.symbol, source.anchor)
        french, english = canonical(record.get("text", "")), canonical(record.get(TEXT_FIELDS[lang]) or "")
        found = words(english)
        if norms is not None:
            at = _locate([w.norm for w in found], norms)
        if at is None or not 0 <= at[0] < at[1] <= len(found):
            return Counterpart(french, UNALIGNED)
        return french_counterpart(english, french, found[at[0]].start, found[at[1] - 1].end)

    def _changes(self, text: str, draft_words: list[Word], near: NearSpan, source: Source,
                 lang: str = "fr") -> tuple[dict[str, str], ...]:
        """Quote each change of a near span: the draft's words and the cited paragraph's, as written."""
        record = self._record(source.docnum, source.symbol, source.anchor)
        other = canonical(record.get(TEXT_FIELDS[lang]) or "")
        other_words = words(other)
        changes = []
        for a, b, c, d in near.changes:
            match = other[other_words[c].start:other_words[d - 1].end] if c < d <= len(other_words) else ""
            draft = text[draft_words[a].start:draft_words[b - 1].end] if a < b else ""
            changes.append({"draft": draft, "match": match})
        return tuple(changes)

    def _closest(self, tables: Tables, index: SpanIndex, text: str, ids: np.ndarray, found: np.ndarray,
                 rows_ok: np.ndarray, wordings_ok: np.ndarray,
                 lang: str = "fr") -> tuple[dict[str, Any] | None, int, Source | None]:
        """Return the closest allowed paragraph (similarity, words changed), its wording and its source, or None.

        The wordings sharing the most words in exact runs with the paragraph
        are measured exactly first (SPAN_CANDIDATES); when none reaches CLOSE the finder
        (MinHash, then exact measure of a pool of FINDER_POOL) proposes
        others, and the more similar wins. Running the finder's full pool on
        every paragraph took 85 ms each (2.7 s for 30 paragraphs).
        """
        if len(ids) < K:
            return None, -1, None
        draft = [int(i) if i >= 0 else -1 - n for n, i in enumerate(ids.tolist())]
        masks, m = match_masks(draft), len(draft)
        scored: dict[int, float] = {}
        if len(found):
            # Words shared in exact runs, per wording (over the wordings found, not the whole collection).
            present, inverse = np.unique(found[:, 0], return_inverse=True)
            shared = np.bincount(inverse, weights=found[:, 2] - found[:, 1])
            for wording in present[np.argsort(-shared, kind="stable")][:SPAN_CANDIDATES].tolist():
                other = tables.wording_ids(wording)
                scored[wording] = 2 * lcs_with(masks, m, other) / (m + len(other))
        if not scored or max(scored.values()) < CLOSE:
            finding = find(tables, text, FINDER_LIMIT, pool=FINDER_POOL, per_cluster=False, wide_pool=FINDER_POOL)
            for match in finding.matches:
                if wordings_ok[match.wording]:
                    scored.setdefault(match.wording, match.similarity)
        if not scored:
            return None, -1, None
        wording = max(scored, key=lambda w: (scored[w], -w))
        sources = self._sources(tables, index, (wording,), rows_ok, lang)
        ops = difflib.SequenceMatcher(None, draft, tables.wording_ids(wording), autojunk=False).get_opcodes()
        changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
        return ({"symbol": sources.latest.symbol, "anchor": sources.latest.anchor,
                 "citation": sources.latest.citation, "similarity": round(scored[wording], 4),
                 "changes": changed, "resolutions": sources.resolutions, "source": sources.latest.to_json()},
                wording, sources.latest)


def _cover(spans: list[Span], count: int) -> tuple[list[Span], np.ndarray]:
    """Return the maximal spans a reader needs (longest first, each adding words) in draft order, and the words covered.

    Maximal spans overlap: "à la lutte contre les changements climatiques et"
    and "et de protéger les droits de l'homme" make a third one bridging them
    redundant for the reader (every word it holds is agreed already).
    """
    covered = np.zeros(count, dtype=bool)
    kept = []
    for s in sorted(spans, key=lambda s: (s.start - s.stop, s.start)):
        if not covered[s.start:s.stop].all():
            kept.append(s)
            covered[s.start:s.stop] = True
    return sorted(kept, key=lambda s: s.start), covered


def _locate(haystack: list[str], needle: list[str]) -> tuple[int, int] | None:
    """Return where ``needle`` first occurs in ``haystack`` as word positions [first, last), or None."""
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        if haystack[i] == needle[0] and haystack[i:i + n] == needle:
            return i, i + n
    return None


def _quote(text: str, found: list[Word], start: int, stop: int) -> str:
    """Return draft words [start, stop) as written."""
    return text[found[start].start:found[stop - 1].end]


def _verdict(count: int, spans: list[CheckedSpan], closest: dict[str, Any] | None) -> tuple[str, str]:
    """Return the paragraph's verdict and its one-line French label."""
    if closest and closest["changes"] == 0:
        return "verbatim", f"agréé : {closest['citation']}, mot pour mot"
    if closest and closest["similarity"] >= NEAR:
        n = closest["changes"]
        return "changed", f"agréé avec {n} modification{'s' if n > 1 else ''} : {closest['citation']}"
    if count < K and not spans:
        return "short", f"trop court pour être vérifié (moins de {K} mots)"
    if spans:
        covered = np.zeros(count, dtype=bool)
        for s in spans:
            covered[s.start:s.stop] = True
        share = round(100 * covered.sum() / count)
        if len(spans) == 1 and spans[0].status == AGREED and covered.all():
            # The whole paragraph is a word-for-word extract of a longer adopted one: agreed, not "in part".
            return "verbatim", f"agréé : extrait mot pour mot de {spans[0].sources.shown.citation}"
        agreed = sum(s.status == AGREED for s in spans)
        near = len(spans) - agreed
        parts = [f"{agreed} passage{'s' if agreed > 1 else ''} agréé{'s' if agreed > 1 else ''}"] if agreed else []
        if near:
            parts.append(f"{near} passage{'s' if near > 1 else ''} modifié{'s' if near > 1 else ''}")
        return "partial", f"en partie agréé : {' et '.join(parts)} ({share} % des mots)"
    return "new", "nouveau libellé"


def _segments(text: str, found: list[Word], spans: list[CheckedSpan]) -> list[dict[str, Any]]:
    """Cut the paragraph as written into runs of unmarked text, agreed, near and new words."""
    owner = [-1] * len(found)
    # Agreed spans first, in draft order; near spans only where no agreed span is.
    order = sorted(range(len(spans)), key=lambda i: (spans[i].status != AGREED, spans[i].start))
    for i in order:
        for w in range(spans[i].start, spans[i].stop):
            if owner[w] < 0:
                owner[w] = i
    segments: list[dict[str, Any]] = []
    at = 0
    w = 0
    while w < len(found):
        j = w
        while j + 1 < len(found) and owner[j + 1] == owner[w]:
            j += 1
        if found[w].start > at:
            segments.append({"text": text[at:found[w].start], "status": None, "span": None})
        status = spans[owner[w]].status if owner[w] >= 0 else NEW
        segments.append({"text": text[found[w].start:found[j].end], "status": status,
                         "span": owner[w] if owner[w] >= 0 else None})
        at = found[j].end
        w = j + 1
    if at < len(text):
        segments.append({"text": text[at:], "status": None, "span": None})
    return segments


def filters_from(organs: Any = None, year_from: Any = None, year_to: Any = None, consensus: Any = False,
                 accepted_by: Any = None) -> Filters:
    """Return filters from request values, with a French message for a bad one."""
    def year(value: Any, name: str) -> int | None:
        if value is None or value == "":
            return None
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or not 1900 <= int(text) <= 2100:
            raise QuerySyntaxError(f"« {name} » : une année de 1900 à 2100 est attendue, pas « {value} »")
        return int(text)

    if organs is None or isinstance(organs, str):
        organs = [organs] if organs else []
    if not isinstance(organs, (list, tuple)) or not all(isinstance(o, str) for o in organs):
        raise QuerySyntaxError("« organ » : un nom d'organe ou une liste de noms est attendu")
    return Filters(tuple(o for o in organs if o), year(year_from, "year_from"), year(year_to, "year_to"),
                   consensus in (True, "1", "true", "on", "oui"), accepting(accepted_by))


def accepting(values: Any) -> tuple[str, ...]:
    """Return the French UN names of the States of an accepted_by value (a name or a list); refuse an unknown one."""
    if values is None or isinstance(values, str):
        values = [values] if values and values.strip() else []
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise QuerySyntaxError("« accepted_by » : un nom d'État ou une liste de noms est attendu")
    names = []
    for value in values:
        name = state_name(value) if value.strip() else None
        if value.strip() and name is None:
            raise QuerySyntaxError(f"accepted_by : État inconnu « {value.strip()} » (nom français ou anglais de "
                                   "l'ONU, ex. « France », « Mexique »)")
        if name:
            names.append(name)
    return tuple(dict.fromkeys(names))


__all__ = ["AGREED", "FRENCH_LABELS", "NEAR_STATUS", "NEW", "STATUS_LABELS", "CheckedSpan", "DraftChecker", "Filters",
           "ParagraphCheck", "Span", "Verification", "accepting", "filters_from"]
