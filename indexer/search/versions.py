"""Answer what changed between versions of a resolution: its series, two versions aligned, a paragraph's history.

Reads series.json beside the live generation (written at build time by
:mod:`indexer.store.series`) once per generation; an index built before
series existed simply has none. Word diffs are computed for the pair asked
(a few milliseconds), alignments of consecutive pairs are read, others are
computed and kept in a small cache.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from indexer.errors import ResoluError
from indexer.search.engine import Engine
from indexer.series.align import NEW, SAME, UPDATED, Alignment, align, from_compact, to_json
from indexer.series.detect import BASIS_LABELS
from indexer.store.record_types import ParagraphRecord
from indexer.store.series import SERIES

# Alignments of pairs that are not consecutive (computed on request), kept per process.
CACHE_SIZE = 64


class UnknownResolutionError(ResoluError):
    """A symbol that the index does not hold."""

    exit_code = 2


class Changes:
    """Series, alignments and paragraph histories of one engine's index."""

    def __init__(self, engine: Engine) -> None:
        """Serve the changes of the index ``engine`` reads (reloaded when it opens a new generation)."""
        self.engine = engine
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._data: dict[str, Any] = {}
        self._computed: OrderedDict[tuple[str | None, str, str], Alignment] = OrderedDict()
        # Word diffs of the pairs last shown: a diff page is read, reloaded, shared.
        self._diffs: OrderedDict[tuple[str | None, str, str], dict[str, Any]] = OrderedDict()

    def _series_data(self) -> dict[str, Any]:
        self.engine.resolutions()  # opens the live generation, if it changed
        generation = self.engine.generation
        with self._lock:
            if generation != self._generation:
                path = self.engine.index_dir / str(generation) / SERIES
                try:
                    with open(path, encoding="utf-8") as f:
                        data = json.load(f)
                except FileNotFoundError:
                    data = {}
                self._data = {"series": data.get("series", []), "members": data.get("members", {}),
                              "alignments": data.get("alignments", {}), "stats": data.get("stats", {})}
                self._by_key = {s["key"]: s for s in self._data["series"]}
                self._generation = generation
                self._computed.clear()
                self._diffs.clear()
            return self._data

    def known(self, symbol: str) -> str:
        """Return the symbol as indexed (letter case and spaces forgiven); raise UnknownResolutionError otherwise."""
        resolutions = self.engine.resolutions()
        if symbol in resolutions:
            return symbol
        squeezed = "".join(symbol.split()).casefold()
        for known in resolutions:
            if "".join(known.split()).casefold() == squeezed:
                return known
        raise UnknownResolutionError(f"aucune résolution « {symbol} » dans l'index")

    def stats(self) -> dict[str, Any]:
        """Return what the build counted: series, members, pairs, seconds."""
        return dict(self._series_data()["stats"])

    def member(self, symbol: str) -> dict[str, Any] | None:
        """Return a resolution's place in its series: key, index, previous, next, basis (None outside any)."""
        return self._series_data()["members"].get(symbol)

    def series(self, symbol: str) -> dict[str, Any] | None:
        """Return the series a resolution belongs to, each member with its date, vote and paragraph count."""
        data = self._series_data()
        place = data["members"].get(symbol)
        if place is None:
            return None
        found = self._by_key[place["series"]]
        resolutions: Mapping[str, Mapping[str, Any]] = self.engine.resolutions()
        alignments = data["alignments"]
        members = []
        for k, member in enumerate(found["symbols"]):
            meta = resolutions.get(member, {})
            vote = meta.get("vote") or {}
            counts = from_compact(alignments[member]).counts if member in alignments else None
            members.append({
                "symbol": member, "adopted": meta.get("adopted"), "year": meta.get("year"),
                "title": meta.get("title") or meta.get("label") or "",
                "vote": vote.get("label") or "", "paragraphs": meta.get("paragraphs", 0),
                "basis": BASIS_LABELS.get(found["basis"][k - 1]) if k else None,
                "changes": counts,
            })
        title = found["title"] or next((m["title"] for m in reversed(members) if m["title"]), "")
        return {"key": found["key"], "organ": found["organ"], "title": title, "members": members}

    def history(self, symbol: str) -> dict[str, Any]:
        """Return ``resolu history --json``: the series of a resolution, oldest first (itself alone outside any)."""
        symbol = self.known(symbol)
        found = self.series(symbol)
        if found is None:
            meta = self.engine.resolutions()[symbol]
            members = [{"symbol": symbol, "adopted": meta.get("adopted"), "title": meta.get("title") or ""}]
        else:
            members = [{"symbol": m["symbol"], "adopted": m["adopted"], "title": m["title"]} for m in found["members"]]
        return {"symbol": symbol, "series": members}

    def alignment(self, old: str, new: str) -> Alignment:
        """Return the alignment of two versions: read when consecutive in a series, else computed (and cached)."""
        data = self._series_data()
        stored = data["alignments"].get(new)
        if stored is not None and data["members"].get(new, {}).get("previous") == old:
            return from_compact(stored)
        key = (self._generation, old, new)
        with self._lock:
            if key in self._computed:
                self._computed.move_to_end(key)
                return self._computed[key]
        result = align(self._paragraphs(old), self._paragraphs(new))
        with self._lock:
            self._computed[key] = result
            while len(self._computed) > CACHE_SIZE:
                self._computed.popitem(last=False)
        return result

    def _paragraphs(self, symbol: str) -> list[ParagraphRecord]:
        res = self.engine.resolution(symbol)
        if res is None:
            raise UnknownResolutionError(f"aucune résolution « {symbol} » dans l'index")
        return res["paragraphs_list"]

    def previous(self, symbol: str) -> str | None:
        """Return the resolution a resolution follows in its series, if any."""
        place = self.member(symbol)
        return place["previous"] if place else None

    def diff(self, old: str | None, new: str) -> dict[str, Any]:
        """Return ``resolu diff --json`` for two versions; OLD defaults to NEW's predecessor."""
        new = self.known(new)
        if old is None:
            old = self.previous(new)
            if old is None:
                raise UnknownResolutionError(f"{new} n'a pas de version précédente dans l'index : "
                                        "donnez les deux cotes (resolu diff ANCIENNE NOUVELLE)")
        old = self.known(old)
        key = (self._generation, old, new)
        with self._lock:
            if key in self._diffs:
                self._diffs.move_to_end(key)
                return copy.deepcopy(self._diffs[key])
        result = to_json(self.alignment(old, new), old, new, self._paragraphs(old), self._paragraphs(new))
        for name, symbol in (("old_resolution", old), ("new_resolution", new)):
            meta = self.engine.resolutions()[symbol]
            result[name] = {"symbol": symbol, "adopted": meta.get("adopted"),
                            "title": meta.get("title") or meta.get("label") or "",
                            "paragraphs": meta.get("paragraphs", 0)}
        with self._lock:
            self._diffs[key] = result
            while len(self._diffs) > CACHE_SIZE:
                self._diffs.popitem(last=False)
        return copy.deepcopy(result)

    def paragraph_history(self, symbol: str, anchor: str) -> dict[str, Any] | None:
        """Return the versions of one paragraph through its series, oldest first, and since when its wording stands.

        Each version: symbol, anchor, year, status against the version before
        (``same``, ``updated``, ``edited``, ``merged``, or ``new`` for the first
        one). ``since`` is the oldest resolution holding this wording
        unchanged; ``later`` lists what became of it in later resolutions.
        """
        data = self._series_data()
        if symbol not in data["members"]:
            return None
        resolutions: Mapping[str, Mapping[str, Any]] = self.engine.resolutions()
        chain: list[dict[str, Any]] = []
        current_symbol, current_anchor = symbol, anchor
        seen = set()
        while (current_symbol, current_anchor) not in seen:
            seen.add((current_symbol, current_anchor))
            place = data["members"].get(current_symbol) or {}
            previous = place.get("previous")
            link = self.alignment(previous, current_symbol).link(current_anchor) if previous else None
            status = link.status if link else NEW
            chain.insert(0, {"symbol": current_symbol, "anchor": current_anchor, "status": status,
                             "year": resolutions.get(current_symbol, {}).get("year"),
                             "moved": bool(link and link.moved)})
            if link is None or not link.old:
                break
            current_symbol, current_anchor = previous, link.old[0]
        since = chain[-1]
        for version in reversed(chain):
            since = version
            if version["status"] != SAME:
                break
        later = []
        current_symbol, current_anchor = symbol, anchor
        while True:
            nxt = (data["members"].get(current_symbol) or {}).get("next")
            if not nxt:
                break
            successor = next((x for x in self.alignment(current_symbol, nxt).links if current_anchor in x.old), None)
            if successor is None:
                later.append({"symbol": nxt, "anchor": None, "status": "dropped",
                              "year": resolutions.get(nxt, {}).get("year"), "moved": False})
                break
            later.append({"symbol": nxt, "anchor": successor.new, "status": successor.status,
                          "year": resolutions.get(nxt, {}).get("year"), "moved": successor.moved})
            current_symbol, current_anchor = nxt, successor.new
        return {"symbol": symbol, "anchor": anchor, "versions": chain, "since": since,
                "unchanged": since["symbol"] != symbol, "later": later,
                "figures_only": any(v["status"] == UPDATED for v in chain)}
