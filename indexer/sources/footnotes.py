"""Resolve footnote texts, in particular "Ibid." chains.

"Ibid." repeats the source of an earlier footnote and replaces only the part
that changes: ``Ibid., vol. 1249, n° 20378`` after ``Nations Unies, Recueil
des Traités, vol. 1465, n° 24841`` means ``Nations Unies, Recueil des Traités,
vol. 1249, n° 20378``. We find, going back, the nearest footnote holding an
element of the same type as the one that follows "Ibid." (a volume, a session,
a year, a document) and splice the new element in at that point.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.sources.markup import plain

IBID_RE = re.compile(r"^\s*\*?\s*Ibid\.?\s*\*?\s*(?:,\s*)?", re.IGNORECASE)
SEE_RE = re.compile(r"^(?:Voir(?: aussi| également)?|Cf\.)\s+", re.IGNORECASE)

# Each element type: how to recognise it at the start of the Ibid. remainder,
# and how to find the same element inside an earlier reference.
ELEMENTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"^vol\.", re.I), re.compile(r",\s*vol\.", re.I)),
    (re.compile(r"^[\w-]+i[eè]me session|^premi[eè]re session", re.I),
     re.compile(r",\s*(?:[\w-]+i[eè]me|premi[eè]re) session", re.I)),
    (re.compile(r"^[\w-]+i[eè]me année|^premi[eè]re année", re.I),
     re.compile(r",\s*(?:[\w-]+i[eè]me|premi[eè]re) année", re.I)),
    (re.compile(r"^(?:19|20)\d\d\b"), re.compile(r",\s*(?:19|20)\d\d\b")),
    (re.compile(r"^Suppl[ée]ment", re.I), re.compile(r",\s*Suppl[ée]ment", re.I)),
    (re.compile(r"^documents?\b", re.I), re.compile(r",\s*documents?\b", re.I)),
    (re.compile(r"^chap\.", re.I), re.compile(r",\s*chap\.", re.I)),
    (re.compile(r"^(?:p|par|art|sect|annexe)\b\.?", re.I), re.compile(r",\s*(?:p|par|art|sect|annexe)\b\.?", re.I)),
)


def is_ibid(text: str) -> bool:
    """Tell whether a footnote text starts with Ibid."""
    return bool(IBID_RE.match(text)) and "ibid" in text[:12].lower()


def resolve_ibid(text: str, earlier: Sequence[str]) -> str | None:
    """Return the full reference an Ibid. footnote stands for, or None.

    ``earlier`` holds the resolved plain texts of the previous footnotes, in
    order; the nearest one with a matching element wins.
    """
    rest = plain(IBID_RE.sub("", text, count=1)).strip()
    if not earlier:
        return None
    if not rest or rest == ".":
        return earlier[-1]
    for start, inside in ELEMENTS:
        if not start.match(rest):
            continue
        for previous in reversed(earlier):
            m = inside.search(previous)
            if m:
                return f"{previous[: m.start()]}, {rest}"
        return None
    return None


def clean_reference(text: str) -> str:
    """Return a footnote's plain text without a leading "Voir"."""
    text = SEE_RE.sub("", plain(text)).strip()
    return text[:1].upper() + text[1:]
