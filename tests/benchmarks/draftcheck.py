"""Time the whole-draft check in French and English and measure its recall against a brute-force scan (issue 26).

Run ``python -m tests.benchmarks.draftcheck --index DIR --http`` on an index of the
default collection built by this version (``resolu index --index DIR``): it
prints one table of p50/p95 for drafts of 5, 30 and 100 paragraphs, French and
English, in process and through ``POST /api/verification``. An index built
before the span index existed (format 9) can be brought up to date in place
with ``--add-spans`` (it writes ``spans/`` into the live generation: use a copy
of a shared index).

1. **Drafts.** Seeded drafts of 5, 30 and 100 paragraphs, each assembled from
   real paragraphs of adopted resolutions of the collection (40 to 250 words:
   about 3,000 words in 30 paragraphs, as the issue sizes a draft),
   with 0–3 edits each (a word dropped, inserted or replaced), and one
   paragraph in six an invented sentence (written for this benchmark, said by
   no resolution). ``--lang fr,en`` (the default) makes them of each
   paragraph's French, then of its English (checked against the English
   paragraphs, ``spans-en/``, with English invented sentences).
2. **Speed.** ``DraftChecker.check`` on the open index, after one warm-up
   check (tables and span index loaded): p50 and p95 over ``--repeat`` drafts
   of each size, with the finder's closest paragraph (as served) and without;
   with ``--http``, the same drafts posted to ``/api/verification`` of a
   gunicorn server of the index (as :mod:`tests.benchmarks.served` serves it),
   one connection, whole JSON answer read.
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

4. **Scale** (``--scale N``): the collection's wording tables of each
   ``--lang`` are replicated N times (each copy with one word in 20 replaced by a random
   word of the vocabulary, so that copies are distinct wordings and
   boilerplate grows with the collection), their span index is built, both
   are written to disk as a generation holds them and read back
   memory-mapped, and the check is timed against them
   (``--scale 7 --only-scale``: about 1.35 million French paragraphs, 1 million English ones). The copies
   point to the original paragraphs' stored records, so citations read real
   records; the MinHash signatures the closest-paragraph finder reads are the
   originals', repeated (the same volume read, not re-signed copies). Peak
   RSS is printed for the build and for the checks.

Timings on a shared machine are noisy: compare runs made alternately.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from indexer.errors import IndexMissingError
from indexer.search.agreed import SimilarFinder
from indexer.search.engine import Engine
from indexer.search.verification import AGREED, DraftChecker
from indexer.store.spans import add_spans
from indexer.wording.finder import find
from indexer.wording.spans import build_span_index, draft_array
from indexer.wording.tables import Tables
from indexer.wording.words import normalised

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
# Fewest words of a real paragraph put in a draft (and most: 250).
MIN_WORDS = 40
# The wording each drafted paragraph was taken from (by its text as drafted), for the attribution figures.
DRAFTED_FROM: dict[str, int] = {}


def drafts(engine: Engine, tables, count: int, size: int, seed: int, lang: str = "fr",
           min_words: int = MIN_WORDS) -> list[list[str]]:
    """Return ``count`` seeded drafts of ``size`` paragraphs (real paragraphs edited, invented sentences).

    The real paragraphs have ``min_words`` to 250 words (``--min-words 100``
    makes a 30-paragraph draft about 3,000 words, as the issue sizes it).
    """
    rng = random.Random(seed)
    resolutions = engine.resolutions()
    lengths = np.diff(np.asarray(tables.offsets))
    row_wording = np.asarray(tables.row_wording)
    rows = [r for r in range(len(row_wording))
            if row_wording[r] >= 0 and min_words <= lengths[row_wording[r]] <= 250
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

    def recall_of(self, tables, checked) -> tuple[int, int]:
        """Return (words in agreed runs by the scan, those of them the check marked agreed) of a checked paragraph."""
        ids = draft_array(tables, normalised(checked.text))
        expected = self.covered(ids)
        marked = np.zeros(len(ids), dtype=bool)
        for span in checked.spans:
            if span.status == AGREED:
                marked[span.start:span.stop] = True
        return int(expected.sum()), int((expected & marked).sum())


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
        cluster_earliest=tables.cluster_earliest, word_keys=tables.word_keys,
        # Like the signatures, the copies' wording keys are the originals' (only clusters' leaders read them).
        wording_keys=np.tile(np.asarray(tables.wording_keys), copies),
    )


class _Scaled:
    """Stand in for the finder of a DraftChecker: serve replicated tables."""

    def __init__(self, engine: Engine, tables: Tables) -> None:
        """Serve ``tables`` for French drafts over ``engine``'s records."""
        self.engine, self._tables = engine, tables

    def tables(self, lang: str = "fr") -> Tables:
        """Return the replicated tables."""
        return self._tables


def rss_mb() -> tuple[float, float]:
    """Return this process's resident memory now and its peak since the last reset (VmRSS, VmHWM; MB)."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines())
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def reset_peak() -> None:
    """Reset the peak resident memory (VmHWM) to the memory now, so that a later peak is the phase's own."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="utf-8") as f:
            f.write("5")
    except OSError:
        pass  # not Linux, or not allowed: the peak then includes the build's


def scaled_timings(engine: Engine, tables: Tables, copies: int, sizes: list[int], repeat: int, seed: int,
                   folder: Path, min_words: int = MIN_WORDS, lang: str = "fr") -> None:
    """Print the check's timings against the tables replicated ``copies`` times, written to disk and memory-mapped.

    The replicated wording tables and their span index are written in
    ``folder`` as a generation holds them (``wording/``, ``spans/``), every
    array freed, then both read back memory-mapped (:func:`indexer.store.wording.load`,
    :func:`indexer.store.spans.load`) as the server reads the real ones.
    """
    from indexer.store import spans as span_store
    from indexer.store import wording as wording_store

    reset_peak()
    started = time.perf_counter()
    big = replicate(tables, copies, seed)
    made = time.perf_counter() - started
    folder.mkdir(parents=True, exist_ok=True)
    wording_store.save(big, folder / wording_store.FOLDERS[lang])
    started = time.perf_counter()
    index = build_span_index(big)
    built = time.perf_counter() - started
    span_store.save(index, folder / span_store.FOLDERS[lang])
    counts = (len(big.anchors), len(big.offsets) - 1, len(big.tokens), len(index.keys))
    del big, index
    gc.collect()
    _, build_peak = rss_mb()
    disk = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    reset_peak()
    started = time.perf_counter()
    big = wording_store.load(folder, lang)
    index = span_store.load(folder, lang)
    assert isinstance(index.keys, np.memmap) and isinstance(big.tokens, np.memmap)
    checker = DraftChecker(SimilarFinder(engine))
    checker.finder = _Scaled(engine, big)  # type: ignore[assignment]
    checker.span_index(lang)  # opens the generation, then the scaled index replaces the real one
    checker._spans[lang] = index
    checker.check(["Prie le Secrétaire général de lui présenter un rapport à sa prochaine session."], lang=lang)
    opened = time.perf_counter() - started
    print(f"\n[{lang}] scaled ×{copies}, on disk in {folder} ({disk / 1e6:,.0f} MB) and memory-mapped: {counts[0]:,} "
          f"paragraphs, {counts[1]:,} wordings, {counts[2]:,} words, {counts[3]:,} shingles; replicated in "
          f"{made:.1f} s, span index built in {built:.1f} s (peak RSS of replication and build "
          f"{build_peak:,.0f} MB); opened and first check in {opened:.1f} s")
    print("\n| lang | paragraphs | words (mean) | p50 s | p95 s | p50 s span lookup only (no finder) "
          "| p95 s span lookup only |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        sample = drafts(engine, tables, repeat, size, seed + size, lang, min_words)
        print(timings_row(checker, sample, lang, size))
    now, peak = rss_mb()
    print(f"\nRSS while checking against the memory-mapped ×{copies} index: {now:,.0f} MB now, peak {peak:,.0f} MB "
          "(mapped pages read count as resident)")


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank)."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, round(q / 100 * len(ranked) + 0.5) - 1))]


def post_draft(conn: http.client.HTTPConnection, paragraphs: list[str], lang: str) -> float:
    """POST a draft to /api/verification (one paragraph a line); return the seconds to the whole JSON answer."""
    body = json.dumps({"text": "\n".join(paragraphs), "lang": lang})
    started = time.perf_counter()
    conn.request("POST", "/api/verification", body=body.encode(), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"/api/verification answered {response.status}: {data[:200]!r}")
    return seconds


def http_timings(port: int, engine: Engine, checker: DraftChecker, langs: list[str], sizes: list[int],
                 repeat: int, seed: int, min_words: int = MIN_WORDS) -> dict[tuple[str, int], tuple[float, float]]:
    """Return p50/p95 seconds of POST /api/verification per (lang, size), on the drafts the in-process run times."""
    out = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    for lang in langs:
        tables, _ = checker.span_index(lang)
        post_draft(conn, ["Prie le Secrétaire général de lui présenter un rapport à sa prochaine session."], lang)
        for size in sizes:
            times = [post_draft(conn, paragraphs, lang)
                     for paragraphs in drafts(engine, tables, repeat, size, seed + size, lang, min_words)]
            out[lang, size] = (percentile(times, 50), percentile(times, 95))
    conn.close()
    return out


def served_timings(port: int, index: str | Path, repeat: int, sizes: tuple[int, ...] = (5, 30, 100),
                   langs: tuple[str, ...] = ("fr", "en"), seed: int = 26) -> dict[str, list[float]]:
    """Return p50/p95 of POST /api/verification per "lang size" on a running server (the served benchmark's row).

    The drafts are this module's, made from the index's own paragraphs
    (opened read-only here); a language whose span index the index lacks is
    left out.
    """
    engine = Engine(str(index))
    try:
        checker = DraftChecker(SimilarFinder(engine))
        usable = []
        for lang in langs:
            try:
                checker.span_index(lang)
                usable.append(lang)
            except IndexMissingError:  # an index without English tables or spans: no English row
                continue
        found = http_timings(port, engine, checker, usable, list(sizes), repeat, seed)
    finally:
        engine.close()
    return {f"{lang} {size}": [p50, p95] for (lang, size), (p50, p95) in found.items()}


def serve(index: str) -> Any:
    """Start resolu's server on ``index`` as the served benchmark does (gunicorn, 2 workers × 4 threads)."""
    from tests.benchmarks.scale import OUT
    from tests.benchmarks.served import Server

    OUT.mkdir(parents=True, exist_ok=True)
    server = Server("resolu", "resolu", {"RESOLU_INDEX": str(Path(index).resolve())})
    server.start(OUT / "draftcheck-server-log.txt")
    return server


def timings_row(checker: DraftChecker, sample: list[list[str]], lang: str, size: int) -> str:
    """Time each draft checked with and without the finder; return the table row (words, p50 and p95 of each)."""
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
    return (f"| {lang} | {size} | {words:.0f} | {percentile(with_finder, 50):.3f} "
            f"| {percentile(with_finder, 95):.3f} | {percentile(without, 50):.3f} | {percentile(without, 95):.3f} |")


def timings_table(engine: Engine, checker: DraftChecker, langs: list[str], sizes: list[int], repeat: int,
                  seed: int, served: dict[tuple[str, int], tuple[float, float]] | None = None,
                  min_words: int = MIN_WORDS) -> str:
    """Return the Markdown table of p50/p95 per language and size (in process, with and without the finder)."""
    head = "| lang | paragraphs | words (mean) | p50 s | p95 s | p50 s without finder | p95 s without finder |"
    rule = "|---|---|---|---|---|---|---|"
    if served is not None:
        head += " HTTP POST /api/verification p50 s | HTTP p95 s |"
        rule += "---|---|"
    lines = [head, rule]
    for lang in langs:
        tables, _ = checker.span_index(lang)
        for size in sizes:
            sample = drafts(engine, tables, repeat, size, seed + size, lang, min_words)
            line = timings_row(checker, sample, lang, size)
            if served is not None:
                p50, p95 = served[lang, size]
                line += f" {p50:.3f} | {p95:.3f} |"
            lines.append(line)
    return "\n".join(lines)


def recall(engine: Engine, checker: DraftChecker, lang: str, count: int, seed: int) -> None:
    """Print the recall against brute force, the invented sentences' agreed spans and the attribution."""
    tables, _ = checker.span_index(lang)
    _, allowed = checker.allowed(tables, checker_filters(), lang)
    brute = BruteForce(tables, allowed)
    truth = found = invented_agreed = invented = 0
    wording_of = {(tables.symbols[int(tables.row_symbol[r])], tables.anchors[r]): int(tables.row_wording[r])
                  for r in range(len(tables.anchors))}
    long_spans = cited_right = closest_right = finder_right = sourced = 0
    for paragraphs in drafts(engine, tables, count, 30, seed, lang):
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
            expected, marked = brute.recall_of(tables, p)
            truth += expected
            found += marked
            if p.text in INVENTED or p.text in INVENTED_EN:
                invented += 1
                invented_agreed += sum(s.status == AGREED for s in p.spans)
    print(f"\n[{lang}] recall of words in agreed runs of >= {MIN_RECALL_WORDS} words (brute force): "
          f"{found}/{truth} = {found / truth if truth else float('nan'):.4f}")
    print(f"[{lang}] invented sentences: {invented} checked, {invented_agreed} agreed spans")
    print(f"[{lang}] attribution, {sourced} drafted paragraphs: agreed spans of >= {MIN_RECALL_WORDS} words citing "
          f"(first or earliest) a paragraph worded as the one drafted from {cited_right}/{long_spans}; closest "
          f"paragraph worded as it {closest_right}/{sourced}; the finder alone (top 1) {finder_right}/{sourced}")


def main() -> None:
    """Print the timings (p50/p95, French and English, in process and over HTTP) and the recall of the check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--add-spans", action="store_true", help="write spans/ into the live generation first")
    parser.add_argument("--repeat", type=int, default=10, help="drafts timed per size")
    parser.add_argument("--sizes", default="5,30,100")
    parser.add_argument("--recall", type=int, default=3, help="30-paragraph drafts measured against brute force")
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--scale", type=int, default=0,
                        help="also time against the French tables replicated N times, on disk and memory-mapped")
    parser.add_argument("--scale-dir", default=None,
                        help="where the replicated tables and span index are written (a temporary folder in /tmp, "
                             "removed after; given, it is kept)")
    parser.add_argument("--lang", default="fr,en",
                        help="fr, en or fr,en: English drafts (paragraphs' English) are checked against the English "
                             "paragraphs")
    parser.add_argument("--http", action="store_true",
                        help="also time POST /api/verification on a gunicorn server of the index (2 workers × 4 "
                             "threads, as the served benchmark)")
    parser.add_argument("--min-words", type=int, default=MIN_WORDS,
                        help="fewest words of a real paragraph put in a timed draft (40; 100: 30 paragraphs ≈ 3,000 "
                             "words)")
    parser.add_argument("--only-scale", action="store_true", help="skip the timings and recall at the real size")
    args = parser.parse_args()
    if args.add_spans:
        started = time.perf_counter()
        generation = add_spans(args.index)
        print(f"span index written in {generation} in {time.perf_counter() - started:.1f} s")
    langs = [lang for lang in args.lang.split(",") if lang]
    if not set(langs) <= {"fr", "en"}:
        parser.error("--lang : fr, en ou fr,en")
    engine = Engine(args.index)
    checker = DraftChecker(SimilarFinder(engine))
    sizes = [int(s) for s in args.sizes.split(",")]
    for lang in langs:
        started = time.perf_counter()
        tables, index = checker.span_index(lang)
        checker.check(["Prie le Secrétaire général de lui présenter un rapport à sa prochaine session."], lang=lang)
        print(f"collection [{lang}]: {len(tables.anchors)} paragraphs, {len(tables.offsets) - 1} wordings, "
              f"{len(index.keys)} shingles; first check (loading) {time.perf_counter() - started:.2f} s")
    for lang in langs if args.scale > 1 else []:
        tables, _ = checker.span_index(lang)
        if args.scale_dir:
            scaled_timings(engine, tables, args.scale, sizes, args.repeat, args.seed, Path(args.scale_dir) / lang,
                           args.min_words, lang)
        else:
            with tempfile.TemporaryDirectory(prefix="resolu-draftscale-", dir="/tmp") as tmp:
                scaled_timings(engine, tables, args.scale, sizes, args.repeat, args.seed, Path(tmp), args.min_words,
                               lang)
    if args.only_scale:
        engine.close()
        return
    served = None
    if args.http:
        server = serve(args.index)
        try:
            served = http_timings(server.port, engine, checker, langs, sizes, args.repeat, args.seed, args.min_words)
        finally:
            server.stop()
    print(f"\nDrafts of real paragraphs of {args.min_words}–250 words (0–3 words edited each) and invented "
          f"sentences, {args.repeat} per size; "
          f"load average {' '.join(Path('/proc/loadavg').read_text(encoding='utf-8').split()[:3])}\n")
    print(timings_table(engine, checker, langs, sizes, args.repeat, args.seed, served, args.min_words))
    for lang in langs if args.recall > 0 else []:
        recall(engine, checker, lang, args.recall, args.seed)
    engine.close()


def checker_filters():
    """Return the default filters (adopted resolutions, any organ, any year)."""
    from indexer.search.verification import Filters

    return Filters()


if __name__ == "__main__":
    main()
