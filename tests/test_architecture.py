"""Keep ARCHITECTURE.md a map of the code: every module named in its package's section."""

from __future__ import annotations

import ast
import pickle
import pickletools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "ARCHITECTURE.md"
PACKAGES = ("indexer", "webapp")


def _sections() -> dict[str, str]:
    """Return the text of each package section of the map, by its folder ("indexer/store/")."""
    sections: dict[str, str] = {}
    folder = None
    for line in MAP.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{1,6} `([\w/]+/)`\s*$", line)
        if heading:
            folder = heading.group(1)
            sections[folder] = ""
        elif line.startswith("#"):
            folder = None
        elif folder is not None:
            sections[folder] += line + "\n"
    return sections


def _has_code(path: Path) -> bool:
    """Tell whether a module holds more than its docstring and ``from __future__`` imports."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return any(not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
               and not (isinstance(node, ast.ImportFrom) and node.module == "__future__") for node in body)


def _modules() -> list[Path]:
    """Return every module of indexer/ and webapp/ a newcomer must find (package files that hold code too)."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name != "__init__.py" or _has_code(path):
                found.append(path.relative_to(ROOT))
    return found


def test_every_module_is_named_in_its_package_section():
    sections = _sections()
    missing = []
    for module in _modules():
        folder = module.parent.as_posix() + "/"
        if f"`{module.name}`" not in sections.get(folder, ""):
            missing.append(module.as_posix())
    assert missing == [], f"modules absent from ARCHITECTURE.md (name them in their package's section): {missing}"
    # The map has a section for each package folder, and for no folder that is gone.
    folders = {m.parent.as_posix() + "/" for m in _modules()}
    assert set(sections) == folders
    assert len(_modules()) > 100


def test_the_modules_the_index_schema_pickles_are_where_the_map_says_they_must_stay():
    from indexer.store.schema import make_schema

    # Whoosh pickles each field's analyzer with the schema, by module path: an index built before a module
    # moves cannot be opened after. The map names these modules, indexer/text/, as the ones never to move.
    modules = {arg.split(" ")[0] for op, arg, _ in pickletools.genops(pickle.dumps(make_schema()))
               if op.name in ("GLOBAL", "STACK_GLOBAL", "SHORT_BINUNICODE", "BINUNICODE")
               and isinstance(arg, str) and arg.startswith("indexer.")}
    assert modules == {"indexer.text.analysis", "indexer.text.english"}
    assert "moving or renaming these modules breaks\nexisting indexes" in MAP.read_text(encoding="utf-8")
