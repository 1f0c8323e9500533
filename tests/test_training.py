"""Training: determinism, honest test-split metrics, artifact size."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reviewer.artifacts import MANIFEST_FILE, METRICS_FILE, MODEL_FILE, load_model_from
from reviewer.labels import LABELS, LANGUAGES
from reviewer.nlp import analyse

MODELS = Path(__file__).resolve().parent.parent / "models"
PROBES = [
    "So sorry, I have the flu and cannot come tomorrow. Could we move it to Friday? Thanks, Ana",
    "Mohon maaf Bu, saya tidak bisa hadir besok karena ada urusan. Terima kasih.",
    "cant make it, something came up",
    "Hi kak, sorry banget aku gak bisa dateng interview besok. Thank you ya",
]


@pytest.fixture(scope="module")
def small_corpus(corpus, tmp_path_factory) -> Path:
    """A small corpus in every language (train rows interleaved so that `limit` keeps all three),
    so that retraining and evaluating take seconds, not minutes."""
    train = corpus[corpus["split"] == "train"]
    test = corpus[corpus["split"] == "test"]
    per_lang = [train[train["lang"] == lang].head(60).reset_index(drop=True) for lang in LANGUAGES]
    rows = [part.iloc[i] for i in range(60) for part in per_lang if i < len(part)]
    small_train = pd.DataFrame(rows)
    small_test = pd.concat([test[test["lang"] == lang].head(15) for lang in LANGUAGES])
    small = pd.concat([small_train, small_test], ignore_index=True)
    path = tmp_path_factory.mktemp("small-corpus") / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for row in small.to_dict("records"):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def two_trainings(small_corpus, tmp_path_factory):
    """The same training run twice (search=False, limit=150), with different global RNG states."""
    from reviewer.training.train import train

    runs = []
    for seed in (1, 2):
        out = tmp_path_factory.mktemp(f"model-{seed}")
        np.random.seed(seed)  # a deterministic trainer must not depend on the global RNG
        metrics = train(small_corpus, out, search=False, limit=150, show_progress=False)
        runs.append((out, metrics))
    return runs


def _without_timing(metrics: dict) -> dict:
    return {k: v for k, v in metrics.items() if k != "train_seconds"}


@pytest.mark.slow
def test_retraining_gives_identical_metrics(two_trainings):
    (_, first), (_, second) = two_trainings
    assert _without_timing(first) == _without_timing(second)


@pytest.mark.slow
def test_retraining_gives_identical_scores(two_trainings):
    (a_dir, _), (b_dir, _) = two_trainings
    a, b = load_model_from(a_dir), load_model_from(b_dir)
    langs = ["en", "id", "en", "mixed"]
    pa, pb = a.predict(analyse(PROBES, langs)), b.predict(analyse(PROBES, langs))
    for label in LABELS:
        np.testing.assert_array_equal(pa.scores[label], pb.scores[label], err_msg=label)
    assert pa.reason_category == pb.reason_category
    assert pa.evidence == pb.evidence


@pytest.mark.slow
def test_retraining_gives_identical_manifest_meta(two_trainings):
    (a_dir, _), (b_dir, _) = two_trainings
    meta_a = json.loads((a_dir / MANIFEST_FILE).read_text())["meta"]
    meta_b = json.loads((b_dir / MANIFEST_FILE).read_text())["meta"]
    assert meta_a == meta_b


@pytest.mark.slow
def test_limit_and_test_split_are_honoured(two_trainings, small_corpus):
    from reviewer.training.corpus import load_corpus

    (out, metrics), _ = two_trainings
    small = load_corpus(small_corpus)
    test = small[small["split"] == "test"]
    assert metrics["model"]["trained_on"]["drafts"] == 150
    assert metrics["model"]["trained_on"]["split"] == "train"
    assert metrics["test"]["n"] == len(test)
    for lang in LANGUAGES:
        assert metrics["test"]["model"][lang]["n"] == int((test["lang"] == lang).sum())
    on_disk = json.loads((out / METRICS_FILE).read_text())
    assert _without_timing(on_disk) == json.loads(json.dumps(_without_timing(metrics)))


# --- the shipped artifact -----------------------------------------------------------------------

def test_shipped_artifact_is_small():
    size = sum(p.stat().st_size for p in MODELS.iterdir() if p.is_file())
    assert (MODELS / MODEL_FILE).is_file()
    assert size < 20 * 1024 * 1024, f"models/ is {size / 2**20:.1f} MB"


def test_shipped_metrics_have_test_macro_f1_per_language():
    metrics = json.loads((MODELS / METRICS_FILE).read_text())
    test = metrics["test"]
    for group in ("all", *LANGUAGES):
        f1 = test["model"][group]["macro_f1"]
        assert isinstance(f1, float) and 0.0 <= f1 <= 1.0, group
        assert set(test["model"][group]["labels"]) == set(LABELS)
        assert "macro_f1" in test["baseline"][group]


def test_shipped_metrics_come_from_the_current_test_split(corpus):
    """metrics.json describes the shipped model on the corpus as it is now (retrain after the
    corpus changes): n equals the test rows, per language too, and training saw the train rows."""
    metrics = json.loads((MODELS / METRICS_FILE).read_text())
    test = corpus[corpus["split"] == "test"]
    assert metrics["test"]["n"] == len(test)
    for lang in LANGUAGES:
        assert metrics["test"]["model"][lang]["n"] == int((test["lang"] == lang).sum()), lang
    assert metrics["model"]["trained_on"]["drafts"] == int((corpus["split"] == "train").sum())
    manifest = json.loads((MODELS / MANIFEST_FILE).read_text())
    assert manifest["meta"]["trained_on"] == metrics["model"]["trained_on"]


def test_shipped_metrics_report_the_stress_split_baseline_margin_and_checklist():
    """Issue 8's figures are in metrics.json, from the stress split as it is now."""
    from reviewer.training.corpus import load_stress

    metrics = json.loads((MODELS / METRICS_FILE).read_text())
    assert metrics["stress"]["n"] == len(load_stress())
    for split in ("test", "stress"):
        tfidf = metrics[split]["tfidf_baseline"]["all"]["macro_f1"]
        assert metrics["margin_over_tfidf"][split] == round(metrics[split]["model"]["all"]["macro_f1"] - tfidf, 4)
        assert all("confidently_wrong" in v for v in metrics[split]["calibration"].values())
    assert set(metrics["checklist"]["invariance"]) >= {"greeting", "lower case", "one line"}


@pytest.mark.slow
def test_out_of_fold_inputs_do_not_depend_on_the_number_of_processes(corpus, monkeypatch):
    import reviewer.training.train as training
    from reviewer.training.estimators import ModelConfig

    data = training.TrainingSet.build(corpus[corpus["split"] == "train"].head(150), copies=1)
    runs = []
    for jobs in (1, 2):
        monkeypatch.setattr(training, "TRAIN_JOBS", jobs)
        runs.append(training.out_of_fold_inputs(data, ModelConfig()))
    assert np.array_equal(runs[0], runs[1])


def test_training_reports_its_progress(small_corpus, tmp_path):
    from reviewer.training.train import train

    seen = []
    train(small_corpus, tmp_path / "m", search=False, limit=60, show_progress=False,
          on_progress=lambda stage, fraction: seen.append((stage, fraction)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert {"cross-validation", "evaluating", "done"} <= {s for s, _ in seen}
