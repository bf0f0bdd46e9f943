"""Each segment's text-field postings are written flat beside it at build time and read by the searches.

The files must hold exactly what Whoosh's blocks hold (ids and frequencies,
every term of every text field, the English-only segment's included), and a
search must read them instead of Whoosh's blocks.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.errors import IndexFormatError
from indexer.search.engine import Engine
from indexer.search.postings import ReaderArrays, leaf_postings
from indexer.store import term_postings, whoosh_compat
from indexer.store.build import build_index
from indexer.store.layout import FORMAT, current_path
from indexer.store.term_postings import open_term_postings

from .conftest import AKN_EN

TEXT_FIELDS = ["instruments_text", "light", "notes", "opening", "text", "text_en"]


def assert_stored_as_whoosh(generation: Path) -> int:
    """Check every segment's stored postings against Whoosh's own, term by term; return the terms checked."""
    from whoosh import index

    ix = index.open_dir(str(generation))
    checked = 0
    try:
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                stored = open_term_postings(whoosh_compat.segment_stem(leaf))
                assert stored is not None, whoosh_compat.segment_stem(leaf)
                # Whoosh hides a segment's deleted documents (and its matcher has skipped the first ones
                # already): its postings are compared on the live documents, their number with its own count.
                live = np.array([not leaf.is_deleted(d) for d in range(leaf.doc_count_all())], dtype=bool)
                for field in TEXT_FIELDS:
                    lexicon = [t.decode("utf-8") for t in leaf.lexicon(field)] if field in leaf.schema else []
                    assert sorted(stored.terms[field]) == lexicon, field
                    for text in lexicon:
                        ids, tfs = leaf_postings(whoosh_compat.segment_postings(leaf, field, text))
                        found = stored.get(field, text)
                        assert found is not None
                        assert len(found[0]) == leaf.doc_frequency(field, text), (field, text)
                        mine, theirs = live[found[0]], live[ids]
                        assert found[0][mine].tolist() == ids[theirs].tolist(), (field, text)
                        assert found[1][mine].tolist() == tfs[theirs].tolist(), (field, text)
                        if live.all():
                            assert found[0].tolist() == ids.tolist() and found[1].tolist() == tfs.tolist()
                        checked += 1
    finally:
        ix.close()
    return checked


def test_the_build_writes_every_text_term_of_every_segment_as_whoosh_holds_it(seed_path, tmp_path):
    # An English version without its French text: indexed in English only, in a segment of its own.
    build_index([seed_path, AKN_EN / "S_RES_2741-2411824E.xml"], tmp_path)
    generation = current_path(tmp_path)
    segments = sorted(p.name.split(".")[0] for p in generation.glob("MAIN_*.trm"))
    assert len(segments) == 2
    for segment in segments:
        assert sorted(p.name[len(segment):] for p in (generation / "postings").glob(f"{segment}.*")) == [
            ".ids.u32", ".starts.i64", ".terms.json", ".tfs.f32"]
        directory = json.loads((generation / "postings" / f"{segment}.terms.json").read_text(encoding="utf-8"))
        assert directory["format"] == 1
    assert assert_stored_as_whoosh(generation) > 1000


def _seed_arrays(index_dir: Path) -> tuple[ReaderArrays, object, object]:
    from whoosh import index

    ix = index.open_dir(str(current_path(index_dir)))
    reader = ix.reader()
    return ReaderArrays(reader), reader, ix


def test_a_search_reads_a_term_from_the_mapped_files_not_from_whoosh_blocks(seed_index, monkeypatch):
    arrays, reader, ix = _seed_arrays(seed_index)
    try:
        def no_blocks(*args, **kwargs):
            raise AssertionError("Whoosh's postings read for a stored term")

        monkeypatch.setattr(whoosh_compat, "segment_postings", no_blocks)
        monkeypatch.setattr(whoosh_compat, "block_postings", no_blocks)
        # « enfants » (stemmed « enfant ») in twelve paragraphs of A/RES/68/179: three times in op5h
        # (« enfants migrants », « l'enfant », « enfants migrants »), twice in op5g and op16.
        ids, tfs = arrays.postings("text", "enfant")
        assert [(reader.stored_fields(int(d))["anchor"], float(f)) for d, f in zip(ids, tfs, strict=True)] == [
            ("pp4", 1.0), ("pp6", 1.0), ("pp24", 1.0), ("op1", 1.0), ("op4", 1.0), ("op5a", 1.0), ("op5g", 2.0),
            ("op5h", 3.0), ("op5i", 1.0), ("op6", 1.0), ("op12", 1.0), ("op16", 2.0)]
        assert ids.dtype == np.int64 and tfs.dtype == np.float32
        assert not tfs.flags.writeable  # a view of the mapping every worker shares
        assert arrays.frequency("text", "enfant") == 12
        # « xénophobie » twice in op3a, nowhere else.
        ids, tfs = arrays.postings("text", "xenophob")
        assert [reader.stored_fields(int(d))["anchor"] for d in ids] == ["op3a"] and tfs.tolist() == [2.0]
        # A word the text does not hold: known absent from the directory, without asking Whoosh.
        assert [len(a) for a in arrays.postings("text", "zzzz")] == [0, 0]
        assert arrays.frequency("text", "zzzz") == 0
    finally:
        reader.close()
        ix.close()


def test_a_segment_without_its_files_is_read_through_whoosh_with_the_same_postings(seed_index, tmp_path):
    copy = tmp_path / "ix"
    shutil.copytree(seed_index, copy)
    mapped, reader, ix = _seed_arrays(seed_index)
    for path in (current_path(copy) / term_postings.FOLDER).glob(f"MAIN_*{term_postings.TERMS}"):
        path.unlink()
    fallback, other, other_ix = _seed_arrays(copy)
    try:
        assert fallback.stored_postings() == [None]
        for field, text in (("text", "enfant"), ("light", "enfants"), ("notes", "document"), ("text", "zzzz")):
            a, b = mapped.postings(field, text), fallback.postings(field, text)
            assert a[0].tolist() == b[0].tolist() and a[1].tolist() == b[1].tolist(), (field, text)
            assert mapped.frequency(field, text) == fallback.frequency(field, text)
        assert len(mapped.postings("text", "enfant")[0]) == 12
    finally:
        for r in (reader, other):
            r.close()
        ix.close()
        other_ix.close()


def test_a_worker_refuses_a_generation_written_before_the_flat_postings(seed_index, tmp_path):
    copy = tmp_path / "ix"
    shutil.copytree(seed_index, copy)
    (current_path(copy) / FORMAT).write_text('{"format": 11}', encoding="utf-8")
    engine = Engine(copy)
    try:
        with pytest.raises(IndexFormatError) as err:
            engine.search("enfants migrants")
    finally:
        engine.close()
    assert str(err.value) == (f"index {current_path(copy)} construit par une version antérieure de resolu "
                              "(format 11, attendu 12) : reconstruisez-le avec « resolu index »")


def test_truncated_files_are_not_read(seed_index, tmp_path, caplog):
    copy = tmp_path / "ix"
    shutil.copytree(seed_index, copy)
    (ids,) = (current_path(copy) / term_postings.FOLDER).glob(f"MAIN_*{term_postings.IDS}")
    ids.write_bytes(ids.read_bytes()[:-4])
    with pytest.raises(ValueError) as err:
        term_postings.TermPostings(str(ids)[: -len(term_postings.IDS)])
    assert str(err.value).endswith("postings tronqués")
    stem = current_path(copy) / ids.name[: -len(term_postings.IDS)]
    with caplog.at_level(logging.WARNING, logger="indexer.store.term_postings"):
        assert open_term_postings(stem) is None
    assert caplog.messages == [f"{term_postings.postings_stem(stem)}: postings tronqués ; lus par Whoosh (plus lent) ; "
                               "reconstruisez l'index"]


def test_a_segment_without_its_files_is_logged(seed_index, tmp_path, caplog):
    copy = tmp_path / "ix"
    shutil.copytree(seed_index, copy)
    (ids,) = (current_path(copy) / term_postings.FOLDER).glob(f"MAIN_*{term_postings.IDS}")
    name = ids.name[: -len(term_postings.IDS)]
    shutil.rmtree(current_path(copy) / term_postings.FOLDER)
    with caplog.at_level(logging.WARNING, logger="indexer.store.term_postings"):
        assert open_term_postings(current_path(copy) / name) is None
    assert caplog.messages == [f"{current_path(copy) / term_postings.FOLDER / name} : postings à plat "
                               "absents, lus par Whoosh (plus lent) ; reconstruisez l'index"]


def test_a_worker_searches_a_pasted_sentence_without_reading_whoosh_postings_blocks(seed_index, monkeypatch):
    from .test_coldstart import SENTENCE_33

    def no_blocks(*args, **kwargs):
        raise AssertionError("Whoosh's postings blocks read by a search")

    engine = Engine(seed_index)
    try:
        monkeypatch.setattr(whoosh_compat, "block_postings", no_blocks)
        result = engine.search(SENTENCE_33)
        assert engine.arrays_mapped is True
        assert (result.hits[0].symbol, result.hits[0].anchor) == ("A/RES/68/179", "op1")
    finally:
        engine.close()


def test_the_files_give_back_each_term_s_postings_as_written(tmp_path):
    from array import array

    writer = term_postings.TermPostingsWriter(tmp_path / "MAIN_x", ["light", "notes", "text"])
    # Whoosh's blocks of 128: « sécurité » (light field, accents kept) in two blocks, « securit » in one.
    writer.add("light", "sécurité".encode(), [array("I", range(128)), array("I", [200, 300])],
               [array("f", [1.0] * 128), array("f", [2.0, 5.0])])
    writer.add("text", b"securit", [array("I", [7, 9])], [array("f", [1.0, 3.0])])
    writer.close()
    assert sorted(p.name for p in (tmp_path / "postings").iterdir()) == [
        "MAIN_x.ids.u32", "MAIN_x.starts.i64", "MAIN_x.terms.json", "MAIN_x.tfs.f32"]
    stored = open_term_postings(tmp_path / "MAIN_x")
    assert stored is not None
    assert stored.terms == {"light": {"sécurité": 0}, "text": {"securit": 1}, "notes": {}}
    ids, tfs = stored.get("light", "sécurité")
    assert ids.tolist() == [*range(128), 200, 300] and tfs.tolist()[-3:] == [1.0, 2.0, 5.0]
    assert [a.tolist() for a in stored.get("text", "securit")] == [[7, 9], [1.0, 3.0]]
    assert stored.count("light", "sécurité") == 130 and stored.count("text", "sécurité") == 0
    assert stored.get("notes", "securit") is None
    assert not ids.flags.writeable


def test_terms_given_whole_and_as_blocks_are_written_in_order(tmp_path, monkeypatch):
    from array import array

    monkeypatch.setattr(term_postings, "PENDING", 3)  # held postings written past three
    writer = term_postings.TermPostingsWriter(tmp_path / "MAIN_y", ["light", "text"])
    writer.add_term("light", b"paix", [1, 4], [1.0, 2.0])
    writer.add_term("light", "sécurité".encode(), [0, 2, 5, 8], [1.0, 1.0, 3.0, 1.0])
    writer.add_term("light", "état".encode(), [3], [1.0])
    writer.add("text", b"pai", [array("I", [1, 4])], [array("f", [1.0, 2.0])])
    writer.add_term("text", b"securit", [9], [4.0])
    writer.close()
    stored = open_term_postings(tmp_path / "MAIN_y")
    assert stored is not None
    assert stored.terms == {"light": {"paix": 0, "sécurité": 1, "état": 2}, "text": {"pai": 3, "securit": 4}}
    assert [a.tolist() for a in stored.get("light", "sécurité")] == [[0, 2, 5, 8], [1.0, 1.0, 3.0, 1.0]]
    assert [a.tolist() for a in stored.get("light", "état")] == [[3], [1.0]]
    assert [a.tolist() for a in stored.get("text", "pai")] == [[1, 4], [1.0, 2.0]]
    assert [a.tolist() for a in stored.get("text", "securit")] == [[9], [4.0]]
    assert stored.starts.tolist() == [0, 2, 6, 7, 9, 10]
