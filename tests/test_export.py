"""Test the exports: the writers of webapp/export.py, the routes of webapp/feeds.py, the API's links.

Expected rows and records are read from seeds/A_RES_68_179.md ("68/179.
Protection des migrants", adopted by the General Assembly on 18 December 2013,
77 paragraphs with the sub-paragraphs).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from webapp import export

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SC = ROOT / "tests" / "data" / "sc"
ATOM = "{http://www.w3.org/2005/Atom}"
RESOLUTION = {"symbol": "A/RES/68/179", "organ": "Assemblée générale", "title": "Protection des migrants",
              "adopted": "2013-12-18", "format": "markdown"}
OP3D_TEXT = ("Demande aux États qui ne l'ont pas encore fait d'envisager de signer et de ratifier, à titre "
             "prioritaire, la Convention internationale sur la protection des droits de tous les travailleurs "
             "migrants et des membres de leur famille ou d'y adhérer, et prie le Secrétaire général de continuer "
             "de s'employer à promouvoir et à mieux faire connaître la Convention ;")
OP3D = {"anchor": "op3d", "kind": "subparagraph", "number": "3", "letter": "d", "parent": "op3",
        "verb": "Demande", "addressees": ["États", "Secrétaire général"],
        "instruments": ["Convention internationale sur la protection des droits de tous les travailleurs migrants "
                        "et des membres de leur famille"], "text": OP3D_TEXT}
OP3D_URL = "https://resolu.example/r/A/RES/68/179/op3d"


# -- the writers -----------------------------------------------------------------

def test_csv_row_of_a_subparagraph_with_two_addressees():
    row = export.paragraph_row("A/RES/68/179", OP3D, RESOLUTION, OP3D_URL)
    text = export.to_csv([row])
    assert text.startswith("\ufeffsymbol,anchor,citation,date,organ,title,verb,addressees,instruments,text,url,")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        ["symbol", "anchor", "citation", "date", "organ", "title", "verb", "addressees", "instruments", "text",
         "url", "official_url", "source", "adoption", "votes_for", "votes_against", "abstentions", "sponsors"],
        ["A/RES/68/179", "op3d", "A/RES/68/179, par. 3 d)", "2013-12-18", "Assemblée générale",
         "Protection des migrants", "Demande", "États ; Secrétaire général",
         "Convention internationale sur la protection des droits de tous les travailleurs migrants et des membres "
         "de leur famille", OP3D_TEXT, OP3D_URL, "https://undocs.org/fr/A/RES/68/179",
         "Organisation des Nations Unies", "", "", "", "", ""],
    ]


def test_csv_says_how_the_resolution_was_adopted_and_who_sponsored_it():
    # A/RES/75/277 as its AKN file records it: a recorded vote, 115 for, 15 against, 28 abstentions.
    resolution = {**RESOLUTION, "vote": {"label": "Adoptée par un vote", "in_favour": 115, "against": 15,
                                         "abstentions": 28, "outcome": "recorded_vote"},
                  "sponsors": ["Allemagne", "Australie"]}
    (row,) = csv.DictReader(io.StringIO(export.to_csv([export.paragraph_row("A/RES/75/277", OP3D, resolution,
                                                                           "u")])[1:]))
    assert (row["adoption"], row["votes_for"], row["votes_against"], row["abstentions"], row["sponsors"]) == (
        "Adoptée par un vote", "115", "15", "28", "Allemagne ; Australie")
    without_vote = {**RESOLUTION, "vote": {"label": "Adoptée sans vote", "in_favour": None, "against": None,
                                           "abstentions": None}}
    (row,) = csv.DictReader(io.StringIO(export.to_csv([export.paragraph_row("A/RES/68/179", OP3D, without_vote,
                                                                           "u")])[1:]))
    assert (row["adoption"], row["votes_for"], row["sponsors"]) == ("Adoptée sans vote", "", "")


def test_csv_quotes_commas_quotes_and_line_breaks():
    record = {**OP3D, "text": 'Prie « le "Comité" », puis,\nà la ligne'}
    text = export.to_csv([export.paragraph_row("A/RES/68/179", record, RESOLUTION, OP3D_URL)])
    assert '"Prie « le ""Comité"" », puis,\nà la ligne"' in text
    assert list(csv.reader(io.StringIO(text[1:])))[1][9] == 'Prie « le "Comité" », puis,\nà la ligne'


def test_csv_cells_never_start_a_formula():
    # S/RES/403 (1977) op1 as the OCR read it: a footnote left as a paragraph.
    record = {**OP3D, "text": "=Ibid., document S/12262.", "verb": "", "addressees": ["@ONU", "-x"]}
    rows = list(csv.reader(io.StringIO(export.to_csv([export.paragraph_row("S/RES/403 (1977)", record,
                                                                           RESOLUTION, "u")])[1:])))
    assert rows[1][9] == "'=Ibid., document S/12262." and rows[1][7] == "'@ONU ; -x" and rows[1][6] == ""
    assert export.csv_cell("Demande") == "Demande" and export.csv_cell("+1") == "'+1"


def test_csv_gains_an_english_column_only_when_a_row_has_english():
    # S/RES/2741 (2024), last paragraph, French and English AKN files.
    fr = export.paragraph_row("S/RES/2741 (2024)", {"anchor": "op11", "kind": "operative", "number": "11",
                                                    "text": "Décide de rester saisi de la question."},
                              {"organ": "Conseil de sécurité", "adopted": "2024-06-28", "format": "akn"}, "u1")
    assert export.to_csv([fr]).splitlines()[0].endswith(
        ",instruments,text,url,official_url,source,adoption,votes_for,votes_against,abstentions,sponsors")
    both = export.paragraph_row("S/RES/2741 (2024)", {"anchor": "op11", "kind": "operative", "number": "11",
                                                      "text": "Décide de rester saisi de la question.",
                                                      "text_en": "Decides to remain actively seized of the matter."},
                                {"organ": "Conseil de sécurité", "adopted": "2024-06-28", "format": "akn"}, "u2")
    rows = list(csv.DictReader(io.StringIO(export.to_csv(iter([fr, both]))[1:])))
    assert list(rows[0]) == ["symbol", "anchor", "citation", "date", "organ", "title", "verb", "addressees",
                             "instruments", "text", "text_en", "url", "official_url", "source", "adoption",
                             "votes_for", "votes_against", "abstentions", "sponsors"]
    assert rows[0]["text_en"] == "" and rows[1]["text_en"] == "Decides to remain actively seized of the matter."
    assert rows[1]["text"] == "Décide de rester saisi de la question." and rows[1]["url"] == "u2"


def test_bilingual_csv_puts_french_and_english_side_by_side():
    records = [{"anchor": "op11", "kind": "operative", "text": "Décide de rester saisi de la question.",
                "text_en": "Decides to remain actively seized of the matter."},
               {"anchor": "op12", "kind": "operative", "text": "-Paragraphe sans anglais", "text_en": ""}]
    text = export.to_bilingual_csv(export.bilingual_row("S/RES/2741 (2024)", r, f"u/{r['anchor']}") for r in records)
    assert text.startswith("\ufeffsymbol,anchor,kind,french,english,url,official_url\r\n")
    official = "https://undocs.org/fr/S/RES/2741(2024)"
    assert list(csv.reader(io.StringIO(text[1:])))[1:] == [
        ["S/RES/2741 (2024)", "op11", "operative", "Décide de rester saisi de la question.",
         "Decides to remain actively seized of the matter.", "u/op11", official],
        ["S/RES/2741 (2024)", "op12", "operative", "'-Paragraphe sans anglais", "", "u/op12", official]]


def test_index_time_reads_the_generation_name():
    assert export.index_time("gen-20260102-030405") == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert export.index_time(None).tzinfo is UTC


def test_source_names_the_united_nations_and_the_form_of_the_text():
    assert export.source_note({"format": "akn"}).startswith("Organisation des Nations Unies (fichier AKN4UN, "
                                                            "copie non officielle")
    assert "Conseil de sécurité" in export.source_note({"format": "ocr"})
    assert export.source_note({}) == "Organisation des Nations Unies"


def test_ris_record_of_the_seed():
    entry = export.ResolutionEntry("A/RES/68/179", RESOLUTION, "https://resolu.example/r/A/RES/68/179")
    assert export.to_ris([entry]) == "\r\n".join([
        "TY  - RPRT",
        "TI  - Protection des migrants",
        "AU  - Assemblée générale des Nations Unies,",
        "PB  - Organisation des Nations Unies",
        "SN  - A/RES/68/179",
        "M3  - Résolution",
        "PY  - 2013",
        "DA  - 2013/12/18",
        "LA  - fr",
        "UR  - https://resolu.example/r/A/RES/68/179",
        "L2  - https://undocs.org/fr/A/RES/68/179",
        "N1  - Source : Organisation des Nations Unies. Texte officiel : https://undocs.org/fr/A/RES/68/179",
        "ER  - ",
        "",
    ])


def test_ris_and_bibtex_of_an_untitled_security_council_resolution():
    meta = {"organ": "Conseil de sécurité", "title": "", "adopted": "2003-05-22", "format": "ocr"}
    entry = export.ResolutionEntry("S/RES/1483 (2003)", meta, "https://resolu.example/r/S/RES/1483%20(2003)")
    ris = export.to_ris([entry])
    assert "TI  - Résolution S/RES/1483 (2003)\r\n" in ris
    assert "AU  - Conseil de sécurité des Nations Unies,\r\n" in ris
    bib = export.to_bibtex([entry])
    assert "@techreport{S_RES_1483_2003,\n" in bib
    assert "  author = {{Conseil de sécurité des Nations Unies}},\n" in bib
    assert "  month = {5},\n" in bib


def test_bibtex_record_of_the_seed():
    entry = export.ResolutionEntry("A/RES/68/179", RESOLUTION, "https://resolu.example/r/A/RES/68/179")
    assert export.to_bibtex([entry]) == (
        "% Source des textes : Organisation des Nations Unies. Exporté de resolu.\n\n"
        "@techreport{A_RES_68_179,\n"
        "  author = {{Assemblée générale des Nations Unies}},\n"
        "  title = {Protection des migrants},\n"
        "  institution = {Organisation des Nations Unies},\n"
        "  type = {Résolution},\n"
        "  number = {A/RES/68/179},\n"
        "  date = {2013-12-18},\n"
        "  year = {2013},\n"
        "  month = {12},\n"
        "  url = {https://resolu.example/r/A/RES/68/179},\n"
        "  langid = {french},\n"
        "  note = {Source : Organisation des Nations Unies. Texte officiel : https://undocs.org/fr/A/RES/68/179}\n"
        "}\n"
    )


def test_bibtex_escapes_latex_specials_and_keeps_keys_unique():
    meta = {**RESOLUTION, "title": "Fonds & 50 % des {coûts} #1 ~ a_b \\ c^2"}
    entries = [export.ResolutionEntry("A/RES/68/179", meta, "u"), export.ResolutionEntry("A-RES-68-179", meta, "u")]
    bib = export.to_bibtex(entries)
    assert (r"title = {Fonds \& 50 \% des \{coûts\} \#1 \textasciitilde{} a\_b \textbackslash{} "
            r"c\textasciicircum{}2}") in bib
    assert re.findall(r"@techreport\{([^,]+),", bib) == ["A_RES_68_179", "A_RES_68_179_2"]


def test_atom_feed_is_valid_rfc_4287():
    rows = [export.paragraph_row("A/RES/68/179", OP3D, RESOLUTION, OP3D_URL),
            export.paragraph_row("A/RES/68/179", {**OP3D, "anchor": "op4a", "letter": "a", "number": "4"},
                                 {**RESOLUTION, "adopted": ""}, OP3D_URL.replace("op3d", "op4a"))]
    feed = export.Feed("resolu — « migrants »", "https://resolu.example/recherche.atom?q=migrants",
                       "https://resolu.example/recherche?q=migrants&sort=date",
                       datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    text = export.to_atom(feed, rows)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == "https://resolu.example/recherche.atom?q=migrants"
    assert root.findtext(f"{ATOM}title") == "resolu — « migrants »"
    # The newest date of the entries; an entry without a date takes the index's.
    assert root.findtext(f"{ATOM}updated") == "2026-01-02T03:04:05Z"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == feed.feed_url
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Organisation des Nations Unies"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [OP3D_URL, "https://resolu.example/r/A/RES/68/179/op4a"]
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "A/RES/68/179, par. 3 d)"
    assert first.findtext(f"{ATOM}updated") == "2013-12-18T00:00:00Z"
    assert first.find(f"{ATOM}link").attrib == {"rel": "alternate", "type": "text/html", "href": OP3D_URL}
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Assemblée générale des Nations Unies"
    assert first.findtext(f"{ATOM}summary") == f"Protection des migrants — {OP3D_TEXT}"
    assert entries[1].findtext(f"{ATOM}updated") == "2026-01-02T03:04:05Z"


# -- the routes ------------------------------------------------------------------

@pytest.fixture(scope="module")
def app(seed_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True, "PUBLIC_URL": "https://resolu.example"})
    yield app
    get_engine(app).close()


def read_csv(response) -> list[dict[str, str]]:
    text = response.get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_search_csv_holds_every_hit_in_the_page_order(client, engine):
    response = client.get("/recherche.csv?q=migrants&per_page=5&page=3")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8; header=present"
    assert response.headers["Content-Disposition"] == 'attachment; filename="resolu-migrants.csv"'
    assert response.get_data().startswith("\ufeffsymbol,anchor,".encode())
    rows = read_csv(response)
    total = engine.search("migrants").total
    # Paging is the page's, not the export's: every hit is there.
    assert len(rows) == total and response.headers["X-Resolu-Total"] == str(total)
    assert response.headers["X-Resolu-Exported"] == str(total) and response.headers["X-Resolu-Limit"] == "5000"
    first_page = client.get("/api/search?q=migrants").get_json()["hits"]
    assert [r["anchor"] for r in rows[:20]] == [h["anchor"] for h in first_page]
    op3d = next(r for r in rows if r["anchor"] == "op3d")
    assert op3d == {"symbol": "A/RES/68/179", "anchor": "op3d", "citation": "A/RES/68/179, par. 3 d)",
                    "date": "2013-12-18", "organ": "Assemblée générale", "title": "Protection des migrants",
                    "verb": "Demande", "addressees": "États ; Secrétaire général",
                    "instruments": "Convention internationale sur la protection des droits de tous les "
                                   "travailleurs migrants et des membres de leur famille",
                    "text": OP3D_TEXT, "url": OP3D_URL, "official_url": "https://undocs.org/fr/A/RES/68/179",
                    "source": "Organisation des Nations Unies",
                    # The seed's Markdown prints neither its adoption mode nor its sponsors.
                    "adoption": "", "votes_for": "", "votes_against": "", "abstentions": "", "sponsors": ""}


def test_search_csv_keeps_the_filters_and_the_sort(client):
    # "Prie" opens 4 c), 4 i), 9 a), 10 a) and 16, all about migrants, and 3 d) says "et prie le
    # Secrétaire général" after its "Demande": in reading order.
    rows = read_csv(client.get("/recherche.csv?q=migrants&verb=Prie&sort=order"))
    assert [r["citation"].removeprefix("A/RES/68/179, ") for r in rows] == [
        "par. 3 d)", "par. 4 c)", "par. 4 i)", "par. 9 a)", "par. 10 a)", "par. 16"]
    assert rows[0]["verb"] == "Demande"  # the opening verb; "prie" is a secondary one
    rows = read_csv(client.get("/recherche.csv?q=migrants&verb=Prie&kind=operative"))
    assert [r["citation"] for r in rows] == ["A/RES/68/179, par. 16"]


def test_search_export_stops_at_the_limit_and_says_so(client, monkeypatch):
    from webapp import feeds

    monkeypatch.setattr(feeds, "EXPORT_LIMIT", 3)
    response = client.get("/recherche.csv?q=migrants")
    assert len(read_csv(response)) == 3 and response.headers["X-Resolu-Exported"] == "3"
    page = client.get("/recherche?q=migrants").get_data(as_text=True)
    assert re.search(r"Télécharger les 3 premiers des \d+ paragraphes :", page)


def test_search_ris_and_bibtex_hold_one_record_per_resolution(client):
    response = client.get("/recherche.ris?q=migrants")
    assert response.status_code == 200
    assert response.content_type == "application/x-research-info-systems; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="resolu-migrants.ris"'
    text = response.get_data(as_text=True)
    assert text.count("TY  - RPRT") == 1 and "UR  - https://resolu.example/r/A/RES/68/179\r\n" in text
    response = client.get("/recherche.bib?q=migrants")
    assert response.content_type == "application/x-bibtex; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.count("@techreport{") == 1 and "number = {A/RES/68/179}" in text


def test_search_feed_is_the_newest_paragraphs(client):
    response = client.get("/recherche.atom?q=migrants&sort=relevance&page=2")
    assert response.status_code == 200
    assert response.content_type == "application/atom+xml; charset=utf-8"
    assert "Content-Disposition" not in response.headers
    root = ET.fromstring(response.get_data())
    assert root.findtext(f"{ATOM}id") == "https://resolu.example/recherche.atom?q=migrants"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == \
        "https://resolu.example/recherche?q=migrants&sort=date"
    entries = root.findall(f"{ATOM}entry")
    # One resolution in the seed: its paragraphs by date, then in reading order, 50 at most.
    assert len(entries) == 50
    assert entries[0].findtext(f"{ATOM}id") == "https://resolu.example/r/A/RES/68/179/pp1"
    assert entries[0].findtext(f"{ATOM}title") == "A/RES/68/179, 1er alinéa du préambule"
    assert entries[0].findtext(f"{ATOM}updated") == "2013-12-18T00:00:00Z"
    assert root.findtext(f"{ATOM}title") == "resolu — « migrants » (les plus récentes)"


def test_resolution_exports(client):
    response = client.get("/r/A/RES/68/179.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="A_RES_68_179.csv"'
    rows = read_csv(response)
    assert len(rows) == 77
    assert rows[0]["citation"] == "A/RES/68/179, 1er alinéa du préambule"
    assert rows[0]["text"].startswith("Rappelant toutes ses résolutions antérieures sur la protection des migrants")
    one = read_csv(client.get("/r/A/RES/68/179/op3d.csv"))
    assert [r["citation"] for r in one] == ["A/RES/68/179, par. 3 d)"] and one[0]["text"] == OP3D_TEXT
    ris = client.get("/r/A/RES/68/179.ris").get_data(as_text=True)
    assert ris.startswith("TY  - RPRT\r\nTI  - Protection des migrants\r\n") and ris.count("ER  - ") == 1
    bib = client.get("/r/A/RES/68/179.bib").get_data(as_text=True)
    assert "@techreport{A_RES_68_179," in bib


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/r/A/RES/99/999.csv", 404, "A/RES/99/999 n&#39;est pas dans la collection."),
    ("/r/A/RES/68/179/op99.ris", 404, "La résolution A/RES/68/179 n&#39;a pas de paragraphe « op99 »."),
    ("/recherche.csv?q=%22open", 400, "Requête incorrecte"),
    ("/recherche.atom?page=x", 400, "doivent être des nombres entiers"),
    ("/recherche.xls?q=migrants", 404, "Cette adresse ne correspond à aucune page de resolu."),
])
def test_export_errors_are_french_pages(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response.content_type == "text/html; charset=utf-8"
    assert message in response.get_data(as_text=True)


def test_security_council_symbol_with_space_and_parentheses(tmp_path):
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    build_index([SEED, SC / "S_RES_1483_2003.fr.txt"], tmp_path)
    app = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True, "PUBLIC_URL": "https://resolu.example"})
    try:
        c = app.test_client()
        ris = c.get("/r/S/RES/1483 (2003).ris")
        assert ris.status_code == 200
        assert ris.headers["Content-Disposition"] == 'attachment; filename="S_RES_1483_2003.ris"'
        text = ris.get_data(as_text=True)
        assert "SN  - S/RES/1483 (2003)\r\n" in text and "DA  - 2003/05/22\r\n" in text
        assert "UR  - https://resolu.example/r/S/RES/1483%20(2003)\r\n" in text
        page = c.get("/r/S/RES/1483%20(2003)").get_data(as_text=True)
        csv_link = next(unescape(h) for h in re.findall(r'href="([^"]*\.csv)"', page))
        rows = read_csv(c.get(csv_link))
        assert rows[0]["symbol"] == "S/RES/1483 (2003)" and rows[0]["organ"] == "Conseil de sécurité"
        assert "Conseil de sécurité" in rows[0]["source"]
    finally:
        get_engine(app).close()


# -- the page's links --------------------------------------------------------------

def test_search_page_links_its_json_twin_exports_and_feed(client):
    page = client.get("/recherche?q=migrants&verb=Prie&per_page=5&page=2").get_data(as_text=True)
    head = page.split("</head>")[0]
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]*)"', head)
    assert feed and unescape(feed.group(1)) == "/recherche.atom?q=migrants&verb=Prie"
    downloads = re.search(r'<p class="downloads">(.*?)</p>', page, re.S).group(1)
    links = [unescape(h) for h in re.findall(r'href="([^"]*)"', downloads)]
    assert links == ["/recherche.csv?q=migrants&verb=Prie", "/recherche.ris?q=migrants&verb=Prie",
                     "/recherche.bib?q=migrants&verb=Prie",
                     "/api/search?q=migrants&verb=Prie&per_page=5&page=2&group=wording",
                     "/recherche.atom?q=migrants&verb=Prie"]
    assert re.search(r"Télécharger ces \d+ paragraphes", downloads)
    json_twin = client.get(links[3]).get_json()
    assert json_twin["page"] == 2 and json_twin["per_page"] == 5 and json_twin["filters"] == {"verb": ["Prie"]}


def test_resolution_page_links_its_files(client):
    page = client.get("/r/A/RES/68/179").get_data(as_text=True)
    assert [unescape(h) for h in re.findall(r'href="(/r/[^"]*\.(?:csv|ris|bib))"', page)] == \
        ["/r/A/RES/68/179.csv", "/r/A/RES/68/179.ris", "/r/A/RES/68/179.bib"]


def test_no_files_without_results_but_a_feed_to_follow(client):
    page = client.get("/recherche?q=zzyzx").get_data(as_text=True)
    assert 'class="downloads"' not in page and ".csv" not in page
    follow = re.search(r'<li class="follow">(.*?)</li>', page, re.S).group(1)
    assert [unescape(h) for h in re.findall(r'href="([^"]*)"', follow)] == ["/recherche.atom?q=zzyzx",
                                                                           "/api/search?q=zzyzx&group=wording"]
    feed = ET.fromstring(client.get("/recherche.atom?q=zzyzx").get_data())
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")


# -- the JSON API ------------------------------------------------------------------

def test_api_hits_carry_citation_and_permalink(client):
    data = client.get("/api/search?q=migrants&kind=subparagraph&verb=Demande&addressee=Secrétaire général",
                      headers={"Host": "evil.example"}).get_json()
    hit = next(h for h in data["hits"] if h["anchor"] == "op3d")
    assert hit["citation"] == "A/RES/68/179, par. 3 d)"
    assert hit["url"] == OP3D_URL  # PUBLIC_URL, never the Host header


def test_api_limit_is_per_page(client):
    data = client.get("/api/search?q=migrants&limit=3").get_json()
    assert data["per_page"] == 3 and len(data["hits"]) == 3
    assert client.get("/api/search?q=migrants&limit=3&per_page=3").get_json()["per_page"] == 3
    response = client.get("/api/search?q=migrants&limit=3&per_page=4")
    assert response.status_code == 400
    assert response.get_json()["error"] == "limit est un autre nom de per_page : donnez l'un ou l'autre, " \
                                           "une seule valeur."
    response = client.get("/api/search?q=migrants&limit=500")
    assert response.status_code == 400 and "au plus 100 résultats par page" in response.get_json()["error"]


def test_api_refuses_unknown_parameters_but_cache_busters(client):
    response = client.get("/api/search?q=migrants&perpage=3&sortt=date")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("Paramètres inconnus : perpage, sortt. Paramètres acceptés : q, ")
    assert client.get("/api/search?q=migrants&_=1712345678").status_code == 200


# -- bilingual CSV (issue 16), over the bilingual index of tests/conftest.py --------------

def test_resolution_bilingual_csv(bilingual):
    response = bilingual.get("/r/E/RES/2023/2?format=csv")
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8; header=present"
    assert response.headers["Content-Disposition"] == 'attachment; filename="E_RES_2023_2.csv"'
    assert response.get_data().startswith("\ufeffsymbol,anchor,kind,french,english,url,official_url\r\n".encode())
    rows = read_csv(response)
    assert [(r["anchor"], r["kind"]) for r in rows] == [
        ("pp1", "preambular"), ("pp2", "preambular"), ("pp3", "preambular"), ("op1", "operative")]
    # Read in tests/data/akn/E_RES_2023_2_F.xml and tests/data/akn-en/E_RES_2023_2_E.xml.
    assert rows[3] == {
        "symbol": "E/RES/2023/2", "anchor": "op1", "kind": "operative",
        "french": "Décide de révoquer, avec effet immédiat, la qualité de membre de la Commission de la condition "
                  "de la femme de la République islamique\u00a0d’Iran pour le reste de son mandat (2022-2026).",
        "english": "Decides to remove with immediate effect the Islamic Republic of Iran from membership in the "
                   "Commission on the Status of Women for the remainder of its 2022–2026 term.",
        "url": "https://resolu.example/r/E/RES/2023/2/op1", "official_url": "https://undocs.org/fr/E/RES/2023/2"}


def test_bilingual_csv_keeps_the_paragraphs_without_english(bilingual):
    rows = read_csv(bilingual.get("/r/A/RES/76/239?format=csv"))
    assert len(rows) == 34 and [r["anchor"] for r in rows if not r["english"]] == ["x2"]
    (x2,) = (r for r in rows if r["anchor"] == "x2")
    assert x2["french"].startswith("États classés dans la catégorie C dans la liste figurant en annexe")
    one = read_csv(bilingual.get("/r/S/RES/2741 (2024)/op11?format=csv"))
    assert one == [{"symbol": "S/RES/2741 (2024)", "anchor": "op11", "kind": "operative",
                    "french": "Décide de rester saisi de la question.",
                    "english": "Decides to remain actively seized of the matter.",
                    "url": "https://resolu.example/r/S/RES/2741%20(2024)/op11",
                    "official_url": "https://undocs.org/fr/S/RES/2741(2024)"}]


def test_search_csv_gains_text_en_when_the_result_has_english(bilingual):
    rows = read_csv(bilingual.get("/recherche.csv?q=%22remain+seized%22&lang=en"))
    assert len(rows) == 1 and list(rows[0])[9:11] == ["text", "text_en"]
    assert rows[0]["text"] == "Décide de rester saisi de la question."
    assert rows[0]["text_en"] == "Decides to remain seized of the matter."
    # The seed alone (no English): the columns of before.
    rows = read_csv(bilingual.get("/recherche.csv?q=migrants&symbol=A/RES/68/179"))
    assert rows and "text_en" not in rows[0]


def test_search_feed_of_an_english_query(bilingual):
    root = ET.fromstring(bilingual.get("/recherche.atom?q=seized&lang=en").get_data())
    assert root.findtext(f"{ATOM}title") == "resolu — « seized » (en anglais) (les plus récentes)"
    assert root.findtext(f"{ATOM}id") == "https://resolu.example/recherche.atom?q=seized&lang=en"
    # One entry per wording, as the page groups them: "Decides to remain (actively) seized of the matter"
    # in 2024 leads its 2020 variant; one per paragraph with group=none.
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["S/RES/2741 (2024), par. 11"]
    root = ET.fromstring(bilingual.get("/recherche.atom?q=seized&lang=en&group=none").get_data())
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == [
        "S/RES/2741 (2024), par. 11", "S/RES/2522 (2020), par. 6"]


# -- streaming (issue 27) ------------------------------------------------------------------
def _lock_is_free(engine) -> bool:
    """Tell whether another thread could take the engine's read lock now (a search could run)."""
    import threading

    free = []

    def probe():
        got = engine._read_lock.acquire(blocking=False)
        free.append(got)
        if got:
            engine._read_lock.release()

    t = threading.Thread(target=probe)
    t.start()
    t.join()
    return free[0]


@pytest.mark.parametrize("fmt", ["csv", "ris", "bib", "tmx"])
def test_a_search_export_streams_without_holding_the_engine(app, client, monkeypatch, fmt):
    from indexer.search import engine as engine_module
    from webapp import get_engine

    # Two records per read: the seed's "migrants" hits take many reads.
    monkeypatch.setattr(engine_module, "EXPORT_CHUNK", 2)
    whole = client.get(f"/recherche.{fmt}?q=migrants").get_data()
    response = client.get(f"/recherche.{fmt}?q=migrants")
    assert response.is_streamed
    pieces = iter(response.response)
    first = next(pieces)
    # Between two pieces, the worker's other searches are not kept waiting.
    assert _lock_is_free(get_engine(app))
    assert first + b"".join(pieces) == whole
    response.close()


def test_a_search_export_highlights_nothing(client, monkeypatch):
    from indexer.search import engine as engine_module

    def refuse(*args, **kwargs):
        raise AssertionError("an export highlighted a hit")

    # A hit's texts are highlighted through results.Marked, made for each hit the engine builds.
    monkeypatch.setattr(engine_module, "Marked", refuse)
    response = client.get("/recherche.csv?q=migrants")
    assert response.status_code == 200
    assert len(read_csv(response)) == int(response.headers["X-Resolu-Total"])


def test_a_search_export_takes_a_limit(client):
    response = client.get("/recherche.csv?q=migrants&limit=20")
    rows = read_csv(response)
    assert len(rows) == 20
    assert response.headers["X-Resolu-Exported"] == "20" and response.headers["X-Resolu-Limit"] == "5000"
    first_page = client.get("/api/search?q=migrants").get_json()["hits"]
    assert [r["anchor"] for r in rows] == [h["anchor"] for h in first_page]
    assert len(read_csv(client.get("/recherche.csv?q=migrants&limit=5000"))) == \
        int(response.headers["X-Resolu-Total"])
    for bad in ("0", "5001", "cent"):
        response = client.get(f"/recherche.csv?q=migrants&limit={bad}")
        assert response.status_code == 400
        assert (f"limit : nombre de paragraphes à exporter, de 1 à 5\u00a0000 (par exemple 20, 100 ou 5000), "
                f"pas « {bad} ».") in response.get_data(as_text=True)
