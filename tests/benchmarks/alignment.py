"""Score the paragraph alignment against the judged pairs: link precision, recall, F1 and status accuracy.

Usage::

    python -m tests.benchmarks.alignment [--index DIR] [--judged DIR] [--details]

The judged pairs (one JSON file per pair OLD → NEW, written by reading both
texts, never from resolu's output; format in tests/data/alignment/FORMAT.md)
are read from tests/data/alignment/, else /work/judged13/. Both resolutions
of each pair must be in the index (default: the repository's ``index/``,
built from seeds/).

- links: the (OLD paragraph, NEW paragraph) pairs, every source of a merged
  paragraph counted; precision, recall and F1 over all pairs together;
- status: share of NEW paragraphs whose status (same, updated, edited,
  merged, new) is the judged one; also moved and dropped agreement.

Targets of issue 13: links F1 >= 0.95, status right on >= 90 % of paragraphs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
JUDGED_DIRS = (ROOT / "tests" / "data" / "alignment", Path("/work/judged13"))


def judged_files(folder: Path | None = None) -> list[Path]:
    """Return the judged pair files of a folder (the first of JUDGED_DIRS that holds some by default)."""
    for candidate in ([folder] if folder else JUDGED_DIRS):
        files = sorted(candidate.glob("*.json")) if candidate.is_dir() else []
        if files:
            return files
    return []


def score_pair(judged: dict[str, Any], predicted: dict[str, Any]) -> dict[str, Any]:
    """Compare one predicted alignment (``resolu diff --json``) with its judged one."""
    truth_links = {(o, p["new"]) for p in judged["paragraphs"] for o in p["old"]}
    found_links = {(o, p["new"]) for p in predicted["paragraphs"] for o in p["old"]}
    truth = {p["new"]: p for p in judged["paragraphs"]}
    found = {p["new"]: p for p in predicted["paragraphs"]}
    statuses = Counter()
    confusions: list[tuple[str, str, str]] = []
    for anchor, item in truth.items():
        got = found.get(anchor, {"status": "absent", "moved": False})
        statuses["total"] += 1
        if got["status"] == item["status"]:
            statuses["right"] += 1
        else:
            confusions.append((anchor, item["status"], got["status"]))
        statuses["moved_right"] += got["moved"] == item["moved"]
    dropped_truth = {d["old"] if isinstance(d, dict) else d for d in judged["dropped"]}
    dropped_found = set(predicted["dropped"])
    return {
        "pair": f"{judged['old']} → {judged['new']}",
        "links_true": len(truth_links), "links_found": len(found_links),
        "links_right": len(truth_links & found_links),
        "missing": sorted(truth_links - found_links), "wrong": sorted(found_links - truth_links),
        "status_right": statuses["right"], "paragraphs": statuses["total"],
        "moved_right": statuses["moved_right"], "confusions": confusions,
        "dropped_true": len(dropped_truth), "dropped_right": len(dropped_truth & dropped_found),
        "dropped_found": len(dropped_found), "unknown": sorted(set(found) ^ set(truth)),
    }


def ratio(a: int, b: int) -> float:
    """Return a / b, or 1.0 when there is nothing to count."""
    return a / b if b else 1.0


def evaluate(index_dir: Path, files: list[Path]) -> dict[str, Any]:
    """Align every judged pair with the index's paragraphs and return the scores, per pair and overall."""
    from indexer.search.engine import Engine
    from indexer.search.versions import Changes

    engine = Engine(index_dir)
    changes = Changes(engine)
    pairs = []
    for path in files:
        judged = json.loads(path.read_text(encoding="utf-8"))
        predicted = changes.diff(judged["old"], judged["new"])
        pairs.append(score_pair(judged, predicted))
    engine.close()
    total = Counter()
    for p in pairs:
        for key in ("links_true", "links_found", "links_right", "status_right", "paragraphs", "moved_right",
                    "dropped_true", "dropped_right", "dropped_found"):
            total[key] += p[key]
    precision = ratio(total["links_right"], total["links_found"])
    recall = ratio(total["links_right"], total["links_true"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": pairs, "precision": precision, "recall": recall, "f1": f1,
        "status_accuracy": ratio(total["status_right"], total["paragraphs"]),
        "moved_accuracy": ratio(total["moved_right"], total["paragraphs"]),
        "dropped_precision": ratio(total["dropped_right"], total["dropped_found"]),
        "dropped_recall": ratio(total["dropped_right"], total["dropped_true"]),
        "paragraphs": total["paragraphs"], "links": total["links_true"],
    }


def main(argv: list[str] | None = None) -> int:
    """Print the scores; exit 1 when a target of issue 13 is missed, 2 without judged pairs."""
    parser = argparse.ArgumentParser(description="Évaluer l'alignement des paragraphes sur les paires jugées.")
    parser.add_argument("--index", default=str(ROOT / "index"), help="dossier de l'index (défaut : index/)")
    parser.add_argument("--judged", type=Path, help="dossier des paires jugées (défaut : tests/data/alignment/)")
    parser.add_argument("--details", action="store_true", help="lister les liens et statuts en désaccord")
    args = parser.parse_args(argv)
    files = judged_files(args.judged)
    if not files:
        print("Aucune paire jugée trouvée (tests/data/alignment/*.json).", file=sys.stderr)
        return 2
    result = evaluate(Path(args.index), files)
    for p in result["pairs"]:
        print(f"{p['pair']:<42} liens {p['links_right']}/{p['links_true']} justes, {p['links_found']} trouvés ; "
              f"statuts {p['status_right']}/{p['paragraphs']} ; déplacés {p['moved_right']}/{p['paragraphs']} ; "
              f"supprimés {p['dropped_right']}/{p['dropped_true']} (trouvés {p['dropped_found']})")
        if args.details:
            for old, new in p["missing"]:
                print(f"    lien manqué : {old} → {new}")
            for old, new in p["wrong"]:
                print(f"    lien en trop : {old} → {new}")
            for anchor, want, got in p["confusions"]:
                print(f"    statut de {anchor} : jugé {want}, trouvé {got}")
    print(f"\n{len(result['pairs'])} paires, {result['paragraphs']} paragraphes, {result['links']} liens jugés")
    print(f"Liens : précision {result['precision']:.3f}, rappel {result['recall']:.3f}, F1 {result['f1']:.3f} "
          "(cible ≥ 0,95)")
    print(f"Statuts justes : {result['status_accuracy']:.1%} (cible ≥ 90 %) ; "
          f"déplacements justes : {result['moved_accuracy']:.1%} ; supprimés : précision "
          f"{result['dropped_precision']:.3f}, rappel {result['dropped_recall']:.3f}")
    met = result["f1"] >= 0.95 and result["status_accuracy"] >= 0.90
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
