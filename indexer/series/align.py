"""Align the paragraphs of two versions of a resolution and diff their words.

For a pair (OLD, NEW), every paragraph of NEW (sub-paragraphs included) gets
a status:

- ``same``: identical wording, ignoring whitespace, footnote numbers, the case
  of the first letter, typographic apostrophes and spaces (punctuation and
  a capital inside the text count);
- ``updated``: only references, dates, session numbers or figures changed;
- ``edited``: the wording changed;
- ``merged``: built from two or more OLD paragraphs;
- ``new``: no OLD paragraph feeds it.

Every OLD paragraph that feeds none is dropped. A matched paragraph taken out
of the order of the others is ``moved``. Pairs are found by content, never by
position or opening: a text repeats "Rappelant…" and "Prie le Secrétaire
général…" many times over, so the opening says nothing about which is which.

Pure functions over paragraph records (dicts with ``anchor``, ``kind``,
``text``, as stored in the index); no Whoosh, no Flask.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from indexer.model import OTHER, PREAMBULAR

SAME = "same"
UPDATED = "updated"
EDITED = "edited"
MERGED = "merged"
NEW = "new"
STATUS_LABELS = {
    SAME: "inchangé",
    UPDATED: "mis à jour (références, dates, chiffres)",
    EDITED: "reformulé",
    MERGED: "fusionné",
    NEW: "nouveau",
}

# Below this word similarity (Dice over words) two paragraphs are not the same text reworded.
MIN_SIMILARITY = 0.5
# Across kinds (a sub-paragraph made an operative paragraph) the bar is higher.
MIN_SIMILARITY_ACROSS_KINDS = 0.7
# Share of an OLD paragraph's words found in a NEW one for it to have been merged into it.
MIN_CONTAINMENT = 0.7
# A small preference for paragraphs at the same relative place, to break ties between repeats.
POSITION_WEIGHT = 0.05

# Typographic variants that the two sources (AKN, OCR, Markdown) spell differently.
_TYPO = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ",
         "\u2009": " ", "\u2011": "-", "\u2010": "-", "\u2013": "-", "\u00ab": '"',
         "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u2026": "..."}
_TYPO_ITEMS = tuple(_TYPO.items())


def replaced(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    """Replace each character of ``pairs`` by its plain spelling: ``str.translate`` with the same table, faster.

    The same result when no replacement holds a character replaced, several
    times faster: translate looks each character up in a dictionary, replace
    scans for one character in C (a tenth of the series).
    """
    for char, plain in pairs:
        if char in text:
            text = text.replace(char, plain)
    return text


def plain_typography(text: str) -> str:
    """Replace the typographic variants of :data:`_TYPO` by their plain spelling."""
    return replaced(text, _TYPO_ITEMS)


# A footnote call left in a text source right after a word ("migrants3,").
_CALL = re.compile(r"(?<=[^\W\d_])\d{1,2}(?=[\s,;.:)]|$)")
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*'?|\S", re.UNICODE)
# French number words (cardinals and ordinals, "soixante-dixième", "vingt-et-unième"), month names.
_NUMBER_PART = (r"(?:z[ée]ro|une?|premi[eè]re?s?|deux|second[e]?|trois|quatre|quatr|cinq|six|sept|huit|neuf|"
                r"dix|onze|onz|douze|douz|treize|treiz|quatorze|quatorz|quinze|quinz|seize|seiz|vingts?|"
                r"trente|trent|quarante|quarant|cinquante|cinquant|soixante|soixant|cents?|milles?|mill|"
                r"et|cinqu|neuv)(?:i[eè]mes?)?")
_NUMBER_WORD = re.compile(rf"^{_NUMBER_PART}(?:-{_NUMBER_PART})*$")
_ARTICLE = {"un", "une", "et"}
_MONTHS = {"janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout",
           "septembre", "octobre", "novembre", "décembre", "decembre"}
# Words that join references in a list ("résolutions 76/172 et 78/217 du 19 décembre 2023").
_JOINERS = {",", "et", "du", "de", "des", "en", "date", "ainsi", "que", "le", "la", "l'", "au", "à", "(", ")", "/", "-"}
FIGURE = "#"
_DIGIT = re.compile(r"\d")


def normal_text(text: str) -> str:
    """Return a paragraph's wording as compared for ``same``: spacing, apostrophes, first capital aside."""
    text = plain_typography(unicodedata.normalize("NFC", text))
    text = _CALL.sub("", text)
    text = " ".join(text.split())
    return text[:1].lower() + text[1:]


def words(text: str) -> list[str]:
    """Return the lower-case words and punctuation marks of a text, as compared."""
    return _WORD.findall(normal_text(text).lower())


@functools.lru_cache(maxsize=1 << 16)
def _is_figure(word: str) -> bool:
    """Tell whether a word is a number, a date part or a reference (anything with a digit)."""
    if _DIGIT.search(word) or word in _MONTHS:
        return True
    return word not in _ARTICLE and bool(_NUMBER_WORD.match(word))


def masked(tokens: Sequence[str]) -> tuple[str, ...]:
    """Return the words with figures, dates and references replaced by one mark per run.

    "sa résolution 78/217 du 19 décembre 2023" and "sa résolution 80/218 du
    18 décembre 2025" give the same masked text: the paragraph was updated.
    """
    out: list[str] = []
    pending: list[str] = []
    # Run on every word of the paragraphs not repeated word for word: one lower() per word,
    # and the joiners kept pending only touched when there are some.
    is_figure = _is_figure
    for word in tokens:
        low = word.lower()
        if is_figure(low):
            if out and out[-1] == FIGURE:
                pending.clear()  # joiners between two figures belong to the run
            else:
                if pending:
                    out.extend(pending)
                    pending.clear()
                out.append(FIGURE)
            continue
        if out and out[-1] == FIGURE and low in _JOINERS:
            pending.append(word)
            continue
        if pending:
            out.extend(pending)
            pending.clear()
        out.append(word)
    out.extend(pending)
    return tuple(out)


@dataclass(frozen=True)
class Link:
    """How one NEW paragraph relates to OLD: its status, its OLD sources, whether it moved."""

    new: str
    status: str
    old: tuple[str, ...] = ()
    moved: bool = False
    similarity: float = 1.0


@dataclass(frozen=True)
class Alignment:
    """The alignment of two versions: one link per NEW paragraph, in order, and the dropped OLD paragraphs."""

    links: tuple[Link, ...]
    dropped: tuple[str, ...]
    counts: Mapping[str, int] = field(default_factory=dict)

    def link(self, anchor: str) -> Link | None:
        """Return the link of one NEW paragraph, if it exists."""
        return next((x for x in self.links if x.new == anchor), None)


@dataclass
class _Side:
    anchors: list[str]
    kinds: list[str]
    exact: list[str]
    bags: list[frozenset[str]]
    sizes: list[int]

    @classmethod
    def of(cls, paragraphs: Sequence[Mapping[str, Any]]) -> _Side:
        keys = [_keys(p.get("text") or "") for p in paragraphs]
        return cls(
            anchors=[p["anchor"] for p in paragraphs],
            kinds=[p.get("kind") or "" for p in paragraphs],
            exact=[k[0] for k in keys],
            bags=[k[1] for k in keys],
            sizes=[len(k[1]) for k in keys],
        )


@functools.lru_cache(maxsize=1 << 14)
def _keys(text: str) -> tuple[str, frozenset[str]]:
    """Return what a paragraph is compared by: its normal text and its distinct words.

    Cached: at build time each resolution is both the NEW of one pair and the OLD of the next.
    """
    exact = normal_text(text)
    # Distinct words: set intersections run in C, a pair of 120-paragraph texts in a few milliseconds.
    bag = frozenset(t for t in _WORD.findall(exact.lower()) if len(t) > 1 or t.isalnum())
    return exact, bag


@functools.lru_cache(maxsize=1 << 14)
def _figures(exact: str) -> tuple[str, ...]:
    """Return a normal text's words with figures masked (only asked of paragraphs not repeated word for word)."""
    # Case kept: "États parties" → "États Parties" is a change of wording, not of figures.
    return masked(_WORD.findall(exact))


def _place(i: int, n: int) -> float:
    return i / max(1, n - 1)


def _intersections(old: Sequence[frozenset[str]], new: Sequence[frozenset[str]]) -> np.ndarray:
    """Return the number of distinct words each OLD paragraph shares with each NEW one.

    Set intersections (run in C) rather than a matrix product: on a shared,
    loaded machine BLAS threads cost more than they save at these sizes.
    """
    out = np.zeros((len(old), len(new)), dtype=np.float32)
    for i, bag in enumerate(old):
        out[i] = [len(bag & other) for other in new]
    return out


def _across_parts(kind_a: str, kind_b: str) -> bool:
    """Tell whether two kinds stand on either side of the preamble/operative divide.

    A preambular paragraph records what the organ recalls or notes; an operative one
    what it decides or asks. One does not continue the other unless the wording is
    the same (A/RES/80/218 par. 1 is not 68/179's 6th preambular paragraph reworded).
    """
    return (kind_a == PREAMBULAR) != (kind_b == PREAMBULAR) and OTHER not in (kind_a, kind_b)


def _pair_equal(a: _Side, b: _Side, keys_a: Sequence[Any] | Mapping[int, Any],
                keys_b: Sequence[Any] | Mapping[int, Any], label: str, used: list[bool],
                sources: list[list[int]], status: list[str], score: list[float]) -> None:
    """Pair paragraphs with equal keys, in NEW order; among repeats, same kind then the nearest place wins."""
    na, nb = len(a.anchors), len(b.anchors)
    items_a = keys_a.items() if isinstance(keys_a, Mapping) else enumerate(keys_a)
    items_b = keys_b.items() if isinstance(keys_b, Mapping) else enumerate(keys_b)
    free: dict[Any, list[int]] = {}
    for i, key in items_a:
        if not used[i] and a.sizes[i]:
            free.setdefault(key, []).append(i)
    for j, key in items_b:
        if sources[j] or key not in free:
            continue
        candidates = [i for i in free[key] if not used[i]]
        if not candidates:
            continue
        i = min(candidates, key=lambda i: (a.kinds[i] != b.kinds[j], abs(_place(i, na) - _place(j, nb))))
        used[i] = True
        sources[j] = [i]
        status[j] = label
        score[j] = 1.0


def align(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> Alignment:
    """Align the paragraphs of two versions (records in reading order); return one link per NEW paragraph."""
    a, b = _Side.of(old), _Side.of(new)
    na, nb = len(old), len(new)
    sources: list[list[int]] = [[] for _ in range(nb)]
    status: list[str] = [NEW] * nb
    score: list[float] = [0.0] * nb
    used = [False] * na

    # 1 and 2: identical wording, then identical but for figures; among repeats, the nearest place wins.
    _pair_equal(a, b, a.exact, b.exact, SAME, used, sources, status, score)
    rest_a = {i: _figures(a.exact[i]) for i in range(na) if not used[i] and a.sizes[i]}
    rest_b = {j: _figures(b.exact[j]) for j in range(nb) if not sources[j] and b.sizes[j]}
    _pair_equal(a, b, rest_a, rest_b, UPDATED, used, sources, status, score)

    # 3: reworded paragraphs, best pairs first (Dice over distinct words, kinds and places as tie-breakers).
    # Only the paragraphs left over are compared: most were paired above, by a dictionary lookup.
    rows = [i for i in range(na) if not used[i] and a.sizes[i]]
    cols = [j for j in range(nb) if not sources[j] and b.sizes[j]]
    if rows and cols:
        inter = _intersections([a.bags[i] for i in rows], [b.bags[j] for j in cols])
        size_a = np.array([a.sizes[i] for i in rows], dtype=np.float32)
        size_b = np.array([b.sizes[j] for j in cols], dtype=np.float32)
        dice = 2 * inter / (size_a[:, None] + size_b[None, :])
        kinds_a = np.array([a.kinds[i] for i in rows], dtype=object)
        kinds_b = np.array([b.kinds[j] for j in cols], dtype=object)
        bar = np.where(kinds_a[:, None] == kinds_b[None, :], MIN_SIMILARITY, MIN_SIMILARITY_ACROSS_KINDS)
        divide = (kinds_a[:, None] == PREAMBULAR) != (kinds_b[None, :] == PREAMBULAR)
        others = (kinds_a[:, None] == OTHER) | (kinds_b[None, :] == OTHER)
        bar = np.where(divide & ~others, np.inf, bar)
        place = np.abs(np.array([_place(i, na) for i in rows])[:, None]
                       - np.array([_place(j, nb) for j in cols])[None, :])
        r, c = np.nonzero(dice >= bar)
        value = dice[r, c] + POSITION_WEIGHT * (1 - place[r, c])
        for k in np.lexsort((r, c, -value)).tolist():
            i, j = rows[int(r[k])], cols[int(c[k])]
            if used[i] or sources[j]:
                continue
            used[i] = True
            sources[j] = [i]
            status[j] = EDITED
            score[j] = float(dice[r[k], c[k]])

        # 4: an OLD paragraph left over whose words mostly stand in one NEW paragraph was merged into it.
        left = [i for i in rows if not used[i]]
        by_row = _intersections([a.bags[i] for i in left], b.bags)
        for row, i in enumerate(left):
            j = int(np.argmax(by_row[row]))
            # Not into a paragraph that repeats one OLD paragraph word for word: nothing else went in.
            if by_row[row, j] / a.sizes[i] >= MIN_CONTAINMENT and sources[j] and status[j] == EDITED \
                    and not _across_parts(a.kinds[i], b.kinds[j]):
                used[i] = True
                sources[j].append(i)
        # A NEW paragraph left over that stands mostly in one OLD paragraph was split from it.
        alone = [j for j in cols if not sources[j] and b.sizes[j] >= 4]
        by_col = _intersections(a.bags, [b.bags[j] for j in alone])
        for col, j in enumerate(alone):
            held_by = by_col[:, col].astype(np.float64)
            held_by[[_across_parts(a.kinds[i], b.kinds[j]) for i in range(na)]] = -1
            i = int(np.argmax(held_by))
            held = float(by_col[i, col]) / b.sizes[j]
            if held >= MIN_CONTAINMENT:
                used[i] = True
                sources[j] = [i]
                status[j] = EDITED
                score[j] = held
    for j in range(nb):
        if len(sources[j]) > 1:
            sources[j].sort()
            status[j] = MERGED

    moved = _moved([(j, sources[j][0]) for j in range(nb) if sources[j]])
    links = tuple(
        Link(b.anchors[j], status[j], tuple(a.anchors[i] for i in sources[j]), j in moved, round(score[j], 3))
        for j in range(nb)
    )
    fed = {i for s in sources for i in s}
    dropped = tuple(a.anchors[i] for i in range(na) if i not in fed)
    counts = Counter(link.status for link in links)
    counts["dropped"] = len(dropped)
    counts["moved"] = sum(link.moved for link in links)
    return Alignment(links, dropped, dict(counts))


def _moved(pairs: list[tuple[int, int]]) -> set[int]:
    """Return the NEW indexes of pairs outside the longest run kept in the same order (the moved ones)."""
    # Longest increasing subsequence of OLD indexes, in NEW order (patience sorting, O(n log n)).
    import bisect  # noqa: PLC0415

    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, i) in enumerate(pairs):
        at = bisect.bisect_left(tails, i)
        if at == len(tails):
            tails.append(i)
            tail_at.append(k)
        else:
            tails[at] = i
            tail_at[at] = k
        back[k] = tail_at[at - 1] if at else -1
    kept: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        kept.add(k)
        k = back[k]
    return {pairs[k][0] for k in range(len(pairs)) if k not in kept}


# -- word diffs ---------------------------------------------------------------
EQUAL, INSERT, DELETE = "eq", "ins", "del"
_PIECE = re.compile(r"\s*\S+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Return the word-level diff of two texts: (``eq``|``del``|``ins``, text) pieces, spaces kept.

    Words are compared as :func:`normal_text` spells them (an apostrophe or a
    non-breaking space is no change); the pieces show NEW's spelling, and
    OLD's for deletions.
    """
    pieces_a = _PIECE.findall(" ".join(old.split()))
    pieces_b = _PIECE.findall(" ".join(new.split()))
    keys_a = [plain_typography(p.strip()) for p in pieces_a]
    keys_b = [plain_typography(p.strip()) for p in pieces_b]
    if keys_a:
        keys_a[0] = keys_a[0][:1].lower() + keys_a[0][1:]
    if keys_b:
        keys_b[0] = keys_b[0][:1].lower() + keys_b[0][1:]
    out: list[tuple[str, str]] = []

    def put(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put(EQUAL, "".join(pieces_b[j1:j2]))
        else:
            put(DELETE, "".join(pieces_a[i1:i2]))
            put(INSERT, "".join(pieces_b[j1:j2]))
    if out and out[0][1][:1] == " ":
        out[0] = (out[0][0], out[0][1].lstrip())
    return out


def diff_of(link: Link, old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return the word diff of a NEW paragraph against its OLD sources (joined, for a merge); [] when same or new."""
    if link.status in (SAME, NEW):
        return []
    before = " ".join(str(old[a].get("text") or "") for a in link.old if a in old)
    return word_diff(before, str(new.get("text") or ""))


def to_json(alignment: Alignment, old_symbol: str, new_symbol: str,
            old: Sequence[Mapping[str, Any]] | None = None,
            new: Sequence[Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Return an alignment as ``resolu diff --json`` prints it (word diffs when the texts are given)."""
    by_old = {p["anchor"]: p for p in old or ()}
    by_new = {p["anchor"]: p for p in new or ()}
    paragraphs = []
    for link in alignment.links:
        item: dict[str, Any] = {"new": link.new, "status": link.status, "old": list(link.old), "moved": link.moved}
        if new is not None and link.status not in (SAME, NEW):
            item["diff"] = [list(piece) for piece in diff_of(link, by_old, by_new.get(link.new, {}))]
        paragraphs.append(item)
    return {"old": old_symbol, "new": new_symbol, "paragraphs": paragraphs, "dropped": list(alignment.dropped),
            "counts": dict(alignment.counts)}


def compact(alignment: Alignment) -> list[Any]:
    """Return an alignment in the small form kept beside the index: [[new, status, [old…], moved]…, dropped]."""
    return [[[x.new, x.status, list(x.old), x.moved] for x in alignment.links], list(alignment.dropped)]


def from_compact(data: Sequence[Any]) -> Alignment:
    """Read back an alignment written by :func:`compact`."""
    links = tuple(Link(n, s, tuple(o), bool(m)) for n, s, o, m in data[0])
    counts = Counter(x.status for x in links)
    counts["dropped"] = len(data[1])
    counts["moved"] = sum(x.moved for x in links)
    return Alignment(links, tuple(data[1]), dict(counts))
