"""Test the TMX writer (webapp/tmx.py) with an independent reader, translate-toolkit's.

The writer's output is read back by ``translate.storage.tmx`` (the Translate
Toolkit, which Pootle, Weblate and Virtaal use), never only by the writer's
own XML library: a file it cannot read is a file no translator can use.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from webapp import tmx

translate_tmx = pytest.importorskip("translate.storage.tmx", reason="pip install translate-toolkit (test extras)")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROOT = Path(__file__).resolve().parent.parent
SERIES = ROOT / "tests" / "data" / "series"
SERIES_EN = ROOT / "tests" / "data" / "series-en"
# S/RES/2741 (2024), last operative paragraph, as the French AKN file (tests/data/akn) and the English one
# (tests/data/akn-en) print it.
OP11 = tmx.Unit(symbol="S/RES/2741 (2024)", anchor="op11", french="Décide de rester saisi de la question.",
                english="Decides to remain actively seized of the matter.",
                url="https://resolu.example/r/S/RES/2741 (2024)/op11", citation="S/RES/2741 (2024), par. 11")


def read(text: str):
    """Parse a TMX document with translate-toolkit, as a translation tool would."""
    return translate_tmx.tmxfile.parsestring(text.encode("utf-8"))


def test_one_unit_per_aligned_paragraph_read_back_by_translate_toolkit():
    lone = tmx.Unit("S/RES/2741 (2024)", "op10", "Prie le Secrétaire général…", "", "u")
    text = tmx.to_tmx([OP11, lone], tmx.Header(tool_version="0.1.0"))
    store = read(text)
    units = [u for u in store.units if u.istranslatable()]
    assert len(units) == 1  # the paragraph without English is left out
    unit = units[0]
    assert unit.source == OP11.french
    assert unit.target == OP11.english
    assert unit.getid() == "S/RES/2741 (2024)/op11"
    assert store.sourcelanguage == "fr-FR"


def test_header_and_properties_follow_tmx_1_4b():
    text = tmx.to_tmx([OP11], tmx.Header(tool_version="0.1.0", created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)))
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<tmx version="1.4">')
    root = ET.fromstring(text.encode("utf-8"))
    header = root.find("header")
    assert header.attrib == {"creationtool": "resolu", "creationtoolversion": "0.1.0", "datatype": "plaintext",
                             "segtype": "paragraph", "o-tmf": "resolu", "adminlang": "en", "srclang": "fr-FR",
                             "creationdate": "20260102T030405Z"}
    notes = header.findall("note")
    assert notes[0].text.startswith("Source of the texts: United Nations.")
    assert "unofficial copies" in notes[0].text
    assert notes[1].get(XML_LANG) == "fr-FR"
    assert notes[1].text.startswith("Source des textes : Organisation des Nations Unies.")
    (tu,) = root.iter("tu")
    assert [(p.get("type"), p.text) for p in tu.findall("prop")] == [
        ("x-symbol", "S/RES/2741 (2024)"), ("x-anchor", "op11"), ("x-citation", "S/RES/2741 (2024), par. 11"),
        ("x-url", "https://resolu.example/r/S/RES/2741 (2024)/op11"),
        ("x-official-url", "https://undocs.org/fr/S/RES/2741(2024)")]
    # Notes and properties come before the variants, as the DTD orders them.
    assert [child.tag for child in tu] == ["prop", "prop", "prop", "prop", "prop", "tuv", "tuv"]
    assert [(v.get(XML_LANG), v.findtext("seg")) for v in tu.findall("tuv")] == [
        ("fr-FR", OP11.french), ("en", OP11.english)]


def test_english_query_makes_english_the_source_language():
    text = tmx.to_tmx([OP11], tmx.Header(srclang=tmx.ENGLISH))
    store = read(text)
    assert store.sourcelanguage == "en"
    (unit,) = store.units
    assert unit.source == OP11.english and unit.target == OP11.french
    assert [v.get(XML_LANG) for v in ET.fromstring(text).iter("tuv")] == ["en", "fr-FR"]


def test_markup_characters_are_escaped_and_forbidden_ones_dropped():
    # OCR leaves form feeds and other control characters; XML 1.0 cannot hold them at all.
    nasty = tmx.Unit("A/RES/1 <&>", "op1", 'Prie « le "Comité" » & <b>X</b>\x0c\x00 ;', "Requests 'the' & <i>\x1b",
                     "https://resolu.example/r/A?x=1&y=2")
    text = tmx.to_tmx([nasty])
    assert "&amp; &lt;b&gt;X&lt;/b&gt;" in text and "\x0c" not in text and "\x00" not in text
    (unit,) = read(text).units
    assert unit.source == 'Prie « le "Comité" » & <b>X</b> ;'
    assert unit.target == "Requests 'the' & <i>"
    props = {p.get("type"): p.text for p in ET.fromstring(text).iter("prop")}
    assert props["x-symbol"] == "A/RES/1 <&>" and props["x-url"] == "https://resolu.example/r/A?x=1&y=2"


def test_no_aligned_paragraph_is_a_valid_empty_memory():
    text = tmx.to_tmx([tmx.Unit("A/RES/68/179", "op1", "Texte français", "  ", "u")])
    store = read(text)
    assert [u for u in store.units if u.istranslatable()] == []
    assert ET.fromstring(text).find("body") is not None


def test_unknown_source_language_is_refused():
    with pytest.raises(ValueError, match="srclang 'de'"):
        tmx.to_tmx([OP11], tmx.Header(srclang="de"))


# -- the routes, over the bilingual index of tests/conftest.py ---------------------------
# E/RES/2023/2, read in tests/data/akn/E_RES_2023_2_F.xml and tests/data/akn-en/E_RES_2023_2_E.xml:
# three preambular paragraphs and one operative paragraph, all with English.
E_PP3_FR = ("Se déclarant gravement préoccupé par les mesures prises depuis septembre 2022 par le Gouvernement de la "
            "République islamique\u00a0d’Iran, qui ne cesse de porter atteinte aux droits humains des femmes et des "
            "filles et réprime de plus en plus l’exercice de ces droits, dont le droit à la liberté d’expression et "
            "d’opinion, souvent au moyen d’une force excessive et de politiques manifestement contraires aux droits "
            "humains des femmes et des filles et au mandat de la Commission de la condition de la femme, ainsi qu’au "
            "moyen de la force létale entraînant la mort de personnes qui manifestent de manière pacifique, dont des "
            "femmes et des filles,")
E_PP3_EN = ("Expressing serious concern over the actions of the Government of the Islamic Republic of Iran since "
            "September 2022 to continuously undermine and increasingly suppress the human rights of women and girls, "
            "including the right to freedom of expression and opinion, often with the use of excessive force, by "
            "administering policies flagrantly contrary to the human rights of women and girls and to the mandate of "
            "the Commission on the Status of Women, as well as through the use of lethal force resulting in the "
            "deaths of peaceful protestors, including women and girls,")
E_OP1_FR = ("Décide de révoquer, avec effet immédiat, la qualité de membre de la Commission de la condition de la "
            "femme de la République islamique\u00a0d’Iran pour le reste de son mandat (2022-2026).")
E_OP1_EN = ("Decides to remove with immediate effect the Islamic Republic of Iran from membership in the Commission "
            "on the Status of Women for the remainder of its 2022–2026 term.")


def props(unit) -> dict[str, str]:
    """Return a unit's <prop> elements by type, read from its XML."""
    return {p.get("type"): p.text for p in unit.xmlelement.iter("prop")}


def test_resolution_tmx(bilingual):
    response = bilingual.get("/r/E/RES/2023/2?format=tmx")
    assert response.status_code == 200
    assert response.content_type == "application/x-tmx+xml; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="E_RES_2023_2.tmx"'
    assert response.headers["X-Resolu-Paragraphs"] == "4" and response.headers["X-Resolu-Aligned"] == "4"
    store = read(response.get_data(as_text=True))
    assert store.sourcelanguage == "fr-FR"
    units = store.units
    assert [props(u)["x-anchor"] for u in units] == ["pp1", "pp2", "pp3", "op1"]
    assert (units[2].source, units[2].target) == (E_PP3_FR, E_PP3_EN)
    assert (units[3].source, units[3].target) == (E_OP1_FR, E_OP1_EN)
    assert units[0].source.startswith("Rappelant sa résolution 11\u00a0(II) du 21\u00a0juin 1946, par laquelle il a "
                                      "créé la Commission de la condition de la femme")
    assert units[0].target.startswith("Recalling its resolution 11 (II) of 21\u00a0June 1946, by which it "
                                      "established the Commission on the Status of Women")
    assert props(units[3]) == {"x-symbol": "E/RES/2023/2", "x-anchor": "op1", "x-citation": "E/RES/2023/2, par. 1",
                               "x-url": "https://resolu.example/r/E/RES/2023/2/op1",
                               "x-official-url": "https://undocs.org/fr/E/RES/2023/2"}


def test_paragraph_tmx_and_english_as_source(bilingual):
    response = bilingual.get("/r/E/RES/2023/2/op1?format=tmx&lang=en")
    assert response.headers["Content-Disposition"] == 'attachment; filename="E_RES_2023_2_op1.tmx"'
    store = read(response.get_data(as_text=True))
    assert store.sourcelanguage == "en"
    (unit,) = store.units
    assert (unit.source, unit.target) == (E_OP1_EN, E_OP1_FR)


def test_a_paragraph_without_english_is_left_out(bilingual):
    # A/RES/76/239: 34 French paragraphs, 33 aligned; its table note x2 has no English paragraph.
    response = bilingual.get("/r/A/RES/76/239?format=tmx")
    assert response.headers["X-Resolu-Paragraphs"] == "34" and response.headers["X-Resolu-Aligned"] == "33"
    anchors = [props(u)["x-anchor"] for u in read(response.get_data(as_text=True)).units]
    assert len(anchors) == 33 and "x2" not in anchors and anchors[:2] == ["pp1", "pp2"]


def test_search_tmx_takes_the_page_query_string(bilingual):
    response = bilingual.get("/recherche.tmx?q=remain+seized&lang=en&per_page=2&page=2")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="resolu-remain-seized.tmx"'
    store = read(response.get_data(as_text=True))
    assert store.sourcelanguage == "en"
    # Every hit, in the page's order (paging is the page's, not the export's): the page groups the
    # paragraphs of one wording, so each card's leader comes first, then its other versions.
    found = bilingual.get("/api/search?q=remain+seized&lang=en&limit=100&group=wording").get_json()
    assert [(props(u)["x-symbol"], props(u)["x-anchor"]) for u in store.units] == [
        pair for h in found["hits"]
        for pair in [(h["symbol"], h["anchor"]), *((v["symbol"], v["anchor"]) for v in h["card"]["versions"])]]
    assert response.headers["X-Resolu-Total"] == str(found["total"]) == str(len(store.units))
    by_anchor = {(props(u)["x-symbol"], props(u)["x-anchor"]): u for u in store.units}
    unit = by_anchor[("S/RES/2741 (2024)", "op11")]
    assert (unit.source, unit.target) == ("Decides to remain actively seized of the matter.",
                                          "Décide de rester saisi de la question.")
    unit = by_anchor[("S/RES/2522 (2020)", "op6")]
    assert (unit.source, unit.target) == ("Decides to remain seized of the matter.",
                                          "Décide de rester saisi de la question.")
    assert props(unit)["x-url"] == "https://resolu.example/r/S/RES/2522%20(2020)/op6"
    # A French search of the same paragraphs: French is the source; the seed's hits have no English, no unit.
    store = read(bilingual.get("/recherche.tmx?q=%22rester+saisi+de+la+question%22").get_data(as_text=True))
    assert store.sourcelanguage == "fr-FR"
    assert {u.source for u in store.units} == {"Décide de rester saisi de la question."}
    assert {u.target for u in store.units} == {"Decides to remain seized of the matter.",
                                               "Decides to remain actively seized of the matter."}


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """Serve the UNFICYP series, S/RES/2723 (2024) then S/RES/2771 (2025), in French and English."""
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    folder = tmp_path_factory.mktemp("series-bilingual")
    build_index([SERIES / "S_RES_2723-2401650F.xml", SERIES_EN / "S_RES_2723-2401650E.xml",
                 SERIES / "S_RES_2771-2501522F.xml", SERIES_EN / "S_RES_2771-2501522E.xml"], folder)
    app = create_app({"INDEX_DIR": str(folder), "TESTING": True, "PUBLIC_URL": "https://resolu.example"})
    yield app.test_client()
    get_engine(app).close()


def test_series_tmx_holds_every_resolution_oldest_first(series):
    page = series.get("/serie/S/RES/2771%20(2025)").get_data(as_text=True)
    link = re.search(r'<a href="([^"]*format=tmx)" download>TMX</a>', page).group(1)
    assert unescape(link) == "/serie/S/RES/2771%20(2025)?format=tmx"
    response = series.get(unescape(link))
    assert response.headers["Content-Disposition"] == 'attachment; filename="serie_S_RES_2771_2025.tmx"'
    # 54 paragraphs in each, every one with its English.
    assert response.headers["X-Resolu-Paragraphs"] == "108" and response.headers["X-Resolu-Aligned"] == "108"
    units = read(response.get_data(as_text=True)).units
    symbols = [props(u)["x-symbol"] for u in units]
    assert symbols == ["S/RES/2723 (2024)"] * 54 + ["S/RES/2771 (2025)"] * 54
    # The last paragraph of each: par. 25 of the first, par. 24 of the second.
    for unit, anchor in ((units[53], "op25"), (units[-1], "op24")):
        assert props(unit)["x-anchor"] == anchor
        assert (unit.source, unit.target) == ("Décide de rester saisi de la question.",
                                              "Decides to remain seized of the matter.")


def test_series_tmx_of_a_resolution_outside_any_series(bilingual):
    # E/RES/2023/2 belongs to no series: its series is itself (the page offers no file, the address answers).
    response = bilingual.get("/serie/E/RES/2023/2?format=tmx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="serie_E_RES_2023_2.tmx"'
    units = read(response.get_data(as_text=True)).units
    assert len(units) == 4 and (units[-1].source, units[-1].target) == (E_OP1_FR, E_OP1_EN)


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/r/A/RES/68/179?format=tmx", 404, "Version anglaise non disponible : la résolution A/RES/68/179 n&#39;a pas"),
    ("/r/A/RES/68/179?format=csv", 404, "Version anglaise non disponible"),
    ("/r/E/RES/2023/2?format=xlsx", 400, "Format inconnu « xlsx » : tmx, csv"),
    ("/serie/E/RES/2023/2?format=csv", 400, "Format inconnu « csv » : tmx,"),
    ("/r/E/RES/2023/2/op99?format=tmx", 404, "La résolution E/RES/2023/2 n&#39;a pas de paragraphe « op99 »."),
])
def test_tmx_errors_are_french_pages(bilingual, url, status, message):
    response = bilingual.get(url)
    assert response.status_code == status and response.content_type == "text/html; charset=utf-8"
    assert message in response.get_data(as_text=True)
