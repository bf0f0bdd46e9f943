"""Find the expressions of a query that the resolutions print two ways (indexer/text/equivalents.py)."""

from __future__ import annotations

import pytest

from indexer.text.equivalents import REPLACED, Expression, find_expressions

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
