"""List every value of one facet for a search: filtered by a text, sorted, paged.

The search page shows the largest values of each facet; the page "voir toutes
les valeurs" (``/recherche/facette/<name>``) and its JSON twin
(``/api/search/facet/<name>``) list them all, in the manner of Datasette's
facets: each value with its label, its count, whether it is selected and the
search URL that toggles it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from werkzeug.exceptions import BadRequest

from indexer.search.counts import Bucket
from indexer.search.engine import Engine
from indexer.search.results import SearchResult
from indexer.text.analysis import fold
from webapp.present import FACET_TITLES, SearchState

VALUES_PER_PAGE = 50
# Asked of the engine as facet_size: every value of the facet (counts are exact anyway).
EVERY_VALUE = 10_000_000
VALUE_SORTS = {"count": "nombre de paragraphes", "alpha": "ordre alphabétique"}
# Longest filter text accepted: a value name, not a document.
MAX_TEXT = 200


@dataclass(frozen=True)
class ValuesRequest:
    """What the visitor asks of the value list: a filter text, a sort and a page."""

    text: str = ""
    sort: str = "count"
    page: int = 1


@dataclass(frozen=True)
class ValuesPage:
    """One page of a facet's values for a search."""

    name: str
    title: str
    request: ValuesRequest
    buckets: list[Bucket]
    # Values with at least one paragraph in the results (the facet's true size).
    total_values: int
    # Values left after the filter text.
    matching: int

    @property
    def pages(self) -> int:
        """Return the number of pages of values."""
        return max(1, -(-self.matching // VALUES_PER_PAGE))


def unknown_facet(name: str) -> str | None:
    """Return the French message for a facet name that does not exist, or None when it does."""
    if name in FACET_TITLES:
        return None
    return f"Facette inconnue « {name} ». Facettes : {', '.join(FACET_TITLES)}."


def read_values_request(args: Mapping[str, str]) -> ValuesRequest:
    """Read the filter text (``fq``), sort (``fsort``) and page (``fpage``) of a value list."""
    text = " ".join(str(args.get("fq", "")).split())
    if len(text) > MAX_TEXT:
        raise BadRequest(f"Le texte qui filtre les valeurs doit tenir en {MAX_TEXT} caractères.")
    sort = str(args.get("fsort", "") or "count")
    if sort not in VALUE_SORTS:
        raise BadRequest(f"Tri des valeurs inconnu « {sort} » (count : par nombre, alpha : alphabétique).")
    try:
        page = int(args.get("fpage", "1") or 1)
    except ValueError:
        raise BadRequest("Le numéro de page des valeurs doit être un nombre entier.") from None
    if page < 1:
        raise BadRequest("Les pages de valeurs se numérotent à partir de 1.")
    return ValuesRequest(text, sort, page)


def _key(text: str) -> str:
    """Return a text as the filter compares it: without accents, case or apostrophe variants."""
    return fold(text.replace("’", "'")).casefold()


def values_page(result: SearchResult, name: str, ask: ValuesRequest) -> ValuesPage:
    """Filter, sort and cut one page of a facet's values out of a search run with every value."""
    buckets: Sequence[Bucket] = result.facets.get(name, [])
    total = result.facet_totals.get(name, 0)
    words = _key(ask.text).split()
    if words:
        buckets = [b for b in buckets if all(w in _key(f"{b.value} {b.label}") for w in words)]
    if ask.sort == "alpha":
        buckets = sorted(buckets, key=lambda b: (not b.selected, _key(b.label or b.value), b.value))
    start = (ask.page - 1) * VALUES_PER_PAGE
    return ValuesPage(name, FACET_TITLES[name], ask, list(buckets[start:start + VALUES_PER_PAGE]), total,
                      len(buckets))


def search_values(engine: Engine, state: SearchState, name: str, ask: ValuesRequest) -> tuple[SearchResult, ValuesPage]:
    """Run the search of a state asking for every value of the facets, and cut the page of one facet."""
    result = engine.search(state.q, state.filters, per_page=1, facet_size=EVERY_VALUE, lang=state.lang)
    return result, values_page(result, name, ask)


def values_url(state: SearchState, name: str, ask: ValuesRequest | None = None, *, api: bool = False,
               **changes: Any) -> str:
    """Return the URL of a facet's value list for a search state (page or JSON twin)."""
    ask = ask or ValuesRequest()
    text, sort, page = changes.get("text", ask.text), changes.get("sort", ask.sort), changes.get("page", 1)
    pairs = state.params()
    if text:
        pairs.append(("fq", text))
    if sort != "count":
        pairs.append(("fsort", sort))
    if page != 1:
        pairs.append(("fpage", str(page)))
    path = f"/api/search/facet/{name}" if api else f"/recherche/facette/{name}"
    return path + ("?" + urlencode(pairs) if pairs else "")


@dataclass(frozen=True)
class SidebarFacet:
    """One facet of the search page's sidebar: its largest values as list items, and how many more it has."""

    name: str
    title: str
    # The <li> of each value shown, as the page prints them (one per line).
    items: Markup
    # Values with a count beyond those shown (listed on the facet's own page).
    more: int


def sidebar(state: SearchState, result: SearchResult, limit: int) -> list[SidebarFacet]:
    """Return the facets of the search page's sidebar, in their order, each with its first ``limit`` values.

    A page lists hundreds of values (forty per facet): their list items are
    written here in one pass rather than by the template, whose attribute
    reads, escapes and calls per value were half the page's rendering (issue 27).
    """
    out = []
    for name, title in FACET_TITLES.items():
        buckets = result.facets.get(name, [])
        if not buckets:
            continue
        shown = buckets[:limit]
        add = state.adder(name)
        items = "\n".join([_item(add(b.value) if not b.selected else state.toggle_url(name, b.value, True), b)
                           for b in shown])
        more = result.facet_totals.get(name, 0) - sum(1 for b in shown if b.count)
        out.append(SidebarFacet(name, title, Markup(items), more))
    return out


def _item(url: str, b: Bucket) -> str:
    """Return the list item of one facet value: the link that toggles it (``url``), its label and its counts."""
    href = escape(url)
    selected = ' aria-current="true" class="selected"' if b.selected else ""
    if b.resolutions is not None:
        counts = (f'<span class="counts" title="résolutions, puis paragraphes, dans les résultats">'
                  f'<span class="resolutions">{b.resolutions} rés.</span> · <span class="count">{b.count}</span>'
                  f' par.</span>')
    else:
        counts = f'<span class="count">{b.count}</span>'
    return (f'<li><a href="{href}"{selected} data-value="{escape(b.value)}">\n'
            f'<span class="check" aria-hidden="true">{"☑" if b.selected else "☐"}</span>\n'
            f'<span class="label">{escape(b.label or b.value)}</span>\n{counts}</a></li>')


def to_json(values: ValuesPage, state: SearchState, absolute: Any = str) -> dict[str, Any]:
    """Return a value list as JSON; ``absolute`` turns a site path into the public URL."""
    ask = values.request
    return {
        "facet": values.name,
        "title": values.title,
        "query": state.q,
        "filters": state.filters,
        "total_values": values.total_values,
        "matching_values": values.matching,
        "text": ask.text,
        "sort": ask.sort,
        "page": ask.page,
        "per_page": VALUES_PER_PAGE,
        "pages": values.pages,
        "values": [
            {"value": b.value, "label": b.label or b.value, "count": b.count, "selected": b.selected,
             **({"resolutions": b.resolutions} if b.resolutions is not None else {}),
             "toggle_url": absolute(state.toggle_url(values.name, b.value, b.selected))}
            for b in values.buckets
        ],
        "next_url": absolute(values_url(state, values.name, ask, api=True, page=ask.page + 1))
        if ask.page < values.pages else None,
        "html_url": absolute(values_url(state, values.name, ask, page=ask.page)),
    }
