"""Clean and tokenise paragraph text the way every facet extractor reads it.

Footnote calls are cut out and kept as offsets; tokens are lower case, with the
agreeing adjectives of openings in the masculine singular and the additive
adverbs of the vocabulary droppable; OCR line-break hyphens can be rejoined.
"""

from __future__ import annotations

import functools
import re

from indexer.facets import vocabulary as voc
from indexer.sources.markup import cut_calls

# ---------------------------------------------------------------------------
# Text cleaning
# ---------------------------------------------------------------------------

CALL_RE = re.compile(r"<sup>\s*(\d+)\s*</sup>|\[\^(\d+)\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ORDINAL_RE = re.compile(r"<sup>\s*(?:er|e|re|ème)\s*</sup>")


def clean_text(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Return text without markup, and the footnote calls as (position, number)."""
    text = text.replace("’", "'").replace("\u02bc", "'").replace("\u00a0", " ").replace("\u202f", " ")
    # Each substitution only where its pattern's fixed part is printed: most paragraphs have neither.
    if "](" in text:
        text = _LINK_RE.sub(r"\1", text)  # Markdown links keep their label
    if "<sup>" in text:
        text = _ORDINAL_RE.sub("", text)  # 1<sup>er</sup> is no call
    text = text.replace("*", "")
    plain, calls = cut_calls(text, CALL_RE)
    return plain, [(offset, number) for number, offset in calls]


def norm_apostrophes(s: str) -> str:
    """Replace typographic apostrophes by the straight one."""
    return s.replace("’", "'").replace("\u02bc", "'")


@functools.cache
def required_text(pattern: str) -> str:
    """Return the longest run of fixed characters every match of a pattern holds ("" when none can be told).

    The top level of a pattern is a sequence: its literal characters are in every match, in a row.
    ``re._parser`` is the standard library's own reading of a pattern.
    """
    from re import _parser  # noqa: PLC0415 - only extraction needs it, once per pattern

    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return ""
    if parsed.state.flags & re.IGNORECASE:
        return ""
    best = run = ""
    for op, arg in parsed:
        if op is _parser.LITERAL:
            run += chr(arg)
        else:
            best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


# ---------------------------------------------------------------------------
# Opening verbs
# ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*'?|\d+|[^\s\w]")


def _agreement_map() -> dict[str, str]:
    """Map each inflected form of the agreeing adjectives to its masculine singular."""
    forms: dict[str, str] = {}
    for lemma in voc.AGREEING_ADJECTIVES:
        if lemma.endswith("ment"):
            forms[lemma] = lemma
            continue
        if lemma.endswith("eux"):
            stems = [lemma, lemma[:-1] + "se", lemma[:-1] + "ses"]
        elif lemma.endswith("et"):
            stems = [lemma, lemma[:-2] + "ète", lemma[:-2] + "ets", lemma[:-2] + "ètes"]
        else:
            stems = [lemma, lemma + "e", lemma + "s", lemma + "es"]
        for form in stems:
            forms[form] = lemma
    return forms


AGREEMENT = _agreement_map()
_ADVERBS = [tuple(a.split()) for a in voc.ADDITIVE_ADVERBS]
# Adverbs by their first word, longest first: the scan below runs on every
# token of every paragraph, so it must not try each adverb at each position.
_ADVERBS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _adv in sorted(_ADVERBS, key=len, reverse=True):
    _ADVERBS_BY_FIRST.setdefault(_adv[0], []).append(_adv)
ADVERB_FIRST_WORDS = frozenset(_ADVERBS_BY_FIRST)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Return (normalised token, start, end) for each word or punctuation mark."""
    return list(_cached_tokens(text))


@functools.lru_cache(maxsize=16)
def _cached_tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    # The opening verb, the secondary verbs and the addressees of one
    # paragraph each tokenise it: once is enough.
    out = []
    for m in _TOKEN_RE.finditer(norm_apostrophes(text)):
        tok = m.group(0).lower()
        out.append((AGREEMENT.get(tok, tok), m.start(), m.end()))
    return tuple(out)


def drop_adverbs(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Remove the additive adverbs (également, en outre…) from a token list."""
    # Most token lists hold no adverb's first word: copied as they are (the same token objects).
    for i in range(len(toks)):
        if toks[i][0] in _ADVERBS_BY_FIRST:
            break
    else:
        return list(toks)
    out = list(toks[:i])
    n = len(toks)
    while i < n:
        for adv in _ADVERBS_BY_FIRST.get(toks[i][0], ()):
            if tuple(t[0] for t in toks[i:i + len(adv)]) == adv:
                i += len(adv)
                break
        else:
            out.append(toks[i])
            i += 1
    return out



_HYPHEN_RE = re.compile(r"(?<![\w'])([^\W\d_]+(?:'[^\W\d_]+)?)-\s?([a-zàâçéèêëîïôûùüÿœ][^\W\d_]*)")


def rejoin_hyphens(text: str) -> str:
    """Rejoin words an OCR line-break hyphen split ("Nacio-nal", "ira-quien"), keep real compounds.

    A compound keeps its hyphen when its first part is a known prefix
    ("sud-soudanais", "sous-régionales") or a compound adjective in -o
    ("israélo-palestinien"), or when its second part is a known word ("ci-dessus").
    """
    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        low = left.lower()
        if low in voc.HYPHEN_PREFIXES or right in voc.HYPHEN_SUFFIXES or (left.islower() and low.endswith("o")):
            return m.group(0)
        return left + right

    return _HYPHEN_RE.sub(join, text) if "-" in text else text


