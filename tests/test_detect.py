"""Test series detection on small collections of metadata written for the purpose."""

from __future__ import annotations

from indexer.series.detect import (
    CITATION_AND_TEXT,
    TITLE_AND_CITATION,
    TITLE_ONLY,
    detect,
    normal_title,
    shingles,
    text_similarity,
    to_json,
)

GA = "Assemblée générale"
SC = "Conseil de sécurité"


def meta(symbol, adopted, title="", organ=GA, session=None, cites=(), rejected=False):
    return {"symbol": symbol, "organ": organ, "title": title, "adopted": adopted, "session": session,
            "cites": list(cites), "rejected": rejected}


def collection(*items):
    return {m["symbol"]: m for m in items}


def test_normal_title_ignores_case_spacing_apostrophes():
    assert normal_title("Protection  des\u00a0migrants") == normal_title("protection des migrants")
    assert normal_title("Droits de l’homme et extrême pauvreté") == "droits de l'homme et extrême pauvreté"
    # A recurring budget text names its year: A/RES/79/260 (exercice 2025), A/RES/80/245 (exercice 2026).
    assert normal_title("Dépenses imprévues et extraordinaires de l’exercice 2025") == normal_title(
        "Dépenses imprévues et extraordinaires de l’exercice 2026")


def test_same_title_chain_confirmed_by_citation():
    resolutions = collection(
        meta("A/RES/76/172", "2021-12-16", "Protection des migrants", session=76),
        meta("A/RES/78/217", "2023-12-19", "Protection des migrants", session=78, cites=["A/RES/76/172"]),
        meta("A/RES/80/218", "2025-12-18", "Protection des\u00a0migrants", session=80, cites=["A/RES/78/217"]),
        meta("A/RES/78/1", "2023-10-01", "Autre sujet", session=78),
        meta("S/RES/1 (1946)", "1946-01-25", "Protection des migrants", organ=SC),
    )
    series = detect(resolutions)
    assert [(s.symbols, s.basis) for s in series] == [
        (("A/RES/76/172", "A/RES/78/217", "A/RES/80/218"), (TITLE_AND_CITATION, TITLE_AND_CITATION))]
    assert series[0].title == "Protection des\u00a0migrants" and series[0].key == "A/RES/76/172"


def test_title_only_skips_siblings_of_one_session_and_rejected_drafts():
    resolutions = collection(
        meta("A/RES/75/120", "2020-12-10", "Question de Montserrat", session=75),
        meta("A/RES/75/121", "2020-12-10", "Question de Montserrat", session=75),
        meta("A/RES/77/147", "2022-12-12", "Question de Montserrat", session=77),
        meta("A/RES/78/99", "2023-12-05", "Question de Montserrat", session=78, rejected=True),
    )
    series = detect(resolutions)
    # 75/120 and 75/121 are siblings (same day): the 2022 text follows the later-listed one, by title only.
    assert [(s.symbols, s.basis) for s in series] == [(("A/RES/75/121", "A/RES/77/147"), (TITLE_ONLY,))]


def test_untitled_council_renewals_by_citation_and_repeated_text():
    texts = {
        "S/RES/2674 (2023)": ["Décide de proroger le mandat de l’UNFICYP jusqu’au 31 janvier 2024 ;",
                              "Demande aux parties de redoubler d’efforts pour parvenir à un règlement durable ;"],
        "S/RES/2723 (2024)": ["Décide de proroger le mandat de l’UNFICYP jusqu’au 31 janvier 2025 ;",
                              "Demande aux parties de redoubler d’efforts pour parvenir à un règlement durable ;"],
        "S/RES/2700 (2023)": ["Condamne fermement les attaques contre les convois humanitaires au Soudan ;"],
    }
    resolutions = collection(
        meta("S/RES/2674 (2023)", "2023-01-30", organ=SC),
        meta("S/RES/2700 (2023)", "2023-06-01", organ=SC),
        meta("S/RES/2723 (2024)", "2024-01-30", organ=SC, cites=["S/RES/2674 (2023)", "S/RES/2700 (2023)"]),
    )
    triples = {s: shingles(t) for s, t in texts.items()}
    series = detect(resolutions, lambda old, new: text_similarity(triples[old], triples[new]))
    assert [(s.symbols, s.basis) for s in series] == [
        (("S/RES/2674 (2023)", "S/RES/2723 (2024)"), (CITATION_AND_TEXT,))]
    # Without texts, untitled resolutions make no series.
    assert detect(resolutions) == []


def test_one_successor_per_resolution_and_json_places():
    resolutions = collection(
        meta("A/RES/74/1", "2019-10-01", "Coopération", session=74),
        meta("A/RES/75/1", "2020-10-01", "Coopération", session=75, cites=["A/RES/74/1"]),
        meta("A/RES/76/1", "2021-10-01", "Coopération", session=76, cites=["A/RES/74/1"]),
    )
    series = detect(resolutions)
    # 74/1 has one successor (75/1, the earlier claim); 76/1 then follows 75/1 by its title.
    assert [(s.symbols, s.basis) for s in series] == [
        (("A/RES/74/1", "A/RES/75/1", "A/RES/76/1"), (TITLE_AND_CITATION, TITLE_ONLY))]
    data = to_json(series)
    assert data["members"]["A/RES/75/1"] == {"series": "A/RES/74/1", "index": 1, "previous": "A/RES/74/1",
                                              "next": "A/RES/76/1", "basis": TITLE_AND_CITATION}
    assert data["series"][0]["symbols"] == ["A/RES/74/1", "A/RES/75/1", "A/RES/76/1"]


def test_text_similarity():
    a = shingles(["Décide de proroger le mandat de la Force jusqu’au 31 janvier 2025 ;"])
    assert text_similarity(a, a) == 1.0
    assert text_similarity(a, frozenset()) == 0.0
