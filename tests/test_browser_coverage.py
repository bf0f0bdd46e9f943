"""Drive issue 21's answers in headless Chromium: a Council permalink, an absent symbol, a pasted citation, the gaps.

The index holds the seed A/RES/68/179 and the OCR file S/RES/1373 (2001) (tests/data/sc-extra, copied from
../shared/corpus/security-council). Debian's Chromium only (/usr/bin/chromium), never a downloaded browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser import browser, page, serve  # noqa: F401 - fixtures used by name

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "A_RES_68_179.md"
SC_1373 = ROOT / "tests" / "data" / "sc-extra" / "S_RES_1373_2001.fr.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("coverage-browser-index")
    build_index([SEED, SC_1373], folder)
    yield from serve(folder)


def search(pg, base: str, text: str) -> None:
    """Type a query in the home page's box and wait for the page it leads to."""
    pg.goto(base + "/")
    pg.fill("#q", text)
    pg.keyboard.press("Enter")
    pg.wait_for_url(lambda url: url != base + "/")
    pg.wait_for_load_state()


def test_council_paragraph_permalink_opens(page, site):  # noqa: F811
    page.goto(site + "/r/S/RES/1373 (2001)/op1c")
    assert page.url == site + "/r/S/RES/1373%20(2001)/op1c"
    assert page.locator("h1").inner_text() == "S/RES/1373 (2001), par. 1 c)"
    assert page.locator(".para.target p").first.inner_text().startswith(
        "c) Geler sans attendre les fonds et autres avoirs financiers")
    official = page.locator(".cite-box a.official-link")
    assert official.get_attribute("href") == "https://undocs.org/fr/S/RES/1373(2001)"
    # Without its year, the symbol is completed and the same paragraph opens.
    page.goto(site + "/r/S/RES/1373/op1c")
    assert page.url == site + "/r/S/RES/1373%20(2001)/op1c"
    assert page.console_errors == []


def test_absent_symbol_shows_the_notice_and_the_official_link(page, site):  # noqa: F811
    search(page, site, "S/RES/2231 (2015)")
    notice = page.locator(".absent-notice")
    assert notice.locator(".absent-message").inner_text() == "S/RES/2231 (2015) n'est pas dans la collection."
    link = notice.locator("a.official-link")
    assert link.inner_text() == "https://undocs.org/fr/S/RES/2231(2015)"
    assert link.get_attribute("href") == "https://undocs.org/fr/S/RES/2231(2015)"
    # Opened as a permalink: the same answer, never a bare 404.
    response = page.goto(site + "/r/S/RES/2231 (2015)")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "S/RES/2231 (2015) n'est pas dans la collection"
    assert page.locator("a.official-link").get_attribute("href") == "https://undocs.org/fr/S/RES/2231(2015)"


@pytest.mark.parametrize(("pasted", "path", "heading"), [
    ("A/RES/68/179, par. 4 a)", "/r/A/RES/68/179/op4a", "A/RES/68/179, par. 4 a)"),
    ("S/RES/1373 (2001), par. 1 c)", "/r/S/RES/1373%20(2001)/op1c", "S/RES/1373 (2001), par. 1 c)"),
    ("S/RES/1373 (2001), para. 1 (c)", "/r/S/RES/1373%20(2001)/op1c", "S/RES/1373 (2001), par. 1 c)"),
])
def test_pasted_citation_opens_its_paragraph(page, site, pasted, path, heading):  # noqa: F811
    search(page, site, pasted)
    assert page.url == site + path
    assert page.locator("h1").inner_text() == heading
    assert page.console_errors == []


def test_citation_copied_from_a_paragraph_page_opens_it_again(page, site):  # noqa: F811
    page.goto(site + "/r/A/RES/68/179/pp3")
    copied = page.locator("#citation").input_value()
    assert copied == "A/RES/68/179, 3e alinéa du préambule"
    search(page, site, copied)
    assert page.url == site + "/r/A/RES/68/179/pp3"


def test_coverage_page_lists_the_gaps(page, site):  # noqa: F811
    page.goto(site + "/")
    page.get_by_role("link", name="Voir la couverture : ce qu'elle contient et les lacunes connues").click()
    page.wait_for_url(re.compile(r"/couverture$"))
    assert page.locator("h1").inner_text() == "Couverture de la collection"
    council = page.locator('section.organ[data-organ="Conseil de sécurité"]')
    gaps = council.locator("ul.known-gaps li").all_inner_texts()
    assert gaps[0] == "Conseil de sécurité : le volume de 1947 manque à la source numérisée (résolutions 16 à 37)."
    assert any(g.startswith("Conseil de sécurité : aucun texte français de 2010 à 2019.") for g in gaps)
    assert council.locator("td.missing-numbers").inner_text() == "1372 : 1–1372"
    ga = page.locator('section.organ[data-organ="Assemblée générale"]')
    assert ga.locator("ul.known-gaps li").inner_text().startswith(
        "Aucune résolution de l'Assemblée générale avant la 74e session")
    assert page.console_errors == []
