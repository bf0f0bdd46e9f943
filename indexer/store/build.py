"""Build the paragraph index from source files, atomically.

An index folder holds generations (``gen-…``) and a ``CURRENT`` file naming
the live one. A build writes a new generation beside the live one and then
replaces ``CURRENT`` in one ``os.replace``: readers see either the old or the
new index, never a half-written one, and a failed build leaves the previous
index untouched. The generation before the live one is kept so that readers
still holding it open keep working; older ones are removed.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from indexer.errors import IndexMissingError, ParseError, ResoluError
from indexer.model import Paragraph, Resolution, to_jsonable
from indexer.sources.markdown import parse_file
from indexer.store.schema import dumps, join_values, make_schema

SOURCE_SUFFIXES = (".md", ".txt", ".markdown")
CURRENT = "CURRENT"
RESOLUTIONS = "resolutions.json"
WARNINGS = "warnings.tsv"
VOCABULARY = "vocabulary.json"
# Memory for a segment's postings before they spill to sorted run files
# (Whoosh's estimate; the real use is about the same), and postings per
# pickled chunk of a run (see _patch_whoosh_runs).
POOL_MB = 256
RUN_CHUNK = 4096
WORD_RE = re.compile(r"[^\W\d_]{3,}")
# A source line that starts with an operative paragraph number ("1.", "*12.", "*7 .").
NUMBERED_RE = re.compile(r"^\*?\s*\d{1,3}\s*\.\s*\*?\s*\S", re.M)
ANNEX_RE = re.compile(r"^\*?(?:Annexe|ANNEXE)\b", re.M)

Progress = Callable[[int, int, str], None]


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

    @property
    def operative_share(self) -> float:
        """Return numbered operative paragraphs found per numbered source line."""
        return self.numbered_found / self.numbered_lines if self.numbered_lines else 1.0

    @property
    def verb_share(self) -> float:
        """Return the share of paragraphs whose opening verb was recognised."""
        structured = self.paragraphs - self.kinds["other"]
        return self.with_verb / structured if structured else 0.0

    @property
    def other_share(self) -> float:
        """Return the share of the text kept as unclassified ("other")."""
        total = sum(self.chars.values())
        return self.chars["other"] / total if total else 0.0


def source_files(sources: Iterable[str | Path]) -> list[Path]:
    """List the resolution files under the given files and folders, sorted."""
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                and p.name.upper() not in ("README.MD", "SOURCES.MD")
            )
        elif path.is_file():
            found.append(path)
        else:
            raise ResoluError(f"{path}: fichier ou dossier introuvable")
    return found


def facet_fields(facets: Any) -> dict[str, object]:
    """Return the facet record of a paragraph (verb, addressees, instruments…)."""
    verb = facets.verb
    return {
        "verb": verb.value if verb else None,
        "verb_root": verb.root if verb else None,
        "verb_en": verb.en if verb else None,
        "verb_kind": verb.kind if verb else None,
        "secondary_verbs": [v.value for v in facets.secondary_verbs],
        "addressees": list(facets.addressees),
        "instruments": [i.name for i in facets.instruments],
        "instrument_details": [to_jsonable(i) for i in facets.instruments],
        "resolutions": list(facets.resolutions),
    }


def paragraph_records(res: Resolution) -> list[dict[str, object]]:
    """Return everything shown about each paragraph, as stored in the index.

    Facets are extracted over the whole resolution: a short name ("le
    Rapporteur spécial") is resolved from an earlier full one.
    """
    from indexer.facets.extract import extract_resolution  # noqa: PLC0415 - extraction is a build step

    records = []
    for p, facets in zip(res.paragraphs, extract_resolution(res.paragraphs, res.organ), strict=True):
        record: dict[str, object] = {
            "symbol": p.symbol, "anchor": p.anchor, "eid": p.eid, "kind": p.kind,
            "number": p.number, "letter": p.letter, "parent": p.parent, "part": p.part,
            "position": p.position, "level": p.level, "opening": p.opening, "text": p.text,
            "footnotes": [{"number": f.number, "text": f.text} for f in p.footnotes],
            "calls": [list(c) for c in p.calls],
            "lines": list(p.lines),
        }
        record.update(facet_fields(facets))
        records.append(record)
    return records


def resolution_record(res: Resolution) -> dict[str, object]:
    """Return a resolution's metadata as stored beside the index."""
    return {
        "symbol": res.symbol, "organ": res.organ, "title": res.title, "session": res.session,
        "agenda_item": res.agenda_item,
        "adopted": res.adopted.isoformat() if res.adopted else None,
        "distributed": res.distributed.isoformat() if res.distributed else None,
        "report": res.report, "meeting": res.meeting,
        "vote": to_jsonable(res.vote) if res.vote else None,
        "header": list(res.header), "closing": list(res.closing),
        "footnotes": [{"number": f.number, "text": f.text} for f in res.footnotes],
        "source": res.source, "format": res.format, "cites": list(res.cites),
        "cited_by": [], "paragraphs": len(res.paragraphs),
        "warnings": len(res.warnings),
    }


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


def prepare(path: Path, rank: int = 0) -> Prepared:
    """Parse a file and extract its facets into index documents (pure, picklable).

    Runs in worker processes during a build: parsing and facet extraction
    take a third of the time and do not need the index writer.
    """
    out = Prepared(str(path), rank)
    try:
        res = parse_file(path)
    except ParseError as exc:
        out.error = str(exc)
        return out
    out.symbol = res.symbol
    out.meta = resolution_record(res)
    out.warnings = [(res.source, w.line, w.code, w.message) for w in res.warnings]
    out.numbered_lines = count_numbered_lines(path)
    cited = set(res.cites)
    for p, record in zip(res.paragraphs, paragraph_records(res), strict=True):
        # Resolutions only: cited documents (A/68/283) are not linked.
        cited.update(r for r in record["resolutions"] if "RES/" in r)  # type: ignore[union-attr]
        out.documents.append(_document(res, p, record))
        out.words.update(WORD_RE.findall(p.text.lower()))
    cited.discard(res.symbol)
    out.meta["cites"] = sorted(cited)
    return out


# A document's place in reading order: its file's rank, then its position.
# No resolution has 4,096 paragraphs; a million files still fit in 32 bits.
SEQ_STRIDE = 4096


def split_evenly(files: list[Path], parts: int) -> list[list[tuple[int, Path]]]:
    """Cut the ranked files into contiguous runs of about equal size on disk."""
    sizes = [max(1, f.stat().st_size) for f in files]
    target = sum(sizes) / parts
    runs: list[list[tuple[int, Path]]] = [[]]
    filled = 0.0
    for rank, (path, size) in enumerate(zip(files, sizes, strict=True)):
        if filled >= target * len(runs) and len(runs) < parts:
            runs.append([])
        runs[-1].append((rank, path))
        filled += size
    return [run for run in runs if run]


def write_segment(folder: str, run: list[tuple[int, Path]], queue: Any = None,
                  progress: Progress | None = None) -> tuple[Any, list[Prepared]]:
    """Prepare a run of files and write them as one new segment of the index in folder.

    Returns the segment (for the table of contents) and the files' summaries
    (their documents already written, so dropped). In a worker process the
    result goes through ``queue``; progress is reported there as well.
    """
    from whoosh import index  # noqa: PLC0415
    from whoosh.writing import SegmentWriter  # noqa: PLC0415

    _patch_whoosh_lengths()
    _patch_whoosh_runs()
    ix = index.open_dir(folder)
    # No lock: the parent holds the index and writes the table of contents.
    # compound=False: Whoosh reads a compound segment file into each process's
    # memory on open (7 GB over two web workers at a million paragraphs).
    writer = SegmentWriter(ix, _lk=False, limitmb=POOL_MB, compound=False)
    summaries: list[Prepared] = []
    try:
        for rank, path in run:
            prepared = prepare(path, rank)
            for document in prepared.documents:
                writer.add_document(**_indexable(document, rank))
            summaries.append(_summary(prepared))
            if queue is not None:
                queue.put(("progress", str(path)))
            elif progress:
                progress(len(summaries), len(run), str(path))
        segment = writer._finalize_segment() if writer._added else None
        if segment is None:
            writer._close_segment()
    except BaseException:
        writer.cancel()
        raise
    if queue is not None:
        queue.put(("done", (segment, summaries)))
    return segment, summaries


def _summary(prepared: Prepared) -> Prepared:
    """Keep what the report needs of a prepared file: statistics, not documents."""
    stats = [{"kind": d["kind"], "len": len(d["text"]), "_numbered": d["_numbered"],
              "_has_verb": d["_has_verb"], "position": d["_position"]} for d in prepared.documents]
    prepared.documents = stats
    return prepared


def _indexable(document: dict[str, Any], rank: int) -> dict[str, Any]:
    """Return the fields Whoosh stores for a prepared document."""
    fields = {k: v for k, v in document.items() if not k.startswith("_")}
    fields["seq"] = rank * SEQ_STRIDE + document["_position"]
    return fields


def _worker(folder: str, run: list[tuple[int, Path]], queue: Any) -> None:
    try:
        write_segment(folder, run, queue)
    except BaseException as exc:  # reported to the parent, which fails the build
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def write_segments(folder: str, files: list[Path], procs: int,
                   progress: Progress | None) -> tuple[list[Any], list[Prepared]]:
    """Write the files as ``procs`` segments in parallel; return segments and summaries in file order."""
    runs = split_evenly(files, procs if len(files) >= 32 else 1)
    done = 0
    if len(runs) == 1:
        segment, summaries = write_segment(folder, runs[0], progress=progress)
        return [s for s in [segment] if s is not None], summaries
    import multiprocessing  # noqa: PLC0415

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_worker, args=(folder, run, queue)) for run in runs]
    for w in workers:
        w.start()
    results: list[tuple[Any, list[Prepared]]] = []
    try:
        while len(results) < len(workers):
            kind, payload = queue.get()
            if kind == "progress":
                done += 1
                if progress:
                    progress(done, len(files), payload)
            elif kind == "done":
                results.append(payload)
            else:
                raise ResoluError(f"échec d'un processus d'indexation : {payload}")
    finally:
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()
    segments = [segment for segment, _ in results if segment is not None]
    summaries = sorted((p for _, run in results for p in run), key=lambda p: p.rank)
    return segments, summaries


def count_numbered_lines(path: Path) -> int:
    """Count body lines that start with a paragraph number (the reference).

    Lines of an annex (statutes, agreements) are numbered too but are not
    operative paragraphs of the resolution: the count stops at "Annexe".
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    annex = ANNEX_RE.search(text)
    return len(NUMBERED_RE.findall(text[: annex.start()] if annex else text))


def build_index(sources: Iterable[str | Path], index_dir: str | Path, *,
                progress: Progress | None = None, strict: bool = False,
                procs: int | None = None) -> BuildReport:
    """Parse sources and write a new index generation, then make it current.

    ``procs`` worker processes parse files and extract facets (default: up
    to two, the cores of our machines) while this process writes the index.
    """
    if procs is None:
        procs = min(2, os.cpu_count() or 1)
    started = time.perf_counter()
    index_dir = Path(index_dir)
    files = source_files(sources)
    report = BuildReport(index_dir=str(index_dir), files=len(files))
    if not files:
        raise ResoluError("aucun fichier de résolution à indexer (.md, .txt)")
    index_dir.mkdir(parents=True, exist_ok=True)
    generation = _new_generation_name(index_dir)
    target = index_dir / generation
    tmp = index_dir / f".{generation}.tmp"
    try:
        _write(files, tmp, report, progress, procs)
        if strict and report.errors:
            raise ResoluError(f"{len(report.errors)} fichier(s) en erreur, index précédent conservé:\n"
                              + "\n".join(report.errors))
        if not report.resolutions:
            raise ResoluError("aucune résolution lisible, index précédent conservé:\n" + "\n".join(report.errors))
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _make_current(index_dir, generation)
    report.generation = generation
    report.warnings_file = str(target / WARNINGS)
    report.seconds = time.perf_counter() - started
    return report


def _new_generation_name(index_dir: Path) -> str:
    """Return a fresh, time-ordered generation name not used in index_dir."""
    while True:
        name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
        if not (index_dir / name).exists() and not (index_dir / f".{name}.tmp").exists():
            return name


def _patch_whoosh_lengths() -> None:
    """Read a new segment's length columns once when flushing it, not once per posting.

    Whoosh 2.7.4 asks W3PerDocReader.doc_field_length for every posting it
    writes; each call looks the column up (and, for a field without one,
    stats the absent file again: about 20 % of a build) and reads one byte
    through a seek. Reading each column whole on first use makes the
    lengths a list lookup (another 9 % of a build). Only index writers call
    this patch; the values are Whoosh's own (None for a zero byte, as there).
    """
    from whoosh.codec import whoosh3  # noqa: PLC0415
    from whoosh.util.numeric import byte_to_length  # noqa: PLC0415

    reader_class = whoosh3.W3PerDocReader
    if getattr(reader_class, "_resolu_patched", False):
        return
    table = [byte_to_length(b) if b else None for b in range(256)]

    def doc_field_length(self: Any, docnum: int, fieldname: str, default: Any = 0) -> Any:
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        columns = self.__dict__.setdefault("_resolu_lengths", {})
        lengths = columns.get(fieldname)
        if lengths is None:
            reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
            lengths = columns[fieldname] = False if reader is None else [table[b] for b in reader]
        if lengths is False:
            return default
        return lengths[docnum]

    reader_class.doc_field_length = doc_field_length
    reader_class._resolu_patched = True


def _patch_whoosh_runs() -> None:
    """Spill the posting pool to disk in pickled chunks, not one pickle per posting.

    A segment's postings that do not fit in ``limitmb`` are sorted into run
    files and merged when the segment is flushed. Whoosh 2.7.4 pickles and
    unpickles each posting with its own Python call; at a million
    paragraphs every posting goes that way, and forcing the spill on the
    10k benchmark corpus nearly doubled its build (8.4 → 15.4 s).
    """
    from whoosh.externalsort import SortingPool  # noqa: PLC0415

    if getattr(SortingPool, "_resolu_patched", False):
        return

    def write_run(self: Any, f: Any, items: Any) -> None:
        it = iter(items)
        while chunk := list(islice(it, RUN_CHUNK)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def read_run(self: Any, path: str) -> Any:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)

    SortingPool._write_run = write_run
    SortingPool._read_run = read_run
    SortingPool._resolu_patched = True


def _write(files: list[Path], tmp: Path, report: BuildReport,
           progress: Progress | None, procs: int) -> None:
    from whoosh import index  # noqa: PLC0415 - whoosh stays inside index-facing modules
    from whoosh.query import NumericRange  # noqa: PLC0415
    from whoosh.writing import SegmentWriter  # noqa: PLC0415

    tmp.mkdir(parents=True)
    ix = index.create_in(str(tmp), make_schema())
    # Each process parses its share of the files and writes its own segment;
    # this one then lists the segments in the index's table of contents.
    segments, summaries = write_segments(str(tmp), files, procs, progress)
    writer = SegmentWriter(ix, limitmb=64)
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()

    resolutions: dict[str, dict[str, object]] = {}
    seen: dict[str, str] = {}
    duplicates: list[int] = []
    words: Counter[str] = Counter()
    with open(tmp / WARNINGS, "w", encoding="utf-8") as warn_file:
        warn_file.write("symbole\tfichier\tligne\ttype\tmessage\n")
        for prepared in summaries:
            if prepared.error:
                report.errors.append(prepared.error)
                continue
            if prepared.symbol in seen:
                report.errors.append(f"{prepared.path}: cote {prepared.symbol} déjà lue dans "
                                     f"{seen[prepared.symbol]}, fichier ignoré")
                duplicates.append(prepared.rank)
                continue
            seen[prepared.symbol] = prepared.path
            report.resolutions += 1
            report.numbered_lines += prepared.numbered_lines
            resolutions[prepared.symbol] = prepared.meta
            for source, line, code, message in prepared.warnings:
                report.warnings[code] += 1
                warn_file.write(f"{prepared.symbol}\t{source}\t{line}\t{code}\t{message}\n")
            for stats in prepared.documents:
                kind = stats["kind"]
                report.paragraphs += 1
                report.kinds[kind] += 1
                report.numbered_found += stats["_numbered"]
                report.chars[kind] += stats["len"]
                report.with_verb += stats["_has_verb"] and kind != "other"
            words.update(prepared.words)
        for error in report.errors:
            warn_file.write(f"\t\t0\terreur\t{error}\n")
    if duplicates:
        # A second file with a symbol already read was indexed by its worker:
        # delete its paragraphs (by their place in reading order).
        writer = ix.writer()
        for rank in duplicates:
            writer.delete_by_query(NumericRange("seq", rank * SEQ_STRIDE, (rank + 1) * SEQ_STRIDE - 1))
        writer.commit(merge=False)
    _link_citations(resolutions)
    with open(tmp / RESOLUTIONS, "w", encoding="utf-8") as f:
        json.dump(resolutions, f, ensure_ascii=False)
    with open(tmp / VOCABULARY, "w", encoding="utf-8") as f:
        json.dump(surface_forms(words), f, ensure_ascii=False)


def surface_forms(words: Counter[str]) -> dict[str, str]:
    """Map each index term to the most frequent word written with it.

    Spelling suggestions are found among index terms (stems); users need a
    real word with its accents: "xenofobie" → xénophobie, not "xenophob".
    """
    from indexer.text.analysis import fold, stem  # noqa: PLC0415

    best: dict[str, tuple[int, str]] = {}
    for word, count in words.items():
        key = stem(fold(word))
        if key not in best or count > best[key][0]:
            best[key] = (count, word)
    return {key: word for key, (_, word) in best.items()}


def _document(res: Resolution, p: Paragraph, record: dict[str, Any]) -> dict[str, Any]:
    verbs = [record["verb"], *record["secondary_verbs"]]  # type: ignore[list-item]
    return {
        "id": f"{p.symbol}#{p.anchor}",
        "symbol": p.symbol,
        "anchor": p.anchor,
        "eid": p.eid,
        "kind": p.kind,
        "organ": res.organ,
        "opening": p.opening,
        "text": p.text,
        "light": p.text,
        "instruments_text": " ; ".join(
            [d["name"] + " " + " ".join(d.get("aliases") or ()) for d in record["instrument_details"]]  # type: ignore[index, union-attr]
        ),
        "notes": " ".join(f["text"] for f in record["footnotes"]),  # type: ignore[index, union-attr]
        "verb": join_values([v for v in verbs if v]),
        "addressee": join_values(record["addressees"]),  # type: ignore[arg-type]
        "instrument": join_values(record["instruments"]),  # type: ignore[arg-type]
        "resolution": join_values(record["resolutions"]),  # type: ignore[arg-type]
        "data": dumps(record),
        # Not written as fields (leading underscore): the position for seq,
        # and statistics for the build report.
        "_position": p.position,
        "_numbered": p.kind == "operative" and p.number is not None,
        "_has_verb": bool(record["verb"]),
    }


def _link_citations(resolutions: dict[str, dict[str, object]]) -> None:
    """Fill each resolution's "cited_by" from the others' "cites"."""
    for symbol, meta in resolutions.items():
        for cited in meta["cites"]:  # type: ignore[attr-defined]
            if cited in resolutions and cited != symbol:
                resolutions[cited]["cited_by"].append(symbol)  # type: ignore[attr-defined]


def _make_current(index_dir: Path, generation: str) -> None:
    """Point CURRENT at a generation atomically, then prune old generations."""
    previous = current_generation(index_dir, missing_ok=True)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(generation + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / CURRENT)
    keep = {generation, previous}
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith("gen-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def current_generation(index_dir: str | Path, missing_ok: bool = False) -> str | None:
    """Return the name of the live generation of an index folder."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    if name and (Path(index_dir) / name).is_dir():
        return name
    if missing_ok:
        return None
    raise IndexMissingError(
        f"aucun index dans {index_dir} : lancez d'abord « resolu index » (ou « resolu serve »)"
    )


def current_path(index_dir: str | Path) -> Path:
    """Return the folder of the live generation of an index."""
    return Path(index_dir) / str(current_generation(index_dir))


def built_at(index_dir: str | Path) -> float | None:
    """Return when the live index was made current (seconds since the epoch)."""
    try:
        return (Path(index_dir) / CURRENT).stat().st_mtime
    except OSError:
        return None
