"""Time the whole-draft check and measure its recall against a brute-force scan (issue 26).

Run ``python -m tests.benchmarks.draftcheck --index DIR`` on an index of the
default collection built by this version (``resolu index --index DIR``). An
index built before the span index existed (format 8) can be brought up to
date in place with ``--add-spans`` (it writes ``spans/`` into the live
generation: use a copy of a shared index).

1. **Drafts.** Seeded drafts of 5, 30 and 100 paragraphs, each assembled from
   real paragraphs of adopted resolutions of the collection (40 to 250 words:
   about 3,000 words in 30 paragraphs, as the issue sizes a draft),
   with 0–3 edits each (a word dropped, inserted or replaced), and one
   paragraph in six an invented sentence (written for this benchmark, said by
   no resolution).
2. **Speed.** ``DraftChecker.check`` on the open index, after one warm-up
   check (tables and span index loaded): p50 and p95 over ``--repeat`` drafts
   of each size, with the finder's closest paragraph (as served) and without.
3. **Recall.** For every paragraph of ``--recall`` 30-paragraph drafts, the
   words standing in a run of at least 8 words found word for word in an
   adopted wording, by a scan of the whole token array (each 8-word window
   looked up through its rarest word's every occurrence), against the words
   the check marks agreed. Also: agreed spans given to the invented
   sentences (must be 0). Attribution: the share of agreed spans of ≥ 8
   words whose cited paragraph (shown first, or the earliest) has the very wording
   of the paragraph drafted from (another resolution saying the same span is
   not wrong, only not the drafter's source), and of paragraphs whose closest
   paragraph, or the finder's first answer alone, has it.
   ``--lang en`` does all this with the paragraphs' English and English
   invented sentences, against the English paragraphs (``spans-en/``).

4. **Scale** (``--scale N``): the collection's French wording tables are
   replicated N times in memory (each copy with one word in 20 replaced by a
   random word of the vocabulary, so that copies are distinct wordings and
   boilerplate grows with the collection), their span index is built, and the
   check is timed against them, in French (``--scale 7``: about 1.1 million paragraphs).
   The copies point to the original paragraphs' stored records, so citations
   read real records; the MinHash signatures are the originals', repeated.

Timings on a shared machine are noisy: compare runs made alternately.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import numpy as np

from indexer.search.engine import Engine
from indexer.search.similar import SimilarFinder
from indexer.search.verification import AGREED, DraftChecker
from indexer.similar.finder import find
from indexer.similar.spans import build_span_index, draft_array
from indexer.similar.tables import Tables
from indexer.similar.words import normalised
from indexer.store.spans import add_spans

INVENTED = [
    "Invite les coopératives de pêcheurs des lacs de montagne à partager leurs registres de température avec "
    "les observatoires régionaux chaque printemps.",
    "Encourage les bibliothèques municipales des petits États insulaires à numériser les cartes marines "
    "anciennes pour les écoles primaires.",
    # (A first version began "Se félicite de la création par", which A/RES/80/109 par. 279 does say.)
    "Salue l'orchestre itinérant que les musiciens des villages côtiers ont consacré aux chants des baleines.",
    "Prie les jardiniers des capitales de consigner chaque hiver les oiseaux migrateurs qui nichent sur les "
    "toits des ministères.",
    "Souligne que les horlogers des régions arides devraient pouvoir réparer gratuitement les cadrans solaires "
    "des marchés couverts.",
    "Demande aux compagnies de ferries de traduire leurs horaires en langues autochtones avant la saison des "
    "pluies et d'en afficher une copie dans chaque port.",
]
# The same kind of sentences in English, for --lang en.
INVENTED_EN = [
    "Invites fishing cooperatives of mountain lakes to share their temperature records with regional "
    "observatories every spring.",
    "Encourages municipal libraries of small island States to digitize old nautical charts for primary schools.",
    "Welcomes the travelling orchestra that musicians of coastal villages have devoted to the songs of whales.",
    "Requests gardeners of capital cities to record each winter the migratory birds nesting on the roofs of "
    "ministries.",
    "Stresses that watchmakers of arid regions should be able to repair free of charge the sundials of covered "
    "markets.",
    "Calls upon ferry companies to translate their timetables into indigenous languages before the rainy season "
    "and to post a copy in every port.",
]
TEXT = {"fr": "text", "en": "text_en"}
REPLACEMENTS = ("voisins", "plusieurs", "quatorze", "durablement", "notamment", "zorglub")
MIN_RECALL_WORDS = 8
# The wording each drafted paragraph was taken from (by its text as drafted), for the attribution figures.
DRAFTED_FROM: dict[str, int] = {}


def drafts(engine: Engine, tables, count: int, size: int, seed: int, lang: str = "fr") -> list[list[str]]:
    """Return ``count`` seeded drafts of ``size`` paragraphs (real paragraphs edited, invented sentences)."""
    rng = random.Random(seed)
    resolutions = engine.resolutions()
    lengths = np.diff(np.asarray(tables.offsets))
    row_wording = np.asarray(tables.row_wording)
    rows = [r for r in range(len(row_wording))
            if row_wording[r] >= 0 and 40 <= lengths[row_wording[r]] <= 250
            and (resolutions.get(tables.symbols[int(tables.row_symbol[r])], {}).get("vote") or {}).get("outcome")
            not in ("not_adopted", "vetoed")]
    out = []
    for _ in range(count):
        paragraphs = []
        for _ in range(size):
            if rng.random() < 1 / 6:
                paragraphs.append(rng.choice(INVENTED if lang == "fr" else INVENTED_EN))
                continue
            row = rng.choice(rows)
            text = engine.record_at(int(tables.row_docnum[row]))[TEXT[lang]].split()
            for _ in range(rng.randint(0, 3)):
                at = rng.randrange(len(text))
                edit = rng.choice(("drop", "insert", "replace"))
                if edit == "drop" and len(text) > 1:
                    del text[at]
                elif edit == "insert":
                    text.insert(at, rng.choice(REPLACEMENTS))
                else:
                    text[at] = rng.choice(REPLACEMENTS)
            paragraphs.append(" ".join(text))
            DRAFTED_FROM[paragraphs[-1]] = int(row_wording[row])
        out.append(paragraphs)
    return out


class BruteForce:
    """Find the draft words in an 8-word run of some allowed wording by scanning the token array."""

    def __init__(self, tables, allowed_wordings: np.ndarray) -> None:
        """Sort every token position by word id once (the scan then reads each word's occurrences)."""
        self.tokens = np.asarray(tables.tokens).astype(np.int64)
        self.offsets = np.asarray(tables.offsets)
        self.order = np.argsort(self.tokens, kind="stable")
        self.starts = np.searchsorted(self.tokens[self.order], np.arange(len(tables.words) + 1))
        self.allowed = allowed_wordings

    def covered(self, ids: np.ndarray, n: int = MIN_RECALL_WORDS) -> np.ndarray:
        """Return which draft words stand in a window of ``n`` words found verbatim in an allowed wording."""
        out = np.zeros(len(ids), dtype=bool)
        for i in range(len(ids) - n + 1):
            window = ids[i:i + n]
            if (window < 0).any():
                continue
            counts = self.starts[window + 1] - self.starts[window]
            rare = int(np.argmin(counts))
            at = self.order[self.starts[window[rare]]:self.starts[window[rare] + 1]] - rare
            at = at[(at >= 0) & (at + n <= len(self.tokens))]
            for t in range(n):
                at = at[self.tokens[at + t] == window[t]]
            if not len(at):
                continue
            wording = np.searchsorted(self.offsets, at, side="right") - 1
            ok = (at + n <= self.offsets[wording + 1]) & self.allowed[wording]
            if ok.any():
                out[i:i + n] = True
        return out


def replicate(tables: Tables, copies: int, seed: int) -> Tables:
    """Return the wording tables repeated ``copies`` times, each copy after the first with 5 % of words replaced."""
    rng = np.random.default_rng(seed)
    tokens = np.asarray(tables.tokens)
    offsets = np.asarray(tables.offsets)
    rows, wordings = len(tables.anchors), len(offsets) - 1
    all_tokens = [tokens]
    for _ in range(1, copies):
        copy = tokens.copy()
        changed = rng.random(len(copy)) < 0.05
        copy[changed] = rng.integers(0, len(tables.words), int(changed.sum()), dtype=np.uint32)
        all_tokens.append(copy)
    row_wording = np.asarray(tables.row_wording)
    return Tables(
        words=tables.words, tokens=np.concatenate(all_tokens),
        offsets=np.concatenate([offsets[:-1] + c * offsets[-1] for c in range(copies)] + [[copies * offsets[-1]]]),
        signatures=np.tile(np.asarray(tables.signatures), (copies, 1)),
        wording_cluster=np.tile(np.asarray(tables.wording_cluster), copies),
        wording_latest=np.concatenate([np.asarray(tables.wording_latest) + c * rows for c in range(copies)]),
        row_wording=np.concatenate([np.where(row_wording >= 0, row_wording + c * wordings, -1)
                                    for c in range(copies)]).astype(np.int32),
        row_docnum=np.tile(np.asarray(tables.row_docnum), copies),
        row_symbol=np.tile(np.asarray(tables.row_symbol), copies),
        row_date=np.tile(np.asarray(tables.row_date), copies),
        symbols=tables.symbols, anchors=tables.anchors * copies,
        cluster_paragraphs=tables.cluster_paragraphs, cluster_resolutions=tables.cluster_resolutions,
        cluster_earliest=tables.cluster_earliest,
    )


class _Scaled:
    """Stand in for the finder of a DraftChecker: serve replicated tables."""

    def __init__(self, engine: Engine, tables: Tables) -> None:
        """Serve ``tables`` for French drafts over ``engine``'s records."""
        self.engine, self._tables = engine, tables

    def tables(self, lang: str = "fr") -> Tables:
        """Return the replicated tables."""
        return self._tables


def scaled_timings(engine: Engine, tables: Tables, copies: int, sizes: list[int], repeat: int, seed: int) -> None:
    """Print the check's timings against the collection's tables replicated ``copies`` times."""
    started = time.perf_counter()
    big = replicate(tables, copies, seed)
    made = time.perf_counter() - started
    started = time.perf_counter()
    index = build_span_index(big)
    built = time.perf_counter() - started
    checker = DraftChecker(SimilarFinder(engine))
    checker.finder = _Scaled(engine, big)  # type: ignore[assignment]
    checker.span_index("fr")  # opens the generation, then the scaled index replaces the real one
    checker._spans["fr"] = index
    checker.check(["Prie le Secrétaire général de lui présenter un rapport à sa prochaine session."])
    print(f"\nscaled ×{copies}: {len(big.anchors)} paragraphs, {len(big.offsets) - 1} wordings, {len(big.tokens)} "
          f"words, {len(index.keys)} shingles ({index.keys.nbytes + index.positions.nbytes >> 20} MB); "
          f"replicated in {made:.1f} s, span index built in {built:.1f} s")
    print("\n| paragraphs | words (mean) | p50 s | p95 s | p50 s without finder | p95 s without finder |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        sample = drafts(engine, tables, repeat, size, seed + size)
        with_finder, without = [], []
        for paragraphs in sample:
            t = time.perf_counter()
            checker.check(paragraphs)
            with_finder.append(time.perf_counter() - t)
            t = time.perf_counter()
            checker.check(paragraphs, closest=False)
            without.append(time.perf_counter() - t)
        words = statistics.mean(sum(len(p.split()) for p in d) for d in sample)
        print(f"| {size} | {words:.0f} | {percentile(with_finder, 50):.3f} | {percentile(with_finder, 95):.3f} "
              f"| {percentile(without, 50):.3f} | {percentile(without, 95):.3f} |")


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank)."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, round(q / 100 * len(ranked) + 0.5) - 1))]


def main() -> None:
    """Print the timings (p50/p95) and the recall of the whole-draft check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--add-spans", action="store_true", help="write spans/ into the live generation first")
    parser.add_argument("--repeat", type=int, default=10, help="drafts timed per size")
    parser.add_argument("--sizes", default="5,30,100")
    parser.add_argument("--recall", type=int, default=3, help="30-paragraph drafts measured against brute force")
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--scale", type=int, default=0, help="also time against the tables replicated N times")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr",
                        help="en: English drafts (paragraphs' English), checked against the English paragraphs")
    parser.add_argument("--only-scale", action="store_true", help="skip the timings and recall at the real size")
    args = parser.parse_args()
    if args.add_spans:
        started = time.perf_counter()
        generation = add_spans(args.index)
        print(f"span index written in {generation} in {time.perf_counter() - started:.1f} s")
    engine = Engine(args.index)
    checker = DraftChecker(SimilarFinder(engine))
    started = time.perf_counter()
    lang = args.lang
    tables, index = checker.span_index(lang)
    checker.check(["Prie le Secrétaire général de lui présenter un rapport à sa prochaine session."], lang=lang)
    print(f"collection: {len(tables.anchors)} paragraphs, {len(tables.offsets) - 1} wordings, "
          f"{len(index.keys)} shingles; first check (loading) {time.perf_counter() - started:.2f} s")
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.scale > 1 and lang == "fr":
        scaled_timings(engine, tables, args.scale, sizes, args.repeat, args.seed)
    if args.only_scale:
        engine.close()
        return
    print("\n| paragraphs | words (mean) | p50 s | p95 s | p50 s without finder | p95 s without finder |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        sample = drafts(engine, tables, args.repeat, size, args.seed + size, lang)
        with_finder, without = [], []
        # Alternate the two variants draft by draft, so that the machine's load touches both alike.
        for paragraphs in sample:
            t = time.perf_counter()
            checker.check(paragraphs, lang=lang)
            with_finder.append(time.perf_counter() - t)
            t = time.perf_counter()
            checker.check(paragraphs, closest=False, lang=lang)
            without.append(time.perf_counter() - t)
        words = statistics.mean(sum(len(p.split()) for p in d) for d in sample)
        print(f"| {size} | {words:.0f} | {percentile(with_finder, 50):.3f} | {percentile(with_finder, 95):.3f} "
              f"| {percentile(without, 50):.3f} | {percentile(without, 95):.3f} |")
    _, allowed = checker.allowed(tables, checker_filters(), lang)
    brute = BruteForce(tables, allowed)
    truth = found = invented_agreed = invented = 0
    wording_of = {(tables.symbols[int(tables.row_symbol[r])], tables.anchors[r]): int(tables.row_wording[r])
                  for r in range(len(tables.anchors))}
    long_spans = cited_right = closest_right = finder_right = sourced = 0
    for paragraphs in drafts(engine, tables, args.recall, 30, args.seed, lang):
        result = checker.check(paragraphs, lang=lang)
        for p in result.paragraphs:
            source = DRAFTED_FROM.get(p.text)
            if source is not None:
                sourced += 1
                for span in p.spans:
                    if span.status == AGREED and span.words >= MIN_RECALL_WORDS:
                        long_spans += 1
                        cited = {wording_of.get((s.symbol, s.anchor)) for s in (span.sources.shown,
                                                                                 span.sources.earliest)}
                        cited_right += source in cited
                closest_right += bool(p.closest) and wording_of.get(
                    (p.closest["symbol"], p.closest["anchor"])) == source
                top = find(tables, p.text, 1, per_cluster=False).matches
                finder_right += bool(top) and top[0].wording == source
            ids = draft_array(tables, normalised(p.text))
            expected = brute.covered(ids)
            marked = np.zeros(len(ids), dtype=bool)
            for span in p.spans:
                if span.status == AGREED:
                    marked[span.start:span.stop] = True
            truth += int(expected.sum())
            found += int((expected & marked).sum())
            if p.text in INVENTED or p.text in INVENTED_EN:
                invented += 1
                invented_agreed += sum(s.status == AGREED for s in p.spans)
    print(f"\nrecall of words in agreed runs of >= {MIN_RECALL_WORDS} words (brute force): "
          f"{found}/{truth} = {found / truth if truth else float('nan'):.4f}")
    print(f"invented sentences: {invented} checked, {invented_agreed} agreed spans")
    print(f"attribution, {sourced} drafted paragraphs: agreed spans of >= {MIN_RECALL_WORDS} words citing (first "
          f"or earliest) a paragraph worded as the one drafted from {cited_right}/{long_spans}; closest "
          f"paragraph worded as it {closest_right}/{sourced}; the finder alone (top 1) {finder_right}/{sourced}")
    engine.close()


def checker_filters():
    """Return the default filters (adopted resolutions, any organ, any year)."""
    from indexer.search.verification import Filters

    return Filters()


if __name__ == "__main__":
    main()
