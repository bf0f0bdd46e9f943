"""Test that the records the index stores have the shape indexer/store/record_types.py declares."""

import pytest

from indexer.store.record_types import (
    FootnoteRecord,
    InstrumentRecord,
    ParagraphRecord,
    ResolutionRecord,
    VoteRecord,
)


def test_a_stored_paragraph_has_every_declared_key_and_no_other(engine):
    res = engine.resolution("A/RES/68/179")
    records = res["paragraphs_list"]
    declared = set(ParagraphRecord.__required_keys__)
    assert {key for p in records for key in p} == declared
    assert all(set(p) == declared for p in records)
    # What the seed's paragraphs hold, key by key: A/RES/68/179 cites instruments and has numbered paragraphs.
    op4 = next(p for p in records if p["anchor"] == "op4")
    assert (op4["symbol"], op4["kind"], op4["number"]) == ("A/RES/68/179", "operative", "4")
    details = [d for p in records for d in p["instrument_details"]]
    assert details and all(set(d) == set(InstrumentRecord.__required_keys__) for d in details)
    notes = [n for p in records for n in p["footnotes"]]
    assert all(set(FootnoteRecord.__required_keys__) <= set(n) <= set(FootnoteRecord.__annotations__) for n in notes)


def test_a_stored_resolution_has_the_declared_keys(engine):
    res = engine.resolution("A/RES/68/179")
    keys = set(res) - {"paragraphs_list"}
    assert set(ResolutionRecord.__required_keys__) <= keys <= set(ResolutionRecord.__annotations__)
    # The build ranks every file; the seed has no data extract (a Security Council record only).
    assert "rank" in keys and "data_extract" not in keys
    # "Résolution adoptée par l'Assemblée générale le 18 décembre 2013", no vote line in the seed.
    assert (res["adopted"], res["year"], res["vote"]) == ("2013-12-18", 2013, None)


def test_a_vote_record_has_the_declared_keys():
    from indexer.model import Vote
    from indexer.store.records import vote_record

    stored = vote_record(Vote(in_favour=120, against=3, abstentions=50, yes=("France",)))
    assert set(stored) == set(VoteRecord.__required_keys__)
    assert (stored["outcome"], stored["label"], stored["yes"]) == ("recorded_vote", "Adoptée par un vote", ["France"])


def test_a_misspelt_key_is_a_type_error(tmp_path):
    api = pytest.importorskip("mypy.api", reason="mypy absent : vérification de types sautée")
    checked = tmp_path / "misspelt.py"
    checked.write_text(
        "from indexer.store.record_types import ParagraphRecord, ResolutionView\n"
        "def verb(p: ParagraphRecord) -> object:\n"
        "    return p['verbe']\n"
        "def first(res: ResolutionView) -> object:\n"
        "    return res['paragraphs_list'][0]['anchor'], res['adopted']\n",
        encoding="utf-8",
    )
    out, _, status = api.run([str(checked), "--follow-imports=silent", "--ignore-missing-imports",
                              "--cache-dir", str(tmp_path / "cache")])
    assert status == 1
    assert 'TypedDict "ParagraphRecord" has no key "verbe"' in out
    assert "Found 1 error" in out
