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


@dataclass
class _Page:
    """What the blocks of a Markdown source have made so far, header to closing."""

    meta: dict[str, object] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    footnotes_raw: dict[int, tuple[str, int]] = field(default_factory=dict)  # number: text, line
    drafts: list[Draft] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    closing_lines: list[int] = field(default_factory=list)
    furniture_lines: list[int] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    part: str | None = None
    in_closing: bool = False


def parse_markdown(text: str, source: str = "") -> Resolution:
    """Parse the Markdown form: headings, italics, ``<sup>`` footnotes."""
    blocks = blocks_of(text)
    page = _Page()
    start = _read_header_blocks(blocks, page)
    for block in blocks[start:]:
        _body_block(block, page)
    warnings = page.warnings
    if not page.drafts:
        raise ParseError("aucun paragraphe reconnaissable", source, blocks[0].line if blocks else 0)
    for d in page.drafts:
        if not d.complete():
            warnings.append(Warning("incomplete", "paragraphe sans ponctuation finale", d.lines[0]))

    footnotes = _resolve_footnotes(page.footnotes_raw, warnings)
    symbol = str(page.meta.get("symbol") or "")
    if not symbol:
        raise ParseError("cote de la résolution introuvable (ex. « ### 68/179. Titre »)", source, 1)
    paragraphs = _number(page.drafts, symbol, footnotes, warnings)
    called = {f.number for p in paragraphs for f in p.footnotes}
    for number, (_, line) in sorted(page.footnotes_raw.items()):
        if number not in called:
            warnings.append(Warning("footnote-uncalled", f"note {number} jamais appelée", line))
    meta = page.meta
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
        header=tuple(page.header),
        closing=tuple(page.closing),
        warnings=tuple(warnings),
        source=source,
        format="markdown",
        header_lines=tuple(page.header_lines),
        closing_lines=tuple(page.closing_lines),
        furniture_lines=tuple(page.furniture_lines),
    )


def _read_header_blocks(blocks: list[Block], page: _Page) -> int:
    """Read the header: everything up to the organ's opening line ("*L'Assemblée générale,*").

    Return the index of the first block after it. Without that line, the
    header ends at the first paragraph, and a warning says so.
    """
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if ORGAN_LINE_RE.match(block.text):
            page.header.append(_header_text(block.text))
            page.header_lines.extend(block.lines)
            return i + 1
        if _looks_like_paragraph_start(block.text) and page.header:
            break
        _read_header(block.text, page.meta)
        page.header.append(_header_text(block.text))
        page.header_lines.extend(block.lines)
        i += 1
    page.warnings.append(Warning("no-organ-line", "ligne d'ouverture (« L'Assemblée générale, ») introuvable",
                                 blocks[0].line if blocks else 0))
    return i


def _body_block(block: Block, page: _Page) -> None:
    """Take one block after the organ's line: the first rule that claims it, else a paragraph of its own."""
    for rule in _BODY_RULES:
        if rule(block, page):
            return
    previous = page.drafts[-1] if page.drafts else None
    page.drafts.append(_classify(block.text, block, previous, page.part, page.warnings))


def _footnote_block(block: Block, page: _Page) -> bool:
    """Keep a footnote's text (``<sup>3</sup> …``) for the calls that will point to it."""
    fm = FOOTNOTE_BLOCK_RE.match(block.text)
    if not fm:
        return False
    number = int(fm.group(1))
    if number in page.footnotes_raw:
        page.warnings.append(Warning("footnote-duplicate", f"note {number} donnée deux fois", block.line))
    page.footnotes_raw[number] = (fm.group(2).strip(), block.line)
    page.furniture_lines.extend(block.lines)
    return True


def _separator(block: Block, page: _Page) -> bool:
    """Record a horizontal rule (``---``) as furniture: it is layout, not text."""
    if not re.fullmatch(r"-{3,}|\*{3,}|_{3,}", block.text):
        return False
    page.furniture_lines.extend(block.lines)
    return True


def _closing_block(block: Block, page: _Page) -> bool:
    """Keep the meeting line ("75e séance plénière") and everything after it as the closing."""
    t = block.text
    mm = MEETING_RE.match(t)
    if not (page.in_closing or mm):
        return False
    page.in_closing = True
    page.closing.append(markup.plain(t))
    page.closing_lines.extend(block.lines)
    if mm:
        page.meta["meeting"] = f"{mm.group(1)}e séance plénière"
    return True


def _continuation(block: Block, page: _Page) -> bool:
    """Join a block to the previous paragraph when that one is unfinished (a page break cut it)."""
    previous = page.drafts[-1] if page.drafts else None
    if previous is None or previous.complete() or _starts_new(block.text, previous):
        return False
    previous.raw += " " + block.text
    previous.lines.extend(block.lines)
    return True


def _part_heading(block: Block, page: _Page) -> bool:
    """Read a part's label ("A", "II —") as a heading: the paragraphs after it belong to that part."""
    t = block.text
    pm = PART_RE.match(markup.plain(t))
    if not (pm and len(markup.plain(t)) < 120 and not LETTER_RE.match(t)):
        return False
    page.part = pm.group(1)
    page.header.append(markup.plain(t))
    page.header_lines.extend(block.lines)
    return True


# The rules a body block is tried against, in order: the first that claims it wins.
_BODY_RULES = (_footnote_block, _separator, _closing_block, _continuation, _part_heading)


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
