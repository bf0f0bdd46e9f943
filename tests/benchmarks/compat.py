"""Open an index built by an older revision whose pickled analyzer classes were since renamed.

Whoosh pickles the schema's analyzers by module path: an index built before
``indexer/analysis.py`` replaced ``ElisionFilter``/``FoldFilter``/… with
``FrenchFilter`` cannot be opened by the current code. For a long benchmark
(a million paragraphs take more than 20 minutes to index) the harness can
instead load that revision's ``indexer/analysis.py`` from git and add the
missing classes to ``indexer.text.analysis``, so the current search code opens
the old index with the very analyzer it was built with. Indexes built before
the analyzer moved to ``indexer/text/`` pickled it as ``indexer.analysis``:
that old path is made an alias of the current module. Set
``RESOLU_BENCH_COMPAT=<git revision>`` to turn this on (child processes and
the gunicorn workers, through :func:`create_app`).
"""

from __future__ import annotations

import os
import subprocess
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ENV = "RESOLU_BENCH_COMPAT"


def install(revision: str | None = None) -> list[str]:
    """Add the analyzer classes of ``revision`` missing from ``indexer.text.analysis``; return their names."""
    revision = revision or os.environ.get(ENV)
    if not revision:
        return []
    import sys

    import indexer.text.analysis as current
    import indexer.text.lemmas

    # The old module paths, as pickled by those indexes and imported by that revision's source.
    sys.modules.setdefault("indexer.analysis", current)
    sys.modules.setdefault("indexer.lemmas", indexer.text.lemmas)
    source = subprocess.run(["git", "show", f"{revision}:indexer/analysis.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    old = types.ModuleType("indexer.analysis")
    old.__dict__["__file__"] = f"{revision}:indexer/analysis.py"
    exec(compile(source, old.__file__, "exec"), old.__dict__)
    added = []
    for name, value in vars(old).items():
        # Only classes defined by that module (their __module__ is "indexer.analysis", the pickled path).
        if isinstance(value, type) and value.__module__ == old.__name__ and not hasattr(current, name):
            setattr(current, name, value)
            added.append(name)
    return added


def create_app() -> Any:
    """Install the shim, then create the real web app as a gunicorn worker does."""
    install()
    from webapp.server import create_worker_app

    return create_worker_app()
