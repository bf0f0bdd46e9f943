"""Write and read the wording tables beside an index generation (folder ``wording/``).

The tables (:mod:`indexer.similar.tables`) are built from the stored text of
every live paragraph once the segments are written, and saved as ``.npy``
arrays, read back memory-mapped, and a JSON file of words, symbols and anchors.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from indexer.errors import IndexMissingError
from indexer.similar.tables import NO_DATE, Row, Tables, build_tables

WORDING = "wording"
NAMES = "names.json"
_LISTS = ("words", "symbols", "anchors")


def rows_of(reader: Any, resolutions: dict[str, dict[str, Any]]) -> list[Row]:
    """Return the live paragraphs of an index reader as rows, in document order."""
    rows = []
    for docnum, stored in reader.iter_docs():
        adopted = resolutions.get(stored["symbol"], {}).get("adopted")
        date = int(adopted.replace("-", "")) if adopted else NO_DATE
        rows.append(Row(docnum, stored["symbol"], stored["anchor"], json.loads(stored["data"])["text"], date))
    return rows


def write_wording(generation_dir: Path, ix: Any, resolutions: dict[str, dict[str, Any]]) -> Tables:
    """Build the wording tables of an index being written and save them in its folder."""
    with ix.reader() as reader:
        rows = rows_of(reader, resolutions)
    tables = build_tables(rows)
    del rows
    save(tables, Path(generation_dir) / WORDING)
    return tables


def save(tables: Tables, folder: Path) -> None:
    """Save wording tables in a folder."""
    folder.mkdir(exist_ok=True)
    for f in fields(tables):
        if f.name not in _LISTS:
            np.save(folder / f"{f.name}.npy", getattr(tables, f.name), allow_pickle=False)
    with open(folder / NAMES, "w", encoding="utf-8") as out:
        json.dump({name: list(getattr(tables, name)) for name in _LISTS}, out, ensure_ascii=False)


def load(generation_dir: str | Path) -> Tables:
    """Read the wording tables of a generation (arrays memory-mapped)."""
    folder = Path(generation_dir) / WORDING
    try:
        with open(folder / NAMES, encoding="utf-8") as f:
            names = json.load(f)
        arrays = {f.name: np.load(folder / f"{f.name}.npy", mmap_mode="r", allow_pickle=False)
                  for f in fields(Tables) if f.name not in _LISTS}
    except (OSError, ValueError) as exc:
        raise IndexMissingError(f"tables de libellés absentes ou illisibles dans {folder} ({exc}) : "
                                "reconstruisez l'index") from None
    return Tables(**arrays, **{name: tuple(names[name]) for name in _LISTS})
