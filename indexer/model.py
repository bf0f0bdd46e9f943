"""Describe a parsed resolution as plain, immutable data.

The parser produces these objects and knows nothing of Whoosh or Flask; the
index builder, the CLI and the web app only read them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

PREAMBULAR = "preambular"
OPERATIVE = "operative"
SUBPARAGRAPH = "subparagraph"
OTHER = "other"
# The kinds numbered as operative paragraphs and their items ("par. 4 a)").
NUMBERED_KINDS = (OPERATIVE, SUBPARAGRAPH)
# The kinds' French names: what the query syntax takes (type:alinéa) and the build's summary counts.
KIND_NAMES = {PREAMBULAR: "préambule", OPERATIVE: "dispositif", SUBPARAGRAPH: "alinéa", OTHER: "autre"}
# The kinds as the pages and the kind facet label them: an item belongs to the operative part.
KIND_LABELS = {**KIND_NAMES, SUBPARAGRAPH: "alinéa du dispositif"}


@dataclass(frozen=True)
class Organ:
    """A United Nations organ whose resolutions the collection holds.

    ``name`` is its French name (the organ facet's value), ``akn`` its code
    in the FRBRauthor of AKN4UN files, ``series`` how its resolutions'
    symbols start. ``continuous``: its resolutions are numbered once for all
    (S/RES/1325 (2000)), not within a session or a year (A/RES/68/179,
    E/RES/2021/3).
    """

    name: str
    akn: str
    series: str
    continuous: bool = False


GENERAL_ASSEMBLY = Organ("Assemblée générale", "ga", "A/RES")
SECURITY_COUNCIL = Organ("Conseil de sécurité", "sc", "S/RES", continuous=True)
HUMAN_RIGHTS_COUNCIL = Organ("Conseil des droits de l'homme", "hrc", "A/HRC/RES")
ECONOMIC_AND_SOCIAL_COUNCIL = Organ("Conseil économique et social", "ecosoc", "E/RES")
# In the order the forms list them.
ORGANS = (GENERAL_ASSEMBLY, SECURITY_COUNCIL, HUMAN_RIGHTS_COUNCIL, ECONOMIC_AND_SOCIAL_COUNCIL)


@dataclass(frozen=True)
class Footnote:
    """A footnote of a resolution, with Ibid. references resolved."""

    number: int
    text: str
    raw: str = ""
    line: int = 0
    # The marker printed in the source ("3", "*", "a"), where it is not the number.
    marker: str = ""


@dataclass(frozen=True)
class Warning:
    """Something the parser noticed and handled without losing text."""

    code: str
    message: str
    line: int = 0


@dataclass(frozen=True)
class Paragraph:
    """One preambular, operative or sub-paragraph, or unclassified text."""

    symbol: str
    anchor: str
    eid: str
    kind: str
    position: int
    opening: str
    text: str
    number: str | None = None
    letter: str | None = None
    parent: str | None = None
    part: str | None = None
    footnotes: tuple[Footnote, ...] = ()
    lines: tuple[int, ...] = ()
    level: int = 1
    # (footnote number, offset in text) for each call, in order of appearance.
    calls: tuple[tuple[int, int], ...] = ()
    # Resolutions the source itself links to (AKN4UN ``<a href>``), as symbols.
    links: tuple[str, ...] = ()
    # The heading of the section or part the paragraph stands in, if any.
    heading: str = ""
    # The printed numbering cannot be trusted (OCR: a number printed twice, or
    # an unnumbered paragraph where a printed number belongs): citations say so.
    uncertain: bool = False
    # The English version's paragraph aligned with this one (indexer.sources.pairing), if any.
    text_en: str = ""


# Vote outcomes, the values of the "vote" facet (labels in indexer.facets).
ADOPTED_WITHOUT_VOTE = "adopted_without_vote"
UNANIMOUS = "unanimous"
RECORDED_VOTE = "recorded_vote"
ADOPTED = "adopted"
NOT_ADOPTED = "not_adopted"
VETOED = "vetoed"
OUTCOMES = (ADOPTED_WITHOUT_VOTE, UNANIMOUS, RECORDED_VOTE, ADOPTED, NOT_ADOPTED, VETOED)
OUTCOME_LABELS = {
    ADOPTED_WITHOUT_VOTE: "Adoptée sans vote",
    UNANIMOUS: "Adoptée à l'unanimité",
    RECORDED_VOTE: "Adoptée par un vote",
    ADOPTED: "Adoptée",
    NOT_ADOPTED: "Non adoptée (voix insuffisantes)",
    VETOED: "Non adoptée (veto)",
}
REJECTED = (NOT_ADOPTED, VETOED)


@dataclass(frozen=True)
class Vote:
    """How a resolution was adopted (or not): unanimously, without a vote, by a recorded vote.

    ``outcome`` is one of OUTCOMES; when a parser leaves it empty it is
    derived from the other fields. ``yes``, ``no`` and ``abstaining`` list
    the States voting each way where the source records them.
    """

    unanimous: bool = False
    without_vote: bool = False
    in_favour: int | None = None
    against: int | None = None
    abstentions: int | None = None
    text: str = ""
    outcome: str = ""
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.outcome:
            if self.unanimous:
                derived = UNANIMOUS
            elif self.without_vote:
                derived = ADOPTED_WITHOUT_VOTE
            elif self.in_favour is not None:
                derived = RECORDED_VOTE
            else:
                derived = ADOPTED
            object.__setattr__(self, "outcome", derived)


@dataclass(frozen=True)
class Resolution:
    """A resolution's metadata, paragraphs in reading order and footnotes."""

    symbol: str
    organ: str
    title: str = ""
    session: int | None = None
    agenda_item: str | None = None
    adopted: date | None = None
    distributed: date | None = None
    report: str | None = None
    meeting: str | None = None
    vote: Vote | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    header: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    warnings: tuple[Warning, ...] = ()
    source: str = ""
    format: str = ""
    cites: tuple[str, ...] = field(default=())
    # Source line numbers of the header, the closing block and the page
    # furniture (separators, footnote blocks, running heads): with the
    # paragraphs' own lines they account for every line of the source.
    header_lines: tuple[int, ...] = ()
    closing_lines: tuple[int, ...] = ()
    furniture_lines: tuple[int, ...] = ()
    # Richer metadata that AKN4UN records (empty for the other forms).
    agenda_item_title: str | None = None
    committee: str | None = None
    draft: str | None = None
    sponsors: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    language: str = "fra"
    # Which copy of a reissued symbol is newer: compared when two files share one.
    edition: str = ""
    # The English version paired with this French text (indexer.sources.pairing), if any.
    title_en: str = ""
    english_source: str = ""
    english_paragraphs: int = 0

    @property
    def rejected(self) -> bool:
        """Tell whether this is a draft that was not adopted (vetoed or short of votes)."""
        return self.vote is not None and self.vote.outcome in REJECTED

    @property
    def year(self) -> int | None:
        """Return the year of adoption, when known."""
        return self.adopted.year if self.adopted else None

    def paragraph(self, anchor: str) -> Paragraph | None:
        """Return the paragraph with this anchor or eId, if any."""
        for p in self.paragraphs:
            if p.anchor == anchor or p.eid == anchor:
                return p
        return None


def to_jsonable(obj: Any) -> Any:
    """Turn model objects (dataclasses, dates, tuples) into JSON-ready values."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj
