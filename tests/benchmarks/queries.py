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
