"""Test the facet extractor: opening verbs, addressees, instruments, cited resolutions.

The A/RES/68/179 table below was written by reading the seed text
(seeds/A_RES_68_179.md), paragraph by paragraph; it is checked twice on the
paragraphs of the project parser: as parsed (calls listed in ``calls``) and
with the footnote calls written back into the text as ``<sup>N</sup>``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from indexer.facets.extract import (
    ALIASES,
    Facets,
    Instrument,
    Verb,
    extract,
    extract_resolution,
    instrument_aliases,
    normalise_opening,
    verb_info,
)
from indexer.model import Footnote, Paragraph
from indexer.sources.read import parse_path

from .conftest import CORPUS, need_shared

SEED = Path(__file__).resolve().parent.parent / "seeds" / "A_RES_68_179.md"
GA = "Assemblée générale"
SC = "Conseil de sécurité"
HRC = "Conseil des droits de l'homme"
ECOSOC = "Conseil économique et social"

# Canonical instrument names, short-named for the table.
UDHR = "Déclaration universelle des droits de l'homme"
ICCPR = "Pacte international relatif aux droits civils et politiques"
ICESCR = "Pacte international relatif aux droits économiques, sociaux et culturels"
CAT = "Convention contre la torture et autres peines ou traitements cruels, inhumains ou dégradants"
CEDAW = "Convention sur l'élimination de toutes les formes de discrimination à l'égard des femmes"
CRC = "Convention relative aux droits de l'enfant"
ICERD = "Convention internationale sur l'élimination de toutes les formes de discrimination raciale"
CRPD = "Convention relative aux droits des personnes handicapées"
VCCR = "Convention de Vienne sur les relations consulaires"
ICRMW = ("Convention internationale sur la protection des droits de tous les travailleurs migrants "
         "et des membres de leur famille")
C189 = "Convention n° 189 de l'OIT"
UNTOC = "Convention des Nations Unies contre la criminalité transnationale organisée"
UNTOC_P = "Protocoles additionnels à la Convention des Nations Unies contre la criminalité transnationale organisée"
RIO20 = "L'avenir que nous voulons"
CRISIS = ("Document final de la Conférence sur la crise financière et économique mondiale "
          "et son incidence sur le développement")
HLD = "Déclaration du Dialogue de haut niveau sur les migrations internationales et le développement"
CMW_CHAIR = ("Président du Comité pour la protection des droits de tous les travailleurs migrants "
             "et des membres de leur famille")
SR_MIGRANTS = "Rapporteur spécial sur les droits de l'homme des migrants"
HC = "Haut-Commissaire des Nations Unies aux droits de l'homme"
SRSG = "Représentant spécial du Secrétaire général pour les migrations internationales et le développement"
E, EM, OI = "États", "États Membres", "organisations internationales"
OIM = "Organisation internationale pour les migrations"

# anchor: (verb, secondary verbs, addressees, instruments, cited resolutions/documents)
TABLE: dict[str, tuple[str, list[str], list[str], list[str], list[str]]] = {
    "pp1": ("Rappelant", [], [], [], ["A/RES/67/172", "A/RES/66/128", "A/RES/67/185", "A/HRC/RES/23/20"]),
    "pp2": ("Réaffirmant", [], [], [UDHR], ["A/RES/217 A (III)"]),
    "pp3": ("Réaffirmant", [], [], [], []),
    "pp4": ("Rappelant", [], [], [ICCPR, ICESCR, CAT, CEDAW, CRC, ICERD, CRPD, VCCR, ICRMW], ["A/RES/2200 A (XXI)"]),
    "pp5": ("Estimant", [], [], [ICRMW], []),
    "pp6": ("Rappelant", [], [], [RIO20], ["A/RES/66/288"]),
    "pp7": ("Rappelant", [], [], [CRISIS], ["A/RES/63/303"]),
    "pp8": ("Rappelant", [], [], [], ["E/CN.9/RES/2006/2", "E/CN.9/RES/2009/1", "E/CN.9/RES/2013/1"]),
    "pp9": ("Prenant note", [], [], [], []),
    "pp10": ("Prenant note", [], [], [], []),
    "pp11": ("Soulignant", [], [], [], []),
    "pp12": ("Conscient", [], [], [], []),
    "pp13": ("Conscient", [], [], [], ["A/RES/68/4"]),
    "pp14": ("Ayant à l'esprit", [], [], [], []),
    "pp15": ("Conscient", [], [], [], []),
    "pp16": ("Soulignant", [], [], [], []),
    "pp17": ("Ayant à l'esprit", [], [], [], []),
    "pp18": ("Affirmant", [], [], [], []),
    "pp19": ("Ayant à l'esprit", [], [], [], []),
    "pp20": ("Soulignant", [], [], [], []),
    "pp21": ("Soulignant", [], [], [], []),
    "pp22": ("Conscient", [], [], [], []),
    "pp23": ("Considérant", ["Encourageant"], [E], [], []),
    "pp24": ("Préoccupé", [], [], [], []),
    "pp25": ("Conscient", [], [], [], []),
    "pp26": ("Conscient", [], [], [], []),
    "pp27": ("Insistant", [], [], [], []),
    "op1": ("Demande", [], [E], [], []),
    "op2": ("S'inquiète", ["Prie instamment"], ["Gouvernements"], [], []),
    "op3": ("Réaffirme", [], [], [UDHR, ICCPR, ICESCR], ["A/RES/217 A (III)", "A/RES/2200 A (XXI)"]),
    "op3a": ("Condamne énergiquement", ["Exhorte"], [E], [], []),
    "op3b": ("S'inquiète", [], [], [], []),
    "op3c": ("Demande", [], [E], [], []),
    "op3d": ("Demande", ["Prie"], [E, "Secrétaire général"], [ICRMW], []),
    "op3e": ("Prend note", [], [], [], ["A/68/48"]),
    "op4": ("Réaffirme", [], [], [UDHR], []),
    "op4a": ("Demande", [], [E], [], []),
    "op4b": ("Demande instamment", [], [E], [], []),
    "op4c": ("Prie", [], [E], [], []),
    "op4d": ("Demande", [], [E], [], []),
    "op4e": ("Constate", [], [], [], []),
    "op4f": ("Estime", [], [], [], []),
    "op4g": ("Souligne", [], [], [], []),
    "op4h": ("Réaffirme avec force", [], [], [VCCR], []),
    "op4i": ("Prie", [], [E], [], []),
    "op4j": ("Invite", [], [EM], [C189], []),
    "op4k": ("Encourage", [], [E], [], []),
    "op4l": ("Rappelle", [], [], [UDHR], []),
    "op5": ("Souligne", [], [], [], []),
    "op5a": ("Exprime sa préoccupation", [], [], [], []),
    "op5b": ("Exprime sa préoccupation", [], [], [], []),
    "op5c": ("Accueille avec satisfaction", ["Encourage"], [E], [], []),
    "op5d": ("Demande", [], [E], [], []),
    "op5e": ("Encourage", [], [E], [], []),
    "op5f": ("Encourage", [], [E], [], []),
    "op5g": ("Demande", [], [E], [], []),
    "op5h": ("Encourage", [], [E], [], []),
    "op5i": ("Demande instamment", [], [E], [], []),
    "op5j": ("Exhorte", ["Demande"], [f"États parties à la {UNTOC}", E], [UNTOC, UNTOC_P], []),
    "op6": ("Encourage", [], [E], [], ["A/HRC/15/29"]),
    "op7": ("Encourage", [], [E], [], []),
    # "encourage aussi les États Membres" repeats the opening verb: no secondary.
    "op8": ("Encourage", [], [EM], [], []),
    "op9": ("Souligne", [], [], [], []),
    # "les parties intéressées": one addressee with "les parties" (issue 12).
    "op9a": ("Prie", [], [E, OI, "parties"], [], []),
    "op9b": ("Encourage", [], [E], [], []),
    "op9c": ("Encourage", [], [E], [], []),
    "op9d": ("Encourage", [], [E], [], []),
    # "et à aider les États Membres": States are helped, not addressed.
    "op9e": ("Invite", [], ["organismes des Nations Unies", OI, "institutions multilatérales"], [], []),
    "op10": ("Insiste", [], [], [], []),
    "op10a": ("Prie", [], [EM, "organismes des Nations Unies", OI, "société civile", "parties", HC,
                           SR_MIGRANTS, SRSG, OIM, "Groupe mondial sur la migration"], [], []),
    "op10b": ("Reconnaît", [], [], [], []),
    "op11": ("Encourage", [], [E, OI, "société civile", "organisations non gouvernementales", "secteur privé"], [], []),
    "op12": ("Demande", [], ["Gouvernements", OI], [HLD], ["A/RES/68/4"]),
    # Short names resolved from earlier paragraphs (op3e, op10a, op10b).
    "op13": ("Invite", [], [CMW_CHAIR], [], []),
    "op14": ("Invite", [], [SR_MIGRANTS], [], []),
    "op15": ("Prend note", [], [], [], ["A/RES/67/172", "A/68/283"]),
    "op16": ("Prie", [], ["Secrétaire général"], [], []),
}
ANCHORS = (
    [f"pp{i}" for i in range(1, 28)]
    + ["op1", "op2", "op3", *(f"op3{c}" for c in "abcde"), "op4", *(f"op4{c}" for c in "abcdefghijkl"),
       "op5", *(f"op5{c}" for c in "abcdefghij"), "op6", "op7", "op8", "op9", *(f"op9{c}" for c in "abcde"),
       "op10", "op10a", "op10b", "op11", "op12", "op13", "op14", "op15", "op16"]
)


def para(text: str, opening: str = "", kind: str = "operative", anchor: str = "op1",
         footnotes: tuple[Footnote, ...] = ()) -> Paragraph:
    """Build a paragraph the way the parser does (text without number prefix)."""
    return Paragraph(symbol="A/RES/68/179", anchor=anchor, eid=anchor, kind=kind, position=1,
                     opening=opening, text=text, footnotes=footnotes)


def row(f: Facets) -> tuple[str | None, list[str], list[str], list[str], list[str]]:
    """Flatten facets for comparison with the table: what is cited is resolutions, then other documents."""
    return (f.verb.value if f.verb else None, [v.value for v in f.secondary_verbs], list(f.addressees),
            [i.name for i in f.instruments], list(f.resolutions) + list(f.documents))


# --------------------------------------------------------------------------
# The parsed seed with its footnote calls put back in the text as <sup>N</sup>,
# the form the extractor also reads (sources without a ``calls`` list).
# --------------------------------------------------------------------------

def with_inline_calls(p: Paragraph) -> Paragraph:
    """Return the paragraph with its calls written into the text and no ``calls`` list."""
    text = p.text
    for number, offset in sorted(p.calls, key=lambda c: c[1], reverse=True):
        text = f"{text[:offset]}<sup>{number}</sup>{text[offset:]}"
    return replace(p, text=text, calls=())


def split_seed(path: Path) -> list[Paragraph]:
    """Parse the seed with the project parser, footnote calls kept inline."""
    return [with_inline_calls(p) for p in parse_path(path).paragraphs]


def test_seed_with_inline_calls_has_the_77_paragraphs() -> None:
    paragraphs = split_seed(SEED)
    assert [p.anchor for p in paragraphs] == ANCHORS
    assert "<sup>5</sup>" in next(p.text for p in paragraphs if p.anchor == "pp4")
    assert len(TABLE) == 77 and list(TABLE) == ANCHORS


_LOCAL = dict(zip(ANCHORS, extract_resolution(split_seed(SEED), GA), strict=True))


@pytest.mark.parametrize("anchor", ANCHORS)
def test_seed_table_on_split_paragraphs(anchor: str) -> None:
    assert row(_LOCAL[anchor]) == TABLE[anchor]


@pytest.fixture(scope="module")
def parsed() -> dict[str, Facets]:
    parse = pytest.importorskip("indexer.sources.read")
    res = parse.parse_path(SEED)
    return {p.anchor: f for p, f in zip(res.paragraphs, extract_resolution(res.paragraphs, res.organ), strict=True)}


def test_parser_gives_the_77_anchors(parsed: dict[str, Facets]) -> None:
    assert list(parsed) == ANCHORS


@pytest.mark.parametrize("anchor", ANCHORS)
def test_seed_table_on_parsed_paragraphs(parsed: dict[str, Facets], anchor: str) -> None:
    assert row(parsed[anchor]) == TABLE[anchor]


# --------------------------------------------------------------------------
# Opening phrases
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("opening", "value"), [
    ("Rappelant en outre", "Rappelant"),
    ("Rappelant également", "Rappelant"),
    ("Réaffirmant de nouveau", "Réaffirmant"),
    ("Demande à nouveau", "Demande"),
    ("Encourage aussi", "Encourage"),
    ("Prenant également note", "Prenant note"),
    ("Exprime également sa préoccupation", "Exprime sa préoccupation"),
    ("Demande instamment", "Demande instamment"),
    ("Prie instamment", "Prie instamment"),
    ("Condamne énergiquement", "Condamne énergiquement"),
    ("Réaffirme avec force", "Réaffirme avec force"),
    ("Accueille avec satisfaction", "Accueille avec satisfaction"),
    ("Ayant à l'esprit", "Ayant à l'esprit"),
    ("Ayant à l’esprit", "Ayant à l'esprit"),
    ("S’inquiète", "S'inquiète"),
    ("Consciente", "Conscient"),
    ("Consciente également", "Conscient"),
    ("Conscients", "Conscient"),
    ("Préoccupée", "Préoccupé"),
    ("Profondément préoccupée", "Profondément préoccupé"),
    ("Convaincue", "Convaincu"),
    ("Se déclarant à nouveau profondément préoccupé", "Se déclarant profondément préoccupé"),
    ("Se déclarant gravement préoccupée", "Se déclarant gravement préoccupé"),
    ("Gravement préoccupé", "Gravement préoccupé"),
    ("Guidé", "Guidé"),
    ("Prend acte", "Prend acte"),
    ("*Décide*", "Décide"),
])
def test_normalise_opening(opening: str, value: str) -> None:
    verb = normalise_opening(opening)
    assert verb is not None and verb.value == value


def test_verb_carries_root_english_and_kind() -> None:
    assert normalise_opening("Demande instamment") == Verb("Demande instamment", "Demande", "Urges", "call")
    assert normalise_opening("Prie") == Verb("Prie", "Prie", "Requests", "call")
    assert normalise_opening("Exige") == Verb("Exige", "Exige", "Demands", "call")
    assert normalise_opening("Décide") == Verb("Décide", "Décide", "Decides", "decision")
    assert normalise_opening("Consciente") == Verb("Conscient", "Conscient", "Mindful", "recognition")
    assert normalise_opening("Rappelant") == Verb("Rappelant", "Rappelant", "Recalling", "recall")
    assert normalise_opening("Se félicite").en == "Welcomes"
    assert normalise_opening("Exhorte").en == "Urges"
    assert normalise_opening("Prend note").kind == "note"
    assert normalise_opening("Profondément préoccupé").kind == "concern"


def test_verb_info_looks_up_facet_values() -> None:
    assert verb_info("Ayant à l'esprit").en == "Bearing in mind"
    assert verb_info("Ayant à l’esprit").en == "Bearing in mind"
    assert verb_info("Prie instamment").root == "Prie"
    assert verb_info("Inconnu") is None


def test_empty_or_unknown_opening() -> None:
    assert normalise_opening("") is None
    assert normalise_opening("  ") is None
    unknown = normalise_opening("Constate avec regret également")
    assert unknown is not None and unknown.value == "Constate"
    odd = normalise_opening("Œuvrant sans relâche")
    assert odd == Verb("Œuvrant", "Œuvrant", "", "other")


def test_opening_derived_from_text_when_empty() -> None:
    f = extract(para("Demande instamment à tous les États de prendre des mesures efficaces ;", kind="subparagraph"))
    assert f.verb is not None and f.verb.value == "Demande instamment"
    assert f.addressees == ("États",)
    f = extract(para("Consciente également des obligations que le droit international impose,", kind="preambular"))
    assert f.verb.value == "Conscient"


def test_opening_extended_by_text() -> None:
    f = extract(para("Agissant en vertu du Chapitre VII de la Charte des Nations Unies,", opening="Agissant",
                     kind="preambular"), SC)
    assert f.verb.value == "Agissant en vertu du Chapitre VII de la Charte"
    assert [i.name for i in f.instruments] == ["Chapitre VII de la Charte des Nations Unies"]


# --------------------------------------------------------------------------
# Secondary verbs and addressees
# --------------------------------------------------------------------------

def test_secondary_verb_and_its_addressee() -> None:
    f = extract(para("Demande aux États qui ne l'ont pas encore fait d'envisager de signer la Convention, "
                     "et prie le Secrétaire général de continuer de s'employer à promouvoir la Convention ;"))
    assert [v.value for v in f.secondary_verbs] == ["Prie"]
    assert f.addressees == ("États", "Secrétaire général")


def test_secondary_verb_with_adverb() -> None:
    f = extract(para("Encourage en outre les États Membres qui ne l'ont pas encore fait à promulguer une "
                     "législation, et encourage aussi les États Membres à renforcer la coopération ;",
                     opening="Encourage en outre"))
    assert f.verb.value == "Encourage" and f.secondary_verbs == ()
    assert f.addressees == ("États Membres",)
    f = extract(para("Condamne les actes de racisme, et, à cet égard, exhorte également les États à agir ;"))
    assert [v.value for v in f.secondary_verbs] == ["Exhorte"]


def test_nouns_are_not_secondary_verbs() -> None:
    f = extract(para("Souligne que la demande d'asile doit être examinée, et la demande en interprétation ;"))
    assert f.secondary_verbs == () and f.addressees == ()


def test_participle_call_in_preamble() -> None:
    f = extract(para("Considérant l'apport des jeunes migrants et, à cet égard, encourageant les États à tenir "
                     "compte de leurs besoins,", opening="Considérant", kind="preambular"))
    assert [v.value for v in f.secondary_verbs] == ["Encourageant"]
    assert f.addressees == ("États",)


def test_enumerated_addressees() -> None:
    f = extract(para("Prie tous les États, les organisations internationales et les parties intéressées de "
                     "prendre en considération le caractère mondial du phénomène migratoire ;"))
    assert f.addressees == ("États", "organisations internationales", "parties")


def test_mentioned_entities_are_not_addressees() -> None:
    f = extract(para("S'inquiète que certains États adoptent une législation restrictive ;"))
    assert f.addressees == ()
    f = extract(para("Prend note du rapport du Comité pour la protection des droits de tous les travailleurs "
                     "migrants et des membres de leur famille ;"))
    assert f.addressees == ()
    f = extract(para("Encourage la coopération entre les États et les organisations internationales ;"))
    assert f.addressees == ()


def test_states_parties_to_an_instrument() -> None:
    f = extract(para("Exhorte les États parties à la Convention de Vienne sur les relations consulaires à en "
                     "respecter les dispositions ;"))
    assert f.addressees == ("États parties à la Convention de Vienne sur les relations consulaires",)
    f = extract(para("Demande aux États parties au Pacte international relatif aux droits civils et politiques "
                     "de s'acquitter de leurs obligations ;"))
    assert f.addressees == ("États parties au Pacte international relatif aux droits civils et politiques",)


def test_mandates_and_short_names() -> None:
    f = extract(para("Invite le Rapporteur spécial du Conseil des droits de l'homme sur les droits de l'homme des "
                     "migrants, le Représentant spécial du Secrétaire général pour les migrations internationales "
                     "et le développement et la Haut-Commissaire des Nations Unies aux droits de l'homme à "
                     "poursuivre leurs travaux ;"))
    assert f.addressees == (SR_MIGRANTS, SRSG, HC)
    alone = extract(para("Invite le Rapporteur spécial à lui présenter son rapport ;"))
    assert alone.addressees == ("Rapporteur spécial",)
    ctx = {"Rapporteur spécial": SR_MIGRANTS}
    assert extract(para("Invite le Rapporteur spécial à lui présenter son rapport ;"), GA, ctx).addressees == (
        SR_MIGRANTS,)


def test_values_with_commas_stay_whole() -> None:
    f = extract(para("Rappelant le Pacte international relatif aux droits économiques, sociaux et culturels,",
                     kind="preambular"))
    assert [i.name for i in f.instruments] == [ICESCR]


# Security Council paragraphs, quoted from ../shared/corpus/security-council/.
def test_security_council_paragraphs() -> None:
    # S/RES/1820 (2008), op. 2
    f = extract(para("Exige de toutes les parties à des conflits armés qu’elles mettent immédiatement et "
                     "totalement fin à tous actes de violence sexuelle contre des civils ;", opening="Exige"), SC)
    assert (f.verb.value, f.addressees) == ("Exige", ("parties au conflit",))
    # S/RES/1820 (2008), op. 7
    f = extract(para("Prie également le Secrétaire général de continuer, en redoublant d’efforts, d’appliquer la "
                     "politique de tolérance zéro, et exhorte les pays qui fournissent des effectifs militaires et "
                     "de police à prendre les mesures préventives qui s’imposent ;", opening="Prie également"), SC)
    assert f.verb.value == "Prie" and [v.value for v in f.secondary_verbs] == ["Exhorte"]
    assert f.addressees == ("Secrétaire général", "pays fournisseurs de contingents")
    # S/RES/1820 (2008), op. 6: an apposition names helpers, not addressees
    f = extract(para("Prie le Secrétaire général, agissant en consultation avec le Conseil de sécurité, le Comité "
                     "spécial des opérations de maintien de la paix et son groupe de travail, et les États "
                     "concernés, le cas échéant, d’établir et d’exécuter des programmes de formation ;"), SC)
    assert f.addressees == ("Secrétaire général",)
    # S/RES/1820 (2008), op. 14
    f = extract(para("Engage les organismes régionaux et sous-régionaux compétents, en particulier, à envisager "
                     "d’arrêter et de conduire des politiques ;"), SC)
    assert (f.verb.en, f.addressees) == ("Calls upon", ("organisations régionales et sous-régionales",))
    # S/RES/1820 (2008), pp. 8
    f = extract(para("Se déclarant à nouveau profondément préoccupé par le fait que, bien qu’il ait maintes fois "
                     "condamné la violence,", opening="Se déclarant à nouveau profondément préoccupé",
                     kind="preambular"), SC)
    assert f.verb == Verb("Se déclarant profondément préoccupé", "Se déclarant", "Expressing deep concern", "concern")
    # S/RES/1820 (2008), pp. 5 (footnote numbers glued by the OCR)
    f = extract(para("Réaffirmant les obligations des États parties à la Convention sur l’élimination de toutes les "
                     "formes de discrimination à l’égard des femmes295, à son Protocole facultatif 296, à la "
                     "Convention relative aux droits de l’enfant297 et à ses Protocoles facultatifs298, et exhortant "
                     "les États qui ne l’ont pas encore fait à envisager de ratifier ces instruments,",
                     opening="Réaffirmant", kind="preambular"), SC)
    assert [v.value for v in f.secondary_verbs] == ["Exhortant"]
    assert f.addressees == ("États",)
    assert [i.name for i in f.instruments] == [
        CEDAW, "Protocole facultatif à la " + CEDAW, CRC, "Protocoles facultatifs à la " + CRC]
    # S/RES/1115 (1997), op. 3: subjects of "exige que … et que …"
    f = extract(para("Exige également que le Gouvernement iraquien donne accès immédiatement à tous les "
                     "fonctionnaires ;", opening="Exige également"), SC)
    assert f.addressees == ("Gouvernement iraquien",)
    f = extract(para("Exige que l'Iraq coopère pleinement avec la Commission spéciale, conformément aux résolutions "
                     "pertinentes, et que le Gouvernement iraquien permette aux équipes d'inspection d'avoir accès ;"),
                SC)
    assert f.addressees == ("Iraq", "Gouvernement iraquien")
    # S/RES/1483 (2003), op. 4: a name outside the vocabulary, kept as written
    f = extract(para("Demande à l'Autorité, conformément à la Charte des Nations Unies, de promouvoir le "
                     "bien-être de la population iraquienne ;"), SC)
    assert f.addressees == ("Autorité",)
    assert [i.name for i in f.instruments] == ["Charte des Nations Unies"]


def test_security_council_file_if_parser_present() -> None:
    parse = pytest.importorskip("indexer.sources.read")
    path = CORPUS / "S_RES_1820_2008.fr.txt"
    need_shared(path)
    res = parse.parse_path(path)
    got = {p.anchor: row(f) for p, f in zip(res.paragraphs, extract_resolution(res.paragraphs, res.organ),
                                            strict=True)}
    assert got["pp2"][0] == "Guidé" and got["pp2"][3] == ["Charte des Nations Unies"]
    assert got["pp1"][4][:3] == ["S/RES/1325 (2000)", "S/RES/1612 (2005)", "S/RES/1674 (2006)"]
    assert got["op3"][:3] == ("Exige", ["Prie"], ["parties au conflit", "Secrétaire général"])
    assert got["op8"][2] == ["pays fournisseurs de contingents"]
    # "Demande instamment au Secrétaire général et à ses Envoyés spéciaux d'inviter …, et encourage toutes
    # les parties à ces débats à …"
    assert got["op12"][1:3] == (["Encourage"], ["Secrétaire général", "Envoyés spéciaux du Secrétaire général",
                                                "parties"])
    # "Prie le Secrétaire général et les organismes concernés des Nations Unies, entre autres, d'établir …"
    assert got["op10"][2] == ["Secrétaire général", "organismes des Nations Unies"]


# --------------------------------------------------------------------------
# Instruments
# --------------------------------------------------------------------------

def test_plural_covenants_and_short_convention() -> None:
    f = extract(para("Réaffirme les obligations que les Pactes internationaux relatifs aux droits de l'homme "
                     "imposent aux États ;"))
    assert [i.name for i in f.instruments] == [ICCPR, ICESCR]
    f = extract(para("Demande aux États de ratifier la Convention internationale sur la protection des droits de "
                     "tous les travailleurs migrants et des membres de leur famille, et prie le Secrétaire général "
                     "de mieux faire connaître la Convention ;"))
    assert [i.name for i in f.instruments] == [ICRMW]


def test_footnote_enriches_instrument_by_call() -> None:
    f = extract(para("Rappelant la Convention relative aux droits de l'enfant<sup>6</sup> et la Déclaration "
                     "universelle des droits de l'homme<sup>2</sup>,", kind="preambular",
                     footnotes=(Footnote(6, "Nations Unies, Recueil des Traités, vol. 1577, n° 27531."),
                                Footnote(2, "Résolution 217 A (III)."))))
    crc, udhr = f.instruments
    assert crc.treaty_series == "vol. 1577, n° 27531"
    assert udhr.adopted_by == "A/RES/217 A (III)"
    assert "CRC" in crc.aliases and "UDHR" in udhr.aliases


def test_footnote_enriches_instrument_by_content() -> None:
    f = extract(para("Exhorte les États parties à la Convention des Nations Unies contre la criminalité "
                     "transnationale organisée et aux protocoles additionnels y relatifs à appliquer ces "
                     "instruments ;",
                     footnotes=(Footnote(20, "Nations Unies, Recueil des Traités, vol. 2225, 2237, 2241 et 2326, "
                                             "n° 39574."),)))
    assert f.instruments[0] == Instrument(UNTOC, f.instruments[0].aliases, "vol. 2225, 2237, 2241 et 2326, n° 39574",
                                          "A/RES/55/25")
    assert f.instruments[1].name == UNTOC_P


def test_aliases_for_query_expansion() -> None:
    assert ALIASES["pidcp"] == ICCPR and ALIASES["iccpr"] == ICCPR
    assert ALIASES["cedaw"] == CEDAW and ALIASES["cedef"] == CEDAW
    assert ALIASES["oit"] == "Organisation internationale du Travail"
    assert ALIASES["hcdh"] == "Haut-Commissariat des Nations Unies aux droits de l'homme"
    assert ALIASES["oim"] == OIM
    assert ALIASES["cpi"] == "Cour pénale internationale"
    assert ALIASES["aiea"] == "Agence internationale de l'énergie atomique"
    assert ALIASES["dudh"] == UDHR
    assert {"PIDCP", "ICCPR"} <= set(instrument_aliases(ICCPR))
    assert instrument_aliases("CEDAW") == instrument_aliases(CEDAW)
    assert "OIT" in instrument_aliases("Organisation internationale du Travail")


# --------------------------------------------------------------------------
# Cited resolutions and documents
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "organ", "expected"), [
    ("Rappelant sa résolution 67/172, en date du 20 décembre 2012,", GA, ["A/RES/67/172"]),
    ("Rappelant la résolution 23/20 du Conseil des droits de l'homme, en date du 14 juin 2013,", GA,
     ["A/HRC/RES/23/20"]),
    ("Rappelant les résolutions 2006/2 et 2009/1 de la Commission de la population et du développement, ainsi que "
     "la résolution 2013/1 de celle-ci,", GA, ["E/CN.9/RES/2006/2", "E/CN.9/RES/2009/1", "E/CN.9/RES/2013/1"]),
    ("Rappelant ses résolutions 66/128, du 19 décembre 2011, sur la violence à l'égard des travailleuses migrantes, "
     "et 67/185, du 20 décembre 2012,", GA, ["A/RES/66/128", "A/RES/67/185"]),
    ("Prenant note du rapport du Secrétaire général (A/68/283) et du document A/HRC/15/29,", GA, []),
    ("Réaffirmant ses résolutions 1325 (2000) du 31 octobre 2000, 1612 (2005) du 26 juillet 2005,", SC,
     ["S/RES/1325 (2000)", "S/RES/1612 (2005)"]),
    ("Rappelant la résolution 1325 (2000) du Conseil de sécurité,", GA, ["S/RES/1325 (2000)"]),
    ("Rappelant la résolution 48/141 de l'Assemblée générale,", SC, ["A/RES/48/141"]),
    ("Rappelant la résolution 2005/1 du Conseil économique et social,", GA, ["E/RES/2005/1"]),
    ("Rappelant la résolution 1514 (XV) de l'Assemblée générale,", SC, ["A/RES/1514 (XV)"]),
    ("Rappelant sa résolution 22/13,", "Conseil des droits de l'homme", ["A/HRC/RES/22/13"]),
    ("Prenant note de l'avis consultatif OC-16/99, en date du 1er octobre 1999,", GA, []),
])
def test_cited_resolutions(text: str, organ: str, expected: list[str]) -> None:
    assert list(extract(para(text, kind="preambular"), organ).resolutions) == expected


@pytest.mark.parametrize(("text", "organ", "year", "resolutions", "documents"), [
    # Reports and documents are not resolutions (issue 22): their own field.
    ("Prenant note du rapport du Secrétaire général (A/68/283) et du document A/HRC/15/29,", GA, 2013, [],
     ["A/68/283", "A/HRC/15/29"]),
    # The organ read from the text, whatever the citing organ; typographic apostrophes as in the AKN files.
    ("Rappelant la résolution 70/1 de l’Assemblée générale, en date du 25 septembre 2015,", ECOSOC, 2022,
     ["A/RES/70/1"], []),
    ("Rappelant les résolutions 54/35 du 13 octobre 2023 et 55/2 du 3 avril 2024 du Conseil des droits de l’homme,",
     GA, 2024, ["A/HRC/RES/54/35", "A/HRC/RES/55/2"], []),
    ("Rappelant que le Conseil des droits de l’homme, dans sa résolution 48/13, a reconnu", GA, 2023,
     ["A/HRC/RES/48/13"], []),
    # A general comment's number is not a Council resolution's; a session that has not happened cites nothing.
    ("Rappelant l’observation générale no 26 (2023) du Comité des droits de l’enfant,", HRC, 2024, [], []),
    ("Rappelant sa résolution 76/300,", HRC, 2024, [], []),
    ("Rappelant la résolution 76/300 de l’Assemblée générale,", HRC, 2024, ["A/RES/76/300"], []),
    # A Council number of another year cannot exist: 2334 is of 2016.
    ("Rappelant ses résolutions 2334 (2016) et 2334 (2019),", SC, 2024, ["S/RES/2334 (2016)"], []),
    # The non-breaking hyphen (U+2011) the AKN files print in special sessions' numbers: A/RES/74/169, pp4
    # (74_169_F.xml) cites the Human Rights Council's special sessions, not A/RES/16/1 of 1961.
    ("Rappelant les résolutions du Conseil des droits de l’homme S\u201116/1 du 29\u00a0avril 2011, S\u201117/1 "
     "du 23 août 2011,", GA, 2019, ["A/HRC/RES/S-16/1", "A/HRC/RES/S-17/1"], []),
    # Emergency special sessions, as A/RES/80/81 prints them (A_RES_80_81-2520078F.xml): ES-10/15 of 2004.
    ("Rappelant ses résolutions ES\u201110/15 du 20 juillet 2004 et ES\u201110/17 du 15 décembre 2006,", GA, 2023,
     ["A/RES/ES-10/15", "A/RES/ES-10/17"], []),
])
def test_cited_organ_documents_and_impossible_symbols(text, organ, year, resolutions, documents) -> None:
    f = extract(para(text, kind="preambular"), organ, year=year)
    assert (list(f.resolutions), list(f.documents)) == (resolutions, documents)


def test_footnote_citations() -> None:
    f = extract(para("Prend note du rapport du Rapporteur spécial<sup>22</sup> ;",
                     footnotes=(Footnote(22, "A/68/283."),)))
    assert (f.resolutions, f.documents) == ((), ("A/68/283",))
    # A footnote pointing into a chapter only says where a text is printed.
    f = extract(para("Rappelant la résolution 23/20 du Conseil des droits de l'homme<sup>1</sup>,",
                     kind="preambular",
                     footnotes=(Footnote(1, "Voir Documents officiels de l'Assemblée générale, soixante-huitième "
                                            "session, Supplément n° 53 (A/68/53), chap. V, sect. A."),)))
    assert f.resolutions == ("A/HRC/RES/23/20",)
    # A Council resolution printed by its symbol keeps its year: S/RES/1966 (2010), annex, article 1, note 1.
    f = extract(para("The Mechanism shall continue the jurisdiction of the ICTY and the ICTR<sup>1</sup>",
                     footnotes=(Footnote(1, "See Articles 1 to 8 ICTY Statute (S/RES/827 (1993) and Annex to "
                                            "S/25704 and Add.17658 (1993)) and Articles 1 to 7 ICTR Statute "
                                            "(Annex to S/RES/955 (1994))."),)), SC, year=2010)
    assert f.resolutions == ("S/RES/827 (1993)", "S/RES/955 (1994)")


def test_to_fields_for_json() -> None:
    fields = _LOCAL["op3d"].to_fields()
    assert fields == {
        "verb": "Demande", "verb_root": "Demande", "verb_en": "Calls upon", "verb_kind": "call",
        "secondary_verbs": ["Prie"], "addressees": ["États", "Secrétaire général"], "instruments": [ICRMW],
        "resolutions": [], "documents": [],
    }


def _series(facets: Facets) -> dict[str, tuple[str | None, str | None]]:
    return {i.name: (i.treaty_series, i.adopted_by) for i in facets.instruments}


@pytest.mark.parametrize("source", ["split", "parsed"])
def test_seed_footnotes_enrich_instruments(source: str, request: pytest.FixtureRequest) -> None:
    facets = _LOCAL if source == "split" else request.getfixturevalue("parsed")
    pp4 = _series(facets["pp4"])
    assert pp4[ICCPR] == ("vol. 999, n° 14668", "A/RES/2200 A (XXI)")
    assert pp4[CEDAW][0] == "vol. 1249, n° 20378"
    assert pp4[VCCR] == ("vol. 596, n° 8638", None)
    assert pp4[ICRMW][0] == "vol. 2220, n° 39481"
    assert _series(facets["pp2"])[UDHR] == (None, "A/RES/217 A (III)")
    assert _series(facets["pp6"])[RIO20] == (None, "A/RES/66/288")
    op5j = _series(facets["op5j"])
    assert op5j[UNTOC][0] == op5j[UNTOC_P][0] == "vol. 2225, 2237, 2241 et 2326, n° 39574"


def test_parser_calls_are_used_for_footnotes() -> None:
    text = "Rappelant la Convention relative aux droits de l'enfant et la Convention de Vienne sur les relations " \
           "consulaires,"
    cut = text.index(" et la Convention de Vienne")
    p = Paragraph("A/RES/1/1", "pp1", "pp1", "preambular", 1, "Rappelant", text,
                  footnotes=(Footnote(6, "Nations Unies, Recueil des Traités, vol. 1, n° 2."),
                             Footnote(9, "Nations Unies, Recueil des Traités, vol. 3, n° 4.")),
                  calls=((6, cut), (9, len(text) - 1)))
    assert _series(extract(p)) == {CRC: ("vol. 1, n° 2", "A/RES/44/25"), VCCR: ("vol. 3, n° 4", None)}


def test_council_intensified_concern_and_ledit_object():
    # S/RES/1296 (2000), op9 and op22, checked by hand.
    assert normalise_opening("Se déclare à nouveau vivement préoccupé").value == "Se déclare vivement préoccupé"
    p = Paragraph("S/RES/1296 (2000)", "op22", "para_22", "operative", 1, "Rappelle",
                  "Rappelle la décision des membres du Conseil, et prie ledit groupe de travail de lui "
                  "présenter un rapport ;")
    assert [v.value for v in extract(p, "Conseil de sécurité").secondary_verbs] == ["Prie"]


@pytest.mark.parametrize(("value", "listed"), [
    ("Secrétaire général", True), ("parties", True), ("Qatar", True), ("MINUSCA", True), ("UNITA", True),
    ("Rapporteur spécial sur les droits de l'homme des migrants", True),
    ("Comité créé par la résolution 661 (1990)", True),
    # Seen in the AKN4UN and OCR corpora: a clause that ran on past the name, or no name at all.
    ("Commission d'enquête a adressé des recommandations", False),
    ("Commission soit tenue régulièrement informée des progrès accomplis à cet égard", False),
    ("Groupe de travail intergouvernemental chargé", False),
    ("Mission et ceux qui fournissent un soutien logistique", False),
    ("Turin", False), ("Mission", False),
])
def test_addressee_facet_values_read_as_a_vocabulary(value, listed):
    from indexer.facets.extract import listed_addressee

    assert listed_addressee(value) is listed


# --------------------------------------------------------------------------
# Issue 12: the verb facet lists recognised openings only; OCR spellings and
# glued words land on their verb; debris goes to "autre" (records.UNLISTED).
# Texts copied from ../shared/corpus/security-council (file named in each case).
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "opening", "kind", "value"), [
    # S_RES_1201_1998: "1. *Sefélicite* de l'annonce, par les autorités de la République centrafricaine …"
    ("Sefélicite de l'annonce, par les autorités de la République centrafricaine", "Sefélicite", "operative",
     "Se félicite"),
    # S_RES_810_1993 op16
    ("Sefilicite de la décision prise par le Conseil national suprême", "Sefilicite", "operative", "Se félicite"),
    # S_RES_819_1993: "*Condamnantfermement également* les mesures prises par les unités paramilitaires …"
    ("Condamnantfermement également les mesures prises par les unités paramilitaires serbes de Bosnie",
     "Condamnantfermement également", "preambular", "Condamnant"),
    # S_RES_1182_1998 pp2
    ("Accueillantfavorablement le rapport du Secrétaire général", "Accueillantfavorablement", "preambular",
     "Accueillant favorablement"),
    # S_RES_273_1969: "*Avant présentes à l'esprit* ses résolutions 178 (1963) …" (Ayant, misread)
    ("Avant présentes à l'esprit ses résolutions 178 (1963) du 24 avril 1963", "Avant présentes à l'esprit",
     "preambular", "Ayant présent à l'esprit"),
    # S_RES_353_1974: the capital's accent lost by the OCR
    ("Egalement préoccupé par la nécessité de rétablir la structure constitutionnelle", "Egalement préoccupé",
     "preambular", "Préoccupé"),
    # S_RES_258_1968: "lnsiste pour que le cessez-le-feu …" (l for I)
    ("lnsiste pour que le cessez-le-feu ordonné par le Conseil de sécurité", "lnsiste", "operative", "Insiste"),
    # A/RES/74/106 op2 (AKN4UN): agreement the masculine-singular rule does not cover
    ("Fait à nouveau siens les rapports, les observations, les conclusions", "Fait à nouveau siens", "operative",
     "Fait sien"),
    # A/RES/74/160 pp7, A/RES/74/141 pp29: openings that went to "autre" before issue 12
    ("Particulièrement préoccupée par la discrimination accrue", "Particulièrement préoccupée", "preambular",
     "Particulièrement préoccupé"),
    ("Se disant préoccupée par le fait que les changements climatiques ont contribué", "Se disant préoccupée",
     "preambular", "Se disant préoccupé"),
])
def test_ocr_and_glued_openings_land_on_their_verb(text, opening, kind, value) -> None:
    from indexer.store.records import facet_fields

    f = extract(para(text, opening=opening, kind=kind))
    assert f.verb is not None and f.verb.value == value
    assert verb_info(value) is not None and verb_info(value).en
    assert facet_fields(f, kind)["verb"] == value


@pytest.mark.parametrize(("text", "opening"), [
    # S_RES_1528_2004 op8 and op9: mandate headings the OCR parser numbered
    ("Assistance dans le domaine des droits de l’homme", ""),
    ("Ordre public", ""),
    # S_RES_263_1969 op4: an article of the rules of procedure
    ("Article 41 L'anglais, le chinois, l'espagnol, le français et le russe sont les langues officielles", ""),
    # A/RES/74/264 op2: no opening verb
    ("Il sera déduit des contributions mises en recouvrement auprès des États Membres", ""),
])
def test_debris_goes_to_one_autre_bucket(text, opening) -> None:
    from indexer.store.records import UNLISTED, facet_fields

    fields = facet_fields(extract(para(text, opening=opening)), "operative")
    assert fields["verb"] == UNLISTED
    assert fields["verb_unlisted"] == text.split()[0]


def test_a_word_that_starts_like_a_verb_is_not_split() -> None:
    # "Prier" starts with "Prie": the glued-word split needs a two-word phrase or an adverb.
    assert normalise_opening("Prier").value == "Prier"
    assert verb_info("Prier") is None


def test_every_opening_variant_names_a_vocabulary_verb() -> None:
    from indexer.facets import vocabulary as voc

    values = {v for v, _, _, _ in voc.VERBS}
    assert [canonical for _, canonical in voc.OPENING_VARIANTS if canonical not in values] == []


@pytest.mark.parametrize(("text", "addressees"), [
    # S_RES_1008_1995 op5: the name of UNITA cut by a line-break hyphen ("Nacio-nal")
    ("Engage le Gouvernement angolais et l'Uniâo Nacio-nal para a Independência Total de Angola à respecter "
     "strictement le calendrier révisé d'application du Protocole de Lu-saka",
     ("Gouvernement angolais", "UNITA")),
    # S_RES_986_1995 op16: "exige que le Gouvernement ira-quien leur accorde une entière liberté de mouvement"
    ("Déclare que toutes les personnes désignées par le Secrétaire général jouissent des privilèges et "
     "immunités, et exige que le Gouvernement ira-quien leur accorde une entière liberté de mouvement",
     ("Gouvernement iraquien",)),
    # S_RES_1296_2000 op8 and op12, S_RES_1000_1995 op4, S_RES_1820_2008 op13: variants of one addressee
    ("Demande à toutes les parties concernées, y compris les États voisins, de coopérer pleinement",
     ("parties", "États")),
    ("Lance un appel à toutes les parties intéressées, y compris aux parties autres que les États, pour qu'elles "
     "assurent la sécurité", ("parties",)),
    ("Prie instamment toutes les parties de cesser immédiatement", ("parties",)),
    ("Exhorte les parties prenantes à participer", ("parties prenantes",)),
])
def test_addressee_variants_and_ocr_hyphens(text, addressees) -> None:
    f = extract(para(text), "Conseil de sécurité")
    assert f.addressees == addressees
    # The paragraph keeps the precise phrase.
    assert f.addressees and text in para(text).text


@pytest.mark.parametrize(("written", "joined"), [
    ("République de Bosnie-Her-zégovine", "République de Bosnie-Herzégovine"),  # S_RES_1019_1995 op5
    ("République centra-fricaine", "République centrafricaine"),
    ("Gouvernement sud-soudanais", "Gouvernement sud-soudanais"),
    ("organisations régionales et sous-régionales", "organisations régionales et sous-régionales"),
    ("Commission mixte d'armistice égypto-israélienne", "Commission mixte d'armistice égypto-israélienne"),
    ("cessez-le-feu", "cessez-le-feu"),
    ("Groupe d'experts visé au paragraphe 9 ci-dessus", "Groupe d'experts visé au paragraphe 9 ci-dessus"),
    ("République démocratique du Congo elle-même", "République démocratique du Congo elle-même"),
    ("Timor-Leste", "Timor-Leste"),
])
def test_rejoin_hyphens(written, joined) -> None:
    from indexer.facets.extract import rejoin_hyphens

    assert rejoin_hyphens(written) == joined


@pytest.mark.parametrize(("text", "opening", "kind", "value"), [
    # Issue 22, read in the texts: the whole italic run when it says how, sequence adverbs folded.
    ("Constatant avec une vive inquiétude que la situation humanitaire se dégrade,",
     "Constatant avec une vive inquiétude", "preambular", "Constatant avec une vive inquiétude"),
    ("Mettant en exergue le rôle des femmes dans la consolidation de la paix,", "Mettant en exergue", "preambular",
     "Mettant en exergue"),
    ("S’inquiète profondément de la multiplication des attaques ;", "S’inquiète profondément", "operative",
     "S'inquiète profondément"),
    ("Se déclare très gravement préoccupée par la situation ;", "Se déclare très gravement préoccupée", "operative",
     "Se déclare très gravement préoccupé"),
    ("Souligne à nouveau que la coopération est essentielle ;", "Souligne à nouveau", "operative", "Souligne"),
    ("Exprime son plein appui à l'Union africaine ;", "Exprime son plein appui à", "operative",
     "Exprime son plein appui"),
    # A heading carries no verb.
    ("Compte d'appui aux opérations de maintien de la paix", "", "other", None),
])
def test_verb_keeps_manner_and_intensity(text, opening, kind, value) -> None:
    f = extract(para(text, opening=opening, kind=kind), GA)
    assert (f.verb.value if f.verb else None) == value


def test_an_item_asks_what_its_chapeau_asks() -> None:
    # "Demande aux États : a) De respecter …" (A/RES/75/183 par. 7 prints the same shape).
    chapeau = Paragraph(symbol="X", anchor="op7", eid="", kind="operative", position=1, opening="Demande",
                        text="Demande aux États :")
    item = Paragraph(symbol="X", anchor="op7a", eid="", kind="subparagraph", position=2, opening="",
                     text="De respecter les normes internationales ;", parent="op7")
    own = Paragraph(symbol="X", anchor="op7b", eid="", kind="subparagraph", position=3, opening="",
                    text="Prie le Secrétaire général de faire rapport ;", parent="op7")
    facets = extract_resolution([chapeau, item, own], GA)
    assert (facets[1].verb.value, facets[1].addressees) == ("Demande", ("États",))
    assert (facets[2].verb.value, facets[2].addressees) == ("Prie", ("Secrétaire général",))


@pytest.mark.parametrize(("text", "names"), [
    # Issue 22, the instruments it names, as the UN prints them.
    ("Rappelant l'Accord de Paris et la Convention-cadre des Nations Unies sur les changements climatiques,",
     ["Accord de Paris", "Convention-cadre des Nations Unies sur les changements climatiques"]),
    ("Réaffirmant le Programme de développement durable à l’horizon 2030,",
     ["Programme de développement durable à l'horizon 2030"]),
    # A protocol is never its parent treaty.
    ("Rappelant le deuxième Protocole facultatif se rapportant au Pacte international relatif aux droits civils et "
     "politiques, visant à abolir la peine de mort,", None),
    # The World Charter for Nature is not the Charter of the United Nations.
    ("Rappelant la Charte mondiale de la nature,", None),
])
def test_instruments_of_the_harvested_vocabulary(text, names) -> None:
    found = [i.name for i in extract(para(text, kind="preambular"), GA).instruments]
    if names is not None:
        assert found == names
    else:
        assert "Pacte international relatif aux droits civils et politiques" not in found
        assert "Charte des Nations Unies" not in found
        assert len(found) == 1


def test_elliptical_mentions_of_instruments() -> None:
    # "ses Protocoles facultatifs", "son Protocole facultatif", "le Protocole y relatif" after their treaty.
    crc = "Convention relative aux droits de l'enfant"
    f = extract(para(f"Rappelant la {crc} et ses Protocoles facultatifs,", kind="preambular"), GA)
    assert [i.name for i in f.instruments] == [crc, f"Protocoles facultatifs à la {crc}"]
    f = extract(para("Rappelant la Convention contre la torture et son Protocole facultatif,", kind="preambular"), GA)
    assert [i.name for i in f.instruments][1].startswith("Protocole facultatif se rapportant à la Convention contre")
    # "le Programme d'action" later in the resolution is the one named in full before (E/RES/2022/19 op17).
    doha = "Programme d'action de Doha en faveur des pays les moins avancés"
    paragraphs = [para(f"Rappelant le {doha} pour la décennie 2022-2031,", kind="preambular", anchor="pp1"),
                  para("Demande que le Programme d'action soit pleinement appliqué ;", anchor="op1")]
    assert [[i.name for i in f.instruments] for f in extract_resolution(paragraphs, GA)] == [[doha], [doha]]


@pytest.mark.parametrize(("text", "names"), [
    # Acronyms and hyphenated titles are looked up by their first word, as every other title: each
    # still stands as a whole word, outside document symbols (the boundary of instruments._literal).
    ("Rappelant l'ICCPR et la CEDAW,", [ICCPR, "Convention sur l'élimination de toutes les formes de "
                                        "discrimination à l'égard des femmes"]),
    ("Rappelant les recommandations CRC/C/GC/26 et l'ICCPRS,", []),
    ("Notant que la STCW-F est entrée en vigueur,",
     ["Convention internationale de 1995 sur les normes de formation du personnel des navires de pêche, "
      "de délivrance des brevets et de veille"]),
    ("Rappelant la Convention-cadre des Nations Unies sur les changements climatiques,",
     ["Convention-cadre des Nations Unies sur les changements climatiques"]),
])
def test_instruments_by_first_word(text, names) -> None:
    assert [i.name for i in extract(para(text, kind="preambular"), GA).instruments] == names


def test_acronyms_are_anchored_on_their_first_word() -> None:
    from indexer.facets import instruments

    assert instruments._first_words(r"(?<![\w/])ICCPR(?![\w/])") == {"iccpr"}
    assert instruments._first_words(r"(?<![\w/])STCW[-‑–]F(?![\w/])") == {"stcw"}
    assert instruments._first_words(r"(?<![\w/])L['’]avenir\s+que") == {"l"}
    # A lookahead that does not end the word, or an optional ending, leaves the pattern scanned everywhere.
    assert instruments._first_words(r"(?<=la )Charte(?! africaine)") is None
    assert instruments._first_words(r"Protocole(?: de 1967)? relatif") is None


def test_instruments_where_lower_case_would_move_offsets() -> None:
    # "İ" lowers to two characters: the first words are then read word by word, at the text's own offsets.
    from indexer.facets.instruments import find_instruments

    crc = "Convention relative aux droits de l'enfant"
    dotted = find_instruments(f"Rappelant, à İstanbul, la {crc},")
    # Two patterns of the Convention match there (its own title and its harvested spelling): both kept.
    assert set(dotted) == {(crc, 26, 68)}
    assert dotted == find_instruments(f"Rappelant, à Istanbul, la {crc},")


def test_required_text_of_a_pattern() -> None:
    from indexer.facets.text import required_text

    # The longest run of fixed characters at the top level of the pattern: every match holds it.
    assert required_text(r"[Pp]rotocoles additionnels (?:y relatifs|s'y rapportant)") == "rotocoles additionnels "
    assert required_text(r"(?<=la )Charte(?! africaine)") == "Charte"
    assert required_text(r"Protocole(?: de 1967)? relatif au statut") == " relatif au statut"
    # Case-insensitive, or nothing fixed: nothing can be required.
    assert required_text(r"(?i)Charte") == ""
    assert required_text(r"\d+") == ""


def test_drop_adverbs_keeps_the_tokens_themselves() -> None:
    from indexer.facets.text import drop_adverbs, tokens

    toks = tokens("Demande aux États Membres")
    kept = drop_adverbs(toks)
    # A new list of the same token objects (callers compare tokens by identity).
    assert kept == toks and kept is not toks and all(a is b for a, b in zip(kept, toks, strict=True))
    assert [t[0] for t in drop_adverbs(tokens("Demande également aux États"))] == ["demande", "aux", "états"]
    assert [t[0] for t in drop_adverbs(tokens("Prie en outre le Secrétaire"))] == ["prie", "le", "secrétaire"]


def test_citations_in_text_without_digits_or_slashes() -> None:
    from indexer.facets import cited

    assert cited.find_resolutions("Rappelant ses résolutions antérieures,", GA) == []
    assert cited.find_documents("Rappelant le rapport du Secrétaire général,") == []
    assert cited.find_documents("Prenant note du rapport A/74/236,") == ["A/74/236"]
    # Same length, same offsets: apostrophes, non-breaking spaces and hyphens straightened.
    assert cited._apostrophes("l\u2019ONU\u00a0S\u2011RES \u2018x\u202fy\u2010z\u02bc") == "l'ONU S-RES 'x y-z'"
