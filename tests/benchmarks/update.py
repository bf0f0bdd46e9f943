"""Time resolu index --add / --remove (issue 27: 20 resolutions in at most 5 s on the default collection).

    python -m tests.benchmarks.update --index /tmp/defidx [--files 20] [--source DIR]

The index is copied first into tests/benchmarks/out/update-index, then updated three times
with the same files: added over themselves (each replaces its indexed
version), removed by symbol, added again (new). Each line prints the
seconds of the whole update (and its processor seconds, workers included) and of its steps. The index must be one this
version of resolu wrote (format, word counts, series similarities, wording
keys): an older one is updated too, but its tables are computed again in full.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import time
from pathlib import Path

from indexer.sources.read import parse_path
from indexer.store.update import update_index

OUT = Path(__file__).parent / "out"
SOURCE = Path(__file__).resolve().parents[2].parent / "shared/corpus/akn4un/general-assembly/79session/French"


def main() -> None:
    """Copy the index, run the three updates, print their times."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, type=Path, help="index folder (copied, never written)")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of French AKN files")
    args = parser.parse_args()
    work = OUT / "update-index"
    shutil.rmtree(work, ignore_errors=True)
    work.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(args.index), str(work)], check=True)
    files = sorted(args.source.glob("*.xml"))[: args.files]
    folder = OUT / "update-files"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    symbols = [parse_path(f).symbol for f in files]
    for label, kwargs in (("--add (remplacement)", {"add": [folder]}), ("--remove", {"remove": symbols}),
                          ("--add (nouvelles)", {"add": [folder]})):
        started, cpu = time.perf_counter(), _cpu()
        report = update_index(work, **kwargs)
        seconds, used = time.perf_counter() - started, _cpu() - cpu
        print(f"{label:<22} {len(files)} résolutions : {seconds:.2f} s ({used:.2f} s de processeur, "
              f"travailleurs compris) ; étapes {report.steps} ; recalculé en entier : {report.recomputed or 'rien'}",
              flush=True)


def _cpu() -> float:
    """Return the processor seconds of this process and of its finished workers (less noisy than the wall clock
    on a shared machine)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
