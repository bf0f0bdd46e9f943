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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

    def finder_right(self, row: int, accepted: tuple[set[tuple[str, str]], set[int]]) -> bool:
        """Return whether the finder's answer (a row of the wording tables) is accepted."""
        symbol = self.tables.symbols[int(self.tables.row_symbol[row])]
        record = self.engine.record_at(int(self.tables.row_docnum[row]))
        return ((symbol, record.get("eid")) in accepted[0] or int(self.tables.row_wording[row]) in accepted[1])


@dataclass
class Tally:
    """The scores over the drafts checked so far, by judged status."""

    counts: dict[str, int] = field(default_factory=lambda: {k: 0 for k in ("agreed", "near", "new")})
    found: dict[str, int] = field(default_factory=lambda: {k: 0 for k in ("agreed", "near")})
    right: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: {"cited": 0, "latest": 0, "any": 0, "finder": 0} for k in ("agreed", "near")})
    new_marked: int = 0
    new_words_marked: int = 0
    new_words: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    new_inside: list[str] = field(default_factory=list)

    def new_span(self, where: str, mine: list[int], checked: Any) -> None:
        """Count a judged new span: its words the check marks agreed, and agreed spans wholly inside it."""
        self.new_words += len(mine)
        marked = sum(any(s.status == AGREED and s.start <= i < s.stop for s in checked.spans) for i in mine)
        self.new_words_marked += marked
        self.new_marked += marked > 0
        inside = [s for s in checked.spans if s.status == AGREED and mine
                  and mine[0] <= s.start and s.stop <= mine[-1] + 1]
        # A whole agreed span within a judged new span: language the judges did not know of.
        self.new_inside.extend(f"{where} « {s.text} » ({s.sources.shown.citation})" for s in inside)

    def judged_span(self, where: str, span: dict, mine: list[int], checked: Any, judge: Judge,
                    finder_row: int | None) -> None:
        """Count a judged agreed or near span: found, cited from the right source, by the finder alone."""
        status = span["status"]
        kinds = (AGREED,) if status == "agreed" else (AGREED, NEAR_STATUS)
        best = _best_span(checked.spans, kinds, mine)
        covered = sum(any(s.status in kinds and s.start <= i < s.stop for s in checked.spans) for i in mine)
        if covered >= FOUND_SHARE * len(mine):
            self.found[status] += 1
        accepted = judge.accepted(span)
        if best is not None:
            sources = best.sources
            is_right = {"cited": judge.right(sources.shown, accepted), "latest": judge.right(sources.latest, accepted)}
            is_right["any"] = is_right["cited"] or is_right["latest"] or judge.right(sources.earliest, accepted)
            for key, value in is_right.items():
                self.right[status][key] += value
            if not is_right["cited"]:
                self.misses.append(f"{where} {status} « {span['text'][:60]}… » judged {span['source']['symbol']} "
                                   f"{span['source']['printed']}, cited {sources.shown.citation}")
        else:
            self.misses.append(f"{where} {status} « {span['text'][:60]}… » not found")
        if finder_row is not None:
            self.right[status]["finder"] += judge.finder_right(finder_row, accepted)

    def report(self) -> str:
        """Return the scores as printed lines."""
        lines = []
        for status in ("agreed", "near"):
            n = self.counts[status]
            r = self.right[status]
            lines.append(f"{status}: {n} judged spans; found {self.found[status]}/{n}; right source — cited first "
                         f"(after tuning) {r['cited']}/{n}, most recent (before) {r['latest']}/{n}, any of "
                         f"cited/latest/earliest {r['any']}/{n}; finder alone (first answer for the paragraph) "
                         f"{r['finder']}/{n}")
        lines.append(f"new: {self.counts['new']} judged spans; {self.new_marked} with a word marked agreed "
                     f"({self.new_words_marked}/{self.new_words} words: agreed spans running on from the "
                     f"neighbouring agreed text, which other paragraphs say); {len(self.new_inside)} agreed spans "
                     "wholly inside a new span")
        lines += ["  " + line for line in self.new_inside]
        lines.append(f"check time, ten drafts: {self.seconds:.2f} s")
        if self.misses:
            lines.append("\nnot attributed to the judged source (cited first):")
            lines += ["  " + line for line in self.misses]
        return "\n".join(lines)


def _best_span(spans: list[Any], kinds: tuple[str, ...], mine: list[int]) -> Any:
    """Return the check's span of one of ``kinds`` covering most of the words ``mine`` (None: none covers one)."""
    best, overlap = None, 0
    for s in spans:
        if s.status in kinds:
            shared = sum(s.start <= i < s.stop for i in mine)
            if shared > overlap:
                best, overlap = s, shared
    return best


def score_draft(path: Path, checker: DraftChecker, judge: Judge, tally: Tally) -> None:
    """Check one judged draft as a delegate pastes it; count each of its judged spans in ``tally``."""
    tables = judge.tables
    draft = json.loads(path.read_text(encoding="utf-8"))
    texts = [canonical(f"{p['num']} {p['text']}" if p.get("num") else p["text"]) for p in draft["paragraphs"]]
    result = checker.check(texts)
    tally.seconds += result.seconds
    for judged, text, checked in zip(draft["paragraphs"], texts, result.paragraphs, strict=True):
        found_words = words(text)
        offset = len(text) - len(canonical(judged["text"]))
        top = find(tables, text, 1, per_cluster=False).matches
        finder_row = int(tables.wording_latest[top[0].wording]) if top else None
        where = f"{path.stem} §{judged['index']}"
        at = offset
        for span in judged["spans"]:
            start, stop = at, at + len(canonical(span["text"]))
            at = stop
            mine = [i for i, w in enumerate(found_words) if start <= w.start < stop]
            tally.counts[span["status"]] += 1
            if span["status"] == "new":
                tally.new_span(where, mine, checked)
            elif mine:
                tally.judged_span(where, span, mine, checked, judge, finder_row)


def main() -> None:
    """Print the scores of the check on the blind drafts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--drafts", default=str(DRAFTS))
    args = parser.parse_args()
    engine = Engine(args.index)
    checker = DraftChecker(SimilarFinder(engine))
    judge = Judge(checker)
    tally = Tally()
    for path in sorted(Path(args.drafts).glob("draft*.json")):
        score_draft(path, checker, judge, tally)
    print(tally.report())
    engine.close()


if __name__ == "__main__":
    main()
