"""Give parsed paragraphs what every source format shares: unique anchors, footnote calls, footnotes.

Both parsers (Markdown and OCR) number their drafts in their own way, but
the last steps are one: an anchor seen twice is renamed with a warning, the
footnote calls are cut out of the plain text with their offsets (the web
pages put the call markers back there), and the footnotes a paragraph calls
are attached in call order, with a warning for a call whose note is absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from indexer.model import Footnote, Warning
from indexer.sources import markup

# A footnote call kept inside text that is still being cleaned (OCR): private-use
# fences, neither word characters nor spaces, so that cleaning regexes pass over them.
_CALL_MARK_RE = re.compile("\ue000(\\d{1,4})\ue001")

Calls = tuple[tuple[int, int], ...]


class AnchorRegistry:
    """Hand out anchors unique within one resolution, renaming repeats ``anchor-2``, ``anchor-3``…"""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def free(self, anchor: str) -> bool:
        """Tell whether no paragraph has claimed ``anchor`` yet."""
        return anchor not in self._seen

    def claim(self, anchor: str, eid: str, warnings: list[Warning], line: int) -> tuple[str, str]:
        """Return the anchor and eId to use, renamed with a ``duplicate-anchor`` warning if seen before."""
        if anchor in self._seen:
            n = 2
            while f"{anchor}-{n}" in self._seen:
                n += 1
            warnings.append(Warning("duplicate-anchor", f"ancre {anchor} en double, renommée {anchor}-{n}", line))
            anchor, eid = f"{anchor}-{n}", f"{eid}_{n}"
        self._seen.add(anchor)
        return anchor, eid


def plain_with_calls(raw: str) -> tuple[str, Calls]:
    """Return a Markdown paragraph's plain text and its footnote calls as (number, offset) pairs."""
    return markup.plain_with_calls(raw)


def call_mark(number: int) -> str:
    """Return the placeholder that keeps a footnote call's place in text still being cleaned."""
    return f"\ue000{number}\ue001"


def cut_call_marks(text: str) -> tuple[str, Calls]:
    """Remove the placeholders of :func:`call_mark`; return the text and the calls as (number, offset)."""
    plain, calls = markup.cut_calls(text, _CALL_MARK_RE)
    return plain, tuple(calls)


def attach_footnotes(calls: Iterable[tuple[int, int]], footnotes: Mapping[int, Footnote],
                     warnings: list[Warning], line: int) -> tuple[Footnote, ...]:
    """Return the footnotes called, once each in call order; warn ``footnote-missing`` for absent ones."""
    attached: list[Footnote] = []
    for number, _ in calls:
        if number in footnotes:
            if footnotes[number] not in attached:
                attached.append(footnotes[number])
        else:
            warnings.append(Warning("footnote-missing", f"note {number} appelée mais absente du fichier", line))
    return tuple(attached)
