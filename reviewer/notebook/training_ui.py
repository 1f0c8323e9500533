"""Helpers for notebooks/03_train_and_evaluate.ipynb: retrain, tabulate and plot the test metrics,
and list the worst errors of the test split for error analysis.

Everything returns a DataFrame or a matplotlib Figure, so the notebook only displays them. Figures
are built with `matplotlib.figure.Figure` (no pyplot state), and show well in any front end.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..labels import LABELS, REASON_CATEGORIES

__all__ = [
    "TrainingRun", "compare_with_shipped", "f1_table", "metrics_frame", "plot_calibration",
    "as_image", "plot_confusion_matrices", "plot_reason_confusion", "predictions_frame", "run_training",
    "worst_errors",
]

LANG_ORDER = ("all", "en", "id", "mixed")


@dataclass
class TrainingRun:
    metrics: dict[str, Any]
    model_dir: Path
    model: Any


def run_training(search: bool = False, limit: int | None = None, model_dir: str | Path | None = None,
                 show_progress: bool = True) -> TrainingRun:
    """Retrain into `model_dir` (default: a new temporary folder, so models/ is never overwritten
    by accident) and load the new model from there."""
    from ..artifacts import load_model_from
    from ..training.train import train

    target = Path(model_dir) if model_dir else Path(tempfile.mkdtemp(prefix="reviewer-model-"))
    metrics = train(model_dir=target, search=search, limit=limit, show_progress=show_progress)
    return TrainingRun(metrics, target, load_model_from(target))


def metrics_frame(test_metrics: dict[str, Any]) -> pd.DataFrame:
    """Per label and language: n, precision, recall, F1, support, and the keyword baseline's F1."""
    model, base = test_metrics["model"], test_metrics["baseline"]
    rows = []
    for label in LABELS:
        for group in [g for g in LANG_ORDER if g in model]:
            m = model[group]["labels"][label]
            rows.append({"label": label, "lang": group, "n": model[group]["n"], "precision": m["precision"],
                         "recall": m["recall"], "f1": m["f1"], "support": m["support"],
                         "baseline_f1": base[group]["labels"][label]["f1"]})
    return pd.DataFrame(rows).set_index(["label", "lang"])


def f1_table(test_metrics: dict[str, Any]) -> pd.DataFrame:
    """F1 per label (rows) and language (columns), with a macro-F1 row."""
    frame = metrics_frame(test_metrics)["f1"].unstack("lang")
    frame = frame.loc[list(LABELS), [g for g in LANG_ORDER if g in frame.columns]]
    macro = {g: test_metrics["model"][g]["macro_f1"] for g in frame.columns}
    return pd.concat([frame, pd.DataFrame([macro], index=["macro-F1"])])


def compare_with_shipped(test_metrics: dict[str, Any], shipped: str | Path | None = None) -> pd.DataFrame:
    """Macro-F1 per language of this run beside the shipped model's (models/metrics.json)."""
    from ..artifacts import METRICS_FILE, default_model_dir

    path = Path(shipped) if shipped else default_model_dir() / METRICS_FILE
    try:
        old = json.loads(path.read_text())["test"]["model"]
    except (OSError, ValueError, KeyError):
        old = {}
    groups = [g for g in LANG_ORDER if g in test_metrics["model"]]
    return pd.DataFrame({
        "this run": [test_metrics["model"][g]["macro_f1"] for g in groups],
        "shipped": [old.get(g, {}).get("macro_f1", np.nan) for g in groups],
    }, index=pd.Index(groups, name="lang"))


def predictions_frame(model: Any, test: pd.DataFrame) -> pd.DataFrame:
    """The test split reviewed by `model`: gold labels as `<label>_true`, predictions as `<label>`
    and `<label>_score`, gold `lang`, detected `language`, both reason categories."""
    from ..api import review_frame

    inputs = test[["id", "lang", "text"]].reset_index(drop=True)
    out = review_frame(inputs, model=model)
    for label in LABELS:
        out[f"{label}_true"] = test[label].to_numpy().astype(int)
    out["reason_category_true"] = test["reason_category"].to_numpy()
    return out


def _confusion(truth: np.ndarray, pred: np.ndarray) -> np.ndarray:
    return np.array([[np.sum((truth == t) & (pred == p)) for p in (0, 1)] for t in (0, 1)])


def plot_confusion_matrices(pred: pd.DataFrame):
    """One 2x2 confusion matrix per label (columns) and language (rows: all, en, id, mixed)."""
    from matplotlib.figure import Figure

    groups = [g for g in LANG_ORDER if g == "all" or (pred["lang"] == g).any()]
    fig = Figure(figsize=(2.1 * len(LABELS), 2.0 * len(groups)), dpi=90, layout="constrained")
    axes = fig.subplots(len(groups), len(LABELS), squeeze=False)
    for r, group in enumerate(groups):
        rows = pred if group == "all" else pred[pred["lang"] == group]
        for c, label in enumerate(LABELS):
            ax = axes[r][c]
            ok = rows[label].notna()
            matrix = _confusion(rows.loc[ok, f"{label}_true"].to_numpy(), rows.loc[ok, label].astype(int).to_numpy())
            ax.imshow(matrix, cmap="Blues", vmin=0, vmax=max(matrix.max(), 1))
            for (i, j), v in np.ndenumerate(matrix):
                ax.text(j, i, str(v), ha="center", va="center", fontsize=9,
                        color="white" if v > matrix.max() * 0.6 else "black")
            ax.set_xticks([0, 1], ["0", "1"], fontsize=7)
            ax.set_yticks([0, 1], ["0", "1"], fontsize=7)
            if r == 0:
                ax.set_title(label, fontsize=9)
            if c == 0:
                ax.set_ylabel(f"{group}\ntrue", fontsize=8)
            if r == len(groups) - 1:
                ax.set_xlabel("predicted", fontsize=8)
    fig.suptitle("Confusion matrices on the test split (rows: language)", fontsize=11)
    return fig


def plot_reason_confusion(pred: pd.DataFrame):
    """Confusion matrix of the reason category (rows: true, columns: predicted)."""
    from matplotlib.figure import Figure

    cats = list(REASON_CATEGORIES)
    ok = pred["reason_category"].notna()
    truth = pred.loc[ok, "reason_category_true"].tolist()
    guess = pred.loc[ok, "reason_category"].astype(str).tolist()
    matrix = np.zeros((len(cats), len(cats)), dtype=int)
    for t, p in zip(truth, guess):
        if t in cats and p in cats:
            matrix[cats.index(t), cats.index(p)] += 1
    fig = Figure(figsize=(7.5, 6.5), dpi=90, layout="constrained")
    ax = fig.subplots()
    ax.imshow(matrix, cmap="Blues")
    for (i, j), v in np.ndenumerate(matrix):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                    color="white" if v > matrix.max() * 0.6 else "black")
    ax.set_xticks(range(len(cats)), cats, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(cats)), cats, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Reason category on the test split")
    return fig


def plot_calibration(pred: pd.DataFrame, bins: int = 10, calibration: dict | None = None):
    """Reliability diagram per label: mean predicted score vs share actually present, per score bin
    (marker size = drafts in the bin). Points on the diagonal mean well-calibrated scores."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 7), dpi=90, layout="constrained")
    axes = fig.subplots(2, 3, sharex=True, sharey=True).ravel()
    edges = np.linspace(0, 1, bins + 1)
    for ax, label in zip(axes, LABELS):
        ok = pred[f"{label}_score"].notna()
        scores = pred.loc[ok, f"{label}_score"].to_numpy(float)
        truth = pred.loc[ok, f"{label}_true"].to_numpy(float)
        which = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
        xs, ys, ns = [], [], []
        for b in range(bins):
            mask = which == b
            if mask.any():
                xs.append(scores[mask].mean())
                ys.append(truth[mask].mean())
                ns.append(mask.sum())
        ax.plot([0, 1], [0, 1], ls="--", color="#8C959F", lw=1, label="perfect")
        ax.plot(xs, ys, color="#0072B2", lw=1.5)
        ax.scatter(xs, ys, s=[12 + 3 * n for n in ns], color="#0072B2", alpha=0.7, label="score bins")
        title = label
        if calibration and label in calibration:
            title += f"  (ECE {calibration[label]['ece']:.3f}, Brier {calibration[label]['brier']:.3f})"
        ax.set_title(title, fontsize=9)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    for ax in axes[3:]:
        ax.set_xlabel("mean predicted score")
    for ax in axes[::3]:
        ax.set_ylabel("share actually present")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.suptitle("Calibration on the test split", fontsize=11)
    return fig


def worst_errors(pred: pd.DataFrame, n: int = 20, excerpt: int = 160) -> pd.DataFrame:
    """The most confident wrong predictions of the test split, one row per (draft, label)."""
    rows = []
    for label in LABELS:
        ok = pred[label].notna()
        part = pred[ok]
        predicted = part[label].astype(int).to_numpy()
        truth = part[f"{label}_true"].to_numpy()
        scores = part[f"{label}_score"].to_numpy(float)
        wrong = predicted != truth
        for i in np.flatnonzero(wrong):
            row = part.iloc[i]
            text = " ".join(str(row["text"]).split())
            rows.append({"id": row["id"], "lang": row["lang"], "label": label,
                         "error": "false positive" if predicted[i] else "false negative",
                         "score": round(float(scores[i]), 3),
                         "confidence": round(float(scores[i] if predicted[i] else 1 - scores[i]), 3),
                         "text": text[:excerpt] + ("\u2026" if len(text) > excerpt else "")})
    frame = pd.DataFrame(rows, columns=["id", "lang", "label", "error", "score", "confidence", "text"])
    return frame.sort_values("confidence", ascending=False, kind="stable").head(n).reset_index(drop=True)


def as_image(fig, dpi: int | None = None):
    """A matplotlib Figure as an IPython PNG image (displays the same in every front end)."""
    import io

    from IPython.display import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return Image(data=buf.getvalue(), format="png")
