"""Test the parser on the seed resolution A/RES/68/179 and on bad input."""

from __future__ import annotations

import re
from datetime import date

import pytest

from indexer.errors import ParseError
from indexer.sources import markup
from indexer.sources.markdown import blocks_of, ordinal_number, parse_date
from indexer.sources.read import parse_path as parse_file
from indexer.sources.read import parse_text

PP = [f"pp{i}" for i in range(1, 28)]
SUBS = {3: "abcde", 4: "abcdefghijkl", 5: "abcdefghij", 9: "abcde", 10: "ab"}


def expected_anchors() -> list[str]:
    out = list(PP)
    for n in range(1, 17):
        out.append(f"op{n}")
        out.extend(f"op{n}{letter}" for letter in SUBS.get(n, ""))
    return out


def test_metadata(seed):
    assert seed.symbol == "A/RES/68/179"
    assert seed.organ == "Assemblée générale"
    assert seed.session == 68
    assert seed.agenda_item == "69 b)"
    assert seed.adopted == date(2013, 12, 18)
    assert seed.distributed == date(2014, 1, 28)
    assert seed.title == "Protection des migrants"
    assert seed.report == "A/68/456/Add.2"
    assert seed.meeting == "70e séance plénière"
    assert seed.format == "markdown"


def test_counts(seed):
    kinds = [p.kind for p in seed.paragraphs]
    assert len(seed.paragraphs) == 77
    assert kinds.count("preambular") == 27
    assert kinds.count("operative") == 16
    assert kinds.count("subparagraph") == 34
    assert len(seed.footnotes) == 22
    assert [f.number for f in seed.footnotes] == list(range(1, 23))


def test_every_anchor_in_reading_order(seed):
    assert [p.anchor for p in seed.paragraphs] == expected_anchors()
    assert [p.position for p in seed.paragraphs] == list(range(1, 78))


def test_eids_numbers_parents(seed):
    op4a = seed.paragraph("op4a")
    assert (op4a.eid, op4a.kind, op4a.number, op4a.letter, op4a.parent) == (
        "para_4__list_1__point_a", "subparagraph", "4", "a", "op4")
    op4 = seed.paragraph("op4")
    assert (op4.eid, op4.number, op4.letter, op4.parent) == ("para_4", "4", None, None)
    pp3 = seed.paragraph("pp3")
    assert (pp3.eid, pp3.kind, pp3.number) == ("preamble__p_3", "preambular", "3")
    assert seed.paragraph("para_4__list_1__point_a") is op4a
    assert seed.paragraph("op10b").parent == "op10"


@pytest.mark.parametrize(("anchor", "opening"), [
    ("pp1", "Rappelant"), ("pp3", "Réaffirmant également"), ("pp8", "Rappelant en outre"),
    ("pp10", "Prenant également note"), ("pp14", "Ayant à l'esprit"), ("pp24", "Préoccupée"),
    ("op1", "Demande"), ("op2", "S'inquiète"), ("op4", "Réaffirme également"),
    ("op3a", "Condamne énergiquement"), ("op4b", "Demande instamment"), ("op4h", "Réaffirme avec force"),
    ("op5a", "Exprime sa préoccupation"), ("op5b", "Exprime également sa préoccupation"),
    ("op5c", "Accueille avec satisfaction"), ("op9d", "Encourage en outre"), ("op15", "Prend note"),
])
def test_openings_as_written(seed, anchor, opening):
    assert seed.paragraph(anchor).opening == opening


def test_page_break_joins(seed):
    pp4 = seed.paragraph("pp4")
    assert ("discrimination raciale, la Convention relative aux droits des personnes handicapées, la Convention"
            in pp4.text)
    assert pp4.text.endswith("des membres de leur famille,")
    pp10 = seed.paragraph("pp10")
    assert "en l'affaire Avena, respectivement, et rappelant les obligations" in pp10.text
    assert pp10.text.endswith("dans ces deux décisions,")
    pp18 = seed.paragraph("pp18")
    assert "évaluation et une action internationales concertées" in pp18.text
    # op9a follows the footnote block after op9's colon: a new paragraph, not a join.
    assert seed.paragraph("op9").text.endswith("par conséquent :")
    assert seed.paragraph("op9a").text.startswith("Prie tous les États, les organisations")


def test_footnote_attachment(seed):
    def notes(anchor):
        return [f.number for f in seed.paragraph(anchor).footnotes]

    assert notes("pp1") == [1]
    assert notes("pp4") == [3, 4, 5, 6, 7, 8, 9, 10]
    assert notes("pp10") == [16, 17]
    assert notes("pp13") == [18]
    assert notes("op3") == [2, 3]
    assert notes("op3e") == [19]
    assert notes("op12") == [18]
    assert notes("op15") == [22]
    assert notes("pp9") == []
    called = {f.number for p in seed.paragraphs for f in p.footnotes}
    assert called == set(range(1, 23))


def test_ibid_resolution(seed):
    text = {f.number: f.text for f in seed.footnotes}
    assert text[4] == "Nations Unies, Recueil des Traités, vol. 1465, n° 24841."
    assert text[5] == "Nations Unies, Recueil des Traités, vol. 1249, n° 20378."
    assert text[10] == "Nations Unies, Recueil des Traités, vol. 2220, n° 39481."
    assert text[14] == ("Documents officiels du Conseil économique et social, 2009, "
                        "Supplément n° 5 (E/2009/25), chap. I, sect. B.")
    assert text[17] == ("Documents officiels de l'Assemblée générale, soixante-quatrième session, "
                        "Supplément n° 4 (A/64/4), chap. V, sect. B.")
    # 19 follows "Résolution 68/4.": Ibid. refers back to the last session reference.
    assert text[19] == ("Documents officiels de l'Assemblée générale, soixante-huitième session, "
                        "Supplément n° 48 (A/68/48).")
    assert text[21] == "A/HRC/15/29."
    assert seed.footnotes[4].raw == "Ibid., vol. 1249, n° 20378."


def test_ordinals_are_not_calls(seed):
    pp9 = seed.paragraph("pp9")
    assert "en date du 1er octobre 1999" in pp9.text
    assert pp9.footnotes == ()
    assert seed.closing == ("70e séance plénière 18 décembre 2013",)


def test_markup_removed(seed):
    for p in seed.paragraphs:
        assert not re.search(r"[*<>\[\]]|\(#\)", p.text), p.anchor
    assert seed.paragraph("op15").text.endswith("en application de la résolution 67/172 ;")
    assert seed.paragraph("op6").text.endswith("dans le contexte des migrations ;")


def test_no_text_lost(seed, seed_path):
    """Every non-blank source line lands in exactly one place."""
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    non_blank = {i for i, line in enumerate(lines, start=1) if line.strip()}
    places = [list(p.lines) for p in seed.paragraphs]
    places += [list(seed.header_lines), list(seed.closing_lines), list(seed.furniture_lines)]
    flat = [n for group in places for n in group]
    assert len(flat) == len(set(flat)), "a line is counted twice"
    assert set(flat) == non_blank
    # The words of each body line are in its paragraph's text.
    by_line = {n: p for p in seed.paragraphs for n in p.lines}
    for n, p in by_line.items():
        words = markup.plain(lines[n - 1]).split()
        for word in words:
            if re.fullmatch(r"[a-z]\)|\d+\.", word):
                continue
            assert word in p.text, (n, word)
    notes = {f.line for f in seed.footnotes}
    assert notes <= set(seed.furniture_lines)


def test_typographic_apostrophes():
    text = ("### 1/1. Essai\n\n*L’Assemblée générale,*\n\n*Ayant à l’esprit* la Charte,\n\n"
            "1. *Prie* le Secrétaire général d’agir.\n")
    res = parse_text(text)
    assert [p.anchor for p in res.paragraphs] == ["pp1", "op1"]
    assert res.paragraphs[0].opening == "Ayant à l’esprit"
    assert res.header[-1] == "L’Assemblée générale,"


def test_roman_items_and_parts():
    text = "\n\n".join([
        "### 70/1. Essai", "*L'Assemblée générale,*", "*Rappelant* la Charte,", "A", "*Notant* ceci,",
        "1. *Décide* :", "a) De créer :", "i) un comité ;", "ii) un groupe ;", "b) De prier :",
        "i) le Secrétaire général ;", "B", "1. *Prie* le Secrétaire général :", "h) Huit ;", "i) Neuf.",
    ])
    res = parse_text(text)
    assert [p.anchor for p in res.paragraphs] == [
        "pp1", "A-pp1", "A-op1", "A-op1a", "A-op1a-i", "A-op1a-ii", "A-op1b", "A-op1b-i",
        "B-op1", "B-op1h", "B-op1i"]
    item = res.paragraph("A-op1a-ii")
    assert (item.parent, item.level, item.eid) == (
        "A-op1a", 3, "part_A__para_1__list_1__point_a__list_1__point_ii")


def test_empty_file_is_an_error(tmp_path):
    f = tmp_path / "vide.md"
    f.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(ParseError, match="fichier vide") as exc:
        parse_file(f)
    assert str(f) in str(exc.value)


def test_no_paragraphs_is_an_error(tmp_path):
    f = tmp_path / "rien.md"
    f.write_text("# Assemblée générale\n\nDistr. générale\n", encoding="utf-8")
    with pytest.raises(ParseError, match="aucun paragraphe"):
        parse_file(f)


def test_not_utf8_is_an_error(tmp_path):
    f = tmp_path / "latin1.md"
    f.write_bytes("### 1/1. Été\n".encode("latin-1"))
    with pytest.raises(ParseError, match="UTF-8"):
        parse_file(f)


def test_missing_footnote_is_a_warning_and_text_kept():
    text = "### 1/1. Essai\n\n*L'Assemblée générale,*\n\n1. *Prie* le Secrétaire général<sup>4</sup> d'agir.\n"
    res = parse_text(text, "essai.md")
    assert res.paragraphs[0].text == "Prie le Secrétaire général d'agir."
    assert [(w.code, w.line) for w in res.warnings] == [("footnote-missing", 5)]


def test_unclassified_text_is_kept_as_other():
    text = "### 1/1. Essai\n\n*L'Assemblée générale,*\n\n1. *Prie* le Secrétaire général d'agir.\n\nTexte libre.\n"
    res = parse_text(text)
    other = res.paragraphs[-1]
    assert (other.anchor, other.kind, other.text) == ("x1", "other", "Texte libre.")
    assert [w.code for w in res.warnings] == ["unclassified"]


def test_helpers():
    assert parse_date("le 1er octobre 1999") == date(1999, 10, 1)
    assert parse_date("rien") is None
    assert ordinal_number("Soixante-huitième") == 68
    assert ordinal_number("Quatre-vingt-dixième") is None or ordinal_number("Quatre-vingtième") == 80
    assert ordinal_number("Cinquante-neuvième") == 59
    assert [b.line for b in blocks_of("a\nb\n\nc\n")] == [1, 4]
