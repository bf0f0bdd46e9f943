"""Test the choice of written forms for the exact-form bonus (indexer/search/homographs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

HOMOGRAPHS = Path(__file__).resolve().parent / "relevance" / "homographs"


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """The form table of the homograph sample (S/RES/2698, 2509, 2554, A/RES/75/67…)."""
    from indexer.search.engine import Engine
    from indexer.search.homographs import FormTable
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("homographs")
    build_index(sorted(HOMOGRAPHS.glob("*.xml")), folder)
    eng = Engine(folder)
    searcher = eng._state()[0]
    yield FormTable(searcher.reader())
    eng.close()


@pytest.mark.parametrize(("typed", "chosen"), [
    # Both forms are words of the sample: the one typed, alone.
    ("traite", ["traite"]), ("traité", ["traité"]),
    ("arme", ["arme"]), ("armé", ["armé"]),
    ("côte", ["côte"]), ("cote", ["cote"]),
    # Typed without accents where the sample only writes them: the written form.
    ("securite", ["sécurité"]), ("sécurité", ["sécurité"]),
    ("peche", ["pêche"]), ("pêche", ["pêche"]),
    # Nothing to choose.
    ("migrant", ["migrant"]), ("licorne", ["licorne"]),
])
def test_forms_for_a_typed_word(forms, typed, chosen):
    assert forms.forms(typed) == chosen


def test_homographs_lists_the_pairs_set_apart(forms):
    pairs = forms.homographs()
    assert [f for f, _ in pairs["traite"]] == ["traité", "traite"]
    # "à côté de" is a third word folded to "cote".
    assert {f for f, _ in pairs["cote"]} == {"côte", "cote", "côté"}
    # S/RES/2509, 2644 and 2701: "la lettre publiée sous la cote S/2016/275".
    assert dict(pairs["cote"])["cote"] == 3


def test_rare_spelling_is_not_a_word_of_its_own():
    from indexer.search.homographs import FormTable

    class Reader:
        schema = ("light",)

        def lexicon(self, field):
            return [b"securite", "sécurité".encode()]

        def doc_frequency(self, field, term):
            return {"securite": 3, "sécurité": 900}[term]

    table = FormTable(Reader())
    # 3 paragraphs in 903 (an OCR slip): both spellings go to the real word.
    assert table.forms("securite") == ["sécurité"]
    assert table.forms("sécurité") == ["sécurité"]
    assert table.homographs() == {}
