"""Test the web app with Flask's test client: every route, status, JSON shape and header."""

from __future__ import annotations

import json
import re
import threading
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SC = ROOT / "tests" / "data" / "sc"
# Security Council resolutions with the hard cases: a space and parentheses in
# the symbol, parts A/B (anchors "A-op3"), third-level items ("op16c-i").
SC_FILES = [SC / "S_RES_1820_2008.fr.txt", SC / "S_RES_1011_1995.fr.txt", SC / "S_RES_1483_2003.fr.txt"]


@pytest.fixture(scope="module")
def multi_app(tmp_path_factory):
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    folder = tmp_path_factory.mktemp("multi")
    build_index([SEED, *SC_FILES], folder)
    app = create_app({"INDEX_DIR": str(folder), "TESTING": True})
    yield app
    get_engine(app).close()


@pytest.fixture()
def multi(multi_app):
    return multi_app.test_client()


def html(response) -> str:
    return response.get_data(as_text=True)


def hrefs(page: str, css_class: str | None = None) -> list[str]:
    """Return the (unescaped) href of every link, or of links with a class."""
    out = []
    for m in re.finditer(r"<a\b([^>]*)>", page):
        attrs = m.group(1)
        if css_class and not re.search(rf'class="[^"]*\b{css_class}\b', attrs):
            continue
        h = re.search(r'href="([^"]*)"', attrs)
        if h:
            out.append(unescape(h.group(1)))
    return out


def facet_links(page: str, facet: str) -> dict[str, tuple[str, bool, int]]:
    """Return {value: (toggle url, selected, count)} for one facet of a search page."""
    section = re.search(rf'<section class="facet" data-facet="{facet}">(.*?)</section>', page, re.S)
    assert section, f"no facet {facet}"
    out = {}
    for m in re.finditer(r'<a href="([^"]*)"( aria-current="true")?[^>]*data-value="([^"]*)">.*?'
                         r'<span class="count">(\d+)</span>', section.group(1), re.S):
        out[unescape(m.group(3))] = (unescape(m.group(1)), bool(m.group(2)), int(m.group(4)))
    return out


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def hit_anchors(page: str) -> list[str]:
    return re.findall(r'<h2 class="cite" id="hit-\d+"><a href="/r/[^"]*/([^"/]+)">', page)


# -- search page ---------------------------------------------------------------

def test_home_page_has_a_labelled_search_box_and_the_resolutions(client):
    r = client.get("/")
    assert r.status_code == 200
    page = html(r)
    assert '<html lang="fr">' in page
    assert '<label for="q">' in page and 'id="q"' in page and 'name="q"' in page
    assert 'role="search"' in page
    assert "Syntaxe de recherche" in page and "verbe:" in page and "cote:" in page
    assert 'href="/r/A/RES/68/179"' in page
    # A space between the title and its date (trim_blocks ate it: "migrants(18 décembre 2013)").
    assert 'Protection des migrants <span class="date">(18 décembre 2013)</span>' in page
    assert '<meta name="viewport"' in page
    assert client.get("/recherche").status_code == 200


def test_results_are_highlighted_stem_aware(client):
    page = html(client.get("/recherche?q=migrante"))
    assert "<mark>migrants</mark>" in page
    assert "pour « migrante »" in page
    # As many wordings as paragraphs in the seed's result: the title counts paragraphs only.
    assert re.search(r"\d+ paragraphes pour", page)


def test_card_shows_citation_title_date_kind_verb_addressees_and_permalink(client):
    page = html(client.get("/recherche?q=arrestations"))
    assert hit_anchors(page) == ["op4a"]
    assert "A/RES/68/179, par. 4 a)" in page
    assert "Protection des migrants" in page and "18 décembre 2013" in page
    assert "alinéa du dispositif" in page
    assert 'href="/recherche?verb=Demande">Demande</a>' in page and "(Calls upon)" in page
    assert 'href="/recherche?addressee=%C3%89tats">États</a>' in page
    assert 'href="/r/A/RES/68/179/op4a"' in page
    assert 'href="/r/A/RES/68/179#op4a"' in page
    # A sub-paragraph shows the opening words of its chapeau.
    assert re.search(r'<p class="chapeau">.*4\. Réaffirme également que les États', page)


def test_preambular_citation(client):
    page = html(client.get("/recherche?q=circuler"))
    assert "A/RES/68/179, 3e alinéa du préambule" in page
    assert "préambule</span>" in page


def test_footnote_calls_in_cards_link_to_the_note_on_the_permalink(client):
    # The search page shows no notes: a call leads to the paragraph's page, where note 9 is.
    page = html(client.get("/recherche?q=%22Convention+de+Vienne%22"))
    assert '<sup class="call"><a href="/r/A/RES/68/179/op4h#fn-op4h-9"' in page
    assert 'id="fn-op4h-9"' in html(client.get("/r/A/RES/68/179/op4h"))


def test_facet_toggle_urls_add_and_remove_values(client):
    page = html(client.get("/recherche?q=migrants&page=2"))
    verbs = facet_links(page, "verb")
    url, selected, count = verbs["Prie"]
    assert not selected and count > 0
    assert params(url) == {"q": ["migrants"], "verb": ["Prie"]}  # page reset to 1
    page = html(client.get(url))
    verbs = facet_links(page, "verb")
    url_off, selected, count_on = verbs["Prie"]
    assert selected and count_on == count
    assert params(url_off) == {"q": ["migrants"]}
    # A second value of the same facet is OR-ed; another facet is AND-ed.
    url_two = verbs["Demande"][0]
    assert params(url_two)["verb"] == ["Prie", "Demande"]
    kinds = facet_links(page, "kind")
    url_kind = kinds["subparagraph"][0]
    assert params(url_kind) == {"q": ["migrants"], "verb": ["Prie"], "kind": ["subparagraph"]}
    both = html(client.get(url_two))
    assert facet_links(both, "verb")["Demande"][1] and facet_links(both, "verb")["Prie"][1]


def test_facet_counts_change_with_filters(client, engine):
    page = html(client.get("/recherche?q=migrants"))
    before = facet_links(page, "kind")
    page = html(client.get("/recherche?q=migrants&verb=Prie"))
    after = facet_links(page, "kind")
    assert before != after
    expected = engine.search("migrants", {"verb": ["Prie"]}).facets["kind"]
    assert {b.value: b.count for b in expected} == {k: v[2] for k, v in after.items()}


def test_facet_labels_show_english_verbs_and_french_kinds(client):
    page = html(client.get("/recherche?q=migrants"))
    assert "Prie (Requests)" in page
    assert "dispositif" in page and "Type de paragraphe" in page


def test_active_filters_listed_with_remove_links_and_clear_all(client):
    page = html(client.get("/recherche?q=migrants&verb=Prie&kind=dispositif&addressee=%C3%89tats"))
    assert "Filtres actifs" in page
    removes = hrefs(page, "remove")
    assert len(removes) == 3
    assert {tuple(sorted(params(u))) for u in removes} == {
        ("addressee", "kind", "q"), ("addressee", "q", "verb"), ("kind", "q", "verb")}
    # "dispositif" in the URL is the "operative" kind: removing it works.
    assert any("kind" not in params(u) for u in removes)
    clear = hrefs(page, "clear")
    assert clear == ["/recherche?q=migrants"]


def test_filter_typed_in_the_query_is_listed_and_removable(client):
    page = html(client.get("/recherche?q=verbe%3APrie+migrants"))
    verbs = facet_links(page, "verb")
    url, selected, _ = verbs["Prie"]
    assert selected
    assert params(url) == {"q": ["migrants"]}
    assert hrefs(page, "clear") == ["/recherche?q=migrants"]


def test_empty_query_with_filter_browses_in_document_order(client, engine):
    page = html(client.get("/recherche?verb=Prie"))
    expected = engine.search("", {"verb": ["Prie"]}, per_page=100)
    assert f"{expected.total} paragraphes" in page
    assert hit_anchors(page) == [h.anchor for h in expected.hits]


def test_pagination_and_total(client):
    page = html(client.get("/recherche?q=migrants&per_page=5"))
    assert "page 1 sur 11" in page and "52 paragraphes" in page
    nxt = re.search(r'<a rel="next" href="([^"]*)"', page).group(1)
    assert params(unescape(nxt)) == {"q": ["migrants"], "per_page": ["5"], "page": ["2"]}
    page2 = html(client.get(unescape(nxt)))
    assert '<ol class="hits" id="resultats" tabindex="-1" start="6">' in page2
    assert 'rel="prev"' in page2
    assert set(hit_anchors(page2)).isdisjoint(hit_anchors(page))
    beyond = client.get("/recherche?q=migrants&page=99")
    assert beyond.status_code == 200 and "au-delà de la dernière" in html(beyond)


def test_pagination_shows_the_first_last_and_nearby_pages_only(client):
    from webapp.present import page_window

    assert page_window(1, 6000) == [1, 2, 3, 4, 6000]
    assert page_window(50, 6000) == [1, 47, 48, 49, 50, 51, 52, 53, 6000]
    assert page_window(2, 3) == [1, 2, 3]
    # 52 paragraphs of "migrants", 2 a page: 26 pages.
    page = html(client.get("/recherche?q=migrants&per_page=2&page=10"))
    nav = page[page.index('<nav class="pagination"'):]
    nav = nav[:nav.index("</nav>")]
    shown = re.findall(r'>(\d+|…)</(?:a|span|li)>', nav)
    assert shown == ["1", "…", "8", "9", "10", "11", "12", "…", "26"]
    assert '<span aria-current="page">10</span>' in nav


def test_sort_by_document_order(client, engine):
    page = html(client.get("/recherche?q=migrants&sort=order&per_page=100"))
    positions = {p["anchor"]: p["position"] for p in engine.resolution("A/RES/68/179")["paragraphs_list"]}
    found = hit_anchors(page)
    assert found and [positions[a] for a in found] == sorted(positions[a] for a in found)
    assert '<option value="order" selected>' in page


def test_no_match_explains_and_suggests(client):
    page = html(client.get("/recherche?q=xenofobie"))
    assert "Aucun paragraphe" in page
    assert "Vouliez-vous dire" in page and "« xénophobie »" in page
    assert "/recherche?q=x%C3%A9nophobie" in hrefs(page)
    assert "<strong>xenofobie</strong>" in page


def test_no_match_names_the_filter_to_drop(client):
    page = html(client.get("/recherche?verb=Rappelant&kind=operative"))
    assert "Aucun paragraphe" in page
    assert "Sans le filtre Type de paragraphe : « dispositif »" in page
    assert "/recherche?verb=Rappelant" in hrefs(page)


def test_partial_match_names_words_found_nowhere(client):
    page = html(client.get("/recherche?q=migrants+zzyzx"))
    assert "Aucun paragraphe ne contient" in page and "<strong>zzyzx</strong>" in page


def test_page_says_which_equivalent_wordings_were_also_searched(client):
    # « droits de l'homme » is printed « droits humains » since 2019 (indexer/text/equivalents.py).
    page = html(client.get("/recherche", query_string={"q": "droits de l'homme des migrants"}))
    assert ("Recherche élargie à : « droits humains » (même sens que « droits de l&#39;homme »). "
            "<a " in " ".join(page.split()))
    exact = [h for h in hrefs(page) if "droits" in h and "homme" in h and "%22" in h]
    assert params(exact[0])["q"] == ['"droits de l\'homme" des migrants']
    assert "Chercher les mots exacts seulement</a>" in page
    # The exact words: nothing widened, nothing said.
    quoted = html(client.get("/recherche", query_string={"q": '"droits de l\'homme" des migrants'}))
    assert "Recherche élargie" not in quoted
    assert "Recherche élargie" not in html(client.get("/recherche?q=migrants"))


def test_search_json_says_which_equivalent_wordings_were_also_searched(client):
    data = client.get("/api/search", query_string={"q": "Droits de l’homme des migrants"}).get_json()
    assert data["equivalents"] == [{"typed": "Droits de l’homme", "also": ["droits humains"]}]
    assert data["exact_query"] == '"Droits de l’homme" des migrants'
    plain = client.get("/api/search?q=migrants").get_json()
    assert plain["equivalents"] == [] and plain["exact_query"] is None
    quoted = client.get("/api/search", query_string={"q": '"droits de l\'homme" des migrants'}).get_json()
    assert quoted["equivalents"] == [] and quoted["exact_query"] is None
    # English queries have no equivalents table: nothing widened, nothing said.
    english = client.get("/api/search", query_string={"q": "human rights of migrant children", "lang": "en"})
    assert english.status_code == 200
    assert english.get_json()["equivalents"] == [] and english.get_json()["exact_query"] is None


def test_script_query_is_escaped(client):
    r = client.get("/recherche", query_string={"q": "<script>alert(1)</script>"})
    assert r.status_code == 200
    page = html(r)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markup_in_filter_values_is_escaped(client):
    r = client.get("/recherche", query_string={"verb": '"><img src=x onerror=alert(1)>'})
    assert r.status_code == 200
    assert "<img src=x" not in html(r)


@pytest.mark.parametrize("query", ['"unbalanced (', "(migrants", 'a "b'])
def test_unparseable_query_is_a_400_page(client, query):
    r = client.get("/recherche", query_string={"q": query})
    assert r.status_code == 400
    page = html(r)
    assert '<html lang="fr">' in page and "Requête incorrecte" in page
    assert "guillemet" in page or "parenthèses" in page
    assert 'value="' + query.replace('"', "&#34;").replace("(", "(") + '"' in page


@pytest.mark.parametrize("qs", ["page=abc", "page=0", "per_page=1000", "sort=sideways"])
def test_bad_parameters_are_400(client, qs):
    r = client.get(f"/recherche?q=migrants&{qs}")
    assert r.status_code == 400
    assert "Requête incorrecte" in html(r)


def test_post_is_not_allowed(client):
    r = client.post("/recherche")
    assert r.status_code == 405
    assert "GET" in r.headers["Allow"]


# -- resolution view and permalinks ----------------------------------------------

def test_resolution_page(client, engine):
    r = client.get("/r/A/RES/68/179")
    assert r.status_code == 200
    page = html(r)
    res = engine.resolution("A/RES/68/179")
    for p in res["paragraphs_list"]:
        assert f'id="{p["anchor"]}"' in page
        assert f'href="/r/A/RES/68/179/{p["anchor"]}"' in page
    assert page.count(">¶</a>") == len(res["paragraphs_list"])
    assert "Protection des migrants" in page and "18 décembre 2013" in page
    assert "A/68/456/Add.2" in page and "70e séance plénière" in page
    # Footnote 1 is called at the end of pp1 and printed right under it.
    assert '<a href="#fn-pp1-1" aria-label="note 1">1</a>' in page
    assert 'id="fn-pp1-1"' in page and "Supplément n° 53 (A/68/53)" in page
    # Cited resolutions not in the index link to the paragraphs citing them.
    assert 'href="/recherche?resolution=A/RES/67/172"' in unescape(page) or \
        'href="/recherche?resolution=A%2FRES%2F67%2F172"' in page
    assert "Préambule" in page and "Dispositif" in page


def test_permalink_page(client):
    r = client.get("/r/A/RES/68/179/op4a")
    assert r.status_code == 200
    page = html(r)
    assert "<h1>A/RES/68/179, par. 4 a)</h1>" in page
    assert 'value="A/RES/68/179, par. 4 a)"' in page
    assert 'value="http://localhost/r/A/RES/68/179/op4a"' in page
    assert "Réaffirme également que les États sont tenus" in page  # the chapeau
    assert "L&#39;Assemblée générale," in page
    assert '<a rel="prev" href="/r/A/RES/68/179/op4">' in page
    assert '<a rel="next" href="/r/A/RES/68/179/op4b">' in page
    assert 'href="/r/A/RES/68/179#op4a"' in page
    assert "para_4__list_1__point_a" in page
    assert 'rel="canonical"' in page


def test_permalink_shows_footnotes(client):
    page = html(client.get("/r/A/RES/68/179/op4h"))
    assert 'id="fn-op4h-9"' in page and "vol. 596" in page
    assert '<a href="#fn-op4h-9" aria-label="note 9">9</a>' in page


def test_eid_redirects_to_the_anchor(client):
    r = client.get("/r/A/RES/68/179/para_4__list_1__point_a")
    assert r.status_code in (301, 302)
    assert r.headers["Location"].endswith("/r/A/RES/68/179/op4a")
    r = client.get("/r/A/RES/68/179/preamble__p_3")
    assert r.headers["Location"].endswith("/r/A/RES/68/179/pp3")


def test_other_spellings_redirect_to_the_canonical_url(client):
    r = client.get("/r/a/res/68/179")
    assert r.status_code == 301 and r.headers["Location"].endswith("/r/A/RES/68/179")
    r = client.get("/r/A/RES/68/179/OP4A")
    assert r.status_code == 301 and r.headers["Location"].endswith("/r/A/RES/68/179/op4a")


def test_unknown_resolution_is_a_helpful_404(client):
    r = client.get("/r/A/RES/99/999")
    assert r.status_code == 404
    page = html(r)
    # A complete symbol outside the collection: said so, with its official text (issue 21).
    assert "A/RES/99/999 n&#39;est pas dans la collection" in page
    assert 'href="https://undocs.org/fr/A/RES/99/999"' in page
    assert 'href="/recherche"' in page or 'href="/"' in page


def test_unknown_anchor_is_a_helpful_404(client):
    r = client.get("/r/A/RES/68/179/op99")
    assert r.status_code == 404
    page = html(r)
    assert "n&#39;a pas de paragraphe « op99 »" in page
    assert 'href="/r/A/RES/68/179"' in page


def test_unknown_page_is_a_404(client):
    r = client.get("/nulle-part")
    assert r.status_code == 404
    assert "Aller à la recherche" in html(r)


def test_symbols_with_spaces_and_parentheses(multi):
    for url in ("/r/S/RES/1820 (2008)", "/r/S/RES/1820%20(2008)", "/r/" + quote("S/RES/1820 (2008)")):
        r = multi.get(url)
        assert r.status_code == 200, url
        assert 'id="op3"' in html(r)
    r = multi.get("/r/S/RES/1820 (2008)/op3")
    assert r.status_code == 200
    assert "<h1>S/RES/1820 (2008), par. 3</h1>" in html(r)
    r = multi.get("/r/S/RES/1820 (2008)/para_3")
    assert r.status_code == 301
    assert multi.get(r.headers["Location"]).status_code == 200
    # Every link the search page prints for these symbols resolves.
    page = html(multi.get("/recherche?q=violence+sexuelle&symbol=S%2FRES%2F1820+%282008%29"))
    links = [u for u in hrefs(page) if u.startswith("/r/")]
    assert links
    for url in links[:10]:
        assert multi.get(url.split("#")[0]).status_code == 200, url


def test_part_and_third_level_labels(multi):
    page = html(multi.get("/r/S/RES/1011 (1995)/B-op7"))
    assert "S/RES/1011 (1995), partie B, par. 7" in page
    page = html(multi.get("/r/S/RES/1483 (2003)/op16c-i"))
    assert "<h1>S/RES/1483 (2003), par. 16 c) i)</h1>" in page
    # Both chapeaux (16 and 16 c)) give the context.
    assert page.count('<p class="chapeau">') == 2
    page = html(multi.get("/r/S/RES/1011 (1995)"))
    assert "Partie A — dispositif" in page and "Partie B — dispositif" in page


# -- JSON API ------------------------------------------------------------------

def test_api_search_is_the_cli_json(client, engine):
    # full=1: the hits' whole records, as the CLI prints them (the default hits are slimmer, tests/test_payload.py).
    r = client.get("/api/search?q=migrants&verb=Prie&verb=Demande&kind=operative&page=1&sort=relevance&full=1")
    assert r.status_code == 200 and r.is_json
    expected = engine.search("migrants", {"verb": ["Prie", "Demande"], "kind": ["operative"]}, per_page=20)
    data = r.get_json()
    # The API adds each hit's citation and permalink (tests/test_export.py) to the CLI's JSON.
    links = [{k: hit.pop(k) for k in ("citation", "url", "official_url")} for hit in data["hits"]]
    from indexer.search.agreed import SimilarFinder

    # The API also adds each hit's wording cluster (issue 14), as `resolu search --json` does.
    assert data == SimilarFinder(engine).annotate(expected.to_json())
    assert links[0]["citation"].startswith("A/RES/68/179, par. ")
    assert links[0]["official_url"] == "https://undocs.org/fr/A/RES/68/179"
    assert set(data) >= {"query", "filters", "total", "page", "per_page", "sort", "hits", "facets",
                         "unmatched", "suggestions"}
    assert set(data["facets"]) == {"verb", "addressee", "instrument", "resolution", "kind", "symbol",
                                   "organ", "year", "sponsor", "accepted_by", "vote", "sdg", "subject"}
    assert {"symbol", "anchor", "snippet", "highlighted", "verb", "addressees"} <= set(data["hits"][0])


def test_api_search_browse_and_paging(client, engine):
    data = client.get("/api/search?addressee=%C3%89tats&per_page=5&page=2&full=1").get_json()
    from indexer.search.agreed import SimilarFinder

    for hit in data["hits"]:
        del hit["citation"], hit["url"], hit["official_url"]
    expected = engine.search("", {"addressee": ["États"]}, per_page=5, page=2).to_json()
    assert data == SimilarFinder(engine).annotate(expected)
    assert data["page"] == 2 and len(data["hits"]) == 5


def test_api_resolution(client):
    r = client.get("/api/r/A/RES/68/179")
    assert r.status_code == 200
    data = r.get_json()
    assert data["symbol"] == "A/RES/68/179" and data["title"] == "Protection des migrants"
    assert len(data["paragraphs_list"]) == 77
    first = data["paragraphs_list"][0]
    assert first["anchor"] == "pp1" and first["citation"] == "A/RES/68/179, 1er alinéa du préambule"
    assert first["url"].endswith("/r/A/RES/68/179/pp1")


def test_api_paragraph(client):
    for url in ("/api/r/A/RES/68/179/op4a", "/api/r/A/RES/68/179/para_4__list_1__point_a"):
        r = client.get(url)
        assert r.status_code == 200
        data = r.get_json()
        assert set(data) == {"paragraph", "parent", "ancestors", "previous", "next", "resolution"}
        assert data["paragraph"]["anchor"] == "op4a"
        assert data["paragraph"]["citation"] == "A/RES/68/179, par. 4 a)"
        assert data["parent"]["anchor"] == "op4"
        assert data["previous"]["anchor"] == "op4" and data["next"]["anchor"] == "op4b"
        assert "paragraphs_list" not in data["resolution"]


@pytest.mark.parametrize(("url", "status"), [
    ("/api/r/A/RES/99/999", 404),
    ("/api/r/A/RES/68/179/op99", 404),
    ("/api/nothing", 404),
    ("/api/search?q=%22open", 400),
    ("/api/search?q=(open", 400),
    ("/api/search?page=-1", 400),
    ("/api/search?sort=weird", 400),
])
def test_api_errors_are_json(client, url, status):
    r = client.get(url)
    assert r.status_code == status
    assert r.is_json
    data = r.get_json()
    assert data["status"] == status and isinstance(data["error"], str) and data["error"]


def test_api_post_is_405_json(client):
    r = client.post("/api/search")
    assert r.status_code == 405 and r.get_json()["status"] == 405


# -- headers, robustness, index lifecycle -----------------------------------------

@pytest.mark.parametrize("url", ["/", "/recherche?q=migrants", "/r/A/RES/68/179", "/r/A/RES/68/179/op1",
                                 "/api/search?q=migrants", "/nulle-part", "/static/style.css"])
def test_security_headers(client, url):
    r = client.get(url)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]


@pytest.mark.parametrize("url", ["/", "/recherche?q=migrants&verb=Prie", "/r/A/RES/68/179", "/r/A/RES/68/179/op4a",
                                 "/recherche?q=%22x", "/r/nope"])
def test_no_inline_script_or_style(client, url):
    page = html(client.get(url))
    # A JSON-LD data block is never executed (the CSP has nothing to allow for it): only code is kept out.
    page = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S)
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag
    assert "</script>" not in page.replace('defer></script>', "")
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)


def test_static_files(client):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_ids_are_unique_on_every_page(client):
    for url in ("/r/A/RES/68/179", "/recherche?q=migrants", "/r/A/RES/68/179/op4h"):
        ids = re.findall(r'\sid="([^"]+)"', html(client.get(url)))
        assert len(ids) == len(set(ids)), url


def test_missing_index_is_a_503(tmp_path):
    from webapp import create_app

    app = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True})
    c = app.test_client()
    r = c.get("/recherche?q=migrants")
    assert r.status_code == 503
    assert "resolu index" in html(r)
    assert str(tmp_path) not in html(r)  # no server path shown to visitors
    r = c.get("/api/search?q=migrants")
    assert r.status_code == 503 and r.get_json() == {
        "error": "l'index de recherche est absent ou illisible pour le moment", "status": 503}
    assert c.get("/r/A/RES/68/179").status_code == 503


def test_index_rebuilt_without_restart(tmp_path):
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    build_index([SEED], tmp_path)
    app = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True})
    c = app.test_client()
    try:
        assert c.get("/r/S/RES/1820 (2008)").status_code == 404
        before = c.get("/api/search?q=violence").get_json()["total"]
        generation = get_engine(app).generation
        build_index([SEED, SC_FILES[0]], tmp_path)
        assert c.get("/r/S/RES/1820 (2008)").status_code == 200
        assert get_engine(app).generation != generation
        assert c.get("/api/search?q=violence").get_json()["total"] > before
        assert "S/RES/1820 (2008)" in html(c.get("/"))
    finally:
        get_engine(app).close()


def test_concurrent_requests_share_one_engine(app):
    errors: list[str] = []

    def worker(n: int) -> None:
        c = app.test_client()
        for i in range(15):
            url = ["/recherche?q=migrants&verb=Prie", "/api/search?q=frontieres", "/r/A/RES/68/179/op4a"][(n + i) % 3]
            r = c.get(url)
            if r.status_code != 200:
                errors.append(f"{url}: {r.status_code}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_app_factory_reads_the_environment(monkeypatch, seed_index):
    from webapp import create_app

    monkeypatch.setenv("RESOLU_INDEX", str(seed_index))
    app = create_app()
    assert app.config["INDEX_DIR"] == str(seed_index)
    assert app.test_client().get("/recherche?q=migrants").status_code == 200


def test_gunicorn_entry_point_builds_the_app(seed_index, monkeypatch):
    from webapp.server import _Server, run_gunicorn

    assert callable(run_gunicorn)
    server = _Server.__new__(_Server)
    # The workers' configuration comes one way, the environment run_gunicorn sets before forking them.
    monkeypatch.setenv("RESOLU_INDEX", str(seed_index))
    app = server.load()
    assert app.config["INDEX_DIR"] == str(seed_index)


# -- presentation helpers ------------------------------------------------------------

def test_citation_labels():
    from webapp.present import citation

    assert citation("A/RES/68/179", {"kind": "operative", "anchor": "op4", "number": "4"}) == "A/RES/68/179, par. 4"
    assert citation("A/RES/68/179", {"kind": "subparagraph", "anchor": "op4a", "number": "4", "letter": "a"}) \
        == "A/RES/68/179, par. 4 a)"
    assert citation("A/RES/68/179", {"kind": "preambular", "anchor": "pp1", "number": "1"}) \
        == "A/RES/68/179, 1er alinéa du préambule"
    assert citation("A/RES/68/179", {"kind": "preambular", "anchor": "pp3", "number": "3"}) \
        == "A/RES/68/179, 3e alinéa du préambule"
    assert citation("S/RES/1011 (1995)", {"kind": "operative", "anchor": "B-op7", "number": "7", "part": "B"}) \
        == "S/RES/1011 (1995), partie B, par. 7"
    assert citation("S/RES/1166 (1998)", {"kind": "other", "anchor": "annex-p3"}) \
        == "S/RES/1166 (1998), annexe (annex-p3)"


def test_footnote_calls_are_placed_by_text_offset():
    from webapp.present import with_calls

    out = with_calls("l&#39;<mark>État</mark> x", [[3, 2], [4, 8]], "pp1")
    assert out.startswith('l&#39;<sup class="call"><a href="#fn-pp1-3"')
    assert out.endswith('<a href="#fn-pp1-4" aria-label="note 4">4</a></sup>')
    assert "<mark>État</mark>" in out


def test_search_state_urls():
    from webapp.present import SearchState

    state = SearchState(q="migrants", filters={"verb": ["Prie"]}, page=3, sort="order")
    assert state.toggle_url("verb", "Demande", False) == "/recherche?q=migrants&verb=Prie&verb=Demande&sort=order"
    assert state.toggle_url("verb", "Prie", True) == "/recherche?q=migrants&sort=order"
    assert state.page_url(2) == "/recherche?q=migrants&verb=Prie&sort=order&page=2"
    assert state.clear_url() == "/recherche?q=migrants&sort=order"
    typed = SearchState(q='verbe:"Demande instamment" migrants')
    assert typed.toggle_url("verb", "Demande instamment", True) == "/recherche?q=migrants"


def test_a_value_added_to_a_facet_goes_after_its_facets_values_and_before_the_later_facets():
    # The query string around the added value is encoded once per facet: the same URL as before.
    from webapp.present import SearchState

    state = SearchState(q="droits & devoirs", filters={"verb": ["Prie"], "sponsor": ["Côte d'Ivoire"],
                                                       "year_from": ["2020"]}, sort="date", per_page=50, lang="en")
    assert state.toggle_url("verb", "Demande", False) == (
        "/recherche?q=droits+%26+devoirs&lang=en&verb=Prie&verb=Demande&sponsor=C%C3%B4te+d%27Ivoire"
        "&year_from=2020&sort=date&per_page=50")
    assert state.toggle_url("organ", "Assemblée générale", False) == (
        "/recherche?q=droits+%26+devoirs&lang=en&organ=Assembl%C3%A9e+g%C3%A9n%C3%A9rale&verb=Prie"
        "&sponsor=C%C3%B4te+d%27Ivoire&year_from=2020&sort=date&per_page=50")
    for name in ("organ", "verb", "sponsor", "subject", "year_from", "year_to"):
        filters = {k: list(v) for k, v in state.filters.items()}
        filters.setdefault(name, []).append("x y")
        assert state.toggle_url(name, "x y", False) == state.url(filters=filters)
    state.filters["verb"].append("Décide")  # the state changed: the cached encoding is not reused
    assert state.toggle_url("sdg", "16", False).count("verb=") == 2
    assert SearchState().toggle_url("verb", "Prie", False) == "/recherche?verb=Prie"


def test_the_search_page_marks_the_whole_paragraphs_without_making_the_snippets_it_does_not_show(client, monkeypatch):
    # The page prints each hit's whole text (results.Marked.whole); the snippet is the API's and the CLI's.
    from indexer.search import results

    made = []
    snippet = results._snippet
    monkeypatch.setattr(results, "_snippet", lambda *args: made.append(args[0]) or snippet(*args))
    page = client.get("/recherche?q=migrants&group=none").get_data(as_text=True)
    assert "<mark>migrants</mark>" in page and made == []
    hits = client.get("/api/search?q=migrants&group=none").get_json()["hits"]
    assert len(made) == len(hits) == 20 and "<mark>migrants</mark>" in hits[0]["snippet"]


def test_the_pages_of_a_search_link_its_first_page_url_with_the_page_number_last():
    # The first page's URL is encoded once per state; the others add their number after it, as url() does.
    from webapp.present import SearchState

    state = SearchState(q="droits & devoirs", filters={"verb": ["Prie"]}, sort="date", per_page=50)
    assert state.page_url(1) == "/recherche?q=droits+%26+devoirs&verb=Prie&sort=date&per_page=50"
    assert state.page_url(7) == "/recherche?q=droits+%26+devoirs&verb=Prie&sort=date&per_page=50&page=7"
    assert SearchState().page_url(1) == "/recherche"
    assert SearchState().page_url(2) == "/recherche?page=2"
    assert SearchState(group="none").page_url(3) == "/recherche?group=none&page=3"
    state.filters["verb"].append("Décide")  # the state changed: the cached encoding is not reused
    assert state.page_url(2) == ("/recherche?q=droits+%26+devoirs&verb=Prie&verb=D%C3%A9cide&sort=date&per_page=50"
                                 "&page=2")
    for page in (1, 2, 40):
        assert state.page_url(page) == state.url(page=page)


def test_engine_gives_a_paragraph_record_by_anchor(engine):
    assert engine.paragraph_record("A/RES/68/179", "op4")["eid"] == "para_4"
    assert engine.paragraph_record("A/RES/68/179", "op99") is None
    assert engine.paragraph_record("A/RES/0/0", "op4") is None


def test_empty_year_boxes_redirect_to_the_clean_url(client):
    response = client.get("/recherche?q=migrants&year_from=&year_to=&sort=order")
    assert response.status_code == 303
    assert response.headers["Location"] == "/recherche?q=migrants&sort=order"


def test_bad_year_is_a_clear_400(client):
    response = client.get("/recherche?q=migrants&year_from=deux-mille")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "year_from : année attendue (quatre chiffres, ex. 2020), pas « deux-mille »" in page


def test_year_range_on_the_seed(client):
    response = client.get("/api/search?q=migrants&year_from=2013&year_to=2013&sort=date")
    data = response.get_json()
    assert response.status_code == 200
    assert data["filters"] == {"year_from": ["2013"], "year_to": ["2013"]}
    assert data["sort"] == "date"
    assert data["total"] == client.get("/api/search?q=migrants").get_json()["total"]
    assert client.get("/api/search?q=migrants&year_from=2014").get_json()["total"] == 0


def test_labels_of_sections_whose_numbering_restarts():
    from webapp.present import local_label

    assert local_label({"kind": "operative", "anchor": "B-I-op1", "part": "B", "number": "1"}) == \
        "partie B, section I, par. 1"
    assert local_label({"kind": "subparagraph", "anchor": "II-op3a", "part": None, "number": "3", "letter": "a"}) \
        == "section II, par. 3 a)"


def test_internal_or_unknown_field_is_a_clear_400_not_a_500(client):
    response = client.get('/api/search?q=seq:"Demande instamment"')
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(
        "champ « seq » inconnu dans la requête (champs : accepte, accepted_by, addressee,")
    # French typography's space before the colon keeps plain words.
    assert client.get("/api/search?q=migrants : détention").status_code == 200


def test_absolute_links_never_echo_the_host_header(client):
    forged = {"Host": "evil.example"}
    page = client.get("/r/A/RES/68/179/op4a", headers=forged).get_data(as_text=True)
    assert "evil.example" not in page
    assert 'value="http://localhost/r/A/RES/68/179/op4a"' in page
    data = client.get("/api/r/A/RES/68/179/op4a", headers=forged).get_json()
    assert data["paragraph"]["url"] == "http://localhost/r/A/RES/68/179/op4a"


def test_public_url_comes_from_configuration(seed_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True, "PUBLIC_URL": "https://resolu.example.org/"})
    try:
        data = app.test_client().get("/api/r/A/RES/68/179/op4a").get_json()
        assert data["paragraph"]["url"] == "https://resolu.example.org/r/A/RES/68/179/op4a"
    finally:
        get_engine(app).close()


def test_costly_queries_are_bounded_with_a_clear_400(client):
    import time

    started = time.perf_counter()
    response = client.get("/api/search?q=" + "+".join(["ONU"] * 600))
    assert response.status_code == 200 and time.perf_counter() - started < 2
    response = client.get("/api/search?q=*ité")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("joker en tête de mot (« *ité »)")


# -- English beside French (issue 16) ----------------------------------------------------
# The bilingual index of tests/conftest.py: S/RES/2741 (2024), S/RES/2522 (2020), E/RES/2023/2 and A/RES/76/239
# with their English AKN files, and the seed A/RES/68/179, which has no English version. The texts below
# are read from the French files of tests/data/akn and the English ones of tests/data/akn-en.
SEIZED_FR = "Décide de rester saisi de la question."
SEIZED_2522_EN = "Decides to remain seized of the matter."
SEIZED_2741_EN = "Decides to remain actively seized of the matter."
E_2023_2_OP1_FR = ("Décide de révoquer, avec effet immédiat, la qualité de membre de la Commission de la condition de "
                   "la femme de la République islamique\u00a0d’Iran pour le reste de son mandat (2022-2026).")
E_2023_2_OP1_EN = ("Decides to remove with immediate effect the Islamic Republic of Iran from membership in the "
                   "Commission on the Status of Women for the remainder of its 2022–2026 term.")
E_2023_2_TITLE_EN = ("Removal of the Islamic Republic of Iran from membership in the Commission on the Status of Women "
                     "for the remainder of its 2022–2026 term")


def hit_cards(page: str) -> dict[str, str]:
    """Return the search page's hit cards by citation."""
    cards = re.findall(r'<article aria-labelledby="hit-\d+">(.*?)</article>', page, re.S)
    return {unescape(re.search(r'<h2 class="cite"[^>]*><a[^>]*>([^<]*)</a>', c).group(1)): c for c in cards}


def test_the_search_form_has_a_query_language_switch(bilingual):
    page = html(bilingual.get("/recherche?q=saisi"))
    switch = re.search(r'<fieldset class="lang-switch">(.*?)</fieldset>', page, re.S).group(1)
    assert "<legend>Requête en :</legend>" in switch
    assert re.findall(r'<input type="radio" name="lang" value="(\w+)"( checked)?> (\w+)', switch) == [
        ("fr", " checked", "français"), ("en", "", "anglais")]
    page = html(bilingual.get("/recherche?q=seized&lang=en"))
    switch = re.search(r'<fieldset class="lang-switch">(.*?)</fieldset>', page, re.S).group(1)
    assert '<input type="radio" name="lang" value="en" checked> anglais' in switch
    # "Decides to remain (actively) seized of the matter": two paragraphs, one wording.
    assert '<h1 id="results-title" class="total" aria-live="polite" tabindex="-1">2 paragraphes, 1 libellé ' \
           "pour « seized » (requête en anglais)" in page


def test_an_english_query_shows_the_french_with_the_english_under_it(bilingual):
    cards = hit_cards(html(bilingual.get("/recherche?q=remain+seized&lang=en&group=none")))
    card = cards["S/RES/2741 (2024), par. 11"]
    # The official French, then the English with the query's words marked, in lang="en".
    french = re.search(r'<p class="text">(.*?)</p>', card, re.S).group(1)
    assert french == f'<span class="num">11.</span> {SEIZED_FR}'
    english = re.search(r'<p class="text-en" lang="en">(.*?)</p>', card, re.S).group(1)
    assert english == ('<span class="visually-hidden">Texte anglais : </span>Decides to <mark>remain</mark> actively '
                       "<mark>seized</mark> of the matter.")
    assert card.index('class="text"') < card.index('class="text-en"')
    # The pages it leads to show the English too; the permalink stays the canonical address.
    assert 'href="/r/S/RES/2741%20(2024)/op11?en=1"' in card
    assert 'href="/r/S/RES/2741%20(2024)?en=1#op11"' in card
    assert '<a class="permalink" href="/r/S/RES/2741%20(2024)/op11">' in card
    assert "Décide de rester saisi" in cards["S/RES/2522 (2020), par. 6"]
    # A French query shows no English.
    assert 'class="text-en"' not in html(bilingual.get("/recherche?q=saisi"))


def test_the_query_language_is_kept_in_every_link(bilingual):
    page = html(bilingual.get("/recherche?q=decides&lang=en&per_page=2"))
    facet_links = [unescape(h) for h in re.findall(r'<a href="([^"]*)"[^>]*\s+data-value=', page)]
    pages = [unescape(h) for h in re.findall(r'<nav class="pagination".*?</nav>', page, re.S)[0].split('href="')[1:]]
    downloads = re.search(r'<p class="downloads">(.*?)</p>', page, re.S).group(1)
    files = [unescape(h) for h in re.findall(r'href="([^"]*)"', downloads)]
    assert facet_links and pages and files
    for link in [*facet_links, *pages, *files]:
        assert parse_qs(urlsplit(link).query)["lang"] == ["en"], link
    assert "/recherche.tmx?q=decides&lang=en" in files  # the translation memory, when there is English
    # The facet counts are the English search's: "decides" opens 8 English paragraphs.
    organ = bilingual.get("/api/search/facet/organ?q=decides&lang=en").get_json()
    assert {v["value"]: v["count"] for v in organ["values"]} == {
        "Conseil de sécurité": 5, "Assemblée générale": 2, "Conseil économique et social": 1}
    assert all("lang=en" in v["toggle_url"] for v in organ["values"])


def test_french_is_the_default_language_and_stays_out_of_urls(bilingual):
    response = bilingual.get("/recherche?q=saisi&lang=fr&year_from=&year_to=")
    assert response.status_code == 303 and response.headers["Location"] == "/recherche?q=saisi"
    assert not re.findall(r'href="[^"]*lang=', html(bilingual.get("/recherche?q=saisi")))


@pytest.mark.parametrize("url", ["/recherche?q=seized&lang=de", "/recherche.csv?q=seized&lang=de",
                                 "/recherche.tmx?q=seized&lang=english", "/r/E/RES/2023/2?format=tmx&lang=de",
                                 "/serie/E/RES/2023/2?format=tmx&lang=de"])
def test_an_unknown_query_language_is_a_french_400(bilingual, url):
    response = bilingual.get(url)
    assert response.status_code == 400 and response.content_type == "text/html; charset=utf-8"
    assert "Langue de requête inconnue « " in html(response) and "fr (français), en (anglais)." in html(response)


def test_api_search_in_english(bilingual):
    data = bilingual.get("/api/search?q=%22remain+seized%22&lang=en").get_json()
    assert data["lang"] == "en" and data["total"] == 1
    (hit,) = data["hits"]
    assert hit["citation"] == "S/RES/2522 (2020), par. 6"
    assert hit["highlighted"] == SEIZED_FR and "text_en" not in hit
    assert hit["highlighted_en"] == "Decides to <mark>remain</mark> <mark>seized</mark> of the matter."
    full = bilingual.get("/api/search?q=%22remain+seized%22&lang=en&full=1").get_json()["hits"][0]
    assert full["text"] == SEIZED_FR and full["text_en"] == SEIZED_2522_EN
    assert full["highlighted_en"] == hit["highlighted_en"]
    response = bilingual.get("/api/search?q=seized&lang=es")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Langue de requête inconnue « es » : fr (français), en (anglais).",
                                   "status": 400}
    # A French search's hits leave the English out; with full=1 they carry it, unmarked.
    hit = bilingual.get("/api/search?q=saisi&limit=1").get_json()["hits"][0]
    assert "text_en" not in hit and "highlighted_en" not in hit
    hit = bilingual.get("/api/search?q=saisi&limit=1&full=1").get_json()["hits"][0]
    assert hit["text"] == SEIZED_FR and hit["text_en"] in (SEIZED_2522_EN, SEIZED_2741_EN)


def test_resolution_page_shows_the_english_on_request(bilingual):
    page = html(bilingual.get("/r/E/RES/2023/2"))
    toggle = re.search(r'<p class="english-toggle">(.*?)</p>', page, re.S).group(1)
    assert "<a href=\"/r/E/RES/2023/2?en=1\" rel=\"nofollow\">Afficher l'anglais</a>" in toggle
    assert "(4 paragraphes sur 4 alignés avec la version anglaise)" in toggle
    assert [unescape(h) for h in re.findall(r'href="([^"]*format=[^"]*)"', toggle)] == [
        "/r/E/RES/2023/2?format=tmx", "/r/E/RES/2023/2?format=csv"]
    assert 'class="text-en"' not in page
    # The English title is in the resolution's facts either way.
    assert f'<dt>Titre anglais</dt><dd lang="en">{E_2023_2_TITLE_EN}</dd>' in page

    page = html(bilingual.get("/r/E/RES/2023/2?en=1"))
    assert "<a href=\"/r/E/RES/2023/2\" rel=\"nofollow\">Masquer l'anglais</a>" in page
    assert f'<p class="restitle-en" lang="en">{E_2023_2_TITLE_EN}</p>' in page
    english = re.findall(r'<p class="text-en" lang="en">(.*?)</p>', page, re.S)
    assert len(english) == 4 and english[-1] == E_2023_2_OP1_EN
    assert english[0].startswith("Recalling its resolution 11 (II) of 21\u00a0June 1946, by which it established")
    # Under its own French paragraph.
    op1 = re.search(r'<div class="para kind-operative[^"]*" id="op1">(.*?)</div>', page, re.S).group(1)
    assert E_2023_2_OP1_FR in op1 and f'<p class="text-en" lang="en">{E_2023_2_OP1_EN}</p>' in op1


def test_a_resolution_without_english_says_so(bilingual):
    for url in ("/r/A/RES/68/179", "/r/A/RES/68/179?en=1", "/r/A/RES/68/179/op3d?en=1"):
        page = html(bilingual.get(url))
        toggle = re.search(r'<p class="english-toggle">(.*?)</p>', page, re.S).group(1)
        assert toggle.strip() == '<span class="no-english">Version anglaise non disponible.</span>'
        assert 'lang="en"' not in page.split("<main")[1].split("Verbe")[0]


def test_paragraph_page_english_and_a_paragraph_left_unaligned(bilingual):
    page = html(bilingual.get("/r/E/RES/2023/2/op1"))
    assert "<a href=\"/r/E/RES/2023/2/op1?en=1\" rel=\"nofollow\">Afficher l'anglais</a>" in page
    assert 'class="text-en"' not in page
    page = html(bilingual.get("/r/E/RES/2023/2/op1?en=1"))
    target = re.search(r'<div class="para target[^"]*" id="op1">(.*?)</div>', page, re.S).group(1)
    assert f'<p class="text-en" lang="en">{E_2023_2_OP1_EN}</p>' in target
    assert "<a href=\"/r/E/RES/2023/2/op1\" rel=\"nofollow\">Masquer l'anglais</a>" in page
    # The neighbours keep the English on.
    assert 'href="/r/E/RES/2023/2/pp3?en=1"' in page and 'href="/r/E/RES/2023/2?en=1#op1"' in page
    # A/RES/76/239 has English, but its table note x2 has no English paragraph: nothing is shown for it,
    # neither an English text nor "non disponible".
    page = html(bilingual.get("/r/A/RES/76/239/x2?en=1"))
    assert 'class="text-en"' not in page and "non disponible" not in page
    assert "États classés dans la catégorie C dans la liste figurant en annexe" in page


def test_english_spellings_redirect_with_the_toggle_kept(bilingual):
    response = bilingual.get("/r/e/res/2023/2/op1?en=1")
    assert response.status_code == 301 and response.headers["Location"] == "/r/E/RES/2023/2/op1?en=1"


def test_json_twins_carry_the_english(bilingual):
    data = bilingual.get("/api/r/E/RES/2023/2").get_json()
    assert data["title_en"] == E_2023_2_TITLE_EN
    assert data["english"]["paragraphs"] == 4 and data["english"]["aligned"] == 4
    assert [p["text_en"] for p in data["paragraphs_list"]][-1] == E_2023_2_OP1_EN
    data = bilingual.get("/api/r/E/RES/2023/2/op1").get_json()
    assert data["paragraph"]["text"] == E_2023_2_OP1_FR and data["paragraph"]["text_en"] == E_2023_2_OP1_EN
    assert data["resolution"]["title_en"] == E_2023_2_TITLE_EN
    data = bilingual.get("/api/r/A/RES/68/179").get_json()
    assert data["title_en"] == "" and data["english"] is None
    assert {p["text_en"] for p in data["paragraphs_list"]} == {""}
    data = bilingual.get("/api/r/A/RES/76/239/x2").get_json()
    assert data["paragraph"]["text_en"] == ""


def test_a_query_too_long_for_a_search_offers_the_finder_with_its_text(client):
    words = " ".join(f"mot{i}" for i in range(45))
    r = client.get("/recherche", query_string={"q": words})
    assert r.status_code == 400
    page = html(r)
    assert "requête trop longue : 45 mots différents, 40 au plus" in page
    assert '<form class="finder-offer" action="/libelle" method="post">' in page
    assert f'<textarea id="texte" name="texte" rows="6">{words}</textarea>' in page
    posted = client.post("/libelle", data={"texte": words})
    assert posted.status_code == 200 and f">{words}</textarea>" in html(posted)
    api = client.get("/api/search", query_string={"q": words})
    assert api.status_code == 400
    assert api.get_json() == {"error": "requête trop longue : 45 mots différents, 40 au plus", "status": 400,
                              "finder_url": "/api/similar"}
    # Any other syntax error keeps its own advice, without the finder.
    other = html(client.get("/recherche", query_string={"q": '"droits de'}))
    assert "finder-offer" not in other and "Rappel : fermez chaque expression" in other


def test_resolution_and_paragraph_pages_embed_citation_metadata_for_reference_managers(client):
    # What Zotero's « Embedded Metadata » translator reads (citation_*, DC.*), and a schema.org Legislation;
    # values from the seed's heading: « 68/179. Protection des migrants », adopted on 18 December 2013.
    from lxml import html as lxml_html

    def read(url: str) -> tuple[dict[str, str], dict]:
        doc = lxml_html.fromstring(client.get(url).data)
        tags = {m.get("name"): m.get("content") for m in doc.xpath("//head/meta[@name]")}
        (script,) = doc.xpath('//head/script[@type="application/ld+json"]')
        return tags, json.loads(script.text)

    tags, ld = read("/r/A/RES/68/179")
    assert tags["citation_title"] == "A/RES/68/179 — Protection des migrants"
    assert tags["citation_author"] == "Assemblée générale"
    assert tags["citation_publication_date"] == "2013/12/18"
    assert tags["citation_technical_report_number"] == "A/RES/68/179"
    assert tags["citation_language"] == "fr"
    assert tags["citation_public_url"] == "http://localhost/r/A/RES/68/179"
    assert tags["citation_pdf_url"] == "https://undocs.org/fr/A/RES/68/179"
    assert tags["DC.identifier"] == "A/RES/68/179" and tags["DC.date"] == "2013-12-18"
    assert ld["@type"] == "Legislation" and ld["legislationIdentifier"] == "A/RES/68/179"
    assert ld["legislationDate"] == "2013-12-18"
    assert ld["legislationPassedBy"] == {"@type": "Organization", "name": "Assemblée générale"}
    tags, ld = read("/r/A/RES/68/179/op4a")
    assert tags["citation_title"] == "A/RES/68/179, par. 4 a) — Protection des migrants"
    assert tags["citation_public_url"] == "http://localhost/r/A/RES/68/179/op4a"
    assert ld["legislationIdentifier"] == "A/RES/68/179, par. 4 a)"
    assert ld["isPartOf"]["url"] == "http://localhost/r/A/RES/68/179"


@pytest.fixture(scope="module")
def akn_client(bilingual_index):
    """The web app over every French AKN fixture of tests/data/akn (A/RES/75/277 and its recorded vote)."""
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(bilingual_index), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


def test_state_pages_gather_sponsorships_and_recorded_votes(akn_client):
    # Read in tests/data/akn/75_277_F.xml: a recorded vote, 115 in favour (FRANCE, MEXICO…), 15 against
    # (BELARUS, CUBA, RUSSIAN FEDERATION…), 28 abstaining (ALGERIA, ANGOLA…); BAHAMAS, a Member State, is on
    # no list; Mexico is among its additional sponsors; the Holy See, an observer, never votes.
    page = akn_client.get("/etat/Fédération de Russie")
    assert page.status_code == 200
    assert "vote : contre" in page.get_data(as_text=True)
    data = akn_client.get("/api/etat/Mexique").get_json()
    entry = next(e for e in data["resolutions"] if e["symbol"] == "A/RES/75/277")
    assert entry["sponsored"] is True and entry["position"] == "pour"
    bahamas = akn_client.get("/api/etat/Bahamas").get_json()
    assert next(e for e in bahamas["resolutions"] if e["symbol"] == "A/RES/75/277")["position"] == "non votant"
    algeria = akn_client.get("/api/etat/Algérie").get_json()
    assert next(e for e in algeria["resolutions"] if e["symbol"] == "A/RES/75/277")["position"] == "abstention"
    holy_see = akn_client.get("/api/etat/Saint-Siège").get_json()
    assert all(e["symbol"] != "A/RES/75/277" for e in holy_see["resolutions"])
    # Names in English or without accents lead to the French UN name; an unknown one is a French 404.
    moved = akn_client.get("/etat/russian federation")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/etat/F%C3%A9d%C3%A9ration%20de%20Russie")
    unknown = akn_client.get("/etat/Narnia")
    assert unknown.status_code == 404 and "État inconnu : « Narnia »" in unknown.get_data(as_text=True)
    listed = {s["state"]: s for s in akn_client.get("/api/etats").get_json()["states"]}
    assert listed["Bélarus"]["votes"] >= 1 and listed["Mexique"]["sponsored"] >= 1


def test_unbis_subjects_are_marked_english_for_want_of_a_french_label(cited_index):
    # 75_99_F.xml's UNBIS keywords are English only (« civil_society », « justice »…): said, never translated.
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(cited_index), "TESTING": True})
    try:
        html = app.test_client().get("/r/A/RES/75/99").get_data(as_text=True)
    finally:
        get_engine(app).close()
    assert '<dt>Thèmes (thésaurus UNBIS, en anglais)</dt><dd class="subjects" lang="en">' \
           '<a href="/recherche?subject=Civil+society">Civil society</a>, ' \
           '<a href="/recherche?subject=Justice">Justice</a>' in html
