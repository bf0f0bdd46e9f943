"""Read the tab-separated vocabularies shipped inside the packages (council_meetings.tsv, instruments.tsv…)."""

from __future__ import annotations

from importlib import resources


def tsv_rows(package: str, name: str, width: int) -> list[list[str]]:
    """Return the data rows of a packaged TSV file, each padded to ``width`` cells.

    Comment lines (``#``), blank lines and the header line (the first line that
    is neither) are skipped: the files say their provenance in comments and name
    their columns in the header.
    """
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    rows: list[list[str]] = []
    header = True
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        rows.append((line.split("\t") + [""] * width)[:width])
    return rows
