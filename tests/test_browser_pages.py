"""Drive the pages in Chromium: phone filters, skip link, home overview, a pasted long query (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_browser import base_url, browser, page  # noqa: F401 - pytest fixtures
from tests.test_server import server_url  # noqa: F401 - the app under gunicorn

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parent.parent / "seeds" / "A_RES_68_179.md"


def test_phone_reaches_the_filters_without_scrolling_past_the_hits(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", has_touch=True)
    phone = context.new_page()
    phone.goto(base_url + "/recherche?q=migrants")
    button = phone.get_by_role("link", name=re.compile(r"^Filtres"))
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844  # in the first screen
    first_hit = phone.locator("ol.hits li").first.bounding_box()
    assert box["y"] < first_hit["y"]  # above the results
    button.click()
    phone.wait_for_url(re.compile(r"#facets-title$"))
    heading = phone.locator("#facets-title").bounding_box()
    assert -1 <= heading["y"] < 844  # the facets are now on screen (sub-pixel scrolling aside)
    phone.get_by_role("link", name="Revenir aux résultats").click()
    assert -1 <= phone.locator("#results-title").bounding_box()["y"] < 844
    context.close()


def test_a_skip_link_takes_the_keyboard_to_the_results(page, base_url):  # noqa: F811
    page.goto(base_url + "/recherche?q=migrants")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller aux résultats"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is the first hit's citation, not the 150 facet links.
    assert page.evaluate("document.activeElement.closest('ol.hits') !== null")
    assert page.evaluate("document.activeElement.textContent").startswith("A/RES/68/179, ")


def test_home_overview_leads_to_the_list_of_all_resolutions(page, base_url):  # noqa: F811
    page.goto(base_url + "/")
    assert page.locator("table.collection th[scope=row]").all_inner_texts() == ["Assemblée générale"]
    page.get_by_role("link", name="Toutes les résolutions, des plus récentes aux plus anciennes").click()
    page.wait_for_url(re.compile(r"/resolutions$"))
    assert page.locator("h1").inner_text().startswith("1 résolution")
    assert page.locator("ol.resolution-list li").first.inner_text().startswith(
        "A/RES/68/179 — Protection des migrants")


def test_a_pasted_paragraph_goes_to_the_agreed_language_finder_with_its_text(page, server_url):  # noqa: F811
    page.goto(server_url + "/")
    # A delegate pastes a long stretch of a resolution (3,800 characters, hundreds of distinct words)
    # into the search box: too many words for a search, so the page hands it to « Libellé agréé ».
    body = SEED.read_text(encoding="utf-8").split("*L'Assemblée générale,*", 1)[1]
    pasted = " ".join(body.replace("*", " ").split())[:3800]
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill(pasted)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/libelle$"))
    page.wait_for_load_state()
    assert page.locator("#texte").input_value() == pasted  # nothing lost
    assert "A/RES/68/179, 6e alinéa du préambule" in page.locator("ol.similar-hits li").first.inner_text()
    text = page.locator("body").inner_text()
    assert "requête trop longue" not in text and "URI Too Long" not in text


def test_without_javascript_a_pasted_paragraph_gets_the_finder_offered(browser, server_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    tab = context.new_page()
    words = " ".join(f"mot{i}" for i in range(60))
    tab.goto(server_url + "/")
    tab.get_by_label("Rechercher dans les paragraphes des résolutions").fill(words)
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/recherche\?q="))
    assert "requête trop longue : 60 mots différents, 40 au plus" in tab.locator("body").inner_text()
    assert tab.locator("form.finder-offer textarea").input_value() == words
    tab.get_by_role("button", name="Chercher ce libellé agréé").click()
    tab.wait_for_url(re.compile(r"/libelle$"))
    assert tab.locator("#texte").input_value() == words
    context.close()
