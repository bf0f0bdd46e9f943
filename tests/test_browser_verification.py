"""Drive the whole-draft check in Chromium: paste a draft, see agreed and new spans, download the .docx (issue 26)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest

from tests.test_browser import browser, page, screenshot, serve  # noqa: F401 - pytest fixtures
from tests.test_verification import HOLISTIC_EN, INVENTED, OP1, OP2_CHANGED

INVENTED_EN = "The blue unicorns of Vanuatu sing at midnight under the March moon while playing the violin."

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def draft_url(web_bilingual_index) -> Iterator[str]:
    """The fixtures holding A/RES/76/239 (tests/data/akn), served."""
    yield from serve(web_bilingual_index)


def test_paste_a_draft_see_agreed_and_new_spans_and_download_word(page, draft_url):  # noqa: F811
    from docx import Document

    page.goto(draft_url + "/")
    page.get_by_role("link", name="Vérifier un projet").click()
    page.wait_for_url(re.compile(r"/verification$"))
    page.get_by_label("Texte du projet").fill(f"{OP1}\n{OP2_CHANGED}\n{INVENTED}")
    page.get_by_role("button", name="Vérifier le projet").click()
    first = page.locator("#p1")
    first.wait_for()
    assert first.locator(".verdict").inner_text().startswith("1 agréé : A/RES/76/239, par. 1, mot pour mot")
    agreed = first.locator(".seg.agreed")
    assert agreed.count() == 1
    assert agreed.inner_text() == OP1[3:-2]
    # The citation on hover, and in the margin with a link to the paragraph's anchor.
    assert agreed.get_attribute("title").startswith("Libellé agréé : A/RES/76/239, par. 1 (2021-12-24")
    assert first.locator("ol.margin a").first.get_attribute("href") == "/r/A/RES/76/239/op1"
    assert page.locator("#p2 .verdict").inner_text().startswith("2 agréé avec 2 modifications : A/RES/76/239, par. 2")
    assert page.locator("#p2 .seg.near").count() >= 1
    new = page.locator("#p3 .seg.new")
    assert new.inner_text() == INVENTED[3:-1]
    assert new.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 241, 168)"
    assert page.console_errors == []
    screenshot(page, "verification")
    with page.expect_download() as download:
        page.get_by_role("button", name="Word (.docx, commentaires)").click()
    data = download.value.path().read_bytes()
    document = Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == [OP1, OP2_CHANGED, INVENTED]
    assert any(c.text.startswith("Libellé agréé : A/RES/76/239, par. 1") for c in document.comments)


def test_an_english_draft_shows_the_french_of_its_clauses_and_its_word_comments(page, draft_url):  # noqa: F811
    from docx import Document

    page.goto(draft_url + "/verification")
    page.get_by_label("Texte du projet").fill(f"{HOLISTIC_EN}\n{INVENTED_EN}")
    page.get_by_label("anglais").check()
    page.get_by_role("button", name="Vérifier le projet").click()
    first = page.locator("#p1")
    first.wait_for()
    assert first.locator(".seg.agreed").inner_text() == HOLISTIC_EN[9:-1]
    french = first.locator("details.french-clauses")
    assert french.locator("summary").inner_text() == "texte français officiel des propositions correspondantes"
    french.locator("summary").click()
    assert french.locator("p").inner_text() == (
        "et réaffirmant qu’il est nécessaire de suivre une démarche intégrée qui consolide les assises de la paix et "
        "de la stabilité, dans le respect des priorités définies par le Gouvernement somalien")
    assert page.locator("#p2 .seg.new").inner_text() == INVENTED_EN[:-1]
    assert page.console_errors == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Word (.docx, commentaires)").click()
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    assert [p.text for p in document.paragraphs] == [HOLISTIC_EN, INVENTED_EN]
    assert any("Texte français officiel des propositions correspondantes : et réaffirmant" in c.text
               for c in document.comments)
