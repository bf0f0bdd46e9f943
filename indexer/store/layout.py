"""Lay out an index folder on disk: generations, the CURRENT pointer, the files beside each index.

An index folder holds generations (``gen-…``) and a ``CURRENT`` file naming
the live one. A build writes a new generation beside the live one and then
replaces ``CURRENT`` in one ``os.replace``: readers see either the old or the
new index, never a half-written one, and a failed build leaves the previous
index untouched. The generation before the live one is kept so that readers
still holding it open keep working; older ones are removed.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer.errors import IndexFormatError, IndexMissingError, ResoluError

CURRENT = "CURRENT"


RESOLUTIONS = "resolutions.json"
# The same metadata pickled, each repeated string once, for the web workers' start (records.read_resolutions):
# 0.1 s to read instead of 0.5 s. Written beside the JSON, which stays the reference (and is checked against).
RESOLUTIONS_PICKLE = "resolutions.pickle"


WARNINGS = "warnings.tsv"


VOCABULARY = "vocabulary.json"
# The format of a generation, written beside it. Raise FORMAT_VERSION whenever
# an older generation can no longer be read as it is: a changed schema, stored
# record or file beside the index, or a moved analyzer (Whoosh pickles the
# analyzer by module path). Format 1 is every generation written before the
# number existed (no format file): its analyzer was pickled as indexer.analysis.
# Format 5: the light field keeps accents ("traite" and "traité" apart).
# Format 6: the English paragraph (text_en, English analyzer) beside the French one.
FORMAT = "format.json"
# Format 7: the search arrays (facet pairs, lengths, order, light forms) in arrays/, memory-mapped.
# Format 8: the English wording tables (wording-en/) for English drafts in the agreed-language finder.
# Format 9: wording signatures made of word keys (a hash of each word, wording/word_keys.npy), cluster
# leaders chosen by a hash of their words: the same in an updated index as in a rebuild.
# Format 10: also the span indexes (spans/, spans-en/) of the whole-draft check (issue 26).
# Format 11: the French analysis gives other terms (plurals in -ts and -ions take their singular's term,
# lemmas famille/familial, armement/arme, déminage/mine, lieu/lieux…): an older generation would answer
# « conflits » with the singular's paragraphs only, silently, so it is rebuilt instead (issue 25).
# Format 12: each segment's text-field postings (document numbers, frequencies) written flat beside it
# (MAIN_….postings_*, store/term_postings.py) and memory-mapped by the searches (issue 27).
FORMAT_VERSION = 12
# What a generation was built from (the source paths as given, resolved), so that a
# stale index is rebuilt from the same sources and never replaced by a smaller one.
SOURCES = "sources.json"


def new_generation_name(index_dir: Path) -> str:
    """Return a fresh, time-ordered generation name not used in index_dir."""
    while True:
        name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
        if not (index_dir / name).exists() and not (index_dir / f".{name}.tmp").exists():
            return name


@contextmanager
def new_generation(index_dir: Path) -> Iterator[tuple[Path, str]]:
    """Yield the temporary folder and name of a new generation; make it current when the block succeeds.

    The build and the incremental update both write a generation this way:
    a failure removes the temporary folder and leaves the live generation
    current; an OSError (a full disk, a read-only folder) is said in French.
    """
    generation = new_generation_name(index_dir)
    tmp = index_dir / f".{generation}.tmp"
    try:
        yield tmp, generation
        tmp.rename(index_dir / generation)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ResoluError(f"écriture impossible dans {index_dir} ({exc.strerror or exc}) : "
                          "index précédent conservé") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    make_current(index_dir, generation)


def make_current(index_dir: Path, generation: str) -> None:
    """Point CURRENT at a generation atomically, then prune old generations."""
    previous = current_generation(index_dir, missing_ok=True)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(generation + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)
    keep = {generation, previous}
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def current_generation(index_dir: str | Path, missing_ok: bool = False) -> str | None:
    """Return the name of the live generation of an index folder."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    if name and (Path(index_dir) / name).is_dir():
        return name
    if missing_ok:
        return None
    raise IndexMissingError(
        f"aucun index dans {index_dir} : lancez d'abord « resolu index » (ou « resolu serve »)"
    )


def current_path(index_dir: str | Path) -> Path:
    """Return the folder of the live generation of an index."""
    return Path(index_dir) / str(current_generation(index_dir))


def built_at(index_dir: str | Path) -> float | None:
    """Return when the live index was made current (seconds since the epoch)."""
    try:
        return (Path(index_dir) / CURRENT).stat().st_mtime
    except OSError:
        return None


def write_format(generation_dir: Path) -> None:
    """Record in a generation being written the format it is written in."""
    with open(generation_dir / FORMAT, "w", encoding="utf-8") as f:
        json.dump({"format": FORMAT_VERSION}, f)


def generation_format(generation_dir: str | Path) -> int:
    """Return the format a generation was written in (1 if it predates format files)."""
    try:
        with open(Path(generation_dir) / FORMAT, encoding="utf-8") as f:
            return int(json.load(f)["format"])
    except FileNotFoundError:
        return 1
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexMissingError(f"{Path(generation_dir) / FORMAT} illisible ({exc}) : reconstruisez l'index") from None


def check_format(generation_dir: str | Path) -> None:
    """Raise IndexFormatError unless a generation is in the format this version reads."""
    found = generation_format(generation_dir)
    if found != FORMAT_VERSION:
        raise IndexFormatError(str(generation_dir), found, FORMAT_VERSION)


def write_sources(generation_dir: Path, sources: list[str], resolutions: int, paragraphs: int) -> None:
    """Record in a generation being written the sources it is built from and what it holds."""
    with open(generation_dir / SOURCES, "w", encoding="utf-8") as f:
        json.dump({"sources": sources, "resolutions": resolutions, "paragraphs": paragraphs}, f, ensure_ascii=False)


def recorded_sources(index_dir: str | Path) -> dict[str, Any] | None:
    """Return what the live generation was built from ({"sources", "resolutions", "paragraphs"}), if known."""
    generation = current_generation(index_dir, missing_ok=True)
    if generation is None:
        return None
    try:
        with open(Path(index_dir) / generation / SOURCES, encoding="utf-8") as f:
            return dict(json.load(f))
    except (OSError, ValueError):
        return None
