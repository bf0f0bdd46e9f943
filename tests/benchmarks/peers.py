"""Index the same paragraphs in SQLite FTS5 and tantivy, and run the same queries.

Both peers get exactly the paragraphs and facet values of the resolu index
(exported from its stored fields) and the same French analysis: the terms of
``indexer.text.analysis.french_analyzer`` (elision, case, accent folding, stop
words, Snowball French), fed as pre-stemmed tokens. Facet counts follow
resolu's convention: values OR-ed within a facet, AND-ed across facets, and
each facet counted under the filters of the *other* facets.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.benchmarks.queries import BenchQuery

TEXT_FIELDS = ("text", "opening", "instruments_text", "notes")
FACETS = ("verb", "addressee", "instrument", "resolution", "kind", "symbol")
PLAIN_TOKEN_RE = re.compile(r"[a-z0-9]+")


# -- export -------------------------------------------------------------------
def export_records(index_dir: Path, out: Path) -> dict[str, Any]:
    """Write every paragraph of a resolu index (texts and facet values) as JSON lines."""
    from whoosh import index

    from indexer.store.layout import current_path
    from indexer.store.schema import split_values

    try:  # what the instruments field holds since 6519c6f: only the words the names add to the paragraph's
        from indexer.store.records import _alias_words as alias_words
    except ImportError:
        alias_words = None
    started = time.perf_counter()
    rejected = rejected_symbols(index_dir)
    ix = index.open_dir(str(current_path(index_dir)))
    n = 0
    with ix.searcher() as searcher, open(out, "w", encoding="utf-8") as f:
        reader = searcher.reader()
        for _docnum, stored in reader.iter_docs():
            if stored["symbol"] in rejected:
                continue
            data = json.loads(stored["data"])
            text = stored.get("text") or data.get("text") or ""
            instruments_text = alias_words(text, data) if alias_words else " ; ".join(
                d["name"] + " " + " ".join(d.get("aliases") or ()) for d in data.get("instrument_details", [])
            )
            row = {
                "seq": stored["seq"], "id": stored["id"], "symbol": stored["symbol"], "anchor": stored["anchor"],
                # Texts are in their own stored fields in older indexes, only in "data" in newer ones.
                "text": text,
                "opening": stored.get("opening") or data.get("opening") or "",
                "instruments_text": instruments_text,
                "notes": stored.get("notes") or " ".join(f["text"] for f in data.get("footnotes", [])),
                "facets": {
                    "verb": split_values(stored.get("verb")), "addressee": split_values(stored.get("addressee")),
                    "instrument": split_values(stored.get("instrument")),
                    "resolution": split_values(stored.get("resolution")),
                    "kind": [stored["kind"]], "symbol": [stored["symbol"]],
                },
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return {"records": n, "rejected_resolutions": len(rejected), "seconds": round(time.perf_counter() - started, 2)}


def rejected_symbols(index_dir: Path) -> set[str]:
    """Return the resolutions a French search leaves out: not adopted (insufficient votes, veto) unless asked
    for, and those indexed in English only (no French text: their English footnotes would match French stems,
    "Cooperation" as « coopération », in a peer that indexed them)."""
    try:
        from indexer.model import REJECTED
        from indexer.search.engine import Engine
    except ImportError:  # an older code base, before the vote facet
        return set()
    try:
        from indexer.french_text import is_english_only
    except ImportError:  # before the English-only resolutions
        def is_english_only(meta: dict[str, Any]) -> bool:
            return False
    engine = Engine(index_dir)
    try:
        return {symbol for symbol, meta in engine.resolutions().items()
                if (meta.get("vote") or {}).get("outcome") in REJECTED or is_english_only(meta)}
    finally:
        engine.close()


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the exported paragraphs in reading (seq) order."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


class Analyser:
    """Turn text into resolu's index terms, with the analyzer pickled in the resolu index.

    Using the index's own analyzer (not the one in the working tree) keeps
    the peers on exactly the terms resolu indexed, even while
    ``indexer/text/analysis.py`` changes under a long benchmark run.
    """

    def __init__(self, index_dir: Path | None = None) -> None:
        if index_dir is not None:
            from whoosh import index

            from indexer.store.layout import current_path

            self._analyzer = index.open_dir(str(current_path(index_dir))).schema["text"].analyzer
        else:
            from indexer.text.analysis import french_analyzer

            self._analyzer = french_analyzer()

    def terms(self, text: str) -> list[str]:
        """Return the index terms of a text."""
        return [t.text for t in self._analyzer(text)] if text else []


def fts_token(term: str) -> str:
    """Encode a term as one FTS5 unicode61 token (apostrophes, underscores…)."""
    return term if PLAIN_TOKEN_RE.fullmatch(term) else "x" + term.encode("utf-8").hex()


# -- SQLite FTS5 --------------------------------------------------------------
def fts5_build(records: Path, db_path: Path, index_dir: Path | None = None) -> dict[str, Any]:
    """Build the FTS5 index: contentless pre-stemmed text, a docs table, a facet table."""
    db_path.unlink(missing_ok=True)
    analyser = Analyser(index_dir)
    started = time.perf_counter()
    con = sqlite3.connect(db_path)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;
        CREATE VIRTUAL TABLE fts USING fts5(text, opening, instruments_text, notes,
            content='', prefix='3 4', tokenize='unicode61 remove_diacritics 0');
        CREATE TABLE docs(pid INTEGER PRIMARY KEY, id TEXT, symbol TEXT, anchor TEXT, text TEXT);
        CREATE TABLE vals(vid INTEGER PRIMARY KEY, facet TEXT, value TEXT, UNIQUE(facet, value));
        CREATE TABLE pf(pid INTEGER, vid INTEGER, PRIMARY KEY(pid, vid)) WITHOUT ROWID;
    """)
    vids: dict[tuple[str, str], int] = {}
    batch_fts, batch_docs, batch_pf = [], [], []

    def flush() -> None:
        con.executemany("INSERT INTO fts(rowid, text, opening, instruments_text, notes) VALUES (?,?,?,?,?)",
                        batch_fts)
        con.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", batch_docs)
        con.executemany("INSERT OR IGNORE INTO pf VALUES (?,?)", batch_pf)
        batch_fts.clear()
        batch_docs.clear()
        batch_pf.clear()

    con.execute("BEGIN")
    n = 0
    for r in read_records(records):
        pid = r["seq"]
        batch_fts.append((pid, *(" ".join(fts_token(t) for t in analyser.terms(r[f])) for f in TEXT_FIELDS)))
        batch_docs.append((pid, r["id"], r["symbol"], r["anchor"], r["text"]))
        for facet in FACETS:
            for v in r["facets"][facet]:
                vid = vids.get((facet, v))
                if vid is None:
                    vid = vids[(facet, v)] = len(vids) + 1
                    con.execute("INSERT INTO vals VALUES (?,?,?)", (vid, facet, v))
                batch_pf.append((pid, vid))
        n += 1
        if len(batch_fts) >= 5000:
            flush()
    flush()
    con.execute("CREATE INDEX pf_vid ON pf(vid, pid)")
    con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return {"paragraphs": n, "seconds": time.perf_counter() - started}


class Fts5Engine:
    """Run the query mix on the FTS5 database, with resolu's facet semantics.

    The MATCH runs once per query into a temporary table (rowid, bm25 rank);
    filters narrow it by joins on the facet table's (vid, pid) index, the top
    20 come from that table ordered by rank, and facet counts are one
    ``GROUP BY vid`` join per distinct set of other facets' filters.
    """

    def __init__(self, db_path: Path, index_dir: Path | None = None) -> None:
        self.con = sqlite3.connect(db_path, check_same_thread=False)
        self.con.executescript("""
            PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;
            CREATE TEMP TABLE m(pid INTEGER PRIMARY KEY, rank REAL);
            CREATE TEMP TABLE s(pid INTEGER PRIMARY KEY);
        """)
        self.values: dict[int, tuple[str, str]] = {
            vid: (facet, value) for vid, facet, value in self.con.execute("SELECT vid, facet, value FROM vals")
        }
        self.vid_of = {fv: vid for vid, fv in self.values.items()}
        self.analyser = Analyser(index_dir)

    def match_expr(self, q: BenchQuery) -> str | None:
        """Return the FTS5 MATCH expression of a query (None: no text)."""
        if q.match is None:
            return None
        kind, arg = q.match
        if kind == "or":
            # A word that makes several terms ("67/172") is a phrase, as in resolu's schema (multitoken_query).
            words = [self.analyser.terms(w) for w in arg]  # type: ignore[union-attr]
            return " OR ".join(fts_token(t[0]) if len(t) == 1 else '"' + " ".join(map(fts_token, t)) + '"'
                               for t in words if t)
        if kind == "phrase":
            return '"' + " ".join(fts_token(t) for t in self.analyser.terms(str(arg))) + '"'
        return f"{arg}*"

    def _vids(self, facet: str, values: list[str]) -> str:
        return ",".join(str(self.vid_of.get((facet, v), -1)) for v in values)

    def _narrowed(self, has_match: bool, facets: list[str], q: BenchQuery) -> str:
        """Return a SELECT of the pids matching the text and the filters of ``facets``."""
        parts = [f"SELECT pid FROM pf WHERE vid IN ({self._vids(f, q.filters[f])})" for f in facets]
        if has_match:
            parts.insert(0, "SELECT pid FROM m")
        return " INTERSECT ".join(parts)

    def search(self, q: BenchQuery) -> dict[str, Any]:
        """Return the total, the top 20 (with stored text) and every facet's counts."""
        con = self.con
        expr = self.match_expr(q)
        has_match = expr is not None
        con.execute("DELETE FROM m")
        if has_match:
            con.execute("INSERT INTO m SELECT rowid, rank FROM fts WHERE fts MATCH ?", (expr,))
        active = sorted(q.filters)
        if active:
            final = self._narrowed(has_match, active, q)
            total = con.execute(f"SELECT count(*) FROM ({final})").fetchone()[0]
        else:
            total = con.execute("SELECT count(*) FROM m" if has_match else "SELECT count(*) FROM docs").fetchone()[0]
        if has_match:
            cond = f" WHERE pid IN ({self._narrowed(True, active, q)})" if active else ""
            top = [r[0] for r in con.execute(f"SELECT pid FROM m{cond} ORDER BY rank LIMIT 20")]
        else:
            top = [r[0] for r in con.execute(f"SELECT pid FROM ({self._narrowed(False, active, q)}) "
                                             "ORDER BY pid LIMIT 20")] if active else \
                [r[0] for r in con.execute("SELECT pid FROM docs ORDER BY pid LIMIT 20")]
        hits = con.execute(f"SELECT pid, id, text FROM docs WHERE pid IN ({','.join(map(str, top)) or '-1'})"
                           ).fetchall()
        # One GROUP BY pass per distinct set of "other facets' filters".
        groups: dict[tuple[str, ...], list[str]] = {}
        for facet in FACETS:
            groups.setdefault(tuple(f for f in active if f != facet), []).append(facet)
        facets: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        for others, names in groups.items():
            if others:
                con.execute("DELETE FROM s")
                con.execute(f"INSERT INTO s {self._narrowed(has_match, list(others), q)}")
                sql = "SELECT pf.vid, count(*) FROM s CROSS JOIN pf ON pf.pid = s.pid GROUP BY pf.vid"
            elif has_match:
                sql = "SELECT pf.vid, count(*) FROM m CROSS JOIN pf ON pf.pid = m.pid GROUP BY pf.vid"
            else:
                sql = "SELECT vid, count(*) FROM pf GROUP BY vid"
            for vid, count in con.execute(sql):
                facet, value = self.values[vid]
                if facet in names:
                    facets[facet][value] = count
        by_pid = {pid: (pid_id, text) for pid, pid_id, text in hits}
        top_hits = [{"id": by_pid[pid][0], "text": by_pid[pid][1]} for pid in top if pid in by_pid]
        return {"total": total, "hits": len(hits), "facets": facets, "top": top_hits}


# -- tantivy ------------------------------------------------------------------
def _tantivy_schema() -> Any:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("seq", stored=True, indexed=True, fast=True)
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("body", stored=True, tokenizer_name="raw", index_option="basic")
    for f in TEXT_FIELDS:
        sb.add_text_field(f, stored=False, tokenizer_name="whitespace", index_option="position")
    for f in FACETS:
        sb.add_text_field(f, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    return sb.build()


def tantivy_build(records: Path, path: Path, threads: int = 2, index_dir: Path | None = None) -> dict[str, Any]:
    """Build the tantivy index from the same pre-stemmed terms (whitespace tokenizer)."""
    import shutil

    import tantivy

    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    analyser = Analyser(index_dir)
    started = time.perf_counter()
    schema = _tantivy_schema()
    ix = tantivy.Index(schema, path=str(path))
    writer = ix.writer(heap_size=256_000_000, num_threads=threads)
    n = 0
    for r in read_records(records):
        doc = tantivy.Document()
        doc.add_unsigned("seq", r["seq"])
        doc.add_text("id", r["id"])
        # Stored only in practice: a single raw term per paragraph would be useless for search.
        doc.add_text("body", r["text"][:30000])
        for f in TEXT_FIELDS:
            terms = analyser.terms(r[f])
            if terms:
                doc.add_text(f, " ".join(terms))
        for f in FACETS:
            for v in r["facets"][f]:
                doc.add_text(f, v)
        writer.add_document(doc)
        n += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"paragraphs": n, "seconds": time.perf_counter() - started}


class TantivyEngine:
    """Run the query mix on the tantivy index; facets as terms aggregations."""

    def __init__(self, path: Path, index_dir: Path | None = None) -> None:
        import tantivy

        self.t = tantivy
        self.ix = tantivy.Index.open(str(path))
        self.schema = self.ix.schema
        self.searcher = self.ix.searcher()
        self.analyser = Analyser(index_dir)

    def text_query(self, q: BenchQuery) -> Any:
        """Return the tantivy query of the text part (all_query when empty)."""
        t = self.t
        if q.match is None:
            return t.Query.all_query()
        kind, arg = q.match
        subs = []
        for f in TEXT_FIELDS:
            if kind == "or":
                for w in arg:  # type: ignore[union-attr]
                    terms = self.analyser.terms(w)
                    if len(terms) == 1:
                        subs.append((t.Occur.Should, t.Query.term_query(self.schema, f, terms[0])))
                    elif terms:  # several terms ("67/172"): a phrase, as in resolu's schema
                        subs.append((t.Occur.Should, t.Query.phrase_query(self.schema, f, terms)))
            elif kind == "phrase":
                terms = self.analyser.terms(str(arg))
                subs.append((t.Occur.Should, t.Query.phrase_query(self.schema, f, terms)))
            else:
                subs.append((t.Occur.Should, t.Query.regex_query(self.schema, f, re.escape(str(arg)) + ".*")))
        return t.Query.boolean_query(subs)

    def filter_query(self, facet: str, values: list[str]) -> Any:
        """Return the query of one facet filter (values OR-ed)."""
        t = self.t
        return t.Query.boolean_query([(t.Occur.Should, t.Query.term_query(self.schema, facet, v)) for v in values])

    def _and(self, base: Any, facets: list[str], q: BenchQuery) -> Any:
        t = self.t
        if not facets:
            return base
        parts = [(t.Occur.Must, base)]
        parts += [(t.Occur.Must, t.Query.const_score_query(self.filter_query(f, q.filters[f]), 0.0))
                  for f in facets]
        return t.Query.boolean_query(parts)

    def search(self, q: BenchQuery) -> dict[str, Any]:
        """Return the total, the top 20 (with stored text) and every facet's counts."""
        base = self.text_query(q)
        final = self._and(base, sorted(q.filters), q)
        if q.match is None:
            res = self.searcher.search(final, limit=20, count=True, order_by_field="seq", order=self.t.Order.Asc)
        else:
            res = self.searcher.search(final, limit=20, count=True)
        docs = [self.searcher.doc(addr) for _, addr in res.hits]
        hits = [{"id": d["id"][0], "text": d["body"][0]} for d in docs]
        groups: dict[frozenset[str], list[str]] = {}
        for facet in FACETS:
            groups.setdefault(frozenset(f for f in q.filters if f != facet), []).append(facet)
        facets: dict[str, dict[str, int]] = {}
        for others, names in groups.items():
            query = self._and(base, sorted(others), q)
            aggs = {n: {"terms": {"field": n, "size": 10_000_000}} for n in names}
            out = self.searcher.aggregate(query, aggs)
            for n in names:
                facets[n] = {b["key"]: b["doc_count"] for b in out[n]["buckets"]}
        return {"total": res.count, "hits": len(hits), "facets": facets, "top": hits}
