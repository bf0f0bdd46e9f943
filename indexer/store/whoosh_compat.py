"""Gather every use of Whoosh internals: the version check, build-time patches, private names.

resolu writes segments from several processes, reads postings block by block
and writes a segment's postings and terms itself, in Whoosh's format, when
Whoosh's per-posting code is too slow; all of that relies on names
Whoosh does not promise to keep (``_finalize_segment``, ``_blocklength``…).
They are read here and only here, behind small functions, and this module
refuses to load under any Whoosh but the one they were written against.
Public Whoosh API (schema fields, analyzers, query parser) is used directly
by the other modules.
"""

from __future__ import annotations

import heapq
import pickle
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import accumulate, islice
from operator import sub as _sub
from pathlib import Path
from typing import Any

import whoosh
from whoosh import fields, formats
from whoosh import query as wq
from whoosh.analysis import CompositeAnalyzer, IDTokenizer, RegexTokenizer
from whoosh.codec import whoosh3
from whoosh.codec.base import OutOfOrderError
from whoosh.filedb import filetables
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import pack_int as _pack_int
from whoosh.system import pack_long as _pack_long
from whoosh.system import pack_ushort as _pack_ushort
from whoosh.util.numeric import byte_to_length
from whoosh.util.numeric import length_to_byte as _length_to_byte
from whoosh.writing import SegmentWriter

from indexer.text import analysis as french
from indexer.text import english

WHOOSH_VERSION = "2.7.4"
if whoosh.versionstring() != WHOOSH_VERSION:
    raise ImportError(
        f"resolu requiert Whoosh {WHOOSH_VERSION} (installé : {whoosh.versionstring()}) : "
        f"il lit des noms internes de Whoosh propres à cette version ; installez « Whoosh=={WHOOSH_VERSION} »"
    )

# Postings per pickled chunk of a sorted run file (see _write_run).
RUN_CHUNK = 4096
# Whoosh's byte-encoded field lengths, decoded once (None for a zero byte, as in Whoosh).
_LENGTHS = [byte_to_length(b) if b else None for b in range(256)]
# A W3 term's information (flags, weight, postings, lengths, largest weight, ids); _ROW: a terms-table row's
# key and value lengths.
_TERMINFO = whoosh3.W3TermInfo._struct
_ROW = filetables._lengths
_compress = zlib.compress


# -- writing -------------------------------------------------------------------
class _ColumnLengthsReader(whoosh3.W3PerDocReader):
    """Answer a new segment's field lengths from columns read whole, not one seek per posting.

    Whoosh 2.7.4 asks ``doc_field_length`` for every posting it writes when
    flushing a segment; each call looks the column up (and, for a field
    without one, stats the absent file again: about 20 % of a build) and
    reads one byte through a seek. Reading each column whole on first use
    makes the lengths a list lookup (another 9 % of a build).
    """

    def doc_field_length(self, docnum: int, fieldname: str, default: Any = 0) -> Any:
        """Return a document's length in a field, as Whoosh's own method does."""
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        columns = self.__dict__.setdefault("_resolu_lengths", {})
        lengths = columns.get(fieldname)
        if lengths is None:
            reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
            lengths = columns[fieldname] = False if reader is None else [_LENGTHS[b] for b in reader]
        if lengths is False:
            return default
        return lengths[docnum]

    def field_lengths(self, fieldname: str) -> list[Any] | None:
        """Return each document's length in a field (None for a zero byte), or None for a field without lengths."""
        self.doc_field_length(0, fieldname)
        return self.__dict__["_resolu_lengths"][fieldname] or None


def _term_writer(fieldwriter: Any, lengths: list[Any] | None,
                 kept: Any = None) -> Callable[[bytes, list[int], list[float], list[bytes]], None]:
    """Return the writer of the current field's terms, as Whoosh's W3 postings and field writers write them.

    Call it after ``start_field``, then once per term in order with its
    postings (ids, weights, values). The blocks of 128 postings, each
    block's header and pickled, compressed data, and the term's row of the
    terms table are Whoosh 2.7.4's (``W3PostingsWriter._write_block``,
    ``W3TermInfo.add_block`` and ``to_bytes``, ``W3FieldWriter.finish_term``,
    ``OrderedHashWriter.add``), computed from the term's lists without the
    per-block method calls and objects; a term's blocks go to the postings
    file in one write, its row to the terms table in another. ``kept`` (a
    TermPostingsWriter) also receives each term's ids and weights, as
    Whoosh's blocks hold them.
    """
    postwriter = fieldwriter._postwriter
    limit = postwriter._blocklimit
    comp = postwriter._compression
    fixedsize = fieldwriter._format.fixed_value_size()
    tuple_values = fixedsize is None or fixedsize < 0
    postfile = fieldwriter._postfile
    tindex = fieldwriter._tindex
    table = tindex.dbfile
    hashfn, buckets, rows = tindex.hashfn, tindex.buckets, tindex.index
    prefix = _pack_ushort(fieldwriter._fieldid)
    fieldname = fieldwriter._fieldname
    magic = whoosh3.WHOOSH3_HEADER_MAGIC
    dumps, compress, to_byte, pack_int, pack_lengths = pickle.dumps, _compress, _length_to_byte, _pack_int, _ROW.pack
    length_of = lengths.__getitem__ if lengths is not None else None

    def write_term(btext: bytes, ids: list[int], weights: list[float], values: list[bytes]) -> None:
        startoffset = postfile.tell()
        out = [magic]
        # W3TermInfo's statistics, from its defaults, block after block.
        total_weight: float = 0
        minlength: Any = None
        maxlength: Any = 0
        maxweight: Any = 0
        count = len(ids)
        last = count - 1 - (count - 1) % limit
        for first in range(0, count, limit):
            if count <= limit:
                block_ids, block_weights, block_values = ids, weights, values
            else:
                end = first + limit
                block_ids, block_weights, block_values = ids[first:end], weights[first:end], values[first:end]
            stored_weights = array("f", block_weights)
            total_weight += sum(stored_weights)
            # Whoosh's statistics start at 0 and take a strictly larger value (0 stays an int).
            block_maxweight = max(0, max(block_weights))
            block_minlength = None
            block_maxlength = 0
            if length_of is not None:
                found = list(filter(None, map(length_of, block_ids)))
                if found:
                    block_minlength = min(found)
                    block_maxlength = max(0, max(found))
            minlength = block_minlength if minlength is None else min(minlength, block_minlength)
            if block_maxlength > maxlength:
                maxlength = block_maxlength
            if block_maxweight > maxweight:
                maxweight = block_maxweight
            # _mini_ids, _mini_weights, _mini_values.
            mini_ids = tuple(map(_sub, block_ids, [0, *block_ids[:-1]]))
            w0 = stored_weights[0]
            if stored_weights.count(w0) == len(stored_weights):
                mini_weights = None if w0 == 1.0 else w0
            else:
                mini_weights = tuple(stored_weights)
            if fixedsize == 0:
                mini_values = None
            else:
                present = filter(None, block_values)
                mini_values = tuple(present) if tuple_values else b"".join(present)
            databytes = compress(dumps((mini_ids, mini_weights, mini_values), 2), comp)
            infobytes = dumps((len(block_ids), block_ids[-1], block_maxweight, comp,
                               to_byte(block_minlength), to_byte(block_maxlength)), 2)
            blocklength = len(infobytes) + len(databytes)
            out.append(pack_int(-blocklength if first == last else blocklength))
            out.append(infobytes)
            out.append(databytes)
        data = b"".join(out)
        postfile.write(data)
        valbytes = _TERMINFO.pack(False, total_weight, count, 0 if minlength is None else to_byte(minlength),
                                  to_byte(maxlength), maxweight, ids[0], ids[-1])
        valbytes += _pack_long(startoffset) + pack_int(len(data))
        key = prefix + btext
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        pos = table.tell()
        rows.append(pos)
        table.write(pack_lengths(len(key), len(valbytes)) + key + valbytes)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        tindex.lastkey = key
        if kept is not None:
            kept.add_term(fieldname, btext, ids, weights)

    return write_term


def _postings_adder(fieldwriter: Any, kept: Any = None,
                    kept_fields: Iterable[str] = ()) -> Callable[[Any, Any, Iterator[Any]], None]:
    """Return ``fieldwriter.add_postings`` that writes a term's postings at once, as Whoosh writes them one by one.

    Whoosh 2.7.4 makes three Python calls and six type assertions per
    posting when it flushes a segment (``add_postings`` → ``add`` →
    ``add_posting``, and ``doc_field_length``), then several per block and
    per term: a fifth of a build. Here the postings of a term, whole from
    the term buffer (:class:`_TermBuffer`) or gathered from Whoosh's sorted
    pool, go to :func:`_term_writer`, which writes Whoosh's blocks and
    terms-table row (the same bytes); ``kept`` (a TermPostingsWriter)
    receives the terms of ``kept_fields``. A flush with another lengths
    reader (a merge) goes through Whoosh's own method.
    """
    add_postings = fieldwriter.add_postings
    kept_fields = frozenset(kept_fields) if kept is not None else frozenset()

    def add_postings_by_term(schema: Any, lengths: Any, items: Iterator[Any]) -> None:
        if type(lengths) is not _ColumnLengthsReader:
            add_postings(schema, lengths, items)
            return
        if type(items) is _BufferedPostings:
            terms: Iterator[_Term] = ((fieldname, btext, entry[0::3], entry[1::3], entry[2::3])
                                      for fieldname, btext, entry in items.terms())
        else:
            terms = _grouped_postings(items)
        _write_terms(fieldwriter, schema, lengths, terms, kept, kept_fields)

    return add_postings_by_term


# A term's postings, whole: (field, term bytes, document numbers, weights, values).
_Term = tuple[str, bytes, list[int], list[float], list[bytes]]


def _grouped_postings(items: Iterator[tuple[str, bytes, int, float, bytes]]) -> Iterator[_Term]:
    """Group Whoosh's sorted postings (field, term bytes, docnum, weight, value) by term, checking their order."""
    lastfn: str | None = None
    lasttext: bytes | None = None
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    for fieldname, btext, docnum, weight, value in items:
        if btext != lasttext or fieldname != lastfn:
            if lasttext is not None:
                yield lastfn, lasttext, ids, weights, values  # type: ignore[misc]
                ids, weights, values = [], [], []
            if fieldname != lastfn:
                if lastfn is not None and fieldname < lastfn:
                    raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                lastfn = fieldname
            elif lasttext and btext < lasttext:
                raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
            lasttext = btext
        ids.append(docnum)
        weights.append(weight)
        values.append(value)
    if lasttext is not None:
        yield lastfn, lasttext, ids, weights, values  # type: ignore[misc]


def _write_terms(fieldwriter: Any, schema: Any, lengths: _ColumnLengthsReader, terms: Iterable[_Term],
                 kept: Any, kept_fields: frozenset[str]) -> None:
    """Write terms in order, field after field, each through its field's :func:`_term_writer`."""
    lastfn: str | None = None
    write_term: Any = None
    for fieldname, btext, ids, weights, values in terms:
        if fieldname != lastfn:
            if lastfn is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            write_term = _term_writer(fieldwriter, lengths.field_lengths(fieldname),
                                      kept if fieldname in kept_fields else None)
            lastfn = fieldname
        write_term(btext, ids, weights, values)
    if lastfn is not None:
        fieldwriter.finish_field()


def _write_run(f: Any, items: Any) -> None:
    """Spill postings to a run file in pickled chunks, not one pickle per posting.

    A segment's postings that do not fit in the pool's memory are sorted into
    run files and merged when the segment is flushed. Whoosh 2.7.4 pickles
    and unpickles each posting with its own Python call; at a million
    paragraphs every posting goes that way, and forcing the spill on the 10k
    benchmark corpus nearly doubled its build (8.4 → 15.4 s).
    """
    it = iter(items)
    while chunk := list(islice(it, RUN_CHUNK)):
        pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
    f.close()


def _run_reader(pool: Any) -> Callable[[str], Iterator[Any]]:
    """Return the reader of run files written by :func:`_write_run` for a pool."""
    def read_run(path: str) -> Iterator[Any]:
        f = pool._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            pool._remove_run(path)
    return read_run


def _keep_term_postings(fieldwriter: Any, fields: set[str], folder: str) -> tuple[tuple[str, ...], Any]:
    """Make a segment's field writer hand each term's postings of ``fields`` to a TermPostingsWriter as it writes them.

    The W3 postings writer fills a block of ids (``array("I")``) and weights
    (``array("f")``) and starts new arrays when it writes the block: the
    filled arrays are kept, one term at a time, and written beside the
    segment when the term is finished; the files are whole when the field
    writer closes. Returns the names patched on the field writer and the
    TermPostingsWriter (:func:`_term_writer` hands it each term itself).
    """
    from indexer.store.term_postings import TermPostingsWriter  # noqa: PLC0415 - only the build writes them

    out = TermPostingsWriter(Path(folder) / fieldwriter._segment.segment_id(), sorted(fields))
    blocks: tuple[list[Any], list[Any]] = ([], [])
    start_field, finish_term, close = fieldwriter.start_field, fieldwriter.finish_term, fieldwriter.close

    def start_field_kept(fieldname: str, fieldobj: Any) -> None:
        start_field(fieldname, fieldobj)
        if fieldname not in fields:
            return
        postwriter = fieldwriter._postwriter
        write_block = postwriter._write_block

        def write_block_kept(last: bool = False) -> None:
            blocks[0].append(postwriter._ids)
            blocks[1].append(postwriter._weights)
            write_block(last)

        postwriter._write_block = write_block_kept

    def finish_term_kept() -> None:
        finish_term()
        if fieldwriter._fieldname in fields:
            out.add(fieldwriter._fieldname, fieldwriter._btext, blocks[0], blocks[1])
            blocks[0].clear()
            blocks[1].clear()

    def close_kept() -> None:
        close()
        out.close()

    fieldwriter.start_field, fieldwriter.finish_term, fieldwriter.close = start_field_kept, finish_term_kept, close_kept
    return ("start_field", "finish_term", "close"), out


@contextmanager
def patched_writer(writer: SegmentWriter, postings_fields: Iterable[str] = ()) -> Iterator[SegmentWriter]:
    """Speed up one segment writer's flush and spill for the duration of the block, then restore it.

    The patches are set on this writer and its posting pool only (instance
    attributes shadowing Whoosh's methods), never on Whoosh's classes: a
    reader or another writer in the same process keeps Whoosh's own code.
    Both give Whoosh's own values, faster. The postings of ``postings_fields``
    are also written flat beside the segment when it is flushed
    (:mod:`indexer.store.term_postings`), for the searches to map them.
    """
    pool = writer.pool
    fieldwriter = writer.fieldwriter
    writer.per_document_reader = lambda: _ColumnLengthsReader(writer.storage, writer.get_segment())
    schema = writer.schema
    # Spelling words come as postings of document -1, which the buffered flush does not write.
    spelling = any(schema[name].separate_spelling() for name in schema.names())
    pool._write_run = _write_run
    pool._read_run = _run_reader(pool)
    # Written into the index's folder: a writer to another storage (in memory) writes none.
    folder = getattr(writer.storage, "folder", None)
    fields = set(postings_fields) if folder is not None else set()
    kept, out = _keep_term_postings(fieldwriter, fields, folder) if fields else ((), None)
    flushed = () if spelling else ("add_postings",)
    if flushed:
        fieldwriter.add_postings = _postings_adder(fieldwriter, out, fields)
    try:
        yield writer
    finally:
        for obj, names in ((writer, ("per_document_reader",)), (pool, ("_write_run", "_read_run")),
                           (fieldwriter, kept + flushed)):
            for name in names:
                obj.__dict__.pop(name, None)


def segment_stem(leaf: Any) -> Path | None:
    """Return the path of a segment's files without their extension (``…/gen-…/MAIN_abc``), or None if not on disk."""
    folder = getattr(getattr(leaf, "_storage", None), "folder", None)
    segment = getattr(leaf, "_segment", None)
    if folder is None or segment is None:
        return None
    return Path(folder) / segment.segment_id()


# Raw words remembered per analyzer by the fast indexing path before its table starts again.
TERM_CACHE = 500_000
# Bytes of memory a buffered posting is counted for before the buffer spills to a run file: a little
# more than a posting holds there (92 bytes on the 400-file profile: three list slots, a positions
# value). Whoosh's pool counted ~177 estimated bytes for a tuple that held ~247: it spilled later.
POSTING_BYTES = 100
# Whoosh's weight of a term found n times (n × a boost of 1.0) and Frequency's value, made once per n.
_WEIGHTS = [float(n) for n in range(256)]
_COUNTS = [formats.pack_uint(n) for n in range(256)]
# Positions.encode([p]) for p < 256, cut in two: the count 1 and pickle's list opening, then p and the end.
# Joined for each posting (a new bytes object: pickle would write a block's shared value as a reference).
_ONE_POSITION = _COUNTS[1] + pickle.dumps([0], 2)[:-4]
_POSITION_TAILS = [pickle.dumps([p], 2)[-4:] for p in range(256)]

# A field's adder into a term buffer: (value, the field's terms, docnum) → (sum of frequencies, postings).
FieldIndexer = Callable[[str, dict[Any, list[Any]], int], tuple[int, int]]


def _term_function(analyzer: Any) -> Callable[[str], str | None] | None:
    """Return raw word → index term (None for a stop word) for one of resolu's analyzers, else None.

    Only the analyzers made of the shared word tokenizer and one of resolu's
    filters (French, light, English) qualify: their terms depend on each word
    alone, so each distinct word is analysed once.
    """
    if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 2:
        return None
    tokenizer, word_filter = analyzer.items
    if (type(tokenizer) is not RegexTokenizer or tokenizer.gaps
            or tokenizer.expression.pattern != french.WORD_PATTERN
            or tokenizer.expression.flags != french._WORD_RE.flags):
        return None
    if type(word_filter) is french.FrenchFilter:
        flavour = word_filter.flavour
        return lambda raw: french.normalise(raw, flavour)[0]
    if type(word_filter) is english.EnglishFilter:
        return lambda raw: english.normalise(raw)[0]
    return None


def _add_posting(terms: dict[Any, list[Any]], term: Any, docnum: int, weight: float, value: bytes) -> None:
    """Append a posting to a term's list in a term buffer (docnum, weight, value, one after the other)."""
    entry = terms.get(term)
    if entry is None:
        terms[term] = [docnum, weight, value]
    else:
        entry += (docnum, weight, value)


def _fast_existence(analyzer: Any) -> FieldIndexer | None:
    """Return the buffer adder of an ID or IDLIST field (Existence format), else None.

    Whoosh's Existence format indexes the set of the analyzer's token texts,
    each with frequency 1, the field's boost and no value: an ID field's
    tokenizer gives the whole value, an IDLIST field's (a RegexTokenizer
    without gaps or groups) each match of its expression.
    """
    if type(analyzer) is IDTokenizer:
        def whole(value: str, terms: dict[Any, list[Any]], docnum: int) -> tuple[int, int]:
            _add_posting(terms, value, docnum, 1.0, b"")
            return 1, 1
        return whole
    if type(analyzer) is RegexTokenizer and not analyzer.gaps and not analyzer.expression.groups:
        findall = analyzer.expression.findall

        def each(value: str, terms: dict[Any, list[Any]], docnum: int) -> tuple[int, int]:
            # Each distinct value once, as Whoosh indexes the set of the tokens (the order does not matter).
            found = dict.fromkeys(findall(value))
            for word in found:
                _add_posting(terms, word, docnum, 1.0, b"")
            return len(found), len(found)
        return each
    return None


def _fast_index(field: Any, words: Callable[[str], list[str]] | None = None) -> FieldIndexer | None:
    """Return a function adding what ``field.index(text)`` gives to a term buffer, without Whoosh's tokens, or None.

    Whoosh 2.7.4 runs each word of each text field through a chain of
    generators and a Token object, and builds its postings in a dictionary
    per field; for the fields of resolu's analyzers (positions, no boost) the
    same frequency, weight and encoded positions are computed from the words
    found by the tokenizer's own expression, each distinct word analysed
    once, and appended to each term's postings (terms as str: their UTF-8
    bytes sort as they do). ``words`` stands for the tokenizer's ``findall``
    (the fields of these analyzers share one expression: a text indexed in
    two fields is split once).
    """
    fmt = field.format
    # NUMERIC and BOOLEAN are Existence fields too, with their own index method.
    if (type(fmt) is formats.Existence and fmt.field_boost == 1.0 and not field.vector
            and type(field).index is fields.FieldType.index):
        return _fast_existence(field.analyzer)
    if type(fmt) not in (formats.Positions, formats.Frequency) or fmt.field_boost != 1.0 or field.vector:
        return None
    term_of = _term_function(field.analyzer)
    if term_of is None:
        return None
    findall = words or field.analyzer.items[0].expression.findall
    if type(fmt) is formats.Frequency:
        return _frequencies_adder(findall, term_of)
    return _positions_adder(findall, term_of)


class _TermCache(dict):
    """Map raw words to index terms (None for a stop word), analysing each word once, on first lookup."""

    __slots__ = ("term_of",)

    def __init__(self, term_of: Callable[[str], str | None]) -> None:
        super().__init__()
        self.term_of = term_of

    def __missing__(self, raw: str) -> str | None:
        term = self[raw] = self.term_of(raw)
        return term


def _frequencies_adder(findall: Callable[[str], list[str]], term_of: Callable[[str], str | None]) -> FieldIndexer:
    """Return the buffer adder of a Frequency text field (its value: the packed count)."""
    cache = _TermCache(term_of)
    term_for = cache.__getitem__
    pack_uint = formats.pack_uint

    def frequencies(value: str, terms: dict[Any, list[Any]], docnum: int) -> tuple[int, int]:
        if len(cache) >= TERM_CACHE:
            cache.clear()
        found = [term for term in map(term_for, findall(value)) if term is not None]
        counts = Counter(found)
        for term, n in counts.items():
            posting = (docnum, _WEIGHTS[n], _COUNTS[n]) if n < 256 else (docnum, float(n), pack_uint(n))
            entry = terms.get(term)
            if entry is None:
                terms[term] = list(posting)
            else:
                entry += posting
        return len(found), len(counts)

    return frequencies


def _positions_adder(findall: Callable[[str], list[str]], term_of: Callable[[str], str | None]) -> FieldIndexer:
    """Return the buffer adder of a Positions text field (its value: Whoosh's encoded positions)."""
    cache = _TermCache(term_of)
    term_for = cache.__getitem__
    pack_uint, dumps = formats.pack_uint, pickle.dumps

    def positions(value: str, terms: dict[Any, list[Any]], docnum: int) -> tuple[int, int]:
        if len(cache) >= TERM_CACHE:
            cache.clear()
        # A stop word takes no position: positions count the terms kept.
        kept = [term for term in map(term_for, findall(value)) if term is not None]
        found: defaultdict[str, list[int]] = defaultdict(list)
        for pos, term in enumerate(kept):
            found[term].append(pos)
        for term, p in found.items():
            n = len(p)
            # Positions.encode: the count, then the pickled list of deltas (one position: itself).
            if n == 1:
                value_bytes = _ONE_POSITION + _POSITION_TAILS[p[0]] if p[0] < 256 else _COUNTS[1] + dumps(p, 2)
            else:
                value_bytes = pack_uint(n) + dumps(list(map(_sub, p, [0, *p[:-1]])), 2)
            # Whoosh's weight is the sum of each position's boost (1.0) times the field's (1.0).
            entry = terms.get(term)
            if entry is None:
                terms[term] = [docnum, _WEIGHTS[n] if n < 256 else float(n), value_bytes]
            else:
                entry += (docnum, _WEIGHTS[n] if n < 256 else float(n), value_bytes)
        return len(kept), len(found)

    return positions


class _TermBuffer:
    """Hold a new segment's postings by field and term, in document order, instead of Whoosh's pool of tuples.

    Whoosh 2.7.4 appends each posting to its pool as a tuple (field, term
    bytes, document, weight, value), sorts all of them when the segment is
    flushed and groups them back by term (a sixth of a build). Documents are
    added in order, so a term's postings appended as they come are already
    sorted: only the terms are sorted at the flush. When the buffer holds
    more than the pool's memory limit, its terms are spilled in order to a
    run file (pickled chunks, in the pool's temporary storage) and merged
    term by term at the flush. Postings that reached Whoosh's own pool (a
    document added by ``writer.add_document``) make the flush go through
    Whoosh's pool with all the buffered postings added to it.
    """

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.fields: dict[str, dict[Any, list[Any]]] = {}
        self.count = 0
        self.limit = max(1, int(pool.limit // POSTING_BYTES))
        self.runs: list[str] = []

    def terms_of(self, fieldname: str) -> dict[Any, list[Any]]:
        """Return the buffer's terms of a field (kept for the writer's life, emptied by a spill)."""
        return self.fields.setdefault(fieldname, {})

    def _sorted_terms(self) -> Iterator[tuple[str, Any, list[Any]]]:
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for term in sorted(terms):
                yield fieldname, term, terms[term]

    def spill(self) -> None:
        """Write the buffered terms to a new run file, in order, and empty the buffer."""
        path, f = self.pool._new_run()
        self.runs.append(path)
        _write_run(f, self._sorted_terms())
        for terms in self.fields.values():
            terms.clear()
        self.count = 0

    def _read_run(self, path: str) -> Iterator[tuple[str, Any, list[Any]]]:
        # The run files are the pool's own (_write_run): read and removed as it does, then forgotten here.
        try:
            yield from _run_reader(self.pool)(path)
        finally:
            self.runs.remove(path)

    def terms(self) -> Iterator[tuple[str, bytes, list[Any]]]:
        """Yield (field, term bytes, postings list) in Whoosh's order: by field, then term bytes."""
        if self.runs:
            # Runs hold earlier documents than the buffer, and the first run the earliest:
            # heapq.merge keeps equal keys in the order of its inputs.
            streams = [self._read_run(path) for path in list(self.runs)] + [self._sorted_terms()]
            merged: Iterator[tuple[str, Any, list[Any]]] = _merge_terms(streams)
        else:
            merged = self._sorted_terms()
        for fieldname, term, entry in merged:
            yield fieldname, term.encode("utf-8") if type(term) is str else term, entry

    def postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Yield the buffered postings as Whoosh's pool gives them, sorted."""
        for fieldname, btext, entry in self.terms():
            for i in range(0, len(entry), 3):
                yield fieldname, btext, entry[i], entry[i + 1], entry[i + 2]

    def iter_postings(self) -> Any:
        """Stand for the pool's ``iter_postings``: the buffer's terms, or everything through Whoosh's pool."""
        pool = self.pool
        if pool.current or pool.runs:
            for posting in self.postings():
                pool.add(posting)
            return type(pool).iter_postings(pool)
        return _BufferedPostings(self)

    def cleanup(self) -> None:
        """Stand for the pool's ``cleanup``: remove the buffer's run files too."""
        for path in self.runs:
            with suppress(OSError):
                self.pool._remove_run(path)
        self.runs.clear()
        type(self.pool).cleanup(self.pool)


def _merge_terms(streams: list[Iterator[tuple[str, Any, list[Any]]]]) -> Iterator[tuple[str, Any, list[Any]]]:
    """Merge sorted streams of (field, term, postings) into one, joining a term's postings in stream order."""
    last: tuple[str, Any] | None = None
    joined: list[Any] = []
    for fieldname, term, entry in heapq.merge(*streams, key=_term_key):
        if last is not None and (fieldname, term) == last:
            joined += entry
            continue
        if last is not None:
            yield last[0], last[1], joined
        last, joined = (fieldname, term), list(entry)
    if last is not None:
        yield last[0], last[1], joined


def _term_key(item: tuple[str, Any, list[Any]]) -> tuple[str, Any]:
    return item[0], item[1]


class _BufferedPostings:
    """A term buffer's postings handed to the field writer: sorted tuples for Whoosh, whole terms for resolu's flush."""

    def __init__(self, buffer: _TermBuffer) -> None:
        self.buffer = buffer

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        return self.buffer.postings()

    def terms(self) -> Iterator[tuple[str, bytes, list[Any]]]:
        """Yield (field, term bytes, postings list): docnum, weight, value, one posting after the other."""
        return self.buffer.terms()


def _fields_info(schema: Any, buffer: _TermBuffer, split: dict[str, list[str]]) -> dict[str, tuple[Any, ...]]:
    """Return each field's (field, fast indexer or None, buffered terms or None, scorable, stored, column type).

    The fast text indexers split a text into words through ``split``, the
    words of each text of the document being added (emptied for each
    document): the paragraph is indexed twice, as text and light.
    """
    findall = french._WORD_RE.findall

    def words(value: str) -> list[str]:
        found = split.get(value)
        if found is None:
            found = split[value] = findall(value)
        return found

    fields_info = {}
    for name in schema.names():
        field = schema[name]
        fast = _fast_index(field, words) if field.indexed else None
        fields_info[name] = (field, fast, buffer.terms_of(name) if field.indexed else None,
                             field.scorable, field.stored, field.column_type)
    return fields_info


def document_adder(writer: SegmentWriter) -> Callable[..., None]:
    """Return a function that adds a document to a segment writer as ``writer.add_document`` does, faster.

    The same postings, stored fields, lengths and columns in the same order
    (Whoosh's add_document, 2.7.4): the text fields of resolu's analyzers go
    through :func:`_fast_index`, and postings go to a :class:`_TermBuffer`
    that stands for the writer's pool. Documents with boosts or Whoosh's
    special keyword arguments go through Whoosh's own method.
    """
    schema = writer.schema
    if any(schema[name].separate_spelling() or schema[name].vector for name in schema.names()):
        return writer.add_document
    pool = writer.pool
    buffer = pool.__dict__.get("_resolu_buffer")
    if buffer is None:
        buffer = pool._resolu_buffer = _TermBuffer(pool)
        pool.iter_postings = buffer.iter_postings
        pool.cleanup = buffer.cleanup
    perdocwriter = writer.perdocwriter
    split: dict[str, list[str]] = {}
    fields_info = _fields_info(schema, buffer, split)
    fieldnames = pool.fieldnames

    def add(**fields: Any) -> None:
        if any(name.startswith("_") for name in fields):
            writer.add_document(**fields)
            return
        writer._check_state()
        docnum = writer.docnum
        names = sorted(fields)
        writer._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        split.clear()
        count = 0
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field, fast_index, terms, scorable, stored, column = fields_info[name]
            length = 0
            if terms is not None:
                fieldnames.add(name)
                if fast_index is not None and type(value) is str:
                    frequencies, postings = fast_index(value, terms, docnum)
                    if scorable:
                        length = frequencies
                    count += postings
                else:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        # A field of str terms keeps them as str (UTF-8, as Whoosh's text fields encode them).
                        _add_posting(terms, tbytes.decode("utf-8") if fast_index is not None else tbytes,
                                     docnum, weight * 1.0, vbytes)
                        count += 1
            perdocwriter.add_field(name, field, value if stored else None, length)
            if column:
                perdocwriter.add_column_value(name, column, field.to_column_value(value))
        perdocwriter.finish_doc()
        writer._added = True
        writer.docnum += 1
        buffer.count += count
        if buffer.count > buffer.limit:
            buffer.spill()

    return add


def segment_writer(ix: Any, *, limitmb: float, locked: bool = True, compound: bool = True) -> SegmentWriter:
    """Open a segment writer on an index, without taking its lock when ``locked`` is false."""
    return SegmentWriter(ix, _lk=locked, limitmb=limitmb, compound=compound)


def finish_segment(writer: SegmentWriter) -> Any:
    """Flush and close a writer's new segment without committing; return it, or None if empty."""
    if writer._added:
        return writer._finalize_segment()
    writer._close_segment()
    return None


def writer_segments(writer: SegmentWriter) -> list[Any]:
    """Return the segments an index writer holds, with the deletions made through it."""
    return list(writer.segments)


def commit_segments(writer: SegmentWriter, segments: list[Any]) -> None:
    """Make an index's table of contents list exactly these segments, written by other writers."""
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


# -- reading -------------------------------------------------------------------
def segment_postings(leaf: Any, field: str, text: str) -> Any:
    """Return a segment's matcher for a term, deleted documents included.

    A segment with deleted documents (a reissued symbol dropped after the
    build) wraps its matchers in a FilterMatcher that hides them one posting
    at a time: block reading then falls back to one call per posting (a
    phrase of five acronyms went from 0.1 to 0.8 s). The callers mask with
    the live documents (``postings.live_documents``) instead.
    """
    m = leaf.postings(field, text)
    if isinstance(m, FilterMatcher) and m._exclude:
        return m.child
    return m


def length_column(leaf: Any, field: str) -> Any:
    """Return a segment's byte-encoded length column for a field, or None when it has none.

    Raises AttributeError for a reader of another codec.
    """
    return leaf._perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)


def decoded_lengths() -> list[float]:
    """Return the field length of each byte of a length column (0 for a zero byte)."""
    return [byte_to_length(b) for b in range(256)]


def reads_blocks(m: Any) -> bool:
    """Tell whether a leaf matcher reads its postings by blocks (the W3 codec)."""
    return hasattr(m, "_read_ids") and hasattr(m, "_next_block") and hasattr(m, "_blocklength")


def block_postings(m: Any) -> tuple[Any, Any]:
    """Return the ids and weights of a block matcher's current block, then move to the next block."""
    if m._ids is None:
        m._read_ids()
    if m._weights is None:
        m._read_weights()
    ids, weights = m._ids, m._weights
    m._next_block()
    return ids, weights


def block_length(m: Any) -> int:
    """Return the number of postings in a block matcher's current block."""
    return m._blocklength


def block_values(m: Any) -> Any:
    """Return the encoded values (e.g. positions) of a block matcher's current block."""
    if m._values is None:
        m._read_values()
    return m._values


def block_directory(m: Any) -> tuple[list[int], list[int]]:
    """Return the number of postings and the file offset of each block of a fresh block matcher, reading headers only.

    The matcher is left at its end. :func:`block_values_at` reads one
    block's values again from its offset without walking the blocks before it.
    """
    lengths: list[int] = []
    offsets: list[int] = []
    where = m._baseoffset  # reset() reads the first block there
    while m.is_active():
        lengths.append(m._blocklength)
        offsets.append(where)
        where = m._nextoffset  # where _next_block() reads the next one
        m._next_block()
    return lengths, offsets


def block_values_at(m: Any, offset: int) -> Any:
    """Return the encoded values of the block at a file offset (from :func:`block_directory`) of a block matcher."""
    m._goto(offset)
    return block_values(m)


def next_block(m: Any) -> None:
    """Move a block matcher to its next block without decoding the current one."""
    m._next_block()


def expanded_terms(q: Any, reader: Any) -> Iterator[bytes | str]:
    """Yield the index terms a prefix or wildcard query expands to."""
    return q._btexts(reader)


def positions_decoder(fmt: Any) -> Callable[[bytes], list[int]]:
    """Return a function from a field format's encoded posting value to its positions."""
    if type(fmt) is formats.Positions:
        # Whoosh's own decoder, without its Python loop: a pickled list of
        # position deltas after a 4-byte frequency.
        def decode(value: bytes) -> list[int]:
            return list(accumulate(pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")))
        return decode
    return fmt.decoder("positions")


def normalized(group: Any, parts: list[Any]) -> Any:
    """Return ``group(parts).normalize()`` for parts that are each already normalized, sharing them.

    Whoosh 2.7.4's CompoundQuery.normalize, step for step, but without
    normalizing the parts again (each a word's query the parser normalized)
    and without copying a part merged from a nested group whose boost is 1:
    the copies were a third of a pasted sentence's parse. The result is
    equal (==) to Whoosh's; tests/test_whoosh_compat.py compares them.
    """
    subqueries: list[Any] = []
    for s in parts:
        if isinstance(s, group):
            subqueries += [ss if s.boost == 1 else ss.with_boost(ss.boost * s.boost) for ss in s]
        else:
            subqueries.append(s)
    if all(q is wq.NullQuery for q in subqueries):
        return wq.NullQuery
    if any((isinstance(q, wq.Every) and q.fieldname is None) for q in subqueries):
        return wq.Every()
    everyfields = _merged_ranges(group, subqueries)
    subqs = []
    seen = set()
    for s in subqueries:
        if everyfields and not isinstance(s, wq.Every) and s.field() in everyfields:
            continue
        key = _Same(s)
        if key in seen:
            continue
        seen.add(key)
        subqs.append(s)
    subqs = [q for q in subqs if q is not wq.NullQuery]
    if not subqs:
        return wq.NullQuery
    if len(subqs) == 1:
        # Whoosh copies it when its boost is not 1 (times the group's 1): an equal query.
        return subqs[0]
    return group(subqs)


def _merged_ranges(group: Any, subqueries: list[Any]) -> set[str | None]:
    """Merge the overlapping ranges of a group's parts in place, drop those an Every covers; return its fields.

    CompoundQuery.normalize's middle step, as Whoosh 2.7.4 writes it.
    """
    everyfields: set[str | None] = set()
    # Only an Every or a range changes anything in this loop (words' queries hold neither).
    special = (wq.Every, wq.TermRange, wq.NumericRange)
    i = 0 if any(isinstance(q, special) for q in subqueries) else len(subqueries)
    while i < len(subqueries):
        q = subqueries[i]
        f = q.field()
        if f in everyfields:
            subqueries.pop(i)
            continue
        if isinstance(q, (wq.TermRange, wq.NumericRange)):
            j = i + 1
            while j < len(subqueries):
                if q.overlaps(subqueries[j]):
                    qq = subqueries.pop(j)
                    q = q.merge(qq, intersect=group.intersect_merge)
                else:
                    j += 1
            q = subqueries[i] = q.normalize()
        if isinstance(q, wq.Every):
            everyfields.add(q.fieldname)
        i += 1
    return everyfields


class _Same:
    """A query as a set member: equal when the queries are equal (==), hashed through its parts.

    Whoosh hashes a group as the XOR of its parts' hashes, and a term as
    that of its field, text and boost: a word's query over four fields then
    hashes alike whatever the word (its text cancels out), and removing the
    duplicates of a pasted sentence's forty words compared every pair.
    """

    __slots__ = ("_hash", "query")

    def __init__(self, query: Any) -> None:
        self.query = query
        self._hash = _hash_of(query)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and bool(self.query == other.query)


def _hash_of(q: Any) -> int:
    """Return a hash of a query that equal queries share: a group's from its parts in order, else Whoosh's."""
    # Exactly these two: their equality is CompoundQuery's (class, parts in order, boost).
    if type(q) in (wq.And, wq.Or):
        return hash((type(q).__name__, q.boost, tuple(_hash_of(s) for s in q.subqueries)))
    return hash(q)
