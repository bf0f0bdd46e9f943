"""Drive « Citée par » in Chromium: a resolution's citing paragraphs open where they cite it (issue 25).

Expected values read from tests/data/cited: A/RES/75/99 recalls « la résolution 74/90 du 13 décembre
2019 » in its 4th preambular paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.test_browser import browser, page, serve  # noqa: F401 - pytest fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cited_url(cited_index) -> Iterator[str]:
    yield from serve(cited_index)


def test_a_citing_paragraph_link_opens_the_paragraph_that_cites(page, cited_url):  # noqa: F811
    page.goto(cited_url + "/r/A/RES/74/90")
    cited = page.locator("dd.cited-by")
    assert cited.locator("p").first.inner_text() == (
        "2 résolutions, 3 paragraphes (par organe et année, les plus récentes d'abord) :")
    assert cited.locator("summary").all_inner_texts() == [
        "Assemblée générale : 1 résolution, 2 paragraphes",
        "Conseil des droits de l'homme : 1 résolution, 1 paragraphe"]
    links = cited.locator("a.cited-paragraph")
    assert links.all_inner_texts() == ["4e alinéa du préambule", "5e alinéa du préambule", "3e alinéa du préambule"]
    links.first.click()
    page.wait_for_url(re.compile(r"/r/A/RES/75/99/pp4$"))
    assert page.locator("h1").inner_text() == "A/RES/75/99, 4e alinéa du préambule"
    text = " ".join(page.locator(".para.target p").inner_text().split())  # the source's no-break spaces as spaces
    assert text == ("Rappelant également ses résolutions antérieures sur la question, dont la plus récente est la "
                    "résolution 74/90 du 13 décembre 2019,")


def test_the_most_cited_list_leads_to_the_citing_paragraphs(page, cited_url):  # noqa: F811
    page.goto(cited_url + "/resolutions?organ=Assemblée générale")
    rows = page.locator("ol.most-cited-list li")
    assert rows.count() == 3
    assert rows.first.inner_text().startswith("A/RES/75/99 — Le Golan syrien occupé")
    rows.first.get_by_role("link", name="citée par 2 résolutions").click()
    page.wait_for_url(re.compile(r"/r/A/RES/75/99#citee-par$"))
    assert page.locator("dd.cited-by a.cited-paragraph").all_inner_texts() == [
        "4e alinéa du préambule", "5e alinéa du préambule", "3e alinéa du préambule"]
