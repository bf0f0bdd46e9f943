"""Test the span index and the span matcher of the whole-draft check (issue 26)."""

from __future__ import annotations

import numpy as np

from indexer.store.spans import load, save
from indexer.wording.spans import (
    K,
    SpanIndex,
    build_span_index,
    draft_array,
    maximal_spans,
    near_spans,
    runs,
    shingle_hashes,
    update_span_index,
)
from indexer.wording.tables import Row, build_tables, update_tables
from indexer.wording.words import normalised

REPORT = "Prie le Secrétaire général de lui présenter un rapport sur l'application de la présente résolution."
SEIZED = "Décide de rester activement saisi de la question."
ROWS = [
    Row(0, "A/RES/1", "op5", REPORT, 20200101),
    Row(1, "S/RES/2 (2021)", "op9", SEIZED, 20210101),
    Row(2, "A/RES/3", "op7", REPORT, 20230101),
    Row(3, "A/RES/3", "op8", "", 20230101),
]
# The draft writes it without accents, with a typographic apostrophe, and inserts five words in the middle.
DRAFT = ("Prie le Secretaire general de lui presenter a sa prochaine session un rapport sur l’application "
         "de la presente resolution.")


def _tables():
    tables = build_tables(ROWS)
    return tables, build_span_index(tables)


def test_shingles_hash_k_consecutive_words_in_order():
    h = shingle_hashes(np.arange(8), k=6)
    assert len(h) == 3
    assert h[0] != shingle_hashes(np.array([1, 0, 2, 3, 4, 5]), k=6)[0]
    assert len(shingle_hashes(np.arange(5), k=6)) == 0


def test_span_index_holds_every_shingle_within_a_wording():
    _, index = _tables()
    # REPORT has 16 folded words (l' apart): 11 shingles; SEIZED 8 words: 3. None runs across the two.
    assert len(index.keys) == 11 + 3
    assert (np.diff(index.keys.astype(np.float64)) >= 0).all()
    # Rows 0 and 2 share REPORT's wording; the empty paragraph has none.
    assert index.rows_of(0).tolist() == [0, 2]
    assert index.rows_of(1).tolist() == [1]


def test_runs_find_both_sides_of_an_insertion_word_for_word():
    tables, index = _tables()
    norms = normalised(DRAFT)
    ids = draft_array(tables, norms)
    assert (ids < 0).sum() == 4  # a, sa, prochaine, session: never used by the collection
    spans = maximal_spans(runs(tables, index, ids))
    assert [(s.start, s.stop, s.wordings) for s in spans] == [(0, 7, (0,)), (11, 20, (0,))]
    assert " ".join(norms[0:7]) == "prie le secretaire general de lui presenter"
    assert " ".join(norms[11:20]) == "un rapport sur l application de la presente resolution"


def test_runs_respect_allowed_wordings():
    tables, index = _tables()
    ids = draft_array(tables, normalised(DRAFT))
    allowed = np.array([False, True])
    assert len(runs(tables, index, ids, allowed)) == 0


def test_a_hash_collision_never_makes_a_span_agreed():
    tables, index = _tables()
    ids = draft_array(tables, normalised(SEIZED))
    # An index whose one key is the draft's first shingle but points at REPORT's first word (a collision).
    forged = SpanIndex(shingle_hashes(ids)[:1].copy(), np.array([0], dtype=np.uint32),
                       index.wording_rows, index.wording_start)
    assert len(runs(tables, forged, ids)) == 0
    assert [(s.start, s.stop) for s in maximal_spans(runs(tables, index, ids))] == [(0, 8)]


def test_short_or_unknown_drafts_have_no_span():
    tables, index = _tables()
    assert len(runs(tables, index, draft_array(tables, normalised("Décide de rester")))) == 0
    assert len(runs(tables, index, draft_array(tables, normalised("Les licornes bleues chantent à minuit")))) == 0


def test_near_spans_show_one_changed_word():
    tables, index = _tables()
    draft = "Décide de demeurer activement saisi de la question."
    ids = draft_array(tables, normalised(draft))
    assert len(runs(tables, index, ids)) == 0  # "demeurer" breaks every six-word shingle
    found = near_spans(tables, ids, [1], np.zeros(len(ids), dtype=bool))
    assert len(found) == 1
    near = found[0]
    assert (near.start, near.stop, near.wording) == (0, 8, 1)
    # Draft word 2 ("demeurer") stands where the wording has word 2 ("rester").
    assert near.changes == ((2, 3, 2, 3),)


def test_span_index_round_trips_memory_mapped(tmp_path):
    _, index = _tables()
    folder = tmp_path / "gen"
    folder.mkdir()
    save(index, folder / "spans")
    back = load(folder)
    assert isinstance(back.keys, np.memmap)
    assert back.keys.tolist() == index.keys.tolist()
    assert back.positions.tolist() == index.positions.tolist()
    assert K == 6


def test_a_build_writes_the_span_index_of_each_language(seed_index):
    from indexer.store.layout import current_path
    from indexer.store.wording import load as load_wording

    generation = current_path(seed_index)
    tables = load_wording(generation)
    index = load(generation)
    lengths = np.diff(np.asarray(tables.offsets))
    # One shingle per start at least K words before its wording's end, none across two wordings.
    assert len(index.keys) == int(np.maximum(lengths - K + 1, 0).sum()) > 0
    # The seed has no English: its English span index is empty, and still readable.
    assert len(load(generation, "en").keys) == 0


def test_hits_are_capped_without_losing_the_runs():
    tables, index = _tables()
    ids = draft_array(tables, normalised(" ".join([REPORT] * 50)))
    spans = maximal_spans(runs(tables, index, ids))
    # Each copy of REPORT is found whole (the copies join across "résolution. Prie": no shingle spans them).
    assert len(spans) == 50 and all(s.stop - s.start == 16 for s in spans)
    # At most one hit per shingle: REPORT's wording is still found everywhere (rows 0 and 2 share it).
    capped = maximal_spans(runs(tables, index, ids, max_hits=10))
    assert [(s.start, s.stop, s.wordings) for s in capped] == [(s.start, s.stop, (0,)) for s in spans]


def _stock_rows(start: int, count: int) -> list[Row]:
    """Return paragraphs made of two stock sentences with one word changed in some (many shingles in common)."""
    stock = [SEIZED.split() + REPORT.split(), REPORT.split()]
    spare = ["nouveau", "ancien", "premier", "mandat"]
    rows = []
    for i in range(start, start + count):
        words = list(stock[i % 2])
        if i % 3:
            words[i % len(words)] = spare[i % 4]
        rows.append(Row(i, f"S/RES/{i // 4} (2001)", f"op{i % 4 + 1}", " ".join(words), 20010101 + i % 7, i))
    return rows


def _same(a: SpanIndex, b: SpanIndex) -> bool:
    return all(np.array_equal(np.asarray(getattr(a, name)), np.asarray(getattr(b, name)))
               and np.asarray(getattr(a, name)).dtype == np.asarray(getattr(b, name)).dtype
               for name in ("keys", "positions", "wording_rows", "wording_start"))


def test_an_updated_span_index_is_the_one_built_from_the_updated_tables():
    first, second = _stock_rows(0, 60), _stock_rows(60, 30)
    old = build_tables(first)
    index = build_span_index(old)
    order = np.arange(len(first), dtype=np.int64)
    # Equal hashes abound (the same sentences again): their order is a build's, by position.
    assert len(np.unique(index.keys)) < len(index.keys)
    # Rows removed (every third resolution: some wordings lose every row) and rows added.
    for keep, added in ((np.ones(len(first), dtype=bool), second), (np.array([(r.docnum // 4) % 3 != 0 for r in first]),
                                                                   second[:10]),
                        (np.array([(r.docnum // 4) % 3 != 0 for r in first]), [])):
        tables, kept = update_tables(old, keep, order, added)
        if not keep.all():
            assert len(kept) < len(old.offsets) - 1  # wordings dropped
        assert _same(update_span_index(index, old.offsets, tables, kept), build_span_index(tables))
