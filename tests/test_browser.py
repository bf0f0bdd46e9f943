"""Drive the web app end to end in headless Chromium (Debian's, never a downloaded one).

A real WSGI server runs in a thread over the seed index; Playwright types a
query, clicks facets, follows permalinks and goes back. Screenshots land in
tests/screenshots/ (git-ignored) unless the CI variable is set.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TARGET_BACKGROUND = "rgb(255, 244, 194)"  # --target in webapp/static/style.css


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot when run locally (CI unset)."""
    if os.environ.get("CI"):
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def serve(index_dir: Path) -> Iterator[str]:
    """Serve the web app over an index in a thread; yield its base URL."""
    from werkzeug.serving import make_server

    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(index_dir)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    get_engine(app).close()


@pytest.fixture(scope="module")
def base_url(seed_index) -> Iterator[str]:
    yield from serve(seed_index)


@pytest.fixture(scope="module")
def default_url(request) -> Iterator[str]:
    """The default collection of seeds/, as the README's run command serves it.

    RESOLU_DEFAULT_INDEX may name an index of it already built by this code (as in test_browser_grouping):
    a local run then skips the build.
    """
    built = os.environ.get("RESOLU_DEFAULT_INDEX")
    yield from serve(Path(built) if built else request.getfixturevalue("default_index"))


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium absent : installez le paquet Debian « chromium » (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def total(page) -> int:
    text = page.locator("#results-title").inner_text()
    m = re.match(r"(\d+) paragraphe", text)
    return int(m.group(1)) if m else 0


def facet_counts(page, facet: str) -> dict[str, int]:
    items = page.locator(f'section[data-facet="{facet}"] li a')
    out = {}
    for i in range(items.count()):
        a = items.nth(i)
        # Paragraphs (the sponsor facet shows resolutions first, then paragraphs).
        out[a.get_attribute("data-value")] = int(a.locator(".count").text_content())
    return out


def test_type_query_see_highlights_toggle_facet_and_go_back(page, base_url):
    page.goto(base_url + "/")
    page.get_by_label("Rechercher dans les paragraphes des résolutions").fill("migrante")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche\?q=migrante$"))
    marks = page.locator("ol.hits mark")
    assert marks.count() > 0
    assert marks.first.inner_text().lower().startswith("migrant")  # stem-aware: "migrante" → "migrants"
    all_total = total(page)
    kinds_before = facet_counts(page, "kind")
    screenshot(page, "search")

    page.locator('section[data-facet="verb"] a[data-value="Prie"]').click()
    page.wait_for_url(re.compile(r"verb=Prie"))
    filtered = total(page)
    assert 0 < filtered < all_total
    assert page.locator('section[data-facet="verb"] a[data-value="Prie"]').get_attribute("aria-current") == "true"
    assert facet_counts(page, "kind") != kinds_before
    assert page.locator(".active-filters").get_by_text("Prie (Requests)").count() == 1
    screenshot(page, "search-facet")

    page.go_back()
    page.wait_for_url(re.compile(r"/recherche\?q=migrante$"))
    assert total(page) == all_total
    assert page.console_errors == []


def test_open_permalink_land_on_highlighted_paragraph_and_go_back(page, base_url):
    page.goto(base_url + "/recherche?q=arrestations")
    page.locator("ol.hits h2.cite a").first.click()
    page.wait_for_url(re.compile(r"/r/A/RES/68/179/op4a$"))
    assert page.locator("h1").inner_text() == "A/RES/68/179, par. 4 a)"
    assert page.locator("#citation").input_value() == "A/RES/68/179, par. 4 a)"
    # The copy buttons come from the static script (progressive enhancement).
    assert page.get_by_role("button", name=re.compile("Copier")).count() == 2
    screenshot(page, "permalink")

    page.get_by_role("link", name="Voir dans la résolution entière").click()
    page.wait_for_url(re.compile(r"/r/A/RES/68/179#op4a$"))
    target = page.locator("#op4a")
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == TARGET_BACKGROUND
    assert page.locator("#op4b").evaluate("e => getComputedStyle(e).backgroundColor") != TARGET_BACKGROUND
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900  # scrolled into view
    screenshot(page, "resolution")

    page.go_back()
    page.wait_for_url(re.compile(r"/r/A/RES/68/179/op4a$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/recherche\?q=arrestations$"))
    assert page.locator("ol.hits mark").count() > 0
    assert page.console_errors == []


def test_pilcrow_links_and_eid_urls(page, base_url):
    page.goto(base_url + "/r/A/RES/68/179")
    page.locator("#pp3 a.pilcrow").click()
    page.wait_for_url(re.compile(r"/r/A/RES/68/179/pp3$"))
    assert "3e alinéa du préambule" in page.locator("h1").inner_text()
    page.goto(base_url + "/r/A/RES/68/179/para_4__list_1__point_a")
    assert page.url.endswith("/r/A/RES/68/179/op4a")


def test_keyboard_only_search(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.locator("#q").focus()
    page.keyboard.type("frontieres")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=frontieres"))
    assert total(page) > 0
    # Facet values are ordinary links: reachable and activated with the keyboard.
    link = page.locator('section[data-facet="kind"] a').first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"kind="))


def test_equivalent_wording_said_and_exact_words_one_click_away(page, base_url):
    page.goto(base_url + "/")
    page.locator("#q").fill("droits de l'homme des migrants")
    page.keyboard.press("Enter")
    note = page.locator("p.equivalents")
    assert " ".join(note.inner_text().split()) == ("Recherche élargie à : « droits humains » (même sens que "
                                                   "« droits de l'homme »). Chercher les mots exacts seulement")
    note.get_by_role("link", name="Chercher les mots exacts seulement").click()
    page.wait_for_url(re.compile(r"q=%22droits\+de\+l%27homme%22\+des\+migrants$"))
    assert page.locator("#q").input_value() == '"droits de l\'homme" des migrants'
    assert page.locator("p.equivalents").count() == 0
    assert total(page) > 0
    assert page.console_errors == []


def test_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "/")
        page.fill("#q", "frontieres")
        page.click("form.search button[type=submit]")
        page.wait_for_url(re.compile(r"q=frontieres"))
        assert page.locator("ol.hits mark").count() > 0
        page.goto(base_url + "/r/A/RES/68/179/op4a")
        assert page.get_by_role("button", name=re.compile("Copier")).count() == 0
        assert page.locator("#citation").input_value() == "A/RES/68/179, par. 4 a)"
    finally:
        context.close()


def test_phone_width_has_no_horizontal_scroll(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("/recherche?q=migrants&verb=Prie", "/r/A/RES/68/179/op4a", "/r/A/RES/68/179"):
            page.goto(base_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} is {width}px wide"
        page.goto(base_url + "/recherche?q=migrants&verb=Prie")
        screenshot(page, "search-phone")
    finally:
        context.close()


def test_default_collection_series_and_diff_fit_a_phone(browser, default_url):
    # The migrants series table was 586 px wide at 390 px: it now scrolls inside its own box.
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("/serie/A/RES/80/218", "/changements/A/RES/80/218", "/", "/couverture"):
            page.goto(default_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width}px wide"
    finally:
        context.close()


def test_default_collection_sponsor_year_and_date_sort(page, default_url):
    page.goto(default_url + "/")
    page.fill("#q", "migrants")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche\?q=migrants$"))
    everything = total(page)
    assert everything > 500
    sponsors = facet_counts(page, "sponsor")
    # The State sponsoring the most resolutions among the results: the facet counts resolutions first.
    shown = page.locator('section[data-facet="sponsor"] .resolutions').all_inner_texts()
    resolutions = [int(t.split()[0]) for t in shown]
    assert resolutions == sorted(resolutions, reverse=True) and len(resolutions) == len(sponsors)
    first = next(iter(sponsors))
    page.locator(f'section[data-facet="sponsor"] a[data-value="{first}"]').click()
    page.wait_for_url(re.compile(r"sponsor="))
    by_sponsor = total(page)
    assert 0 < by_sponsor < everything
    assert by_sponsor == sponsors[first]

    years = facet_counts(page, "year")
    page.fill("#year_from", "2021")
    page.fill("#year_to", "2022")
    page.select_option("#sort", "date")
    page.locator("form.search button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"year_from=2021.*year_to=2022.*sort=date|sort=date.*year_from=2021"))
    assert total(page) == years.get("2021", 0) + years.get("2022", 0)
    dates = page.locator("ol.hits time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates and dates == sorted(dates, reverse=True)
    assert all("2021-01-01" <= d <= "2022-12-31" for d in dates)
    assert page.locator(".active-filters").get_by_text("Auteur (État) :").count() == 1
    screenshot(page, "default-sponsor-year-date")
    assert page.console_errors == []


def test_default_collection_resolution_page_shows_sponsors_vote_subjects(page, default_url):
    page.goto(default_url + "/r/A/RES/75/277")
    meta = page.locator("dl.resmeta")
    assert meta.locator("dd.sponsors a").count() == 85
    assert "Adoptée par un vote : 115 pour, 15 contre, 28 abstentions" in meta.locator("dd.vote").inner_text()
    voters = meta.locator("details.voters")
    assert not voters.evaluate("e => e.open")
    voters.locator("summary").click()
    assert "Contre (15) :" in voters.inner_text() and "Fédération de Russie" in voters.inner_text()
    assert meta.locator("dd.subjects a").count() >= 3
    assert "Organisation des Nations Unies" in meta.locator("dd.acknowledgement").inner_text()
    assert "Source des textes : Organisation des Nations Unies" in page.locator("footer").inner_text()
    screenshot(page, "default-resolution")
    assert page.console_errors == []
