"""Retraining on a team's own labelled drafts (`reviewer train --add`): the team's policy wins.

The policy: "personal reasons" is a sufficient reason (candidates need not disclose more), while
the labelling guide calls it a placeholder. tests/data holds forty corrections that apply the
policy and twenty new drafts of the same kind, written for this test and found nowhere else."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.artifacts import load_model_from
from reviewer.labels import LABELS
from reviewer.language import detect_language
from reviewer.nlp import analyse
from reviewer.training.corrections import load_labelled

DATA = Path(__file__).resolve().parent / "data"
MODELS = Path(__file__).resolve().parent.parent / "models"
CORRECTIONS, NEW = DATA / "team_policy_corrections.jsonl", DATA / "team_policy_new.jsonl"


def _clear_reason_recall(model, frame) -> float:
    pred = model.predict(analyse(frame["text"].tolist(), [detect_language(t) for t in frame["text"]]),
                         with_evidence=False)
    return float(pred.present["clear_reason"].mean())


@pytest.fixture(scope="module")
def adapted(tmp_path_factory):
    from reviewer.training.train import train

    out = tmp_path_factory.mktemp("team-model")
    metrics = train(model_dir=out, show_progress=False, added=[CORRECTIONS])
    return out, metrics


def test_the_shipped_model_follows_the_guide_not_the_policy():
    """Without the corrections the new drafts are placeholders: the test below can fail."""
    assert _clear_reason_recall(load_model_from(MODELS), load_labelled(NEW)) < 0.5


@pytest.mark.slow
def test_the_team_policy_wins_after_retraining(adapted):
    out, _ = adapted
    new = load_labelled(NEW)
    assert set(new["clear_reason"]) == {1}
    assert _clear_reason_recall(load_model_from(out), new) >= 0.8


@pytest.mark.slow
def test_other_labels_on_the_test_split_stay_close_to_the_shipped_model(adapted):
    _, metrics = adapted
    shipped = json.loads((MODELS / "metrics.json").read_text())["test"]["model"]["all"]["labels"]
    retrained = metrics["test"]["model"]["all"]["labels"]
    for label in LABELS:
        if label != "clear_reason":
            assert abs(retrained[label]["f1"] - shipped[label]["f1"]) <= 0.02, label


@pytest.mark.slow
def test_the_model_folder_records_what_it_was_trained_on(adapted):
    out, metrics = adapted
    trained_on = metrics["model"]["trained_on"]
    assert trained_on["added_drafts"] == 40 and trained_on["added_files"] == [str(CORRECTIONS)]
    assert {"manifest.json", "metrics.json", "reviewer.npz", "reviewer.skops"} <= {p.name for p in out.iterdir()}
    shipped_manifest = json.loads((MODELS / "manifest.json").read_text())
    assert shipped_manifest["meta"]["trained_on"].get("added_drafts") is None, "the shipped models/ was touched"


def test_a_corpus_draft_that_says_the_opposite_is_dropped(corpus):
    from reviewer.training.train import with_added

    train_frame = corpus[corpus["split"] == "train"].head(200).reset_index(drop=True)
    victim = train_frame.iloc[7]
    flipped = {label: int(victim[label]) for label in LABELS}
    flipped["gratitude"] = 1 - flipped["gratitude"]
    import pandas as pd

    added = pd.DataFrame([{"text": victim["text"] + " ", **flipped, "lang": victim["lang"], "reason_category": None}])
    merged, dropped = with_added(train_frame, added)
    assert dropped == [victim["id"]]
    assert len(merged) == len(train_frame) and merged["weight"].max() > 1
    agreeing = pd.DataFrame([{"text": victim["text"], **{l: int(victim[l]) for l in LABELS}, "lang": None}])
    assert with_added(train_frame, agreeing)[1] == []


def test_train_add_needs_an_output_folder(capsys):
    from reviewer.cli import main

    assert main(["train", "--add", str(CORRECTIONS)]) == 2
    assert "--out" in capsys.readouterr().err
