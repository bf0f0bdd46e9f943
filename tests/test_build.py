"""Test index building: atomic generations, reports, citations between resolutions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.errors import IndexMissingError, ResoluError
from indexer.search.engine import Engine
from indexer.sources.read import source_files
from indexer.store import build, workers
from indexer.store.build import build_index
from indexer.store.layout import current_generation, current_path

MINI = """### 1/2. Essai

*L'Assemblée générale,*

*Rappelant* sa résolution 1/1,

1. *Prie* le Secrétaire général de faire rapport<sup>1</sup>.

<sup>1</sup> Voir A/1/1.
"""


def test_report_counts(seed_path, tmp_path):
    report = build_index([seed_path], tmp_path / "ix")
    assert (report.files, report.resolutions, report.paragraphs) == (1, 1, 77)
    assert dict(report.kinds) == {"preambular": 27, "operative": 16, "subparagraph": 34}
    assert report.errors == []
    assert report.numbered_lines == 16
    assert report.operative_share == 1.0
    assert report.other_share == 0.0
    assert (tmp_path / "ix" / report.generation / "warnings.tsv").read_text(encoding="utf-8").startswith(
        "symbole\tfichier\tligne\ttype\tmessage\n")


def test_rebuild_switches_generation_and_keeps_the_previous_one(seed_path, tmp_path):
    index_dir = tmp_path / "ix"
    first = build_index([seed_path], index_dir).generation
    engine = Engine(index_dir)
    assert engine.search("frontieres").total == 8
    mini = tmp_path / "mini.md"
    mini.write_text(MINI, encoding="utf-8")
    second = build_index([seed_path, mini], index_dir).generation
    assert second != first
    assert current_generation(index_dir) == second
    # The engine notices the new generation without being reopened.
    assert engine.search("", {"symbol": ["A/RES/1/2"]}).total == 2
    assert engine.generation == second
    third = build_index([seed_path], index_dir).generation
    generations = sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))
    assert generations == sorted([second, third])
    engine.close()


def test_failed_build_leaves_previous_index(seed_path, tmp_path, monkeypatch):
    index_dir = tmp_path / "ix"
    first = build_index([seed_path], index_dir).generation

    def boom(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(build, "link_citations", boom)
    with pytest.raises(RuntimeError):
        build_index([seed_path], index_dir)
    assert current_generation(index_dir) == first
    assert [p.name for p in index_dir.iterdir() if p.name.startswith(".")] == []
    assert Engine(index_dir).search("frontieres").total == 8


def test_no_sources(tmp_path):
    (tmp_path / "vide").mkdir()
    with pytest.raises(ResoluError, match="aucun fichier"):
        build_index([tmp_path / "vide"], tmp_path / "ix")
    with pytest.raises(ResoluError, match="introuvable"):
        source_files([tmp_path / "absent"])


def test_missing_index(tmp_path):
    with pytest.raises(IndexMissingError, match="resolu index"):
        Engine(tmp_path).search("x")


def test_duplicate_symbol_keeps_one_resolution_with_a_warning(seed_path, tmp_path):
    copy = tmp_path / "copie.md"
    copy.write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    report = build_index([seed_path, copy], tmp_path / "ix")
    assert (report.resolutions, report.duplicates, report.errors) == (1, 1, [])
    assert report.warnings["duplicate-symbol"] == 1
    assert report.paragraphs == 77
    lines = Path(report.warnings_file).read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[3] for line in lines if "duplicate-symbol" in line] == ["duplicate-symbol"]
    engine = Engine(tmp_path / "ix")
    try:
        assert engine.search("").total == 77
    finally:
        engine.close()


def test_citations_between_resolutions(tmp_path):
    cited = tmp_path / "cited.md"
    cited.write_text(MINI.replace("1/2. Essai", "1/1. Essai").replace("résolution 1/1", "résolution 1/3"),
                     encoding="utf-8")
    citing = tmp_path / "citing.md"
    citing.write_text(MINI, encoding="utf-8")
    report = build_index([cited, citing], tmp_path / "ix")
    meta = json.loads((tmp_path / "ix" / report.generation / "resolutions.json").read_text(encoding="utf-8"))
    assert meta["A/RES/1/2"]["cites"] == ["A/RES/1/1"]
    assert meta["A/RES/1/1"]["cited_by"] == ["A/RES/1/2"]
    assert meta["A/RES/1/1"]["cites"] == ["A/RES/1/3"]  # cited but not in the index: no link back
    assert meta["A/RES/1/2"]["paragraphs"] == 2


def test_surface_forms():
    from collections import Counter

    assert build.surface_forms(Counter({"xénophobie": 3, "xenophobie": 1, "migrants": 5, "migrante": 1})) == {
        "xenophob": "xénophobie", "migr": "migrants"}


def _many(folder, n):
    """Write n small resolutions (and a late duplicate of the first)."""
    folder.mkdir()
    for i in range(1, n + 1):
        (folder / f"r{i:03}.md").write_text(MINI.replace("1/2. Essai", f"1/{i + 100}. Essai {i}"), encoding="utf-8")
    (folder / "zz-copie.md").write_text(MINI.replace("1/2. Essai", "1/101. Copie"), encoding="utf-8")


def test_parallel_build_equals_serial_build(tmp_path):
    _many(tmp_path / "src", 40)
    serial = build_index([tmp_path / "src"], tmp_path / "ix1", procs=1)
    parallel = build_index([tmp_path / "src"], tmp_path / "ix2", procs=2)
    for report in (serial, parallel):
        assert (report.resolutions, report.paragraphs) == (40, 80)
        assert (report.errors, report.duplicates, report.warnings["duplicate-symbol"]) == ([], 1, 1)
    one, two = Engine(tmp_path / "ix1"), Engine(tmp_path / "ix2")
    for query, filters in [("Secrétaire général rapport", {}), ("", {"kind": ["operative"]}), ("essai", {})]:
        a, b = one.search(query, filters, per_page=100), two.search(query, filters, per_page=100)
        assert a.total == b.total
        assert [(h.symbol, h.anchor) for h in a.hits] == [(h.symbol, h.anchor) for h in b.hits]
        assert a.to_json()["facets"] == b.to_json()["facets"]
    # The duplicate's paragraphs are gone from the parallel index too.
    assert two.search("", {"symbol": ["A/RES/1/101"]}).total == 2
    texts = [h.text for h in two.search("", {"symbol": ["A/RES/1/101"]}).hits]
    assert texts[0] == "Rappelant sa résolution 1/1,"
    one.close()
    two.close()


def test_every_step_after_the_files_is_said(tmp_path):
    # 100 files: the size from which a build says its steps (build.PHASES_FROM_FILES).
    _many(tmp_path / "src", 99)
    said: list[str] = []
    report = build_index([tmp_path / "src"], tmp_path / "ix", procs=2, stage=said.append)
    assert (report.resolutions, report.duplicates) == (99, 1)
    flushes = [m for m in said if m.startswith("Écriture des segments de l'index : ")]
    # Each segment's flush is said, begun then done (it used to follow 100 % in silence), then each derived table.
    assert len(flushes) == 4 and flushes[-1] == "Écriture des segments de l'index : 2/2 terminée(s)"
    steps = ("Assemblage des segments de l'index…",
             "Libellés proches (signatures MinHash) et index des passages, dans un second processus…",
             "Séries de résolutions…", "Tableaux de recherche…",
             "Libellés proches et index des passages : attente du second processus…", "Index écrit")
    order = [next(i for i, m in enumerate(said) if m.startswith(step)) for step in steps]
    assert order == sorted(order) and order[0] > said.index(flushes[-1])


def test_postings_spilled_to_disk_give_the_same_index(seed_path, tmp_path, monkeypatch):
    build_index([seed_path], tmp_path / "memory")
    monkeypatch.setattr(build, "POOL_MB", 0.2)  # the seed's postings no longer fit: sorted runs on disk
    spilled: list[int] = []
    from indexer.store import whoosh_compat
    from indexer.store.layout import current_path

    from .benchmarks.same_index import compare_segments

    spill = whoosh_compat._TermBuffer.spill
    monkeypatch.setattr(whoosh_compat._TermBuffer, "spill", lambda self: (spilled.append(self.count), spill(self)))
    build_index([seed_path], tmp_path / "spilled")
    assert len(spilled) >= 2
    # The same segments, byte for byte.
    differences: list[str] = []
    compare_segments(current_path(tmp_path / "memory"), current_path(tmp_path / "spilled"), differences)
    assert differences == []
    one, two = Engine(tmp_path / "memory"), Engine(tmp_path / "spilled")
    for query in ("migrants", '"droits de l\'homme"', "Demande aux États de"):
        a, b = one.search(query, per_page=100), two.search(query, per_page=100)
        assert a.total == b.total > 0
        assert [(h.anchor, round(h.score, 4)) for h in a.hits] == [(h.anchor, round(h.score, 4)) for h in b.hits]
        assert a.to_json()["facets"] == b.to_json()["facets"]
    one.close()
    two.close()


def test_build_patches_stay_on_the_writer(seed_path, tmp_path, monkeypatch):
    from whoosh.codec import whoosh3
    from whoosh.externalsort import SortingPool

    from indexer.store import whoosh_compat

    before = (whoosh3.W3PerDocReader.doc_field_length, SortingPool._write_run, SortingPool._read_run)
    used: list[str] = []
    monkeypatch.setattr(whoosh_compat, "_write_run", lambda f, items, w=whoosh_compat._write_run: (
        used.append("run"), w(f, items)))
    monkeypatch.setattr(build, "POOL_MB", 0.5)  # spill, so that the run patch is used
    build_index([seed_path], tmp_path / "ix", procs=1)
    assert used
    assert (whoosh3.W3PerDocReader.doc_field_length, SortingPool._write_run, SortingPool._read_run) == before
    assert not any(hasattr(cls, "_resolu_patched") for cls in (whoosh3.W3PerDocReader, SortingPool))


def test_generation_records_its_format(seed_path, tmp_path):
    from indexer.store.layout import FORMAT, FORMAT_VERSION, current_path

    build_index([seed_path], tmp_path)
    assert FORMAT_VERSION == 12
    assert json.loads((current_path(tmp_path) / FORMAT).read_text(encoding="utf-8")) == {"format": 12}


def test_index_of_another_format_is_a_clear_error(seed_path, tmp_path):
    from indexer.errors import IndexFormatError
    from indexer.store.layout import FORMAT, current_path

    build_index([seed_path], tmp_path)
    (current_path(tmp_path) / FORMAT).unlink()  # as written before generations carried a format
    with pytest.raises(IndexFormatError) as err:
        Engine(tmp_path).search("migrants")
    assert err.value.exit_code == 3
    assert "construit par une version antérieure de resolu (format 1, attendu 12)" in str(err.value)
    assert str(err.value).endswith("reconstruisez-le avec « resolu index »")


def test_a_worker_that_dies_fails_the_build_instead_of_hanging(tmp_path, monkeypatch):
    import os

    _many(tmp_path / "src", 40)
    build_index([tmp_path / "src"], tmp_path / "ix", procs=1)
    live = current_generation(tmp_path / "ix")
    real = build.prepare

    def killed(source, rank=0, data=None, english=None):
        if source.path.name == "r030.md":  # in the second worker's run: as if killed for memory
            os._exit(137)
        return real(source, rank, data, english)

    monkeypatch.setattr(build, "prepare", killed)
    monkeypatch.setattr(workers, "QUEUE_POLL", 0.2)
    with pytest.raises(ResoluError) as err:
        build_index([tmp_path / "src"], tmp_path / "ix", procs=2)
    assert "un processus d'indexation s'est arrêté sans rendre son travail (codes de sortie : 137)" in str(err.value)
    assert current_generation(tmp_path / "ix") == live


def test_a_worker_error_reports_its_traceback(tmp_path, monkeypatch):
    _many(tmp_path / "src", 40)

    def broken(source, rank=0, data=None, english=None):
        raise ValueError(f"bogue en lisant {source.path.name}")

    monkeypatch.setattr(build, "prepare", broken)
    with pytest.raises(ResoluError) as err:
        build_index([tmp_path / "src"], tmp_path / "ix", procs=2)
    message = str(err.value)
    assert message.startswith("échec d'un processus d'indexation :\nTraceback (most recent call last):")
    assert "in write_segment" in message
    assert "ValueError: bogue en lisant r0" in message


def test_whoosh_internals_refuse_another_whoosh_version():
    import subprocess
    import sys

    code = ("import whoosh; whoosh.versionstring = lambda: '2.7.5'\n"
            "import indexer.store.whoosh_compat\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert ("ImportError: resolu requiert Whoosh 2.7.4 (installé : 2.7.5) : il lit des noms internes de Whoosh "
            "propres à cette version ; installez « Whoosh==2.7.4 »") in result.stderr


def test_a_shared_symbol_goes_to_the_file_named_for_it_then_to_the_latest_edition():
    from indexer.store.build import Prepared, _editions

    named = Prepared("a.tar.xz:ga/A_RES_78_13-2324427F.xml", 1, "A/RES/78/13", edition="2023-12-05")
    misfiled = Prepared("a.tar.xz:ga/A_RES_78_130-2325874F.xml", 2, "A/RES/78/13", edition="2023-12-20")
    old = Prepared("ga/A_RES_ES-11_1-2204067F.xml", 3, "A/RES/ES-11/1", edition="2022-03-01")
    new = Prepared("es/A_RES_ES-11_1-2204067F.xml", 4, "A/RES/ES-11/1", edition="2022-03-08")
    kept = _editions([named, misfiled, old, new])
    assert kept["A/RES/78/13"] is named
    assert kept["A/RES/ES-11/1"] is new


def test_a_long_duplicate_leaves_no_ghosts_and_takes_nothing_from_its_neighbours(tmp_path):
    # 5,000 paragraphs: more than the 4,096 a file could once count before its
    # paragraphs spilled into the next file's range of the reading order.
    body = "\n\n".join(f"{n}. *Prie* le Secrétaire général de faire rapport sur la question {n} ;"
                       for n in range(1, 5001))
    long = MINI.replace("1. *Prie* le Secrétaire général de faire rapport<sup>1</sup>.", body)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-long.md").write_text(long, encoding="utf-8")
    (src / "b-copy.md").write_text(long, encoding="utf-8")
    (src / "c-other.md").write_text(MINI.replace("1/2. Essai", "1/3. Autre"), encoding="utf-8")
    report = build_index([src], tmp_path / "ix", procs=1)
    # One preambular paragraph and 5,000 operative ones; the other file, one of each.
    assert (report.resolutions, report.duplicates, report.paragraphs) == (2, 1, 5001 + 2)
    engine = Engine(tmp_path / "ix")
    try:
        assert engine.search("", {"symbol": ["A/RES/1/2"]}).total == 5001
        assert engine.search("", {"symbol": ["A/RES/1/3"]}).total == 2
        assert engine.search("").total == 5003
    finally:
        engine.close()


DRIVER = """
import os, sys, time
sys.path.insert(0, sys.argv[3])
from indexer.store import build

real = build.prepare

def slow(source, rank=0, data=None, english=None):
    open(os.path.join(sys.argv[4], str(os.getpid())), "w").close()  # this worker is alive
    time.sleep(2)  # 20 files each: 40 s of work, well past the 10 s the test waits
    return real(source, rank, data, english)

build.prepare = slow
build.build_index([sys.argv[1]], sys.argv[2], procs=2)
"""


def test_kill_9_of_a_build_takes_its_workers_and_the_next_build_cleans_up(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    _many(tmp_path / "src", 40)
    pids = tmp_path / "pids"
    pids.mkdir()
    index_dir = tmp_path / "ix"
    root = str(Path(__file__).resolve().parent.parent)
    parent = subprocess.Popen([sys.executable, "-c", DRIVER, str(tmp_path / "src"), str(index_dir), root, str(pids)])
    deadline = time.time() + 60
    while len(list(pids.iterdir())) < 2 and time.time() < deadline:
        time.sleep(0.1)
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait(10)
    alive = workers
    deadline = time.time() + 10
    while alive and time.time() < deadline:
        time.sleep(0.1)
        alive = [w for w in workers if Path(f"/proc/{w}").exists()
                 and "Z" not in Path(f"/proc/{w}/stat").read_text().split(") ")[-1][:1]]
    assert alive == []
    assert len(list(index_dir.glob(".gen-*.tmp"))) == 1  # the killed build's folder
    build_index([tmp_path / "src"], index_dir, procs=1)
    assert list(index_dir.glob(".gen-*.tmp")) == []
    assert not (current_path(index_dir) / "owner.pid").exists()


def test_metadata_is_read_as_written_with_each_repeated_string_held_once(tmp_path):
    from indexer.store.layout import RESOLUTIONS
    from indexer.store.records import read_resolutions

    written = {
        "A/RES/1": {"symbol": "A/RES/1", "sponsors": ["France", "Chili"], "organ": "Assemblée générale",
                    "vote": {"yes": ["France", "Chili"], "no": [], "in_favour": 2}, "sdgs": [5, 16],
                    "footnotes": [{"number": 1, "text": "Résolution 217 A (III)."}]},
        "A/RES/2": {"symbol": "A/RES/2", "sponsors": ["Chili"], "organ": "Assemblée générale",
                    "vote": None, "sdgs": [], "footnotes": [{"number": 1, "text": "Résolution 217 A (III)."}]},
    }
    (tmp_path / RESOLUTIONS).write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    read = read_resolutions(tmp_path)
    assert read == written
    first, second = read["A/RES/1"], read["A/RES/2"]
    assert first["sponsors"][1] is first["vote"]["yes"][1] is second["sponsors"][0]
    assert first["organ"] is second["organ"]
    assert first["footnotes"][0]["text"] is second["footnotes"][0]["text"]
    # Lists stay each resolution's own.
    assert first["sponsors"] is not first["vote"]["yes"]


def test_metadata_is_read_from_its_pickle_only_while_the_json_says_the_same(tmp_path):
    from indexer.store.layout import RESOLUTIONS, RESOLUTIONS_PICKLE
    from indexer.store.records import read_resolutions, write_resolutions

    written = {"A/RES/1": {"symbol": "A/RES/1", "sponsors": ["France"], "vote": {"yes": ["France"]}},
               "A/RES/2": {"symbol": "A/RES/2", "sponsors": ["France"], "vote": None}}
    write_resolutions(tmp_path, written)
    assert json.loads((tmp_path / RESOLUTIONS).read_text(encoding="utf-8")) == written
    assert (tmp_path / RESOLUTIONS_PICKLE).exists()
    read = read_resolutions(tmp_path)
    assert read == written
    assert read["A/RES/1"]["sponsors"][0] is read["A/RES/2"]["sponsors"][0] is read["A/RES/1"]["vote"]["yes"][0]
    # The JSON is the reference: changed after the pickle was written, it is what is read.
    changed = {**written, "A/RES/2": {**written["A/RES/2"], "sponsors": ["Chili"]}}
    (tmp_path / RESOLUTIONS).write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    assert read_resolutions(tmp_path)["A/RES/2"]["sponsors"] == ["Chili"]
    # A damaged pickle is passed over too.
    (tmp_path / RESOLUTIONS_PICKLE).write_bytes(b"not a pickle")
    assert read_resolutions(tmp_path) == changed


def test_the_build_writes_the_metadata_pickle_the_engine_reads(seed_index):
    from indexer.store.layout import RESOLUTIONS, RESOLUTIONS_PICKLE
    from indexer.store.records import read_resolutions

    gen = current_path(seed_index)
    assert (gen / RESOLUTIONS_PICKLE).exists()
    assert read_resolutions(gen) == json.loads((gen / RESOLUTIONS).read_text(encoding="utf-8"))
