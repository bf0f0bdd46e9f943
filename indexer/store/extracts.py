"""Merge the UN's ``data_extract`` records into the Security Council resolutions of a build.

A build finds the records wherever its sources hold them (a member or file
``…/data_extract/<year>.json`` of any archive or folder given, see
:func:`indexer.sources.data_extract.is_extract_name`), reads them before the
resolutions, and merges each into the stored record of the resolution with
its symbol (:func:`merge`): the OCR resolutions of 2000–2009 gain the vote by
State, the sponsors, the draft symbol, the UNBIS subjects and SDGs they never
print; where the text already says something (its meeting, date and vote;
an AKN4UN file's sponsors, draft and voting lists), the record is compared
with it and a disagreement is a warning naming both values, the text's value
kept. The stored record says what came from the extraction
(``data_extract``), shown on the resolution page and in its JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.errors import ParseError
from indexer.model import ADOPTED, REJECTED, UNANIMOUS, Vote
from indexer.sources.data_extract import CouncilRecord, is_extract_name, parse_data_extract
from indexer.sources.read import Source, read_sources
from indexer.store.record_types import ResolutionRecord, VoteRecord
from indexer.store.records import vote_record

NOTE = "données : extraction de l'ONU (data_extract)"
# What each filled or compared field is called on the resolution page.
FIELD_NAMES = {
    "meeting": "séance", "adopted": "date d'adoption", "vote": "vote", "voters": "États par vote",
    "sponsors": "auteurs", "draft": "projet", "subjects": "thèmes UNBIS", "sdgs": "ODD",
}


@dataclass
class Extracts:
    """The data_extract records of a build, by symbol, and what was noticed reading them."""

    by_symbol: dict[str, CouncilRecord] = field(default_factory=dict)
    # The files read as records (kept out of the resolutions' pass).
    sources: set[Source] = field(default_factory=set)
    # (symbol, source, line, code, message) rows for warnings.tsv.
    notes: list[tuple[str, str, int, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    records: int = 0


def find_extracts(files: Iterable[Source]) -> Extracts:
    """Read every data_extract file among the sources; of two records of one symbol keep the fuller."""
    found = Extracts()
    wanted = [f for f in files if is_extract_name(f.member or str(f.path))]
    found.sources.update(wanted)
    for src, data in read_sources(wanted):
        try:
            if isinstance(data, ParseError):
                raise data
            records = parse_data_extract(data, str(src))
        except ParseError as exc:
            found.errors.append(str(exc))
            continue
        for record in records:
            found.records += 1
            found.notes.extend((record.symbol, str(src), w.line, w.code, w.message) for w in record.warnings)
            kept = found.by_symbol.get(record.symbol)
            if kept is not None:
                better, other = (record, kept) if record.filled > kept.filled else (kept, record)
                found.notes.append((record.symbol, str(src), other.line, "data-extract-duplicate",
                                    f"cote en double dans les données data_extract : ligne {better.line} retenue "
                                    f"({better.filled} champs remplis), ligne {other.line} écartée"))
                record = better
            found.by_symbol[record.symbol] = record
    return found


def meeting_number(meeting: object) -> str | None:
    """Return the meeting number a stored meeting names ("5112", "S/PV.8760", "8760e séance"), if any."""
    text = str(meeting or "")
    m = re.fullmatch(r"\s*(\d{3,5})\s*", text) or re.search(r"S/PV\.(\d{3,5})", text) \
        or re.search(r"(\d{3,5})\s*e\s+séance", text)
    return m.group(1) if m else None


def _vote_of(stored: VoteRecord) -> Vote:
    return Vote(unanimous=stored["unanimous"], without_vote=stored["without_vote"], in_favour=stored["in_favour"],
                against=stored["against"], abstentions=stored["abstentions"], text=stored["text"],
                outcome=stored["outcome"], yes=tuple(stored["yes"]), no=tuple(stored["no"]),
                abstaining=tuple(stored["abstaining"]))


def _counts(vote: Vote | CouncilRecord) -> tuple[int | None, int | None, int | None]:
    return vote.in_favour, vote.against, vote.abstentions


def _trio(counts: tuple[int | None, int | None, int | None]) -> str:
    return "-".join("?" if c is None else str(c) for c in counts)


def _record_vote(record: CouncilRecord) -> Vote:
    return Vote(unanimous=record.outcome == UNANIMOUS, without_vote=record.outcome == "adopted_without_vote",
                in_favour=record.in_favour, against=record.against, abstentions=record.abstentions,
                text=record.adoption_type, outcome=record.outcome,
                yes=record.yes, no=record.no, abstaining=record.abstaining)


def _merge_vote(stored: VoteRecord | None, record: CouncilRecord,
                notes: list[tuple[str, str]]) -> tuple[VoteRecord | None, list[str]]:
    """Return the merged vote and what it gained; a disagreement leaves the text's vote as it is."""
    if stored is None:
        if record.in_favour is None and record.outcome == ADOPTED:
            return None, []
        vote = _record_vote(record)
        return vote_record(vote), ["vote"] + (["voters"] if vote.yes else [])
    ours = _vote_of(stored)
    if ours.outcome in REJECTED:
        notes.append(("data-extract-votes-differ", f"projet non adopté ({ours.outcome}) dans le texte, "
                      f"« {record.adoption_type} » dans data_extract"))
        return stored, []
    theirs = _counts(record)
    mine = _counts(ours)
    if ours.unanimous and any(c for c in theirs[1:]):
        notes.append(("data-extract-votes-differ", f"adoptée à l'unanimité dans le texte, vote {_trio(theirs)} "
                      f"dans data_extract (« {record.adoption_type} »)"))
        return stored, []
    if theirs[0] is not None and any(m is not None and m != t for m, t in zip(mine, theirs, strict=True)):
        notes.append(("data-extract-votes-differ", f"vote {_trio(mine)} dans le texte, {_trio(theirs)} dans "
                      f"data_extract (« {record.adoption_type} »)"))
        return stored, []
    gained: list[str] = []
    for mine_list, their_list, way in ((ours.yes, record.yes, "pour"), (ours.no, record.no, "contre"),
                                       (ours.abstaining, record.abstaining, "abstention")):
        if mine_list and their_list and set(mine_list) != set(their_list):
            only_ours = ", ".join(sorted(set(mine_list) - set(their_list))) or "aucun"
            only_theirs = ", ".join(sorted(set(their_list) - set(mine_list))) or "aucun"
            notes.append(("data-extract-votes-differ", f"États « {way} » : seulement dans le texte : {only_ours} ; "
                          f"seulement dans data_extract : {only_theirs}"))
            return stored, []
    merged = ours
    if ours.outcome == ADOPTED and record.outcome != ADOPTED:
        # The text says adopted, no more (its vote line unreadable): the record says how.
        merged = replace(_record_vote(record), text=ours.text or record.adoption_type)
        gained.append("vote")
    elif theirs[0] is not None and mine[0] is None:
        merged = replace(merged, in_favour=theirs[0], against=theirs[1], abstentions=theirs[2])
        gained.append("vote")
    elif theirs[0] is not None and None in mine:
        merged = replace(merged, against=theirs[1] if mine[1] is None else mine[1],
                         abstentions=theirs[2] if mine[2] is None else mine[2])
        gained.append("vote")
    if not (merged.yes or merged.no or merged.abstaining) and (record.yes or record.no or record.abstaining):
        merged = replace(merged, yes=record.yes, no=record.no, abstaining=record.abstaining)
        gained.append("voters")
    return (vote_record(merged) if gained else stored), gained


def merge(meta: ResolutionRecord, record: CouncilRecord) -> tuple[ResolutionRecord, list[tuple[str, str]]]:
    """Return a resolution's stored record completed from its data_extract record, and the disagreements.

    Fills what the resolution lacks (meeting, date, vote counts and States,
    sponsors, draft, subjects, SDGs); compares what both give and returns
    ``(code, message)`` warnings with both values, the resolution's value kept.
    """
    out = meta.copy()
    notes: list[tuple[str, str]] = []
    filled: list[str] = []
    differs: list[str] = []
    ours = meeting_number(meta.get("meeting"))
    if record.meeting:
        if ours is None and not meta.get("meeting"):
            out["meeting"] = record.meeting
            filled.append("meeting")
        elif ours is not None and ours != record.meeting:
            notes.append(("data-extract-meeting-differs",
                          f"séance {ours} dans le texte, {record.meeting} dans data_extract"))
            differs.append("meeting")
    if record.adopted is not None:
        adopted = record.adopted.isoformat()
        if not meta.get("adopted"):
            out["adopted"], out["year"] = adopted, record.adopted.year
            filled.append("adopted")
        elif meta["adopted"] != adopted:
            notes.append(("data-extract-date-differs",
                          f"adoptée le {meta['adopted']} selon le texte, le {adopted} selon data_extract"))
            differs.append("adopted")
    before = len(notes)
    vote, gained = _merge_vote(meta.get("vote"), record, notes)
    out["vote"] = vote
    filled.extend(gained)
    if len(notes) > before:
        differs.append("vote")
    if _fills("draft", record.draft, meta, out, filled) and meta["draft"] != record.draft:
        notes.append(("data-extract-draft-differs", f"projet {meta['draft']} dans le texte, "
                      f"{record.draft} dans data_extract"))
        differs.append("draft")
    if _fills("sponsors", list(record.sponsors), meta, out, filled) and set(meta["sponsors"]) != set(record.sponsors):
        only_ours = ", ".join(sorted(set(meta["sponsors"]) - set(record.sponsors))) or "aucun"
        only_theirs = ", ".join(sorted(set(record.sponsors) - set(meta["sponsors"]))) or "aucun"
        notes.append(("data-extract-sponsors-differ", f"auteurs seulement dans le texte : {only_ours} ; "
                      f"seulement dans data_extract : {only_theirs}"))
        differs.append("sponsors")
    # Subjects: the AKN4UN files classify with more vocabularies than the extraction (its UNBIS terms
    # were a subset of the file's for 301 of the 302 resolutions of 2020-2026): only a term the file lacks differs.
    if (_fills("subjects", list(record.subjects), meta, out, filled)
            and not set(record.subjects) <= set(meta["subjects"])):
        extra = ", ".join(s for s in record.subjects if s not in meta["subjects"])
        notes.append(("data-extract-subjects-differ", f"thèmes de data_extract absents du texte : {extra}"))
        differs.append("subjects")
    if _fills("sdgs", list(record.sdgs), meta, out, filled) and set(record.sdgs) != set(meta["sdgs"]):
        notes.append(("data-extract-sdgs-differ", f"ODD {', '.join(map(str, meta['sdgs']))} dans le texte, "
                      f"{', '.join(map(str, record.sdgs))} dans data_extract"))
        differs.append("sdgs")
    out["data_extract"] = {"note": NOTE, "source": record.source, "line": record.line,
                           "filled": filled, "differs": differs, "chapter_vii": record.chapter_vii}
    return out, notes


def _fills(key: str, theirs: Any, meta: dict[str, Any], out: dict[str, Any], filled: list[str]) -> bool:
    """Give ``out`` data_extract's value where the resolution has none; return True when both have one to compare."""
    if not theirs:
        return False
    if not meta.get(key):
        out[key] = theirs
        filled.append(key)
        return False
    return True


@dataclass
class Merged:
    """What merging the records into a build's resolutions did."""

    resolutions: int = 0
    gained: int = 0
    # (symbol, source, line, code, message) rows for warnings.tsv.
    notes: list[tuple[str, str, int, str, str]] = field(default_factory=list)


def merge_all(resolutions: dict[str, ResolutionRecord], found: Extracts) -> Merged:
    """Merge each record into the resolution of its symbol, in place; count those without one."""
    done = Merged()
    for symbol, record in sorted(found.by_symbol.items()):
        meta = resolutions.get(symbol)
        if meta is None:
            done.notes.append((symbol, record.source, record.line, "data-extract-unmatched",
                               "enregistrement data_extract sans résolution de cette cote dans la collection"))
            continue
        merged, notes = merge(meta, record)
        resolutions[symbol] = merged
        done.resolutions += 1
        done.gained += bool(merged["data_extract"]["filled"])
        done.notes.extend((symbol, record.source, record.line, code, message) for code, message in notes)
    return done
