"""The served benchmark's pieces work: the peers' HTTP app answers resolu's totals and counts; figures merge right.

tests/benchmarks/served.py compares resolu with SQLite FTS5 and tantivy behind
the same HTTP layer (issue 27). These tests check its parts on the seed
index, through Flask's test client: no server, no timing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.peer_app import bench_query, listed
from tests.benchmarks.served import MixQuery, disagreements, draft_note, merge, query_mix


def test_the_draft_check_row_reads_language_size_and_seconds():
    assert draft_note("default", "resolu", {"fr 5": [0.123, 0.2], "en 30": [0.5, 0.75]}) == (
        "- default, resolu, draft check (POST /api/verification, one connection), p50 / p95 s: "
        "fr 5 par. 0.12 / 0.20; en 30 par. 0.50 / 0.75")


def test_a_query_is_read_as_resolu_reads_it():
    assert bench_query("", {"verb": ["Prie"]}).match is None
    assert bench_query('"droits de l\'homme"', {}).match == ("phrase", "droits de l'homme")
    assert bench_query("Migr*", {}).match == ("prefix", "migr")
    assert bench_query("coopération internationale terrorisme", {}).match == (
        "or", ["coopération", "internationale", "terrorisme"])
    # A filter without a value is no filter.
    assert bench_query("sécurité", {"verb": ["Décide"], "kind": []}).filters == {"verb": ["Décide"]}


def test_a_facet_lists_its_largest_values_then_the_selected_ones():
    counts = {"Prie": 3, "Décide": 5, "Affirme": 3, "Note": 0, "Invite": 1}
    assert listed(counts, ["Invite"], 2) == [
        {"value": "Décide", "count": 5, "selected": False},
        {"value": "Affirme", "count": 3, "selected": False},  # a tie: alphabetical
        {"value": "Invite", "count": 1, "selected": True},
    ]
    assert [v["value"] for v in listed(counts, [], 50)] == ["Décide", "Affirme", "Prie", "Invite"]


def test_the_mix_is_seven_everyday_queries_and_four_pasted_sentences():
    mix = query_mix()
    assert [q.group for q in mix] == ["everyday"] * 7 + ["pasted"] * 4
    assert [len(q.q.split()) for q in mix[7:]] == [30, 34, 37, 40]
    assert mix[7].q.startswith("Demande aux États de promouvoir et de défendre efficacement")
    assert mix[5].path() == "/api/search?q=s%C3%A9curit%C3%A9&verb=D%C3%A9cide"
    assert mix[5].path("/recherche") == "/recherche?q=s%C3%A9curit%C3%A9&verb=D%C3%A9cide"


def test_runs_merge_weighted_by_their_requests():
    fast = {"requests": 1000, "seconds": 10.0, "errors": [0, 0, 0, 0, 0], "quantiles_us": [10_000] * 1000}
    slow = {"requests": 3000, "seconds": 10.0, "errors": [0, 0, 0, 1, 0], "quantiles_us": [30_000] * 1000}
    merged = merge([fast, slow])
    # A quarter of the requests took 10 ms, three quarters 30 ms.
    assert (merged["p50"], merged["p95"], merged["p99"]) == (30.0, 30.0, 30.0)
    assert merge([fast, fast, slow])["p50"] == 30.0
    assert merge([fast, {**slow, "requests": 500}])["p50"] == 10.0
    assert merged["rps"] == 200.0
    assert merged["requests"] == 4000
    assert merged["errors"] == 1


@pytest.fixture(scope="module")
def resolu_get(seed_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    client = app.test_client()

    def fetch(path: str) -> dict:
        response = client.get(path)
        assert response.status_code == 200, response.data[:300]
        return response.get_json()

    yield fetch
    get_engine(app).close()


def _peer_get(peer: str, seed_index: Path, tmp_path: Path):
    from tests.benchmarks import peers
    from tests.benchmarks.peer_app import create_peer_app

    records = tmp_path / "records.jsonl"
    assert peers.export_records(seed_index, records)["records"] == 77  # every paragraph of A/RES/68/179 (test_build)
    if peer == "fts5":
        path = tmp_path / "fts5.sqlite"
        peers.fts5_build(records, path, seed_index)
    else:
        path = tmp_path / "tantivy"
        peers.tantivy_build(records, path, threads=1, index_dir=seed_index)
    client = create_peer_app(peer, path, seed_index, threads=2).test_client()
    return lambda p: client.get(p).get_json()


@pytest.mark.parametrize("peer", ["fts5", "tantivy"])
def test_a_peer_behind_http_answers_resolus_totals_and_counts(peer, seed_index, resolu_get, tmp_path):
    if peer == "tantivy":
        pytest.importorskip("tantivy", reason="tantivy comes with the [bench] extra")
    peer_get = _peer_get(peer, seed_index, tmp_path)
    mix = query_mix()
    assert disagreements(resolu_get, peer_get, mix) == []
    answer = peer_get(mix[6].path())  # no words, verb=Prie + addressee=Secrétaire général
    assert answer["total"] == resolu_get(mix[6].path())["total"] > 0
    assert answer["filters"] == {"verb": ["Prie"], "addressee": ["Secrétaire général"]}
    assert {"value": "Prie", "count": answer["total"], "selected": True} in answer["facets"]["verb"]
    assert len(answer["hits"]) == min(20, answer["total"])
    assert set(answer["hits"][0]) == {"id", "text"}


def test_a_different_count_is_reported(resolu_get):
    one = (MixQuery("everyday", "frequent word", "sécurité"),)

    def wrong(path: str) -> dict:
        answer = resolu_get(path.removesuffix("&_all=1"))
        answer["total"] += 1
        kinds = answer["facets"]["kind"]
        kinds[0] = {**kinds[0], "count": kinds[0]["count"] + 2}
        return answer

    problems = disagreements(resolu_get, wrong, one)
    assert len(problems) == 2
    assert problems[0].startswith("frequent word: total ")
    assert problems[1].startswith("frequent word: kind, 1 value(s) differ")


def test_a_word_of_several_terms_is_a_phrase_for_the_peers(seed_index, tmp_path):
    from tests.benchmarks import peers

    records = tmp_path / "records.jsonl"
    peers.export_records(seed_index, records)
    peers.fts5_build(records, tmp_path / "fts5.sqlite", seed_index)
    engine = peers.Fts5Engine(tmp_path / "fts5.sqlite", seed_index)
    # As resolu's schema reads « 67/172 » (multitoken_query="phrase"); « migrants » is stemmed to « migr ».
    assert engine.match_expr(bench_query("67/172 migrants", {})) == '"67 172" OR migr'
    assert engine.search(bench_query("67/172", {}))["total"] == 2  # a preambular paragraph and op15 of the seed
