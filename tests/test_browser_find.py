"""Drive finding things in headless Chromium: symbols typed in the box, short symbols, date sort, hints.

The index holds the seed A/RES/68/179, S/RES/1483 (2003), S/RES/1820 (2008),
A/HRC/RES/55/15 and the seed renumbered A/RES/55/15, so that "res 55/15" can
mean two resolutions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser import browser, page, serve, total  # noqa: F401 - fixtures used by name

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SC = ROOT / "tests" / "data" / "sc"
AKN = ROOT / "tests" / "data" / "akn"


@pytest.fixture(scope="module")
def find_url(tmp_path_factory) -> Iterator[str]:
    from indexer.store.build import build_index

    sources = tmp_path_factory.mktemp("find-sources")
    (sources / "A_RES_55_15.md").write_text(SEED.read_text(encoding="utf-8").replace("68/179", "55/15"),
                                            encoding="utf-8")
    folder = tmp_path_factory.mktemp("find-index")
    build_index([SEED, SC / "S_RES_1483_2003.fr.txt", SC / "S_RES_1820_2008.fr.txt",
                 AKN / "A_HRC_RES_55_15F.xml", sources / "A_RES_55_15.md"], folder)
    yield from serve(folder)


def search(pg, base: str, text: str) -> None:
    """Type a query on the home page and wait for the page it leads to (after its redirects)."""
    pg.goto(base + "/")
    pg.fill("#q", text)
    pg.keyboard.press("Enter")
    pg.wait_for_url(lambda url: url != base + "/" and "year_from=" not in url)
    pg.wait_for_load_state()


@pytest.mark.parametrize(("typed", "path", "symbol"), [
    ("S/RES/1483 (2003)", "/r/S/RES/1483%20(2003)", "S/RES/1483 (2003)"),
    ("1483 (2003)", "/r/S/RES/1483%20(2003)", "S/RES/1483 (2003)"),
    ("s/res/1820(2008)", "/r/S/RES/1820%20(2008)", "S/RES/1820 (2008)"),
    ("A/RES/68/179", "/r/A/RES/68/179", "A/RES/68/179"),
    ("A/HRC/RES/55/15", "/r/A/HRC/RES/55/15", "A/HRC/RES/55/15"),
])
def test_symbol_typed_in_the_box_lands_on_the_resolution(page, find_url, typed, path, symbol):  # noqa: F811
    search(page, find_url, typed)
    assert page.url == find_url + path
    assert page.locator("h1 .symbol").inner_text() == symbol
    assert page.console_errors == []


def test_symbol_among_words_lists_its_paragraphs_first(page, find_url):  # noqa: F811
    search(page, find_url, "migrants A/RES/55/15")
    assert "/recherche?q=migrants" in page.url
    cites = page.locator("ol.hits h2.cite").all_inner_texts()
    assert cites[:5] and all(c.startswith("A/RES/55/15") for c in cites[:5])


def test_short_symbol_url_redirects_to_the_one_resolution(page, find_url):  # noqa: F811
    page.goto(find_url + "/r/S/RES/1483")
    assert page.url == find_url + "/r/S/RES/1483%20(2003)"
    assert page.locator("h1 .symbol").inner_text() == "S/RES/1483 (2003)"


def test_ambiguous_symbol_lists_the_candidates_and_one_click_opens_it(page, find_url):  # noqa: F811
    search(page, find_url, "res 55/15")
    assert page.locator("h1").inner_text() == "Plusieurs résolutions pour « res 55/15 »"
    links = page.locator("section.candidates li a")
    assert links.all_inner_texts() == ["A/HRC/RES/55/15", "A/RES/55/15"]
    links.nth(1).click()
    page.wait_for_url(find_url + "/r/A/RES/55/15")
    assert page.locator("h1 .symbol").inner_text() == "A/RES/55/15"
    assert page.console_errors == []


def test_date_sort_shows_the_newest_first(page, find_url):  # noqa: F811
    search(page, find_url, "sécurité")
    page.select_option("#sort", "date")
    page.locator("form.search button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"sort=date"))
    dates = page.locator("ol.hits time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    # A/HRC/RES/55/15 (4 April 2024) is the newest resolution of the index holding the word.
    assert dates[0] == "2024-04-04"
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    assert total(page) > 20


def test_operators_alone_get_a_french_explanation(page, find_url):  # noqa: F811
    search(page, find_url, "AND OR")
    assert "ne contient que des opérateurs (AND, OR, NOT)" in page.locator("p.message").inner_text()
    assert "variantes" not in page.content()


def test_suggestion_only_for_a_near_spelling(page, find_url):  # noqa: F811
    search(page, find_url, "xenofobie")
    assert page.locator(".did-you-mean a").all_inner_texts() == ["« xénophobie »"]
    search(page, find_url, "licornes")
    assert page.locator(".did-you-mean").count() == 0
    assert "variantes" not in page.locator(".empty").inner_text()
