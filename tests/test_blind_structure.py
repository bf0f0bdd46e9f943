"""Check the AKN reader's structure against annotations written blind (issue 21).

tests/data/blind/structure.json was written by a helper session that read only
the French XML files (never the code): 13 resolutions of the four organs, every
unit in printed order with its printed number path, the first 50 and the last
30 characters of its text. Lettered items come in every encoding the files use
(``point``, a ``paragraph`` with the letter in its ``num`` or in its text,
romans under letters, ``blockList`` items of preambular paragraphs) and three
annexes (numbered paragraphs, letters with no number).

The anchors are derived here from the printed path by resolu's documented
rules (README: pp3, op4, op4a, op4a-i, A-op3, annex-42, annex-42a, annex2-a),
so that a wrong anchor and a wrong text both count as a miss.
"""

from __future__ import annotations

import json
import re
import tarfile
import unicodedata
from pathlib import Path

import pytest

from indexer.sources.akn import parse_akn

ROOT = Path(__file__).resolve().parent.parent
BLIND = json.loads((ROOT / "tests" / "data" / "blind" / "structure.json").read_text(encoding="utf-8"))
ARCHIVE = ROOT / "seeds" / "akn4un-fr.tar.xz"


def expected_anchor(unit: dict, annexes: list[str]) -> str:
    """Return the anchor resolu's rules give a blind unit's printed path."""
    path = [str(x) for x in unit["path"]]
    if unit["kind"] == "annex":
        label = unit.get("annex", "Annexe")
        if label not in annexes:
            annexes.append(label)
        n = annexes.index(label) + 1
        base = "annex" if n == 1 else f"annex{n}"
        if path[0].isdigit():
            anchor = f"{base}-{path[0]}" + (path[1] if len(path) > 1 else "")
            rest = path[2:]
        else:
            anchor = f"{base}-{path[0]}"
            rest = path[1:]
        return anchor + "".join(f"-{x}" for x in rest)
    prefix = f"{unit['part']}-" if unit.get("part") else ""
    head = "pp" if unit["kind"] == "preamble" else "op"
    anchor = f"{prefix}{head}{path[0]}" + (path[1] if len(path) > 1 else "")
    return anchor + "".join(f"-{x}" for x in path[2:])


def norm(text: str) -> str:
    """Fold what the two readings may print differently: spacing, including no-break spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def check(resolution: dict, data: bytes) -> tuple[int, list[str]]:
    """Return the number of units and the misses of one blind resolution."""
    res = parse_akn(data, resolution["file"])
    assert res.symbol == resolution["symbol"]
    by_anchor = {p.anchor: p for p in res.paragraphs}
    annexes: list[str] = []
    misses = []
    for unit in resolution["units"]:
        anchor = expected_anchor(unit, annexes)
        para = by_anchor.get(anchor)
        if para is None:
            misses.append(f"{resolution['symbol']} {anchor}: absent")
            continue
        text = norm(para.text)
        start, end = norm(unit["start"]), norm(unit["end"])
        if not (text.startswith(start[:45]) and text.endswith(end[-25:])):
            misses.append(f"{resolution['symbol']} {anchor}: {text[:50]!r} … {text[-25:]!r}")
    return len(resolution["units"]), misses


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    wanted = {f"akn4un/{r['file']}" for r in BLIND["resolutions"]}
    with tarfile.open(ARCHIVE) as tar:
        return {m.name[len("akn4un/"):]: tar.extractfile(m).read() for m in tar if m.name in wanted}


def test_blind_set_covers_four_organs_and_every_encoding() -> None:
    organs = {r["organ"] for r in BLIND["resolutions"]}
    assert organs == {"general-assembly", "human-rights-council", "ecosoc", "security-council"}
    encodings = {e for r in BLIND["resolutions"] for e in r["encodings"]}
    assert {"point", "paragraph-letter", "roman", "annex"} <= encodings
    assert sum(len(r["units"]) for r in BLIND["resolutions"]) == 683


def test_structure_matches_the_blind_reading(files, capsys) -> None:
    total, misses = 0, []
    for resolution in BLIND["resolutions"]:
        n, missed = check(resolution, files[resolution["file"]])
        total += n
        misses += missed
    share = 1 - len(misses) / total
    with capsys.disabled():
        print(f"\nStructure (lecture à l'aveugle) : {total - len(misses)}/{total} unités justes ({share:.1%})")
        for miss in misses[:20]:
            print("  ", miss)
    assert share >= 0.99  # the target


@pytest.mark.parametrize(("symbol", "anchor", "label"), [
    # Read in the XML: A/RES/74/148 par. 5 prints "a)\tDemande à tous les États…" as its own <paragraph>.
    ("A/RES/74/148", "op5b", "par. 5 b)"),
    # A/RES/80/258, annex paragraph 42 "Nous nous engageons à promouvoir…".
    ("A/RES/80/258", "annex-42", "annexe, par. 42"),
])
def test_lettered_and_annex_paragraphs_are_cited_by_their_printed_numbers(files, symbol, anchor, label) -> None:
    from dataclasses import asdict

    from indexer.citation import local_label

    resolution = next(r for r in BLIND["resolutions"] if r["symbol"] == symbol)
    res = parse_akn(files[resolution["file"]], resolution["file"])
    para = next(p for p in res.paragraphs if p.anchor == anchor)
    assert local_label(asdict(para)) == label
