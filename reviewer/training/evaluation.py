"""`reviewer evaluate`: the shipped model against the fixed test split, beside the baseline."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from .baseline import baseline_predict
from .corpus import quote_spans
from ..labels import LABELS
from ..language import detect_language
from .metrics import calibration_summary, label_table
from ..model import ReviewerModel
from ..nlp import analyse


def evidence_hit_rate(frame: pd.DataFrame, evidence: list[dict[str, list[tuple[int, int]]]]) -> dict[str, float]:
    """Share of correctly detected findings whose first highlighted span overlaps a gold quote."""
    rates = {}
    for label in LABELS:
        hits = total = 0
        for text, gold, pred in zip(frame["text"], frame["evidence"], evidence):
            if label not in pred or not gold.get(label):
                continue
            total += 1
            start, end = pred[label][0]
            hits += any(s < end and start < e for s, e in quote_spans(text, gold[label]))
        rates[label] = round(hits / total, 4) if total else float("nan")
    return rates


def evaluate_model(model: ReviewerModel, test: pd.DataFrame) -> dict[str, Any]:
    """Every test-split figure: labels (model and baseline), categories, language, calibration."""
    texts = test["text"].tolist()
    detected = [detect_language(t) for t in texts]
    analyses = analyse(texts, detected)
    pred = model.predict(analyses)
    truth = {label: test[label].to_numpy() for label in LABELS}
    langs = test["lang"].tolist()
    model_pred = {label: pred.present[label].astype(int) for label in LABELS}
    return {
        "n": len(test),
        "model": label_table(truth, model_pred, langs),
        "baseline": label_table(truth, baseline_predict(analyses), langs),
        "reason_category": {
            "accuracy": round(float(accuracy_score(test["reason_category"], pred.reason_category)), 4),
            "macro_f1": round(float(f1_score(test["reason_category"], pred.reason_category, average="macro",
                                             zero_division=0)), 4),
        },
        "language_detection_accuracy": round(float(np.mean(np.array(detected) == np.array(langs))), 4),
        "calibration": calibration_summary(truth, pred.scores),
        "evidence_hit_rate": evidence_hit_rate(test, pred.evidence),
    }


def format_table(results: dict[str, Any]) -> str:
    """A plain-text table: per label and language, model P/R/F1 and baseline F1."""
    model, base = results["model"], results["baseline"]
    groups = ["all"] + [g for g in model if g != "all"]
    lines = [f"{'label':<20}{'lang':<7}{'n':>5}{'P':>8}{'R':>8}{'F1':>8}{'base F1':>10}"]
    for label in LABELS:
        for g in groups:
            m, b = model[g]["labels"][label], base[g]["labels"][label]
            lines.append(f"{label:<20}{g:<7}{model[g]['n']:>5}{m['precision']:>8.3f}{m['recall']:>8.3f}"
                         f"{m['f1']:>8.3f}{b['f1']:>10.3f}")
    for g in groups:
        lines.append(f"{'macro-F1':<20}{g:<7}{model[g]['n']:>5}{'':>16}{model[g]['macro_f1']:>8.3f}"
                     f"{base[g]['macro_f1']:>10.3f}")
    rc = results["reason_category"]
    lines.append(f"reason_category accuracy {rc['accuracy']:.3f}, macro-F1 {rc['macro_f1']:.3f}; "
                 f"language detection accuracy {results['language_detection_accuracy']:.3f}")
    return "\n".join(lines)
