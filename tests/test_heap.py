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
