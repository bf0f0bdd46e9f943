"""Write a generation's warnings.tsv: what a build or an update noticed, a row each, counted by type.

One row per warning: the symbol (empty for a path not read or a file in
error), the source file, the line, the warning's code and its French
message. The report counts the rows by code as they are added, except the
paths not read and the files in error, which it lists apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

HEADER = "symbole\tfichier\tligne\ttype\tmessage\n"


class WarningRows:
    """The rows of a warnings.tsv being written, counted by code in ``counts`` as they are added."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self.lines: list[str] = []

    def add(self, symbol: str, source: str, line: int, code: str, message: str, *, counted: bool = True) -> None:
        """Add one warning's row (``counted``: also in the report's count of its code)."""
        if counted:
            self.counts[code] += 1
        self.lines.append(f"{symbol}\t{source}\t{line}\t{code}\t{message}\n")

    def not_read(self, path: str, reason: str) -> None:
        """Add the row of a path under the sources that was not read (listed in the report, not counted)."""
        self.add("", path, 0, "not-read", reason, counted=False)

    def errors(self, errors: Iterable[str]) -> None:
        """Add the rows of the files in error (listed in the report, not counted)."""
        for error in errors:
            self.add("", "", 0, "erreur", error, counted=False)

    def write(self, path: Path, kept: Iterable[str] = (HEADER,)) -> None:
        """Write the file: the ``kept`` lines (the header, or a live generation's lines), then the rows added."""
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(kept)
            f.writelines(self.lines)
