"""Declare the languages resolu searches, and what their analyzers share (Sphinx's ``SearchLanguage`` pattern).

Each language has a code (the ``lang`` parameter of the CLI, the API and the
pages), its French name (shown on the pages) and its tag in a translation
memory (TMX). Its analysis lives in its own module (:mod:`indexer.text.analysis`
for French, :mod:`indexer.text.english`), as a :class:`TermFilter`: the loop
that drops stop words and renumbers positions is written once, here; each
language says only how one raw token becomes its index term.

Adding a language: its entry in :data:`LANGUAGES`, its analysis module, the
text fields it searches in :data:`indexer.store.schema.LANGUAGE_FIELDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from whoosh.analysis import Filter, Token


@dataclass(frozen=True)
class Language:
    """One query language: ``code`` as the parameters write it, ``name`` in French, ``tmx`` tag."""

    code: str
    name: str
    tmx: str


FRENCH = Language("fr", "français", "fr-FR")
ENGLISH = Language("en", "anglais", "en")
# Query languages by code, French (the default, the official text shown) first.
LANGUAGES = {lang.code: lang for lang in (FRENCH, ENGLISH)}
DEFAULT_LANG = FRENCH.code


class TermFilter(Filter):
    """Turn tokens into one language's index terms; stop words are dropped, positions renumbered.

    A subclass gives :meth:`term_function`: raw token → (term or None for a
    stop word, characters to skip at its start). Subclasses are pickled with
    the schema by their module path: they stay where they are defined.
    """

    def term_function(self) -> Callable[[str], tuple[str | None, int]]:
        """Return how one raw token becomes an index term (called once per stream of tokens)."""
        raise NotImplementedError

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        term_of = self.term_function()
        pos = None
        for t in tokens:
            term, offset = term_of(t.text)
            if offset and t.chars:
                t.startchar += offset
            if t.positions:
                if pos is None:
                    pos = t.pos
                t.pos = pos
            if term is None:
                if t.removestops:
                    continue
                t.stopped = True
            else:
                t.stopped = False
                t.text = term
                if pos is not None:
                    pos += 1
            yield t
