"""Test the whole-draft check (issue 26): verdicts and sources on real paragraphs, exactness, files, API, CLI."""

from __future__ import annotations

import io
import json
import random

import pytest
from docx import Document

from indexer.errors import QuerySyntaxError
from indexer.search.agreed import SimilarFinder
from indexer.search.verification import AGREED, DraftChecker, Filters, filters_from
from indexer.search.verification_files import to_csv, to_docx
from indexer.wording.drafts import paragraphs_of_docx, paragraphs_of_text, read_draft
from indexer.wording.words import normalised

# A/RES/76/239 (tests/data/akn/A_RES_76_239-2119694F.xml), adopted without a vote on 24 December 2021:
# operative paragraph 1 as printed; paragraph 2 with its period "2022-2024" changed to "2025-2027".
OP1 = ("1. Réaffirme qu’il lui revient toujours d’établir le barème des quotes-parts pour la répartition des "
       "dépenses relatives aux opérations de maintien de la paix des Nations Unies ;")
OP2_CHANGED = ("2. Prend acte du rapport du Secrétaire général et de la composition des catégories établies aux "
               "fins du financement des opérations de maintien de la paix, actualisée pour la période 2025-2027 "
               "qui y est présentée ;")
INVENTED = "3. Les licornes bleues du Vanuatu chantent à minuit sous la lune de mars en jouant du violon."
# S/2024/312 (tests/data/akn/S_2024_312-2407138F.xml), operative paragraph 1: a draft vetoed on 18 April 2024.
VETOED_OP1 = "Recommande à l’Assemblée générale d’admettre l’État de Palestine à l’Organisation des Nations Unies."
# Sentences written for this test, in the register of a resolution but said by none.
INVENTED_SENTENCES = [
    "Invite les coopératives de pêcheurs des lacs de montagne à partager leurs registres de température avec "
    "les observatoires régionaux chaque printemps.",
    "Encourage les bibliothèques municipales des petits États insulaires à numériser les cartes marines "
    "anciennes pour les écoles primaires.",
    # (A first version began "Se félicite de la création par", which A/RES/80/109 par. 279 does say.)
    "Salue l'orchestre itinérant que les musiciens des villages côtiers ont consacré aux chants des baleines.",
]


@pytest.fixture(scope="module")
def checker(bilingual_engine):
    return DraftChecker(SimilarFinder(bilingual_engine))


def _url(symbol: str, anchor: str) -> str:
    return f"https://resolu.example/r/{symbol}/{anchor}"


def test_paragraph_verdicts_on_real_and_invented_paragraphs(checker):
    result = checker.check([OP1, OP2_CHANGED, INVENTED])
    first, second, third = result.paragraphs
    assert (first.verdict, first.label) == ("verbatim", "agréé : A/RES/76/239, par. 1, mot pour mot")
    assert (second.verdict, second.label) == ("changed", "agréé avec 2 modifications : A/RES/76/239, par. 2")
    assert (third.verdict, third.label, third.spans) == ("new", "nouveau libellé", ())
    # The whole of paragraph 1 is one agreed span, from its first word after the number to its last.
    assert [(s.status, s.text) for s in first.spans] == [(AGREED, OP1[3:-2])]
    source = first.spans[0].sources.latest
    assert (source.symbol, source.anchor, source.adopted, source.vote) == (
        "A/RES/76/239", "op1", "2021-12-24", "adopted_without_vote")
    # Paragraph 2: agreed up to "période", then the two years changed within a near-verbatim span.
    assert second.spans[0].status == AGREED
    assert second.spans[0].text.endswith("actualisée pour la période")
    near = [s for s in second.spans if s.status != AGREED]
    # The changes are quoted as written: "2025-2027" for "2022-2024" (two words of each).
    assert [c for s in near for c in s.changes] == [{"draft": "2025-2027", "match": "2022-2024"}]
    # As written: the number unmarked, then the agreed words, the invented paragraph all new.
    assert first.segments[0] == {"text": "1. ", "status": None, "span": None}
    assert [s["status"] for s in third.segments if s["status"]] == ["new"]


def test_a_vetoed_draft_never_makes_a_span_agreed(checker):
    result = checker.check([VETOED_OP1])
    cited = {(src.symbol) for s in result.paragraphs[0].spans for src in (s.sources.latest, s.sources.earliest)}
    assert "S/2024/312" not in cited
    # Only the phrase other resolutions of the fixtures adopted is agreed, never the vetoed recommendation.
    assert result.paragraphs[0].verdict == "partial"
    assert not any("Palestine" in s.text for s in result.paragraphs[0].spans)


def test_filters_restrict_the_sources(checker):
    assert checker.check([OP1], Filters(organs=("Conseil de sécurité",))).paragraphs[0].spans == ()
    assert checker.check([OP1], Filters(year_from=2022)).paragraphs[0].spans == ()
    assert checker.check([OP1], Filters(year_to=2021, consensus=True)).paragraphs[0].verdict == "verbatim"
    with pytest.raises(QuerySyntaxError, match="année"):
        filters_from(None, "1850")


def test_accepted_by_keeps_the_sources_a_state_accepted(checker, bilingual):
    # A/RES/76/239, a General Assembly adoption without a vote (24 December 2021): every Member State accepted it;
    # the Holy See, an observer, did not (it sponsored none of the fixtures).
    assert checker.check([OP1], Filters(accepted_by=("Cuba",))).paragraphs[0].verdict == "verbatim"
    assert checker.check([OP1], Filters(accepted_by=("Saint-Siège",))).paragraphs[0].spans == ()
    assert filters_from(accepted_by="mexico").accepted_by == ("Mexique",)
    assert filters_from(accepted_by=["Cuba", "cuba", ""]).accepted_by == ("Cuba",)
    with pytest.raises(QuerySyntaxError, match="accepted_by : État inconnu « Narnia »"):
        filters_from(accepted_by="Narnia")
    r = bilingual.post("/api/verification", json={"text": OP1, "accepted_by": "Saint-Siège"})
    assert r.status_code == 200 and r.get_json()["verdicts"] == {"new": 1}
    assert r.get_json()["filters"]["accepted_by"] == ["Saint-Siège"]
    page = bilingual.post("/verification", data={"texte": OP1, "accepted_by": "Bahamas"}).get_data(as_text=True)
    assert 'class="seg agreed"' in page and "Sources : accepté par Bahamas : coauteur, vote pour" in page


def test_invented_sentences_get_no_agreed_span(checker):
    result = checker.check(INVENTED_SENTENCES)
    assert [p.verdict for p in result.paragraphs] == ["new", "new", "new"]


def test_every_agreed_span_occurs_in_its_cited_paragraphs(checker, bilingual_engine):
    """200 random drafts assembled from real paragraphs, with words dropped, inserted and replaced."""
    tables, _ = checker.span_index()
    rng = random.Random(26)
    resolutions = bilingual_engine.resolutions()
    adopted_rows = [r for r in range(len(tables.anchors))
                    if (resolutions[tables.symbols[int(tables.row_symbol[r])]].get("vote") or {}).get("outcome")
                    not in ("not_adopted", "vetoed") and int(tables.row_wording[r]) >= 0]
    records = {}
    spans = agreed_words = 0
    for n in range(200):
        paragraphs = []
        for row in rng.sample(adopted_rows, rng.randint(2, 5)):
            record = bilingual_engine.record_at(int(tables.row_docnum[row]))
            text = record["text"].split()
            for _ in range(rng.randint(0, 3)):
                at = rng.randrange(len(text) + 1)
                edit = rng.choice(("drop", "insert", "replace"))
                if edit == "drop" and text:
                    del text[min(at, len(text) - 1)]
                elif edit == "insert":
                    text.insert(at, rng.choice(("zorglub", "notamment", "durablement", "Vanuatu")))
                elif text:
                    text[min(at, len(text) - 1)] = rng.choice(("voisins", "plusieurs", "quatorze"))
            paragraphs.append(" ".join(text))
        paragraphs.append(rng.choice(INVENTED_SENTENCES))
        # The first 20 drafts as served (the closest paragraph, cited first when it carries the span), the rest
        # as the benchmark times them.
        result = checker.check(paragraphs, closest=n < 20)
        for p in result.paragraphs:
            draft = normalised(p.text)
            for span in p.spans:
                if span.status != AGREED:
                    continue
                wanted = draft[span.start:span.stop]
                assert len(wanted) >= 6
                for source in (span.sources.shown, span.sources.latest, span.sources.earliest):
                    key = (source.symbol, source.anchor)
                    if key not in records:
                        records[key] = normalised(bilingual_engine.paragraph_record(*key)["text"])
                    cited = records[key]
                    assert any(cited[i:i + len(wanted)] == wanted for i in range(len(cited) - len(wanted) + 1)), (
                        span.text, key)
                spans += 1
                agreed_words += len(wanted)
        assert result.paragraphs[-1].verdict == "new"
    assert spans > 400 and agreed_words > 5000  # the drafts did exercise the check


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_recall_of_agreed_runs_of_eight_words_against_a_brute_force_scan(checker, bilingual_engine, lang):
    """Every draft word standing in 8 words found verbatim by scanning the whole collection is marked agreed."""
    from tests.benchmarks.draftcheck import BruteForce

    tables, _ = checker.span_index(lang)
    _, allowed = checker.allowed(tables, Filters(), lang)
    brute = BruteForce(tables, allowed)
    field = "text" if lang == "fr" else "text_en"
    rng = random.Random(8)
    rows = [r for r in range(len(tables.anchors)) if int(tables.row_wording[r]) >= 0]
    truth = found = 0
    for _ in range(40):
        paragraphs = []
        for row in rng.sample(rows, 3):
            text = bilingual_engine.record_at(int(tables.row_docnum[row]))[field].split()
            for _ in range(rng.randint(1, 3)):
                text.insert(rng.randrange(len(text) + 1), rng.choice(("zorglub", "notamment", "plusieurs")))
            paragraphs.append(" ".join(text))
        for p in checker.check(paragraphs, closest=False, lang=lang).paragraphs:
            expected, marked = brute.recall_of(tables, p)
            truth += expected
            found += marked
    assert truth > 2000  # the drafts did hold long agreed runs
    assert found / truth >= 0.98


def test_docx_round_trip_reads_back_comments_and_colours(checker):
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    result = checker.check([OP1, OP2_CHANGED, INVENTED])
    data = to_docx(result, _url)
    document = Document(io.BytesIO(data))
    comments = [c.text for c in document.comments]
    assert comments[0].startswith("Libellé agréé : A/RES/76/239, par. 1 (2021-12-24, Assemblée générale, sans vote). "
                                  "https://resolu.example/r/A/RES/76/239/op1")
    assert any("Le texte adopté dit « 2022-2024 » au lieu de « 2025-2027 »" in c for c in comments)
    assert "Paragraphe 3 : nouveau libellé." in " ".join(comments)
    colours = {(r.text, r.font.highlight_color) for p in document.paragraphs for r in p.runs if r.text.strip()}
    assert (OP1[3:-2], WD_COLOR_INDEX.BRIGHT_GREEN) in colours
    assert (INVENTED[3:-1], WD_COLOR_INDEX.YELLOW) in colours
    # The draft reads back as written.
    assert paragraphs_of_docx(data) == [OP1, OP2_CHANGED, INVENTED]
    assert read_draft(data, "projet.docx") == [OP1, OP2_CHANGED, INVENTED]


def test_csv_has_one_line_per_span(checker):
    rows = to_csv(checker.check([OP1, INVENTED]), _url).splitlines()
    assert rows[0].startswith("paragraph,verdict,span,status,words,text,source,source_url,source_adopted,latest,")
    assert rows[1].startswith('1,"agréé : A/RES/76/239, par. 1, mot pour mot",1,agreed,29,')
    assert rows[2].startswith("2,nouveau libellé,,new,17,")


def test_drafts_are_read_as_text_markdown_or_docx():
    assert paragraphs_of_text("# Projet\n\n1. Premier\nsuite\n\n**2.** Second\n") == [
        "Projet", "1. Premier suite", "2. Second"]
    assert paragraphs_of_text("Un\r\nDeux\n") == ["Un", "Deux"]
    with pytest.raises(QuerySyntaxError, match="pas un document Word"):
        read_draft(b"%PDF-1.4 ...", "projet.docx")
    with pytest.raises(QuerySyntaxError, match="illisible"):
        read_draft(b"PK\x03\x04 rien", "projet.docx")
    with pytest.raises(QuerySyntaxError, match=r"trop volumineux : 10\.0 Mo"):
        read_draft(b"x" * 10 * 1024 * 1024)
    with pytest.raises(QuerySyntaxError, match="vide"):
        read_draft(b"  \n")
    from indexer.wording.drafts import check_size

    with pytest.raises(QuerySyntaxError, match="paragraphe 2 trop long : 40001 caractères, 40000 au plus"):
        check_size(["Un.", "x" * 40_001])


def test_api_and_page(bilingual):
    r = bilingual.post("/api/verification", json={"text": f"{OP1}\n{INVENTED}", "consensus": True})
    assert r.status_code == 200
    body = r.get_json()
    assert body["verdicts"] == {"verbatim": 1, "new": 1}
    assert body["filters"] == {"organ": [], "year_from": None, "year_to": None, "consensus": True,
                               "accepted_by": []}
    sources = body["paragraphs"][0]["spans"][0]["sources"]
    assert sources["latest"]["url"] == sources["cited"]["url"] == "https://resolu.example/r/A/RES/76/239/op1"
    r = bilingual.post("/api/verification?format=docx", json={"text": OP1})
    assert r.mimetype.endswith("wordprocessingml.document")
    assert bilingual.post("/api/verification", json={"text": ""}).get_json()["error"] == (
        "projet vide : collez le texte du projet de résolution")
    page = bilingual.post("/verification", data={"texte": f"{OP1}\n{INVENTED}"}).get_data(as_text=True)
    assert 'class="seg agreed" href="#p1-s0"' in page
    assert '<span class="seg new" title="nouveau libellé">Les licornes bleues' in page
    assert 'href="/r/A/RES/76/239/op1">A/RES/76/239, par. 1</a>' in page
    bad = bilingual.post("/verification", data={"fichier": (io.BytesIO(b"PK\x03\x04 rien"), "p.docx")})
    assert bad.status_code == 400 and "document Word illisible" in bad.get_data(as_text=True)
    big = bilingual.post("/verification", data={"fichier": (io.BytesIO(b"x" * 10 * 1024 * 1024), "p.docx")})
    assert big.status_code == 413 and "projet trop volumineux" in big.get_data(as_text=True)


def test_cli_checks_a_file_and_writes_word(bilingual_index, tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    draft = tmp_path / "projet.md"
    draft.write_text(f"{OP1}\n\n{INVENTED}\n", encoding="utf-8")
    out = tmp_path / "projet.docx"
    result = CliRunner().invoke(main, ["verifier", str(draft), "--index", str(bilingual_index), "--docx", str(out)])
    assert result.exit_code == 0, result.output
    assert "1. agréé : A/RES/76/239, par. 1, mot pour mot" in result.output
    assert "2. nouveau libellé" in result.output
    assert "\n2 paragraphes : 1 agréé mot pour mot, 1 nouveau (" in result.output
    assert paragraphs_of_docx(out.read_bytes()) == [OP1, INVENTED]
    as_json = CliRunner().invoke(main, ["verifier", str(out), "--index", str(bilingual_index), "--json"])
    assert json.loads(as_json.output)["verdicts"] == {"verbatim": 1, "new": 1}
    observer = CliRunner().invoke(main, ["verifier", str(draft), "--index", str(bilingual_index), "--json",
                                         "--accepted-by", "Holy See"])
    assert observer.exit_code == 0, observer.output
    assert json.loads(observer.output)["verdicts"] == {"new": 2}
    said = CliRunner().invoke(main, ["verifier", str(draft), "--index", str(bilingual_index), "--accepted-by", "Cuba"])
    assert said.exit_code == 0, said.output
    assert "Sources : accepté par Cuba : coauteur, vote pour, ou adoption sans vote" in said.output
    empty = tmp_path / "vide.txt"
    empty.write_text("\n", encoding="utf-8")
    failed = CliRunner().invoke(main, ["verifier", str(empty), "--index", str(bilingual_index)])
    assert failed.exit_code != 0 and "fichier vide" in failed.output


# A/RES/76/239, operative paragraph 1 in English (tests/data/akn-en/A_RES_76_239-2119694E.xml).
OP1_EN = ("1. Reaffirms that the determination of the scale of assessments for the apportionment of the expenses of "
          "United Nations peacekeeping operations shall remain the prerogative of the General Assembly;")


def test_an_english_draft_is_answered_with_the_official_french(checker):
    invented = "2. The blue unicorns of Vanuatu sing at midnight under the March moon while playing the violin."
    result = checker.check([OP1_EN, invented], lang=None)
    assert result.lang == "en"
    first = result.paragraphs[0]
    assert (first.verdict, first.label) == ("verbatim", "agréé : A/RES/76/239, par. 1, mot pour mot")
    assert [s.text for s in first.spans] == [OP1_EN[3:-1]]
    # The French as stored: the XML puts a no-break space before the semicolon.
    assert first.spans[0].french == OP1[3:-2] + "\xa0;"
    assert first.spans[0].french_scope == "paragraph"  # the span runs over the whole paragraph
    assert result.paragraphs[1].verdict == "new"
    # Compared with the French paragraphs, the English draft matches nothing, and the notice says why.
    french = checker.check([OP1_EN], lang="fr")
    assert french.paragraphs[0].spans == ()
    assert any("rédigé en anglais" in n for n in french.notices)


def test_api_checks_english(bilingual):
    body = bilingual.post("/api/verification", json={"text": OP1_EN, "lang": "en"}).get_json()
    assert body["lang"] == "en"
    assert body["paragraphs"][0]["spans"][0]["french"] == OP1[3:-2] + "\xa0;"
    bad = bilingual.post("/api/verification", json={"text": OP1_EN, "lang": "de"}).get_json()
    assert bad["error"] == "« lang » : fr (français), en (anglais) ou auto, pas « de »"


# A/RES/78/217 (19 December 2023) par. 6 e) as printed (tests/data/series/A_RES_78_217-2325999F.xml). Its first
# 33 words are also A/RES/80/218 (18 December 2025) par. 6 d), which goes on differently.
SERIES_OP6E = ("Exprime sa préoccupation face au degré élevé d’impunité dont jouissent les trafiquants et leurs "
               "complices ainsi que d’autres membres d’organisations criminelles et, dans ce contexte, au déni de "
               "droits et de justice opposé aux migrants victimes de mauvais traitements ;")


@pytest.fixture(scope="module")
def series_checker(tmp_path_factory):
    from pathlib import Path

    from indexer.search.engine import Engine
    from indexer.store.build import build_index

    folder = tmp_path_factory.mktemp("series-index")
    series = Path(__file__).resolve().parent / "data" / "series"
    build_index([series / "A_RES_78_217-2325999F.xml", series / "A_RES_80_218-2520973F.xml"], folder)
    engine = Engine(folder)
    yield DraftChecker(SimilarFinder(engine))
    engine.close()


def test_a_span_is_cited_first_from_the_paragraphs_closest_paragraph(series_checker):
    # What both say (up to "dans ce contexte,"), then 80/218's ending ("migrants victimes de la traite ou de
    # l'exploitation et de mauvais traitements") after two words of neither.
    draft = (SERIES_OP6E.split(" au déni")[0] + " en particulier aux migrants victimes de la traite ou de "
             "l’exploitation et de mauvais traitements ;")
    paragraph = series_checker.check([draft]).paragraphs[0]
    assert paragraph.closest["citation"] == "A/RES/80/218, par. 6 d)"
    shared = paragraph.spans[0]
    assert shared.text == SERIES_OP6E.split(", au déni")[0]
    # Both resolutions carry it: the most recent adopted without a vote is 78/217 (80/218 went to a vote), but
    # the draft paragraph is closest to 80/218's, which is cited first.
    assert shared.sources.resolutions == 2
    assert shared.sources.latest.citation == "A/RES/78/217, par. 6 e)"
    assert shared.sources.shown.citation == "A/RES/80/218, par. 6 d)"
    # Without the closest paragraph (the benchmark's variant), the most recent (consensus first) is cited.
    alone = series_checker.check([draft], closest=False).paragraphs[0].spans[0]
    assert alone.sources.shown.citation == "A/RES/78/217, par. 6 e)"


def test_a_word_for_word_extract_of_a_longer_paragraph_is_agreed_not_in_part(checker):
    # The opening of A/RES/76/239 par. 1 (tests/data/akn), cut before its end: every word is agreed.
    extract = "Réaffirme qu’il lui revient toujours d’établir le barème des quotes-parts pour la répartition des"
    (paragraph,) = checker.check([extract]).paragraphs
    assert (paragraph.verdict, paragraph.label) == ("verbatim",
                                                    "agréé : extrait mot pour mot de A/RES/76/239, par. 1")


# S/RES/2741 (2024), second preambular paragraph quoted in part, and operative paragraph 8 in part
# (tests/data/akn-en/S_RES_2741-2411824E.xml and tests/data/akn/S_RES_2741-2411824F.xml).
HOLISTIC_EN = ("Stresses the need to pursue a holistic approach that reinforces the foundations of peace and "
               "stability, in line with priorities defined by the Government of Somalia.")
REQUEST_EN = ("Takes note of the African Union Peace and Security Council’s request for the African Union "
              "Commission, in consultation with ATMIS, the Federal Government of Somalia, and all relevant "
              "stakeholders.")
OP8_FR = ("Salue le travail accompli par l’Union africaine et la Somalie à ce jour pour établir un concept "
          "d’opérations convenu pour une opération de soutien à la paix dirigée par l’Union africaine en "
          "remplacement de l’ATMIS, et prend note de la demande du Conseil de paix et de sécurité de l’Union "
          "africaine, à savoir que la Commission de l’Union africaine, de concert avec l’ATMIS, le Gouvernement "
          "fédéral somalien et l’ensemble des parties prenantes, finalise le concept d’opérations de la nouvelle "
          "mission d’ici au 31\xa0juillet 2024\xa0;")


def test_an_english_span_is_given_the_french_of_its_clauses_or_the_whole_paragraph_said_so(checker):
    holistic, request = checker.check([HOLISTIC_EN, REQUEST_EN], lang="en").paragraphs
    (span,) = holistic.spans
    assert span.text == ("the need to pursue a holistic approach that reinforces the foundations of peace and "
                         "stability, in line with priorities defined by the Government of Somalia")
    assert span.sources.shown.citation == "S/RES/2741 (2024), 3e alinéa du préambule"
    # The second and third of the paragraph's three clauses, in the French the Council adopted.
    assert (span.french_scope, span.french) == (
        "clauses", "et réaffirmant qu’il est nécessaire de suivre une démarche intégrée qui consolide les assises de "
                   "la paix et de la stabilité, dans le respect des priorités définies par le Gouvernement somalien")
    # Operative paragraph 8 has six clauses in each language, not the same six: the whole French paragraph.
    (span,) = request.spans
    assert (span.french_scope, span.french) == ("unaligned", OP8_FR)
    rows = to_csv(checker.check([HOLISTIC_EN, REQUEST_EN], lang="en"), _url).splitlines()
    assert rows[0].endswith(",changes,french,french_scope")
    assert rows[1].endswith(",clauses") and rows[2].endswith(",unaligned")
    document = Document(io.BytesIO(to_docx(checker.check([HOLISTIC_EN, REQUEST_EN], lang="en"), _url)))
    notes = [c.text for c in document.comments]
    clauses_note = ("Texte français officiel des propositions correspondantes : et réaffirmant qu’il est nécessaire "
                    "de suivre une démarche intégrée qui consolide les assises de la paix et de la stabilité, dans le "
                    "respect des priorités définies par le Gouvernement somalien")
    assert any(n.endswith(clauses_note) for n in notes)
    assert any("Texte français officiel du paragraphe entier (ses propositions ne correspondent pas à celles de "
               "l'anglais : aucun passage français n'en est déduit) : Salue le travail" in n for n in notes)


def test_api_and_page_give_the_french_of_the_clauses(bilingual):
    body = bilingual.post("/api/verification", json={"text": HOLISTIC_EN, "lang": "en"}).get_json()
    span = body["paragraphs"][0]["spans"][0]
    assert span["french_scope"] == "clauses"
    assert span["french"].startswith("et réaffirmant qu’il est nécessaire de suivre une démarche intégrée")
    page = bilingual.post("/verification", data={"texte": f"{HOLISTIC_EN}\n{REQUEST_EN}", "lang": "en"}).get_data(
        as_text=True)
    assert ('<details class="french french-clauses"><summary>texte français officiel des propositions '
            'correspondantes</summary><p lang="fr">et réaffirmant qu’il est nécessaire') in page
    assert '<details class="french french-unaligned"><summary>texte français officiel du paragraphe entier' in page


def test_cli_gives_the_french_of_an_english_span(bilingual_index, tmp_path):
    from click.testing import CliRunner

    from indexer.cli import main

    draft = tmp_path / "draft.txt"
    draft.write_text(f"{HOLISTIC_EN}\n\n{REQUEST_EN}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["verifier", str(draft), "--index", str(bilingual_index), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert ("      texte français officiel des propositions correspondantes : et réaffirmant qu’il est nécessaire "
            "de suivre une démarche intégrée") in result.output
    assert "      texte français officiel du paragraphe entier (ses propositions ne correspondent pas" in result.output


def test_a_near_english_span_gets_the_french_of_its_clauses(checker):
    # A/RES/76/239 op. 21 (tests/data/akn-en) with "update" and "above" changed, then cut short.
    draft = ("Requests the Secretary-General to continue to revise the composition of the levels described below on a "
             "triennial basis, and to report thereon to the Council;")
    (paragraph,) = checker.check([draft], lang="en").paragraphs
    near = [s for s in paragraph.spans if s.status == "near"]
    assert [s.changes for s in near] == [({"draft": "revise", "match": "update"},
                                          {"draft": "below", "match": "above"})]
    # The first of the paragraph's four clauses, as the French XML writes it.
    assert (near[0].french_scope, near[0].french) == (
        "clauses", "Prie le Secrétaire général de continuer de mettre à jour tous les trois ans le classement des "
                   "États Membres dans les catégories définies plus haut")


def test_english_agreed_spans_occur_in_the_english_and_their_french_is_the_cited_paragraphs(checker,
                                                                                              bilingual_engine):
    """50 English drafts from the fixtures' English paragraphs, edited: spans verbatim, French quoted as adopted."""
    tables, _ = checker.span_index("en")
    rng = random.Random(50)
    rows = [r for r in range(len(tables.anchors)) if int(tables.row_wording[r]) >= 0]
    scopes: dict[str, int] = {}
    for _ in range(50):
        paragraphs = []
        for row in rng.sample(rows, 3):
            text = bilingual_engine.record_at(int(tables.row_docnum[row]))["text_en"].split()
            for _ in range(rng.randint(1, 3)):
                text.insert(rng.randrange(len(text) + 1), rng.choice(("zorglub", "notably", "several")))
            paragraphs.append(" ".join(text))
        for p in checker.check(paragraphs, closest=False, lang="en").paragraphs:
            draft = normalised(p.text)
            for span in p.spans:
                if span.status != AGREED:
                    continue
                record = bilingual_engine.paragraph_record(span.sources.shown.symbol, span.sources.shown.anchor)
                cited, wanted = normalised(record["text_en"]), draft[span.start:span.stop]
                assert any(cited[i:i + len(wanted)] == wanted for i in range(len(cited) - len(wanted) + 1))
                # The French given is the cited paragraph's, or a run of it: never words of another.
                assert span.french and span.french in record["text"]
                scopes[span.french_scope] = scopes.get(span.french_scope, 0) + 1
    assert set(scopes) == {"clauses", "paragraph", "unaligned"} and sum(scopes.values()) > 150
