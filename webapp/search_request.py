"""Read what a request asks of a search: words, filters, page, sort, language, grouping.

The search page (:mod:`webapp.views`), its JSON twin (:mod:`webapp.api`), the
facet values and the exports (:mod:`webapp.feeds`) read their query string
here, into one :class:`webapp.present.SearchState`; bad input is a French 400,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from indexer.search.engine import Engine
from indexer.search.grouping import NO_GROUP, WORDING
from indexer.search.query import ReadFilters, parse_filters
from indexer.search.results import SearchResult
from webapp.present import (
    DEFAULT_LANG,
    FACET_TITLES,
    GROUP_LABELS,
    LANGUAGES,
    PAGE_GROUP,
    RANGE_TITLES,
    SearchState,
    dedupe,
)

# Results a visitor may ask per page (``per_page``); one search of the engine returns at most
# MAX_HITS_PER_SEARCH (5,000: the exports read theirs in one search).
MAX_PER_PAGE_ASKED = 100


def read_group(args: Mapping[str, str], default: str = PAGE_GROUP) -> str:
    """Return the grouping a query string asks for (``wording`` or ``none``); raise BadRequest on another."""
    group = args.get("group", "").strip().lower() or default
    if group not in GROUP_LABELS:
        raise BadRequest(f"Regroupement inconnu « {args.get('group')} » : {WORDING} (un résultat par libellé) "
                         f"ou {NO_GROUP} (un résultat par paragraphe).")
    return group


def read_lang(args: Mapping[str, str]) -> str:
    """Return the query language a query string names (``fr`` by default); raise BadRequest on another."""
    lang = args.get("lang", "").strip().lower() or DEFAULT_LANG
    if lang not in LANGUAGES:
        choices = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise BadRequest(f"Langue de requête inconnue « {args.get('lang')} » : {choices}.")
    return lang


def read_state(args: MultiDict[str, str], group: str = PAGE_GROUP) -> SearchState:
    """Read the search state from a query string; raise BadRequest on malformed numbers or an unknown language.

    ``group`` is the grouping when the query string names none (the page's; the API's is ``none``).
    """
    raw = {name: dedupe(args.getlist(name)) for name in FACET_TITLES}
    # Read once, the way the engine reads them ("dispositif" → "operative"): the facet buckets and the URL
    # agree on the selected values, and the engine does not read them again (ReadFilters).
    _, read, _ = parse_filters("", {k: v for k, v in raw.items() if v})
    filters = ReadFilters(read)
    for name in RANGE_TITLES:
        value = args.get(name, "").strip()
        if value:
            filters[name] = [value]
    try:
        page = int(args.get("page", "1") or 1)
        per_page = int(args.get("per_page", "0") or 0)
    except ValueError:
        raise BadRequest("Le numéro de page et le nombre de résultats doivent être des nombres entiers.") from None
    if page < 1 or per_page < 0 or per_page > MAX_PER_PAGE_ASKED:
        raise BadRequest(f"Page à partir de 1, et au plus {MAX_PER_PAGE_ASKED} résultats par page.")
    return SearchState(
        q=args.get("q", "").strip(), filters=filters, page=page,
        sort=args.get("sort", "relevance") or "relevance", per_page=per_page or None, lang=read_lang(args),
        group=read_group(args, group),
    )


def run_search(engine: Engine, state: SearchState, default_per_page: int) -> SearchResult:
    """Run the search a state describes (QuerySyntaxError propagates as a 400)."""
    return engine.search(state.q, state.filters, page=state.page,
                         per_page=state.per_page or default_per_page, sort=state.sort, lang=state.lang,
                         group=state.group)
