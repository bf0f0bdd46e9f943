"""Define the Whoosh schema of the paragraph index and map paragraphs onto it.

One Whoosh document per paragraph. Facet fields are multi-valued lists of
whole values separated by newlines, so values that contain commas or spaces
("droits économiques, sociaux et culturels") stay whole.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from whoosh.fields import ID, IDLIST, NUMERIC, STORED, TEXT, Schema

from indexer.text.analysis import french_analyzer, light_analyzer
from indexer.text.english import english_analyzer
from indexer.text.language import ENGLISH, FRENCH

# A document's place in reading order (the seq field): its file's rank, then its position.
# The stride bounds a file's paragraphs (a larger file is refused, never
# spilled into the next file's range, where a duplicate's range delete would
# leave ghosts or take a neighbour's paragraphs); 64 bits hold 2**43 files.
SEQ_STRIDE = 2**20

# Facet name → index field. The names are the CLI options and URL parameters.
FACETS = ("verb", "addressee", "instrument", "resolution", "kind", "symbol")
LIST_SEPARATOR = "\n"


def make_schema() -> Schema:
    """Return a fresh schema (analyzers are built once per schema)."""
    analyzer = french_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        symbol=ID(stored=True),
        anchor=ID(stored=True),
        eid=ID(stored=True),
        kind=ID(stored=True),
        organ=ID(stored=True),
        # Document order (file rank × 2**20 + position, see store/build.py): a
        # column for sorting, indexed for the range deletes of duplicate
        # resolutions (coarse trie steps: only those deletes query it).
        # Year and position live in the "data" record only: indexed, their
        # numeric terms cost 4 % of a build and no search used them.
        seq=NUMERIC(int, bits=64, stored=True, sortable=True, shift_step=16),
        # Texts are stored once, in the "data" record: storing them again in
        # their own fields would only slow the build and grow the index.
        opening=TEXT(analyzer=analyzer, multitoken_query="phrase"),
        text=TEXT(analyzer=analyzer, multitoken_query="phrase"),
        instruments_text=TEXT(analyzer=analyzer, multitoken_query="phrase"),
        notes=TEXT(analyzer=analyzer, multitoken_query="phrase"),
        # The paragraph text again, lightly stemmed (plurals only): ranks the
        # exact form typed ("travailleuse") above its family ("travailleur").
        light=TEXT(analyzer=light_analyzer(), phrase=False),
        # The aligned English paragraph (issue 16), searched by English queries (lang="en").
        text_en=TEXT(analyzer=english_analyzer(), multitoken_query="phrase"),
        verb=IDLIST(stored=True, expression=r"[^\n]+"),
        addressee=IDLIST(stored=True, expression=r"[^\n]+"),
        instrument=IDLIST(stored=True, expression=r"[^\n]+"),
        resolution=IDLIST(stored=True, expression=r"[^\n]+"),
        data=STORED(),
    )


# The searchable text fields, and their weights relative to the body text.
TEXT_FIELDS = ("text", "opening", "instruments_text", "notes")
# What an English query searches: the English paragraph only.
ENGLISH_FIELDS = ("text_en",)
# Query languages (indexer/text/language.py): the text fields each one searches.
LANGUAGE_FIELDS = {FRENCH.code: TEXT_FIELDS, ENGLISH.code: ENGLISH_FIELDS}


def join_values(values: list[str] | tuple[str, ...]) -> str:
    """Join facet values for an IDLIST field, dropping empties and duplicates."""
    seen: list[str] = []
    for v in values:
        v = v.replace("\n", " ").strip()
        if v and v not in seen:
            seen.append(v)
    return LIST_SEPARATOR.join(seen)


def split_values(stored: str | None) -> list[str]:
    """Split a stored IDLIST value back into its values."""
    return [v for v in (stored or "").split(LIST_SEPARATOR) if v]


def dumps(data: Mapping[str, Any]) -> str:
    """Serialise the stored paragraph record compactly."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
