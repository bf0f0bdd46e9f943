"""Test the AKN4UN parser against expectations written by reading the XML.

tests/data/akn/expected.json was written by a helper session that read the
18 files (copied byte for byte from ../shared/corpus/akn4un) and never saw
the parser. Sponsors are recorded there in the files' English; they are
compared through the State names table (indexer/sources/states.tsv).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.sources import states
from indexer.sources.akn import looks_like_akn, parse_akn, resolution_symbol

DATA = Path(__file__).resolve().parent / "data" / "akn"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
REAL = sorted(name for name, e in EXPECTED.items() if "error" not in e)


def _parse(name: str):
    return parse_akn((DATA / name).read_bytes(), name)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def parsed():
    return {name: _parse(name) for name in REAL}


def test_eighteen_files_of_four_organs():
    organs = {EXPECTED[n]["organ"] for n in REAL}
    assert len(REAL) == 18
    assert organs == {"Assemblée générale", "Conseil des droits de l'homme", "Conseil économique et social",
                      "Conseil de sécurité"}


@pytest.mark.parametrize("name", REAL)
def test_metadata(parsed, name):
    res, exp = parsed[name], EXPECTED[name]
    assert res.symbol == exp["symbol"]
    assert res.organ == exp["organ"]
    assert res.language == exp["language"]
    assert (res.adopted.isoformat() if res.adopted else None) == exp["adopted"]
    assert (res.distributed.isoformat() if res.distributed else None) == exp["distributed"]
    assert res.session == exp["session"]
    assert res.agenda_item == exp["agenda_item"]
    # The XML keeps French typography's no-break spaces; the reader wrote plain ones.
    assert _squash(res.agenda_item_title or "") == (exp["agenda_item_title"] or "")
    assert _squash(res.title) == (exp["title"] or "")
    assert res.draft == exp["draft"]
    assert res.sdgs == tuple(exp["sdgs"])
    for subject in exp["unbis_sample"]:
        assert subject_label_in(subject, res.subjects)


def subject_label_in(value: str, subjects: tuple[str, ...]) -> bool:
    from indexer.sources.akn import subject_label

    return subject_label(value) in subjects


@pytest.mark.parametrize("name", REAL)
def test_sponsors(parsed, name):
    expected = [states.french_name(s) for s in EXPECTED[name]["sponsors"]]
    assert list(parsed[name].sponsors) == expected


@pytest.mark.parametrize("name", REAL)
def test_vote(parsed, name):
    vote, exp = parsed[name].vote, EXPECTED[name]["vote"]
    assert vote is not None
    assert vote.outcome == exp["outcome"]
    sides = (exp["in_favour"], exp["against"], exp["abstentions"])
    if any(n is not None for n in sides):
        # The blind reading records a side without a count element as null; a vote that was
        # counted has 0 there, never an unknown (issue 21).
        sides = tuple(n or 0 for n in sides)
    assert (vote.in_favour, vote.against, vote.abstentions) == sides
    assert len(vote.yes) == exp["yes_count_listed"]
    assert list(vote.no) == [states.french_name(s) for s in exp["no"]]
    assert len(vote.abstaining) == exp["abstaining_count_listed"]
    assert parsed[name].rejected == EXPECTED[name]["not_adopted"]


@pytest.mark.parametrize("name", REAL)
def test_structure_counts(parsed, name):
    res, exp = parsed[name], EXPECTED[name]
    in_preamble = [p for p in res.paragraphs if p.kind == "preambular" and p.eid.startswith("container_")]
    numbered = [p for p in res.paragraphs if p.kind == "operative" and p.number is not None]
    subs = [p for p in res.paragraphs if p.kind == "subparagraph"]
    assert len(in_preamble) == exp["preambular"]
    assert len(numbered) == exp["operative"]
    assert len(subs) == exp["subparagraphs"]


@pytest.mark.parametrize("name", REAL)
def test_anchors_eids_openings(parsed, name):
    res, exp = parsed[name], EXPECTED[name]
    for anchor, start in exp["anchors_sample"].items():
        p = res.paragraph(anchor)
        assert p is not None, anchor
        assert _squash(p.text)[: len(start)] == start, anchor
    eids = [p.eid for p in res.paragraphs]
    for anchor, eid in exp["eids_sample"].items():
        assert res.paragraph(anchor).eid == eid
        if eids.count(eid) == 1:  # components of a collection reuse eIds (para_7 in A and in B)
            assert res.paragraph(eid).anchor == anchor
    for anchor, opening in exp["opening_sample"].items():
        assert res.paragraph(anchor).opening == opening, anchor


@pytest.mark.parametrize("name", REAL)
def test_footnotes_and_citations(parsed, name):
    res, exp = parsed[name], EXPECTED[name]
    assert len(res.footnotes) == exp["footnotes"]
    sample = exp["footnote_sample"]
    if sample and sample.get("anchor"):
        p = res.paragraph(sample["anchor"])
        note = next(f for f in p.footnotes if (f.marker or str(f.number)) == sample["marker"])
        assert _squash(note.raw).startswith(sample["text_start"][:30])
        assert any(n == note.number for n, _ in p.calls)
    for href in exp["cited_resolutions_sample"]:
        assert resolution_symbol(f"https://undocs.org/fr/{href}") in res.cites, href


def test_bomb_is_refused():
    with pytest.raises(ParseError, match="entités"):
        _parse("bomb.xml")


def test_malformed_names_file_and_line():
    with pytest.raises(ParseError) as info:
        _parse("malformed.xml")
    assert info.value.source == "malformed.xml"
    assert info.value.line == EXPECTED["malformed.xml"]["line"]
    assert "XML mal formé" in str(info.value)


def test_detected_from_content_not_name():
    assert looks_like_akn((DATA / "S_2023_212-2305680F.xml").read_bytes())
    assert not looks_like_akn(b"# A/RES/68/179\n\nL'Assembl\xc3\xa9e g\xc3\xa9n\xc3\xa9rale")


def test_link_symbols():
    assert resolution_symbol("https://undocs.org/fr/A/RES/1514(XV)") == "A/RES/1514 (XV)"
    assert resolution_symbol("https://undocs.org/fr/S/RES/2255(2015)") == "S/RES/2255 (2015)"
    assert resolution_symbol("https://docs.un.org/fr/A/RES/48/226C") == "A/RES/48/226"
    assert resolution_symbol("https://undocs.org/fr/A/HRC/RES/55/15") == "A/HRC/RES/55/15"
    assert resolution_symbol("https://undocs.org/fr/A/78/23") is None
    # As the corpus prints them: a space before the year or session (A/RES/74/169, 74_169_F.xml), a double
    # slash, a session in small letters, a doubled slash inside the symbol.
    assert resolution_symbol("https://undocs.org/fr/S/RES/1325 (2000)") == "S/RES/1325 (2000)"
    assert resolution_symbol("https://undocs.org/fr/A/RES/1514 (XV)") == "A/RES/1514 (XV)"
    assert resolution_symbol("https://undocs.org//fr/A/RES/217 (III)") == "A/RES/217 (III)"
    assert resolution_symbol("https://undocs.org//A/RES/3314 (XXIX)") == "A/RES/3314 (XXIX)"
    assert resolution_symbol("https://undocs.org/fr/A/RES/2625 (s-iv)") == "A/RES/2625 (S-IV)"
    assert resolution_symbol("https://undocs.org/fr/S/RES//2455 (2019)") == "S/RES/2455 (2019)"
    assert resolution_symbol("https://undocs.org/fr/A/RES/60/251 B") == "A/RES/60/251"
    assert resolution_symbol("https://undocs.org/fr/A/hrc/RES/46/17") == "A/HRC/RES/46/17"
    assert resolution_symbol("https://undocs.org/fr/s/RES/2518(2020)") == "S/RES/2518 (2020)"
    assert resolution_symbol("https://undocs.org/fr/S/RES/1325%282000%29") == "S/RES/1325 (2000)"
    assert resolution_symbol("https://undocs.org/fr/A/RES/217a(iii)") == "A/RES/217 A (III)"


def test_sponsor_lists_split_on_known_names():
    fields = ["Brazil, Colombia, the Philippines, Poland (on behalf of the States Members of the United Nations "
              "that are members of the European Union), Trinidad and Tobago and Viet Nam"]
    assert states.sponsors(fields) == ["Brésil", "Colombie", "Philippines", "Pologne", "Trinité-et-Tobago",
                                       "Viet Nam"]
    assert states.sponsors(["submitted by the President of the Council, Munir Akram (Pakistan)"]) == []


def test_build_keeps_going_past_bad_files_english_files_and_reissues(tmp_path):
    from indexer.search.engine import Engine
    from indexer.store.build import build_index

    files = [DATA / n for n in ("A_HRC_RES_55_15F.xml", "A_HRC_RES_55_16F.xml", "S_RES_2635 (2022)-2208534E.xml",
                                "bomb.xml", "malformed.xml", "E_RES_2023_2_F.xml")]
    report = build_index(files, tmp_path / "ix")
    # The English text in a French folder is read as an English version, never indexed as French;
    # its French text is not among these files: it is indexed in English only (issue 23), apart.
    assert (report.resolutions, report.skipped, report.duplicates, report.english_files) == (2, 0, 1, 1)
    assert report.english_only == 1
    assert report.warnings["not-french"] == 0 and report.warnings["duplicate-symbol"] == 1
    assert report.warnings["english-only"] == 1
    assert len(report.errors) == 2
    assert report.errors[0].startswith(f"{DATA / 'bomb.xml'}: XML refusé")
    assert report.errors[1].startswith(f"{DATA / 'malformed.xml'}:{EXPECTED['malformed.xml']['line']}: XML mal formé")
    engine = Engine(tmp_path / "ix")
    try:
        metas = engine.resolutions()
        assert sorted(metas) == ["A/HRC/RES/55/15", "E/RES/2023/2", "S/RES/2635 (2022)"]
        assert metas["A/HRC/RES/55/15"]["source"].endswith("A_HRC_RES_55_15F.xml")
        assert metas["S/RES/2635 (2022)"]["language"] == "eng"
        assert "S/RES/2635 (2022)" not in {b.value for b in engine.search("", facet_size=100).facets["symbol"]}
    finally:
        engine.close()


def test_official_eid_links_redirect_to_the_paragraph(tmp_path):
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    build_index([DATA / "S_RES_2741-2411824F.xml"], tmp_path / "ix")
    app = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True})
    client = app.test_client()
    try:
        response = client.get("/r/S/RES/2741 (2024)/para_23_list_point_a")
        assert response.status_code in (301, 302, 308)
        assert response.headers["Location"].endswith("/r/S/RES/2741%20(2024)/op5a")
        page = client.get("/r/S/RES/2741 (2024)/op5a").get_data(as_text=True)
        assert "la Mission d’assistance des Nations Unies en Somalie (MANUSO" in page
        data = client.get("/api/r/S/RES/2741 (2024)").get_json()
        assert data["sponsors"] == ["Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"]
        assert data["vote"]["outcome"] == "recorded_vote" and data["vote"]["in_favour"] == 15
    finally:
        get_engine(app).close()


# --- votes and dates read against the sources (issue 21) ------------------------------------------------

def _from_archive(name: str) -> bytes:
    import tarfile

    with tarfile.open(Path(__file__).resolve().parent.parent / "seeds" / "akn4un-fr.tar.xz") as tar:
        return tar.extractfile(f"akn4un/{name}").read()


def test_a_recorded_vote_without_a_side_counts_zero_there() -> None:
    # E_RES_2021_2-2011982F.xml: <voting outcome="adoptedRecordedVote">, count inFavour 32, against 21,
    # and no abstaining count: nobody abstained.
    res = parse_akn(_from_archive("ecosoc/2021/French/E_RES_2021_2-2011982F.xml"))
    assert (res.vote.in_favour, res.vote.against, res.vote.abstentions) == (32, 21, 0)


def test_an_adoption_date_outside_the_session_is_taken_from_the_cover() -> None:
    # A_HRC_RES_59_10: meta FRBRdate adoption 2015-07-07, cover "adoptée … le 7 juillet 2025" (session 59).
    from indexer.sources.akn import session_years

    name = "human-rights-council/59session/French/A_HRC_RES_59_10_F.xml"
    res = parse_akn(_from_archive(name))
    assert res.adopted == date(2025, 7, 7)
    assert [w.code for w in res.warnings if w.code.startswith("date-")] == ["date-corrected"]
    assert session_years("A/RES/74/1") == (2019, 2020)
    assert session_years("A/HRC/RES/55/1") == (2024, 2024)
    assert session_years("S/RES/1373 (2001)") == (2001, 2001)
    assert session_years("A/RES/ES-11/1") is None


def test_a_number_cut_short_in_the_text_takes_the_file_name() -> None:
    # A_HRC_RES_58_18F.xml prints "A/HRC/RES/58/1" on its cover and "58/1." above its title, adopted
    # 2025-04-03; the real 58/1 (A_HRC_RES_58_1F.xml) was adopted 2025-04-02.
    res = parse_akn(_from_archive("human-rights-council/58session/French/A_HRC_RES_58_18F.xml"),
                    "seeds/akn4un-fr.tar.xz:akn4un/human-rights-council/58session/French/A_HRC_RES_58_18F.xml")
    assert res.symbol == "A/HRC/RES/58/18"
    assert "symbol-from-name" in [w.code for w in res.warnings]
    assert parse_akn(_from_archive("human-rights-council/58session/French/A_HRC_RES_58_1F.xml"),
                     "A_HRC_RES_58_1F.xml").symbol == "A/HRC/RES/58/1"
    # A byte-for-byte copy under another name keeps the printed symbol: the build drops it as a duplicate.
    copy = (DATA / "A_HRC_RES_55_16F.xml").read_bytes()
    assert parse_akn(copy, str(DATA / "A_HRC_RES_55_16F.xml")).symbol == "A/HRC/RES/55/15"


def test_a_council_symbol_printed_without_its_space_is_the_usual_symbol() -> None:
    # The cover of S_RES_2560 prints "S/RES/2560(2020)".
    import tarfile

    with tarfile.open(Path(__file__).resolve().parent.parent / "seeds" / "akn4un-fr.tar.xz") as tar:
        name = next(n for n in tar.getnames() if "S_RES_2560" in n)
        assert parse_akn(tar.extractfile(name).read(), name).symbol == "S/RES/2560 (2020)"


def test_squash_makes_each_run_of_blanks_one_space() -> None:
    from indexer.sources.akn import _squash

    assert _squash("  a\tb \n c  d e\r\n") == "a b c d e"
    assert _squash("a b") == "a b"
    # Only spaces, tabs and line breaks: a non-breaking space stays, beside the space the run became.
    assert _squash("a \u00a0\n b") == "a \u00a0 b"
