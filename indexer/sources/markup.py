"""Turn the inline markup of resolution sources into plain text.

Sources carry a little Markdown/HTML: ``*italics*``, ``<sup>N</sup>`` footnote
calls, ``1<sup>er</sup>`` ordinals and ``[A/HRC/15/29](#)`` document links.
These helpers are shared by every source format.
"""

from __future__ import annotations

import re

# An ordinal exponent is letters (1er, 70e, 2nd, XXIe); a footnote call is digits.
SUP_RE = re.compile(r"<sup>\s*([^<]*?)\s*</sup>")
CALL_RE = re.compile(r"<sup>\s*(\d{1,4})\s*[,.;]?\s*</sup>")
LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
ITALIC_RE = re.compile(r"\*+")
SPACE_RE = re.compile(r"[ \t\r\n]+")


def strip_links(text: str) -> str:
    """Replace ``[label](target)`` links by their label: symbols, not links."""
    return LINK_RE.sub(r"\1", text)


def plain(text: str) -> str:
    """Remove markup: italics, links, ordinal exponents; drop footnote calls."""
    return plain_with_calls(text)[0]


def plain_with_calls(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Return the plain text and the footnote calls as (number, offset) pairs.

    The offset is where the call stood in the plain text, so extractors can
    tell which words a footnote documents.
    """
    text = strip_links(text)
    text = SUP_RE.sub(lambda m: m.group(0) if CALL_RE.fullmatch(m.group(0)) else m.group(1), text)
    text = ITALIC_RE.sub("", text)
    text = SPACE_RE.sub(" ", text).strip()
    plain_text, calls = cut_calls(text, CALL_RE)
    return plain_text.strip(), tuple(calls)


SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def cut_calls(text: str, pattern: re.Pattern[str]) -> tuple[str, list[tuple[int, int]]]:
    """Remove the footnote calls ``pattern`` finds; return (number, offset) for each.

    The number is the first group that matched (superscript digits read as
    digits); the offset is where the call stood in the returned text.
    """
    calls: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    length = 0
    for m in pattern.finditer(text):
        chunk = text[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        number = next(g for g in m.groups() if g is not None).translate(SUPERSCRIPT_DIGITS)
        calls.append((int(number), length))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), calls
