"""Present who cites a resolution, paragraph by paragraph: grouped for its page, linked for its JSON twin."""

from __future__ import annotations

from typing import Any

from flask import url_for

from indexer.search.citations import cited_by_count, grouped
from indexer.search.engine import Engine
from webapp.shared import public_url

# A group of citing resolutions of one organ opens on the page when it holds at most this many paragraphs
# (A/RES/70/1 is cited by 1,585: closed, its summary says how many).
OPEN_GROUP = 40


def cited_by(engine: Engine, symbol: str) -> dict[str, Any]:
    """Return the resolutions and paragraphs citing a resolution, grouped by organ and year."""
    resolutions = engine.resolutions()
    groups = grouped(symbol, engine.citing(symbol), resolutions)
    return {"count": cited_by_count(resolutions.get(symbol, {})),
            "paragraphs": sum(g["paragraphs"] for g in groups), "groups": groups, "open_group": OPEN_GROUP}


def cited_by_json(found: dict[str, Any]) -> dict[str, Any]:
    """Return what :func:`cited_by` found as the JSON API gives it: every paragraph with its address."""
    return {"count": found["count"], "paragraphs": found["paragraphs"], "groups": [
        {"organ": g["organ"], "count": g["count"], "paragraphs": g["paragraphs"], "years": [
            {"year": y["year"], "resolutions": [
                {"symbol": r["symbol"], "adopted": r["adopted"],
                 "url": public_url(url_for("pages.document", rest=r["symbol"])),
                 "paragraphs": [{**p.to_json(), "url": public_url(url_for("pages.document",
                                                                          rest=f"{p.symbol}/{p.anchor}"))}
                                for p in r["paragraphs"]]}
                for r in y["resolutions"]]}
            for y in g["years"]]}
        for g in found["groups"]]}
