"""A cold worker answers at once: arrays written at build time, mapped by each engine, refused in another format.

Issue 27: the first search of a gunicorn worker built its caches (4 s on the
default collection) and a pasted sentence of 33 words was refused by the
time budget. These tests check behaviour, not timing.
"""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest

from indexer.search.engine import Engine
from indexer.store import arrays
from indexer.store.layout import current_path

# The opening of "Protection des migrants" op1 (A/RES/68/179), as users paste it: 33 and 40 words.
OP1 = ("Demande aux États de promouvoir et de défendre efficacement les droits de l'homme et les libertés "
       "fondamentales de tous les migrants, en particulier les femmes et les enfants, quel qu'en soit le statut "
       "migratoire, et de traiter la question des migrations internationales par la voie")
SENTENCE_33 = " ".join(OP1.split()[:33])
SENTENCE_40 = " ".join(OP1.split()[:40])


def test_the_sentences_have_33_and_40_words():
    assert len(SENTENCE_33.split()) == 33
    assert len(SENTENCE_40.split()) == 40
    assert SENTENCE_33.endswith("quel qu'en soit le statut")


@pytest.mark.parametrize("sentence", [SENTENCE_33, SENTENCE_40], ids=["33 words", "40 words"])
def test_a_fresh_app_answers_a_pasted_sentence(seed_index, sentence):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    try:
        response = app.test_client().get("/api/search", query_string={"q": sentence})
        assert response.status_code == 200
        hit = response.get_json()["hits"][0]
        assert (hit["symbol"], hit["anchor"]) == ("A/RES/68/179", "op1")
    finally:
        get_engine(app).close()


def test_a_worker_app_is_warm_before_its_first_request(seed_index, capsys):
    from webapp import get_engine
    from webapp.server import create_worker_app

    app = create_worker_app(str(seed_index))
    engine = get_engine(app)
    try:
        # Opened and searched by the factory, before any request.
        assert engine.generation == current_path(seed_index).name
        assert engine.arrays_mapped is True
        assert "première recherche faite" in capsys.readouterr().err
        response = app.test_client().get("/api/search", query_string={"q": SENTENCE_33})
        assert response.status_code == 200
        assert response.get_json()["hits"][0]["anchor"] == "op1"
    finally:
        engine.close()


def test_a_worker_without_index_still_starts_and_says_why(tmp_path, capsys):
    from webapp import get_engine
    from webapp.server import create_worker_app

    app = create_worker_app(str(tmp_path))
    assert "non préchauffé : aucun index dans" in capsys.readouterr().err
    response = app.test_client().get("/api/search", query_string={"q": "migrants"})
    assert response.status_code == 503
    get_engine(app).close()


def test_an_engine_maps_the_arrays_of_its_generation_without_computing_them(seed_index):
    before = arrays.computed
    engine = Engine(seed_index)
    try:
        result = engine.search(SENTENCE_33, {"verb": ["Demande"]})
        assert engine.arrays_mapped is True
        assert arrays.computed == before
        assert result.hits[0].anchor == "op1"
    finally:
        engine.close()


def test_the_build_writes_arrays_equal_to_those_computed_from_the_postings(seed_index):
    from whoosh import index

    path = current_path(seed_index)
    manifest = json.loads((path / arrays.ARRAYS / arrays.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == 1
    assert manifest["lengths"] == ["instruments_text", "light", "notes", "opening", "text", "text_en"]
    mapped = arrays.read_arrays(path)
    resolutions = json.loads((path / "resolutions.json").read_text(encoding="utf-8"))
    ix = index.open_dir(str(path))
    with ix.searcher() as searcher:
        before = arrays.computed
        computed = arrays.compute_arrays(searcher.reader(), resolutions)
        assert arrays.computed == before + 1
    ix.close()
    assert mapped.mapped is True and computed.mapped is False
    assert mapped.doc_count == computed.doc_count == manifest["doc_count"]
    for name in ("live", "seq", "doc_res", "res_date", "res_year", "english", "pair"):
        assert np.array_equal(getattr(mapped, name), getattr(computed, name)), name
    for group in ("lengths", "pair_docs", "pair_vals", "offsets", "rank"):
        assert sorted(getattr(mapped, group)) == sorted(getattr(computed, group)), group
        for key, value in getattr(computed, group).items():
            assert np.array_equal(getattr(mapped, group)[key], value), (group, key)
    assert mapped.values == computed.values
    assert mapped.forms == {k: [tuple(p) for p in v] for k, v in computed.forms.items()}
    # Mapped read-only: a search cannot change what every worker shares.
    assert not mapped.pair_docs["verb"].flags.writeable


def _copy(seed_index, tmp_path):
    target = tmp_path / "ix"
    shutil.copytree(seed_index, target)
    return target


def test_arrays_of_another_format_are_refused_with_a_clear_message(seed_index, tmp_path):
    index_dir = _copy(seed_index, tmp_path)
    manifest = current_path(index_dir) / arrays.ARRAYS / arrays.MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "format": 99}), encoding="utf-8")
    before = arrays.computed
    engine = Engine(index_dir)
    with pytest.raises(arrays.ArraysFormatError) as err:
        engine.search("migrants")
    assert arrays.computed == before  # refused, not rebuilt behind the user's back
    assert err.value.exit_code == 3
    assert str(err.value) == (
        f"tableaux de recherche de {current_path(index_dir) / 'arrays'} écrits par une version postérieure de "
        "resolu (format 99, attendu 1) : reconstruisez l'index avec « resolu index »")


def test_missing_arrays_are_refused_by_the_web_app_in_french(seed_index, tmp_path, caplog):
    from webapp import create_app, get_engine

    index_dir = _copy(seed_index, tmp_path)
    shutil.rmtree(current_path(index_dir) / arrays.ARRAYS)
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    response = app.test_client().get("/api/search", query_string={"q": "migrants"})
    # The visitor is told the index is unavailable (no paths); the log says why, in French.
    assert response.status_code == 503
    assert response.get_json()["error"] == "l'index de recherche est absent ou illisible pour le moment"
    assert (f"index missing: tableaux de recherche absents ou illisibles dans "
            f"{current_path(index_dir) / 'arrays'} : reconstruisez l'index avec « resolu index »") in caplog.text
    get_engine(app).close()


def test_highlighting_finds_the_terms_the_french_analyzer_finds(seed):
    from indexer.text.analysis import french_analyzer, french_spans

    analyzer = french_analyzer()
    texts = [p.text for p in seed.paragraphs] + ["l’État qu'en jusqu’à d'Haïti ÉTATS sœurs « OC-16/99 » 2006/2"]
    for text in texts:
        expected = [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True, mode="index")]
        assert french_spans(text) == expected
    assert french_spans("l’État qu'en") == [("etat", 2, 6)]


def test_the_english_flags_say_what_the_records_hold(bilingual_index):
    from whoosh import index

    path = current_path(bilingual_index)
    mapped = arrays.read_arrays(path)
    ix = index.open_dir(str(path))
    with ix.searcher() as searcher:
        records = [json.loads(searcher.stored_fields(d)["data"]) for d in range(mapped.doc_count)]
    ix.close()
    assert mapped.english.tolist() == [bool(r.get("text_en")) for r in records]
    assert mapped.pair.tolist() == [bool(r["text"].strip()) and bool((r.get("text_en") or "").strip())
                                    for r in records]
    # 253 paragraphs of the six bilingual resolutions have an aligned English text, and the 10 paragraphs of
    # S/RES/2635 (2022), held in English only (no French: not a pair); every record is counted.
    assert (int(mapped.english.sum()), int(mapped.pair.sum()), mapped.doc_count) == (263, 253, len(records))


def test_a_worker_imports_neither_the_build_nor_compiles_the_instrument_patterns():
    import subprocess
    import sys

    # What a web worker imports before and during its first search (expand_aliases reads the aliases).
    code = ("import sys, webapp, webapp.server; from indexer.search.query import expand_aliases; "
            "expand_aliases('OIT PIDCP'); from indexer.facets import instruments; "
            "print('indexer.store.build' in sys.modules, instruments._compiled.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "0"]


def test_instrument_patterns_compiled_on_first_use_find_what_they_found():
    from indexer.facets.instruments import find_instruments

    text = "Rappelant la Convention relative aux droits de l'enfant et le Pacte international relatif aux droits civils"
    names = [name for name, _, _ in find_instruments(text)]
    assert names[0] == "Convention relative aux droits de l'enfant"


def _index_fds(folder, others: frozenset[int] | set[int] = frozenset()) -> dict[int, int]:
    """Return this process's open Whoosh files of a generation: descriptor → read offset (from /proc).

    Only the files in the generation's own folder: the arrays in its subfolders are memory-mapped, and
    a mapping keeps a descriptor it never reads through. Descriptors in ``others`` (opened before the
    engine under test, by earlier tests of the same process on the same seed index) are left out.
    """
    from pathlib import Path

    found = {}
    for entry in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(entry)
        except OSError:  # closed while listed (the listing's own descriptor)
            continue
        if os.path.dirname(target) == str(folder) and int(entry.name) not in others:
            pos = (Path("/proc/self/fdinfo") / entry.name).read_text().split("\n")[0]
            found[int(entry.name)] = int(pos.split()[1])
    return found


def test_a_worker_forked_from_a_warmed_app_answers_with_its_own_index_files(seed_index):
    import contextlib
    import io

    from webapp import get_engine
    from webapp.server import create_worker_app, own_index_files

    if not os.path.isdir("/proc/self/fdinfo"):
        pytest.skip("needs Linux's /proc to read each open file's offset")
    folder = current_path(seed_index)
    # Engines of earlier tests in this process may hold the same seed index's files: only this app's count.
    others = set(_index_fds(folder))
    app = create_worker_app(str(seed_index))  # the master: opened and warmed once
    engine = get_engine(app)
    inherited = _index_fds(folder, others)
    assert inherited  # the warm-up left the searcher's files open
    moved = 987_654_321  # an offset no read of the seed index leaves
    to_child_r, to_child_w = os.pipe()
    to_parent_r, to_parent_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: report in JSON, exit without pytest's teardown
        report: dict = {}
        try:
            os.read(to_child_r, 1)  # the parent moved its offsets
            # Inherited descriptors share the parent's offsets: what a sibling's seek would do to this worker.
            report["shared before"] = sorted(set(_index_fds(folder, others).values()))
            computed = arrays.computed
            said = io.StringIO()
            with contextlib.redirect_stderr(said):
                own_index_files(app)
            report["said"] = said.getvalue()
            report["offsets after"] = sorted(set(_index_fds(folder, others).values()))
            report["files of"] = engine.files_of == os.getpid()
            hit = engine.search(SENTENCE_33, {"verb": ["Demande"]}).hits[0]
            report["hit"] = [hit.symbol, hit.anchor]
            report["computed"] = arrays.computed - computed
            report["generation"] = engine.generation
        except BaseException as exc:  # said to the parent, which asserts
            report["error"] = repr(exc)
        os.write(to_parent_w, json.dumps(report).encode())
        os._exit(0)
    saved = {fd: os.lseek(fd, 0, os.SEEK_CUR) for fd in inherited}
    try:
        for fd in inherited:
            os.lseek(fd, moved, os.SEEK_SET)
        os.write(to_child_w, b"x")
        _, status = os.waitpid(pid, 0)
        report = json.loads(os.read(to_parent_r, 1 << 16))
    finally:
        for fd, pos in saved.items():
            os.lseek(fd, pos, os.SEEK_SET)
        for fd in (to_child_r, to_child_w, to_parent_r, to_parent_w):
            os.close(fd)
    assert status == 0 and "error" not in report, report
    assert report["shared before"] == [moved]
    assert moved not in report["offsets after"], report
    assert report["files of"] is True
    assert report["hit"] == ["A/RES/68/179", "op1"]
    # Nothing read again: the same generation, no arrays computed, the master's warm-up kept.
    assert report["computed"] == 0
    assert report["generation"] == folder.name
    assert report["said"].endswith(f"(index ouvert et préchauffé par le processus maître {os.getpid()})\n")
    # The parent's own files are untouched by the child's.
    assert engine.search(SENTENCE_33).hits[0].anchor == "op1"
    engine.close()


def test_a_worker_whose_master_opened_an_older_generation_opens_and_warms_the_live_one(seed_index, tmp_path, capsys):
    from webapp import get_engine
    from webapp.server import create_worker_app, own_index_files

    index_dir = _copy(seed_index, tmp_path)
    app = create_worker_app(str(index_dir))
    engine = get_engine(app)
    try:
        old = engine.generation
        # « resolu index » made another generation current after the master opened its own.
        shutil.copytree(index_dir / old, index_dir / "gen-newer")
        (index_dir / "CURRENT").write_text("gen-newer", encoding="utf-8")
        capsys.readouterr()
        own_index_files(app)
        assert engine.generation == "gen-newer"
        assert "(index ouvert, première recherche faite)" in capsys.readouterr().err
        assert engine.search(SENTENCE_33).hits[0].anchor == "op1"
    finally:
        engine.close()


def test_an_engine_that_released_its_files_opens_them_again_for_its_next_search(seed_index):
    others = set(_index_fds(current_path(seed_index)))  # earlier tests' engines on the same seed index
    engine = Engine(seed_index)
    try:
        engine.search("migrants")
        engine.release_files()
        assert engine.files_of is None
        assert _index_fds(current_path(seed_index), others) == {}
        assert engine.search(SENTENCE_33).hits[0].anchor == "op1"
        assert engine.files_of == os.getpid()
        engine.release_files()
        engine.close()  # the files closed once, not twice (Whoosh raises then)
        assert engine.generation is None and engine.files_of is None
    finally:
        engine.close()
