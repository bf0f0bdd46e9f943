"""Index the English versions that have no French text beside them, as English-only resolutions.

The Security Council's AKN4UN files of 2010–2019 (and a few of 2000–2009
that the OCR volumes lack) exist only in English in the collection's
sources. They are indexed so that an English search finds them, but never
as French: their documents have no French text (``text`` is empty, the
English is in ``text_en``), no French facets (verb, addressees, instruments
are extracted from French only), and their metadata says ``"language":
"eng"``. French searches leave them out (:mod:`indexer.search.engine`), and
French totals (home page, lists, coverage) count them apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from indexer.facets.cited import possible
from indexer.french_text import ENGLISH, NOTICE
from indexer.model import Resolution
from indexer.store.arrays import scored_fields
from indexer.store.english_versions import EnglishVersions
from indexer.store.record_types import ResolutionRecord
from indexer.store.records import document_fields, paragraph_records, resolution_label, resolution_record
from indexer.store.schema import SEQ_STRIDE
from indexer.store.whoosh_compat import document_adder, finish_segment, patched_writer, segment_writer

# The warning of an English version indexed without French text (warnings.tsv).
CODE = "english-only"


def as_english_only(res: Resolution) -> Resolution:
    """Return an English resolution as an English-only record: its text moved to ``text_en``, no French."""
    paragraphs = tuple(replace(p, text="", text_en=p.text, opening="", calls=()) for p in res.paragraphs)
    return replace(res, paragraphs=paragraphs, title="", title_en=res.title, language=ENGLISH,
                   english_source=res.source, english_paragraphs=len(res.paragraphs))


def prepared(res: Resolution, rank: int) -> tuple[ResolutionRecord, list[dict[str, Any]]]:
    """Return the metadata and index documents of an English-only resolution (``res`` as read in English)."""
    only = as_english_only(res)
    meta = resolution_record(only)
    # Named in lists by its English first decision: there is no French one.
    meta["label"] = resolution_label(res)
    meta["rank"] = rank
    meta["english"] = None
    year = res.adopted.year if res.adopted else None
    documents = []
    cited = {s for s in res.cites if "/RES/" in s and possible(s, year)}
    for p, record in zip(only.paragraphs, paragraph_records(only), strict=True):
        cited.update(r for r in record["resolutions"] if "RES/" in r)
        documents.append({**document_fields(only, p, record), "seq": rank * SEQ_STRIDE + p.position})
    cited.discard(res.symbol)
    meta["cites"] = sorted(cited)
    return meta, documents


def english_only(english: EnglishVersions, french: set[str]) -> list[Resolution]:
    """Return the English versions whose symbol has no French text among the build's, by symbol."""
    return [res for symbol, res in sorted(english.by_symbol.items()) if symbol not in french]


@dataclass(frozen=True)
class EnglishOnly:
    """The English-only resolutions of a build: their segment (not yet listed), metadata and warnings."""

    segment: Any
    records: dict[str, ResolutionRecord]
    notes: list[tuple[str, str, str, str]]


# Memory of the segment's postings before they spill to sorted runs: as an index writer's by default.
POOL_MB = 128


def write_english_only(ix: Any, english: EnglishVersions, french: set[str], first_rank: int) -> EnglishOnly:
    """Write the English versions without French text as one new segment, not yet listed in the index.

    ``french`` holds the symbols of the build's French texts. Each English-only
    resolution is ranked after every French file (``first_rank`` on), so its
    paragraphs keep their own range of document order; the build lists the
    segment after the French ones (:func:`indexer.store.whoosh_compat.commit_segments`)
    and adds the records after theirs. Written while the last French segment
    is still flushed (store/build.py): the build's second core is free then.
    """
    found = english_only(english, french)
    if not found:
        return EnglishOnly(None, {}, [])
    records: dict[str, ResolutionRecord] = {}
    notes = []
    # compound=False: Whoosh copies each file of a compound segment into every web worker's memory on open
    # (this segment's 49 MB: 25 MB per worker on the default collection); as the French segments (build.py).
    # No lock: the building process holds the index and lists the segments.
    writer = segment_writer(ix, locked=False, limitmb=POOL_MB, compound=False)
    try:
        # Patched as the French segments' writers are: the text fields' postings written flat beside it too.
        with patched_writer(writer, scored_fields(writer.schema)):
            # And its documents added as theirs are (the same segment as add_document writes, faster).
            add_document = document_adder(writer)
            for rank, res in enumerate(found, start=first_rank):
                meta, documents = prepared(res, rank)
                for document in documents:
                    add_document(**document)
                records[res.symbol] = meta
                notes.append((res.symbol, res.source, CODE,
                              f"version anglaise sans texte français : indexée en anglais seulement ({NOTICE})"))
            segment = finish_segment(writer)
    except BaseException:
        writer.cancel()
        raise
    return EnglishOnly(segment, records, notes)
