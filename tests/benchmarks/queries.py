"""Define the fixed query mix, with its meaning spelled out for the peers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BenchQuery:
    """Describe one query of the mix: resolu's query text and filters, and its structure for peers.

    ``match`` is ``("or", words)`` (resolu's default: paragraphs holding any
    word), ``("phrase", text)``, ``("prefix", stem_prefix)`` or ``None`` (no
    text: every paragraph, narrowed by the filters).
    """

    name: str
    q: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    match: tuple[str, object] | None = None


QUERIES: tuple[BenchQuery, ...] = (
    BenchQuery("frequent word", "sécurité", {}, ("or", ["sécurité"])),
    BenchQuery("rare word", "xénophobie", {}, ("or", ["xénophobie"])),
    BenchQuery("phrase", '"droits de l\'homme"', {}, ("phrase", "droits de l'homme")),
    BenchQuery("three words", "coopération internationale terrorisme", {},
               ("or", ["coopération", "internationale", "terrorisme"])),
    BenchQuery("prefix", "migr*", {}, ("prefix", "migr")),
    BenchQuery("word + facet", "sécurité", {"verb": ["Décide"]}, ("or", ["sécurité"])),
    BenchQuery("facets only", "", {"verb": ["Prie"], "addressee": ["Secrétaire général"]}, None),
)

# Resolution-level facets (issue 10): filters on sponsor, year and subject, a year range with the
# date sort, and browsing by sponsor alone. Only resolu runs these: the peers' exports carry the
# six paragraph facets (see collection.py, run on the default collection of seeds/).
RESOLUTION_QUERIES: tuple[BenchQuery, ...] = (
    BenchQuery("word + sponsor", "migrants", {"sponsor": ["France"]}, ("or", ["migrants"])),
    BenchQuery("word + year", "sécurité", {"year": ["2023"]}, ("or", ["sécurité"])),
    BenchQuery("word + subject", "enfants", {"subject": ["Human rights"]}, ("or", ["enfants"])),
    BenchQuery("year range, by date", "droits", {"year_from": ["2020"], "year_to": ["2022"]},
               ("or", ["droits"])),
    BenchQuery("sponsor + year only", "", {"sponsor": ["Mexique"], "year": ["2024"]}, None),
)
