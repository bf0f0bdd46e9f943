"""Serve the collection overview (home page) and the paged, date-sorted list of every resolution."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, render_template, request, url_for
from werkzeug.exceptions import BadRequest

from indexer.french_text import is_english_only
from indexer.search.citations import most_cited
from indexer.search.engine import Engine
from webapp.search_request import read_lang
from webapp.shared import get_engine

bp = Blueprint("browse", __name__)

# Resolutions per page of the full list, and the latest shown on the home page.
LIST_PER_PAGE = 50
# The most cited resolutions of the organ and year chosen, listed above the first page.
MOST_CITED = 10
HOME_LATEST = 10
# Searches offered on the home page: what a delegate or researcher asks first.
EXAMPLE_SEARCHES = (
    ("migrants détention", {}),
    ('"demande instamment aux États"', {}),
    ("enfants soldats", {"organ": "Conseil de sécurité"}),
    ("changements climatiques", {"sort": "date"}),
    ("", {"verb": "Condamne", "organ": "Conseil de sécurité"}),
)


def label(meta: Mapping[str, Any]) -> str:
    """Return the words that name a resolution in a list (title, agenda item or first decision)."""
    return str(meta.get("label") or meta.get("title") or "")


def _by_date(resolutions: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, Mapping[str, Any]]]:
    """Sort resolutions newest first; undated ones last, by symbol."""
    return sorted(resolutions.items(), key=lambda item: (item[1].get("adopted") or "", item[0]), reverse=True)


def overview(engine: Engine) -> dict[str, Any]:
    """Return the home page's summary: resolutions by organ and year, the latest ones, example searches."""
    # Resolutions held in English only are not French texts: counted on the coverage page, not here.
    resolutions = {s: m for s, m in engine.resolutions().items() if not is_english_only(m)}
    years: dict[str, Counter[int]] = defaultdict(Counter)
    # Drafts the Council did not adopt (S/2023/212) are not resolutions: counted apart.
    drafts = sum(1 for meta in resolutions.values() if meta.get("rejected"))
    for meta in resolutions.values():
        if not meta.get("rejected"):
            years[str(meta.get("organ") or "?")][int(meta.get("year") or 0)] += 1
    organs = []
    for organ, counts in sorted(years.items(), key=lambda item: -sum(item[1].values())):
        dated = sorted((y for y in counts if y), reverse=True)
        organs.append({
            "organ": organ, "count": sum(counts.values()),
            "first": dated[-1] if dated else None, "last": dated[0] if dated else None,
            "years": [{"year": y, "count": counts[y], "url": url_for("browse.resolutions", organ=organ, year=y)}
                      for y in dated],
            "url": url_for("browse.resolutions", organ=organ),
        })
    examples = [{"q": q, "filters": f, "url": url_for("pages.search", q=q or None, **f)} for q, f in EXAMPLE_SEARCHES]
    return {"count": len(resolutions) - drafts, "drafts": drafts, "organs": organs,
            "latest": _by_date(resolutions)[:HOME_LATEST], "examples": examples}


def _listing(engine: Engine, args: Mapping[str, str]) -> dict[str, Any]:
    """Select, sort and page the resolution list a query string asks for."""
    organ = args.get("organ", "").strip()
    year_text = args.get("year", "").strip()
    try:
        page = int(args.get("page", "1") or 1)
    except ValueError:
        raise BadRequest("Le numéro de page doit être un nombre entier.") from None
    if page < 1:
        raise BadRequest("Les pages sont numérotées à partir de 1.")
    if year_text and not (year_text.isdigit() and len(year_text) == 4):
        raise BadRequest(f"Année attendue sur quatre chiffres (ex. 2023), pas « {year_text} ».")
    # lang=en lists the resolutions held in English only (linked from the coverage page); otherwise the French ones.
    english = read_lang(args) == "en"
    chosen = {s: m for s, m in engine.resolutions().items()
              if (not organ or m.get("organ") == organ) and (not year_text or m.get("year") == int(year_text))
              and is_english_only(m) == english}
    ordered = _by_date(chosen)
    pages = max(1, -(-len(ordered) // LIST_PER_PAGE))
    start = (page - 1) * LIST_PER_PAGE
    rows = [{"symbol": s, "label": label(m), "organ": m.get("organ"), "adopted": m.get("adopted"),
             "paragraphs": m.get("paragraphs"), "url": url_for("pages.document", rest=s)}
            for s, m in ordered[start:start + LIST_PER_PAGE]]
    # How many resolutions of the whole collection cite each one: a resolution of 2019 cited in 2025 counts.
    cited = [{"symbol": s, "label": label(chosen[s]), "organ": chosen[s].get("organ"),
              "adopted": chosen[s].get("adopted"), "cited_by_count": n, "url": url_for("pages.document", rest=s),
              "cited_by_url": url_for("pages.document", rest=s, _anchor="citee-par")}
             for s, n in most_cited(chosen, MOST_CITED)]
    search_cited = url_for("pages.search", organ=organ or None, year_from=year_text or None,
                           year_to=year_text or None, sort="cited_by_count")

    def page_url(n: int) -> str:
        return url_for("browse.resolutions", organ=organ or None, year=year_text or None, page=n if n > 1 else None,
                       lang="en" if english else None)

    return {"organ": organ, "year": year_text, "lang": "en" if english else "fr", "page": page, "pages": pages,
            "total": len(ordered),
            "per_page": LIST_PER_PAGE, "rows": rows,
            "most_cited": cited, "most_cited_search": search_cited,
            "previous": page_url(page - 1) if page > 1 else None,
            "next": page_url(page + 1) if page < pages else None,
            "json_url": url_for("browse.resolutions_json", **request.args)}


@bp.route("/resolutions")
def resolutions() -> str:
    """List every resolution, newest first, optionally of one organ or year, fifty per page."""
    return render_template("resolutions.html", listing=_listing(get_engine(), request.args))


@bp.route("/api/resolutions")
def resolutions_json() -> dict[str, Any]:
    """Return the JSON twin of the resolution list."""
    listing = _listing(get_engine(), request.args)
    listing.pop("json_url")
    return listing
