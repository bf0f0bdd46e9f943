"""Write series.json beside an index: the series of recurring resolutions and their consecutive alignments.

Runs once at the end of a build, over the paragraphs just written: series
detection (:mod:`indexer.series.detect`) and the paragraph alignment of
every consecutive pair (:mod:`indexer.series.align`), kept in compact form
so that a paragraph's history is a walk through dictionaries. Word diffs are
not stored: a page computes those of the pair it shows.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from indexer.series.align import align, compact
from indexer.series.detect import MIN_TEXT_SIMILARITY, detect, normal_title, shingles, text_similarity, to_json

SERIES = "series.json"


def paragraph_texts(searcher: Any, wanted: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Return, for each wanted symbol, its paragraphs (anchor, kind, text) in reading order, from the stored fields."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fields in searcher.all_stored_fields():
        if fields.get("symbol") in wanted:
            record = json.loads(fields["data"])
            out[record["symbol"]].append({"anchor": record["anchor"], "kind": record["kind"],
                                          "text": record["text"], "position": record["position"],
                                          "parent": record.get("parent")})
    for paragraphs in out.values():
        paragraphs.sort(key=lambda p: p["position"])
    return out


def _candidates(resolutions: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Return the symbols that may belong to a series: untitled ones, and titles shared within an organ."""
    titles: dict[tuple[str, str], list[str]] = defaultdict(list)
    wanted = set()
    for symbol, meta in resolutions.items():
        title = normal_title(str(meta.get("title") or ""))
        if title:
            titles[(str(meta.get("organ")), title)].append(symbol)
        else:
            wanted.add(symbol)
    for members in titles.values():
        if len(members) > 1:
            wanted.update(members)
    return wanted


def build_series(resolutions: Mapping[str, Mapping[str, Any]],
                 paragraphs: Mapping[str, list[dict[str, Any]]], previous: Mapping[str, Any] | None = None,
                 changed: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """Return the content of series.json: series, each member's place, and each consecutive alignment.

    ``previous`` is the series.json of a generation whose texts are these
    but for the ``changed`` symbols (an update): the text similarities and
    alignments of unchanged pairs are taken from it, not computed again.
    """
    started = time.perf_counter()
    triples: dict[str, frozenset[Any]] = {}
    # The similarities that reached the threshold, by newer then older symbol: an update reads them back
    # (a pair of unchanged texts absent from them scored below it).
    similar: dict[str, dict[str, float]] = {}
    known = previous.get("similar") if previous is not None else None

    def similarity(old: str, new: str) -> float:
        if known is not None and old not in changed and new not in changed:
            score = float(known.get(new, {}).get(old, 0.0))
        else:
            for symbol in (old, new):
                if symbol not in triples:
                    triples[symbol] = shingles([p["text"] for p in paragraphs.get(symbol, ())])
            score = text_similarity(triples[old], triples[new])
        if score >= MIN_TEXT_SIMILARITY:
            similar.setdefault(new, {})[old] = score
        return score

    series = detect(resolutions, similarity)
    detected = time.perf_counter()
    data = to_json(series)
    alignments = {}
    before = previous.get("alignments", {}) if previous is not None else {}
    members = previous.get("members", {}) if previous is not None else {}
    for s in series:
        for old, new in zip(s.symbols, s.symbols[1:], strict=False):
            if (new in before and old not in changed and new not in changed
                    and (members.get(new) or {}).get("previous") == old):
                alignments[new] = before[new]
            else:
                alignments[new] = compact(align(paragraphs.get(old, []), paragraphs.get(new, [])))
    data["alignments"] = alignments
    data["similar"] = similar
    data["stats"] = {
        "series": len(series), "members": sum(len(s.symbols) for s in series), "pairs": len(alignments),
        "detect_seconds": round(detected - started, 2),
        "align_seconds": round(time.perf_counter() - detected, 2),
    }
    return data


class _ParagraphsOf:
    """Read a resolution's paragraphs (as :func:`paragraph_texts` gives them) when first asked, then keep them."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher
        self._read: dict[str, list[dict[str, Any]]] = {}

    def get(self, symbol: str, default: Any = None) -> list[dict[str, Any]]:
        if symbol not in self._read:
            records = [json.loads(f["data"]) for f in self._searcher.documents(symbol=symbol)]
            self._read[symbol] = sorted(({"anchor": r["anchor"], "kind": r["kind"], "text": r["text"],
                                          "position": r["position"], "parent": r.get("parent")} for r in records),
                                        key=lambda p: p["position"])
        return self._read[symbol]


def write_series(folder: Path, ix: Any, resolutions: Mapping[str, Mapping[str, Any]],
                 previous: Path | None = None, changed: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """Detect the series of an index being written, align consecutive pairs, write series.json; return stats.

    With ``previous`` (the folder of the generation an update starts from) and
    the symbols whose texts the update ``changed``, only the texts the new
    pairs need are read, and the rest is taken from the previous series.json.
    """
    started = time.perf_counter()
    known = None
    if previous is not None:
        try:
            with open(previous / SERIES, encoding="utf-8") as f:
                known = json.load(f)
        except (OSError, ValueError):
            known = None
    with ix.searcher() as searcher:
        if known is not None and "similar" in known:
            data = build_series(resolutions, _ParagraphsOf(searcher), known, changed)  # type: ignore[arg-type]
        else:
            paragraphs = paragraph_texts(searcher, _candidates(resolutions))
            data = build_series(resolutions, paragraphs, known, changed)
    data["stats"]["incremental"] = known is not None and "similar" in known
    data["stats"]["read_seconds"] = round(time.perf_counter() - started - data["stats"]["detect_seconds"]
                                          - data["stats"]["align_seconds"], 2)
    with open(folder / SERIES, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False))
    return dict(data["stats"])
