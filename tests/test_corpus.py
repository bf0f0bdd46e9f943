"""Index the whole Security Council development corpus (slow, but kept in CI)."""

from __future__ import annotations

import hashlib

import pytest

from indexer.search.engine import Engine
from indexer.store.build import build_index

from .conftest import CORPUS, SEEDS, need_shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory):
    need_shared(CORPUS)
    folder = tmp_path_factory.mktemp("corpus")
    report = build_index([CORPUS], folder)
    engine = Engine(folder)
    yield report, engine
    engine.close()


def test_whole_corpus_indexes_without_error(corpus_index):
    report, _ = corpus_index
    assert report.errors == []
    assert report.resolutions == report.files == 1781  # SOURCES.md §1
    assert report.paragraphs > 28_000
    assert report.kinds["operative"] > 13_000
    assert report.operative_share > 0.99
    assert report.verb_share > 0.95
    assert report.other_share < 0.05


def test_facets_on_the_council_corpus(corpus_index):
    _, engine = corpus_index
    facets = engine.search("").facets
    verbs = {b.value: b.count for b in facets["verb"]}
    for verb in ("Décide", "Exige", "Demande", "Prie", "Agissant en vertu du Chapitre VII de la Charte"):
        assert verbs[verb] > 300, verb
    addressees = {b.value for b in facets["addressee"]}
    assert {"États Membres", "Secrétaire général", "parties", "UNITA"} <= addressees
    instruments = {b.value for b in facets["instrument"]}
    assert {"Charte des Nations Unies", "Chapitre VII de la Charte des Nations Unies",
            "Conventions de Genève du 12 août 1949"} <= instruments
    cited = {b.value for b in facets["resolution"]}
    assert "S/RES/1325 (2000)" in cited


def test_citations_between_council_resolutions(corpus_index):
    _, engine = corpus_index
    meta = engine.resolutions()
    assert {"S/RES/1325 (2000)", "S/RES/1612 (2005)", "S/RES/1674 (2006)"} <= set(meta["S/RES/1820 (2008)"]["cites"])
    assert "S/RES/1820 (2008)" in meta["S/RES/1612 (2005)"]["cited_by"]
    # S/RES/1325 (2000) joined the folder in December 2026: cited and linked both ways.
    assert "S/RES/1820 (2008)" in meta["S/RES/1325 (2000)"]["cited_by"]


def test_search_the_corpus(corpus_index):
    _, engine = corpus_index
    result = engine.search("violence sexuelle arme de guerre", per_page=5)
    assert result.hits[0].symbol == "S/RES/1820 (2008)"
    assert engine.search("", {"symbol": ["S/RES/1820 (2008)"]}).total == 30


def test_council_english_archive_is_the_shared_one_byte_for_byte():
    shared = CORPUS.parent / "akn4un" / "security-council-2000-2019-en.tar.xz"
    need_shared(shared)
    # Digests, not bytes: pytest's diff of two large byte strings is slow to print.
    shipped = hashlib.sha256((SEEDS / "security-council-2000-2019-en.tar.xz").read_bytes()).hexdigest()
    assert shipped == hashlib.sha256(shared.read_bytes()).hexdigest()
