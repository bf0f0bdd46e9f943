"""Name a paragraph the way the UN cites it: "A/RES/68/179, par. 4 a)", "3e alinéa du préambule".

Pure functions over a paragraph record: any mapping with the keys of
:class:`indexer.model.Paragraph` (``kind``, ``anchor``, ``number``,
``letter``, ``part``, ``uncertain``), so that the parsers, the index records,
the CLI and the web pages all cite a paragraph in one way.

A citation identifies one paragraph of its resolution.  Where the source's
numbering cannot be trusted (``uncertain``: an OCR'd number printed twice, or
an unnumbered paragraph whose place in the sequence is taken by a printed
number), the label says so and carries the paragraph's anchor, rather than
print a "par. N" that another paragraph also claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from indexer.model import NUMBERED_KINDS, PREAMBULAR, SUBPARAGRAPH

# A section whose numbering restarts (I-op1) or a lettered part's prefix.
DIVISION_ANCHOR_RE = re.compile(r"^([IVXLC]+|[A-Z]|\d{1,2})-(?=op|pp)")
# op4, op4a, op4a-ii, op7-IIa (item a of section II of a paragraph's list), op4-t1 (its first dash item).
OPERATIVE_ANCHOR_RE = re.compile(r"^op(\d+)(?:-([IVXLC]+)(?=[a-z]))?([a-z]*)(?:-([a-z]+|t\d+))?$")
# A number the source prints twice: the parsers give the second one a "-2" suffix (op1-2, op3i-a-2).
DUPLICATE_ANCHOR_RE = re.compile(r"^(op\S*)-(\d+)$")
# pp3d, pp6-t1, pp1a-ii: an item of a preambular paragraph.
PREAMBULAR_ITEM_RE = re.compile(r"^pp(\d+)([a-z]*)(?:-([a-z]+|t\d+))?$")
# annex-42, annex-42a, annex2-3b-ii: an annex paragraph by its printed number (annex-p7: unnumbered text).
# annex-a, annex-a-i: lettered items straight under an annex's title.
ANNEX_ANCHOR_RE = re.compile(r"^annex(\d*)-(\d+)?([a-z]*)(?:-([a-z]+))?$")
# A dash item has no printed mark: the parsers letter it t1, t2…
DASH_ITEM_RE = re.compile(r"^t(\d+)$")
UNCERTAIN = "numérotation incertaine"


def ordinal(n: int | str | None) -> str:
    """Return a French ordinal abbreviation: 1er, 2e, 3e…"""
    try:
        value = int(n)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(n or "")
    return "1er" if value == 1 else f"{value}e"


def _item(letter: str) -> str:
    """Return how an item is cited: "a)", "ii)", or "2e tiret" for a dash item."""
    dash = DASH_ITEM_RE.match(letter)
    return f"{ordinal(dash.group(1))} tiret" if dash else f"{letter})"


def _split_anchor(record: Mapping[str, Any]) -> tuple[str, str]:
    """Return the label prefix ("partie B, section I, ") and the anchor without it."""
    anchor = str(record.get("anchor") or "")
    part = record.get("part")
    bare = anchor.split("-", 1)[1] if part and anchor.startswith(f"{part}-") else anchor
    prefix = f"partie {part}, " if part else ""
    division = DIVISION_ANCHOR_RE.match(bare)
    if division:
        # A section whose numbering restarts (I-op1): "section I, par. 1".
        prefix += f"section {division.group(1)}, "
        bare = bare[division.end():]
    return prefix, bare


def local_label(record: Mapping[str, Any]) -> str:
    """Return a paragraph's label inside its resolution ("par. 4 a)", "3e alinéa du préambule")."""
    kind = record.get("kind")
    anchor = str(record.get("anchor") or "")
    prefix, bare = _split_anchor(record)
    if kind == PREAMBULAR:
        return f"{prefix}{ordinal(record.get('number'))} alinéa du préambule"
    item = PREAMBULAR_ITEM_RE.match(bare) if kind == SUBPARAGRAPH else None
    if item:
        # Not "par. 3 d)": the preamble's paragraphs are not numbered, its items are cited under their alinéa.
        marks = " ".join(_item(m) for m in item.groups()[1:] if m)
        return f"{prefix}{ordinal(item.group(1))} alinéa du préambule, {marks}"
    annex = ANNEX_ANCHOR_RE.match(bare) if kind not in NUMBERED_KINDS else None
    if annex:
        which = f"annexe {annex.group(1)}" if annex.group(1) else "annexe"
        marks = "".join(f" {m})" for m in annex.groups()[2:] if m)
        if annex.group(2) is None:
            return f"{prefix}{which},{marks}"
        return f"{prefix}{which}, par. {annex.group(2)}{marks}"
    if kind not in NUMBERED_KINDS:
        where = "annexe" if bare.startswith("annex") else "texte non numéroté"
        return f"{prefix}{where} ({anchor})"
    if record.get("uncertain"):
        return prefix + _uncertain_label(record, anchor)
    m = OPERATIVE_ANCHOR_RE.match(bare)
    if m:
        label = f"par. {m.group(1)}"
        if m.group(2):
            label += f" {m.group(2)}"
        if m.group(3):
            label += f" {m.group(3)})"
        if m.group(4):
            label += f" {_item(m.group(4))}"
        return prefix + label
    if record.get("number"):
        letter = f" {_item(str(record['letter']))}" if record.get("letter") else ""
        return f"{prefix}par. {record['number']}{letter}"
    return f"{prefix}texte non numéroté ({anchor})"


def cited_label(record: Mapping[str, Any]) -> str:
    """Return the label a citation prints: :func:`local_label`, with the anchor where a number is printed twice.

    The parsers give the second paragraph of a number printed twice a "-2" suffix (op1-2, op3i-a-2);
    where the reader has not flagged it ``uncertain`` already (the AKN reader does not), its label
    carries the anchor, so that each citation names one paragraph: "par. 1 (numérotation incertaine, op1-2)".
    """
    label = local_label(record)
    anchor = str(record.get("anchor") or "")
    _, bare = _split_anchor(record)
    if (record.get("kind") in NUMBERED_KINDS and not record.get("uncertain")
            and DUPLICATE_ANCHOR_RE.match(bare)):
        return f"{label} ({UNCERTAIN}, {anchor})"
    return label


def _uncertain_label(record: Mapping[str, Any], anchor: str) -> str:
    """Return the label of a paragraph whose number is doubtful: what was printed, and its anchor."""
    letter = f" {_item(str(record['letter']))}" if record.get("kind") == SUBPARAGRAPH and record.get("letter") else ""
    if record.get("number"):
        return f"par. {record['number']}{letter} ({UNCERTAIN}, {anchor})"
    if letter:
        return f"alinéa{letter} d'un paragraphe non numéroté ({anchor})"
    return f"paragraphe non numéroté ({anchor})"


def citation(symbol: str, record: Mapping[str, Any]) -> str:
    """Return the UN-style citation of a paragraph: "A/RES/68/179, par. 4 a)"."""
    return f"{symbol}, {cited_label(record)}"


# -- reading citations back -------------------------------------------------------------------------------------

# What may follow a symbol in a pasted citation: a label resolu prints, or its English form ("para. 4 (a)").
LABEL_START_RE = re.compile(
    r"^\s*[,;:]?\s*(?=(?:par(?:a(?:graph(?:e|s)?)?)?\b\.?\s*\d|op(?:erative)?\b|\d+\s*(?:e|er|re|ème|st|nd|rd|th)\b"
    r"|premier|partie|part\b|section|annexe?|texte non numéroté|paragraphe non numéroté|alinéa|preambular|pp\s*\d))",
    re.IGNORECASE)
_ENGLISH_ORDINAL_RE = re.compile(r"\b(\d+)\s*(?:st|nd|rd|th|ème|eme|re)\b")
_PREAMBLE_EN_RE = re.compile(r"^(?:(\d+)e\s+)?preambular paragraph(?:\s+(\d+))?")
_PARAGRAPH_WORD_RE = re.compile(r"\b(?:paragraphs?|paragraphe|para\.?|par\.?|op\.?|operative paragraph)\s*(?=\d)")
_PAREN_MARK_RE = re.compile(r"\(\s*([a-z]{1,4}|\d+e tiret)\s*\)")
_GLUED_MARK_RE = re.compile(r"(\d)([a-z]{1,4}\))")
_BARE_MARK_RE = re.compile(r"(\b(?:par\. \d+|[a-z]{1,4}\))\s+)([a-z]{1,4})$")


def normalize_label(label: str) -> str:
    """Return the comparison key of a paragraph label, French or English, as typed or as printed.

    "par. 4 a)", "para. 4 (a)", "paragraph 4(a)" and "Par.4 a" all give "par. 4 a)";
    "3rd preambular paragraph" gives "3e alinéa du préambule".
    """
    text = " ".join(label.replace("\u00a0", " ").split()).casefold().strip(" .,;")
    text = text.replace("annex ", "annexe ").replace("part ", "partie ")
    text = _ENGLISH_ORDINAL_RE.sub(lambda m: "1er" if m.group(1) == "1" else f"{m.group(1)}e", text)
    text = re.sub(r"\b1e\b", "1er", text)
    text = _PREAMBLE_EN_RE.sub(lambda m: f"{m.group(1) or m.group(2)}e alinéa du préambule", text)
    text = re.sub(r"\b1e alinéa", "1er alinéa", text)
    text = _PARAGRAPH_WORD_RE.sub("par. ", text)
    text = _PAREN_MARK_RE.sub(r" \1)", text)
    text = _GLUED_MARK_RE.sub(r"\1 \2", text)
    text = _BARE_MARK_RE.sub(r"\1\2)", text)
    return " ".join(text.split())


def label_after_symbol(rest: str) -> str | None:
    """Return the paragraph label that follows a symbol in a pasted citation (", par. 4 a)"), else None."""
    m = LABEL_START_RE.match(rest)
    if not m:
        return None
    label = rest[m.end():].strip()
    return label or None


def _anchor_of(label: str) -> str | None:
    """Return the anchor a plain "par. 4 a) ii)" label names (op4a-ii), for labels no paragraph prints."""
    m = re.fullmatch(r"par\. (\d+)(?: ([a-z]{1,4})\))?(?: ([a-z]{1,4})\))?", label)
    if not m:
        return None
    number, letter, deeper = m.groups()
    return f"op{number}{letter or ''}" + (f"-{deeper}" if deeper else "")


def find_cited(paragraphs: Iterable[Mapping[str, Any]], label: str) -> Mapping[str, Any] | None:
    """Return the paragraph a label names in its resolution ("par. 4 a)", "para. 4 (a)"), or None.

    Every label :func:`cited_label` prints names its paragraph back; "par. N a)" also finds the
    paragraph anchored opNa when its printed label differs.
    """
    wanted = normalize_label(label)
    if not wanted:
        return None
    paragraphs = list(paragraphs)
    for p in paragraphs:
        if normalize_label(cited_label(p)) == wanted:
            return p
    anchor = _anchor_of(wanted)
    if anchor is None:
        return None
    return next((p for p in paragraphs if _split_anchor(p)[1] == anchor or p.get("anchor") == anchor), None)


def wanted_anchor(label: str) -> str | None:
    """Return the anchor a "par. N a)" label would have, to say which paragraph is missing."""
    return _anchor_of(normalize_label(label))
