"""Download a search and a resolution from their pages in headless Chromium, and follow the feed.

The links are clicked as a researcher would: CSV, RIS and BibTeX arrive as
downloads with their names; the JSON twin opens; the feed announced in the
page's head is a valid Atom document.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.test_browser import base_url, browser, page  # noqa: F401 - fixtures shared with the main browser tests

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


def download(page, name: str) -> tuple[str, str]:  # noqa: F811 - the page fixture
    """Click a link of the downloads line; return the file's suggested name and text."""
    with page.expect_download() as info:
        page.locator("p.downloads, p.links").get_by_role("link", name=name, exact=True).click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes().decode("utf-8")


def test_search_page_downloads_csv_ris_bibtex_and_links_json_and_feed(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/recherche?q=migrants&verb=Prie")
    downloads = page.locator("p.downloads")
    assert downloads.inner_text().startswith("Télécharger ces 6 paragraphes :")

    name, text = download(page, "CSV")
    assert name == "resolu-migrants.csv"
    assert text.startswith("\ufeffsymbol,anchor,citation,date,organ,title,verb,addressees,instruments,text,url,"
                           "official_url,source")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 6 and {r["symbol"] for r in rows} == {"A/RES/68/179"}
    assert rows[0]["date"] == "2013-12-18" and rows[0]["organ"] == "Assemblée générale"

    name, text = download(page, "RIS")
    assert name == "resolu-migrants.ris"
    assert text.startswith("TY  - RPRT\r\nTI  - Protection des migrants\r\n")

    name, text = download(page, "BibTeX")
    assert name == "resolu-migrants.bib"
    assert "@techreport{A_RES_68_179,\n  author = {{Assemblée générale des Nations Unies}}," in text

    feed_href = page.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    assert feed_href == "/recherche.atom?q=migrants&verb=Prie"
    assert downloads.get_by_role("link", name="Flux Atom").get_attribute("href") == feed_href
    response = page.request.get(base_url + feed_href)
    assert response.ok and response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.body())
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 6
    assert entries[0].findtext(f"{ATOM}title") == "A/RES/68/179, par. 3 d)"

    with page.expect_response(lambda r: "/api/search" in r.url) as info:
        downloads.get_by_role("link", name="JSON de cette page").click()
    data = info.value.json()
    assert data["filters"] == {"verb": ["Prie"]} and data["total"] == 6
    assert data["hits"][0]["citation"].startswith("A/RES/68/179, par. ")
    assert data["hits"][0]["url"].startswith("http://localhost/r/A/RES/68/179/")


def test_resolution_page_downloads_every_paragraph(page, base_url):  # noqa: F811
    page.goto(f"{base_url}/r/A/RES/68/179")
    name, text = download(page, "CSV")
    assert name == "A_RES_68_179.csv"
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 77 and rows[-1]["citation"] == "A/RES/68/179, par. 16"
    name, text = download(page, "BibTeX")
    assert name == "A_RES_68_179.bib" and text.count("@techreport{") == 1
