"""Serve the States' pages: ``/etats`` (every State named as a sponsor or voter) and ``/etat/<name>``.

Each has its JSON twin under ``/api/``. The rules that say when a State
"accepted" a text are those of :mod:`indexer.search.assent`, repeated on the page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, url_for
from werkzeug.wrappers import Response

from indexer.search.assent import POSITION_ORDER, acceptance_rule, state_name, state_record, states_index
from webapp.shared import get_engine

bp = Blueprint("states", __name__)


def _record(name: str) -> Any:
    french = state_name(name)
    if french is None:
        abort(404, description=f"État inconnu : « {name} ». La liste des États nommés dans la collection est sur "
                               f"{url_for('states.index')}.")
    return french, state_record(french, get_engine().resolutions())


@bp.route("/etats")
def index() -> str:
    """List every State named as a sponsor or a voter, with its counts."""
    rows = states_index(get_engine().resolutions())
    return render_template("states.html", rows=rows, json_url=url_for("states.index_json"))


@bp.route("/api/etats")
def index_json() -> dict[str, Any]:
    """Return the JSON twin of the States' list."""
    rows = states_index(get_engine().resolutions())
    return {"states": [{"state": n, "sponsored": s, "votes": v, "page": url_for("states.page", name=n)}
                       for n, s, v in rows]}


@bp.route("/etat/<path:name>")
def page(name: str) -> str | Response:
    """Show one State's sponsored resolutions and recorded votes."""
    french, record = _record(name)
    if french != name:
        # One address per State: its French UN name ("France", "Fédération de Russie").
        return redirect(url_for("states.page", name=french), code=301)
    return render_template("state.html", record=record, positions=POSITION_ORDER,
                           json_url=url_for("states.page_json", name=french))


@bp.route("/api/etat/<path:name>")
def page_json(name: str) -> dict[str, Any]:
    """Return the JSON twin of one State's page."""
    french, record = _record(name)
    return {**record.to_json(), "page": url_for("states.page", name=french),
            # The accepted_by filter over the same rules: what the State accepted, paragraph by paragraph.
            "accepted_by": {"rule": acceptance_rule(french), "search": url_for("pages.search", accepted_by=french),
                            "api": url_for("api.search", accepted_by=french)}}
