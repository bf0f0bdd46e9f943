"""Pair a French resolution with its English version, paragraph by paragraph.

Both texts are parsed by the same reader, so the same structure gives the
same anchors (pp3, op4a, B-op2). The two files are not always marked up
alike: a heading is a paragraph in one and not in the other, an unnumbered
operative paragraph is ``opu1`` here and ``op1`` there. The anchor sequences
are therefore aligned as a diff: anchors present in both are paired, and in a
stretch that differs, paragraphs are paired in order only where both sides
have the same number of paragraphs of the same kinds. Anything else stays
unpaired and is reported with both counts, never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from indexer.model import Paragraph, Resolution, Warning

ENGLISH = "eng"


@dataclass(frozen=True)
class Alignment:
    """How a French resolution's paragraphs were paired with the English ones."""

    symbol: str
    french: int
    english: int
    aligned: int
    # French anchor → English anchor, where they differ (paired in order inside a differing stretch).
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def complete(self) -> bool:
        """Tell whether every paragraph of both versions found its counterpart."""
        return self.french == self.english == self.aligned


def pairs(french: tuple[Paragraph, ...], english: tuple[Paragraph, ...]) -> list[tuple[int, int]]:
    """Return (French index, English index) of the paragraphs that correspond, in reading order.

    First by anchor; inside a stretch where the anchors differ, by structure
    (kind, number, letter: "B-II-op1" and "B-B-op1" are both operative 1 when
    only a part's heading is marked up differently); inside a stretch where
    that differs too, in order only when both sides have the same kinds.
    """
    out: list[tuple[int, int]] = []
    _match(french, english, [_anchor_key, _structure_key], 0, len(french), 0, len(english), out)
    return out


def _anchor_key(p: Paragraph) -> str:
    return f"{p.anchor}|{p.kind}"


def _structure_key(p: Paragraph) -> str:
    return f"{p.kind}|{p.number or ''}|{p.letter or ''}|{p.level}"


Key = Callable[[Paragraph], str]


def _match(french: tuple[Paragraph, ...], english: tuple[Paragraph, ...], keys: list[Key], i1: int, i2: int,
           j1: int, j2: int, out: list[tuple[int, int]]) -> None:
    left = [keys[0](p) for p in french[i1:i2]]
    right = [keys[0](p) for p in english[j1:j2]]
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        a1, a2, b1, b2 = a1 + i1, a2 + i1, b1 + j1, b2 + j1
        if tag == "equal":
            out.extend(zip(range(a1, a2), range(b1, b2), strict=True))
        elif tag == "replace" and a2 - a1 == b2 - b1 \
                and [p.kind for p in french[a1:a2]] == [p.kind for p in english[b1:b2]]:
            # Same shape, other names (opu1/op1, x41/x42): the markup differs, not the text.
            out.extend(zip(range(a1, a2), range(b1, b2), strict=True))
        elif tag == "replace" and len(keys) > 1:
            _match(french, english, keys[1:], a1, a2, b1, b2, out)


def align(french: Resolution, english: Resolution) -> tuple[Resolution, Alignment]:
    """Return the French resolution with each paragraph's English text, and how they were paired."""
    matched = pairs(french.paragraphs, english.paragraphs)
    by_french = dict(matched)
    paragraphs = tuple(
        replace(p, text_en=english.paragraphs[by_french[i]].text) if i in by_french else p
        for i, p in enumerate(french.paragraphs)
    )
    renamed = tuple((french.paragraphs[i].anchor, english.paragraphs[j].anchor) for i, j in matched
                    if french.paragraphs[i].anchor != english.paragraphs[j].anchor)
    result = Alignment(french.symbol, len(french.paragraphs), len(english.paragraphs), len(matched), renamed)
    warnings = list(french.warnings)
    if not result.complete:
        missing = [p.anchor for i, p in enumerate(french.paragraphs) if i not in by_french]
        extra = sorted(set(range(len(english.paragraphs))) - {j for _, j in matched})
        detail = []
        if missing:
            detail.append(f"sans anglais : {_some([str(a) for a in missing])}")
        if extra:
            detail.append(f"anglais sans français : {_some([english.paragraphs[j].anchor for j in extra])}")
        warnings.append(Warning(
            "english-mismatch",
            f"français : {result.french} paragraphes, anglais : {result.english} ; {result.aligned} alignés"
            + (f" ({' ; '.join(detail)})" if detail else ""),
        ))
    paired = replace(french, paragraphs=paragraphs, title_en=english.title, english_source=english.source,
                     english_paragraphs=len(english.paragraphs), warnings=tuple(warnings))
    return paired, result


def _some(anchors: list[str], limit: int = 8) -> str:
    shown = ", ".join(anchors[:limit])
    return shown + (f"… (+{len(anchors) - limit})" if len(anchors) > limit else "")


# FRBRlanguage as AKN4UN writes it: <FRBRlanguage ... language="eng"/>.
_DECLARED_RE = re.compile(rb"<(?:\w+:)?FRBRlanguage\b[^>]*\blanguage=\"([a-z]{3})\"")


def declared_language(data: bytes) -> str | None:
    """Return the language an AKN file declares (``eng``, ``fra``), read without parsing it."""
    m = _DECLARED_RE.search(data[:65536])
    return m.group(1).decode() if m else None
