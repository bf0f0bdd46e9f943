"""Test the TMX writer (webapp/tmx.py) with an independent reader, translate-toolkit's.

The writer's output is read back by ``translate.storage.tmx`` (the Translate
Toolkit, which Pootle, Weblate and Virtaal use), never only by the writer's
own XML library: a file it cannot read is a file no translator can use.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from webapp import tmx

translate_tmx = pytest.importorskip("translate.storage.tmx", reason="pip install translate-toolkit (test extras)")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# S/RES/2741 (2024), last operative paragraph, as the French AKN file (tests/data/akn) and the English one
# (tests/data/akn-en) print it.
OP11 = tmx.Unit(symbol="S/RES/2741 (2024)", anchor="op11", french="Décide de rester saisi de la question.",
                english="Decides to remain actively seized of the matter.",
                url="https://resolu.example/r/S/RES/2741 (2024)/op11", citation="S/RES/2741 (2024), par. 11")


def read(text: str):
    """Parse a TMX document with translate-toolkit, as a translation tool would."""
    return translate_tmx.tmxfile.parsestring(text.encode("utf-8"))


def test_one_unit_per_aligned_paragraph_read_back_by_translate_toolkit():
    lone = tmx.Unit("S/RES/2741 (2024)", "op10", "Prie le Secrétaire général…", "", "u")
    text = tmx.to_tmx([OP11, lone], tmx.Header(tool_version="0.1.0"))
    store = read(text)
    units = [u for u in store.units if u.istranslatable()]
    assert len(units) == 1  # the paragraph without English is left out
    unit = units[0]
    assert unit.source == OP11.french
    assert unit.target == OP11.english
    assert unit.getid() == "S/RES/2741 (2024)/op11"
    assert store.sourcelanguage == "fr-FR"


def test_header_and_properties_follow_tmx_1_4b():
    text = tmx.to_tmx([OP11], tmx.Header(tool_version="0.1.0", created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)))
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<tmx version="1.4">')
    root = ET.fromstring(text.encode("utf-8"))
    header = root.find("header")
    assert header.attrib == {"creationtool": "resolu", "creationtoolversion": "0.1.0", "datatype": "plaintext",
                             "segtype": "paragraph", "o-tmf": "resolu", "adminlang": "en", "srclang": "fr-FR",
                             "creationdate": "20260102T030405Z"}
    notes = header.findall("note")
    assert notes[0].text.startswith("Source of the texts: United Nations.")
    assert "unofficial copies" in notes[0].text
    assert notes[1].get(XML_LANG) == "fr-FR"
    assert notes[1].text.startswith("Source des textes : Organisation des Nations Unies.")
    (tu,) = root.iter("tu")
    assert [(p.get("type"), p.text) for p in tu.findall("prop")] == [
        ("x-symbol", "S/RES/2741 (2024)"), ("x-anchor", "op11"), ("x-citation", "S/RES/2741 (2024), par. 11"),
        ("x-url", "https://resolu.example/r/S/RES/2741 (2024)/op11")]
    # Notes and properties come before the variants, as the DTD orders them.
    assert [child.tag for child in tu] == ["prop", "prop", "prop", "prop", "tuv", "tuv"]
    assert [(v.get(XML_LANG), v.findtext("seg")) for v in tu.findall("tuv")] == [
        ("fr-FR", OP11.french), ("en", OP11.english)]


def test_english_query_makes_english_the_source_language():
    text = tmx.to_tmx([OP11], tmx.Header(srclang=tmx.ENGLISH))
    store = read(text)
    assert store.sourcelanguage == "en"
    (unit,) = store.units
    assert unit.source == OP11.english and unit.target == OP11.french
    assert [v.get(XML_LANG) for v in ET.fromstring(text).iter("tuv")] == ["en", "fr-FR"]


def test_markup_characters_are_escaped_and_forbidden_ones_dropped():
    # OCR leaves form feeds and other control characters; XML 1.0 cannot hold them at all.
    nasty = tmx.Unit("A/RES/1 <&>", "op1", 'Prie « le "Comité" » & <b>X</b>\x0c\x00 ;', "Requests 'the' & <i>\x1b",
                     "https://resolu.example/r/A?x=1&y=2")
    text = tmx.to_tmx([nasty])
    assert "&amp; &lt;b&gt;X&lt;/b&gt;" in text and "\x0c" not in text and "\x00" not in text
    (unit,) = read(text).units
    assert unit.source == 'Prie « le "Comité" » & <b>X</b> ;'
    assert unit.target == "Requests 'the' & <i>"
    props = {p.get("type"): p.text for p in ET.fromstring(text).iter("prop")}
    assert props["x-symbol"] == "A/RES/1 <&>" and props["x-url"] == "https://resolu.example/r/A?x=1&y=2"


def test_no_aligned_paragraph_is_a_valid_empty_memory():
    text = tmx.to_tmx([tmx.Unit("A/RES/68/179", "op1", "Texte français", "  ", "u")])
    store = read(text)
    assert [u for u in store.units if u.istranslatable()] == []
    assert ET.fromstring(text).find("body") is not None


def test_unknown_source_language_is_refused():
    with pytest.raises(ValueError, match="srclang 'de'"):
        tmx.to_tmx([OP11], tmx.Header(srclang="de"))
