"""Turn a parsed resolution into the records stored in the index: paragraph fields, metadata, citations."""

from __future__ import annotations

import json
import pickle
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer.facets.cited import possible
from indexer.model import (
    OPERATIVE,
    OUTCOME_LABELS,
    SUBPARAGRAPH,
    Footnote,
    Paragraph,
    Resolution,
    Vote,
)
from indexer.store.record_types import (
    EnglishRecord,
    FacetRecord,
    FootnoteRecord,
    InstrumentRecord,
    ParagraphRecord,
    ResolutionRecord,
    VoteRecord,
)
from indexer.store.schema import dumps, join_values

if TYPE_CHECKING:
    from indexer.facets.instruments import Instrument

# The bucket of values the vocabulary does not know (verbs, addressees): the
# facet lists stay a vocabulary (no OCR debris), and nothing is dropped.
UNLISTED = "autre"


def facet_fields(facets: Any, kind: str = OPERATIVE) -> FacetRecord:
    """Return the facet record of a paragraph (verb, addressees, instruments…).

    An opening outside the vocabulary goes to the "autre" bucket; in a
    sub-paragraph item it is no verb at all ("a) Aider le Gouvernement…":
    the item's verb is its chapeau's).
    """
    from indexer.facets.extract import listed_addressee, verb_info  # noqa: PLC0415 - extraction is a build step

    verb = facets.verb
    listed = verb is not None and verb_info(verb.value) is not None
    unlisted = None if kind == SUBPARAGRAPH else UNLISTED
    addressees = [(a, listed_addressee(a)) for a in facets.addressees]
    return {
        "verb": (verb.value if listed else unlisted) if verb else None,
        "verb_unlisted": None if listed or verb is None else verb.value,
        "verb_root": verb.root if verb else None,
        "verb_en": verb.en if verb else None,
        "verb_kind": verb.kind if verb else None,
        "secondary_verbs": [v.value for v in facets.secondary_verbs if verb_info(v.value) is not None],
        "addressees": list(dict.fromkeys(a if ok else UNLISTED for a, ok in addressees)),
        "addressees_unlisted": [a for a, ok in addressees if not ok],
        "instruments": [i.name for i in facets.instruments],
        "instrument_details": [_instrument(i) for i in facets.instruments],
        "resolutions": list(facets.resolutions),
        "documents": list(facets.documents),
    }


def paragraph_records(res: Resolution) -> list[ParagraphRecord]:
    """Return everything shown about each paragraph, as stored in the index.

    Facets are extracted over the whole resolution: a short name ("le
    Rapporteur spécial") is resolved from an earlier full one.
    """
    from indexer.facets.extract import extract_resolution  # noqa: PLC0415 - extraction is a build step

    records: list[ParagraphRecord] = []
    year = res.adopted.year if res.adopted else None
    for p, facets in zip(res.paragraphs, extract_resolution(res.paragraphs, res.organ, year), strict=True):
        extracted = facet_fields(facets, p.kind)
        # Resolutions the markup links to (AKN4UN) come first: they are read, not guessed; its links
        # to reports and drafts are documents, and a link to a symbol that cannot exist is a slip.
        linked = [s for s in p.links if "/RES/" in s and possible(s, year)]
        extracted["resolutions"] = merged_citations(linked, extracted["resolutions"])
        extracted["documents"] = list(dict.fromkeys([*(s for s in p.links if "/RES/" not in s),
                                                     *extracted["documents"]]))
        # The stored key order: the paragraph's own fields, then its facets.
        records.append({
            "symbol": p.symbol, "anchor": p.anchor, "eid": p.eid, "kind": p.kind,
            "number": p.number, "letter": p.letter, "parent": p.parent, "part": p.part,
            "position": p.position, "level": p.level, "opening": p.opening, "text": p.text,
            "uncertain": p.uncertain, "text_en": p.text_en,
            "footnotes": [_footnote(f) for f in p.footnotes],
            "calls": [list(c) for c in p.calls],
            "lines": list(p.lines),
            **extracted,
        })
    return records


def _citation_key(symbol: str) -> str:
    """Return what two spellings of one cited resolution share: its number, without organ or part letter."""
    old = re.fullmatch(r"A/RES/(\d+)(?: [A-Z])? \(([IVXLC]+)\)", symbol)
    if old:
        return f"{old.group(1)} ({old.group(2)})"
    return re.sub(r"^(?:A/HRC|A|E)/RES/", "", symbol)


def merged_citations(linked: list[str], read: list[str]) -> list[str]:
    """Return the resolutions a paragraph cites: the markup's links, then what the text adds.

    A link is read, not guessed: where the text gives the same number under another
    organ ("la résolution 42/24" after "résolutions du Conseil des droits de l'homme",
    linked to A/HRC/RES/42/24), the link's symbol stands. Where the text is more precise
    ("217 A (III)" beside a link to "A/RES/217(III)"), the text's spelling stands.
    """
    out: dict[str, str] = {}
    for symbol in linked:
        out.setdefault(_citation_key(symbol), symbol)
    for symbol in read:
        key = _citation_key(symbol)
        if key not in out or re.fullmatch(r"A/RES/\d+ [A-Z] \([IVXLC]+\)", symbol):
            out[key] = symbol
    return list(out.values())


def resolution_record(res: Resolution) -> ResolutionRecord:
    """Return a resolution's metadata as stored beside the index."""
    return {
        "symbol": res.symbol, "organ": res.organ, "title": res.title, "session": res.session,
        "agenda_item": res.agenda_item,
        "adopted": res.adopted.isoformat() if res.adopted else None,
        "distributed": res.distributed.isoformat() if res.distributed else None,
        "report": res.report, "meeting": res.meeting,
        "vote": vote_record(res.vote) if res.vote else None,
        "header": list(res.header), "closing": list(res.closing),
        "footnotes": [_footnote(f) for f in res.footnotes],
        "source": res.source, "format": res.format, "cites": list(res.cites),
        "cited_by": [], "paragraphs": len(res.paragraphs),
        "warnings": len(res.warnings),
        "agenda_item_title": res.agenda_item_title, "committee": res.committee, "draft": res.draft,
        "sponsors": list(res.sponsors), "subjects": list(res.subjects), "sdgs": list(res.sdgs),
        "language": res.language, "rejected": res.rejected, "year": res.year,
        "label": resolution_label(res),
        "title_en": res.title_en,
        "english": res_english(res),
    }


def vote_record(vote: Vote) -> VoteRecord:
    """Return a vote as stored in a resolution's record, with its French label."""
    return {"unanimous": vote.unanimous, "without_vote": vote.without_vote, "in_favour": vote.in_favour,
            "against": vote.against, "abstentions": vote.abstentions, "text": vote.text, "outcome": vote.outcome,
            "yes": list(vote.yes), "no": list(vote.no), "abstaining": list(vote.abstaining),
            "label": OUTCOME_LABELS[vote.outcome]}


def res_english(res: Resolution) -> EnglishRecord | None:
    """Return where the English version came from and how many of its paragraphs are aligned."""
    if not res.english_source:
        return None
    return {"source": res.english_source, "paragraphs": res.english_paragraphs,
            "aligned": sum(bool(p.text_en) for p in res.paragraphs)}


# Length of the label made from a resolution's first operative paragraph.
LABEL_CHARS = 110


def resolution_label(res: Resolution) -> str:
    """Return what names a resolution in a list: its title, else its agenda item, else its first decision.

    Security Council resolutions have no title (neither in the OCR volumes nor
    in AKN4UN): the opening of their first operative paragraph ("Décide de
    proroger le mandat de la FINUL…") tells them apart better than a number.
    """
    if res.title:
        return res.title
    if res.agenda_item_title:
        return res.agenda_item_title
    first = next((p for p in res.paragraphs if p.kind == OPERATIVE and p.text), None)
    if first is None:
        return ""
    text = " ".join(first.text.split())
    if len(text) <= LABEL_CHARS:
        return text
    cut = text[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;: ")
    return f"{cut}…"


def document_fields(res: Resolution, p: Paragraph, record: ParagraphRecord) -> dict[str, Any]:
    """Return the fields of a paragraph's index document but its place in document order (``seq``)."""
    verbs = [record["verb"], *record["secondary_verbs"]]
    return {
        "id": f"{p.symbol}#{p.anchor}",
        "symbol": p.symbol,
        "anchor": p.anchor,
        "eid": p.eid,
        "kind": p.kind,
        "organ": res.organ,
        "opening": p.opening,
        "text": p.text,
        "light": p.text,
        "text_en": p.text_en,
        "instruments_text": _alias_words(p.text, record),
        "notes": " ".join(f["text"] for f in record["footnotes"]),
        "verb": join_values([v for v in verbs if v]),
        "addressee": join_values(record["addressees"]),
        "instrument": join_values(record["instruments"]),
        "resolution": join_values(record["resolutions"]),
        "data": dumps(record),
    }


def indexed_texts(record: ParagraphRecord) -> dict[str, str]:
    """Return the text fields a paragraph's index document was written with, from its stored record.

    The same values as :func:`document_fields`: what an update needs to know
    of a document it deletes (its field lengths, its words) without its source.
    """
    text = str(record.get("text") or "")
    return {
        "opening": str(record.get("opening") or ""), "text": text, "light": text,
        "text_en": str(record.get("text_en") or ""),
        "instruments_text": _alias_words(text, record),
        "notes": " ".join(f["text"] for f in record.get("footnotes") or ()),
    }


def _alias_words(text: str, record: ParagraphRecord) -> str:
    """Return the words the cited instruments' names and aliases add to the paragraph's own.

    The field finds a paragraph by an alias it does not print ("TNP", "Semipalatinsk"); the words the
    text already holds would only count twice, and push "Traité" paragraphs up for "traite".
    """
    if not record["instrument_details"]:
        return ""  # nothing cited: no word to add (most paragraphs), and no need to read the text's
    own = {w.lower() for w in re.findall(r"\w+", text)}
    words = []
    for d in record["instrument_details"]:
        for w in re.findall(r"\w+", " ".join([d["name"], *(d.get("aliases") or ())])):
            if w.lower() not in own:
                words.append(w)
                own.add(w.lower())
    return " ".join(words)


def _footnote(f: Footnote) -> FootnoteRecord:
    """Return a footnote's stored record; the printed marker only where it differs from the number."""
    out: FootnoteRecord = {"number": f.number, "text": f.text}
    if f.marker:
        out["marker"] = f.marker
    return out


def _instrument(i: Instrument) -> InstrumentRecord:
    """Return a cited instrument's stored record."""
    return {"name": i.name, "aliases": list(i.aliases), "treaty_series": i.treaty_series, "adopted_by": i.adopted_by}


def link_citations(resolutions: dict[str, ResolutionRecord]) -> None:
    """Fill each resolution's "cited_by" from the others' "cites"."""
    for symbol, meta in resolutions.items():
        for cited in meta["cites"]:
            if cited in resolutions and cited != symbol:
                resolutions[cited]["cited_by"].append(symbol)


def _shared_strings() -> Any:
    """Return a JSON object hook that keeps one copy of each string it sees (values and lists of values)."""
    shared: dict[str, str] = {}
    share = shared.setdefault

    def hook(obj: dict[str, Any]) -> dict[str, Any]:
        for key, value in obj.items():
            kind = type(value)
            if kind is str:
                obj[key] = share(value, value)
            elif kind is list and value:
                obj[key] = [share(x, x) if type(x) is str else x for x in value]
        return obj

    return hook


def write_resolutions(generation_dir: str | Path, resolutions: dict[str, ResolutionRecord], *,
                      as_read: bool = False) -> None:
    """Write a generation's resolution metadata: the JSON, and its pickle for the web workers' start.

    The pickle holds the JSON's CRC: a JSON changed afterwards is read
    instead of a pickle that no longer says the same (read_resolutions).
    ``as_read``: the records are already what the JSON reads back as (JSON
    types, repeated strings shared: an update's, the previous generation's
    records and the changed ones passed through :func:`read_back`), pickled
    as they are instead of read back from the JSON written (about a second
    on the default collection).
    """
    from indexer.store.layout import RESOLUTIONS, RESOLUTIONS_PICKLE  # noqa: PLC0415 - layout names the files

    folder = Path(generation_dir)
    # dumps, not dump: json.dump streams through the pure-Python encoder (seconds for this file).
    text = json.dumps(resolutions, ensure_ascii=False).encode("utf-8")
    (folder / RESOLUTIONS).write_bytes(text)
    # Read back as the workers will hold it, each repeated string once: pickle writes each string
    # object once and refers to it after, so the sharing survives the round trip.
    shared = resolutions if as_read else json.loads(text, object_hook=_shared_strings())
    with open(folder / RESOLUTIONS_PICKLE, "wb") as f:
        pickle.dump((zlib.crc32(text), shared), f, protocol=pickle.HIGHEST_PROTOCOL)


def read_back(records: list[ResolutionRecord]) -> list[ResolutionRecord]:
    """Return resolution records as the JSON of a generation reads them back: JSON types, repeated strings once."""
    hook = _shared_strings()
    return [json.loads(json.dumps(r, ensure_ascii=False), object_hook=hook) for r in records]


def read_resolutions(generation_dir: str | Path) -> dict[str, ResolutionRecord]:
    """Read a generation's resolution metadata, each repeated string held once (a web worker keeps it all).

    The same few hundred strings (State names of the recorded votes and of the
    sponsors, subjects, organs, cited symbols) come back hundreds of thousands
    of times: read plainly, the default collection's 17 MB of metadata took
    64 MB in each worker; shared, 30 MB (issue 27). From the pickle the build
    writes beside the JSON when it says the same as the JSON (its CRC), else
    from the JSON (a generation of an earlier version, a JSON changed since).
    """
    from indexer.store.layout import RESOLUTIONS, RESOLUTIONS_PICKLE  # noqa: PLC0415 - layout names the files

    folder = Path(generation_dir)
    text = (folder / RESOLUTIONS).read_bytes()
    try:
        with open(folder / RESOLUTIONS_PICKLE, "rb") as f:
            crc, resolutions = pickle.load(f)  # written by write_resolutions, in the index folder
        if crc == zlib.crc32(text) and isinstance(resolutions, dict):
            return resolutions
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass  # no pickle (an earlier version's generation) or an unreadable one: the JSON says it all
    return json.loads(text, object_hook=_shared_strings())
