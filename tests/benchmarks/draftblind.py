"""Score the whole-draft check on the ten blind judged drafts (issue 26, tests/data/blind/drafts).

Run ``python -m tests.benchmarks.draftblind --index DIR`` on an index of the
default collection built by this version (the drafts were written from its
French AKN4UN files). Each ``draftNN.json`` gives every span of every
paragraph as judged: *agreed* (verbatim from a source paragraph, with the
other paragraphs carrying it in ``also``), *near* (reworded from one) or
*new*. Each draft is checked as a delegate pastes it (operative paragraphs
with their number), and for each judged span the check's span covering most
of its words is read:

- **found**: at least 80 % of the judged span's words are in an agreed span
  (for agreed spans), in an agreed or near span (for near spans);
- **right source**: the paragraph that span cites is the judged source, one
  of its ``also`` paragraphs, or a paragraph with the very same wording
  (identical versions) — the paragraph cited first (``cited``: the draft
  paragraph's closest paragraph when it carries the span, *after* tuning),
  the most recent adopted without a vote first (``latest``, *before*), or
  either of the cited, latest and earliest;
- **finder alone**: the finder's first answer for the whole paragraph
  (``resolu similar``), as a delegate would use it paragraph by paragraph;
- **new**: judged new spans with a word the check marks agreed (the judges
  made sure no 6 words of a new span occur in the adopted French AKN4UN
  files; the collection also holds the Security Council's 1946-2009 OCR
  volumes, where a phrase can legitimately be found).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from indexer.search.agreed import SimilarFinder
from indexer.search.engine import Engine
from indexer.search.verification import AGREED, NEAR_STATUS, DraftChecker, Source
from indexer.wording.finder import find
from indexer.wording.words import canonical, words

DRAFTS = Path(__file__).resolve().parent.parent / "data" / "blind" / "drafts"
FOUND_SHARE = 0.8


class Judge:
    """Tell whether a cited paragraph is a judged span's source, one of its ``also``, or worded identically."""

    def __init__(self, checker: DraftChecker) -> None:
        """Read paragraphs' eIds and wordings from the checker's index."""
        self.checker = checker
        self.engine = checker.engine
        self.tables, _ = checker.span_index()
        self._eids: dict[str, dict[str, str]] = {}

    def wording(self, symbol: str, anchor: str) -> int:
        """Return the wording of a paragraph (-1 when absent)."""
        row = self.checker.finder.row(symbol, anchor)
        return int(self.tables.row_wording[row]) if row is not None else -1

    def anchor_of(self, symbol: str, eid: str) -> str | None:
        """Return the anchor of the paragraph with an AKN eId."""
        if symbol not in self._eids:
            resolution = self.engine.resolution(symbol) or {"paragraphs_list": []}
            self._eids[symbol] = {p.get("eid"): p["anchor"] for p in resolution["paragraphs_list"]}
        return self._eids[symbol].get(eid)

    def accepted(self, span: dict) -> tuple[set[tuple[str, str]], set[int]]:
        """Return the (symbol, eId) pairs and the wordings accepted as the span's source."""
        units = [span["source"], *(span.get("also") or [])]
        pairs = {(u["symbol"], u["eId"]) for u in units}
        wordings = set()
        for u in units:
            anchor = self.anchor_of(u["symbol"], u["eId"])
            if anchor is not None:
                wordings.add(self.wording(u["symbol"], anchor))
        return pairs, wordings - {-1}

    def right(self, source: Source, accepted: tuple[set[tuple[str, str]], set[int]]) -> bool:
        """Return whether a cited paragraph is accepted."""
        pairs, wordings = accepted
        record = self.engine.paragraph_record(source.symbol, source.anchor) or {}
        return (source.symbol, record.get("eid")) in pairs or self.wording(source.symbol, source.anchor) in wordings


def main() -> None:
    """Print the scores of the check on the blind drafts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--drafts", default=str(DRAFTS))
    args = parser.parse_args()
    engine = Engine(args.index)
    checker = DraftChecker(SimilarFinder(engine))
    judge = Judge(checker)
    tables = judge.tables
    counts = {k: 0 for k in ("agreed", "near", "new")}
    found = {k: 0 for k in ("agreed", "near")}
    right = {k: {"cited": 0, "latest": 0, "any": 0, "finder": 0} for k in ("agreed", "near")}
    new_marked = new_words_marked = new_words = 0
    seconds = 0.0
    misses = []
    new_inside: list[str] = []
    for path in sorted(Path(args.drafts).glob("draft*.json")):
        draft = json.loads(path.read_text(encoding="utf-8"))
        texts = [canonical(f"{p['num']} {p['text']}" if p.get("num") else p["text"]) for p in draft["paragraphs"]]
        result = checker.check(texts)
        seconds += result.seconds
        for judged, text, checked in zip(draft["paragraphs"], texts, result.paragraphs, strict=True):
            found_words = words(text)
            offset = len(text) - len(canonical(judged["text"]))
            top = find(tables, text, 1, per_cluster=False).matches
            finder_row = int(tables.wording_latest[top[0].wording]) if top else None
            at = offset
            for span in judged["spans"]:
                start, stop = at, at + len(canonical(span["text"]))
                at = stop
                mine = [i for i, w in enumerate(found_words) if start <= w.start < stop]
                status = span["status"]
                counts[status] += 1
                if status == "new":
                    new_words += len(mine)
                    marked = sum(any(s.status == AGREED and s.start <= i < s.stop for s in checked.spans) for i in mine)
                    new_words_marked += marked
                    new_marked += marked > 0
                    inside = [s for s in checked.spans if s.status == AGREED and mine
                              and mine[0] <= s.start and s.stop <= mine[-1] + 1]
                    if inside:
                        # A whole agreed span within a judged new span: language the judges did not know of.
                        new_inside.extend(f"{path.stem} §{judged['index']} « {s.text} » ({s.sources.shown.citation})"
                                          for s in inside)
                    continue
                if not mine:
                    continue
                kinds = (AGREED,) if status == "agreed" else (AGREED, NEAR_STATUS)
                best, overlap = None, 0
                for s in checked.spans:
                    if s.status in kinds:
                        shared = sum(s.start <= i < s.stop for i in mine)
                        if shared > overlap:
                            best, overlap = s, shared
                covered = sum(any(s.status in kinds and s.start <= i < s.stop for s in checked.spans) for i in mine)
                if covered >= FOUND_SHARE * len(mine):
                    found[status] += 1
                accepted = judge.accepted(span)
                if best is not None:
                    sources = best.sources
                    is_right = {"cited": judge.right(sources.shown, accepted),
                                "latest": judge.right(sources.latest, accepted)}
                    is_right["any"] = is_right["cited"] or is_right["latest"] or judge.right(sources.earliest,
                                                                                             accepted)
                    for key, value in is_right.items():
                        right[status][key] += value
                    if not is_right["cited"]:
                        misses.append(f"{path.stem} §{judged['index']} {status} « {span['text'][:60]}… » judged "
                                      f"{span['source']['symbol']} {span['source']['printed']}, cited "
                                      f"{sources.shown.citation}")
                else:
                    misses.append(f"{path.stem} §{judged['index']} {status} « {span['text'][:60]}… » not found")
                if finder_row is not None:
                    symbol = tables.symbols[int(tables.row_symbol[finder_row])]
                    record = engine.record_at(int(tables.row_docnum[finder_row]))
                    right[status]["finder"] += ((symbol, record.get("eid")) in accepted[0]
                                                or int(tables.row_wording[finder_row]) in accepted[1])
    for status in ("agreed", "near"):
        n = counts[status]
        r = right[status]
        print(f"{status}: {n} judged spans; found {found[status]}/{n}; right source — cited first (after tuning) "
              f"{r['cited']}/{n}, most recent (before) {r['latest']}/{n}, any of cited/latest/earliest {r['any']}/{n}; "
              f"finder alone (first answer for the paragraph) {r['finder']}/{n}")
    print(f"new: {counts['new']} judged spans; {new_marked} with a word marked agreed "
          f"({new_words_marked}/{new_words} words: agreed spans running on from the neighbouring agreed text, "
          f"which other paragraphs say); {len(new_inside)} agreed spans wholly inside a new span")
    for line in new_inside:
        print("  " + line)
    print(f"check time, ten drafts: {seconds:.2f} s")
    if misses:
        print("\nnot attributed to the judged source (cited first):")
        for line in misses:
            print("  " + line)
    engine.close()


if __name__ == "__main__":
    main()
