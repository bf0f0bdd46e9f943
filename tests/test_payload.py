"""Check what a search answer ships (issue 27): slim API hits, ``full=1`` for the whole records, a compact page."""

from __future__ import annotations

import json
import re

import pytest

from webapp import create_app

SLIM_KEYS = ["symbol", "anchor", "citation", "kind", "title", "organ", "adopted", "vote_label", "cited_by_count",
             "snippet", "highlighted", "verb", "verb_en", "secondary_verbs", "addressees", "instruments", "resolutions",
             "url", "official_url", "wording"]
ENGLISH_SLIM_KEYS = [*SLIM_KEYS[:11], "snippet_en", "highlighted_en", *SLIM_KEYS[11:]]
# The hits as /api/search gave them before issue 27, kept under full=1.
FULL_KEYS = ["symbol", "anchor", "eid", "kind", "score", "text", "snippet", "highlighted", "opening", "number",
             "letter", "parent", "position", "verb", "verb_en", "secondary_verbs", "addressees", "instruments",
             "resolutions", "footnotes", "title", "adopted", "organ", "text_en", "snippet_en", "highlighted_en",
             "citation", "url", "official_url", "wording"]
# Bytes of the whole /api/search?q=migrants answer (facets included) per hit, on the seed index:
# 2,210 with the previous hits (full=1), 1,661 when measured.
MAX_BYTES_PER_HIT = 1700


@pytest.fixture(scope="module")
def client(seed_index):
    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def bilingual(bilingual_index):
    return create_app({"INDEX_DIR": str(bilingual_index), "TESTING": True}).test_client()


def test_a_hit_carries_what_shows_and_cites_it(client):
    data = client.get("/api/search?q=migrants&verb=Demande&kind=subparagraph").get_json()
    assert all(list(hit) == SLIM_KEYS for hit in data["hits"])
    hit = next(h for h in data["hits"] if h["anchor"] == "op3d")
    assert hit == {
        "symbol": "A/RES/68/179", "anchor": "op3d", "citation": "A/RES/68/179, par. 3 d)", "kind": "subparagraph",
        "title": "Protection des migrants", "organ": "Assemblée générale", "adopted": "2013-12-18",
        "vote_label": None, "cited_by_count": 0,
        "snippet": hit["snippet"], "highlighted": hit["highlighted"],
        "verb": "Demande", "verb_en": "Calls upon", "secondary_verbs": ["Prie"],
        "addressees": ["États", "Secrétaire général"],
        "instruments": ["Convention internationale sur la protection des droits de tous les travailleurs migrants "
                        "et des membres de leur famille"],
        "resolutions": [], "url": "http://localhost/r/A/RES/68/179/op3d",
        "official_url": "https://undocs.org/fr/A/RES/68/179",
        "wording": {"paragraphs": 1, "resolutions": 1,
                    "earliest": {"symbol": "A/RES/68/179", "anchor": "op3d", "adopted": "2013-12-18"},
                    "label": "libellé propre à cette résolution"},
    }
    assert hit["highlighted"].startswith("Demande aux États qui ne l'ont pas encore fait")
    assert "travailleurs <mark>migrants</mark>" in hit["highlighted"] and "<mark>migrants</mark>" in hit["snippet"]


def test_full_gives_the_previous_hits(client, engine):
    data = client.get("/api/search?q=migrants&full=1").get_json()
    assert all(list(hit) == FULL_KEYS for hit in data["hits"])
    slim = client.get("/api/search?q=migrants&full=0").get_json()
    assert [h["anchor"] for h in slim["hits"]] == [h["anchor"] for h in data["hits"]]
    # Everything but the hits is the same answer.
    assert {k: v for k, v in slim.items() if k != "hits"} == {k: v for k, v in data.items() if k != "hits"}
    op1 = next(h for h in data["hits"] if h["anchor"] == "pp1")
    assert op1["footnotes"][0]["number"] == 1 and op1["eid"] == "preamble__p_1" and op1["position"] == 1
    for bad in ("2", "oui", "true"):
        response = client.get(f"/api/search?q=migrants&full={bad}")
        assert response.status_code == 400
        assert response.get_json()["error"] == ("full : 1 (les fiches complètes des résultats) ou 0 (les résultats "
                                                "abrégés, par défaut).")


def test_english_hits_carry_the_english_snippet(bilingual):
    data = bilingual.get("/api/search?q=%22remain+seized%22&lang=en").get_json()
    (hit,) = data["hits"]
    assert list(hit) == ENGLISH_SLIM_KEYS
    assert hit["snippet_en"] == "Decides to <mark>remain</mark> <mark>seized</mark> of the matter"
    assert hit["vote_label"] == "Adoptée par un vote" and hit["organ"] == "Conseil de sécurité"
    assert list(bilingual.get("/api/search?q=saisi&limit=1").get_json()["hits"][0]) == SLIM_KEYS


def test_bytes_per_hit_are_bounded(client):
    slim = client.get("/api/search?q=migrants")
    full = client.get("/api/search?q=migrants&full=1")
    hits = len(slim.get_json()["hits"])
    assert hits == 20
    assert len(slim.data) / hits <= MAX_BYTES_PER_HIT
    assert len(full.data) / hits >= 2100
    assert len(json.dumps(slim.get_json()["hits"], ensure_ascii=False).encode()) / hits <= 1350


def test_the_page_still_shows_citation_snippet_and_facets(client):
    page = client.get("/recherche?q=migrants").get_data(as_text=True)
    assert '<h2 class="cite" id="hit-1"><a href="/r/A/RES/68/179/pp5">A/RES/68/179, 5e alinéa du préambule</a></h2>' \
        in page
    assert ("<p class=\"text\">Estimant que la Convention internationale sur la protection des droits de tous les "
            "travailleurs <mark>migrants</mark>") in page
    assert ('<li><a href="/recherche?q=migrants&amp;verb=Demande" data-value="Demande">\n'
            '<span class="check" aria-hidden="true">☐</span>\n<span class="label">Demande (Calls upon)</span>\n'
            '<span class="count">8</span></a></li>') in page
    assert '<span class="kind">préambule</span>' in page and "Lien permanent" in page
    # No indentation is shipped in the results and the facets.
    layout = page[page.index('<div class="layout">'):page.index('</main>')]
    assert not re.search(r"\n[ \t]", layout.removesuffix("\n  "))
    assert len(page.encode()) < 56_000
