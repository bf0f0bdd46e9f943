"""Write and read the span index beside an index generation (folders ``spans/`` and ``spans-en/``, issue 26).

The span index (:mod:`indexer.wording.spans`) of each language is built from
that language's wording tables once they are written, saved as ``.npy``
arrays and read back memory-mapped, like the wording tables
(:mod:`indexer.store.wording`). The English one lets an English draft be
checked against the English paragraphs and answered with the official French.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path

import numpy as np

from indexer.errors import IndexMissingError
from indexer.store.layout import FORMAT, FORMAT_VERSION, current_path
from indexer.store.wording import load as load_wording
from indexer.wording.spans import K, SpanIndex, build_span_index, update_span_index
from indexer.wording.tables import Tables

SPANS = "spans"
# Folder of the span index of each language's wording tables.
FOLDERS = {"fr": SPANS, "en": "spans-en"}
META = "spans.json"


def write_spans(generation_dir: Path, tables: Tables, lang: str = "fr") -> SpanIndex:
    """Build the span index of a generation's wording tables in ``lang`` and save it in its folder."""
    index = build_span_index(tables)
    save(index, Path(generation_dir) / FOLDERS[lang])
    return index


def save(index: SpanIndex, folder: Path) -> None:
    """Save a span index in a folder."""
    folder.mkdir(exist_ok=True)
    for f in fields(index):
        np.save(folder / f"{f.name}.npy", getattr(index, f.name), allow_pickle=False)
    with open(folder / META, "w", encoding="utf-8") as out:
        json.dump({"k": K, "shingles": len(index.keys)}, out)


def load(generation_dir: str | Path, lang: str = "fr") -> SpanIndex:
    """Read the span index of one language of a generation (arrays memory-mapped)."""
    folder = Path(generation_dir) / FOLDERS[lang]
    try:
        with open(folder / META, encoding="utf-8") as f:
            k = int(json.load(f)["k"])
        arrays = {f.name: np.load(folder / f"{f.name}.npy", mmap_mode="r", allow_pickle=False)
                  for f in fields(SpanIndex)}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexMissingError(f"index des passages absent ou illisible dans {folder} ({exc}) : "
                                "reconstruisez l'index") from None
    if k != K:
        raise IndexMissingError(f"index des passages de {folder} en passages de {k} mots, {K} attendus : "
                                "reconstruisez l'index")
    return SpanIndex(**arrays)


def add_spans(index_dir: str | Path) -> Path:
    """Add the span index to the live generation of a format-9 index, built just before it existed.

    Nothing else of a format-9 generation differs from format 10: the
    generation is then marked format 10 (used by the benchmark on a copy of a
    built default index, rather than rebuild it). An older generation (format
    8: wording signatures made otherwise) is refused: rebuild it.
    """
    generation = current_path(index_dir)
    if not (generation / "wording" / "word_keys.npy").exists():
        raise IndexMissingError(f"{generation} : index antérieur au format 9 (tables de libellés d'une autre "
                                "forme) : reconstruisez-le avec « resolu index »")
    write_all_spans(generation)
    with open(generation / FORMAT, "w", encoding="utf-8") as f:
        json.dump({"format": FORMAT_VERSION}, f)
    return generation


def write_all_spans(generation_dir: Path, languages: tuple[str, ...] = tuple(FOLDERS)) -> None:
    """Build the span index of every language (of ``languages``) whose wording tables the generation holds."""
    for lang in languages:
        try:
            tables = load_wording(generation_dir, lang)
        except IndexMissingError:
            continue  # no English wording tables (an index without English versions)
        write_spans(generation_dir, tables, lang)


def update_all_spans(generation_dir: Path, previous_dir: Path, kept: Mapping[str, np.ndarray],
                     languages: tuple[str, ...] = tuple(FOLDERS)) -> list[str]:
    """Write an updated generation's span index of each language from the previous generation's (store/update.py).

    ``kept``: each language's previous wordings kept by the update of its
    wording tables (:func:`indexer.store.wording.update_wording`). The span
    index is what :func:`build_span_index` gives the updated tables
    (:func:`indexer.wording.spans.update_span_index`); a language whose
    previous span index or tables cannot be read has its own built whole.
    Returns the languages (of ``languages``) built whole.
    """
    whole = []
    for lang in languages:
        try:
            tables = load_wording(generation_dir, lang)
        except IndexMissingError:
            continue  # no English wording tables (an index without English versions)
        try:
            old_offsets = load_wording(previous_dir, lang).offsets
            old = load(previous_dir, lang)
        except IndexMissingError:
            old = None
        if old is None or lang not in kept:
            whole.append(lang)
            write_spans(generation_dir, tables, lang)
            continue
        save(update_span_index(old, old_offsets, tables, kept[lang]), Path(generation_dir) / FOLDERS[lang])
    return whole
