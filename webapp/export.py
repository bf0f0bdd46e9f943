"""Write paragraphs and resolutions as CSV (also bilingual), RIS, BibTeX and Atom.

Pure functions from plain records (the dicts the engine returns, with the
absolute URLs already built) to text: nothing here reads a request or an
index. Every format names the United Nations as the source of the texts.

CSV is comma-separated (RFC 4180, CRLF line ends) in UTF-8 *with* a byte order
mark: Excel reads a CSV without one in the legacy Windows code page and turns
"États" into "Ã‰tats", while LibreOffice, pandas, R's readr and Python's
``utf-8-sig`` codec all skip the mark. A cell that a spreadsheet would take
for a formula (OCR debris such as "=Ibid., document S/12262." in S/RES/403
(1977)) starts with an apostrophe, as OWASP advises against CSV injection.
The paragraph CSV gains a ``text_en`` column after ``text`` when one of its
paragraphs has an aligned English text; the bilingual CSV of a resolution
puts the French and the English side by side (TMX: see :mod:`webapp.tmx`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.etree import ElementTree as ET

from indexer.search.assent import acceptance_note
from indexer.undocs import official_url
from webapp.present import citation

UN = "Organisation des Nations Unies"
SOURCES = {
    "akn": f"{UN} (fichier AKN4UN, copie non officielle établie à partir du fichier électronique officiel)",
    "ocr": f"{UN} (volumes annuels numérisés des résolutions du Conseil de sécurité, texte reconnu par OCR)",
}
CSV_COLUMNS = ("symbol", "anchor", "citation", "date", "organ", "title", "verb", "addressees", "instruments",
               "text", "url", "official_url", "source",
               # Who accepted the text: the adoption mode, a recorded vote's counts, the sponsoring States.
               "adoption", "votes_for", "votes_against", "abstentions", "sponsors")
# Added last when the search is filtered by accepted_by (see acceptance_note).
ACCEPTED_COLUMN = "accepted_by"
# The same with the English of the aligned paragraph, when there is any.
CSV_COLUMNS_EN = (*CSV_COLUMNS[:CSV_COLUMNS.index("text") + 1], "text_en", *CSV_COLUMNS[CSV_COLUMNS.index("text") + 1:])
BILINGUAL_COLUMNS = ("symbol", "anchor", "kind", "french", "english", "url", "official_url")
# Several values in one CSV cell: a separator no addressee or instrument name holds.
LIST_SEPARATOR = " ; "
# What makes Excel or LibreOffice evaluate a cell (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
BIBTEX_SPECIALS_RE = re.compile("|".join(re.escape(c) for c in BIBTEX_SPECIALS))


def source_note(resolution: Mapping[str, object]) -> str:
    """Return who the text comes from, and in which form, for one resolution."""
    return SOURCES.get(str(resolution.get("format") or ""), UN)


def resolution_title(symbol: str, resolution: Mapping[str, object]) -> str:
    """Return a resolution's title, or "Résolution <symbol>" when the source gives none."""
    return str(resolution.get("title") or "").strip() or f"Résolution {symbol}"


def organ_author(resolution: Mapping[str, object]) -> str:
    """Return the organ as a corporate author: "Assemblée générale des Nations Unies"."""
    organ = str(resolution.get("organ") or "").strip()
    return f"{organ} des Nations Unies" if organ else UN


@dataclass(frozen=True)
class ParagraphRow:
    """One paragraph as the exports write it."""

    symbol: str
    anchor: str
    citation: str
    date: str
    organ: str
    title: str
    verb: str
    addressees: tuple[str, ...]
    instruments: tuple[str, ...]
    text: str
    url: str
    source: str
    text_en: str = ""
    # The official document, https://undocs.org/fr/<symbol>.
    official_url: str = ""
    # "Adoptée sans vote", "Adoptée par un vote"…, the counts of a recorded vote ("" when none), the sponsors.
    adoption: str = ""
    votes_for: str = ""
    votes_against: str = ""
    abstentions: str = ""
    sponsors: tuple[str, ...] = ()
    # When the search is filtered by accepted_by: how each State named accepted the text.
    accepted_by: str = ""


def paragraph_row(symbol: str, record: Mapping[str, object], resolution: Mapping[str, object],
                  url: str, accepted_by: Sequence[str] = ()) -> ParagraphRow:
    """Return the export row of a paragraph record, its resolution's metadata and its permalink.

    ``accepted_by``: the States of the search's accepted_by filter, whose acceptance the row then tells.
    """
    vote: Mapping[str, object] = resolution.get("vote") or {}  # type: ignore[assignment]
    return ParagraphRow(
        symbol=symbol, anchor=str(record.get("anchor") or ""), citation=citation(symbol, record),
        date=str(resolution.get("adopted") or ""), organ=str(resolution.get("organ") or ""),
        title=resolution_title(symbol, resolution), verb=str(record.get("verb") or ""),
        addressees=tuple(record.get("addressees") or ()),  # type: ignore[arg-type]
        instruments=tuple(record.get("instruments") or ()),  # type: ignore[arg-type]
        text=str(record.get("text") or ""), url=url, source=source_note(resolution),
        text_en=str(record.get("text_en") or ""), official_url=official_url(symbol),
        adoption=str(vote.get("label") or ""), votes_for=_count(vote.get("in_favour")),
        votes_against=_count(vote.get("against")), abstentions=_count(vote.get("abstentions")),
        sponsors=tuple(resolution.get("sponsors") or ()),  # type: ignore[arg-type]
        accepted_by=acceptance_note(accepted_by, resolution) if accepted_by else "",
    )


def _count(value: object) -> str:
    return str(value) if isinstance(value, int) else ""


def csv_cell(value: str | tuple[str, ...]) -> str:
    """Return a CSV cell: several values joined, and never a formula for a spreadsheet."""
    text = LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _csv(columns: Sequence[str], rows: Iterable[object]) -> str:
    return "".join(iter_csv(columns, rows))


def iter_csv(columns: Sequence[str], rows: Iterable[object], batch: int = 200) -> Iterator[str]:
    """Yield a CSV file in pieces: the byte order mark and the header, then ``batch`` rows at a time."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(columns)
    for i, row in enumerate(rows, 1):
        writer.writerow([csv_cell(getattr(row, name)) for name in columns])
        if i % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def to_csv(rows: Iterable[ParagraphRow]) -> str:
    """Return the rows as CSV with a header line, preceded by a UTF-8 byte order mark.

    A ``text_en`` column follows ``text`` when at least one row has English.
    """
    rows = list(rows)
    return _csv(CSV_COLUMNS_EN if any(r.text_en for r in rows) else CSV_COLUMNS, rows)


@dataclass(frozen=True)
class BilingualRow:
    """One paragraph in French and in English ("" when it has no aligned English), as the bilingual CSV writes it."""

    symbol: str
    anchor: str
    kind: str
    french: str
    english: str
    url: str
    # The official document (https://undocs.org/fr/<symbol>): every export links it (issue 21).
    official_url: str = ""


def bilingual_row(symbol: str, record: Mapping[str, object], url: str) -> BilingualRow:
    """Return the bilingual row of a paragraph record and its permalink."""
    return BilingualRow(symbol=symbol, anchor=str(record.get("anchor") or ""), kind=str(record.get("kind") or ""),
                        french=str(record.get("text") or ""), english=str(record.get("text_en") or ""), url=url,
                        official_url=official_url(symbol))


def to_bilingual_csv(rows: Iterable[BilingualRow]) -> str:
    """Return the rows as CSV (symbol, anchor, kind, french, english, url, official_url), with a byte order mark."""
    return _csv(BILINGUAL_COLUMNS, rows)


@dataclass(frozen=True)
class ResolutionEntry:
    """One resolution as the reference formats (RIS, BibTeX) write it."""

    symbol: str
    resolution: Mapping[str, object]
    url: str
    # When the search is filtered by accepted_by: how each State named accepted the resolution.
    accepted_by: str = ""


def _ris_date(value: str) -> str:
    return value.replace("-", "/")


def to_ris(entries: Iterable[ResolutionEntry]) -> str:
    """Return one RIS record per resolution, typed as reports (Zotero: item "Rapport").

    The organ is a corporate author: the trailing comma keeps EndNote and
    Zotero from splitting it into a first and a last name.
    """
    return "".join(iter_ris(entries))


def iter_ris(entries: Iterable[ResolutionEntry]) -> Iterator[str]:
    """Yield the RIS records of :func:`to_ris` one by one (CRLF between them, as there)."""
    for i, e in enumerate(entries):
        lines: list[str] = []
        res = e.resolution
        adopted = str(res.get("adopted") or "")
        fields = [
            ("TY", "RPRT"),
            ("TI", resolution_title(e.symbol, res)),
            ("AU", organ_author(res) + ","),
            ("PB", UN),
            ("SN", e.symbol),
            ("M3", "Résolution"),
            ("PY", adopted[:4] or str(res.get("year") or "")),
            ("DA", _ris_date(adopted)),
            ("LA", "fr"),
            ("UR", e.url),
            ("L2", official_url(e.symbol)),
            ("N1", f"Source : {source_note(res)}. Texte officiel : {official_url(e.symbol)}"),
            ("N1", f"Accepté par {e.accepted_by}." if e.accepted_by else ""),
        ]
        lines += [f"{tag}  - {' '.join(value.split())}" for tag, value in fields if value]
        lines.append("ER  - ")
        lines.append("")
        yield ("\r\n" if i else "") + "\r\n".join(lines)


def bibtex_escape(text: str) -> str:
    """Escape the characters BibTeX and LaTeX give a meaning to."""
    return BIBTEX_SPECIALS_RE.sub(lambda m: BIBTEX_SPECIALS[m.group(0)], " ".join(text.split()))


def bibtex_key(symbol: str) -> str:
    """Return a citation key made of the symbol's letters and digits: "S_RES_1483_2003"."""
    return "_".join(re.findall(r"[A-Za-z0-9]+", symbol)) or "resolution"


def to_bibtex(entries: Iterable[ResolutionEntry]) -> str:
    """Return one ``@techreport`` per resolution (Zotero: item "Rapport"), UTF-8.

    The organ goes in double braces, a corporate name that is never split
    into first and last names.
    """
    return "".join(iter_bibtex(entries))


def iter_bibtex(entries: Iterable[ResolutionEntry]) -> Iterator[str]:
    """Yield the BibTeX file of :func:`to_bibtex` in pieces: its comment, then one entry at a time."""
    yield f"% Source des textes : {UN}. Exporté de resolu.\n"
    used: set[str] = set()
    for e in entries:
        res = e.resolution
        key = bibtex_key(e.symbol)
        n = 2
        while key in used:
            key, n = f"{bibtex_key(e.symbol)}_{n}", n + 1
        used.add(key)
        adopted = str(res.get("adopted") or "")
        fields = [
            ("author", "{" + bibtex_escape(organ_author(res)) + "}"),
            ("title", bibtex_escape(resolution_title(e.symbol, res))),
            ("institution", bibtex_escape(UN)),
            ("type", "Résolution"),
            ("number", bibtex_escape(e.symbol)),
            ("date", adopted),
            ("year", adopted[:4] or str(res.get("year") or "")),
            ("month", str(int(adopted[5:7])) if len(adopted) >= 7 else ""),
            ("url", e.url.replace("{", "%7B").replace("}", "%7D")),
            ("langid", "french"),
            ("note", bibtex_escape(f"Source : {source_note(res)}. Texte officiel : {official_url(e.symbol)}"
                                   + (f". Accepté par {e.accepted_by}" if e.accepted_by else ""))),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        yield f"\n@techreport{{{key},\n{body}\n}}\n"


@dataclass(frozen=True)
class Feed:
    """What an Atom feed says about itself."""

    title: str
    feed_url: str  # the feed's own address, also its id
    page_url: str  # the search page it follows
    generated: datetime  # when nothing dated is in it


def index_time(generation: str | None) -> datetime:
    """Return when the index was built, from its generation name ("20260102-030405"), else now."""
    m = re.search(r"(\d{8})\D?(\d{6})", generation or "")
    if m:
        return datetime.strptime("".join(m.groups()), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return datetime.now(UTC)


def _atom_time(value: str, fallback: datetime) -> str:
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return fallback.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{d.isoformat()}T00:00:00Z"


def to_atom(feed: Feed, rows: Sequence[ParagraphRow]) -> str:
    """Return an Atom 1.0 feed (RFC 4287): one entry per paragraph, its permalink as id and link."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: "fr"})
    sub(root, "id", feed.feed_url)
    sub(root, "title", feed.title)
    stamps = [_atom_time(r.date, feed.generated) for r in rows]
    # Entries are paragraphs of adopted resolutions: the feed changes when a newer one is indexed.
    sub(root, "updated", max(stamps) if stamps else _atom_time("", feed.generated))
    sub(root, "link", rel="self", type="application/atom+xml", href=feed.feed_url)
    sub(root, "link", rel="alternate", type="text/html", href=feed.page_url)
    author = sub(root, "author")
    sub(author, "name", UN)
    sub(root, "rights", f"Source des textes : {UN}.")
    sub(root, "generator", "resolu")
    for row, stamp in zip(rows, stamps, strict=True):
        entry = sub(root, "entry")
        sub(entry, "id", row.url)
        sub(entry, "title", row.citation)
        sub(entry, "updated", stamp)
        sub(entry, "published", stamp)
        sub(entry, "link", rel="alternate", type="text/html", href=row.url)
        if row.official_url:
            sub(entry, "link", rel="related", type="text/html", title="Texte officiel", href=row.official_url)
        entry_author = sub(entry, "author")
        sub(entry_author, "name", organ_author({"organ": row.organ}))
        if row.verb:
            sub(entry, "category", term=row.verb)
        if row.accepted_by:
            sub(entry, "category", term=f"accepté par {row.accepted_by}", scheme="accepted_by")
        sub(entry, "summary", f"{row.title} — {row.text}", type="text")
        sub(entry, "rights", f"Source : {row.source}.")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
