"""Drive prior assent by State in Chromium (issue 25): the finder filtered by accepted_by and « sans vote »,
the accepted_by facet with the rule it applied, and a State's page leading to the paragraphs it accepted.

Served over every French AKN fixture (tests/data/akn): see tests/test_assent.py for what each State accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_assent import CUBA, GA_CONSENSUS
from tests.test_browser import browser, page, screenshot, serve, total  # noqa: F401 - pytest fixtures
from tests.test_similar import R2P_OP2

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def akn_url(bilingual_index) -> Iterator[str]:
    yield from serve(bilingual_index)


def test_finder_filtered_by_accepted_by_and_without_a_vote(page, akn_url):  # noqa: F811
    page.goto(akn_url + "/libelle")
    page.get_by_label(re.compile("^Projet de paragraphe")).fill(R2P_OP2)
    # Unfiltered, the paragraph itself comes first: A/RES/75/277, adopted by a recorded vote Cuba voted against.
    page.get_by_role("button", name="Trouver les formulations proches").click()
    first = page.locator("ol.similar-hits > li").first
    first.wait_for()
    assert first.locator("a").first.inner_text() == "A/RES/75/277, par. 2"
    assert first.locator(".assent").inner_text() == "Accepté par : 118 États coauteurs ou votant pour"
    # The filters: adoption mode (« sans vote » first) and the State.
    page.locator("details.finder-filters summary").click()
    options = page.locator("#f-vote option").all_inner_texts()
    assert options[:2] == ["tous les modes", "Adoptée sans vote"]
    page.select_option("#f-vote", "adopted_without_vote")
    page.get_by_label("Accepté par (État)").fill("Cuba")
    page.get_by_role("button", name="Trouver les formulations proches").click()
    page.wait_for_load_state()
    hits = page.locator("ol.similar-hits > li")
    hits.first.wait_for()
    cited = [hits.nth(i).locator("a").first.inner_text() for i in range(hits.count())]
    assert cited and all(c.split(",")[0] in GA_CONSENSUS for c in cited)
    assert all(v == "Adoptée sans vote (libellé agréé)" for v in hits.locator(".vote").all_inner_texts())
    assert page.get_by_text(re.compile("^accepté par Cuba : coauteur, vote pour, ou adoption sans vote")).count() == 1
    # The filters stay in the form, open.
    assert page.locator("#f-accepted").input_value() == "Cuba"
    assert page.locator("details.finder-filters").get_attribute("open") is not None
    screenshot(page, "finder-accepted-by-without-vote")
    assert page.console_errors == []


def test_state_page_leads_to_the_paragraphs_it_accepted(page, akn_url):  # noqa: F811
    page.goto(akn_url + "/etat/Cuba")
    assert page.locator("h1").inner_text() == "Cuba"
    # A/RES/75/277: Cuba voted against (tests/data/akn/75_277_F.xml, line 182).
    entry = page.locator("ul.state-entries li", has_text="A/RES/75/277")
    assert "vote : contre" in entry.inner_text()
    page.locator("details.rules summary").click()
    page.get_by_role("link", name="Paragraphes acceptés par Cuba").click()
    page.wait_for_url(re.compile(r"/recherche\?accepted_by=Cuba$"))
    rule = page.locator(".active-filters .accepted-rule")
    assert rule.inner_text().startswith("accepté par Cuba : coauteur, vote pour, ou adoption sans vote à "
                                        "l'Assemblée générale depuis le 14 juillet 2011 (comptée pour tout État "
                                        "Membre ;")
    facet = page.locator('section[data-facet="accepted_by"] a[data-value="Cuba"]')
    assert facet.locator(".resolutions").inner_text() == f"{len(CUBA)} rés."
    assert int(facet.locator(".count").inner_text()) == total(page)
    symbols = page.locator('section[data-facet="symbol"] a').evaluate_all(
        "els => els.map(e => e.getAttribute('data-value'))")
    assert set(symbols) == CUBA
    screenshot(page, "accepted-by-cuba")
    assert page.console_errors == []


def test_state_page_and_finder_filters_fit_a_phone(browser, akn_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    phone = context.new_page()
    phone.goto(akn_url + "/etat/Cuba")
    # The organ-year table scrolls in its own box.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto(akn_url + "/libelle")
    phone.locator("details.finder-filters summary").click()
    assert phone.locator("#f-accepted").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
