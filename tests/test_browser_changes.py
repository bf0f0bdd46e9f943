"""Drive the diff and series pages in Chromium, with and without JavaScript (issue 13)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_browser import browser, page, screenshot, serve  # noqa: F401 - pytest fixtures
from tests.test_changes import series_index  # noqa: F401 - pytest fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def changes_url(series_index) -> Iterator[str]:  # noqa: F811
    yield from serve(series_index)


def test_diff_page_shows_insertions_and_deletions(page, changes_url):  # noqa: F811
    page.goto(changes_url + "/r/S/RES/2771 (2025)")
    page.get_by_role("link", name="changements depuis S/RES/2723 (2024)").click()
    page.wait_for_url(re.compile(r"/changements/"))
    assert page.locator("h1").inner_text() == "Changements de S/RES/2771 (2025) par rapport à S/RES/2723 (2024)"
    pp1 = page.locator("li#pp1")
    assert "mis à jour" in pp1.locator(".where").inner_text()
    # "en date du 3 janvier 2024, … (S/2024/13) … (S/2024/12)" → "2025, … (S/2025/7) … (S/2025/6)".
    assert [t.strip() for t in pp1.locator("del").all_inner_texts()] == ["2024,", "(S/2024/13)", "(S/2024/12),"]
    assert [t.strip() for t in pp1.locator("ins").all_inner_texts()] == ["2025,", "(S/2025/7)", "(S/2025/6),"]
    # Deleted words are struck through, inserted ones underlined: visible without colour.
    assert "line-through" in pp1.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "underline" in pp1.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert page.locator("li.change.status-new").count() >= 1
    screenshot(page, "changes-diff")
    assert page.console_errors == []


def test_diff_page_and_version_choice_without_javascript(browser, changes_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    nojs = context.new_page()
    try:
        nojs.goto(changes_url + "/changements/A/RES/80/218")
        assert nojs.locator("ins").count() > 10 and nojs.locator("del").count() > 10
        nojs.select_option("#depuis", "A/RES/68/179")
        nojs.get_by_role("button", name="Comparer").click()
        nojs.wait_for_url(re.compile(r"depuis=A%2FRES%2F68%2F179"))
        assert "par rapport à A/RES/68/179" in nojs.locator("h1").inner_text()
        nojs.goto(changes_url + "/r/A/RES/80/218/pp2")
        assert "Libellé inchangé depuis A/RES/68/179 (2013)" in nojs.locator(".wording-since").inner_text()
        nojs.goto(changes_url + "/serie/A/RES/80/218")
        rows = nojs.locator("table.series tbody tr")
        assert rows.count() == 3
        assert rows.nth(0).locator("td").first.inner_text() == "A/RES/68/179"
    finally:
        context.close()
