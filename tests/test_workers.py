"""Run a build's work in forked workers (indexer/store/workers.py): results in run order, messages, failures."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from indexer.errors import ResoluError
from indexer.sources.read import Source
from indexer.store import workers
from indexer.store.workers import run_forked, split_evenly, start_forked


def _square_all(run: list[int], say) -> list[tuple[int, int]]:
    # The first run is the slowest: its result arrives last, and is still returned first.
    if run[0] == 1:
        time.sleep(0.5)
    for n in run:
        say("progress", n)
    return [(n, os.getpid()) for n in run]


def test_results_come_back_in_run_order_and_messages_reach_the_building_process():
    said: list[tuple[str, object]] = []
    results = run_forked(_square_all, [[1, 2], [3], [4, 5]], lambda kind, payload: said.append((kind, payload)))
    assert [[n for n, _ in run] for run in results] == [[1, 2], [3], [4, 5]]
    # Each run in a process of its own, none of them this one.
    pids = {pid for run in results for _, pid in run}
    assert len(pids) == 3 and os.getpid() not in pids
    assert sorted(p for kind, p in said if kind == "progress") == [1, 2, 3, 4, 5]
    # Each worker's end is said with how many have finished.
    assert [p for kind, p in said if kind == "done"] == [1, 2, 3]


def test_one_run_is_worked_in_this_process_and_none_is_nothing():
    said: list[tuple[str, object]] = []
    assert run_forked(_square_all, [[7]], lambda kind, payload: said.append((kind, payload))) == [[(7, os.getpid())]]
    assert said == [("progress", 7)]
    assert run_forked(_square_all, []) == []


def _fails(run: list[int], say) -> None:
    if run == [2]:
        raise ValueError("bogue dans la série 2")


def _dies(run: list[int], say) -> None:
    if run == [2]:
        os._exit(137)
    time.sleep(0.3)


def test_a_worker_error_or_death_fails_with_a_french_message(monkeypatch):
    with pytest.raises(ResoluError) as err:
        run_forked(_fails, [[1], [2]])
    assert str(err.value).startswith("échec d'un processus d'indexation :\nTraceback (most recent call last):")
    assert str(err.value).rstrip().endswith("ValueError: bogue dans la série 2")
    monkeypatch.setattr(workers, "QUEUE_POLL", 0.1)
    with pytest.raises(ResoluError) as err:
        run_forked(_dies, [[1], [2]])
    assert "s'est arrêté sans rendre son travail (codes de sortie : 137)" in str(err.value)


def _write(folder: Path, text: str) -> None:
    if text == "erreur":
        raise RuntimeError("table impossible à écrire")
    (folder / "table.txt").write_text(text, encoding="utf-8")


def test_a_function_started_beside_the_build_writes_its_files_and_says_its_error(tmp_path):
    task = start_forked(_write, tmp_path, "libellés")
    task.wait()
    assert (tmp_path / "table.txt").read_text(encoding="utf-8") == "libellés"
    task = start_forked(_write, tmp_path, "erreur")
    with pytest.raises(RuntimeError, match="table impossible à écrire"):
        task.wait()


def test_files_are_cut_into_contiguous_runs_of_about_equal_size():
    def ranks(sizes: list[int], parts: int) -> list[list[int]]:
        files = [Source(Path(f"f{i}.md"), None, size) for i, size in enumerate(sizes)]
        return [[rank for rank, _ in run] for run in split_evenly(files, parts, first_rank=10)]

    # Six files of 100 bytes in two runs: 300 bytes each.
    assert ranks([100] * 6, 2) == [[10, 11, 12], [13, 14, 15]]
    # A run takes files until it holds its share (350 bytes): the large fourth file joins the first run.
    assert ranks([100, 100, 100, 300, 50, 50], 2) == [[10, 11, 12, 13], [14, 15]]
    assert ranks([100] * 3, 1) == [[10, 11, 12]]
