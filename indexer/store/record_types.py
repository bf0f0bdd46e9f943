"""Declare the shape of the records the index stores: a paragraph's and a resolution's, and their parts.

The build writes them (:mod:`indexer.store.records`): a paragraph record as
the JSON of its document's ``data`` field, the resolution records in
``resolutions.json`` (and its pickle). The engine returns them as they are
read, and the CLI, the API and the templates read them by key. They are
TypedDicts, not classes: they stay plain dicts in the JSON, the pickle and
Jinja (``p.text``, ``res.get("vote")``), while a type checker refuses a key
that is not declared here. Changing a key or its meaning changes what the
index stores: bump :data:`indexer.store.layout.FORMAT_VERSION`.
"""

# No "from __future__ import annotations": the optional keys (NotRequired) are told apart at run time too
# (ResolutionRecord.__required_keys__), which string annotations would hide.
from typing import NotRequired, TypedDict


class FootnoteRecord(TypedDict):
    """A footnote as stored; ``marker`` only where the printed mark differs from the number."""

    number: int
    text: str
    marker: NotRequired[str]


class InstrumentRecord(TypedDict):
    """A cited instrument under its canonical name (:class:`indexer.facets.instruments.Instrument`)."""

    name: str
    aliases: list[str]
    treaty_series: str | None
    adopted_by: str | None


class FacetRecord(TypedDict):
    """What the facet extraction says of a paragraph: its verb, addressees, instruments and citations."""

    # The opening verb as the vocabulary lists it, "autre" outside it (None in an item, or without a verb).
    verb: str | None
    verb_unlisted: str | None
    verb_root: str | None
    verb_en: str | None
    verb_kind: str | None
    secondary_verbs: list[str]
    addressees: list[str]
    addressees_unlisted: list[str]
    instruments: list[str]
    instrument_details: list[InstrumentRecord]
    resolutions: list[str]
    documents: list[str]


class ParagraphRecord(FacetRecord):
    """Everything shown about one paragraph (the JSON of its index document's ``data`` field)."""

    symbol: str
    anchor: str
    eid: str
    kind: str  # indexer.model: PREAMBULAR, OPERATIVE, SUBPARAGRAPH or OTHER
    number: str | None
    letter: str | None
    parent: str | None
    part: str | None
    position: int
    level: int
    opening: str
    text: str
    uncertain: bool
    text_en: str
    footnotes: list[FootnoteRecord]
    # Footnote calls: (offset in the text, footnote number).
    calls: list[list[int]]
    lines: list[int]


class VoteRecord(TypedDict):
    """How a resolution was adopted (:class:`indexer.model.Vote`), with its French ``label``."""

    unanimous: bool
    without_vote: bool
    in_favour: int | None
    against: int | None
    abstentions: int | None
    text: str
    outcome: str
    yes: list[str]
    no: list[str]
    abstaining: list[str]
    label: str


class EnglishRecord(TypedDict):
    """Where a resolution's English version came from, and how many of its paragraphs are aligned."""

    source: str
    paragraphs: int
    aligned: int


class DataExtractRecord(TypedDict):
    """What the Security Council's data extract filled in or contradicted (:mod:`indexer.store.extracts`)."""

    note: str
    source: str
    line: int
    filled: list[str]
    differs: list[str]
    chapter_vii: bool


class ResolutionRecord(TypedDict):
    """A resolution's metadata, as stored beside the index (``resolutions.json``)."""

    symbol: str
    organ: str
    title: str
    session: int | None
    agenda_item: str | None
    adopted: str | None  # ISO date
    distributed: str | None
    report: str | None
    meeting: str | None
    vote: VoteRecord | None
    header: list[str]
    closing: list[str]
    footnotes: list[FootnoteRecord]
    source: str
    format: str
    cites: list[str]
    cited_by: list[str]
    paragraphs: int
    warnings: int
    agenda_item_title: str | None
    committee: str | None
    draft: str | None
    sponsors: list[str]
    subjects: list[str]
    sdgs: list[int]
    language: str
    rejected: bool
    year: int | None
    label: str
    title_en: str
    english: EnglishRecord | None
    # The file's place in the build (reading order of the whole collection), set by the build.
    rank: NotRequired[int]
    # Only where the data extract had a record of the resolution.
    data_extract: NotRequired[DataExtractRecord]


class ResolutionView(ResolutionRecord):
    """A resolution's record with its paragraphs' records in reading order (what the engine returns)."""

    paragraphs_list: list[ParagraphRecord]
