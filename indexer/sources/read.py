"""List, read and parse resolution sources: plain files and members of compressed archives.

The default collection ships as ``.tar.xz`` archives in ``seeds/`` (the
French AKN4UN XML is 130 MB of text). An archive is read as a stream, once
per reader, never unpacked on disk: ``read_sources`` walks each archive in
order and hands over the members asked for. The parser is chosen from the
content, never from the name: AKN4UN XML, OCR text or Markdown. The UN's
``data_extract/<year>.json`` records are listed too (a build reads them apart:
:mod:`indexer.store.extracts`); any other JSON is passed over, and said so.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import ParseError, ResoluError
from indexer.model import Resolution
from indexer.sources.data_extract import is_extract_name

SOURCE_SUFFIXES = (".md", ".txt", ".markdown", ".xml")
# A Markdown heading line: the text is the Markdown of an official PDF, never OCR.
MARKDOWN_HEADING_RE = re.compile(r"^#{1,6} ", re.M)
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
    """Tell whether a path or member is read by a build: a resolution file, or data_extract records."""
    if is_extract_name(name):
        # The UN's records of Security Council resolutions (votes, sponsors): read beside the texts.
        return True
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(SOURCE_SUFFIXES) and base.upper() not in NOT_RESOLUTIONS \
        and not base.upper().endswith("SOURCES.MD")


def archive_members(path: Path, passed: list[Passed] | None = None) -> list[Source]:
    """List the resolution files inside an archive, in archive order; name the other files in ``passed``."""
    try:
        with tarfile.open(path) as tar:
            members = [m for m in tar if m.isfile()]
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ResoluError(f"{path}: archive illisible ({exc})") from None
    found = []
    for m in members:
        if _is_source_name(m.name):
            found.append(Source(path, m.name, m.size))
        elif passed is not None:
            # A member not read is said, as a file of a folder is (desktop.ini in the UN's 2000-2019 archive).
            base = m.name.rsplit("/", 1)[-1]
            documentation = base.upper() in NOT_RESOLUTIONS or base.upper().endswith("SOURCES.MD")
            suffix = ("." + base.rsplit(".", 1)[-1]) if "." in base else "sans extension"
            passed.append(Passed(f"{path}:{m.name}", "documentation, pas une résolution" if documentation
                                 else f"type de fichier non lu ({suffix})"))
    return found


@dataclass(frozen=True)
class Passed:
    """A path found under a source folder and not read, with the reason, in French."""

    path: str
    reason: str


def list_sources(sources: Iterable[str | Path]) -> tuple[list[Source], list[Passed]]:
    """List the resolution files under the given files, folders and archives, and every path passed over.

    Nothing is skipped silently: an unreadable folder, a symbolic link that is
    dangling or loops, a tube or device, a file of another type each come back
    with their reason.  Folders are walked in name order; links to folders are
    followed once (a link back to a folder already walked is a loop).
    """
    found: list[tuple[str, list[Source]]] = []
    passed: list[Passed] = []
    for source in sources:
        path = Path(source)
        try:
            st = path.stat()
        except OSError as exc:
            if path.is_symlink():
                raise ResoluError(f"{path}: {_link_reason(exc)}") from None
            if isinstance(exc, FileNotFoundError):
                raise ResoluError(f"{path}: fichier ou dossier introuvable") from None
            raise ResoluError(f"{path}: illisible ({exc.strerror or exc})") from None
        if stat.S_ISDIR(st.st_mode):
            _walk(path, found, passed, {(st.st_dev, st.st_ino)})
        elif stat.S_ISREG(st.st_mode):
            found.append((str(path), archive_members(path, passed) if is_archive(path)
                          else [Source(path, None, st.st_size)]))
        else:
            raise ResoluError(f"{path}: {_SPECIAL}")
    found.sort(key=lambda item: item[0])
    return [s for _, group in found for s in group], passed


_SPECIAL = "n'est pas un fichier ordinaire (tube, socket ou périphérique) : non lu"


def _link_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "lien symbolique en boucle : non suivi"
    if isinstance(exc, FileNotFoundError):
        return "lien symbolique cassé (cible absente) : non suivi"
    return f"lien symbolique illisible ({exc.strerror or exc}) : non suivi"


def _walk(folder: Path, found: list[tuple[str, list[Source]]], passed: list[Passed],
          seen: set[tuple[int, int]]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        passed.append(Passed(str(folder), f"dossier illisible ({exc.strerror or exc}) : non parcouru"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            # ``.git``, ``.DS_Store``: named once, never walked.
            passed.append(Passed(str(path), "caché (nom commençant par un point) : non lu"))
            continue
        try:
            st = path.stat()
        except OSError as exc:
            reason = _link_reason(exc) if entry.is_symlink() else f"illisible ({exc.strerror or exc})"
            passed.append(Passed(str(path), reason))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                passed.append(Passed(str(path), "lien vers un dossier déjà parcouru (boucle) : non suivi"))
                continue
            seen.add(key)
            _walk(path, found, passed, seen)
        elif not stat.S_ISREG(st.st_mode):
            passed.append(Passed(str(path), _SPECIAL))
        elif is_archive(path):
            found.append((str(path), archive_members(path, passed)))
        elif _is_source_name(path.name) or is_extract_name(path.as_posix()):
            found.append((str(path), [Source(path, None, st.st_size)]))
        elif path.name.upper().endswith(NOT_RESOLUTIONS) or path.name.upper().endswith("SOURCES.MD"):
            passed.append(Passed(str(path), "documentation, pas une résolution"))
        else:
            passed.append(Passed(str(path), f"type de fichier non lu ({path.suffix or 'sans extension'})"))


def source_files(sources: Iterable[str | Path]) -> list[Source]:
    """List the resolution files under the given files, folders and archives, sorted."""
    return list_sources(sources)[0]


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
    """Parse one resolution from its bytes, choosing the parser from the content.

    The one place where a source's form is told: AKN4UN XML from its first
    bytes, then, for text, Markdown or OCR (:func:`parse_text`). File names
    and folders never decide.
    """
    from indexer.sources import akn  # noqa: PLC0415 - the parsers import this package

    if akn.looks_like_akn(data[:4096]):
        return akn.parse_akn(data, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"le fichier n'est pas en UTF-8 (octet {exc.start})", source) from None
    return parse_text(text, source)


def parse_text(text: str, source: str = "") -> Resolution:
    """Parse a resolution from its text: the Markdown of an official PDF, or the OCR of a Council volume.

    Markdown when a line is a heading (``# …``); OCR when the text opens on
    a "Résolution N (AAAA)" heading (:func:`indexer.sources.ocr.looks_like_ocr`);
    Markdown otherwise, whose parser says what it cannot read.
    """
    from indexer.sources import markdown, ocr  # noqa: PLC0415 - the parsers import this package

    if not text.strip():
        raise ParseError("fichier vide", source)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not MARKDOWN_HEADING_RE.search(text) and ocr.looks_like_ocr(text):
        return ocr.parse_ocr(text, source)
    return markdown.parse_markdown(text, source)


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
