"""Test the "voir toutes les valeurs" page of a facet and its JSON twin (webapp/facet_listing.py), over the seed.

Expected values read from seeds/A_RES_68_179.md: "Prie" opens op5 c), op5 i),
op9 a), op10 a) and op16, and op3 goes on "…, et prie le Rapporteur spécial"
(6 paragraphs); "Encourage" is the facet's largest value (12); the verb facet
of the seed has 32 values (``resolu search --json`` facet_totals).
"""

from __future__ import annotations

import re
from html import unescape

import pytest


def rows(html: str) -> list[tuple[str, str, int]]:
    """Return (value, label, count) of each row of the value table."""
    found = re.findall(r'<td><a href="[^"]*" data-value="([^"]*)"[^>]*>\s*<span class="check"[^>]*>.</span>'
                       r'\s*(.*?)</a></td>\s*<td class="count">(\d+)</td>', html, re.S)
    return [(unescape(v), unescape(label.strip()), int(n)) for v, label, n in found]


def test_page_lists_every_value_with_its_count(client):
    r = client.get("/recherche/facette/verb")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "<h1>Verbe : toutes les valeurs</h1>" in html
    assert "32 valeurs dans les 77 paragraphes." in html
    got = rows(html)
    assert len(got) == 32
    assert got[0] == ("Encourage", "Encourage (Encourages)", 12)
    assert ("Prie", "Prie (Requests)", 6) in got
    # The JSON twin is linked from the page.
    assert 'href="/api/search/facet/verb"' in html


def test_filter_box_narrows_ignoring_case_and_accents(client):
    html = client.get("/recherche/facette/verb?fq=PRIE").get_data(as_text=True)
    assert rows(html) == [("Prie", "Prie (Requests)", 6), ("Prie instamment", "Prie instamment (Urges)", 1)]
    assert "2 valeurs sur 32 contiennent « PRIE »." in html
    html = client.get("/recherche/facette/verb?fq=preoccupe").get_data(as_text=True)
    assert [v for v, _, _ in rows(html)] == ["Préoccupé"]
    html = client.get("/recherche/facette/verb?fq=licorne").get_data(as_text=True)
    assert rows(html) == [] and "Aucune valeur ne contient « licorne »." in html


def test_values_keep_the_search_and_toggle_the_filter(client):
    html = client.get("/recherche/facette/verb?q=migrants&fq=prie").get_data(as_text=True)
    assert 'data-value="Prie"' in html
    assert 'href="/recherche?q=migrants&amp;verb=Prie" data-value="Prie"' in html
    # The filter form carries the search along.
    assert '<input type="hidden" name="q" value="migrants">' in html
    # A selected value comes first, checked, and its link removes it.
    html = client.get("/recherche/facette/verb?verb=Prie").get_data(as_text=True)
    assert rows(html)[0] == ("Prie", "Prie (Requests)", 6)
    assert 'href="/recherche" data-value="Prie" aria-current="true"' in html


def test_alphabetical_sort_and_pages(client, monkeypatch):
    from webapp import facet_listing

    html = client.get("/recherche/facette/verb?fsort=alpha").get_data(as_text=True)
    assert [v for v, _, _ in rows(html)][:3] == ["Accueille avec satisfaction", "Affirmant", "Ayant à l'esprit"]
    monkeypatch.setattr(facet_listing, "VALUES_PER_PAGE", 10)
    html = client.get("/recherche/facette/verb?fpage=4").get_data(as_text=True)
    assert len(rows(html)) == 2
    assert 'rel="prev" href="/recherche/facette/verb?fpage=3"' in html and 'rel="next"' not in html
    html = client.get("/recherche/facette/verb?fpage=9").get_data(as_text=True)
    assert "Pas de page 9" in html


def test_json_twin(client):
    r = client.get("/api/search/facet/verb?q=migrants&fq=prie")
    assert r.status_code == 200
    data = r.get_json()
    assert {k: data[k] for k in ("facet", "title", "query", "text", "sort", "page", "pages", "next_url")} == {
        "facet": "verb", "title": "Verbe", "query": "migrants", "text": "prie", "sort": "count", "page": 1,
        "pages": 1, "next_url": None}
    assert data["total_values"] == 27  # the verb values of the 52 paragraphs holding "migrants"
    assert data["matching_values"] == len(data["values"]) == 2
    first = data["values"][0]
    assert first == {"value": "Prie", "label": "Prie (Requests)", "count": first["count"], "selected": False,
                     "toggle_url": "http://localhost/recherche?q=migrants&verb=Prie"}
    assert first["count"] >= 1


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/api/search/facet/couleur", 404, "Facette inconnue « couleur »"),
    ("/api/search/facet/verb?fpage=0", 400, "à partir de 1"),
    ("/api/search/facet/verb?fpage=deux", 400, "nombre entier"),
    ("/api/search/facet/verb?fsort=hasard", 400, "Tri des valeurs inconnu « hasard »"),
    ("/api/search/facet/verb?fq=" + "x" * 201, 400, "200 caractères"),
])
def test_bad_requests_get_a_french_message(client, url, status, message):
    r = client.get(url)
    assert r.status_code == status
    assert message in r.get_json()["error"]
    page = client.get(url.replace("/api/search/facet/", "/recherche/facette/"))
    assert page.status_code == status and message in unescape(page.get_data(as_text=True))


def test_more_values_line_gives_the_true_number(seed_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True, "FACET_LIMIT": 5})
    try:
        client = app.test_client()
        html = client.get("/recherche").get_data(as_text=True)
        more = re.search(r'<section class="facet" data-facet="verb">.*?<p class="facet-more">(.*?)</p>', html, re.S)
        assert more is not None
        assert " ".join(more.group(1).split()) == ('et 27 autres valeurs : '
                                                  '<a href="/recherche/facette/verb">voir toutes les valeurs</a>')
        html = client.get("/recherche?q=migrants&verb=Prie").get_data(as_text=True)
        assert 'href="/recherche/facette/verb?q=migrants&amp;verb=Prie">voir toutes les valeurs</a>' in html
    finally:
        get_engine(app).close()
    # With every value shown (32 verbs, 40 a facet), no line.
    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    try:
        html = app.test_client().get("/recherche").get_data(as_text=True)
        assert '<section class="facet" data-facet="verb">' in html
        assert "voir toutes les valeurs" not in html.split('data-facet="verb"')[1].split("</section>")[0]
    finally:
        get_engine(app).close()
