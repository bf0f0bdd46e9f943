"""Share fixtures: the seed resolution, parsed once, a built seed index, and a small bilingual index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
CORPUS = ROOT.parent / "shared" / "corpus" / "security-council"
AKN = ROOT / "tests" / "data" / "akn"
AKN_EN = ROOT / "tests" / "data" / "akn-en"
# The web tests' index: four French AKN resolutions with their English files (A/RES/76/239 has one French
# paragraph without English: a table note, x2), and the seed, which has no English version.
BILINGUAL_FILES = [
    SEED,
    AKN / "S_RES_2741-2411824F.xml", AKN_EN / "S_RES_2741-2411824E.xml",
    AKN / "S_RES_2522 (2020)-2007234F.xml", AKN_EN / "S_RES_2522 (2020)-2007234E.xml",
    AKN / "E_RES_2023_2_F.xml", AKN_EN / "E_RES_2023_2_E.xml",
    AKN / "A_RES_76_239-2119694F.xml", AKN_EN / "A_RES_76_239-2119694E.xml",
]


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed():
    from indexer.sources.read import parse_path

    return parse_path(SEED)


def _built(tmp_path_factory, name: str, *sources: Path) -> Path:
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp(name)
    build_index(list(sources), folder)
    return folder


def _opened(index_dir: Path):
    from indexer.search.engine import Engine

    eng = Engine(index_dir)
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """Build the seed index once in a temporary folder."""
    return _built(tmp_path_factory, "index", SEED)


@pytest.fixture(scope="session")
def engine(seed_index):
    yield from _opened(seed_index)


BILINGUAL = (ROOT / "tests" / "data" / "akn", ROOT / "tests" / "data" / "akn-en")


@pytest.fixture(scope="session")
def bilingual_index(tmp_path_factory) -> Path:
    """Build the French AKN fixtures with the English versions of six of them (tests/data/akn-en)."""
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("bilingual-index")
    build_index(list(BILINGUAL), folder)
    return folder


@pytest.fixture(scope="session")
def bilingual_engine(bilingual_index):
    yield from _opened(bilingual_index)


@pytest.fixture(scope="module")
def app(seed_index):
    """Serve the seed index with the web app (a module may override it with its own configuration)."""
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    yield app
    get_engine(app).close()


@pytest.fixture()
def client(app):
    return app.test_client()


SEEDS = ROOT / "seeds"


def need_shared(path: Path) -> None:
    """Skip the calling test when ../shared is absent (a user's fresh clone); fail in CI, where it is present."""
    if path.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{path} absent en CI : les tests du corpus partagé ne peuvent pas être sautés")
    pytest.skip(f"{path} absent (clone sans ../shared) : test du corpus partagé sauté")


@pytest.fixture(scope="session")
def default_index(tmp_path_factory) -> Path:
    """Build the default collection shipped in seeds/ once (about 2.5 minutes on 2 cores)."""
    return _built(tmp_path_factory, "default-index", SEEDS)


@pytest.fixture(scope="session")
def default_engine(default_index):
    yield from _opened(default_index)


@pytest.fixture(scope="session")
def web_bilingual_index(tmp_path_factory) -> Path:
    """Build, once, the files of BILINGUAL_FILES, French paired with English, for the web tests (about a second)."""
    return _built(tmp_path_factory, "web-bilingual-index", *BILINGUAL_FILES)


@pytest.fixture(scope="module")
def bilingual_app(web_bilingual_index):
    """Serve the bilingual index, absolute links on https://resolu.example."""
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(web_bilingual_index), "TESTING": True,
                      "PUBLIC_URL": "https://resolu.example"})
    yield app
    get_engine(app).close()


@pytest.fixture()
def bilingual(bilingual_app):
    return bilingual_app.test_client()


CITED = ROOT / "tests" / "data" / "cited"


@pytest.fixture(scope="session")
def cited_index(tmp_path_factory) -> Path:
    """Build tests/data/cited once: A/RES/74/90, 75/99 and 76/81 (the occupied Syrian Golan) and A/HRC/RES/58/26,
    each later one citing the earlier ones."""
    return _built(tmp_path_factory, "cited-index", CITED)


@pytest.fixture(scope="session")
def cited_engine(cited_index):
    yield from _opened(cited_index)
