"""Guard resolu's relevance on the judged query set, and check the metrics themselves.

The floors are set just below the figures measured when the set was written
(see tests/relevance/judgments.toml and ``python -m tests.relevance.evaluate``):
they catch a regression in analysis or ranking, not a timing.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import pytest

# tests/ is not a package and pytest puts only tests/ itself on sys.path; the
# evaluator is run as ``python -m tests.relevance.evaluate`` from the project
# root, so import it under that same name.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.relevance.evaluate import (  # noqa: E402
    CATEGORIES,
    Fts5Baseline,
    dcg,
    evaluate,
    load_judgments,
    ndcg_at_k,
    recall_at_k,
)

# Measured overall nDCG@10 of resolu: 0.863 with plain Snowball, 0.955 with
# the lemma table, acronym expansion and coordination ranking (FTS5: 0.616).
# The floor keeps a small margin for harmless reorderings.
OVERALL_NDCG_FLOOR = 0.93
# The target is that the baseline beats resolu in no category: today
# resolu leads or ties in every one, so no tolerance is granted.
CATEGORY_TOLERANCE = 0.0


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    return evaluate()


# -- the measure on the judged set -------------------------------------------

def test_judged_paragraphs_all_exist(figures: dict[str, Any]) -> None:
    # A parser change that renames anchors would silently zero some queries.
    assert figures["missing"] == []


def test_overall_ndcg_stays_above_floor(figures: dict[str, Any]) -> None:
    assert figures["overall"]["resolu"]["ndcg"] >= OVERALL_NDCG_FLOOR


# The queries all of whose judged paragraphs are in the seed, A/RES/68/179 (issue 25 asks for 0.97):
# measured 0.971 over 29, 0.979 without topic-22 (« droits de l'homme des enfants migrants », added blind,
# which ranking all the words first caps at 0.82: README, « Un résultat par libellé »).
SEED_NDCG_FLOOR = 0.96


def test_seed_queries_stay_above_floor(figures: dict[str, Any]) -> None:
    seed = [q["resolu"]["ndcg"] for q in figures["queries"]
            if q["relevant"] and all(key.startswith("A/RES/68/179#") for key in q["relevant"])]
    assert len(seed) == 29
    assert sum(seed) / len(seed) >= SEED_NDCG_FLOOR


def test_resolu_beats_baseline_overall(figures: dict[str, Any]) -> None:
    overall = figures["overall"]
    assert overall["resolu"]["ndcg"] > overall["fts5"]["ndcg"]
    assert overall["resolu"]["recall"] > overall["fts5"]["recall"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_category_far_behind_baseline(figures: dict[str, Any], category: str) -> None:
    m = figures["categories"][category]
    assert m["n"] > 0
    assert m["resolu"]["ndcg"] >= m["fts5"]["ndcg"] - CATEGORY_TOLERANCE, m


def test_accent_free_queries_rank_like_accented_ones(figures: dict[str, Any]) -> None:
    differing = [(p["text"], p["accented"]) for p in figures["accent_pairs"] if not p["same"]]
    assert figures["accent_pairs"] and differing == []


def test_judged_set_covers_every_category() -> None:
    judgments = load_judgments()
    assert len(judgments.queries) >= 60
    counts = {c: sum(q.category == c for q in judgments.queries) for c in CATEGORIES}
    assert min(counts.values()) >= 5, counts


# -- the metrics on tiny literal cases ----------------------------------------

def test_dcg_discounts_by_log_rank() -> None:
    assert dcg([3, 1]) == pytest.approx(3 + 1 / math.log2(3))
    assert dcg([]) == 0


def test_ndcg_is_one_for_the_ideal_ranking() -> None:
    assert ndcg_at_k(["a", "b", "x"], {"a": 2, "b": 1}) == pytest.approx(1.0)


def test_ndcg_penalises_a_swapped_ranking() -> None:
    # gains 2**g - 1: a → 3, b → 1
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert ndcg_at_k(["b", "a"], {"a": 2, "b": 1}) == pytest.approx(expected)


def test_ndcg_counts_relevant_paragraphs_never_returned() -> None:
    expected = 3 / (3 + 3 / math.log2(3))
    assert ndcg_at_k(["a"], {"a": 2, "b": 2}) == pytest.approx(expected)


def test_ndcg_ignores_results_beyond_k() -> None:
    assert ndcg_at_k(["x", "a"], {"a": 2}, k=1) == 0.0


def test_negative_query_wants_no_result() -> None:
    assert ndcg_at_k([], {}) == 1.0
    assert ndcg_at_k(["x"], {}) == 0.0
    assert recall_at_k([], {}) == 1.0
    assert recall_at_k(["x"], {}) == 0.0


def test_recall_counts_grade_one_and_is_capped_at_k() -> None:
    assert recall_at_k(["a", "z"], {"a": 2, "b": 1}) == 0.5
    many = {f"p{i}": 1 for i in range(12)}
    assert recall_at_k([f"p{i}" for i in range(10)], many) == 1.0
    assert recall_at_k([], {"a": 1}) == 0.0


# -- the baseline and the data file -------------------------------------------

def test_baseline_reads_user_syntax_as_plain_words() -> None:
    fts = Fts5Baseline({"A#1": "La sécurité des frontières", "A#2": "Le NOT et le AND"})
    try:
        assert fts.search("securite") == ["A#1"]
        assert fts.search('"NOT" AND -(x*') == ["A#2"]
        assert fts.search("?!") == []
    finally:
        fts.close()


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('id = "q"\ncategory = "topic"\ntext = "x"\nrelevant = { "A#1" = 3 }', "notes"),
        ('id = "q"\ncategory = "nope"\ntext = "x"\nrelevant = { "A#1" = 2 }', "catégorie"),
        ('id = "q"\ncategory = "negative"\ntext = "x"\nrelevant = { "A#1" = 2 }', "négatives"),
        ('id = "q"\ncategory = "accent_free"\ntext = "x"\nrelevant = { "A#1" = 2 }', "accentuée"),
    ],
)
def test_load_judgments_rejects_malformed_entries(tmp_path: Path, entry: str, problem: str) -> None:
    path = tmp_path / "j.toml"
    path.write_text(f'[corpus]\nfiles = []\n\n[[query]]\n{entry}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_judgments(path)


# -- the held-out set: written without looking at the tuning ------------------

HELDOUT = Path(__file__).resolve().parent / "relevance" / "heldout.toml"
# Measured 0.827 (FTS5 0.523): lower than the tuned set, as expected of
# queries the lemma table and aliases were not written for.
HELDOUT_NDCG_FLOOR = 0.80


def test_heldout_queries_stay_well_above_baseline() -> None:
    figures = evaluate(judgments_path=HELDOUT)
    assert figures["missing"] == []
    overall = figures["overall"]
    assert overall["resolu"]["ndcg"] >= HELDOUT_NDCG_FLOOR
    assert overall["resolu"]["ndcg"] > overall["fts5"]["ndcg"] + 0.2


# -- homographs merged by accent folding (issue 12) -----------------------------

HOMOGRAPHS = Path(__file__).resolve().parent / "relevance" / "homographs.toml"
# Measured 0.826 on the homograph queries (0.363 before the exact form kept its
# accents, when "traite" and "traité" ranked alike; FTS5 0.428).
HOMOGRAPH_NDCG_FLOOR = 0.78


@pytest.fixture(scope="module")
def homograph_figures() -> dict[str, Any]:
    return evaluate(judgments_path=HOMOGRAPHS)


def test_homograph_queries_rank_the_typed_form_first(homograph_figures: dict[str, Any]) -> None:
    assert homograph_figures["missing"] == []
    m = homograph_figures["categories"]["homograph"]
    assert m["n"] == 6
    assert m["resolu"]["ndcg"] >= HOMOGRAPH_NDCG_FLOOR
    assert m["resolu"]["ndcg"] > m["fts5"]["ndcg"]
    # Each form typed gets paragraphs of its own sense first, none of the other
    # sense ("traités avec humanité", "groupes armés" for "armes") before them.
    other_sense = {row["text"]: [key for key in row["resolu"]["ranked"][:min(10, len(row["relevant"]))]
                                 if key not in row["relevant"]]
                   for row in homograph_figures["queries"] if row["category"] == "homograph"}
    assert other_sense == {"traite": [], "traité": [], "armes": [], "armés": [], "côte": [], "cote": []}


def test_accent_free_input_unchanged_where_no_homograph(homograph_figures: dict[str, Any]) -> None:
    # "peche"/"pêche": the collection has no "péché", so both rank alike.
    assert [(p["text"], p["same"]) for p in homograph_figures["accent_pairs"]] == [("peche", True)]
