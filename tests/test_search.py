"""Test search over the seed index: French matching, query syntax, ranking, facets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer.errors import QuerySyntaxError
from indexer.search.query import parse_filters


def anchors(result):
    return [h.anchor for h in result.hits]


def all_anchors(engine, query, filters=None):
    return set(anchors(engine.search(query, filters, per_page=100)))


def test_accent_free_queries(engine):
    frontieres = {"pp3", "pp21", "pp24", "pp27", "op3b", "op4c", "op4d", "op4e"}
    assert all_anchors(engine, "frontieres") == frontieres
    assert all_anchors(engine, "frontières") == frontieres
    assert all_anchors(engine, "securite") == {"pp16", "pp21", "op3b", "op4i", "op4k"}
    assert all_anchors(engine, "etats") == all_anchors(engine, "États")
    assert engine.search("etats").total == 44


def test_among_partial_matches_the_rarer_word_first(engine):
    # Six paragraphs hold « droits de l'homme », « enfants » and « migrants » (op5g, op4, pp24, op1, pp6,
    # op12). Of those holding two: op6 (« droits de l'enfant », and the Haut-Commissariat « aux droits de
    # l'homme ») and op16 (« droits des enfants migrants ») miss a common word; pp11 (« droits de
    # l'homme … y compris les migrants ») misses « enfants », which 12 paragraphs say (« migrants » 52,
    # « droits de l'homme » 33): it comes after them.
    result = engine.search("droits de l'homme des enfants migrants", per_page=10)
    assert result.all_words == 6
    assert sorted(anchors(result)[:6]) == ["op1", "op12", "op4", "op5g", "pp24", "pp6"]
    assert sorted(anchors(result)[6:8]) == ["op16", "op6"]
    assert "pp11" not in anchors(result)[:8]


def test_partial_matches_still_come_after_full_ones(engine):
    result = engine.search("enfants non accompagnés", per_page=5)
    # op5g: "ceux qui ne sont pas accompagnés": holds enfants + accompagnés.
    assert anchors(result)[:2] == ["op5g", "op16"]
    assert result.total == 14


def test_exact_phrase(engine):
    found = all_anchors(engine, '"droits de l\'homme des migrants"')
    assert found == {"op3b", "op9", "op10a", "pp21", "op4c", "op4d", "pp24", "op9a"}
    assert "op1" not in found  # "droits de l'homme de tous les migrants" is not the phrase


def test_phrase_ranks_above_scattered_words(engine):
    assert anchors(engine.search("protection des témoins", per_page=2)) == ["op9c", "op9d"]


def test_boolean_operators(engine):
    without = all_anchors(engine, "traite -trafic")
    assert without == all_anchors(engine, "traite NOT trafic")
    assert "op8" not in without and "op9d" in without
    assert all_anchors(engine, "traite AND trafic") == {"op3c", "op7", "op8"}
    assert all_anchors(engine, "détention OR détenus") == {"op4a", "op4d", "op4h"}


def test_prefix(engine):
    assert all_anchors(engine, "xéno*") == {"op3a"}
    assert all_anchors(engine, "xeno*") == {"op3a"}


def test_symbols_and_footnotes_are_searchable(engine):
    assert all_anchors(engine, "67/172") == {"pp1", "op15"}
    assert all_anchors(engine, "A/HRC/15/29") == {"op6"}


def test_kind_filter_in_query_and_as_option(engine):
    in_query = engine.search("type:préambule migrants", per_page=100)
    as_option = engine.search("migrants", {"kind": ["preambular"]}, per_page=100)
    assert in_query.total == as_option.total == 17
    assert {h.kind for h in in_query.hits} == {"preambular"}
    assert in_query.filters == {"kind": ["preambular"]}


def test_browse_in_document_order(engine):
    result = engine.search("", per_page=5)
    assert result.total == 77
    assert anchors(result) == ["pp1", "pp2", "pp3", "pp4", "pp5"]
    page = engine.search("", {"kind": ["operative"]}, page=2, per_page=5)
    assert anchors(page) == ["op6", "op7", "op8", "op9", "op10"]


def test_sort_by_document_order(engine):
    result = engine.search("frontieres", sort="order", per_page=3)
    assert anchors(result) == ["pp3", "pp21", "pp24"]


def test_highlight_is_stem_aware_and_escaped(engine):
    hits = engine.search("migrante", {"symbol": ["A/RES/68/179"]}, per_page=10).hits
    # The exact form ranks first (op5e: "travailleuses migrantes"), the family follows.
    assert "<mark>migrantes</mark>" in hits[0].highlighted
    assert any("<mark>migrants</mark>" in h.highlighted for h in hits)
    hit = engine.search("xénophobie", per_page=1).hits[0]
    assert hit.anchor == "op3a"
    assert "<mark>xénophobie</mark>" in hit.snippet


def test_kind_facet_counts(engine):
    result = engine.search("frontieres")
    # Ties are ordered by value.
    assert [(b.value, b.count) for b in result.facets["kind"]] == [
        ("preambular", 4), ("subparagraph", 4)]
    assert [(b.value, b.count) for b in result.facets["symbol"]] == [("A/RES/68/179", 8)]


def test_facet_counts_ignore_their_own_filter(engine):
    result = engine.search("frontieres", {"kind": ["preambular"]})
    assert result.total == 4
    assert [(b.value, b.count, b.selected) for b in result.facets["kind"]] == [
        ("preambular", 4, True), ("subparagraph", 4, False)]


def test_unmatched_words_and_suggestions(engine):
    result = engine.search("xenofobie")
    assert result.total == 0
    assert result.unmatched == ["xenofobie"]
    assert result.suggestions == {"xenofobie": "xénophobie"}


@pytest.mark.parametrize("query", ['"unbalanced (', "migrants (", "migrants)"])
def test_syntax_errors(engine, query):
    with pytest.raises(QuerySyntaxError):
        engine.search(query)


def test_markup_in_query_is_just_words(engine):
    result = engine.search("<script>alert(1)</script>")
    assert result.query == "<script>alert(1)</script>"
    assert all("<script>" not in h.snippet for h in result.hits)


def test_unknown_filter_is_an_error(engine):
    with pytest.raises(QuerySyntaxError, match="filtre inconnu"):
        engine.search("", {"colour": ["bleu"]})


def test_parse_filters():
    text, active, negative = parse_filters('migrants verbe:"Demande instamment" -type:préambule', {})
    assert text == "migrants"
    assert active == {"verb": ["Demande instamment"]}
    assert negative == {"kind": ["preambular"]}


def test_filters_read_once_are_not_read_again():
    from indexer.search.query import ReadFilters

    # The web app read "type=dispositif" as "operative" already: the engine takes it as it is and reads the text.
    text, active, negative = parse_filters('migrants verbe:"Demande instamment" -type:préambule',
                                           ReadFilters({"kind": ["operative"]}))
    assert (text, active, negative) == ("migrants", {"kind": ["operative"], "verb": ["Demande instamment"]},
                                        {"kind": ["preambular"]})
    # Left alone, not checked again: what reads them (webapp/search_request.py) has checked them.
    assert parse_filters("", ReadFilters({"kind": ["dispositif"]}))[1] == {"kind": ["dispositif"]}


def test_a_page_reads_its_filters_once(client, monkeypatch):
    from indexer.search import query

    calls = []
    real = query.parse_filters

    def counted(text, filters):
        calls.append((text, isinstance(filters, query.ReadFilters)))
        return real(text, filters)

    monkeypatch.setattr("webapp.search_request.parse_filters", counted)
    monkeypatch.setattr("indexer.search.engine.parse_filters", counted)
    html = client.get("/recherche", query_string={"q": "migrants", "type": "dispositif", "group": "none"})
    assert html.status_code == 200
    # Once from the query string, then the engine reads only the words (the filters come read).
    assert calls[:2] == [("", False), ("migrants", True)]


def test_paragraph_lookup(engine):
    # As the paragraph page finds it: the /r/… path (an eId here), then its neighbours.
    from webapp.resolve import NotFoundHere, context, resolve

    target = resolve(engine, "A/RES/68/179/para_4__list_1__point_a")
    assert target.paragraph["anchor"] == "op4a"
    around = context(target.resolution, target.paragraph)
    assert [p["anchor"] for p in around["ancestors"]] == ["op4"]
    assert around["previous"]["anchor"] == "op4"
    assert around["next"]["anchor"] == "op4b"
    with pytest.raises(NotFoundHere):
        resolve(engine, "A/RES/68/179/op99")
    assert engine.resolution("A/RES/1/1") is None


def test_phrase_hits_are_scored(engine):
    result = engine.search('"relations consulaires"', per_page=10)
    assert {h.anchor for h in result.hits} == {"pp4", "op4h"}
    assert all(h.score > 0 for h in result.hits)


def test_scores_follow_bm25_ordering(engine):
    # A short paragraph about witnesses beats a long one mentioning them once.
    result = engine.search("témoins", per_page=2)
    assert [h.anchor for h in result.hits] == ["op9c", "op9d"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_verb_facet_includes_secondary_verbs(engine):
    # op3d: "Demande aux États … et prie le Secrétaire général de …"
    assert anchors(engine.search("", {"verb": ["Prie"]}, per_page=50)) == [
        "op3d", "op4c", "op4i", "op9a", "op10a", "op16"]


def test_filters_or_within_a_facet_and_across_facets(engine):
    either = engine.search("", {"verb": ["Prie", "Demande instamment"]}, per_page=50)
    assert anchors(either) == ["op3d", "op4b", "op4c", "op4i", "op5i", "op9a", "op10a", "op16"]
    both = engine.search("", {"verb": ["Prie"], "addressee": ["États"]}, per_page=50)
    assert anchors(both) == ["op3d", "op4c", "op4i", "op9a"]
    assert anchors(engine.search("", {"addressee": ["Secrétaire général"]})) == ["op3d", "op16"]


def test_multi_valued_facet_counts_are_exact(engine):
    result = engine.search("", {"verb": ["Prie"]})
    addressees = {b.value: b.count for b in result.facets["addressee"]}
    assert addressees["États"] == 4
    assert addressees["Secrétaire général"] == 2
    assert addressees["organisations internationales"] == 2
    # The verb facet ignores its own filter: other verbs keep their counts.
    verbs = {b.value: (b.count, b.selected) for b in result.facets["verb"]}
    assert verbs["Prie"] == (6, True)
    assert verbs["Demande instamment"][0] == 2


def test_values_with_commas_stay_whole(engine):
    name = "Pacte international relatif aux droits économiques, sociaux et culturels"
    result = engine.search("", {"instrument": [name]})
    # op3 cites "les Pactes internationaux relatifs aux droits de l'homme": both.
    assert anchors(result) == ["pp4", "op3"]
    assert name in [b.value for b in result.facets["instrument"]]


def test_cited_resolution_facet(engine):
    assert anchors(engine.search("", {"resolution": ["A/RES/67/172"]})) == ["pp1", "op15"]


def test_acronyms_expand_and_are_highlighted(engine):
    result = engine.search("PIDCP")
    assert anchors(result) == ["pp4", "op3"]
    assert result.expansions == {"PIDCP": "Pacte international relatif aux droits civils et politiques"}
    assert "<mark>Pacte</mark> <mark>international</mark>" in result.hits[0].snippet
    assert anchors(engine.search("OIT")) == ["op4j"]


def test_acronym_ranks_its_own_name_before_related_names(engine):
    # HCDH is the Office: op6 cites « l'étude du Haut-Commissariat des Nations Unies aux droits de
    # l'homme »; op10a names its head, « la Haut-Commissaire des Nations Unies aux droits de l'homme ».
    assert anchors(engine.search("HCDH")) == ["op6", "op10a"]


def test_quoted_phrases_are_kept_as_typed_for_the_verbatim_check():
    from indexer.search.query import parse_query
    from indexer.store.schema import make_schema

    schema = make_schema()
    assert parse_query('"intérêt supérieur de l\'enfant" migrants', schema).phrases == ["intérêt supérieur de l'enfant"]
    # One word is no phrase; an acronym's expansion (quoted names) is not the user's phrase.
    assert parse_query('"ex-combattants" "traite" HCDH', schema).phrases == ["ex-combattants"]
    assert parse_query("HCDH", schema).phrases == []


def test_quoted_phrase_held_word_for_word_ranks_first(engine):
    # op5h and op5i say « l'intérêt supérieur de l'enfant »; op5g « l'intérêt supérieur de ces
    # enfants » and op16 « l'intérêt supérieur des enfants » match once the stop words are dropped.
    for query in ('"intérêt supérieur de l\'enfant"', '"interet superieur de l\'enfant"'):
        ranked = anchors(engine.search(query))
        assert sorted(ranked[:2]) == ["op5h", "op5i"] and sorted(ranked[2:]) == ["op16", "op5g"], query
    # « quel que soit leur statut migratoire »: pp6, op4h, op9d, op12; « quel qu'en soit le statut
    # migratoire »: pp21, op1, op4.
    ranked = anchors(engine.search('"quel que soit leur statut migratoire"'))
    assert sorted(ranked[:4]) == ["op12", "op4h", "op9d", "pp6"]
    assert sorted(ranked[4:]) == ["op1", "op4", "pp21"]


def test_facet_lists_are_truncated_but_counts_exact(engine):
    full = engine.search("")
    short = engine.search("", facet_size=3)
    assert len(short.facets["addressee"]) == 3
    assert short.facet_totals["addressee"] == len(full.facets["addressee"]) == full.facet_totals["addressee"]
    assert [(b.value, b.count) for b in short.facets["addressee"]] == [
        (b.value, b.count) for b in full.facets["addressee"][:3]]
    # A selected value is always listed, even when it is not among the largest.
    rare = full.facets["addressee"][-1].value
    listed = engine.search("", {"addressee": [rare]}, facet_size=1).facets["addressee"]
    assert rare in [b.value for b in listed]


def test_phrase_positions_are_checked_not_just_words(engine):
    # "droits de l'homme des migrants" holds the words of "migrants droits" but not in that order.
    assert all_anchors(engine, '"migrants droits"') == set()
    assert "op4h" in all_anchors(engine, '"relations consulaires"')


def test_field_boosts_are_applied_once_at_query_time(engine):
    from indexer.search.query import FIELD_BOOSTS
    from indexer.store.schema import make_schema

    schema = make_schema()
    assert FIELD_BOOSTS == {"text": 1.0, "opening": 2.0, "instruments_text": 1.5, "notes": 0.3, "text_en": 1.0}
    assert {name: schema[name].format.field_boost for name in FIELD_BOOSTS} == dict.fromkeys(FIELD_BOOSTS, 1.0)


def test_input_the_whoosh_grammar_rejects_is_read_plainly():
    # Whoosh's parser raises IndexError on the first, NotImplementedError on the second.
    from indexer.search.query import parse_query
    from indexer.store.schema import make_schema

    schema = make_schema()
    first = parse_query("]AND NOT NOT ANDl'", schema)
    assert str(first.query) == "(text:andl OR opening:andl^2.0 OR instruments_text:andl^1.5 OR notes:andl^0.3)"
    # The second was read as "every term" (text:*): a leading wildcard is now refused (issue 11).
    with pytest.raises(QuerySyntaxError, match="joker en tête de mot"):
        parse_query("? * TO(- TO ex-combattants )", schema)


def test_a_bug_in_query_parsing_is_not_shown_as_an_unreadable_query(monkeypatch):
    from indexer.search import query
    from indexer.store.schema import make_schema

    def bug(*args, **kwargs):
        raise TypeError("bogue")

    monkeypatch.setattr(query, "_parser", bug)
    # A wildcard: the parser reads it (a word of letters alone is made without it, and parses whatever _parser is).
    with pytest.raises(TypeError, match="bogue"):
        query.parse_query("migr*", make_schema())
    assert query.parse_query("migrants", make_schema()).words == ["migrants"]


@pytest.mark.parametrize(("k1", "b"), [(1.2, 0.75), (2.0, 0.3)])
def test_numpy_bm25f_equals_whoosh_scores(seed_index, k1, b):
    from whoosh import index, scoring
    from whoosh.query import Term

    from indexer.search.postings import ReaderArrays
    from indexer.store.layout import current_path

    ix = index.open_dir(str(current_path(seed_index)))
    with ix.searcher(weighting=scoring.BM25F(B=b, K1=k1)) as searcher:
        arrays = ReaderArrays(searcher.reader(), k1=k1, b=b)
        for word in ("migrants", "États", "protection"):
            term = next(t.text for t in ix.schema["text"].analyzer(word))
            expected = {hit.docnum: hit.score for hit in searcher.search(Term("text", term), limit=None)}
            ids, scores = arrays.term_scores("text", term, 1.0)
            assert len(expected) > 0
            assert dict(zip(ids.tolist(), scores.tolist(), strict=True)) == pytest.approx(expected, rel=1e-5)


def test_a_query_costs_what_it_asks_for():
    from indexer.search.query import bounded, parse_filters

    assert bounded(" ".join(["ONU"] * 600)) == "ONU"
    assert bounded('"droits de l\'homme" droits droits OR migrants') == '"droits de l\'homme" droits OR migrants'
    with pytest.raises(QuerySyntaxError, match="joker en tête de mot \\(« \\*ité »\\)"):
        bounded("*ité *tion")
    with pytest.raises(QuerySyntaxError, match="préfixe trop court \\(« m\\* »\\)"):
        bounded("m*")
    with pytest.raises(QuerySyntaxError, match="requête trop longue : 41 mots différents, 40 au plus"):
        bounded(" ".join(f"mot{i}" for i in range(41)))
    with pytest.raises(QuerySyntaxError, match="trop de valeurs pour le filtre « verb » : 51, 50 au plus"):
        parse_filters("", {"verb": [f"V{i}" for i in range(51)]})
    assert bounded("migr* xéno*") == "migr* xéno*"


# -- headings rank below the paragraphs that say something (issue 12) ----------

@pytest.fixture(scope="module")
def council_1528(tmp_path_factory):
    import tarfile

    from indexer.search.engine import Engine
    from indexer.store.build import build_index
    from tests.conftest import SEEDS

    # Read from the archive shipped in seeds/, so that a clone without ../shared runs it too.
    source = tmp_path_factory.mktemp("s-res-1528-src") / "S_RES_1528_2004.fr.txt"
    with tarfile.open(SEEDS / "security-council-ocr.tar.xz") as tar:
        source.write_bytes(tar.extractfile("security-council/S_RES_1528_2004.fr.txt").read())
    folder = tmp_path_factory.mktemp("s-res-1528")
    build_index([source], folder)
    eng = Engine(folder)
    yield eng
    eng.close()


def test_heading_ranks_below_real_paragraphs(council_1528):
    # S/RES/1528 (2004), line 119: the italic heading "Assistance dans le domaine des
    # droits de l'homme" (no verb, no closing punctuation); line 15 (pp) and 121 (n)
    # say something about human rights.
    hits = council_1528.search("droits de l'homme", per_page=10).hits
    texts = [h.text for h in hits]
    heading = "Assistance dans le domaine des droits de l’homme"
    assert heading in texts
    assert texts[0].startswith(("Appelant les parties", "Contribuer à la promotion"))
    assert texts.index(heading) > 1


# -- spelling suggestions need a real edit distance and frequency (issue 12) ---

def test_far_fetched_suggestion_is_not_made(engine):
    # The seed holds nothing like "licornes" or "lincornes"; a stem two edits
    # away is no reason to suggest a word.
    result = engine.search("licornes lincornes")
    assert result.unmatched == ["licornes", "lincornes"]
    assert result.suggestions == {}


def test_near_misspellings_are_still_corrected(engine):
    assert engine.search("xenofobie").suggestions == {"xenofobie": "xénophobie"}
    # op5g: "enfants migrants"; one letter missing.
    assert engine.search("migrnts").suggestions == {"migrnts": "migrants"}


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("xenofobie", "xenophobie", 2), ("licornes", "lecons", 3), ("migrnts", "migrants", 1),
    ("ab", "ba", 1), ("", "abc", 3), ("meme", "meme", 0),
])
def test_edit_distance(a, b, distance):
    from indexer.search.engine import edit_distance

    assert edit_distance(a, b) == distance


@pytest.mark.parametrize(("query", "message"), [
    ("AND OR", "ne contient que des opérateurs (AND, OR, NOT)"),
    ("( )", "ne contient que des opérateurs"),
    ("-migrants", "ne peut pas seulement exclure (-mot)"),
])
def test_operators_alone_get_a_clear_message(engine, query, message):
    # "AND OR" used to give no result and a hint about variants that did not exist.
    with pytest.raises(QuerySyntaxError, match=re.escape(message)):
        engine.search(query)



def _same_query(a, b) -> bool:
    """Tell whether two parsed queries are the same tree: types, fields, texts, boosts, scales (not offsets)."""
    from whoosh.query import Query

    if type(a) is not type(b):
        return False
    if isinstance(a, Query):
        left = {k: v for k, v in vars(a).items() if k not in ("startchar", "endchar")}
        right = {k: v for k, v in vars(b).items() if k not in ("startchar", "endchar")}
        return left.keys() == right.keys() and all(_same_query(left[k], right[k]) for k in left)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same_query(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_plain_words_are_parsed_word_by_word_as_the_parser_would(seed, monkeypatch):
    # A pasted sentence is assembled from each word's own query; forcing the whole-text parse
    # must give the same trees: match, scored (with the light forms), per-word, proximity, terms.
    import random

    from indexer.search import query
    from indexer.store.schema import make_schema

    schema = make_schema()
    texts = ["Demande aux États de promouvoir et de protéger efficacement les droits de l'homme",
             "migr* protection ex-combattants 2015 l'homme d'autres", "sécurité", "le la les"]
    rng = random.Random(27)
    for p in seed.paragraphs:
        words = p.text.split()
        n = rng.randint(2, 40)
        start = rng.randint(0, max(0, len(words) - n))
        texts.append(" ".join(words[start:start + n]))
    assert len(texts) > 30
    plain = [t for t in texts if not query.SYNTAX_RE.search(query.bounded(t))]
    assert len(plain) > 30
    # The parser knows no expression printed two ways ("droits de l'homme" → "droits humains",
    # grouped on the plain path only): compared without them.
    monkeypatch.setattr(query, "find_expressions", lambda words: [])
    fast = [query.parse_query(t, schema, cache=query.ParsedCache()) for t in plain]
    monkeypatch.setattr(query, "SYNTAX_RE", re.compile(r""))  # matches every text: the whole-text parse
    for text, got in zip(plain, fast, strict=True):
        parsed = query.parse_query(text, schema, cache=query.ParsedCache())
        for name in ("query", "scored", "word_queries", "proximity", "terms", "words"):
            assert _same_query(getattr(got, name), getattr(parsed, name)), (text, name)
    assert str(fast[0].query).startswith("(text:demand OR opening:demand^2.0")


def _identical_query(a, b) -> bool:
    """Tell whether two queries are the same tree down to every attribute, offsets included."""
    from whoosh.query import Query

    if type(a) is not type(b):
        return False
    if isinstance(a, Query):
        return vars(a).keys() == vars(b).keys() and all(_identical_query(vars(a)[k], vars(b)[k]) for k in vars(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_identical_query(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_a_word_of_letters_gets_the_query_the_parser_makes(seed):
    # _letters_query makes a word's query without Whoosh's parser: it must be the parser's own,
    # attribute for attribute, for every word of the seed (with its punctuation) in French, in the light
    # field and in English.
    from whoosh.qparser import AndGroup, MultifieldParser, OrGroup
    from whoosh.query import NullQuery

    from indexer.search import query
    from indexer.store.schema import make_schema

    schema = make_schema()
    words = {w for p in seed.paragraphs for w in re.findall(r"\S+", p.text)}
    sentences = Path(__file__).parent / "benchmarks" / "fresh_sentences.json"  # openings of 40 other resolutions
    words |= {w for text in json.loads(sentences.read_text(encoding="utf-8")) for w in text.split()}
    words |= {"Œuvre", "ÉTATS", "and", "AND", "Or", "NOT", "ANDNOT", "TO", "a", "y", "l", "ex", "DE", "«", "»,", "…",
              "l’homme", "qu'il", "aujourd'hui", "2015,", "A/RES/68/179", "ex-combattants", "anti-", "_x", "’", "1er"}
    direct = 0
    for fields, parser in (
        (["text", "opening", "instruments_text", "notes"], query._parser(
            ["text", "opening", "instruments_text", "notes"], schema, AndGroup)),
        (["text_en"], query._parser(["text_en"], schema, AndGroup)),
        (["light"], MultifieldParser(["light"], schema, fieldboosts=query.LIGHT_BOOSTS, group=OrGroup)),
    ):
        boosts = {f: (query.LIGHT_BOOSTS if f == "light" else query.FIELD_BOOSTS).get(f, 1.0) for f in fields}
        for word in sorted(words):
            made = query._letters_query(word, schema, boosts)
            if made is None:
                assert not query.LETTERS_RE.fullmatch(word) or word.upper() in query.PARSER_OPERATORS, word
                continue
            direct += 1
            parsed = parser.parse(word)
            assert _identical_query(made, parsed), (fields, word, made, parsed)
            assert (made is NullQuery) == (parsed is NullQuery)
    assert direct > 3000
    assert query._letters_query("ex-combattants", schema, {"text": 1.0}) is None
    assert repr(query._letters_query("l'homme,", schema, {"text": 1.0})) == "Term('text', 'homm')"
    assert query._letters_query("migr*", schema, {"text": 1.0}) is None
    assert query._letters_query("les", schema, {"text": 1.0}) is NullQuery
    assert repr(query._letters_query("Migrants", schema, {"text": 1.0, "opening": 2.0})) == \
        "Or([Term('text', 'migr'), Term('opening', 'migr', boost=2.0)])"


def test_snippets_are_the_fragments_whooshs_context_fragmenter_makes(seed):
    # highlighted() jumps over the runs of unmatched words outside any fragment: the snippet
    # and the whole text must stay what Whoosh's own fragmenters give on the same spans.
    from whoosh import highlight

    from indexer.search.query import parse_query
    from indexer.search.results import _MarkFormatter, _Span, highlighted
    from indexer.store.schema import make_schema
    from indexer.text.analysis import french_spans

    def whoosh_highlighted(text, parsed):
        terms = {t for _, t in parsed.terms}
        tokens = [_Span(term, start, end, term in terms) for term, start, end in french_spans(text)]
        whole = [f for f in highlight.WholeFragmenter().fragment_tokens(text, tokens) if f.matches]
        if not whole:
            return "", ""
        parts = [f for f in highlight.ContextFragmenter(maxchars=280, surround=60).fragment_tokens(text, tokens)
                 if f.matches]
        parts = sorted(parts, key=lambda f: -len(f.matches))[:2]
        parts.sort(key=lambda f: f.startchar)
        return (_MarkFormatter().format(parts) if parts else ""), _MarkFormatter().format(whole)

    schema = make_schema()
    texts = [p.text for p in seed.paragraphs]
    texts.append(" ".join(texts * 2))  # beyond Whoosh's 32,768 characters: its fragmenters stop there
    assert len(texts[-1]) > highlight.DEFAULT_CHARLIMIT
    compared = marked = 0
    for q in ("migrants", "droits de l'homme", "Demande aux États de promouvoir et de protéger efficacement",
              "protection des migrants travailleurs familles", "États", "xénophobie racisme"):
        parsed = parse_query(q, schema)
        for text in texts:
            got = highlighted(text, parsed)
            assert got == whoosh_highlighted(text, parsed), (q, text[:80])
            compared += 1
            marked += bool(got[0])
    assert compared == 6 * len(texts)
    assert marked > 50
    # Around the limit: a fragment still open when Whoosh stops ends with the first word past it,
    # and the words after the limit are analysed only as far as needed.
    parsed = parse_query("migrants protection", schema)
    for pad in range(150, 250, 3):
        text = "x " * 16300 + "y" * pad + " protection des migrants'abc " + "z" * 70 + " migrants fin"
        assert highlighted(text, parsed) == whoosh_highlighted(text, parsed), pad
    snippet, whole = highlighted("Les migrants ont des droits. " * 30, parse_query("migrants", schema))
    # "Les" is a stop word, not a token: the fragment opens on the first match.
    assert snippet.startswith("<mark>migrants</mark> ont des droits. Les <mark>migrants</mark>")
    assert whole.count("<mark>migrants</mark>") == 30


def test_facets_counted_from_the_matching_documents_equal_the_counts_over_every_pair(bilingual_engine):
    # FacetCache.count takes a shortcut for small results and single-valued facets: the counts
    # must be those of one pass over all the (document, value) pairs, whatever the result.
    import numpy as np

    from indexer.search.catalog import FACET_NAMES, RESOLUTION_FACETS

    bilingual_engine.warm()  # makes the pairs by owner and the single-valued columns
    cache = bilingual_engine._state()[1]
    assert {"kind", "symbol"} <= set(cache._single)
    rng = np.random.default_rng(27)
    checked = 0
    for share in (0.0, 0.01, 0.1, 0.5, 1.0):
        mask = rng.random(cache.doc_count) < share
        weights = cache.per_resolution(mask)
        # From the matching documents' numbers (as _facets has them), the same weights.
        assert cache.per_resolution(mask, np.flatnonzero(mask)).tolist() == weights.tolist()
        assert weights.tolist() == np.bincount(cache.doc_res, weights=mask, minlength=cache.res_count).tolist()
        for name in FACET_NAMES:
            docs, vals = cache.pair_docs[name], cache.pair_vals[name]
            if name in RESOLUTION_FACETS:
                expected = np.bincount(vals, weights=weights[docs], minlength=len(cache.values[name]))
            else:
                expected = np.bincount(vals[mask[docs]], minlength=len(cache.values[name]))
            got = cache.count(name, mask, weights, np.flatnonzero(mask))
            assert got.tolist() == expected.astype(np.int64).tolist(), (name, share)
            assert got.tolist() == cache.count(name, mask).tolist()
            if name in RESOLUTION_FACETS:
                # Paragraphs and resolutions holding each value, counted at once (the sponsor and accepted_by lists).
                held = np.bincount(vals, weights=(weights > 0)[docs], minlength=len(cache.values[name]))
                both = cache.count_by_resolution(name, weights)
                assert [both[0].tolist(), both[1].tolist()] == [got.tolist(), held.astype(np.int64).tolist()]
            checked += int(expected.sum() > 0)
    assert checked > 30
    # The large results went through the matrices of the resolution facets' value sets (FacetCache.value_sets).
    assert {name for name, sets in cache._sets.items() if sets is not None} >= {"accepted_by", "sponsor", "year"}
    # And the single-valued facets through their value per resolution (symbol) or a mask per value (kind).
    assert set(cache._by_resolution) == {"symbol"} and set(cache._value_masks) == {"kind"}


def test_year_facet_lists_every_year_newest_first(bilingual_engine):
    # Adoption dates read in tests/data/akn (FRBRdate name="adoption"), drafts left out by default:
    # 2025 E/RES/2025/26; 2024 HRC 55/15, 55/19, S/RES/2741; 2022 A/RES/77/256, E/RES/2023/2;
    # 2021 A/RES/75/277, 75/253 C, 75/257 B, 76/239, E/RES/2021/13; 2020 S/RES/2522, 2536; 2019 A/RES/74/132.
    result = bilingual_engine.search("", facet_size=1)
    assert [b.value for b in result.facets["year"]] == ["2025", "2024", "2022", "2021", "2020", "2019"]
    # A selected year comes first, the others still newest first.
    chosen = bilingual_engine.search("", {"year": ["2021"]}, facet_size=1)
    assert [b.value for b in chosen.facets["year"]] == ["2021", "2025", "2024", "2022", "2020", "2019"]


def test_a_text_the_parser_reads_whole_is_remembered_within_its_bound(monkeypatch):
    # « (2025) » makes the parser read the whole text: the next search of it takes the trees kept in
    # the cache, apart from the words' and TEXT_CACHE of them at most (a sentence's trees weigh ~90 KB).
    from indexer.search import query
    from indexer.store.schema import make_schema

    schema = make_schema()
    monkeypatch.setattr(query, "TEXT_CACHE", 4)
    cache = query.ParsedCache()
    text = "Rappelant ses résolutions 2773 (2025) et 2808 (2025) sur la situation"
    first = query.parse_query(text, schema, cache=cache)
    again = query.parse_query(text, schema, cache=cache)
    assert again.query is first.query
    assert first.query == query.parse_query(text, schema).query  # as read without a cache
    for year in range(2000, 2010):
        query.parse_query(f"résolution ({year}) migrants", schema, cache=cache)
    assert 0 < len(cache.texts) <= 4
    assert ("fr", "migrants") in cache.words
