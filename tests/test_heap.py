"""Tests for indexer.search.allocator: the allocator settings for search processes."""

import platform
import sys

import pytest

from indexer.search.allocator import SETTINGS, tune_allocator


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="mallopt is glibc's")
def test_glibc_takes_every_setting() -> None:
    assert tune_allocator() is True


def test_settings_are_one_arena_and_large_heap_arrays() -> None:
    assert SETTINGS == ((-8, 1), (-3, 64 << 20), (-1, 256 << 20))


def test_engine_leaves_process_settings_to_the_process(seed_index, monkeypatch) -> None:
    import gc

    from indexer.search import allocator
    from indexer.search.engine import Engine

    calls: list[str] = []
    monkeypatch.setattr(allocator, "tune_allocator", lambda: calls.append("mallopt"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    engine = Engine(seed_index)
    engine.search("migrants")
    engine.close()
    assert calls == []
    opened: list[str] = []
    engine = Engine(seed_index, on_open=lambda: opened.append("open"))
    engine.search("migrants")
    engine.search("enfants")
    engine.close()
    assert opened == ["open"]


def test_worker_app_sets_up_its_process(seed_index, monkeypatch) -> None:
    from webapp import get_engine, server

    calls: list[str] = []
    monkeypatch.setattr(server, "prepare_search_process", lambda: calls.append("prepare"))
    app = server.create_worker_app(str(seed_index))
    assert calls == ["prepare"]
    assert app.config["ON_INDEX_OPEN"] is server.freeze_long_lived
    assert get_engine(app)._on_open is server.freeze_long_lived


def test_a_worker_gives_back_the_heap_freed_by_its_start(seed_index, monkeypatch) -> None:
    from indexer.search import allocator
    from webapp import server

    trims: list[int] = []
    monkeypatch.setattr(allocator, "_malloc_trim", lambda: trims.append)
    monkeypatch.setattr(allocator, "resident_bytes", lambda: 123 << 20)
    monkeypatch.setattr(allocator, "_floor", [])
    server.create_worker_app(str(seed_index))
    # Trimmed once the index is open and warm; later searches are bounded from there.
    assert trims == [0]
    assert allocator._floor == [123 << 20]


def test_a_worker_keeps_its_compiled_templates_for_the_next_worker(seed_index) -> None:
    from jinja2 import FileSystemBytecodeCache

    from webapp import server

    app = server.create_worker_app(str(seed_index))
    assert isinstance(app.jinja_env.bytecode_cache, FileSystemBytecodeCache)
    # Its warm-up rendered the search page: the compiled template is there for the next worker.
    cache = app.jinja_env.bytecode_cache
    source, filename, _ = app.jinja_env.loader.get_source(app.jinja_env, "search.html")
    bucket = cache.get_bucket(app.jinja_env, "search.html", filename, source)
    assert bucket.code is not None
