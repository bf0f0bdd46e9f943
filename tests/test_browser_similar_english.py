"""Drive "Libellé agréé" in Chromium with an English draft: the switch on « anglais », the official French shown.

The server runs over the web tests' bilingual index of tests/conftest.py. The
expected texts are read in S_RES_2522 (2020)-2007234E.xml and -F.xml
(operative paragraph 1), as in tests/test_browser_english.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_browser import browser, page, screenshot, serve  # noqa: F401 - pytest fixtures
from tests.test_browser_english import OP1_EN, OP1_FR

pytestmark = pytest.mark.browser

# A translator's draft of the next renewal: the date changed, "the mandate" made "its mandate".
DRAFT = OP1_EN.replace("the mandate", "its mandate").replace("31 May 2021", "31 May 2022")


@pytest.fixture(scope="module")
def bilingual_url(web_bilingual_index) -> Iterator[str]:
    yield from serve(web_bilingual_index)


def test_english_draft_gives_the_official_french(page, bilingual_url):  # noqa: F811
    page.goto(bilingual_url + "/libelle")
    page.get_by_role("radio", name="anglais").check()
    page.get_by_label(re.compile("^Projet de paragraphe")).fill(DRAFT)
    page.get_by_role("button", name="Trouver les formulations proches").click()
    first = page.locator("ol.similar-hits > li").first
    first.wait_for()
    assert page.get_by_role("radio", name="anglais").is_checked()
    assert first.locator("a").first.inner_text() == "S/RES/2522 (2020), par. 1"
    # The diff is against the English; the official French follows it.
    diff = first.locator('.diff[lang="en"]')
    assert [d.strip() for d in diff.locator("del").all_inner_texts()] == ["its", "2022;"]
    assert [i.strip() for i in diff.locator("ins").all_inner_texts()] == ["the", "2021;"]
    french = first.locator(".text-fr")
    assert french.inner_text().replace("\u00a0", " ") == f"Texte français officiel : {OP1_FR}".replace("\u00a0", " ")
    assert french.is_visible() and french.bounding_box()["y"] > diff.bounding_box()["y"]
    assert page.locator(".language-notice").count() == 0
    screenshot(page, "similar-english")
    assert page.console_errors == []


def test_english_draft_in_french_offers_the_switch(page, bilingual_url):  # noqa: F811
    page.goto(bilingual_url + "/libelle")
    assert page.get_by_role("radio", name="français").is_checked()
    page.get_by_label(re.compile("^Projet de paragraphe")).fill(DRAFT)
    page.get_by_role("button", name="Trouver les formulations proches").click()
    notice = page.locator(".language-notice")
    notice.wait_for()
    assert notice.inner_text().startswith("Ce texte semble rédigé en anglais, mais il est comparé aux "
                                          "paragraphes en français")
    screenshot(page, "similar-language-notice")
    notice.get_by_role("button", name="Comparer en anglais").click()
    page.wait_for_load_state()
    first = page.locator("ol.similar-hits > li").first
    first.wait_for()
    assert page.locator(".language-notice").count() == 0
    assert page.get_by_role("radio", name="anglais").is_checked()
    assert page.locator("#texte").input_value() == DRAFT
    assert first.locator("a").first.inner_text() == "S/RES/2522 (2020), par. 1"
    assert "Décide de proroger le mandat" in first.locator(".text-fr").inner_text()
    assert page.console_errors == []
