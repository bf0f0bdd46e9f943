"""Hold a paragraph of a text source while it is assembled, before it is given its anchor.

The Markdown and OCR parsers (:mod:`indexer.sources.markdown`,
:mod:`indexer.sources.ocr`) both cut the text into blocks of lines, join
the blocks of one paragraph and only then number and anchor the paragraphs;
each adds the fields of its own form to :class:`TextDraft`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TextDraft:
    """A paragraph being assembled from one or more blocks of a text source."""

    kind: str
    # The paragraph's source text (Markdown or OCR), its blocks joined.
    raw: str
    # The source lines it was read from (for warnings).
    lines: list[int]
    part: str | None = None
    number: str | None = None
