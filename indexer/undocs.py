"""Link a UN document symbol to its official text on undocs.org, in French.

The UN's own AKN4UN files link documents as ``https://undocs.org/fr/<symbol>``
with the spaces taken out: ``S/RES/2231(2015)``, ``A/RES/76/13``, a part
letter glued and lower case (``A/RES/75/250b``, ``A/RES/74/255a-b``), drafts
and reports as printed (``A/78/L.9``, ``A/C.3/78/L.9/Rev.1``). Pure
functions: nothing here reads an index.
"""

from __future__ import annotations

import re
from urllib.parse import quote

BASE = "https://undocs.org/fr/"
# A document symbol written in a text: a principal organ's letter, then slash-separated parts ("78", "C.3",
# "L.9", "Add.1", "PV.50", "RES", "HRC", "ES-10"), with an optional "(2015)" year after a Council number
# and a part letter after a resolution number ("A/RES/77/256 A-B"). At least one digit.
SYMBOL_IN_TEXT_RE = re.compile(
    r"(?<![\w/.])(?:A|S|E)(?:/(?:[A-Z]{1,3}-\d+|[A-Z][A-Za-z]{0,5}(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w-]))+"
    r"(?:\s?\(\d{4}\))?(?:\s(?-i:[A-C](?:-[A-C])?)(?![\w-]))?"
)
_PART_RE = re.compile(r"(?<=\d)\s+([A-C](?:-[A-C])?)$")


def official_symbol(symbol: str) -> str:
    """Return a symbol as undocs.org spells it: "S/RES/2231 (2015)" → "S/RES/2231(2015)", parts "250 B" → "250b"."""
    symbol = " ".join(symbol.split())
    symbol = _PART_RE.sub(lambda m: m.group(1).lower(), symbol)
    return symbol.replace(" ", "")


def official_url(symbol: str) -> str:
    """Return the address of a document's official French text: https://undocs.org/fr/S/RES/2231(2015)."""
    return BASE + quote(official_symbol(symbol), safe="/().-")


def symbols_in(text: str) -> list[tuple[int, int, str]]:
    """Return the document symbols a text holds ("A/78/L.9 et A/78/L.9/Add.1"): start, end, symbol."""
    out = []
    for m in SYMBOL_IN_TEXT_RE.finditer(text):
        found = m.group(0)
        if "/RES/" not in found:
            # A part letter follows resolution numbers only: "S/2023/212 A" is a symbol and a word.
            found = _PART_RE.sub("", found)
        if any(c.isdigit() for c in found):
            out.append((m.start(), m.start() + len(found), found))
    return out
