"""Fold the hits of one wording into one card; rank the paragraphs holding every query word first.

The index holds the "Protection des migrants" resolutions of 2023 and 2025
(tests/data/series: A/RES/78/217, adopted 2023-12-19; A/RES/80/218, adopted
2025-12-18) and the seed, A/RES/68/179 (2013-12-18). Read in their XML: op1 of
80/218 adds « et des personnes handicapées, » after « en particulier des
femmes et des enfants » (78/217 op1 has « … et des enfants, et de traiter …»);
op5 is word for word the same in both.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import numpy as np
import pytest

from indexer.errors import QuerySyntaxError
from indexer.search.grouping import DIFF_OVERHEAD, Card, DiffCache, Version, WordingGroups

ROOT = Path(__file__).resolve().parent.parent
SERIES = ROOT / "tests" / "data" / "series"
FILES = [SERIES / "A_RES_78_217-2325999F.xml", SERIES / "A_RES_80_218-2520973F.xml", ROOT / "seeds" / "A_RES_68_179.md"]
OP1 = "droits humains libertés fondamentales migrants statut migratoire"
LABEL = "même libellé dans 2 résolutions, de A/RES/78/217 (2023) à A/RES/80/218 (2025)"


@pytest.fixture(scope="module")
def migrants_index(tmp_path_factory) -> Path:
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("migrants-index")
    build_index(FILES, folder)
    return folder


@pytest.fixture(scope="module")
def migrants(migrants_index):
    from indexer.search.engine import Engine

    engine = Engine(migrants_index)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def migrants_client(migrants_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(migrants_index), "TESTING": True, "PUBLIC_URL": "https://resolu.example"})
    yield app.test_client()
    get_engine(app).close()


def keys(result) -> list[str]:
    return [f"{h.symbol}#{h.anchor}" for h in result.hits]


# -- the groups and cards themselves --------------------------------------------------

def test_groups_come_from_the_wording_clusters_and_stand_alone_otherwise():
    class Tables:
        wording_cluster = np.array([0, 0, 1])
        row_wording = np.array([0, -1, 1, 2])
        row_docnum = np.array([3, 1, 0, 2])

    groups = WordingGroups.from_tables(Tables, 5)
    # Docs 3 and 0 share cluster 0 (wordings 0 and 1), doc 2 is cluster 1, docs 1 and 4 are their own (2 + docnum).
    assert groups.group.tolist() == [0, 3, 1, 0, 6]
    assert groups.wording.tolist() == [1, -1, 2, 0, -1]
    assert groups.count(np.array([0, 3, 4])) == 2
    assert groups.first_groups(np.array([4, 3, 2, 0, 1])).tolist() == [6, 0, 1, 3]


def test_a_card_names_its_span_and_a_council_symbol_keeps_its_own_year():
    card = Card(3, 2, ("A/RES/78/217", "2023-12-19"), ("A/RES/80/218", "2025-12-18"), [])
    assert card.label == LABEL
    council = Card(2, 2, ("S/RES/2522 (2020)", "2020-06-29"), ("S/RES/2741 (2024)", "2024-06-27"), [])
    assert council.label == "même libellé dans 2 résolutions, de S/RES/2522 (2020) à S/RES/2741 (2024)"
    assert Card(1, 1, ("A/RES/68/179", None), ("A/RES/68/179", None), []).label == ""
    variant = Version("A/RES/78/217", "op1", "2023-12-19", False,
                      [{"op": "equal", "draft": "des enfants ", "match": "des enfants, "},
                       {"op": "delete", "draft": "et des personnes handicapées, ", "match": ""}])
    assert variant.changed == 4
    assert variant.to_json()["changed"] == 4


# -- the engine -----------------------------------------------------------------------

def test_the_2025_wording_leads_its_card_with_the_2023_version_and_its_diff(migrants):
    result = migrants.search(OP1, group="wording", per_page=10)
    by_key = dict(zip(keys(result), result.cards, strict=True))
    assert "A/RES/78/217#op1" not in by_key
    card = by_key["A/RES/80/218#op1"]
    assert card.label == LABEL
    assert (card.paragraphs, card.resolutions) == (2, 2)
    [version] = card.versions
    assert (version.symbol, version.anchor, version.adopted, version.identical) == (
        "A/RES/78/217", "op1", "2023-12-19", False)
    changes = [(run["draft"], run["match"]) for run in version.diff if run["op"] != "equal"]
    assert changes == [("et des personnes handicapées, ", "")]
    same = by_key["A/RES/80/218#op5"]
    assert [(v.symbol, v.anchor, v.identical, v.diff) for v in same.versions] == [
        ("A/RES/78/217", "op5", True, [])]


def test_a_card_asked_again_shows_the_same_diff_kept_from_the_first_time(migrants):
    first = migrants.search(OP1, group="wording", per_page=10)
    again = migrants.search(OP1, group="wording", per_page=10, filters={"year_from": ["2020"]})
    [version] = dict(zip(keys(first), first.cards, strict=True))["A/RES/80/218#op1"].versions
    [kept] = dict(zip(keys(again), again.cards, strict=True))["A/RES/80/218#op1"].versions
    assert kept == version and kept.diff is not version.diff
    assert [(run["draft"], run["match"]) for run in kept.diff if run["op"] != "equal"] == [
        ("et des personnes handicapées, ", "")]


def test_the_diff_cache_gives_copies_and_drops_the_least_recent_past_its_size():
    run = {"op": "replace", "draft": "des femmes", "match": "des enfants"}
    size = DIFF_OVERHEAD + len("op1") + len("des femmes") + len("des enfants")
    cache = DiffCache(chars=2 * size)
    assert cache.put(1, 2, "op1", [run]) == ("op1", [run])
    run["match"] = "changed by its reader"
    assert cache.get(1, 2) == ("op1", [{"op": "replace", "draft": "des femmes", "match": "des enfants"}])
    cache.put(1, 3, "op1", [{"op": "replace", "draft": "des femmes", "match": "des enfants"}])
    cache.get(1, 2)  # now the most recent: (1, 3) goes when a third comes
    cache.put(4, 5, "op1", [{"op": "replace", "draft": "des femmes", "match": "des enfants"}])
    assert (cache.get(1, 3), cache.get(1, 2) is not None, cache.get(4, 5) is not None) == (None, True, True)
    assert cache.get(2, 1) is None


def test_counts_stay_exact_as_paragraphs_and_as_wordings_and_no_card_is_split(migrants):
    flat = migrants.search(OP1, group="none", per_page=5000)
    grouped = migrants.search(OP1, group="wording", per_page=7)
    assert grouped.total == flat.total == len(flat.hits)
    assert grouped.facets == migrants.search(OP1, per_page=1).facets  # facet counts stay paragraph counts
    assert grouped.pages == -(-grouped.wordings // 7)
    seen: list[str] = []
    paragraphs = 0
    for page in range(1, grouped.pages + 1):
        result = migrants.search(OP1, group="wording", per_page=7, page=page)
        assert len(result.hits) == (7 if page < grouped.pages else grouped.wordings - 7 * (grouped.pages - 1))
        for hit, card in zip(result.hits, result.cards, strict=True):
            seen.append(f"{hit.symbol}#{hit.anchor}")
            seen.extend(f"{v.symbol}#{v.anchor}" for v in card.versions)
            paragraphs += card.paragraphs
    # Every paragraph in exactly one card, pages continuing one another.
    assert paragraphs == flat.total
    assert len(seen) == len(set(seen)) == flat.total
    assert set(seen) == set(keys(flat))
    assert migrants.search(OP1, group="wording", per_page=7, page=grouped.pages + 1).hits == []


def test_a_card_stands_where_its_best_paragraph_ranks(migrants):
    flat = keys(migrants.search(OP1, group="none", per_page=4))
    # 78/217 op5 and 80/218 op5 tie first (same words), then 78/217 op1 above 80/218 op1 (shorter).
    assert flat == ["A/RES/78/217#op5", "A/RES/80/218#op5", "A/RES/78/217#op1", "A/RES/80/218#op1"]
    assert keys(migrants.search(OP1, group="wording", per_page=2)) == ["A/RES/80/218#op5", "A/RES/80/218#op1"]


def test_an_unknown_grouping_is_refused_in_french(migrants):
    with pytest.raises(QuerySyntaxError, match="regroupement inconnu « paragraphe »"):
        migrants.search(OP1, group="paragraphe")


def test_exports_follow_the_cards_and_a_feed_takes_their_leaders(migrants):
    found = migrants.export(OP1, limit=4, group="wording")
    records = [f"{s}#{r['anchor']}" for s, r, _ in migrants.export_records(found)]
    assert records == ["A/RES/80/218#op5", "A/RES/78/217#op5", "A/RES/80/218#op1", "A/RES/78/217#op1"]
    leaders = migrants.export(OP1, limit=2, group="wording", leaders=True)
    assert [f"{s}#{r['anchor']}" for s, r, _ in migrants.export_records(leaders)] == [
        "A/RES/80/218#op5", "A/RES/80/218#op1"]


# -- all the words first ----------------------------------------------------------------

def test_a_date_sort_puts_the_paragraphs_holding_every_word_first(migrants):
    # « enfants migrants éducation »: all three words in 80/218 op5j (« … système éducatif … »: éducation by
    # its family), 78/217 op6l and 68/179 op5h (« … accès à l'éducation … »), newest first.
    result = migrants.search("enfants migrants éducation", sort="date", per_page=5)
    assert result.all_words == 3
    assert keys(result)[:3] == ["A/RES/80/218#op5j", "A/RES/78/217#op6l", "A/RES/68/179#op5h"]
    grouped = migrants.search("enfants migrants éducation", sort="date", per_page=2, group="wording")
    # 78/217 op6l leads its 2013 variant (« instruction » for « éducation »).
    assert keys(grouped) == ["A/RES/80/218#op5j", "A/RES/78/217#op6l"]
    assert [(v.symbol, v.anchor) for v in grouped.cards[1].versions] == [("A/RES/68/179", "op5h")]


def test_when_no_paragraph_holds_every_word_the_result_says_so(migrants):
    result = migrants.search("xénophobie handicapées", per_page=3)
    assert result.all_words == 0 and result.partial and result.total > 0
    assert result.words == ["xénophobie", "handicapées"]
    whole = migrants.search("+xénophobie +handicapées", per_page=3)
    assert whole.total == 0
    assert migrants.search("xénophobie", per_page=1).all_words is None


# -- the page and the API ----------------------------------------------------------------------

def test_the_page_shows_one_card_per_wording_with_its_older_versions(migrants_client):
    page = migrants_client.get("/recherche?q=" + OP1.replace(" ", "+")).get_data(as_text=True)
    title = re.search(r'<h1 id="results-title"[^>]*>(.*?)</h1>', page, re.S).group(1)
    total = migrants_client.get("/api/search?q=" + OP1.replace(" ", "+")).get_json()["total"]
    wordings = migrants_client.get(f"/api/search?q={OP1}&group=wording").get_json()["wordings"]
    assert title.startswith(f"{total} paragraphes, {wordings} libellés pour « {OP1} »")
    assert "Les nombres comptent des paragraphes." in page
    card = page[page.index('href="/r/A/RES/80/218/op1"'):]
    card = card[:card.index("</article>")]
    assert f"{LABEL[0].upper()}{LABEL[1:]}." in card
    assert "<summary>1 autre version, de la plus récente à la plus ancienne</summary>" in card
    assert '<a href="/r/A/RES/78/217/op1">A/RES/78/217, op1</a> — 19 décembre 2023' in card
    assert '<del title="dans A/RES/80/218">et des personnes handicapées, </del>' in card
    assert 'href="/r/A/RES/78/217/op1"' in card
    toggle = re.search(r'<p class="grouping">(.*?)</p>', page, re.S).group(1)
    assert unescape(re.search(r'href="([^"]*)"', toggle).group(1)) == (
        "/recherche?q=droits+humains+libert%C3%A9s+fondamentales+migrants+statut+migratoire&group=none")


def test_the_toggle_is_kept_in_the_query_string_like_a_facet(migrants_client):
    page = migrants_client.get(f"/recherche?q={OP1}&group=none&per_page=3").get_data(as_text=True)
    assert re.search(r'<h1 id="results-title"[^>]*>\d+ paragraphes pour', page)
    assert 'class="versions"' not in page
    assert '<input type="hidden" name="group" value="none">' in page
    nxt = unescape(re.search(r'<a rel="next" href="([^"]*)"', page).group(1))
    assert "group=none" in nxt
    facet = unescape(re.search(r'<a href="([^"]*)"[^>]*\s+data-value=', page).group(1))
    assert "group=none" in facet
    assert migrants_client.get(f"/recherche?q={OP1}&group=libelle").status_code == 400


def test_the_page_says_when_no_paragraph_holds_every_word(migrants_client):
    page = migrants_client.get("/recherche?q=x%C3%A9nophobie+handicap%C3%A9es").get_data(as_text=True)
    note = re.search(r'<p class="note partial-words">(.*?)</p>', page, re.S).group(1)
    assert "Aucun paragraphe ne contient tous les mots ; résultats avec une partie des mots." in note
    assert [unescape(h) for h in re.findall(r'href="([^"]*)"', note)] == [
        "/recherche?q=%2Bx%C3%A9nophobie+%2Bhandicap%C3%A9es", "/recherche?q=%22x%C3%A9nophobie+handicap%C3%A9es%22"]


def test_the_api_keeps_every_hit_and_gives_the_cards_when_asked(migrants_client):
    flat = migrants_client.get(f"/api/search?q={OP1}&per_page=4").get_json()
    assert flat["group"] == "none" and flat["wordings"] is None
    assert [f"{h['symbol']}#{h['anchor']}" for h in flat["hits"]] == [
        "A/RES/78/217#op5", "A/RES/80/218#op5", "A/RES/78/217#op1", "A/RES/80/218#op1"]
    assert all("card" not in h for h in flat["hits"])
    grouped = migrants_client.get(f"/api/search?q={OP1}&per_page=2&group=wording").get_json()
    assert grouped["total"] == flat["total"] and grouped["wordings"] < grouped["total"]
    assert [f"{h['symbol']}#{h['anchor']}" for h in grouped["hits"]] == ["A/RES/80/218#op5", "A/RES/80/218#op1"]
    card = grouped["hits"][1]["card"]
    assert card["label"] == LABEL and card["paragraphs"] == 2 and card["resolutions"] == 2
    assert card["earliest"] == {"symbol": "A/RES/78/217", "adopted": "2023-12-19"}
    assert card["latest"] == {"symbol": "A/RES/80/218", "adopted": "2025-12-18"}
    [version] = card["versions"]
    assert version["url"] == "https://resolu.example/r/A/RES/78/217/op1"
    assert version["identical"] is False and version["changed"] == 4
    refused = migrants_client.get(f"/api/search?q={OP1}&group=tout")
    assert refused.status_code == 400 and "Regroupement inconnu « tout »" in refused.get_json()["error"]
    partial = migrants_client.get("/api/search?q=x%C3%A9nophobie+handicap%C3%A9es").get_json()
    assert partial["all_words"] == 0 and partial["partial"] is True


def test_the_page_json_twin_asks_for_the_cards(migrants_client):
    page = migrants_client.get(f"/recherche?q={OP1}").get_data(as_text=True)
    twin = unescape(re.search(r'<link rel="alternate" type="application/json"[^>]*href="([^"]*)"', page).group(1))
    assert twin.endswith("&group=wording")
    assert "card" in migrants_client.get(twin).get_json()["hits"][0]


def test_the_page_says_how_many_hold_every_word_and_sorts_them_first_by_date(migrants_client):
    page = migrants_client.get("/recherche?q=enfants+migrants+%C3%A9ducation&sort=date&group=none").get_data(
        as_text=True)
    note = re.search(r'<p class="note all-words">(.*?)</p>', page, re.S).group(1)
    assert note == ("3 paragraphes contiennent tous les mots, classés par date avant les autres ; les autres "
                    "n'en contiennent qu'une partie.")
    heads = re.findall(r'<h2 class="cite" id="hit-\d+"><a href="([^"]*)"', page)[:4]
    assert heads == ["/r/A/RES/80/218/op5j", "/r/A/RES/78/217/op6l", "/r/A/RES/68/179/op5h", "/r/A/RES/80/218/pp1"]


def test_the_csv_export_follows_the_page_cards_one_row_per_paragraph(migrants_client):
    import csv
    import io

    def read(url: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(migrants_client.get(url).get_data(as_text=True).lstrip("\ufeff"))))

    rows = read(f"/recherche.csv?q={OP1}&limit=4")
    assert [(r["symbol"], r["anchor"]) for r in rows] == [
        ("A/RES/80/218", "op5"), ("A/RES/78/217", "op5"), ("A/RES/80/218", "op1"), ("A/RES/78/217", "op1")]
    flat = read(f"/recherche.csv?q={OP1}&limit=4&group=none")
    assert [(r["symbol"], r["anchor"]) for r in flat] == [
        ("A/RES/78/217", "op5"), ("A/RES/80/218", "op5"), ("A/RES/78/217", "op1"), ("A/RES/80/218", "op1")]


def test_the_command_line_groups_when_asked(migrants_index):
    from click.testing import CliRunner

    from indexer.cli import main

    out = CliRunner().invoke(main, ["search", "--index", str(migrants_index), "--group", "wording", "--limit", "2",
                                    OP1])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert re.match(rf"\d+ paragraphe\(s\), \d+ libellé\(s\) pour « {OP1} »", lines[0])
    assert f"  ({LABEL} ; autres versions : A/RES/78/217 op1)" in lines
    partial = CliRunner().invoke(main, ["search", "--index", str(migrants_index), "xénophobie handicapées"])
    assert "Aucun paragraphe ne contient tous les mots ; résultats avec une partie des mots." in partial.output


def test_a_card_says_when_a_newer_version_is_left_out_of_the_results(migrants, migrants_client):
    # Adopted until 2024 only: the 2023 op1 leads, and the 2025 op1 (which adds « et des personnes
    # handicapées, ») is named as the newer version of the wording, with what changed.
    result = migrants.search(OP1, {"year_to": ["2024"]}, group="wording", per_page=5)
    by_key = dict(zip(keys(result), result.cards, strict=True))
    newer = by_key["A/RES/78/217#op1"].newer
    assert (newer.symbol, newer.anchor, newer.adopted, newer.identical) == ("A/RES/80/218", "op1", "2025-12-18", False)
    assert [(r["draft"], r["match"]) for r in newer.diff if r["op"] != "equal"] == [
        ("", "et des personnes handicapées, ")]
    assert by_key["A/RES/78/217#op5"].newer.identical is True
    # Without the filter, the 2025 version leads: nothing newer to name.
    assert all(c.newer is None for c in migrants.search(OP1, group="wording", per_page=5).cards)
    page = migrants_client.get(f"/recherche?q={OP1}&year_to=2024").get_data(as_text=True)
    card = page[page.index('href="/r/A/RES/78/217/op1"'):]
    card = card[:card.index("</article>")]
    assert re.search(r'<strong>Version plus récente</strong>, hors de ces résultats :\s*'
                     r'<a href="/r/A/RES/80/218/op1">A/RES/80/218, op1</a> — 18 décembre 2025', card)
    assert '<ins title="dans A/RES/80/218">et des personnes handicapées, </ins>' in card


def test_an_or_query_is_not_told_it_lacks_words_and_a_phrase_query_is_not_rewritten(migrants, migrants_client):
    assert migrants.search("xénophobie OR handicapées", per_page=1).all_words is None
    page = migrants_client.get("/recherche?q=x%C3%A9nophobie+OR+handicap%C3%A9es").get_data(as_text=True)
    assert "partial-words" not in page
    page = migrants_client.get("/recherche?q=%22personnes+handicap%C3%A9es%22+x%C3%A9nophobie").get_data(
        as_text=True)
    note = re.search(r'<p class="note partial-words">(.*?)</p>', page, re.S).group(1)
    assert note == "Aucun paragraphe ne contient tous les mots ; résultats avec une partie des mots."


def test_the_old_spelling_of_human_rights_finds_the_new_one(migrants):
    # 80/218 op5j and 78/217 op6k: « protéger les droits humains des enfants migrants »; 68/179 op5g:
    # « protéger les droits de l'homme des enfants migrants ». The old words find all three as holding
    # every word, the spelling typed first; the current words find the current texts.
    old = migrants.search("droits de l'homme des enfants migrants", per_page=5)
    new = migrants.search("droits humains des enfants migrants", per_page=2)
    assert keys(old)[0] == "A/RES/68/179#op5g"
    assert {"A/RES/80/218#op5j", "A/RES/78/217#op6k"} <= set(keys(old))
    assert sorted(keys(new)) == ["A/RES/78/217#op6k", "A/RES/80/218#op5j"]
    assert old.all_words > new.all_words
    # Quoted, a phrase is read as typed: no other spelling.
    quoted = {h.symbol for h in migrants.search('"droits de l\'homme des enfants migrants"', per_page=10).hits}
    assert quoted == {"A/RES/68/179"}
