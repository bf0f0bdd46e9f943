"""Test symbol lookup: typed symbols in the search box, cote: without the year, /r/ short symbols."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.search.symbols import SymbolTable, key, without

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SC = ROOT / "tests" / "data" / "sc"
AKN = ROOT / "tests" / "data" / "akn"

KNOWN = ["A/RES/68/179", "A/RES/78/217", "S/RES/1483 (2003)", "S/RES/2720 (2023)", "A/HRC/RES/55/15",
         "A/RES/55/15", "E/RES/2023/1", "A/RES/77/256 A-B", "S/2023/212", "A/RES/ES-10/21"]


@pytest.fixture(scope="module")
def table() -> SymbolTable:
    return SymbolTable(KNOWN)


# -- lookup ---------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected"), [
    ("A/RES/68/179", ("A/RES/68/179",)),
    ("a/res/68/179", ("A/RES/68/179",)),
    ("S/RES/1483 (2003)", ("S/RES/1483 (2003)",)),
    ("S/RES/2720(2023)", ("S/RES/2720 (2023)",)),
    ("1483 (2003)", ("S/RES/1483 (2003)",)),
    ("S/RES/1483", ("S/RES/1483 (2003)",)),
    ("res 78/217", ("A/RES/78/217",)),
    ("résolution 78/217", ("A/RES/78/217",)),
    ("A/HRC/RES/55/15", ("A/HRC/RES/55/15",)),
    ("E/RES/2023/1", ("E/RES/2023/1",)),
    ("A/RES/77/256", ("A/RES/77/256 A-B",)),
    ("S/2023/212", ("S/2023/212",)),
    ("A/RES/ES-10/21", ("A/RES/ES-10/21",)),
    # Both end in 55/15: the General Assembly's and the Human Rights Council's.
    ("res 55/15", ("A/HRC/RES/55/15", "A/RES/55/15")),
    ("S/RES/9999", ()),
    ("migrants", ()),
    ("", ()),
])
def test_lookup_finds_the_resolutions_a_typed_symbol_means(table, typed, expected) -> None:
    assert table.lookup(typed) == expected


def test_key_ignores_case_and_spaces() -> None:
    assert key("S/RES/1483 (2003)") == "s/res/1483(2003)"
    assert key(" s/res/1483(2003) ") == "s/res/1483(2003)"


def test_references_are_cut_out_of_the_words(table) -> None:
    refs = table.references("migrants A/RES/68/179 détention")
    assert [(r.typed, r.symbols) for r in refs] == [("A/RES/68/179", ("A/RES/68/179",))]
    assert without("migrants A/RES/68/179 détention", refs) == "migrants détention"


def test_council_number_with_year_is_a_reference(table) -> None:
    refs = table.references("pétrole 1483 (2003)")
    assert [r.symbols for r in refs] == [("S/RES/1483 (2003)",)]


def test_quoted_symbols_and_unknown_numbers_stay_words(table) -> None:
    assert table.references('"A/RES/68/179"') == []
    assert table.references("article 12/3 paragraphe") == []
    assert table.references("en 2003 (2003)") == []


# -- the engine ----------------------------------------------------------------

@pytest.fixture(scope="module")
def symbols_index(tmp_path_factory) -> Path:
    """Seed, two Council resolutions, and two resolutions whose symbols both end in 55/15."""
    from indexer.store.build import build_index

    sources = tmp_path_factory.mktemp("symbol-sources")
    # The seed again, renumbered: the General Assembly's 55/15 beside the Council's.
    (sources / "A_RES_55_15.md").write_text(SEED.read_text(encoding="utf-8").replace("68/179", "55/15"),
                                            encoding="utf-8")
    folder = tmp_path_factory.mktemp("symbol-index")
    build_index([SEED, SC / "S_RES_1483_2003.fr.txt", SC / "S_RES_1820_2008.fr.txt",
                 AKN / "A_HRC_RES_55_15F.xml", sources / "A_RES_55_15.md"], folder)
    return folder


@pytest.fixture(scope="module")
def sym_engine(symbols_index):
    from indexer.search.engine import Engine

    eng = Engine(symbols_index)
    yield eng
    eng.close()


def test_symbol_alone_is_the_resolution(sym_engine) -> None:
    result = sym_engine.search("S/RES/1483 (2003)", per_page=500)
    assert {h.symbol for h in result.hits} == {"S/RES/1483 (2003)"}
    assert result.hits[0].anchor == "pp1"
    assert result.filters == {"symbol": ["S/RES/1483 (2003)"]}


def test_symbol_among_words_ranks_its_paragraphs_first(sym_engine) -> None:
    # "migrants" is in A/RES/68/179 and in its renumbered copy: the one named comes first.
    result = sym_engine.search("migrants A/RES/55/15", per_page=500)
    firsts = [h.symbol for h in result.hits[:10]]
    assert firsts == ["A/RES/55/15"] * 10
    assert "A/RES/68/179" in {h.symbol for h in result.hits}


def test_cote_without_year_matches_when_unique(sym_engine) -> None:
    with_year = sym_engine.search('cote:"S/RES/1483 (2003)"')
    short = sym_engine.search("cote:S/RES/1483")
    assert short.total == with_year.total == 66
    assert short.filters == {"symbol": ["S/RES/1483 (2003)"]}
    assert sym_engine.search("sécurité", {"symbol": ["s/res/1820"]}).filters == {"symbol": ["S/RES/1820 (2008)"]}


def test_ambiguous_cote_is_refused_with_its_candidates(sym_engine) -> None:
    from indexer.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match=r"cote ambiguë « res 55/15 » : 2 résolutions possibles "
                                               r"\(A/HRC/RES/55/15, A/RES/55/15\)"):
        sym_engine.search('cote:"res 55/15"')


def test_symbol_of_query_only_for_a_symbol_alone(sym_engine) -> None:
    assert sym_engine.symbol_of_query("1483 (2003)") == ("S/RES/1483 (2003)",)
    assert sym_engine.symbol_of_query("res 55/15") == ("A/HRC/RES/55/15", "A/RES/55/15")
    assert sym_engine.symbol_of_query("pétrole 1483 (2003)") == ()
    assert sym_engine.symbol_of_query("migrants") == ()


# -- the web app ---------------------------------------------------------------

@pytest.fixture(scope="module")
def client(symbols_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(symbols_index), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


@pytest.mark.parametrize(("typed", "location"), [
    ("A/RES/68/179", "/r/A/RES/68/179"),
    ("S/RES/1483 (2003)", "/r/S/RES/1483%20(2003)"),
    ("1483 (2003)", "/r/S/RES/1483%20(2003)"),
    ("s/res/1820(2008)", "/r/S/RES/1820%20(2008)"),
    ("A/HRC/RES/55/15", "/r/A/HRC/RES/55/15"),
    ("res 55/15", "/r/res%2055/15"),
])
def test_search_box_symbol_goes_to_the_resolution(client, typed, location) -> None:
    response = client.get("/recherche", query_string={"q": typed})
    assert response.status_code == 303
    assert response.headers["Location"] == location


def test_search_box_symbol_with_words_stays_a_search(client) -> None:
    response = client.get("/recherche", query_string={"q": "pétrole 1483 (2003)"})
    assert response.status_code == 200
    assert "S/RES/1483 (2003), par. " in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "location"), [
    ("/r/S/RES/1483", "/r/S/RES/1483%20(2003)"),
    ("/r/S/RES/1483/op3", "/r/S/RES/1483%20(2003)/op3"),
    ("/r/1483 (2003)", "/r/S/RES/1483%20(2003)"),
])
def test_short_symbol_path_redirects_to_the_one_resolution(client, path, location) -> None:
    response = client.get(path)
    # Not permanent: a short symbol may mean more once more resolutions are indexed.
    assert response.status_code == 302
    assert response.headers["Location"] == location


def test_ambiguous_path_lists_the_candidates(client) -> None:
    response = client.get("/r/res 55/15")
    page = response.get_data(as_text=True)
    assert response.status_code == 300
    assert "Plusieurs résolutions pour « res 55/15 »" in page
    assert 'href="/r/A/HRC/RES/55/15"' in page and 'href="/r/A/RES/55/15"' in page


def test_ambiguous_path_json_twin_lists_the_candidates(client) -> None:
    response = client.get("/api/r/res 55/15")
    assert response.status_code == 300
    body = response.get_json()
    assert [c["symbol"] for c in body["candidates"]] == ["A/HRC/RES/55/15", "A/RES/55/15"]
    assert body["candidates"][0]["url"] == "http://localhost/r/A/HRC/RES/55/15"
    assert "2 résolutions" in body["error"]


def test_unknown_short_symbol_is_still_a_french_404(client) -> None:
    response = client.get("/r/S/RES/9999")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    # A Council number past every held one: no neighbour gives its year, so no official link can be built.
    assert "S/RES/9999 n&#39;est pas dans la collection" in page
    assert "Précisez l'année (S/RES/9999 (AAAA)) pour obtenir le lien vers le texte officiel." in page
