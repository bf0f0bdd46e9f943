"""Write and read the wording tables beside an index generation (folders ``wording/`` and ``wording-en/``).

The tables (:mod:`indexer.wording.tables`) are built from the stored text of
every live paragraph once the segments are written, and saved as ``.npy``
arrays, read back memory-mapped, and a JSON file of words, symbols and anchors.
The French tables (``wording/``) hold every paragraph's French text; the
English ones (``wording-en/``, index format 8) the paragraphs that have an
English version (``text_en``), so that an English draft is compared with
English wording and answered with the official French of the same paragraph
(same Whoosh document number).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from indexer.errors import IndexMissingError
from indexer.french_text import is_english_only
from indexer.store.record_types import ResolutionRecord
from indexer.wording.tables import NO_DATE, Row, Tables, build_tables, update_tables

WORDING = "wording"
# Folder of the wording tables of each language the finder reads.
FOLDERS = {"fr": WORDING, "en": "wording-en"}
# The stored record's field holding each language's text.
TEXT_FIELDS = {"fr": "text", "en": "text_en"}
NAMES = "names.json"
_LISTS = ("words", "symbols", "anchors")


def rows_of(reader: Any, resolutions: Mapping[str, ResolutionRecord], lang: str = "fr") -> list[Row]:
    """Return the live paragraphs of an index reader as rows, in document order, with their text in ``lang``."""
    return rows_by_language(reader, resolutions, (lang,))[lang]


def rows_by_language(reader: Any, resolutions: Mapping[str, ResolutionRecord],
                     languages: tuple[str, ...] = tuple(FOLDERS)) -> dict[str, list[Row]]:
    """Return, for each language, the live paragraphs as rows in document order (one pass over the stored records).

    In English only the paragraphs with an English version are rows: the
    others have nothing to compare an English draft with.
    """
    rows: dict[str, list[Row]] = {lang: [] for lang in languages}
    seq = list(reader.column_reader("seq")) if reader.has_column("seq") else None
    for docnum, stored in reader.iter_docs():
        data = json.loads(stored["data"])
        meta: Mapping[str, Any] = resolutions.get(stored["symbol"], {})
        adopted = meta.get("adopted")
        date = int(adopted.replace("-", "")) if adopted else NO_DATE
        # A resolution held in English only has no French text to give back for an English draft.
        only = is_english_only(meta)
        for lang in languages:
            text = data.get(TEXT_FIELDS[lang]) or ""
            if lang == "fr" or (text.strip() and not only):
                rows[lang].append(Row(docnum, stored["symbol"], stored["anchor"], text, date,
                                      seq[docnum] if seq is not None else docnum))
    return rows


def write_wording(generation_dir: Path, ix: Any, resolutions: Mapping[str, ResolutionRecord],
                  languages: tuple[str, ...] = tuple(FOLDERS)) -> dict[str, Tables]:
    """Build the wording tables of each language of an index being written and save them in its folder."""
    with ix.reader() as reader:
        rows = rows_by_language(reader, resolutions, languages)
    built = {}
    for lang in languages:
        built[lang] = build_tables(rows.pop(lang))
        save(built[lang], Path(generation_dir) / FOLDERS[lang])
    return built


def update_wording(generation_dir: Path, previous_dir: Path, reader: Any, resolutions: Mapping[str, ResolutionRecord],
                   live: np.ndarray, seq: np.ndarray, first_new: int,
                   languages: tuple[str, ...] = tuple(FOLDERS)) -> dict[str, np.ndarray] | None:
    """Write an updated generation's wording tables from the previous generation's (store/update.py).

    The previous rows of live documents are kept, the documents from
    ``first_new`` on (the update's segment) added, and only the clusters a
    change reaches formed again (:func:`indexer.wording.tables.update_tables`).
    Returns each language's previous wordings kept (the new tables' first
    ones, for :func:`indexer.store.spans.update_all_spans`), or None, writing
    nothing, where the previous tables cannot be read.
    """
    try:
        previous = {lang: load(previous_dir, lang) for lang in languages}
    except IndexMissingError:
        return None
    new_rows: dict[str, list[Row]] = {lang: [] for lang in languages}
    for docnum in range(first_new, reader.doc_count_all()):
        if not live[docnum]:
            continue
        stored = reader.stored_fields(docnum)
        data = json.loads(stored["data"])
        meta: Mapping[str, Any] = resolutions.get(stored["symbol"], {})
        adopted = meta.get("adopted")
        date = int(adopted.replace("-", "")) if adopted else NO_DATE
        # As rows_by_language takes them: no English row for a resolution held in English only.
        only = is_english_only(meta)
        for lang in languages:
            text = data.get(TEXT_FIELDS[lang]) or ""
            if lang == "fr" or (text.strip() and not only):
                new_rows[lang].append(Row(docnum, stored["symbol"], stored["anchor"], text, date, int(seq[docnum])))
    kept = {}
    for lang in languages:
        old = previous[lang]
        docnums = np.asarray(old.row_docnum)
        tables, kept[lang] = update_tables(old, live[docnums], seq[docnums], new_rows[lang])
        save(tables, Path(generation_dir) / FOLDERS[lang])
    return kept


def save(tables: Tables, folder: Path) -> None:
    """Save wording tables in a folder."""
    folder.mkdir(exist_ok=True)
    for f in fields(tables):
        if f.name not in _LISTS:
            np.save(folder / f"{f.name}.npy", getattr(tables, f.name), allow_pickle=False)
    with open(folder / NAMES, "w", encoding="utf-8") as out:
        out.write(json.dumps({name: list(getattr(tables, name)) for name in _LISTS}, ensure_ascii=False))


def load(generation_dir: str | Path, lang: str = "fr") -> Tables:
    """Read the wording tables of one language of a generation (arrays memory-mapped)."""
    folder = Path(generation_dir) / FOLDERS[lang]
    try:
        with open(folder / NAMES, encoding="utf-8") as f:
            names = json.load(f)
        # Plain read-only views of the mappings, as store/arrays.py: indexing a np.memmap costs a
        # Python call per access, and every hit of a search reads its row and cluster (issue 27).
        arrays = {f.name: np.asarray(np.load(folder / f"{f.name}.npy", mmap_mode="r", allow_pickle=False))
                  for f in fields(Tables) if f.name not in _LISTS}
    except (OSError, ValueError) as exc:
        raise IndexMissingError(f"tables de libellés absentes ou illisibles dans {folder} ({exc}) : "
                                "reconstruisez l'index") from None
    return Tables(**arrays, **{name: tuple(names[name]) for name in _LISTS})
