"""Test the gunicorn server: a request line too long gets a French page (webapp/server.py)."""

from __future__ import annotations

import http.client
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
