"""Read the United Nations' ``data_extract`` records of Security Council resolutions (pure, no index).

The UN's ``SCresolutions`` repository publishes, beside its AKN4UN files, one
``data_extract/<year>.json`` per year 2000–2026 (``security-council-2000-2019-en.tar.xz``
in ``../shared/corpus/akn4un``, see its SOURCES.md): the Organization's own
extraction from its records, one record per resolution. This module turns
such a file's bytes into :class:`CouncilRecord` values, State names in French
(``states.tsv``); :mod:`indexer.store.extracts` merges them into the indexed
resolutions.

The files, as read in December 2026 (1,541 records, 27 files):

- **JSON lines**, one object per line, in every year (a JSON array is read too).
- Every record has the same 23 keys (``symbol``, ``resolution_number``,
  ``document_title``, ``adoption_meeting``, ``adoption_date``, ``agenda_item_name``,
  ``adoption_type``, ``draft_resolution``, ``draft_resolution_date``, ``outcome_letter``,
  ``resolution_title``, ``outcome``, ``chapter_VII``, ``MS_in_favour_count``,
  ``MS_against_count``, ``MS_abstaining_count``, ``MS_in_favour``, ``MS_against``,
  ``MS_abstaining``, ``sponsors``, ``additional_sponsors``, ``SDGs``, ``subjects``); 21
  records of 2024 add 13 more from another extraction (``symbol_type``, ``pv``,
  ``sc_symbol``, ``sc_in_favour_count``…), mostly empty, ignored here.
- Only adopted resolutions (every symbol is ``S/RES/…``): no non-adopted draft, not
  even in 2020–2026, where the AKN4UN files have 19 of them.
- Symbols without the space (``S/RES/1310(2000)``, 10 records); two symbols given twice
  in 2026.json (S/RES/2820 and 2822 (2026); one copy of 2820 has no vote at all).
- ``adoption_meeting``: ``5112th meeting``; ``4337th (closed) meeting`` (3);
  ``10042nd (resumed) meeting``; ``Voting by mail`` (51 records of 2020–2021, with
  ``outcome`` = ``VOTING BY MAIL`` and the letter as ``outcome_letter``).
- ``adoption_date``: ``18 January 2005``; with no-break spaces (34 records of 2024–2026),
  as ``2024-01-30 00:00:00`` (2), ``19 November 2004 in Nairobi`` (1). ``document_title``
  glues the date: ``…meeting, on18 January 2005``.
- ``adoption_type``: ``Adopted unanimously, 5112th meeting``, ``Adopted 13-0-2, …``,
  ``Adopted (14-0-0, 1 absent), …``, ``Adopted without vote``, ``Adopted by
  acclamation``, ``Adopted non-unanimously`` (votes by mail), typos (``unanimoulsy``,
  ``unanimouly``, ``10148thmeeting``), empty once (S/RES/1698 (2006)).
- Counts as strings, ``015`` with leading zeros in 2024–2026, empty where nobody voted
  that way; they disagree with the printed ``N-N-N`` or the lists 11 times: S/RES/1559 (2004)
  counts 15-0-0 for a 9-0-6 vote (its lists are right), S/RES/1287 (2000) lists absent
  Jamaica as abstaining, S/RES/2723 (2024) has no States, S/RES/2403 (2018) splits
  ``CÔTE.`` / ``D'IVOIRE`` in two, 2214 and 2215 (2015) spell ``CHILEs``. The count printed
  in ``adoption_type`` wins, then the count fields, then the lists' lengths; a list whose
  length is not its side's count is dropped, with a warning.
- ``MS_*``: English upper-case names (``RUSSIAN FEDERATION``, ``LIBYAN ARAB JAMAHIRIYA``,
  ``TÜRKİYE``, ``CÔTE D’IVOIRE``); empty lists where the vote was not recorded by State.
- ``sponsors`` / ``additional_sponsors``: one English name per element, upper-case to
  2019, title case later; a few are not States (``REPORT OF THE SECRETARY-GENERAL``,
  ``Submitted pursuant to…``, ``COMMITTEE ON THE ADMISSION OF NEW MEMBERS``).
- ``SDGs``: goal numbers as strings (``"16"``), the UN's machine classification, given
  even for 2000 resolutions.
- ``subjects``: ``[label, type]`` pairs. Kept: ``UNBIS Thesaurus`` (the UN thesaurus'
  subject terms, 15,332 pairs, the same vocabulary as the AKN4UN files' ``UNBIS``
  keywords). Dropped, because they are not thesaurus subjects: ``DHLAUTH`` (5,460: name
  authority records, the people and bodies a resolution mentions, e.g. the judges
  elected by S/RES/1581 (2005)), ``DHL`` (the resolution's own catalogue title), ``S/``
  (its agenda item), ``S/55``…``S/81`` (headings of the Council's Index to Proceedings
  for its 55th to 81st year), ``A/61/251``, ``A/ES-10/2`` (General Assembly agendas, 5).
- ``chapter_VII``: ``Chapter VII``, empty, or ``N.A.`` (10 records of 2021).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from indexer.errors import ParseError
from indexer.model import ADOPTED, ADOPTED_WITHOUT_VOTE, RECORDED_VOTE, UNANIMOUS
from indexer.model import Warning as Notice
from indexer.sources import states

# Where a build finds the records: a member or file ``…/data_extract/2005.json``.
NAME_RE = re.compile(r"(?:^|/)data_extract/(\d{4})\.json$", re.IGNORECASE)
SUBJECT_TYPES = ("UNBIS",)
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_SYMBOL_RE = re.compile(r"S/RES/(\d+)\s*\((\d{4})\)")
_DATE_RE = re.compile(r"(\d{1,2})\s*([A-Za-z]+)\s+(\d{4})")
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MEETING_RE = re.compile(r"(\d{3,5})\s*(?:st|nd|rd|th)\b")
_COUNTS_RE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{1,2})")
WAYS = ("in_favour", "against", "abstaining")
WAY_NAMES = {"in_favour": "pour", "against": "contre", "abstaining": "abstention"}


@dataclass(frozen=True)
class CouncilRecord:
    """One Security Council resolution as the UN's data extraction records it, States in French."""

    symbol: str
    line: int
    source: str = ""
    meeting: str | None = None
    adopted: date | None = None
    adoption_type: str = ""
    draft: str | None = None
    # One of the model's vote outcomes (UNANIMOUS, RECORDED_VOTE, ADOPTED_WITHOUT_VOTE, ADOPTED).
    outcome: str = ADOPTED
    voting_by_mail: bool = False
    in_favour: int | None = None
    against: int | None = None
    abstentions: int | None = None
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    chapter_vii: bool = False
    agenda_item_title: str = ""
    title_en: str = ""
    # How many of the 23 usual fields hold a value: of two records of one symbol, the fuller is kept.
    filled: int = 0
    warnings: tuple[Notice, ...] = ()


def is_extract_name(name: str) -> bool:
    """Tell whether a path or archive member is a ``data_extract/<year>.json`` file."""
    return NAME_RE.search(name.replace("\\", "/")) is not None


def parse_data_extract(data: bytes, source: str = "") -> tuple[CouncilRecord, ...]:
    """Read a ``data_extract/<year>.json`` file (JSON lines, or one JSON array) into records.

    A file that is not UTF-8 JSON raises ParseError naming the line; a record
    without a resolution symbol is skipped with a ParseError too (none is).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"le fichier n'est pas en UTF-8 (octet {exc.start})", source) from None
    rows: list[tuple[int, Any]] = []
    if text.lstrip().startswith("["):
        try:
            rows = list(enumerate(json.loads(text), start=1))
        except json.JSONDecodeError as exc:
            raise ParseError(f"JSON illisible ({exc.msg})", source, exc.lineno) from None
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    rows.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise ParseError(f"ligne JSON illisible ({exc.msg})", source, number) from None
    records = []
    for number, row in rows:
        if not isinstance(row, dict):
            raise ParseError("enregistrement qui n'est pas un objet JSON", source, number)
        records.append(parse_record(row, number, source))
    return tuple(records)


def parse_record(row: dict[str, Any], line: int = 0, source: str = "") -> CouncilRecord:
    """Turn one record of a data extract into a CouncilRecord, noting what is odd in it."""
    notes: list[Notice] = []
    found = _SYMBOL_RE.search(str(row.get("symbol") or ""))
    if found is None:
        raise ParseError(f"cote illisible : « {row.get('symbol')} »", source, line)
    symbol = f"S/RES/{found.group(1)} ({found.group(2)})"
    kind = " ".join(str(row.get("adoption_type") or "").split())
    meeting_text = str(row.get("adoption_meeting") or "")
    meeting = _MEETING_RE.search(meeting_text)
    by_mail = "mail" in meeting_text.lower() or "mail" in kind.lower() or \
        str(row.get("outcome") or "").upper() == "VOTING BY MAIL"
    outcome = _outcome(kind)
    counts, voters = _votes(row, kind, outcome, line, notes)
    if outcome == ADOPTED and counts["in_favour"] is not None:
        outcome = RECORDED_VOTE
    sponsor_names = [str(s) for s in [*_list(row.get("sponsors")), *_list(row.get("additional_sponsors"))]]
    sponsors = states.sponsors(sponsor_names, notes)
    adopted = _date(str(row.get("adoption_date") or "")) or _date(str(row.get("document_title") or ""))
    if adopted is not None and adopted.year != int(found.group(2)):
        # S/RES/2423 (2018): "29 June 2016", a date of another year than the symbol's.
        notes.append(Notice("data-extract-inconsistent",
                            f"date d'adoption {adopted.isoformat()} hors de l'année de la cote : non retenue", line))
        adopted = None
    printed = _MEETING_RE.search(kind)
    if meeting and printed and printed.group(1) != meeting.group(1):
        notes.append(Notice("data-extract-inconsistent",
                            f"séance {meeting.group(1)} (adoption_meeting), {printed.group(1)} (adoption_type) : "
                            "la première retenue", line))
    return CouncilRecord(
        symbol=symbol, line=line, source=source,
        meeting=meeting.group(1) if meeting else None,
        adopted=adopted,
        adoption_type=kind,
        draft=str(row.get("draft_resolution") or "").strip() or None,
        outcome=outcome, voting_by_mail=by_mail,
        in_favour=counts["in_favour"], against=counts["against"], abstentions=counts["abstaining"],
        yes=voters["in_favour"], no=voters["against"], abstaining=voters["abstaining"],
        sponsors=tuple(sponsors),
        subjects=_subjects(row.get("subjects")),
        sdgs=tuple(sorted({int(g) for g in _list(row.get("SDGs")) if str(g).strip().isdigit()})),
        chapter_vii=str(row.get("chapter_VII") or "").strip().lower() == "chapter vii",
        agenda_item_title=" ".join(str(row.get("agenda_item_name") or "").split()),
        title_en=" ".join(str(row.get("resolution_title") or "").split()),
        filled=sum(1 for v in row.values() if v not in ("", [], None)),
        warnings=tuple(Notice(n.code, n.message, line) for n in notes),
    )


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _outcome(kind: str) -> str:
    """Return the vote outcome an ``adoption_type`` says ("Adopted unanimously", "Adopted 13-0-2")."""
    low = kind.lower()
    if "without vote" in low or "acclamation" in low:
        return ADOPTED_WITHOUT_VOTE
    # "unanimoulsy", "unanimouly": typos of the extraction; "non-unanimously": a vote.
    if re.search(r"(?<!non-)unanim", low):
        return UNANIMOUS
    if _COUNTS_RE.search(low) or "non-unanim" in low:
        return RECORDED_VOTE
    return ADOPTED


def _count(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _votes(row: dict[str, Any], kind: str, outcome: str, line: int,
           notes: list[Notice]) -> tuple[dict[str, int | None], dict[str, tuple[str, ...]]]:
    """Return the counts and the States of each side, the printed ``N-N-N`` first, lists checked against them."""
    keys = {"in_favour": "MS_in_favour", "against": "MS_against", "abstaining": "MS_abstaining"}
    lists = {way: _states(_list(row.get(key)), notes) for way, key in keys.items()}
    fields = {way: _count(row.get(f"{key}_count")) for way, key in keys.items()}
    if outcome == ADOPTED_WITHOUT_VOTE:
        # Nobody voted: the extraction still fills 15-0-0 and the members' names.
        return dict.fromkeys(WAYS), dict.fromkeys(WAYS, ())
    printed = _COUNTS_RE.search(kind)
    if printed:
        counts: dict[str, int | None] = dict(zip(WAYS, (int(g) for g in printed.groups()), strict=True))
    elif any(v is not None for v in fields.values()):
        counts = {way: fields[way] or 0 for way in WAYS}
    elif any(lists.values()):
        counts = {way: len(lists[way]) for way in WAYS}
    else:
        counts = dict.fromkeys(WAYS)
    if printed and any(v is not None for v in fields.values()) and \
            any((fields[way] or 0) != counts[way] for way in WAYS):
        notes.append(Notice("data-extract-inconsistent",
                            f"décompte imprimé {_trio(counts)} (« {kind} »), champs de décompte {_trio(fields)} : "
                            "décompte imprimé retenu", line))
    if counts["in_favour"] is None:
        return counts, {way: () for way in WAYS}
    voters: dict[str, tuple[str, ...]] = {}
    for way in WAYS:
        names = lists[way]
        if names and len(names) != counts[way]:
            notes.append(Notice("data-extract-inconsistent", f"{len(names)} États listés « {WAY_NAMES[way]} » "
                                f"pour un décompte de {counts[way]} : liste écartée", line))
            names = ()
        voters[way] = tuple(names)
    if counts["in_favour"] and not any(voters.values()):
        notes.append(Notice("data-extract-no-states", f"vote {_trio(counts)} sans la liste des États", line))
    return counts, voters


def _trio(counts: dict[str, int | None]) -> str:
    return "-".join("?" if counts[w] is None else str(counts[w]) for w in WAYS)


def _states(names: list[Any], notes: list[Notice]) -> tuple[str, ...]:
    """Return the French names of a voting list, mending the extraction's cuts ("CÔTE." + "D'IVOIRE")."""
    known = states.table()
    out: list[str] = []
    items = [" ".join(str(n).split()) for n in names if str(n).strip()]
    i = 0
    while i < len(items):
        name = items[i]
        if states.key(name) not in known and i + 1 < len(items):
            joined = f"{name.rstrip('.')} {items[i + 1]}"
            if states.key(joined) in known:
                name = joined
                i += 1
        if states.key(name) not in known:
            # "CHILEs": an upper-case name with a stray lower-case tail.
            trimmed = re.sub(r"(?<=[A-Z])[a-z]+$", "", name)
            if trimmed != name and states.key(trimmed) in known:
                name = trimmed
        out.append(states.french_name(name, notes))
        i += 1
    return tuple(out)


def _date(text: str) -> date | None:
    """Read "18 January 2005", "8\u00a0March\u00a02024", "on18 January 2005" or "2024-01-30 00:00:00"."""
    text = text.replace("\u00a0", " ")
    iso = _ISO_RE.search(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        m = _DATE_RE.search(text)
        if m and m.group(2).lower() in MONTHS:
            return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None
    return None


def _subjects(value: Any) -> tuple[str, ...]:
    """Return the UNBIS thesaurus subjects of the ``[label, type]`` pairs, spelled as the AKN4UN reader does."""
    from indexer.sources.akn import subject_label  # noqa: PLC0415 - one spelling of UNBIS terms

    out: list[str] = []
    for pair in _list(value):
        if not isinstance(pair, list) or len(pair) < 2:
            continue
        label, kind = str(pair[0] or ""), str(pair[1] or "")
        if kind.upper().startswith(SUBJECT_TYPES) and label.strip():
            spelled = subject_label(label)
            if spelled not in out:
                out.append(spelled)
    return tuple(out)
