"""Write beside each segment, and memory-map at search time, its terms' postings: document numbers and frequencies.

Whoosh keeps a term's postings in compressed, pickled blocks of 128 that
hold the positions too: reading the ids and frequencies of a pasted
sentence's words meant decompressing and unpickling every block of every
word (a third of a first-time search, issue 27). The same postings pass
through Python in order when the segment is written
(:func:`indexer.store.whoosh_compat.patched_writer` hands them here term by
term), so they are written once more, flat, in the generation's
``postings/`` folder, named after the segment:

- ``<segment>.ids.u32``: the document numbers (within the segment), term after term;
- ``<segment>.tfs.f32``: their frequencies (Whoosh's weights), in the same order;
- ``<segment>.starts.i64``: where each term starts in both, then the total;
- ``<segment>.terms.json``: the terms of each field, numbered in that order, written last
  (it says the set is whole), with :data:`POSTINGS_FORMAT`.

Every term of the scored text fields is kept, rare ones included: a field's
directory is then complete, and a word absent from it is absent from the
segment without asking Whoosh (its term lookup cost a tenth of a first
search; the single-posting terms add 8 bytes each). A segment's files
never change once written: an update (:mod:`indexer.store.update`)
hard-links them with the segment's own. They are in a folder of their
own, as the search arrays are: a mapping keeps a file descriptor it never
reads through, and a forked web worker reopens only the Whoosh files it
reads at an offset (webapp/server.py).
"""

from __future__ import annotations

import json
import logging
import mmap
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

# Raise whenever the files below change meaning or layout (and the index's FORMAT_VERSION with it).
POSTINGS_FORMAT = 1
FOLDER = "postings"
IDS = ".ids.u32"
TFS = ".tfs.f32"
STARTS = ".starts.i64"
TERMS = ".terms.json"
SUFFIXES = (IDS, TFS, STARTS, TERMS)
# Postings a writer holds before writing them (8 MB).
PENDING = 1 << 20

log = logging.getLogger(__name__)


def postings_stem(segment_stem: str | Path) -> Path:
    """Return where a segment's flat postings are, from the path of its Whoosh files without extension."""
    segment_stem = Path(segment_stem)
    return segment_stem.parent / FOLDER / segment_stem.name


class TermPostingsWriter:
    """Write a segment's term postings as they come, term by term, in the order Whoosh writes them."""

    def __init__(self, segment_stem: Path, fields: Iterable[str]) -> None:
        """Open the flat postings of a segment for ``fields`` (``segment_stem``: its files' path, ``…/MAIN_abc``).

        Each of ``fields`` is listed in the directory, even without a term in
        this segment (the French text fields of the English-only segment):
        a search knows the term absent without asking Whoosh.
        """
        stem = self.stem = postings_stem(segment_stem)
        stem.parent.mkdir(exist_ok=True)
        self.expected = list(fields)
        self._ids: BinaryIO = open(f"{stem}{IDS}", "wb")  # noqa: SIM115 - closed by close()
        self._tfs: BinaryIO = open(f"{stem}{TFS}", "wb")  # noqa: SIM115
        self._starts = array("q", [0])
        self._fields: list[list[Any]] = []
        self._count = 0
        # Postings given by add_term, written to the files a million at a time.
        self._pending_ids = array("I")
        self._pending_tfs = array("f")

    def add(self, field: str, term: bytes, ids: list[array], tfs: list[array]) -> None:
        """Append a term's postings, given as Whoosh's blocks (``array("I")`` ids, ``array("f")`` weights)."""
        self._write_pending()
        self._term(field, term)
        for block_ids, block_tfs in zip(ids, tfs, strict=True):
            block_ids.tofile(self._ids)
            block_tfs.tofile(self._tfs)
            self._count += len(block_ids)
        self._starts.append(self._count)

    def add_term(self, field: str, term: bytes, ids: list[int], tfs: list[float]) -> None:
        """Append a term's postings, given whole (document numbers, Whoosh's weights: stored as float32)."""
        self._term(field, term)
        self._pending_ids.extend(ids)
        self._pending_tfs.extend(tfs)
        self._count += len(ids)
        self._starts.append(self._count)
        if len(self._pending_ids) >= PENDING:
            self._write_pending()

    def _term(self, field: str, term: bytes) -> None:
        if not self._fields or self._fields[-1][0] != field:
            self._fields.append([field, len(self._starts) - 1, []])
        self._fields[-1][2].append(term.decode("utf-8"))

    def _write_pending(self) -> None:
        if self._pending_ids:
            self._pending_ids.tofile(self._ids)
            self._pending_tfs.tofile(self._tfs)
            self._pending_ids = array("I")
            self._pending_tfs = array("f")

    def close(self) -> None:
        """Finish the files, the terms' directory last."""
        self._write_pending()
        self._ids.close()
        self._tfs.close()
        seen = {field for field, _, _ in self._fields}
        self._fields.extend([field, len(self._starts) - 1, []] for field in self.expected if field not in seen)
        with open(f"{self.stem}{STARTS}", "wb") as f:
            self._starts.tofile(f)
        with open(f"{self.stem}{TERMS}", "w", encoding="utf-8") as f:
            f.write(json.dumps({"format": POSTINGS_FORMAT, "postings": self._count, "fields": self._fields},
                               ensure_ascii=False))


def _mapped(path: str, dtype: Any) -> np.ndarray:
    """Map a raw file read-only as a plain array (a view of the mapping, not a np.memmap: cheaper to index)."""
    with open(path, "rb") as f:
        if not f.seek(0, 2):
            return np.zeros(0, dtype=dtype)
        return np.frombuffer(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), dtype=dtype)


class TermPostings:
    """Map one segment's term postings read-only and find a term's in them."""

    def __init__(self, stem: str | Path) -> None:
        """Map a segment's flat postings (``stem``: :func:`postings_stem`); raise ValueError if unusable."""
        try:
            with open(f"{stem}{TERMS}", encoding="utf-8") as f:
                directory = json.load(f)
            if directory.get("format") != POSTINGS_FORMAT:
                raise ValueError(f"{stem}{TERMS}: format {directory.get('format')}, attendu {POSTINGS_FORMAT}")
            self.ids = _mapped(f"{stem}{IDS}", np.uint32)
            self.tfs = _mapped(f"{stem}{TFS}", np.float32)
            self.starts = _mapped(f"{stem}{STARTS}", np.int64)
        except (OSError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{stem}: postings illisibles ({exc})") from exc
        total = int(directory["postings"])
        if len(self.ids) != total or len(self.tfs) != total or not len(self.starts) or self.starts[-1] != total:
            raise ValueError(f"{stem}: postings tronqués")
        # One dict per field, term → its number: the lookup of a pasted sentence's words.
        self.terms: dict[str, dict[str, int]] = {
            field: dict(zip(words, range(first, first + len(words)), strict=True))
            for field, first, words in directory["fields"]
        }

    def get(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a term's (document numbers within the segment, frequencies) as read-only views, or None if absent."""
        number = self.terms.get(field, {}).get(text)
        if number is None:
            return None
        start, end = int(self.starts[number]), int(self.starts[number + 1])
        return self.ids[start:end], self.tfs[start:end]

    def count(self, field: str, text: str) -> int:
        """Return how many postings a term has here (0 when absent)."""
        number = self.terms.get(field, {}).get(text)
        return 0 if number is None else int(self.starts[number + 1] - self.starts[number])


def open_term_postings(segment_stem: str | Path | None) -> TermPostings | None:
    """Return a segment's mapped term postings, or None when it has none (another version's, or not resolu's).

    The searches then read that segment's postings through Whoosh: the same
    results, slower (a first-time pasted sentence about twice as slow). A
    resolu segment without its files, or with files that cannot be read, is
    logged: an operator sees why a generation answers slower, and that a
    rebuild fixes it.
    """
    if segment_stem is None:
        return None
    stem = postings_stem(segment_stem)
    if not Path(f"{stem}{TERMS}").is_file():
        log.warning("%s : postings à plat absents, lus par Whoosh (plus lent) ; reconstruisez l'index", stem)
        return None
    try:
        return TermPostings(stem)
    except ValueError as exc:
        log.warning("%s ; lus par Whoosh (plus lent) ; reconstruisez l'index", exc)
        return None
