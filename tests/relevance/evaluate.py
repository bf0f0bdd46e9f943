"""Measure resolu's first ten results against judged queries and an FTS5 baseline.

Run ``python -m tests.relevance.evaluate [--index DIR] [--judgments PATH]
[--per-query] [--json] [--explain] [--group wording|cards]``. The judged queries live in
``judgments.toml`` beside this file, with the fixed list of resolution files
they were written over; ``--judgments`` scores another set in the same format
instead (e.g. the held-out ``heldout.toml``, never used for tuning). One run
indexes exactly those files twice, with resolu (``indexer.store.build``) and with a
plain SQLite FTS5 table (``unicode61 remove_diacritics 2``, bm25, query words
OR-ed), and scores both on the same paragraphs.

Metrics, at k = 10:

* nDCG@10 with exponential gain ``2**grade - 1`` and a ``log2(rank + 1)``
  discount; the ideal ranking is built from every judged paragraph, so a
  relevant paragraph the engine never returns costs score.
* recall@10 over paragraphs of grade ≥ 1, divided by ``min(|relevant|, 10)``
  so that a perfect ranking scores 1 even when more than ten are relevant.
* A *negative* query has no relevant paragraph; both metrics are 1 when the
  engine returns nothing and 0 when it returns anything (whatever it returns
  is by definition not relevant).

Category and overall figures are plain means over queries. The run also
checks that accent-free input behaves exactly like accented input: every
accent-free query is run beside its accented twin and every accented query
beside its accent-stripped form, and the two rankings must be identical.

A set whose ``[corpus]`` says ``lang = "en"`` (``english.toml``) holds English
queries: resolu searches with ``lang="en"`` (English text, French paragraphs
returned, keyed by the same symbol and anchor) and the FTS5 baseline indexes
the English paragraphs of the files with its own English stemmer
(``porter unicode61 remove_diacritics 2``). Accent pairs are a French check.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import sys
import tempfile
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.errors import QuerySyntaxError
from indexer.search.engine import Engine
from indexer.sources.read import parse_path
from indexer.store.build import build_index

ROOT = Path(__file__).resolve().parents[2]
JUDGMENTS = Path(__file__).with_name("judgments.toml")
K = 10
CATEGORIES = ("topic", "phrase", "accent_free", "inflection", "derivation", "acronym", "negative")
# English sets only (english.toml): agreed-language wording, one word.
ENGLISH_CATEGORIES = ("phrase-like", "keyword")
# Query language → the language code of the texts searched and the FTS5 tokenizer of the baseline.
LANGUAGES = {"fr": ("fra", "unicode61 remove_diacritics 2"), "en": ("eng", "porter unicode61 remove_diacritics 2")}
# Homographs that accent folding merges (homographs.toml): the typed form ranks
# first, so the accent-free and accented forms are meant to rank differently.
HOMOGRAPH = "homograph"
ENGINES = ("resolu", "fts5")


@dataclass(frozen=True)
class JudgedQuery:
    """Hold one query with its category and graded relevant paragraphs."""

    id: str
    text: str
    category: str
    relevant: Mapping[str, int]
    accented: str | None = None
    note: str = ""


@dataclass
class Judgments:
    """Hold the judged query set and the fixed corpus sample it was written over."""

    files: list[Path]
    queries: list[JudgedQuery] = field(default_factory=list)
    lang: str = "fr"


# -- metrics -----------------------------------------------------------------

def dcg(gains: Iterable[float]) -> float:
    """Return the discounted cumulative gain of gains listed in rank order."""
    return sum(g / math.log2(rank + 2) for rank, g in enumerate(gains))


def ndcg_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int = K) -> float:
    """Return nDCG@k of a ranking; a query with no relevant paragraph wants no result."""
    if not relevant:
        return 1.0 if not ranked else 0.0
    gains = [2 ** relevant.get(key, 0) - 1 for key in ranked[:k]]
    ideal = sorted((2**g - 1 for g in relevant.values()), reverse=True)[:k]
    return dcg(gains) / dcg(ideal)


def recall_at_k(ranked: Sequence[str], relevant: Mapping[str, int], k: int = K) -> float:
    """Return the share of relevant paragraphs (grade ≥ 1) found in the top k, capped at k."""
    if not relevant:
        return 1.0 if not ranked else 0.0
    wanted = {key for key, grade in relevant.items() if grade >= 1}
    found = len(wanted.intersection(ranked[:k]))
    return found / min(len(wanted), k)


# -- judgments ---------------------------------------------------------------

def load_judgments(path: Path = JUDGMENTS) -> Judgments:
    """Read and check the judged query set; raise ValueError on a malformed entry."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    files = [ROOT / name for name in data["corpus"]["files"]]
    lang = data["corpus"].get("lang", "fr")
    if lang not in LANGUAGES:
        raise ValueError(f"{path.name}: langue inconnue {lang!r} (valeurs : {', '.join(LANGUAGES)})")
    queries: list[JudgedQuery] = []
    seen: set[str] = set()
    for entry in data["query"]:
        q = JudgedQuery(
            id=entry["id"], text=entry["text"], category=entry["category"],
            relevant=dict(entry.get("relevant", {})), accented=entry.get("accented"),
            note=entry.get("note", ""),
        )
        problem = _problem(q, seen)
        if problem:
            raise ValueError(f"{path.name}: requête {q.id!r} : {problem}")
        seen.add(q.id)
        queries.append(q)
    return Judgments(files=files, queries=queries, lang=lang)


def _problem(q: JudgedQuery, seen: set[str]) -> str:
    if q.id in seen:
        return "identifiant en double"
    if q.category not in (*CATEGORIES, *ENGLISH_CATEGORIES, HOMOGRAPH):
        return f"catégorie inconnue {q.category!r}"
    if any(grade not in (1, 2) for grade in q.relevant.values()):
        return "les notes valent 1 ou 2"
    if (q.category == "negative") != (not q.relevant):
        return "seules les requêtes négatives n'ont aucun paragraphe pertinent"
    if q.category == "accent_free" and not q.accented:
        return "une requête sans accents indique sa forme accentuée (accented)"
    return ""


# -- engines -----------------------------------------------------------------

def paragraphs_of(files: Sequence[Path], lang: str = "fr") -> dict[str, str]:
    """Return every paragraph of the files in the language as ``{"SYMBOL#anchor": text}``."""
    out: dict[str, str] = {}
    for path in files:
        resolution = parse_path(path)
        if resolution.language != LANGUAGES[lang][0]:
            continue
        for p in resolution.paragraphs:
            out[f"{resolution.symbol}#{p.anchor}"] = p.text
    return out


class Fts5Baseline:
    """Rank paragraphs with SQLite FTS5 and bm25, query words OR-ed: the generic engine."""

    def __init__(self, paragraphs: Mapping[str, str], lang: str = "fr") -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(f"CREATE VIRTUAL TABLE p USING fts5(key UNINDEXED, text, tokenize='{LANGUAGES[lang][1]}')")
        self.db.executemany("INSERT INTO p (key, text) VALUES (?, ?)", paragraphs.items())

    def search(self, text: str, k: int = K) -> list[str]:
        """Return the keys of the k best paragraphs for the words of text."""
        # Every word is quoted so that user punctuation and FTS keywords
        # (AND, NOT, NEAR, "-", "*") are searched as plain words.
        words = re.findall(r"\w+", text)
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute("SELECT key FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?", (match, k))
        return [key for (key,) in rows]

    def close(self) -> None:
        """Close the in-memory database."""
        self.db.close()


class ResoluRunner:
    """Run judged queries through resolu's search engine, as users would type them."""

    def __init__(self, index_dir: Path, lang: str = "fr", group: str = "none") -> None:
        self.engine = Engine(index_dir)
        self.lang = lang
        # "wording": the first k cards of the page, each counted as its leading paragraph;
        # "cards": the same cards, each followed by the versions it lists (the first k paragraphs so read).
        self.group = group

    def search(self, text: str, k: int = K) -> list[str]:
        """Return the keys of resolu's first k hits; a refused query returns nothing."""
        try:
            result = self.engine.search(text, per_page=k, lang=self.lang,
                                        group="none" if self.group == "none" else "wording")
        except QuerySyntaxError:
            return []
        if self.group == "cards":
            # Each card's leader, then the versions it lists (as the exports give them), k in all.
            return [key for h, card in zip(result.hits, result.cards or [], strict=True)
                    for key in [f"{h.symbol}#{h.anchor}", *(f"{v.symbol}#{v.anchor}" for v in card.versions)]][:k]
        return [f"{h.symbol}#{h.anchor}" for h in result.hits]

    def close(self) -> None:
        """Close the engine's searcher."""
        self.engine.close()


# -- evaluation --------------------------------------------------------------

def evaluate(index_dir: str | Path | None = None, judgments_path: Path = JUDGMENTS,
             group: str = "none") -> dict[str, Any]:
    """Score resolu and the FTS5 baseline on every judged query; return all figures.

    Without index_dir, resolu's index is built in a temporary folder from the
    judged files; with it, that prebuilt index is searched as is. ``group``
    is resolu's grouping ("wording": the page's cards, each its leader).
    """
    judgments = load_judgments(judgments_path)
    paragraphs = paragraphs_of(judgments.files, judgments.lang)
    if index_dir is None:
        with tempfile.TemporaryDirectory(prefix="resolu-relevance-") as tmp:
            build_index(judgments.files, tmp)
            return _run(judgments, paragraphs, Path(tmp), group)
    return _run(judgments, paragraphs, Path(index_dir), group)


def _run(judgments: Judgments, paragraphs: Mapping[str, str], index_dir: Path, group: str = "none"
         ) -> dict[str, Any]:
    resolu = ResoluRunner(index_dir, judgments.lang, group)
    fts5 = Fts5Baseline(paragraphs, judgments.lang)
    try:
        rows = []
        for q in judgments.queries:
            row: dict[str, Any] = {"id": q.id, "text": q.text, "category": q.category,
                                   "relevant": dict(q.relevant)}
            for name, runner in (("resolu", resolu), ("fts5", fts5)):
                ranked = runner.search(q.text)
                row[name] = {"ndcg": ndcg_at_k(ranked, q.relevant), "recall": recall_at_k(ranked, q.relevant),
                             "ranked": ranked}
            rows.append(row)
        accents = [_accent_pair(q, resolu) for q in judgments.queries
                   if judgments.lang == "fr" and q.category != HOMOGRAPH
                   and (q.accented or strip_accents(q.text) != q.text)]
    finally:
        resolu.close()
        fts5.close()
    missing = sorted({key for q in judgments.queries for key in q.relevant if key not in paragraphs})
    return {
        "k": K,
        "lang": judgments.lang,
        "queries": rows,
        "overall": _means(rows),
        "categories": {c: _means([r for r in rows if r["category"] == c])
                       for c in (*CATEGORIES, *ENGLISH_CATEGORIES, HOMOGRAPH)},
        "accent_pairs": accents,
        "missing": missing,
        "paragraphs": len(paragraphs),
        "files": [str(p.relative_to(ROOT)) for p in judgments.files],
    }


def strip_accents(text: str) -> str:
    """Return text as typed on a keyboard without accents: "Œuvre été" → "Oeuvre ete"."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _accent_pair(q: JudgedQuery, resolu: ResoluRunner) -> dict[str, Any]:
    # The issue asks that bare and accented input behave *exactly* alike:
    # compare the two rankings, not just their scores. Accent-free queries
    # are compared with their accented twin, every other accented query with
    # its own accent-stripped form.
    accented = q.accented or q.text
    bare = q.text if q.accented else strip_accents(q.text)
    bare_ranked, accented_ranked = resolu.search(bare), resolu.search(accented)
    return {"id": q.id, "text": bare, "accented": accented, "same": bare_ranked == accented_ranked,
            "ranked": bare_ranked, "accented_ranked": accented_ranked}


def _means(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(rows)}
    for name in ENGINES:
        out[name] = {
            metric: (sum(r[name][metric] for r in rows) / len(rows)) if rows else 0.0
            for metric in ("ndcg", "recall")
        }
    return out


# -- report ------------------------------------------------------------------

def format_report(result: Mapping[str, Any], per_query: bool = False, explain: bool = False) -> str:
    """Return the figures as aligned text tables."""
    lines = [
        f"{len(result['queries'])} requêtes jugées, {result['paragraphs']} paragraphes, "
        f"{len(result['files'])} fichiers ; k = {result['k']} ; langue des requêtes : {result.get('lang', 'fr')}",
        "",
        f"{'':<14}{'n':>4}  {'nDCG resolu':>11} {'nDCG FTS5':>10}  {'R resolu':>9} {'R FTS5':>7}",
    ]

    def figures(label: str, m: Mapping[str, Any]) -> str:
        r, b = m["resolu"], m["fts5"]
        flag = "  <" if r["ndcg"] < b["ndcg"] else ""
        return (f"{label:<14}{m['n']:>4}  {r['ndcg']:>11.3f} {b['ndcg']:>10.3f}  "
                f"{r['recall']:>9.3f} {b['recall']:>7.3f}{flag}")

    lines.append(figures("ENSEMBLE", result["overall"]))
    lines += [figures(c, m) for c, m in result["categories"].items() if m["n"]]
    lines.append("(« < » : la référence FTS5 fait mieux que resolu en nDCG)")
    if per_query:
        lines += ["", f"{'requête':<18}{'catégorie':<13}{'nDCG r':>7}{'nDCG b':>7}{'R r':>6}{'R b':>6}  texte"]
        for row in result["queries"]:
            r, b = row["resolu"], row["fts5"]
            lines.append(f"{row['id']:<18}{row['category']:<13}{r['ndcg']:>7.2f}{b['ndcg']:>7.2f}"
                         f"{r['recall']:>6.2f}{b['recall']:>6.2f}  {row['text']}")
    if explain:
        lines += ["", "Détail des requêtes où resolu n'est pas parfait :"]
        for row in sorted(result["queries"], key=lambda r: r["resolu"]["ndcg"]):
            if row["resolu"]["ndcg"] >= 1.0:
                continue
            lines.append(f"\n{row['id']} [{row['category']}] {row['text']!r}  "
                         f"nDCG {row['resolu']['ndcg']:.2f} (FTS5 {row['fts5']['ndcg']:.2f})")
            for rank, key in enumerate(row["resolu"]["ranked"], 1):
                lines.append(f"  {rank:>2}. {key}  [{row['relevant'].get(key, 0)}]")
            absent = [k for k in row["relevant"] if k not in row["resolu"]["ranked"]]
            if absent:
                lines.append("  manquants : " + ", ".join(f"{k} [{row['relevant'][k]}]" for k in absent))
    differing = [p for p in result["accent_pairs"] if not p["same"]]
    lines += ["", f"Paires sans accents / accentuées : {len(result['accent_pairs']) - len(differing)}"
                  f"/{len(result['accent_pairs'])} identiques"]
    lines += [f"  diffère : {p['text']!r} / {p['accented']!r}" for p in differing]
    if result["missing"]:
        lines += ["", "Paragraphes jugés absents du corpus (ancres changées ?) :", *result["missing"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the relevance figures; return 1 when judged paragraphs are missing."""
    parser = argparse.ArgumentParser(prog="python -m tests.relevance.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--index", help="index resolu déjà construit sur les mêmes fichiers")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS,
                        help="jeu de requêtes jugées (défaut : judgments.toml ; ex. tests/relevance/heldout.toml)")
    parser.add_argument("--per-query", action="store_true", help="afficher les chiffres de chaque requête")
    parser.add_argument("--explain", action="store_true", help="détailler les requêtes imparfaites")
    parser.add_argument("--json", action="store_true", help="sortie JSON complète")
    parser.add_argument("--group", choices=("none", "wording", "cards"), default="none",
                        help="regroupement de resolu : none (un résultat par paragraphe, défaut), wording "
                             "(un par libellé, comme la page, chaque carte comptée pour son paragraphe de tête) "
                             "ou cards (les mêmes cartes, chacune suivie des versions qu'elle liste)")
    args = parser.parse_args(argv)
    result = evaluate(args.index, judgments_path=args.judgments, group=args.group)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(format_report(result, per_query=args.per_query, explain=args.explain))
    return 1 if result["missing"] else 0


if __name__ == "__main__":
    sys.exit(main())
