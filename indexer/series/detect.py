"""Find the series of recurring resolutions in a collection, without a hand-made list.

A General Assembly, Human Rights Council or ECOSOC resolution re-adopted every
year or two keeps its title ("Protection des migrants"): resolutions of one
organ with the same normalised title form a group, ordered by date. Within a
group, the predecessor of a resolution is the latest earlier member it cites
("Rappelant sa résolution 78/217…"); when it cites none, the latest earlier
member of another session (two same-titled texts of one session are
siblings, not versions).

Security Council resolutions have no title: the predecessor of a renewal is
the earlier Council resolution it cites ("sa résolution 2723 (2024)") whose
text it repeats most, when it repeats enough of it (see
:func:`text_similarity`).

Each resolution has at most one predecessor and one successor; the chains
of two or more resolutions are the series. Pure functions over the
resolution metadata stored beside the index (``resolutions.json`` records)
and, for the Council, their paragraph texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.series.align import replaced

# Why a resolution follows another: same title and cited, same title only, cited and repeated text.
TITLE_AND_CITATION = "titre+citation"
TITLE_ONLY = "titre"
CITATION_AND_TEXT = "citation+texte"
BASIS_LABELS = {
    TITLE_AND_CITATION: "même titre, et cite la précédente",
    TITLE_ONLY: "même titre",
    CITATION_AND_TEXT: "cite la précédente et en reprend le texte",
}
# Share of word triples two untitled resolutions must share (Dice) to be versions of one text.
MIN_TEXT_SIMILARITY = 0.3

_TYPO = (("\u2019", "'"), ("\u2018", "'"), ("\u00a0", " "), ("\u202f", " "), ("\u2011", "-"), ("\u2013", "-"))
_PUNCT = re.compile(r"[^\w' -]+")
_FIGURES = re.compile(r"\d+")


@dataclass(frozen=True)
class Series:
    """A chain of resolutions, oldest first, with why each follows the one before."""

    key: str
    organ: str
    title: str
    symbols: tuple[str, ...]
    # basis[k] says why symbols[k + 1] follows symbols[k].
    basis: tuple[str, ...]


def normal_title(title: str) -> str:
    """Return a title as compared: case, spacing, apostrophes, punctuation and figures ignored (accents kept).

    Figures are the year or period a recurring text is about ("Dépenses
    imprévues et extraordinaires de l’exercice 2025", then "… 2026").
    """
    text = replaced(unicodedata.normalize("NFC", title), _TYPO).casefold()
    return " ".join(_FIGURES.sub("#", _PUNCT.sub(" ", text)).split())


def _when(meta: Mapping[str, Any], symbol: str) -> tuple[str, str]:
    return (str(meta.get("adopted") or ""), symbol)


def predecessors(resolutions: Mapping[str, Mapping[str, Any]],
                 similarity: Callable[[str, str], float] | None = None) -> dict[str, tuple[str, str]]:
    """Return, for each resolution that has one, its predecessor and why: {symbol: (previous, basis)}.

    ``similarity(old, new)`` scores how much of an older text a newer one
    repeats (0 to 1); without it untitled resolutions form no series.
    """
    kept = {s: m for s, m in resolutions.items() if not m.get("rejected") and m.get("adopted")}
    groups: dict[tuple[str, str], list[str]] = {}
    for symbol, meta in kept.items():
        title = normal_title(str(meta.get("title") or ""))
        if title:
            groups.setdefault((str(meta.get("organ")), title), []).append(symbol)
    claims: dict[str, tuple[str, str, float]] = {}
    # Earlier members of another session, for a resolution whose cited predecessor another one follows.
    fallback: dict[str, list[str]] = {}
    for members in groups.values():
        if len(members) > 1:
            _title_claims(members, kept, claims, fallback)
    if similarity is not None:
        for symbol, meta in kept.items():
            if symbol in claims or meta.get("title"):
                continue
            best = _most_similar_cited(symbol, meta, kept, similarity)
            if best is not None:
                claims[symbol] = (best[1], CITATION_AND_TEXT, best[0])
    # One successor per resolution: the strongest claim, then the earliest.
    taken: dict[str, str] = {}
    basis: dict[str, str] = {}
    for symbol in sorted(claims, key=lambda s: (-_strength(claims[s]), _when(kept[s], s))):
        previous = claims[symbol][0]
        if previous not in taken:
            taken[previous] = symbol
            basis[symbol] = claims[symbol][1]
    # A same-titled resolution that lost its claim follows the latest earlier member still free.
    for symbol in sorted(fallback, key=lambda s: _when(kept[s], s)):
        if symbol in basis:
            continue
        free = [s for s in fallback[symbol] if s not in taken]
        if free:
            taken[free[-1]] = symbol
            basis[symbol] = TITLE_ONLY
    return {new: (old, basis[new]) for old, new in taken.items()}


def _title_claims(members: list[str], kept: Mapping[str, Mapping[str, Any]],
                  claims: dict[str, tuple[str, str, float]], fallback: dict[str, list[str]]) -> None:
    """Claim, for each member of a group of same-titled resolutions, the earlier member it follows.

    The latest earlier member it cites, else the latest of another session; ``fallback`` keeps the
    earlier members of another session, for a member whose claim another one wins.
    """
    members.sort(key=lambda s: _when(kept[s], s))
    for k, symbol in enumerate(members):
        meta = kept[symbol]
        earlier = [s for s in members[:k] if kept[s]["adopted"] < meta["adopted"]]
        if not earlier:
            continue
        cites = set(meta.get("cites") or ())
        cited = [s for s in earlier if s in cites]
        other = [s for s in earlier if kept[s].get("session") != meta.get("session") or meta.get("session") is None]
        fallback[symbol] = other
        if cited:
            claims[symbol] = (cited[-1], TITLE_AND_CITATION, 1.0)
            continue
        if other:
            claims[symbol] = (other[-1], TITLE_ONLY, 0.5)


def _most_similar_cited(symbol: str, meta: Mapping[str, Any], kept: Mapping[str, Mapping[str, Any]],
                        similarity: Callable[[str, str], float]) -> tuple[float, str] | None:
    """Return the earlier untitled resolution of the same organ that an untitled one cites and repeats most.

    As (score, symbol), the score at least ``MIN_TEXT_SIMILARITY``; equal scores go to the latest.
    """
    organ = meta.get("organ")
    best: tuple[float, str] | None = None
    for cited in meta.get("cites") or ():
        old = kept.get(cited)
        if old is None or old.get("organ") != organ or old.get("title") or old["adopted"] >= meta["adopted"]:
            continue
        score = similarity(cited, symbol)
        if score < MIN_TEXT_SIMILARITY:
            continue
        if best is None or (score, _when(old, cited)) > (best[0], _when(kept[best[1]], best[1])):
            best = (score, cited)
    return best


def _strength(claim: tuple[str, str, float]) -> float:
    order = {TITLE_AND_CITATION: 2.0, CITATION_AND_TEXT: 1.0, TITLE_ONLY: 0.0}
    return order[claim[1]] + claim[2]


def chains(resolutions: Mapping[str, Mapping[str, Any]], links: Mapping[str, tuple[str, str]]) -> list[Series]:
    """Return the series the predecessor links make (two resolutions or more), oldest member first."""
    following = {old: new for new, (old, _) in links.items()}
    out = []
    for first in sorted(following, key=lambda s: _when(resolutions[s], s)):
        if first in links:
            continue  # not the start of its chain
        symbols = [first]
        basis = []
        while symbols[-1] in following and len(symbols) <= len(resolutions):
            nxt = following[symbols[-1]]
            basis.append(links[nxt][1])
            symbols.append(nxt)
        last = resolutions[symbols[-1]]
        title = str(last.get("title") or last.get("label") or "")
        out.append(Series(first, str(last.get("organ") or ""), title, tuple(symbols), tuple(basis)))
    return out


def detect(resolutions: Mapping[str, Mapping[str, Any]],
           similarity: Callable[[str, str], float] | None = None) -> list[Series]:
    """Return every series of the collection, the longest first."""
    found = chains(resolutions, predecessors(resolutions, similarity))
    found.sort(key=lambda s: (-len(s.symbols), s.key))
    return found


# -- text similarity of two whole resolutions -----------------------------------
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def shingles(paragraphs: Sequence[str]) -> frozenset[tuple[str, str, str]]:
    """Return the word triples of a resolution's paragraphs (lower case, figures left out)."""
    out: set[tuple[str, str, str]] = set()
    for text in paragraphs:
        ws = _WORD.findall(replaced(unicodedata.normalize("NFC", text), _TYPO).lower())
        out.update(zip(ws, ws[1:], ws[2:], strict=False))
    return frozenset(out)


def text_similarity(old: frozenset[Any], new: frozenset[Any]) -> float:
    """Return how alike two resolutions' word triples are (Dice, 0 to 1)."""
    if not old or not new:
        return 0.0
    return 2 * len(old & new) / (len(old) + len(new))


def to_json(series: Sequence[Series]) -> dict[str, Any]:
    """Return the series as written beside the index: the list, and each member's place."""
    members: dict[str, dict[str, Any]] = {}
    for s in series:
        for k, symbol in enumerate(s.symbols):
            members[symbol] = {
                "series": s.key, "index": k,
                "previous": s.symbols[k - 1] if k else None,
                "next": s.symbols[k + 1] if k + 1 < len(s.symbols) else None,
                "basis": s.basis[k - 1] if k else None,
            }
    return {
        "series": [{"key": s.key, "organ": s.organ, "title": s.title, "symbols": list(s.symbols),
                    "basis": list(s.basis)} for s in series],
        "members": members,
    }
