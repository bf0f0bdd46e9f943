"""Drive the "voir toutes les valeurs" page of a facet in headless Chromium (issue 12).

The seed's verb facet has 32 values, fewer than the 40 the search page
shows: the page is served here with 5 values a facet, so that the line
"et N autres valeurs" and its link appear as they do on a large collection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_browser import browser, page, screenshot, serve, total  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def short_facets_url(seed_index) -> Iterator[str]:
    from webapp import views

    shown = views.FACET_LIMIT
    views.FACET_LIMIT = 5
    try:
        yield from serve(seed_index)
    finally:
        views.FACET_LIMIT = shown


def test_see_all_values_filter_them_and_apply_one(page, short_facets_url):  # noqa: F811 - pytest fixture
    page.goto(short_facets_url + "/recherche?q=migrants")
    before = total(page)
    verb = page.locator('section[data-facet="verb"]')
    assert verb.locator("li").count() == 5
    # 27 verb values among the paragraphs holding "migrants", 5 shown.
    more = " ".join(verb.locator(".facet-more").inner_text().split())
    assert more == "et 22 autres valeurs : voir toutes les valeurs"

    verb.get_by_role("link", name="voir toutes les valeurs").click()
    page.wait_for_url(re.compile(r"/recherche/facette/verb\?q=migrants$"))
    assert page.locator("h1").inner_text() == "Verbe : toutes les valeurs"
    rows = page.locator("table.values tbody tr")
    assert rows.count() == 27
    counts = [int(c) for c in page.locator("table.values td.count").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    screenshot(page, "facet-values")

    page.get_by_label("Filtrer les valeurs").fill("prie")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/facette/verb\?q=migrants&fq=prie$"))
    labels = [" ".join(t.split()) for t in page.locator("table.values tbody a").all_inner_texts()]
    assert labels == ["☐ Prie (Requests)", "☐ Prie instamment (Urges)"]

    page.locator('table.values a[data-value="Prie"]').click()
    page.wait_for_url(re.compile(r"/recherche\?q=migrants&verb=Prie$"))
    assert 0 < total(page) < before
    assert page.locator(".active-filters").get_by_text("Prie (Requests)").count() == 1
    assert page.console_errors == []
