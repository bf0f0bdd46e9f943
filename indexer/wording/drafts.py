"""Read a whole draft resolution as its paragraphs: pasted text, Markdown, or a Word ``.docx`` (issue 26).

Pure functions: bytes or text in, paragraphs (as written, Markdown marks
removed) out. A draft with blank lines between paragraphs is cut there (the
lines of one block joined, as a PDF wraps them); a draft without any blank
line has one paragraph per line, as Word pastes it.
"""

from __future__ import annotations

import io
import re
import zipfile

from indexer.errors import QuerySyntaxError
from indexer.wording.words import canonical

# Largest file read (a draft of a few hundred paragraphs is well under 1 MB, even as .docx).
MAX_BYTES = 5 * 1024 * 1024
# Most paragraphs checked in one draft, and most characters of text.
MAX_PARAGRAPHS = 400
MAX_CHARS = 400_000
# Longest paragraph: the longest of the default collection has 34,869 characters (an OCR'd annex); a longer one
# is a draft pasted without its line breaks, and boilerplate repeated at such length costs seconds to match
# (335,000 characters in one paragraph: 21 s).
MAX_PARAGRAPH_CHARS = 40_000
DOCX_MAGIC = b"PK\x03\x04"
# Markdown marks that are not text: headings, list bullets, quotes, emphasis.
HEADING_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)")
EMPHASIS_RE = re.compile(r"(\*\*|__|\*(?=\S)|(?<=\S)\*)")
BLANK_RE = re.compile(r"\n[ \t]*\n")


def paragraphs_of_text(text: str) -> list[str]:
    """Return the paragraphs of a pasted or Markdown draft, as written (marks removed, spaces trimmed)."""
    text = canonical(text.replace("\r\n", "\n").replace("\r", "\n"))
    if BLANK_RE.search(text):
        blocks = [" ".join(line.strip() for line in block.split("\n") if line.strip())
                  for block in BLANK_RE.split(text)]
    else:
        blocks = text.split("\n")
    found = []
    for block in blocks:
        block = EMPHASIS_RE.sub("", HEADING_RE.sub("", block)).strip()
        if block:
            found.append(block)
    return found


def paragraphs_of_docx(data: bytes) -> list[str]:
    """Return the non-empty paragraphs of a Word ``.docx`` file, in order (python-docx)."""
    import docx  # noqa: PLC0415 - python-docx is only needed for Word drafts

    if not data.startswith(DOCX_MAGIC):
        raise QuerySyntaxError("ce fichier n'est pas un document Word .docx (ni un texte lisible)")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise QuerySyntaxError(f"document Word illisible ({exc.__class__.__name__}) : "
                               "enregistrez-le au format .docx et réessayez") from None
    return [canonical(p.text).strip() for p in document.paragraphs if p.text.strip()]


def read_draft(data: bytes, name: str = "") -> list[str]:
    """Return the paragraphs of a draft file: Word ``.docx`` (recognised by content), else UTF-8 text or Markdown."""
    if len(data) > MAX_BYTES:
        raise QuerySyntaxError(f"fichier trop volumineux : {len(data) / 1024 / 1024:.1f} Mo, "
                               f"{MAX_BYTES // 1024 // 1024} Mo au plus")
    if not data.strip():
        raise QuerySyntaxError("fichier vide : collez ou envoyez le texte du projet")
    if data.startswith(DOCX_MAGIC) or name.lower().endswith(".docx"):
        return paragraphs_of_docx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise QuerySyntaxError("fichier illisible : ni document Word .docx, ni texte UTF-8 "
                               "(les .doc et .pdf ne sont pas lus : enregistrez le projet en .docx)") from None
    if "\x00" in text:
        raise QuerySyntaxError("fichier binaire : envoyez un document Word .docx, un texte ou du Markdown")
    return paragraphs_of_text(text)


def check_size(paragraphs: list[str]) -> None:
    """Raise a French message unless a draft has text and stays within the limits."""
    if not paragraphs:
        raise QuerySyntaxError("projet vide : collez le texte du projet de résolution")
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise QuerySyntaxError(f"projet trop long : {len(paragraphs)} paragraphes, {MAX_PARAGRAPHS} au plus")
    for number, paragraph in enumerate(paragraphs, 1):
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            raise QuerySyntaxError(f"paragraphe {number} trop long : {len(paragraph)} caractères, "
                                   f"{MAX_PARAGRAPH_CHARS} au plus (séparez les paragraphes par des retours à la "
                                   "ligne)")
    chars = sum(len(p) for p in paragraphs)
    if chars > MAX_CHARS:
        raise QuerySyntaxError(f"projet trop long : {chars} caractères, {MAX_CHARS} au plus")
