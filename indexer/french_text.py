"""Say whether the collection holds a resolution's French text, and what is shown when it does not.

A resolution whose sources have only an English version is indexed in
English only (:mod:`indexer.store.english_only`); its metadata says
``"language": "eng"``. Kept apart from the store: the command line, the
coverage and the web pages ask it without loading the index writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The language code of AKN4UN's FRBRlanguage, as a resolution's metadata keeps it.
ENGLISH = "eng"
# What each page of such a resolution says, in these words (issue 23).
NOTICE = "texte français non disponible dans la collection"


def is_english_only(meta: Mapping[str, Any]) -> bool:
    """Tell whether a resolution's metadata is that of an English-only resolution (no French text)."""
    return meta.get("language") == ENGLISH
