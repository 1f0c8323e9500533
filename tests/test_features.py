"""reviewer.features.TermIndex computes what scikit-learn's TfidfVectorizer computes.

The whole-corpus comparison with the shipped vectorisers is in test_artifacts.py; these cases
cover the edges: unknown words, repeated words, bigrams across an unknown word, empty rows,
rows that are one word, and the array round trip.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from reviewer.features import TermIndex

TRAIN = [
    "sorry i cannot come tomorrow", "sorry i cannot make it", "i am sick sorry", "thanks for the chance",
    "maaf saya tidak bisa hadir", "maaf saya sakit", "terima kasih banyak", "sorry banget saya sakit",
    "NOT_come CUE_apology sorry", "CUE_apology sorry i cannot", "LANG_en LEN_tiny", "LANG_en LEN_short",
]


def _vectorizer(min_df: int = 1) -> TfidfVectorizer:
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), min_df=min_df,
                           sublinear_tf=True, dtype=np.float32).fit(TRAIN)


def _check(vectorizer: TfidfVectorizer, rows: list[list[str]]) -> None:
    index = TermIndex.from_vectorizer(vectorizer)
    ours = index.transform(rows)
    theirs = vectorizer.transform([" ".join(r) for r in rows])
    assert ours.shape == theirs.shape
    assert ours.dtype == np.float32
    assert abs(ours - theirs).max() < 1e-6 if ours.nnz or theirs.nnz else True
    assert np.array_equal(np.diff(ours.indptr) > 0, np.diff(theirs.indptr) > 0)


@pytest.mark.parametrize("min_df", [1, 2])
def test_edge_cases_match_scikit_learn(min_df):
    rows = [
        "sorry i cannot come tomorrow".split(),
        "sorry sorry sorry i i cannot".split(),  # repeats: 1 + log(count)
        "sorry UNSEEN cannot come".split(),  # no bigram across an unknown word
        [],  # an empty row stays empty
        ["zzz", "qqq"],  # only unknown words
        ["maaf"],
        "terima kasih banyak terima kasih".split(),
        "LANG_en LEN_tiny".split(),
    ]
    _check(_vectorizer(min_df), rows)


def test_no_bigram_spans_two_rows():
    vectorizer = _vectorizer()
    index = TermIndex.from_vectorizer(vectorizer)
    X = index.transform([["terima"], ["kasih"]])
    assert X[0].nnz == 1 and X[1].nnz == 1  # "terima kasih" is a known bigram, but not across rows
    assert index.transform([]).shape == (0, index.n_features)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(sorted({w for t in TRAIN for w in t.split()}) + ["unk", "x"]),
                         max_size=12), min_size=1, max_size=6))
def test_random_rows_match_scikit_learn(rows):
    _check(_vectorizer(), rows)


def test_arrays_round_trip():
    index = TermIndex.from_vectorizer(_vectorizer())
    again = TermIndex.from_arrays(index.to_arrays("x_"), "x_")
    rows = [t.split() for t in TRAIN]
    assert abs(again.transform(rows) - index.transform(rows)).max() == 0


@pytest.mark.parametrize("settings", [{"analyzer": "char_wb", "ngram_range": (3, 5)},
                                      {"max_df": 0.5}, {"max_features": 10}])
def test_unsupported_settings_are_refused(settings):
    """Char n-grams, and filters that can keep a bigram while dropping one of its words."""
    base = dict(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), sublinear_tf=True)
    if "analyzer" in settings:
        del base["token_pattern"]  # unused by a char analyser (scikit-learn warns about it)
    other = TfidfVectorizer(**{**base, **settings}).fit(TRAIN)
    with pytest.raises(ValueError, match="unsupported vectoriser settings"):
        TermIndex.from_vectorizer(other)
