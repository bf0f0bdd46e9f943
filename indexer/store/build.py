"""Build the paragraph index from source files, atomically.

Worker processes parse their share of the files and each write one segment;
this process lists the segments in a new generation and makes it current
(see :mod:`indexer.store.layout` for the generations on disk).
"""

from __future__ import annotations

import json
import os
import queue as queue_module
import re
import shutil
import signal
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.errors import ParseError, ResoluError
from indexer.facets.cited import possible
from indexer.french_text import is_english_only
from indexer.sources.bilingual import align
from indexer.sources.read import Passed, Source, list_sources, parse_bytes, read_sources
from indexer.store.arrays import write_arrays
from indexer.store.english import EnglishVersions, english_of, find_english, opening_en
from indexer.store.english_only import write_english_only
from indexer.store.extracts import find_extracts, merge_all
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
from indexer.store.schema import SEQ_STRIDE, make_schema
from indexer.store.series import write_series
from indexer.store.spans import write_all_spans
from indexer.store.whoosh_compat import (
    commit_segments,
    document_adder,
    finish_segment,
    patched_writer,
    segment_writer,
)
from indexer.store.wording import write_wording

# Memory for a segment's postings before they spill to sorted run files
# (Whoosh's estimate; the real use is about the same).
POOL_MB = 256
# Seconds between checks that the worker processes are still alive while
# waiting for their messages (a worker killed for memory sends nothing).
QUEUE_POLL = 1.0
WORD_RE = re.compile(r"[^\W\d_]{3,}")
# A source line that starts with an operative paragraph number ("1.", "*12.", "*7 .").
NUMBERED_RE = re.compile(r"^\*?\s*\d{1,3}\s*\.\s*\*?\s*\S", re.M)
ANNEX_RE = re.compile(r"^\*?(?:Annexe|ANNEXE)\b", re.M)

Progress = Callable[[int, int, str], None]
# Warnings that say why a file was kept out of the index.
SKIP_CODES = ("not-french", "language-mismatch")


@dataclass
class BuildReport:
    """What a build did: counts, warnings by type, files in error, time."""

    index_dir: str = ""
    generation: str = ""
    files: int = 0
    resolutions: int = 0
    paragraphs: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    warnings_file: str = ""
    # Corpus statistics: numbered source lines (the reference for operative
    # paragraphs found), paragraphs with a recognised verb, text by kind.
    numbered_lines: int = 0
    numbered_found: int = 0
    with_verb: int = 0
    chars: Counter[str] = field(default_factory=Counter)
    organs: Counter[str] = field(default_factory=Counter)
    # Files kept out (another language) and reissued copies of a symbol dropped.
    skipped: int = 0
    duplicates: int = 0
    # Paths under the sources that were not read at all, with the reason (French).
    passed: list[Passed] = field(default_factory=list)
    # AKN: operative paragraphs with an italic opening, and those whose verb facet says the same.
    italic: int = 0
    italic_match: int = 0
    footnotes_attached: int = 0
    linked: int = 0
    peak_mb: float = 0.0
    # English versions: files read as English, French resolutions paired with one, their
    # paragraphs, and those aligned with an English paragraph.
    english_files: int = 0
    english_resolutions: int = 0
    english_paragraphs: int = 0
    english_aligned: int = 0
    # English versions without a French text, indexed as English-only resolutions (not in ``resolutions``).
    english_only: int = 0
    # The UN's data_extract records read, and the resolutions that gained data from one.
    extract_records: int = 0
    extract_gained: int = 0

    @property
    def english_share(self) -> float:
        """Return the share of paired resolutions' French paragraphs that have an English paragraph."""
        return self.english_aligned / self.english_paragraphs if self.english_paragraphs else 0.0

    @property
    def italic_share(self) -> float:
        """Return the share of AKN operative paragraphs whose verb facet equals the markup's italic opening."""
        return self.italic_match / self.italic if self.italic else 1.0

    @property
    def operative_share(self) -> float:
        """Return numbered operative paragraphs found per numbered source line."""
        return self.numbered_found / self.numbered_lines if self.numbered_lines else 1.0

    @property
    def verb_share(self) -> float:
        """Return the share of preambular and operative paragraphs whose opening verb is in the vocabulary.

        Sub-paragraph items mostly open on an infinitive or a noun ("a) Aider
        le Gouvernement…"): their verb is their chapeau's, so they are not counted.
        """
        structured = self.kinds["preambular"] + self.kinds["operative"]
        return self.with_verb / structured if structured else 0.0

    @property
    def other_share(self) -> float:
        """Return the share of the text kept as unclassified ("other"), annexes apart."""
        total = sum(self.chars.values())
        return self.chars["other"] / total if total else 0.0










@dataclass
class Prepared:
    """One source file made ready for the index: everything but the Whoosh writing."""

    path: str
    rank: int = 0
    symbol: str = ""
    error: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[str, int, str, str]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    numbered_lines: int = 0
    words: Counter[str] = field(default_factory=Counter)
    # Not indexed: a file in another language than French (an English file in a French folder).
    skipped: bool = False
    edition: str = ""
    # With an English version: (French paragraphs, paragraphs aligned with an English one).
    english: tuple[int, int] | None = None


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
    if other is not None:
        res, alignment = align(res, other, opening_en)
        out.english = (alignment.french, alignment.aligned)
    out.warnings = [(res.source, w.line, w.code, w.message) for w in res.warnings]
    if res.language != "fra":
        # Indexed as French it would be stemmed and faceted wrong: kept out, with its warning.
        out.skipped = True
        return out
    out.meta = resolution_record(res)
    out.meta["rank"] = rank
    if res.format != "akn":
        out.numbered_lines = count_numbered_lines(data.decode("utf-8", "replace"))
    # What the markup links to is read, not guessed, but a link can hold a slip (A/HRC/RES/27/213, a
    # decision number): a symbol that cannot exist for a text of that year is not a citation.
    year = res.adopted.year if res.adopted else None
    cited = {s for s in res.cites if "/RES/" in s and possible(s, year)}
    for p, record in zip(res.paragraphs, paragraph_records(res), strict=True):
        # Resolutions only: cited documents (A/68/283) are not linked.
        cited.update(r for r in record["resolutions"] if "RES/" in r)  # type: ignore[union-attr]
        out.documents.append(document_fields(res, p, record))
        out.words.update(WORD_RE.findall(p.text.lower()))
    cited.discard(res.symbol)
    out.meta["cites"] = sorted(cited)
    return out



def split_evenly(files: list[Source], parts: int, first_rank: int = 0) -> list[list[tuple[int, Source]]]:
    """Cut the ranked files (ranks from ``first_rank``) into contiguous runs of about equal size."""
    sizes = [max(1, f.size) for f in files]
    target = sum(sizes) / parts
    runs: list[list[tuple[int, Source]]] = [[]]
    filled = 0.0
    for rank, (path, size) in enumerate(zip(files, sizes, strict=True), start=first_rank):
        if filled >= target * len(runs) and len(runs) < parts:
            runs.append([])
        runs[-1].append((rank, path))
        filled += size
    return [run for run in runs if run]


def write_segment(folder: str, run: list[tuple[int, Source]], queue: Any = None,
                  progress: Progress | None = None,
                  english: EnglishVersions | None = None,
                  stage: Callable[[str], None] | None = None) -> tuple[Any, list[Prepared]]:
    """Prepare a run of files and write them as one new segment of the index in folder.

    Returns the segment (for the table of contents) and the files' summaries
    (their documents already written, so dropped). In a worker process the
    result goes through ``queue``; progress is reported there as well, and
    the start of the segment's flush to disk (a minute of the default build,
    after its last file is read) is said through ``stage`` or the queue.
    """
    from whoosh import index  # noqa: PLC0415

    ix = index.open_dir(folder)
    # No lock: the parent holds the index and writes the table of contents.
    # compound=False: Whoosh reads a compound segment file into each process's
    # memory on open (7 GB over two web workers at a million paragraphs).
    writer = segment_writer(ix, locked=False, limitmb=POOL_MB, compound=False)
    summaries: list[Prepared] = []
    try:
        with patched_writer(writer):
            ranks = {src: rank for rank, src in run}
            add_document = document_adder(writer)
            for src, data in read_sources([src for _, src in run]):
                rank = ranks[src]
                prepared = prepare(src, rank, data, english=english)
                for document in prepared.documents:
                    add_document(**_indexable(document, rank))
                summaries.append(_summary(prepared))
                if queue is not None:
                    queue.put(("progress", str(src)))
                elif progress:
                    progress(len(summaries), len(run), str(src))
            if queue is not None:
                queue.put(("flush", len(summaries)))
            elif stage is not None:
                stage(f"Écriture du segment de l'index ({writer.doc_count()} paragraphes)…")
            segment = finish_segment(writer)
    except BaseException:
        writer.cancel()
        raise
    if queue is not None:
        queue.put(("done", (segment, summaries)))
    return segment, summaries


def _summary(prepared: Prepared) -> Prepared:
    """Keep what the report needs of a prepared file: statistics, not documents."""
    keys = ("_numbered", "_has_verb", "_italic", "_italic_match", "_notes", "_links")
    stats = [{"kind": d["kind"], "anchor": d["anchor"], "len": len(d["text"]), **{k: d[k] for k in keys}}
             for d in prepared.documents]
    prepared.documents = stats
    return prepared


def _indexable(document: dict[str, Any], rank: int) -> dict[str, Any]:
    """Return the fields Whoosh stores for a prepared document."""
    fields = {k: v for k, v in document.items() if not k.startswith("_")}
    fields["seq"] = rank * SEQ_STRIDE + document["_position"]
    return fields


def _die_with_parent() -> None:
    """Have the kernel kill this worker if the building process dies (kill -9 leaves no one to stop it)."""
    try:
        import ctypes  # noqa: PLC0415 - Linux only; elsewhere workers end when their queue breaks

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker(folder: str, run: list[tuple[int, Source]], queue: Any, parent: int,
            english: EnglishVersions | None) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    try:
        write_segment(folder, run, queue, english=english)
    except BaseException:  # reported to the parent, which fails the build
        # The whole traceback: the parent cannot see this process's stack.
        queue.put(("error", traceback.format_exc()))


def write_segments(folder: str, files: list[Source], procs: int, progress: Progress | None,
                   english: EnglishVersions | None = None,
                   stage: Callable[[str], None] | None = None, first_rank: int = 0,
                   parallel_from: int = 32) -> tuple[list[Any], list[Prepared]]:
    """Write the files as ``procs`` segments in parallel; return segments and summaries in file order.

    ``stage`` is told when each segment starts its flush to disk, and when it is written. An update
    (store/update.py) numbers its files after the index's (``first_rank``) and writes in parallel
    from fewer files (``parallel_from``).
    """
    runs = split_evenly(files, procs if len(files) >= parallel_from else 1, first_rank)
    done = 0
    if len(runs) == 1:
        segment, summaries = write_segment(folder, runs[0], progress=progress, english=english, stage=stage)
        return [s for s in [segment] if s is not None], summaries
    import multiprocessing  # noqa: PLC0415

    # Loaded before forking: the facet vocabularies (1,500 compiled patterns, about 1.4 s) are built
    # once here and inherited, not once in each worker.
    import indexer.facets.extract  # noqa: F401, PLC0415

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    # Forked: the English versions are inherited, not pickled.
    workers = [context.Process(target=_worker, args=(folder, run, queue, os.getpid(), english)) for run in runs]
    for w in workers:
        w.start()
    results: list[tuple[Any, list[Prepared]]] = []
    flushing = 0
    try:
        while len(results) < len(workers):
            try:
                kind, payload = queue.get(timeout=QUEUE_POLL)
            except queue_module.Empty:
                _check_workers(workers, len(results), queue)
                continue
            if kind == "progress":
                done += 1
                if progress:
                    progress(done, len(files), payload)
            elif kind == "flush":
                flushing += 1
                if stage is not None:
                    stage(f"Écriture des segments de l'index : {flushing}/{len(workers)} commencée(s), "
                          f"{len(results)} terminée(s)…")
            elif kind == "done":
                results.append(payload)
                if stage is not None:
                    stage(f"Écriture des segments de l'index : {len(results)}/{len(workers)} terminée(s)")
            else:
                raise ResoluError(f"échec d'un processus d'indexation :\n{payload}")
    finally:
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()
    segments = [segment for segment, _ in results if segment is not None]
    summaries = sorted((p for _, run in results for p in run), key=lambda p: p.rank)
    return segments, summaries


def _check_workers(workers: list[Any], finished: int, queue: Any) -> None:
    """Fail the build if a worker died without sending its result (killed, e.g. for memory)."""
    dead = [w for w in workers if w.exitcode is not None]
    if len(dead) <= finished:
        return
    # A worker that exited normally may have put its result just before: let it arrive.
    time.sleep(QUEUE_POLL)
    if not queue.empty():
        return
    # The failed ones, if they say so (a worker that finished exits with 0).
    codes = ", ".join(str(c) for c in [w.exitcode for w in dead if w.exitcode] or [w.exitcode for w in dead])
    raise ResoluError(
        f"un processus d'indexation s'est arrêté sans rendre son travail (codes de sortie : {codes}) ; "
        "mémoire insuffisante ? Relancez avec moins de processus (--procs 1). Index précédent conservé."
    )


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








def _write(files: list[Path], tmp: Path, report: BuildReport,
           progress: Progress | None, procs: int, stage: Callable[[str], None] | None = None) -> None:
    from whoosh import index  # noqa: PLC0415 - whoosh stays inside index-facing modules
    from whoosh.query import NumericRange  # noqa: PLC0415

    tmp.mkdir(parents=True)
    (tmp / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    ix = index.create_in(str(tmp), make_schema())
    # Each process parses its share of the files and writes its own segment;
    # this one then lists the segments in the index's table of contents.
    # English versions first: the French files are paired with them as they are indexed.
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
    # The UN's records of Security Council resolutions: merged into their resolutions below, not indexed.
    extracts = find_extracts(files)
    files = [f for f in files if f not in extracts.sources]
    report.files -= len(extracts.sources)
    report.errors.extend(extracts.errors)
    # The segments' flush follows the last file read: said, so that no silent minute follows 100 %.
    announce_files = stage if stage is not None and len(files) >= PHASES_FROM_FILES else None
    segments, summaries = write_segments(str(tmp), files, procs, progress, english, announce_files)
    # After the files' progress reaches 100 %, a minute of work remained silent: each phase says itself.
    started = time.monotonic()

    def phase(message: str) -> None:
        # A build of a few files ends before anyone wonders: its output starts with the summary.
        if stage is not None and len(files) >= PHASES_FROM_FILES:
            stage(f"{message} ({time.monotonic() - started:.0f} s après la lecture)")

    phase("Assemblage des segments de l'index…")
    commit_segments(segment_writer(ix, limitmb=64), segments)

    resolutions: dict[str, dict[str, object]] = {}
    kept = _editions(summaries)
    duplicates: list[int] = []
    words: Counter[str] = Counter()
    with open(tmp / WARNINGS, "w", encoding="utf-8") as warn_file:
        warn_file.write("symbole\tfichier\tligne\ttype\tmessage\n")
        for item in report.passed:
            warn_file.write(f"\t{item.path}\t0\tnot-read\t{item.reason}\n")
        for prepared in summaries:
            if prepared.error:
                report.errors.append(prepared.error)
                continue
            if prepared.skipped:
                report.skipped += 1
                # Only why it was set aside: the rest is about a text that is not indexed.
                for source, line, code, message in prepared.warnings:
                    if code in SKIP_CODES:
                        report.warnings[code] += 1
                        warn_file.write(f"{prepared.symbol}\t{source}\t{line}\t{code}\t{message} : "
                                        "fichier non indexé\n")
                continue
            if kept[prepared.symbol] is not prepared:
                # A reissued symbol: one resolution, never two half-copies.
                report.duplicates += 1
                report.warnings["duplicate-symbol"] += 1
                warn_file.write(f"{prepared.symbol}\t{prepared.path}\t0\tduplicate-symbol\tcote déjà lue dans "
                                f"{kept[prepared.symbol].path} (édition retenue), fichier ignoré\n")
                duplicates.append(prepared.rank)
                continue
            report.resolutions += 1
            report.organs[str(prepared.meta.get("organ"))] += 1
            report.numbered_lines += prepared.numbered_lines
            resolutions[prepared.symbol] = prepared.meta
            if prepared.english is not None:
                report.english_resolutions += 1
                report.english_paragraphs += prepared.english[0]
                report.english_aligned += prepared.english[1]
            for source, line, code, message in prepared.warnings:
                report.warnings[code] += 1
                warn_file.write(f"{prepared.symbol}\t{source}\t{line}\t{code}\t{message}\n")
            for stats in prepared.documents:
                kind = stats["kind"]
                report.paragraphs += 1
                report.kinds[kind] += 1
                report.numbered_found += stats["_numbered"]
                # Annex text is read as annex text, not left unclassified: counted apart.
                annex = kind == "other" and re.match(r"(?:[A-Z]-)?annex\d*-", str(stats.get("anchor") or ""))
                report.chars["annex" if annex else kind] += stats["len"]
                report.with_verb += stats["_has_verb"] and kind in ("preambular", "operative")
                report.italic += stats["_italic"]
                report.italic_match += stats["_italic_match"]
                report.footnotes_attached += stats["_notes"]
                report.linked += stats["_links"]
            words.update(prepared.words)
        # English versions without French text: indexed apart, in English only (store/english_only.py).
        only = write_english_only(ix, english, resolutions, first_rank=len(files))
        report.english_only = len(only)
        for symbol, source, code, message in [*english.notes, *only]:
            report.warnings[code] += 1
            warn_file.write(f"{symbol}\t{source}\t0\t{code}\t{message}\n")
        merged = merge_all(resolutions, extracts)
        report.extract_records, report.extract_gained = extracts.records, merged.gained
        for symbol, source, line, code, message in [*extracts.notes, *merged.notes]:
            report.warnings[code] += 1
            warn_file.write(f"{symbol}\t{source}\t{line}\t{code}\t{message}\n")
        for error in report.errors:
            warn_file.write(f"\t\t0\terreur\t{error}\n")
    if duplicates:
        # A second file with a symbol already read was indexed by its worker:
        # delete its paragraphs (by their place in reading order).
        writer = ix.writer()
        for rank in duplicates:
            writer.delete_by_query(NumericRange("seq", rank * SEQ_STRIDE, (rank + 1) * SEQ_STRIDE - 1))
        writer.commit(merge=False)
    link_citations(resolutions)
    write_resolutions(tmp, resolutions)
    # The counts behind the vocabulary, by index term: an update (store/update.py) adds and takes out its
    # files' words and chooses again the forms of the terms they touch.
    families = word_families(words)
    with open(tmp / VOCABULARY, "w", encoding="utf-8") as f:
        json.dump({key: best_form(family) for key, family in families.items()}, f, ensure_ascii=False)
    with open(tmp / WORDS, "w", encoding="utf-8") as f:
        json.dump(families, f, ensure_ascii=False)
    # The derived tables only read the finished segments and resolutions: with a second core, the
    # wording tables (the longest) are written by a forked process while this one writes the others.
    wording = _start(write_wording, tmp, ix, resolutions) if procs > 1 else None
    if wording is not None:
        phase("Libellés proches (signatures MinHash), dans un second processus…")
    try:
        phase("Séries de résolutions…")
        # English-only resolutions (no French text) have no place in a series of French texts.
        write_series(tmp, ix, {s: m for s, m in resolutions.items() if not is_english_only(m)})
        phase("Tableaux de recherche…")
        _write_search_arrays(tmp)
    except BaseException:
        if wording is not None:
            wording[0].terminate()
        raise
    # Near-identical wordings and their MinHash signatures, for the agreed-language finder (issue 14).
    if wording is None:
        phase("Libellés proches (signatures MinHash)…")
        write_wording(tmp, ix, resolutions)
    else:
        phase("Libellés proches : attente du second processus…")
        _finish(wording)
    # Shingles of folded words → places in the wordings, for the whole-draft check (issue 26).
    phase("Index des passages (vérification de projets)…")
    write_all_spans(tmp)
    write_format(tmp)
    phase("Index écrit")


# Word counts of the live paragraphs, beside the vocabulary made from them.
WORDS = "words.json"
# Builds of at least this many files say each phase after the files are read.
PHASES_FROM_FILES = 100


def _start(function: Callable[..., Any], *args: Any) -> Any:
    """Run a function in a forked process; return the running task.

    The process inherits the function and its arguments (the index, the
    resolutions) when it is forked: nothing is pickled but the outcome.
    """
    import multiprocessing  # noqa: PLC0415

    global _INHERITED
    _INHERITED = (function, args)
    try:
        pool = multiprocessing.get_context("fork").Pool(1, initializer=_die_with_parent)
    finally:
        _INHERITED = None
    return pool, pool.apply_async(_run_inherited)


# The task of the process :func:`_start` forks, set only while it forks.
_INHERITED: tuple[Callable[..., Any], tuple[Any, ...]] | None = None


def _run_inherited() -> None:
    """Call the inherited task for its files only (what it returns stays in the worker)."""
    assert _INHERITED is not None
    function, args = _INHERITED
    function(*args)


def _finish(task: Any) -> None:
    """Wait for a task of :func:`_start`; its error, if any, is raised here."""
    pool, result = task
    try:
        result.get()
    finally:
        pool.terminate()
        pool.join()


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












