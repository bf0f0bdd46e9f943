"""Test the templates' helpers (webapp/templating.py) against what they stand for."""

from __future__ import annotations

from flask import url_for

from webapp.templating import doc_url

# Symbols and anchors as the collection spells them: spaces and parentheses (Council), a dash and
# parts (A-op3), an emergency session, accents of a hypothetical value, characters a path escapes.
CASES = [
    ("A/RES/68/179", None), ("A/RES/68/179", "op1"), ("S/RES/1820 (2008)", "op3"),
    ("S/RES/1483 (2003)", "A-op3"), ("A/RES/ES-10/19", "pp2"), ("S/RES/1011 (1995)", "op16c-i"),
    ("A/RES/78/1 é#?%&+", "op1"),
]


def test_doc_url_is_the_routed_url(app):
    with app.test_request_context("/recherche"):
        for symbol, anchor in CASES:
            rest = f"{symbol}/{anchor}" if anchor else symbol
            assert doc_url(symbol, anchor) == url_for("pages.document", rest=rest)
            assert doc_url(symbol, anchor, english=True) == url_for("pages.document", rest=rest, en="1")
            if anchor:
                assert doc_url(symbol, fragment=anchor) == url_for("pages.document", rest=symbol) + f"#{anchor}"
        assert doc_url("S/RES/1820 (2008)", "op3", english=True) == "/r/S/RES/1820%20(2008)/op3?en=1"


def test_doc_url_keeps_the_folder_the_site_is_served_under(app):
    # Behind a proxy at /resolu (SCRIPT_NAME), links keep the prefix, as url_for does.
    with app.test_request_context("/recherche", environ_overrides={"SCRIPT_NAME": "/resolu"}):
        assert doc_url("A/RES/68/179", "op1") == "/resolu/r/A/RES/68/179/op1"
        assert doc_url("A/RES/68/179", "op1") == url_for("pages.document", rest="A/RES/68/179/op1")
