"""Write at build time, and memory-map at search time, the arrays a search needs beside a generation.

A web worker used to build these on its first search (facet pairs read
posting by posting, field lengths, document order, the light field's forms):
4 s of Python on the default collection, during which its first searches
ran out of their time budget, and a private copy in each worker. They are
computed once, when the generation is written, into ``arrays/`` beside it
(numpy ``.npy`` files and a manifest), and each worker maps them read-only:
the operating system's page cache holds one copy for every worker.

The manifest carries :data:`ARRAYS_FORMAT`; a worker refuses arrays of
another format (or missing ones) with a message that says to rebuild, never
rebuilding them behind the user's back in each worker.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from indexer.errors import IndexMissingError
from indexer.store.record_types import ResolutionRecord

ARRAYS = "arrays"
MANIFEST = "manifest.json"
# Raise whenever the files below change meaning or layout (and the index's FORMAT_VERSION with it).
# Format 1: live, seq, doc_res, res_date, res_year, english, pair, one length array per scored
# field, four arrays per facet (documents, values, offsets, alphabetical rank), the facet values
# and the light forms.
ARRAYS_FORMAT = 1
VALUES = "facet_values.json"
FORMS = "forms.json"
# How many times this process computed arrays from the postings (write_arrays or a test's
# compute_arrays): a worker that maps a generation's arrays leaves it unchanged.
computed = 0


class ArraysFormatError(IndexMissingError):
    """Report search arrays missing beside a generation, or written in another format."""

    def __init__(self, path: Path, found: int | None, expected: int = ARRAYS_FORMAT) -> None:
        if found is None:
            message = (f"tableaux de recherche absents ou illisibles dans {path} : "
                       "reconstruisez l'index avec « resolu index »")
        else:
            older = "antérieure" if found < expected else "postérieure"
            message = (f"tableaux de recherche de {path} écrits par une version {older} de resolu "
                       f"(format {found}, attendu {expected}) : reconstruisez l'index avec « resolu index »")
        super().__init__(message)
        self.found = found
        self.expected = expected


@dataclass
class GenerationArrays:
    """Hold the per-generation arrays of one index: facet pairs, lengths, order, light forms."""

    doc_count: int
    live: np.ndarray
    seq: np.ndarray
    doc_res: np.ndarray
    res_date: np.ndarray
    res_year: np.ndarray
    lengths: dict[str, np.ndarray]
    values: dict[str, list[str]]
    pair_docs: dict[str, np.ndarray]
    pair_vals: dict[str, np.ndarray]
    offsets: dict[str, np.ndarray]
    rank: dict[str, np.ndarray]
    forms: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # Per document: an English text at all (the CSV's text_en column), and text in both
    # languages (a translation unit): exports say so before they stream their rows.
    english: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    pair: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # The live documents' total length in each scored field (BM25's average); empty when every
    # document is live and Whoosh's own totals are right.
    totals: dict[str, int] = field(default_factory=dict)
    # True when read from the files (memory-mapped), False when computed in this process.
    mapped: bool = False


def scored_fields(schema: Any) -> list[str]:
    """Return the fields whose lengths BM25F reads (the text fields)."""
    return [name for name in schema.names() if getattr(schema[name], "scorable", False)]


def compute_arrays(reader: Any, resolutions: Mapping[str, ResolutionRecord]) -> GenerationArrays:
    """Compute a generation's arrays from its postings and resolutions (seconds: a build step)."""
    global computed
    from indexer.search.counts import FacetCache  # noqa: PLC0415 - the search modules import the store
    from indexer.search.homographs import FormTable  # noqa: PLC0415
    from indexer.search.postings import ReaderArrays  # noqa: PLC0415

    computed += 1
    cache = FacetCache(reader, resolutions)
    arrays = ReaderArrays(reader)
    lengths = {name: arrays.lengths(name) for name in scored_fields(reader.schema)}
    english, pair = _english(reader, cache, lengths, resolutions)
    forms = FormTable(reader).families()
    totals: dict[str, int] = {}
    if reader.has_deletions():
        # Deleted documents (a dropped duplicate, an updated index) are still in Whoosh's totals,
        # lexicons and frequencies: what they held is taken out, so that the arrays are those
        # of an index rebuilt without them.
        dead = np.flatnonzero(~cache.live).tolist()
        removed, dead_forms = deleted_statistics(reader, dead)
        dead_forms = set(dead_forms)
        totals = {name: int(reader.field_length(name)) - removed.get(name, 0) for name in lengths}
        drop_deleted_pairs(cache.values, cache.pair_docs, cache.pair_vals, cache.offsets, cache.rank, cache.live)
        forms = live_families(reader, cache.live, forms, dead_forms)
    return GenerationArrays(
        doc_count=cache.doc_count, live=cache.live, seq=cache.seq, doc_res=cache.doc_res,
        res_date=cache.res_date, res_year=cache.res_year, lengths=lengths,
        values=cache.values, pair_docs=cache.pair_docs, pair_vals=cache.pair_vals,
        offsets=cache.offsets, rank=cache.rank, forms=forms,
        english=english, pair=pair, totals=totals,
    )


def deleted_statistics(reader: Any, docnums: list[int]) -> tuple[dict[str, int], Counter[str]]:
    """Return deleted documents' total length in each scored field, and the light-field forms they held (with
    the number of documents holding each).

    Read from their stored records, analysed again as they were indexed
    (Whoosh keeps only an approximate length per document, and exact totals).
    """
    from indexer.store.records import indexed_texts  # noqa: PLC0415

    schema = reader.schema
    names = scored_fields(schema)
    totals = dict.fromkeys(names, 0)
    forms: Counter[str] = Counter()
    for d in docnums:
        values = indexed_texts(json.loads(reader.stored_fields(d)["data"]))
        for name in names:
            value = values.get(name)
            if not value:
                continue
            for term, freq, _, _ in schema[name].index(value):
                totals[name] += freq
                if name == LIGHT:
                    forms[term.decode("utf-8")] += 1
    return totals, forms


LIGHT = "light"


def drop_deleted_pairs(values: dict[str, list[str]], pair_docs: dict[str, np.ndarray], pair_vals: dict[str, np.ndarray],
                       offsets: dict[str, np.ndarray], rank: dict[str, np.ndarray], live: np.ndarray) -> None:
    """Keep only the live documents' pairs of each paragraph facet, and the values some live document holds."""
    from indexer.store.schema import FACETS  # noqa: PLC0415

    for name in FACETS:
        if name not in values:
            continue
        docs, vals = pair_docs[name], pair_vals[name]
        keep = live[docs]
        docs, vals = docs[keep], vals[keep]
        counts = np.bincount(vals, minlength=len(values[name]))
        alive = np.flatnonzero(counts)
        remap = np.full(len(values[name]), -1, dtype=np.int32)
        remap[alive] = np.arange(len(alive), dtype=np.int32)
        kept = [values[name][i] for i in alive.tolist()]
        values[name] = kept
        pair_docs[name] = docs
        pair_vals[name] = remap[vals] if len(vals) else vals
        offsets[name] = np.concatenate([[0], np.cumsum(counts[alive])]).astype(offsets[name].dtype)
        rank[name] = alphabetical_rank(kept)


def alphabetical_rank(values: list[str]) -> np.ndarray:
    """Return each value's place in alphabetical order (as :class:`FacetCache` sorts buckets)."""
    alphabetical = sorted(range(len(values)), key=lambda i: (values[i].casefold(), values[i]))
    return np.argsort(np.array(alphabetical, dtype=np.int64)) if values else np.zeros(0, np.int64)


def live_families(reader: Any, live: np.ndarray, families: dict[str, list[tuple[str, int]]],
                  forms: set[str], added: Iterable[str] = ()) -> dict[str, list[tuple[str, int]]]:
    """Return the light forms' families counted over the live documents only.

    ``families`` were counted over every document (or are a previous
    generation's); the families of ``forms`` (held by deleted documents) and
    of ``added`` (forms of a new segment) are counted again, posting by
    posting, with the rule of :class:`FormTable`.
    """
    from indexer.search.postings import leaf_postings  # noqa: PLC0415
    from indexer.store import whoosh_compat  # noqa: PLC0415
    from indexer.text.analysis import fold  # noqa: PLC0415

    out = dict(families)
    candidates: dict[str, set[str]] = {}
    for form in [*forms, *added]:
        candidates.setdefault(fold(form), set()).add(form)
    leaves = list(reader.leaf_readers())
    for key, found in candidates.items():
        names = found | {f for f, _ in families.get(key, ())} | {key}
        counts = []
        for form in sorted(names, key=lambda f: f.encode("utf-8")):
            n = 0
            for leaf, offset in leaves:
                if (LIGHT, form) in leaf:
                    ids = leaf_postings(whoosh_compat.segment_postings(leaf, LIGHT, form))[0]
                    n += int(np.count_nonzero(live[ids + offset]))
            if n:
                counts.append((form, n))
        out.pop(key, None)
        if len(counts) > 1 or (len(counts) == 1 and counts[0][0] != key):
            out[key] = counts
    return out


def _english(reader: Any, cache: Any, lengths: dict[str, np.ndarray], resolutions: Mapping[str, ResolutionRecord],
             start: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return, per document, whether it has an English text, and text in both languages.

    The field lengths say it for most documents (a length is a count of
    words); the stored record is read only where they cannot (an English
    text of stop words or figures alone, a resolution with an English version).
    Documents before ``start`` are a previous generation's, already known: their records are not read.
    """
    n = cache.doc_count
    zero = np.zeros(n, dtype=np.float32)
    english = lengths.get("text_en", zero) > 0
    pair = english & (lengths.get("text", zero) > 0)
    metas = [m for m in resolutions.values() if m.get("rank") is not None]
    has_english = np.array([bool(m.get("english") or m.get("title_en")) for m in metas] + [False])
    doubt = ((~english & has_english[cache.doc_res]) | (english & ~pair)) & cache.live
    doubt[:start] = False
    for d in np.flatnonzero(doubt).tolist():
        record = json.loads(reader.stored_fields(d)["data"])
        text, text_en = str(record.get("text") or ""), str(record.get("text_en") or "")
        english[d] = bool(text_en)
        pair[d] = bool(text.strip()) and bool(text_en.strip())
    return english, pair


def extend_arrays(previous: GenerationArrays, reader: Any, resolutions: Mapping[str, ResolutionRecord],
                  dead: list[int]) -> GenerationArrays | None:
    """Return the arrays of an updated generation from the previous generation's, without reading it all again.

    The updated index is the previous one's segments, with ``dead``
    documents deleted, and new segments after them: the previous arrays are
    kept for the old documents, the new segments' postings read, and what
    depends on the whole collection (facet values, resolution facets, live
    totals, light-form families) recomputed or adjusted exactly. Returns
    None where the previous arrays cannot be extended (then compute them).
    """
    from indexer.search.counts import FacetCache  # noqa: PLC0415 - the search modules import the store
    from indexer.search.postings import _leaf_lengths, leaf_postings  # noqa: PLC0415
    from indexer.store import whoosh_compat  # noqa: PLC0415
    from indexer.store.schema import FACETS  # noqa: PLC0415

    n_old, n = previous.doc_count, reader.doc_count_all()
    leaves = list(reader.leaf_readers())
    old_leaves = [(leaf, offset) for leaf, offset in leaves if offset < n_old]
    new_leaves = [(leaf, offset) for leaf, offset in leaves if offset >= n_old]
    if sum(leaf.doc_count_all() for leaf, _ in old_leaves) != n_old or (
            (~previous.live).any() and not previous.totals):
        # Segments merged or dropped, or arrays of a build that counted deleted documents in: recomputed.
        return None
    live = np.ones(n, dtype=bool)
    live[:n_old] = previous.live
    live[dead] = False
    if int(np.count_nonzero(live)) != reader.doc_count():
        return None
    seq = np.concatenate([previous.seq, *(np.array(list(leaf.column_reader("seq")), dtype=np.int64)
                                          for leaf, _ in new_leaves)])
    lengths = {name: np.concatenate([previous.lengths[name], *(_leaf_lengths(leaf, name) for leaf, _ in new_leaves)])
               for name in previous.lengths}
    removed, dead_forms = deleted_statistics(reader, dead)
    totals: dict[str, int] = {}
    if not live.all():
        base = previous.totals or {name: sum(int(leaf.field_length(name)) for leaf, _ in old_leaves)
                                   for name in lengths}
        totals = {name: base[name] - removed.get(name, 0) + sum(int(leaf.field_length(name)) for leaf, _ in new_leaves)
                  for name in lengths}
    values: dict[str, list[str]] = {}
    pair_docs: dict[str, np.ndarray] = {}
    pair_vals: dict[str, np.ndarray] = {}
    offsets: dict[str, np.ndarray] = {}
    rank: dict[str, np.ndarray] = {}
    for name in FACETS:
        if name not in previous.values:
            continue
        old_docs, old_vals = np.asarray(previous.pair_docs[name]), np.asarray(previous.pair_vals[name])
        keep = live[old_docs]
        old_docs, old_vals = old_docs[keep], old_vals[keep]
        added: list[tuple[str, np.ndarray]] = []
        for leaf, offset in new_leaves:
            for term in leaf.lexicon(name) if name in leaf.schema else ():
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                ids = leaf_postings(whoosh_compat.segment_postings(leaf, name, value))[0] + offset
                added.append((value, ids))
        old_values = previous.values[name]
        alive = np.flatnonzero(np.bincount(old_vals, minlength=len(old_values)))
        merged = sorted({old_values[i] for i in alive.tolist()} | {v for v, _ in added})
        ids = {v: i for i, v in enumerate(merged)}
        remap = np.full(len(old_values), -1, dtype=np.int32)
        remap[alive] = [ids[old_values[i]] for i in alive.tolist()]
        docs = np.concatenate([old_docs, *(d for _, d in added)]).astype(np.int32)
        vals = np.concatenate([remap[old_vals] if len(old_vals) else old_vals.astype(np.int32),
                               *(np.full(len(d), ids[v], dtype=np.int32) for v, d in added)]).astype(np.int32)
        order = np.argsort(vals, kind="stable")
        values[name], pair_docs[name], pair_vals[name] = merged, docs[order], vals[order]
        offsets[name] = np.concatenate([[0], np.cumsum(np.bincount(vals, minlength=len(merged)))]).astype(np.int64)
        rank[name] = alphabetical_rank(merged)
    cache = FacetCache.__new__(FacetCache)
    cache.doc_count, cache.live, cache.seq = n, live, seq
    cache.values, cache.value_ids, cache.rank = values, {}, rank
    cache.pair_docs, cache.pair_vals, cache.offsets = pair_docs, pair_vals, offsets
    cache._resolution_facets(resolutions)
    english, pair = _english(reader, cache, lengths, resolutions, start=n_old)
    english[:n_old], pair[:n_old] = previous.english, previous.pair
    new_forms: Counter[str] = Counter()
    for leaf, _ in new_leaves:
        for term in leaf.lexicon(LIGHT) if LIGHT in leaf.schema else ():
            form = term.decode("utf-8") if isinstance(term, bytes) else term
            new_forms[form] += leaf.doc_frequency(LIGHT, form)
    forms = adjusted_families(reader, live, previous.forms, dead_forms, new_forms)
    return GenerationArrays(
        doc_count=n, live=live, seq=seq, doc_res=cache.doc_res, res_date=cache.res_date, res_year=cache.res_year,
        lengths=lengths, values=cache.values, pair_docs=cache.pair_docs, pair_vals=cache.pair_vals,
        offsets=cache.offsets, rank=cache.rank, forms=forms, english=english, pair=pair, totals=totals,
    )


def adjusted_families(reader: Any, live: np.ndarray, families: dict[str, list[tuple[str, int]]],
                      dead: Counter[str], added: Counter[str]) -> dict[str, list[tuple[str, int]]]:
    """Return a previous generation's light-form families after documents holding ``dead`` forms were deleted
    and documents holding ``added`` forms written (counts: documents).

    Families carry their counts, adjusted by arithmetic; a word the previous
    table does not hold (one unaccented spelling) is counted from the
    postings only when a new spelling joins it.
    """
    from indexer.text.analysis import fold  # noqa: PLC0415

    out = {key: list(forms) for key, forms in families.items()}
    touched: dict[str, set[str]] = {}
    for form in [*dead, *added]:
        touched.setdefault(fold(form), set()).add(form)
    recount: set[str] = set()
    for key, forms in touched.items():
        old = {f: int(c) for f, c in families.get(key, ())}
        if not old:
            if forms <= {key}:
                continue  # one unaccented spelling: no family, before or after
            recount.add(key)  # a new spelling beside one the table did not count
            continue
        counts = {f: old.get(f, 0) - dead.get(f, 0) + added.get(f, 0) for f in forms | set(old)}
        alive = [(f, c) for f, c in sorted(counts.items(), key=lambda fc: fc[0].encode("utf-8")) if c > 0]
        out.pop(key, None)
        if len(alive) > 1 or (len(alive) == 1 and alive[0][0] != key):
            out[key] = alive
    if recount:
        forms_of = {key: touched[key] for key in recount}
        out = live_families(reader, live, out, {f for fs in forms_of.values() for f in fs})
    return out


def _files(arrays: GenerationArrays) -> dict[str, np.ndarray]:
    """Return every array under its file name."""
    out = {"live": arrays.live, "seq": arrays.seq, "doc_res": arrays.doc_res,
           "res_date": arrays.res_date, "res_year": arrays.res_year, "english": arrays.english,
           "pair": arrays.pair}
    out.update({f"length.{name}": a for name, a in arrays.lengths.items()})
    for kind in ("pair_docs", "pair_vals", "offsets", "rank"):
        out.update({f"{kind}.{name}": a for name, a in getattr(arrays, kind).items()})
    return out


def save_arrays(generation_dir: str | Path, arrays: GenerationArrays) -> None:
    """Write arrays into a generation's ``arrays/`` folder, the manifest last (it says the folder is whole)."""
    folder = Path(generation_dir) / ARRAYS
    tmp = Path(generation_dir) / f".{ARRAYS}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    files = _files(arrays)
    for name, a in files.items():
        np.save(tmp / f"{name}.npy", np.ascontiguousarray(a), allow_pickle=False)
    with open(tmp / VALUES, "w", encoding="utf-8") as f:
        f.write(json.dumps(arrays.values, ensure_ascii=False))
    with open(tmp / FORMS, "w", encoding="utf-8") as f:
        f.write(json.dumps(arrays.forms, ensure_ascii=False))
    manifest = {"format": ARRAYS_FORMAT, "doc_count": arrays.doc_count, "lengths": sorted(arrays.lengths),
                "facets": list(arrays.pair_docs), "files": sorted(files), "totals": arrays.totals}
    with open(tmp / MANIFEST, "w", encoding="utf-8") as f:
        f.write(json.dumps(manifest))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def write_arrays(generation_dir: str | Path) -> None:
    """Compute and write a generation's search arrays (the build's last step, once its index is final)."""
    from whoosh import index  # noqa: PLC0415

    from indexer.store.layout import RESOLUTIONS  # noqa: PLC0415

    with open(Path(generation_dir) / RESOLUTIONS, encoding="utf-8") as f:
        resolutions = json.load(f)
    ix = index.open_dir(str(generation_dir))
    try:
        with ix.searcher() as searcher:
            arrays = compute_arrays(searcher.reader(), resolutions)
            save_arrays(generation_dir, arrays)
    finally:
        ix.close()


def arrays_format(generation_dir: str | Path) -> int | None:
    """Return the format of a generation's arrays, or None when they are missing or unreadable."""
    try:
        with open(Path(generation_dir) / ARRAYS / MANIFEST, encoding="utf-8") as f:
            return int(json.load(f)["format"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_arrays(generation_dir: str | Path) -> GenerationArrays:
    """Map a generation's arrays read-only; raise ArraysFormatError if they are missing or of another format."""
    folder = Path(generation_dir) / ARRAYS
    found = arrays_format(generation_dir)
    if found != ARRAYS_FORMAT:
        raise ArraysFormatError(folder, found)
    try:
        with open(folder / MANIFEST, encoding="utf-8") as f:
            manifest = json.load(f)
        with open(folder / VALUES, encoding="utf-8") as f:
            values = json.load(f)
        with open(folder / FORMS, encoding="utf-8") as f:
            forms = {k: [tuple(p) for p in v] for k, v in json.load(f).items()}
        # Plain read-only views of the mappings: indexing a np.memmap subclass costs a Python
        # call per access (a tenth of a pasted sentence's search), a view of its buffer does not.
        files = {name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
                 for name in manifest["files"]}
    except (OSError, ValueError, KeyError) as exc:
        raise ArraysFormatError(folder, None) from exc
    n = int(manifest["doc_count"])
    if any(len(files[name]) != n for name in ("live", "seq", "doc_res", "english", "pair")):
        raise ArraysFormatError(folder, None)

    def group(kind: str) -> dict[str, np.ndarray]:
        return {name: files[f"{kind}.{name}"] for name in manifest["facets"]}

    return GenerationArrays(
        doc_count=n, live=files["live"], seq=files["seq"], doc_res=files["doc_res"],
        res_date=files["res_date"], res_year=files["res_year"],
        lengths={name: files[f"length.{name}"] for name in manifest["lengths"]},
        values=values, pair_docs=group("pair_docs"), pair_vals=group("pair_vals"),
        offsets=group("offsets"), rank=group("rank"), forms=forms, english=files["english"],
        pair=files["pair"], totals={k: int(v) for k, v in manifest.get("totals", {}).items()}, mapped=True,
    )
