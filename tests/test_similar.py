"""Test the agreed-language finder: words, exact similarity, MinHash, clusters, engine, CLI and API (issue 14)."""

from __future__ import annotations

import json

import pytest

from indexer.wording.measure import similarity, starts_diff, word_diff
from indexer.wording.minhash import PERMUTATIONS, signature
from indexer.wording.tables import Row, build_tables
from indexer.wording.words import canonical, normalised, word_starts, words

# A/RES/68/179, second preambular paragraph (seeds/A_RES_68_179.md, line 23), as a delegate pastes it from
# the PDF: footnote call glued to the word, typographic apostrophes, no accents.
PASTED_PP2 = ("Reaffirmant la Declaration universelle des droits de l’homme2, qui proclame que tous les etres "
              "humains naissent libres et egaux en dignite et en droits et que chacun peut se prevaloir de tous "
              "les droits et de toutes les libertes qu’elle consacre, sans distinction aucune, notamment de race,")


# -- words -------------------------------------------------------------------
def test_words_fold_accents_apostrophes_and_footnote_calls():
    assert normalised("5. Prie le Secrétaire général de l’Organisation³ et l'enfant2 ¹ Œuvre 2030") == [
        "prie", "le", "secretaire", "general", "de", "l", "organisation", "et", "l", "enfant", "oeuvre", "2030"]


def test_words_spans_quote_the_text_as_written():
    text = "a) Réaffirmant l’importance"
    found = words(text)
    assert [(w.norm, text[w.start:w.end]) for w in found] == [
        ("reaffirmant", "Réaffirmant"), ("l", "l"), ("importance", "importance")]


def test_word_starts_are_the_words_norms_and_starts():
    text = "5. Prie le Secrétaire général de l’Organisation³ et l'enfant2 ¹ Œuvre"
    assert word_starts(text) == (
        ["prie", "le", "secretaire", "general", "de", "l", "organisation", "et", "l", "enfant", "oeuvre"],
        [3, 8, 11, 22, 30, 33, 35, 49, 52, 54, 64])
    # The same cutting as words(), whose loop it repeats for speed.
    cut = words(text)
    assert word_starts(text) == ([w.norm for w in cut], [w.start for w in cut])


def test_decomposed_accents_do_not_split_words():
    decomposed = "Re\u0301affirmant"
    assert normalised(decomposed) == ["reaffirmant"]
    assert [w.norm for w in words(canonical(decomposed))] == ["reaffirmant"]


# -- exact similarity and diff ----------------------------------------------
def test_similarity_is_indel_on_words():
    a = "prie le secretaire general de lui faire rapport".split()
    b = "prie le secretaire general de faire rapport sans tarder".split()
    # Longest common subsequence: 7 words ("lui" dropped, "sans tarder" added): 2 × 7 / (8 + 9).
    assert similarity(a, b) == pytest.approx(14 / 17)
    assert similarity(a, a) == 1.0
    assert similarity(a, []) == 0.0
    assert similarity(["x", "y"], ["y", "x"]) == 0.5


def test_word_diff_quotes_both_texts():
    draft = "Prie le Secretaire general de lui faire rapport"
    match = "Prie le Secrétaire général de faire rapport sans tarder"
    runs = word_diff(draft, words(draft), match, words(match))
    assert runs == [
        {"op": "equal", "draft": "Prie le Secretaire general de ", "match": "Prie le Secrétaire général de "},
        {"op": "delete", "draft": "lui ", "match": ""},
        {"op": "equal", "draft": "faire rapport", "match": "faire rapport "},
        {"op": "insert", "draft": "", "match": "sans tarder"},
    ]
    assert "".join(r["match"] for r in runs) == match
    # The cards' diff (engine._Cut), from the folded words and their starts only: the same runs.
    assert starts_diff(draft, word_starts(draft), match, word_starts(match)) == runs


# -- MinHash -----------------------------------------------------------------
def test_signature_estimates_bigram_resemblance():
    a = signature(list(range(200)))
    b = signature(list(range(20, 220)))
    assert a.shape == (PERMUTATIONS,)
    # 179 shared bigrams of 219: resemblance 0.82; 64 slots estimate it within about ±0.15.
    assert 0.65 <= float((a == b).mean()) <= 0.97
    assert float((a == signature(list(range(1000, 1200)))).mean()) <= 0.1
    assert (signature([5]) == signature([5])).all()


# -- tables, clusters, finder -------------------------------------------------
BOILERPLATE = "Décide de rester activement saisi de la question."
ROWS = [
    Row(0, "S/RES/1 (2001)", "op9", BOILERPLATE, 20010105),
    Row(1, "S/RES/2 (2002)", "op7", "Décide de demeurer activement saisi de la question.", 20020105),
    Row(2, "S/RES/3 (2003)", "op5", BOILERPLATE, 20030105),
    Row(3, "S/RES/3 (2003)", "op1", "Condamne fermement toutes les attaques contre le personnel humanitaire.",
        20030105),
    Row(4, "A/RES/70/1", "pp1", "Rappelant ses résolutions antérieures sur la question des migrations "
                               "et du développement durable,", 20150925),
    Row(5, "A/RES/70/2", "pp1", "", 20150926),
]


def test_tables_group_identical_and_near_identical_wordings():
    tables = build_tables(ROWS)
    assert len(tables.offsets) - 1 == 4  # rows 0 and 2 share a wording; row 5 has none
    assert tables.row_wording.tolist()[5] == -1
    cluster = tables.cluster_of_row(0)
    # "rester" / "demeurer": 7 words of 8 in common, similarity 14/16 = 0.875 < 0.9: a cluster of its own.
    assert tables.cluster_of_row(1) != cluster
    assert tables.cluster_of_row(2) == cluster
    assert int(tables.cluster_paragraphs[cluster]) == 2
    assert int(tables.cluster_resolutions[cluster]) == 2
    assert tables.anchors[int(tables.cluster_earliest[cluster])] == "op9"
    assert tables.cluster_rows(cluster).tolist() == [0, 2]


def test_clusters_join_one_word_changes_in_long_paragraphs():
    base = ("Exhorte tous les États Membres à redoubler d'efforts pour prévenir et combattre la traite des "
            "personnes, en particulier des femmes et des enfants, et à en protéger les victimes")
    rows = [Row(0, "A/RES/1", "op1", base, 20100101),
            Row(1, "A/RES/2", "op1", base.replace("redoubler", "intensifier"), 20110101),
            Row(2, "A/RES/3", "op1", "Prend note avec satisfaction du rapport du Secrétaire général", 20120101)]
    tables = build_tables(rows)
    assert tables.cluster_of_row(0) == tables.cluster_of_row(1) != tables.cluster_of_row(2)
    assert int(tables.cluster_resolutions[tables.cluster_of_row(0)]) == 2


def test_finder_ranks_by_wording_one_match_per_cluster():
    from indexer.wording.finder import find

    tables = build_tables(ROWS)
    found = find(tables, "Décide de rester activement saisi de la question")
    assert found.generic is False
    first, second = found.matches[:2]
    assert first.similarity == 1.0 and first.cluster == tables.cluster_of_row(0)
    assert tables.anchors[int(tables.wording_latest[first.wording])] == "op5"  # the most recent use
    assert second.similarity == pytest.approx(14 / 16)
    assert len({m.cluster for m in found.matches}) == len(found.matches)
    assert find(tables, "Prie le Secrétaire général").generic is True


# -- engine, CLI, API on the seed index -------------------------------------------------
@pytest.fixture(scope="module")
def finder(engine):
    from indexer.search.agreed import SimilarFinder

    return SimilarFinder(engine)


def test_pasted_paragraph_finds_its_source(finder):
    result = finder.find(PASTED_PP2, limit=3)
    best = result.hits[0]
    assert (best.symbol, best.anchor, best.similarity) == ("A/RES/68/179", "pp2", 1.0)
    assert best.diff[0]["op"] == "equal" and len(best.diff) == 1
    assert best.diff[0]["match"].startswith("Réaffirmant la Déclaration universelle des droits de l'homme, qui")
    assert best.resolution["adopted"] == "2013-12-18"
    assert best.cluster.label == "libellé propre à cette résolution"
    assert result.notices == []


def test_edited_draft_shows_the_changes(finder):
    draft = ("Prie le Secrétaire général de lui présenter à sa soixante-dixième session un rapport sur "
             "l'application de la présente résolution")
    hit = finder.find(draft, limit=1).hits[0]
    assert (hit.symbol, hit.anchor) == ("A/RES/68/179", "op16")
    changed = [r for r in hit.diff if r["op"] != "equal"]
    # Hyphens cut words: only the changed half of "soixante-neuvième" differs.
    assert changed[0] == {"op": "replace", "draft": "dixième ", "match": "neuvième "}
    # The draft stops where the adopted text goes on (seeds/A_RES_68_179.md, line 229).
    assert changed[1]["op"] == "insert"
    assert changed[1]["match"].startswith("contenant une analyse des moyens de promotion")
    assert changed[1]["match"].endswith("sont séparés de leur famille.")
    assert len(changed) == 2
    assert hit.similarity < 1.0


def test_bad_drafts_get_french_messages(finder):
    from indexer.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="texte vide"):
        finder.find("   ")
    with pytest.raises(QuerySyntaxError, match="texte trop long : 5001 caractères, 5000 au plus"):
        finder.find("a" * 5001)
    with pytest.raises(QuerySyntaxError, match="aucun mot"):
        finder.find("… — ;")


def test_unrelated_draft_claims_nothing_near(finder):
    result = finder.find("Les cosmonautes exploreront prochainement les cratères lunaires avec des robots "
                         "autonomes alimentés par énergie nucléaire.")
    assert all(h.similarity < 0.8 for h in result.hits)
    assert result.notices[-1].startswith("Aucun libellé existant à 80 % ou plus")


def test_cli_similar_json(seed_index):
    from click.testing import CliRunner

    from indexer.cli import main

    out = CliRunner().invoke(main, ["similar", PASTED_PP2, "--index", str(seed_index), "--limit", "2", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["hits"][0]["citation"] == "A/RES/68/179, 2e alinéa du préambule"
    assert data["hits"][0]["similarity"] == 1.0
    assert len(data["hits"]) == 2


def test_cli_similar_too_long(seed_index):
    from click.testing import CliRunner

    from indexer.cli import main

    out = CliRunner().invoke(main, ["similar", "mot " * 2000, "--index", str(seed_index)])
    assert out.exit_code != 0
    assert "texte trop long : 8000 caractères" in out.output


@pytest.fixture(scope="module")
def client(seed_index):
    from webapp import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()


def test_api_similar(client):
    r = client.post("/api/similar", json={"text": PASTED_PP2, "limit": 2})
    assert r.status_code == 200
    hit = r.json["hits"][0]
    assert hit["symbol"] == "A/RES/68/179" and hit["anchor"] == "pp2" and hit["similarity"] == 1.0
    assert hit["url"] == "http://localhost/r/A/RES/68/179/pp2"
    assert hit["citation"] == "A/RES/68/179, 2e alinéa du préambule"
    assert hit["organ"] == "Assemblée générale" and hit["adopted"] == "2013-12-18"
    assert hit["cluster"]["resolutions"] == 1
    assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.parametrize(("body", "message"), [
    ({"text": "x" * 5001}, "texte trop long : 5001 caractères, 5000 au plus"),
    ({"text": 3}, "« text » : le paragraphe à comparer"),
    ({"text": "Prie", "limit": 0}, "le nombre de résultats doit aller de 1 à 50"),
    ({"text": "Prie", "limit": "dix"}, "limit : nombre entier attendu"),
    ([1, 2], "corps JSON attendu"),
])
def test_api_similar_errors_are_french(client, body, message):
    r = client.post("/api/similar", json=body)
    assert r.status_code == 400
    assert r.json["error"].startswith(message)


def test_page_form_and_results(client):
    r = client.get("/libelle")
    assert r.status_code == 200 and 'method="post"' in r.text
    r = client.post("/libelle", data={"texte": PASTED_PP2, "limit": "3"})
    assert r.status_code == 200
    assert "100 %" in r.text and "A/RES/68/179, 2e alinéa du préambule" in r.text
    r = client.post("/libelle", data={"texte": "a" * 5001})
    assert r.status_code == 400 and "texte trop long" in r.text


def test_paragraph_page_links_to_the_finder(client):
    r = client.get("/r/A/RES/68/179/op16")
    assert r.status_code == 200
    assert "Même libellé ailleurs" in r.text
    assert "/libelle?depuis=A/RES/68/179/op16" in r.text
    r = client.get("/libelle?depuis=A/RES/68/179/op16")
    assert r.status_code == 200 and "100 %" in r.text
    assert client.get("/libelle?depuis=A/RES/68/179/op99").status_code == 404


def test_home_links_to_the_finder(client):
    assert 'href="/libelle"' in client.get("/").text


def test_search_json_tells_how_widely_each_wording_is_used(client):
    hits = client.get("/api/search?q=migrants").json["hits"]
    assert hits and all(h["wording"]["resolutions"] == 1 for h in hits)
    assert hits[0]["wording"]["earliest"]["symbol"] == "A/RES/68/179"


def _rows(seed: int, count: int, start: int) -> list[Row]:
    """Return paragraphs made of a few stock sentences with words changed here and there (near-identical wordings)."""
    import random

    rng = random.Random(seed)
    stock = [("Décide de demeurer activement saisi de la question et prie le Secrétaire général de lui faire "
              "rapport sur la mise en œuvre de la présente résolution").split(),
             ("Condamne fermement toutes les attaques contre le personnel humanitaire et les installations des "
              "Nations Unies dans la région").split(),
             ("Rappelle ses résolutions antérieures sur la question des migrations et du développement durable "
              "dans tous les pays").split()]
    spare = "nouveau ancien premier rapport conseil mandat mission région".split()
    rows = []
    for i in range(count):
        words = list(rng.choice(stock))
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            words[rng.randrange(len(words))] = rng.choice(spare)
        rows.append(Row(start + i, f"S/RES/{start + i // 3} (2001)", f"op{i % 3 + 1}", " ".join(words),
                        20010101 + i % 5, start + i))
    return rows


def _content(tables):
    """Return the clusters of a table as sets of anchors, with each cluster's earliest row and counts."""
    groups = {}
    for row in range(len(tables.row_docnum)):
        number = tables.cluster_of_row(row)
        if number >= 0:
            groups.setdefault(number, set()).add((tables.symbols[tables.row_symbol[row]], tables.anchors[row]))
    out = set()
    for number, members in groups.items():
        first = int(tables.cluster_earliest[number])
        out.add((frozenset(members), (tables.symbols[tables.row_symbol[first]], tables.anchors[first]),
                 int(tables.cluster_paragraphs[number]), int(tables.cluster_resolutions[number])))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_updated_tables_hold_the_clusters_a_rebuild_gives(seed):
    import numpy as np

    from indexer.wording.tables import update_tables

    first, second = _rows(seed, 240, 0), _rows(seed + 10, 120, 240)
    old = build_tables(first)
    order = np.array([r.order for r in first], dtype=np.int64)
    # Added rows.
    added, _ = update_tables(old, np.ones(len(first), dtype=bool), order, second)
    assert _content(added) == _content(build_tables(first + second))
    assert len(_content(added)) > 3  # several clusters, not one
    # Nothing changed (an update of other languages' rows only): the same clusters.
    assert _content(update_tables(old, np.ones(len(first), dtype=bool), order, [])[0]) == _content(old)
    # Rows removed (every fifth resolution), others added.
    keep = np.array([(r.docnum // 3) % 5 != 0 for r in first])
    changed, _ = update_tables(old, keep, order, second[:40])
    assert _content(changed) == _content(build_tables([r for r, k in zip(first, keep, strict=True) if k] + second[:40]))


def test_wording_tables_are_read_only_views_of_their_mapped_files(seed_index):
    import mmap

    import numpy as np

    from indexer.store.layout import current_path
    from indexer.store.wording import load

    tables = load(current_path(seed_index))
    for array in (tables.row_symbol, tables.tokens, tables.signatures):
        assert type(array) is np.ndarray  # not the np.memmap subclass, slow to index
        assert not array.flags.writeable and not array.flags.owndata
        base = array
        while isinstance(base, np.ndarray):
            base = base.base
        assert isinstance(base, mmap.mmap)


# -- filters and ties (issue 25) ------------------------------------------------
def test_scope_shows_each_wording_by_its_latest_kept_paragraph():
    import numpy as np

    from indexer.wording.finder import Scope, find

    tables = build_tables(ROWS)
    # Rows 0 (2001) and 2 (2003) share the boilerplate; keeping row 0 alone, the 2001 paragraph stands for it.
    kept = np.array([True, True, False, True, True, True])
    found = find(tables, BOILERPLATE, scope=Scope(kept))
    assert found.matches[0].similarity == 1.0 and tables.anchors[found.matches[0].row] == "op9"
    # Unfiltered, the most recent use (2003).
    assert tables.anchors[find(tables, BOILERPLATE).matches[0].row] == "op5"
    # Keeping no row with that wording: the exact match is gone, only the "demeurer" variant (2002) is left.
    kept = np.array([False, True, False, False, False, False])
    matches = find(tables, BOILERPLATE, scope=Scope(kept)).matches
    assert [tables.anchors[m.row] for m in matches] == ["op7"]
    assert find(tables, BOILERPLATE, scope=Scope(np.zeros(6, dtype=bool))).matches == ()


def test_equal_scores_put_the_wording_adopted_without_a_vote_first():
    import numpy as np

    from indexer.wording.finder import Scope, find

    # Two wordings one word away from the draft, each in its own cluster (per_cluster off): equal scores.
    rows = [Row(0, "A/RES/1", "op1", "Engage les États à protéger les migrants en mer", 20240101),
            Row(1, "A/RES/2", "op1", "Engage les États à secourir les migrants en mer", 20200101)]
    tables = build_tables(rows)
    draft = "Engage les États à aider les migrants en mer"
    plain = find(tables, draft, per_cluster=False).matches
    assert plain[0].similarity == plain[1].similarity
    assert [tables.symbols[int(tables.row_symbol[m.row])] for m in plain] == ["A/RES/1", "A/RES/2"]  # newest first
    consensus = np.array([False, True])  # A/RES/2 adopted without a vote
    agreed = find(tables, draft, per_cluster=False, scope=Scope(None, consensus)).matches
    assert [tables.symbols[int(tables.row_symbol[m.row])] for m in agreed] == ["A/RES/2", "A/RES/1"]


# A/RES/75/277, op2 (tests/data/akn/75_277_F.xml): a recorded vote, Cuba against (line 182), France in favour
# (line 91) and among the sponsors (A/75/L.82).
R2P_OP2 = ("Prie le Secrétaire général de lui présenter un rapport annuel sur la responsabilité de protéger et la "
           "prévention du génocide, des crimes de guerre, du nettoyage ethnique et des crimes contre l'humanité")
# The General Assembly adoptions without a vote among the fixtures (adoptedWithoutVote, 2021-2022).
GA_CONSENSUS = {"A/RES/75/253 C", "A/RES/75/257 B", "A/RES/76/239", "A/RES/77/256 A-B"}


@pytest.fixture(scope="module")
def akn_finder(bilingual_engine):
    from indexer.search.agreed import SimilarFinder

    return SimilarFinder(bilingual_engine)


def test_finder_filters_by_prior_assent_and_adoption_mode(akn_finder):
    plain = akn_finder.find(R2P_OP2, limit=5)
    best = plain.hits[0]
    assert (best.symbol, best.anchor, best.similarity) == ("A/RES/75/277", "op2", 1.0)
    assert best.outcome == "recorded_vote"
    # 85 sponsors (A/75/L.82 and its additional sponsors), 115 in favour; of the sponsors, only Lesotho, Malawi
    # and Zambia are not on the list in favour: 118 States accepted it.
    assert best.assent["sponsors"] == 85 and best.assent["votes_for"] == 115
    assert best.assent_label == "118 États coauteurs ou votant pour" and best.assent["all_member_states"] is False
    # Cuba voted against A/RES/75/277: its wording is not language Cuba accepted.
    by_cuba = akn_finder.find(R2P_OP2, limit=5, filters={"accepted_by": ["cuba"]})
    assert by_cuba.hits and all(h.symbol != "A/RES/75/277" for h in by_cuba.hits)
    assert {h.symbol for h in by_cuba.hits} <= GA_CONSENSUS | {"A/RES/74/132"}
    assert by_cuba.notices[0].startswith("accepté par Cuba : coauteur, vote pour, ou adoption sans vote à "
                                         "l'Assemblée générale")
    assert by_cuba.filters == {"accepted_by": ["cuba"]}
    agreed = akn_finder.find(R2P_OP2, limit=5, filters={"accepted_by": ["Cuba"], "vote": ["adopted_without_vote"]})
    assert agreed.hits and {h.symbol for h in agreed.hits} <= GA_CONSENSUS
    assert all(h.assent_label.startswith("tous les États Membres (adoption sans vote à l'Assemblée générale")
               for h in agreed.hits)
    # France sponsored and voted for it.
    assert akn_finder.find(R2P_OP2, limit=1, filters={"accepted_by": ["France"]}).hits[0].symbol == "A/RES/75/277"
    # The Security Council only, and years: the filters of the search page.
    council = akn_finder.find(R2P_OP2, limit=5, filters={"organ": ["Conseil de sécurité"], "year_from": ["2024"]})
    assert council.hits and {h.symbol for h in council.hits} == {"S/RES/2741 (2024)"}


def test_finder_filters_refuse_what_they_cannot_read(akn_finder):
    from indexer.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="accepted_by : État inconnu « Narnia »"):
        akn_finder.find(R2P_OP2, filters={"accepted_by": ["Narnia"]})
    with pytest.raises(QuerySyntaxError, match="filtre inconnu « couleur »"):
        akn_finder.find(R2P_OP2, filters={"couleur": ["bleu"]})
    with pytest.raises(QuerySyntaxError, match="year_from : année attendue"):
        akn_finder.find(R2P_OP2, filters={"year_from": ["l'an dernier"]})
    # The Holy See, an observer, sponsored none of the fixtures and never votes: nothing passes.
    nothing = akn_finder.find(R2P_OP2, filters={"accepted_by": ["Saint-Siège"]})
    assert nothing.hits == [] and "Aucun paragraphe de la collection ne passe ces filtres" in " ".join(nothing.notices)


@pytest.fixture(scope="module")
def akn_client(bilingual_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(bilingual_index), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


def test_api_similar_takes_the_search_filters(akn_client):
    r = akn_client.post("/api/similar", json={"text": R2P_OP2, "limit": 3,
                                              "filters": {"accepted_by": "Cuba", "vote": ["adopted_without_vote"]}})
    assert r.status_code == 200, r.json
    assert r.json["filters"] == {"accepted_by": ["Cuba"], "vote": ["adopted_without_vote"]}
    assert r.json["hits"] and all(h["symbol"] in GA_CONSENSUS and h["agreed"] for h in r.json["hits"])
    assert all(h["assent"]["all_member_states"] for h in r.json["hits"])
    r = akn_client.post("/api/similar", json={"text": R2P_OP2, "filters": ["Cuba"]})
    assert r.status_code == 400 and r.json["error"].startswith("« filters » : un objet est attendu")
    r = akn_client.post("/api/similar", json={"text": R2P_OP2, "filters": {"accepted_by": "Narnia"}})
    assert r.status_code == 400 and "État inconnu « Narnia »" in r.json["error"]


def test_page_form_filters(akn_client):
    page = akn_client.get("/libelle")
    assert 'name="accepted_by"' in page.text and 'name="vote"' in page.text
    # « sans vote » is the first adoption mode offered.
    assert page.text.index("Adoptée sans vote") < page.text.index("Adoptée par un vote")
    r = akn_client.post("/libelle", data={"texte": R2P_OP2, "accepted_by": "Cuba", "vote": "adopted_without_vote"})
    assert r.status_code == 200
    assert "A/RES/75/277" not in r.text.split('class="similar-results"')[1]
    assert "Accepté par : tous les États Membres (adoption sans vote à l&#39;Assemblée générale" in r.text
    assert "accepté par Cuba : coauteur, vote pour" in r.text


def test_cli_similar_filters(bilingual_index):
    from click.testing import CliRunner

    from indexer.cli import main

    out = CliRunner().invoke(main, ["similar", R2P_OP2, "--index", str(bilingual_index), "--json", "--limit", "3",
                                    "--accepted_by", "Cuba", "--vote", "adopted_without_vote"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["filters"] == {"accepted_by": ["Cuba"], "vote": ["adopted_without_vote"]}
    assert data["hits"] and all(h["symbol"] in GA_CONSENSUS for h in data["hits"])
