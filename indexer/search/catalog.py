"""Declare every facet once: its name, French title, query-syntax aliases, level and labels.

Paragraph facets (verb, addressee…) are indexed fields of each paragraph,
named once by the index schema (:data:`indexer.store.schema.FACETS`).
Resolution facets (organ, year, sponsor…) belong to the resolution and are
counted through it (see counts.FacetCache): a sponsor list is not copied
onto each of a resolution's paragraphs as postings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from indexer.model import KIND_LABELS, OUTCOME_LABELS
from indexer.search.assent import accepting_states
from indexer.store.schema import FACETS as PARAGRAPH_FACETS

# The Sustainable Development Goals, as the United Nations names them in French.
SDG_TITLES = {
    1: "Pas de pauvreté", 2: "Faim « zéro »", 3: "Bonne santé et bien-être", 4: "Éducation de qualité",
    5: "Égalité entre les sexes", 6: "Eau propre et assainissement", 7: "Énergie propre et d'un coût abordable",
    8: "Travail décent et croissance économique", 9: "Industrie, innovation et infrastructure",
    10: "Inégalités réduites", 11: "Villes et communautés durables", 12: "Consommation et production responsables",
    13: "Mesures relatives à la lutte contre les changements climatiques", 14: "Vie aquatique",
    15: "Vie terrestre", 16: "Paix, justice et institutions efficaces",
    17: "Partenariats pour la réalisation des objectifs",
}


def _verb_label(value: str) -> str:
    from indexer.facets.extract import verb_info  # noqa: PLC0415 - the vocabulary loads on first use

    info = verb_info(value)
    return f"{value} ({info.en})" if info is not None and info.en else value


def _sdg_label(value: str) -> str:
    title = SDG_TITLES.get(int(value)) if value.isdigit() else None
    return f"ODD {value} — {title}" if title else f"ODD {value}"


@dataclass(frozen=True)
class Facet:
    """One facet: URL parameter and JSON key ``name``, sidebar ``title``, query-syntax ``aliases``."""

    name: str
    title: str
    aliases: tuple[str, ...]
    label: Callable[[str], str] | None = None
    # Read a resolution record's values: given for a resolution-level facet only.
    values_of: Callable[[Mapping[str, Any]], list[str]] | None = None
    # List every value, newest first, instead of the largest counts first: years are read as a calendar.
    chronological: bool = False
    # Computed when a generation is opened (from its resolutions' records), never stored with its arrays:
    # the rule can change without a rebuild (see FacetCache.add_derived_facets).
    derived: bool = False
    # Counted in resolutions first (then paragraphs): "Irlande 211" read as 211 resolutions.
    by_resolution: bool = False

    @property
    def resolution_level(self) -> bool:
        """Tell whether the facet belongs to the resolution: the index has no field of it (store/schema.py FACETS)."""
        return self.name not in PARAGRAPH_FACETS


def _vote(meta: Mapping[str, Any]) -> list[str]:
    vote = meta.get("vote")
    return [vote["outcome"]] if vote and vote.get("outcome") else []


# In sidebar order.
FACET_TABLE: tuple[Facet, ...] = (
    Facet("organ", "Organe", ("organe", "organ"), values_of=lambda m: [m["organ"]] if m.get("organ") else []),
    Facet("year", "Année", ("annee", "année", "year"),
          values_of=lambda m: [str(m["year"])] if m.get("year") else [], chronological=True),
    Facet("verb", "Verbe", ("verbe", "verb"), label=_verb_label),
    Facet("kind", "Type de paragraphe", ("type", "kind"), label=lambda v: KIND_LABELS.get(v, v)),
    Facet("addressee", "Destinataire", ("destinataire", "addressee")),
    Facet("instrument", "Instrument cité", ("instrument",)),
    Facet("resolution", "Résolution citée", ("resolution", "résolution")),
    Facet("sponsor", "Auteur (État)", ("auteur", "sponsor"), values_of=lambda m: list(m.get("sponsors") or ()),
          by_resolution=True),
    Facet("accepted_by", "Accepté par (État)", ("accepte", "accepté", "accepted_by"),
          values_of=lambda m: list(accepting_states(m)), derived=True, by_resolution=True),
    Facet("vote", "Adoption", ("vote",), lambda v: OUTCOME_LABELS.get(v, v), _vote),
    Facet("sdg", "Objectif de développement durable", ("odd", "sdg"), _sdg_label,
          lambda m: [str(g) for g in m.get("sdgs") or ()]),
    Facet("subject", "Thème (UNBIS)", ("theme", "thème", "subject"),
          values_of=lambda m: list(m.get("subjects") or ())),
    Facet("symbol", "Résolution", ("cote", "symbol", "symbole")),
)
FACETS_BY_NAME = {f.name: f for f in FACET_TABLE}
# The store declares which facets are fields of each paragraph; each has its entry here, and only they lack values_of.
assert set(PARAGRAPH_FACETS) <= set(FACETS_BY_NAME), "a paragraph facet field has no entry in FACET_TABLE"
assert all((f.values_of is None) != f.resolution_level for f in FACET_TABLE), "values_of is for resolution facets"
FACET_NAMES = tuple(f.name for f in FACET_TABLE)
RESOLUTION_FACETS = tuple(f.name for f in FACET_TABLE if f.resolution_level)
# The resolution facets written with a generation's arrays (the others are derived on opening).
STORED_RESOLUTION_FACETS = tuple(f.name for f in FACET_TABLE if f.resolution_level and not f.derived)
FIELD_ALIASES = {alias: f.name for f in FACET_TABLE for alias in f.aliases}


def facet_label(name: str, value: str) -> str:
    """Return the label shown for a facet value ("Demande (Calls upon)", "ODD 16 — Paix…")."""
    facet = FACETS_BY_NAME.get(name)
    return facet.label(value) if facet is not None and facet.label is not None else value
