"""Say who cites a resolution, paragraph by paragraph, and how many resolutions cite each one.

A paragraph's cited resolutions are its "resolution" facet
(:mod:`indexer.facets.cited`, with the markup's links): the generation's
facet pairs arrays (:mod:`indexer.store.arrays`) hold, for each cited
symbol, the documents that cite it, so finding them is an array slice, not a
search. Only those documents' stored records are read, for their anchors and
labels. The number of resolutions citing a resolution is its record's
``cited_by`` list (:func:`indexer.store.records.link_citations`): one place
for that fact, read by the resolution page, the ``cited_by_count`` sort and
the "most cited" lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer.citation import cited_label

# The facet that holds the resolutions a paragraph cites (indexer/store/schema.py).
CITED_FACET = "resolution"


@dataclass(frozen=True)
class CitingParagraph:
    """One paragraph of another resolution that cites a resolution."""

    symbol: str
    anchor: str
    # How the paragraph is cited after its symbol (indexer.citation.cited_label): "par. 3", "4e alinéa du préambule".
    label: str
    organ: str
    year: int | None
    adopted: str | None

    def to_json(self) -> dict[str, Any]:
        """Return the paragraph as the JSON API gives it."""
        return {"symbol": self.symbol, "anchor": self.anchor, "label": self.label,
                "citation": f"{self.symbol}, {self.label}"}


def cited_by_count(meta: Mapping[str, Any]) -> int:
    """Return how many other resolutions of the collection cite a resolution (its record's ``cited_by``)."""
    return len(meta.get("cited_by") or ())


def cited_by_counts(resolutions: Mapping[str, Mapping[str, Any]]) -> np.ndarray:
    """Return, per resolution as the facet cache numbers them (``doc_res``), how many resolutions cite it.

    The resolutions with a rank, in the order of ``resolutions`` (as
    :class:`indexer.search.counts.FacetCache` reads them), then 0 for
    documents of no resolution.
    """
    counts = [cited_by_count(m) for m in resolutions.values() if m.get("rank") is not None]
    return np.array([*counts, 0], dtype=np.int64)


def citing_documents(cache: Any, symbol: str) -> np.ndarray:
    """Return the live documents whose paragraph cites ``symbol``, in reading order."""
    i = cache.value_ids.get(CITED_FACET, {}).get(symbol)
    if i is None:
        return np.zeros(0, dtype=np.int64)
    docs = np.asarray(cache.docs(CITED_FACET, i))
    docs = docs[cache.live[docs]]
    return docs[np.argsort(cache.seq[docs], kind="stable")]


def citing_paragraphs(symbol: str, docs: Iterable[int], read: Callable[[int], tuple[str, Mapping[str, Any]]],
                      resolutions: Mapping[str, Mapping[str, Any]]) -> list[CitingParagraph]:
    """Return the paragraphs of other resolutions among ``docs`` that cite ``symbol``.

    ``read(docnum)`` returns a document's symbol and stored record. A
    resolution's paragraphs citing itself ("sa résolution 74/90" in 74/90)
    are not listed, as its ``cited_by`` leaves it out.
    """
    out = []
    for d in docs:
        citing, record = read(int(d))
        if citing == symbol:
            continue
        meta = resolutions.get(citing, {})
        out.append(CitingParagraph(citing, str(record["anchor"]), cited_label(record), str(meta.get("organ") or ""),
                                   meta.get("year"), meta.get("adopted")))
    return out


def grouped(symbol: str, paragraphs: list[CitingParagraph],
            resolutions: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Group the citing paragraphs by organ, then year (newest first), then resolution (newest first).

    Every resolution of the cited one's ``cited_by`` is listed, with an empty
    paragraph list where the citation is outside its paragraphs (a link of
    its header): the groups count as many resolutions as the page says.
    Organs come by how many resolutions cite from them, then alphabetically.
    """
    by_resolution: dict[str, list[CitingParagraph]] = {}
    for p in paragraphs:
        by_resolution.setdefault(p.symbol, []).append(p)
    for citing in resolutions.get(symbol, {}).get("cited_by") or ():
        by_resolution.setdefault(citing, [])
    organs: dict[str, dict[int | None, list[str]]] = {}
    for citing in by_resolution:
        meta = resolutions.get(citing, {})
        organs.setdefault(str(meta.get("organ") or ""), {}).setdefault(meta.get("year"), []).append(citing)
    out = []
    for organ, years in sorted(organs.items(), key=lambda item: (-sum(len(s) for s in item[1].values()), item[0])):
        year_groups = []
        for year in sorted(years, key=lambda y: -(y or 0)):
            symbols = sorted(years[year], key=lambda s: (resolutions.get(s, {}).get("adopted") or "", s), reverse=True)
            year_groups.append({"year": year, "resolutions": [
                {"symbol": s, "adopted": resolutions.get(s, {}).get("adopted"), "paragraphs": by_resolution[s]}
                for s in symbols]})
        out.append({"organ": organ, "count": sum(len(s) for s in years.values()),
                    "paragraphs": sum(len(by_resolution[s]) for y in years.values() for s in y), "years": year_groups})
    return out


def most_cited(resolutions: Mapping[str, Mapping[str, Any]], size: int) -> list[tuple[str, int]]:
    """Return the ``size`` most cited of ``resolutions`` with their counts; ties: newest first, then by symbol."""
    cited = [(s, cited_by_count(m), str(m.get("adopted") or "")) for s, m in resolutions.items()]
    cited = [c for c in cited if c[1]]
    # Stable sorts, the last key first: by symbol, then newest first (undated last), then most cited.
    cited.sort(key=lambda c: c[0])
    cited.sort(key=lambda c: c[2], reverse=True)
    cited.sort(key=lambda c: -c[1])
    return [(s, n) for s, n, _ in cited[:size]]
