"""Hold search results and their highlighted, shortened texts."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from itertools import compress, repeat
from operator import add, is_not, itemgetter
from typing import Any

from whoosh import highlight

from indexer.search.counts import Bucket
from indexer.search.query import ParsedQuery
from indexer.store.record_types import ParagraphRecord, ResolutionRecord
from indexer.text.equivalents import Widening, exact_words


@dataclass(frozen=True)
class Hit:
    """One matching paragraph, with its highlighted text."""

    symbol: str
    anchor: str
    kind: str
    score: float
    text: str
    # The French text, the query's words marked when it was French: its snippet and whole HTML.
    marked: Marked
    record: ParagraphRecord
    resolution: ResolutionRecord
    # The aligned English paragraph: highlighted when the query was English (lang="en").
    text_en: str = ""
    marked_en: Marked | None = None

    @property
    def snippet(self) -> str:
        """Return the shortened text as HTML: the fragments around the query's words, in <mark>."""
        return self.marked.snippet

    @property
    def highlighted(self) -> str:
        """Return the whole text as HTML, the query's words in <mark>."""
        return self.marked.whole

    @property
    def snippet_en(self) -> str:
        """Return the English text's snippet ("" without an English text)."""
        return self.marked_en.snippet if self.marked_en is not None else ""

    @property
    def highlighted_en(self) -> str:
        """Return the whole English text as HTML ("" without an English text)."""
        return self.marked_en.whole if self.marked_en is not None else ""

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
            "text_en": self.text_en, "snippet_en": self.snippet_en, "highlighted_en": self.highlighted_en,
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
    lang: str = "fr"
    # "wording": one card per wording (hits are the cards' leaders, ``cards`` beside them); "none": per paragraph.
    group: str = "none"
    # How many wordings (cards) the paragraphs of ``total`` make; None when not grouped.
    wordings: int | None = None
    cards: list[Any] | None = None
    # How many paragraphs hold every query word (None: fewer than two words), and the words looked for.
    all_words: int | None = None
    words: list[str] = field(default_factory=list)
    # The expressions typed the old way and the spellings also searched ("droits humains": text/equivalents.py).
    equivalents: list[Widening] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Return the number of pages (of cards when grouped)."""
        shown = self.wordings if self.wordings is not None else self.total
        return max(1, -(-shown // self.per_page))

    @property
    def partial(self) -> bool:
        """Tell whether no paragraph holds every query word, though some hold a part of them."""
        return self.all_words == 0 and self.total > 0

    @property
    def exact_query(self) -> str | None:
        """Return the query searching the typed words only, without their equivalents (None: nothing was widened)."""
        return exact_words(self.query, self.equivalents) if self.equivalents else None

    def to_json(self, hit_json: Callable[[Hit], dict[str, Any]] | None = None) -> dict[str, Any]:
        """Return the result in the documented JSON shape, each hit as ``hit_json`` writes it (Hit.to_json)."""
        hit_json = hit_json or Hit.to_json
        return {
            "query": self.query,
            "lang": self.lang,
            "filters": self.filters,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "sort": self.sort,
            "group": self.group,
            "wordings": self.wordings,
            "all_words": self.all_words,
            "partial": self.partial,
            "hits": [{**hit_json(h), **({"card": self.cards[i].to_json()} if self.cards is not None else {})}
                     for i, h in enumerate(self.hits)],
            "facets": {
                name: [{"value": b.value, "label": b.label or b.value, "count": b.count, "selected": b.selected,
                        **({"resolutions": b.resolutions} if b.resolutions is not None else {})}
                       for b in buckets]
                for name, buckets in self.facets.items()
            },
            "facet_totals": self.facet_totals,
            "unmatched": self.unmatched,
            "suggestions": self.suggestions,
            "expansions": self.expansions,
            "equivalents": [w.to_json() for w in self.equivalents],
            "exact_query": self.exact_query,
        }


# The snippet: fragments of at most this many characters, with this much context around the words.
SNIPPET_CHARS = 280
SNIPPET_SURROUND = 60
# Characters analysed past Whoosh's highlighting limit (see highlighted()).
CHARLIMIT_MARGIN = 64


class _MarkFormatter(highlight.HtmlFormatter):
    """Wrap matched terms in <mark>, escaping everything else."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        ttext = highlight.htmlescape(highlight.get_text(text, token, replace), quote=False)
        return f"<mark>{ttext}</mark>"


class _Span:
    """Hold what Whoosh's fragmenters and formatter read of a token, without a full Token copy."""

    __slots__ = ("endchar", "matched", "startchar", "text")

    def __init__(self, text: str, startchar: int, endchar: int, matched: bool) -> None:
        self.text, self.startchar, self.endchar, self.matched = text, startchar, endchar, matched

    def copy(self) -> _Span:
        """Return the span itself: nothing changes it once made."""
        return self


def highlighted_text(text: str, parsed: ParsedQuery, whole: bool) -> str:
    """Return the text with the query's words in <mark>, in the query's language (empty: no match)."""
    snippet, marked = highlighted(text, parsed)
    return marked if whole else snippet


def highlighted(text: str, parsed: ParsedQuery) -> tuple[str, str]:
    """Return (snippet, whole text) with the query's words in <mark> ("" for each when nothing matches)."""
    marked = Marked(text, parsed)
    return marked.matched_snippet(), marked.matched_whole()


class Marked:
    """One text with the query's words in <mark>: its whole HTML and its snippet, each made when first read.

    The search page shows the whole paragraph, never the snippet (the API
    and the CLI show both): making the snippet's fragments was a third of
    highlighting a page. A French text is cut into words once (analysis.french_words);
    its whole HTML reads the marked words only, the snippet every word's span.
    Without a query (``parsed`` None) or a match, the whole text is escaped and
    the snippet is its shortened beginning. Made for one request: not shared between threads.
    """

    __slots__ = ("_ends", "_found", "_snippet", "_spans", "_terms", "_whole", "text")

    def __init__(self, text: str, parsed: ParsedQuery | None) -> None:
        self.text = text
        self._terms = frozenset(t for f, t in parsed.terms) if parsed is not None and text else frozenset()
        self._whole: str | None = None
        self._snippet: str | None = None
        self._spans: list[tuple[str, int, int]] | None = None
        self._found: list[tuple[str | None, int]] | None = None
        self._ends: list[int] = []
        if self._terms:
            if parsed.lang == "fr":  # type: ignore[union-attr]
                self._found, self._ends = _french_words(text)
            else:
                self._spans = _english_spans(text)

    @property
    def whole(self) -> str:
        """Return the whole text as HTML, the query's words in <mark>."""
        if self._whole is None:
            self._whole = self.matched_whole() or highlight.htmlescape(self.text, quote=False)
        return self._whole

    @property
    def snippet(self) -> str:
        """Return the fragments around the query's words (two at most) as HTML, or the shortened text."""
        if self._snippet is None:
            self._snippet = self.matched_snippet() or shorten(self.whole)
        return self._snippet

    def matched_whole(self) -> str:
        """Return the whole text as HTML, the words within Whoosh's limit in <mark> ("": none matches)."""
        found, ends, text = self._found, self._ends, self.text
        if found is None:
            return _whole(text, self._spans, self._terms) if self._spans is not None else ""
        # The words ending within the limit (word k ends at ends[2k + 1]); stop words are never marked.
        # Only the marked words' spans are made.
        within = bisect_right(ends, highlight.DEFAULT_CHARLIMIT) // 2
        marked = list(compress(range(within), map(self._terms.__contains__, map(itemgetter(0), found[:within]))))
        if not marked:
            return ""
        return _marked_whole(text, [(ends[2 * k] + found[k][1], ends[2 * k + 1]) for k in marked])

    def matched_snippet(self) -> str:
        """Return the two fragments holding the most marked words as HTML ("": none matches)."""
        if self._found is not None:
            return _snippet(self.text, _word_columns(self._found, self._ends), self._terms)
        if self._spans is not None:
            return _snippet(self.text, _span_columns(self._spans), self._terms)
        return ""


def _french_words(text: str) -> tuple[list[tuple[str | None, int]], list[int]]:
    """Return analysis.french_words of a French text as far as the highlighting reads it.

    Whoosh's fragmenters stop at the first word ending past its character
    limit: the words after it are never read. A word the slice changes
    touches the cut (or its apostrophe is the last character kept), so it
    ends past the limit as the whole word does; when the first index term
    past the limit may be such a word, or lies beyond the cut, all is analysed.
    """
    from indexer.text.analysis import french_words  # noqa: PLC0415

    limit = highlight.DEFAULT_CHARLIMIT
    cut = limit + CHARLIMIT_MARGIN
    found, ends = french_words(text[:cut])
    if len(text) > cut:
        within = bisect_right(ends, limit) // 2
        past = next((ends[2 * k + 1] for k in range(within, len(found)) if found[k][0] is not None), None)
        if past is None or past >= cut - 1:
            found, ends = french_words(text)
    return found, ends


def _english_spans(text: str) -> list[tuple[str, int, int]]:
    """Return the (term, start, end) of an English text's words as the highlighting reads them."""
    from indexer.text.english import english_analyzer  # noqa: PLC0415

    # Whoosh reuses one token object while analysing: what the fragmenters read of each is kept.
    return [(t.text, t.startchar, t.endchar)
            for t in english_analyzer()(text, chars=True, keeporiginal=True, mode="index")]


def _whole(text: str, spans: list[tuple[str, int, int]], terms: frozenset[str]) -> str:
    """Return the whole text as HTML, the words of ``terms`` within Whoosh's limit in <mark> ("": none)."""
    within = bisect_right([end for _, _, end in spans], highlight.DEFAULT_CHARLIMIT)
    marks = [(start, end) for term, start, end in spans[:within] if term in terms]
    return _marked_whole(text, marks) if marks else ""


def _span_columns(spans: list[tuple[str, int, int]]) -> tuple[list[str], list[int], list[int]]:
    """Return the terms, starts and ends of spans, as three lists."""
    return [t for t, _, _ in spans], [s for _, s, _ in spans], [e for _, _, e in spans]


def _word_columns(found: list[tuple[str | None, int]], ends: list[int]) -> tuple[list[str], list[int], list[int]]:
    """Return :func:`_span_columns` of ``french_spans`` from analysis.french_words's cut, in C-level passes.

    Word k starts where part 2k ends, after its elision; stop words are left out.
    """
    n = len(found)
    terms = list(map(itemgetter(0), found))
    kept = list(map(is_not, terms, repeat(None)))
    starts = map(add, ends[0:2 * n:2], map(itemgetter(1), found))
    return list(compress(terms, kept)), list(compress(starts, kept)), list(compress(ends[1::2], kept))  # type: ignore[arg-type]


def _snippet(text: str, columns: tuple[list[str], list[int], list[int]], terms: frozenset[str]) -> str:
    """Return the two fragments holding the most marked words, in text order, as HTML ("": none).

    ``columns`` are the terms, starts and ends of the text's spans (:func:`_span_columns`).
    """
    limit = highlight.DEFAULT_CHARLIMIT
    span_terms, all_starts, all_ends = columns
    within = bisect_right(all_ends, limit)
    # Where the fragmenters stopped: the end of the first word past the limit (a fragment still open ends there).
    stop = all_ends[within] if within < len(all_ends) else None
    starts, ends = all_starts[:within], all_ends[:within]
    matched = list(compress(range(within), map(terms.__contains__, span_terms[:within])))
    if not matched:
        return ""
    marks = {i: _Span(span_terms[i], starts[i], ends[i], True) for i in matched}
    parts = [f for f in _context_fragments(text, starts, ends, matched, marks, stop) if f.matches]
    parts = sorted(parts, key=lambda f: -len(f.matches))[:2]
    parts.sort(key=lambda f: f.startchar)
    return _MarkFormatter().format(parts) if parts else ""


def _marked_whole(text: str, marks: list[tuple[int, int]]) -> str:
    """Return the whole text escaped, the marks (start, end) in <mark>, as _MarkFormatter makes one fragment of it.

    Written out: a pasted sentence marks hundreds of words in a long
    paragraph, and the formatter's calls per mark were a third of its highlighting.
    """
    out: list[str] = []
    index = 0
    for start, end in marks:
        if start < index:
            continue
        if start > index:
            out.append(escape(text[index:start], quote=False))
        out.append(f"<mark>{escape(text[start:end], quote=False)}</mark>")
        index = end
    out.append(escape(text[index:], quote=False))
    return "".join(out)


def _context_fragments(text: str, starts: list[int], ends: list[int], matched: list[int],
                       marks: dict[int, _Span], stop: int | None = None, maxchars: int = SNIPPET_CHARS,
                       surround: int = SNIPPET_SURROUND) -> Iterator[highlight.Fragment]:
    """Yield the fragments Whoosh's ContextFragmenter(maxchars, surround) makes of these tokens.

    ``stop`` is the end of the token where it stopped at its character limit
    (None: it read them all): a fragment still open ends there.

    The same walk, token by token, wherever a fragment may be open; a run of
    unmatched tokens outside any fragment is jumped over in one step, since
    all it leaves is the starts of its tokens ending within ``surround`` of
    its last one (a long paragraph is mostly such runs: walking them was most
    of the highlighting of a pasted sentence's hits).
    """
    first: int | None = None
    firsts: deque[int] = deque()
    countdown = -1
    tks: list[_Span] = []
    endchar = 0
    currentlen = 0
    n = len(starts)
    following = iter([*matched, n])
    upcoming = next(following)
    i = 0
    while i < n:
        if countdown < 0 and i < upcoming:
            # Out of a fragment, up to the next matched token: only the starts kept matter.
            last_end = ends[upcoming - 1]
            limit = last_end - surround
            kept = [start for start in firsts if start >= limit]
            kept.extend(starts[bisect_left(starts, limit, i, upcoming):upcoming])
            firsts = deque(kept)
            endchar = last_end
            i = upcoming
            continue
        if i == upcoming:
            upcoming = next(following)
        startchar, endchar = starts[i], ends[i]
        tlength = endchar - startchar
        is_match = i in marks
        if countdown < 0 and not is_match:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif currentlen + tlength > maxchars:
            countdown = 0
        elif is_match:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            tks.append(marks[i])
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                firsts = deque()
                first = None
                currentlen = 0
        i += 1
    if tks:
        yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar if stop is None else stop)


def shorten(html: str, limit: int = 320) -> str:
    if len(html) <= limit:
        return html
    cut = html.rfind(" ", 0, limit)
    return html[: cut if cut > 0 else limit] + " …"
