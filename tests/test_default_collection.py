"""Test the default collection shipped in seeds/: what the README's run command serves.

Expected figures come from the sources, not from a run: the file counts of
../shared/corpus/akn4un/SOURCES.md (2,178 General Assembly, 174 Human Rights
Council, 147 ECOSOC and 326 Security Council French files), less the two
English files of the Security Council folder and the second copies of four
symbols (A/RES/ES-11/1, ES-11/4, ES-11/6: the same file in two folders;
A_HRC_RES_55_16F.xml, a byte-for-byte copy of 55/15), plus the seed and the
1,781 Security Council OCR files. Two files print their number with its last
digits cut off (A_RES_78_130… prints 78/13, A_HRC_RES_58_18F 58/1, each beside
the real one of another date): they are kept under their file name's symbol. Values of A/RES/75/277 and
S/2024/312 are those of tests/data/akn/expected.json, written by a helper
reading the XML.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from indexer.french_text import is_english_only
from indexer.sources import states
from webapp.resolve import resolve

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SHARED_AKN = ROOT.parent / "shared" / "corpus" / "akn4un"
EXPECTED = json.loads((ROOT / "tests" / "data" / "akn" / "expected.json").read_text(encoding="utf-8"))


def test_archive_holds_every_french_file_of_the_shared_corpus():
    if not SHARED_AKN.is_dir():
        if os.environ.get("CI"):
            pytest.fail("../shared/corpus/akn4un absent in CI")
        pytest.skip("../shared/corpus/akn4un absent : comparaison de l'archive impossible")
    shared = {str(p.relative_to(SHARED_AKN.parent)): p.stat().st_size
              for p in SHARED_AKN.rglob("*.xml") if p.parent.name == "French"}
    with tarfile.open(ROOT / "seeds" / "akn4un-fr.tar.xz") as tar:
        shipped = {m.name: m.size for m in tar if m.name.endswith(".xml")}
    assert len(shared) == 2825  # SOURCES.md §1
    assert shipped == shared


def test_english_archive_is_the_shared_one_byte_for_byte():
    if not SHARED_AKN.is_dir():
        if os.environ.get("CI"):
            pytest.fail("../shared/corpus/akn4un absent in CI")
        pytest.skip("../shared/corpus/akn4un absent : comparaison de l'archive anglaise impossible")
    # Digests, not bytes: pytest's diff of two 5 MB byte strings runs for more than 20 minutes.
    shipped = hashlib.sha256((ROOT / "seeds" / "akn4un-en.tar.xz").read_bytes()).hexdigest()
    assert shipped == hashlib.sha256((SHARED_AKN / "english.tar.xz").read_bytes()).hexdigest()


def test_english_versions_are_aligned_with_the_french(default_engine):
    metas = default_engine.resolutions()
    paired = [m for m in metas.values() if m["english"]]
    # SOURCES.md: English for nearly every French file; the two English texts of the French
    # Security Council folder have no French text and are not resolutions of the index.
    assert len(paired) >= 2500
    share = sum(m["english"]["aligned"] for m in paired) / sum(m["paragraphs"] for m in paired)
    assert share >= 0.99  # the target
    # Read in general-assembly/75session/English/75_277_E.xml, paragraph 1.
    op1 = resolve(default_engine, "A/RES/75/277/op1").paragraph
    assert op1["text_en"] == (
        "Decides to include in its annual agenda the item entitled “The responsibility to protect and the "
        "prevention of genocide, war crimes, ethnic cleansing and crimes against humanity”;")
    assert metas["A/RES/68/179"]["english"] is None  # the seed is French Markdown only


def test_resolutions_by_organ(default_engine):
    organs = Counter(meta["organ"] for meta in default_engine.resolutions().values() if not is_english_only(meta))
    assert organs == {"Assemblée générale": 2178 - 3 + 1, "Conseil des droits de l'homme": 174 - 1,
                      "Conseil économique et social": 147, "Conseil de sécurité": 326 - 2 + 1781}


def test_english_only_resolutions_leave_the_french_totals_as_they_were(default_engine):
    # Figures of the default collection before English-only resolutions were indexed (issue 23), read on
    # main's build: 4,601 resolutions, 157,715 paragraphs (the README's), of which a French search shows
    # 157,369 (the 346 paragraphs of the 19 drafts not adopted are shown only when asked for).
    metas = default_engine.resolutions()
    french = [m for m in metas.values() if not is_english_only(m)]
    assert (len(french), sum(m["paragraphs"] for m in french)) == (4601, 157_715)
    everything = default_engine.search("", facet_size=10)
    assert everything.total == 157_369
    assert {b.value: b.count for b in everything.facets["organ"]} == {
        "Assemblée générale": 101_176, "Conseil de sécurité": 42_150, "Conseil des droits de l'homme": 8_091,
        "Conseil économique et social": 5_952}
    # ../shared/corpus/akn4un/SOURCES.md: the Council's English files of 2000-2019 have French only where the
    # OCR volumes do (to S/RES/1881, July 2009, less 1308 and 1481): 1908-2503 (2010-2019) and 1308, 1481,
    # 1882-1907 (2000-2009) are held in English only.
    council = Counter(m["year"] // 10 * 10 for m in metas.values()
                      if is_english_only(m) and m["organ"] == "Conseil de sécurité" and m["year"] < 2020)
    assert council == {2000: 28, 2010: 596}
    assert is_english_only(metas["S/RES/2250 (2015)"]) and is_english_only(metas["S/RES/1308 (2000)"])
    assert default_engine.search("", {"symbol": ["S/RES/2250 (2015)"]}).total == 0
    assert default_engine.search("", {"symbol": ["S/RES/2250 (2015)"]}, lang="en").total == 52


def test_english_files_and_reissues_are_not_indexed(default_engine):
    metas = default_engine.resolutions()
    # The two English texts of the French Council folder have no French text: held in English only.
    assert is_english_only(metas["S/RES/2635 (2022)"]) and is_english_only(metas["S/RES/2636 (2022)"])
    assert metas["A/RES/78/4"]["title"] != metas["A/RES/78/3"]["title"]  # 78/4 printed 78/3 on its cover
    # A_RES_78_60 prints "78/6." above its title: cut short, not a second 78/6.
    assert metas["A/RES/78/60"]["source"].endswith("A_RES_78_60-2324472F.xml")
    assert metas["A/RES/78/6"]["source"].endswith("A_RES_78_6-2321327F.xml")
    # A_RES_78_130… prints 78/13 throughout: the file named for 78/13 keeps the symbol, the other
    # is read under its file name's (adopted 2023-12-18, 78/13 on 2023-12-04).
    assert metas["A/RES/78/13"]["source"].endswith("A_RES_78_13-2324427F.xml")
    assert metas["A/RES/78/130"]["source"].endswith("A_RES_78_130-2325874F.xml")
    assert metas["A/HRC/RES/55/15"]["source"].endswith("A_HRC_RES_55_15F.xml")
    assert "A/HRC/RES/55/16" not in metas  # a copy of 55/15, not another text
    assert metas["A/HRC/RES/58/18"]["source"].endswith("A_HRC_RES_58_18F.xml")


def test_sponsor_and_year_filters_find_the_resolution(default_engine):
    exp = EXPECTED["75_277_F.xml"]
    sponsor = states.french_name(exp["sponsors"][0])
    result = default_engine.search("responsabilité de protéger", {"sponsor": [sponsor], "year": ["2021"]})
    assert "A/RES/75/277" in {h.symbol for h in result.hits}
    meta = default_engine.resolution("A/RES/75/277")
    assert meta["adopted"] == exp["adopted"]
    assert len(meta["sponsors"]) == len(exp["sponsors"])
    assert (meta["vote"]["in_favour"], meta["vote"]["against"], meta["vote"]["abstentions"]) == (115, 15, 28)
    assert meta["sdgs"] == exp["sdgs"]


def test_year_range_and_date_sort(default_engine):
    result = default_engine.search("migrants", {"year_from": ["2020"], "year_to": ["2022"]}, sort="date",
                                   per_page=50)
    assert result.total > 0
    dates = [date.fromisoformat(h.resolution["adopted"]) for h in result.hits]
    assert all(date(2020, 1, 1) <= d <= date(2022, 12, 31) for d in dates)
    assert dates == sorted(dates, reverse=True)
    assert {b.value for b in result.facets["year"]} <= {"2020", "2021", "2022"}
    assert result.filters["year_from"] == ["2020"] and result.filters["year_to"] == ["2022"]


def test_drafts_not_adopted_only_when_asked_for(default_engine):
    everything = default_engine.search("", per_page=1, facet_size=5000)
    assert "S/2024/312" not in {b.value for b in everything.facets["symbol"]}
    votes = {b.value: b.count for b in everything.facets["vote"]}
    assert votes["vetoed"] > 0 and votes["not_adopted"] > 0
    vetoed = default_engine.search("", {"vote": ["vetoed"]}, per_page=500)
    assert vetoed.total == votes["vetoed"]
    assert "S/2024/312" in {h.symbol for h in vetoed.hits}
    assert default_engine.search("", {"symbol": ["S/2024/312"]}).total > 0


def test_facet_values_read_as_a_vocabulary(default_engine):
    result = default_engine.search("", per_page=1, facet_size=100000)
    verbs = [b.value for b in result.facets["verb"]]
    assert "autre" in verbs
    # No OCR debris: every listed verb starts with a capital letter and is in the vocabulary.
    from indexer.facets.extract import verb_info

    assert [v for v in verbs if v != "autre" and verb_info(v) is None] == []
    assert {b.value for b in result.facets["organ"]} == {"Assemblée générale", "Conseil des droits de l'homme",
                                                         "Conseil économique et social", "Conseil de sécurité"}
    assert {b.value for b in result.facets["sdg"]} == {str(g) for g in range(1, 18)}


def test_cited_symbols_are_spelled_one_way(default_engine):
    # 1,124 links of 253 AKN files print "S/RES/1325 (2000)" with a space, "A/hrc/RES/46/17", "%28": read as
    # "S/RES/1325" or "A/hrc/RES/46/17", a cited resolution had two facet values and lost its "Citée par".
    import re

    spelled = re.compile(r"(?:A|E)(?:/HRC)?/RES/(?:ES-|S-)?\d+/\d+|S/RES/\d+ \(\d{4}\)"
                         r"|(?:A|E)/RES/\d+(?: [A-Z])? \((?:[IVXLC]+|S-[IVX]+|ES-[IVX]+)\)"
                         r"|E/CN\.\d+/RES/(?:S-)?\d+/\d+")
    odd = sorted({cited for meta in default_engine.resolutions().values() for cited in meta.get("cites", [])
                  if not spelled.fullmatch(cited)})
    assert odd == []


def test_no_cited_symbol_that_cannot_exist(default_engine):
    # Issue 22: over the whole default collection, a cited resolution is never another organ's numbering
    # or of a session not yet held when the citing text was adopted.
    from indexer.facets.cited import possible

    impossible = [(symbol, cited) for symbol, meta in default_engine.resolutions().items()
                  for cited in meta.get("cites", [])
                  if not possible(cited, int(meta["adopted"][:4]) if meta.get("adopted") else None)]
    assert impossible == []
    documents = [(symbol, cited) for symbol, meta in default_engine.resolutions().items()
                 for cited in meta.get("cites", []) if "/RES/" not in cited]
    assert documents == []


def test_paragraph_page_tells_identical_wordings_from_variants_and_shows_how_they_differ(default_index):
    # Read in the XML: A/RES/80/218 op1 adds « et des personnes handicapées » after « des enfants » and says
    # « droits humains, » where A/RES/76/172 op1 says « droits de l’homme, » — not the same wording.
    # Its pp2 is word for word the seed's (A/RES/68/179 pp2) and that of 74/148, 76/172 and 78/217.
    from webapp import create_app, get_engine

    app = create_app({"INDEX_DIR": str(default_index), "TESTING": True})
    client = app.test_client()
    try:
        op1 = client.get("/r/A/RES/80/218/op1").get_data(as_text=True)
        section = op1[op1.index('<section class="wording"'):]
        section = section[:section.index("</section>")]
        assert "0 mot pour mot" in section and "(variante)" not in section
        start = section.index('href="/r/A/RES/76/172/op1"')
        variant = section[start:section.index("</details>", start)]
        assert '<del title="dans ce paragraphe-ci">et des personnes handicapées, </del>' in variant
        assert '<ins title="dans A/RES/76/172">de l’homme, </ins>' in variant
        pp2 = client.get("/r/A/RES/80/218/pp2").get_data(as_text=True)
        assert "4 mot pour mot, 0 avec des variantes" in pp2
        assert ('href="/r/A/RES/68/179/pp2">A/RES/68/179 (pp2)</a> — 18 décembre 2013 '
                '<span class="identical">(mot pour mot)</span>') in pp2
    finally:
        get_engine(app).close()
