"""Measure the facets on annotations written blind (issue 22).

tests/data/blind/facets.json was written by a helper session that read only the
French XML files, never the code: 8 resolutions of the four organs (230 units)
with, for each unit, the organ's opening phrase, the addressees, the instruments
and the resolutions it cites (the organ read from the text), and the reports and
decisions it cites apart. Units are found by their printed place, with the
anchor rules of tests/test_blind_structure.py.

Comparison folds what two readers may spell differently and nothing else:
case, apostrophes, a leading article or "tous les", and the part letter of a
resolution cited in parts (74/232 A and B are one number). The verb facet's two
documented folds are applied to the blind phrase too: sequence adverbs
(également, en outre, à nouveau: vocabulary.ADDITIVE_ADVERBS) and the agreement
of the opening word ("Consciente" is the facet value "Conscient"); manner and
intensity are kept on both sides ("Constatant avec une vive inquiétude").
"""

from __future__ import annotations

import json
import re
import tarfile
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from indexer.facets.vocabulary import ADDITIVE_ADVERBS
from indexer.sources.akn import parse_akn
from indexer.store.records import paragraph_records

ROOT = Path(__file__).resolve().parent.parent
BLIND = json.loads((ROOT / "tests" / "data" / "blind" / "facets.json").read_text(encoding="utf-8"))
ARCHIVE = ROOT / "seeds" / "akn4un-fr.tar.xz"

# What the issue asks for; the figures measured today are in the closing note of the commit.
TARGET_RESOLUTIONS_F1 = 0.95
TARGET_VERB = 0.97
TARGET_ADDRESSEES_F1 = 0.90
TARGET_INSTRUMENTS_F1 = 0.90


def anchor_of(where: dict) -> str:
    """Return the anchor of a blind unit's printed place."""
    path = [str(x) for x in where["path"]] or ["1"]
    if where["kind"] == "annex":
        base = "annex-" + path[0] + (path[1] if len(path) > 1 else "")
        return base + "".join(f"-{x}" for x in path[2:])
    head = "pp" if where["kind"] == "preamble" else "op"
    return f"{head}{path[0]}" + (path[1] if len(path) > 1 else "") + "".join(f"-{x}" for x in path[2:])


def fold(value: str) -> str:
    """Fold case, accents' composition, apostrophes, spacing, a leading article and an office's gender.

    The addressee facet names an office once ("Représentant spécial du Secrétaire général" for
    the Representative of either gender, "Président de l'Assemblée générale"): documented there.
    """
    value = unicodedata.normalize("NFC", value).replace("\u2019", "'").lower().strip()
    value = re.sub(r"^(?:tous les |toutes les |les |le |la |l')", "", value)
    value = re.sub(r"^autres ", "", value)  # "autres parties prenantes" is the facet's "parties prenantes"
    value = re.sub(r"\b(représentant|président|envoyé|coordonnat)(?:e|rice)\b", r"\1", value)
    value = re.sub(r"\bcoordonnat\b", "coordonnateur", value).replace("spéciale", "spécial")
    return re.sub(r"\s+", " ", value)


def verb_fold(value: str) -> str:
    """Fold a verb phrase by the facet's documented rules: sequence adverbs out, agreement of its words."""
    value = fold(value)
    for adverb in sorted(ADDITIVE_ADVERBS, key=len, reverse=True):
        value = re.sub(rf"(?:^| ){re.escape(adverb)}(?= |$)", "", value)
    return " ".join(re.sub(r"(?:es|e|s)$", "", w) if len(w) > 4 else w for w in value.split())


def symbol(value: str) -> str:
    """Return a cited symbol without the part letter of a resolution adopted in parts."""
    return re.sub(r"^(A/RES/\d+/\d+)\s*[A-Z](?:-[A-Z])?$", r"\1", value.strip())


def f1(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, float]:
    """Return precision, recall and F1 over (expected, found) sets, micro-averaged."""
    tp = sum(len(e & f) for e, f in pairs)
    fp = sum(len(f - e) for e, f in pairs)
    fn = sum(len(e - f) for e, f in pairs)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@pytest.fixture(scope="module")
def measured() -> dict:
    wanted = {f"akn4un/{r['file']}" for r in BLIND["resolutions"]}
    with tarfile.open(ARCHIVE) as tar:
        data = {m.name[len("akn4un/"):]: tar.extractfile(m).read() for m in tar if m.name in wanted}
    verbs, addressees, instruments, resolutions, documents, missing = [], [], [], [], [], []
    for resolution in BLIND["resolutions"]:
        res = parse_akn(data[resolution["file"]], resolution["file"])
        records = {r["anchor"]: r for r in paragraph_records(res)}
        for unit in resolution["units"]:
            record = records.get(anchor_of(unit["where"]))
            if record is None:
                missing.append(f"{resolution['symbol']} {anchor_of(unit['where'])}")
                continue
            if unit.get("verb"):
                verbs.append((verb_fold(unit["verb"]), verb_fold(record.get("verb") or "")))
            addressees.append(({fold(a) for a in unit["addressees"]},
                               {fold(a) for a in record.get("addressees") or [] if a != "autre"}))
            instruments.append(({fold(i) for i in unit["instruments"]}, {fold(i) for i in record["instruments"]}))
            resolutions.append(({symbol(s) for s in unit["resolutions"]}, {symbol(s) for s in record["resolutions"]}))
            documents.append((set(unit.get("other_documents") or []), set(record.get("documents") or [])))
    return {"verbs": verbs, "addressees": addressees, "instruments": instruments, "resolutions": resolutions,
            "documents": documents, "missing": missing}


def test_every_blind_unit_is_found(measured) -> None:
    assert measured["missing"] == []


def test_facets_on_blind_annotations(measured, capsys) -> None:
    verbs = measured["verbs"]
    verb_share = sum(e == f for e, f in verbs) / len(verbs)
    figures = {name: f1(measured[name]) for name in ("addressees", "instruments", "resolutions")}
    with capsys.disabled():
        print(f"\nFacettes (lecture à l'aveugle, {len(measured['addressees'])} unités) : verbe {verb_share:.1%} "
              f"({len(verbs)}) ; " + " ; ".join(f"{k} P {p:.2f} R {r:.2f} F1 {f:.2f}"
                                                for k, (p, r, f) in figures.items()))
        wrong = Counter((e, f) for e, f in verbs if e != f)
        print("  verbes manqués :", wrong.most_common(12))
    assert figures["resolutions"][2] >= TARGET_RESOLUTIONS_F1
    assert verb_share >= TARGET_VERB
    assert figures["addressees"][2] >= TARGET_ADDRESSEES_F1
    assert figures["instruments"][2] >= TARGET_INSTRUMENTS_F1
    # Not a resolution cited among the resolutions: reports and decisions are documents.
    found = {s for _, f in measured["resolutions"] for s in f}
    assert not [s for s in found if "/RES/" not in s]
