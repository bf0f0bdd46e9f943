"""Drive the pages in Chromium: phone filters, skip link, home overview, a pasted long query (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_browser import base_url, browser, page  # noqa: F401 - pytest fixtures
from tests.test_server import server_url  # noqa: F401 - the app under gunicorn

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


def test_a_pasted_paragraph_too_long_for_an_address_gets_a_french_page(page, server_url):  # noqa: F811
    page.goto(server_url + "/")
    # A delegate pastes a long stretch of a resolution (3,800 characters, hundreds of distinct words).
    body = SEED.read_text(encoding="utf-8").split("*L'Assemblée générale,*", 1)[1]
    pasted = " ".join(body.replace("*", " ").split())[:3800]
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill(pasted)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche\?q="))  # not the home page still on screen
    page.wait_for_load_state()
    text = page.locator("body").inner_text()
    # Under gunicorn's longest request line: the app answers, in French, with its own limit.
    assert re.search(r"requête trop longue : \d+ mots différents, 40 au plus", text)
    assert "URI Too Long" not in text
