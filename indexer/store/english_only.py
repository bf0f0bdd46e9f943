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

from dataclasses import replace
from typing import Any

from indexer.facets.cited import possible
from indexer.french_text import ENGLISH, NOTICE
from indexer.model import Resolution
from indexer.store.arrays import scored_fields
from indexer.store.english_versions import EnglishVersions
from indexer.store.record_types import ResolutionRecord
from indexer.store.records import document_fields, paragraph_records, resolution_label, resolution_record
from indexer.store.schema import SEQ_STRIDE
from indexer.store.whoosh_compat import patched_writer

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


def write_english_only(ix: Any, english: EnglishVersions, resolutions: dict[str, ResolutionRecord],
                       first_rank: int) -> list[tuple[str, str, str, str]]:
    """Index the English versions without French text after the French files; return their warnings.

    Each is ranked after every French file (``first_rank`` on), so its
    paragraphs keep their own range of document order. ``resolutions`` (the
    French ones, by symbol) receives their metadata.
    """
    found = english_only(english, set(resolutions))
    if not found:
        return []
    notes = []
    # compound=False: Whoosh copies each file of a compound segment into every web worker's memory on open
    # (this segment's 49 MB: 25 MB per worker on the default collection); as the French segments (build.py).
    writer = ix.writer(compound=False)
    # Patched as the French segments' writers are: the text fields' postings written flat beside it too.
    with patched_writer(writer, scored_fields(writer.schema)):
        try:
            for rank, res in enumerate(found, start=first_rank):
                meta, documents = prepared(res, rank)
                for document in documents:
                    writer.add_document(**document)
                resolutions[res.symbol] = meta
                notes.append((res.symbol, res.source, CODE,
                              f"version anglaise sans texte français : indexée en anglais seulement ({NOTICE})"))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
    return notes
