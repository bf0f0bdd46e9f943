"""Print how the French paragraphs of an index are aligned with their English versions (issue 16).

Run ``python -m tests.benchmarks.bilingual --index DIR [--top N]`` on a built
index (e.g. the default collection: ``resolu index seeds --index DIR``). It
prints, over the resolutions that have an English version, the share of
French paragraphs aligned with an English one (the issue's target: 99 %), the
resolutions with unaligned paragraphs by number of paragraphs left, with both
counts, and the English versions without a French text. Figures only.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from indexer.store.layout import RESOLUTIONS, WARNINGS, current_path


def alignment_figures(index_dir: Path) -> dict[str, object]:
    """Return the share aligned, the mismatched resolutions and the English-only symbols of an index."""
    generation = current_path(index_dir)
    metas = json.loads((generation / RESOLUTIONS).read_text(encoding="utf-8"))
    paired = {s: m for s, m in metas.items() if m.get("english")}
    french = sum(m["paragraphs"] for m in paired.values())
    aligned = sum(m["english"]["aligned"] for m in paired.values())
    mismatched = sorted(
        ((m["paragraphs"] - m["english"]["aligned"], s, m["paragraphs"], m["english"]["paragraphs"],
          m["english"]["aligned"]) for s, m in paired.items()
         if m["english"]["aligned"] < m["paragraphs"] or m["english"]["paragraphs"] != m["paragraphs"]),
        reverse=True)
    with open(generation / WARNINGS, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))[1:]
    english_only = sorted({r[0] for r in rows if len(r) > 3 and r[3] == "english-only"})
    english_files = sorted({r[1] for r in rows if len(r) > 3 and r[3] == "english-file"})
    return {"resolutions": len(metas), "paired": len(paired), "french_paragraphs": french, "aligned": aligned,
            "share": aligned / french if french else 0.0, "mismatched": mismatched,
            "english_only": english_only, "english_files": english_files}


def main(argv: list[str] | None = None) -> int:
    """Print the alignment figures of an index."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bilingual", description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="dossier de l'index")
    parser.add_argument("--top", type=int, default=25, help="résolutions listées (les plus touchées d'abord)")
    args = parser.parse_args(argv)
    f = alignment_figures(args.index)
    share = f"{100 * f['share']:.2f}".replace(".", ",")
    print(f"{f['paired']} résolutions sur {f['resolutions']} ont une version anglaise ; "
          f"{f['aligned']}/{f['french_paragraphs']} de leurs paragraphes français alignés ({share} %)")
    mismatched = f["mismatched"]
    print(f"{len(mismatched)} résolutions avec des paragraphes non alignés ou des nombres différents :")
    print(f"  {'cote':<28} {'non alignés':>11} {'français':>9} {'anglais':>8} {'alignés':>8}")
    for left, symbol, fr, en, al in mismatched[: args.top]:
        print(f"  {symbol:<28} {left:>11} {fr:>9} {en:>8} {al:>8}")
    print(f"Versions anglaises sans texte français : {len(f['english_only'])} "
          f"({', '.join(f['english_only'][:10])}{'…' if len(f['english_only']) > 10 else ''})")
    print(f"Textes anglais trouvés dans un dossier français : {', '.join(f['english_files']) or 'aucun'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
