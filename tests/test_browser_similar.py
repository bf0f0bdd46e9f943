"""Drive the "Libellé agréé" page in Chromium: from the home page, paste a draft, read the diff; from a paragraph."""

from __future__ import annotations

import re

import pytest

from tests.test_browser import base_url, browser, page, screenshot  # noqa: F401 - pytest fixtures
from tests.test_similar import PASTED_PP2

pytestmark = pytest.mark.browser


def test_paste_a_draft_and_read_the_diff(page, base_url):  # noqa: F811
    page.goto(base_url + "/")
    page.get_by_role("link", name="Libellé agréé").click()
    page.wait_for_url(re.compile(r"/libelle$"))
    # The draft of A/RES/68/179 op16 with the session changed (seeds/A_RES_68_179.md, line 229).
    page.get_by_label(re.compile("^Projet de paragraphe")).fill(
        "Prie le Secretaire general de lui presenter a sa soixante-dixieme session un rapport sur l’application "
        "de la presente resolution")
    page.get_by_role("button", name="Trouver les formulations proches").click()
    first = page.locator("ol.similar-hits > li").first
    first.wait_for()
    assert first.locator("a").first.inner_text() == "A/RES/68/179, par. 16"
    assert first.locator("del").first.inner_text().strip() == "dixieme"
    assert first.locator("ins").first.inner_text().strip() == "neuvième"
    assert "à sa soixante-dixieme" in first.locator(".diff").inner_text()
    # The seed's Markdown names no vote: said so, with the organ and the date.
    assert first.locator(".head").inner_text().endswith(
        "18 décembre 2013 · Assemblée générale · mode d'adoption non indiqué")
    screenshot(page, "similar-draft")


def test_pasted_paragraph_is_found_whole(page, base_url):  # noqa: F811
    page.goto(base_url + "/libelle")
    page.get_by_label(re.compile("^Projet de paragraphe")).fill(PASTED_PP2)
    page.get_by_role("button", name="Trouver les formulations proches").click()
    first = page.locator("ol.similar-hits > li").first
    first.wait_for()
    assert first.locator(".similarity").inner_text() == "100 %"
    assert first.locator("del").count() == 0 and first.locator("ins").count() == 0


def test_paragraph_page_leads_to_close_formulations(page, base_url):  # noqa: F811
    page.goto(base_url + "/r/A/RES/68/179/pp2")
    page.get_by_role("link", name="Formulations proches").click()
    page.wait_for_url(re.compile(r"/libelle\?depuis="))
    assert page.locator("#texte").input_value().startswith("Réaffirmant la Déclaration universelle")
    assert page.locator("ol.similar-hits > li .similarity").first.inner_text() == "100 %"


def test_too_long_a_draft_is_refused_in_french(page, base_url):  # noqa: F811
    page.goto(base_url + "/libelle")
    # The textarea stops typing at 5,000 characters; a script-free client could still send more.
    assert page.locator("#texte").get_attribute("maxlength") == "5000"
    response = page.request.post(base_url + "/libelle", form={"texte": "mot " * 1500})
    assert response.status == 400
    assert "texte trop long : 6000 caractères, 5000 au plus" in response.text()
