"""Print how the French paragraphs of an index are aligned with their English versions (issues 16 and 23).

Run ``python -m tests.benchmarks.bilingual --index DIR [--top N]`` on a built
index (e.g. the default collection: ``resolu index seeds --index DIR``). It
prints, over the resolutions that have an English version, the share of
French paragraphs aligned with an English one (the issue's target: 99 %),
then the same separately for the pairs of two AKN4UN files and for the OCR
French texts of the Security Council paired with their English AKN4UN file
(2000–2009); the resolutions with unaligned paragraphs by number of
paragraphs left, with both counts; and the resolutions held in English only
(no French text), by organ and year range. Figures only.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from indexer.french_text import is_english_only
from indexer.store.layout import RESOLUTIONS, WARNINGS, current_path

# The French text's form, as the metadata's "format" says it: AKN4UN XML, or OCR text of the Council's volumes.
KINDS = {"akn": "AKN4UN français et anglais", "ocr": "OCR français (Conseil de sécurité) et AKN4UN anglais"}


def _share(paired: dict[str, dict]) -> tuple[int, int, float]:
    french = sum(m["paragraphs"] for m in paired.values())
    aligned = sum(m["english"]["aligned"] for m in paired.values())
    return aligned, french, aligned / french if french else 0.0


def alignment_figures(index_dir: Path) -> dict[str, object]:
    """Return the share aligned (all, and by form of the French text), mismatches and English-only symbols."""
    generation = current_path(index_dir)
    metas = json.loads((generation / RESOLUTIONS).read_text(encoding="utf-8"))
    paired = {s: m for s, m in metas.items() if m.get("english")}
    aligned, french, share = _share(paired)
    by_kind = {}
    for kind in KINDS:
        some = {s: m for s, m in paired.items() if m.get("format") == kind}
        k_aligned, k_french, k_share = _share(some)
        by_kind[kind] = {"paired": len(some), "french_paragraphs": k_french, "aligned": k_aligned, "share": k_share}
    mismatched = sorted(
        ((m["paragraphs"] - m["english"]["aligned"], s, m["paragraphs"], m["english"]["paragraphs"],
          m["english"]["aligned"], m.get("format")) for s, m in paired.items()
         if m["english"]["aligned"] < m["paragraphs"] or m["english"]["paragraphs"] != m["paragraphs"]),
        reverse=True)
    with open(generation / WARNINGS, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))[1:]
    english_only = sorted(s for s, m in metas.items() if is_english_only(m))
    english_files = sorted({r[1] for r in rows if len(r) > 3 and r[3] == "english-file"})
    only_by = Counter((metas[s].get("organ"), _decade(metas[s].get("year"))) for s in english_only)
    return {"resolutions": len(metas) - len(english_only), "paired": len(paired), "french_paragraphs": french,
            "aligned": aligned, "share": share, "by_kind": by_kind, "mismatched": mismatched,
            "english_only": english_only, "english_only_by": sorted(only_by.items(), key=str),
            "english_only_paragraphs": sum(metas[s]["paragraphs"] for s in english_only),
            "english_files": english_files}


def _decade(year: int | None) -> str:
    """Return the year range a year falls in, as the issue counts them (2000–2009, 2010–2019…)."""
    if not year:
        return "?"
    start = year // 10 * 10
    return f"{start}-{start + 9}"


def _percent(share: float) -> str:
    return f"{100 * share:.2f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    """Print the alignment figures of an index."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bilingual", description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="dossier de l'index")
    parser.add_argument("--top", type=int, default=25, help="résolutions listées (les plus touchées d'abord)")
    args = parser.parse_args(argv)
    f = alignment_figures(args.index)
    print(f"{f['paired']} résolutions françaises sur {f['resolutions']} ont une version anglaise ; "
          f"{f['aligned']}/{f['french_paragraphs']} de leurs paragraphes français alignés ({_percent(f['share'])} %)")
    for kind, label in KINDS.items():
        k = f["by_kind"][kind]
        print(f"  {label} : {k['paired']} résolutions, {k['aligned']}/{k['french_paragraphs']} paragraphes "
              f"alignés ({_percent(k['share'])} %)")
    mismatched = f["mismatched"]
    print(f"{len(mismatched)} résolutions avec des paragraphes non alignés ou des nombres différents :")
    print(f"  {'cote':<28} {'forme':>5} {'non alignés':>11} {'français':>9} {'anglais':>8} {'alignés':>8}")
    for left, symbol, fr, en, al, kind in mismatched[: args.top]:
        print(f"  {symbol:<28} {kind or '':>5} {left:>11} {fr:>9} {en:>8} {al:>8}")
    only = f["english_only"]
    print(f"Résolutions en anglais seulement (sans texte français, indexées pour lang=en) : {len(only)}, "
          f"{f['english_only_paragraphs']} paragraphes")
    for (organ, decade), n in f["english_only_by"]:
        print(f"  {organ} {decade} : {n}")
    print(f"Textes anglais trouvés dans un dossier français : {', '.join(f['english_files']) or 'aucun'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
