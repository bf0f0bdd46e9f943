"""Register everything the templates use beside their own variables: filters, globals, per-render values.

The one place that installs them on the app's Jinja environment: the
functions live with what they present (:mod:`webapp.present`, the exports in
:mod:`webapp.feeds`, the series in :mod:`webapp.series_pages`…).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from urllib.parse import quote, urlencode

from flask import Flask, g, url_for
from markupsafe import Markup, escape

from indexer.french_text import NOTICE as ENGLISH_ONLY_NOTICE
from indexer.french_text import is_english_only
from indexer.search.assent import acceptance_rule
from indexer.search.query import MAX_WORDS
from indexer.store.extracts import FIELD_NAMES as EXTRACT_FIELDS
from indexer.undocs import official_url, symbols_in
from webapp import feeds, present
from webapp.finder_pages import wording_cluster
from webapp.metadata import citation_metadata
from webapp.series_pages import STATUS_SHORT, paragraph_history, series_place
from webapp.shared import public_url

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def date_fr(value: str | None) -> str:
    """Format an ISO date the French way: "18 décembre 2013" (1er for the first)."""
    if not value:
        return ""
    try:
        d = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


# What werkzeug leaves unquoted in a path variable (BaseConverter.to_url): a symbol's slashes, parentheses…
_PATH_SAFE = "!$&'()*+,/:;=@"
# The query string of a page showing the English under the French.
_ENGLISH_QUERY = f"?{present.ENGLISH_PARAMETER}=1"


def doc_url(symbol: str, anchor: str | None = None, *, english: bool = False, fragment: str | None = None) -> str:
    """Return the URL of a resolution, or of one paragraph's permalink; ``english``: with the English shown.

    The same URL as ``url_for("pages.document", rest=…)``, whose routing is
    asked once per request for the folder: a search page links each hit and
    each version of its cards several times (a hundred URLs and more).
    """
    root = g.get("_document_root")
    if root is None:
        root = g._document_root = url_for("pages.document", rest="-")[:-1]
    rest = f"{symbol}/{anchor}" if anchor else symbol
    url = root + quote(rest, safe=_PATH_SAFE) + (_ENGLISH_QUERY if english else "")
    return f"{url}#{fragment}" if fragment else url


@lru_cache(maxsize=16384)
def facet_url(name: str, value: str) -> str:
    """Return the search URL browsing every paragraph with one facet value.

    Kept: each hit of a page links its verbs, addressees and instruments, the same few hundred values page after page.
    """
    return "/recherche?" + urlencode({name: value})


def facet_links(name: str, values: list[str]) -> Markup:
    """Return links browsing the paragraphs with each value of a facet, separated by commas."""
    return Markup(", ".join(f'<a href="{escape(facet_url(name, v))}">{escape(v)}</a>' for v in values))


def undocs_links(text: str | None) -> Markup:
    """Return a text with each document symbol it holds linked to its official text ("A/78/L.9" → undocs.org)."""
    text = str(text or "")
    out: list[str] = []
    pos = 0
    for start, end, symbol in symbols_in(text):
        out.append(str(escape(text[pos:start])))
        href = escape(official_url(symbol))
        out.append(f'<a class="official-link" href="{href}" rel="external">{escape(symbol)}</a>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


# A line break and the indentation after it: the templates' layout, which the browser renders as one space.
_INDENT = re.compile(r"\n[ \t\n]+")


def compact(html: str) -> Markup:
    """Remove the templates' indentation from rendered HTML (issue 27).

    Each line break and the blanks after it become one line break, which
    renders the same outside ``<pre>`` and ``<textarea>`` (use it on neither).
    """
    return Markup(_INDENT.sub("\n", escape(html)))


def register(app: Flask) -> None:
    """Install the filters, globals and per-render values on the app's Jinja environment."""
    app.jinja_env.filters.update(
        citation=lambda record, symbol: present.citation(symbol, record),
        local_label=present.cited_label,
        kind_label=present.kind_label,
        margin_number=present.margin_number,
        shorten=present.shorten,
        tidy_line=present.tidy_line,
        date_fr=date_fr,
        ordinal=present.ordinal,
        undocs_links=undocs_links,
        compact=compact,
        thousands=feeds.thousands,
    )
    app.jinja_env.globals.update(doc_url=doc_url, facet_url=facet_url, facet_links=facet_links,
                                  paragraph_text=present.paragraph_text,
                                  page_window=present.page_window,
                                  sections=present.sections, public_url=public_url,
                                  official_url=official_url, english_only=is_english_only,
                                  english_only_notice=ENGLISH_ONLY_NOTICE, extract_fields=EXTRACT_FIELDS,
                                  citation_metadata=citation_metadata, max_query_words=MAX_WORDS,
                                  export_url=feeds.export_url, export_labels=feeds.LABELS,
                                  series_place=series_place, paragraph_history=paragraph_history,
                                  changes_status=STATUS_SHORT, wording_cluster=wording_cluster,
                                  # What « accepté par <État> » means (the accepted_by filter's rule).
                                  acceptance_rule=acceptance_rule)
    # Read at each render: a test lowers the export limit after the app is made.
    app.context_processor(lambda: {"export_limit": feeds.EXPORT_LIMIT})
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
