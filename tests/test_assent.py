"""Test prior assent by State (issue 25): the rule, the accepted_by filter and facet, the sponsor facet by
resolution, and the exports that say how each State accepted a text.

Expected values are read in the fixtures (tests/data/akn): A/RES/74/132 (2019, recorded vote: Cuba, Mexico and
the Bahamas in favour, France abstaining), A/RES/75/277 (2021, recorded vote: France and Mexico in favour and
among the sponsors of A/75/L.82, Cuba against), four General Assembly adoptions without a vote since 2011
(A/RES/75/253 C, A/RES/75/257 B, A/RES/76/239, A/RES/77/256 A-B), A/HRC/RES/55/19 (France in favour and a
sponsor of A/HRC/55/L.6, Cuba against), E/RES/2023/2 (France in favour), three Security Council resolutions
with France in favour (S/RES/2522 (2020), S/RES/2536 (2020), S/RES/2741 (2024)), and adoptions without a
vote of the Human Rights Council and ECOSOC, which name no members present.
"""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

import pytest

from indexer.errors import QuerySyntaxError
from indexer.search.assent import (
    acceptance_note,
    acceptance_reasons,
    accepting_states,
    general_assembly_consensus,
    member_states,
)

GA = "Assemblée générale"
GA_CONSENSUS = {"A/RES/75/253 C", "A/RES/75/257 B", "A/RES/76/239", "A/RES/77/256 A-B"}
FRANCE = GA_CONSENSUS | {"A/RES/75/277", "A/HRC/RES/55/19", "E/RES/2023/2", "S/RES/2522 (2020)",
                         "S/RES/2536 (2020)", "S/RES/2741 (2024)"}
CUBA = GA_CONSENSUS | {"A/RES/74/132"}


def test_member_states_are_the_193_without_observers():
    states = member_states()
    assert len(states) == 193
    assert "France" in states and "Soudan du Sud" in states
    assert not {"Saint-Siège", "État de Palestine", "Union européenne"} & states


@pytest.mark.parametrize(("meta", "expected"), [
    # A General Assembly adoption without a vote since 14 July 2011: every Member State, plus its sponsors.
    ({"organ": GA, "adopted": "2021-07-12", "vote": {"without_vote": True}, "sponsors": ["Saint-Siège"]},
     194),
    # Before South Sudan's admission the members of that day are not guessed: the sponsors only.
    ({"organ": GA, "adopted": "2005-12-16", "vote": {"without_vote": True}, "sponsors": ["France", "Mexique"]},
     2),
    # Human Rights Council, Security Council, ECOSOC without a vote: the records name no members present.
    ({"organ": "Conseil des droits de l'homme", "adopted": "2024-04-04", "vote": {"without_vote": True},
      "sponsors": ["Mexique"]}, 1),
    ({"organ": "Conseil économique et social", "adopted": "2021-06-08", "vote": {"without_vote": True}}, 0),
    # A recorded vote: its sponsors and those in favour, once each.
    ({"organ": GA, "adopted": "2021-05-18", "sponsors": ["France", "Mexique"],
      "vote": {"yes": ["France", "Mexique", "Bahamas"], "no": ["Cuba"]}}, 3),
])
def test_accepting_states_follow_the_rule(meta, expected):
    assert len(accepting_states(meta)) == expected


def test_reasons_say_how_a_state_accepted():
    meta = {"organ": GA, "adopted": "2021-07-12", "vote": {"without_vote": True}, "sponsors": ["France"]}
    assert general_assembly_consensus(meta)
    assert acceptance_reasons("France", meta) == ("coauteur", "adoption sans vote à l'Assemblée générale")
    assert acceptance_reasons("Saint-Siège", meta) == ()
    assert acceptance_note(["France", "Saint-Siège", "Cuba"], meta) == (
        "France : coauteur, adoption sans vote à l'Assemblée générale ; "
        "Cuba : adoption sans vote à l'Assemblée générale")
    rejected = {**meta, "rejected": True}
    assert not general_assembly_consensus(rejected)


def symbols(result) -> set[str]:
    return {b.value for b in result.facets["symbol"] if b.count}


def test_accepted_by_filter_keeps_what_each_state_accepted(bilingual_engine):
    france = bilingual_engine.search("", {"accepted_by": ["France"]}, facet_size=100)
    assert symbols(france) == FRANCE
    cuba = bilingual_engine.search("", {"accepted_by": ["Cuba"]}, facet_size=100)
    assert symbols(cuba) == CUBA
    # Written in English, lower case: the French UN name.
    assert bilingual_engine.search("", {"accepted_by": ["cuba"]}).total == cuba.total
    assert bilingual_engine.search("", {"accepted_by": ["Russian Federation"]}).filters == {
        "accepted_by": ["Fédération de Russie"]}
    # The Holy See, an observer, sponsored none of them and never votes.
    assert bilingual_engine.search("", {"accepted_by": ["Saint-Siège"]}).total == 0
    # The query syntax too, OR-ed within the facet.
    both = bilingual_engine.search('accepte:Cuba accepte:France', facet_size=100)
    assert symbols(both) == FRANCE | CUBA
    # A draft France voted for but which a veto stopped (S/2024/312) shows only when drafts are asked for.
    vetoed = bilingual_engine.search("", {"accepted_by": ["France"], "vote": ["vetoed"]}, facet_size=100)
    assert symbols(vetoed) == {"S/2024/312"}
    with pytest.raises(QuerySyntaxError, match="accepted_by : État inconnu « Narnia »"):
        bilingual_engine.search("", {"accepted_by": ["Narnia"]})


def test_accepted_by_facet_counts_resolutions_and_paragraphs(bilingual_engine):
    everything = bilingual_engine.search("", facet_size=300)
    france = next(b for b in everything.facets["accepted_by"] if b.value == "France")
    assert france.resolutions == len(FRANCE)
    assert france.count == bilingual_engine.search("", {"accepted_by": ["France"]}).total
    cuba = next(b for b in everything.facets["accepted_by"] if b.value == "Cuba")
    assert cuba.resolutions == len(CUBA)
    # Facets counted by resolution rank their values by resolutions.
    counts = [b.resolutions for b in everything.facets["accepted_by"]]
    assert counts == sorted(counts, reverse=True)
    # Other facets have no resolution count.
    assert everything.facets["organ"][0].resolutions is None


def test_sponsor_facet_counts_resolutions(bilingual_engine):
    # France sponsored A/RES/75/277 (A/75/L.82), A/RES/75/257 B (A/75/L.107), A/HRC/RES/55/19 (A/HRC/55/L.6)
    # and S/RES/2536 (2020) (S/2020/738); S/RES/2635 (2022), English only, is not a French result.
    result = bilingual_engine.search("", facet_size=300)
    france = next(b for b in result.facets["sponsor"] if b.value == "France")
    assert france.resolutions == 4
    assert france.count == bilingual_engine.search("", {"sponsor": ["France"]}).total
    assert france.count > france.resolutions


@pytest.fixture(scope="module")
def client(bilingual_index):
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(bilingual_index), "TESTING": True})
    yield app.test_client()
    get_engine(app).close()


def test_api_search_says_the_rule_and_counts_resolutions(client):
    data = client.get("/api/search?accepted_by=Cuba").get_json()
    assert data["filters"] == {"accepted_by": ["Cuba"]}
    assert data["accepted_by"][0]["state"] == "Cuba"
    assert data["accepted_by"][0]["rule"].startswith(
        "accepté par Cuba : coauteur, vote pour, ou adoption sans vote à l'Assemblée générale depuis le "
        "14 juillet 2011 (comptée pour tout État Membre ;")
    cuba = next(b for b in data["facets"]["accepted_by"] if b["value"] == "Cuba")
    assert cuba["resolutions"] == len(CUBA) and cuba["selected"] is True
    assert "resolutions" in data["facets"]["sponsor"][0] and "resolutions" not in data["facets"]["organ"][0]
    bad = client.get("/api/search?accepted_by=Narnia")
    assert bad.status_code == 400 and "État inconnu « Narnia »" in bad.get_json()["error"]


def test_search_page_says_which_rule_applied(client):
    page = client.get("/recherche?accepted_by=Cuba").get_data(as_text=True)
    assert 'class="rule accepted-rule">accepté par Cuba : coauteur, vote pour' in page
    assert "ne compte pour aucun État : les sources ne nomment pas les membres présents" in page
    # The sponsor facet shows resolutions, then paragraphs, labelled.
    assert '<span class="counts" title="résolutions, puis paragraphes, dans les résultats">' in page
    assert ' rés.</span> · <span class="count">' in page
    listed = client.get("/recherche/facette/sponsor").get_data(as_text=True)
    assert '<th scope="col" class="count">Résolutions</th>' in listed
    assert '<strong aria-current="true">nombre de résolutions</strong>' in listed
    values = client.get("/api/search/facet/accepted_by?accepted_by=Cuba").get_json()
    assert next(v for v in values["values"] if v["value"] == "Cuba")["resolutions"] == len(CUBA)


def test_state_page_json_leads_to_what_it_accepted(client):
    data = client.get("/api/etat/Cuba").get_json()
    assert data["accepted_by"]["search"] == "/recherche?accepted_by=Cuba"
    assert data["accepted_by"]["rule"].startswith("accepté par Cuba : coauteur, vote pour")
    # The General Assembly's adoptions without a vote since 14 July 2011, per year: 2021 (A/RES/75/253 C,
    # A/RES/75/257 B, A/RES/76/239) and 2022 (A/RES/77/256 A-B).
    assert data["general_assembly_without_vote"] == [{"year": 2022, "resolutions": 1},
                                                     {"year": 2021, "resolutions": 3}]
    assert client.get("/api/etat/Saint-Siège").get_json()["general_assembly_without_vote"] == []
    assert "observateur" in client.get("/api/etat/Saint-Siège").get_json()["accepted_by"]["rule"]


def test_exports_tell_how_each_state_accepted(client):
    text = client.get("/recherche.csv?accepted_by=France&accepted_by=Cuba").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {r["symbol"] for r in rows} == FRANCE | CUBA
    by_symbol = {r["symbol"]: r["accepted_by"] for r in rows}
    assert by_symbol["A/RES/75/277"] == "France : coauteur, vote pour"
    assert by_symbol["A/RES/74/132"] == "Cuba : vote pour"
    assert by_symbol["A/RES/75/257 B"] == ("France : coauteur, adoption sans vote à l'Assemblée générale ; "
                                           "Cuba : adoption sans vote à l'Assemblée générale")
    # Without the filter, no such column.
    assert "accepted_by" not in client.get("/recherche.csv?q=migrants").get_data(as_text=True).splitlines()[0]
    ris = client.get("/recherche.ris?accepted_by=Cuba").get_data(as_text=True)
    assert "N1  - Accepté par Cuba : vote pour." in ris
    bib = client.get("/recherche.bib?accepted_by=Cuba").get_data(as_text=True)
    assert "Accepté par Cuba : adoption sans vote à l'Assemblée générale" in bib
    atom = ET.fromstring(client.get("/recherche.atom?accepted_by=cuba").get_data())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert "Accepté par (État) : Cuba" in atom.find("a:title", ns).text
    terms = {c.get("term") for c in atom.iterfind("a:entry/a:category[@scheme='accepted_by']", ns)}
    assert terms <= {"accepté par Cuba : vote pour", "accepté par Cuba : adoption sans vote à l'Assemblée générale"}
    assert terms
    tmx = client.get("/recherche.tmx?accepted_by=France").get_data(as_text=True)
    assert '<prop type="x-accepted-by">France : ' in tmx


def test_cli_search_says_the_rule(bilingual_index):
    import json

    from click.testing import CliRunner

    from indexer.cli import main

    out = CliRunner().invoke(main, ["search", "", "--index", str(bilingual_index), "--accepted_by", "cuba"])
    assert out.exit_code == 0, out.output
    assert "accepté par Cuba : coauteur, vote pour, ou adoption sans vote à l'Assemblée générale" in out.output
    data = json.loads(CliRunner().invoke(main, ["search", "", "--index", str(bilingual_index), "--json",
                                                "--accepted_by", "Cuba", "--facet-size", "100"]).output)
    assert {b["value"] for b in data["facets"]["symbol"]} == CUBA
    assert data["accepted_by"][0]["state"] == "Cuba"
    refused = CliRunner().invoke(main, ["search", "", "--index", str(bilingual_index), "--accepted_by", "Narnia"])
    assert refused.exit_code == 2 and "État inconnu « Narnia »" in refused.output
