"""Hold the French words both parsers read: month names and the function words that end an opening."""

from __future__ import annotations

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
