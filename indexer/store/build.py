"""Build the paragraph index from source files, atomically.

A build is a new generation written beside the live one and made current
at the end (see :mod:`indexer.store.layout` for the generations on disk).
Its phases, in :func:`_write`:

1. the files not indexed as French are read apart: English versions
   (:mod:`indexer.store.english_versions`) and the UN's ``data_extract``
   records (:mod:`indexer.store.extracts`);
2. worker processes (:mod:`indexer.store.workers`) each prepare a run of
   the French files (:func:`prepare`) and write it as one segment; this
   process lists the segments in the table of contents;
3. the files' summaries give the report (:class:`~indexer.store.report.BuildReport`,
   each kept file adding its :class:`~indexer.store.report.FileStats`),
   the resolutions' records, ``warnings.tsv`` and the vocabulary;
4. the tables beside the index: series, search arrays, wording tables, spans.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from indexer.errors import ParseError, ResoluError
from indexer.facets.cited import possible
from indexer.french_text import is_english_only
from indexer.sources.pairing import align
from indexer.sources.read import Source, list_sources, parse_bytes, read_sources
from indexer.store.arrays import scored_fields, write_arrays
from indexer.store.english_only import EnglishOnly, write_english_only
from indexer.store.english_versions import EnglishVersions, english_of, find_english, opening_en
from indexer.store.extracts import Extracts, find_extracts, merge_all
from indexer.store.layout import (
    VOCABULARY,
    WARNINGS,
    new_generation,
    write_format,
    write_sources,
)
from indexer.store.records import (
    document_fields,
    link_citations,
    paragraph_records,
    resolution_record,
    write_resolutions,
)
from indexer.store.report import BuildReport, FileStats, file_stats
from indexer.store.schema import SEQ_STRIDE, make_schema
from indexer.store.series import write_series
from indexer.store.spans import write_all_spans
from indexer.store.warnings_tsv import WarningRows
from indexer.store.whoosh_compat import (
    commit_segments,
    document_adder,
    finish_segment,
    patched_writer,
    segment_writer,
)
from indexer.store.wording import write_wording
from indexer.store.workers import Forked, Say, run_forked, split_evenly, start_forked

# Memory for a segment's postings before they spill to sorted run files
# (Whoosh's estimate; the real use is about the same).
POOL_MB = 256
WORD_RE = re.compile(r"[^\W\d_]{3,}")
# A source line that starts with an operative paragraph number ("1.", "*12.", "*7 .").
NUMBERED_RE = re.compile(r"^\*?\s*\d{1,3}\s*\.\s*\*?\s*\S", re.M)
ANNEX_RE = re.compile(r"^\*?(?:Annexe|ANNEXE)\b", re.M)

Progress = Callable[[int, int, str], None]
# Warnings that say why a file was kept out of the index.
SKIP_CODES = ("not-french", "language-mismatch")


@dataclass
class Prepared:
    """One source file made ready for the index: everything but the Whoosh writing."""

    path: str
    rank: int = 0
    symbol: str = ""
    error: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[str, int, str, str]] = field(default_factory=list)
    # The index documents, until they are written (then dropped: the build process needs their statistics only).
    documents: list[dict[str, Any]] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)
    # Not indexed: a file in another language than French (an English file in a French folder).
    skipped: bool = False
    edition: str = ""
    # What the file adds to the build report when it is indexed.
    stats: FileStats = field(default_factory=FileStats)


def prepare(source: Source, rank: int = 0, data: bytes | ParseError | None = None,
            english: EnglishVersions | None = None) -> Prepared:
    """Parse a file and extract its facets into index documents (pure, picklable).

    Runs in worker processes during a build: parsing and facet extraction
    take a third of the time and do not need the index writer. ``data`` is
    the file's content when already read (archive members are); ``english``
    holds the English versions read before, paired by symbol.
    """
    out = Prepared(str(source), rank)
    try:
        if data is None:
            data = next(read_sources([source]))[1]
        if isinstance(data, ParseError):
            raise data
        res = parse_bytes(data, str(source))
    except ParseError as exc:
        out.error = str(exc)
        return out
    if len(res.paragraphs) >= SEQ_STRIDE:
        out.error = (f"{source}: {len(res.paragraphs)} paragraphes, plus que les {SEQ_STRIDE - 1} "
                     "qu'un fichier peut compter")
        return out
    out.symbol = res.symbol
    out.edition = res.edition
    other = english_of(english, res) if res.language == "fra" else None
    paired = None
    if other is not None:
        res, alignment = align(res, other, opening_en)
        paired = (alignment.french, alignment.aligned)
    out.warnings = [(res.source, w.line, w.code, w.message) for w in res.warnings]
    if res.language != "fra":
        # Indexed as French it would be stemmed and faceted wrong: kept out, with its warning.
        out.skipped = True
        return out
    out.meta = resolution_record(res)
    out.meta["rank"] = rank
    # What the markup links to is read, not guessed, but a link can hold a slip (A/HRC/RES/27/213, a
    # decision number): a symbol that cannot exist for a text of that year is not a citation.
    year = res.adopted.year if res.adopted else None
    cited = {s for s in res.cites if "/RES/" in s and possible(s, year)}
    records = paragraph_records(res)
    for p, record in zip(res.paragraphs, records, strict=True):
        # Resolutions only: cited documents (A/68/283) are not linked.
        cited.update(r for r in record["resolutions"] if "RES/" in r)  # type: ignore[union-attr]
        # Document order: the file's rank, then the paragraph's place in it.
        out.documents.append({**document_fields(res, p, record), "seq": rank * SEQ_STRIDE + p.position})
        out.words.update(WORD_RE.findall(p.text.lower()))
    cited.discard(res.symbol)
    out.meta["cites"] = sorted(cited)
    numbered_lines = count_numbered_lines(data.decode("utf-8", "replace")) if res.format != "akn" else 0
    out.stats = file_stats(res, records, str(out.meta.get("organ")), numbered_lines, paired)
    return out


def write_segment(folder: str, run: list[tuple[int, Source]], say: Say | None = None,
                  english: EnglishVersions | None = None) -> tuple[Any, list[Prepared]]:
    """Prepare a run of files and write them as one new segment of the index in folder.

    Returns the segment (for the table of contents) and the files' summaries
    (their documents already written, so dropped). Each file read is said to
    ``say`` as ``("progress", path)``; once the run is read, the symbols of its
    French texts as ``("french", symbols)``, then the start of the segment's
    flush to disk (a minute of the default build) as ``("flush", documents)``.
    """
    from whoosh import index  # noqa: PLC0415

    ix = index.open_dir(folder)
    # No lock: the parent holds the index and writes the table of contents.
    # compound=False: Whoosh reads a compound segment file into each process's
    # memory on open (7 GB over two web workers at a million paragraphs).
    writer = segment_writer(ix, locked=False, limitmb=POOL_MB, compound=False)
    summaries: list[Prepared] = []
    try:
        # The text fields' postings are also written flat beside the segment (store/term_postings.py).
        with patched_writer(writer, scored_fields(writer.schema)):
            ranks = {src: rank for rank, src in run}
            add_document = document_adder(writer)
            for src, data in read_sources([src for _, src in run]):
                prepared = prepare(src, ranks[src], data, english=english)
                for document in prepared.documents:
                    add_document(**document)
                summaries.append(replace(prepared, documents=[]))
                if say is not None:
                    say("progress", str(src))
            if say is not None:
                say("french", [p.symbol for p in summaries if not p.error and not p.skipped])
                say("flush", writer.doc_count())
            segment = finish_segment(writer)
    except BaseException:
        writer.cancel()
        raise
    return segment, summaries


def write_segments(folder: str, files: list[Source], procs: int, progress: Progress | None,
                   english: EnglishVersions | None = None,
                   stage: Callable[[str], None] | None = None, first_rank: int = 0,
                   parallel_from: int = 32,
                   after_reading: Callable[[set[str]], None] | None = None) -> tuple[list[Any], list[Prepared]]:
    """Write the files as ``procs`` segments in parallel; return segments and summaries in file order.

    ``stage`` is told when each segment starts its flush to disk, and when it is written. An update
    (store/update.py) numbers its files after the index's (``first_rank``) and writes in parallel
    from fewer files (``parallel_from``). ``after_reading`` is called here once, with the symbols
    of the French texts read, as soon as every file is read: while the last segment is still
    flushed by its worker (half a minute of the default build on one core), this process can work.
    """
    runs = split_evenly(files, procs if len(files) >= parallel_from else 1, first_rank)
    if len(runs) > 1:
        # Loaded before forking: the facet vocabularies (1,500 compiled patterns, about 1.4 s) are built
        # once here and inherited, not once in each worker.
        import indexer.facets.extract  # noqa: F401, PLC0415

    def task(run: list[tuple[int, Source]], say: Say) -> tuple[Any, list[Prepared]]:
        # Forked: the English versions are inherited, not pickled.
        return write_segment(folder, run, say, english=english)

    said = _SegmentProgress(len(files), len(runs), progress, stage, after_reading)
    results = run_forked(task, runs, said)
    said.all_read()
    segments = [segment for segment, _ in results if segment is not None]
    return segments, [p for _, summaries in results for p in summaries]


class _SegmentProgress:
    """Say the French pass's progress: files read, then each segment's flush begun and ended.

    Also gathers the runs' French symbols and hands them to ``after_reading`` once all are read.
    """

    def __init__(self, files: int, segments: int, progress: Progress | None,
                 stage: Callable[[str], None] | None,
                 after_reading: Callable[[set[str]], None] | None = None) -> None:
        self.files, self.segments, self.progress, self.stage = files, segments, progress, stage
        self.read = self.flushing = self.written = 0
        self.after_reading = after_reading
        self.french: set[str] = set()
        self.runs_read = 0

    def all_read(self) -> None:
        """Call ``after_reading`` with the French symbols, once (a build of no French file included)."""
        if self.after_reading is not None:
            after, self.after_reading = self.after_reading, None
            after(self.french)

    def __call__(self, kind: str, payload: Any) -> None:
        if kind == "french":
            self.french.update(payload)
            self.runs_read += 1
            if self.runs_read == self.segments:
                self.all_read()
        elif kind == "progress":
            self.read += 1
            if self.progress:
                self.progress(self.read, self.files, payload)
        elif self.stage is None:
            return
        elif kind == "flush" and self.segments == 1:
            self.stage(f"Écriture du segment de l'index ({payload} paragraphes)…")
        elif kind == "flush":
            self.flushing += 1
            self.stage(f"Écriture des segments de l'index : {self.flushing}/{self.segments} commencée(s), "
                       f"{self.written} terminée(s)…")
        elif kind == "done":
            self.written = payload
            self.stage(f"Écriture des segments de l'index : {self.written}/{self.segments} terminée(s)")


def count_numbered_lines(text: str) -> int:
    """Count body lines of a text source that start with a paragraph number (the reference).

    Lines of an annex (statutes, agreements) are numbered too but are not
    operative paragraphs of the resolution: the count stops at "Annexe".
    """
    annex = ANNEX_RE.search(text)
    return len(NUMBERED_RE.findall(text[: annex.start()] if annex else text))


def build_index(sources: Iterable[str | Path], index_dir: str | Path, *,
                progress: Progress | None = None, strict: bool = False,
                procs: int | None = None, stage: Callable[[str], None] | None = None) -> BuildReport:
    """Parse sources and write a new index generation, then make it current.

    ``procs`` worker processes parse files and extract facets (default: up
    to two, the cores of our machines) while this process writes the index.
    ``stage`` is told, in French, of the steps that ``progress`` does not count.
    """
    if procs is None:
        procs = min(2, os.cpu_count() or 1)
    started = time.perf_counter()
    index_dir = Path(index_dir)
    sources = list(sources)
    files, passed = list_sources(sources)
    report = BuildReport(index_dir=str(index_dir), files=len(files), passed=passed)
    if not files:
        raise ResoluError("aucun fichier de résolution à indexer (.md, .txt, .xml, ou archives .tar.xz)")
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResoluError(f"{index_dir} : dossier de l'index impossible à créer ({exc.strerror or exc})") from None
    _remove_abandoned(index_dir)
    with new_generation(index_dir) as (tmp, generation):
        target = index_dir / generation
        _write(files, tmp, report, progress, procs, stage)
        if strict and report.errors:
            raise ResoluError(f"{len(report.errors)} fichier(s) en erreur, index précédent conservé:\n"
                              + "\n".join(report.errors))
        if not report.resolutions:
            raise ResoluError("aucune résolution lisible, index précédent conservé:\n" + "\n".join(report.errors))
        write_sources(tmp, [str(Path(s).resolve()) for s in sources], report.resolutions, report.paragraphs)
        (tmp / OWNER).unlink(missing_ok=True)
    report.generation = generation
    report.warnings_file = str(target / WARNINGS)
    report.seconds = time.perf_counter() - started
    report.peak_mb = _peak_mb()
    return report


OWNER = "owner.pid"


def _remove_abandoned(index_dir: Path) -> None:
    """Remove the temporary generations of builds whose process is gone (killed, power cut)."""
    for tmp in index_dir.glob(".gen-*.tmp"):
        try:
            pid = int((tmp / OWNER).read_text(encoding="utf-8"))
            os.kill(pid, 0)  # still building: leave it
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except (OSError, ValueError):
            # No readable owner: a build older than owner files, or one just starting; an hour settles it.
            if time.time() - tmp.stat().st_mtime > 3600:
                shutil.rmtree(tmp, ignore_errors=True)


def _peak_mb() -> float:
    """Return the peak resident memory of this process or of its largest worker, in MB (Linux: kB units)."""
    import resource  # noqa: PLC0415 - POSIX only; absent elsewhere

    usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return usage / 1024


def _write(files: list[Source], tmp: Path, report: BuildReport,
           progress: Progress | None, procs: int, stage: Callable[[str], None] | None = None) -> None:
    """Write a new generation in ``tmp``, phase by phase; fill the report."""
    from whoosh import index  # noqa: PLC0415 - whoosh stays inside index-facing modules

    tmp.mkdir(parents=True)
    (tmp / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    ix = index.create_in(str(tmp), make_schema())
    # 1. The files that are not indexed as French: English versions (paired with the French files as
    # they are prepared) and the UN's records of Security Council resolutions (merged into them).
    english, extracts, files = _read_apart(files, procs, report, stage)
    # 2. The French files: each worker process parses its share and writes its own segment; this
    # one lists the segments in the index's table of contents.
    # The segments' flush follows the last file read: said, so that no silent minute follows 100 %.
    announce_files = stage if stage is not None and len(files) >= PHASES_FROM_FILES else None
    only: list[EnglishOnly] = []

    def write_only(french: set[str]) -> None:
        # English versions without French text: indexed apart, in English only (store/english_only.py).
        if english.by_symbol and announce_files is not None:
            announce_files("Versions anglaises sans texte français, pendant l'écriture des segments…")
        only.append(write_english_only(ix, english, french, first_rank=len(files)))

    segments, summaries = write_segments(str(tmp), files, procs, progress, english, announce_files,
                                         after_reading=write_only)
    phase = _Phases(announce_files)
    phase("Assemblage des segments de l'index…")
    # Listed after the French segments: the English-only documents come last in document order.
    commit_segments(segment_writer(ix, limitmb=64),
                    segments + ([only[0].segment] if only[0].segment is not None else []))
    # 3. The report, the resolutions' records and warnings.tsv, from the files' summaries.
    warnings = WarningRows(report.warnings)
    for item in report.passed:
        warnings.not_read(str(item.path), item.reason)
    kept, duplicates = sort_prepared(summaries, warnings)
    report.skipped = sum(p.skipped for p in summaries)
    report.duplicates = len(duplicates)
    report.errors.extend(p.error for p in summaries if p.error)
    resolutions: dict[str, dict[str, Any]] = {}
    words: Counter[str] = Counter()
    for prepared in kept:
        report.add(prepared.stats)
        resolutions[prepared.symbol] = prepared.meta
        words.update(prepared.words)
    resolutions.update(only[0].records)
    report.english_only = len(only[0].records)
    for symbol, source, code, message in [*english.notes, *only[0].notes]:
        warnings.add(symbol, source, 0, code, message)
    merged = merge_all(resolutions, extracts)
    report.extract_records, report.extract_gained = extracts.records, merged.gained
    for row in [*extracts.notes, *merged.notes]:
        warnings.add(*row)
    delete_ranks(ix, [p.rank for p in duplicates])
    # 4. The tables derived from the finished segments and resolutions. The wording tables, the longest,
    # need only the live documents and the resolutions' dates: with a second core, a forked process
    # starts them now, while this one writes the records and the other tables.
    wording = start_forked(_write_wording_and_spans, tmp, ix, resolutions) if procs > 1 else None
    if wording is not None:
        phase("Libellés proches (signatures MinHash) et index des passages, dans un second processus…")
    try:
        warnings.errors(report.errors)
        warnings.write(tmp / WARNINGS)
        link_citations(resolutions)
        write_resolutions(tmp, resolutions)
        _write_vocabulary(tmp, words)
        _write_tables(tmp, ix, resolutions, wording, phase)
    except BaseException:
        if wording is not None:
            wording.stop()
        raise
    write_format(tmp)
    phase("Index écrit")


# Word counts of the live paragraphs, beside the vocabulary made from them.
WORDS = "words.json"
# Builds of at least this many files say each phase after the files are read.
PHASES_FROM_FILES = 100


class _Phases:
    """Say each phase after the files are read, with the seconds since (a minute of work that was silent)."""

    def __init__(self, stage: Callable[[str], None] | None) -> None:
        # A build of a few files ends before anyone wonders: its output starts with the summary.
        self.stage = stage
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.stage is not None:
            self.stage(f"{message} ({time.monotonic() - self.started:.0f} s après la lecture)")


def _read_apart(files: list[Source], procs: int, report: BuildReport,
                stage: Callable[[str], None] | None) -> tuple[EnglishVersions, Extracts, list[Source]]:
    """Read the English versions and the data_extract records among the files; return them and the French files."""
    # Only XML sources can be English versions: nothing to announce for Markdown or OCR text.
    announce = stage is not None and any(str(f).lower().endswith(".xml") for f in files)
    if announce:
        stage("Lecture des versions anglaises…")
    english = find_english(files, procs)
    if announce:
        stage(f"{len(english.by_symbol)} versions anglaises lues")
    report.english_files = len(english.sources)
    report.errors.extend(english.errors)
    files = [f for f in files if f not in english.sources]
    extracts = find_extracts(files)
    files = [f for f in files if f not in extracts.sources]
    report.files -= len(extracts.sources)
    report.errors.extend(extracts.errors)
    return english, extracts, files


def sort_prepared(summaries: list[Prepared], warnings: WarningRows) -> tuple[list[Prepared], list[Prepared]]:
    """Return the files to index and the reissued copies to take out again, in reading order; add their warnings.

    A file in error is left to the caller (its message); one in another
    language than French gives only the warning that says why it was set
    aside; of the files that share a symbol, :func:`_editions` picks one.
    """
    chosen = _editions(summaries)
    kept: list[Prepared] = []
    duplicates: list[Prepared] = []
    for prepared in summaries:
        if prepared.error:
            continue
        if prepared.skipped:
            # Only why it was set aside: the rest is about a text that is not indexed.
            for source, line, code, message in prepared.warnings:
                if code in SKIP_CODES:
                    warnings.add(prepared.symbol, source, line, code, f"{message} : fichier non indexé")
            continue
        if chosen[prepared.symbol] is not prepared:
            # A reissued symbol: one resolution, never two half-copies.
            warnings.add(prepared.symbol, prepared.path, 0, "duplicate-symbol",
                         f"cote déjà lue dans {chosen[prepared.symbol].path} (édition retenue), fichier ignoré")
            duplicates.append(prepared)
            continue
        kept.append(prepared)
        for source, line, code, message in prepared.warnings:
            warnings.add(prepared.symbol, source, line, code, message)
    return kept, duplicates


def delete_ranks(ix: Any, ranks: list[int]) -> None:
    """Delete the documents of files the workers indexed but the build does not keep, by their place in reading order.

    A second file with a symbol already read was indexed by its worker before the editions were compared.
    """
    if not ranks:
        return
    from whoosh.query import NumericRange  # noqa: PLC0415 - whoosh stays inside index-facing modules

    writer = ix.writer()
    for rank in ranks:
        writer.delete_by_query(NumericRange("seq", rank * SEQ_STRIDE, (rank + 1) * SEQ_STRIDE - 1))
    writer.commit(merge=False)


def _write_vocabulary(tmp: Path, words: Counter[str]) -> None:
    """Write the vocabulary (each index term's most frequent word) and the counts behind it.

    An update (store/update.py) adds and takes out its files' words and chooses again the forms of the
    terms they touch.
    """
    families = word_families(words)
    with open(tmp / VOCABULARY, "w", encoding="utf-8") as f:
        json.dump({key: best_form(family) for key, family in families.items()}, f, ensure_ascii=False)
    with open(tmp / WORDS, "w", encoding="utf-8") as f:
        json.dump(families, f, ensure_ascii=False)


def _write_tables(tmp: Path, ix: Any, resolutions: dict[str, dict[str, Any]], wording: Forked[Any] | None,
                  phase: Callable[[str], None]) -> None:
    """Write the series, search arrays, wording tables and span index of the generation.

    They only read the finished segments and resolutions. ``wording`` is the
    forked process already writing the wording tables (with a second core);
    without it, they are written here. The caller stops it if this fails.
    """
    phase("Séries de résolutions…")
    # English-only resolutions (no French text) have no place in a series of French texts.
    write_series(tmp, ix, {s: m for s, m in resolutions.items() if not is_english_only(m)})
    phase("Tableaux de recherche…")
    _write_search_arrays(tmp)
    if wording is None:
        phase("Libellés proches (signatures MinHash) et index des passages…")
        _write_wording_and_spans(tmp, ix, resolutions)
    else:
        phase("Libellés proches et index des passages : attente du second processus…")
        wording.wait()


def _write_wording_and_spans(tmp: Path, ix: Any, resolutions: dict[str, dict[str, Any]]) -> None:
    """Write the wording tables, then the span index made from them (in the second process, with a second core)."""
    # Near-identical wordings and their MinHash signatures, for the agreed-language finder (issue 14).
    write_wording(tmp, ix, resolutions)
    # Shingles of folded words → places in the wordings, for the whole-draft check (issue 26).
    write_all_spans(tmp)


def _write_search_arrays(tmp: Path) -> None:
    """Write the arrays every search worker maps (store/arrays.py), once the generation's index is final.

    Kept apart from the parsing and writing above: it only reads the finished
    generation (its index and resolutions.json).
    """
    write_arrays(tmp)


def _editions(summaries: list[Prepared]) -> dict[str, Prepared]:
    """Pick, for each symbol, the file kept among those that share it.

    A true reissue is the same text twice: the latest edition (markup date,
    distribution, docket) wins. Where a file carries another resolution's
    symbol by mistake (A_RES_78_130… prints 78/13 throughout), the content
    cannot tell which is right; the file whose name bears the symbol's
    number is preferred, then the latest edition, then the first.
    """
    kept: dict[str, Prepared] = {}
    for prepared in summaries:
        if prepared.error or prepared.skipped:
            continue
        best = kept.get(prepared.symbol)
        if best is None or _edition_key(prepared) > _edition_key(best):
            kept[prepared.symbol] = prepared
    return kept


def _edition_key(prepared: Prepared) -> tuple[bool, str]:
    number = re.search(r"((?:ES-|S-)?\d+)/(\d+)(?:\s*\(\d{4}\))?$", prepared.symbol.split(" ")[0])
    name = prepared.path.replace("\\", "/").rsplit("/", 1)[-1]
    named = bool(number and re.search(rf"(?<![\d]){re.escape(number.group(1))}[_ /-]{number.group(2)}(?!\d)", name))
    return named, prepared.edition


def word_families(words: Counter[str]) -> dict[str, dict[str, int]]:
    """Group word counts by the index term they stem to (kept beside the index for updates, words.json)."""
    from indexer.text.analysis import fold, stem  # noqa: PLC0415

    families: dict[str, dict[str, int]] = {}
    for word, count in words.items():
        families.setdefault(stem(fold(word)), {})[word] = count
    return families


def best_form(family: dict[str, int]) -> str:
    """Return the most frequent word of a family; equal counts: the word itself decides (the accented form)."""
    return max(family.items(), key=lambda wc: (wc[1], wc[0]))[0]


def surface_forms(words: Counter[str]) -> dict[str, str]:
    """Map each index term to the most frequent word written with it.

    Spelling suggestions are found among index terms (stems); users need a
    real word with its accents: "xenofobie" → xénophobie, not "xenophob".
    """
    return {key: best_form(family) for key, family in word_families(words).items()}
