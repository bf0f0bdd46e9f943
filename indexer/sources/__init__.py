"""Read resolution sources (Markdown and OCR text) into the model: parsing, markup, footnotes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from indexer.errors import ResoluError

SOURCE_SUFFIXES = (".md", ".txt", ".markdown")


def source_files(sources: Iterable[str | Path]) -> list[Path]:
    """List the resolution files under the given files and folders, sorted."""
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                and p.name.upper() not in ("README.MD", "SOURCES.MD")
            )
        elif path.is_file():
            found.append(path)
        else:
            raise ResoluError(f"{path}: fichier ou dossier introuvable")
    return found
