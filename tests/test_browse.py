"""Test the home overview and the paged list of every resolution (webapp/browse.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "sc"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "A_RES_68_179.md"
# 1820 (2008) has no title: it is named by its first decision (op1, read in the source file).
LABEL_1820 = ("Souligne que, utilisée ou commanditée comme arme de guerre prenant délibérément pour cible des civils, "
              "ou…")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    src = tmp_path_factory.mktemp("browse-src")
    shutil.copy(SEED, src)
    for name in ("S_RES_1820_2008", "S_RES_1483_2003", "S_RES_100_1953"):
        shutil.copy(DATA / f"{name}.fr.txt", src)
    folder = tmp_path_factory.mktemp("browse-index")
    build_index([src], folder)
    app = create_app({"INDEX_DIR": str(folder), "TESTING": True, "PUBLIC_URL": "http://localhost"})
    yield app.test_client()
    get_engine(app).close()


def test_home_is_an_overview_by_organ_and_year(client):
    page = client.get("/").get_data(as_text=True)
    assert "Rechercher dans 4 résolutions" in page
    # Organs by size, with their span of years and a link per year.
    council = "/resolutions?organ=Conseil+de+s%C3%A9curit%C3%A9"
    assert f'<th scope="row"><a href="{council}">Conseil de sécurité</a></th>' in page
    assert '<td class="num">3</td>' in page and "<td>1953–2008" in page
    assert '<a href="/resolutions?organ=Conseil+de+s%C3%A9curit%C3%A9&amp;year=2003">2003</a>' in page
    assert '<a href="/resolutions">Toutes les résolutions, des plus récentes aux plus anciennes</a>' in page
    assert f"S/RES/1820 (2008)</a> — {LABEL_1820}" in page
    assert page.count('<li><a href="/r/') == 4  # the latest, not thousands of links
    assert "<code>migrants détention</code>" in page


def test_every_resolution_newest_first_with_its_json_twin(client):
    data = client.get("/api/resolutions").get_json()
    assert [r["symbol"] for r in data["rows"]] == ["A/RES/68/179", "S/RES/1820 (2008)", "S/RES/1483 (2003)",
                                                    "S/RES/100 (1953)"]
    assert (data["total"], data["page"], data["pages"]) == (4, 1, 1)
    assert data["rows"][0]["label"] == "Protection des migrants"
    assert data["rows"][1] == {"symbol": "S/RES/1820 (2008)", "label": LABEL_1820, "organ": "Conseil de sécurité",
                               "adopted": "2008-06-19", "paragraphs": data["rows"][1]["paragraphs"],
                               "url": "/r/S/RES/1820%20(2008)"}
    page = client.get("/resolutions?organ=Conseil+de+s%C3%A9curit%C3%A9&year=2003").get_data(as_text=True)
    assert "1 résolution — Conseil de sécurité — 2003" in page
    assert "S/RES/1483 (2003)" in page and "S/RES/1820 (2008)" not in page


def test_bad_list_parameters_get_a_french_400(client):
    response = client.get("/resolutions?year=20x3")
    assert response.status_code == 400
    assert "Année attendue sur quatre chiffres (ex. 2023), pas « 20x3 »." in response.get_data(as_text=True)
    assert client.get("/api/resolutions?page=0").get_json() == {"error": "Les pages sont numérotées à partir de 1.",
                                                                 "status": 400}


def test_search_cards_name_a_council_resolution_by_its_first_decision(client):
    page = client.get("/recherche?q=violence+sexuelle&cote=S/RES/1820+(2008)").get_data(as_text=True)
    assert f'<span class="label">— {LABEL_1820}</span>' in page
