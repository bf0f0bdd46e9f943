"""Tests of indexer.search.evaluate: the phrase checks read positions block by block and for all documents at once."""

import numpy as np
import pytest
from whoosh import query as wq

from indexer.search.evaluate import Evaluator, _near, _near_keys
from indexer.search.postings import ReaderArrays, leaf_positions
from indexer.store import whoosh_compat


def _keys(docs: dict[int, list[int]]) -> np.ndarray:
    return np.array(sorted((d << 24) + p for d, ps in docs.items() for p in ps), dtype=np.int64)


def test_near_keys_steps_to_the_nearest_following_position_within_slop():
    # Document 1: "a b" adjacent (1, 2); document 2: "a x x b" (b three after a);
    # document 3: b before a only; document 4: a at the end, b at the start of document 5.
    a = _keys({1: [1], 2: [0], 3: [5], 4: [9]})
    b = _keys({1: [2], 2: [3], 3: [1], 5: [0]})
    assert _near_keys([a, b], 1).tolist() == [1]
    assert _near_keys([a, b], 3).tolist() == [1, 2]
    # Three words: a then b within 2, then c within 2 of that b (the nearest b is taken, as _near does).
    a3, b3, c3 = _keys({7: [0, 10]}), _keys({7: [1, 12]}), _keys({7: [14]})
    assert _near_keys([a3, b3, c3], 2).tolist() == [7]
    assert _near_keys([a3, b3, c3], 1).tolist() == []
    assert _near_keys([a3, b3[:0], c3], 6).tolist() == []


def test_near_keys_agrees_with_near_document_by_document():
    rng = np.random.default_rng(27)
    for _ in range(300):
        words = int(rng.integers(2, 5))
        slop = int(rng.choice([1, 2, 6]))
        lists = [{d: sorted(set(rng.integers(0, 30, int(rng.integers(0, 4))).tolist())) for d in range(8)}
                 for _ in range(words)]
        expected = [d for d in range(8) if all(p[d] for p in lists) and _near([p[d] for p in lists], slop)]
        assert _near_keys([_keys(p) for p in lists], slop).tolist() == expected


@pytest.fixture(scope="module")
def blocks_index(tmp_path_factory):
    """Write a Whoosh index of 700 short texts over five words (several blocks of 128 postings per word)."""
    from whoosh import fields, index

    schema = fields.Schema(text=fields.TEXT(phrase=True))
    ix = index.create_in(str(tmp_path_factory.mktemp("blocks")), schema)
    rng = np.random.default_rng(27)
    for _ in range(2):  # two segments
        writer = ix.writer()
        for _i in range(350):
            writer.add_document(text=" ".join(rng.choice(["alpha", "beta", "gamma", "delta", "omega"],
                                                        int(rng.integers(1, 12))).tolist()))
        writer.commit(merge=False)
    searcher = ix.searcher()
    yield searcher
    searcher.close()


def test_block_positions_equal_whoosh_posting_by_posting(blocks_index):
    # The blocks found through the remembered directory hold, for every document, the positions
    # Whoosh's own matcher gives when moved posting by posting.
    searcher = blocks_index
    arrays = ReaderArrays(searcher.reader())
    evaluator = Evaluator(arrays, searcher)
    assert len(arrays.leaves) == 2
    decode = whoosh_compat.positions_decoder(searcher.schema["text"].format)
    checked = blocks = 0
    for word in ("alpha", "beta", "omega"):
        ids, _ = arrays.postings("text", word)
        for docs in (ids[::3], ids[-5:], ids):
            got = dict(evaluator._iter_positions("text", word, docs))
            expected = {}
            for leaf, offset in arrays.leaves:
                m = whoosh_compat.segment_postings(leaf, "text", word)
                wanted = docs[(docs >= offset) & (docs < offset + leaf.doc_count_all())] - offset
                expected.update({d + offset: p for d, p in leaf_positions(m, wanted, wanted, decode)})
            assert got == expected, word
            assert len(got) == len(docs)
            checked += len(got)
        blocks = max(blocks, len(arrays.block_directory(0, "text", word).offsets))
    assert checked > 1000
    assert blocks >= 2  # Whoosh writes 128 postings a block: blocks read out of order, past the first


def test_phrase_with_slop_finds_the_documents_near_finds(blocks_index):
    # "alpha beta gamma" each within 2 of the previous, checked all at once, against _near document by document.
    searcher = blocks_index
    evaluator = Evaluator(ReaderArrays(searcher.reader()), searcher)
    words = ["alpha", "beta", "gamma"]
    candidates = np.flatnonzero(evaluator.evaluate(wq.And([wq.Term("text", w) for w in words]))[0])
    assert len(candidates) > 50
    for slop in (1, 2, 6):
        found = np.flatnonzero(evaluator._phrase_mask("text", words, slop, candidates))
        positions = [dict(evaluator._iter_positions("text", w, candidates)) for w in words]
        expected = [d for d in candidates.tolist() if _near([p[d] for p in positions], slop)]
        assert found.tolist() == expected
        assert 0 < len(expected) < len(candidates)


def test_phrase_bonus_scores_the_documents_holding_the_words_close(blocks_index):
    # The bonus is the sum of the words' scores (float64, then float32) where they are near, 0 elsewhere.
    searcher = blocks_index
    evaluator = Evaluator(ReaderArrays(searcher.reader()), searcher)
    docs = np.arange(searcher.reader().doc_count_all())[::-1].copy()  # any order: the pool is best first
    phrase = wq.Phrase("text", ["alpha", "beta"], slop=1, boost=4.0)
    bonus = evaluator.phrase_bonus(phrase, docs)
    positions = [dict(evaluator._iter_positions("text", w, docs)) for w in ("alpha", "beta")]
    for i, d in enumerate(docs.tolist()):
        near = all(p.get(d) for p in positions) and _near([p[d] for p in positions], 1)
        score = sum(float(evaluator._term_scores_of("text", w, np.array([d]))[0]) for w in ("alpha", "beta"))
        assert bonus[i] == (np.float32(score * 4.0) if near else 0), d
    assert 0 < np.count_nonzero(bonus) < len(docs)


def test_a_phrase_met_in_several_trees_is_evaluated_once(blocks_index):
    # The query trees of one search repeat the same phrase (all words, any word): the second is the
    # first's arrays; another boost or slop is another phrase.
    searcher = blocks_index
    evaluator = Evaluator(ReaderArrays(searcher.reader()), searcher)
    first = evaluator.evaluate(wq.Phrase("text", ["alpha", "beta"], slop=1, boost=2.0))
    again = evaluator.evaluate(wq.Phrase("text", ["alpha", "beta"], slop=1, boost=2.0))
    assert again[0] is first[0] and again[1] is first[1]
    assert not first[1].flags.writeable
    boosted = evaluator.evaluate(wq.Phrase("text", ["alpha", "beta"], slop=1, boost=4.0))
    assert np.array_equal(boosted[0], first[0]) and np.allclose(boosted[1], 2 * first[1])
    looser = evaluator.evaluate(wq.Phrase("text", ["alpha", "beta"], slop=6, boost=2.0))
    assert looser[0].sum() > first[0].sum() > 0
    fresh = Evaluator(ReaderArrays(searcher.reader()), searcher).evaluate(
        wq.Phrase("text", ["alpha", "beta"], slop=1, boost=2.0))
    assert np.array_equal(fresh[0], first[0]) and np.array_equal(fresh[1], first[1])


def test_block_directories_stay_within_their_budget(blocks_index, monkeypatch):
    from indexer.search import postings

    searcher = blocks_index
    arrays = ReaderArrays(searcher.reader())
    first = arrays.block_directory(0, "text", "alpha")
    monkeypatch.setattr(postings, "DIRECTORY_BUDGET", 2 * postings.DIRECTORY_ENTRY + 10)
    for word in ("beta", "gamma", "delta", "omega"):
        for number in range(2):
            assert arrays.block_directory(number, "text", word) is not None
            assert arrays._directories_size <= postings.DIRECTORY_BUDGET
    assert len(arrays._directories) <= 2 and (0, "text", "alpha") not in arrays._directories
    again = arrays.block_directory(0, "text", "alpha")  # read again, the same
    assert again.offsets.tolist() == first.offsets.tolist() and again.starts.tolist() == first.starts.tolist()


def test_top_reads_the_highest_counts_of_words_only_with_the_same_order():
    # With whole counts of words, top() ranks the documents of the highest counts holding k of them
    # only: the same k documents in the same order as ranking them all (float counts take that path).
    from indexer.search.evaluate import _top_tiers, top

    rng = np.random.default_rng(27)
    restricted = 0
    for trial in range(400):
        n = int(rng.integers(1, 3000))
        mask = rng.random(n) < rng.choice([0.05, 0.5, 1.0])
        # Few distinct scores, so that ties cross the cut.
        scores = rng.choice([0.0, 1.5, 2.25, 7.0, 30.5], n).astype(np.float32)
        if trial % 50 == 0:
            scores[0] = 6e5  # out of the range where counts alone decide: every document is ranked
        coord = rng.integers(0, int(rng.integers(1, 41)), n).astype(np.int16)
        if trial % 7 == 0:
            coord = coord.astype(np.int32) + 1000 * (rng.random(n) < 0.01)  # a symbol's priority
        seq = rng.permutation(n)
        k = int(rng.choice([1, 20, 300]))
        docs = np.flatnonzero(mask)
        restricted += len(docs) > k and len(_top_tiers(scores, docs, coord, k)) < len(docs)
        expected = top(scores, mask, seq, k, coord.astype(np.float64))
        assert top(scores, mask, seq, k, coord).tolist() == expected.tolist()
    assert restricted > 100
    # Worked by hand: documents 1 and 3 hold 2 words, the others 1; k = 2 keeps 1 and 3 (3 first: a higher score).
    scores = np.array([9.0, 1.0, 9.0, 2.0, 0.5], dtype=np.float32)
    coord = np.array([1, 2, 1, 2, 1], dtype=np.int16)
    assert _top_tiers(scores, np.arange(5), coord, 2).tolist() == [1, 3]
    assert top(scores, np.ones(5, dtype=bool), np.arange(5), 2, coord).tolist() == [3, 1]


def test_phrase_bonus_kept_for_the_generation_is_the_one_read_from_positions(blocks_index, monkeypatch):
    # A second search with the same candidates takes which of them hold the phrase from NearSeen,
    # without reading positions, and gives the same bonus; other candidates are read again.
    from indexer.search.evaluate import NearSeen

    searcher = blocks_index
    arrays = ReaderArrays(searcher.reader())
    seen = NearSeen()
    phrase = wq.Phrase("text", ["alpha", "beta"], slop=1, boost=4.0)
    docs = np.arange(0, 700, 3)
    first = Evaluator(arrays, searcher, near_seen=seen).phrase_bonus(phrase, docs)
    plain = Evaluator(arrays, searcher).phrase_bonus(phrase, docs)
    assert first.tolist() == plain.tolist()
    assert 0 < np.count_nonzero(first) < len(docs)

    def unread(*args, **kwargs):
        raise AssertionError("positions read again")

    again = Evaluator(arrays, searcher, near_seen=seen)
    monkeypatch.setattr(again, "_position_keys", unread)
    assert again.phrase_bonus(phrase, docs.copy()).tolist() == first.tolist()
    with pytest.raises(AssertionError, match="positions read again"):
        again.phrase_bonus(phrase, np.delete(docs, np.flatnonzero(first)[0]))  # one holder less
    # A tiny budget starts again rather than growing.
    small = NearSeen(budget=1)
    Evaluator(arrays, searcher, near_seen=small).phrase_bonus(phrase, docs)
    Evaluator(arrays, searcher, near_seen=small).phrase_bonus(wq.Phrase("text", ["beta", "gamma"], slop=1), docs)
    assert len(small._kept) == 1


def test_a_phrase_found_before_is_scored_as_from_its_postings(blocks_index, monkeypatch):
    # The second time a phrase is asked on a generation, its documents are those kept, and its
    # scores the words' read there, added in the same order: the same arrays, bit for bit.
    searcher = blocks_index
    phrases = [wq.Phrase("text", ["alpha", "beta"], slop=1, boost=2.0),
               wq.Phrase("text", ["gamma", "delta", "omega"], slop=6, boost=1.5),
               wq.Phrase("text", ["beta", "beta"], slop=1), wq.Phrase("text", ["alpha", "nowhere"], slop=1)]
    arrays = ReaderArrays(searcher.reader())
    first = [Evaluator(arrays, searcher).evaluate(p) for p in phrases]
    assert first[0][0].sum() > 0 and first[1][0].sum() > 0 and first[3][0].sum() == 0

    def unread(*args, **kwargs):
        raise AssertionError("postings intersected again")

    again = Evaluator(arrays, searcher)
    monkeypatch.setattr(again, "_phrase_postings", unread)
    for p, (match, scores) in zip(phrases, first, strict=True):
        m, s = again.evaluate(p)
        assert m.tolist() == match.tolist()
        assert s.dtype == scores.dtype == np.float32
        assert s.tobytes() == scores.tobytes()
