"""`reviewer evaluate`: a model on the fixed test split and on the stress split, beside two
baselines, with calibration, confident errors and behavioural (CheckList) figures."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from .baseline import TfidfBaseline, baseline_predict
from .checklist import checklist_summary
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


def evaluate_model(model: ReviewerModel, test: pd.DataFrame, tfidf: TfidfBaseline | None = None) -> dict[str, Any]:
    """Every figure on one labelled split: labels (model and baselines), categories, language,
    calibration and confident errors, evidence."""
    texts = test["text"].tolist()
    detected = [detect_language(t) for t in texts]
    analyses = analyse(texts, detected)
    pred = model.predict(analyses)
    truth = {label: test[label].to_numpy() for label in LABELS}
    langs = test["lang"].tolist()
    model_pred = {label: pred.present[label].astype(int) for label in LABELS}
    results = {
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
    if tfidf is not None:
        results["tfidf_baseline"] = label_table(truth, tfidf.predict(texts), langs)
    return results


def evaluate_labelled(model: ReviewerModel, frame: pd.DataFrame) -> dict[str, Any]:
    """Figures on any labelled drafts (a team's file): labels per language (given, or detected
    where the file has none) beside the keyword baseline; categories where the file has them."""
    texts = frame["text"].tolist()
    detected = [detect_language(t) for t in texts]
    langs = [given if isinstance(given, str) and given else guess
             for given, guess in zip(frame.get("lang", [None] * len(frame)), detected)]
    analyses = analyse(texts, detected)
    pred = model.predict(analyses, with_evidence=False)
    truth = {label: frame[label].to_numpy().astype(int) for label in LABELS}
    results: dict[str, Any] = {
        "n": len(frame),
        "model": label_table(truth, {label: pred.present[label].astype(int) for label in LABELS}, langs),
        "baseline": label_table(truth, baseline_predict(analyses), langs),
        "calibration": calibration_summary(truth, pred.scores),
        "language_detection_accuracy": round(float(np.mean(np.array(detected) == np.array(langs))), 4),
    }
    categories = frame.get("reason_category", pd.Series([None] * len(frame)))
    known = np.asarray([isinstance(c, str) and bool(c) for c in categories])
    if known.any():
        got = np.asarray(pred.reason_category)[known]
        want = np.asarray(categories)[known]
        results["reason_category"] = {"n": int(known.sum()), "accuracy": round(float(accuracy_score(want, got)), 4),
                                      "macro_f1": round(float(f1_score(want, got, average="macro", zero_division=0)), 4)}
    return results


def rewrite_summary(model: ReviewerModel, texts: Sequence[str]) -> dict[str, Any]:
    """How the suggested rewrites fare (issue 9's checks, judged by our own reviewer): the share
    whose review finds an apology and a follow-up and no oversharing, whose clear reason survives,
    whose language is unchanged; the longest addition; and the share of drafts with nothing to fix
    that come back unchanged."""
    from ..api import review
    from ..labels import ESSENTIALS
    from ..rewriting import rewrite

    meets = reason_kept = with_reason = same_lang = fine = unchanged = 0
    longest = 0
    for text in texts:
        before = review(text, model=model)
        after = rewrite(text, model=model)
        rv = after.review
        meets += rv["apology"].present and rv["follow_up"].present and not rv["oversharing"].present
        if before["clear_reason"].present:
            with_reason += 1
            reason_kept += rv["clear_reason"].present
        same_lang += detect_language(after.text) == detect_language(text)
        longest = max(longest, len(after.text.split()) - len(text.split()))
        if all(before[label].good for label in ESSENTIALS) and before["gratitude"].present:
            fine += 1
            unchanged += not after.changed
    n = len(texts)
    return {"n": n, "meets_advice": round(meets / n, 4) if n else 0.0,
            "clear_reason_kept": round(reason_kept / with_reason, 4) if with_reason else 1.0,
            "language_kept": round(same_lang / n, 4) if n else 0.0, "longest_addition_words": longest,
            "nothing_to_fix": fine, "nothing_to_fix_unchanged": round(unchanged / fine, 4) if fine else 1.0}


def evaluate_all(model: ReviewerModel, corpus: pd.DataFrame, stress: pd.DataFrame | None) -> dict[str, Any]:
    """The test split, the stress split (when given), the margin over the plain TF-IDF
    baseline trained on the same training split, and the CheckList figures on the test split."""
    tfidf = TfidfBaseline().fit(corpus[corpus["split"] == "train"])
    test = corpus[corpus["split"] == "test"].reset_index(drop=True)
    results: dict[str, Any] = {"test": evaluate_model(model, test, tfidf)}
    if stress is not None and len(stress):
        results["stress"] = evaluate_model(model, stress.reset_index(drop=True), tfidf)
    results["margin_over_tfidf"] = {
        split: round(results[split]["model"]["all"]["macro_f1"] - results[split]["tfidf_baseline"]["all"]["macro_f1"], 4)
        for split in ("test", "stress") if split in results}
    results["checklist"] = checklist_summary(model, test["text"].tolist(), test["lang"].tolist())
    results["rewrite"] = {split: rewrite_summary(model, results_frame["text"].tolist())
                          for split, results_frame in (("test", test), ("stress", stress)) if results_frame is not None
                          and len(results_frame)}
    return results


def format_table(results: dict[str, Any]) -> str:
    """A plain-text table: per label and language, model P/R/F1 and baseline F1."""
    model, base = results["model"], results["baseline"]
    tfidf = results.get("tfidf_baseline")
    groups = ["all"] + [g for g in model if g != "all"]
    lines = [f"{'label':<20}{'lang':<7}{'n':>5}{'P':>8}{'R':>8}{'F1':>8}{'keyword F1':>12}"
             + (f"{'TF-IDF F1':>11}" if tfidf else "")]
    for label in LABELS:
        for g in groups:
            m, b = model[g]["labels"][label], base[g]["labels"][label]
            lines.append(f"{label:<20}{g:<7}{model[g]['n']:>5}{m['precision']:>8.3f}{m['recall']:>8.3f}"
                         f"{m['f1']:>8.3f}{b['f1']:>12.3f}" + (f"{tfidf[g]['labels'][label]['f1']:>11.3f}" if tfidf else ""))
    for g in groups:
        lines.append(f"{'macro-F1':<20}{g:<7}{model[g]['n']:>5}{'':>16}{model[g]['macro_f1']:>8.3f}"
                     f"{base[g]['macro_f1']:>12.3f}" + (f"{tfidf[g]['macro_f1']:>11.3f}" if tfidf else ""))
    rc = results.get("reason_category")
    lines.append((f"reason_category accuracy {rc['accuracy']:.3f}, macro-F1 {rc['macro_f1']:.3f}; " if rc else "")
                 + f"language detection accuracy {results['language_detection_accuracy']:.3f}")
    cal = results["calibration"]
    lines.append("calibration error (ECE) / confidently wrong (>= 90 % sure): " + ", ".join(
        f"{label} {cal[label]['ece']:.3f}/{cal[label].get('confidently_wrong', float('nan')):.1%}" for label in LABELS))
    return "\n".join(lines)


def format_report(results: dict[str, Any]) -> str:
    """Everything `reviewer evaluate` prints: both splits, the margins, the CheckList figures."""
    parts = []
    for split, title in (("test", "TEST SPLIT (written by the corpus writers, never used for training)"),
                         ("stress", "STRESS SPLIT (separate writers, real-message styles; never used for "
                                    "training or tuning)")):
        if split in results:
            parts += [f"{title}: {results[split]['n']} drafts", format_table(results[split]), ""]
    margins = results.get("margin_over_tfidf", {})
    if margins:
        parts.append("margin over the plain TF-IDF baseline (macro-F1): "
                     + ", ".join(f"{split} {value:+.3f}" for split, value in margins.items()))
    checklist = results.get("checklist")
    if checklist:
        parts.append(f"CheckList on the test split ({checklist['n']} drafts): share of drafts whose "
                     "apology / clear reason / oversharing / follow-up finding changes under a harmless edit")
        parts += [f"  {name:<26}{v['rate']:>7.1%}" for name, v in checklist["invariance"].items()]
        parts.append("  directional expectations, share of drafts that move the wrong way:")
        parts += [f"  {name:<38}{v['rate']:>7.1%}" for name, v in checklist["direction"].items()]
    for split, r in results.get("rewrite", {}).items():
        parts.append(f"Suggested rewrites of the {split} split ({r['n']} drafts, judged by this reviewer): "
                     f"apology + follow-up + no oversharing {r['meets_advice']:.1%}, clear reason kept "
                     f"{r['clear_reason_kept']:.1%}, language kept {r['language_kept']:.1%}, longest addition "
                     f"{r['longest_addition_words']} words, unchanged when nothing to fix "
                     f"{r['nothing_to_fix_unchanged']:.1%} of {r['nothing_to_fix']}")
    return "\n".join(parts)
