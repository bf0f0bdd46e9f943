"""Check the « Citée par » list of a resolution page and its JSON twin, the « les plus citées » sort and lists.

Expected values read from tests/data/cited (see tests/test_citations.py): A/RES/74/90 is cited by
A/RES/75/99 (4th and 5th preambular paragraphs, 10 December 2020) and A/HRC/RES/58/26 (3rd
preambular paragraph, 4 April 2025).
"""

from __future__ import annotations

import html as markup
import re

import pytest

from webapp import create_app, get_engine


@pytest.fixture(scope="module")
def client(cited_index):
    app = create_app({"INDEX_DIR": str(cited_index), "TESTING": True, "PUBLIC_URL": "https://resolu.example"})
    yield app.test_client()
    get_engine(app).close()


def _text(html: str) -> str:
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_resolution_page_lists_the_citing_paragraphs_by_organ_and_year(client):
    html = client.get("/r/A/RES/74/90").get_data(as_text=True)
    cited = html[html.index('<dt id="citee-par">'):html.index("</dd>", html.index('<dt id="citee-par">'))]
    assert _text(cited) == (
        "Citée par 2 résolutions, 3 paragraphes (par organe et année, les plus récentes d'abord) : "
        "Assemblée générale : 1 résolution, 2 paragraphes "
        "2020 : A/RES/75/99 , 4e alinéa du préambule , 5e alinéa du préambule "
        "Conseil des droits de l'homme : 1 résolution, 1 paragraphe "
        "2025 : A/HRC/RES/58/26 , 3e alinéa du préambule")
    assert re.findall(r'class="cited-paragraph" href="([^"]+)"', cited) == [
        "/r/A/RES/75/99/pp4", "/r/A/RES/75/99/pp5", "/r/A/HRC/RES/58/26/pp3"]


def test_a_resolution_cited_by_none_has_no_list(client):
    html = client.get("/r/A/HRC/RES/58/26").get_data(as_text=True)
    assert "Citée par" not in html


def test_a_paragraph_page_links_to_the_citing_paragraphs_of_its_resolution(client):
    html = client.get("/r/A/RES/74/90/op1").get_data(as_text=True)
    assert 'href="/r/A/RES/74/90#citee-par">(paragraphes qui la citent)</a>' in html


def test_the_json_twin_gives_every_citing_paragraph_with_its_address(client):
    data = client.get("/api/r/A/RES/74/90").get_json()
    assert data["cited_by"] == ["A/RES/75/99", "A/HRC/RES/58/26"]
    cited = data["cited_by_paragraphs"]
    assert (cited["count"], cited["paragraphs"]) == (2, 3)
    assert cited["groups"][1] == {
        "organ": "Conseil des droits de l'homme", "count": 1, "paragraphs": 1,
        "years": [{"year": 2025, "resolutions": [{
            "symbol": "A/HRC/RES/58/26", "adopted": "2025-04-04", "url": "https://resolu.example/r/A/HRC/RES/58/26",
            "paragraphs": [{"symbol": "A/HRC/RES/58/26", "anchor": "pp3", "label": "3e alinéa du préambule",
                            "citation": "A/HRC/RES/58/26, 3e alinéa du préambule",
                            "url": "https://resolu.example/r/A/HRC/RES/58/26/pp3"}]}]}]}
    assembly = cited["groups"][0]["years"][0]["resolutions"][0]
    assert [p["citation"] for p in assembly["paragraphs"]] == [
        "A/RES/75/99, 4e alinéa du préambule", "A/RES/75/99, 5e alinéa du préambule"]
    none = client.get("/api/r/A/HRC/RES/58/26").get_json()["cited_by_paragraphs"]
    assert none == {"count": 0, "paragraphs": 0, "groups": []}


def test_the_search_page_offers_the_most_cited_first(client):
    # One result per paragraph: grouped (the page's default), the card of the Golan wording stands where its
    # most cited paragraph ranks but is led by its newest version (A/RES/76/81), as every card is.
    html = client.get("/recherche?q=Golan&sort=cited_by_count&per_page=100&group=none").get_data(as_text=True)
    assert '<option value="cited_by_count" selected>les plus citées</option>' in html
    first = re.search(r'<ol class="hits".*?<a[^>]+href="/r/([^"#]+)"', html, re.S)
    assert first is not None and first.group(1).startswith("A/RES/75/99/")
    counts = re.findall(r'<a class="cited-count" href="([^"]+)">([^<]+)</a>', html)
    assert counts[0] == ("/r/A/RES/75/99#citee-par", "citée par 2 résolutions")
    assert counts[-1] == ("/r/A/HRC/RES/58/26", "citée par aucune résolution de la collection")
    assert "cited-count" not in client.get("/recherche?q=Golan").get_data(as_text=True)  # said under this sort only


def test_the_api_sorts_by_cited_by_count_and_says_the_count(client):
    data = client.get("/api/search?q=Golan&sort=cited_by_count&per_page=100").get_json()
    counts = [(h["symbol"], h["cited_by_count"]) for h in data["hits"]]
    assert list(dict.fromkeys(counts)) == [("A/RES/75/99", 2), ("A/RES/74/90", 2), ("A/RES/76/81", 1),
                                           ("A/HRC/RES/58/26", 0)]
    bad = client.get("/api/search?q=Golan&sort=cites")
    assert bad.status_code == 400
    assert "tri inconnu « cites »" in bad.get_json()["error"]


def test_the_resolution_list_shows_the_most_cited_of_an_organ_and_year(client):
    data = client.get("/api/resolutions?organ=Assemblée générale").get_json()
    assert [(r["symbol"], r["cited_by_count"]) for r in data["most_cited"]] == [
        ("A/RES/75/99", 2), ("A/RES/74/90", 2), ("A/RES/76/81", 1)]
    assert data["most_cited"][1]["cited_by_url"] == "/r/A/RES/74/90#citee-par"
    one_year = client.get("/api/resolutions?organ=Assemblée générale&year=2021").get_json()
    assert [(r["symbol"], r["cited_by_count"]) for r in one_year["most_cited"]] == [("A/RES/76/81", 1)]
    council = client.get("/api/resolutions?organ=Conseil des droits de l'homme").get_json()
    assert council["most_cited"] == []  # A/HRC/RES/58/26 is cited by none
    html = client.get("/resolutions?organ=Assemblée générale").get_data(as_text=True)
    section = html[html.index('<section class="most-cited"'):html.index("</section>")]
    assert _text(section).startswith("Les plus citées — Assemblée générale")
    assert "citée par 2 résolutions" in section and "citée par 1 résolution<" in section
    assert 'href="/recherche?organ=Assembl%C3%A9e+g%C3%A9n%C3%A9rale&amp;sort=cited_by_count"' in section
