"""Pair French resolutions with their English versions (indexer/sources/pairing.py, store/english_versions.py).

Expected texts and counts were written by reading the XML files of tests/data/akn and tests/data/akn-en.
"""

from __future__ import annotations

from pathlib import Path

from indexer.model import Paragraph, Resolution
from indexer.sources.pairing import align, declared_language, pairs
from indexer.sources.read import parse_path

DATA = Path(__file__).resolve().parent / "data"


def _p(anchor: str, kind: str, text: str, number: str | None = None, letter: str | None = None) -> Paragraph:
    return Paragraph("A/RES/1/1", anchor, anchor, kind, 0, "", text, number=number, letter=letter)


def test_same_anchors_pair_one_to_one():
    fr = (_p("pp1", "preambular", "Rappelant"), _p("op1", "operative", "Décide", "1"))
    en = (_p("pp1", "preambular", "Recalling"), _p("op1", "operative", "Decides", "1"))
    assert pairs(fr, en) == [(0, 0), (1, 1)]


def test_an_unnumbered_paragraph_named_otherwise_pairs_by_its_place():
    # A/HRC/RES/54/35: "opu1" in one file, "op1" in the other, between pairs that agree.
    fr = (_p("pp33", "preambular", "Rappelant"), _p("op1", "operative", "Décide de", "1"),
          _p("op2", "operative", "Prie", "2"))
    en = (_p("pp33", "preambular", "Recalling"), _p("opu1", "operative", "Decides to"),
          _p("op2", "operative", "Requests", "2"))
    assert pairs(fr, en) == [(0, 0), (1, 1), (2, 2)]


def test_parts_headed_differently_pair_by_number():
    # A/RES/77/256 B: the French part is "II", the English one "B": op1, op2 stay op1, op2.
    fr = (_p("B-II-op1", "operative", "Réaffirme", "1"), _p("B-II-op2", "operative", "Note", "2"))
    en = (_p("B-x5", "other", "B. Evolution of the margin"), _p("B-B-op1", "operative", "Reaffirms", "1"),
          _p("B-B-op2", "operative", "Notes", "2"))
    assert pairs(fr, en) == [(0, 1), (1, 2)]


def test_headings_pair_by_length_and_numbers_never_by_their_x_name():
    fr = (_p("x1", "other", "Mesure 7. Nous entendons renforcer nos efforts"),
          _p("x2", "other", "Nous réaffirmons la nécessité d'édifier des sociétés pacifiques"))
    en = (_p("x9", "other", "Action 7. We will strengthen our efforts"),
          _p("x10", "other", "We reaffirm the need to build peaceful societies"))
    assert pairs(fr, en) == [(0, 0), (1, 1)]
    # Same x names, different numbers: not the same heading.
    assert pairs((_p("x1", "other", "Mesure 8. Égalité"),), (_p("x1", "other", "Action 9. Equality"),)) == []


def test_a_number_printed_alone_in_french_takes_the_number_of_the_english_paragraph():
    # A/RES/76/266, annex: "41." then the text in French; "41. Dans le même temps…" as one English paragraph.
    fr = Resolution("A/RES/76/266", "Assemblée générale", paragraphs=(
        _p("annex-p88", "other", "41."),
        _p("annex-p89", "other", "Dans le même temps, de nombreux migrants et leurs familles luttent pour obtenir"),
    ))
    en = Resolution("A/RES/76/266", "Assemblée générale", title="Progress Declaration", source="en.xml", paragraphs=(
        _p("annex-p45", "other", "41. At the same time, many migrants and their families struggle to access"),
    ))
    paired, alignment = align(fr, en)
    assert [p.text_en for p in paired.paragraphs] == [
        "41.", "At the same time, many migrants and their families struggle to access"]
    assert (alignment.french, alignment.english, alignment.aligned) == (2, 1, 2)
    assert paired.title_en == "Progress Declaration" and paired.english_source == "en.xml"
    assert [w.code for w in paired.warnings] == []


def test_real_pair_aligns_every_paragraph_of_the_mission_resolution():
    fr = parse_path(DATA / "akn" / "S_RES_2522 (2020)-2007234F.xml")
    en = parse_path(DATA / "akn-en" / "S_RES_2522 (2020)-2007234E.xml")
    assert (fr.language, en.language) == ("fra", "eng")
    paired, alignment = align(fr, en)
    assert alignment.complete
    op1 = paired.paragraph("op1")
    assert op1.text == ("Décide de proroger le mandat de la Mission d’assistance des Nations Unies pour l’Iraq "
                        "jusqu’au 31 mai 2021\u00a0;")
    assert op1.text_en == ("Decides to extend the mandate of the United Nations Assistance Mission for Iraq (UNAMI) "
                           "until 31 May 2021;")
    assert paired.paragraph("op6").text_en == "Decides to remain seized of the matter."


def test_a_french_only_paragraph_is_reported_with_both_counts():
    # A/RES/76/239: the French file repeats a cell of its table as a paragraph of its own
    # (para_63, "États classés dans la catégorie C…"); the English file does not.
    fr = parse_path(DATA / "akn" / "A_RES_76_239-2119694F.xml")
    en = parse_path(DATA / "akn-en" / "A_RES_76_239-2119694E.xml")
    paired, alignment = align(fr, en)
    assert (alignment.french, alignment.english, alignment.aligned) == (34, 33, 33)
    assert paired.paragraph("x2").text_en == ""
    assert paired.paragraph("x2").text.startswith("États classés dans la catégorie C dans la liste")
    mismatch = [w for w in paired.warnings if w.code == "english-mismatch"]
    assert [w.message for w in mismatch] == ["français : 34 paragraphes, anglais : 33 ; 33 alignés (sans anglais : x2)"]


def test_declared_language_is_read_without_parsing():
    assert declared_language((DATA / "akn" / "S_RES_2635 (2022)-2208534E.xml").read_bytes()) == "eng"
    assert declared_language((DATA / "akn" / "S_RES_2522 (2020)-2007234F.xml").read_bytes()) == "fra"
    assert declared_language(b"# Assembl\xc3\xa9e g\xc3\xa9n\xc3\xa9rale") is None


def test_build_pairs_the_english_versions_and_reports_them(bilingual_index):
    import json

    from indexer.store.layout import RESOLUTIONS, WARNINGS, current_path

    gen = current_path(bilingual_index)
    metas = json.loads((gen / RESOLUTIONS).read_text(encoding="utf-8"))
    iraq = metas["S/RES/2522 (2020)"]
    assert iraq["english"]["paragraphs"] == iraq["paragraphs"] == iraq["english"]["aligned"]
    assert iraq["english"]["source"].endswith("S_RES_2522 (2020)-2007234E.xml")
    # No English version among the fixtures: none claimed.
    assert metas["E/RES/2021/13"]["english"] is None and metas["E/RES/2021/13"]["title_en"] == ""
    rows = [line.split("\t") for line in (gen / WARNINGS).read_text(encoding="utf-8").splitlines()[1:]]
    codes = {(r[0], r[3]) for r in rows}
    # The English text in the French fixtures' folder has no French text: said, and indexed in English
    # only (issue 23), never as French.
    assert ("S/RES/2635 (2022)", "english-only") in codes
    assert ("A/RES/76/239", "english-mismatch") in codes
    assert metas["S/RES/2635 (2022)"]["language"] == "eng" and metas["S/RES/2635 (2022)"]["english"] is None


def test_english_file_in_a_french_folder_is_named(tmp_path):
    from indexer.store.build import build_index

    french = tmp_path / "security-council" / "2022" / "French"
    french.mkdir(parents=True)
    name = "S_RES_2635 (2022)-2208534E.xml"
    (french / name).write_bytes((DATA / "akn" / name).read_bytes())
    (french / "S_RES_2522 (2020)-2007234F.xml").write_bytes((DATA / "akn" / "S_RES_2522 (2020)-2007234F.xml")
                                                           .read_bytes())
    report = build_index([tmp_path / "security-council"], tmp_path / "ix")
    assert (report.resolutions, report.english_files, report.skipped) == (1, 1, 0)
    assert report.warnings["english-file"] == 1 and report.warnings["english-only"] == 1


def _pp(n: int, text: str) -> Paragraph:
    return _p(f"pp{n}", "preambular", text, str(n))


def test_a_paragraph_missing_in_one_version_does_not_shift_the_others_onto_wrong_texts():
    # The English version has one more preambular paragraph (pp2): pp2… of the French are pp3… in English.
    fr = (_pp(1, "Rappelant sa résolution 70/1 du 25 septembre 2015 intitulée « Transformer notre monde »,"),
          _pp(2, "Notant le rapport du Secrétaire général sur la question, publié le 12 mars 2019 "
                 "sous la cote A/74/1,"),
          _pp(3, "Consciente qu’en 2020 la moitié des 193 États Membres n’avaient pas encore ratifié la Convention,"),
          _pp(4, "Soulignant le rôle des 54 États africains et des 33 États d’Amérique latine,"))
    en = (_pp(1, "Recalling its resolution 70/1 of 25 September 2015, entitled “Transforming our world”,"),
          _pp(2, "Recalling also the Addis Ababa Action Agenda of the Third International Conference on Financing "
                 "for Development, adopted in July 2015,"),
          _pp(3, "Noting the report of the Secretary-General on the question, issued on 12 March 2019 as A/74/1,"),
          _pp(4, "Aware that in 2020 half of the 193 Member States had not yet ratified the Convention,"),
          _pp(5, "Stressing the role of the 54 African States and the 33 Latin American States,"))
    assert pairs(fr, en) == [(0, 0), (1, 2), (2, 3), (3, 4)]


def test_an_english_file_of_another_text_is_refused_with_a_warning():
    # A/RES/78/13: the French file kept under that symbol and the English one are different resolutions.
    fr = Resolution("A/RES/78/13", "Assemblée générale", paragraphs=(
        _pp(1, "Réaffirmant les dispositions de sa résolution 74/2 du 10 octobre 2019 sur la couverture sanitaire "
               "universelle et la déclaration politique adoptée à la réunion de haut niveau,"),
        _pp(2, "Rappelant la Déclaration d’Astana issue de la Conférence mondiale sur les soins de santé primaires "
               "tenue les 25 et 26 octobre 2018,"),
        _pp(3, "Consciente que s’il n’y a pas de services de santé accessibles, 100 millions de personnes "
               "basculent chaque année dans l’extrême pauvreté,"),
    ))
    en = Resolution("A/RES/78/13", "Assemblée générale", source="A_RES_78_13E.xml", paragraphs=(
        _pp(1, "Recalling the Declaration of the Indian Ocean as a Zone of Peace, contained in resolution 2832 (XXVI)"),
        _pp(2, "Recalling also the report of the Meeting of the Littoral and Hinterland States of the Indian Ocean,"),
        _pp(3, "Recalling further paragraph 102 of the Final Document of the Twelfth Conference of Heads of State"),
    ))
    paired, alignment = align(fr, en)
    assert alignment.aligned == 0 and all(p.text_en == "" for p in paired.paragraphs)
    assert paired.english_source == ""
    assert [w.code for w in paired.warnings] == ["english-different"]
