"""Choose, for a word as typed, the written forms its exact-form bonus goes to.

The light field keeps accents (indexer/text/analysis.py), the stemmed fields
fold them: "traite" and "traité" match the same paragraphs, and the light
bonus decides which come first. The rule, per word:

* when the form typed is one of two or more *real* forms of its folded family
  ("traite" beside "traité", "armes" beside "armés"), the bonus goes to it
  alone: what the user wrote, with its accents or their absence, ranks first;
* otherwise (nothing else is real, or the form typed is not: "securite" for
  "sécurité", "peche" for "pêche" and "péché") it goes to every real form,
  so that accent-free input works as accented input does.

A form is real when it holds at least REAL_SHARE of its family's paragraphs
and REAL_MINIMUM of them: an unaccented OCR slip ("securite" in a few old
volumes) is not a word of its own.
"""

from __future__ import annotations

from typing import Any

from indexer.text.analysis import fold

# Share of the family's paragraphs, and number of paragraphs, that make a form real: at 2 %,
# "cote" (75 paragraphs beside 1,663 "côte"/"côté") and "marche" (38 beside 1,228
# "marché") are words; "liberia" (7 beside 529 "libéria") and "enonce" are slips.
REAL_SHARE = 0.02
REAL_MINIMUM = 2
FIELD = "light"


class FormTable:
    """Hold the written forms of one index's light field, grouped by their folded spelling."""

    def __init__(self, reader: Any) -> None:
        """Read the light field's words once (tens of thousands: a fraction of a second)."""
        groups: dict[str, list[str]] = {}
        if FIELD in reader.schema:
            for raw in reader.lexicon(FIELD):
                form = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                groups.setdefault(fold(form), []).append(form)
        # Only what the rule needs: families of several forms, or of one accented form.
        self._families: dict[str, tuple[tuple[str, int], ...]] = {}
        for key, forms in groups.items():
            if len(forms) == 1 and forms[0] == key:
                continue
            # Real counts for one form too: an index update adjusts them by arithmetic (store/arrays.py).
            self._families[key] = tuple((form, reader.doc_frequency(FIELD, form)) for form in forms)

    @classmethod
    def from_families(cls, families: dict[str, list[tuple[str, int]]]) -> FormTable:
        """Return a table over families already read (a generation's stored arrays)."""
        table = cls.__new__(cls)
        table._families = {key: tuple((form, int(count)) for form, count in forms) for key, forms in families.items()}
        return table

    def families(self) -> dict[str, list[tuple[str, int]]]:
        """Return the families the rule needs (to be stored beside the index), by folded spelling."""
        return {key: list(forms) for key, forms in self._families.items()}

    def forms(self, typed: str) -> list[str]:
        """Return the written forms whose paragraphs get the bonus of a typed light term."""
        family = self._families.get(fold(typed))
        if family is None:
            return [typed]
        total = sum(count for _, count in family)
        real = [form for form, count in family if count >= REAL_MINIMUM and count >= REAL_SHARE * total]
        if not real:
            real = [max(family, key=lambda fc: fc[1])[0]]
        if typed in real and len(real) > 1:
            return [typed]
        return real

    def homographs(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """Return the families of two or more real forms (the words this rule sets apart), with counts."""
        out = {}
        for key, family in self._families.items():
            total = sum(count for _, count in family)
            real = [(f, c) for f, c in family if c >= REAL_MINIMUM and c >= REAL_SHARE * total]
            if len(real) > 1:
                out[key] = tuple(sorted(real, key=lambda fc: -fc[1]))
        return out
