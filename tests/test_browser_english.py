"""Drive the English side in Chromium: an English query answered in French, and the pages' English toggle.

The server runs over the web tests' bilingual index of tests/conftest.py (French AKN
files of tests/data/akn with their English files of tests/data/akn-en). The
expected texts are read in S_RES_2522 (2020)-2007234F.xml and -E.xml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_browser import browser, page, screenshot, serve  # noqa: F401 - pytest fixtures

pytestmark = pytest.mark.browser

OP1_FR = ("Décide de proroger le mandat de la Mission d’assistance des Nations Unies pour l’Iraq jusqu’au "
          "31 mai 2021\u00a0;")
OP1_EN = "Decides to extend the mandate of the United Nations Assistance Mission for Iraq (UNAMI) until 31 May 2021;"


@pytest.fixture(scope="module")
def bilingual_url(web_bilingual_index) -> Iterator[str]:
    yield from serve(web_bilingual_index)


def test_english_query_gives_french_results_with_the_english_under_them(page, bilingual_url):  # noqa: F811
    page.goto(bilingual_url + "/")
    page.get_by_role("radio", name="anglais").check()
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill('"decides to extend the mandate"')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche\?q=%22decides\+to\+extend\+the\+mandate%22&lang=en$"))
    assert page.get_by_role("radio", name="anglais").is_checked()
    assert page.locator("#results-title").inner_text() == \
        '1 paragraphe pour « "decides to extend the mandate" » (requête en anglais)'
    card = page.locator("ol.hits > li").first
    assert card.locator("h2.cite").inner_text() == "S/RES/2522 (2020), par. 1"
    french = card.locator("p.text")
    english = card.locator('p.text-en[lang="en"]')
    # The official French, then the English, visibly under it, the query's words marked in the English only.
    assert french.inner_text() == f"1. {OP1_FR}"
    assert english.text_content() == f"Texte anglais : {OP1_EN}"
    assert english.is_visible() and english.bounding_box()["y"] > french.bounding_box()["y"]
    marked = [m.lower() for m in english.locator("mark").all_inner_texts()]
    assert {"decides", "extend", "mandate"} <= set(marked)
    assert french.locator("mark").count() == 0
    screenshot(page, "english-query")

    # Into the resolution, the English still shown under each paragraph.
    card.get_by_role("link", name="Dans la résolution").click()
    page.wait_for_url(re.compile(r"/r/S/RES/2522%20\(2020\)\?en=1#op1$"))
    assert page.locator('#op1 p.text-en[lang="en"]').inner_text() == OP1_EN
    assert page.locator("p.text-en").count() == 26  # S/RES/2522 (2020): 26 paragraphs, all aligned
    screenshot(page, "english-resolution")
    page.get_by_role("link", name="Masquer l'anglais").click()
    page.wait_for_url(re.compile(r"/r/S/RES/2522%20\(2020\)$"))
    assert page.locator("p.text-en").count() == 0
    assert page.locator("#op1").inner_text().startswith(f"1. {OP1_FR}")
    page.get_by_role("link", name="Afficher l'anglais").click()
    page.wait_for_url(re.compile(r"\?en=1$"))
    assert page.locator("#op1 p.text-en").is_visible()
    assert page.console_errors == []


def test_the_toggle_works_without_javascript(browser, bilingual_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        no_script = context.new_page()
        no_script.goto(bilingual_url + "/r/S/RES/2522%20(2020)/op1")
        assert no_script.locator("p.text-en").count() == 0
        no_script.get_by_role("link", name="Afficher l'anglais").click()
        no_script.wait_for_url(re.compile(r"/op1\?en=1$"))
        assert no_script.locator('.target p.text-en[lang="en"]').inner_text() == OP1_EN
        no_script.get_by_role("link", name="Masquer l'anglais").click()
        no_script.wait_for_url(re.compile(r"/op1$"))
        assert no_script.locator("p.text-en").count() == 0
        # A resolution without English says so.
        no_script.goto(bilingual_url + "/r/A/RES/68/179")
        assert no_script.locator(".english-toggle").inner_text().strip() == "Version anglaise non disponible."
    finally:
        context.close()
