"""Score the blind drafting tasks of issue 25: right first answers with and without the new filters (not a test).

Run ``python -m tests.benchmarks.assentblind --index DIR`` on a built default collection (opened read-only).
The 20 tasks of ``tests/data/blind/tasks25/tasks.json`` were written by a helper session that read only
the AKN4UN XML, never the code (its README says how): each gives the words a delegate would type, the
filters the request implies, and the paragraphs that are a right first answer.

Each task's query is searched as the page searches it (one card per wording, relevance order) in three ways:

* ``words``: the query alone, as a delegate would type it with no filter;
* ``old filters``: with the filters that existed before issue 25 (organ, years, adoption « sans vote »);
* ``all filters``: with ``accepted_by`` too (the State whose prior assent is asked for).

A task is right when the first card's leader is one of its expected paragraphs; "in 10" when an expected
paragraph leads one of the first ten cards or is listed in one of them. Prints one line per task and the
shares.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from indexer.model import ADOPTED_WITHOUT_VOTE
from indexer.search.engine import Engine

TASKS = Path(__file__).resolve().parents[1] / "data" / "blind" / "tasks25" / "tasks.json"
MODES = ("words", "old filters", "all filters")


def filters_of(task: dict[str, Any], mode: str) -> dict[str, list[str]]:
    """Return the engine's filters for a task in one of the three modes."""
    given = task.get("filters", {})
    out: dict[str, list[str]] = {}
    if mode == "words":
        return out
    if given.get("organ"):
        out["organ"] = [given["organ"]]
    if given.get("adoption") == "sans vote":
        out["vote"] = [ADOPTED_WITHOUT_VOTE]
    if given.get("years"):
        first, _, last = given["years"].partition("-")
        out["year_from"], out["year_to"] = [first], [last or first]
    if mode == "all filters" and given.get("accepted_by"):
        out["accepted_by"] = [given["accepted_by"]]
    return out


def places(result: Any) -> list[list[tuple[str, str]]]:
    """Return, per card of a grouped result, its leader then the other paragraphs it lists."""
    out = []
    cards = result.cards or [None] * len(result.hits)
    for hit, card in zip(result.hits, cards, strict=False):
        shown = [(hit.symbol, hit.anchor)]
        for version in getattr(card, "versions", None) or ():
            symbol = getattr(version, "symbol", None) or (version.get("symbol") if isinstance(version, dict) else None)
            anchor = getattr(version, "anchor", None) or (version.get("anchor") if isinstance(version, dict) else None)
            if symbol and anchor:
                shown.append((symbol, anchor))
        out.append(shown)
    return out


def main() -> None:
    """Search each task three ways and print the shares of right first answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--tasks", type=Path, default=TASKS)
    args = parser.parse_args()
    tasks = json.loads(args.tasks.read_text(encoding="utf-8"))
    engine = Engine(args.index)
    first = dict.fromkeys(MODES, 0)
    top10 = dict.fromkeys(MODES, 0)
    try:
        for task in tasks:
            expected = {(e["symbol"], e["paragraph"]) for e in task["expected"]}
            line = [task["id"]]
            for mode in MODES:
                try:
                    result = engine.search(task["query"], filters_of(task, mode), per_page=10, group="wording")
                except Exception as exc:  # a refused filter is a wrong answer, said
                    line.append(f"{mode}: erreur {exc}")
                    continue
                cards = places(result)
                right = bool(cards) and cards[0][0] in expected
                near = any(p in expected for card in cards for p in card)
                first[mode] += right
                top10[mode] += near
                lead = f"{cards[0][0][0]} {cards[0][0][1]}" if cards else "aucun résultat"
                line.append(f"{mode}: {'OK ' if right else ('10 ' if near else '-- ')}{lead}")
            print(" | ".join(line))
    finally:
        engine.close()
    n = len(tasks)
    print(f"\n{n} tâches (tests/data/blind/tasks25, écrites à l'aveugle)")
    for mode in MODES:
        print(f"{mode:>12} : première réponse juste {first[mode]}/{n} ({first[mode] / n:.0%}), "
              f"dans les 10 premières cartes {top10[mode]}/{n}")


if __name__ == "__main__":
    main()
