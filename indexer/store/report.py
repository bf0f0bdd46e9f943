"""Say what a build did: its report, and the statistics each indexed file adds to it.

A worker prepares a file (:func:`indexer.store.build.prepare`) and computes
its :class:`FileStats` from the parsed text and its records; the building
process adds those of the files it keeps (:meth:`BuildReport.add`). The
statistics are the corpus measures ``resolu index`` prints: operative
paragraphs found against numbered source lines, recognised verbs, the AKN
markup's italic openings, unclassified text, English pairing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from indexer.model import OPERATIVE, OTHER, PREAMBULAR, Paragraph, Resolution
from indexer.sources.read import Passed
from indexer.store.records import UNLISTED

# Anchors of annex text (A-annex-…, annex2-…): counted apart, not as unclassified text.
_ANNEX_ANCHOR_RE = re.compile(r"(?:[A-Z]-)?annex\d*-")


@dataclass(frozen=True)
class FileStats:
    """What one indexed file adds to the build report (each field adds to the report's field of that name)."""

    resolutions: int = 0
    paragraphs: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    # Characters of text by kind, annex text as "annex".
    chars: Counter[str] = field(default_factory=Counter)
    organs: Counter[str] = field(default_factory=Counter)
    # Text sources: lines that start with an operative paragraph number, and numbered operative paragraphs found.
    numbered_lines: int = 0
    numbered_found: int = 0
    # Preambular and operative paragraphs whose opening verb is in the vocabulary.
    with_verb: int = 0
    # AKN: operative paragraphs with an italic opening, and those whose verb facet says the same.
    italic: int = 0
    italic_match: int = 0
    footnotes_attached: int = 0
    linked: int = 0
    # Paired with an English version: 1, with its French paragraphs and those aligned with an English one.
    english_resolutions: int = 0
    english_paragraphs: int = 0
    english_aligned: int = 0


def file_stats(res: Resolution, records: Sequence[dict[str, Any]], organ: str, numbered_lines: int,
               english: tuple[int, int] | None) -> FileStats:
    """Return the statistics of a French file prepared for the index (``records``: its paragraphs' records).

    ``english`` is (French paragraphs, paragraphs aligned) when the file was
    paired with its English version.
    """
    from indexer.facets.extract import normalise_opening  # noqa: PLC0415 - the vocabulary is the facets'

    kinds: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    numbered = with_verb = italic = italic_match = notes = links = 0
    for p, record in zip(res.paragraphs, records, strict=True):
        kinds[p.kind] += 1
        # Annex text is read as annex text, not left unclassified: counted apart.
        annex = p.kind == OTHER and _ANNEX_ANCHOR_RE.match(p.anchor or "")
        chars["annex" if annex else p.kind] += len(p.text)
        # Against the numbered lines of a text source (AKN numbers are read, not found).
        numbered += res.format != "akn" and p.kind == OPERATIVE and p.number is not None
        has_verb = bool(record["verb"]) and record["verb"] != UNLISTED
        with_verb += has_verb and p.kind in (PREAMBULAR, OPERATIVE)
        # AKN: does the verb facet say what the markup's italic opening says?
        if _italic(res, p):
            italic += 1
            verb = normalise_opening(p.opening)
            italic_match += (verb.value if verb else None) == record["verb"]
        notes += len(p.footnotes)
        links += len(p.links)
    return FileStats(
        resolutions=1, paragraphs=len(res.paragraphs), kinds=kinds, chars=chars, organs=Counter([organ]),
        numbered_lines=numbered_lines, numbered_found=numbered, with_verb=with_verb, italic=italic,
        italic_match=italic_match, footnotes_attached=notes, linked=links,
        english_resolutions=int(english is not None), english_paragraphs=english[0] if english else 0,
        english_aligned=english[1] if english else 0,
    )


def _italic(res: Resolution, p: Paragraph) -> bool:
    return res.format == "akn" and p.kind == OPERATIVE and bool(p.opening)


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

    def add(self, stats: FileStats) -> None:
        """Add the statistics of one indexed file."""
        for f in fields(stats):
            value = getattr(stats, f.name)
            if isinstance(value, Counter):
                getattr(self, f.name).update(value)
            else:
                setattr(self, f.name, getattr(self, f.name) + value)

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
