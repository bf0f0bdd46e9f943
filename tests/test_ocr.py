"""Test the OCR corpus parser on a fixed sample whose structure was read by hand."""

from __future__ import annotations

import collections
from datetime import date
from pathlib import Path

import pytest

from indexer.errors import ParseError
from indexer.model import OPERATIVE, OTHER, PREAMBULAR, SUBPARAGRAPH, Resolution
from indexer.sources.ocr import looks_like_ocr, parse_ocr

from .conftest import CORPUS, need_shared

DATA = Path(__file__).parent / "data" / "sc"


def parse(name: str) -> Resolution:
    """Parse one sample file by its symbol part, e.g. ``1820_2008``."""
    path = DATA / f"S_RES_{name}.fr.txt"
    return parse_ocr(path.read_text(encoding="utf-8"), source=path.name)


def kinds(res: Resolution) -> dict[str, int]:
    """Count the paragraphs of each kind."""
    return dict(collections.Counter(p.kind for p in res.paragraphs))


def anchors(res: Resolution) -> list[str]:
    """List the anchors in reading order."""
    return [p.anchor for p in res.paragraphs]


def codes(res: Resolution) -> list[str]:
    """List the warning codes in line order."""
    return [w.code for w in res.warnings]


def test_sample_has_at_least_twenty_files() -> None:
    assert len(list(DATA.glob("*.fr.txt"))) >= 20


def test_every_sample_file_is_ocr_and_parses_without_duplicate_anchors() -> None:
    for path in sorted(DATA.glob("*.fr.txt")):
        text = path.read_text(encoding="utf-8")
        assert looks_like_ocr(text), path.name
        res = parse_ocr(text, source=path.name)
        assert len(set(anchors(res))) == len(res.paragraphs), path.name
        assert [p.position for p in res.paragraphs] == list(range(1, len(res.paragraphs) + 1))
        assert res.organ == "Conseil de sécurité"
        assert res.format == "ocr"


def test_markdown_and_garbage_are_rejected() -> None:
    assert not looks_like_ocr("# Assemblée générale\n\nRésolution 1 (1946)\n")
    assert not looks_like_ocr("Bonjour\n")
    with pytest.raises(ParseError) as err:
        parse_ocr("Bonjour tout le monde\n", source="x.txt")
    assert str(err.value).startswith("x.txt:1:")


# --- S/RES/1820 (2008): page breaks, running headers, glued calls ------------


def test_1820_metadata() -> None:
    res = parse("1820_2008")
    assert res.symbol == "S/RES/1820 (2008)"
    assert res.adopted == date(2008, 6, 19)
    assert res.meeting == "5916"
    assert res.vote is not None and res.vote.unanimous
    assert res.title == "" and res.session is None
    assert res.closing == ("Adoptée à l’unanimité à la 5916e séance.",)
    assert res.header == ("Résolution 1820 (2008) du 19 juin 2008", "Le Conseil de sécurité,")
    assert res.cites == ("S/RES/1325 (2000)", "S/RES/1612 (2005)", "S/RES/1674 (2006)")


def test_1820_structure() -> None:
    res = parse("1820_2008")
    assert kinds(res) == {PREAMBULAR: 14, OPERATIVE: 16}
    assert anchors(res) == [f"pp{i}" for i in range(1, 15)] + [f"op{i}" for i in range(1, 17)]
    assert res.paragraph("pp3").eid == "preamble__p_3"
    assert res.paragraph("op4").eid == "para_4"


def test_1820_first_preambular_is_not_italic_and_joins_across_the_page() -> None:
    res = parse("1820_2008")
    pp1 = res.paragraph("pp1")
    assert pp1.opening == "Réaffirmant"
    assert pp1.lines == (5, 13)
    # Page number 160, ``---`` and the running header are gone; the calls
    # 2001300 … 2007305 are split off because notes 300–305 are in the file.
    assert "2006, et rappelant les déclarations faites par son Président les 31 octobre 2001, " \
           "31 octobre 2002, 28 octobre 2004" in pp1.text
    assert pp1.text.endswith("7 mars 2007 et 23 octobre 2007,")
    assert "Résolutions adoptées" not in pp1.text and "160" not in pp1.text
    assert [f.number for f in pp1.footnotes] == [300, 301, 302, 303, 304, 305]
    assert pp1.footnotes[2].text == "S/PRST/2004/40."


def test_1820_openings_and_joins() -> None:
    res = parse("1820_2008")
    assert res.paragraph("pp8").opening == "Se déclarant à nouveau profondément préoccupé"
    assert res.paragraph("pp3").opening == "Réaffirmant également"
    pp11 = res.paragraph("pp11")
    assert pp11.opening == "Profondément préoccupé"
    assert pp11.lines == (33, 47)
    assert "à participer à la vie publique au sortir d’un conflit" in pp11.text
    op6 = res.paragraph("op6")
    assert op6.lines == (65, 73)
    assert "et les États concernés, le cas échéant" in op6.text
    op5 = res.paragraph("op5")
    assert op5.opening == "Entend apprécier"
    assert op5.text.startswith("Entend apprécier, au moment de décréter")
    assert op5.number == "5"
    assert res.paragraph("op16").text == "Décide de rester activement saisi de la question."


def test_1820_glued_calls_in_sequence_are_removed() -> None:
    res = parse("1820_2008")
    pp4 = res.paragraph("pp4")
    assert "Programme d’action de Beijing ainsi que" in pp4.text
    assert "XXIe siècle », en particulier" in pp4.text
    assert "femmes, à son Protocole facultatif, à la Convention relative aux droits de l’enfant et à ses " \
           "Protocoles facultatifs, et exhortant" in res.paragraph("pp5").text
    assert "Document final du Sommet mondial de 2005, d’éliminer" in res.paragraph("pp3").text
    # Notes 284–299 are called but their texts are not in this file.
    assert codes(res).count("footnote-missing") == 9
    assert "glued-call-kept" not in codes(res)



def test_1820_calls_are_placed_in_the_clean_text() -> None:
    # The OCR parser fills ``calls`` like the Markdown one: (number, offset in text).
    res = parse("1820_2008")
    pp1 = res.paragraph("pp1")
    assert [n for n, _ in pp1.calls] == [300, 301, 302, 303, 304, 305, 284]
    assert [pp1.text[o - 12:o] for _, o in pp1.calls] == [
        "octobre 2001", "octobre 2002", "octobre 2004", "octobre 2005", "octobre 2006", " 7 mars 2007", "octobre 2007"]
    pp4 = res.paragraph("pp4")
    assert pp4.calls == ((286, 91), (287, 311))
    assert pp4.text[:91].endswith("Programme d’action de Beijing")
    assert pp4.text[:311].endswith("XXIe siècle »")

# --- S/RES/100 (1953): old layout, [N] footnotes ------------------------------


def test_100_old_layout() -> None:
    res = parse("100_1953")
    assert res.symbol == "S/RES/100 (1953)"
    assert res.adopted == date(1953, 10, 27)
    assert res.meeting == "631"
    assert res.vote is not None and res.vote.unanimous
    assert res.header == ("100 (1953). Résolution du 27 octobre 1953", "[S/3128]", "Le Conseil de securité,")
    assert anchors(res) == ["pp1", "pp2", "op1", "op2", "op3"]
    pp1 = res.paragraph("pp1")
    assert pp1.opening == "Ayant pris acte"
    assert pp1.text.endswith("en date du 23 octobre 1953,")
    assert [(f.number, f.raw) for f in pp1.footnotes] == [(6, "Ibid., document S/3122.")]
    op1 = res.paragraph("op1")
    assert op1.opening == "Juge souhaitable"
    assert op1.text.startswith("Juge souhaitable à cet effet")
    assert res.paragraph("op3").opening == "S’en remet"
    assert res.warnings == ()


# --- S/RES/1000 (1995): *7 .*, footnote block, paragraphs 1-3 missing -------


def test_1000_operatives_and_footnotes() -> None:
    res = parse("1000_1995")
    assert res.adopted == date(1995, 6, 23)
    assert res.meeting == "3547"
    # Paragraphs 1 to 3 were printed elsewhere (reading order, SOURCES §5).
    assert anchors(res) == [f"pp{i}" for i in range(1, 8)] + [f"op{i}" for i in range(4, 12)]
    pp1 = res.paragraph("pp1")
    assert pp1.opening == "Accueillant avec satisfaction"
    assert pp1.text.endswith("en date du 15 juin 1995,")
    assert [f.number for f in pp1.footnotes] == [3]
    assert pp1.footnotes[0].raw == "Ibid., documents S/1995/488 et Add. 1."
    op7 = res.paragraph("op7")
    assert op7.opening == "Prie instamment"
    assert op7.text.startswith("Prie instamment les dirigeants")
    assert op7.number == "7"
    assert res.paragraph("op5").opening == "Se déclare également préoccupé"
    # OCR hyphen inside a word is undone: Chy-pre.
    assert "concernant Chypre, notamment ses résolutions 186 (1964)" in res.paragraph("pp4").text
    assert "au-delà du 30 juin 1995" in res.paragraph("pp3").text
    assert res.paragraph("op8").lines == (41,)
    assert codes(res) == ["footnote-unnumbered", "out-of-sequence"]
    assert {f.number for f in res.footnotes} == {0, 2, 3, 4}
    assert res.cites == ("S/RES/186 (1964)", "S/RES/969 (1994)", "S/RES/839 (1993)", "S/RES/939 (1994)")


# --- parts ------------------------------------------------------------------


def test_1011_parts_continue_numbering_with_part_preamble() -> None:
    res = parse("1011_1995")
    assert anchors(res) == (
        [f"pp{i}" for i in range(1, 15)] + [f"A-op{i}" for i in range(1, 7)]
        + ["B-pp1"] + [f"B-op{i}" for i in range(7, 14)]
    )
    assert kinds(res) == {PREAMBULAR: 15, OPERATIVE: 13}
    b_pp1 = res.paragraph("B-pp1")
    assert b_pp1.text == "Agissant en vertu du Chapitre VII de la Charte des Nations Unies,"
    assert b_pp1.eid == "part_B__preamble__p_1"
    assert b_pp1.part == "B"
    assert res.paragraph("B-op7").eid == "part_B__para_7"
    # pp5 is interrupted by notes 17–19 at the page break.
    pp5 = res.paragraph("pp5")
    assert pp5.lines == (13, 21)
    assert "créer, sous les auspices des Nations Unies, une commission internationale chargée" in pp5.text
    assert {f.number for f in res.footnotes} == {17, 18, 19, 20}
    assert res.paragraph("pp1").text.endswith("1005 (1995) du 17 juillet 1995,")
    assert res.warnings == ()


def test_101_parts_restart_numbering_and_vote_with_abstentions() -> None:
    res = parse("101_1953")
    assert anchors(res) == ["pp1", "pp2", "A-op1", "A-op2", "B-op1", "B-op2", "B-op3",
                            "C-op1", "C-op2", "C-op3", "C-op4"]
    assert res.vote is not None
    assert (res.vote.unanimous, res.vote.in_favour, res.vote.against, res.vote.abstentions) == (False, 9, 0, 2)
    assert res.meeting == "642"
    assert res.header[1] == "[S/3139/Rev.2]"
    assert [f.number for f in res.paragraph("pp2").footnotes] == [8, 9]
    assert [f.number for f in res.paragraph("A-op1").footnotes] == [10]
    assert res.paragraph("B-op3").opening == "Fait appel"
    assert res.paragraph("C-op4").eid == "part_C__para_4"
    assert res.cites == ("S/RES/54 (1948)", "S/RES/73 (1949)", "S/RES/93 (1951)")
    # ``Israë1`` is OCR for Israël: no evidence for a call, so the text is kept.
    assert codes(res) == ["glued-call-kept"]
    assert "d’Israë1," in res.paragraph("pp2").text


# --- annexes ----------------------------------------------------------------


def test_1166_annex_articles() -> None:
    res = parse("1166_1998")
    assert kinds(res) == {PREAMBULAR: 6, OPERATIVE: 5, OTHER: 21}
    assert anchors(res)[11:] == [
        "annex-p1", "annex-p2", "annex-p3",
        "annex-art11", "annex-art11-p1", "annex-art11-p2", "annex-art11-p3", "annex-art11-p4",
        "annex-art12", "annex-art12-p1", "annex-art12-p2", "annex-art12-p3",
        "annex-art13", "annex-art13-p1", "annex-art13-p2", "annex-art13-p3", "annex-art13-p4",
        "annex-art13-p5", "annex-art13-p6", "annex-art13-p7", "annex-art13-p8",
    ]
    art11 = res.paragraph("annex-art11")
    assert art11.text == "Article 11 Organisation du Tribunal international"
    assert art11.eid == "annex_1__art_11"
    # ``a) Les Chambres, …`` is split by a page break.
    assert res.paragraph("annex-art11-p2").lines == (43, 45)
    assert res.paragraph("annex-art11-p2").text == (
        "a) Les Chambres, soit trois Chambres de première instance et une Chambre d'appel;")
    assert res.paragraph("pp6").opening == "Agissant"
    assert res.paragraph("pp1").opening == "Réaffirmant"
    assert [f.number for f in res.paragraph("op1").footnotes] == [60]
    assert res.meeting == "3878"
    assert all(w.code != "unclassified" for w in res.warnings)


def test_1329_two_annexes_with_article_bis() -> None:
    res = parse("1329_2000")
    arts = [a for a in anchors(res) if "-art" in a and "-p" not in a]
    assert arts == ["annex-art12", "annex-art13", "annex-art13bis", "annex-art13ter", "annex-art13quater",
                    "annex-art14", "annex2-art11", "annex2-art12", "annex2-art13"]
    assert kinds(res)[PREAMBULAR] == 10 and kinds(res)[OPERATIVE] == 7
    assert res.adopted == date(2000, 11, 30) and res.meeting == "4240"


def test_1296_chapter_and_long_operative_list() -> None:
    res = parse("1296_2000")
    assert anchors(res) == [f"pp{i}" for i in range(1, 8)] + [f"op{i}" for i in range(1, 27)]
    assert res.adopted == date(2000, 4, 19) and res.meeting == "4130"


def test_1318_declaration_in_annex_with_dashes() -> None:
    res = parse("1318_2000")
    assert anchors(res)[0] == "op1"
    op1 = res.paragraph("op1")
    # Not numbered in the source: the anchor follows the sequence, number stays None.
    assert op1.number is None and op1.opening == "Décide"
    # Section numbers and dashes alone are joined to the next annex block.
    assert res.paragraph("annex-p4").text.startswith("I S’engage à faire prévaloir")
    assert any(p.text.startswith("– Adoptant des mandats clairement définis") for p in res.paragraphs)
    assert kinds(res) == {OPERATIVE: 1, OTHER: 28}
    assert [f.number for f in res.footnotes] == [342]


# --- sub-paragraphs ---------------------------------------------------------


def test_363_decide_colon_with_items_and_vote_without_abstention_count() -> None:
    res = parse("363_1974")
    assert anchors(res) == ["pp1", "pp2", "pp3", "pp4", "op1", "op1a", "op1b", "op1c"]
    assert res.adopted == date(1974, 11, 29)
    assert res.header[1] == "du 29 novembre 1974"
    op1a = res.paragraph("op1a")
    assert op1a.kind == SUBPARAGRAPH and op1a.parent == "op1" and op1a.letter == "a" and op1a.level == 2
    assert op1a.eid == "para_1__list_1__point_a"
    assert op1a.opening == "De demander"
    assert op1a.text.startswith("De demander aux parties intéressées")
    assert res.vote is not None and (res.vote.in_favour, res.vote.against) == (13, 0)
    assert res.meeting == "1809"


def test_965_footnote_block_inside_a_paragraph_and_items() -> None:
    res = parse("965_1994")
    pp4 = res.paragraph("pp4")
    assert pp4.lines == (13, 21)
    assert "présumées responsables d'actes de génocide ou d'autres violations graves" in pp4.text
    assert "S/1994/1344" not in pp4.text
    assert [a for a in anchors(res) if "op2" in a or "op3" in a] == [
        "op2", "op2a", "op2b", "op2c", "op3", "op3a", "op3b"]
    assert res.paragraph("op3b").opening == "Aider"
    assert res.paragraph("pp2").footnotes[0].number == 56
    assert res.header[:2] == ("Résolution 965 (1994)", "du 30 novembre 1994")


def test_421_items_survive_an_interrupting_footnote_and_damaged_adoption_line() -> None:
    res = parse("421_1977")
    # The source prints "h)" between a) and c): OCR for b), which the sequence restores (issue 21).
    assert anchors(res) == ["pp1", "pp2", "pp3", "op1", "op1a", "op1b", "op1c", "op2", "op3"]
    assert res.paragraph("pp2").opening == "Conscient"
    assert res.meeting == "2052"
    assert res.closing == (".adoptée 2052' séance.",)


# --- noisy and early volumes ------------------------------------------------


def test_479_noisy_1980() -> None:
    res = parse("479_1980")
    assert res.adopted == date(1980, 9, 28)
    assert res.meeting == "2248"
    assert res.vote is not None and res.vote.unanimous
    assert res.header == ("Résolution 479 (1980)", "du 28 septembre 1980", "Li' CatLseil de sécurité,")
    assert anchors(res) == ["pp1", "pp2", "pp3", "pp4", "pp5", "op1", "op2", "op3", "op4", "op5"]
    assert res.paragraph("pp1").opening == "Ayant entamé"
    # ``I.`` is OCR for 1.
    assert res.paragraph("op1").number == "1"
    assert res.paragraph("op1").opening == "Demande à"


def test_2_bilingual_1946_hyphens_and_meeting() -> None:
    res = parse("2_1946")
    assert res.adopted == date(1946, 1, 30)
    assert res.meeting == "5"
    assert anchors(res) == ["pp1", "pp2", "pp3", "op1"]
    pp1 = res.paragraph("pp1")
    assert pp1.lines == (5, 7, 9)
    assert "les représentants de l'Union des Républiques socialistes soviétiques et de l'Iran" in pp1.text
    assert "négociations seront reprises prochainement," in res.paragraph("pp3").text
    assert res.paragraph("op1").number is None
    assert "Le Conseil conserve, da.ns l'intervalle" in res.paragraph("op1").text


def test_7_bilingual_damaged_text_is_kept_as_other() -> None:
    res = parse("7_1946")
    assert anchors(res) == ["pp1", "x1"]
    assert res.paragraph("x1").eid == "other_1"
    assert res.paragraph("x1").text.startswith("l? c<.ide de continuer à surveiller")
    assert codes(res) == ["unclassified"]
    assert res.meeting == "49"


def test_109_bilingual_1955_split_vote_line() -> None:
    res = parse("109_1955")
    assert anchors(res) == ["pp1", "pp2", "op1"]
    assert res.paragraph("pp1").opening == "Vu"
    assert len(res.closing) == 3
    assert res.closing[1] == "s voix contre :éro, avec"
    assert "no-adoption-line" not in codes(res)


def test_129_damaged_year_in_heading() -> None:
    res = parse("129_1958")
    assert res.symbol == "S/RES/129 (1958)"
    assert res.adopted == date(1958, 8, 7)
    assert res.meeting == "838"
    assert [f.number for f in res.paragraph("pp1").footnotes] == [10]


def test_737_adoption_line_glued_to_the_operative_and_no_vote() -> None:
    res = parse("737_1992")
    assert anchors(res) == ["pp1", "op1"]
    assert res.paragraph("op1").text == (
        "Recommande à l'Assemblée générale d'admettre la République d'Ouzbékistan à l'Organisation des Nations Unies.")
    assert res.closing == ("Adoptée à la 3043' séance sans qu'il soit procédé à un vote.",)
    assert res.vote is not None and res.vote.without_vote
    assert res.meeting == "3043"


def test_276_vote_with_abstentions() -> None:
    res = parse("276_1970")
    assert res.vote is not None
    assert (res.vote.in_favour, res.vote.against, res.vote.abstentions) == (13, 0, 2)
    assert res.meeting == "1529"
    assert res.adopted == date(1970, 1, 30)
    assert anchors(res) == [f"pp{i}" for i in range(1, 6)] + [f"op{i}" for i in range(1, 10)]


def test_841_damaged_date_word_and_chapter_vii() -> None:
    res = parse("841_1993")
    assert res.adopted == date(1993, 6, 16)
    assert res.paragraph("pp14").text == "Agissant en conséquence en vertu du Chapitre VII de la Charte,"
    # The first preambular paragraph starts with OCR garbage (``Amr« reçu``).
    assert res.paragraph("x1").kind == OTHER
    assert "unclassified" in codes(res)


def test_1483_vote_with_non_participation() -> None:
    res = parse("1483_2003")
    assert res.vote is not None and (res.vote.in_favour, res.vote.against) == (14, 0)
    assert res.meeting == "4761"
    assert kinds(res) == {PREAMBULAR: 18, OPERATIVE: 27, SUBPARAGRAPH: 21}
    assert [a for a in anchors(res) if a.startswith("op8")] == ["op8"] + [f"op8{c}" for c in "abcdefghi"]


# --- whole corpus -----------------------------------------------------------


@pytest.mark.slow
def test_whole_corpus_parses_without_duplicate_anchors() -> None:
    need_shared(CORPUS)
    paths = sorted(CORPUS.glob("*.fr.txt"))
    failures = []
    for path in paths:
        res = parse_ocr(path.read_text(encoding="utf-8"), source=path.name)
        if len({p.anchor for p in res.paragraphs}) != len(res.paragraphs):
            failures.append(path.name)
        if not res.paragraphs:
            failures.append(path.name)
    assert len(paths) == 1781  # SOURCES.md §1: 1,781 files
    assert failures == []


# --- synthetic edge cases ---------------------------------------------------

SYNTHETIC = """Résolution 999 (1995) du 3 mai 1995

*Le Conseil de sécurité,*

*Rappelant* sa résolution 998 (1995),

The Security Council, having considered the report of the Secretary-General and the situation in the area,

*1. Décide* de proroger le mandat;

*1. Décide* de rester saisi de la question.

*Adoptée à la 3500e séance par 13 voix contre deux, avec zéro abstention.*
"""


def test_synthetic_english_duplicates_and_vote_words() -> None:
    res = parse_ocr(SYNTHETIC, source="synth.txt")
    assert anchors(res) == ["pp1", "x1", "op1", "op1-2"]
    assert res.paragraph("op1-2").eid == "para_1_2"
    assert res.paragraph("x1").kind == OTHER
    assert codes(res) == ["english", "out-of-sequence", "duplicate-anchor"]
    assert res.vote is not None
    assert (res.vote.in_favour, res.vote.against, res.vote.abstentions) == (13, 2, 0)
    assert res.meeting == "3500"
    assert res.adopted == date(1995, 5, 3)
    assert res.cites == ("S/RES/998 (1995)",)


def test_no_adoption_line_is_a_warning_not_an_error() -> None:
    res = parse_ocr("12 (1946). Résolution du 10 décembre 1946\n\n*Décide* de rester saisi.\n", source="s.txt")
    assert anchors(res) == ["op1"]
    assert codes(res) == ["no-adoption-line"]
    assert res.vote is None and res.meeting is None


def test_seed_markdown_is_not_taken_for_ocr() -> None:
    seed = Path(__file__).resolve().parents[1] / "seeds" / "A_RES_68_179.md"
    if not seed.exists():
        pytest.skip("seed absent")
    assert not looks_like_ocr(seed.read_text(encoding="utf-8"))


# --- headings of the files new in December 2026 (SOURCES.md §3) --------------------------

@pytest.mark.parametrize(("name", "symbol", "adopted"), [
    # Italic number: "Résolution *335* (1973) du 22 juin 1973".
    ("S_RES_335_1973.fr.txt", "S/RES/335 (1973)", date(1973, 6, 22)),
    # "Résolution *533* (1983)" then "du 7 juin 1983" on its own line.
    ("S_RES_533_1983.fr.txt", "S/RES/533 (1983)", date(1983, 6, 7)),
    ("S_RES_555_1984.fr.txt", "S/RES/555 (1984)", date(1984, 10, 12)),
    # The word garbled: "Itémohati►n 293 ( 1971 ) itti 26 mai 1971".
    ("S_RES_293_1971.fr.txt", "S/RES/293 (1971)", date(1971, 5, 26)),
    # "114sol ...tien 297 ( 1971 ) du 15 veptetnlbre 1971": the month is unreadable.
    ("S_RES_297_1971.fr.txt", "S/RES/297 (1971)", None),
    # "Hé•tolution 301 ( 1971 )" then "du 20 («•u'ore 1971".
    ("S_RES_301_1971.fr.txt", "S/RES/301 (1971)", None),
])
def test_headings_the_reader_refused(name, symbol, adopted) -> None:
    need_shared(CORPUS)
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert looks_like_ocr(text)
    res = parse_ocr(text, source=name)
    assert (res.symbol, res.adopted) == (symbol, adopted)
    assert res.paragraphs[0].anchor == "pp1"


@pytest.mark.parametrize(("name", "printed", "symbol", "adopted"), [
    ("S_RES_249_1968.fr.txt", "219 (1968)", "S/RES/249 (1968)", date(1968, 4, 18)),
    ("S_RES_909_1994.fr.txt", "90 (1994)", "S/RES/909 (1994)", date(1994, 4, 5)),
    ("S_RES_930_1994.fr.txt", "9110 (1994)", "S/RES/930 (1994)", date(1994, 6, 27)),
])
def test_a_misprinted_number_takes_the_file_name_with_a_warning(name, printed, symbol, adopted) -> None:
    need_shared(CORPUS)
    text = (CORPUS / name).read_text(encoding="utf-8")
    res = parse_ocr(text, source=f"seeds/security-council-ocr.tar.xz:security-council/{name}")
    assert (res.symbol, res.adopted) == (symbol, adopted)
    warning = next(w for w in res.warnings if w.code == "number-misprinted")
    assert f"« {printed} »" in warning.message
    assert res.header[0].startswith(f"Résolution {printed}")  # the heading is kept as printed


def test_a_file_name_of_another_year_never_renames_the_resolution() -> None:
    text = "Résolution 219 (1968) du 18 avril 1968\n\n*Le Conseil de sécurité,*\n\n*1. Décide* de rester saisi.\n"
    res = parse_ocr(text, source="S_RES_249_1970.fr.txt")
    assert res.symbol == "S/RES/219 (1968)"
    assert res.warnings[0].code == "name-mismatch"
    # Without a corpus name, the heading is the only witness.
    assert parse_ocr(text, source="mine.txt").symbol == "S/RES/219 (1968)"


def test_a_garbled_heading_needs_the_council_formula() -> None:
    assert not looks_like_ocr("Itémohati►n 293 ( 1971 ) itti 26 mai 1971\n\nUn texte ordinaire.\n")


# --- classes of OCR error (issue 21), expected values read in the source files ---------------------------

def _council_file(name: str):
    need_shared(CORPUS)
    return parse_ocr((CORPUS / name).read_text(encoding="utf-8"), source=name)


def test_misread_and_lost_item_letters_take_the_letter_of_their_sequence() -> None:
    res = _council_file("S_RES_1373_2001.fr.txt")
    # Par. 2 prints a) … e), "j) Se prêter mutuellement…", g); par. 3 prints e), "J) De prendre…", g);
    # par. 1 ends c), "cl) Interdire à leurs nationaux…".
    assert res.paragraph("op2f").text.startswith("Se prêter mutuellement la plus grande assistance")
    assert res.paragraph("op3f").text.startswith("De prendre les mesures appropriées")
    assert res.paragraph("op1d").text.startswith("Interdire à leurs nationaux")
    assert [p.anchor for p in res.paragraphs if p.kind == OTHER] == []
    assert sum(w.code == "item-letter-read" for w in res.warnings) == 3
    # S/RES/1267 (1999) par. 6: a), then "Examiner les informations…" whose b) was lost, then c).
    res = _council_file("S_RES_1267_1999.fr.txt")
    assert res.paragraph("op6b").text.startswith("Examiner les informations qui auront été portées")


def test_a_garbled_council_formula_is_the_header_not_a_paragraph() -> None:
    res = _council_file("S_RES_1267_1999.fr.txt")  # line 3: "*Le Conseil (le sécurité,*"
    assert res.header[1] == "Le Conseil (le sécurité,"
    assert res.paragraphs[0].text.startswith("Réaffirmant ses résolutions antérieures")


def test_a_meeting_number_outside_its_year_is_not_shown_as_fact() -> None:
    # "*Adoptée à l'unanimité à la 405 le séance.*": 1999's meetings run 3964–4084.
    res = _council_file("S_RES_1267_1999.fr.txt")
    assert res.meeting is None
    assert "meeting-out-of-range" in [w.code for w in res.warnings]
    # "Adoptée à l'unanimité à la 4385e séance" (S/RES/1373 (2001)) is within 2001's.
    assert _council_file("S_RES_1373_2001.fr.txt").meeting == "4385"


def test_a_counted_vote_has_a_number_on_every_side() -> None:
    # S/RES/660 (1990): "Adoptée à la 293e séance par 14 voix contre zéro. Un membre (Yémen) n'a pas
    # participé au vote." No abstention is said: 0. "293" cannot be a 1990 meeting (2904–2971): none.
    res = _council_file("S_RES_660_1990.fr.txt")
    assert (res.vote.in_favour, res.vote.against, res.vote.abstentions) == (14, 0, 0)
    assert res.meeting is None
    # S/RES/255 (1968): "par 10 voix contre zéro, avec 5 abstensions (Algérie, …)" (sic).
    res = _council_file("S_RES_255_1968.fr.txt")
    assert (res.vote.in_favour, res.vote.against, res.vote.abstentions) == (10, 0, 5)


def test_an_item_opening_with_the_noun_adoption_is_not_the_adoption_line() -> None:
    # S/RES/1701 (2006) par. 8 lists "– Adoption d'un dispositif de sécurité …"; paragraphs 9 to 19 follow,
    # then "*Adoptée à l'unanimité à la 5511e séance.*".
    res = _council_file("S_RES_1701_2006.fr.txt")
    assert res.paragraph("op8-t2").text.startswith("Adoption d’un dispositif de sécurité")
    assert [p.anchor for p in res.paragraphs if p.kind == OPERATIVE][-1] == "op19"
    assert res.paragraph("op11f").text.startswith("Aider, sur sa demande, le Gouvernement libanais")
    assert res.closing == ("Adoptée à l’unanimité à la 5511e séance.",)
    assert res.meeting == "5511"


def test_glued_call_candidates() -> None:
    from indexer.sources.ocr import _call_candidates

    # "résolution2": a call glued to a word, the number right after its letters.
    assert _call_candidates("la résolution2 et") == [(13, 14, 2, "glued")]
    assert _call_candidates("en 19983 et<sup>4</sup>") == [(7, 8, 3, "glued"), (11, 23, 4, "sup")]
    assert _call_candidates("sans aucun chiffre") == []
    assert _call_candidates("ab2 cd") == []  # fewer than three letters: no word for a call
