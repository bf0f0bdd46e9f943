"""Test the gunicorn server: workers forked from a warmed master; a request line too long gets a French page."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def gunicorn(index_dir: Path) -> Iterator[str]:
    """Serve an index with resolu's gunicorn settings on a free loopback port; yield its base URL."""
    from tests.fuzz_queries import gunicorn as serving

    with serving(index_dir) as (base, _):
        yield base


@pytest.fixture(scope="module")
def server_url(seed_index) -> Iterator[str]:
    yield from gunicorn(seed_index)


def test_a_request_line_too_long_gets_a_french_page(server_url):
    port = int(server_url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/recherche?q=" + "migrants+" * 1000)  # 9,000 characters: over 8,190
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    assert response.status == 414
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "<h1>Adresse trop longue</h1>" in body
    assert "(8190 caractères une fois\nencodée). Rien n'a été cherché." in body
    assert "URI Too Long" not in body


def test_a_long_query_under_the_limit_reaches_the_app_and_its_french_limits(server_url):
    port = int(server_url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    words = "+".join(f"mot{i}" for i in range(600))  # 5,000 characters: gunicorn's old limit was 4,094
    conn.request("GET", "/api/search?q=" + words)
    response = conn.getresponse()
    assert response.status == 400
    assert response.read().decode("utf-8").count("requête trop longue : 600 mots différents, 40 au plus") == 1


def test_workers_are_forked_from_the_master_warmed_once_it_listens(seed_index, tmp_path):
    from indexer.store.layout import current_path
    from tests.fuzz_queries import ROOT, free_port

    port = free_port()
    log = tmp_path / "gunicorn.log"
    code = ("from webapp.server import run_gunicorn; "
            f"run_gunicorn('127.0.0.1:{port}', workers=2, index_dir={str(seed_index)!r})")
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=out, stderr=out,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
    query = urllib.parse.urlencode({"q": "Demande aux États de promouvoir et de défendre efficacement"})
    try:
        for _ in range(3000):  # until the master listens
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.connect()
                break
            except OSError:
                assert server.poll() is None, log.read_text(encoding="utf-8")
                time.sleep(0.01)
        # The master listens before it warms up: a search sent then waits for a worker, it is not refused.
        assert "resolu : " not in log.read_text(encoding="utf-8")
        conn.request("GET", f"/api/search?{query}")
        response = conn.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["hits"][0]["anchor"] == "op1"
        conn.close()
        said: list[str] = []
        for _ in range(600):  # until both workers said they are ready (the seed index: a few seconds)
            said = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("resolu : ")]
            if len(said) >= 3 or server.poll() is not None:
                break
            time.sleep(0.1)
        # The master opened the index and searched once; each worker took it over, reopening only its files.
        master = rf"resolu : processus {server.pid} prêt en [0-9.]+ s \(index ouvert, première recherche faite\)"
        assert re.fullmatch(master, said[0]), said
        assert len(said) == 3
        for line in said[1:]:
            assert line.endswith(f"s (index ouvert et préchauffé par le processus maître {server.pid})")
        workers = {int(line.split()[3]) for line in said[1:]}
        assert len(workers) == 2 and server.pid not in workers
        # The master searches no more: it holds none of the generation's Whoosh files open.
        generation = current_path(seed_index)
        held = [os.readlink(fd) for fd in Path(f"/proc/{server.pid}/fd").iterdir() if fd.name.isdigit()]
        assert [f for f in held if os.path.dirname(f) == str(generation)] == []
        assert any(os.path.dirname(f) == str(generation) for w in workers
                   for f in (os.readlink(fd) for fd in Path(f"/proc/{w}/fd").iterdir()))
        for _ in range(4):  # both workers, most likely: each answer must be the same
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{query}", timeout=60) as r:
                hit = json.loads(r.read())["hits"][0]
            assert (hit["symbol"], hit["anchor"]) == ("A/RES/68/179", "op1")
        # A worker that dies is replaced by one forked from the master as it is: ready at once, not warmed again.
        os.kill(min(workers), signal.SIGKILL)
        for _ in range(600):
            said = [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("resolu : ")]
            if len(said) >= 4:
                break
            time.sleep(0.1)
        assert said[3].endswith(f"s (index ouvert et préchauffé par le processus maître {server.pid})"), said
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?{query}", timeout=60) as r:
            assert json.loads(r.read())["hits"][0]["anchor"] == "op1"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
