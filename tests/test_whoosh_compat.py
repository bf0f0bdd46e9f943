"""Test the build's fast path into Whoosh's segment writer: the same segment, byte for byte."""

from __future__ import annotations

import contextlib
import filecmp

from whoosh import index

from indexer.store.schema import make_schema
from indexer.store.whoosh_compat import (
    commit_segments,
    document_adder,
    finish_segment,
    patched_writer,
    segment_writer,
)

DOCUMENTS = [
    # Elisions with both apostrophes, stop words, a word three times, capitals and accents.
    {"id": "A/RES/1/1#op1", "symbol": "A/RES/1/1", "anchor": "op1", "kind": "operative", "organ": "AG",
     "seq": 1, "opening": "Demande", "text": "Demande aux États d’adopter l'Accord, l’accord et les ACCORDS de paix",
     "light": "Demande aux États d’adopter l'Accord, l’accord et les ACCORDS de paix",
     "text_en": "Calls upon States to adopt the Council's agreements", "instruments_text": "",
     "notes": "Voir A/1/1.", "verb": "demande", "addressee": "États\nautre", "instrument": "", "resolution": "",
     "data": "{}"},
    # A paragraph of stop words only, no English, a traité and a traite kept apart by the light field.
    {"id": "A/RES/1/1#op2", "symbol": "A/RES/1/1", "anchor": "op2", "kind": "operative", "organ": "AG",
     "seq": 2, "opening": "", "text": "et de la", "light": "le traité et la traite des êtres humains",
     "text_en": None, "instruments_text": "TNP Semipalatinsk", "notes": "", "verb": "", "addressee": "",
     "instrument": "Traité sur la non-prolifération des armes nucléaires", "resolution": "A/RES/70/1",
     "data": '{"a": 1}'},
    # A longer text (other field lengths in a block), an empty ID, a value repeated in a list field.
    {"id": "A/RES/1/2#pp1", "symbol": "A/RES/1/2", "anchor": "pp1", "kind": "preambular", "organ": "",
     "seq": 3, "opening": "Rappelant", "text": "Rappelant l’accord de paix de 1995 et l'accord de 2005 sur la paix",
     "light": "Rappelant l’accord", "text_en": "Recalling", "instruments_text": "", "notes": "",
     "verb": "rappelle\nrappelle", "addressee": "", "instrument": "", "resolution": "A/RES/70/1\nA/RES/1/1",
     "data": "{}"},
]
# Repeated documents: a term of every document has more postings than Whoosh's blocks of 128.
REPEATS = 150


def _write(folder, fast: bool, limitmb: float = 64, boosted: int = 0, patched: bool = True) -> None:
    """Write the documents through resolu's patched writer and adder, or through Whoosh's own code only.

    With ``boosted``, every ``boosted``-th document is given Whoosh's ``_boost=1.0`` (the same
    postings): the fast adder hands it to Whoosh's own add_document. Without ``patched``, the fast
    adder's postings are flushed by Whoosh's own field writer.
    """
    ix = index.create_in(str(folder), make_schema())
    writer = segment_writer(ix, locked=False, limitmb=limitmb, compound=False)
    with patched_writer(writer) if fast and patched else contextlib.nullcontext(writer):
        add = document_adder(writer) if fast else writer.add_document
        for n in range(REPEATS):
            for document in DOCUMENTS:
                add(**document, **({"_boost": 1.0} if boosted and n % boosted == 0 else {}))
        segment = finish_segment(writer)
    commit_segments(segment_writer(ix, limitmb=64), [segment])


def _segment_files(folder):
    files = sorted(p for p in folder.iterdir() if p.name.startswith("MAIN_") and "." in p.name)
    # Segment names are random: files are matched by what follows the name.
    return {p.name.split(".", 1)[1]: p for p in files}


def test_patched_writer_and_adder_write_the_segment_whoosh_writes(tmp_path):
    for limitmb in (64, 0.01):  # in memory, then spilled to sorted runs
        (tmp_path / f"whoosh{limitmb}").mkdir()
        (tmp_path / f"fast{limitmb}").mkdir()
        _write(tmp_path / f"whoosh{limitmb}", fast=False, limitmb=limitmb)
        _write(tmp_path / f"fast{limitmb}", fast=True, limitmb=limitmb)
        whoosh_files = _segment_files(tmp_path / f"whoosh{limitmb}")
        fast_files = _segment_files(tmp_path / f"fast{limitmb}")
        assert sorted(fast_files) == sorted(whoosh_files)
        assert "pst" in fast_files and "_stored.col" in fast_files and "_text_en_len.col" in fast_files
        for suffix, path in whoosh_files.items():
            assert filecmp.cmp(path, fast_files[suffix], shallow=False), suffix
        with index.open_dir(str(tmp_path / f"fast{limitmb}")).searcher() as searcher:
            # "accord" three times, at positions 3, 4, 5 (aux, et, les are stop words; d’ and l' go).
            assert searcher.doc_count() == 3 * REPEATS
            postings = searcher.reader().postings("text", "accord")
            assert postings.value_as("positions") == [3, 4, 5]
            assert postings.weight() == 3.0
            # The light field keeps accents but the first letter's, and strips plurals only ("paix" too).
            assert {"humain", "pai", "traite", "traité"} <= {t.decode() for t in searcher.lexicon("light")}
            # Stop words only: no length (Whoosh reads the zero byte as None).
            assert searcher.reader().doc_field_length(1, "text") is None
            # call upon state adopt council agreement: "to", "the" are stop words, "'s" goes.
            assert searcher.reader().doc_field_length(0, "text_en") == 6
            # "paix" in every other document: 300 postings, 3 blocks; a list field's repeated value once.
            assert searcher.doc_frequency("text", "paix") == 2 * REPEATS
            assert searcher.reader().postings("verb", "rappelle").all_ids().__next__() == 2
            assert searcher.doc_frequency("verb", "rappelle") == REPEATS
            assert searcher.doc_frequency("organ", "") == REPEATS


def test_documents_through_whooshs_own_adder_among_the_fast_ones_give_the_same_segment(tmp_path):
    # A document with a Whoosh keyword argument goes to Whoosh's pool; the buffered postings join it there.
    for limitmb in (64, 0.01):  # in memory, then both spilled to run files
        whoosh_folder, fast_folder = tmp_path / f"whoosh{limitmb}", tmp_path / f"fast{limitmb}"
        whoosh_folder.mkdir()
        fast_folder.mkdir()
        _write(whoosh_folder, fast=False, limitmb=limitmb, boosted=7)
        _write(fast_folder, fast=True, limitmb=limitmb, boosted=7)
        whoosh_files, fast_files = _segment_files(whoosh_folder), _segment_files(fast_folder)
        assert sorted(fast_files) == sorted(whoosh_files)
        for suffix, path in whoosh_files.items():
            assert filecmp.cmp(path, fast_files[suffix], shallow=False), suffix
        with index.open_dir(str(fast_folder)).searcher() as searcher:
            # 150 repeats of "paix" in op1 and pp1, 22 of each pair of documents boosted (n = 0, 7, …, 147).
            assert searcher.doc_frequency("text", "paix") == 2 * REPEATS
            assert searcher.reader().postings("text", "accord").value_as("positions") == [3, 4, 5]


def test_the_fast_adder_s_postings_flushed_by_whooshs_own_writer_give_the_same_segment(tmp_path):
    for limitmb in (64, 0.01):
        whoosh_folder, fast_folder = tmp_path / f"whoosh{limitmb}", tmp_path / f"fast{limitmb}"
        whoosh_folder.mkdir()
        fast_folder.mkdir()
        _write(whoosh_folder, fast=False, limitmb=limitmb)
        _write(fast_folder, fast=True, limitmb=limitmb, patched=False)
        whoosh_files, fast_files = _segment_files(whoosh_folder), _segment_files(fast_folder)
        assert sorted(fast_files) == sorted(whoosh_files)
        assert "pst" in fast_files and "trm" in fast_files
        for suffix, path in whoosh_files.items():
            assert filecmp.cmp(path, fast_files[suffix], shallow=False), suffix


def test_normalized_groups_equal_whooshs_normalize():
    # A pasted sentence's trees are grouped from each word's parsed query without normalizing
    # them again: the result must be the query Whoosh's own normalize() gives.
    from whoosh import query as wq
    from whoosh.qparser import AndGroup

    from indexer.search.query import _parser
    from indexer.store.whoosh_compat import normalized

    schema = make_schema()
    parser = _parser(["text", "opening", "instruments_text", "notes"], schema, AndGroup)
    words = ["Demande", "aux", "États", "de", "promouvoir", "l'homme", "2006/2", "ex-combattants", "migr*",
             "États", '"droits de l\'homme"', "(HCR OR \"Haut-Commissariat\")", "les", "sécurité"]
    parts = [parser.parse(w) for w in words]
    assert wq.NullQuery in parts  # the stop words
    boosted = parts[2].with_boost(0.0)
    cases = [parts, parts[:2], parts[1:2], [parts[1], parts[3]], [parts[2]], [boosted, parts[2], parts[4]],
             [parts[4], wq.And([parts[2], parts[4]]).normalize()], [*parts, boosted]]
    for group in (wq.And, wq.Or):
        for case in cases:
            expected = group(list(case)).normalize()
            got = normalized(group, list(case))
            assert got == expected, (group, case)
            assert type(got) is type(expected)
    flat = normalized(wq.Or, parts[:6])
    # The words' terms merged into one group, each term once ("États" is the second part too).
    assert isinstance(flat, wq.Or)
    assert str(flat).startswith("(text:demand OR opening:demand^2.0 OR instruments_text:demand^1.5")
    assert normalized(wq.And, [parts[1], parts[3]]) is wq.NullQuery
