"""Extract the facets of a paragraph: opening verb, addressees, instruments, resolutions.

Pure functions over :class:`indexer.model.Paragraph`; no Whoosh or Flask.  The
vocabularies are data in :mod:`indexer.facets.vocabulary`.

What the extractor expects of a paragraph:

- ``text`` starts with the opening phrase (no number or letter prefix); italics
  markers (``*``) and Markdown links are tolerated and ignored.
- Footnote calls may be left in ``text`` as ``<sup>N</sup>``, ``[^N]`` or
  Unicode superscript digits; they are then used to attach each footnote to
  the citation it follows.  Without calls, footnotes are matched to
  instruments by content (known Treaty Series number or adopting resolution).
- ``opening`` may be empty: it is then derived from ``text``.

Normalisation choices (documented here because they define facet values):

- Verb values are the table values of :data:`indexer.facets.vocabulary.VERBS`, with
  additive adverbs dropped and adjectives in the masculine singular
  ("Consciente" -> "Conscient"); apostrophes are straight.  An opening not in
  the table is kept as written (adverbs dropped) with kind "other".
- Cited resolutions become symbols: A/RES/67/172, A/HRC/RES/23/20,
  E/CN.9/RES/2006/2 (Commission on Population and Development), E/RES/…,
  S/RES/1325 (2000), A/RES/217 A (III).  Footnotes that cite a resolution
  ("Résolution 66/288, annexe") or a whole document ("A/68/283",
  "Supplément n° 48 (A/68/48)") add to the facet; footnotes that point into a
  chapter of a report ("…, chap. V, sect. A") do not, as they only say where
  a text is printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.facets import cited
from indexer.facets.addressees import addressees_after, addresses, listed_addressee, mentions, resolve_short
from indexer.facets.instruments import ALIASES, Instrument, heads_of, instrument_aliases, instruments_in
from indexer.facets.text import CALL_RE, clean_text, norm_apostrophes, rejoin_hyphens
from indexer.facets.verbs import Verb, find_secondary_verbs, normalise_opening, opening_verb, verb_info
from indexer.model import SUBPARAGRAPH, Paragraph

# The facet kinds live in their own modules; these names are this module's public face.
__all__ = ["ALIASES", "Facets", "Instrument", "Verb", "clean_text", "extract", "extract_resolution",
           "instrument_aliases", "listed_addressee", "normalise_opening", "rejoin_hyphens", "verb_info"]


@dataclass(frozen=True)
class Facets:
    """The facets of one paragraph."""

    verb: Verb | None = None
    secondary_verbs: tuple[Verb, ...] = ()
    addressees: tuple[str, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    resolutions: tuple[str, ...] = field(default=())
    # Reports, notes, drafts and decisions cited (A/74/236): not resolutions (indexer.facets.cited).
    documents: tuple[str, ...] = field(default=())

    def to_fields(self) -> dict[str, Any]:
        """Return the flat JSON fields of ``resolu parse --json`` for this paragraph."""
        return {
            "verb": self.verb.value if self.verb else None,
            "verb_root": self.verb.root if self.verb else None,
            "verb_en": self.verb.en if self.verb else None,
            "verb_kind": self.verb.kind if self.verb else None,
            "secondary_verbs": [v.value for v in self.secondary_verbs],
            "addressees": list(self.addressees),
            "instruments": [i.name for i in self.instruments],
            "resolutions": list(self.resolutions),
            "documents": list(self.documents),
        }


def _with_calls(paragraph: Paragraph) -> str:
    """Return the text with the parser's footnote calls put back as <sup>N</sup>.

    The parser removes the calls from ``text`` and lists them in ``calls`` as
    (number, offset); writing them back lets one cleaning step place them.
    """
    text = paragraph.text
    calls = getattr(paragraph, "calls", ()) or ()
    if not calls or CALL_RE.search(text):
        return text
    for number, offset in sorted(calls, key=lambda c: c[1], reverse=True):
        if 0 <= offset <= len(text):
            text = f"{text[:offset]}<sup>{number}</sup>{text[offset:]}"
    return text


def _heading(text: str) -> bool:
    """Tell whether unclassified text reads as a heading: short, without a sentence's closing mark."""
    return len(text.split()) <= 20 and not re.search(r"[;:,.!?»)]\s*$", text.strip())


def extract(paragraph: Paragraph, organ: str = "", context: dict[str, str] | None = None,
            year: int | None = None) -> Facets:
    """Extract the facets of one paragraph.

    ``organ`` is the adopting organ ("Assemblée générale", "Conseil de sécurité");
    ``year`` the year of adoption, past which no cited symbol can exist;
    ``context`` maps short office names ("Rapporteur spécial") to their full
    form seen earlier in the resolution (see :func:`extract_resolution`).
    """
    return _extract(paragraph, clean_text(_with_calls(paragraph)), organ, context, year)


def _extract(paragraph: Paragraph, cleaned: tuple[str, list[tuple[int, int]]], organ: str,
             context: dict[str, str] | None, year: int | None) -> Facets:
    """Extract the facets of one paragraph from its text as clean_text returns it with the calls put back."""
    text, calls = cleaned
    opening = norm_apostrophes(paragraph.opening or "")
    verb, end = opening_verb(opening, text)
    if paragraph.kind == "other" and (verb is None or verb_info(verb.value) is None or _heading(text)):
        # Unclassified text (annex, list item): only a known opening phrase
        # makes a verb; anything else would pollute the facet. A heading is no
        # sentence: "Compte d'appui aux opérations de maintien de la paix" has no verb.
        verb = None

    secondary = find_secondary_verbs(text, end)
    addressees: list[str] = []
    if verb and addresses(verb, text, end):
        addressees.extend(addressees_after(text, end))
    for sverb, send in secondary:
        if addresses(sverb) and send >= 0:
            addressees.extend(addressees_after(text, send))
    ctx = context or {}
    resolved: list[str] = []
    for a in addressees:
        a = resolve_short(a, ctx)
        if a not in resolved:
            resolved.append(a)
    secondary_verbs: list[Verb] = []
    for sverb, _ in secondary:
        if sverb not in secondary_verbs and sverb != verb:
            secondary_verbs.append(sverb)

    recent = {k.split(":", 1)[1]: v for k, v in ctx.items() if k.startswith("instrument:")}
    instruments = instruments_in(text, calls, paragraph, organ, recent)
    resolutions = cited.find_resolutions(text, organ, year)
    documents = cited.find_documents(text)
    for fn in paragraph.footnotes:
        more, docs = cited.footnote_citations(fn.text, organ, year)
        resolutions += [s for s in more if s not in resolutions]
        documents += [s for s in docs if s not in documents]
    return Facets(verb, tuple(secondary_verbs), tuple(resolved), tuple(instruments), tuple(resolutions),
                  tuple(documents))


def extract_resolution(paragraphs: Iterable[Paragraph], organ: str = "", year: int | None = None) -> list[Facets]:
    """Extract the facets of every paragraph of a resolution, in order.

    Short names of offices ("le Rapporteur spécial", "le Président du Comité")
    are resolved to the full name met in the same or an earlier paragraph.
    """
    context: dict[str, str] = {}
    out = []
    by_anchor: dict[str, Facets] = {}
    for p in paragraphs:
        cleaned = clean_text(p.text)
        # The latest full mention wins: a later paragraph may name another mandate.
        context.update(mentions(cleaned[0]))
        with_calls = _with_calls(p)
        # Without calls to put back, the text extract cleans is the one just cleaned.
        facets = _extract(p, cleaned if with_calls == p.text else clean_text(with_calls), organ, context, year)
        chapeau = by_anchor.get(p.parent or "") if p.kind == SUBPARAGRAPH else None
        if chapeau is not None:
            # "Demande aux États : a) De respecter …": the item asks what its chapeau asks, of whom it asks
            # it, unless it opens with a verb and addressees of its own (issue 22).
            own = facets.verb if facets.verb is not None and verb_info(facets.verb.value) is not None else None
            facets = replace(facets, verb=own or chapeau.verb,
                             addressees=facets.addressees or (chapeau.addressees if own is None else ()))
        by_anchor[p.anchor] = facets
        for instrument in facets.instruments:
            # "le Programme d'action" later in the text is the last Programme d'action named in full.
            for head in heads_of(instrument.name):
                context[f"instrument:{head}"] = instrument.name
        out.append(facets)
    return out


