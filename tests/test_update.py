"""An updated index (resolu index --add / --remove) is the index a full rebuild of the same sources gives.

Each test builds a small collection two ways in temporary folders and
compares everything a reader sees, by content (document numbers differ):
totals, hits in order with their scores, facet counts, resolution records,
cited-by links, series and their alignments, wording clusters (French and
English), the vocabulary, the search arrays' forms and English flags.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.errors import ResoluError
from indexer.search.engine import Engine
from indexer.store import arrays
from indexer.store.build import build_index
from indexer.store.layout import SOURCES, current_generation, current_path
from indexer.store.update import update_index
from indexer.store.wording import load
from indexer.wording.tables import Tables

from .test_term_postings import assert_stored_as_whoosh

DATA = Path(__file__).parent / "data"
# The first collection (folder a/) and the files added to it (folder b/): both hold members of one
# series (S/RES/2723 → 2771, A/RES/78/217 → 80/218), English versions, OCR and AKN texts.
FIRST = ["series/A_RES_78_217-2325999F.xml", "series/S_RES_2723-2401650F.xml", "series-en/S_RES_2723-2401650E.xml",
         "akn/A_RES_76_239-2119694F.xml", "akn/A_HRC_RES_55_15F.xml", "akn-en/A_HRC_RES_55_15E.xml",
         "akn/S_RES_2522 (2020)-2007234F.xml", "sc/S_RES_1483_2003.fr.txt", "sc/S_RES_737_1992.fr.txt",
         "sc/S_RES_7_1946.fr.txt"]
ADDED = ["series/A_RES_80_218-2520973F.xml", "series/S_RES_2771-2501522F.xml", "series-en/S_RES_2771-2501522E.xml",
         "akn/E_RES_2021_13-2107777F.xml", "akn/E_RES_2023_2_F.xml", "sc/S_RES_1820_2008.fr.txt",
         "sc/S_RES_2_1946.fr.txt"]
QUERIES = [("", {}), ("sécurité", {}), ("Conseil de sécurité", {}), ("droits de l'homme", {}),
           ("paix", {"kind": ["operative"]}), ("décide", {}), ("traite", {}), ("Iraq", {}),
           ("security council", {}), ("", {"verb": ["Décide"]}),
           # A word of S/RES/1820 (2008) alone: found nowhere once it is removed.
           ("violence commanditée", {})]


def _copy(tmp: Path, folder: str, names: list[str]) -> Path:
    out = tmp / folder
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(DATA / name, out / Path(name).name)
    return out


def _clusters(tables: Tables) -> list[tuple]:
    """Return the wording clusters as sorted lists of (symbol, anchor), with their earliest row and counts."""
    groups: dict[int, list[tuple[str, str]]] = {}
    for row in range(len(tables.row_docnum)):
        number = tables.cluster_of_row(row)
        if number >= 0:
            groups.setdefault(number, []).append((tables.symbols[tables.row_symbol[row]], tables.anchors[row]))
    out = []
    for number, members in groups.items():
        first = int(tables.cluster_earliest[number])
        out.append((sorted(members), (tables.symbols[tables.row_symbol[first]], tables.anchors[first]),
                    int(tables.cluster_paragraphs[number]), int(tables.cluster_resolutions[number])))
    return sorted(out)


def snapshot(index_dir: Path) -> dict:
    """Return what a reader of an index sees, by content."""
    path = current_path(index_dir)
    engine = Engine(index_dir)
    out: dict = {"searches": []}
    try:
        for lang in ("fr", "en"):
            for query, filters in QUERIES:
                result = engine.search(query, filters, per_page=50, lang=lang)
                out["searches"].append({
                    "query": (query, lang), "total": result.total, "unmatched": result.unmatched,
                    "suggestions": result.suggestions,
                    "hits": [(h.symbol, h.anchor, round(h.score, 4)) for h in result.hits],
                    "facets": {name: sorted((b.value, b.count) for b in buckets if b.count)
                               for name, buckets in result.facets.items()},
                })
        for sort in ("date", "order"):
            result = engine.search("", {}, per_page=500, sort=sort)
            out[sort] = [(h.symbol, h.anchor) for h in result.hits]
        # The whole-draft check reads the span index (spans/): a draft made of paragraphs of the first
        # collection, reworded, and an invented sentence gets the same spans and sources as from a rebuild.
        from indexer.search.agreed import SimilarFinder
        from indexer.search.verification import DraftChecker

        texts = [h.record["text"] for h in engine.search("", {"symbol": ["A/RES/78/217"]}, per_page=4,
                                                         sort="order").hits]
        draft = [texts[0], texts[1].replace("Réaffirmant", "Réaffirmant de nouveau"), texts[2] + " " + texts[3],
                 "Invite les délégations à lire le présent projet avec une attention toute particulière demain."]
        checked = DraftChecker(SimilarFinder(engine)).check(draft, closest=False)
        out["draft_check"] = [[(span.text, span.status, span.sources.shown.symbol, span.sources.shown.anchor,
                                span.sources.earliest.symbol, span.sources.resolutions)
                               for span in paragraph.spans] for paragraph in checked.paragraphs]
    finally:
        engine.close()
    resolutions = json.loads((path / "resolutions.json").read_text(encoding="utf-8"))
    for meta in resolutions.values():
        meta.pop("rank")
    out["resolutions"] = resolutions
    out["resolution_order"] = list(resolutions)
    series = json.loads((path / "series.json").read_text(encoding="utf-8"))
    series.pop("stats")
    out["series"] = series
    mapped = arrays.read_arrays(path)
    live = np.flatnonzero(mapped.live)
    for lang in ("fr", "en"):
        out[f"clusters_{lang}"] = _clusters(load(path, lang))
    out["forms"] = {k: [list(p) for p in v] for k, v in mapped.forms.items()}
    out["values"] = {k: v for k, v in mapped.values.items()}
    out["vocabulary"] = json.loads((path / "vocabulary.json").read_text(encoding="utf-8"))
    from whoosh import index

    ix = index.open_dir(str(path))
    with ix.reader() as reader:
        docs = sorted((reader.stored_fields(int(d))["symbol"], reader.stored_fields(int(d))["anchor"],
                       bool(mapped.english[d]), bool(mapped.pair[d]),
                       tuple(float(mapped.lengths[f][d]) for f in sorted(mapped.lengths))) for d in live)
        out["postings"] = _live_postings(reader, mapped.live)
    ix.close()
    # The flat postings beside each segment, linked from the live generation or written by the update,
    # hold what Whoosh holds (store/term_postings.py).
    assert assert_stored_as_whoosh(path) > 0
    out["documents"] = docs
    out["totals"] = mapped.totals or None
    return out


def _live_postings(reader, live: np.ndarray) -> dict[tuple[str, str], list[tuple[str, str, float]]]:
    """Return every stored term's live postings as (symbol, anchor, frequency), read as a search reads them."""
    from indexer.search.postings import ReaderArrays

    arrays = ReaderArrays(reader)
    stores = arrays.stored_postings()
    assert stores and all(s is not None for s in stores)  # every segment has its files, none read through Whoosh
    places = {int(d): (reader.stored_fields(int(d))["symbol"], reader.stored_fields(int(d))["anchor"])
              for d in np.flatnonzero(live)}
    out = {}
    for key in sorted({(field, text) for s in stores for field, terms in s.terms.items() for text in terms}):
        ids, tfs = arrays.postings(*key)
        found = sorted((*places[int(d)], float(f)) for d, f in zip(ids, tfs, strict=True) if live[d])
        if found:
            out[key] = found
    return out


def assert_written_as_built(index_dir: Path) -> None:
    """Check what an update wrote from the previous generation's files as a build writes it from its own.

    The span index is the one built from the wording tables written, array
    for array; the pickled resolution records are those the JSON written reads back as.
    """
    from indexer.store import spans
    from indexer.store.records import read_resolutions
    from indexer.wording.spans import build_span_index

    path = current_path(index_dir)
    from_json = json.loads((path / "resolutions.json").read_text(encoding="utf-8"))
    assert (path / "resolutions.pickle").exists()
    assert read_resolutions(path) == from_json
    assert list(read_resolutions(path)) == list(from_json)
    for lang in ("fr", "en"):
        written, built = spans.load(path, lang), build_span_index(load(path, lang))
        assert len(built.keys) > 0, lang
        for name in ("keys", "positions", "wording_rows", "wording_start"):
            assert np.array_equal(np.asarray(getattr(written, name)), getattr(built, name)), (lang, name)


def assert_same(updated: dict, rebuilt: dict) -> None:
    """Compare two snapshots part by part (a readable failure names the part)."""
    # Whoosh's totals are right without deletions; with them, the arrays carry the live totals.
    assert rebuilt.pop("totals") is None
    updated.pop("totals")
    assert sorted(updated) == sorted(rebuilt)
    for key in rebuilt:
        if key == "searches":
            for mine, theirs in zip(updated[key], rebuilt[key], strict=True):
                assert mine == theirs, mine["query"]
        else:
            assert updated[key] == rebuilt[key], key


@pytest.fixture()
def collection(tmp_path: Path) -> tuple[Path, Path]:
    return _copy(tmp_path, "a", FIRST), _copy(tmp_path, "b", ADDED)


def test_adding_files_gives_the_index_a_rebuild_of_all_the_sources_gives(collection, tmp_path):
    first, added = collection
    rebuilt = tmp_path / "rebuilt"
    build_index([first, added], rebuilt)
    updated = tmp_path / "updated"
    build_index([first], updated)
    before = arrays.computed
    report = update_index(updated, [added])
    assert arrays.computed == before  # the live generation's arrays extended, not computed again
    assert report.recomputed == []  # nor series nor wording tables
    assert sorted(report.added) == ["A/RES/80/218", "E/RES/2021/13", "E/RES/2023/2", "S/RES/1820 (2008)",
                                    "S/RES/2 (1946)", "S/RES/2771 (2025)"]
    assert report.replaced == [] and report.removed == []
    assert report.english_files == 1
    assert_same(snapshot(updated), snapshot(rebuilt))
    assert_written_as_built(updated)
    record = json.loads((current_path(updated) / SOURCES).read_text(encoding="utf-8"))
    assert record["sources"] == [str(first.resolve())] and record["added"] == [str(added.resolve())]
    assert record["resolutions"] == 14 and record["removed"] == []


# With one process the records and series are written in this one; with two, in a forked process.
@pytest.mark.parametrize("procs", [1, 2])
def test_removing_symbols_gives_the_index_a_rebuild_without_them_gives(collection, tmp_path, procs):
    first, added = collection
    rebuilt = tmp_path / "rebuilt"
    build_index([first], rebuilt)
    updated = tmp_path / "updated"
    build_index([first, added], updated)
    # As people type them: case, spaces, a Council number with or without its year.
    before = arrays.computed
    report = update_index(updated, remove=["a/res/80/218", "S/RES/2771 (2025)", "s/res/1820", "2 (1946)",
                                           "E/RES/2021/13", "E/RES/2023/2"], procs=procs)
    assert report.removed == ["A/RES/80/218", "S/RES/2771 (2025)", "S/RES/1820 (2008)", "S/RES/2 (1946)",
                              "E/RES/2021/13", "E/RES/2023/2"]
    assert arrays.computed == before and report.recomputed == []
    assert {"records", "resolutions", "series", "arrays", "wording.fr", "spans.fr", "wording.en", "spans.en"} <= set(
        report.steps)
    snap = snapshot(updated)
    assert snap["totals"] is not None  # the deleted documents' lengths taken out of Whoosh's totals
    assert_same(snap, snapshot(rebuilt))
    assert_written_as_built(updated)
    record = json.loads((current_path(updated) / SOURCES).read_text(encoding="utf-8"))
    assert record["resolutions"] == 8 and record["removed"] == report.removed and "added" in record


def test_a_file_of_an_indexed_symbol_replaces_it(collection, tmp_path):
    first, _ = collection
    corrected = tmp_path / "z-corrected"  # read after the rest in a rebuild, as an added file is
    corrected.mkdir()
    text = (first / "S_RES_737_1992.fr.txt").read_text(encoding="utf-8")
    assert "Conseil de sécurité" in text
    (corrected / "S_RES_737_1992.fr.txt").write_text(text.replace("Conseil de sécurité", "Conseil de paix"),
                                                     encoding="utf-8")
    rebuilt_sources = tmp_path / "rest"
    shutil.copytree(first, rebuilt_sources)
    (rebuilt_sources / "S_RES_737_1992.fr.txt").unlink()
    rebuilt = tmp_path / "rebuilt"
    build_index([rebuilt_sources, corrected], rebuilt)
    updated = tmp_path / "updated"
    build_index([first], updated)
    before = arrays.computed
    report = update_index(updated, [corrected / "S_RES_737_1992.fr.txt"])
    assert arrays.computed == before
    assert report.replaced == ["S/RES/737 (1992)"] and report.added == []
    mine, theirs = snapshot(updated), snapshot(rebuilt)
    for meta in (*mine["resolutions"].values(), *theirs["resolutions"].values()):
        # The same files in two folders (the rebuild's without the replaced file).
        meta["source"] = Path(meta["source"]).name
        if meta["english"]:
            meta["english"]["source"] = Path(meta["english"]["source"]).name
    assert_same(mine, theirs)
    assert_written_as_built(updated)


def test_an_english_file_pairs_with_the_indexed_french_text(collection, tmp_path):
    first, _ = collection
    english = tmp_path / "english"
    english.mkdir()
    shutil.move(first / "S_RES_2723-2401650E.xml", english / "S_RES_2723-2401650E.xml")
    rebuilt = tmp_path / "rebuilt"
    build_index([first, english], rebuilt)
    updated = tmp_path / "updated"
    build_index([first], updated)
    report = update_index(updated, [english])
    assert report.replaced == report.added == [] and report.english_files == 1
    assert_same(snapshot(updated), snapshot(rebuilt))
    assert_written_as_built(updated)


def test_an_unknown_symbol_changes_nothing(collection, tmp_path):
    first, added = collection
    updated = tmp_path / "updated"
    build_index([first], updated)
    before = current_generation(updated)
    with pytest.raises(ResoluError) as err:
        update_index(updated, [added], remove=["A/RES/80/1"])
    assert str(err.value) == "« A/RES/80/1 » : aucune résolution de cette cote dans l'index ; rien n'a été modifié"
    assert current_generation(updated) == before
    assert [p.name for p in updated.iterdir() if p.name.startswith(".gen-")] == []


def test_a_worker_maps_the_arrays_of_an_updated_generation_and_refuses_another_format(collection, tmp_path):
    first, added = collection
    updated = tmp_path / "updated"
    build_index([first], updated)
    update_index(updated, [added])
    before = arrays.computed
    engine = Engine(updated)
    try:
        assert engine.search("sécurité").total > 0
        assert engine.arrays_mapped is True
        assert arrays.computed == before
    finally:
        engine.close()
    manifest = current_path(updated) / arrays.ARRAYS / arrays.MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "format": arrays.ARRAYS_FORMAT + 1}), encoding="utf-8")
    engine = Engine(updated)
    try:
        with pytest.raises(arrays.ArraysFormatError) as err:
            engine.search("sécurité")
    finally:
        engine.close()
    assert "écrits par une version postérieure de resolu" in str(err.value)
    assert arrays.computed == before


def test_data_extract_records_among_the_added_files_are_merged_as_a_rebuild_merges_them(collection, tmp_path):
    first, _ = collection
    added = tmp_path / "b"
    shutil.rmtree(added)
    shutil.copytree(DATA / "sc-extract", added)
    rebuilt = tmp_path / "rebuilt"
    build_index([first, added], rebuilt)
    updated = tmp_path / "updated"
    build_index([first], updated)
    report = update_index(updated, [added])
    assert report.added == ["S/RES/1593 (2005)"]
    mine = snapshot(updated)
    assert mine["resolutions"]["S/RES/1593 (2005)"]["vote"]["abstaining"] == [
        "Algérie", "Brésil", "Chine", "États-Unis d'Amérique"]
    assert_same(mine, snapshot(rebuilt))
    assert_written_as_built(updated)


def test_a_failed_update_leaves_the_live_generation_and_no_half_written_one(collection, tmp_path, monkeypatch):
    import indexer.store.update as update

    first, added = collection
    updated = tmp_path / "updated"
    build_index([first], updated)
    before = current_generation(updated)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(update, "write_series", broken)
    with pytest.raises(ResoluError) as err:
        update_index(updated, [added])
    assert str(err.value) == f"écriture impossible dans {updated} (No space left on device) : index précédent conservé"
    assert current_generation(updated) == before
    assert sorted(p.name for p in updated.iterdir() if p.name.startswith((".gen-", "gen-"))) == [before]


def test_a_second_update_at_once_is_refused_in_french(collection, tmp_path):
    import fcntl

    from indexer.store.update import LOCK

    first, added = collection
    updated = tmp_path / "updated"
    build_index([first], updated)
    with open(updated / LOCK, "a", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ResoluError) as err:
            update_index(updated, [added])
    assert str(err.value) == (f"une autre mise à jour de {updated} est en cours : réessayez quand elle sera finie ; "
                              "rien n'a été modifié")
