"""Parse the UN's AKN4UN XML (Akoma Ntoso for the UN) into the resolution model.

The markup already says what other sources leave to guesswork: preambular
paragraphs are ``container`` elements (or ``crossHeading refersTo="#preamble"``
inside parts), operative paragraphs are ``paragraph`` elements with their
printed ``num``, sub-paragraphs are ``point`` elements, footnotes are inline
``authorialNote`` elements and citations are ``<a href>`` links. Metadata
comes from ``meta`` (FRBR identification, classification keywords, workflow
steps, voting) and from the cover page.

Anchors come from the printed numbers and the structure, never from the
AKN ``eId`` (``para_61`` is paragraph 8); each paragraph keeps the eId of its
element so that official links can be redirected to it.

A ``documentCollection`` (A/RES/77/256 A-B) becomes one resolution whose
components are parts ``A``, ``B``…: anchors ``A-pp1``, ``B-op3``. Inside one
text, a ``section``/``part`` prefixes its paragraphs' anchors only when the
operative numbering restarts in it (``I-op1``); otherwise the printed numbers
are unique and stay bare.

XML is parsed with entity expansion, DTD loading and network access off; a
document that declares entities is refused before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import unquote

from lxml import etree

from indexer.errors import ParseError
from indexer.model import (
    ADOPTED,
    ADOPTED_WITHOUT_VOTE,
    NOT_ADOPTED,
    OPERATIVE,
    OTHER,
    PREAMBULAR,
    RECORDED_VOTE,
    SUBPARAGRAPH,
    VETOED,
    Footnote,
    Paragraph,
    Resolution,
    Vote,
)
from indexer.model import ORGANS as MODEL_ORGANS
from indexer.model import Warning as Notice
from indexer.sources import states
from indexer.sources.anchors import AnchorRegistry, attach_footnotes, call_mark, cut_call_marks
from indexer.sources.footnotes import clean_reference, is_ibid, resolve_ibid
from indexer.sources.french import parse_date

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
PLACEHOLDER_DATE = "0001-01-01"

# The organs by their FRBRauthor code.
ORGANS = {organ.akn: organ.name for organ in MODEL_ORGANS}
# The issuing body as printed on the cover page, for files whose FRBRauthor is unusual.
ORGAN_NAMES = {v.lower(): v for v in ORGANS.values()}

_PARSER_OPTIONS = {
    "resolve_entities": False, "no_network": True, "load_dtd": False,
    "huge_tree": False, "remove_comments": True, "remove_pis": True,
}
_ENTITY_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# A run of spaces, tabs and line breaks that is not one space already (a lone space stays as it is).
SPACE_RE = re.compile(r"[\t\r\n][ \t\r\n]*| [ \t\r\n]+")
# A footnote call while text is assembled (see anchors.call_mark), and a space before it.
SPACE_BEFORE_CALL_RE = re.compile(" (?=\ue000)")
OP_NUM_RE = re.compile(r"^(\d{1,3})\s*[.)]?$")
ITEM_NUM_RE = re.compile(r"^\(?([a-z]{1,3}|[ivxl]{1,7}|\d{1,2})\s*[).]$")
# "a)\tÀ poursuivre…", "aa) Investir…", "(b) …": an item whose letter the markup left in the text of a
# <paragraph> instead of a <point>'s <num> (A/RES/74/148 par. 5 a)–o)). A capital after the mark, or a
# lowercase word after "a)", is text; "i)" is decided by the numbering (roman or the letter after h).
TEXT_ITEM_RE = re.compile(r"^\s*\(?([a-z]{1,3}|[ivxl]{1,7})\)[\s\u00a0]+(?=\S)")
# "42.\tLes États…": an annex paragraph whose printed number is in its text.
TEXT_NUMBER_RE = re.compile(r"^\s*[’']?\s*(\d{1,3})\.[\s\u00a0]+(?=\S)")
ROMAN_RE = re.compile(r"^(?=[ivxl]+$)l?x{0,3}(?:ix|iv|v?i{0,3})$")
# 829 links of the corpus print a space before the year or session ("…/S/RES/1325 (2000)", 610 of them) and
# 34 a double slash ("undocs.org//fr/A/RES/217 (III)"): cut at the space, they cited "S/RES/1325", a symbol
# of no year beside the text's "S/RES/1325 (2000)"; with the double slash, nothing.
RESOLUTION_HREF_RE = re.compile(
    r"(?:undocs\.org|docs\.un\.org|documents\.un\.org)/+(?:(?:fr|en|es|ar|ru|zh)/)?"
    r"(?P<sym>(?:A|S|E)(?:/HRC)?/RES/[^?#\"\s]+(?:\s+\([^?#\"\s()]+\))?)", re.IGNORECASE)
BLOCK_TAGS = frozenset({
    "p", "td", "th", "tr", "item", "listIntroduction", "intro", "wrapUp", "content", "heading",
    "subheading", "num", "blockList", "table", "list", "point", "container", "crossHeading",
    "embeddedStructure", "blockContainer", "tblock", "eol", "br", "paragraph", "sublist",
})
SKIPPED_TAGS = frozenset({"img", "meta", "authorialNote"})
DIVISION_TAGS = frozenset({"section", "part", "chapter", "title", "subsection", "division", "hcontainer"})


def looks_like_akn(head: str | bytes) -> bool:
    """Tell from the first bytes of a file whether it is Akoma Ntoso XML."""
    if isinstance(head, bytes):
        head = head[:4096].decode("utf-8", "replace")
    head = head[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("<") and ("akomaNtoso" in head or "legaldocml" in head)


def _tag(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag[tag.rfind("}") + 1:]  # what follows the namespace: rsplit's last part, without a list


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _tag(c) == name]


def _first(el: Any, name: str) -> Any:
    if el is None:
        return None
    for c in el.iter(f"{{{AKN}}}{name}"):
        return c
    return None


def _squash(text: str) -> str:
    # Each run of spaces, tabs and line breaks becomes one space. Without two spaces in a row, a tab
    # or a line break there is none to change: four scans in C (90,000 calls per 250 files).
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = SPACE_RE.sub(" ", text)
    return text.strip()


def _iso(value: str | None) -> date | None:
    if not value or value.startswith(PLACEHOLDER_DATE):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolution_symbol(href: str) -> str | None:
    """Return the resolution symbol an undocs.org link points to, in the index's spelling.

    ``A/RES/1514(XV)`` → ``A/RES/1514 (XV)``, ``S/RES/2255(2015)`` →
    ``S/RES/2255 (2015)``, ``A/RES/48/226C`` → ``A/RES/48/226`` (the part
    letter is dropped, as the text extractor does).
    """
    m = RESOLUTION_HREF_RE.search(href)
    if not m:
        return None
    sym = unquote(m.group("sym")).rstrip("/.")  # "S/RES/1325%282000%29", "%20"
    sym = re.sub(r"\s+", " ", sym)
    # "a/res/1514(XV)", "A/hrc/RES/46/17", "s/RES/2518(2020)" in some files (120 links): the symbol's letters
    # are capitals (its part letter is dropped below).
    sym = re.sub(r"^[a-z](?:/hrc)?/res/", lambda m: m.group(0).upper(), sym, flags=re.IGNORECASE)
    sym = re.sub(r"/{2,}", "/", sym)  # "S/RES//2334 (2016)" once
    old = re.fullmatch(r"((?:A|E)/RES/\d+)\s*(?:\(?([A-Z])\)?)?\s*\(([IVXLC]+|S-[IVX]+|ES-[IVX]+)\)", sym,
                       re.IGNORECASE)
    if old:
        letter = f" {old.group(2).upper()}" if old.group(2) else ""
        return f"{old.group(1)}{letter} ({old.group(3).upper()})"
    council = re.fullmatch(r"S/RES/(\d+)\s*\((\d{4})\)", sym)
    if council:
        return f"S/RES/{council.group(1)} ({council.group(2)})"
    modern = re.fullmatch(r"((?:A|E)(?:/HRC)?/RES/(?:ES-\d+|S-\d+|\d+)/\d+)(?:\s*[A-Za-z](?:-[A-Za-z])?)?(?:/.*)?", sym)
    if modern:
        return modern.group(1)
    return sym


@dataclass
class _Draft:
    kind: str
    text: str  # with call marks
    eid: str
    opening: str = ""
    number: str | None = None
    item: str | None = None
    depth: int = 0  # 0 paragraph, 1 point, 2 point in point…
    part: str | None = None
    division: str | None = None
    heading: str = ""
    links: list[str] = field(default_factory=list)
    annex: int = 0
    line: int = 0


@dataclass
class _Notes:
    """Footnotes met in document order, numbered once for the whole resolution."""

    notes: list[tuple[str, str, int]] = field(default_factory=list)  # marker, raw text, line

    def add(self, el: Any, links: list[str] | None = None) -> int:
        """Record a footnote; the resolutions it links to count for its paragraph."""
        out: list[str] = []
        _collect(el, out, None, links)
        raw = _squash("".join(out))
        self.notes.append((el.get("marker") or "", raw, el.sourceline or 0))
        return len(self.notes)


def _plain(el: Any) -> str:
    """Return the text of an element without its footnotes."""
    out: list[str] = []
    _collect(el, out, None, None)
    return "".join(out)


def _collect(el: Any, out: list[str], notes: _Notes | None, links: list[str] | None) -> None:
    """Append the text of el's content (not its tail) to out, marking footnote calls."""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag == "authorialNote":
            if notes is not None:
                out.append(call_mark(notes.add(child, links)))
        elif tag and tag not in SKIPPED_TAGS:
            block = tag in BLOCK_TAGS
            if block:
                out.append(" ")
            if tag == "a" and links is not None:
                sym = resolution_symbol(child.get("href") or "")
                if sym and sym not in links:
                    links.append(sym)
            _collect(child, out, notes, links)
            if block:
                out.append(" ")
        if child.tail:
            out.append(child.tail)


def _text(el: Any, notes: _Notes, links: list[str], skip: tuple[str, ...] = ()) -> str:
    out: list[str] = []
    if skip:
        for child in el:
            if _tag(child) in skip:
                continue
            part: list[str] = []
            _collect(child, part, notes, links)
            out.append(" " + "".join(part) + " ")
    else:
        _collect(el, out, notes, links)
    return _squash("".join(out))


def _italic_opening(el: Any) -> str:
    """Return the italic phrase a paragraph opens with (its verb), if it opens with one."""
    for span in el.iter(f"{{{AKN}}}span", f"{{{AKN}}}i"):
        if _tag(span) == "span" and "italic" not in (span.get("class") or ""):
            continue
        before = _squash(_text_before(el, span))
        if before and not re.fullmatch(r"[\d.)(a-z\s]*", before):
            return ""
        phrase = _squash(_plain(span))
        # "Ayant à l" + "’" + "esprit": italics broken around an apostrophe.
        nxt = span.getnext()
        tail = span.tail or ""
        if nxt is not None and _tag(nxt) == "span" and "italic" in (nxt.get("class") or "") \
                and tail in ("’", "'"):
            phrase = f"{phrase}{tail}{_squash(_plain(nxt))}"
        return phrase.strip(" ,;:")
    return ""


def _text_before(root: Any, target: Any) -> str:
    """Return the text that precedes target inside root (footnotes excluded)."""
    out: list[str] = []

    def walk(el: Any) -> bool:
        if el is target:
            return True
        if el.text:
            out.append(el.text)
        for child in el:
            if _tag(child) in SKIPPED_TAGS:
                if child.tail:
                    out.append(child.tail)
                continue
            if walk(child):
                return True
            if child.tail:
                out.append(child.tail)
        return False

    walk(root)
    return "".join(out)


# --- metadata --------------------------------------------------------------------------------------


def _meta_value(meta: Any, tag: str, attr: str, **match: str) -> str | None:
    if meta is None:
        return None
    for el in meta.iter(f"{{{AKN}}}{tag}"):
        if all(el.get(k) == v for k, v in match.items()):
            return el.get(attr)
    return None


def _subjects(meta: Any) -> tuple[list[int], list[str]]:
    sdgs: list[int] = []
    subjects: list[str] = []
    if meta is None:
        return sdgs, subjects
    for kw in meta.iter(f"{{{AKN}}}keyword"):
        dictionary = (kw.get("dictionary") or "").upper()
        value = kw.get("value") or ""
        goal = value.split(".")[0]  # a target ("16.9") counts for its goal
        if dictionary == "SDGO" and goal.isdigit():
            if int(goal) not in sdgs:
                sdgs.append(int(goal))
        elif dictionary.startswith("UNBIS") and value:
            label = subject_label(value)
            if label and label not in subjects:
                subjects.append(label)
    return sorted(sdgs), subjects


def subject_label(value: str) -> str:
    """Spell a UNBIS thesaurus term one way: "civil_society" and "CIVIL SOCIETY" → "Civil society"."""
    words = _squash(value.replace("_", " ")).lower()
    return words[:1].upper() + words[1:]


def _workflow(meta: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"draft": None, "sponsors_en": [], "meeting_doc": None, "outcome": None,
                           "outcome_text": "", "adopted": None}
    if meta is None:
        return out
    for step in meta.iter(f"{{{AKN}}}step"):
        outcome = (step.get("outcome") or "").strip()
        by = (step.get("by") or "").strip()
        if outcome == "draftResolution":
            out["draft"] = out["draft"] or (step.get("as") or None)
            out["sponsors_en"].append(by)
        elif outcome == "draftResolutionAdditionalSponsors":
            out["sponsors_en"].append(by)
        elif outcome == "adopted":
            out["meeting_doc"] = step.get("as") or None
            out["adopted"] = _iso(step.get("date"))
        elif outcome.lower() in ("veto", "notadopted"):
            out["outcome"] = VETOED if outcome.lower() == "veto" else NOT_ADOPTED
            out["outcome_text"] = by
            out["meeting_doc"] = step.get("as") or None
    return out


def _vote(meta: Any, workflow: dict[str, Any], warnings: list[Notice]) -> Vote | None:
    voting = _first(meta, "voting")
    counts: dict[str, int | None] = {}
    voters: dict[str, list[str]] = {}
    outcome_attr = (voting.get("outcome") or "").strip() if voting is not None else ""
    if voting is not None:
        for count in voting.iter(f"{{{AKN}}}count"):
            way = count.get("refersTo") or ""
            try:
                counts[way] = int(count.get("value") or "")
            except ValueError:
                counts[way] = None
            names = [_squash(o.text or "") for o in count.iter(f"{{{AKN}}}organization")]
            voters[way] = states.voters(names, warnings)
    outcome = workflow["outcome"]
    text = outcome_attr
    if outcome is None:
        low = outcome_attr.lower()
        if low == "adoptedwithoutvote" or "without vote" in low or "consensus" in low:
            outcome = ADOPTED_WITHOUT_VOTE
        elif low == "adoptedrecordedvote" or counts.get("inFavour") is not None:
            outcome = RECORDED_VOTE
        else:
            outcome = ADOPTED
        m = re.search(r"(\d+)-(\d+)-(\d+)", outcome_attr)
        if m and not counts:
            counts = {"inFavour": int(m.group(1)), "against": int(m.group(2)), "abstaining": int(m.group(3))}
            outcome = RECORDED_VOTE
    else:
        text = workflow["outcome_text"]
    if voting is None and workflow["outcome"] is None:
        return None
    if any(counts.get(way) is not None for way in ("inFavour", "against", "abstaining")):
        # A side with no count element, or an empty value, is a side nobody took
        # (E/RES/2021/2: "19 pour, 26 abstentions" and no count against): 0, or the
        # number of States listed that way, never an unknown.
        for way in ("inFavour", "against", "abstaining"):
            if counts.get(way) is None:
                counts[way] = len(voters.get(way, ()))
    return Vote(
        without_vote=outcome == ADOPTED_WITHOUT_VOTE,
        in_favour=counts.get("inFavour"), against=counts.get("against"), abstentions=counts.get("abstaining"),
        text=text, outcome=outcome,
        yes=tuple(voters.get("inFavour", ())), no=tuple(voters.get("against", ())),
        abstaining=tuple(voters.get("abstaining", ())),
    )


@dataclass
class _Cover:
    symbol: str = ""
    organ: str = ""
    distributed: date | None = None
    session: int | None = None
    agenda_item: str | None = None
    agenda_item_title: str | None = None
    title_line: str = ""
    proponent: str = ""
    report: str | None = None
    committee: str | None = None
    lines: list[str] = field(default_factory=list)


def _cover(cover: Any, references: dict[str, str]) -> _Cover:
    out = _Cover()
    if cover is None:
        return out
    for el in cover.iter():
        tag = _tag(el)
        if tag == "docNumber" and not out.symbol:
            out.symbol = _squash(_plain(el))
        elif tag == "docAuthority" and el.get("refersTo") == "#issuingBody":
            out.organ = _squash(_plain(el))
        elif tag == "docDate" and out.distributed is None:
            out.distributed = _iso(el.get("date"))
        elif tag == "session":
            value = el.get("value") or ""
            out.session = int(value) if value.isdigit() else None
        elif tag == "inline" and el.get("name") == "agenda item":
            out.agenda_item = _squash(el.get("title") or "") or _agenda_number(_plain(el))
        elif tag == "inline" and el.get("name") == "agenda item name":
            out.agenda_item_title = _squash(_plain(el)) or None
        elif tag == "docTitle" and not out.title_line:
            out.title_line = _squash(_plain(el))
        elif tag == "docProponent":
            out.proponent = _squash(_plain(el))
            ref = (el.get("refersTo") or "").lstrip("#")
            out.committee = references.get(ref) or None
            for inline in el.iter(f"{{{AKN}}}inline"):
                if inline.get("name") == "originating document":
                    out.report = _squash(_plain(inline)).split(",")[0].strip() or None
    for p in cover.iter(f"{{{AKN}}}p"):
        line = _squash(_plain(p))
        if line:
            out.lines.append(line)
    return out


def _agenda_number(text: str) -> str | None:
    m = re.search(r"(?:Point|Points)\s+(\d+(?:\s*[a-z]\))?)", text)
    return m.group(1) if m else None


def _references(meta: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    if meta is None:
        return out
    for el in meta.iter(f"{{{AKN}}}TLCTerm", f"{{{AKN}}}TLCOrganization"):
        if el.get("eId") and el.get("showAs"):
            out[el.get("eId")] = el.get("showAs")
    return out


# --- body --------------------------------------------------------------------------------------------


@dataclass
class _Walk:
    notes: _Notes
    drafts: list[_Draft] = field(default_factory=list)
    annex: int = 0  # the annex being read (0: the resolution itself)
    annexes: int = 0
    # A <num> printed in a paragraph of its own, empty, whose text is the next paragraph's
    # (A/RES/79/1: "<num>20.</num><p/>", then "Nous réaffirmons que …").
    pending_num: str = ""

    def add(self, kind: str, el: Any, text: str, links: list[str], annex_text: bool = True, **kw: Any) -> None:
        """Add a draft unless it has no text; ``annex_text`` False keeps it out of the current annex."""
        if not _squash(cut_call_marks(text)[0]):
            return
        self.drafts.append(_Draft(kind, text, el.get("eId") or "", links=links, line=el.sourceline or 0,
                                  annex=self.annex if annex_text else 0, **kw))


def _preamble(el: Any, walk: _Walk, part: str | None) -> None:
    for child in el:
        tag = _tag(child)
        if tag == "formula":
            continue
        if tag in ("container", "crossHeading", "p", "blockList"):
            links: list[str] = []
            lists = _children(child, "blockList") if tag == "container" else []
            opening = _squash(child.get("name") or "") if tag == "container" else ""
            opening = _italic_opening(child) or opening
            if not lists:
                walk.add(PREAMBULAR, child, _text(child, walk.notes, links), links, opening=opening.strip(" ,"),
                         part=part)
                continue
            # "Soulignant qu'une gestion efficace … :" then items a), b), c) (S/RES/2714 (2023) pp5):
            # the paragraph is its introduction, each item its own unit (pp5a).
            intro = [c for c in lists[0] if _tag(c) in ("intro", "listIntroduction")]
            own = " ".join(x for x in [_text(child, walk.notes, links, skip=("blockList",)),
                                       *(_text(c, walk.notes, links) for c in intro)] if x.strip())
            walk.add(PREAMBULAR, child, own, links, opening=opening.strip(" ,"), part=part)
            for lst in lists:
                _points(lst, walk, 1, False, {"part": part, "division": None, "heading": ""})


def _body(el: Any, walk: _Walk, part: str | None, division: str | None, heading: str, annex: bool) -> None:
    for child in el:
        tag = _tag(child)
        if tag == "paragraph":
            label = _paragraph(child, walk, part, division, heading, annex)
            if label:
                # A heading paragraph "I" / "B. …" opens a division, as a <section> would.
                division, heading = label
        elif tag in DIVISION_TAGS:
            label, title = _division_heading(child)
            walk.add(OTHER, child, " ".join(x for x in (label, title) if x), [], part=part,
                     division=label or division, heading="heading", annex_text=annex)
            _body(child, walk, part, label or division, title or heading, annex)
        elif tag == "crossHeading" and (child.get("refersTo") or "") == "#preamble":
            links: list[str] = []
            walk.add(PREAMBULAR, child, _text(child, walk.notes, links), links, opening=_italic_opening(child),
                     part=part, division=division, heading=heading, annex_text=annex)
        elif tag in ("num", "heading", "subheading"):
            continue  # a division's own label, read by _division_heading
        elif tag == "preamble":
            _preamble(child, walk, part)
        elif tag and tag not in SKIPPED_TAGS:
            links = []
            walk.add(OTHER, child, _text(child, walk.notes, links), links, part=part, division=division,
                     heading=heading, annex_text=annex)


LABEL_RE = re.compile(r"^([IVXLC]+|[A-Z]|\d{1,2})(?:\.|\s|$)\s*(.*)$", re.S)


def _division_heading(el: Any) -> tuple[str, str]:
    """Return a section's label ("I", "A") and title from its num/heading/subheading children."""
    label = ""
    titles: list[str] = []
    for child in el:
        if _tag(child) in ("num", "heading", "subheading"):
            text = _squash(_plain(child))
            m = LABEL_RE.match(text)
            if not label and not titles and m:
                label = m.group(1)
                text = m.group(2).strip()
            if text:
                titles.append(text.rstrip("."))
    return label, " — ".join(titles)


def _paragraph(el: Any, walk: _Walk, part: str | None, division: str | None, heading: str,
               annex: bool) -> tuple[str, str] | None:
    """Add a paragraph element's drafts; return (label, title) when it is a division heading."""
    nums = _children(el, "num")
    num = _squash(_plain(nums[0])) if nums else ""
    lists = _children(el, "list")
    subheads = [c for c in el if _tag(c) in ("subheading", "heading")]
    links: list[str] = []
    common = {"part": part, "division": division, "heading": heading}
    if num and not lists and not subheads and OP_NUM_RE.match(num) \
            and not _squash(cut_call_marks(_text(el, _Notes(), [], skip=("num",)))[0]):
        walk.pending_num = num
        return None
    if walk.pending_num and not num and not subheads:
        num, walk.pending_num = walk.pending_num, ""
    elif walk.pending_num:
        walk.pending_num = ""  # a heading came between: the number had no text
    if subheads and not _children(el, "content") and not lists:
        label, title = _division_heading(el)
        if annex and re.match(r"(?i)annexe\b", title or label) and any(d.annex == walk.annex for d in walk.drafts):
            # "Annexe II" printed inside the same attachment as annex I (S/RES/2734 (2024)): a new annex.
            walk.annexes += 1
            walk.annex = walk.annexes
        walk.add(OTHER, el, _text(el, walk.notes, links), links, heading="heading", part=part,
                 division=label or division, annex_text=annex)
        return (label, title or heading) if label and not annex else None
    if lists:
        # The paragraph's own text is its list's intro; the points follow as sub-paragraphs.
        lst = lists[0]
        intro = [c for c in lst if _tag(c) in ("intro", "listIntroduction")]
        own = _text(intro[0], walk.notes, links) if intro else ""
        before = [c for c in el if _tag(c) in ("content", "subheading")]
        own = " ".join([_text(c, walk.notes, links) for c in before] + [own]).strip()
        opening = _italic_opening(intro[0]) if intro else ""
        _numbered(el, walk, num, own, links, opening, annex, common)
        wrap_links: list[str] = []
        _points(lst, walk, 1, annex, common)
        for wrap in (c for c in lst if _tag(c) == "wrapUp"):
            walk.add(OTHER if annex else SUBPARAGRAPH, wrap, _text(wrap, walk.notes, wrap_links), wrap_links,
                     item="wrap", depth=1, **common)
        for extra in lists[1:]:
            _points(extra, walk, 1, annex, common)
        return None
    text = _text(el, walk.notes, links, skip=("num",))
    label = _squash(cut_call_marks(text)[0])
    if not num and not annex and re.fullmatch(r"[A-Z]|[IVXLC]{1,5}", label):
        # A paragraph that prints only "A" or "II" (E/RES/2025/21): the label of a division, as a
        # <section> would be; the numbering may restart under it.
        walk.add(OTHER, el, text, links, heading="heading", part=part, division=label)
        return label, heading
    _numbered(el, walk, num, text, links, _italic_opening(el), annex, common)
    return None


def _numbered(el: Any, walk: _Walk, num: str, text: str, links: list[str], opening: str, annex: bool,
              common: dict[str, Any]) -> None:
    if not num:
        # The printed mark left in the text ("a)\tCondamne…", "42.\tLes États…"): the same
        # structure as a <num>, so that the item is anchored and cited by it (op5a, annex-42).
        shown = cut_call_marks(text)[0]
        mark = TEXT_ITEM_RE.match(shown) or TEXT_NUMBER_RE.match(shown)
        if mark and mark.re is TEXT_NUMBER_RE and not annex:
            # In the resolution itself, only the number that comes next ("’\t19.\t…" after
            # paragraph 18, S/RES/2734 (2024)): a number inside a quoted text is not the resolution's.
            last = next((d.number for d in reversed(walk.drafts) if d.kind == OPERATIVE and d.number), "0")
            if int(mark.group(1)) != int(last) + 1:
                mark = None
        if mark:
            num, text = f"{mark.group(1)})" if mark.re is TEXT_ITEM_RE else f"{mark.group(1)}.", \
                text[_raw_offset(text, mark.end()):]
    if annex:
        number = OP_NUM_RE.match(num)
        item = ITEM_NUM_RE.match(num)
        walk.add(OTHER, el, text if (number or item) else (f"{num} " if num else "") + text, links,
                 opening=opening, number=str(int(number.group(1))) if number else None,
                 item=item.group(1) if item and not number else None, depth=1 if item and not number else 0,
                 **common)
        return
    m = OP_NUM_RE.match(num)
    if m:
        walk.add(OPERATIVE, el, text, links, opening=opening, number=str(int(m.group(1))), **common)
        return
    item = ITEM_NUM_RE.match(num)
    previous = _item_parent(walk.drafts, item.group(1)) if item else None
    if item and previous is not None:
        # A lettered paragraph at the top level (quoted articles, old layouts, letters left in
        # the text): a sub-paragraph of the paragraph before it, preambular ones included
        # ("Notant avec satisfaction :" then "a) Que…", E/RES/2023/5).
        walk.add(SUBPARAGRAPH, el, text, links, opening=opening, item=item.group(1), depth=1, **common)
        return
    if num:
        text = f"{num} {text}"
    kind = OTHER
    if opening and not num:
        numbered = any(d.kind == OPERATIVE and d.number for d in walk.drafts if d.part == common["part"])
        kind = PREAMBULAR if not numbered and _preambular_opening(opening) else OPERATIVE
    walk.add(kind, el, text, links, opening=opening, **common)


def _item_parent(drafts: list[_Draft], item: str) -> _Draft | None:
    """Return the paragraph a top-level item belongs to, or None when it stands alone.

    The paragraph just before, when it is preambular, operative or an item; past
    unnumbered text only when the letter continues the items already read ("c)"
    after "b)" and two lines of a quoted list, A/RES/74/269 par. 5).
    """
    if not drafts:
        return None
    previous = drafts[-1]
    if previous.kind in (OPERATIVE, SUBPARAGRAPH, PREAMBULAR) and not previous.annex:
        return previous
    if len(item) == 1 and item > "a":
        for d in reversed(drafts):
            if d.kind == SUBPARAGRAPH and d.depth == 1 and d.item and len(d.item) == 1:
                return d if ord(d.item) == ord(item) - 1 else None
            if d.kind in (OPERATIVE, PREAMBULAR):
                return None
    return None


def _raw_offset(text: str, shown: int) -> int:
    """Return the offset in ``text`` (with call marks) of the ``shown``-th character of its plain form."""
    seen = 0
    i = 0
    while i < len(text) and seen < shown:
        if text[i] == "\ue000":
            i = text.index("\ue001", i) + 1
            continue
        seen += 1
        i += 1
    return i


# Openers of preambular paragraphs that are not "-ant" participles (with the -ant ones,
# they tell a preambular paragraph the markup put in mainBody from an operative one).
PREAMBLE_WORDS = frozenset(w.lower() for w in [
    "Vu", "Conscient", "Consciente", "Convaincu", "Convaincue", "Résolu", "Résolue", "Soucieux", "Soucieuse",
    "Désireux", "Désireuse", "Déterminé", "Déterminée", "Préoccupé", "Préoccupée", "Profondément", "Gravement",
    "Vivement", "Sérieusement", "Alarmé", "Alarmée", "Inquiet", "Inquiète", "Persuadé", "Persuadée", "Guidé",
    "Guidée", "Sensible", "Fermement", "Extrêmement", "Particulièrement", "Également", "Encouragé",
    "Encouragée", "Satisfait", "Satisfaite", "Attaché", "Attachée", "Mû", "Mue", "Affirmant",
])


def _preambular_opening(opening: str) -> bool:
    first = opening.split()[0].lower().strip(",") if opening.split() else ""
    return first in PREAMBLE_WORDS or bool(re.fullmatch(r"\w+ant", first))


def _points(lst: Any, walk: _Walk, depth: int, annex: bool, common: dict[str, Any]) -> None:
    for child in lst:
        tag = _tag(child)
        if tag not in ("point", "item", "indent"):
            if tag in ("sublist", "list", "blockList"):
                _points(child, walk, depth + 1, annex, common)
            continue
        nums = _children(child, "num")
        num = _squash(_plain(nums[0])) if nums else ""
        inner = [c for c in child if _tag(c) in ("list", "sublist", "blockList")]
        links: list[str] = []
        # A point's own title ("Gel des avoirs" over a), S/RES/2734 (2024) par. 1) is the heading it
        # stands under, not the start of its text.
        titles = [_squash(_plain(c)) for c in child if _tag(c) in ("subheading", "heading")]
        skip = ("num", "list", "sublist", "blockList", "subheading", "heading")
        item_common = {**common, "heading": " — ".join(titles)} if titles else common
        if inner:
            intros = [c for c in inner[0] if _tag(c) in ("intro", "listIntroduction")]
            own = _text(child, walk.notes, links, skip=skip)
            if intros:
                own = f"{own} {_text(intros[0], walk.notes, links)}".strip()
        else:
            own = _text(child, walk.notes, links, skip=skip)
        m = ITEM_NUM_RE.match(num)
        item = m.group(1) if m else None
        if annex:
            if item:
                walk.add(OTHER, child, own, links, item=item, depth=depth, **item_common)
            else:
                walk.add(OTHER, child, (f"{num} " if num else "") + own, links, **item_common)
        else:
            if num and not item:
                own = f"{num} {own}"
            walk.add(SUBPARAGRAPH, child, own, links, opening=_italic_opening(child), item=item, depth=depth,
                     **item_common)
        for sub in inner:
            _points(sub, walk, depth + 1, annex, common)


def _attachments(el: Any, walk: _Walk) -> None:
    """Add the annexes' text: annex-p1…, annex2-p1… (numbered across the whole resolution)."""
    for doc in el.iter(f"{{{AKN}}}doc"):
        walk.annexes += 1
        walk.annex = walk.annexes
        for child in doc:
            tag = _tag(child)
            if tag in ("mainBody", "preamble", "preface"):
                _body(child, walk, None, None, "", annex=True)
    walk.annex = 0  # a collection's next component is not annex text

# --- numbering ---------------------------------------------------------------------------------------


def _roman(item: str | None, letter: str | None) -> bool:
    """Tell a roman item (i, ii) from a letter: "i" after "h" is a letter."""
    if not item or not ROMAN_RE.match(item):
        return False
    if letter is None:
        return False
    return not (len(item) == 1 and letter and len(letter) == 1 and ord(item) == ord(letter) + 1)


@dataclass
class _Place:
    """Where a draft goes: its anchor (before repeats are renamed), kind, printed number and parent."""

    anchor: str
    kind: str
    number: str | None
    item: str | None = None
    parent: str | None = None
    level: int = 1


@dataclass
class _Numbering:
    """What numbering the drafts in order remembers: counters per scope, and the paragraph items hang from."""

    restart: set[str | None]
    # The scopes where some operative paragraph prints its number.
    numbered_scopes: set[str | None]
    registry: AnchorRegistry = field(default_factory=AnchorRegistry)
    pp: dict[str | None, int] = field(default_factory=dict)
    ops: dict[str | None, int] = field(default_factory=dict)
    other: dict[str | None, int] = field(default_factory=dict)
    annex_count: dict[int, int] = field(default_factory=dict)
    unnumbered: dict[str | None, int] = field(default_factory=dict)
    # Items without a printed letter, counted under the anchor they hang from (op4-t1, op4-t2).
    deep: dict[str, int] = field(default_factory=dict)
    op: tuple[str, str] | None = None  # the operative paragraph whose items follow: anchor, number
    letter: tuple[str, str] | None = None  # its current lettered item: anchor, letter
    preamble: tuple[str, str] | None = None  # the preambular paragraph whose items follow
    roman_run: bool = False  # the current paragraph's items are romans from i)
    # The annex paragraph whose items follow (anchor, number), and its current letter: set by a
    # printed number, kept by its items, dropped by any other annex text (a heading between them).
    annex_op: tuple[str, str] | None = None
    annex_letter: tuple[str, str] | None = None

    def place(self, d: _Draft, warnings: list[Notice]) -> _Place:
        """Place one draft, the drafts before it already placed."""
        scope = _scope(d, self.restart)
        prefix = f"{d.part}-" if d.part else ""
        if d.division in self.restart and d.division:
            prefix += f"{d.division}-"
        if d.annex:
            return self._annex(d)
        if d.kind == PREAMBULAR:
            return self._preambular(scope, prefix)
        if d.kind == OPERATIVE:
            return self._operative(d, scope, prefix, warnings)
        if d.kind == SUBPARAGRAPH and self.op is not None:
            return self._item(d, self.op)
        if d.kind == SUBPARAGRAPH and self.preamble is not None and d.item and d.depth == 1:
            # An item of a preambular paragraph ("Notant avec satisfaction :" then "a) Que…"): pp11a.
            return _Place(f"{self.preamble[0]}{d.item}", d.kind, self.preamble[1], d.item, self.preamble[0], 2)
        if d.kind == SUBPARAGRAPH:
            warnings.append(Notice("orphan-item", "alinéa lettré sans paragraphe parent", d.line))
        self.other[d.part] = self.other.get(d.part, 0) + 1
        return _Place(f"{d.part + '-' if d.part else ''}x{self.other[d.part]}", OTHER, d.number)

    def _annex(self, d: _Draft) -> _Place:
        """Place annex text: unnumbered text keeps its place (annex-p7), a printed number is the anchor.

        annex-42, annex-42a, annex-42a-ii, unless the annex repeats the number (quoted texts).
        """
        a = "annex" if d.annex == 1 else f"annex{d.annex}"
        self.annex_count[d.annex] = self.annex_count.get(d.annex, 0) + 1
        place = _Place(f"{a}-p{self.annex_count[d.annex]}", OTHER, d.number)
        held = self.annex_op or self.annex_letter
        if held is not None and not held[0].startswith(f"{a}-"):
            self.annex_op = self.annex_letter = None  # a new annex: nothing carries over
        printed = None
        if d.number:
            printed = f"{a}-{d.number}"
            self.annex_op, self.annex_letter = (printed, d.number), None
        elif d.item:
            printed = self._annex_item(d, d.item, a, place)
        else:
            self.annex_op = self.annex_letter = None
        if printed and self.registry.free(printed):
            place.anchor = printed
        return place

    def _annex_item(self, d: _Draft, item: str, a: str, place: _Place) -> str | None:
        """Fill in an annex item's letter and parent; return its printed anchor, if it has one."""
        letter = self.annex_letter[1] if self.annex_letter else None
        if self.annex_op is None and (item == "a" or self.annex_letter is not None) and d.depth == 1 \
                and not _roman(item, letter):
            # Lettered items straight under an annex's title (S/RES/2734 (2024), annex I a)–dd)).
            place.item, place.parent, place.level = item, None, 2
            self.annex_letter = (f"{a}-{item}", item)
            return f"{a}-{item}"
        if self.annex_op is None and self.annex_letter is not None:
            place.item, place.parent, place.level = item, self.annex_letter[0], 3
            return f"{self.annex_letter[0]}-{item}"
        if self.annex_op is None:
            self.annex_letter = None
            return None
        place.number, place.item = self.annex_op[1], item
        if d.depth >= 2 or _roman(item, letter):
            key = self.annex_letter[0] if self.annex_letter else self.annex_op[0]
            place.parent, place.level = key, 3 if self.annex_letter else 2
            return f"{key}-{item}"
        place.parent, place.level = self.annex_op[0], 2
        self.annex_letter = (f"{self.annex_op[0]}{item}", item)
        return f"{self.annex_op[0]}{item}"

    def _preambular(self, scope: str | None, prefix: str) -> _Place:
        """Number a preambular paragraph in its scope: pp1, pp2…"""
        # Counted per numbering scope: a division whose operative numbering restarts has its
        # own preamble too (E/RES/2025/21 A, B, C: A-pp1, B-pp1).
        self.pp[scope] = self.pp.get(scope, 0) + 1
        number = str(self.pp[scope])
        anchor = f"{prefix}pp{number}"
        self.op = self.letter = None
        self.preamble = (anchor, number)
        return _Place(anchor, PREAMBULAR, number)

    def _operative(self, d: _Draft, scope: str | None, prefix: str, warnings: list[Notice]) -> _Place:
        """Anchor an operative paragraph at its printed number, or at its place when none is printed."""
        if d.number is None and scope in self.numbered_scopes:
            # Unnumbered beside numbered paragraphs ("Adopte la déclaration ci-après :"
            # before the declaration's own 1., 2.…): a sequence of its own.
            self.unnumbered[scope] = self.unnumbered.get(scope, 0) + 1
            anchor = f"{prefix}opu{self.unnumbered[scope]}"
            self._new_paragraph((anchor, ""))
            return _Place(anchor, OPERATIVE, d.number)
        expected = self.ops.get(scope, 0) + 1
        n = expected if d.number is None else int(d.number)
        if n != expected:
            warnings.append(Notice("out-of-sequence", f"paragraphe {n} ; attendu : {expected}", d.line))
        self.ops[scope] = n
        anchor = f"{prefix}op{n}"
        self._new_paragraph((anchor, d.number or str(n)))
        return _Place(anchor, OPERATIVE, d.number)

    def _new_paragraph(self, op: tuple[str, str]) -> None:
        """Make an operative paragraph the one the next items hang from."""
        self.op, self.letter, self.preamble, self.roman_run = op, None, None, False
        self.deep.clear()

    def _item(self, d: _Draft, op: tuple[str, str]) -> _Place:
        """Place an item of an operative paragraph: a letter (op4a), a roman under it (op4a-ii), a closing wrap."""
        if d.item == "wrap":
            # The paragraph's words after its list (op4-fin).
            return _Place(f"{op[0]}-fin", d.kind, op[1], None, op[0], 2)
        if d.depth >= 2 or (d.depth == 1 and not self.roman_run
                            and _roman(d.item, self.letter[1] if self.letter else None)):
            key, level = (op[0], 2) if self.letter is None else (self.letter[0], 3)
            item = d.item
            if item is None:
                item = self._unlettered(key)
            return _Place(f"{key}-{item}", d.kind, op[1], item, key, level)
        item = d.item
        if item is None or item.isdigit():
            # A numbered item counts in the sequence of unlettered ones: 1), 2), then t3.
            unlettered = self._unlettered(op[0])
            return _Place(f"{op[0]}-{item or unlettered}", d.kind, op[1], item, op[0], 2)
        if self.letter is None and item == "i":
            # A list that opens with "i)" is a list of romans (S/RES/2690 (2023) par. 6
            # i)–vi)): ii) is the next item, not an item of i).
            self.roman_run = True
        self.letter = (f"{op[0]}{item}", item)
        return _Place(f"{op[0]}{item}", d.kind, op[1], item, op[0], 2)

    def _unlettered(self, key: str) -> str:
        """Return the next name of an item without a printed letter under ``key``: t1, t2…"""
        self.deep[key] = self.deep.get(key, 0) + 1
        return f"t{self.deep[key]}"


def _number(drafts: list[_Draft], symbol: str, notes: dict[int, Footnote], restart: set[str | None],
            warnings: list[Notice]) -> tuple[Paragraph, ...]:
    """Give drafts anchors from their printed numbers and structure."""
    numbering = _Numbering(restart, {_scope(d, restart) for d in drafts
                                     if d.kind == OPERATIVE and d.number and not d.annex})
    out: list[Paragraph] = []
    for position, d in enumerate(drafts, start=1):
        place = numbering.place(d, warnings)
        # The eId stays the file's own even when the anchor is renamed.
        anchor, _ = numbering.registry.claim(place.anchor, d.eid, warnings, d.line)
        text, calls = cut_call_marks(SPACE_BEFORE_CALL_RE.sub("", d.text))
        text = text.strip()
        footnotes = attach_footnotes(calls, notes, warnings, d.line)
        out.append(Paragraph(
            symbol=symbol, anchor=anchor, eid=d.eid, kind=place.kind, position=position, opening=d.opening,
            text=text, number=place.number, letter=place.item, parent=place.parent, part=d.part,
            footnotes=footnotes, lines=(d.line,) if d.line else (), level=place.level, calls=calls,
            links=tuple(d.links), heading=d.heading if d.heading != "heading" else "",
        ))
    return tuple(out)


def _scope(d: _Draft, restart: set[str | None]) -> str | None:
    """Return the numbering scope of a draft: its part, and its division where numbering restarts."""
    if d.division is None or d.division not in restart:
        return d.part
    return f"{d.part or ''}{d.division}"


def _restarting(drafts: list[_Draft]) -> set[str | None]:
    """Return the divisions whose paragraphs need a prefix: those of a text whose numbering restarts.

    Most sectioned resolutions number their paragraphs straight through, and
    the printed number alone is the anchor (op12). Where a number repeats in
    one part, each division is its own numbering scope (I-op1, II-op1).
    """
    by_part: dict[str | None, list[_Draft]] = {}
    for d in drafts:
        if d.kind == OPERATIVE and d.number and not d.annex:
            by_part.setdefault(d.part, []).append(d)
    restart: set[str | None] = set()
    for entries in by_part.values():
        numbers = [d.number for d in entries]
        if len(numbers) != len(set(numbers)):
            restart.update(d.division for d in entries if d.division is not None)
    return restart


# --- the whole document -------------------------------------------------------------------------------


def _xml_root(data: bytes | str, source: str) -> Any:
    """Parse the XML safely (no DTD, no entities, no network); raise ParseError with the line of a syntax error."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if _ENTITY_RE.search(raw[:65536]):
        raise ParseError("XML refusé : le document déclare une DTD ou des entités (risque d'expansion)", source)
    try:
        return etree.fromstring(raw, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else 0)
        raise ParseError(f"XML mal formé : {exc.msg}", source, line or 0) from None


def parse_akn(data: bytes | str, source: str = "") -> Resolution:
    """Parse one AKN4UN file into a Resolution; raise ParseError naming file and line."""
    root = _xml_root(data, source)
    if _tag(root) != "akomaNtoso":
        raise ParseError(f"XML sans racine akomaNtoso (racine : {_tag(root) or '?'})", source)
    doc = next((c for c in root if _tag(c) in ("statement", "documentCollection", "doc", "act", "bill")), None)
    if doc is None:
        raise ParseError("document AKN vide (ni statement ni documentCollection)", source)
    warnings: list[Notice] = []
    meta = _first(doc, "meta")
    references = _references(meta)
    cover = _cover(_first(doc, "coverPage"), references)
    notes = _Notes()
    walk = _Walk(notes)
    components = _components(root) if _tag(doc) == "documentCollection" else []
    if components:
        for label, statement in components:
            _statement_body(statement, walk, label)
    else:
        _statement_body(doc, walk, None)

    author = (_meta_value(meta, "FRBRauthor", "href", **{"as": "author"}) or "").lstrip("#").lower()
    declared = (_meta_value(meta, "FRBRlanguage", "language") or "").lower()
    if not declared and components:
        # A collection's own meta may be empty; its components say their language.
        declared = (_meta_value(_first(components[0][1], "meta"), "FRBRlanguage", "language") or "").lower()
    symbol = cover.symbol or _symbol_from_uri(_meta_value(meta, "FRBRuri", "value") or "", author)
    if not symbol:
        raise ParseError("cote introuvable (coverPage/docNumber)", source)
    symbol = _named_symbol(_checked_symbol(symbol, doc, warnings), source, warnings)
    # "S/RES/2560(2020)" on two covers: the symbol as the Council prints it, with its space.
    symbol = re.sub(r"^(S/RES/\d+)\s*\((\d{4})\)$", r"\1 (\2)", symbol)
    organ = _organ(symbol, author, cover.organ)
    workflow = _workflow(meta)
    if components and _first(meta, "voting") is None:
        # The collection's meta may not carry the vote: the first component's does.
        meta_vote = _first(components[0][1], "meta")
        vote = _vote(meta_vote, _workflow(meta_vote), warnings)
        if not workflow["draft"]:
            workflow = _workflow(meta_vote)
    else:
        vote = _vote(meta, workflow, warnings)
    adopted = _session_checked(symbol, _adoption_date(doc, meta, cover, workflow, warnings), cover, warnings)
    sdgs, subjects = _subjects(meta)
    if components:
        for _, statement in components:
            more_sdgs, more_subjects = _subjects(_first(statement, "meta"))
            sdgs = sorted(set(sdgs) | set(more_sdgs))
            subjects += [s for s in more_subjects if s not in subjects]
    sponsors = states.sponsors(workflow["sponsors_en"], warnings)
    footnotes = _footnotes(notes, warnings)
    restart = _restarting(walk.drafts)
    paragraphs = _number(walk.drafts, symbol, footnotes, restart, warnings)
    title = _title(doc, components)
    links: list[str] = []
    for p in paragraphs:
        links.extend(s for s in p.links if s not in links)
    meeting = _meeting(doc) or workflow["meeting_doc"]
    language = _language(declared, paragraphs, warnings)
    if language != "fra":
        warnings.append(Notice("not-french", f"langue du fichier : {language}, pas le français", 0))
    if not paragraphs:
        warnings.append(Notice("empty", "aucun paragraphe dans mainBody", 0))
    edition = "|".join(filter(None, [
        _meta_value(meta, "FRBRdate", "date", name="markup") or "",
        cover.distributed.isoformat() if cover.distributed else "",
        _docket(meta),
    ]))
    return Resolution(
        symbol=symbol, organ=organ, title=title, session=cover.session, agenda_item=cover.agenda_item,
        adopted=adopted, distributed=cover.distributed, report=cover.report, meeting=meeting, vote=vote,
        paragraphs=paragraphs, footnotes=tuple(footnotes.values()), header=tuple(cover.lines),
        closing=tuple(_closing(doc)), warnings=tuple(warnings), source=source, format="akn",
        cites=tuple(s for s in links if s != symbol), agenda_item_title=cover.agenda_item_title,
        committee=cover.committee or (cover.proponent or None), draft=workflow["draft"],
        sponsors=tuple(sponsors), subjects=tuple(subjects), sdgs=tuple(sdgs), language=language,
        edition=edition,
    )


FRENCH_WORDS = frozenset("le la les des du et à aux que qui une dans sur pour".split())
ENGLISH_WORDS = frozenset("the and of to in that which with for its on by".split())


def _language(declared: str, paragraphs: tuple[Paragraph, ...], warnings: list[Notice]) -> str:
    """Return the text's language: the declared one, checked against the words of the text.

    Metadata can be missing (an empty collection meta) or wrong; English
    indexed as French would be stemmed and faceted wrong without a word said.
    """
    words = re.findall(r"[a-zàâçéèêëîïôûù]+", " ".join(p.text for p in paragraphs[:20]).lower())
    french = sum(map(FRENCH_WORDS.__contains__, words))  # the count of True, without a generator
    english = sum(map(ENGLISH_WORDS.__contains__, words))
    seen = "eng" if english > 2 * french and english >= 10 else "fra" if french > 2 * english and french >= 10 else ""
    if seen and declared and seen != declared:
        warnings.append(Notice("language-mismatch", f"FRBRlanguage dit {declared}, le texte est en {seen}", 0))
        return seen
    return declared or seen or "fra"


def _checked_symbol(symbol: str, doc: Any, warnings: list[Notice]) -> str:
    """Return the cover's symbol, corrected by the preface's number where the two disagree.

    A_RES_78_4_F.xml prints A/RES/78/3 on its cover (a copy-paste slip) and
    78/4 above its title: the number above the title is the resolution's own.
    A_RES_78_60 prints 78/6 above its title: a number cut short, left alone.
    """
    preface = next((c for c in doc if _tag(c) == "preface"), None)
    number = _first(preface, "docNumber")
    printed = _squash(_plain(number)).rstrip(".") if number is not None else ""
    cover = re.match(r"^(.*/)((?:ES-|S-)?\d+/\d+)$", symbol)
    # A preface number that only cuts the cover's short (78/6 for 78/60) is a truncation, not a slip.
    if cover and re.fullmatch(r"(?:ES-|S-)?\d+/\d+", printed) and printed != cover.group(2) \
            and not cover.group(2).startswith(printed):
        fixed = cover.group(1) + printed
        warnings.append(Notice("symbol-mismatch", f"couverture : {symbol}, titre : {printed} ; "
                               f"cote retenue : {fixed}", 0))
        return fixed
    return symbol


def _named_symbol(symbol: str, source: str, warnings: list[Notice]) -> str:
    """Return the file name's symbol where the text prints it with its last digits cut off.

    A_HRC_RES_58_18F.xml prints A/HRC/RES/58/1 throughout, and so does the real
    58/1, adopted the day before; A_RES_78_130… prints 78/13 (real 78/13: 4
    December, this text: 18 December). Two texts under one symbol would lose one
    of them: the name, whose number the printed one cuts short, is the only
    witness of the other's symbol, taken with a warning. Any other disagreement
    is left to the build's duplicate check: A_HRC_RES_55_16F.xml is a byte-for-byte
    copy of 55/15, and filing it as 55/16 would invent a resolution.
    """
    name = re.split(r"[/\\:]", source)[-1]
    named = re.search(r"RES_((?:ES-|S-)?\d+)_(\d+)(?!\d)", name)
    printed = re.match(r"^(.*/)((?:ES-|S-)?\d+)/(\d+)$", symbol)
    if not named or not printed or named.group(1) != printed.group(2):
        return symbol
    if named.group(2) != printed.group(3) and named.group(2).startswith(printed.group(3)):
        fixed = f"{printed.group(1)}{printed.group(2)}/{named.group(2)}"
        warnings.append(Notice("symbol-from-name", f"le texte imprime {symbol}, le fichier {name} : "
                               f"cote retenue {fixed}", 0))
        return fixed
    return symbol


def _organ(symbol: str, author: str, printed: str) -> str:
    """Return the adopting organ: the symbol's series first (HRC files name the Assembly as author)."""
    for prefix, organ in (("A/HRC/", "hrc"), ("S/", "sc"), ("E/", "ecosoc"), ("A/", "ga")):
        if symbol.startswith(prefix):
            return ORGANS[organ]
    return ORGANS.get(author) or ORGAN_NAMES.get(printed.lower(), printed) or "?"


def _components(root: Any) -> list[tuple[str, Any]]:
    """Return (part letter, statement) for each component of a document collection."""
    out: list[tuple[str, Any]] = []
    holder = next((c for c in root if _tag(c) == "components"), None)
    if holder is None:
        return out
    for index, component in enumerate(c for c in holder if _tag(c) == "component"):
        statement = next((c for c in component if _tag(c) in ("statement", "doc")), None)
        if statement is None:
            continue
        number = _first(_first(statement, "preface"), "docNumber")
        label = ""
        if number is not None:
            m = re.search(r"\b([A-Z])\.?\s*$", _squash(_plain(number)).rstrip("."))
            label = m.group(1) if m else ""
        out.append((label or chr(ord("A") + index), statement))
    return out


def _statement_body(doc: Any, walk: _Walk, part: str | None) -> None:
    for child in doc:
        tag = _tag(child)
        if tag == "preface":
            _text(child, walk.notes, [])  # a note on the title belongs to the resolution, not a paragraph
        elif tag == "preamble":
            _preamble(child, walk, part)
        elif tag == "mainBody":
            _body(child, walk, part, None, "", annex=False)
        elif tag == "attachments":
            _attachments(child, walk)


def _symbol_from_uri(uri: str, author: str) -> str:
    m = re.search(r"/(\d{4})-\d\d-\d\d/([\w-]+)/", uri)
    if not m:
        return ""
    number = m.group(2)
    if author == "sc":
        n, _, year = number.partition("-")
        return f"S/RES/{n} ({year or m.group(1)})"
    return f"A/RES/{number.replace('-', '/')}" if author == "ga" else ""


def _adoption_date(doc: Any, meta: Any, cover: _Cover, workflow: dict[str, Any],
                   warnings: list[Notice]) -> date | None:
    """Return the adoption date: meta's, else the cover page's, the conclusions' or the workflow's."""
    value = _meta_value(meta, "FRBRdate", "date", name="adoption")
    adopted = _iso(value)
    if adopted is not None:
        return adopted
    fallback = parse_date(cover.title_line)
    if fallback is None:
        conclusions = _first(doc, "conclusions")
        if conclusions is not None:
            for d in conclusions.iter(f"{{{AKN}}}docDate"):
                fallback = _iso(d.get("date")) or parse_date(_plain(d))
                if fallback:
                    break
    fallback = fallback or workflow["adopted"]
    if value and value.startswith(PLACEHOLDER_DATE):
        warnings.append(Notice("placeholder-date", "date d'adoption 0001-01-01 dans meta : date de la page de "
                               f"couverture ou des conclusions retenue ({fallback or 'aucune'})", 0))
    elif fallback is None:
        warnings.append(Notice("no-date", "date d'adoption introuvable", 0))
    return fallback


def session_years(symbol: str) -> tuple[int, int] | None:
    """Return the first and last year a resolution of this symbol can be adopted in, or None if unknown.

    General Assembly session N opens in September 1945 + N and closes the next
    September; the Human Rights Council holds three sessions a year since 2007
    (session 55: February 2024); ECOSOC's year may open in the previous July;
    a Security Council symbol prints its year. Special and emergency sessions
    are left alone.
    """
    if m := re.fullmatch(r"A/RES/(\d+)/\d+", symbol):
        return 1945 + int(m.group(1)), 1946 + int(m.group(1))
    if (m := re.fullmatch(r"A/HRC/RES/(\d+)/\d+", symbol)) and int(m.group(1)) >= 4:
        year = 2006 + (int(m.group(1)) - 1) // 3
        return year, year
    if m := re.fullmatch(r"E/RES/(\d{4})/\d+", symbol):
        return int(m.group(1)) - 1, int(m.group(1))
    if m := re.fullmatch(r"S/RES/\d+ \((\d{4})\)", symbol):
        return int(m.group(1)), int(m.group(1))
    return None


def _session_checked(symbol: str, adopted: date | None, cover: _Cover, warnings: list[Notice]) -> date | None:
    """Return the adoption date, taken from the cover page when meta's falls outside the symbol's session."""
    years = session_years(symbol)
    if adopted is None or years is None or years[0] <= adopted.year <= years[1]:
        return adopted
    printed = parse_date(cover.title_line)
    if printed is not None and years[0] <= printed.year <= years[1]:
        # A/HRC/RES/59/10: meta says 2015-07-07, the cover "adoptée … le 7 juillet 2025".
        warnings.append(Notice("date-corrected", f"date d'adoption {adopted.isoformat()} hors de la session de "
                               f"{symbol} : date de la page de couverture retenue ({printed.isoformat()})", 0))
        return printed
    warnings.append(Notice("date-out-of-session", f"date d'adoption {adopted.isoformat()} hors de la session de "
                           f"{symbol} ({years[0]}–{years[1]}), aucune autre date lisible : gardée telle quelle", 0))
    return adopted


def _title(doc: Any, components: list[tuple[str, Any]]) -> str:
    preface = next((c for c in doc if _tag(c) == "preface"), None)
    title = _first(preface, "docTitle")
    text = _squash(_plain(title)) if title is not None else ""
    if not text and components:
        text = _title(components[0][1], [])
    return text


def _meeting(doc: Any) -> str | None:
    conclusions = _first(doc, "conclusions")
    if conclusions is None:
        return None
    location = _first(conclusions, "location")
    if location is not None:
        return _squash(_plain(location)) or None
    return None


def _closing(doc: Any) -> list[str]:
    conclusions = _first(doc, "conclusions")
    if conclusions is None:
        return []
    return [line for line in (_squash(_plain(p)) for p in conclusions.iter(f"{{{AKN}}}p")) if line]


def _docket(meta: Any) -> str:
    if meta is None:
        return ""
    for el in meta.iter(f"{{{AKN}}}docketNumber"):
        return _squash(el.text or "")
    return ""


def _footnotes(notes: _Notes, warnings: list[Notice]) -> dict[int, Footnote]:
    """Number the footnotes 1…N in order, keep their printed marker, resolve Ibid. chains."""
    out: dict[int, Footnote] = {}
    earlier: list[str] = []
    for number, (marker, raw, line) in enumerate(notes.notes, start=1):
        full = clean_reference(raw)
        if is_ibid(raw):
            target = resolve_ibid(raw, earlier)
            if target is None:
                warnings.append(Notice("ibid-unresolved", f"note {marker or number} : « Ibid. » sans référence", line))
            else:
                full = target
        earlier.append(full)
        out[number] = Footnote(number=number, text=full, raw=raw, line=line,
                               marker=marker if marker != str(number) else "")
    return out
