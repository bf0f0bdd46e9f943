"""Parse the text of a resolution into the plain data model.

The Markdown conversion of an official PDF (the seed, General Assembly);
the OCR text of the Security Council volumes has its own parser
(:mod:`indexer.sources.ocr`), and :func:`indexer.sources.read.parse_text`
tells the two forms apart from the content alone. File names are never used
for metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.errors import ParseError
from indexer.model import (
    GENERAL_ASSEMBLY,
    OPERATIVE,
    OTHER,
    PREAMBULAR,
    SUBPARAGRAPH,
    Footnote,
    Paragraph,
    Resolution,
    Warning,
)
from indexer.model import ORGANS as MODEL_ORGANS
from indexer.sources import markup
from indexer.sources.anchors import AnchorRegistry, attach_footnotes, plain_with_calls
from indexer.sources.footnotes import clean_reference, is_ibid, resolve_ibid
from indexer.sources.french import CLAUSE_WORDS, FUNCTION_WORDS, parse_date
from indexer.sources.text_draft import TextDraft

UNITS = {
    "premier": 1, "première": 1, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
}

# The organs by their names in lower case, as a header line may print them.
ORGANS = {organ.name.lower(): organ.name for organ in MODEL_ORGANS}
# The symbol series of the organs numbering by session or year ("68/179"), used to build full symbols.
SERIES = {organ.name: organ.series for organ in MODEL_ORGANS if not organ.continuous}

FOOTNOTE_BLOCK_RE = re.compile(r"^<sup>\s*(\d{1,4})\s*</sup>\s*(.*)$", re.S)
OPERATIVE_RE = re.compile(r"^\*?\s*(\d{1,3})\s*\.\s*\*?\s*(?:\*\s*)?(.*)$", re.S)
LETTER_RE = re.compile(r"^\(?([a-z]{1,2})\)\s+(.*)$", re.S)
ROMAN_RE = re.compile(r"^\(?((?:x{0,3})(?:ix|iv|v?i{0,3}))\)\s+(.*)$", re.S)
PART_RE = re.compile(r"^(?:#+\s*)?(?:Partie\s+)?([A-H]|[IVX]{1,5})(?:\s*[.—–-]\s*(.*))?$")
ITALIC_OPENING_RE = re.compile(r"^\*([^*]+)\*(.*)$", re.S)
ORGAN_LINE_RE = re.compile(
    r"^\*?\s*(L[’']Assemblée générale|Le Conseil de sécurité|Le Conseil économique et social"
    r"|Le Conseil des droits de l[’']homme)\s*,?\s*\*?\s*,?$",
    re.IGNORECASE,
)
MEETING_RE = re.compile(r"^(\d{1,4})\s*(?:<sup>\s*e\s*</sup>|e)\s+séance plénière", re.IGNORECASE)
TERMINAL = (",", ";", ".", ":")
OPENING_STOPS = FUNCTION_WORDS | CLAUSE_WORDS

# Adverbs and fixed phrases that belong to the opening ("Encourage en outre",
# "Réaffirme avec force") although they start with a function word.
ADVERB_RE = re.compile(
    r"^(?:également|aussi|en outre|de nouveau|à nouveau|de même|encore|instamment|énergiquement|"
    r"vivement|fermement|résolument|profondément|vigoureusement|sérieusement|"
    r"avec (?:force|satisfaction|fermeté|préoccupation|inquiétude|intérêt|gratitude|"
    r"appréciation|regret|une vive préoccupation|une profonde préoccupation)|acte|note)\b",
    re.IGNORECASE,
)
OBJECT_PHRASE_RE = re.compile(
    r"^(?:sa|son|ses)\s+(?:profonde\s+|vive\s+|grave\s+|sincère\s+|sérieuse\s+|plus\s+\w+\s+)?"
    r"(préoccupation|satisfaction|gratitude|reconnaissance|appui|soutien|inquiétude|"
    r"attachement|détermination|volonté|indignation|regret|condoléances|consternation)\b",
    re.IGNORECASE,
)
KEEP_AFTER_VERB = frozenset({"avec", "instamment", "énergiquement", "vivement", "fermement"})


@dataclass
class Block:
    """A run of non-blank source lines, with the number of its first line."""

    text: str
    line: int
    lines: tuple[int, ...]


@dataclass
class Draft(TextDraft):
    """A paragraph of a Markdown source being assembled from one or more blocks."""

    letter: str | None = None
    roman: str | None = None
    opening: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def complete(self) -> bool:
        """Tell whether the paragraph ends with its terminal punctuation."""
        tail = markup.plain(self.raw).rstrip()
        return tail.endswith(TERMINAL)


def blocks_of(text: str) -> list[Block]:
    """Split text into blocks separated by blank lines, keeping line numbers."""
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            current.append((number, line.strip()))
        elif current:
            blocks.append(_block(current))
            current = []
    if current:
        blocks.append(_block(current))
    return blocks


def _block(lines: list[tuple[int, str]]) -> Block:
    return Block(" ".join(t for _, t in lines), lines[0][0], tuple(n for n, _ in lines))


def ordinal_number(words: str) -> int | None:
    """Turn a French ordinal in words ("Soixante-huitième") into a number."""
    total = 0
    parts = re.split(r"[-\s]+(?:et[-\s]+)?", words.lower().strip())
    if not parts or not parts[-1]:
        return None
    last = parts[-1]
    stem = {"premier": "un", "première": "un", "cinquième": "cinq", "neuvième": "neuf"}.get(last)
    if stem is None:
        stem = re.sub(r"ième$", "", last)
        stem = {"quatr": "quatre", "onz": "onze", "douz": "douze", "treiz": "treize",
                "quatorz": "quatorze", "quinz": "quinze", "seiz": "seize", "trent": "trente",
                "quarant": "quarante", "cinquant": "cinquante", "soixant": "soixante"}.get(stem, stem)
    for word in [*parts[:-1], stem]:
        if word not in UNITS:
            return None
        value = UNITS[word]
        if value == 100:
            total = max(total, 1) * 100
        elif word == "vingt" and total % 100 == 4:  # quatre-vingt
            total = total - 4 + 80
        else:
            total += value
    return total or None


def opening_of_plain_text(text: str) -> str:
    """Return the opening verb phrase of a paragraph whose verb is not italic."""
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if out:
            am = ADVERB_RE.match(" ".join(words[i:]))
            if am:
                taken = am.group(0).split()
                out.extend(taken)
                i += len(taken)
                continue
        bare = word.strip(",;:.").lower()
        head = re.split(r"[’']", bare)[0] if ("'" in bare or "’" in bare) else bare
        if out and (head in OPENING_STOPS or bare in OPENING_STOPS):
            rest = " ".join(words[i:])
            m = OBJECT_PHRASE_RE.match(rest)
            if m:
                out.extend(rest[: m.end()].split())
            break
        if out and word[:1].isupper() and bare not in KEEP_AFTER_VERB:
            break
        out.append(word.strip(",;:"))
        if word.endswith((",", ";", ":")) or len(out) >= 6:
            break
        i += 1
    return " ".join(out)


def parse_markdown(text: str, source: str = "") -> Resolution:
    """Parse the Markdown form: headings, italics, ``<sup>`` footnotes."""
    blocks = blocks_of(text)
    warnings: list[Warning] = []
    meta: dict[str, object] = {}
    header: list[str] = []
    header_lines: list[int] = []
    i = 0
    organ_line_seen = False
    # Header: everything up to the organ's opening line ("*L'Assemblée générale,*").
    while i < len(blocks):
        block = blocks[i]
        if ORGAN_LINE_RE.match(block.text):
            header.append(_header_text(block.text))
            header_lines.extend(block.lines)
            organ_line_seen = True
            i += 1
            break
        if _looks_like_paragraph_start(block.text) and header:
            break
        _read_header(block.text, meta)
        header.append(_header_text(block.text))
        header_lines.extend(block.lines)
        i += 1
    if not organ_line_seen:
        warnings.append(Warning("no-organ-line", "ligne d'ouverture (« L'Assemblée générale, ») introuvable",
                                blocks[0].line if blocks else 0))

    footnotes_raw: dict[int, tuple[str, int]] = {}
    drafts: list[Draft] = []
    closing: list[str] = []
    closing_lines: list[int] = []
    furniture_lines: list[int] = []
    part: str | None = None
    in_closing = False
    for block in blocks[i:]:
        t = block.text
        fm = FOOTNOTE_BLOCK_RE.match(t)
        if fm:
            number = int(fm.group(1))
            if number in footnotes_raw:
                warnings.append(Warning("footnote-duplicate", f"note {number} donnée deux fois", block.line))
            footnotes_raw[number] = (fm.group(2).strip(), block.line)
            furniture_lines.extend(block.lines)
            continue
        if re.fullmatch(r"-{3,}|\*{3,}|_{3,}", t):
            furniture_lines.extend(block.lines)
            continue
        if in_closing or MEETING_RE.match(t):
            in_closing = True
            closing.append(markup.plain(t))
            closing_lines.extend(block.lines)
            mm = MEETING_RE.match(t)
            if mm:
                meta["meeting"] = f"{mm.group(1)}e séance plénière"
            continue
        previous = drafts[-1] if drafts else None
        if previous is not None and not previous.complete() and not _starts_new(t, previous):
            previous.raw += " " + t
            previous.lines.extend(block.lines)
            continue
        pm = PART_RE.match(markup.plain(t))
        if pm and len(markup.plain(t)) < 120 and not LETTER_RE.match(t):
            part = pm.group(1)
            header.append(markup.plain(t))
            header_lines.extend(block.lines)
            continue
        drafts.append(_classify(t, block, previous, part, warnings))

    if not drafts:
        raise ParseError("aucun paragraphe reconnaissable", source, blocks[0].line if blocks else 0)
    for d in drafts:
        if not d.complete():
            warnings.append(Warning("incomplete", "paragraphe sans ponctuation finale", d.lines[0]))

    footnotes = _resolve_footnotes(footnotes_raw, warnings)
    symbol = str(meta.get("symbol") or "")
    if not symbol:
        raise ParseError("cote de la résolution introuvable (ex. « ### 68/179. Titre »)", source, 1)
    paragraphs = _number(drafts, symbol, footnotes, warnings)
    called = {f.number for p in paragraphs for f in p.footnotes}
    for number, (_, line) in sorted(footnotes_raw.items()):
        if number not in called:
            warnings.append(Warning("footnote-uncalled", f"note {number} jamais appelée", line))
    return Resolution(
        symbol=symbol,
        organ=str(meta.get("organ") or ""),
        title=str(meta.get("title") or ""),
        session=meta.get("session"),  # type: ignore[arg-type]
        agenda_item=meta.get("agenda_item"),  # type: ignore[arg-type]
        adopted=meta.get("adopted"),  # type: ignore[arg-type]
        distributed=meta.get("distributed"),  # type: ignore[arg-type]
        report=meta.get("report"),  # type: ignore[arg-type]
        meeting=meta.get("meeting"),  # type: ignore[arg-type]
        paragraphs=paragraphs,
        footnotes=tuple(footnotes[n] for n in sorted(footnotes)),
        header=tuple(header),
        closing=tuple(closing),
        warnings=tuple(warnings),
        source=source,
        format="markdown",
        header_lines=tuple(header_lines),
        closing_lines=tuple(closing_lines),
        furniture_lines=tuple(furniture_lines),
    )


def _read_header(text: str, meta: dict[str, object]) -> None:
    """Fill resolution metadata from one header block."""
    bare = markup.plain(re.sub(r"^#+\s*", "", text))
    low = bare.lower()
    if text.startswith("#") and low in ORGANS:
        meta["organ"] = ORGANS[low]
        return
    if low.startswith("distr."):
        meta["distributed"] = parse_date(bare)
        return
    m = re.match(r"^([\w-]+)\s+session\b", bare)
    if m and "session" not in meta:
        meta["session"] = ordinal_number(m.group(1))
    m = re.search(r"Points?\s+(\d+)\)?\s*([a-z]\))?\s+de l[’']ordre du jour", bare)
    if m:
        meta["agenda_item"] = m.group(1) + (f" {m.group(2)}" if m.group(2) else "")
    m = re.match(r"^Résolution adoptée par (l[’']Assemblée générale|le Conseil [^,]+?) le (.+)$", bare)
    if m:
        meta["adopted"] = parse_date(m.group(2))
        organ = re.sub(r"^(l[’']|le )", "", m.group(1)).lower()
        meta.setdefault("organ", ORGANS.get(organ, m.group(1)))
        return
    m = re.search(r"rapport d[eu] (?:la |le )?(.+?)\s*\(([A-Z]+/[^)]+)\)", bare)
    if m and bare.startswith("["):
        meta["report"] = m.group(2)
        meta["committee"] = m.group(1)
        return
    m = re.match(r"^(\d{1,3}/\d{1,4}(?:\s*[A-Z])?)\.\s+(.+)$", bare)
    if m and text.startswith("#"):
        organ = str(meta.get("organ") or GENERAL_ASSEMBLY.name)
        meta["symbol"] = f"{SERIES.get(organ, GENERAL_ASSEMBLY.series)}/{m.group(1).replace(' ', '')}"
        meta["title"] = m.group(2).strip()


def _header_text(text: str) -> str:
    return markup.plain(re.sub(r"^#+\s*", "", text))


def _looks_like_paragraph_start(text: str) -> bool:
    return bool(ITALIC_OPENING_RE.match(text) and not text.startswith("*Ibid"))


def _starts_new(text: str, previous: Draft) -> bool:
    """Tell whether a block after an incomplete paragraph starts a new one.

    An incomplete paragraph is normally continued on the next page; only a
    numbered operative paragraph or a lettered item in sequence interrupts it.
    """
    m = OPERATIVE_RE.match(text)
    if m and previous.number is not None and int(m.group(1)) == int(previous.number) + 1:
        return True
    m = LETTER_RE.match(text)
    return bool(m and previous.letter and len(m.group(1)) == 1 and ord(m.group(1)) == ord(previous.letter) + 1)


def _classify(text: str, block: Block, previous: Draft | None, part: str | None,
              warnings: list[Warning]) -> Draft:
    """Make a draft paragraph from a block that starts a paragraph."""
    lines = list(block.lines)
    m = OPERATIVE_RE.match(text)
    if m and (text[0].isdigit() or re.match(r"^\*\s*\d", text)):
        body = m.group(2)
        opening = _italic_opening(text) or opening_of_plain_text(markup.plain(body))
        return Draft(OPERATIVE, body, lines, number=m.group(1), opening=opening, part=part)
    m = LETTER_RE.match(text)
    if m:
        label, body = m.group(1), m.group(2)
        roman = _is_roman_item(label, previous)
        opening = opening_of_plain_text(markup.plain(body))
        draft = Draft(SUBPARAGRAPH, body, lines, opening=opening, part=part)
        if roman:
            draft.roman = label
        else:
            draft.letter = label
        return draft
    im = ITALIC_OPENING_RE.match(text)
    if im:
        return Draft(PREAMBULAR, text, lines, opening=_clean_opening(im.group(1)), part=part)
    if previous is not None and previous.kind == PREAMBULAR and text[:1].isupper():
        # A preambular paragraph whose opening lost its italics.
        return Draft(PREAMBULAR, text, lines, opening=opening_of_plain_text(markup.plain(text)), part=part)
    warnings.append(Warning("unclassified", "texte non reconnu, gardé comme paragraphe « autre »", block.line))
    return Draft(OTHER, text, lines, opening="", part=part)


def _italic_opening(text: str) -> str:
    m = re.search(r"\*([^*\d][^*]*)\*", text)
    return _clean_opening(m.group(1)) if m else ""


def _clean_opening(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(",").strip()


def _is_roman_item(label: str, previous: Draft | None) -> bool:
    """Tell a roman item (i, ii) from a letter (i after h)."""
    if not ROMAN_RE.match(label + ") x") or previous is None:
        return False
    if previous.roman is not None:
        return True
    if previous.kind == SUBPARAGRAPH and previous.letter is not None:
        expected_letter = chr(ord(previous.letter[-1]) + 1)
        if label == expected_letter:
            return False
        return label == "i" and markup.plain(previous.raw).rstrip().endswith(":")
    return False


def _resolve_footnotes(raw: dict[int, tuple[str, int]], warnings: list[Warning]) -> dict[int, Footnote]:
    """Resolve every footnote, Ibid. chains included, in number order."""
    resolved: dict[int, Footnote] = {}
    earlier: list[str] = []
    for number in sorted(raw):
        text, line = raw[number]
        full = clean_reference(text)
        if is_ibid(text):
            target = resolve_ibid(text, earlier)
            if target is None:
                warnings.append(Warning("ibid-unresolved", f"note {number} : « Ibid. » sans référence à compléter",
                                        line))
            else:
                full = target
        earlier.append(full)
        resolved[number] = Footnote(number=number, text=full, raw=markup.plain(text), line=line)
    return resolved


def _number(drafts: list[Draft], symbol: str, footnotes: dict[int, Footnote],
            warnings: list[Warning]) -> tuple[Paragraph, ...]:
    """Give drafts their anchors, eIds, parents and footnotes."""
    out: list[Paragraph] = []
    anchors = AnchorRegistry()
    pp = 0
    other = 0
    parts_pp: dict[str | None, int] = {}
    current_op: Draft | None = None
    current_op_anchor: str | None = None
    current_letter_anchor: str | None = None
    current_letter: str | None = None
    for position, d in enumerate(drafts, start=1):
        prefix = f"{d.part}-" if d.part else ""
        eprefix = f"part_{d.part}__" if d.part else ""
        number = letter = parent = None
        level = 1
        if d.kind == PREAMBULAR:
            pp = parts_pp.get(d.part, 0) + 1
            parts_pp[d.part] = pp
            anchor, eid, number = f"{prefix}pp{pp}", f"{eprefix}preamble__p_{pp}", str(pp)
        elif d.kind == OPERATIVE:
            current_op, current_letter = d, None
            anchor, eid, number = f"{prefix}op{d.number}", f"{eprefix}para_{d.number}", d.number
            current_op_anchor = anchor
            current_letter_anchor = None
        elif d.kind == SUBPARAGRAPH and current_op is not None:
            number = current_op.number
            if d.roman and current_letter_anchor:
                letter, parent, level = d.roman, current_letter_anchor, 3
                anchor = f"{current_letter_anchor}-{d.roman}"
                eid = f"{eprefix}para_{number}__list_1__point_{current_letter}__list_1__point_{d.roman}"
            else:
                letter = d.letter or d.roman
                current_letter = letter
                parent, level = current_op_anchor, 2
                anchor = f"{current_op_anchor}{letter}"
                current_letter_anchor = anchor
                eid = f"{eprefix}para_{number}__list_1__point_{letter}"
        else:
            if d.kind == SUBPARAGRAPH:
                warnings.append(Warning("orphan-item", "alinéa lettré sans paragraphe parent", d.lines[0]))
            other += 1
            d.kind = OTHER
            anchor, eid = f"{prefix}x{other}", f"{eprefix}other_{other}"
        anchor, eid = anchors.claim(anchor, eid, warnings, d.lines[0])
        text, calls = plain_with_calls(d.raw)
        out.append(Paragraph(
            symbol=symbol, anchor=anchor, eid=eid, kind=d.kind, position=position,
            opening=d.opening, text=text, number=number, letter=letter, parent=parent,
            part=d.part, footnotes=attach_footnotes(calls, footnotes, warnings, d.lines[0]),
            lines=tuple(d.lines), level=level, calls=calls,
        ))
    return tuple(out)
