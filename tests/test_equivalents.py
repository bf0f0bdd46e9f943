"""Find the expressions of a query that the resolutions print two ways (indexer/text/equivalents.py)."""

from __future__ import annotations

import pytest

from indexer.text.equivalents import REPLACED, Expression, Widening, exact_words, find_expressions, widenings

HUMAN_RIGHTS = ("droits de l'homme", "droits humains")


def test_human_rights_are_one_row():
    assert ("droits de l'homme", ("droits humains",)) in REPLACED


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("droits de l'homme des enfants migrants", [Expression(0, 3, HUMAN_RIGHTS)]),
        # The current spelling is searched as typed.
        ("droits humains des enfants migrants", []),
        # Singular, accent-free, a space for the apostrophe, a curly apostrophe: the same terms.
        ("droit de l homme", [Expression(0, 4, HUMAN_RIGHTS)]),
        ("Conseil des droits de l’homme", [Expression(2, 5, HUMAN_RIGHTS)]),
        ("droits de l'homme et droit de l'homme", [Expression(0, 3, HUMAN_RIGHTS), Expression(4, 7, HUMAN_RIGHTS)]),
        # Other words between, or another order: not the expression.
        ("droits des migrants", []),
        ("droits des enfants de l'homme", []),
        ("homme droits", []),
        ("humains", []),
    ],
)
def test_find_expressions(query, expected):
    assert find_expressions(query.split()) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("droits de l'homme des enfants migrants", [Widening("droits de l'homme", ("droits humains",))]),
        # As typed (curly apostrophe, singular): the page quotes what the user wrote.
        ("Conseil des droit de l’homme", [Widening("droit de l’homme", ("droits humains",))]),
        ("droits humains des enfants migrants", []),
        ("enfants migrants", []),
    ],
)
def test_widenings_say_what_else_was_searched(query, expected):
    assert widenings(query.split()) == expected


def test_widening_json():
    assert Widening("droits de l'homme", ("droits humains",)).to_json() == {
        "typed": "droits de l'homme", "also": ["droits humains"]}


@pytest.mark.parametrize(
    ("query", "exact"),
    [
        ("droits de l'homme des enfants migrants", "\"droits de l'homme\" des enfants migrants"),
        # Spaces inside the expression closed up; a typed filter and the other words kept as typed.
        ("organe:AG  droits  de  l’homme   migrants", "organe:AG  \"droits de l’homme\"   migrants"),
        # Each expression quoted where it was typed.
        ("droit de l'homme et droits de l'homme", "\"droit de l'homme\" et \"droits de l'homme\""),
    ],
)
def test_exact_words_quote_the_widened_expression(query, exact):
    words = [w for w in query.split() if ":" not in w]
    assert exact_words(query, widenings(words)) == exact
