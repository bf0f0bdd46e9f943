"""Find the resolutions and documents a paragraph cites, with the organ read from the text.

"résolution 70/1 de l'Assemblée générale" in an ECOSOC text is A/RES/70/1,
"sa résolution 2022/3" there is E/RES/2022/3; "2334 (2016)" is always the
Security Council's. The citing organ is only the default when the text names
none. Reports, notes and decisions (A/74/236, A/HRC/54/74) are documents,
kept apart from resolutions; a symbol that cannot exist (a session that has
not happened, a Council number of another year) is never emitted.

Pure functions over text; the numbering rules of each organ are here and in
``council_numbers.tsv``.
"""

from __future__ import annotations

import re
from functools import cache

from indexer.datafiles import tsv_rows
from indexer.facets import vocabulary as voc
from indexer.model import ORGANS

REF_RE = re.compile(
    r"(?<![\w/.\-])(?:(?P<sc>\d{1,4}) \((?P<year>(?:19|20)\d{2})\)"
    r"|(?P<old>\d{1,4})(?: (?P<letter>[A-Z]))? \((?P<sess>[IVXLC]+)\)"
    r"|(?P<num>(?:(?:ES|S)-)?\d{1,4}/\d{1,4})(?![\w/]))"
)
DOC_RE = re.compile(
    r"(?<![\w/])(?:A|S|E|ST|TD|UNEP|CRC|CEDAW|CCPR|DP)/(?:[A-Za-z0-9.\-]+/)*[A-Za-z0-9.\-]*\d[A-Za-z0-9.\-]*"
)
_BODY_AFTER = [(re.compile(r"\s*" + p, re.IGNORECASE), prefix) for p, prefix in voc.RESOLUTION_BODIES]
_DATE_SKIP = re.compile(r",?\s*(?:en date )?du \d{1,2}(?:er)? \w+ \d{4},?|,?\s*en date des? [^,]*,")
# "le Conseil des droits de l'homme, dans sa résolution 54/35": the organ named before "sa résolution".
# Organs numbering by session or year only: a Security Council resolution is cited as "1325 (2000)".
_ORGANS = tuple((organ.name, f"{organ.series}/") for organ in ORGANS if not organ.continuous)
_BODY_BEFORE = re.compile(
    r"(?:(?P<organ>" + "|".join(re.escape(o) for o, _ in _ORGANS) + r")[^.;:]{0,40}?\b(?:sa|ses|dans sa|par sa)\s+"
    r"résolutions?\s+"
    # "les résolutions de l'Assemblée générale 59/209 … et 67/221" (E/RES/2022/19)
    r"|résolutions?\s+(?:de l'|du )(?P<named>" + "|".join(re.escape(o) for o, _ in _ORGANS) + r")\s+)$",
    re.IGNORECASE)
# Numbers that a citation of another kind prints like a resolution's: "observation générale no 26 (2023)",
# "décision 2023/215", "rapport … 2023/4".
_NOT_RESOLUTION = re.compile(
    r"(?:observations? générales?|recommandations? générales?|décisions?|documents?|rapports?|notes?|"
    r"avis consultatifs?|communications?|n[o°])\s+(?:n[o°]\s*)?$", re.IGNORECASE)
# A year whose session or number does not exist yet for a text of no known date.
LATEST_YEAR = 2026


def _apostrophes(text: str) -> str:
    """Return the text with straight apostrophes, plain spaces and hyphens (same length, same offsets)."""
    # One replace per character, not str.translate: translate through a dict costs a lookup per character
    # of the text (a twentieth of the facets' time), a replace that finds nothing costs a scan in C.
    for typographic, plain in _TYPOGRAPHY:
        text = text.replace(typographic, plain)
    return text


# The non-breaking hyphen of "S‑16/1" and "ES‑10/273" (107 paragraphs of the default collection) is a
# hyphen: read as a word break, it cited A/RES/16/1 and A/RES/10/273 instead.
_TYPOGRAPHY = (("\u2019", "'"), ("\u02bc", "'"), ("\u2018", "'"), ("\u00a0", " "), ("\u202f", " "),
               ("\u2010", "-"), ("\u2011", "-"))
# The kind of document a number belongs to is the last one named before it in its clause:
# "les décisions 15/5 de la Conférence des Parties, …, 15/6" are decisions throughout (A/HRC/RES/57/28).
_RESOLUTION_WORD = re.compile(r"\brésolutions?\b", re.IGNORECASE)
_OTHER_WORD = re.compile(r"\b(?:décisions?|observations? générales?|recommandations? générales?|"
                         r"avis consultatifs?|communications?)\b", re.IGNORECASE)


def _named_other(plain: str, pos: int) -> bool:
    """Tell whether the last kind of document named before ``pos`` in its clause is not a resolution."""
    clause = plain[max(plain.rfind(";", 0, pos), plain.rfind(".", 0, max(pos - 1, 0)), 0):pos]
    res = [m.start() for m in _RESOLUTION_WORD.finditer(clause)]
    other = [m.start() for m in _OTHER_WORD.finditer(clause)]
    return bool(other) and (not res or other[-1] > res[-1])


def default_prefix(organ: str) -> str:
    """Return the symbol prefix of a number/number resolution cited without its body.

    The Assembly and the Council cite their own resolutions bare; the Council's
    have a year in brackets and never reach here, so in a Council text a bare
    "48/141" is the Assembly's. The Human Rights Council and ECOSOC number
    theirs session/serial and year/serial.
    """
    low = organ.lower()
    if "droits de l'homme" in low:
        return "A/HRC/RES/"
    if "économique et social" in low:
        return "E/RES/"
    return "A/RES/"


def _shaped_prefix(number: str, organ: str) -> str:
    """Return the prefix of a bare N/N: ECOSOC numbers by year (2022/3), the others by session (70/1).

    In an ECOSOC text "la résolution 70/1, intitulée « Transformer notre monde »" is the
    Assembly's: no ECOSOC resolution is numbered by session.
    """
    first = number.split("/")[0]
    yearly = first.isdigit() and len(first) == 4
    prefix = default_prefix(organ)
    if prefix == "E/RES/" and not yearly:
        return "A/RES/"
    if prefix != "E/RES/" and yearly:
        return "E/RES/"
    return prefix


@cache
def council_numbers() -> dict[int, tuple[int, int]]:
    """Return, per year, the first and last Security Council resolution number (council_numbers.tsv)."""
    return {int(year): (int(first), int(last))
            for year, first, last in tsv_rows("indexer.facets", "council_numbers.tsv", 3)}


def possible(symbol: str, year: int | None = None) -> bool:
    """Tell whether a resolution symbol can exist when a text of ``year`` cites it.

    A General Assembly session N opens in September 1945 + N; the Human Rights
    Council holds three sessions a year since 2006; an ECOSOC year is not in
    the future; a Council number belongs to the year printed with it.
    """
    now = year or LATEST_YEAR
    if m := re.fullmatch(r"A/RES/(\d+)/(\d+)", symbol):
        return 1 <= int(m.group(1)) <= now - 1945 and 1 <= int(m.group(2)) <= 400
    if m := re.fullmatch(r"A/HRC/RES/(\d+)/(\d+)", symbol):
        return 1 <= int(m.group(1)) <= 3 * (now - 2006) + 3 and 1 <= int(m.group(2)) <= 80
    if m := re.fullmatch(r"E/RES/(\d+)/(\d+)", symbol):
        return 1946 <= int(m.group(1)) <= now + 1 and 1 <= int(m.group(2)) <= 120
    if m := re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", symbol):
        number, printed = int(m.group(1)), int(m.group(2))
        table = council_numbers()
        if printed > now or printed not in table:
            return False
        first, last = table[printed]
        return first <= number and (number <= last or printed == max(table))
    return True  # old-style and commission symbols: no rule held here


_DIGIT = re.compile(r"\d")


def find_resolutions(text: str, organ: str, year: int | None = None) -> list[str]:
    """Return the symbols of the resolutions cited in the text, in order, each once."""
    if not _DIGIT.search(text):
        return []  # every citation REF_RE reads holds a digit: a paragraph without one cites nothing
    plain = _apostrophes(text)
    hits: list[tuple[int, str]] = []
    refs = list(REF_RE.finditer(plain))
    last_body: str | None = None
    group_body: str | None = None
    group: list[re.Match[str]] = []

    def flush(prefix: str | None) -> None:
        for g in group:
            hits.append((g.start(), (prefix or _shaped_prefix(g.group("num"), organ)) + g.group("num")))

    for i, m in enumerate(refs):
        before = plain[max(0, m.start() - 40):m.start()]
        if _NOT_RESOLUTION.search(before) or _named_other(plain, m.start()):
            continue
        if m.group("sc"):
            hits.append((m.start(), f"S/RES/{m.group('sc')} ({m.group('year')})"))
            continue
        if m.group("old"):
            letter = f" {m.group('letter')}" if m.group("letter") else ""
            hits.append((m.start(), f"A/RES/{m.group('old')}{letter} ({m.group('sess')})"))
            continue
        if not group:
            # The organ may be named before the first number: "le Conseil …, dans sa résolution 54/35".
            named = _BODY_BEFORE.search(plain[max(0, m.start() - 120):m.start()])
            organ_named = (named.group("organ") or named.group("named")).lower() if named else ""
            group_body = next((p for o, p in _ORGANS if organ_named == o.lower()), None)
        group.append(m)
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        gap = plain[m.end():nxt.start()] if nxt else ""
        if nxt and nxt.group("num") and re.fullmatch(
                r"(?:,?\s*(?:en date )?du \d{1,2}(?:er)? \w+ \d{4})?\s*(?:,|et|,\s*et)\s*(?:(?:sa|ses|la|les)\s+)?",
                gap):
            continue  # same enumeration: the body, if any, follows the last one
        prefix = _body_after(plain[m.end():m.end() + 200], last_body) or group_body
        if prefix:
            last_body = prefix
        flush(prefix)
        group = []
    hits.sort(key=lambda h: h[0])
    out: list[str] = []
    for _, sym in hits:
        if sym not in out and possible(sym, year):
            out.append(sym)
    return out


def _body_after(after: str, last_body: str | None) -> str | None:
    """Return the symbol prefix of the organ named after a resolution number, dates passed over, if any.

    "de celle-ci" names the organ the previous number was given to.
    """
    while skip := _DATE_SKIP.match(after):
        after = after[skip.end():]
    for rx, pfx in _BODY_AFTER:
        if rx.match(after):
            return pfx
    if re.match(r"\s*de (?:celle|celui)-ci", after):
        return last_body
    return None


def find_documents(text: str) -> list[str]:
    """Return the document symbols printed in the text that are not resolutions (A/74/236, S/2024/312)."""
    out: list[str] = []
    if "/" not in text:
        return out  # every symbol DOC_RE reads holds a slash
    for m in DOC_RE.finditer(text):
        sym = m.group(0).rstrip(".,")
        if "/RES/" not in sym and sym not in out:
            out.append(sym)
    return out


_FOOT_RES_RE = re.compile(r"^\s*(?:Voir\s+)?[Rr]ésolutions?\s+(\S+(?:\s+[A-Z]\s+\([IVXLC]+\))?)")


def footnote_resolution(text: str, organ: str, year: int | None = None) -> str | None:
    """Return the symbol of the resolution a footnote refers to ("Résolution 66/288, annexe")."""
    m = _FOOT_RES_RE.match(_apostrophes(text.replace("*", "")))
    if not m:
        return None
    refs = find_resolutions("résolution " + m.group(1), organ, year)
    return refs[0] if refs else None


def footnote_citations(text: str, organ: str, year: int | None = None) -> tuple[list[str], list[str]]:
    """Return what a footnote cites: (resolutions, other documents)."""
    text = _apostrophes(text.replace("*", ""))
    res = footnote_resolution(text, organ, year)
    if res:
        return [res], []
    if re.search(r"\bchap\.|\bsect\.|\bannexe\b|\bpar\.|Recueil des Traités", text):
        return [], []  # a place where something else is printed, not a citation
    symbols = [_with_year(text, m) for m in DOC_RE.finditer(text)]
    return ([s for s in symbols if "/RES/" in s and possible(s, year)],
            [s for s in symbols if "/RES/" not in s])


_PRINTED_YEAR = re.compile(r"\s*\(((?:19|20)\d{2}|[IVXLC]+)\)")


def _with_year(text: str, m: re.Match[str]) -> str:
    """Return a printed symbol with the year or session that follows it: « S/RES/827 (1993) », « A/RES/1514 (XV) ».

    A Council or old Assembly resolution is named by it: cut before it, « S/RES/827 » was a second spelling
    of S/RES/827 (1993) among the cited resolutions (S/RES/1966 (2010), annex, note 1).
    """
    symbol = m.group(0).rstrip(".,")
    if re.fullmatch(r"(?:S|A|E)/RES/\d+", symbol) and (after := _PRINTED_YEAR.match(text, m.end())):
        return f"{symbol} ({after.group(1)})"
    return symbol
