"""Update an index without rebuilding it: add resolution files, remove symbols, in a new generation.

The Assembly adopts dozens of resolutions in a day (issue 27). An update
writes a new generation beside the live one, as a build does, and makes it
current atomically: the live generation's segments are hard-linked into it
(segment files never change once written), the added files become new
segments (written by worker processes, as in a build), and the documents of
removed or replaced symbols are deleted (Whoosh deletions, kept in the table
of contents). The files beside the index are then written from the live
generation's, changed only where the update reaches: cited-by links and
resolution records, the vocabulary's touched terms, the series pairs of
changed texts, the search arrays extended (:func:`indexer.store.arrays.extend_arrays`),
the wording clusters a change reaches (:func:`indexer.wording.tables.update_tables`),
the span index's shingles moved and merged (:func:`indexer.wording.spans.update_span_index`).
Everything that depends on the whole collection ends up as a full rebuild of
the same sources gives it (tests/test_update.py): the search and the arrays
count deleted documents out of totals, frequencies and facet values.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.errors import ResoluError
from indexer.sources.read import Passed, Source, list_sources
from indexer.store.arrays import (
    ArraysFormatError,
    GenerationArrays,
    extend_arrays,
    read_arrays,
    save_arrays,
    write_arrays,
)
from indexer.store.build import (
    OWNER,
    WORD_RE,
    WORDS,
    Prepared,
    _remove_abandoned,
    best_form,
    delete_ranks,
    sort_prepared,
    word_families,
    write_segment,
    write_segments,
)
from indexer.store.english_versions import EnglishVersions, find_english, unpaired
from indexer.store.extracts import Extracts, find_extracts, merge_all
from indexer.store.layout import (
    RESOLUTIONS,
    SOURCES,
    VOCABULARY,
    WARNINGS,
    check_format,
    current_generation,
    new_generation,
    write_format,
)
from indexer.store.record_types import ResolutionRecord
from indexer.store.records import link_citations, read_back, read_resolutions, write_resolutions
from indexer.store.schema import SEQ_STRIDE
from indexer.store.series import write_series
from indexer.store.spans import update_all_spans, write_all_spans
from indexer.store.term_postings import FOLDER as POSTINGS
from indexer.store.warnings_tsv import HEADER, WarningRows
from indexer.store.whoosh_compat import commit_segments, segment_writer, writer_segments
from indexer.store.wording import update_wording, write_wording
from indexer.store.workers import start_forked

Progress = Callable[[int, int, str], None]
# Added files from which two worker processes parse and write them (a build: 32).
PARALLEL_FROM = 8
# Held during an update (fcntl lock), beside CURRENT.
LOCK = ".update.lock"
# The files of a generation that are Whoosh's (segments and table of contents): linked, never copied.
_WHOOSH_FILE = re.compile(r"^_?MAIN_(?!WRITELOCK)")


class SymbolError(ResoluError):
    """Report a symbol to remove that names no resolution of the index, or several (bad input)."""

    exit_code = 2


@dataclass
class UpdateReport:
    """What an update did: symbols added, replaced and removed, the index's new totals, time."""

    index_dir: str = ""
    generation: str = ""
    files: int = 0
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Indexed resolutions given their English version (the French text prepared again, at its place).
    paired: list[str] = field(default_factory=list)
    resolutions: int = 0
    paragraphs: int = 0
    warnings: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    passed: list[Passed] = field(default_factory=list)
    english_files: int = 0
    seconds: float = 0.0
    # Seconds per step (read and write the added files, each table written again), for the record.
    steps: dict[str, float] = field(default_factory=dict)
    # Tables computed again in full, the live generation's being unusable (written by an older resolu).
    recomputed: list[str] = field(default_factory=list)


def resolve_symbols(typed: Iterable[str], resolutions: Mapping[str, ResolutionRecord]) -> list[str]:
    """Return the index's symbols that the symbols typed name, one each; raise a French error otherwise.

    "a/res/80/1", "S/RES/2719 (2023)", "S/RES/2719" or "2719 (2023)" name
    one resolution; a symbol absent from the index, or one that names several,
    stops the update before anything is written.
    """
    from indexer.search.symbols import SymbolTable  # noqa: PLC0415 - the lookup rules people type by

    table = SymbolTable(resolutions)
    out: list[str] = []
    for text in typed:
        found = table.lookup(text)
        if not found:
            raise SymbolError(f"« {text} » : aucune résolution de cette cote dans l'index ; rien n'a été modifié")
        if len(found) > 1:
            raise SymbolError(f"« {text} » désigne plusieurs résolutions ({', '.join(found)}) : précisez la cote ; "
                              "rien n'a été modifié")
        if found[0] not in out:
            out.append(found[0])
    return out


def update_index(index_dir: str | Path, add: Iterable[str | Path] = (), remove: Iterable[str] = (), *,
                 procs: int | None = None, progress: Progress | None = None,
                 stage: Callable[[str], None] | None = None, strict: bool = False) -> UpdateReport:
    """Add resolution files to an index and remove symbols from it, in a new generation made current atomically.

    A file whose symbol is in the index already replaces it (a corrected
    version); an English file is paired with the French text of its symbol,
    added with it or already indexed. Nothing changes when a symbol to remove
    is unknown, when no added file can be read, or (``strict``) when one cannot.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    add, remove = list(add), list(remove)
    if not add and not remove:
        raise ResoluError("rien à faire : donnez des fichiers à ajouter (--add) ou des cotes à retirer (--remove)")
    live = index_dir / str(current_generation(index_dir))
    check_format(live)
    resolutions = read_resolutions(live)
    report = UpdateReport(index_dir=str(index_dir))
    report.removed = resolve_symbols(remove, resolutions)
    files: list[Source] = []
    if add:
        files, report.passed = list_sources(add)
        if not files:
            raise ResoluError("aucun fichier de résolution à ajouter (.md, .txt, .xml, ou archives .tar.xz) ; "
                              "rien n'a été modifié")
    report.files = len(files)
    with _update_lock(index_dir):
        return _update(index_dir, live, files, resolutions, report, procs, progress, stage, strict, add, started)


@contextmanager
def _update_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index folder's update lock: two updates at once would each lose the other's changes."""
    import fcntl  # noqa: PLC0415 - POSIX only, as the build's worker processes are

    with open(index_dir / LOCK, "a", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ResoluError(f"une autre mise à jour de {index_dir} est en cours : réessayez quand elle sera "
                              "finie ; rien n'a été modifié") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _update(index_dir: Path, live: Path, files: list[Source], resolutions: dict[str, ResolutionRecord],
            report: UpdateReport, procs: int | None, progress: Progress | None,
            stage: Callable[[str], None] | None, strict: bool, add: list[str | Path], started: float) -> UpdateReport:
    """Write the updated generation beside the live one and make it current (under the update lock)."""
    if live.name != current_generation(index_dir):
        raise ResoluError(f"{index_dir} a changé pendant la lecture (construction en cours ?) : "
                          "réessayez ; rien n'a été modifié")
    _remove_abandoned(index_dir)
    with new_generation(index_dir) as (tmp, generation):
        _write(live, tmp, files, resolutions, report, procs or min(2, os.cpu_count() or 1), progress, stage, add)
        if strict and report.errors:
            raise ResoluError(f"{len(report.errors)} fichier(s) en erreur, index précédent conservé :\n"
                              + "\n".join(report.errors))
    report.generation = generation
    report.seconds = time.perf_counter() - started
    return report


def _write(live: Path, tmp: Path, files: list[Source], resolutions: dict[str, ResolutionRecord],
           report: UpdateReport, procs: int, progress: Progress | None,
           stage: Callable[[str], None] | None, given: list[str | Path]) -> None:
    """Write the new generation in ``tmp``: the live one's segments linked, the files' segments, every table."""
    from whoosh import index  # noqa: PLC0415 - whoosh stays inside index-facing modules

    clock = time.perf_counter()

    def step(name: str, message: str | None = None, keep: bool = True) -> None:
        nonlocal clock
        now = time.perf_counter()
        if keep:
            report.steps[name] = round(now - clock, 2)
        clock = now
        if stage is not None and message:
            stage(message)

    _link_segments(live, tmp)
    english = find_english(files, procs) if files else EnglishVersions()
    ix = index.open_dir(str(tmp))
    report.english_files = len(english.sources)
    report.errors.extend(english.errors)
    # The UN's data_extract records among the added files: merged into their resolutions, not indexed.
    extracts = find_extracts(files)
    report.errors.extend(extracts.errors)
    french = [f for f in files if f not in english.sources and f not in extracts.sources]
    next_rank = _next_rank(live, ix)
    # English versions of resolutions already indexed (their French file not added): prepared
    # again from their recorded source, at their own rank.
    added_symbols_en = set(english.by_symbol)
    repaired = _french_sources(english, resolutions, live, set(map(str, french))) if english.by_symbol else {}
    # Parsed and written as segments by worker processes, as a build does (store/build.py).
    segments, prepared = write_segments(str(tmp), french, procs, progress, english, first_rank=next_rank,
                                        parallel_from=PARALLEL_FROM) if french else ([], [])
    if repaired:
        segment, again = write_segment(str(tmp), [(rank, src) for src, rank in repaired.items()], english=english)
        segments += [segment] if segment is not None else []
        prepared += again
    step("prepare")
    # The same rows and counts as a build's for the files read (store/build.py).
    warnings = WarningRows(report.warnings)
    for item in report.passed:
        warnings.not_read(str(item.path), item.reason)
    kept, duplicates = sort_prepared(prepared, warnings)
    report.errors.extend(p.error for p in prepared if p.error)
    new: dict[str, Prepared] = {p.symbol: p for p in kept}
    if files and not new and not report.removed and not extracts.by_symbol:
        raise ResoluError("aucune résolution lisible parmi les fichiers ajoutés ; index précédent conservé :\n"
                          + "\n".join(report.errors))
    _classify(report, new, resolutions, set(repaired.values()))
    gone = set(report.removed) | set(new)
    dead, removed_words, first_new = _commit(ix, [s for s in gone if s in resolutions], segments)
    # A second added file of one symbol was written by its worker: its paragraphs go, by reading order.
    delete_ranks(ix, [p.rank for p in duplicates])
    step("segment", "Segments écrits ; tables de l'index…")
    resolutions = _updated_records(resolutions, gone, new, extracts, warnings)
    report.resolutions = len(resolutions)
    # The records and the series (texts changed: the added and replaced resolutions, and those given an
    # English version) only read the resolutions and the finished segments: with a second core a forked
    # process writes them while this one writes the other tables, as a build forks its wording tables.
    beside_args = (tmp, ix, resolutions, live, set(new))
    beside = start_forked(_write_records_and_series, *beside_args, returned=True) if procs > 1 else None
    try:
        done = _write_records_and_series(*beside_args) if beside is None else None
        step("beside", keep=False)  # in this process (procs 1): its own steps say it
        _write_vocabulary(live, tmp, ix, removed_words, new.values())
        _write_warnings(live, tmp, gone, warnings, english, set(resolutions), added_symbols_en, report.errors)
        step("records", "Notices et séries en cours ; tableaux de recherche…")
        _write_tables(live, tmp, ix, resolutions, dead, first_new, report, step, procs)
        if beside is not None:
            done = beside.wait()
    except BaseException:
        if beside is not None:
            beside.stop()
        raise
    step("wait")
    report.steps.update(done["steps"])
    if not done["incremental"]:
        report.recomputed.append("series")
    with ix.searcher() as searcher:
        report.paragraphs = searcher.doc_count()
    ix.close()
    _write_sources(live, tmp, given, report)
    write_format(tmp)
    (tmp / OWNER).unlink(missing_ok=True)


def _link_segments(live: Path, tmp: Path) -> None:
    """Start the new generation with hard links to the live one's Whoosh files (never copied, never changed).

    The segments' flat postings (postings/, store/term_postings.py) are linked with them: the update's
    new segments add their own.
    """
    tmp.mkdir(parents=True)
    (tmp / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    _link_whoosh_files(live, tmp)
    if (live / POSTINGS).is_dir():
        (tmp / POSTINGS).mkdir()
        _link_whoosh_files(live / POSTINGS, tmp / POSTINGS)


def _link_whoosh_files(source: Path, target: Path) -> None:
    """Hard-link the files of a folder named as a segment's or the table of contents into another folder."""
    for child in source.iterdir():
        if child.is_file() and _WHOOSH_FILE.match(child.name):
            os.link(child, target / child.name)


def _classify(report: UpdateReport, new: Mapping[str, Prepared], resolutions: Mapping[str, ResolutionRecord],
              repaired_ranks: set[int]) -> None:
    """Sort the update's symbols into removed, replaced, added and paired (given an English version)."""
    report.removed = [s for s in report.removed if s not in new]
    report.replaced = [s for s in new if s in resolutions and new[s].rank not in repaired_ranks]
    report.added = [s for s in new if s not in resolutions]
    report.paired = [s for s in new if s in resolutions and new[s].rank in repaired_ranks]


def _updated_records(resolutions: dict[str, ResolutionRecord], gone: set[str], new: Mapping[str, Prepared],
                     extracts: Extracts, warnings: WarningRows) -> dict[str, ResolutionRecord]:
    """Return every resolution's record after the update, in reading order, with its cited-by links again."""
    for symbol in gone:
        resolutions.pop(symbol, None)
    for symbol, p in new.items():
        resolutions[symbol] = p.meta
    merged = merge_all(resolutions, extracts)
    for row in [*extracts.notes, *merged.notes]:
        warnings.add(*row, counted=False)
    # The records the update wrote or merged into, as the JSON reads them back: with the previous
    # generation's (read so), they are pickled as they are, not read back from the whole JSON.
    changed = [s for s in resolutions if s in new or s in extracts.by_symbol]
    resolutions.update(zip(changed, read_back([resolutions[s] for s in changed]), strict=True))
    # Reading order, as a rebuild lists them; cited-by links again from every resolution's citations.
    resolutions = dict(sorted(resolutions.items(), key=lambda item: int(item[1]["rank"])))
    for meta in resolutions.values():
        meta["cited_by"] = []
    link_citations(resolutions)
    return resolutions


def _write_records_and_series(tmp: Path, ix: Any, resolutions: dict[str, ResolutionRecord], live: Path,
                              changed: set[str]) -> dict[str, Any]:
    """Write the resolution records and series.json of the new generation (in a forked process, or in this one).

    Returns the seconds of each ("resolutions", "series") and whether the
    series were updated from the live generation's ("incremental").
    """
    started = time.perf_counter()
    write_resolutions(tmp, resolutions, as_read=True)
    written = time.perf_counter()
    incremental = bool(write_series(tmp, ix, resolutions, live, changed=changed)["incremental"])
    return {"incremental": incremental, "steps": {"resolutions": round(written - started, 2),
                                                  "series": round(time.perf_counter() - written, 2)}}


def _write_tables(live: Path, tmp: Path, ix: Any, resolutions: dict[str, ResolutionRecord], dead: list[int],
                  first_new: int, report: UpdateReport, step: Callable[..., None], procs: int) -> None:
    """Write the search arrays, then each language's wording tables and span index, from the live generation's.

    With a second process the English tables are written by a forked
    process while this one writes the French ones (they share nothing).
    """
    arrays = _write_arrays(live, tmp, ix, resolutions, dead, report)
    step("arrays", "Tableaux de recherche écrits ; libellés proches et index des passages…")
    args = (live, tmp, ix, resolutions, arrays.live, arrays.seq, first_new)
    english = start_forked(_language_tables, *args, "en", returned=True) if procs > 1 else None
    try:
        done = [_language_tables(*args, "fr")]
        step("french")
        done.append(english.wait() if english is not None else _language_tables(*args, "en"))
    except BaseException:
        if english is not None:
            english.stop()
        raise
    step("english")
    for outcome in done:
        report.steps.update(outcome["steps"])
        report.recomputed.extend(n for n in outcome["recomputed"] if n not in report.recomputed)


def _language_tables(live: Path, tmp: Path, ix: Any, resolutions: dict[str, ResolutionRecord], alive: Any,
                     seq: Any, first_new: int, lang: str) -> dict[str, Any]:
    """Write one language's wording tables and span index (in a forked process, or in this one).

    Returns the seconds of each ("wording.fr", "spans.fr"…) and the tables
    computed whole ("wording", "spans": the live generation's unreadable).
    """
    started = time.perf_counter()
    recomputed = []
    with ix.searcher() as searcher:
        kept = update_wording(tmp, live, searcher.reader(), resolutions, alive, seq, first_new, (lang,))
    if kept is None:
        recomputed.append("wording")
        write_wording(tmp, ix, resolutions, (lang,))
    worded = time.perf_counter()
    # The whole-draft check's span index, from the previous one: the kept wordings' shingles moved, the new
    # ones' hashed (store/spans.py); exactly what building it from the wording tables just written gives.
    if kept is None:
        write_all_spans(tmp, (lang,))
    elif update_all_spans(tmp, live, kept, (lang,)):
        recomputed.append("spans")
    return {"recomputed": recomputed, "steps": {f"wording.{lang}": round(worded - started, 2),
                                                f"spans.{lang}": round(time.perf_counter() - worded, 2)}}


def _next_rank(live: Path, ix: Any) -> int:
    """Return the rank of the first added file: after every document of the index.

    Added files come last in reading order, as they would in a rebuild from the recorded sources
    followed by the added files.
    """
    try:
        seqs = read_arrays(live).seq
    except ArraysFormatError:
        with ix.searcher() as searcher:
            seqs = list(searcher.reader().column_reader("seq"))
    return (int(max(seqs)) // SEQ_STRIDE + 1) if len(seqs) else 0


def _commit(ix: Any, symbols: list[str], segments: list[Any]) -> tuple[list[int], Counter[str], int]:
    """Delete the documents of the indexed symbols that go, and list the live segments then the update's.

    Returns the documents deleted, their words (for the vocabulary) and the number of the update's
    first document (its segments come after every document of the live generation).
    """
    with ix.searcher() as searcher:
        dead = sorted(d for s in symbols for d in searcher.document_numbers(symbol=s))
        removed_words = _words(searcher.reader(), dead)
        first_new = searcher.reader().doc_count_all()
    writer = segment_writer(ix, limitmb=64)
    try:
        for d in dead:
            writer.delete_document(d)
    except BaseException:
        writer.cancel()
        raise
    # The live segments (with their deletions), then the update's.
    commit_segments(writer, writer_segments(writer) + segments)
    return dead, removed_words, first_new


def _write_arrays(live: Path, tmp: Path, ix: Any, resolutions: dict[str, ResolutionRecord],
                  dead: list[int], report: UpdateReport) -> GenerationArrays:
    """Write the search arrays from the live generation's, extended by the new segment (else computed in full)."""
    try:
        previous = read_arrays(live)
    except ArraysFormatError:
        previous = None
    with ix.searcher() as searcher:
        arrays = extend_arrays(previous, searcher.reader(), resolutions, dead) if previous is not None else None
        if arrays is not None:
            save_arrays(tmp, arrays)
    if arrays is None:
        report.recomputed.append("arrays")
        write_arrays(tmp)
    return read_arrays(tmp)


def _french_sources(english: EnglishVersions, resolutions: dict[str, ResolutionRecord], live: Path,
                    added: set[str]) -> dict[Source, int]:
    """Return the recorded French source of each indexed resolution an added English file pairs with, and its rank.

    A French file added with its English version is paired as it is
    prepared; otherwise the indexed text's own source is read again (its
    path as recorded, from the folder the build ran in: next to one of the
    recorded sources). An English version whose French source is gone is
    reported, not indexed.
    """
    try:
        with open(live / SOURCES, encoding="utf-8") as f:
            roots = [Path(s).parent for s in json.load(f).get("sources", [])]
    except (OSError, ValueError):
        roots = []
    out: dict[Source, int] = {}
    for symbol, res in english.by_symbol.items():
        meta = resolutions.get(symbol)
        if meta is None:
            continue
        source = str(meta.get("source") or "")
        path, _, member = source.partition(".tar.xz:")
        path = f"{path}.tar.xz" if member else path
        found = next((c for c in [Path(path), *(root / path for root in roots)] if c.is_file()), None)
        if found is None:
            english.notes.append((symbol, res.source, "english-unpaired",
                                  f"texte français de la cote introuvable ({source}) : version anglaise non "
                                  "indexée ; ajoutez-la avec le fichier français"))
            continue
        src = Source(found, member or None, found.stat().st_size)
        if str(src) not in added:
            out[src] = int(meta["rank"])
    return out


def _words(reader: Any, docnums: list[int]) -> Counter[str]:
    """Count the words of deleted documents as a build counts them (for the vocabulary's surface forms)."""
    words: Counter[str] = Counter()
    for d in docnums:
        text = json.loads(reader.stored_fields(d)["data"]).get("text") or ""
        words.update(WORD_RE.findall(text.lower()))
    return words


def _write_vocabulary(live: Path, tmp: Path, ix: Any, removed: Counter[str], new: Iterable[Prepared]) -> None:
    """Write the word counts and the vocabulary of the new generation from the live one's.

    Only the index terms whose words the update adds or takes out choose their form again.
    """
    from indexer.text.analysis import fold, stem  # noqa: PLC0415

    try:
        with open(live / WORDS, encoding="utf-8") as f:
            families: dict[str, dict[str, int]] = json.load(f)
        with open(live / VOCABULARY, encoding="utf-8") as f:
            vocabulary: dict[str, str] = json.load(f)
    except (OSError, ValueError):
        # A generation written before word counts were kept: counted again from every live paragraph.
        words: Counter[str] = Counter()
        with ix.reader() as reader:
            for _, stored in reader.iter_docs():
                words.update(WORD_RE.findall((json.loads(stored["data"]).get("text") or "").lower()))
        families, removed, vocabulary = word_families(words), Counter(), {}
        for key, family in families.items():
            vocabulary[key] = best_form(family)
    change: Counter[str] = Counter()
    change.subtract(removed)
    for p in new:
        change.update(p.words)
    touched = set()
    for word, delta in change.items():
        if not delta:
            continue
        key = stem(fold(word))
        family = families.setdefault(key, {})
        count = family.get(word, 0) + delta
        if count > 0:
            family[word] = count
        else:
            family.pop(word, None)
        touched.add(key)
    for key in touched:
        if families.get(key):
            vocabulary[key] = best_form(families[key])
        else:
            families.pop(key, None)
            vocabulary.pop(key, None)
    with open(tmp / WORDS, "w", encoding="utf-8") as f:
        f.write(json.dumps(families, ensure_ascii=False))
    with open(tmp / VOCABULARY, "w", encoding="utf-8") as f:
        f.write(json.dumps(vocabulary, ensure_ascii=False))


def _write_warnings(live: Path, tmp: Path, gone: set[str], warnings: WarningRows,
                    english: EnglishVersions, french: set[str], paired: set[str], errors: list[str]) -> None:
    """Write warnings.tsv: the live generation's rows but those of symbols gone, then the update's."""
    try:
        lines = (live / WARNINGS).read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError:
        lines = [HEADER]
    kept = [lines[0]] + [line for line in lines[1:] if not _drops(line, gone, paired)]
    for symbol, source, code, message in [*english.notes, *unpaired(english, french)]:
        warnings.add(symbol, source, 0, code, message, counted=False)
    warnings.errors(errors)
    warnings.write(tmp / WARNINGS, kept)


def _drops(line: str, gone: set[str], paired: set[str]) -> bool:
    symbol, _, rest = line.partition("\t")
    return symbol in gone or (symbol in paired and "\tenglish-only\t" in rest)


def _write_sources(live: Path, tmp: Path, given: list[str | Path], report: UpdateReport) -> None:
    """Record the build's sources, the files added since and the symbols removed since (sources.json).

    ``resolu serve`` checks the added files for changes as it checks the
    sources, and a rebuild replays the updates (:func:`replay_updates`): the
    added files again, then the removals.
    """
    try:
        with open(live / SOURCES, encoding="utf-8") as f:
            record = dict(json.load(f))
    except (OSError, ValueError):
        record = {"sources": []}
    added = list(record.get("added", []))
    for path in given:
        resolved = str(Path(path).resolve())
        if resolved in added:
            added.remove(resolved)
        added.append(resolved)
    back = set(report.added) | set(report.replaced)
    removed = [s for s in record.get("removed", []) if s not in back]
    removed.extend(s for s in report.removed if s not in removed)
    record.update({"resolutions": report.resolutions, "paragraphs": report.paragraphs,
                   "added": added, "removed": removed})
    with open(tmp / SOURCES, "w", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False))


def replay_updates(index_dir: str | Path, record: dict[str, Any],
                   stage: Callable[[str], None] | None = None) -> list[UpdateReport]:
    """Apply again to a rebuilt index the updates a previous generation recorded: added files, then removals.

    Added files that no longer exist are left out, and said; symbols to
    remove that the rebuilt index does not hold are passed over.
    """
    reports = []
    added = [p for p in record.get("added", []) if Path(p).exists()]
    missing = [p for p in record.get("added", []) if not Path(p).exists()]
    if missing and stage is not None:
        stage(f"Fichiers ajoutés introuvables, non repris : {', '.join(missing)}")
    if added:
        reports.append(update_index(index_dir, added, stage=stage))
    removed = record.get("removed", [])
    if removed:
        with open(Path(index_dir) / str(current_generation(index_dir)) / RESOLUTIONS, encoding="utf-8") as f:
            held = set(json.load(f))
        present = [s for s in removed if s in held]
        if present:
            reports.append(update_index(index_dir, remove=present, stage=stage))
    return reports
