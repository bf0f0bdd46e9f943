"""Serve the coverage page, ``/couverture``, and its JSON twin, ``/api/couverture``.

Per organ: the resolutions held per year, the numbers missing where the
numbering shows them, and the known gaps of the sources said in words (see
:mod:`indexer.search.coverage`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from indexer.search.coverage import coverage
from webapp.shared import get_engine

bp = Blueprint("coverage", __name__)


def _report() -> dict[str, Any]:
    """Return the coverage of the open index, organ by organ."""
    resolutions = get_engine().resolutions()
    organs = coverage(resolutions)
    return {"count": sum(o.count for o in organs), "drafts_not_adopted": sum(o.drafts for o in organs),
            "english_only": sum(o.english_only for o in organs), "organs": organs}


@bp.route("/couverture")
def page() -> str:
    """Show what the collection holds and lacks."""
    report = _report()
    for organ in report["organs"]:
        organ.years_links = [(y, n, url_for("browse.resolutions", organ=organ.organ, year=y)) for y, n in organ.years
                             if y]
        organ.english_links = [(y, n, url_for("browse.resolutions", organ=organ.organ, year=y, lang="en"))
                               for y, n in organ.english_only_years if y]
    return render_template("coverage.html", report=report, json_url=url_for("coverage.as_json"))


@bp.route("/api/couverture")
def as_json() -> dict[str, Any]:
    """Return the JSON twin of the coverage page."""
    report = _report()
    return {**report, "organs": [o.to_json() for o in report["organs"]],
            "page": url_for("coverage.page")}
