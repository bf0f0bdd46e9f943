"""Parse the OCR'd French Security Council resolutions into the data model.

The corpus (../shared/corpus/security-council, see its SOURCES.md) has no
Markdown headings: a file starts with ``Résolution N (YYYY) du <date>`` or, in
the old volumes, ``N (YYYY). Résolution du <date>``, and carries page
furniture, footnote blocks and OCR errors.  This module is pure: it knows
nothing of Whoosh or Flask and only builds :mod:`indexer.model` objects.

Anchors follow the seed parser: ``pp1`` (preambular), ``op3`` (operative),
``op3a`` and ``op3a-i`` (sub-paragraphs), ``A-op3`` inside part A, ``x1`` for
unclassified text, and ``annex-p1`` / ``annex-art1`` / ``annex-art1-p2``
(``annex2-…`` for a second annex) for annex text, which has kind ``other``.
Dash items are ``op3-t1``, counted in each paragraph; items under a section
label of a paragraph's list (``II.`` in S/RES/1542 (2004), par. 7) are
``op7-IIa``.  An unnumbered paragraph standing where another paragraph prints
its number (``Décide :`` over ``1.``) is ``op1-2``, so that the printed number
keeps ``op1``.  Italic headings inside the operative part (``*Ordre public*``)
are ``other`` paragraphs, and the paragraphs under one carry it in ``heading``.

Every paragraph is cited as one label (:mod:`indexer.citation`); where two
would still share one (a misread letter, a quoted resolution's numbering), both
are flagged ``uncertain`` and cite themselves by anchor.

Warning codes (a fixed set; messages are French, for the maintainer):

``unclassified``
    a block that is neither preamble, operative, sub-paragraph, footnote nor
    furniture; kept as an ``other`` paragraph.
``english``
    an English paragraph of a bilingual volume; kept as ``other``.
``orphan-item``
    a lettered or dashed item with no paragraph to hang it on; kept as ``other``.
``out-of-sequence``
    an operative number that does not follow the previous one (OCR or
    reading-order damage); the paragraph keeps the number printed.
``duplicate-anchor``
    an anchor already used; renamed with a ``-2``, ``-3`` … suffix.
``glued-call-kept``
    digits glued to a word or year that look like a footnote call but have no
    evidence (no footnote text, not in the call sequence); left in the text.
``footnote-missing``
    a footnote call whose text is not in the file.
``footnote-unnumbered``
    a footnote text whose number was lost by OCR; kept in ``footnotes`` as 0.
``no-adoption-line``
    no ``Adoptée … séance`` line was found.
``no-date``
    the adoption date could not be read from the heading.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from indexer.citation import local_label
from indexer.datafiles import tsv_rows
from indexer.errors import ParseError
from indexer.model import (
    OPERATIVE,
    OTHER,
    PREAMBULAR,
    SECURITY_COUNCIL,
    SUBPARAGRAPH,
    Footnote,
    Paragraph,
    Resolution,
    Vote,
    Warning,
)
from indexer.sources.anchors import AnchorRegistry, attach_footnotes, call_mark, cut_call_marks
from indexer.sources.french import FUNCTION_WORDS, MONTHS
from indexer.sources.text_draft import TextDraft

ORGAN = SECURITY_COUNCIL.name

# --- headings and dates -----------------------------------------------------

# ``Résolution 713 (19911 du 25 septembre 11+91``, ``Réeolutien 305 (1971)``,
# ``Résolution: 259 (1968)``: the word and the year are often damaged.
# ``Résolution *335* (1973)``: an italic number.
_HEADING_NEW = re.compile(r"^\*?R\S{3,10}\s*:?\s+\*?(\d{1,4})\*?\s*\(\s*([\dIil]\d{3})\S?\s*(.*)$")
# ``Itémohati►n 293 ( 1971 )``, ``114sol ...tien 297 ( 1971 )``, ``Hé•tolution 301 ( 1971 )``: the word
# « Résolution » garbled beyond recognition, but a clean number and a four-digit year in parentheses.
# Taken only in a text that opens with the Council's formula (_GARBLED_CONFIRM), so a stray line of
# ordinary text with a number in it never reads as a heading.
_HEADING_GARBLED = re.compile(r"^(?=\S*[^\W\d_]{3})(?!#)\S{3,14}(?: \S{1,10})?\s+"
                              r"(\d{1,4})\s*\(\s*(19\d\d|200\d)\s*\)\s*(.*)$")
_GARBLED_CONFIRM = re.compile(r"Conseil de s\S*curit", re.I)
# The corpus names a file after its symbol (``S_RES_249_1968.fr.txt``): a second witness for the number.
_FILE_SYMBOL = re.compile(r"S_RES_(\d{1,4})_(\d{4})\.fr\.txt$")
_DATE_LINE = re.compile(r"^\W*(?:d\w|le|elu)\s")
_HEADING_NEW_NOYEAR = re.compile(r"^\*?R[ée]\S{2,9}\s*:?\s+(\d{1,4})\b\s*(.*)$")
_HEADING_OLD = re.compile(r"^(\d{1,4})\s*\(([\dIl]{4})\)\s*\.\s*R\S+\s*(.*)$")
_YEAR = re.compile(r"\b(?:19[4-9]\d|200\d)\b")


_NUMBER_WORDS = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    # OCR: ``:éro`` for zéro.
    "éro": 0,
}


# The folded month names OCR'd words are compared with.
_MONTHS = {name: n for name, n in MONTHS.items() if name.isascii()}


def _fold(word: str) -> str:
    """Return a lowercase, accent-free form to compare OCR'd words."""
    table = str.maketrans("éèêëàâäîïôöûüùç", "eeeeaaaiioouuuc")
    return word.lower().translate(table)


def _month(word: str) -> int | None:
    """Read a month name, tolerating OCR damage (``mal`` for ``mai``)."""
    w = _fold(word)
    if w in _MONTHS:
        return _MONTHS[w]
    if w in ("mal", "rnai", "niai"):
        return 5
    if w in ("man", "murs", "mass"):
        # S/RES/809, 811, 816 (1993), 91 (1951), 983 (1995): all March.
        return 3
    if w.startswith("juil"):
        return 7
    for name, n in _MONTHS.items():
        if len(w) >= 4 and name[:4] == w[:4] and name not in ("juin", "juillet"):
            return n
    for name, n in _MONTHS.items():
        # One misread letter in a long name: ``déeembre``.
        if len(name) >= 5 and len(w) == len(name) and sum(a != b for a, b in zip(w, name, strict=True)) == 1:
            return n
    return None


def _day(token: str) -> int | None:
    """Read a day number, tolerating OCR damage (``ler``, ``I4``, ``IS``)."""
    t = token.strip(".,*")
    if t.lower() in ("1er", "ler", "ter", "ier", "1e", "le", "e", "premier", "1\"", "1«"):
        return 1
    t = re.sub(r"[Iil]", "1", t).replace("S", "5").replace("O", "0").replace("u", "1")
    return int(t) if t.isdigit() and 1 <= int(t) <= 31 else None


def parse_french_date(text: str, year_hint: int | None = None) -> date | None:
    """Read ``du 19 juin 2008`` (OCR noise tolerated) into a date.

    The month is found by name (``mal`` for mai is read), the day is the token
    before it and the year the token after it; a damaged year gives way to
    ``year_hint``, the year of the heading, which was checked against the
    volume sequence.
    """
    # ``30juin``: a day glued to its month.
    text = re.sub(r"\b(\d{1,2})(?=[A-Za-zéû]{3,})", r"\1 ", text.replace("*", " "))
    tokens = text.split()
    for k, token in enumerate(tokens):
        glued = re.match(r"^([A-Za-zéèûô]{2,9}?)1?(\d{4})$", token)  # ``avri11997``, ``ma11995``
        word = glued.group(1) if glued else token
        month = {"ma": 5, "avri": 4}.get(word) if glued else None
        month = month or _month(word.strip(".,"))
        if month is None:
            continue
        day = _day(tokens[k - 1]) if k > 0 else None
        year_s = glued.group(2) if glued else (tokens[k + 1].strip(".,;") if k + 1 < len(tokens) else "")
        year = int(year_s) if year_s.isdigit() else None
        if year is None or (year_hint and year != year_hint):
            # ``11+91`` or ``19911``: the heading year is more reliable.
            year = year_hint
        if day is None or year is None:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


# --- furniture, footnotes ---------------------------------------------------

_RUNNING_HEADER = re.compile(r"^R[ée]solutions (adopt[ée]es )?et d[ée]cisions (prises )?(par|du) le? ?Conseil")
_PAGE_NUMBER = re.compile(r"^\W{0,2}\d{1,4}\W{0,2}$")
_SEPARATOR = re.compile(r"^-{3,}$")
# A footnote text starts with one of these (after its number).
_NOTE_START = (
    r"(?:\*?Ibid|\*?Voir|\*?Documents? officiels|S/(?:PRST/)?\d|A/(?:RES/)?\d|\*?Nations Unies|"
    r"\*?Recueil|\*?Rapport|\*?R[ée]solution|\*?Ibidem|\*?Op\. cit|\*?Disponible|"
    r"\*?Le Conseil (?:de sécurité )?a (?:également )?adopté|\*?Annexe|"
    r"\*?Publication|\*?Ce document|\*?Texte|\*?Voir aussi|\*?Idem|\*?Supplément|La lettre,? qui|Lettre )"
)
_NOTE_BLOCK = re.compile(rf"^(?:<sup>[^<]{{1,6}}</sup>|\[\d{{1,4}}\]|\d{{1,4}}\s+{_NOTE_START})")
_NOTE_SPLIT = re.compile(
    # ``<sup>er</sup>`` is an ordinal (``1<sup>er</sup> janvier``), not a note number.
    rf"(?:<sup>(?!\s*(?:er|re|e|es|ers|res|ème|èmes|nd|nde)\s*</sup>)\s*(\d{{1,4}})?[^<]{{0,5}}</sup>\s*|\[(\d{{1,4}})\]\s*"
    rf"|(?<![\w/.,-])(\d{{1,4}})\s+(?={_NOTE_START}))"
)
# Footnotes whose number OCR turned into letters or quotes: ``I Le Conseil``,
# ``is S/1995/772.``, ``"Ibid., …``.
_NOTE_GARBLED = re.compile(
    r"^(?:\S{1,3}\s+|<sup>|[\"'«»`=*]+)?\*?(?:Ibid|Voir\s|S/\d|S\S?PRST/|A/\d|Documents officiels"
    r"|Le Conseil (?:de sécurité )?a (?:également )?adopté"
    r"|R[ée]solution \d+ [A-Z]? ?\([IVXL]+\))"
    # A document reference alone (``Document S/1999/522, incorporé dans le
    # procès-verbal…``, ``ST/SGB/2003/13.``): the text of a note whose number
    # OCR lost, never the start of a paragraph of the resolution.
    r"|^Documents?[\s.,]+(?:S\s?/|S1\d|ol)|^ST/SGB/\d|^Disponible à l"
)
_NOTE_CONTINUATION = re.compile(r"^\*?(?:Supplément|Supplement|quarante|cinquante|soixante)")

_ADOPTION = re.compile(
    r"^\*?\W?\s*(?:Adopt\S*|Adapt\S*|Ad\s?\S{0,5}|adopt\S*|Idum\S*)\s", re.IGNORECASE
)
_ADOPTION_HINT = re.compile(
    r"unanim|s\S?[ée]ance|seance|\.eance|voix|consensus|\d{2,4}\s?\S?\s?s\S{1,2}ance|\d{3,4}[eèf'»€`C]"
)
# Not the noun: "– Adoption d'un dispositif de sécurité …" is an item of S/RES/1701 (2006) par. 8.
_ADOPTION_START = re.compile(r"^\*?\s*(?:Adopt(?!ions?\b)|Adapt(?!ations?\b))\S*\*?\s+(?:à|a|á|d|ô|ù|il|ei|i,|par)\b")
_GLUED_ADOPTION = re.compile(r"\s\*?(Adopt[ée]e à l.{0,200}s[ée]ance.{0,200})$")
_MEETING = re.compile(r"(\d{1,4})\S{0,4}\s*\*?\s*\S{0,3}(?:ance|ancc|anc\b|eunce|aticc|éan|éam)")
_VOTE = re.compile(
    r"par\s+(\S+)\s+\S{3,5}[-\s]+contre\s+(\S+?)[,.]?\s+avec\s+(\S+)\s+abstentions?", re.IGNORECASE
)
_VOTE_NO_ABST = re.compile(r"par\s+(\S+)\s+\S{3,5}[-\s]+contre\s+(\S+?)(?=[\s,.\"*]|$)", re.IGNORECASE)

_PART = re.compile(r"^\*?([A-H]|I{1,3}|IV|V|VI{1,3})\*?$")
_ANNEX = re.compile(r"^\*?(ANNEXES?|Annexes?)(\s+[IVX\d]+)?\*?\s*$")
_ARTICLE = re.compile(
    r"^\*?Article\s+(premier|\d{1,3}|[IVX]+)\b(?:\s*\*?\s*(bis|ter|quater)\b)?\.?\*?\s*(.*)$"
)
_COUNCIL = re.compile(
    # ``Le Conseil (le sécurité,``: OCR reads the d of « de » as « (l » (S/RES/1267 (1999)).
    r"^\S{0,5}\s?\*?\S{0,4}\s?\S*(Conseil|Conseii|CatLseil|Consell)\S*\s+(?:de|\(le|cle)\s+s\S+[,.]?\*?,?$"
)

# ``*1. Souligne*``, ``1. *Demande*``, ``*7 .* *Prie*``, ``I. *Demande à*``.
_OPERATIVE = re.compile(r"^(\*?)\s*(\d{1,3}|I|l)\s?\.(?!\d)\s*(\*?)\s*(?=\S)")
_OPERATIVE_ALONE = re.compile(r"^\*?\s*(\d{1,3})\s?\.\s*\*?$")
_ITEM = re.compile(r"^(\*?)\s*\(?([a-z]{1,4}|\d{1,2})\)\s*(\*?)\s*(?=\S)")
# ``1 *Prolonge à nouveau,*``: the dot after the number was lost.
_OPERATIVE_NODOT = re.compile(r"^(\d{1,2})\s+(?=\*[A-ZÉÈÀ])")
# ``*7* *Demande*`` (merged into ``*7 Demande*``): the same, the number inside the italic run.
_OPERATIVE_NODOT_ITALIC = re.compile(r"^\*(\d{1,2})\s+(?=[A-ZÉÈÀ][a-zéèêà])")
# A list item that opens with a determiner is never an operative paragraph, which opens with a verb.
_DETERMINER = frozenset("le la les l un une des du toutes tous toute tout ces cette ce".split())
_ROMAN = re.compile(r"^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)$")
_DASH = re.compile(r"^[–—•-]$")
# ``J) De prendre`` (f), ``cl)`` (d): a letter misread by OCR, taken only where the sequence of
# its neighbours says which letter it is (:func:`_repair_letters`).
_ITEM_MISREAD = re.compile(r"^(\*?)\s*\(?([A-Za-z]{1,2}|[a-z]\d)\)\s*(\*?)\s*(?=\S)")
# Misreadings of a letter that stand for it even at the end of a list, where no next letter confirms.
_LETTER_CONFUSIONS = {"cl": "d", "c1": "d", "rn": "m", "ll": "u"}
_ITEM_ALONE = re.compile(r"^\*?\(?([a-z]{1,4})\)\*?$")

_ENGLISH_WORDS = frozenset([
    "the", "of", "and", "to", "that", "is", "in", "by", "with", "which", "be", "as", "this", "for", "has",
    "have", "shall", "its",
])
_FRENCH_WORDS = frozenset([
    "le", "la", "les", "de", "des", "du", "et", "que", "à", "au", "aux", "en", "sur", "par", "pour", "une",
    "un", "qui", "est", "dans",
])

# Openers of preambular paragraphs that are not ``-ant`` participles.
_PREAMBLE_WORDS = frozenset(w.lower() for w in [
    "Vu", "Conscient", "Consciente", "Convaincu", "Résolu", "Soucieux", "Désireux", "Déterminé", "Préoccupé",
    "Profondément", "Gravement", "Vivement", "Sérieusement", "Alarmé", "Inquiet", "Ému", "Choqué", "Indigné",
    "Consterné", "Persuadé", "Guidé", "Attendu", "Sensible", "Reconnaissant", "Rappelant", "Notant", "Ayant",
    "Tenant", "Prenant", "Considérant", "Demeurant", "Fermement", "Extrêmement", "Particulièrement",
    "Hautement", "Également", "Encouragé", "Satisfait", "Alarmée", "Décidé", "Attaché", "Mû", "Affligé",
    "Bouleversé", "Horrifié", "Frappé", "Inquiété", "Rappelé", "Constatant", "Regrettant",
])


_PREAMBLE_FOLDED = frozenset(_fold(w) for w in _PREAMBLE_WORDS if not w.endswith("ment"))


@dataclass
class _Block:
    """A source paragraph: its text and the line numbers it came from."""

    text: str
    lines: list[int]


@dataclass
class _Draft(TextDraft):
    """A paragraph of an OCR source being assembled before anchors are given."""

    item: str | None = None  # letter, roman numeral or ``t1`` for a dash item
    annex: int = 0
    article: str | None = None
    warn: tuple[str, str] | None = None
    notes: list[int] = field(default_factory=list)
    # An italic heading inside the operative part (``*Ordre public*``), and
    # the heading a paragraph stands under.
    title: bool = False
    heading: str = ""
    # The letter the sequence gives an item whose printed letter OCR misread or lost.
    fixed_item: str | None = None


def _blocks(text: str) -> list[_Block]:
    """Split text into blank-line separated blocks with 1-based line numbers."""
    out: list[_Block] = []
    current: list[str] = []
    lines: list[int] = []
    for i, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if _RUNNING_HEADER.match(stripped) or _SEPARATOR.match(stripped):
            # Page furniture is a block of its own even when OCR lost the
            # blank line around it: glued to the next paragraph, it would
            # take that paragraph with it when dropped (S/RES/1646 (2005)).
            if current:
                out.append(_Block(" ".join(current), lines))
            out.append(_Block(stripped, [i]))
            current, lines = [], []
        elif stripped:
            current.append(stripped)
            lines.append(i)
        elif current:
            out.append(_Block(" ".join(current), lines))
            current, lines = [], []
    if current:
        out.append(_Block(" ".join(current), lines))
    return out


def looks_like_ocr(text: str) -> bool:
    """Tell whether text is in the OCR corpus form rather than the seed's Markdown."""
    for line in text.splitlines():
        if line.startswith("#"):
            return False
    for line in text.splitlines():
        s = line.strip()
        if s:
            return bool(_HEADING_OLD.match(s) or _HEADING_NEW.match(s) or _HEADING_NEW_NOYEAR.match(s)
                        or (_HEADING_GARBLED.match(s) and _GARBLED_CONFIRM.search(text[:600])))
    return False


def _read_heading(blocks: list[_Block], source: str) -> tuple[int, int, date | None, int]:
    """Return number, year, date and the index of the first body block."""
    first = blocks[0].text
    m = _HEADING_OLD.match(first) or _HEADING_NEW.match(first)
    if not m and _GARBLED_CONFIRM.search(" ".join(b.text for b in blocks[1:4])):
        m = _HEADING_GARBLED.match(first)
    if m:
        number, rest = int(m.group(1)), m.group(3)
        year = int(re.sub(r"[Iil]", "1", m.group(2)))
    else:
        m2 = _HEADING_NEW_NOYEAR.match(first)
        if not m2:
            raise ParseError("aucun titre « Résolution N (AAAA) » reconnu", source=source, line=blocks[0].lines[0])
        number, year, rest = int(m2.group(1)), 0, m2.group(2)
    if not (1946 <= year <= 2009):
        # OCR damaged the year (``Résolution 596``, ``(199 il``, ``698 1991``):
        # take it from the rest of the heading or the date line that follows,
        # never from the file name.
        nearby = " ".join([rest, *(b.text for b in blocks[1:2])])
        found = _YEAR.search(nearby)
        if found:
            year = int(found.group(0))
    if not (1946 <= year <= 2009):
        raise ParseError(f"année illisible dans le titre : {first!r}", source=source, line=blocks[0].lines[0])
    start = 1
    rest = rest.replace("*", "")
    if not re.search(r"\w", rest):
        rest = ""  # ``Résolution 302 ( 1971 )``
    adopted = parse_french_date(rest, year) if rest.strip() else None
    if adopted is None and len(blocks) > 1 and _DATE_LINE.match(blocks[1].text.replace("*", "")) \
            and len(blocks[1].text) < 40:
        # The date printed as its own paragraph (1969–1989 layout): header, even if unreadable.
        adopted = parse_french_date(blocks[1].text, year)
        start = 2
    return number, year, adopted, start


def _check_number(number: int, year: int, adopted: date | None, source: str, line: int,
                  warnings: list[Warning]) -> int:
    """Return the resolution's number: the file name's where the heading misprints it, with a warning.

    Three headings of the volumes print a wrong number (SOURCES.md §3: 249 printed
    ``219 (1968)``, 909 ``90 (1994)``, 930 ``9110 (1994)``); the corpus names each file
    after the number its place in the volume gives. The name is believed only when it
    agrees with the heading's year and date; otherwise the heading is kept and the
    disagreement said, never a resolution filed under a number no witness confirms.
    """
    named = _FILE_SYMBOL.search(source)
    if not named or int(named.group(1)) == number:
        return number
    name_number, name_year = int(named.group(1)), int(named.group(2))
    if name_year == year and (adopted is None or adopted.year == year):
        warnings.append(Warning(
            "number-misprinted",
            f"titre imprimé « {number} ({year}) » ; cote retenue S/RES/{name_number} ({year}), celle du fichier",
            line))
        return name_number
    warnings.append(Warning(
        "name-mismatch",
        f"le fichier porte la cote {name_number} ({name_year}), le titre {number} ({year}) : titre retenu", line))
    return number


def _is_note_block(text: str) -> bool:
    """Tell whether a block is footnote text."""
    return bool(_NOTE_BLOCK.match(text))


def _split_notes(text: str, line: int) -> list[tuple[int, str, str]]:
    """Split a footnote block (``300 S/PRST/2001/31. 301 S/PRST/…``) into (number, text, marker).

    The marker is what was printed when it is not a clean number
    (``<sup>I°</sup>``): the number is then 0, and the marker is kept so
    that no character of the source is dropped.
    """
    out: list[tuple[int, str, str]] = []
    matches = list(_NOTE_SPLIT.finditer(text))
    if not matches or matches[0].start() > 0:
        out.append((0, text[: matches[0].start() if matches else len(text)].strip(), ""))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        number = int(next((g for g in m.groups() if g), "0"))
        printed = re.sub(r"</?sup>|[\[\]]", "", m.group(0)).strip()
        marker = "" if printed == str(number) else printed
        out.append((number, text[m.end():end].strip(), marker))
    return out


def _plain(text: str) -> str:
    """Remove italics marks and leftover tags, and collapse spaces."""
    text = re.sub(r"</?sup>", "", text)
    text = text.replace("*", "")
    text = re.sub(r"\s+", " ", text).strip()
    return text


def _resolve_notes(raw: list[tuple[int, str, int, str]]) -> tuple[dict[int, Footnote], list[Footnote]]:
    """Build Footnote objects, completing ``Ibid.`` from the previous note when present."""
    by_number: dict[int, Footnote] = {}
    unnumbered: list[Footnote] = []
    previous: str | None = None
    for number, text, line, marker in raw:
        plain = _plain(text)
        full = plain
        if re.match(r"^Ibid\.?,?", plain) and previous:
            head = re.sub(r"^Voir\s+", "", previous).split(",")[0]
            rest = re.sub(r"^Ibid\.?,?\s*", "", plain)
            full = f"{head}, {rest}" if rest else head
        elif not plain.startswith("Ibid"):
            previous = plain
        note = Footnote(number=number, text=full, raw=plain, line=line, marker=marker)
        if number and number not in by_number:
            by_number[number] = note
        else:
            unnumbered.append(note)
    return by_number, unnumbered


# --- glued footnote calls ---------------------------------------------------

# A year or a word with digits stuck to it, or an explicit call.
_CALL = re.compile(
    r"<sup>\s*(?P<sup>\d{1,4})\s*[,.;]?\s*</sup>"
    r"|\[(?P<br>\d{1,4})\]"
    r"|\b(?P<year>1[89]\d\d|20[0-2]\d)(?P<ycall>[1-9]\d{0,2})\b"
    # Only from the start of a run of letters: it ends where the letters do, so from inside the run it
    # fails too, after trying every length (a scan quadratic in each word's length, for nothing).
    r"|(?<![a-zàâçéèêëîïôûùüÿœ])(?P<word>[a-zàâçéèêëîïôûùüÿœ]{3,}[»)]?)(?P<wcall>[1-9]\d{0,2})\b"
)
_DIGIT = re.compile(r"\d")


def _call_candidates(text: str) -> list[tuple[int, int, int, str]]:
    """List (start, end, number, type) of possible calls in a raw paragraph."""
    out: list[tuple[int, int, int, str]] = []
    if not _DIGIT.search(text):
        return out  # every kind of call is a number
    for m in _CALL.finditer(text):
        if m.group("sup"):
            out.append((m.start(), m.end(), int(m.group("sup")), "sup"))
        elif m.group("br"):
            out.append((m.start(), m.end(), int(m.group("br")), "br"))
        elif m.group("year"):
            out.append((m.start("ycall"), m.end(), int(m.group("ycall")), "glued"))
        else:
            out.append((m.start("wcall"), m.end(), int(m.group("wcall")), "glued"))
    return out


def _accepted_calls(drafts: list[_Draft], known: set[int]) -> dict[tuple[int, int], bool]:
    """Decide which glued calls have evidence: a footnote text, or the file's call sequence."""
    seq: list[tuple[int, int, int, str]] = []  # (draft index, start, number, type)
    for di, d in enumerate(drafts):
        for start, _end, number, kind in _call_candidates(d.raw):
            seq.append((di, start, number, kind))
    verdict: dict[tuple[int, int], bool] = {}
    for i, (di, start, number, kind) in enumerate(seq):
        ok = kind in ("sup", "br") or number in known
        if not ok:
            # Calls are numbered through the volume, so a neighbour a few
            # numbers apart in reading order, or a number inside the range of
            # the notes printed in this file, is good evidence; an isolated
            # number is not.
            prev_n = seq[i - 1][2] if i > 0 else None
            next_n = seq[i + 1][2] if i + 1 < len(seq) else None
            ok = (prev_n is not None and 0 < number - prev_n <= 5) or (
                next_n is not None and 0 < next_n - number <= 5) or (
                bool(known) and min(known) - 3 <= number <= max(known) + 3)
        verdict[(di, start)] = ok
    return verdict


# --- classification ---------------------------------------------------------


def _normalise_italics(text: str) -> str:
    """Merge italic runs split at OCR line ends: ``*a* *b*`` → ``*a b*``."""
    return re.sub(r"\*\s+\*", " ", text).replace("**", "")


def _is_english(text: str) -> bool:
    """Tell whether a paragraph is English text from a bilingual volume."""
    words = re.findall(r"[a-z]+", text.lower())
    if len(words) < 6:
        return False
    en = sum(w in _ENGLISH_WORDS for w in words)
    fr = sum(w in _FRENCH_WORDS for w in words)
    return en >= 3 and en > 2 * fr


def _first_word(text: str) -> str:
    """Return the first word of a paragraph, without marks."""
    m = re.match(r"[\W_]*([\w'’-]+)", _plain(text))
    return m.group(1) if m else ""


def _preamble_like(text: str) -> bool:
    """Tell whether a paragraph opens like a preambular one (participle, adjective)."""
    words = re.findall(r"[\w’'-]+", _plain(text))[:3]
    if not words:
        return False
    if words[0] in ("Se", "S'", "S’") and len(words) > 1:
        words = words[1:]
    # Compare with accents: folding would make *Décide* look like *Décidé*.
    w = words[0].lower()
    if len(words) > 1 and w.endswith("ment") and _fold(words[1]) in _PREAMBLE_FOLDED:
        # An adverb OCR garbled before its participle: ``PralOndement préoccupe``, ``Profinulément préoccupé``.
        return True
    return w.endswith("ant") or w in _PREAMBLE_WORDS


def _operative_like(text: str) -> bool:
    """Tell whether a paragraph opens with a finite verb (``Décide``, ``Prie``, ``Se félicite``)."""
    words = re.findall(r"[\w’'-]+", _plain(text))[:2]
    if not words or not words[0][:1].isupper():
        return False
    w = words[0].lower()
    if w in ("se", "s'", "s’") and len(words) > 1:
        w = words[1].lower()
    if w in _PREAMBLE_WORDS or w.endswith("ant"):
        return False
    return _fold(w).endswith(("e", "t", "d")) and not w.endswith(("é", "ée"))


def _ends_complete(text: str) -> bool:
    """Tell whether a paragraph ends with its terminal punctuation."""
    return bool(re.search(r"[,;.:!?»)]\W{0,3}$", text.replace("*", "").rstrip()))


def _join(left: str, right: str) -> str:
    """Join two pieces of one paragraph, undoing a clear OCR line-break hyphen."""
    left = left.rstrip()
    m = re.search(r"(\w+)-\*?$", left)
    if m:
        word = m.group(1)
        nxt = re.match(r"\*?([a-zàâçéèêëîïôûùüÿœ]+)", right)
        if nxt and not _keep_hyphen(word, nxt.group(1)):
            return left.rstrip("*")[:-1] + right.lstrip("*") if not left.endswith("*") else left[:-2] + right
        return left + right
    return f"{left} {right}"


# Prefixes and words written with a real hyphen in French.
_HYPHEN_PREFIXES = frozenset([
    "sous", "vice", "ex", "non", "anti", "auto", "contre", "demi", "semi", "mi", "néo", "post", "pré", "pro",
    "quasi", "extra", "inter", "intra", "porte", "arrière", "avant", "haut", "haute", "hauts", "bas", "basse",
    "grand", "grande", "grands", "petit", "petite", "belle", "beau", "chef", "état", "états", "cessez",
    "rendez", "peut", "peut-être", "vous", "nous", "lui", "elle", "eux", "celui", "celle", "ceux", "ci", "là",
    "trente", "vingt", "quarante", "cinquante", "soixante", "dix", "quatre", "cinq", "six", "sept", "huit",
    "neuf", "deux", "trois", "bien", "court", "long", "libre", "tiers", "sud", "nord", "est", "ouest", "centre",
    "franco", "israélo", "arabe", "hommes", "afro", "soi", "c'est-à", "est-ce", "ayants", "va", "laissez", "au",
    "saint", "sainte", "nouvelle", "royaume", "porte", "vis",
])
_HYPHEN_FOLDED = frozenset(_fold(p) for p in _HYPHEN_PREFIXES)
_HYPHEN_SECOND = frozenset(["unis", "ci", "là", "même", "mêmes", "être", "dire", "uns", "unes", "unies"])


def _keep_hyphen(first: str, second: str) -> bool:
    """Tell whether ``first-second`` is a real hyphenated word rather than a line break."""
    return (_fold(first) in _HYPHEN_FOLDED or second in _HYPHEN_SECOND
            or (first[:1].isupper() and second[:1].isupper()))


def _fix_inline_hyphens(text: str) -> str:
    """Rejoin OCR hyphens left inside a word (``Chy-pre``, ``Pa-nama``), keeping real ones."""
    def repl(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if _keep_hyphen(a.split("'")[-1].split("’")[-1], b):
            return m.group(0)
        # A capitalised stem with a short lowercase tail (``Chy-pre``) or a
        # lowercase stem of two letters or more with a lowercase tail.
        core = a.split("'")[-1].split("’")[-1]
        if 2 <= len(core) <= 4 and len(b) >= 2 and core[:1].isupper() and core[1:].islower():
            return a + b
        return m.group(0)

    def spaced(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if b in ("et", "ou", "à"):
            return m.group(0)  # ``pré- et post-conflit``: a suspended hyphen.
        return f"{a}-{b}" if _keep_hyphen(a, b) else a + b

    # ``Organisa- tion``: a line-end hyphen followed by a space is never a real one.
    text = re.sub(r"(?<![\w-])([A-Za-zàâçéèêëîïôûùüÿœÉ]{2,})- ([a-zàâçéèêëîïôûùüÿœ]{2,})", spaced, text)
    return re.sub(r"(?<![\w-])([\w'’]+)-([a-zàâçéèêëîïôûùüÿœ]+)(?![\w-])", repl, text)


def _opening(body: str) -> str:
    """Return the opening phrase: the italic run, or the leading verb phrase up to a function word."""
    body = body.strip()
    m = re.match(r"^\*([^*]+)\*", body)
    if m:
        phrase = m.group(1)
        # ``*Demande instamment à*`` keeps its preposition as printed; only
        # trailing punctuation and spaces go.
        return re.sub(r"[\s,;:.]+$", "", phrase).strip()
    words = _plain(body).split()
    out: list[str] = []
    for w in words:
        bare = w.strip(",;:.")
        low = bare.lower()
        if out and (low in FUNCTION_WORDS or re.match(r"^(?:l|d|qu|s|n|j|c)['’]", low)):
            break
        if out and not bare[:1].isalpha():
            break
        out.append(bare)
        if w != bare or len(out) >= 4:
            break
    return " ".join(out)


def _strip_number(text: str) -> tuple[str | None, str]:
    """Split ``*7 .* *Prie*`` into ("7", "*Prie*"), keeping italics balanced."""
    m = _OPERATIVE.match(text)
    if not m:
        return None, text
    num = m.group(2)
    num = "1" if num in ("I", "l") else num
    rest = text[m.end():]
    if bool(m.group(1)) != bool(m.group(3)):
        # One ``*`` around the number opened the italic run: reopen it.
        rest = "*" + rest
    return num, rest


def _strip_item(text: str) -> tuple[str | None, str]:
    """Split ``a) De demander`` into ("a", "De demander")."""
    m = _ITEM.match(text)
    if not m:
        return None, text
    rest = text[m.end():]
    if bool(m.group(1)) != bool(m.group(3)):
        rest = "*" + rest
    return m.group(2), rest


@dataclass
class _State:
    """What the classifier knows so far."""

    part: str | None = None
    seen_op: bool = False
    closed: bool = False
    annex: int = 0
    article: str | None = None
    pending_dash: bool = False
    pending_number: str | None = None
    after_council: bool = False
    annex_label: str = ""
    pending_item: str | None = None
    pending_lines: list[int] = field(default_factory=list)
    part_block: _Block | None = None  # the label block of the current part



@dataclass
class _Reading:
    """What the blocks of one file have made so far, and where the reading is."""

    body: list[_Block]  # the blocks after the heading
    header: list[str]
    warnings: list[Warning] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    raw_notes: list[tuple[int, str, int, str]] = field(default_factory=list)  # number, text, line, marker
    drafts: list[_Draft] = field(default_factory=list)
    furniture: list[int] = field(default_factory=list)
    st: _State = field(default_factory=_State)
    i: int = 0  # the next block to read

    def add_notes(self, text: str, line: int) -> None:
        """Keep the footnotes of a note block, each with its number and marker."""
        for n, note, marker in _split_notes(text, line):
            self.raw_notes.append((n, note, line, marker))


def parse_ocr(text: str, source: str = "") -> Resolution:
    """Parse one OCR'd corpus file into a Resolution, losing no text."""
    blocks = _blocks(text)
    if not blocks:
        raise ParseError("texte vide", source=source, line=1)
    number, year, adopted, start = _read_heading(blocks, source)
    warnings: list[Warning] = []
    first = blocks[0].text
    if not (_HEADING_OLD.match(first) or _HEADING_NEW.match(first) or _HEADING_NEW_NOYEAR.match(first)):
        warnings.append(Warning("heading-garbled", f"mot « Résolution » illisible dans le titre : « {first[:40]} »",
                                blocks[0].lines[0]))
    number = _check_number(number, year, adopted, source, blocks[0].lines[0], warnings)
    symbol = f"S/RES/{number} ({year})"
    if adopted is None:
        warnings.append(Warning("no-date", "date d'adoption illisible dans le titre", blocks[0].lines[0]))
    r = _Reading(blocks[start:], [blocks[0].text] + ([blocks[1].text] if start == 2 else []), warnings)
    while r.i < len(r.body):
        _read_block(r)
    drafts, closing = r.drafts, r.closing
    _flush_pending(r.st, drafts)
    _assign_headings(drafts)
    if not closing:
        warnings.append(Warning("no-adoption-line", "aucune ligne « Adoptée … séance » trouvée", blocks[-1].lines[-1]))
    notes, unnumbered = _resolve_notes(r.raw_notes)
    _repair_letters(drafts, warnings)
    paragraphs, cites = _finish(drafts, symbol, notes, warnings)
    vote, meeting = _read_adoption(" ".join(closing))
    meeting = _checked_meeting(year, meeting, blocks[-1].lines[-1], warnings)
    return Resolution(
        symbol=symbol,
        organ=ORGAN,
        adopted=adopted,
        meeting=meeting,
        vote=vote,
        paragraphs=paragraphs,
        footnotes=tuple(sorted(notes.values(), key=lambda f: f.number)) + tuple(unnumbered),
        # Italics marks are layout, not text: "*Le Conseil de sécurité,*" reads "Le Conseil de sécurité,".
        header=tuple(_plain(h) for h in r.header),
        closing=tuple(_plain(c) for c in closing),
        warnings=tuple(sorted(warnings, key=lambda w: w.line)),
        source=source,
        format="ocr",
        cites=cites,
        furniture_lines=tuple(r.furniture),
    )


def _read_block(r: _Reading) -> None:
    """Read the next block: the first rule that claims it, else a block of the resolution's body."""
    b = r.body[r.i]
    t = _normalise_italics(b.text)
    r.i += 1
    for rule in _READING_RULES:
        if rule(r, b, t):
            return
    _body_block(t, b, r.st, r.drafts, r.warnings, _next_content(r.body, r.i))


def _page_furniture(r: _Reading, b: _Block, t: str) -> bool:
    """Drop page furniture on purpose (SOURCES §5), recording its lines; a bare number may open a note."""
    if not (_SEPARATOR.match(t) or _RUNNING_HEADER.match(t) or (
            _PAGE_NUMBER.match(t) and not _OPERATIVE_ALONE.match(t))):
        return False
    body, i = r.body, r.i
    # A bare number before a footnote text is that note's number.
    if _PAGE_NUMBER.match(t) and i < len(body) and re.match(_NOTE_START, body[i].text) \
            and not _RUNNING_HEADER.match(body[i].text):
        r.i += 1
        r.add_notes(f"{t.strip()} {body[i].text}", b.lines[0])
    else:
        r.furniture.extend(b.lines)
    return True


def _stray_marks(r: _Reading, b: _Block, t: str) -> bool:
    """Record ``*``, ``***`` (stray marks with no text) as furniture."""
    if re.search(r"\w", t) or _DASH.match(t):
        return False
    r.furniture.extend(b.lines)
    return True


def _document_symbol(r: _Reading, b: _Block, t: str) -> bool:
    """Keep a document symbol (``[S/26567]``) before the first paragraph in the header."""
    if not (re.match(r"^\[S/[^\]]+\]$", t) and not r.drafts):
        return False
    r.header.append(t)
    return True


def _note_block(r: _Reading, b: _Block, t: str) -> bool:
    """Keep a block of footnotes."""
    if not _is_note_block(t):
        return False
    r.add_notes(t, b.lines[0])
    return True


def _garbled_note(r: _Reading, b: _Block, t: str) -> bool:
    """Keep a note whose number OCR garbled, or the rest of the last note after a break."""
    line = b.lines[0]
    continuation = bool(_NOTE_CONTINUATION.match(t) and r.raw_notes)
    if not (_NOTE_GARBLED.match(t) or (continuation and r.raw_notes[-1][2] >= line - 4)):
        return False
    if continuation:
        n, note, ln, marker = r.raw_notes[-1]
        r.raw_notes[-1] = (n, f"{note} {t}", ln, marker)
    else:
        r.add_notes(t, line)
        r.warnings.append(Warning("footnote-unnumbered", "note dont le numéro est illisible", line))
    return True


def _enacting_formula(r: _Reading, b: _Block, t: str) -> bool:
    """Keep ``*Le Conseil de sécurité,*`` in the header: the enacting formula, not content."""
    if r.st.closed or not _COUNCIL.match(t) or len(t) >= 60:
        return False
    r.header.append(t)
    r.st.after_council = True
    return True


def _adoption_line(r: _Reading, b: _Block, t: str) -> bool:
    """Close the body at the adoption line, with the rest of a vote split over up to two more blocks (SOURCES §3)."""
    if r.st.closed or not (_ADOPTION.match(t) and (_ADOPTION_HINT.search(t) or _ADOPTION_START.match(t))):
        return False
    _flush_pending(r.st, r.drafts)
    closing, body = r.closing, r.body
    closing.append(t)
    r.st.closed = True
    while len(closing) < 3 and r.i < len(body) and not re.search(r"[.)\d]\W{0,3}$", closing[-1]) \
            and not _is_note_block(body[r.i].text) and not _SEPARATOR.match(body[r.i].text) \
            and not _PAGE_NUMBER.match(body[r.i].text):
        closing.append(_normalise_italics(body[r.i].text))
        r.i += 1
    return True


def _glued_adoption(r: _Reading, b: _Block, t: str) -> bool:
    """Cut the adoption line glued to the last operative paragraph (SOURCES §3) off it, and close the body."""
    g = None if r.st.closed else _GLUED_ADOPTION.search(t)
    if g is None:
        return False
    _body_block(t[: g.start()].rstrip(), b, r.st, r.drafts, r.warnings, _next_content(r.body, r.i))
    r.closing.append(g.group(1))
    r.st.closed = True
    return True


def _after_adoption(r: _Reading, b: _Block, t: str) -> bool:
    """Read a block after the adoption line as annex text."""
    if not r.st.closed:
        return False
    _annex_block(t, b, r.st, r.drafts, r.warnings)
    return True


# The rules a block is tried against, in order: the first that claims it wins. Furniture and
# notes come first, as they can stand anywhere, even inside a paragraph cut by a page break.
_READING_RULES = (_page_furniture, _stray_marks, _document_symbol, _note_block, _garbled_note,
                  _enacting_formula, _adoption_line, _glued_adoption, _after_adoption)


def _flush_pending(st: _State, drafts: list[_Draft]) -> None:
    """Keep as ``other`` text what was waiting for a next block that never came.

    A part label with no paragraph after it, or a number or item letter alone
    before the adoption line, would otherwise vanish with the state.
    """
    leftovers: list[tuple[str, list[int]]] = []
    if st.part_block is not None and not any(d.part == st.part for d in drafts):
        leftovers.append((st.part_block.text, list(st.part_block.lines)))
        st.part = None
    if st.pending_number is not None:
        leftovers.append((f"{st.pending_number}.", st.pending_lines))
    if st.pending_item is not None:
        leftovers.append((st.pending_item, st.pending_lines))
    st.part_block, st.pending_number, st.pending_item = None, None, None
    for text, lines in leftovers:
        drafts.append(_Draft(OTHER, text, lines, st.part,
                             warn=("unclassified", "bloc non classé, gardé tel quel")))


def _continues(t: str, prev: _Draft | None) -> bool:
    """Tell whether a block carries on the previous paragraph (page break, split line)."""
    if prev is None or (prev.kind == OTHER and prev.warn and prev.warn[0] == "english"):
        return False
    plain = t.lstrip("*").lstrip()
    if not plain:
        return False
    if prev.raw.rstrip().endswith("-"):
        return True
    if _ITEM.match(t) or _OPERATIVE.match(t) or _DASH.match(t):
        return False
    if plain[0].islower() or plain[0] in "«(\"'’,;":
        return True
    if not _ends_complete(prev.raw):
        if t.startswith("*"):
            return False
        # A name carried over a page break (``… la situation en Sierra`` / ``Leone;``,
        # ``… prie le`` / ``Secrétaire général de …``) looks like a new paragraph
        # opening with a verb; a previous paragraph cut after a function word, or
        # a piece too short to be a paragraph, says otherwise.
        last = re.findall(r"[\w'’]+", _plain(prev.raw))[-1:]
        if last and (last[0].lower() in FUNCTION_WORDS or last[0].lower() in ("et", "ou", "de", "avec", "entre")
                     or last[0].lower().endswith(("'", "’"))):
            return True
        if len(_plain(t).split()) <= 3 and _ends_complete(t):
            return True
        return not (_preamble_like(t) or _operative_like(t))
    return False


def _heading_like(t: str) -> bool:
    """Tell whether a block reads as a heading: one italic run, capitalised, short, with no final punctuation."""
    plain = _plain(t)
    return (t.startswith("*") and t.rstrip().endswith("*") and bool(plain) and plain[0].isupper()
            and len(plain.split()) <= 20 and not re.search(r"[.;:,!?]$", plain)
            and not _OPERATIVE.match(t) and not _ITEM.match(t))


def _opens_entry(t: str) -> bool:
    """Tell whether a block starts a numbered paragraph, an item, a dash item or another heading."""
    return bool(_OPERATIVE.match(t) or _OPERATIVE_ALONE.match(t) or _OPERATIVE_NODOT.match(t)
                or _ITEM.match(t) or _ITEM_ALONE.match(t) or _DASH.match(t) or _heading_like(t))


def _next_content(body: list[_Block], i: int) -> str:
    """Return the next block that is neither page furniture nor a footnote, italics merged ("" at the end)."""
    for b in body[i:]:
        t = _normalise_italics(b.text)
        if _SEPARATOR.match(t) or _RUNNING_HEADER.match(t) or _PAGE_NUMBER.match(t) or _is_note_block(t) \
                or not (re.search(r"\w", t) or _DASH.match(t)):
            continue
        return t
    return ""


def _next_dash(drafts: list[_Draft]) -> int:
    """Return the number of the next dash item of the current paragraph: dashes count from 1 in each."""
    n = 1
    for d in reversed(drafts):
        if d.kind in (OPERATIVE, PREAMBULAR):
            break
        if d.kind == SUBPARAGRAPH and d.item and d.item.startswith("t"):
            n += 1
    return n


def _assign_headings(drafts: list[_Draft]) -> None:
    """Give each paragraph the heading it stands under.

    A heading over lettered items (S/RES/1528 (2004), ``*Ordre public*`` then
    ``p)``) lasts until the next numbered paragraph; one over numbered
    paragraphs (S/RES/1735 (2006), ``*Mise en œuvre des mesures*`` then ``19.``)
    until the next heading or part.
    """
    heading, over_items, part = "", False, None
    for k, d in enumerate(drafts):
        if d.annex or d.part != part:
            heading, part = "", d.part
        if d.title:
            heading = _plain(d.raw)
            nxt = drafts[k + 1] if k + 1 < len(drafts) else None
            over_items = nxt is not None and nxt.kind == SUBPARAGRAPH
            continue
        if over_items and d.kind == OPERATIVE:
            heading = ""
        if not d.annex:
            d.heading = heading


@dataclass
class _Here:
    """One block of the body being classified, with the paragraph before it and the block after it."""

    t: str
    lines: list[int]
    block: _Block
    prev: _Draft | None
    nxt: str


def _body_block(t: str, b: _Block, st: _State, drafts: list[_Draft], warnings: list[Warning],
                nxt: str = "") -> None:
    """Classify one block between the heading and the adoption line.

    ``nxt`` is the next block of content, which tells a heading (followed by
    an item or a numbered paragraph) from a paragraph.
    """
    prev = drafts[-1] if drafts else None
    if st.after_council:
        # Nothing carries over the enacting formula.
        prev, st.after_council = None, False
    prev = _number_printed_apart(t, st, drafts, prev)
    joined = _with_pending(t, list(b.lines), st)
    if joined is None or _dash_item(*joined, st, drafts):
        return
    here = _Here(*joined, b, prev, nxt)
    for rule in _LAYOUT_RULES:
        if rule(here, st, drafts):
            return
    here.t = _dotted_number(here.t)
    for rule in _PARAGRAPH_RULES:
        if rule(here, st, drafts):
            return
    _by_wording(here, st, drafts)


def _number_printed_apart(t: str, st: _State, drafts: list[_Draft], prev: _Draft | None) -> _Draft | None:
    """Give a number held alone to the unnumbered paragraph before it; return the paragraph before the block.

    ``13.`` alone, then ``14. Prie …``: a number printed apart from its
    paragraph, after it (S/RES/1528 (2004): ``Exhorte …`` / ``13.``).
    """
    if st.pending_number is None or not (_OPERATIVE.match(t) or _OPERATIVE_ALONE.match(t)):
        return prev
    number, number_lines = st.pending_number, st.pending_lines
    st.pending_number = None
    if prev is not None and prev.kind == OPERATIVE and prev.number is None and not prev.annex:
        prev.raw = f"{number}. {prev.raw}"
        prev.number = number
        prev.lines.extend(number_lines)
        return prev
    drafts.append(_Draft(OTHER, f"{number}.", number_lines, st.part,
                         warn=("unclassified", "bloc non classé, gardé tel quel")))
    return drafts[-1]


def _with_pending(t: str, lines: list[int], st: _State) -> tuple[str, list[int]] | None:
    """Return the block with the number or item letter held for it; None when the block itself is held."""
    if st.pending_number is not None:
        t = f"{st.pending_number}. {t}"
        lines = st.pending_lines + lines
        st.pending_number = None
    elif st.pending_item is not None:
        t, st.pending_item = f"{st.pending_item} {t}", None
    elif _ITEM_ALONE.match(t):
        # ``*b)*`` alone: the item text is the next block.
        st.pending_item = t
        st.pending_lines = list(lines)
        return None
    elif m := _OPERATIVE_ALONE.match(t):
        # ``1.`` alone: the paragraph text is the next block.
        st.pending_number = m.group(1)
        st.pending_lines = list(lines)
        return None
    return t, lines


def _dash_item(t: str, lines: list[int], st: _State, drafts: list[_Draft]) -> bool:
    """Hold a dash printed alone for the next block, and make that block an item of the current paragraph."""
    if st.pending_dash:
        st.pending_dash = False
        parent = next((d for d in reversed(drafts) if d.kind != SUBPARAGRAPH and not d.title), None)
        n = _next_dash(drafts)
        drafts.append(_Draft(SUBPARAGRAPH if parent else OTHER, t, list(lines), st.part,
                             parent.number if parent else None, f"t{n}",
                             warn=None if parent else ("orphan-item", "tiret sans paragraphe parent")))
        return True
    if _DASH.match(t):
        st.pending_dash = True
        return True
    return False


def _continuation(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Join a block that carries on the previous paragraph (page break, split line) to it."""
    if h.prev is None or not _continues(h.t, h.prev):
        return False
    h.prev.raw = _join(h.prev.raw, h.t)
    h.prev.lines.extend(h.lines)
    return True


def _heading(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Keep an italic heading over the entries after it (``*Observation du cessez-le-feu*`` over items d) to h)).

    A heading, not an unnumbered paragraph that would take the next number.
    """
    if not (st.seen_op and _heading_like(h.t) and _opens_entry(h.nxt)):
        return False
    drafts.append(_Draft(OTHER, h.t, list(h.lines), st.part, title=True))
    return True


def _part_label(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Open a part (``A``, ``B``): its label waits for the part's first paragraph."""
    m = _PART.match(h.t)
    if not m:
        return False
    _flush_pending(st, drafts)
    st.part = m.group(1)
    st.part_block = h.block
    st.seen_op = False
    return True


def _english(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Keep an English paragraph of a bilingual volume as ``other`` text, with a warning."""
    if not _is_english(h.t):
        return False
    drafts.append(_Draft(OTHER, h.t, list(h.lines), st.part,
                         warn=("english", "paragraphe en anglais (volume bilingue)")))
    return True


# Rules on the block's layout, tried in order before its number is read.
_LAYOUT_RULES = (_continuation, _heading, _part_label, _english)


def _dotted_number(t: str) -> str:
    """Put back the dot OCR lost after a paragraph's number (``12 Prie``, ``*12 Prie*``)."""
    if (nd := _OPERATIVE_NODOT.match(t)) and not _NOTE_BLOCK.match(t):
        return f"{nd.group(1)}. {t[nd.end():]}"
    if nd := _OPERATIVE_NODOT_ITALIC.match(t):
        return f"{nd.group(1)}. *{t[nd.end():]}"
    return t


def _numbered(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Make a block that opens with a number an operative paragraph."""
    num, _rest = _strip_number(h.t)
    if num is None:
        return False
    drafts.append(_Draft(OPERATIVE, h.t, list(h.lines), st.part, num))
    st.seen_op = True
    return True


def _lettered(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Make a block that opens with a letter an item, once a paragraph it can belong to exists."""
    item, _rest = _strip_item(h.t)
    if item is None or not any(d.kind in (OPERATIVE, PREAMBULAR) for d in drafts):
        return False
    drafts.append(_Draft(SUBPARAGRAPH, h.t, list(h.lines), st.part, item=item))
    return True


def _unmarked_verb_item(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Make an item of a block whose dash or letter was lost: ``Mener des recherches … ;``.

    It follows a chapeau (``:``) or an item, opens with an infinitive and ends like an item.
    """
    t, prev = h.t, h.prev
    if not (prev is not None and (prev.raw.rstrip("* ").endswith(":") or prev.kind == SUBPARAGRAPH)
            and _fold(_first_word(t)).endswith(("er", "ir", "re", "oir")) and t.rstrip("* ")[-1:] in ";."):
        return False
    n = _next_dash(drafts)
    drafts.append(_Draft(SUBPARAGRAPH, t, list(h.lines), st.part, item=f"t{n}"))
    return True


def _unmarked_noun_item(h: _Here, st: _State, drafts: list[_Draft]) -> bool:
    """Make an item of a noun phrase whose dash was lost after a chapeau or a dash item.

    S/RES/1425 (2002) ``L'assistance et la coopération techniques … ;``,
    S/RES/1250 (1999) ``Pas de conditions préalables;``.
    """
    t, prev = h.t, h.prev
    if not (prev is not None and (prev.raw.rstrip("* ").endswith(":") or (
            prev.kind == SUBPARAGRAPH and prev.item and prev.item.startswith("t")))):
        return False
    plain = _plain(t)
    if t.startswith("*") or not re.search(r"(?:[;.]|; et|; ou)$", plain) or len(plain.split()) <= 2 \
            or re.match(r"^(?:\d|[A-Z]\s?[.,]|[IVX]+\s?[.,])", plain):
        return False
    first = _first_word(t).lower()
    if not (re.split(r"['’]", first)[0] in _DETERMINER
            or first.endswith("ment")  # a noun (``Engagement de …``), never a finite verb
            or not (_operative_like(t) or _preamble_like(t))):
        return False
    drafts.append(_Draft(SUBPARAGRAPH, t, list(h.lines), st.part, item=f"t{_next_dash(drafts)}"))
    return True


# Rules on the block's marks, tried in order once a lost dot after its number is put back.
_PARAGRAPH_RULES = (_numbered, _lettered, _unmarked_verb_item, _unmarked_noun_item)


def _by_wording(h: _Here, st: _State, drafts: list[_Draft]) -> None:
    """Classify an unmarked block by its wording and final punctuation: preambular, operative or unclassified."""
    t = h.t
    complete = _ends_complete(t)
    ending = t.replace("*", "").rstrip()[-1:]
    if _preamble_like(t) and (ending != ";" or not st.seen_op):
        drafts.append(_Draft(PREAMBULAR, t, list(h.lines), st.part))
    elif _operative_like(t) and (ending in ".;:" or not complete):
        drafts.append(_Draft(OPERATIVE, t, list(h.lines), st.part))
        st.seen_op = True
    elif not st.seen_op and ending == ",":
        drafts.append(_Draft(PREAMBULAR, t, list(h.lines), st.part))
    else:
        drafts.append(_Draft(OTHER, t, list(h.lines), st.part,
                             warn=("unclassified", "bloc non classé, gardé tel quel")))


def _annex_block(t: str, b: _Block, st: _State, drafts: list[_Draft], warnings: list[Warning]) -> None:
    """Classify one block after the adoption line: annex text, kept as ``other``."""
    if _ANNEX.match(t):
        st.annex += 1
        st.article = None
        drafts.append(_Draft(OTHER, t, list(b.lines), annex=st.annex))
        return
    prev = drafts[-1] if drafts else None
    if st.annex == 0:
        st.annex = 1
    m = _ARTICLE.match(t)
    if m:
        art = m.group(1)
        st.article = ("1" if art == "premier" else art) + (m.group(2) or "")
        drafts.append(_Draft(OTHER, t, list(b.lines), annex=st.annex, article=st.article, item="art"))
        return
    if st.annex_label:
        t, st.annex_label = f"{st.annex_label} {t}", ""
    elif _DASH.match(t) or _PART.match(t):
        # A dash or a section number alone belongs to the next block.
        st.annex_label = t
        return
    # Annexes have many title lines, so only a lowercase start or a line-end
    # hyphen continues the previous block.
    if prev is not None and prev.annex == st.annex and not _ANNEX.match(prev.raw) and (
            prev.raw.endswith("-") or (t.lstrip("*")[:1].islower() and not _ITEM.match(t))):
        prev.raw = _join(prev.raw, t)
        prev.lines.extend(b.lines)
        return
    if prev is not None and prev.item == "art" and prev.annex == st.annex and len(prev.lines) == 1 and len(t) < 120 \
            and not _ends_complete(t):
        # The title line of an article (``Organisation du Tribunal``) belongs to its heading.
        prev.raw = f"{prev.raw} {t}"
        prev.lines.extend(b.lines)
        return
    drafts.append(_Draft(OTHER, t, list(b.lines), annex=st.annex, article=st.article))


def _read_adoption(line: str) -> tuple[Vote | None, str | None]:
    """Read the vote and meeting number from the adoption line(s)."""
    if not line:
        return None, None
    plain = _plain(line)
    # OCR reads 1 as I or l next to digits (``I514e``, ``209Ie``, ``par Il voix``).
    fixed = re.sub(r"(?<=\d)[Il]|[Il](?=\d)", "1", plain)
    fixed = re.sub(r"\b(?:Il|lI|II|ll)\b(?=\s+vo)", "11", fixed)
    fixed = re.sub(r"\babs-?\s+tention", "abstention", fixed)
    fixed = re.sub(r"\bp[uo]r\b", "par", fixed)
    fixed = re.sub(r"\bvotes\b", "voix", fixed)
    meeting = None
    m = _MEETING.search(fixed) or re.search(r"\b(?:la|sa|lu|ln)\s+(\d{2,4})", fixed)
    if m:
        meeting = m.group(1)
    else:
        m = re.search(r"\b(\d{2,4})\s?\S?\s", fixed)
        meeting = m.group(1) if m else None
    vote = None
    plain_text, plain = plain, fixed
    if re.search(r"\buna[nm]\S{0,3}[mi]", plain, re.IGNORECASE):
        vote = Vote(unanimous=True, text=plain_text)
    elif re.search(r"sans (être mise aux voix|avoir été mise? aux voix|procéder à un vote|vote|qu.il soit proc)"
                   r"|consensus|acclamation", plain, re.IGNORECASE):
        vote = Vote(without_vote=True, text=plain_text)
    else:
        v = _VOTE.search(plain)
        if v:
            vote = Vote(in_favour=_count(v.group(1)), against=_count(v.group(2)),
                        abstentions=_count(v.group(3)), text=plain_text)
        else:
            v = _VOTE_NO_ABST.search(plain + ",")
            if v:
                abst = 0 if re.search(r"sans abstention", plain) else (
                    1 if re.search(r"avec une abstention", plain) else None)
                vote = Vote(in_favour=_count(v.group(1)), against=_count(v.group(2)), abstentions=abst, text=plain_text)
            elif re.search(r"avec une abstention", plain):
                m1 = re.search(r"par\s+(\S+)\s+voix", plain)
                vote = Vote(in_favour=_count(m1.group(1)) if m1 else None, abstentions=1, text=plain_text)
    if vote is not None and vote.in_favour is not None and vote.against is not None and vote.abstentions is None:
        # "par 14 voix contre zéro." says no abstention by saying none; "avec 5 abstensions (…)" or
        # "avec 2 (États-Unis…) abstentions" give their count though the main pattern missed it.
        # The count nearest before "abst…", or "avec 2" where the line was cut short (S/RES/546 (1984)).
        said = re.search(r"\b(\d{1,2}|une|deux|trois|quatre|cinq|six)\b[^\d]{0,40}?abst", plain) \
            or re.search(r"\bavec\s+(\d{1,2})\W*$", plain)
        if said and _count(said.group(1)) is not None:
            vote = replace(vote, abstentions=_count(said.group(1)))
        elif not re.search(r"abst", plain, re.IGNORECASE):
            vote = replace(vote, abstentions=0)
    return vote, meeting


def _count(word: str) -> int | None:
    """Read a vote count written in digits or as a French number word."""
    w = word.strip(",.;:*\"").lower()
    if w.isdigit():
        return int(w)
    if w in _NUMBER_WORDS:
        return _NUMBER_WORDS[w]
    # ``zérole``: OCR glued a call or noise to the number word.
    for word in sorted(_NUMBER_WORDS, key=len, reverse=True):
        if len(word) >= 3 and w.startswith(word):
            return _NUMBER_WORDS[word]
    return None


# --- anchors, text, footnotes -------------------------------------------------

_CITE = re.compile(r"\b(\d{1,4})\s\((19[4-9]\d|200\d)\)")


@cache
def council_meetings() -> dict[int, tuple[int, int]]:
    """Return, per year, the first and last Security Council meeting of council_meetings.tsv."""
    return {int(year): (int(first), int(last))
            for year, first, last in tsv_rows("indexer.sources", "council_meetings.tsv", 3)}


def _checked_meeting(year: int, meeting: str | None, line: int, warnings: list[Warning]) -> str | None:
    """Return the meeting number, or None with a warning when it cannot be one of the year's meetings.

    OCR cuts digits off meeting numbers (``405`` for 4051 in 1999, ``293`` for
    2933 in 1990): shown as fact, a wrong meeting is worse than none. The year's
    range runs from the last meeting of the year before to the first of the year
    after, so a meeting of the first or last days of a year is never refused.
    """
    table = council_meetings()
    if meeting is None or not meeting.isdigit() or year not in table:
        return meeting
    low = table[year - 1][1] if year - 1 in table else table[year][0]
    high = table[year + 1][0] if year + 1 in table else table[year][1] + 400
    if low <= int(meeting) <= high:
        return meeting
    warnings.append(Warning("meeting-out-of-range", f"séance « {meeting} » hors des séances de {year} "
                            f"({table[year][0]}–{table[year][1]}) : numéro illisible, non retenu", line))
    return None


def _printed_letter(d: _Draft) -> str | None:
    """Return the letter an item prints (``a``, ``cl``, ``J``), or None for a dash or unmarked item."""
    if d.annex or (d.item or "").startswith("t"):
        return None
    m = _ITEM.match(d.raw) or _ITEM_MISREAD.match(d.raw)
    return m.group(2) if m else None


def _repair_letters(drafts: list[_Draft], warnings: list[Warning]) -> None:
    """Give a misread or lost item letter the one its neighbours' sequence fixes.

    S/RES/1373 (2001) prints par. 2 a) … e), ``j)``, g) and par. 3 e), ``J)``, g):
    between e) and g) the item is f). S/RES/1267 (1999) par. 6 lost its b) at a
    page break (a), an unmarked item, c)): b). ``cl)`` after c) at the end of a
    list is d) (a known confusion). The printed mark stays in the warning.
    """
    for i in range(1, len(drafts)):
        d, before = drafts[i], drafts[i - 1]
        prev = _printed_letter(before) if before.kind == SUBPARAGRAPH else None
        if not prev or len(prev) != 1 or not prev.islower() or prev == "z" or d.annex:
            continue
        expected = chr(ord(prev) + 1)
        after = drafts[i + 1] if i + 1 < len(drafts) else None
        nxt = _printed_letter(after) if after is not None and after.kind == SUBPARAGRAPH else None
        here = _printed_letter(d) if d.kind == SUBPARAGRAPH else None
        dash = d.kind == SUBPARAGRAPH and (d.item or "").startswith("t")
        upper = d.kind == OTHER and _ITEM_MISREAD.match(d.raw) and not _ITEM.match(d.raw)
        if here == expected:
            continue
        if nxt == chr(ord(expected) + 1) and (here or dash or upper):
            shown = f"« {here or _ITEM_MISREAD.match(d.raw).group(2)}) »" if here or upper else "sans lettre"
        elif here and _LETTER_CONFUSIONS.get(here) == expected and (nxt is None or len(nxt) > 1):
            shown = f"« {here}) »"
        else:
            continue
        d.kind, d.fixed_item = SUBPARAGRAPH, expected
        warnings.append(Warning("item-letter-read", f"alinéa {shown} entre {prev}) et "
                                f"{nxt + ')' if nxt else 'la fin de la liste'} : lu {expected})", d.lines[0]))


@dataclass
class _Place:
    """Where a draft goes: anchor and eId (before repeats are renamed), kind, printed number and parent."""

    anchor: str
    eid: str
    kind: str
    number: str | None
    body: str  # the paragraph's text without its printed number or letter
    letter: str | None = None
    parent: str | None = None
    level: int = 1
    # An unnumbered paragraph whose place in the sequence another paragraph prints (op3-2).
    taken: bool = False


# A roman numeral that is the next letter after the item before it: "i" after "h" is a letter.
_LETTER_BEFORE = {"i": "h", "v": "u", "x": "w"}


@dataclass
class _Numbering:
    """What numbering the drafts in order remembers: counters per part, and the paragraph items hang from."""

    # The numbers printed in each part: an unnumbered paragraph does not take one of them.
    printed: set[tuple[str | None, int]]
    pp: dict[str | None, int] = field(default_factory=dict)
    other: int = 0
    last_op: dict[str | None, int] = field(default_factory=dict)
    last_global: int = 0
    current_op: tuple[str, str, str | None] | None = None  # anchor, eid, number
    current_letter: tuple[str, str, str] | None = None  # anchor, eid, letter
    annex_count: dict[tuple[int, str | None], int] = field(default_factory=dict)
    guesses: dict[tuple[str | None, int], int] = field(default_factory=dict)  # unnumbered where a number is printed
    section: str | None = None  # ``II.`` over lettered items that restart (S/RES/1542 (2004), par. 7)

    def place(self, d: _Draft, warnings: list[Warning]) -> _Place:
        """Place one draft, the drafts before it already placed."""
        prefix = f"{d.part}-" if d.part else ""
        eprefix = f"part_{d.part}__" if d.part else ""
        if d.annex:
            anchor, eid = _annex_anchor(d, self.annex_count)
            return _Place(anchor, eid, d.kind, d.article, d.raw)
        if d.kind == PREAMBULAR:
            self.pp[d.part] = n = self.pp.get(d.part, 0) + 1
            anchor, eid = f"{prefix}pp{n}", f"{eprefix}preamble__p_{n}"
            self.current_op, self.current_letter = (anchor, eid, str(n)), None
            return _Place(anchor, eid, d.kind, str(n), d.raw)
        if d.kind == OPERATIVE:
            return self._operative(d, prefix, eprefix, warnings)
        if d.kind == SUBPARAGRAPH and self.current_op is not None:
            return self._item(d, self.current_op)
        return self._other(d, prefix, eprefix, warnings)

    def _operative(self, d: _Draft, prefix: str, eprefix: str, warnings: list[Warning]) -> _Place:
        """Anchor an operative paragraph at its printed number, or at its place in the sequence."""
        number, body, taken = None, d.raw, False
        if d.number is None:
            # Unnumbered (old or single-paragraph texts): the anchor follows
            # the sequence, but ``number`` stays None as nothing was printed.
            seq_no = self.last_op.get(d.part, 0) + 1
            # Its place may be printed on another paragraph (``Décide :`` over
            # ``1.``, ``2.``; OCR debris): that one keeps the anchor, and the
            # sequence waits for it.
            taken = (d.part, seq_no) in self.printed
        else:
            number, body = _strip_number(d.raw)
            # Parts either restart at 1 or carry on the numbering.
            allowed = {self.last_op.get(d.part, 0) + 1}
            if d.part and d.part not in self.last_op:
                allowed |= {1, self.last_global + 1}
            if int(number) not in allowed:
                warnings.append(Warning(
                    "out-of-sequence", f"paragraphe {number} ; attendu : {min(allowed)}", d.lines[0]))
            seq_no = int(number)
        if taken:
            self.guesses[(d.part, seq_no)] = k = self.guesses.get((d.part, seq_no), 1) + 1
            anchor, eid = f"{prefix}op{seq_no}-{k}", f"{eprefix}para_{seq_no}_{k}"
        else:
            self.last_op[d.part] = self.last_global = seq_no
            anchor, eid = f"{prefix}op{seq_no}", f"{eprefix}para_{seq_no}"
        self.current_op, self.current_letter, self.section = (anchor, eid, number), None, None
        return _Place(anchor, eid, d.kind, number, body, taken=taken)

    def _item(self, d: _Draft, op: tuple[str, str, str | None]) -> _Place:
        """Place an item: a roman under the current letter, a dash, a numbered or a lettered item."""
        item, body = _item_mark(d)
        number = op[2]
        letter = self.current_letter
        if item and _ROMAN.match(item) and letter is not None and _LETTER_BEFORE.get(item) != letter[2]:
            return _Place(f"{letter[0]}-{item}", f"{letter[1]}__list_1__point_{item}", d.kind, number, body,
                          item, letter[0], 3)
        place = _Place("", "", d.kind, number, body, item, op[0], 2)
        if item.startswith("t"):
            place.anchor, place.eid = f"{op[0]}-{item}", f"{op[1]}__list_1__indent_{item[1:]}"
        elif item.isdigit():
            place.anchor, place.eid = f"{op[0]}-{item}", f"{op[1]}__list_1__point_{item}"
        elif self.section:
            place.anchor, place.eid = f"{op[0]}-{self.section}{item}", f"{op[1]}__list_{self.section}__point_{item}"
            self.current_letter = (place.anchor, place.eid, item)
        else:
            place.anchor, place.eid = f"{op[0]}{item}", f"{op[1]}__list_1__point_{item}"
            self.current_letter = (place.anchor, place.eid, item)
        return place

    def _other(self, d: _Draft, prefix: str, eprefix: str, warnings: list[Warning]) -> _Place:
        """Number text that is no paragraph of the resolution's structure: x1, x2…"""
        if d.kind == SUBPARAGRAPH:
            warnings.append(Warning("orphan-item", "alinéa lettré sans paragraphe parent", d.lines[0]))
        self.other += 1
        label = re.match(r"^\*?([IVX]{1,4})\.\*?$", d.raw)
        if label and self.current_op is not None and not d.annex:
            # ``I.``, ``II.`` over items whose letters restart: items of that section of the paragraph.
            self.section, self.current_letter = label.group(1), None
        if d.warn:
            warnings.append(Warning(d.warn[0], d.warn[1], d.lines[0]))
        return _Place(f"{prefix}x{self.other}", f"{eprefix}other_{self.other}", OTHER, d.number, d.raw)


def _item_mark(d: _Draft) -> tuple[str, str]:
    """Return an item's letter (the sequence's, when OCR misread the printed one) and its text without the mark."""
    raw, item = d.raw, d.item or ""
    if d.fixed_item:
        misread = _ITEM_MISREAD.match(raw) if not item.startswith("t") else None
        if not misread:
            return d.fixed_item, raw
        body = raw[misread.end():]
        if bool(misread.group(1)) != bool(misread.group(3)):
            body = "*" + body
        return d.fixed_item, body
    if not item.startswith("t"):
        letter, body = _strip_item(raw)
        # The classifier made this draft an item because its text opens with a letter (_lettered).
        assert letter is not None
        return letter, body
    return item, raw


def _finish(drafts: list[_Draft], symbol: str, notes: dict[int, Footnote],
            warnings: list[Warning]) -> tuple[tuple[Paragraph, ...], tuple[str, ...]]:
    """Give drafts anchors, eIds, clean text, openings and footnotes."""
    verdict = _accepted_calls(drafts, set(notes))
    out: list[Paragraph] = []
    anchors = AnchorRegistry()
    cites: list[str] = []
    numbering = _Numbering({(d.part, int(d.number)) for d in drafts
                            if d.kind == OPERATIVE and d.number and not d.annex})
    for position, d in enumerate(drafts, start=1):
        place = numbering.place(d, warnings)
        kind, body = place.kind, place.body
        anchor, eid = anchors.claim(place.anchor, place.eid, warnings, d.lines[0])
        marked = _apply_calls(body, d.raw, position - 1, verdict, warnings, d.lines[0])
        # The calls stay in the text as placeholders through the cleaning, so
        # that their offsets are those of the final text.
        text, calls = cut_call_marks(_fix_inline_hyphens(_plain(marked)))
        foot = attach_footnotes(calls, notes, warnings, d.lines[0])
        opening = _opening(_strip_calls_for_opening(body)) if kind != OTHER else ""
        if kind != OTHER or d.annex:
            cites.extend(c for c in _council_citations(text, symbol) if c not in cites)
        out.append(Paragraph(
            symbol=symbol, anchor=anchor, eid=eid, kind=kind, position=position,
            opening=_fix_inline_hyphens(opening), text=text, number=place.number, letter=place.letter,
            parent=place.parent, part=d.part if not d.annex else None, footnotes=foot, lines=tuple(d.lines),
            level=place.level, calls=calls, heading=d.heading, uncertain=place.taken,
        ))
    return _mark_uncertain(out), tuple(cites)


def _mark_uncertain(paragraphs: list[Paragraph]) -> tuple[Paragraph, ...]:
    """Flag the paragraphs whose citation another paragraph of the resolution shares.

    OCR damage the parser cannot undo (a letter misread into one already used,
    a quoted resolution's own numbering, reading-order disorder) leaves two
    paragraphs on one "par. N": neither can be trusted, and both then cite
    themselves by anchor (:mod:`indexer.citation`).
    """
    # The paragraph's own fields, not asdict's deep copy (two fifths of _finish): a label
    # reads only plain values (kind, anchor, part, number, letter, uncertain).
    labels = [local_label(vars(p)) for p in paragraphs]
    seen = Counter(labels)
    return tuple(replace(p, uncertain=True) if seen[label] > 1 and p.kind in (OPERATIVE, SUBPARAGRAPH) else p
                 for p, label in zip(paragraphs, labels, strict=True))


def _annex_anchor(d: _Draft, counts: dict[tuple[int, str | None], int]) -> tuple[str, str]:
    """Return the anchor and eId of an annex paragraph: an article heading, or the next paragraph of one."""
    a = "annex" if d.annex == 1 else f"annex{d.annex}"
    ea = f"annex_{d.annex}"
    if d.item == "art":
        return f"{a}-art{d.article}", f"{ea}__art_{d.article}"
    key = (d.annex, d.article)
    counts[key] = counts.get(key, 0) + 1
    k = counts[key]
    if d.article:
        return f"{a}-art{d.article}-p{k}", f"{ea}__art_{d.article}__para_{k}"
    return f"{a}-p{k}", f"{ea}__p_{k}"


def _council_citations(text: str, symbol: str) -> list[str]:
    """List the Council resolutions a paragraph cites ("résolution 1325 (2000)"), in order, not itself.

    A number and year count only after the word "résolution" and not as a
    General Assembly resolution.
    """
    found: list[str] = []
    for m in _CITE.finditer(text):
        sym = f"S/RES/{m.group(1)} ({m.group(2)})"
        ctx = text[max(0, m.start() - 300): m.start()].lower()
        if sym != symbol and sym not in found and "résolution" in ctx and not re.search(
                r"\b(?:A/RES|assemblée générale)\b[^;]{0,40}$", ctx):
            found.append(sym)
    return found


def _strip_calls_for_opening(body: str) -> str:
    """Drop explicit call markup so it cannot end up in an opening phrase."""
    return re.sub(r"<sup>[^<]*</sup>|\[\d+\]", "", body)


def _alignment(raw: str, body: str) -> tuple[int, int]:
    """Return where ``body`` starts in ``raw`` and how many marks were put before it.

    The body is the raw paragraph without its number or letter; when one
    ``*`` around the number opened the italic run, the body gets it back in
    front (:func:`_strip_number`), so it no longer ends the raw text and the
    call offsets found in the raw text must be shifted by that mark.
    """
    if raw.endswith(body):
        return len(raw) - len(body), 0
    if body.startswith("*") and raw.endswith(body[1:]):
        return len(raw) - len(body) + 1, 1
    raise ValueError(f"paragraph body is not a tail of its raw text: {body[:40]!r}")


def _apply_calls(body: str, raw: str, di: int, verdict: dict[tuple[int, int], bool],
                 warnings: list[Warning], line: int) -> str:
    """Separate accepted calls from the words they are glued to, leaving a placeholder for each.

    The placeholders (:func:`anchors.call_mark`) are cut out once the text is clean.
    """
    cut, added = _alignment(raw, body)
    pieces: list[str] = []
    pos = 0
    for start, end, number, kind in _call_candidates(raw):
        if start < cut:
            continue
        ok = verdict.get((di, start), False)
        s, e = start - cut + added, end - cut + added
        if kind in ("sup", "br"):
            # ``<sup>287,</sup>``: the comma inside the tag belongs to the sentence.
            punct = re.search(r"[,.;]", body[s:e])
            pieces.append(body[pos:s].rstrip() + (call_mark(number) if ok else "") + (punct.group(0) if punct else ""))
            pos = e
            continue
        if ok:
            pieces.append(body[pos:s] + call_mark(number))
            pos = e
        else:
            where = body[max(0, s - 12):e]
            warnings.append(Warning("glued-call-kept", f"« {where} » : appel douteux gardé dans le texte", line))
    pieces.append(body[pos:])
    return "".join(pieces)
