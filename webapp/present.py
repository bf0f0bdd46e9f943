"""Turn paragraph records into what readers see: UN citations, footnote calls, URLs.

Nothing here touches Whoosh; the functions take the plain dicts that
:class:`indexer.search.engine.Engine` returns and are shared by the pages and the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus, urlencode

from markupsafe import Markup, escape

# Citations are made in one place, shared with the CLI; re-exported here for the pages and the API.
from indexer.citation import citation, cited_label, local_label, ordinal  # noqa: F401
from indexer.model import KIND_LABELS, KIND_NAMES, NUMBERED_KINDS, OPERATIVE, PREAMBULAR, SUBPARAGRAPH
from indexer.search.catalog import FACET_TABLE
from indexer.search.grouping import NO_GROUP, WORDING
from indexer.search.query import FIELD_ALIASES, FILTER_RE, parse_filters
from indexer.store.record_types import FootnoteRecord, ParagraphRecord, ResolutionView
from indexer.text.language import DEFAULT_LANG
from indexer.text.language import LANGUAGES as QUERY_LANGUAGES

# Facets in the order of the sidebar, with their French headings.
FACET_TITLES = {f.name: f.title for f in FACET_TABLE}
# Filters that are not facets: the range of years of adoption (URL parameters and active-filter titles).
RANGE_TITLES = {"year_from": "Adoptée à partir de", "year_to": "Adoptée jusqu'en"}
FILTER_TITLES = {**FACET_TITLES, **RANGE_TITLES}
SORT_LABELS = {"relevance": "pertinence", "date": "date (récentes d'abord)", "order": "ordre du document",
               "cited_by_count": "les plus citées"}
# Languages a query can be written in (parameter lang): the English one searches the English text of the
# aligned paragraphs and still answers with the official French.
LANGUAGES = {code: lang.name for code, lang in QUERY_LANGUAGES.items()}
# Search results on the page: one card per wording by default; ``group=none`` gives one per paragraph.
PAGE_GROUP = WORDING
# The API's grouping when the query string names none: one hit per paragraph, as before ``group`` existed.
API_GROUP = NO_GROUP
GROUP_LABELS = {WORDING: "un résultat par libellé", NO_GROUP: "un résultat par paragraphe"}


# Query parameter of the resolution and paragraph pages that shows the English under the French (?en=1).
ENGLISH_PARAMETER = "en"
# An HTML tag or character reference counts as zero or one character of text; a run of plain
# text as many characters as it has (one token per character made a long hit's calls 5 ms).
HTML_TOKEN_RE = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|[^<&]+|.", re.S)


# What OCR leaves in a Council text's opening and adoption lines (the stored
# lines keep it: no word of the source is dropped), left out when shown.
_ORDINAL_DEBRIS_RE = re.compile(r"(\d)(?:\s+(e|er|re)|[`°])(?=\s+s[ée]ance)")
_GLUED_CALL_RE = re.compile(r"([a-zàâçéèêëîïôûùüÿœ]{3,})[\"'`»]?\d{1,3}\b")
_BRACKET_NOTE_RE = re.compile(r"\s*\[\d{1,3}\]")
_NEW_SENTENCE_RE = re.compile(r"(?<=[a-zé)])\s+(?=(?:Un|Deux|Trois|Quatre|Cinq) membres?\b)")


def tidy_line(line: str) -> str:
    """Return a header or adoption line as a reader expects it: no italics marks, calls or OCR debris.

    "*Adoptée à la 4761* <sup>e</sup> … au vote"5." reads "Adoptée à la 4761e séance … au vote.".
    """
    line = re.sub(r"</?sup>", "", line).replace("*", "")
    line = _ORDINAL_DEBRIS_RE.sub(lambda m: f"{m.group(1)}{m.group(2) or 'e'}", line)
    line = _GLUED_CALL_RE.sub(r"\1", line)
    line = _BRACKET_NOTE_RE.sub("", line)
    line = _NEW_SENTENCE_RE.sub(". ", line)
    return " ".join(line.split())


def margin_number(record: ParagraphRecord) -> str:
    """Return the number printed before a paragraph in the document ("4.", "a)", "i)")."""
    kind = record.get("kind")
    if kind == OPERATIVE and record.get("number"):
        return f"{record['number']}."
    if kind == SUBPARAGRAPH and record.get("letter"):
        return f"{record['letter']})"
    return ""


def kind_label(kind: str | None) -> str:
    """Return the French name of a paragraph kind."""
    return KIND_LABELS.get(kind or "", kind or "")


def with_calls(html: str, calls: Sequence[Sequence[int]], anchor: str, base: str = "",
               notes: Iterable[int] | None = None) -> Markup:
    """Insert footnote calls into escaped paragraph HTML at their text offsets.

    Each call links to its note, ``#fn-<anchor>-<n>`` on the page itself, or
    on ``base`` (the paragraph's permalink) where the notes are not shown,
    as on the search page. A call whose note the source lacks (``notes``, the
    numbers of the paragraph's notes, when known) is printed plainly: a link
    to nothing would promise a note that is not there (S/RES/1267 (1999), 17).

    ``html`` is the paragraph text already escaped (possibly with ``<mark>``
    tags from the highlighter); offsets count characters of the plain text,
    so tags count for nothing and a character reference for one character.
    """
    by_offset: dict[int, list[int]] = {}
    for number, offset in calls:
        by_offset.setdefault(int(offset), []).append(int(number))
    if not by_offset:
        return Markup(html)

    known = None if notes is None else {int(n) for n in notes}

    def call(number: int) -> str:
        if known is not None and number not in known:
            return (f'<sup class="call call-missing" title="Note {number} absente du texte source">'
                    f'{number}</sup>')
        return (f'<sup class="call"><a href="{escape(base)}#fn-{escape(anchor)}-{number}" '
                f'aria-label="note {number}">{number}</a></sup>')

    # The calls in text order: each is placed once, as the walk through the text reaches its offset.
    offsets = sorted(by_offset)
    k, nxt = 0, offsets[0]
    out: list[str] = []
    pos = 0
    tokens = HTML_TOKEN_RE.findall(html)
    for i, token in enumerate(tokens):
        is_tag = token[0] == "<" and len(token) > 1
        # A call goes after a closing </mark> but before an opening <mark>,
        # so that it is never highlighted itself.
        if nxt == pos and not (is_tag and token[1] == "/"):
            out.extend(call(number) for number in by_offset[nxt])
            k += 1
            nxt = offsets[k] if k < len(offsets) else -1
        if is_tag or len(token) == 1 or token[0] == "&":
            out.append(token)
            pos += 0 if is_tag else 1
        else:
            # A run of plain text: the calls inside it go before their characters.
            end = pos + len(token)
            cut = 0
            while pos < nxt < end:
                out.append(token[cut:nxt - pos])
                out.extend(call(number) for number in by_offset[nxt])
                cut = nxt - pos
                k += 1
                nxt = offsets[k] if k < len(offsets) else -1
            out.append(token[cut:])
            pos = end
        if nxt < 0:
            # Every call placed: the rest of the text as it is.
            out.extend(tokens[i + 1:])
            break
    # Calls at (or past) the end of the text, e.g. after the final comma.
    for offset in offsets[k:]:
        out.extend(call(n) for n in by_offset[offset])
    return Markup("".join(out))


def paragraph_text(record: ParagraphRecord, html: str | None = None, base: str = "") -> Markup:
    """Return a paragraph's text as HTML with its footnote calls (see :func:`with_calls`).

    ``html`` is the text already escaped and highlighted (a search hit's);
    without it, the record's text is escaped here.
    """
    notes = record.get("footnotes")
    text = html if html is not None else str(escape(record.get("text", "")))
    return with_calls(text, record.get("calls") or [], record.get("anchor", ""), base,
                      None if notes is None else [n["number"] for n in notes])


def page_window(page: int, pages: int, around: int = 3) -> list[int]:
    """Return the page numbers the pagination may show: the first, the last, and ``around`` each side of ``page``.

    The template decides which of them are links and which an ellipsis; it
    walked every page before (6,000 for a pasted sentence, a tenth of the page's time).
    """
    return sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})


def loose_notes(resolution: ResolutionView) -> list[FootnoteRecord]:
    """Return the notes of a resolution that no paragraph calls: every note the file has is shown."""
    called = {int(n["number"]) for p in resolution.get("paragraphs_list", ()) for n in p.get("footnotes") or ()
              if n.get("number") is not None}
    return [n for n in resolution.get("footnotes") or () if n.get("number") is None or int(n["number"]) not in called]


@lru_cache(maxsize=65536)
def _quoted(text: str) -> str:
    """Return a text as urlencode writes it in a query string (facet values come back page after page)."""
    return quote_plus(text)


def shorten(text: str, limit: int = 180) -> str:
    """Cut a text at a word boundary near ``limit`` characters, adding an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;:") + " …"


@dataclass
class SearchState:
    """Everything a search page shows, as read from (and written to) its query string."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    sort: str = "relevance"
    per_page: int | None = None
    lang: str = DEFAULT_LANG
    # One card per wording (the page's default) or one per paragraph (group=none in the URL).
    group: str = PAGE_GROUP

    @property
    def is_empty(self) -> bool:
        """Tell whether neither words nor filters were given."""
        return not self.q.strip() and not any(self.filters.values())

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """Return the query-string pairs of this state with some fields changed."""
        q = changes.get("q", self.q)
        filters = changes.get("filters", self.filters)
        page = changes.get("page", 1)  # any change of the result set goes back to page 1
        sort = changes.get("sort", self.sort)
        lang = changes.get("lang", self.lang)
        group = changes.get("group", self.group)
        pairs: list[tuple[str, str]] = []
        if q:
            pairs.append(("q", q))
        if lang != DEFAULT_LANG:
            pairs.append(("lang", lang))
        for name in FILTER_TITLES:
            pairs.extend((name, v) for v in filters.get(name, []))
        if sort != "relevance":
            pairs.append(("sort", sort))
        if group != PAGE_GROUP:
            # Kept in the query string like a facet: the pages, facets and exports of a search agree.
            pairs.append(("group", group))
        if self.per_page:
            pairs.append(("per_page", str(self.per_page)))
        if page != 1:
            pairs.append(("page", str(page)))
        return pairs

    def url(self, **changes: Any) -> str:
        """Return the search URL of this state with some fields changed."""
        pairs = self.params(**changes)
        return "/recherche" + ("?" + urlencode(pairs) if pairs else "")

    def page_url(self, page: int) -> str:
        """Return the URL of another page of the same results.

        The first page's URL is encoded once per state (a pasted sentence is
        hundreds of characters to quote), the page number added after it, as
        :meth:`params` puts it last.
        """
        key = (self.q, self.lang, self.sort, self.group, self.per_page,
               tuple((k, tuple(v)) for k, v in self.filters.items()))
        cached = self.__dict__.get("_first_page")
        if cached is None or cached[0] != key:
            cached = self.__dict__["_first_page"] = (key, self.url(page=1))
        first = cached[1]
        if page == 1:
            return first
        return f"{first}{'&' if '?' in first else '?'}page={page}"

    def toggle_url(self, name: str, value: str, selected: bool) -> str:
        """Return the URL with a facet value added, or removed when selected."""
        if not selected and name in FILTER_TITLES:
            return self.adder(name)(value)
        filters = {k: list(v) for k, v in self.filters.items()}
        values = filters.setdefault(name, [])
        if not selected:
            values.append(value)
            return self.url(filters=filters)
        if value in values:
            values.remove(value)
        # A value may also be selected through the query text (verbe:"Prie"): remove it there too.
        return self.url(q=strip_filter(self.q, name, value), filters=filters)

    def adder(self, name: str) -> Callable[[str], str]:
        """Return the function that gives the URL with a value of facet ``name`` added (a filter's name)."""
        # A page links every value of every facet (hundreds): the query string around the
        # added pair is encoded once per facet, not the whole of it once per value.
        before, after = self._encoded_around(name)
        key = _quoted(name)

        def add(value: str) -> str:
            return "/recherche?" + "&".join(part for part in (before, f"{key}={_quoted(value)}", after) if part)

        return add

    def _encoded_around(self, name: str) -> tuple[str, str]:
        """Return the encoded query string of this state's page 1, cut after the values of facet ``name``."""
        key = (self.q, self.lang, self.sort, self.per_page, tuple((k, tuple(v)) for k, v in self.filters.items()))
        cached = self.__dict__.get("_around")
        if cached is None or cached[0] != key:
            cached = (key, {})
            self.__dict__["_around"] = cached
        found = cached[1].get(name)
        if found is None:
            pairs = self.params()
            # params() lists q, lang, then the filters in FILTER_TITLES order, then sort and per_page.
            names = list(FILTER_TITLES)
            later = set(names[names.index(name) + 1:])
            cut = next((i for i, (k, _) in enumerate(pairs) if k in later or k in ("sort", "per_page")), len(pairs))
            found = cached[1][name] = (urlencode(pairs[:cut]), urlencode(pairs[cut:]))
        return found

    def clear_url(self) -> str:
        """Return the URL keeping the words but no filter."""
        q = self.q
        for m in list(FILTER_RE.finditer(self.q)):
            q = q.replace(m.group(0), " ")
        return self.url(q=" ".join(q.split()), filters={})


def strip_filter(q: str, name: str, value: str) -> str:
    """Remove ``field:value`` filters for one facet value from a query text."""
    def keep(m: re.Match[str]) -> str:
        if m.group(1) or FIELD_ALIASES[m.group(2).lower()] != name:
            return m.group(0)
        _, active, _ = parse_filters(m.group(0), {})
        return " " if active.get(name) == [value] else m.group(0)

    return " ".join(FILTER_RE.sub(keep, q).split())


def replace_word(q: str, word: str, replacement: str) -> str:
    """Return the query with one word replaced (for "Vouliez-vous dire …" links)."""
    return re.sub(rf"(?<![\w-]){re.escape(word)}(?!\w)", replacement.replace("\\", r"\\"), q, count=1)


def dedupe(values: Iterable[str]) -> list[str]:
    """Return the values without duplicates or blanks, in their first order."""
    out: list[str] = []
    for v in values:
        v = " ".join(v.split())
        if v and v not in out:
            out.append(v)
    return out


def sections(paragraphs: Sequence[ParagraphRecord]) -> list[dict[str, Any]]:
    """Group a resolution's paragraphs under headings: parts, préambule, dispositif, annexe."""
    out: list[dict[str, Any]] = []
    current: tuple[Any, str] | None = None
    for p in paragraphs:
        bare = str(p.get("anchor", "")).split("-")[-1] if p.get("part") else str(p.get("anchor", ""))
        if bare.startswith("annex"):
            what = "Annexe"
        elif p.get("kind") == PREAMBULAR:
            what = KIND_NAMES[PREAMBULAR].capitalize()
        elif p.get("kind") in NUMBERED_KINDS:
            what = KIND_NAMES[OPERATIVE].capitalize()
        else:
            what = current[1] if current else "Texte"
        key = (p.get("part"), what)
        if key != current:
            current = key
            heading = f"Partie {p['part']} — {what.lower()}" if p.get("part") else what
            out.append({"heading": heading, "paragraphs": []})
        out[-1]["paragraphs"].append(p)
    return out
