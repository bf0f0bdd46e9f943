"""Check that every note of a source is shown and that no footnote call links to nothing (issue 21).

S/RES/1267 (1999) (tests/data/sc-extra, copied from ../shared/corpus/security-council): the 7th preambular
paragraph ends "… à la justice3 <sup>17,</sup>", and the file holds two notes, "<sup>16</sup> Document
S/1999/916, …" and "<sup>317</sup> Voir S/1999/1021." (the second printed with a garbled number): no note 17.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp.present import with_calls

ROOT = Path(__file__).resolve().parent.parent
SC_1267 = ROOT / "tests" / "data" / "sc-extra" / "S_RES_1267_1999.fr.txt"


def test_a_call_without_its_note_is_printed_plainly() -> None:
    html = str(with_calls("mot", [(17, 3), (2, 3)], "pp8", notes=[2]))
    assert '<sup class="call call-missing" title="Note 17 absente du texte source">17</sup>' in html
    assert '<a href="#fn-pp8-2" aria-label="note 2">2</a>' in html
    # Where the notes are not known (a search hit), calls link to the permalink's notes as before.
    assert "call-missing" not in str(with_calls("mot", [(17, 3)], "pp8", "/r/X"))


def test_calls_inside_runs_of_text_go_before_their_character_and_outside_marks() -> None:
    # "l'État exige" escaped and highlighted: the reference counts one character, tags none.
    html = "l&#39;<mark>État</mark> exige des États"
    calls = [(1, 2), (2, 6), (3, 9), (4, 20), (5, 99)]
    out = str(with_calls(html, calls, "pp1", notes=[1, 2, 3, 4]))

    def call(n: int) -> str:
        return f'<sup class="call"><a href="#fn-pp1-{n}" aria-label="note {n}">{n}</a></sup>'

    assert out == ("l&#39;" + call(1) + "<mark>État</mark>" + call(2) + " ex" + call(3) + "ige des Éta" + call(4)
                   + "ts" + '<sup class="call call-missing" title="Note 5 absente du texte source">5</sup>')


def test_calls_at_a_mark_s_end_follow_it_and_the_text_after_the_last_call_is_kept_whole() -> None:
    # "first second third": "second" ends at character 12; two notes called there, one at the start.
    html = "first <mark>second</mark> third &amp; fourth"
    out = str(with_calls(html, [(1, 0), (2, 12), (3, 12)], "op2", notes=[1, 2, 3]))

    def call(n: int) -> str:
        return f'<sup class="call"><a href="#fn-op2-{n}" aria-label="note {n}">{n}</a></sup>'

    assert out == call(1) + "first <mark>second</mark>" + call(2) + call(3) + " third &amp; fourth"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    folder = tmp_path_factory.mktemp("notes-index")
    build_index([SC_1267], folder)
    app = create_app({"INDEX_DIR": str(folder), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


def test_the_resolution_page_shows_every_note_and_no_dead_call(web) -> None:
    page = web.get("/r/S/RES/1267 (1999)").get_data(as_text=True)
    assert "#fn-pp7-17" not in page and "href=\"#fn-" not in page  # the issue saw #fn-pp8-17
    assert 'title="Note 17 absente du texte source">17</sup>' in page
    assert "Notes du texte source sans appel dans un paragraphe" in page
    assert "Document S/1999/916, incorporé dans le compte rendu" in page
    assert "Voir S/1999/1021." in page
