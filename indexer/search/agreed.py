"""Answer "has this wording already been agreed?" over an open index: nearest wordings, diffs, clusters.

The wording tables of the live generation (:mod:`indexer.store.wording`) are
loaded once per generation and language, memory-mapped; the paragraphs' texts
and their resolutions' metadata come from the :class:`~indexer.search.engine.Engine`.

A draft is compared in the language it is said to be in (``lang``): an English
draft with the English wording tables (issue 23), each hit then giving the
English paragraph it matched, the diff against that English, and the official
French of the same paragraph. A draft that reads clearly as the other language
(:mod:`indexer.wording.language`) gets a ``language_notice`` naming the
language to switch to, never only distant matches.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from indexer.errors import IndexMissingError, QuerySyntaxError
from indexer.model import ADOPTED_WITHOUT_VOTE, UNANIMOUS
from indexer.search.assent import acceptance_rule, assenting, general_assembly_consensus, state_name
from indexer.search.engine import Engine
from indexer.store.record_types import ParagraphRecord
from indexer.store.wording import FOLDERS, TEXT_FIELDS, load
from indexer.wording.finder import MAX_CHARS, MIN_WORDS, Scope, find
from indexer.wording.language import NAMES, detect
from indexer.wording.measure import word_diff
from indexer.wording.tables import Tables
from indexer.wording.words import canonical, words

MAX_LIMIT = 50
# A match at or above this similarity is "the same wording, lightly edited".
NEAR = 0.8
# Members of a cluster listed on a paragraph's page.
CLUSTER_SHOWN = 50

Cite = Callable[[str, Mapping[str, Any]], str]


@dataclass(frozen=True)
class Cluster:
    """How widely a wording is used: its near-identical paragraphs, in how many resolutions, since when."""

    paragraphs: int
    resolutions: int
    earliest_symbol: str
    earliest_anchor: str
    earliest_adopted: str | None

    @property
    def label(self) -> str:
        """Say it in French: "même libellé dans 23 résolutions, depuis A/RES/74/148"."""
        if self.resolutions <= 1:
            return "libellé propre à cette résolution" if self.paragraphs <= 1 else (
                f"même libellé dans {self.paragraphs} paragraphes de {self.earliest_symbol}")
        return f"même libellé dans {self.resolutions} résolutions, depuis {self.earliest_symbol}"

    def to_json(self) -> dict[str, Any]:
        """Return the cluster as the CLI and the API print it."""
        return {"paragraphs": self.paragraphs, "resolutions": self.resolutions,
                "earliest": {"symbol": self.earliest_symbol, "anchor": self.earliest_anchor,
                             "adopted": self.earliest_adopted},
                "label": self.label}


@dataclass(frozen=True)
class SimilarHit:
    """An existing paragraph near the draft, with the word diff and its provenance."""

    symbol: str
    anchor: str
    similarity: float
    # The official French of the paragraph, whatever the language compared.
    text: str
    diff: list[dict[str, str]]
    # The paragraph's stored record (a bare anchor and text should a rebuild have removed it meanwhile).
    record: Mapping[str, Any]
    resolution: Mapping[str, Any]
    cluster: Cluster
    # The English of the paragraph ("" when it has none); with lang "en", the text the diff is against.
    text_en: str = ""
    lang: str = "fr"

    @property
    def outcome(self) -> str | None:
        """Return the vote outcome of the hit's resolution (see indexer.model.OUTCOMES)."""
        vote = self.resolution.get("vote") or {}
        return vote.get("outcome")

    @property
    def assent(self) -> dict[str, Any]:
        """Return how many States sponsored the hit's resolution or voted for it, and whether every Member State
        accepted it (a General Assembly adoption without a vote, see indexer.search.assent)."""
        vote = self.resolution.get("vote") or {}
        return {"sponsors": len(set(self.resolution.get("sponsors") or ())),
                "votes_for": len(set(vote.get("yes") or ())) or vote.get("in_favour"),
                "states": len(assenting(self.resolution)),
                "all_member_states": general_assembly_consensus(self.resolution)}

    @property
    def assent_label(self) -> str:
        """Say in French who accepted the hit's resolution ("tous les États Membres (…)", "36 États coauteurs…")."""
        a = self.assent
        if a["all_member_states"]:
            sponsors = f" ; {a['sponsors']} coauteur{'s' if a['sponsors'] > 1 else ''}" if a["sponsors"] else ""
            return f"tous les États Membres (adoption sans vote à l'Assemblée générale{sponsors})"
        if a["states"]:
            plural = "s" if a["states"] > 1 else ""
            return f"{a['states']} État{plural} coauteur{plural} ou votant pour"
        if a["votes_for"]:
            return f"{a['votes_for']} voix pour (États non nommés par la source)"
        if self.outcome == UNANIMOUS:
            return "unanimité des membres (non nommés par la source)"
        return "aucun État nommé comme coauteur ou votant pour"

    def to_json(self, cite: Cite | None = None) -> dict[str, Any]:
        """Return the hit as the CLI and the API print it (``cite`` makes the UN citation)."""
        vote = self.resolution.get("vote") or {}
        return {
            "symbol": self.symbol, "anchor": self.anchor, "similarity": round(self.similarity, 4),
            "text": self.text, "text_en": self.text_en, "diff": self.diff,
            **({"citation": cite(self.symbol, self.record)} if cite else {}),
            "kind": self.record.get("kind"), "adopted": self.resolution.get("adopted"),
            "organ": self.resolution.get("organ"), "title": self.resolution.get("title", ""),
            "vote": vote.get("outcome"), "vote_label": vote.get("label"),
            "agreed": vote.get("outcome") == ADOPTED_WITHOUT_VOTE,
            "assent": {**self.assent, "label": self.assent_label},
            "cluster": self.cluster.to_json(),
        }


@dataclass(frozen=True)
class SimilarResult:
    """The wordings nearest to a draft, best first, one per cluster."""

    text: str
    words: int
    hits: list[SimilarHit]
    generic: bool
    limit: int
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)
    # The language of the paragraphs compared ("fr" or "en").
    lang: str = "fr"
    # Set when the draft reads clearly as the other language: {"detected", "switch", "message"}.
    language_notice: dict[str, str] | None = None
    # The search page's filters the answer was restricted to, as given (year_from, organ, accepted_by…).
    filters: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self, cite: Cite | None = None, url: Callable[[str, str], str] | None = None) -> dict[str, Any]:
        """Return the result in the documented JSON shape (``url`` makes each hit's permalink)."""
        hits = []
        for h in self.hits:
            item = h.to_json(cite)
            if url is not None:
                item["url"] = url(h.symbol, h.anchor)
            hits.append(item)
        return {"text": self.text, "lang": self.lang, "language_notice": self.language_notice,
                "filters": self.filters, "words": self.words, "limit": self.limit, "generic": self.generic,
                "near": sum(h.similarity >= NEAR for h in self.hits), "notices": self.notices, "hits": hits,
                "seconds": round(self.seconds, 4)}


class SimilarFinder:
    """Find agreed language in the live generation of an engine's index."""

    def __init__(self, engine: Engine) -> None:
        """Serve the wording tables of ``engine``'s index, reloaded when a new generation goes live."""
        self.engine = engine
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._tables: dict[str, Tables] = {}
        self._by_symbol: tuple[np.ndarray, dict[str, tuple[int, int]]] | None = None
        self._consensus: dict[str, np.ndarray] = {}

    def tables(self, lang: str = "fr") -> Tables:
        """Return the wording tables of the live generation in one language ("fr" or "en")."""
        self.engine.resolutions()  # opens (or reopens) the live generation
        generation = self.engine.generation
        with self._lock:
            if generation != self._generation:
                self._tables, self._generation, self._by_symbol, self._consensus = {}, generation, None, {}
            if lang not in self._tables:
                self._tables[lang] = load(self.engine.index_dir / str(generation), lang)
            return self._tables[lang]

    def consensus_rows(self, tables: Tables, lang: str = "fr") -> np.ndarray:
        """Return, per row of the tables, whether its resolution was adopted without a vote (once per generation)."""
        with self._lock:
            found = self._consensus.get(lang)
        if found is None:
            resolutions: Mapping[str, Mapping[str, Any]] = self.engine.resolutions()
            by_symbol = np.array([((resolutions.get(sym) or {}).get("vote") or {}).get("outcome")
                                  == ADOPTED_WITHOUT_VOTE for sym in tables.symbols] + [False], dtype=bool)
            found = by_symbol[tables.row_symbol] if len(tables.row_symbol) else np.zeros(0, dtype=bool)
            with self._lock:
                self._consensus[lang] = found
        return found

    def scope(self, tables: Tables, filters: Mapping[str, Sequence[str]] | None, lang: str = "fr") -> Scope:
        """Return the rows the search page's filters keep (all of them without filters), with the consensus rows."""
        rows = None
        if any(v for v in (filters or {}).values()):
            mask = self.engine.filter_mask(filters, lang)
            rows = mask[tables.row_docnum] if len(tables.row_docnum) else np.zeros(0, dtype=bool)
        return Scope(rows, self.consensus_rows(tables, lang))

    def find(self, text: str, limit: int = 10, lang: str = "fr",
             filters: Mapping[str, Sequence[str]] | None = None) -> SimilarResult:
        """Return the existing paragraphs whose wording in ``lang`` is nearest to ``text``, best first.

        ``filters`` are the search page's (organ, year_from, year_to, vote,
        accepted_by, sponsor, subject…): only wordings some paragraph passing
        them uses are answered, each shown by its latest such paragraph.
        Among equal similarities, a wording adopted without a vote, then the
        most recent, comes first.
        """
        started = time.perf_counter()
        if lang not in FOLDERS:
            raise QuerySyntaxError(f"langue inconnue « {lang} » : fr (français) ou en (anglais)")
        if not isinstance(text, str) or not text.strip():
            raise QuerySyntaxError("collez le paragraphe dont vous cherchez le libellé (texte vide)")
        if len(text) > MAX_CHARS:
            raise QuerySyntaxError(f"texte trop long : {len(text)} caractères, {MAX_CHARS} au plus "
                                   "(un paragraphe à la fois)")
        if not 1 <= limit <= MAX_LIMIT:
            raise QuerySyntaxError(f"le nombre de résultats doit aller de 1 à {MAX_LIMIT}")
        tables = self.tables(lang)
        given = {k: [str(v) for v in vs] for k, vs in (filters or {}).items() if any(str(v).strip() for v in vs)}
        scope = self.scope(tables, given, lang)
        draft = canonical(text.strip())
        finding = find(tables, draft, limit, scope=scope)
        if not finding.words:
            raise QuerySyntaxError("aucun mot dans le texte collé")
        draft_words = list(finding.words)
        hits = [self._hit(tables, draft, draft_words, m.wording, m.similarity, m.cluster, lang, m.row)
                for m in finding.matches]
        # The filter refused unknown States already (engine.filter_mask): each name has its French one.
        notices = [acceptance_rule(state_name(name) or name) for name in given.get("accepted_by", ())]
        if given and scope.rows is not None and not scope.rows.any():
            notices.append("Aucun paragraphe de la collection ne passe ces filtres : retirez-en un.")
        notice = language_notice(draft, lang)
        if notice:
            notices.append(notice["message"])
        if lang == "en" and not len(tables.row_docnum):
            notices.append("La collection n'a aucun paragraphe en anglais : un projet anglais n'a rien à quoi "
                           "se comparer.")
        if finding.generic:
            notices.append(f"Texte court ou générique ({len(draft_words)} mot{'s' if len(draft_words) > 1 else ''}, "
                           f"{MIN_WORDS} au moins pour comparer un paragraphe) : ces formules reviennent dans de "
                           "nombreuses résolutions ; voici les groupes de libellés qui en sont les plus proches, "
                           "un par groupe.")
        if not any(h.similarity >= NEAR for h in hits):
            notices.append(f"Aucun libellé existant{' anglais' if lang == 'en' else ''} à {round(NEAR * 100)} % "
                           "ou plus de ce texte : les plus proches sont donnés pour mémoire.")
        return SimilarResult(draft, len(draft_words), hits, finding.generic, limit,
                             time.perf_counter() - started, notices, lang, notice, given)

    def _hit(self, tables: Tables, draft: str, draft_words: list[Any], wording: int, score: float,
             number: int, lang: str = "fr", row: int = -1) -> SimilarHit:
        row = int(tables.wording_latest[wording]) if row < 0 else row
        symbol, anchor = tables.symbols[int(tables.row_symbol[row])], tables.anchors[row]
        record: Mapping[str, Any] = self.engine.record_at(int(tables.row_docnum[row]))
        if record.get("symbol") != symbol or record.get("anchor") != anchor:
            # A generation made current between loading the tables and reading the record.
            record = self.engine.paragraph_record(symbol, anchor) or {"anchor": anchor, "text": ""}
        text, text_en = canonical(record.get("text", "")), canonical(record.get("text_en") or "")
        compared = canonical(record.get(TEXT_FIELDS[lang]) or "")
        return SimilarHit(symbol, anchor, score, text, word_diff(draft, draft_words, compared, words(compared)),
                          record, self.engine.resolutions().get(symbol) or {}, self._cluster(tables, number),
                          text_en, lang)

    def _cluster(self, tables: Tables, number: int, resolutions: Mapping[str, Mapping[str, Any]] | None = None
                 ) -> Cluster:
        first = int(tables.cluster_earliest[number])
        symbol = tables.symbols[int(tables.row_symbol[first])]
        resolutions = self.engine.resolutions() if resolutions is None else resolutions
        return Cluster(int(tables.cluster_paragraphs[number]), int(tables.cluster_resolutions[number]), symbol,
                       tables.anchors[first], resolutions.get(symbol, {}).get("adopted"))

    def row(self, symbol: str, anchor: str) -> int | None:
        """Return the row of a paragraph in the French wording tables, or None."""
        return self._row(self.tables(), symbol, anchor)

    def _row(self, tables: Tables, symbol: str, anchor: str) -> int | None:
        with self._lock:
            if self._by_symbol is None:
                order = np.argsort(tables.row_symbol, kind="stable")
                counts = np.bincount(tables.row_symbol, minlength=len(tables.symbols))
                starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
                spans = {s: (int(starts[i]), int(counts[i])) for i, s in enumerate(tables.symbols)}
                self._by_symbol = (order, spans)
            order, spans = self._by_symbol
        start, count = spans.get(symbol, (0, 0))
        for row in order[start:start + count].tolist():
            if tables.anchors[row] == anchor:
                return int(row)
        return None

    def cluster_of(self, symbol: str, anchor: str, shown: int = CLUSTER_SHOWN) -> dict[str, Any] | None:
        """Return the other paragraphs worded like this one (earliest first) and the cluster's summary.

        Each member says whether it is word for word this paragraph's wording
        ("identical") or a variant, and a variant carries its word diff from
        this paragraph ("diff"): "même libellé dans 7 résolutions" followed by
        six "(variante)" told the reader nothing about what differs.
        """
        row = self.row(symbol, anchor)
        if row is None:
            return None
        tables = self.tables()
        number = tables.cluster_of_row(row)
        if number < 0:
            return None
        members = [int(r) for r in tables.cluster_rows(number) if int(r) != row]
        resolutions: Mapping[str, Mapping[str, Any]] = self.engine.resolutions()
        own = int(tables.row_wording[row])
        identical = sum(int(tables.row_wording[r]) == own for r in members)
        this = canonical(_text_of(self.engine.paragraph_record(symbol, anchor)))
        this_words = words(this)
        listed = []
        for r in members[:shown]:
            other = tables.symbols[int(tables.row_symbol[r])]
            same = int(tables.row_wording[r]) == own
            member: dict[str, Any] = {"symbol": other, "anchor": tables.anchors[r],
                                      "adopted": resolutions.get(other, {}).get("adopted"), "identical": same}
            if not same:
                text = canonical(_text_of(self.engine.paragraph_record(other, tables.anchors[r])))
                member["diff"] = word_diff(this, this_words, text, words(text))
                member["changed"] = sum(len(words(run["draft"])) + len(words(run["match"]))
                                        for run in member["diff"] if run["op"] != "equal")
            listed.append(member)
        return {"cluster": self._cluster(tables, number), "members": listed, "others": len(members),
                "identical": identical, "variants": len(members) - identical}

    def annotate(self, result: dict[str, Any]) -> dict[str, Any]:
        """Add to each hit of a search's JSON its wording cluster ("wording"), when the index has the tables."""
        try:
            tables = self.tables()
        except IndexMissingError:
            return result  # an index without wording tables: searches answer as before
        # The tables and resolutions of one generation for all the hits: asking for them per hit
        # was a tenth of a search through /api/search.
        resolutions = self.engine.resolutions()
        for hit in result.get("hits", []):
            summary = self._summary(tables, resolutions, hit["symbol"], hit["anchor"])
            hit["wording"] = summary.to_json() if summary else None
        return result

    def cluster_summary(self, symbol: str, anchor: str) -> Cluster | None:
        """Return the summary of a paragraph's wording cluster, or None (without listing its members).

        Listing them scans every row (cluster_rows): for the 20 hits of a
        search it was a tenth of the request, for a figure the hit does not show.
        """
        return self._summary(self.tables(), self.engine.resolutions(), symbol, anchor)

    def _summary(self, tables: Tables, resolutions: Mapping[str, Mapping[str, Any]], symbol: str, anchor: str
                 ) -> Cluster | None:
        row = self._row(tables, symbol, anchor)
        if row is None:
            return None
        number = tables.cluster_of_row(row)
        return self._cluster(tables, number, resolutions) if number >= 0 else None


def _text_of(record: ParagraphRecord | None) -> str:
    """Return a paragraph record's French text ("" for no record: a rebuild removed it meanwhile)."""
    return record["text"] if record is not None else ""


def language_notice(draft: str, lang: str) -> dict[str, str] | None:
    """Return the notice for a draft that reads clearly as the other language than ``lang``, or None.

    The notice names the language detected and the one to switch to (the page
    turns it into a button that resubmits the draft in that language).
    """
    detected = detect(draft).lang
    if detected is None or detected == lang:
        return None
    compared, other = NAMES[lang], NAMES[detected]
    return {"detected": detected, "switch": detected,
            "message": (f"Ce texte semble rédigé en {other}, mais il est comparé aux paragraphes en {compared} : "
                        f"les pourcentages ci-dessous n'ont pas de sens. Relancez la recherche en {other} "
                        f"(lang={detected}).")}
