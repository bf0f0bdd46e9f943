"""Check who cites a resolution, paragraph by paragraph, and the cited_by_count sort (indexer/search/citations.py).

Expected values read from the AKN4UN files of tests/data/cited: A/RES/75/99 recalls
« la résolution 74/90 du 13 décembre 2019 » in its 4th preambular paragraph and
examines the report asked for « en application de la résolution 74/90 » in its 5th;
A/RES/76/81 does the same with 75/99; A/HRC/RES/58/26 recalls, in its 3rd preambular
paragraph, the Assembly's « résolutions 74/90 du 13 décembre 2019, 75/99 du 10 décembre
2020, 76/81 du 9 décembre 2021, … ».
"""

from __future__ import annotations

from indexer.search.citations import CitingParagraph, cited_by_counts, grouped, most_cited


def _pairs(found: list[CitingParagraph]) -> list[tuple[str, str, str]]:
    return [(p.symbol, p.anchor, p.label) for p in found]


def test_the_paragraphs_citing_a_resolution_are_read_from_the_facet(cited_engine):
    assert _pairs(cited_engine.citing("A/RES/74/90")) == [
        ("A/RES/75/99", "pp4", "4e alinéa du préambule"),
        ("A/RES/75/99", "pp5", "5e alinéa du préambule"),
        ("A/HRC/RES/58/26", "pp3", "3e alinéa du préambule"),
    ]
    assert _pairs(cited_engine.citing("A/RES/75/99")) == [
        ("A/HRC/RES/58/26", "pp3", "3e alinéa du préambule"),
        ("A/RES/76/81", "pp4", "4e alinéa du préambule"),
        ("A/RES/76/81", "pp5", "5e alinéa du préambule"),
    ]
    assert _pairs(cited_engine.citing("A/RES/76/81")) == [("A/HRC/RES/58/26", "pp3", "3e alinéa du préambule")]
    # The most recent resolution is cited by none; a symbol outside the collection (77/125, cited by
    # A/HRC/RES/58/26) still has its citing paragraphs, an unknown one none.
    assert cited_engine.citing("A/HRC/RES/58/26") == []
    assert _pairs(cited_engine.citing("A/RES/77/125")) == [("A/HRC/RES/58/26", "pp3", "3e alinéa du préambule")]
    assert cited_engine.citing("A/RES/1/999") == []


def test_a_citing_paragraph_carries_its_resolution_organ_and_date(cited_engine):
    hrc = cited_engine.citing("A/RES/74/90")[-1]
    assert hrc == CitingParagraph("A/HRC/RES/58/26", "pp3", "3e alinéa du préambule",
                                  "Conseil des droits de l'homme", 2025, "2025-04-04")
    assert hrc.to_json() == {"symbol": "A/HRC/RES/58/26", "anchor": "pp3", "label": "3e alinéa du préambule",
                             "citation": "A/HRC/RES/58/26, 3e alinéa du préambule"}


def test_citing_paragraphs_are_grouped_by_organ_then_year(cited_engine):
    resolutions = cited_engine.resolutions()
    groups = grouped("A/RES/75/99", cited_engine.citing("A/RES/75/99"), resolutions)
    assert [(g["organ"], g["count"], g["paragraphs"]) for g in groups] == [
        ("Assemblée générale", 1, 2), ("Conseil des droits de l'homme", 1, 1)]
    years = groups[0]["years"]
    assert [y["year"] for y in years] == [2021]
    assert [(r["symbol"], r["adopted"], [p.anchor for p in r["paragraphs"]]) for r in years[0]["resolutions"]] == [
        ("A/RES/76/81", "2021-12-09", ["pp4", "pp5"])]


def test_a_resolution_cited_outside_its_paragraphs_is_still_listed():
    resolutions = {"A/RES/1/1": {"cited_by": ["A/RES/2/1"]},
                   "A/RES/2/1": {"organ": "Assemblée générale", "year": 1947, "adopted": "1947-11-29"}}
    groups = grouped("A/RES/1/1", [], resolutions)
    assert groups == [{"organ": "Assemblée générale", "count": 1, "paragraphs": 0, "years": [
        {"year": 1947, "resolutions": [{"symbol": "A/RES/2/1", "adopted": "1947-11-29", "paragraphs": []}]}]}]


def test_cited_by_counts_follow_the_records(cited_engine):
    resolutions = cited_engine.resolutions()
    counts = {s: len(m["cited_by"]) for s, m in resolutions.items()}
    assert counts == {"A/RES/74/90": 2, "A/RES/75/99": 2, "A/RES/76/81": 1, "A/HRC/RES/58/26": 0}
    # One per ranked resolution, in the records' order, then 0 for documents of no resolution.
    assert cited_by_counts(resolutions).tolist() == [*(counts[s] for s in resolutions), 0]
    # Ties (74/90 and 75/99, two each): the newest first; never cited: not listed.
    assert most_cited(resolutions, 10) == [("A/RES/75/99", 2), ("A/RES/74/90", 2), ("A/RES/76/81", 1)]
    assert most_cited(resolutions, 1) == [("A/RES/75/99", 2)]


def test_the_cited_by_count_sort_puts_the_most_cited_resolutions_first(cited_engine):
    result = cited_engine.search("Golan", sort="cited_by_count", per_page=200)
    order = list(dict.fromkeys(h.symbol for h in result.hits))
    assert order == ["A/RES/75/99", "A/RES/74/90", "A/RES/76/81", "A/HRC/RES/58/26"]
    assert result.total == len(result.hits) == cited_engine.search("Golan", per_page=200).total
    # Within a resolution, reading order: its 2nd, 7th and 9th preambular paragraphs name the Golan.
    first = [h.anchor for h in result.hits if h.symbol == "A/RES/75/99"]
    assert first[:3] == ["pp2", "pp7", "pp9"]
    # A page further on continues the same order.
    page2 = cited_engine.search("Golan", sort="cited_by_count", per_page=5, page=2)
    assert [(h.symbol, h.anchor) for h in page2.hits] == [(h.symbol, h.anchor) for h in result.hits[5:10]]


def test_the_cited_by_count_sort_ranks_paragraphs_with_all_the_words_first(cited_engine):
    # Only A/HRC/RES/58/26, cited by none, joins the Golan and « profond… »: its 1st preambular paragraph
    # (« Profondément préoccupé … du Golan syrien ») and its paragraph 9 (« … dans le Golan syrien occupé, …
    # exprime sa profonde préoccupation »). Holding both words, they come before the most cited « Golan ».
    result = cited_engine.search("Golan profondément", sort="cited_by_count", per_page=200)
    assert [(h.symbol, h.anchor) for h in result.hits[:3]] == [
        ("A/HRC/RES/58/26", "pp1"), ("A/HRC/RES/58/26", "op9"), ("A/RES/75/99", "pp2")]
    assert list(dict.fromkeys(h.symbol for h in result.hits[2:])) == [
        "A/RES/75/99", "A/RES/74/90", "A/RES/76/81", "A/HRC/RES/58/26"]


def test_an_updated_index_lists_the_citing_paragraphs_a_rebuild_lists(cited_engine, tmp_path):
    import shutil
    from pathlib import Path

    from indexer.search.engine import Engine
    from indexer.store.build import build_index
    from indexer.store.update import update_index

    data = Path(__file__).parent / "data" / "cited"
    first, added = tmp_path / "first", tmp_path / "added"
    first.mkdir()
    added.mkdir()
    shutil.copy(data / "74_90_F.xml", first)
    shutil.copy(data / "75_99_F.xml", first)
    shutil.copy(data / "A_RES_76_81-2118634F.xml", added)
    shutil.copy(data / "A_HRC_RES_58_26F.xml", added)
    index = tmp_path / "ix"
    build_index([first], index)
    update_index(index, [added])
    engine = Engine(index)
    try:
        for symbol in ("A/RES/74/90", "A/RES/75/99", "A/RES/76/81", "A/HRC/RES/58/26"):
            assert engine.citing(symbol) == cited_engine.citing(symbol), symbol
        sorted_hits = [(h.symbol, h.anchor) for h in engine.search("Golan", sort="cited_by_count", per_page=200).hits]
        assert sorted_hits == [(h.symbol, h.anchor)
                               for h in cited_engine.search("Golan", sort="cited_by_count", per_page=200).hits]
        update_index(index, remove=["A/RES/76/81"])
        # Its paragraphs are deleted documents now: no longer listed, nor counted.
        assert _pairs(engine.citing("A/RES/75/99")) == [("A/HRC/RES/58/26", "pp3", "3e alinéa du préambule")]
        assert len(engine.resolutions()["A/RES/75/99"]["cited_by"]) == 1
        order = list(dict.fromkeys(h.symbol for h in engine.search("Golan", sort="cited_by_count", per_page=200).hits))
        assert order == ["A/RES/74/90", "A/RES/75/99", "A/HRC/RES/58/26"]
    finally:
        engine.close()
