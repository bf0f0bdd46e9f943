"""Test English drafts in the agreed-language finder: English tables, official French, language notice (issue 23).

The index is the bilingual fixture of tests/conftest.py (French AKN files of
tests/data/akn with the English files of tests/data/akn-en). The expected
texts are read in the sources: A/HRC/RES/55/15, operative paragraph 13, in
A_HRC_RES_55_15E.xml line 409 (English) and A_HRC_RES_55_15F.xml line 394
(French), « [Adoptée sans vote.] » line 420 of the French file.
"""

from __future__ import annotations

import json

import pytest

from indexer.wording.language import detect

OP13_EN = ("Encourages States, the United Nations network on racial discrimination and protection of minorities, "
           "civil society organizations and other stakeholders to promote and support the participation of persons "
           "belonging to national or ethnic, religious and linguistic minorities in relevant meetings and processes "
           "of United Nations human rights mechanisms, to advance work to combat racism, racial discrimination, "
           "xenophobia and related intolerance and to strengthen the protection of national or ethnic, religious "
           "and linguistic minorities in programming across the United Nations system;")
OP13_FR = ("Engage les États, le Réseau des Nations Unies sur la discrimination raciale et la protection des "
           "minorités, les organisations de la société civile et les autres parties prenantes à promouvoir et à "
           "soutenir la participation des personnes appartenant à des minorités nationales ou ethniques, religieuses "
           "et linguistiques aux réunions et processus pertinents des mécanismes des Nations Unies relatifs aux "
           "droits de l’homme, à faire progresser la lutte contre le racisme, la discrimination raciale, la "
           "xénophobie et l’intolérance qui y est associée, et à renforcer la protection des minorités nationales "
           "ou ethniques, religieuses et linguistiques dans les programmes de l’ensemble du système des Nations "
           "Unies\u00a0;")
# The example: an English draft a translator pastes.
MIGRANTS_EN = ("calls upon all States to protect the human rights of migrants regardless of their migration "
               "status")


@pytest.fixture(scope="module")
def finder(bilingual_engine):
    from indexer.search.agreed import SimilarFinder

    return SimilarFinder(bilingual_engine)


# -- the detector --------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang"), [
    (MIGRANTS_EN, "en"),
    (OP13_EN, "en"),
    (OP13_FR, "fr"),
    ("Décide de rester saisi de la question.", "fr"),
    ("Decides to remain seized of the matter.", "en"),
    # Too few function words to tell: no guess, no notice.
    ("Prie le Secrétaire général", None),
    ("Migrants", None),
    ("UNAMI, UNMISS, MINUSCA", None),
])
def test_detector_reads_function_words(text, lang):
    assert detect(text).lang == lang


def test_detector_counts():
    guess = detect(MIGRANTS_EN)
    # upon, all, to, the, of, regardless is not one, of, their: 7 English function words, no French one.
    assert (guess.english, guess.french) == (7, 0)


# -- the finder ----------------------------------------------------------------
def test_english_paragraph_finds_itself_with_its_official_french(finder):
    result = finder.find(OP13_EN, limit=3, lang="en")
    best = result.hits[0]
    assert (best.symbol, best.anchor, best.similarity) == ("A/HRC/RES/55/15", "op13", 1.0)
    assert best.text_en == OP13_EN
    assert best.text == OP13_FR
    assert best.diff == [{"op": "equal", "draft": OP13_EN, "match": OP13_EN}]
    assert best.outcome == "adopted_without_vote"
    assert result.lang == "en" and result.language_notice is None and result.notices == []
    data = result.to_json()
    assert data["lang"] == "en" and data["language_notice"] is None
    hit = data["hits"][0]
    assert hit["text"] == OP13_FR and hit["text_en"] == OP13_EN
    assert hit["vote"] == "adopted_without_vote" and hit["vote_label"] == "Adoptée sans vote" and hit["agreed"]


def test_edited_english_draft_still_finds_its_source(finder):
    draft = (OP13_EN.replace("Encourages States", "Urges all States")
             .replace("to promote and support", "to support and promote")
             .replace("in relevant meetings", "in all relevant meetings"))
    result = finder.find(draft, limit=3, lang="en")
    best = result.hits[0]
    assert (best.symbol, best.anchor) == ("A/HRC/RES/55/15", "op13")
    assert 0.9 < best.similarity < 1.0
    assert best.text == OP13_FR
    changed = [r for r in best.diff if r["op"] != "equal"]
    # The verb replaced, the two verbs swapped (one moved), the inserted "all" dropped.
    assert changed == [{"op": "replace", "draft": "Urges all ", "match": "Encourages "},
                       {"op": "insert", "draft": "", "match": "promote and "},
                       {"op": "delete", "draft": "and promote ", "match": ""},
                       {"op": "delete", "draft": "all ", "match": ""}]


def test_english_draft_compared_in_french_gets_a_notice(finder):
    result = finder.find(MIGRANTS_EN, lang="fr")
    assert result.language_notice is not None
    assert result.language_notice["detected"] == "en" and result.language_notice["switch"] == "en"
    assert result.language_notice["message"].startswith("Ce texte semble rédigé en anglais, mais il est comparé "
                                                        "aux paragraphes en français")
    assert result.notices[0] == result.language_notice["message"]
    # Switched: compared with the English paragraphs, no notice.
    assert finder.find(MIGRANTS_EN, lang="en").language_notice is None


def test_french_draft_compared_in_english_gets_a_notice(finder):
    result = finder.find(OP13_FR, lang="en")
    assert result.language_notice["detected"] == "fr" and result.language_notice["switch"] == "fr"
    assert result.language_notice["message"].startswith("Ce texte semble rédigé en français, mais il est comparé "
                                                        "aux paragraphes en anglais")
    french = finder.find(OP13_FR, lang="fr")
    assert french.language_notice is None
    assert (french.hits[0].symbol, french.hits[0].anchor, french.hits[0].similarity) == (
        "A/HRC/RES/55/15", "op13", 1.0)


def test_unknown_language_is_refused_in_french(finder):
    from indexer.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="langue inconnue « de »"):
        finder.find(OP13_EN, lang="de")


def test_index_without_english_says_so(engine):
    from indexer.search.agreed import SimilarFinder

    # The seed (seeds/A_RES_68_179.md) has no English version: its English tables are empty.
    result = SimilarFinder(engine).find("Decides to remain seized of the matter and to review it", lang="en")
    assert result.hits == []
    assert "La collection n'a aucun paragraphe en anglais" in result.notices[0]


# -- CLI, API, page --------------------------------------------------------------
def test_cli_similar_lang_en(bilingual_index):
    from click.testing import CliRunner

    from indexer.cli import main

    out = CliRunner().invoke(main, ["similar", OP13_EN, "--index", str(bilingual_index), "--lang", "en",
                                    "--limit", "2", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["lang"] == "en"
    assert data["hits"][0]["citation"] == "A/HRC/RES/55/15, par. 13"
    assert data["hits"][0]["similarity"] == 1.0 and data["hits"][0]["text"] == OP13_FR
    out = CliRunner().invoke(main, ["similar", OP13_EN, "--index", str(bilingual_index), "--lang", "en",
                                    "--limit", "1"])
    assert out.exit_code == 0, out.output
    assert "100 %  A/HRC/RES/55/15, par. 13" in out.output
    assert f"Texte français officiel : {OP13_FR}" in out.output
    out = CliRunner().invoke(main, ["similar", MIGRANTS_EN, "--index", str(bilingual_index)])
    assert out.output.startswith("Ce texte semble rédigé en anglais")


@pytest.fixture(scope="module")
def client(bilingual_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(bilingual_index), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


def test_api_similar_lang_en(client):
    r = client.post("/api/similar", json={"text": OP13_EN, "limit": 2, "lang": "en"})
    assert r.status_code == 200, r.json
    hit = r.json["hits"][0]
    assert (hit["symbol"], hit["anchor"], hit["similarity"]) == ("A/HRC/RES/55/15", "op13", 1.0)
    assert hit["text"] == OP13_FR and hit["text_en"] == OP13_EN
    assert hit["url"] == "http://localhost/r/A/HRC/RES/55/15/op13"
    assert hit["vote_label"] == "Adoptée sans vote"
    assert r.json["lang"] == "en" and r.json["language_notice"] is None


def test_api_similar_language_notice(client):
    r = client.post("/api/similar", json={"text": MIGRANTS_EN})
    assert r.status_code == 200
    assert r.json["lang"] == "fr" and r.json["language_notice"]["switch"] == "en"
    r = client.post("/api/similar", json={"text": OP13_FR, "lang": "en"})
    assert r.json["language_notice"]["switch"] == "fr"
    r = client.post("/api/similar", json={"text": OP13_EN, "lang": "de"})
    assert r.status_code == 400 and r.json["error"].startswith("« lang » : fr (français) ou en (anglais)")


def test_page_switch_and_notice(client):
    r = client.get("/libelle")
    assert 'name="lang" value="en"' in r.text and "Projet en :" in r.text
    r = client.post("/libelle", data={"texte": MIGRANTS_EN, "lang": "fr"})
    assert r.status_code == 200
    assert "Ce texte semble rédigé en anglais" in r.text
    assert '<input type="hidden" name="lang" value="en">' in r.text
    assert "Comparer en anglais" in r.text
    r = client.post("/libelle", data={"texte": OP13_EN, "lang": "en"})
    assert r.status_code == 200 and "Ce texte semble" not in r.text
    assert "100 %" in r.text and "Texte français officiel :" in r.text
    assert "Engage les États, le Réseau des Nations Unies" in r.text
    r = client.get("/libelle?depuis=A/HRC/RES/55/15/op13&lang=en")
    assert r.status_code == 200 and "100 %" in r.text and OP13_EN in r.text


# -- the benchmark's edited drafts (tests/benchmarks/similar.py) --------------------
def test_benchmark_edits_and_figures_on_the_english_side(bilingual_index):
    import random
    from collections import Counter

    from tests.benchmarks.similar import edit, edited_drafts, read_rows

    rng = random.Random(1)
    swapped = edit(OP13_EN, "swap", rng, "en")
    assert swapped != OP13_EN and Counter(swapped.split()) == Counter(OP13_EN.split())
    inserted = edit(OP13_EN, "insert", rng, "en")
    assert len(inserted.split()) == len(OP13_EN.split()) + 2
    reordered = edit(OP13_EN, "reorder", rng, "en")
    assert reordered != OP13_EN and Counter(reordered.split()) == Counter(OP13_EN.split())
    rows = read_rows(bilingual_index, "en")
    # The English of six resolutions (tests/data/akn-en); A/RES/76/239 has one French paragraph without English.
    assert len({r.symbol for r in rows}) == 6 and all(r.text for r in rows)
    figures = edited_drafts(rows, 60, 14, "en")
    assert figures["drafts"] == 60 and figures["first_hit_source_cluster"] >= 0.95


def test_paragraph_page_links_to_the_english_finder(client):
    r = client.get("/r/A/HRC/RES/55/15/op13")
    assert r.status_code == 200
    assert 'href="/libelle?depuis=A/HRC/RES/55/15/op13&amp;lang=en"' in r.text
    assert "dans les versions anglaises" in r.text
