"""Test what a query can name (issue 21): official links, symbols outside the collection, pasted citations.

The web index holds the seed A/RES/68/179 and the OCR file of S/RES/1373 (2001) (copied from
../shared/corpus/security-council into tests/data/sc-extra).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.citation import citation, find_cited, label_after_symbol, normalize_label
from indexer.search.symbols import SymbolTable, canonical, phrase
from indexer.undocs import official_symbol, official_url, symbols_in

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SC_1373 = ROOT / "tests" / "data" / "sc-extra" / "S_RES_1373_2001.fr.txt"


@pytest.fixture(scope="module")
def named_index(tmp_path_factory) -> Path:
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("named-index")
    build_index([SEED, SC_1373], folder)
    return folder


@pytest.fixture(scope="module")
def named_engine(named_index):
    from indexer.search.engine import Engine

    eng = Engine(named_index)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def web(named_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(named_index), "TESTING": True, "PUBLIC_URL": "https://resolu.example"})
    yield app.test_client()
    get_engine(app).close()


# -- official links ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("symbol", "url"), [
    # As the UN's AKN4UN files link them (grep undocs.org/fr/S/RES in ../shared/corpus/akn4un): no space.
    ("S/RES/2231 (2015)", "https://undocs.org/fr/S/RES/2231(2015)"),
    ("S/RES/1373 (2001)", "https://undocs.org/fr/S/RES/1373(2001)"),
    ("A/RES/76/13", "https://undocs.org/fr/A/RES/76/13"),
    ("A/HRC/RES/55/15", "https://undocs.org/fr/A/HRC/RES/55/15"),
    ("E/RES/2023/2", "https://undocs.org/fr/E/RES/2023/2"),
    # Parts glued and lower case, as in A/RES/75/250b and A/RES/74/255a-b of the AKN files.
    ("A/RES/75/250 B", "https://undocs.org/fr/A/RES/75/250b"),
    ("A/RES/77/256 A-B", "https://undocs.org/fr/A/RES/77/256a-b"),
    ("A/78/L.9", "https://undocs.org/fr/A/78/L.9"),
    ("A/C.3/78/L.9/Rev.1", "https://undocs.org/fr/A/C.3/78/L.9/Rev.1"),
    ("S/2023/212", "https://undocs.org/fr/S/2023/212"),
])
def test_official_url_spells_the_symbol_as_undocs_does(symbol, url):
    assert official_url(symbol) == url


def test_symbols_in_a_report_or_draft_text():
    assert symbols_in("A/78/L.9 et A/78/L.9/Add.1.") == [(0, 8, "A/78/L.9"), (12, 26, "A/78/L.9/Add.1")]
    assert symbols_in("A/RES/ES-10/21, S/PV.9000") == [(0, 14, "A/RES/ES-10/21"), (16, 25, "S/PV.9000")]
    # A part letter follows a resolution number only.
    assert symbols_in("S/2023/212 A propos") == [(0, 10, "S/2023/212")]
    assert official_symbol("S/RES/2560(2020)") == "S/RES/2560(2020)"


# -- symbols outside the collection ------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "spelled"), [
    ("S/RES/2231 (2015)", "S/RES/2231 (2015)"),
    ("s/res/2231(2015)", "S/RES/2231 (2015)"),
    ("2231 (2015)", "S/RES/2231 (2015)"),
    ("S/RES/2231", "S/RES/2231"),
    ("a/res/77/256 a-b", "A/RES/77/256 A-B"),
    ("A/RES/ES-11/1", "A/RES/ES-11/1"),
    ("a/hrc/res/55/15", "A/HRC/RES/55/15"),
    ("E/RES/2021/2 B", "E/RES/2021/2 B"),
    ("res 78/217", None),
    ("A/78/L.9", None),
])
def test_canonical_spelling_of_a_complete_symbol(typed, spelled):
    assert canonical(typed) == spelled


def test_absent_symbols_get_the_year_their_neighbours_share():
    table = SymbolTable(["S/RES/1483 (2003)", "S/RES/1486 (2003)", "S/RES/2504 (2020)", "A/RES/68/179"])
    assert [r.symbols for r in table.absent("S/RES/1485")] == [("S/RES/1485 (2003)",)]
    # Between 2003 and 2020: no year can be told.
    assert [r.symbols for r in table.absent("S/RES/2231")] == [("S/RES/2231",)]
    assert [r.symbols for r in table.absent("migrants A/RES/76/13 et A/RES/68/179")] == [("A/RES/76/13",)]
    assert table.absent('"S/RES/2231 (2015)"') == []  # a quoted phrase is text
    assert phrase("S/RES/2231 (2015)") == '"2231 (2015)"'
    assert phrase("S/RES/2231") == '"résolution 2231"'
    assert phrase("A/RES/76/13") == '"76/13"'


def test_absent_symbol_on_the_search_page_is_named_with_its_official_link(web):
    page = web.get("/recherche?q=S%2FRES%2F2231+%282015%29").get_data(as_text=True)
    assert "<strong>S/RES/2231 (2015) n&#39;est pas dans la collection</strong>" in page
    assert ('<a class="official-link" href="https://undocs.org/fr/S/RES/2231(2015)" rel="external">'
            "https://undocs.org/fr/S/RES/2231(2015)</a>") in page
    assert "où la cote est cherchée telle que les résolutions la citent : <code>&#34;2231 (2015)&#34;</code>" in page


def test_absent_symbol_among_words_keeps_the_words(web):
    page = web.get("/recherche?q=A%2FRES%2F76%2F13+migrants").get_data(as_text=True)
    assert "A/RES/76/13 n&#39;est pas dans la collection" in page
    assert 'href="https://undocs.org/fr/A/RES/76/13"' in page
    assert '<code>&#34;76/13&#34; migrants</code>' in page
    assert "A/RES/68/179, par." in page  # the words' hits are below the notice


def test_absent_symbol_opened_as_a_permalink_is_a_404_that_helps(web):
    for path in ("/r/S/RES/2231 (2015)", "/r/S/RES/2231%20(2015)/op1", "/r/s/res/2231(2015)"):
        response = web.get(path)
        assert response.status_code == 404, path
        page = response.get_data(as_text=True)
        assert "<h1>S/RES/2231 (2015) n&#39;est pas dans la collection</h1>" in page
        assert 'href="https://undocs.org/fr/S/RES/2231(2015)"' in page
        assert "Aucun paragraphe de la collection ne la cite." in page


def test_absent_symbol_in_the_api(web):
    response = web.get("/api/r/S/RES/2231 (2015)")
    assert response.status_code == 404
    assert response.get_json() == {"error": "S/RES/2231 (2015) n'est pas dans la collection.", "status": 404,
                                   "official_url": "https://undocs.org/fr/S/RES/2231(2015)"}
    data = web.get("/api/search?q=S/RES/2231 (2015)").get_json()
    assert data["query"] == "S/RES/2231 (2015)" and data["searched"] == '"2231 (2015)"'
    assert data["absent"] == [{"symbol": "S/RES/2231 (2015)", "typed": "S/RES/2231 (2015)",
                               "message": "S/RES/2231 (2015) n'est pas dans la collection",
                               "official_url": "https://undocs.org/fr/S/RES/2231(2015)"}]
    assert data["total"] == 0


def test_absent_symbol_in_the_cli(named_index):
    from indexer.cli import main

    out = CliRunner().invoke(main, ["search", "S/RES/2231 (2015)", "--index", str(named_index)])
    assert out.exit_code == 0
    assert out.output.splitlines()[:3] == [
        "S/RES/2231 (2015) n'est pas dans la collection ; texte officiel : https://undocs.org/fr/S/RES/2231(2015)",
        'Recherche dans les textes : "2231 (2015)"',
        "0 paragraphe(s) pour « S/RES/2231 (2015) »",
    ]
    data = json.loads(CliRunner().invoke(main, ["search", "S/RES/2231 (2015)", "--index", str(named_index),
                                                "--json"]).output)
    assert data["absent"][0]["official_url"] == "https://undocs.org/fr/S/RES/2231(2015)"


# -- official links on every page, citation and export ----------------------------------------------------------

def test_resolution_and_paragraph_pages_link_the_official_document(web):
    page = web.get("/r/S/RES/1373 (2001)").get_data(as_text=True)
    assert 'href="https://undocs.org/fr/S/RES/1373(2001)" rel="external">Texte officiel (undocs.org)</a>' in page
    paragraph = web.get("/r/S/RES/1373 (2001)/op1c").get_data(as_text=True)
    assert ('<p class="official">Texte officiel : <a class="official-link" '
            'href="https://undocs.org/fr/S/RES/1373(2001)" rel="external">') in paragraph
    hits = web.get("/recherche?q=terrorisme").get_data(as_text=True)
    assert '<a class="official-link" href="https://undocs.org/fr/S/RES/1373(2001)" rel="external">Texte officiel</a>' \
        in hits


def test_api_and_exports_link_the_official_document(web):
    res = web.get("/api/r/S/RES/1373 (2001)").get_json()
    assert res["official_url"] == "https://undocs.org/fr/S/RES/1373(2001)"
    assert res["paragraphs_list"][0]["official_url"] == "https://undocs.org/fr/S/RES/1373(2001)"
    one = web.get("/api/r/S/RES/1373 (2001)/op1c").get_json()
    assert one["paragraph"]["official_url"] == one["resolution"]["official_url"]
    csv_text = web.get("/r/S/RES/1373 (2001)/op1c.csv").get_data(as_text=True)
    assert ",url,official_url,source," in csv_text.splitlines()[0]
    assert ",https://resolu.example/r/S/RES/1373%20(2001)/op1c,https://undocs.org/fr/S/RES/1373(2001)," in csv_text
    assert "L2  - https://undocs.org/fr/S/RES/1373(2001)" in web.get("/r/S/RES/1373 (2001).ris").get_data(as_text=True)
    feed = web.get("/recherche.atom?q=terrorisme").get_data(as_text=True)
    assert ('<link rel="related" type="text/html" title="Texte officiel" '
            'href="https://undocs.org/fr/S/RES/1373(2001)" />') in feed


def test_draft_report_and_meeting_symbols_become_official_links(bilingual):
    # A/RES/76/239 (tests/data/akn): its draft and its report, as its AKN file gives them.
    page = bilingual.get("/r/A/RES/76/239").get_data(as_text=True)
    meta = bilingual.get("/api/r/A/RES/76/239").get_json()
    for symbol in (meta["draft"], meta["report"]):
        for found in symbols_in(symbol):
            assert f'<a class="official-link" href="{official_url(found[2])}" rel="external">{found[2]}</a>' in page


# -- citations pasted back ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "key"), [
    ("par. 4 a)", "par. 4 a)"),
    ("para. 4 (a)", "par. 4 a)"),
    ("paragraph 4(a)", "par. 4 a)"),
    ("Par.4 a", "par. 4 a)"),
    ("par. 4 a) ii)", "par. 4 a) ii)"),
    ("3rd preambular paragraph", "3e alinéa du préambule"),
    ("preambular paragraph 1", "1er alinéa du préambule"),
    ("3e alinéa du préambule", "3e alinéa du préambule"),
    ("partie B, par. 3", "partie b, par. 3"),
])
def test_normalize_label(typed, key):
    assert normalize_label(typed) == key


def test_label_after_symbol():
    assert label_after_symbol(", par. 4 a)") == "par. 4 a)"
    assert label_after_symbol(" para. 4 (a)") == "para. 4 (a)"
    assert label_after_symbol(", 3e alinéa du préambule") == "3e alinéa du préambule"
    assert label_after_symbol(" migrants") is None


def test_every_printed_citation_of_the_seed_index_opens_its_paragraph(named_engine):
    from indexer.search.named import cited_paragraph

    checked = 0
    for symbol in named_engine.resolutions():
        for p in named_engine.resolution(symbol)["paragraphs_list"]:
            cited = cited_paragraph(named_engine, citation(symbol, p))
            assert cited is not None and cited.anchor == p["anchor"], citation(symbol, p)
            checked += 1
    assert checked == sum(m["paragraphs"] for m in named_engine.resolutions().values())
    assert checked > 100


def test_every_printed_citation_of_the_akn_fixtures_opens_its_paragraph(bilingual_engine):
    from indexer.search.named import cited_paragraph

    for symbol in bilingual_engine.resolutions():
        paragraphs = bilingual_engine.resolution(symbol)["paragraphs_list"]
        for p in paragraphs:
            assert find_cited(paragraphs, citation(symbol, p).removeprefix(f"{symbol}, ")) is p
            cited = cited_paragraph(bilingual_engine, citation(symbol, p))
            assert cited is not None and cited.anchor == p["anchor"], citation(symbol, p)


@pytest.mark.parametrize(("typed", "location"), [
    ("A/RES/68/179, par. 4 a)", "/r/A/RES/68/179/op4a"),
    ("A/RES/68/179 par. 4 a)", "/r/A/RES/68/179/op4a"),
    ("A/RES/68/179, para. 4 (a)", "/r/A/RES/68/179/op4a"),
    ("S/RES/1373 (2001), par. 1 c)", "/r/S/RES/1373%20(2001)/op1c"),
    ("S/RES/1373 (2001), para. 1 (c)", "/r/S/RES/1373%20(2001)/op1c"),
    ("s/res/1373(2001) par. 1 c)", "/r/S/RES/1373%20(2001)/op1c"),
    ("1373 (2001), par. 1 c)", "/r/S/RES/1373%20(2001)/op1c"),
    ("A/RES/68/179, 3e alinéa du préambule", "/r/A/RES/68/179/pp3"),
    ("S/RES/1373 (2001), 10e alinéa du préambule", "/r/S/RES/1373%20(2001)/pp10"),
    ("A/RES/68/179, par. 16", "/r/A/RES/68/179/op16"),
])
def test_pasted_citation_opens_its_paragraph(web, typed, location):
    response = web.get("/recherche", query_string={"q": typed})
    assert response.status_code == 303
    assert response.headers["Location"] == location


def test_label_alone_opens_the_paragraph_of_the_chosen_resolution(web):
    response = web.get("/recherche", query_string={"q": "par. 4 a)", "symbol": "A/RES/68/179"})
    assert response.status_code == 303 and response.headers["Location"] == "/r/A/RES/68/179/op4a"


def test_citation_of_a_missing_paragraph_says_so(web):
    response = web.get("/recherche", query_string={"q": "A/RES/68/179, par. 99"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "La résolution A/RES/68/179 n&#39;a pas de paragraphe « par. 99 »." in page
    assert '<a href="/r/A/RES/68/179">Voir la résolution A/RES/68/179 en entier</a>' in page


def test_pasted_citation_in_the_api_and_the_cli(web, named_index):
    data = web.get("/api/search", query_string={"q": "A/RES/68/179, par. 4 a)", "limit": 1}).get_json()
    assert data["cited"]["symbol"] == "A/RES/68/179" and data["cited"]["anchor"] == "op4a"
    assert data["cited"]["citation"] == "A/RES/68/179, par. 4 a)"
    assert data["cited"]["url"] == "https://resolu.example/r/A/RES/68/179/op4a"
    assert data["cited"]["official_url"] == "https://undocs.org/fr/A/RES/68/179"
    from indexer.cli import main

    out = CliRunner().invoke(main, ["search", "S/RES/1373 (2001), par. 1 c)", "--index", str(named_index)])
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert lines[0] == "S/RES/1373 (2001), par. 1 c)"
    assert lines[1].startswith("  Geler sans attendre les fonds et autres avoirs financiers")
    assert lines[2] == "  Texte officiel : https://undocs.org/fr/S/RES/1373(2001)"
    missing = CliRunner().invoke(main, ["search", "A/RES/68/179, par. 99", "--index", str(named_index)])
    assert missing.exit_code == 2
    assert "la résolution A/RES/68/179 n'a pas de paragraphe « par. 99 »" in missing.output


def test_a_number_printed_twice_is_cited_with_its_anchor():
    # AKN: E/RES/2025/21 prints paragraphs 1 to 6 twice; A/RES/77/256 A-B part B section II prints 1 twice.
    second = {"kind": "operative", "anchor": "op1-2", "number": "1"}
    assert citation("E/RES/2025/21", second) == "E/RES/2025/21, par. 1 (numérotation incertaine, op1-2)"
    part = {"kind": "operative", "anchor": "B-II-op1-2", "number": "1", "part": "B"}
    assert citation("A/RES/77/256 A-B", part) == \
        "A/RES/77/256 A-B, partie B, section II, par. 1 (numérotation incertaine, B-II-op1-2)"
    # A dash item with no letter recorded (E/RES/2021/29 op1-t1) is cited as such, not as its chapeau.
    assert citation("E/RES/2021/29", {"kind": "subparagraph", "anchor": "op1-t1", "number": "1"}) == \
        "E/RES/2021/29, par. 1 1er tiret"
    paragraphs = [{"kind": "operative", "anchor": "op1", "number": "1"}, second]
    assert find_cited(paragraphs, "par. 1 (numérotation incertaine, op1-2)") is second
    assert find_cited(paragraphs, "par. 1") is paragraphs[0]
