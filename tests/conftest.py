"""Share fixtures: the seed resolution, parsed once, and a built seed index."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
CORPUS = ROOT.parent / "shared" / "corpus" / "security-council"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed():
    from indexer.sources.read import parse_path

    return parse_path(SEED)


def _built(tmp_path_factory, name: str, source: Path) -> Path:
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp(name)
    build_index([source], folder)
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


@pytest.fixture(scope="session")
def default_index(tmp_path_factory) -> Path:
    """Build the default collection shipped in seeds/ once (about 2.5 minutes on 2 cores)."""
    return _built(tmp_path_factory, "default-index", SEEDS)


@pytest.fixture(scope="session")
def default_engine(default_index):
    yield from _opened(default_index)
