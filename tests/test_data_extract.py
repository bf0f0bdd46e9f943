"""The UN's data_extract records of Security Council resolutions: read (sources), merged at build (store)."""

from __future__ import annotations

import io
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest

from indexer.model import ADOPTED_WITHOUT_VOTE, RECORDED_VOTE, UNANIMOUS
from indexer.sources.data_extract import is_extract_name, parse_data_extract, parse_record
from indexer.sources.read import list_sources
from tests.conftest import ROOT, need_shared

FIXTURE = ROOT / "tests" / "data" / "sc-extract"
RECORDS_2005 = FIXTURE / "data_extract" / "2005.json"
ARCHIVE = ROOT.parent / "shared" / "corpus" / "akn4un" / "security-council-2000-2019-en.tar.xz"


@pytest.fixture(scope="module")
def records_2005():
    return {r.symbol: r for r in parse_data_extract(RECORDS_2005.read_bytes(), str(RECORDS_2005))}


def test_unanimous_record_of_2005(records_2005):
    # The first line of data_extract/2005.json, read by hand.
    r = records_2005["S/RES/1581 (2005)"]
    assert (r.line, r.meeting, r.adopted, r.draft) == (1, "5112", date(2005, 1, 18), "S/2005/31")
    assert (r.outcome, r.in_favour, r.against, r.abstentions) == (UNANIMOUS, 15, 0, 0)
    assert r.yes[:3] == ("Algérie", "Argentine", "Bénin")
    assert "République-Unie de Tanzanie" in r.yes and "Fédération de Russie" in r.yes
    assert (r.no, r.abstaining, r.sponsors, r.sdgs) == ((), (), (), ())
    # The nine judges (DHLAUTH), the Index to Proceedings headings (S/60), the title (DHL) are not subjects.
    assert r.subjects == ("Trials", "Serbia and montenegro", "Bosnia and herzegovina", "Judges",
                          "Former yugoslavia situation", "Bosnia and herzegovina situation")
    assert r.warnings == ()


def test_recorded_vote_of_2005(records_2005):
    r = records_2005["S/RES/1593 (2005)"]
    assert (r.meeting, r.adopted, r.draft, r.outcome) == ("5158", date(2005, 3, 31), "S/2005/218", RECORDED_VOTE)
    assert (r.in_favour, r.against, r.abstentions) == (11, 0, 4)
    assert r.abstaining == ("Algérie", "Brésil", "Chine", "États-Unis d'Amérique")
    assert r.sponsors == ("Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",)
    assert r.sdgs == (16,)
    assert r.chapter_vii
    assert r.subjects[:2] == ("Human rights", "Prosecution")


def _row(**fields):
    base = {"symbol": "S/RES/1559 (2004)", "adoption_meeting": "5028th meeting", "adoption_date": "2 September 2004",
            "adoption_type": "Adopted 9-0-6, 5028th meeting", "draft_resolution": "S/2004/707",
            "MS_in_favour_count": "15", "MS_against_count": "0", "MS_abstaining_count": "0",
            "MS_in_favour": ["ANGOLA", "BENIN", "CHILE", "FRANCE", "GERMANY", "ROMANIA", "SPAIN", "UNITED KINGDOM",
                             "UNITED STATES"],
            "MS_against": [], "MS_abstaining": ["ALGERIA", "BRAZIL", "CHINA", "PAKISTAN", "PHILIPPINES",
                                                "RUSSIAN FEDERATION"],
            "sponsors": [], "additional_sponsors": [], "SDGs": [], "subjects": []}
    return {**base, **fields}


def test_printed_count_wins_over_the_count_fields():
    # S/RES/1559 (2004) as data_extract/2004.json gives it: counts 15-0-0 for a 9-0-6 vote whose lists are right.
    r = parse_record(_row(), 38)
    assert (r.in_favour, r.against, r.abstentions) == (9, 0, 6)
    assert len(r.yes) == 9 and r.abstaining[0] == "Algérie"
    assert [w.code for w in r.warnings] == ["data-extract-inconsistent"]
    assert "9-0-6" in r.warnings[0].message and "15-0-0" in r.warnings[0].message


def test_oddities_of_the_extraction_are_read():
    # 2018.json S/RES/2403 cuts "CÔTE." / "D'IVOIRE"; 2015.json spells "CHILEs"; 2024.json writes "015" and an ISO date.
    r = parse_record(_row(symbol="S/RES/2403(2018)", adoption_type="Adopted 3-0-0, 8193rd meeting",
                          adoption_meeting="8193rd meeting", adoption_date="2018-02-28 00:00:00",
                          MS_in_favour_count="003", MS_abstaining_count="",
                          MS_in_favour=["CÔTE.", "D'IVOIRE", "CHILEs", "LIBYAN ARAB JAMAHIRIYA"], MS_abstaining=[]))
    assert r.symbol == "S/RES/2403 (2018)"
    assert r.yes == ("Côte d'Ivoire", "Chili", "Libye")
    assert (r.in_favour, r.against, r.abstentions, r.adopted) == (3, 0, 0, date(2018, 2, 28))
    assert r.warnings == ()


def test_dates_and_meetings_in_their_other_forms():
    r = parse_record(_row(adoption_date="8\u00a0March\u00a02004", adoption_meeting="4337th (closed) meeting",
                          adoption_type="Adopted without vote, 4337th meeting"))
    assert (r.adopted, r.meeting, r.outcome) == (date(2004, 3, 8), "4337", ADOPTED_WITHOUT_VOTE)
    # Nobody voted: the extraction's 15-0-0 and member list are not a vote.
    assert (r.in_favour, r.yes) == (None, ())
    mail = parse_record(_row(adoption_meeting="Voting by mail", adoption_type="Adopted unanimously"))
    assert (mail.meeting, mail.voting_by_mail, mail.outcome) == (None, True, UNANIMOUS)


def test_a_date_of_another_year_is_not_kept():
    # 2018.json: S/RES/2423 (2018) "29 June 2016".
    r = parse_record(_row(symbol="S/RES/2423 (2018)", adoption_date="29 June 2016"))
    assert r.adopted is None
    assert any("2016-06-29" in w.message for w in r.warnings)


def test_unknown_states_are_warned_not_dropped():
    r = parse_record(_row(adoption_type="Adopted 1-0-0, 5028th meeting", MS_in_favour=["ATLANTIS"],
                          MS_in_favour_count="1", MS_abstaining=[], MS_abstaining_count="0"))
    assert r.yes == ("ATLANTIS",)
    assert [w.code for w in r.warnings] == ["unknown-state"]


def test_json_array_and_bad_lines():
    from indexer.errors import ParseError

    array = json.dumps([_row()]).encode()
    assert [r.symbol for r in parse_data_extract(array)] == ["S/RES/1559 (2004)"]
    with pytest.raises(ParseError, match=r"2005.json:2: ligne JSON illisible"):
        parse_data_extract(json.dumps(_row()).encode() + b"\n{oops\n", "2005.json")


def test_extract_names():
    assert is_extract_name("security-council/data_extract/2005.json")
    assert is_extract_name("data_extract/2026.json")
    assert not is_extract_name("security-council/data_extract/notes.json")
    assert not is_extract_name("security-council/2005.json")


def test_listed_in_folders_and_archives(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "data_extract").mkdir(parents=True)
    (folder / "data_extract" / "2005.json").write_bytes(RECORDS_2005.read_bytes())
    (folder / "other.json").write_text("{}", encoding="utf-8")
    files, passed = list_sources([folder])
    assert [f.path.name for f in files] == ["2005.json"]
    assert [(Path(p.path).name, p.reason) for p in passed] == [("other.json", "type de fichier non lu (.json)")]
    archive = tmp_path / "records.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        for name in ("sc/data_extract/2005.json", "sc/readme.json"):
            data = RECORDS_2005.read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    files, passed = list_sources([archive])
    assert [f.member for f in files] == ["sc/data_extract/2005.json"]
    # Another member is named, as a file of a folder is, never skipped in silence.
    assert [(p.path, p.reason) for p in passed] == [(f"{archive}:sc/readme.json", "type de fichier non lu (.json)")]


# --- merge (indexer.store.extracts) ------------------------------------------------------------------


def _ocr_meta(**fields):
    from indexer.model import Vote
    from indexer.store.records import vote_record

    base = {"symbol": "S/RES/1593 (2005)", "format": "ocr", "adopted": "2005-03-31", "year": 2005,
            "meeting": "5158", "draft": None, "sponsors": [], "subjects": [], "sdgs": [],
            "vote": vote_record(Vote(in_favour=11, against=0, abstentions=4, text="Adoptée à la 5158e séance…"))}
    return {**base, **fields}


def test_merge_fills_what_the_text_lacks(records_2005):
    from indexer.store.extracts import NOTE, merge

    merged, notes = merge(_ocr_meta(), records_2005["S/RES/1593 (2005)"])
    assert notes == []
    assert merged["vote"]["abstaining"] == ["Algérie", "Brésil", "Chine", "États-Unis d'Amérique"]
    assert len(merged["vote"]["yes"]) == 11
    assert (merged["vote"]["in_favour"], merged["vote"]["label"]) == (11, "Adoptée par un vote")
    assert merged["draft"] == "S/2005/218"
    assert merged["sponsors"] == ["Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"]
    assert merged["sdgs"] == [16]
    assert merged["data_extract"]["filled"] == ["voters", "draft", "sponsors", "subjects", "sdgs"]
    assert merged["data_extract"]["note"] == NOTE == "données : extraction de l'ONU (data_extract)"
    assert merged["data_extract"]["line"] == 2


def test_merge_unanimous_text_gains_counts(records_2005):
    from indexer.model import Vote
    from indexer.store.extracts import merge
    from indexer.store.records import vote_record

    meta = _ocr_meta(symbol="S/RES/1581 (2005)", adopted="2005-01-18", meeting=None,
                     vote=vote_record(Vote(unanimous=True, text="Adoptée à l'unanimité à la 5112e séance.")))
    merged, notes = merge(meta, records_2005["S/RES/1581 (2005)"])
    assert notes == []
    assert (merged["vote"]["outcome"], merged["vote"]["in_favour"], merged["vote"]["against"]) == (UNANIMOUS, 15, 0)
    assert merged["meeting"] == "5112"
    assert merged["data_extract"]["filled"][:3] == ["meeting", "vote", "voters"]


def test_merge_disagreements_are_warnings_with_both_values(records_2005):
    from indexer.model import Vote
    from indexer.store.extracts import merge
    from indexer.store.records import vote_record

    # As the OCR text of S/RES/1363 (2001) reads "4357 séance" where the record says 4352.
    meta = _ocr_meta(meeting="5150", adopted="2005-03-30",
                     vote=vote_record(Vote(unanimous=True, text="Adoptée à l'unanimité")))
    merged, notes = merge(meta, records_2005["S/RES/1593 (2005)"])
    assert notes == [
        ("data-extract-meeting-differs", "séance 5150 dans le texte, 5158 dans data_extract"),
        ("data-extract-date-differs", "adoptée le 2005-03-30 selon le texte, le 2005-03-31 selon data_extract"),
        ("data-extract-votes-differ", "adoptée à l'unanimité dans le texte, vote 11-0-4 dans data_extract "
                                      "(« Adopted 11-0-4, 5158th meeting »)"),
    ]
    # The text's values stay; the record says where they differ.
    assert (merged["meeting"], merged["adopted"], merged["vote"]["outcome"]) == ("5150", "2005-03-30", UNANIMOUS)
    assert merged["vote"]["yes"] == []
    assert merged["data_extract"]["differs"] == ["meeting", "adopted", "vote"]


def test_merge_compares_an_akn_record():
    from indexer.model import Vote
    from indexer.store.extracts import merge
    from indexer.store.records import vote_record

    # S/RES/2521 (2020): the AKN4UN markup counts 15-0-3 for a vote the extraction prints 12-0-3.
    record = parse_record(_row(symbol="S/RES/2521 (2020)", adoption_type="Adopted 12-0-3; voting by mail",
                               adoption_meeting="Voting by mail", adoption_date="29 May 2020",
                               MS_in_favour=[], MS_abstaining=[], draft_resolution="S/2020/460"))
    meta = {"symbol": "S/RES/2521 (2020)", "format": "akn", "adopted": "2020-05-29", "meeting": "S/2020/474",
            "draft": "S/2020/460", "sponsors": ["France"], "subjects": [], "sdgs": [],
            "vote": vote_record(Vote(in_favour=15, against=0, abstentions=3, text="VOTING BY MAIL"))}
    merged, notes = merge(meta, record)
    assert notes == [("data-extract-votes-differ",
                      "vote 15-0-3 dans le texte, 12-0-3 dans data_extract (« Adopted 12-0-3; voting by mail »)")]
    assert merged["vote"]["in_favour"] == 15


# --- build ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extract_index(tmp_path_factory):
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("extract-index")
    report = build_index([FIXTURE], folder)
    return folder, report


def test_build_merges_the_records(extract_index):
    from indexer.store.layout import current_generation

    folder, report = extract_index
    assert (report.files, report.resolutions, report.extract_records, report.extract_gained) == (1, 1, 2, 1)
    # S/RES/1581 (2005) has a record and no text in the fixture: counted, not an error.
    assert report.warnings["data-extract-unmatched"] == 1 and report.errors == []
    generation = Path(folder) / current_generation(Path(folder))
    meta = json.loads((generation / "resolutions.json").read_text(encoding="utf-8"))["S/RES/1593 (2005)"]
    assert meta["vote"]["abstaining"] == ["Algérie", "Brésil", "Chine", "États-Unis d'Amérique"]
    assert meta["data_extract"]["source"].endswith("data_extract/2005.json")
    rows = (generation / "warnings.tsv").read_text(encoding="utf-8")
    assert "S/RES/1581 (2005)\t" in rows and "\tdata-extract-unmatched\t" in rows


def test_facets_and_pages_show_the_records(extract_index):
    from indexer.search.engine import Engine
    from webapp import create_app, get_engine

    folder, _ = extract_index
    engine = Engine(folder)
    try:
        result = engine.search("", {"sponsor": ["Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"]})
        assert {h.symbol for h in result.hits} == {"S/RES/1593 (2005)"}
        subjects = {b.value for b in result.facets["subject"]}
        assert {"Impunity", "International criminal courts"} <= subjects
        assert [(b.value, b.count) for b in engine.search("", {"sdg": ["16"]}).facets["sdg"]] == [("16", 15)]
        assert engine.search("", {"subject": ["Impunity"]}).total == 15
    finally:
        engine.close()
    app = create_app({"INDEX_DIR": str(folder), "TESTING": True})
    try:
        client = app.test_client()
        page = client.get("/r/S/RES/1593 (2005)").get_data(as_text=True)
        assert "Abstentions (4) :</strong> Algérie, Brésil, Chine, États-Unis d&#39;Amérique" in page
        assert "Extraction de l'ONU (data_extract) — reprises : États par vote, projet, auteurs" in page
        twin = client.get("/api/r/S/RES/1593 (2005)").get_json()
        assert twin["data_extract"]["note"] == "données : extraction de l'ONU (data_extract)"
        assert twin["vote"]["yes"][0] == "Argentine"
    finally:
        get_engine(app).close()


def test_the_shared_archive_records(tmp_path):
    need_shared(ARCHIVE)
    from indexer.store.extracts import find_extracts

    files, _ = list_sources([ARCHIVE])
    found = find_extracts(files)
    # 27 files, 2000 to 2026; S/RES/2820 and 2822 (2026) given twice.
    assert (len(found.sources), found.records, len(found.by_symbol)) == (27, 1541, 1538)
    r = found.by_symbol["S/RES/1581 (2005)"]
    assert (r.meeting, r.in_favour, r.against, r.abstentions, r.draft) == ("5112", 15, 0, 0, "S/2005/31")
    # The fuller copy of S/RES/2820 (2026): its other copy has no vote.
    assert found.by_symbol["S/RES/2820 (2026)"].abstaining == ("Chine", "Fédération de Russie")
    assert found.errors == []


def test_the_ocr_resolutions_of_2007_against_their_records():
    need_shared(ARCHIVE)
    from tests.conftest import CORPUS

    need_shared(CORPUS)
    from indexer.sources.read import parse_path
    from indexer.store.extracts import find_extracts, merge_all
    from indexer.store.records import resolution_record

    resolutions = {}
    for path in sorted(CORPUS.glob("S_RES_*_2007.fr.txt")):
        meta = resolution_record(parse_path(path))
        resolutions[meta["symbol"]] = meta
    files, _ = list_sources([ARCHIVE])
    done = merge_all(resolutions, find_extracts(files))
    # The 56 resolutions of 2007 each gain their record's States and draft; the one disagreement is
    # S/RES/1762 (2007), whose French line prints both "à l'unanimité" and "par 14 voix contre zéro,
    # avec une abstention (Fédération de Russie)": the OCR reader keeps the first, the record the second.
    assert (len(resolutions), done.resolutions, done.gained) == (56, 56, 56)
    differ = [(s, code, message) for s, _, _, code, message in done.notes if code != "data-extract-unmatched"]
    assert differ == [("S/RES/1762 (2007)", "data-extract-votes-differ",
                       "adoptée à l'unanimité dans le texte, vote 14-0-1 dans data_extract "
                       "(« Adopted 14-0-1, 5710th meeting »)")]
    iran = resolutions["S/RES/1747 (2007)"]
    assert (len(iran["vote"]["yes"]), iran["vote"]["in_favour"], iran["draft"]) == (15, 15, "S/2007/170")


def test_an_akn_resolution_is_compared_not_overwritten(tmp_path):
    from indexer.store.build import build_index
    from indexer.store.layout import current_generation

    # S/RES/2522 (2020), adopted by mail: its AKN4UN file and data_extract/2020.json agree (15-0-0, draft
    # S/2020/449, the United States as sponsor); the file's meeting is the letter S/2020/460, the record has none.
    akn = ROOT / "tests" / "data" / "akn" / "S_RES_2522 (2020)-2007234F.xml"
    report = build_index([akn, ROOT / "tests" / "data" / "sc-extract-akn"], tmp_path)
    assert (report.resolutions, report.extract_records, report.extract_gained) == (1, 1, 0)
    assert not [code for code in report.warnings if code.startswith("data-extract")]
    generation = tmp_path / current_generation(tmp_path)
    meta = json.loads((generation / "resolutions.json").read_text(encoding="utf-8"))["S/RES/2522 (2020)"]
    assert (meta["data_extract"]["filled"], meta["data_extract"]["differs"]) == ([], [])
    # The file's own subjects stay: the record's are not added to them.
    assert meta["subjects"][:2] == ["Public health", "Health"]
    assert (meta["draft"], meta["meeting"], meta["sponsors"]) == ("S/2020/449", "S/2020/460", ["États-Unis d'Amérique"])
