"""Test citations: one label per paragraph, the UN way, and never one shared by two paragraphs (issue 12).

The expected anchors and citations of the Security Council files were
written by reading the OCR'd source files of the shipped archive.
"""

from __future__ import annotations

import collections
import tarfile
from dataclasses import asdict
from pathlib import Path

import pytest

from indexer.citation import citation, local_label
from indexer.model import OPERATIVE, OTHER, SUBPARAGRAPH, Resolution
from indexer.sources.ocr import parse_ocr

ARCHIVE = Path(__file__).resolve().parent.parent / "seeds" / "security-council-ocr.tar.xz"
SAMPLE = ("1528_2004", "1542_2004", "57_1948", "748_1992", "1245_1999", "1539_2004", "1562_2004", "1473_2003",
          "1001_1995", "1250_1999", "1425_2002", "440_1978")


@pytest.fixture(scope="module")
def council() -> dict[str, Resolution]:
    """Parse the sample files of the shipped OCR archive, by number and year ("1528_2004")."""
    wanted = {f"security-council/S_RES_{name}.fr.txt": name for name in SAMPLE}
    out: dict[str, Resolution] = {}
    with tarfile.open(ARCHIVE) as tar:
        for member in tar:
            if member.name in wanted:
                text = tar.extractfile(member).read().decode("utf-8")
                out[wanted[member.name]] = parse_ocr(text, source=member.name)
    assert sorted(out) == sorted(SAMPLE)
    return out


def cite(res: Resolution, anchor: str) -> str:
    """Return the citation of one paragraph of a parsed resolution."""
    p = res.paragraph(anchor)
    assert p is not None, anchor
    return citation(res.symbol, asdict(p))


def shared(res: Resolution) -> list[str]:
    """List the citations that more than one paragraph of a resolution carries."""
    counts = collections.Counter(citation(res.symbol, asdict(p)) for p in res.paragraphs)
    return sorted(c for c, n in counts.items() if n > 1)


# --- labels from records -------------------------------------------------------

def test_labels_of_plain_records() -> None:
    assert citation("A/RES/68/179", {"kind": "operative", "anchor": "op4", "number": "4"}) == "A/RES/68/179, par. 4"
    assert local_label({"kind": "subparagraph", "anchor": "op4a-ii", "number": "4", "letter": "ii"}) == \
        "par. 4 a) ii)"
    assert local_label({"kind": "preambular", "anchor": "pp1", "number": "1"}) == "1er alinéa du préambule"
    assert local_label({"kind": "other", "anchor": "x2"}) == "texte non numéroté (x2)"
    assert local_label({"kind": "other", "anchor": "annex-art1-p2"}) == "annexe (annex-art1-p2)"
    assert local_label({"kind": "operative", "anchor": "B-op7", "number": "7", "part": "B"}) == "partie B, par. 7"


def test_a_dash_item_is_cited_by_its_rank_not_by_the_parser_letter() -> None:
    record = {"kind": "subparagraph", "anchor": "op4-t2", "number": "4", "letter": "t2", "parent": "op4"}
    assert local_label(record) == "par. 4 2e tiret"
    assert local_label({**record, "anchor": "op4-t1", "letter": "t1"}) == "par. 4 1er tiret"


def test_an_item_of_a_preambular_paragraph_is_not_an_operative_one() -> None:
    # Was "par. 3 d)", the label of the operative paragraph 3's item d).
    assert local_label({"kind": "subparagraph", "anchor": "pp3d", "number": "3", "letter": "d"}) == \
        "3e alinéa du préambule, d)"
    assert local_label({"kind": "subparagraph", "anchor": "pp6-t1", "number": "6", "letter": "t1"}) == \
        "6e alinéa du préambule, 1er tiret"


def test_an_item_under_a_section_label_of_a_paragraph() -> None:
    assert local_label({"kind": "subparagraph", "anchor": "op7-IIa", "number": "7", "letter": "a"}) == "par. 7 II a)"


def test_uncertain_numbering_is_said_and_carries_the_anchor() -> None:
    printed = {"kind": "operative", "anchor": "op8-2", "number": "8", "uncertain": True}
    assert local_label(printed) == "par. 8 (numérotation incertaine, op8-2)"
    item = {"kind": "subparagraph", "anchor": "op5a-2", "number": "5", "letter": "a", "uncertain": True}
    assert local_label(item) == "par. 5 a) (numérotation incertaine, op5a-2)"
    unnumbered = {"kind": "operative", "anchor": "op1-2", "number": None, "uncertain": True}
    assert citation("S/RES/57 (1948)", unnumbered) == "S/RES/57 (1948), paragraphe non numéroté (op1-2)"
    # A record written before the field existed cites as before.
    assert local_label({"kind": "operative", "anchor": "op8", "number": "8"}) == "par. 8"


def test_webapp_present_reexports_the_same_functions() -> None:
    from webapp import present

    assert present.citation is citation
    assert present.local_label is local_label


# --- S/RES/1528 (2004), read from the source -------------------------------------

def test_1528_mandate_headings_are_headings_not_numbered_paragraphs(council) -> None:
    res = council["1528_2004"]
    headings = [p.text for p in res.paragraphs if p.kind == OTHER]
    assert headings == [
        "Observation du cessez-le-feu et des mouvements de groupes armés",
        "Désarmement, démobilisation, réinsertion, rapatriement et réinstallation",
        "Protection du personnel des Nations Unies, des institutions et des civils",
        "Appui aux opérations humanitaires",
        "Appui à la mise en œuvre du processus de paix",
        "Assistance dans le domaine des droits de l’homme",
        "Information",
        "Ordre public",
    ]
    assert [p.anchor for p in res.paragraphs if p.kind == OTHER] == [f"x{n}" for n in range(1, 9)]
    # The items under a heading know it; the next numbered paragraph does not.
    assert res.paragraph("op6n").heading == "Assistance dans le domaine des droits de l’homme"
    assert res.paragraph("op7").heading == ""


def test_1528_items_d_to_q_stay_under_paragraph_6(council) -> None:
    res = council["1528_2004"]
    items = [p for p in res.paragraphs if p.kind == SUBPARAGRAPH and p.parent == "op6"]
    assert "".join(p.letter for p in items) == "abcdefghijklmnopq"
    assert cite(res, "op6d") == "S/RES/1528 (2004), par. 6 d)"
    assert res.paragraph("op6d").text.startswith("Aider le Gouvernement de réconciliation nationale à procéder au "
                                                 "regroupement")
    assert cite(res, "op6q") == "S/RES/1528 (2004), par. 6 q)"
    assert res.paragraph("op6q").text.endswith("l’état de droit partout en Côte d’Ivoire ;")


def test_1528_numbered_paragraphs_keep_their_printed_numbers(council) -> None:
    res = council["1528_2004"]
    ops = [p for p in res.paragraphs if p.kind == OPERATIVE]
    assert [p.number for p in ops] == [str(n) for n in range(1, 19)]
    assert [p.anchor for p in ops] == [f"op{n}" for n in range(1, 19)]
    assert cite(res, "op8") == "S/RES/1528 (2004), par. 8"
    assert res.paragraph("op8").text.startswith("Autorise l’Opération à utiliser tous les moyens nécessaires")
    assert res.paragraph("op7").text.startswith("Prie le Secrétaire général de prêter une attention particulière")


def test_1528_a_number_printed_after_its_paragraph(council) -> None:
    # "*Exhorte* la communauté internationale …" / "13." / "14. *Prie* …": 13 is the number of "Exhorte".
    res = council["1528_2004"]
    assert res.paragraph("op13").text.startswith("Exhorte la communauté internationale à continuer de réfléchir")
    assert res.paragraph("op13").opening == "Exhorte"
    assert cite(res, "op14") == "S/RES/1528 (2004), par. 14"
    assert res.paragraph("op14").text.startswith("Prie le Secrétaire général de le tenir régulièrement informé")
    assert not [w for w in res.warnings if w.code in ("out-of-sequence", "duplicate-anchor")]
    assert shared(res) == []


# --- other resolutions read from the source ------------------------------------------

def test_1542_items_restart_under_section_labels_of_paragraph_7(council) -> None:
    res = council["1542_2004"]
    assert cite(res, "op7-Ia") == "S/RES/1542 (2004), par. 7 I a)"
    assert res.paragraph("op7-Ia").heading == "Climat sûr et stable"
    assert cite(res, "op7-IIa") == "S/RES/1542 (2004), par. 7 II a)"
    assert res.paragraph("op7-IIa").text.startswith("Appuyer le processus constitutionnel et politique")
    assert cite(res, "op7-IIIb") == "S/RES/1542 (2004), par. 7 III b)"
    assert cite(res, "op8a") == "S/RES/1542 (2004), par. 8 a)"
    assert res.paragraph("op8a").text.startswith("Enquêter sur les violations des droits de l’homme")
    assert shared(res) == []


def test_57_an_unnumbered_chapeau_leaves_par_1_to_the_printed_1(council) -> None:
    res = council["57_1948"]
    assert cite(res, "op1-2") == "S/RES/57 (1948), paragraphe non numéroté (op1-2)"
    assert res.paragraph("op1-2").text == "Décide :"
    assert cite(res, "op1") == "S/RES/57 (1948), par. 1"
    assert res.paragraph("op1").text.startswith("De demander au Secrétaire général de mettre en berne le drapeau")
    assert not [w for w in res.warnings if w.code == "out-of-sequence"]


def test_748_a_letter_printed_twice_is_uncertain_on_both(council) -> None:
    # "*Décide en outre* que tous les Etats:" / "a) Examiner les rapports …" / "a) Interdiront toute fourniture …"
    res = council["748_1992"]
    assert cite(res, "op5a") == "S/RES/748 (1992), par. 5 a) (numérotation incertaine, op5a)"
    assert cite(res, "op5a-2") == "S/RES/748 (1992), par. 5 a) (numérotation incertaine, op5a-2)"
    assert res.paragraph("op5a-2").text.startswith("Interdiront toute fourniture à la Libye")
    assert cite(res, "op4a") == "S/RES/748 (1992), par. 4 a)"
    assert shared(res) == []


def test_1245_a_name_cut_by_a_page_break_continues_its_paragraph(council) -> None:
    # "… de la situation en Sierra" / "Leone;": was an unnumbered paragraph taking "par. 6".
    res = council["1245_1999"]
    assert res.paragraph("op5").text.endswith("de la situation en Sierra Leone;")
    assert res.paragraph("op6").text == "Décide de demeurer activement saisi de la question."


def test_1539_a_note_whose_number_was_lost_is_a_note(council) -> None:
    res = council["1539_2004"]
    assert not [p for p in res.paragraphs if p.text == "ST/SGB/2003/13."]
    assert "ST/SGB/2003/13." in [f.raw for f in res.footnotes]
    assert cite(res, "op16") == "S/RES/1539 (2004), par. 16"
    assert res.paragraph("op16").text == "Décide de demeurer activement saisi de cette question."


def test_1562_dash_items_count_from_1_in_each_paragraph(council) -> None:
    res = council["1562_2004"]
    assert cite(res, "op4-t1") == "S/RES/1562 (2004), par. 4 1er tiret"
    assert res.paragraph("op4-t1").text.startswith("Renforcement de la capacité des forces armées")
    assert res.paragraph("op2-t5").heading == "Composante civile"


def test_1473_a_number_alone_before_another_number(council) -> None:
    # "*Prie* le Gouvernement du Timor-Leste …" / "*5.*" / "6." / "*Décide* de rester saisi …"
    res = council["1473_2003"]
    assert res.paragraph("op5").text.startswith("Prie le Gouvernement du Timor-Leste de continuer")
    assert res.paragraph("op6").number == "6"
    assert shared(res) == []


def test_1250_a_number_inside_the_italics_and_items_whose_dashes_were_lost(council) -> None:
    # "*7* *Demande* aux deux dirigeants … :" / "Pas de conditions préalables;" / "Toutes les questions …;" /
    # "Engagement de bonne foi …;" / "Prise en compte intégrale …;" / "8. *Demande* …"
    res = council["1250_1999"]
    assert cite(res, "op7") == "S/RES/1250 (1999), par. 7"
    assert res.paragraph("op7").text.startswith("Demande aux deux dirigeants, dans ce contexte")
    assert cite(res, "op7-t1") == "S/RES/1250 (1999), par. 7 1er tiret"
    assert res.paragraph("op7-t1").text == "Pas de conditions préalables;"
    assert res.paragraph("op7-t3").text.startswith("Engagement de bonne foi de poursuivre les négociations")
    # "Prise en compte …" could open with a verb: it stays an unnumbered paragraph, said so, not "par. 8".
    assert cite(res, "op8-2") == "S/RES/1250 (1999), paragraphe non numéroté (op8-2)"
    assert res.paragraph("op8").text.startswith("Demande aux deux parties à Chypre")
    assert shared(res) == []


def test_1425_noun_phrase_items_across_a_page_break(council) -> None:
    res = council["1425_2002"]
    items = [p for p in res.paragraphs if p.parent == "op14"]
    assert [p.anchor for p in items] == ["op14-t1", "op14-t2", "op14-t3"]
    assert items[0].text.startswith("Les activités menées pour coordonner les initiatives")
    assert items[1].text.startswith("L'assistance et la coopération techniques visant à renforcer")
    assert items[2].text.startswith("La communication de rapports des États Membres au Comité")
    assert cite(res, "op15") == "S/RES/1425 (2002), par. 15"


def test_440_a_garbled_adverb_before_its_participle_is_preamble(council) -> None:
    # "*PralOndement préoccupe* par l'absence de progrès …" (Profondément préoccupé), then "I. *Réaffirme* …".
    res = council["440_1978"]
    assert res.paragraph("pp2").text.startswith("PralOndement préoccupe par l'absence de progrès")
    assert cite(res, "op1") == "S/RES/440 (1978), par. 1"
    assert res.paragraph("op1").text.startswith("Réaffirme ses résolutions 365 (1974)")


def test_1001_preamble_items(council) -> None:
    res = council["1001_1995"]
    assert cite(res, "pp3d") == "S/RES/1001 (1995), 3e alinéa du préambule, d)"


# --- the whole corpus ----------------------------------------------------------------

@pytest.mark.slow
def test_no_two_paragraphs_of_a_council_resolution_share_a_citation(capsys) -> None:
    shared_paragraphs, resolutions, uncertain, files = 0, [], 0, 0
    with tarfile.open(ARCHIVE) as tar:
        for member in tar:
            if not member.name.endswith(".fr.txt"):
                continue
            files += 1
            res = parse_ocr(tar.extractfile(member).read().decode("utf-8"), source=member.name)
            counts = collections.Counter(citation(res.symbol, asdict(p)) for p in res.paragraphs)
            n = sum(c for c in counts.values() if c > 1)
            if n:
                shared_paragraphs += n
                resolutions.append(res.symbol)
            uncertain += sum(p.uncertain for p in res.paragraphs)
    with capsys.disabled():
        print(f"\nOCR : {files} fichiers, {shared_paragraphs} paragraphes partagent leur citation dans "
              f"{len(resolutions)} résolutions (avant : 237 dans 87) ; {uncertain} à numérotation incertaine")
    assert files == 1781
    assert resolutions == []
    assert shared_paragraphs == 0


# --- how Council texts are shown (issue 12) -----------------------------------------

def test_council_header_has_no_italics_marks(council) -> None:
    # The source's line 3 is "*Le Conseil de sécurité,*".
    assert council["1528_2004"].header == ("Résolution 1528 (2004) du 27 février 2004", "Le Conseil de sécurité,")


def test_adoption_lines_are_shown_without_ocr_debris() -> None:
    from webapp.present import tidy_line

    # S/RES/1483 (2003), as stored: "*Adoptée à la 4761* <sup>e</sup> *séance, par 14 voix contre zéro*
    # *Un membre (la République arabe syrienne) n'a pas participé au vote"5.*" with the italics marks cut.
    stored = ("Adoptée à la 4761 e séance, par 14 voix contre zéro Un membre (la République arabe syrienne) "
              "n'a pas participé au vote\"5.")
    assert tidy_line(stored) == ("Adoptée à la 4761e séance, par 14 voix contre zéro. Un membre (la République "
                                 "arabe syrienne) n'a pas participé au vote.")
    assert tidy_line("Adoptée à l'unanimité à la 3549` séance.") == "Adoptée à l'unanimité à la 3549e séance."
    assert tidy_line("Adoptée à la 677e séance [10].") == "Adoptée à la 677e séance."
    assert tidy_line("*Le Conseil de sécurité,*") == "Le Conseil de sécurité,"
    assert tidy_line("Adoptée à la 1848e séance par 14 voix contre zéro52.") == \
        "Adoptée à la 1848e séance par 14 voix contre zéro."


def test_council_page_shows_clean_header_and_adoption_line(tmp_path) -> None:
    from indexer.store.build import build_index
    from webapp import create_app, get_engine

    source = Path(__file__).parent / "data" / "sc" / "S_RES_1483_2003.fr.txt"
    build_index([source], tmp_path, procs=1)
    app = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True})
    try:
        page = app.test_client().get("/r/S/RES/1483 (2003)").get_data(as_text=True)
    finally:
        get_engine(app).close()
    assert "<p>Le Conseil de sécurité,</p>" in page
    assert "*" not in page.split('class="doc-header"')[1].split("</div>")[0]
    closing = page.split('class="doc-closing"')[1].split("</div>")[0]
    assert "4761e séance" in closing
    assert "au vote.</p>" in closing
    assert "vote&#34;5" not in page and 'vote"5' not in page


def test_cli_hits_print_the_citation_and_a_french_score(seed_index) -> None:
    import re

    from click.testing import CliRunner

    from indexer.cli import main

    result = CliRunner().invoke(main, ["search", "détention arbitraire", "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    # A/RES/68/179, par. 4 a) asks States "de mettre fin aux arrestations et détentions arbitraires".
    assert re.search(r"^A/RES/68/179, par\. 4 a\) · score \d+,\d$", result.output, re.M), result.output
    assert "(operative," not in result.output and "(subparagraph," not in result.output
