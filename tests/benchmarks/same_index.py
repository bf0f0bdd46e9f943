"""Tell whether two builds wrote the same index: segments, stored records, postings and every derived table.

Run ``python -m tests.benchmarks.same_index OLD_INDEX NEW_INDEX`` (index folders or generation folders)
after building the same sources with two versions of the build. It compares, generation against
generation:

- the Whoosh segments in table-of-contents order: document counts, deleted documents, and each
  segment file byte for byte (files are matched by their suffix; segment names are random); where
  bytes differ it says which field's terms, postings or stored records differ;
- ``resolutions.json``, ``vocabulary.json``, ``words.json``, ``warnings.tsv``, ``sources.json`` (sources only),
  ``format.json``, ``series.json`` (its timings apart);
- the search arrays (``arrays/``) and the wording tables (``wording/``, ``wording-en/``): every
  ``.npy`` array and JSON file.

It prints one line per difference and ``same index`` or ``N differences``; the exit status is
0 when the indexes are the same.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

# series.json's stats hold the seconds each step took: they differ between any two builds.
TIMINGS = ("detect_seconds", "align_seconds", "read_seconds")


def generation(path: str | Path) -> Path:
    """Return the generation folder of an index folder (or the folder itself if it is one)."""
    path = Path(path)
    current = path / "CURRENT"
    if current.exists():
        return path / current.read_text(encoding="utf-8").strip()
    return path


def _json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _toc(gen: Path) -> tuple[Any, list[Any]]:
    from whoosh import index

    ix = index.open_dir(str(gen))
    return ix, ix._segments()


def compare_segments(old: Path, new: Path, out: list[str]) -> None:
    """Compare the Whoosh segments of two generations, file by file, then record by record where they differ."""
    old_ix, old_segments = _toc(old)
    new_ix, new_segments = _toc(new)
    if len(old_segments) != len(new_segments):
        out.append(f"segments: {len(old_segments)} → {len(new_segments)}")
    for i, (a, b) in enumerate(zip(old_segments, new_segments, strict=False)):
        if a.doc_count_all() != b.doc_count_all():
            out.append(f"segment {i}: {a.doc_count_all()} → {b.doc_count_all()} documents")
        if sorted(a.deleted_docs()) != sorted(b.deleted_docs()):
            out.append(f"segment {i}: deleted documents differ")
        files_a = {name[len(a.make_filename("")):]: name for name in old_ix.storage.list()
                   if name.startswith(a.make_filename(""))}
        files_b = {name[len(b.make_filename("")):]: name for name in new_ix.storage.list()
                   if name.startswith(b.make_filename(""))}
        if sorted(files_a) != sorted(files_b):
            out.append(f"segment {i}: files {sorted(files_a)} → {sorted(files_b)}")
        for suffix in sorted(set(files_a) & set(files_b)):
            if not filecmp.cmp(old / files_a[suffix], new / files_b[suffix], shallow=False):
                out.append(f"segment {i}: {suffix} differs")
        # The flat postings written beside the segment (indexer/store/term_postings.py).
        for suffix in (".ids.u32", ".tfs.f32", ".starts.i64", ".terms.json"):
            flat_a = old / "postings" / f"{a.segment_id()}{suffix}"
            flat_b = new / "postings" / f"{b.segment_id()}{suffix}"
            if flat_a.exists() != flat_b.exists():
                out.append(f"segment {i}: postings/{suffix} in one index only")
            elif flat_a.exists() and not filecmp.cmp(flat_a, flat_b, shallow=False):
                out.append(f"segment {i}: postings/{suffix} differs")
    # Analyzers compare by identity: the schemas are compared by their pickles (what the TOC holds).
    if pickle.dumps(old_ix.schema) != pickle.dumps(new_ix.schema):
        out.append("schema differs")
    if out:
        _compare_records(old_ix, new_ix, out)


def _compare_records(old_ix: Any, new_ix: Any, out: list[str]) -> None:
    """Say which stored records, field lengths, terms or postings differ (when segment bytes do)."""
    with old_ix.reader() as a, new_ix.reader() as b:
        if a.doc_count_all() != b.doc_count_all():
            out.append(f"documents: {a.doc_count_all()} → {b.doc_count_all()}")
            return
        stored = sum(x != y for x, y in zip(a.iter_docs(), b.iter_docs(), strict=True))
        if stored:
            out.append(f"{stored} stored records differ")
        for field in a.schema.scorable_names():
            if any(a.doc_field_length(d, field) != b.doc_field_length(d, field) for d in range(a.doc_count_all())):
                out.append(f"field lengths of {field} differ")
        for field in a.schema.names():
            if not a.schema[field].indexed:
                continue
            terms_a, terms_b = list(a.lexicon(field)), list(b.lexicon(field))
            if terms_a != terms_b:
                first = next(((x, y) for x, y in zip(terms_a, terms_b, strict=False) if x != y), "at the end")
                out.append(f"terms of {field}: {len(terms_a)} → {len(terms_b)}, first difference {first}")
                continue
            differ = 0
            for term in terms_a:
                ma, mb = a.postings(field, term), b.postings(field, term)
                if list(ma.items_as("weight")) != list(mb.items_as("weight")):
                    differ += 1
                    continue
                ma, mb = a.postings(field, term), b.postings(field, term)
                if list(ma.all_items()) != list(mb.all_items()):
                    differ += 1
            if differ:
                out.append(f"postings of {differ} terms of {field} differ")


def compare_files(old: Path, new: Path, out: list[str]) -> None:
    """Compare the files a build writes beside the segments."""
    for name in ("resolutions.json", "vocabulary.json", "words.json", "format.json"):
        if (old / name).exists() != (new / name).exists():
            out.append(f"{name} in one index only")
        elif (old / name).exists() and _json(old / name) != _json(new / name):
            out.append(f"{name} differs")
    if (old / "warnings.tsv").read_bytes() != (new / "warnings.tsv").read_bytes():
        out.append("warnings.tsv differs")
    _compare_manifests(old, new, out)
    for folder in ("arrays", "wording", "wording-en", "spans", "spans-en"):
        _compare_folder(old / folder, new / folder, folder, out)


def _compare_manifests(old: Path, new: Path, out: list[str]) -> None:
    """Compare sources.json (its build time apart) and series.json (its timings apart), key by key."""
    a, b = _json(old / "sources.json"), _json(new / "sources.json")
    for key in set(a) | set(b):
        if key != "built" and a.get(key) != b.get(key):
            out.append(f"sources.json: {key} differs")
    a, b = _json(old / "series.json"), _json(new / "series.json")
    for data in (a, b):
        for key in TIMINGS:
            data.get("stats", {}).pop(key, None)
    for key in set(a) | set(b):
        if a.get(key) != b.get(key):
            out.append(f"series.json: {key} differs")


def _compare_folder(old: Path, new: Path, folder: str, out: list[str]) -> None:
    """Compare a folder of tables: the same files, every ``.npy`` array and JSON file equal."""
    names_a = sorted(p.name for p in old.iterdir())
    names_b = sorted(p.name for p in new.iterdir())
    if names_a != names_b:
        out.append(f"{folder}/: files {names_a} → {names_b}")
    for name in sorted(set(names_a) & set(names_b)):
        if name.endswith(".npy"):
            x, y = np.load(old / name), np.load(new / name)
            if x.dtype != y.dtype or x.shape != y.shape or not np.array_equal(x, y):
                out.append(f"{folder}/{name} differs ({x.dtype}{x.shape} → {y.dtype}{y.shape})")
        elif _json(old / name) != _json(new / name):
            out.append(f"{folder}/{name} differs")


def compare(old: str | Path, new: str | Path) -> list[str]:
    """Return the differences between two indexes (empty when they are the same)."""
    old, new = generation(old), generation(new)
    out: list[str] = []
    compare_files(old, new, out)
    compare_segments(old, new, out)
    return out


def main() -> int:
    """Compare two indexes given on the command line and print the differences."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.same_index")
    parser.add_argument("old")
    parser.add_argument("new")
    args = parser.parse_args()
    differences = compare(args.old, args.new)
    for line in differences:
        print(line)
    print("same index" if not differences else f"{len(differences)} differences")
    return 0 if not differences else 1


if __name__ == "__main__":
    sys.exit(main())
