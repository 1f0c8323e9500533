"""Metrics shared by training (cross-validation) and evaluation (test split)."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from sklearn.metrics import brier_score_loss, precision_recall_fscore_support

from ..labels import LABELS


def binary_scores(y_true: Sequence[int], y_pred: Sequence[int]) -> dict[str, float]:
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    return {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
            "support": int(np.sum(y_true))}


def label_table(truth: Mapping[str, Sequence[int]], pred: Mapping[str, Sequence[int]],
                langs: Sequence[str]) -> dict[str, dict]:
    """Per-label scores overall and per language, plus macro-F1 over the labels."""
    langs = np.asarray(langs)
    table: dict[str, dict] = {}
    for group in ["all", *sorted(set(langs))]:
        mask = np.ones(len(langs), bool) if group == "all" else langs == group
        per_label = {label: binary_scores(np.asarray(truth[label])[mask], np.asarray(pred[label])[mask])
                     for label in LABELS}
        table[group] = {"labels": per_label, "n": int(mask.sum()),
                        "macro_f1": round(float(np.mean([v["f1"] for v in per_label.values()])), 4)}
    return table


def expected_calibration_error(y_true: Sequence[int], scores: Sequence[float], bins: int = 10) -> float:
    """Mean gap between confidence and accuracy over equal-width score bins, weighted by size."""
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.mean() * abs(scores[mask].mean() - y_true[mask].mean())
    return round(float(total), 4)


def confidently_wrong(y_true: Sequence[int], scores: Sequence[float], confidence: float = 0.9) -> float:
    """Share of drafts whose label is wrong although the model was at least `confidence` sure
    (score >= confidence for a wrong 1, score <= 1 - confidence for a wrong 0): the "97 % sure"
    a user sees must rarely be wrong."""
    y_true, scores = np.asarray(y_true), np.asarray(scores)
    wrong = ((scores >= confidence) & (y_true == 0)) | ((scores <= 1 - confidence) & (y_true == 1))
    return round(float(wrong.mean()) if len(y_true) else 0.0, 4)


def calibration_summary(truth: Mapping[str, Sequence[int]], scores: Mapping[str, Sequence[float]]) -> dict:
    return {label: {"brier": round(float(brier_score_loss(truth[label], scores[label])), 4),
                    "ece": expected_calibration_error(truth[label], scores[label]),
                    "confidently_wrong": confidently_wrong(truth[label], scores[label])} for label in LABELS}


def best_threshold(y_true: Sequence[int], scores: Sequence[float]) -> float:
    """The decision threshold in [0.3, 0.7] that maximises F1 on out-of-fold scores."""
    grid = np.round(np.arange(0.3, 0.701, 0.05), 2)
    f1s = [binary_scores(y_true, (np.asarray(scores) >= t).astype(int))["f1"] for t in grid]
    return float(grid[int(np.argmax(f1s))])
