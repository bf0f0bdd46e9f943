"""Name States in French as the United Nations does, from the English names AKN4UN records.

Voting lists (``ALGERIA``, ``TÜRKİYE``) and sponsor lists ("Brazil, Colombia,
the Russian Federation, Thailand and Viet Nam") are in English in every
language version of the files. ``states.tsv`` (UN names in English and
French, with the other spellings met in the files: see states.SOURCES.md)
turns each into the French name a delegate reads in the French documents.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

from indexer.model import Warning as Notice

# "Poland (on behalf of the States Members … of the European Union)", "(in its capacity as …)":
# qualifiers that may hold " and " and brackets of their own.
QUALIFIER_RE = re.compile(r"\s*\((?:on behalf of|in its capacity as)(?:[^()]|\([^()]*\))*\)", re.IGNORECASE)
# ". - Viet Nam was removed from the list of sponsors", "Removes Czechia from the list of sponsors".
REMOVAL_RE = re.compile(r"(?:\.\s*-|;)?[^.;]*\bremove[sd]?\b.*$", re.IGNORECASE)
# "submitted by the Chair … and sponsored by Brazil, …": the States follow.
SPONSORED_BY_RE = re.compile(r"^.*?\bsponsored by\s+", re.IGNORECASE)
# Sponsor fields that name no State: the President of ECOSOC, a reporting note.
NOT_STATES_RE = re.compile(r"^(?:submitted|the president|president|vice-president|on the basis|chair|"
                           r"covers the period|pursuant|on behalf of|introduced|the representative|report of|"
                           r"UN\.)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # the same 200 States' names, thousands of times per build
def key(name: str) -> str:
    """Return the form names are compared in: no accents, case, article or apostrophe variants."""
    name = name.replace("’", "'").replace("‘", "'").replace("İ", "I")
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"\s+", " ", name).strip(" .,;")
    return re.sub(r"^the ", "", name)


@functools.cache
def table() -> dict[str, str]:
    """Map the key of every English name and alias to the French UN name."""
    out: dict[str, str] = {}
    text = resources.files("indexer.sources").joinpath("states.tsv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        if not line.strip():
            continue
        cells = line.split("\t")
        _, en, fr = cells[0], cells[1], cells[2]
        aliases = cells[3].split("|") if len(cells) > 3 and cells[3] else []
        # The French name too: some Human Rights Council voting lists are written in French.
        for name in [en, *aliases, fr]:
            out.setdefault(key(name), fr)
    return out


def french_name(name: str, warnings: list[Notice] | None = None) -> str:
    """Return the French UN name of a State named in English; the name itself, with a warning, if unknown."""
    found = table().get(key(name))
    if found is None:
        if warnings is not None:
            warnings.append(Notice("unknown-state", f"État inconnu de states.tsv : {name}", 0))
        return name
    return found


def _split(chunk: str) -> list[str] | None:
    """Split "A and B" into known names, trying the longest known name first."""
    names = table()
    if key(chunk) in names:
        return [names[key(chunk)]]
    parts = chunk.split(" and ")
    for cut in range(len(parts) - 1, 0, -1):
        head, tail = " and ".join(parts[:cut]), " and ".join(parts[cut:])
        if key(head) in names:
            rest = _split(tail)
            if rest is not None:
                return [names[key(head)], *rest]
    return None


def voters(names: list[str], warnings: list[Notice] | None = None) -> list[str]:
    """Return the French names of the States in a voting list (some entries hold a whole comma list)."""
    out: list[str] = []
    for name in names:
        for part in re.split(r"\s*[,;]\s*", name) if "," in name or ";" in name else [name]:
            part = part.strip(" .")
            if part:
                out.append(french_name(part, warnings))
    return out


def sponsors(fields: list[str], warnings: list[Notice] | None = None) -> list[str]:
    """Return the French names of the States in workflow sponsor fields, one each, in order."""
    out: list[str] = []
    for field in fields:
        field = SPONSORED_BY_RE.sub("", QUALIFIER_RE.sub("", field or "")).strip()
        # The removal pattern backtracks over the whole list from each of its characters (190 States,
        # a tenth of parsing an English file): tried only where a removal is written.
        if "remove" in field.lower():
            field = REMOVAL_RE.sub("", field)
        field = field.strip()
        if not field or NOT_STATES_RE.match(field):
            continue
        for chunk in re.split(r"\s*[,;]\s*|\s+[Ss]ubsequently,?\s+", field):
            chunk = re.sub(r"^(?:and|y)\s+", "", chunk.strip()).strip(" .")
            if not chunk:
                continue
            names = _split(chunk)
            if names is None:
                if warnings is not None:
                    warnings.append(Notice("unknown-sponsor", f"auteur non reconnu comme État : {chunk}", 0))
                continue
            out.extend(n for n in names if n not in out)
    return out
