"""Gather, for one State, the resolutions it sponsored and its position in each recorded vote.

Pure functions over the resolution records of an index (``Engine.resolutions()``):
nothing here reads Whoosh. The rules are the ones a delegate checks "prior
assent" with, and each is said on the page:

- a **sponsor** is a State named among the resolution's sponsors (main or additional);
- in a **recorded vote**, the State is among those in favour, against or abstaining;
- in a recorded vote of the **General Assembly**, a Member State named on no side
  did not vote (absent or not participating): every Member State sits there
  (observers such as the Holy See and the State of Palestine do not vote: nothing is inferred);
- in the other organs (Security Council, Human Rights Council, ECOSOC), a State
  named on no side was not a member when the vote was held, or the record does
  not say: no position is inferred;
- an adoption **without a vote** of the General Assembly is accepted by every
  Member State: counted per year, not listed one by one;
- a State **accepted** a text (the ``accepted_by`` filter and facet) when it
  sponsored it, voted for it, or when the General Assembly adopted it without a
  vote and the State is a Member State (:func:`accepting_states`). An adoption
  without a vote of the Security Council, the Human Rights Council or ECOSOC
  counts for no State: the records never name the members present, and
  membership is not guessed.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from indexer import model
from indexer.sources.states import key, table

GENERAL_ASSEMBLY = model.GENERAL_ASSEMBLY.name
POSITIONS = {"yes": "pour", "no": "contre", "abstaining": "abstention"}
# Names in indexer/sources/states.tsv that are not Member States of the General Assembly (observers, a
# union): they never vote there, so their absence from a voting list says nothing.
NOT_MEMBER_STATES = frozenset({"Saint-Siège", "État de Palestine", "Union européenne"})
NOT_VOTING = "non votant"
# Shown in this order.
POSITION_ORDER = ("pour", "contre", "abstention", NOT_VOTING)
# South Sudan's admission: since that day the United Nations has had 193 Member States, those of
# states.tsv. A General Assembly adoption without a vote before it is not credited to every Member
# State of today (some were not yet members): nothing is guessed about who sat then.
FULL_MEMBERSHIP_SINCE = "2011-07-14"
# What the accepted_by filter means, said where it applies (facet notice, finder, exports).
# "(État Membre, depuis le 14 juillet 2011)" read as the State's admission date ("Cuba … depuis 2011"):
# the date bounds the adoptions, and it says why.
ACCEPTANCE_RULE = ("coauteur, vote pour, ou adoption sans vote à l'Assemblée générale depuis le 14 juillet 2011 "
                   "(comptée pour tout État Membre ; avant cette date, la composition de l'Assemblée n'est pas "
                   "déduite) ; une adoption sans vote au Conseil de sécurité, au Conseil des droits de "
                   "l'homme ou à l'ECOSOC ne compte pour aucun État : les sources ne nomment pas les membres "
                   "présents")


@dataclass(frozen=True)
class Assent:
    """One resolution as it concerns the State: its position, and whether it sponsored it."""

    symbol: str
    organ: str
    adopted: str
    title: str
    sponsored: bool
    # "pour", "contre", "abstention", "non votant", or "" when the record names no vote of the State.
    position: str
    adopted_text: bool  # False for a Security Council draft not adopted

    def to_json(self) -> dict[str, Any]:
        """Return the entry as the JSON twin prints it."""
        return {"symbol": self.symbol, "organ": self.organ, "adopted": self.adopted or None, "title": self.title,
                "sponsored": self.sponsored, "position": self.position or None, "adopted_text": self.adopted_text}


@dataclass(frozen=True)
class StateRecord:
    """What the collection says of one State's assent."""

    name: str
    entries: tuple[Assent, ...]
    # Adoptions without a vote of the General Assembly, per year (accepted by every Member State).
    consensus_by_year: tuple[tuple[int, int], ...]

    @property
    def sponsored(self) -> tuple[Assent, ...]:
        """Return the resolutions the State sponsored, newest first."""
        return tuple(e for e in self.entries if e.sponsored)

    @property
    def votes(self) -> tuple[Assent, ...]:
        """Return the recorded votes where the State has a position, newest first."""
        return tuple(e for e in self.entries if e.position)

    def positions(self) -> list[tuple[str, int]]:
        """Return how many recorded votes the State cast each way, in POSITION_ORDER."""
        counts = Counter(e.position for e in self.votes)
        return [(p, counts[p]) for p in POSITION_ORDER if counts[p]]

    def by_organ_year(self) -> list[dict[str, Any]]:
        """Return, per organ and year (newest first), resolutions sponsored and votes each way."""
        rows: dict[tuple[str, int], Counter[str]] = {}
        for e in self.entries:
            year = int(e.adopted[:4]) if e.adopted[:4].isdigit() else 0
            counts = rows.setdefault((e.organ, year), Counter())
            counts["sponsored"] += e.sponsored
            if e.position:
                counts[e.position] += 1
        return [{"organ": organ, "year": year or None, "sponsored": c["sponsored"],
                 **{p: c[p] for p in POSITION_ORDER}}
                for (organ, year), c in sorted(rows.items(), key=lambda item: (item[0][0], -item[0][1]))]

    def to_json(self) -> dict[str, Any]:
        """Return the State's record as the JSON twin prints it."""
        return {"state": self.name, "sponsored": len(self.sponsored),
                "votes": dict(self.positions()), "by_organ_year": self.by_organ_year(),
                "general_assembly_without_vote": [{"year": y, "resolutions": n} for y, n in self.consensus_by_year],
                "resolutions": [e.to_json() for e in self.entries]}


def state_name(text: str) -> str | None:
    """Return the French UN name of a State written in French or English, any case or accents; None if unknown."""
    return table().get(key(text))


def acceptance_rule(name: str) -> str:
    """Return the notice that says what « accepté par <name> » means (French)."""
    observer = " (observateur : seuls ses parrainages comptent)" if name in NOT_MEMBER_STATES else ""
    return f"accepté par {name}{observer} : {ACCEPTANCE_RULE}"


@functools.cache
def member_states() -> frozenset[str]:
    """Return the French names of the 193 Member States (states.tsv without its observers)."""
    return frozenset(set(table().values()) - NOT_MEMBER_STATES)


def general_assembly_consensus(meta: Mapping[str, Any]) -> bool:
    """Tell whether a resolution is a General Assembly adoption without a vote that every Member State accepted.

    Only from FULL_MEMBERSHIP_SINCE on: before, the members of that day are not known here.
    """
    vote: Mapping[str, Any] = meta.get("vote") or {}
    adopted = str(meta.get("adopted") or "")
    return (meta.get("organ") == GENERAL_ASSEMBLY and bool(vote.get("without_vote")) and not meta.get("rejected")
            and adopted >= FULL_MEMBERSHIP_SINCE)


def assenting(meta: Mapping[str, Any]) -> frozenset[str]:
    """Return the States a resolution's record names as sponsors or as voting for it."""
    vote: Mapping[str, Any] = meta.get("vote") or {}
    return frozenset([*(meta.get("sponsors") or ()), *(vote.get("yes") or ())])


def accepting_states(meta: Mapping[str, Any]) -> frozenset[str]:
    """Return every State that accepted a resolution: sponsors, votes for, and Member States on a GA consensus."""
    named = assenting(meta)
    return named | member_states() if general_assembly_consensus(meta) else named


def acceptance_reasons(name: str, meta: Mapping[str, Any]) -> tuple[str, ...]:
    """Return why a State accepted a resolution ("coauteur", "vote pour", …), empty when it did not."""
    vote: Mapping[str, Any] = meta.get("vote") or {}
    reasons = []
    if name in (meta.get("sponsors") or ()):
        reasons.append("coauteur")
    if name in (vote.get("yes") or ()):
        reasons.append("vote pour")
    if general_assembly_consensus(meta) and name in member_states():
        reasons.append("adoption sans vote à l'Assemblée générale")
    return tuple(reasons)


def acceptance_note(names: Sequence[str], meta: Mapping[str, Any]) -> str:
    """Say, for the exports filtered by accepted_by, how each State named accepted a resolution.

    "France : coauteur, vote pour ; Cuba : adoption sans vote à l'Assemblée générale" (the
    States that did not accept it are left out: the filter ORs its values).
    """
    parts = []
    for name in names:
        reasons = acceptance_reasons(name, meta)
        if reasons:
            parts.append(f"{name} : {', '.join(reasons)}")
    return " ; ".join(parts)


def _position(name: str, organ: str, vote: Mapping[str, Any]) -> str:
    for side, label in POSITIONS.items():
        if name in (vote.get(side) or ()):
            return label
    recorded = any(vote.get(side) for side in POSITIONS)
    member = name not in NOT_MEMBER_STATES
    return NOT_VOTING if recorded and organ == GENERAL_ASSEMBLY and member else ""


def state_record(name: str, resolutions: Mapping[str, Mapping[str, Any]]) -> StateRecord:
    """Return what the resolution records say of one State (its French UN name), newest first."""
    entries: list[Assent] = []
    consensus: Counter[int] = Counter()
    for symbol, meta in resolutions.items():
        organ = str(meta.get("organ") or "")
        vote: Mapping[str, Any] = meta.get("vote") or {}
        sponsored = name in (meta.get("sponsors") or ())
        position = _position(name, organ, vote)
        adopted = str(meta.get("adopted") or "")
        if general_assembly_consensus(meta) and name in member_states():
            consensus[int(adopted[:4]) if adopted[:4].isdigit() else 0] += 1
        if sponsored or position:
            entries.append(Assent(symbol, organ, adopted, str(meta.get("title") or meta.get("label") or ""),
                                  sponsored, position, not meta.get("rejected")))
    entries.sort(key=lambda e: (e.adopted, e.symbol), reverse=True)
    return StateRecord(name, tuple(entries), tuple(sorted(consensus.items(), reverse=True)))


def states_index(resolutions: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, int, int]]:
    """Return every State named as a sponsor or a voter: (name, resolutions sponsored, recorded votes), by name."""
    sponsored: Counter[str] = Counter()
    voted: Counter[str] = Counter()
    for meta in resolutions.values():
        sponsored.update(set(meta.get("sponsors") or ()))
        vote = meta.get("vote") or {}
        voted.update({n for side in POSITIONS for n in vote.get(side) or ()})
    names = sorted(set(sponsored) | set(voted), key=lambda n: (key(n), n))
    return [(n, sponsored[n], voted[n]) for n in names]
