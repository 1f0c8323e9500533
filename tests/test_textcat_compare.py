"""Fast check of the sklearn-vs-spaCy-textcat comparison on a tiny slice of the train split."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "experiments"))
import textcat_compare as tc  # noqa: E402
from reviewer.labels import LABELS  # noqa: E402


def _check_entry(entry: dict) -> None:
    assert 0.0 <= entry["cv_macro_f1"] <= 1.0
    assert set(entry["cv_f1"]) == set(LABELS)
    assert all(0.0 <= v <= 1.0 for v in entry["cv_f1"].values())
    assert entry["cv_macro_f1_per_lang"]
    assert all(0.0 <= v <= 1.0 for v in entry["cv_macro_f1_per_lang"].values())


def test_textcat_cv_on_a_tiny_slice() -> None:
    report = tc.compare(limit=60, folds=2, epochs=2, include_sklearn=False, jobs=1)
    assert report["folds"] == 2 and report["seed"] == 13 and report["drafts"] == 60
    assert report["split"] == "train"
    assert "sklearn" not in report  # the sklearn side needs reviewer.training.train's 5 folds
    for arch in tc.ARCHITECTURES:
        _check_entry(report[arch])
        assert report["train_seconds"][arch] > 0
        assert report["predict_drafts_per_second"][arch] > 0
    assert report["chosen"] in tc.ARCHITECTURES
    assert report["why"]
    assert "macro-F1" in tc.format_table(report)


def test_folds_match_training_and_cover_every_draft_once() -> None:
    frame = tc.train_frame().head(60)
    folds = tc.make_folds(frame, 2)
    held_out = np.concatenate([test for _, test in folds])
    assert sorted(held_out) == list(range(len(frame)))
    # Same splitter as reviewer.training.train.out_of_fold_scores (5 folds, seed 13, by language).
    from sklearn.model_selection import StratifiedKFold

    expected = StratifiedKFold(n_splits=5, shuffle=True, random_state=13).split(np.zeros(len(frame)), frame["lang"])
    assert all((a[1] == b[1]).all() for a, b in zip(tc.make_folds(frame), expected))
