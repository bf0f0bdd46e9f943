"""Find the English versions among a build's sources, before the French ones are indexed.

An English AKN4UN file (``seeds/akn4un-en.tar.xz``, or an English text left
in a French folder) is never indexed as French: it is read first, in worker
processes, and its paragraphs are handed to the French file of the same
symbol (:func:`indexer.sources.pairing.align`) when that one is prepared.
Files are told apart by the language they declare (``FRBRlanguage``),
checked against the words of the text by the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.errors import ParseError
from indexer.model import Resolution
from indexer.sources.pairing import ENGLISH, declared_language
from indexer.sources.read import Source, parse_bytes, read_sources
from indexer.store.workers import Say, run_forked

# An English text in a folder meant for French ones (security-council/2022/French/ holds two).
_FRENCH_FOLDER_RE = re.compile(r"(^|/)(French|Français|fr)(/|$)", re.I)


@dataclass
class EnglishVersions:
    """The English resolutions of a build, by symbol, and what was noticed reading them."""

    by_symbol: dict[str, Resolution] = field(default_factory=dict)
    # Every source read as English (kept out of the French pass), including set-aside copies.
    sources: set[Source] = field(default_factory=set)
    # (symbol, source, code, message) rows for warnings.tsv.
    notes: list[tuple[str, str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _is_xml(src: Source) -> bool:
    return (src.member or src.path.name).lower().endswith(".xml")


def _read_run(run: list[Source], say: Say | None = None) -> list[tuple[Source, Resolution | str | None]]:
    """Parse the English files of a run; None for a file that is not English (nothing to ``say``)."""
    out: list[tuple[Source, Resolution | str | None]] = []
    for src, data in read_sources(run):
        if isinstance(data, ParseError) or declared_language(data) != ENGLISH:
            # Unreadable files are reported by the French pass, which reads them again.
            continue
        try:
            res = parse_bytes(data, str(src))
        except ParseError as exc:
            out.append((src, str(exc)))
            continue
        # Declared English but written in French: the French pass indexes it.
        out.append((src, res if res.language == ENGLISH else None))
    return out


def find_english(files: Iterable[Source], procs: int) -> EnglishVersions:
    """Read every English AKN file among the sources; keep the latest edition of each symbol."""
    xml = [f for f in files if _is_xml(f)]
    found = EnglishVersions()
    if not xml:
        return found
    parts = procs if procs > 1 and len(xml) >= 32 else 1
    # Dealt out one file each in turn, not cut into contiguous runs: the English files come
    # together (one archive), and contiguous runs gave one worker all of them to parse while
    # the other only sniffed the French ones. Each worker streams every archive (a few
    # seconds) and parses its share of the English files (store/workers.py, as the French pass).
    results = run_forked(_read_run, [xml[i::parts] for i in range(parts)])
    # Back in the sources' order: the latest edition of a symbol and the notes are found in that order.
    place = {src: i for i, src in enumerate(xml)}
    read = sorted((item for run in results for item in run), key=lambda item: place[item[0]])
    for src, res in read:
        if res is None:
            continue
        found.sources.add(src)
        if isinstance(res, str):
            found.errors.append(res)
            continue
        where = src.member or str(src.path)
        if _FRENCH_FOLDER_RE.search(where.replace("\\", "/")):
            found.notes.append((res.symbol, str(src), "english-file",
                                "texte anglais dans un dossier de textes français : lu comme version anglaise"))
        kept = found.by_symbol.get(res.symbol)
        if kept is None or _newer(res, kept):
            found.by_symbol[res.symbol] = res
    return found


def _newer(res: Resolution, kept: Resolution) -> bool:
    return res.edition > kept.edition


def unpaired(found: EnglishVersions, french: set[str]) -> list[tuple[str, str, str, str]]:
    """Return warnings for English versions whose French text is not among the sources (incremental updates)."""
    return [(symbol, res.source, "english-only", "version anglaise sans texte français : non indexée")
            for symbol, res in sorted(found.by_symbol.items()) if symbol not in french]


@lru_cache(maxsize=4096)
def opening_en(opening: str) -> str | None:
    """Return the first word of a French opening's English equivalent ("Rappelant également" → "recalling")."""
    from indexer.facets.extract import normalise_opening  # noqa: PLC0415 - the vocabulary is the facets'

    verb = normalise_opening(opening)
    words = verb.en.split() if verb is not None and verb.en else []
    return words[0].lower() if words else None


def english_of(found: EnglishVersions | None, res: Resolution) -> Resolution | None:
    """Return the English version of a French resolution, if the build found one."""
    return found.by_symbol.get(res.symbol) if found is not None else None

