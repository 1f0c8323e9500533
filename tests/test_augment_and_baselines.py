"""Training-time edits, the plain TF-IDF baseline and the confident-error figure."""
from __future__ import annotations

import numpy as np
import pandas as pd

from reviewer.labels import LABELS
from reviewer.training.augment import augment
from reviewer.training.baseline import TfidfBaseline
from reviewer.training.checklist import GREETINGS as TEST_GREETINGS, SIGN_OFFS as TEST_SIGN_OFFS
from reviewer.training.augment import GREETINGS as TRAIN_GREETINGS, SIGN_OFFS as TRAIN_SIGN_OFFS
from reviewer.training.metrics import confidently_wrong


def test_copies_keep_labels_and_point_at_their_original(corpus):
    part = corpus.head(60).reset_index(drop=True)
    copies = augment(part, copies=2, seed=13)
    assert 60 < len(copies) <= 120
    assert (copies["text"] != part.loc[copies["origin"], "text"].to_numpy()).all()
    for label in LABELS:
        assert (copies[label].to_numpy() == part.loc[copies["origin"], label].to_numpy()).all()
    assert copies["evidence"].map(len).eq(0).all()


def test_copies_are_deterministic(corpus):
    part = corpus.head(40).reset_index(drop=True)
    assert augment(part, seed=5)["text"].tolist() == augment(part, seed=5)["text"].tolist()


def test_training_edits_do_not_reuse_the_checklist_wordings():
    """Invariance figures must measure generalisation, not a memorised greeting."""
    for family in ("en", "id"):
        assert not set(TRAIN_GREETINGS[family]) & set(TEST_GREETINGS[family])
        assert not set(TRAIN_SIGN_OFFS[family]) & set(TEST_SIGN_OFFS[family])


def test_tfidf_baseline_learns_and_predicts_every_label(corpus):
    from sklearn.metrics import f1_score

    baseline = TfidfBaseline().fit(corpus[corpus["split"] == "train"])
    test = corpus[corpus["split"] == "test"]
    pred = baseline.predict(test["text"])
    assert set(pred) == set(LABELS)
    assert all(f1_score(test[label], pred[label]) > 0.6 for label in LABELS)


def test_confidently_wrong_counts_only_confident_mistakes():
    truth = np.array([1, 0, 1, 0, 1])
    scores = np.array([0.05, 0.95, 0.5, 0.2, 0.99])
    assert confidently_wrong(truth, scores) == 0.4
    assert confidently_wrong(truth, np.array([0.95, 0.05, 0.9, 0.1, 0.99])) == 0.0
