"""Say what the collection holds and lacks: resolutions per organ and year, numbers missing, known gaps.

Pure functions over the index's resolution metadata (``Engine.resolutions()``).
Where the numbering shows a gap, the missing numbers are computed, never
typed in: the Security Council numbers its resolutions consecutively
(S/RES/1, 2, …), the General Assembly per session (A/RES/<session>/<n>, the
special sessions ES-10, S-32… apart), the Human Rights Council per session
(A/HRC/RES/<session>/<n>) and ECOSOC per year (E/RES/<year>/<n>). A series'
missing numbers are those from 1 to its largest number held that the
collection lacks. The known gaps of the default collection's sources are
said in words, each only when the index shows it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from indexer.french_text import is_english_only
from indexer.model import ECONOMIC_AND_SOCIAL_COUNCIL, GENERAL_ASSEMBLY, HUMAN_RIGHTS_COUNCIL, SECURITY_COUNCIL

GA = GENERAL_ASSEMBLY.name
SC = SECURITY_COUNCIL.name
HRC = HUMAN_RIGHTS_COUNCIL.name
ECOSOC = ECONOMIC_AND_SOCIAL_COUNCIL.name

# Symbol → (organ, series, number): the series is what the numbering restarts with.
_NUMBERING = (
    (re.compile(r"^S/RES/()(\d+)\s*\(\d{4}\)$"), SC),
    (re.compile(r"^A/RES/((?:ES-|S-)?\d+)/(\d+)(?:\s*[A-C](?:-[A-C])?)?$"), GA),
    (re.compile(r"^A/HRC/RES/(\d+)/(\d+)$"), HRC),
    (re.compile(r"^E/RES/(\d{4})/(\d+)(?:\s*[A-C])?$"), ECOSOC),
)
SERIES_NAMES = {SC: "numérotation continue", GA: "session", HRC: "session", ECOSOC: "année"}


@dataclass
class Series:
    """One run of numbers (a session, a year, or the Council's single sequence): what is held and missing."""

    name: str
    held: int
    first: int
    last: int
    missing: list[int]

    @property
    def missing_ranges(self) -> list[tuple[int, int]]:
        """Return the missing numbers as runs: [(1, 1), (3, 37)…]."""
        return ranges(self.missing)

    @property
    def missing_text(self) -> str:
        """Return the missing numbers as French text: "1, 3–37, 106–108"."""
        return ranges_text(self.missing)

    def to_json(self) -> dict[str, Any]:
        """Return the series as the JSON twin gives it."""
        return {"series": self.name, "held": self.held, "first": self.first, "last": self.last,
                "missing_count": len(self.missing), "missing": self.missing, "missing_text": self.missing_text}


@dataclass
class OrganCoverage:
    """What the collection holds of one organ: per year, per numbering series, and its known gaps in words."""

    organ: str
    count: int
    years: list[tuple[int, int]]
    numbering: str | None = None
    series: list[Series] = field(default_factory=list)
    drafts: int = 0
    unnumbered: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    # Resolutions held in English only (no French text in the sources), per year: not in count nor series.
    english_only_years: list[tuple[int, int]] = field(default_factory=list)

    @property
    def english_only(self) -> int:
        """Return how many resolutions of the organ the collection holds in English only."""
        return sum(n for _, n in self.english_only_years)

    @property
    def missing_count(self) -> int:
        """Return how many numbers are missing across the organ's series."""
        return sum(len(s.missing) for s in self.series)

    def to_json(self) -> dict[str, Any]:
        """Return the organ's coverage as the JSON twin gives it."""
        return {"organ": self.organ, "count": self.count,
                "years": [{"year": y, "count": n} for y, n in self.years],
                "numbering": self.numbering, "missing_count": self.missing_count,
                "series": [s.to_json() for s in self.series], "drafts_not_adopted": self.drafts,
                "unnumbered": self.unnumbered, "known_gaps": self.gaps,
                "english_only": self.english_only,
                "english_only_years": [{"year": y, "count": n} for y, n in self.english_only_years]}


def ranges(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Return sorted numbers as consecutive runs: [1, 3, 4, 5] → [(1, 1), (3, 5)]."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def ranges_text(numbers: Iterable[int]) -> str:
    """Return numbers as French text, runs with an en dash: "1, 3–37, 106–108"."""
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges(numbers))


def numbering(symbol: str) -> tuple[str, str, int] | None:
    """Return (organ, series, number) of a resolution symbol whose numbering is known, else None."""
    for pattern, organ in _NUMBERING:
        m = pattern.match(symbol)
        if m:
            return organ, m.group(1), int(m.group(2))
    return None


def _series_key(name: str) -> tuple[int, int, str]:
    """Sort sessions and years by number, special sessions (ES-10, S-32) after the regular ones."""
    m = re.fullmatch(r"(?:(ES|S)-)?(\d+)", name)
    if not m:
        return (2, 0, name)
    return (1 if m.group(1) else 0, int(m.group(2)), name)


def _series(name: str, numbers: set[int]) -> Series:
    last = max(numbers)
    return Series(name=name, held=len(numbers), first=min(numbers), last=last,
                  missing=[n for n in range(1, last + 1) if n not in numbers])


# Known gaps of the default collection's sources, in words: (organ, shown when, text).
Check = Callable[["_Held"], bool]


@dataclass
class _Held:
    """What an organ's numbering shows, for the known-gap checks."""

    numbers: dict[str, set[int]]
    years: set[int]

    def sessions(self) -> set[int]:
        return {int(s) for s in self.numbers if s.isdigit()}

    def council(self) -> set[int]:
        return self.numbers.get("", set())


KNOWN_GAPS: tuple[tuple[str, Check, str], ...] = (
    (GA, lambda h: bool(h.sessions()) and all(s >= 74 or s == 68 for s in h.sessions())
     and h.numbers.get("68", set()) <= {179},
     "Aucune résolution de l'Assemblée générale avant la 74e session (2019-2020), sauf la résolution 68/179 "
     "de départ : les textes français AKN4UN de l'ONU commencent à la 74e session."),
    (SC, lambda h: bool(h.council()) and not h.council() & set(range(16, 38)),
     "Conseil de sécurité : le volume de 1947 manque à la source numérisée (résolutions 16 à 37)."),
    (SC, lambda h: bool(h.council()) and not h.council() & set(range(385, 403)),
     "Conseil de sécurité : le volume de 1976 manque aussi (le fichier de 1976 répète 1975 : résolutions 385 "
     "à 402)."),
    (SC, lambda h: bool(h.council()) and not h.years & set(range(2010, 2020)),
     "Conseil de sécurité : aucun texte français de 2010 à 2019. La collection OCR des volumes annuels "
     "s'arrête en juillet 2009 avec S/RES/1881 (2009) ; les fichiers français AKN4UN commencent en 2020."),
    (SC, lambda h: bool(h.council()) and bool(h.council() & set(range(1, 1882))),
     "Conseil de sécurité 1946-2009 : d'autres numéros manquent parce que le texte français n'a pu être "
     "découpé proprement dans les volumes numérisés (titre illisible, ligne d'adoption perdue, pages lues dans "
     "le désordre) : ils sont listés ci-dessous avec les autres numéros absents."),
    (HRC, lambda h: bool(h.sessions()) and min(h.sessions()) >= 54,
     "Aucune résolution du Conseil des droits de l'homme avant la 54e session (2023)."),
    (ECOSOC, lambda h: bool(h.sessions()) and min(h.sessions()) >= 2021,
     "Aucune résolution du Conseil économique et social avant celles de 2021 (E/RES/2021/…, dont les "
     "premières sont adoptées à l'été 2020)."),
)


def coverage(resolutions: Mapping[str, Mapping[str, Any]]) -> list[OrganCoverage]:
    """Return, organ by organ (largest first), the resolutions held per year and the numbers missing."""
    years: dict[str, Counter[int]] = defaultdict(Counter)
    numbers: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    drafts: Counter[str] = Counter()
    unnumbered: dict[str, list[str]] = defaultdict(list)
    english: dict[str, Counter[int]] = defaultdict(Counter)
    for symbol, meta in resolutions.items():
        organ = str(meta.get("organ") or "?")
        if is_english_only(meta):
            # Without a French text: counted apart, the French numbering and gaps unchanged.
            english[organ][int(meta.get("year") or 0)] += 1
            continue
        if meta.get("rejected"):
            # A draft the Council did not adopt (S/2023/212): no resolution number.
            drafts[organ] += 1
            continue
        years[organ][int(meta.get("year") or 0)] += 1
        found = numbering(symbol)
        if found and found[0] == organ:
            numbers[organ][found[1]].add(found[2])
        else:
            unnumbered[organ].append(symbol)
    out = []
    for organ in sorted(years.keys() | drafts.keys() | english.keys(), key=lambda o: (-sum(years[o].values()), o)):
        held = _Held({k: v for k, v in numbers[organ].items()}, {y for y in years[organ] if y})
        item = OrganCoverage(
            organ=organ, count=sum(years[organ].values()),
            years=sorted(years[organ].items()),
            numbering=SERIES_NAMES.get(organ) if numbers[organ] else None,
            series=[_series(name, nums) for name, nums in sorted(numbers[organ].items(),
                                                                  key=lambda kv: _series_key(kv[0]))],
            drafts=drafts[organ], unnumbered=sorted(unnumbered[organ]),
            gaps=[text for gap_organ, shown, text in KNOWN_GAPS if gap_organ == organ and shown(held)],
            english_only_years=sorted(english[organ].items()),
        )
        out.append(item)
    return out


def council_missing(resolutions: Mapping[str, Mapping[str, Any]], upto: int | None = None) -> list[int]:
    """Return the Security Council numbers missing from 1 to ``upto`` (default: the largest held)."""
    held = {found[2] for s, m in resolutions.items()
            if not m.get("rejected") and not is_english_only(m) and (found := numbering(s)) and found[0] == SC}
    if not held:
        return []
    return [n for n in range(1, (upto or max(held)) + 1) if n not in held]
