"""Test the paragraph alignment and word diffs on small texts written for the purpose."""

from __future__ import annotations

from indexer.series.align import (
    align,
    compact,
    from_compact,
    masked,
    normal_text,
    plain_typography,
    to_json,
    word_diff,
    words,
)


def para(anchor: str, text: str, kind: str = "operative") -> dict[str, str]:
    return {"anchor": anchor, "kind": kind, "text": text}


def statuses(old, new):
    result = align(old, new)
    return {x.new: (x.status, x.old, x.moved) for x in result.links}, result.dropped


def test_same_ignores_spacing_apostrophes_first_capital_and_footnote_calls():
    old = [para("op1", "Prie le Secrétaire général de lui présenter un rapport sur l’application ;")]
    new = [para("op1", "prie  le Secrétaire\u00a0général de lui présenter un rapport sur l'application ;")]
    assert statuses(old, new) == ({"op1": ("same", ("op1",), False)}, ())
    old = [para("pp3", "Rappelant la Convention relative aux droits de l’enfant2,", "preambular")]
    new = [para("pp3", "Rappelant la Convention relative aux droits de l’enfant,", "preambular")]
    assert statuses(old, new)[0]["pp3"][0] == "same"


def test_punctuation_or_a_capital_inside_is_a_change_of_wording():
    old = [para("op8", "Exhorte les États parties à la Convention à appliquer intégralement ces instruments ;")]
    new = [para("op8", "Exhorte les États Parties à la Convention à appliquer intégralement ces instruments ;")]
    assert statuses(old, new)[0]["op8"][0] == "edited"
    old = [para("pp20", "Se félicitant des mesures prises par le Maroc,", "preambular")]
    new = [para("pp20", "Se félicitant des mesures prises par le Maroc", "preambular")]
    assert statuses(old, new)[0]["pp20"][0] == "edited"


def test_updated_when_only_references_dates_and_session_numbers_change():
    old = [para("pp1", "Rappelant sa résolution 78/217 du 19 décembre 2023,", "preambular"),
           para("op32", "Prie le Secrétaire général de lui présenter à sa quatre-vingtième session un rapport ;"),
           para("pp2", "Rappelant ses résolutions 2602 (2021) et 2654 (2022),", "preambular")]
    new = [para("pp1", "Rappelant sa résolution 80/218 du 18 décembre 2025,", "preambular"),
           para("op32", "Prie le Secrétaire général de lui présenter à sa quatre-vingt-deuxième session un rapport ;"),
           para("pp2", "Rappelant ses résolutions 2602 (2021), 2654 (2022) et 2703 (2023),", "preambular")]
    found, dropped = statuses(old, new)
    assert found == {"pp1": ("updated", ("pp1",), False), "op32": ("updated", ("op32",), False),
                     "pp2": ("updated", ("pp2",), False)}
    assert dropped == ()


def test_masked_text_collapses_a_run_of_references():
    assert masked(words("sa résolution 78/217 du 19 décembre 2023, et")) == ("sa", "résolution", "#", ",", "et")
    assert masked(words("à sa soixante-dix-neuvième session")) == ("à", "sa", "#", "session")
    # An article is not a figure.
    assert masked(words("un rapport")) == ("un", "rapport")


def test_edited_new_dropped_and_merged():
    old = [
        para("op1", "Demande aux États de protéger les droits humains des migrants, en particulier des femmes ;"),
        para("op2", "Encourage les États à coopérer avec les organisations régionales ;"),
        para("op3", "Encourage les États à échanger des informations sur les migrants disparus ;"),
        para("op4", "Décide de poursuivre l’examen de la question à sa prochaine session."),
    ]
    new = [
        para("op1", "Demande aux États de protéger les droits humains des migrants, en particulier des femmes "
                    "et des personnes handicapées ;"),
        para("op2", "Encourage les États à coopérer avec les organisations régionales et à échanger "
                    "des informations sur les migrants disparus ;"),
        para("op3", "Invite le Rapporteur spécial à lui présenter un rapport oral ;"),
    ]
    found, dropped = statuses(old, new)
    assert found == {"op1": ("edited", ("op1",), False), "op2": ("merged", ("op2", "op3"), False),
                     "op3": ("new", (), False)}
    assert dropped == ("op4",)


def test_repeated_openings_are_matched_by_content_and_moves_marked():
    old = [
        para("pp1", "Rappelant la Déclaration universelle des droits de l’homme,", "preambular"),
        para("pp2", "Rappelant le Pacte international relatif aux droits civils et politiques,", "preambular"),
        para("pp3", "Rappelant la Convention relative aux droits de l’enfant,", "preambular"),
        para("pp4", "Rappelant le Programme de développement durable à l’horizon 2030,", "preambular"),
    ]
    new = [
        para("pp1", "Rappelant la Déclaration universelle des droits de l’homme,", "preambular"),
        para("pp2", "Rappelant la Convention relative aux droits de l’enfant,", "preambular"),
        para("pp3", "Rappelant le Pacte international relatif aux droits civils et politiques,", "preambular"),
        para("pp4", "Rappelant le Programme de développement durable à l’horizon 2030,", "preambular"),
    ]
    found, dropped = statuses(old, new)
    # pp3 of OLD comes up before pp2: one of the two is out of order (the longest run in order keeps 3 of 4).
    assert {k: v[:2] for k, v in found.items()} == {"pp1": ("same", ("pp1",)), "pp2": ("same", ("pp3",)),
                                                    "pp3": ("same", ("pp2",)), "pp4": ("same", ("pp4",))}
    assert sum(v[2] for v in found.values()) == 1
    assert dropped == ()


def test_split_paragraph_points_to_its_source():
    old = [para("op2", "Demande aux parties de redoubler d’efforts pour parvenir à un règlement durable, et les "
                       "exhorte à s’abstenir de toute action unilatérale susceptible d’aggraver les tensions ;")]
    new = [para("op2", "Demande aux parties de redoubler d’efforts pour parvenir à un règlement durable ;"),
           para("op3", "Exhorte les parties à s’abstenir de toute action unilatérale susceptible d’aggraver "
                       "les tensions ;")]
    found, dropped = statuses(old, new)
    assert found["op2"][:2] == ("edited", ("op2",))
    assert found["op3"][:2] == ("edited", ("op2",))
    assert dropped == ()


def test_empty_versions():
    assert statuses([], [para("op1", "Décide de rester saisi de la question.")]) == (
        {"op1": ("new", (), False)}, ())
    assert statuses([para("op1", "Décide de rester saisi de la question.")], []) == ({}, ("op1",))


def test_word_diff_on_words_not_characters():
    pieces = word_diff("Exprime sa préoccupation face à l’intensification des activités",
                       "Exprime sa profonde préoccupation face à l'intensification des activités criminelles")
    assert pieces == [("eq", "Exprime sa"), ("ins", " profonde"), ("eq", " préoccupation face à l'intensification "
                                                                          "des activités"),
                      ("ins", " criminelles")]
    assert word_diff("au 31 janvier 2024,", "au 31 janvier 2025,") == [
        ("eq", "au 31 janvier"), ("del", " 2024,"), ("ins", " 2025,")]
    assert word_diff("Rappelant", "Rappelant") == [("eq", "Rappelant")]


def test_json_shape_and_compact_round_trip():
    old = [para("pp1", "Rappelant sa résolution 78/217 du 19 décembre 2023,", "preambular"),
           para("op1", "Décide de rester saisie de la question.")]
    new = [para("pp1", "Rappelant sa résolution 80/218 du 18 décembre 2025,", "preambular"),
           para("op1", "Décide de rester saisie de la question.")]
    result = align(old, new)
    data = to_json(result, "A/RES/78/217", "A/RES/80/218", old, new)
    assert data["old"] == "A/RES/78/217" and data["new"] == "A/RES/80/218" and data["dropped"] == []
    assert data["paragraphs"][0] == {"new": "pp1", "status": "updated", "old": ["pp1"], "moved": False,
                                     "diff": [["eq", "Rappelant sa résolution"], ["del", " 78/217"],
                                              ["ins", " 80/218"], ["eq", " du"], ["del", " 19"], ["ins", " 18"],
                                              ["eq", " décembre"], ["del", " 2023,"], ["ins", " 2025,"]]}
    assert data["paragraphs"][1] == {"new": "op1", "status": "same", "old": ["op1"], "moved": False}
    back = from_compact(compact(result))
    assert [(x.new, x.status, x.old, x.moved) for x in back.links] == [
        (x.new, x.status, x.old, x.moved) for x in result.links]
    assert back.counts["same"] == 1 and back.counts["updated"] == 1 and back.counts["dropped"] == 0


def test_normal_text():
    assert normal_text("  Prie\u00a0le  Secrétaire général ;") == "prie le Secrétaire général ;"


def test_a_preambular_paragraph_never_feeds_an_operative_one_by_rewording() -> None:
    # A/RES/80/218 par. 1 "Demande aux États de promouvoir et de protéger efficacement les droits humains…"
    # rewords A/RES/68/179 par. 1 "Demande aux États de promouvoir et de défendre efficacement…"; the
    # 6th preambular paragraph of 68/179 ("Rappelant le document final … dans lequel il est demandé aux
    # États de promouvoir et de défendre efficacement les droits de l'homme…") quotes the same words.
    import tarfile
    from dataclasses import asdict
    from pathlib import Path

    from indexer.sources.read import parse_bytes, parse_path

    root = Path(__file__).resolve().parent.parent
    seed = parse_path(root / "seeds" / "A_RES_68_179.md")
    with tarfile.open(root / "seeds" / "akn4un-fr.tar.xz") as tar:
        name = "akn4un/general-assembly/80session/French/A_RES_80_218-2520973F.xml"
        new = parse_bytes(tar.extractfile(name).read(), name)
    links = {link.new: link for link in align([asdict(p) for p in seed.paragraphs],
                                              [asdict(p) for p in new.paragraphs]).links}
    assert (links["op1"].status, links["op1"].old) == ("edited", ("op1",))
    # Identical wording still crosses the divide: the text says so.
    old = [{"anchor": "pp1", "kind": "preambular", "text": "Rappelant que tous les États doivent agir ensemble,"}]
    new_side = [{"anchor": "op1", "kind": "operative", "text": "Rappelant que tous les États doivent agir ensemble,"}]
    assert align(old, new_side).links[0].old == ("pp1",)


def test_plain_typography_replaces_each_variant_as_translate_did():
    text = "l\u2019ONU \u00ab\u00a0Paix\u00a0\u00bb\u202f; 2023\u20132024\u2026 non\u2011violence \u201cx\u201d"
    assert plain_typography(text) == "l'ONU \" Paix \" ; 2023-2024... non-violence \"x\""
    assert plain_typography("sans variante") == "sans variante"


def test_masked_keeps_joiners_between_a_figure_and_a_word():
    # "du" joins 78/217 to the date (one run); "et" after the last figure stays before "rappelle".
    tokens = ["sa", "résolution", "78/217", "du", "19", "décembre", "2023", "et", "rappelle"]
    assert masked(tokens) == ("sa", "résolution", "#", "et", "rappelle")
