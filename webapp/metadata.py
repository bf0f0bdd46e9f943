"""Describe a resolution or a paragraph for reference managers: Highwire, Dublin Core and schema.org.

Zotero's browser connector (its "Embedded Metadata" translator) reads
``citation_*`` and ``DC.*`` meta tags; search engines and other tools read a
schema.org ``Legislation`` in JSON-LD. Both are built here, once, from the
resolution record, so that the page head only prints them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from indexer.undocs import official_url

PUBLISHER = "Organisation des Nations Unies"
LANGUAGE = "fr"


@dataclass(frozen=True)
class CitationMetadata:
    """The meta tags (name, content) and the JSON-LD object of one page."""

    tags: tuple[tuple[str, str], ...]
    json_ld: Mapping[str, Any]

    def json_ld_script(self) -> Markup:
        """Return the JSON-LD as a script element, safe inside HTML (no "</" can close it)."""
        text = json.dumps(self.json_ld, ensure_ascii=False, indent=1).replace("</", "<\\/")
        return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def _legislation(symbol: str, res: Mapping[str, Any], url: str) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Legislation", "legislationIdentifier": symbol,
                            "name": f"{symbol} — {res['title']}" if res.get("title") else symbol,
                            "inLanguage": LANGUAGE, "url": url, "sameAs": official_url(symbol),
                            "publisher": {"@type": "Organization", "name": PUBLISHER}}
    if res.get("adopted"):
        item["legislationDate"] = res["adopted"]
    if res.get("organ"):
        item["legislationPassedBy"] = {"@type": "Organization", "name": res["organ"]}
    return item


def citation_metadata(symbol: str, res: Mapping[str, Any], url: str, resolution_url: str,
                      paragraph: str | None = None) -> CitationMetadata:
    """Return the metadata of a resolution page, or of one of its paragraphs when ``paragraph`` cites it.

    ``url`` is the page's absolute permanent address, ``resolution_url`` the
    resolution's; ``paragraph`` is the printed citation ("A/RES/80/218, par. 1").
    """
    title = res.get("title") or ""
    head = paragraph or symbol
    full_title = f"{head} — {title}" if title else head
    adopted = str(res.get("adopted") or "")
    tags: list[tuple[str, str]] = [("citation_title", full_title)]
    if res.get("organ"):
        tags.append(("citation_author", str(res["organ"])))
    if adopted:
        tags += [("citation_date", adopted.replace("-", "/")), ("citation_publication_date", adopted.replace("-", "/"))]
    tags += [("citation_publisher", PUBLISHER), ("citation_technical_report_number", symbol),
             ("citation_language", LANGUAGE), ("citation_public_url", url),
             ("citation_pdf_url", official_url(symbol)),
             ("DC.title", full_title), ("DC.identifier", symbol), ("DC.type", "Resolution"),
             ("DC.publisher", PUBLISHER), ("DC.language", LANGUAGE)]
    if res.get("organ"):
        tags.append(("DC.creator", str(res["organ"])))
    if adopted:
        tags.append(("DC.date", adopted))
    resolution = _legislation(symbol, res, resolution_url)
    if paragraph is None:
        json_ld = {"@context": "https://schema.org", **resolution}
    else:
        json_ld = {"@context": "https://schema.org", "@type": "Legislation", "name": full_title,
                   "legislationIdentifier": paragraph, "inLanguage": LANGUAGE, "url": url,
                   "isPartOf": resolution}
    return CitationMetadata(tuple(tags), json_ld)
