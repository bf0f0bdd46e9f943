"""Test the gunicorn server: a request line too long gets a French page (webapp/server.py)."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def gunicorn(index_dir: Path) -> Iterator[str]:
    """Serve an index with resolu's gunicorn settings on a free loopback port; yield its base URL."""
    from tests.fuzz_queries import free_port

    port = free_port()
    code = ("from webapp.server import run_gunicorn; "
            f"run_gunicorn('127.0.0.1:{port}', workers=1, index_dir={str(index_dir)!r})")
    env = {**os.environ, "RESOLU_INDEX": str(index_dir), "RESOLU_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    server = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/api/search?q=migrants")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


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
