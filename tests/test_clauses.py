"""Test the French counterpart of an English span, clause by clause (issue 26), on paragraphs as the XML prints them."""

from __future__ import annotations

from indexer.wording.clauses import CLAUSES, PARAGRAPH, UNALIGNED, Clause, clauses, french_counterpart

# A/RES/76/239 op. 21 (tests/data/akn-en/A_RES_76_239-2119694E.xml, tests/data/akn/A_RES_76_239-2119694F.xml).
OP21_EN = ("Requests the Secretary-General to continue to update the composition of the levels described above on a "
           "triennial basis, in conjunction with the regular budget scale of assessment reviews, in accordance with "
           "the criteria established above, and to report thereon to the General Assembly;")
OP21_FR = ("Prie le Secrétaire général de continuer de mettre à jour tous les trois ans le classement des États "
           "Membres dans les catégories définies plus haut, parallèlement à la révision du barème des quotes-parts "
           "pour le financement des dépenses inscrites au budget ordinaire, en se conformant aux critères établis "
           "plus haut, et de lui faire rapport à ce sujet\xa0;")
# S/RES/2741 (2024) op. 8 (tests/data/akn-en/S_RES_2741-2411824E.xml, tests/data/akn/S_RES_2741-2411824F.xml):
# six clauses in each version, but not the same six ("in consultation with ATMIS" is « de concert avec l'ATMIS »,
# the fourth French clause, not the third).
OP8_EN = ("Recognises the work done by the African Union and Somalia so far to establish an agreed concept of "
          "operations for an African Union-led peace support operation to follow ATMIS, and takes note of the "
          "African Union Peace and Security Council’s request for the African Union Commission, in consultation "
          "with ATMIS, the Federal Government of Somalia, and all relevant stakeholders, to finalise the CONOPs for "
          "the new mission by 31\xa0July 2024;")
OP8_FR = ("Salue le travail accompli par l’Union africaine et la Somalie à ce jour pour établir un concept "
          "d’opérations convenu pour une opération de soutien à la paix dirigée par l’Union africaine en "
          "remplacement de l’ATMIS, et prend note de la demande du Conseil de paix et de sécurité de l’Union "
          "africaine, à savoir que la Commission de l’Union africaine, de concert avec l’ATMIS, le Gouvernement "
          "fédéral somalien et l’ensemble des parties prenantes, finalise le concept d’opérations de la nouvelle "
          "mission d’ici au 31\xa0juillet 2024\xa0;")
# A/RES/76/239 op. 11: three clauses in English, two in French.
OP11_EN = ("Decides that, as from 1\xa0January 2022, the rates of assessment for peacekeeping should be based on "
           "the 10 levels of contribution and parameters set forth in the table below:")
OP11_FR = ("Décide qu’à compter du 1er\xa0janvier 2022, les quotes-parts pour la répartition des dépenses relatives "
           "aux opérations de maintien de la paix seront calculées en fonction des 10 catégories indiquées dans le "
           "tableau ci-dessous et des paramètres correspondants\xa0:")


def _at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_clauses_end_at_separators_followed_by_a_space():
    assert [OP21_FR[c.start:c.end] for c in clauses(OP21_FR)][1:] == [
        "parallèlement à la révision du barème des quotes-parts pour le financement des dépenses inscrites au budget "
        "ordinaire",
        "en se conformant aux critères établis plus haut",
        "et de lui faire rapport à ce sujet",
    ]
    assert clauses(OP21_FR)[-1].separator == ";"
    # Decimal and thousands commas are not separators; a full stop before a capital is.
    assert clauses("un taux de 1,5 % pour 1,000 dollars. Le reste") == (Clause(0, 35, "."), Clause(37, 45, ""))


def test_a_span_gets_the_french_of_the_clauses_it_touches():
    found = french_counterpart(OP21_EN, OP21_FR, *_at(OP21_EN, "in accordance with the criteria established above"))
    assert found.scope == CLAUSES
    assert found.text == "en se conformant aux critères établis plus haut"
    # A span running over two clauses gets both, as the French paragraph writes them.
    found = french_counterpart(OP21_EN, OP21_FR, *_at(OP21_EN, "scale of assessment reviews, in accordance with"))
    assert (found.scope, found.text) == (CLAUSES, "parallèlement à la révision du barème des quotes-parts pour le "
                                                  "financement des dépenses inscrites au budget ordinaire, en se "
                                                  "conformant aux critères établis plus haut")


def test_a_span_from_the_first_clause_into_the_last_gets_the_whole_paragraph():
    found = french_counterpart(OP21_EN, OP21_FR, *_at(OP21_EN, "Secretary-General to continue to update the "
                                                              "composition of the levels described above on a "
                                                              "triennial basis, in conjunction with the regular budget "
                                                              "scale of assessment reviews, in accordance with the "
                                                              "criteria established above, and to report"))
    assert (found.scope, found.text) == (PARAGRAPH, OP21_FR)


def test_clauses_that_do_not_correspond_give_the_whole_paragraph_never_a_guess():
    # Six clauses each, shifted: the third English clause would be paired with « à savoir que la Commission ».
    found = french_counterpart(OP8_EN, OP8_FR, *_at(OP8_EN, "in consultation with ATMIS, the Federal Government"))
    assert (found.scope, found.text) == (UNALIGNED, OP8_FR)
    # Three clauses against two.
    found = french_counterpart(OP11_EN, OP11_FR, *_at(OP11_EN, "the rates of assessment for peacekeeping"))
    assert (found.scope, found.text) == (UNALIGNED, OP11_FR)


def test_paired_clauses_must_carry_the_same_numbers():
    english = "Welcomes the report of 2023, and looks forward to the next report"
    assert french_counterpart(english, "Accueille avec satisfaction le rapport, et attend avec intérêt le "
                                       "prochain rapport de 2023", 0, 10).scope == UNALIGNED
    assert french_counterpart(english, "Accueille avec satisfaction le rapport de 2023, et attend avec intérêt "
                                       "le prochain rapport", 0, 10).text == (
        "Accueille avec satisfaction le rapport de 2023")
