"""List, read and parse resolution sources: plain files and members of compressed archives.

The default collection ships as ``.tar.xz`` archives in ``seeds/`` (the
French AKN4UN XML is 130 MB of text). An archive is read as a stream, once
per reader, never unpacked on disk: ``read_sources`` walks each archive in
order and hands over the members asked for. The parser is chosen from the
content, never from the name: AKN4UN XML, OCR text or Markdown.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ParseError, ResoluError
from indexer.model import Resolution

SOURCE_SUFFIXES = (".md", ".txt", ".markdown", ".xml")
ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".tar")
# Documentation beside the resolutions, not resolutions.
NOT_RESOLUTIONS = ("README.MD", "SOURCES.MD")


@dataclass(frozen=True)
class Source:
    """One resolution file: a plain file, or a member of an archive."""

    path: Path
    member: str | None = None
    size: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.member}" if self.member else str(self.path)


def is_archive(path: Path) -> bool:
    """Tell whether a file is an archive of sources, by its name."""
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def _is_source_name(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(SOURCE_SUFFIXES) and base.upper() not in NOT_RESOLUTIONS \
        and not base.upper().endswith("SOURCES.MD")


def archive_members(path: Path) -> list[Source]:
    """List the resolution files inside an archive, in archive order."""
    try:
        with tarfile.open(path) as tar:
            return [Source(path, m.name, m.size) for m in tar if m.isfile() and _is_source_name(m.name)]
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ResoluError(f"{path}: archive illisible ({exc})") from None


def source_files(sources: Iterable[str | Path]) -> list[Source]:
    """List the resolution files under the given files, folders and archives, sorted."""
    found: list[Source] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if not p.is_file():
                    continue
                if is_archive(p):
                    found.extend(archive_members(p))
                elif _is_source_name(p.name):
                    found.append(Source(p, None, p.stat().st_size))
        elif path.is_file():
            found.extend(archive_members(path) if is_archive(path) else [Source(path, None, path.stat().st_size)])
        else:
            raise ResoluError(f"{path}: fichier ou dossier introuvable")
    return found


def read_sources(sources: list[Source]) -> Iterator[tuple[Source, bytes | ParseError]]:
    """Yield each source with its bytes (or the error reading it), in the order given.

    Consecutive members of one archive are read in one pass over it.
    """
    i = 0
    while i < len(sources):
        src = sources[i]
        if src.member is None:
            try:
                yield src, src.path.read_bytes()
            except OSError as exc:
                yield src, ParseError(f"lecture impossible ({exc.strerror or exc})", str(src))
            i += 1
            continue
        j = i
        while j < len(sources) and sources[j].path == src.path and sources[j].member is not None:
            j += 1
        yield from _read_archive(sources[i:j])
        i = j


def _read_archive(wanted: list[Source]) -> Iterator[tuple[Source, bytes | ParseError]]:
    by_name = {s.member: s for s in wanted}
    got: dict[str, bytes | ParseError] = {}
    order = [s.member for s in wanted]
    nxt = 0
    try:
        with tarfile.open(wanted[0].path, mode="r|*") as tar:
            for member in tar:
                if member.name not in by_name:
                    continue
                f = tar.extractfile(member)
                src = by_name[member.name]
                got[member.name] = f.read() if f is not None else ParseError("membre illisible", str(src))
                # Hand members over as soon as their turn comes, keeping the order given.
                while nxt < len(order) and order[nxt] in got:
                    yield by_name[order[nxt]], got.pop(order[nxt])
                    nxt += 1
    except (tarfile.TarError, OSError, EOFError) as exc:
        for name in order[nxt:]:
            yield by_name[name], got.pop(name, ParseError(f"archive illisible ({exc})", str(by_name[name])))
        return
    for name in order[nxt:]:
        yield by_name[name], got.pop(name, ParseError("absent de l'archive", str(by_name[name])))


def parse_bytes(data: bytes, source: str = "") -> Resolution:
    """Parse one resolution from its bytes, choosing the parser from the content."""
    from indexer.sources import akn, markdown  # noqa: PLC0415 - the parsers import this package

    if akn.looks_like_akn(data[:4096]):
        return akn.parse_akn(data, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"le fichier n'est pas en UTF-8 (octet {exc.start})", source) from None
    return markdown.parse_text(text, source)


def parse_path(path: str | Path) -> Resolution:
    """Read and parse one resolution file of any form; raise ParseError with its name."""
    path = Path(path)
    try:
        if path.exists() and not path.is_file():
            # A FIFO or a device would block the read forever; a folder is not a file.
            raise ParseError("n'est pas un fichier ordinaire (dossier, tube ou périphérique)", str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"lecture impossible ({exc.strerror or exc})", str(path)) from None
    return parse_bytes(data, str(path))
