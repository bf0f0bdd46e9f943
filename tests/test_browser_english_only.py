"""Drive an English-only resolution in Chromium: found in English, opened with its French notice and link (issue 23).

The server runs over a small index: the French OCR text of S/RES/1820 (2008)
(tests/data/sc) and the English AKN4UN files of tests/data/sc-en, among them
S/RES/2250 (2015), which the collection holds in English only. The expected
text is read in S_RES_2250_1521698E.xml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_browser import browser, page, screenshot, serve  # noqa: F401 - pytest fixtures
from tests.test_english_only import SC_EN, SC_FR, YOUTH_OP1

pytestmark = pytest.mark.browser

NOTICE = "Texte français non disponible dans la collection"
OFFICIAL = "https://undocs.org/fr/S/RES/2250(2015)"


@pytest.fixture(scope="module")
def english_only_url(tmp_path_factory) -> Iterator[str]:
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("english-only-web")
    build_index([SC_FR / "S_RES_1820_2008.fr.txt", SC_EN], folder)
    yield from serve(folder)


def test_an_english_only_2015_resolution_opens_with_its_notice_and_link(page, english_only_url):  # noqa: F811
    page.goto(english_only_url + "/")
    # Its symbol typed in the French search box opens the resolution itself.
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill("S/RES/2250 (2015)")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/r/S/RES/2250%20\(2015\)$"))
    notice = page.locator("p.english-only-notice")
    assert notice.is_visible()
    assert notice.inner_text().startswith(NOTICE)
    link = notice.get_by_role("link", name=OFFICIAL)
    assert link.get_attribute("href") == OFFICIAL
    # The English text stands where the French would, marked as English.
    op1 = page.locator('#op1 p[lang="en"]')
    assert op1.inner_text().startswith(f"1. {YOUTH_OP1}")  # then its permalink, ¶
    assert page.locator("#op1").bounding_box()["y"] > notice.bounding_box()["y"]
    screenshot(page, "english-only-resolution")

    # The paragraph's permalink says the same.
    page.goto(english_only_url + "/r/S/RES/2250 (2015)/op1")
    assert page.locator("p.english-only-notice").inner_text().startswith(NOTICE)
    assert page.locator('div.target p[lang="en"]').inner_text() == f"1. {YOUTH_OP1}"

    # Searched in English it is found, the card saying that no French text is held; in French it is not.
    page.goto(english_only_url + "/")
    page.get_by_role("radio", name="anglais").check()
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill('"inclusive representation of youth"')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lang=en$"))
    card = page.locator("ol.hits > li").first
    assert card.locator("h2.cite").inner_text() == "S/RES/2250 (2015), par. 1"
    assert NOTICE in card.locator("p.english-only-notice").inner_text()
    assert card.locator('p.text-en[lang="en"]').text_content() == f"Texte anglais : {YOUTH_OP1}"
    screenshot(page, "english-only-search")
    page.get_by_role("radio", name="français").check()
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill("youth")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche\?q=youth$"))
    assert page.locator("ol.hits > li").count() == 0
