"""Time search and finder with the accepted_by filter against the same mix without it (issue 25; not a test).

Run ``python -m tests.benchmarks.assent --index /tmp/final-idx`` on a built index (opened read-only).
Through the web app in process (Flask's test client: the JSON of ``/api/search`` and ``POST /api/similar``,
as a client gets it, without the HTTP server), it times in one run, rounds alternating the variants so
that the machine's load falls on all alike:

* ``/api/search``: the everyday queries and resolution-level queries of :mod:`tests.benchmarks.queries`
  and four pasted sentences of 33 words (A/RES/68/179), each as is, with ``accepted_by=Mexique``, and with
  ``accepted_by=Mexique`` and ``vote=adopted_without_vote`` (the delegate's "agreed by consensus, accepted
  by the State across the table");
  The search variants are also timed grouped by wording (``group=wording``, the page's default: one card
  per wording, its newest version first), the issue's "with grouping and accepted_by" against the same
  mix without them;
* ``POST /api/similar``: six paragraphs of A/RES/68/179 (33 words), as is and with the same two filters
  (the finder always shows one answer per wording).

Prints p50 / p95 / max (ms) per variant, and how long the first accepted_by search took after opening
(the pairs are derived from the resolutions' records when a generation opens).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tests.benchmarks.coldstart import pasted_sentences, path_of
from tests.benchmarks.queries import QUERIES, RESOLUTION_QUERIES

VARIANTS = {
    "plain": {},
    "accepted_by": {"accepted_by": ["Mexique"]},
    "accepted_by + sans vote": {"accepted_by": ["Mexique"], "vote": ["adopted_without_vote"]},
}
# Search only: the API's default is one hit per paragraph, the page's one card per wording.
GROUPED = {"group": ["wording"]}


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of a list of timings."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from webapp import create_app

    app = create_app({"INDEX_DIR": str(args.index), "TESTING": True})
    client = app.test_client()
    started = time.perf_counter()
    assert client.get("/api/search?q=migrants").status_code == 200
    opened = time.perf_counter() - started
    started = time.perf_counter()
    assert client.get("/api/search?q=migrants&accepted_by=France").status_code == 200
    first_accepted = time.perf_counter() - started
    searches = [(q.q, q.filters) for q in (*QUERIES, *RESOLUTION_QUERIES)]
    searches += [(s, {}) for s in pasted_sentences(33, 4)]
    drafts = pasted_sentences(33, 6)
    client.post("/api/similar", json={"text": drafts[0]})  # loads the wording tables
    timings: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for variant, extra in VARIANTS.items():
            for grouped in (False, True):
                label = f"{variant}, grouped" if grouped else variant
                for q, filters in searches:
                    path = path_of(q, {**filters, **extra, **(GROUPED if grouped else {})})
                    t = time.perf_counter()
                    response = client.get(path)
                    timings.setdefault(("search", label), []).append(time.perf_counter() - t)
                    assert response.status_code == 200, (path, response.get_json())
            for text in drafts:
                t = time.perf_counter()
                response = client.post("/api/similar", json={"text": text, "filters": extra})
                timings.setdefault(("finder", variant), []).append(time.perf_counter() - t)
                assert response.status_code == 200, response.get_json()
    print(f"Index {args.index}: first search {opened * 1000:.0f} ms (opening), "
          f"then first accepted_by search {first_accepted * 1000:.0f} ms; {args.rounds} rounds.")
    print("| what | variant | n | p50 ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|---:|")
    for (what, variant), values in timings.items():
        ms = [v * 1000 for v in values]
        print(f"| {what} | {variant} | {len(ms)} | {statistics.median(ms):.0f} | {percentile(ms, 0.95):.0f} | "
              f"{max(ms):.0f} |")


if __name__ == "__main__":
    main()
