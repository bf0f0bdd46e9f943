"""Test the coverage page (issue 21): what the collection holds per organ and year, the numbers missing, the gaps.

The Security Council numbers absent from 1 to 1881 are typed below by hand from
../shared/corpus/security-council/SOURCES.md §6 ("1,781 present, 100 absent"), and compared with what the
page computes from the default collection.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from indexer.search.coverage import GA, HRC, SC, coverage, numbering, ranges_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SC_DATA = ROOT / "tests" / "data" / "sc"
SC_1373 = ROOT / "tests" / "data" / "sc-extra" / "S_RES_1373_2001.fr.txt"

# SOURCES.md §6, read by hand, bullet by bullet.
NO_SOURCE_VOLUME = [*range(16, 38), *range(385, 403)]  # 1947 (no volume), 1976 (the file repeats 1975): 40
NOT_IN_SOURCE_PAGE = [447, 455]  # 1979
BILINGUAL_1946 = [1, 3, 4, 8, 10, 12, 14, 5, 6, 9, 11, 13, 15]
BILINGUAL_1955 = [106, 107, 108, 110]
HEADING_UNREADABLE = [296]
ADOPTION_LINE_LOST = [266, 274, 300, 407, 415, 422, 471, 475, 458]
READING_ORDER = [702, 711, 729, 730, 736, 738, 805, 897, 903, 914, 940, 944, 987, 1015, 1018, 1020, 1021, 1057,
                 1067, 1071, 1089, 1171, 1308]
QUALITY_GATES = [985, 1016, 1058, 1070, 1084, 1082, 1126, 1481]
SOURCES_ABSENT = sorted([*NO_SOURCE_VOLUME, *NOT_IN_SOURCE_PAGE, *BILINGUAL_1946, *BILINGUAL_1955,
                         *HEADING_UNREADABLE, *ADOPTION_LINE_LOST, *READING_ORDER, *QUALITY_GATES])


def test_the_hand_read_list_has_the_hundred_numbers_of_sources_md():
    assert len(SOURCES_ABSENT) == len(set(SOURCES_ABSENT)) == 100
    assert ranges_text(SOURCES_ABSENT).startswith("1, 3–6, 8–37, 106–108, 110, 266, 274, 296, 300, 385–402, 407,")


def test_numbering_of_each_organ():
    assert numbering("S/RES/1373 (2001)") == (SC, "", 1373)
    assert numbering("S/RES/2560(2020)") == (SC, "", 2560)  # spelled without a space by its AKN file
    assert numbering("A/RES/77/256 A-B") == (GA, "77", 256)
    assert numbering("A/RES/ES-11/3") == (GA, "ES-11", 3)
    assert numbering("A/HRC/RES/55/15") == (HRC, "55", 15)
    assert numbering("E/RES/2021/2 B") == ("Conseil économique et social", "2021", 2)
    assert numbering("S/2023/212") is None  # a draft not adopted


def test_coverage_of_synthetic_metadata():
    metas = {
        "S/RES/2 (1946)": {"organ": SC, "year": 1946},
        "S/RES/5 (1946)": {"organ": SC, "year": 1946},
        "S/RES/2504 (2020)": {"organ": SC, "year": 2020},
        "S/2023/212": {"organ": SC, "year": None, "rejected": True},
        "A/RES/74/1": {"organ": GA, "year": 2019},
        "A/RES/74/3": {"organ": GA, "year": 2019},
        "A/RES/68/179": {"organ": GA, "year": 2013},
        "A/HRC/RES/54/2": {"organ": HRC, "year": 2023},
    }
    ga, council, hrc = coverage(metas)
    assert (council.organ, council.count, council.drafts) == (SC, 3, 1)
    assert council.years == [(1946, 2), (2020, 1)]
    assert [(s.name, s.held, s.first, s.last, s.missing_text) for s in council.series] == [
        ("", 3, 2, 2504, "1, 3–4, 6–2503")]
    assert council.gaps == [
        "Conseil de sécurité : le volume de 1947 manque à la source numérisée (résolutions 16 à 37).",
        "Conseil de sécurité : le volume de 1976 manque aussi (le fichier de 1976 répète 1975 : résolutions 385 à "
        "402).",
        "Conseil de sécurité : aucun texte français de 2010 à 2019. La collection OCR des volumes annuels "
        "s'arrête en juillet 2009 avec S/RES/1881 (2009) ; les fichiers français AKN4UN commencent en 2020.",
        "Conseil de sécurité 1946-2009 : d'autres numéros manquent parce que le texte français n'a pu être "
        "découpé proprement dans les volumes numérisés (titre illisible, ligne d'adoption perdue, pages lues dans "
        "le désordre) : ils sont listés ci-dessous avec les autres numéros absents.",
    ]
    assert [(s.name, s.missing_text) for s in ga.series] == [("68", "1–178"), ("74", "2")]
    assert ga.gaps == ["Aucune résolution de l'Assemblée générale avant la 74e session (2019-2020), sauf la "
                       "résolution 68/179 de départ : les textes français AKN4UN de l'ONU commencent à la 74e "
                       "session."]
    assert hrc.gaps == ["Aucune résolution du Conseil des droits de l'homme avant la 54e session (2023)."]
    # A gap the index does not show is not claimed: with a 73rd-session resolution, the GA sentence goes.
    ga_73, _, _ = coverage({**metas, "A/RES/73/1": {"organ": GA, "year": 2018}})
    assert ga_73.gaps == []


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    folder = tmp_path_factory.mktemp("coverage-index")
    build_index([SEED, SC_1373, SC_DATA / "S_RES_1483_2003.fr.txt", SC_DATA / "S_RES_2_1946.fr.txt",
                 SC_DATA / "S_RES_7_1946.fr.txt"], folder)
    app = create_app({"INDEX_DIR": str(folder), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


def text_of(page: str) -> str:
    """Return a page's text, tags out and character references read."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_coverage_page_lists_held_years_missing_numbers_and_gaps(web):
    html = web.get("/couverture").get_data(as_text=True)
    text = text_of(html)
    assert "La collection compte 5 résolutions." in text
    assert "Conseil de sécurité : 4 résolutions" in text
    assert '<tr data-series=""> <th scope="row">S/RES</th>' in " ".join(html.split())
    assert "1479 : 1, 3–6, 8–1372, 1374–1482" in text
    assert "le volume de 1947 manque à la source numérisée (résolutions 16 à 37)" in text
    assert "aucun texte français de 2010 à 2019" in text
    assert "Assemblée générale : 1 résolution" in text and "178 : 1–178" in text
    assert ('<a href="/resolutions?organ=Conseil+de+s%C3%A9curit%C3%A9&amp;year=1946">1946</a> '
            '<span class="count">2</span>') in html
    assert '<link rel="alternate" type="application/json" title="Cette page en JSON" href="/api/couverture">' in html


def test_coverage_json_twin(web):
    data = web.get("/api/couverture").get_json()
    assert data["count"] == 5 and data["drafts_not_adopted"] == 0 and data["page"] == "/couverture"
    council = next(o for o in data["organs"] if o["organ"] == "Conseil de sécurité")
    assert council["years"] == [{"year": 1946, "count": 2}, {"year": 2001, "count": 1}, {"year": 2003, "count": 1}]
    assert council["numbering"] == "numérotation continue" and council["missing_count"] == 1479
    series = council["series"][0]
    assert (series["held"], series["first"], series["last"]) == (4, 2, 1483)
    assert series["missing"][:6] == [1, 3, 4, 5, 6, 8]
    assert series["missing_text"] == "1, 3–6, 8–1372, 1374–1482"
    assert len(council["known_gaps"]) == 4


def test_home_page_and_footer_lead_to_the_coverage(web):
    html = web.get("/").get_data(as_text=True)
    # The span of years is not a claim of completeness.
    assert "1946–2003, <a class=\"gaps\" href=\"/couverture\">avec des lacunes, voir la couverture</a>" in html
    assert "La collection n'est pas complète : des années et des numéros manquent selon l'organe." in html
    assert '<a href="/couverture">Couverture de la collection (lacunes comprises)</a>' in html
    page = web.get("/r/A/RES/68/179").get_data(as_text=True)
    assert '<a href="/couverture">Couverture de la collection (lacunes comprises)</a>' in page


@pytest.mark.slow
def test_default_collection_coverage_agrees_with_sources_md(default_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(default_index), "TESTING": True})
    try:
        client = app.test_client()
        data = client.get("/api/couverture").get_json()
        council = next(o for o in data["organs"] if o["organ"] == "Conseil de sécurité")
        missing = council["series"][0]["missing"]
        assert [n for n in missing if n <= 1881] == SOURCES_ABSENT
        # 2010-2019 (and the end of 2009): no French text in either source.
        assert ranges_text(missing).count("1882–2503") == 1
        assert council["drafts_not_adopted"] == 19
        text = text_of(client.get("/couverture").get_data(as_text=True))
        assert ranges_text(SOURCES_ABSENT) in text
        for words in ("avant la 74e session (2019-2020), sauf la résolution 68/179",
                      "le volume de 1947 manque", "le volume de 1976 manque aussi",
                      "aucun texte français de 2010 à 2019",
                      "s'arrête en juillet 2009 avec S/RES/1881 (2009)",
                      "avant la 54e session (2023)", "Conseil économique et social avant celles de 2021"):
            assert words in text, words
        home = client.get("/").get_data(as_text=True)
        # ../shared: 2,825 French AKN4UN files less two English texts and four second copies (ES-11/1,
        # ES-11/4, ES-11/6, A_HRC_RES_55_16F = 55/15), 1,781 OCR files, the seed: 4,601, of which 19 drafts.
        assert "Rechercher dans 4582 résolutions" in home and "Et 19 projets de résolution" in home
    finally:
        get_engine(app).close()


@pytest.mark.slow
def test_every_citation_of_the_default_collection_parses_back(default_engine):
    from indexer.citation import citation, cited_label, label_after_symbol, normalize_label

    total = 0
    for symbol in default_engine.resolutions():
        paragraphs = default_engine.resolution(symbol)["paragraphs_list"]
        keys = [normalize_label(cited_label(p)) for p in paragraphs]
        assert len(set(keys)) == len(keys), symbol
        refs = default_engine.references(citation(symbol, paragraphs[0]))
        assert refs[0].start == 0 and refs[0].symbols == (symbol,)
        for p in paragraphs:
            assert label_after_symbol(citation(symbol, p)[len(symbol):]) is not None
        total += len(paragraphs)
    # Every paragraph of the collection was cited and read back (the figure moves with the readers).
    assert total == sum(meta["paragraphs"] for meta in default_engine.resolutions().values())
