"""Analyse English text (indexer/text/english.py) and search it (Engine.search(lang="en"))."""

from __future__ import annotations

import pytest

from indexer.errors import QuerySyntaxError
from indexer.text.english import analyse


def test_english_analysis_stems_and_drops_stop_words_and_possessives():
    assert analyse("Calls upon States to protect migrant children") == [
        "call", "upon", "state", "protect", "migrant", "child"]
    assert analyse("the Council’s mandate; UNFICYP's") == ["council", "mandat", "unficyp"]
    # Negations and modals carry meaning in agreed language: kept.
    assert analyse("shall not") == ["shall", "not"]
    assert analyse("women and girls") == analyse("woman and girl") == ["woman", "girl"]


def test_an_english_query_returns_the_french_paragraph_with_its_english(bilingual_engine):
    result = bilingual_engine.search("decides to extend the mandate", lang="en")
    first = result.hits[0]
    assert (first.symbol, first.anchor) == ("S/RES/2522 (2020)", "op1")
    assert first.text.startswith("Décide de proroger le mandat de la Mission d’assistance des Nations Unies")
    assert first.text_en == ("Decides to extend the mandate of the United Nations Assistance Mission for Iraq "
                             "(UNAMI) until 31 May 2021;")
    assert first.highlighted_en.startswith("<mark>Decides</mark> to <mark>extend</mark> the <mark>mandate</mark>")
    # The French is shown as it is: the English words are not French ones.
    assert "<mark>" not in first.highlighted
    data = result.to_json()
    assert data["lang"] == "en" and data["hits"][0]["text_en"] == first.text_en


def test_a_french_query_does_not_search_the_english_text(bilingual_engine):
    assert bilingual_engine.search("UNAMI", lang="en").total == 5
    # "UNAMI" is in five English paragraphs of S/RES/2522 (op1, op2, and three more); the French
    # paragraphs name the Mission in full (« MANUI » nowhere), its metadata alone says UNAMI.
    assert bilingual_engine.search("UNAMI").total == 0


def test_an_unknown_query_language_is_a_clear_error(bilingual_engine):
    with pytest.raises(QuerySyntaxError) as err:
        bilingual_engine.search("mandate", lang="de")
    assert str(err.value) == "langue de requête inconnue « de » (valeurs : fr, en)"


def test_english_words_found_nowhere_are_said_without_a_french_suggestion(bilingual_engine):
    result = bilingual_engine.search("mandate xylophone", lang="en")
    assert result.unmatched == ["xylophone"] and result.suggestions == {}
