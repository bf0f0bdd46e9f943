"""Drive the search page's wording cards in Chromium over the default collection (issue 25).

The default collection holds the "Protection des migrants" resolutions; their
op1, read in ../shared/corpus/akn4un: A/RES/74/148 (2019) « droits de l'homme
… quel que soit leur statut », then « droits humains … quel que soit leur
statut migratoire » in A/RES/76/172 (2021), A/RES/78/217 (2023) and
A/RES/80/218 (2025), which adds « et des personnes handicapées ».
RESOLU_DEFAULT_INDEX may name an index of the default collection already
built (e.g. /tmp/final-idx), which this module then serves instead of
building one (about five minutes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser import browser, page, screenshot, serve, total  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

OP1 = ("Demande aux États de promouvoir et de protéger efficacement les droits humains et les libertés "
       "fondamentales de tous les migrants, quel que soit leur statut migratoire")


@pytest.fixture(scope="module")
def default_url(request) -> Iterator[str]:
    """The default collection of seeds/, as the README's run command serves it (test_browser.default_url)."""
    built = os.environ.get("RESOLU_DEFAULT_INDEX")
    index_dir = Path(built) if built else request.getfixturevalue("default_index")
    yield from serve(index_dir)


def test_the_migrants_op1_query_shows_one_card_led_by_the_2025_wording(page, default_url):  # noqa: F811
    page.goto(default_url + "/")
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill(OP1)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche\?q="))
    title = page.locator("#results-title").inner_text()
    assert re.match(r"\d+ paragraphes, [\d\u00a0]+ libellés pour « Demande aux États", title)
    cards = page.locator("ol.hits > li")
    first = cards.first
    assert first.locator("h2.cite").inner_text() == "A/RES/80/218, par. 1"
    assert "et des personnes handicapées" in first.locator("p.text").inner_text()
    label = first.locator(".wording-label").inner_text()
    assert label.startswith("Même libellé dans ") and label.endswith("résolutions, de A/RES/76/172 (2021) "
                                                                      "à A/RES/80/258 (2026).")
    # The older versions are one click away; none of them is a card of its own.
    listed = first.locator(".wording-members > li > a")
    assert not listed.first.is_visible()
    first.locator(".versions > details > summary").click()
    links = [listed.nth(i).get_attribute("href") for i in range(listed.count())]
    assert "/r/A/RES/78/217/op1" in links and "/r/A/RES/76/172/op1" in links
    assert listed.first.is_visible()
    heads = [cards.nth(i).locator("h2.cite").inner_text() for i in range(cards.count())]
    assert "A/RES/78/217, par. 1" not in heads and "A/RES/76/172, par. 1" not in heads
    # The 2023 version differs by the words the 2025 one added: its diff shows them.
    variant = first.locator(".wording-members > li", has=page.locator('a[href="/r/A/RES/78/217/op1"]'))
    variant.locator("details.variant > summary").click()
    assert variant.locator("del").first.inner_text().strip() == "et des personnes handicapées,"
    screenshot(page, "search-wording-card")

    # One click back to one result per paragraph: the three op1 come apart.
    page.locator("p.grouping a").click()
    page.wait_for_url(re.compile(r"group=none"))
    assert re.match(r"\d+ paragraphes pour", page.locator("#results-title").inner_text())
    heads = page.locator("ol.hits h2.cite").all_inner_texts()
    assert {"A/RES/80/218, par. 1", "A/RES/78/217, par. 1", "A/RES/76/172, par. 1"} <= set(heads)
    assert page.console_errors == []
