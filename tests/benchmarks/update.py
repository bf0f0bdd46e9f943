"""Time resolu index --add / --remove (issue 27: 20 resolutions in at most 5 s on the default collection).

    python -m tests.benchmarks.update --index /tmp/defidx [--files 20] [--source DIR] [--verify]

The index is copied first into tests/benchmarks/out/update-index, then updated three times
with the same files: added over themselves (each replaces its indexed
version), removed by symbol, added again (new). Each line prints the
seconds of the whole update (and its processor seconds, workers included) and of its steps. The index must be one this
version of resolu wrote (format, word counts, series similarities, wording
keys): an older one is updated too, but its tables are computed again in full.
With ``--verify``, the tables the updates wrote (search arrays, wording
clusters, span index, series, the records' pickle) are then compared with those computed in full from the
updated index (minutes).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import time
from pathlib import Path

from indexer.sources.read import parse_path
from indexer.store.update import update_index

OUT = Path(__file__).parent / "out"
SOURCE = Path(__file__).resolve().parents[2].parent / "shared/corpus/akn4un/general-assembly/79session/French"


def main() -> None:
    """Copy the index, run the three updates, print their times."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, type=Path, help="index folder (copied, never written)")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of French AKN files")
    parser.add_argument("--verify", action="store_true", help="compare the tables with a full computation")
    args = parser.parse_args()
    work = OUT / "update-index"
    shutil.rmtree(work, ignore_errors=True)
    work.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(args.index), str(work)], check=True)
    files = sorted(args.source.glob("*.xml"))[: args.files]
    folder = OUT / "update-files"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    symbols = [parse_path(f).symbol for f in files]
    for label, kwargs in (("--add (remplacement)", {"add": [folder]}), ("--remove", {"remove": symbols}),
                          ("--add (nouvelles)", {"add": [folder]})):
        started, cpu = time.perf_counter(), _cpu()
        report = update_index(work, **kwargs)
        seconds, used = time.perf_counter() - started, _cpu() - cpu
        print(f"{label:<22} {len(files)} résolutions : {seconds:.2f} s ({used:.2f} s de processeur, "
              f"travailleurs compris) ; étapes {report.steps} ; recalculé en entier : {report.recomputed or 'rien'}",
              flush=True)
    if args.verify:
        verify(work)


def verify(index_dir: Path) -> None:
    """Print whether the updated generation's tables equal those computed in full from its index."""
    import json

    import numpy as np
    from whoosh import index

    from indexer.store.arrays import compute_arrays, read_arrays
    from indexer.store.layout import RESOLUTIONS, current_path
    from indexer.store.series import _candidates, build_series, paragraph_texts
    from indexer.store.wording import load, rows_by_language
    from indexer.wording.tables import build_tables

    generation = current_path(index_dir)
    resolutions = json.loads((generation / RESOLUTIONS).read_text(encoding="utf-8"))
    ix = index.open_dir(str(generation))
    mapped = read_arrays(generation)
    with ix.searcher() as searcher:
        full = compute_arrays(searcher.reader(), resolutions)
        paragraphs = paragraph_texts(searcher, _candidates(resolutions))
    live = np.flatnonzero(full.live)
    same = {
        "live, seq": np.array_equal(mapped.live, full.live) and np.array_equal(mapped.seq, full.seq),
        "lengths": all(np.array_equal(mapped.lengths[f], full.lengths[f]) for f in full.lengths),
        "facets": mapped.values == full.values and all(
            np.array_equal(mapped.pair_docs[n], full.pair_docs[n])
            and np.array_equal(mapped.pair_vals[n], full.pair_vals[n]) for n in full.pair_docs),
        "resolution, english": all(np.array_equal(getattr(mapped, k)[live], getattr(full, k)[live])
                                   for k in ("doc_res", "english", "pair")),
        "totals": mapped.totals == full.totals,
        "forms": {k: [tuple(p) for p in v] for k, v in mapped.forms.items()}
        == {k: [tuple(p) for p in v] for k, v in full.forms.items()},
    }
    print(f"tableaux de recherche identiques : {same}", flush=True)
    with ix.reader() as reader:
        rows = rows_by_language(reader, resolutions)
    for lang in ("fr", "en"):
        mine, theirs = _clusters(load(generation, lang)), _clusters(build_tables(rows[lang]))
        print(f"groupes de libellés ({lang}) identiques : {mine == theirs} ({len(theirs)} groupes)", flush=True)
    from indexer.store import spans
    from indexer.store.records import read_resolutions
    from indexer.wording.spans import build_span_index

    pickled = read_resolutions(generation)
    same_records = pickled == resolutions and list(pickled) == list(resolutions)
    print(f"notices des résolutions (pickle et JSON) identiques : {same_records}", flush=True)

    for lang in ("fr", "en"):
        written, built = spans.load(generation, lang), build_span_index(load(generation, lang))
        same_spans = all(np.array_equal(np.asarray(getattr(written, k)), getattr(built, k))
                         for k in ("keys", "positions", "wording_rows", "wording_start"))
        print(f"index des passages ({lang}) identique : {same_spans} ({len(built.keys)} passages)", flush=True)
    series = build_series(resolutions, paragraphs)
    written = json.loads((generation / "series.json").read_text(encoding="utf-8"))
    series.pop("stats"), written.pop("stats")
    print(f"séries identiques : {series == written}", flush=True)
    ix.close()


def _clusters(tables: object) -> set[tuple[object, ...]]:
    """Return each cluster's rows (symbol, anchor), earliest row and counts."""
    groups: dict[int, list[tuple[str, str]]] = {}
    for row in range(len(tables.row_docnum)):  # type: ignore[attr-defined]
        number = tables.cluster_of_row(row)  # type: ignore[attr-defined]
        if number >= 0:
            groups.setdefault(number, []).append((tables.symbols[tables.row_symbol[row]],  # type: ignore[attr-defined]
                                                  tables.anchors[row]))  # type: ignore[attr-defined]
    out = set()
    for number, members in groups.items():
        first = int(tables.cluster_earliest[number])  # type: ignore[attr-defined]
        out.add((tuple(sorted(members)), tables.symbols[tables.row_symbol[first]],  # type: ignore[attr-defined]
                 tables.anchors[first], int(tables.cluster_paragraphs[number]),  # type: ignore[attr-defined]
                 int(tables.cluster_resolutions[number])))  # type: ignore[attr-defined]
    return out


def _cpu() -> float:
    """Return the processor seconds of this process and of its finished workers (less noisy than the wall clock
    on a shared machine)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
