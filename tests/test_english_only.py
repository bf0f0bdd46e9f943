"""Pair the Council's OCR French with its English AKN, and index English-only resolutions apart (issue 23).

Fixtures: tests/data/sc (French OCR texts, 1946–2008) and tests/data/sc-en (English
AKN4UN files of SCresolutions/Pre-2020, copied byte for byte): four English
versions of French OCR texts (S/RES/1296 and 1318 (2000), 1483 (2003), 1820 (2008)),
and two without French text, S/RES/2195 (2014) and S/RES/2250 (2015). Expected texts
are read in the English XML files and the OCR texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.french_text import NOTICE, is_english_only
from indexer.search.coverage import SC, coverage
from webapp.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent
SC_FR = ROOT / "tests" / "data" / "sc"
SC_EN = ROOT / "tests" / "data" / "sc-en"
YOUTH_OP1 = ("Urges Member States to consider ways to increase inclusive representation of youth in decision-making "
             "at all levels in local, national, regional and international institutions and mechanisms for the "
             "prevention and resolution of conflict, including institutions and mechanisms to counter violent "
             "extremism, which can be conducive to terrorism, and, as appropriate, to consider establishing "
             "integrated mechanisms for meaningful participation of youth in peace processes and dispute-resolution;")


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """Build the French OCR fixtures twice: alone, and with the English files of tests/data/sc-en."""
    from indexer.store.build import build_index

    french = tmp_path_factory.mktemp("sc-fr")
    both = tmp_path_factory.mktemp("sc-fr-en")
    french_report = build_index([SC_FR], french)
    report = build_index([SC_FR, SC_EN], both)
    return french, both, french_report, report


@pytest.fixture(scope="module")
def engines(indexes):
    from indexer.search.engine import Engine

    french, both, _, _ = indexes
    a, b = Engine(french), Engine(both)
    yield a, b
    a.close()
    b.close()


def test_ocr_french_is_paired_with_its_english_by_symbol_and_content(indexes, engines):
    _, _, french_report, report = indexes
    _, engine = engines
    assert report.english_files == 6
    assert report.english_resolutions == 4 and report.english_only == 2
    # Same French resolutions and paragraphs as without the English files.
    assert (report.resolutions, report.paragraphs) == (french_report.resolutions, french_report.paragraphs)
    metas = engine.resolutions()
    assert metas["S/RES/1820 (2008)"]["english"]["aligned"] == metas["S/RES/1820 (2008)"]["paragraphs"] == 30
    # Read in S_RES_1820_2008.fr.txt and S_RES_1820_N0839144.xml: the last paragraph, and the fifth preambular
    # one, which the English opens with "Reaffirming also" and the French with "Réaffirmant" alone.
    assert resolve(engine, "S/RES/1820 (2008)/op16").paragraph["text_en"] == (
        "Decides to remain actively seized of the matter.")
    assert resolve(engine, "S/RES/1820 (2008)/pp5").paragraph["text_en"].startswith(
        "Reaffirming also the obligations of States Parties to the Convention on the Elimination")
    # S/RES/1318 (2000): the OCR glues the declaration's section numbers to its paragraphs ("I S’engage…"),
    # the English prints them apart ("I", then "Pledges…"): paired by content, not by place.
    first = resolve(engine, "S/RES/1318 (2000)/annex-p4").paragraph
    assert first["text"].startswith("I S’engage à faire prévaloir les buts et principes de la Charte")
    assert first["text_en"].startswith("Pledges to uphold the Purposes and Principles of the Charter of the United")
    last = resolve(engine, "S/RES/1318 (2000)/annex-p28").paragraph
    assert last["text"].startswith("Appelle tous les États à redoubler d’efforts")
    assert last["text_en"].startswith("Calls upon all States to intensify efforts to secure a world free of")


def test_english_only_resolutions_are_written_in_a_segment_of_separate_files(indexes):
    from indexer.store.layout import current_path

    _, both, _, _ = indexes
    # A compound segment (.seg) is copied into each web worker's memory when opened.
    assert list(current_path(both).glob("*.seg")) == []
    assert len(list(current_path(both).glob("*.pst"))) >= 2


def test_english_only_resolutions_never_change_french_results(engines):
    french, both = engines
    for query in ("", "Conseil de sécurité", "décide"):
        alone, mixed = french.search(query, facet_size=1000), both.search(query, facet_size=1000)
        assert mixed.total == alone.total
        for name in ("symbol", "year", "organ", "verb", "vote", "sponsor", "subject"):
            assert [(b.value, b.count) for b in mixed.facets[name]] == \
                   [(b.value, b.count) for b in alone.facets[name]], (query, name)
    # Neither by an English word nor by its symbol's facet is the English-only text a French result.
    assert both.search("youth").total == 0
    assert both.search("", {"symbol": ["S/RES/2250 (2015)"]}).total == 0


def test_english_only_resolutions_are_searched_in_english(engines):
    _, engine = engines
    result = engine.search('"inclusive representation of youth"', lang="en")
    assert [(h.symbol, h.anchor) for h in result.hits] == [("S/RES/2250 (2015)", "op1")]
    hit = result.hits[0]
    assert hit.text == "" and hit.text_en == YOUTH_OP1
    assert "S/RES/2250 (2015)" in {b.value for b in engine.search("youth", lang="en").facets["symbol"]}
    meta = engine.resolutions()["S/RES/2250 (2015)"]
    assert is_english_only(meta) and meta["english"] is None
    assert (meta["organ"], meta["year"], meta["adopted"], meta["paragraphs"]) == (
        "Conseil de sécurité", 2015, "2015-12-09", 52)
    # No French facets are invented from the English.
    record = resolve(engine, "S/RES/2250 (2015)/op1").paragraph
    assert (record["verb"], record["addressees"], record["instruments"]) == (None, [], [])


def test_coverage_counts_english_only_resolutions_apart():
    metas = {
        "S/RES/1820 (2008)": {"organ": SC, "year": 2008, "language": "fra"},
        "S/RES/1881 (2009)": {"organ": SC, "year": 2009, "language": "fra"},
        "S/RES/2250 (2015)": {"organ": SC, "year": 2015, "language": "eng"},
        "S/RES/2195 (2014)": {"organ": SC, "year": 2014, "language": "eng"},
        "S/RES/2231 (2015)": {"organ": SC, "year": 2015, "language": "eng"},
    }
    (council,) = coverage(metas)
    assert (council.count, council.years) == (2, [(2008, 1), (2009, 1)])
    assert (council.english_only, council.english_only_years) == (3, [(2014, 1), (2015, 2)])
    # The French numbering is unchanged: 2250 is still missing from the French texts.
    assert council.series[0].last == 1881 and len(council.series[0].missing) == 1879
    assert council.to_json()["english_only_years"] == [{"year": 2014, "count": 1}, {"year": 2015, "count": 2}]


@pytest.fixture(scope="module")
def client(indexes):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(indexes[1]), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


def test_english_only_pages_show_the_english_with_the_french_notice_and_link(client):
    link = 'href="https://undocs.org/fr/S/RES/2250(2015)"'
    for url in ("/r/S/RES/2250 (2015)", "/r/S/RES/2250 (2015)/op1"):
        page = client.get(url)
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Texte français non disponible dans la collection" in html
        assert link in html
        assert YOUTH_OP1 in html
    assert NOTICE == "texte français non disponible dans la collection"
    data = client.get("/api/r/S/RES/2250 (2015)/op1").get_json()
    assert data["resolution"]["french_notice"] == NOTICE
    assert data["paragraph"]["official_url"] == "https://undocs.org/fr/S/RES/2250(2015)"
    # No bilingual file without French text: said, not an empty French column.
    tmx = client.get("/r/S/RES/2250 (2015)?format=tmx")
    assert tmx.status_code == 404
    assert "qu'en anglais (texte français non disponible dans la collection)" in tmx.get_data(as_text=True).replace(
        "&#39;", "'")
    # A French resolution has no such notice.
    assert "non disponible dans la collection" not in client.get("/r/S/RES/1820 (2008)").get_data(as_text=True)


def test_lists_and_coverage_count_english_only_resolutions_apart(client):
    home = client.get("/api/resolutions").get_json()
    assert "S/RES/2250 (2015)" not in {r["symbol"] for r in home["rows"]}
    english = client.get("/api/resolutions?lang=en").get_json()
    assert [r["symbol"] for r in english["rows"]] == ["S/RES/2250 (2015)", "S/RES/2195 (2014)"]
    report = client.get("/api/couverture").get_json()
    assert report["english_only"] == 2
    (council,) = [o for o in report["organs"] if o["organ"] == SC]
    assert council["english_only_years"] == [{"year": 2014, "count": 1}, {"year": 2015, "count": 1}]
    page = client.get("/couverture").get_data(as_text=True)
    assert "En anglais seulement : 2 résolutions" in page
    search = client.get("/recherche?q=youth&lang=en").get_data(as_text=True)
    assert "Texte français non disponible dans la collection" in search
    assert '<li class="hit' not in client.get("/recherche?q=youth").get_data(as_text=True)
