"""Define the errors resolu reports to its users instead of tracebacks."""

from __future__ import annotations


class ResoluError(Exception):
    """Base class for errors shown to the user as a clear message."""

    exit_code = 1


class ParseError(ResoluError):
    """Report a source that cannot be read as a resolution, naming file and line."""

    exit_code = 2

    def __init__(self, message: str, source: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or "<texte>"
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class QuerySyntaxError(ResoluError):
    """Report a query the search syntax cannot parse."""

    exit_code = 2


class QueryTooLongError(QuerySyntaxError):
    """Report a query with more distinct words than a search takes: a pasted paragraph, for the finder."""


class IndexMissingError(ResoluError):
    """Report that no usable index exists where one was expected."""

    exit_code = 3


class IndexFormatError(IndexMissingError):
    """Report an index written in another format than this version of resolu reads."""

    exit_code = 3

    def __init__(self, path: str, found: int, expected: int) -> None:
        older = "antérieure" if found < expected else "postérieure"
        super().__init__(
            f"index {path} construit par une version {older} de resolu (format {found}, attendu {expected}) : "
            "reconstruisez-le avec « resolu index »"
        )
        self.found = found
        self.expected = expected
