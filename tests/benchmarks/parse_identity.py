"""Check that two versions of the parsers give the same output on every source file.

A refactoring of a parser (issue 24) must not change a single anchor, text,
footnote or warning. Each version runs in its own process, its source folder
first on the path, and parses every file of the sources as a build reads
them (:func:`indexer.sources.read.list_sources`, archives included); it
writes one line per file: a digest of ``repr()`` of the resolution (every
field: paragraphs, footnotes, warnings) or of the error, and with
``--facets`` a digest of the facets the build extracts from it
(:func:`indexer.facets.extract.extract_resolution`, instruments included).
The two lists are compared file by file.

    python -m tests.benchmarks.parse_identity --old /tmp/base [--facets] [SOURCES…]

``--old`` is a checkout of the code before the change (``git archive BASE
indexer | tar -x -C /tmp/base``). The default sources are
``../shared/corpus/akn4un`` (French XML and the English archives),
``../shared/corpus/security-council`` (OCR), the Markdown of ``seeds/`` and
``tests/data``; ``seeds/*.tar.xz`` are copies of ``../shared/corpus``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "benchmarks" / "out"


def default_sources() -> list[str]:
    """Return the sources compared when none are given: the shared corpora, the Markdown seeds, the test data."""
    shared = ROOT.parent / "shared" / "corpus"
    return [str(shared / "akn4un"), str(shared / "security-council"),
            *sorted(str(p) for p in (ROOT / "seeds").glob("*.md")), str(ROOT / "tests" / "data")]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _child(out: str, facets: bool, sources: list[str]) -> None:
    """Parse every source with the code first on the path; write one line of digests per file."""
    from indexer.errors import ParseError
    from indexer.facets.extract import extract_resolution
    from indexer.sources.data_extract import is_extract_name
    from indexer.sources.read import list_sources, parse_bytes, read_sources

    found, _ = list_sources(sources)
    # The UN's data_extract records are read apart by a build, not parsed as resolutions.
    found = [s for s in found if not is_extract_name(s.member or s.path.as_posix())]
    with open(out, "w", encoding="utf-8") as f:
        for src, data in read_sources(found):
            if isinstance(data, ParseError):
                f.write(f"{src}\tunreadable {_digest(str(data))}\n")
                continue
            try:
                res = parse_bytes(data, str(src))
            except ParseError as exc:
                f.write(f"{src}\terror {_digest(str(exc))}\n")
                continue
            line = f"{src}\t{_digest(repr(res))}\tparagraphs={len(res.paragraphs)}"
            if facets:
                year = res.adopted.year if res.adopted else None
                line += f"\tfacets {_digest(repr(extract_resolution(res.paragraphs, res.organ, year)))}"
            f.write(line + "\n")


def _run(code: str, out: Path, facets: bool, sources: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(code).resolve())}
    args = [sys.executable, __file__, "--child", str(out), *(["--facets"] if facets else []), *sources]
    return subprocess.Popen(args, env=env, cwd=code)


def main(argv: list[str] | None = None) -> int:
    """Parse the sources with both versions, in two processes side by side, and compare."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.parse_identity",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--old", help="source folder of the code before the change")
    parser.add_argument("--new", default=str(ROOT), help="source folder of the code after (this checkout)")
    parser.add_argument("--facets", action="store_true", help="compare the extracted facets too (~5 times slower)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("sources", nargs="*")
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.facets, args.sources)
        return 0
    if not args.old:
        parser.error("--old is required")
    # Each version runs in its own folder: the sources are named from here.
    sources = [str(Path(s).resolve()) for s in args.sources] or default_sources()
    OUT.mkdir(parents=True, exist_ok=True)
    outs = [OUT / "parse-identity-old.tsv", OUT / "parse-identity-new.tsv"]
    start = time.time()
    codes = [p.wait() for p in [_run(args.old, outs[0], args.facets, sources),
                                _run(args.new, outs[1], args.facets, sources)]]
    if any(codes):
        print(f"a version failed (exit {codes})")
        return 1
    old, new = (o.read_text(encoding="utf-8").splitlines() for o in outs)
    differing = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    paragraphs = sum(int(line.split("paragraphs=")[1].split("\t")[0]) for line in new if "paragraphs=" in line)
    errors = sum(1 for line in new if "\terror " in line or "\tunreadable " in line)
    print(f"{len(new)} files ({errors} refused by the parser, compared by their message), "
          f"{paragraphs:,} paragraphs, {time.time() - start:.0f} s")
    for a, b in differing[:20]:
        print(f"- {a}\n+ {b}")
    if differing or len(old) != len(new):
        print(f"{len(differing)} files differ; {len(old)} files before, {len(new)} after")
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
