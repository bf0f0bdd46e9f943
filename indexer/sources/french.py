"""Hold the French the parsers read: month names, dates written out, the function words that end an opening."""

from __future__ import annotations

import re
from datetime import date

# Month names, with and without accents (sources and OCR both drop them).
MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}

# Words that end an opening verb phrase ("Prie tous les États").
FUNCTION_WORDS = frozenset(
    "le la les l de du des d que qu à au aux sur pour par son sa ses leur leurs un une "
    "tous toutes tout toute ce cet cette ces en dans qui".split()
)
# Words that end an opening in Markdown sources only: that parser knows the
# phrases starting with them that still belong to the opening ("Accueillant
# avec satisfaction", its ADVERB_RE); the OCR parser does not, and reads on.
CLAUSE_WORDS = frozenset("a avec il ils elle elles".split())

DATE_RE = re.compile(r"\b(1er|\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """Return the first French date in text ("18 décembre 2013", "1er mars 2021"), if any."""
    m = DATE_RE.search(text)
    if not m:
        return None
    day = 1 if m.group(1).lower() == "1er" else int(m.group(1))
    try:
        return date(int(m.group(3)), MONTHS[m.group(2).lower()], day)
    except ValueError:
        return None
