"""`reviewer train`: model selection by cross-validation on the training split, a final fit,
and an honest evaluation on the fixed test split, written to models/metrics.json."""
from __future__ import annotations

import json
import platform
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import sklearn
import spacy
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from tqdm.auto import tqdm

from ..artifacts import METRICS_FILE, clear_model_cache, default_model_dir, save_model
from .corpus import load_corpus, segment_labels
from .estimators import (FittedEstimators, ModelConfig, make_category_classifier, make_label_classifier,
                         make_vectorizer)
from ..labels import LABELS
from ..language import detect_language
from .metrics import best_threshold, label_table
from ..nlp import Analysis, analyse

#: Candidate hyper-parameters compared by 5-fold cross-validation on the training split.
#: Character n-grams are not among them: measured on this corpus they added 0.002 CV macro-F1
#: (0.9178 vs 0.9157) while making vectorising 5-10x slower, which would break the
#: 2,000 drafts/s budget (see data/README.md, "Model selection").
CANDIDATES: tuple[ModelConfig, ...] = tuple(ModelConfig(C=c) for c in (4.0, 16.0, 64.0))
#: Reason-category classifier settings compared the same way: (C, balanced classes).
CATEGORY_CANDIDATES: tuple[tuple[float, bool], ...] = tuple((c, b) for c in (4.0, 16.0, 64.0) for b in (False, True))
FOLDS = 5
SEED = 13


def analyse_frame(frame: pd.DataFrame) -> list[Analysis]:
    """Analyse drafts with the language the reviewer itself would detect at run time."""
    texts = frame["text"].tolist()
    return analyse(texts, [detect_language(t) for t in texts])


def out_of_fold_scores(analyses: Sequence[Analysis], frame: pd.DataFrame, config: ModelConfig,
                       progress: Callable | None = None) -> dict[str, np.ndarray]:
    """Out-of-fold scores per label for one configuration (folds stratified by language)."""
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    features = np.array([a.features for a in analyses], dtype=object)
    scores = {label: np.zeros(len(frame)) for label in LABELS}
    for train_idx, test_idx in folds.split(features, frame["lang"]):
        vectorizer = make_vectorizer(config)
        X_train = vectorizer.fit_transform(features[train_idx])
        X_test = vectorizer.transform(features[test_idx])
        for label in LABELS:
            y = frame[label].to_numpy()
            model = make_label_classifier(config).fit(X_train, y[train_idx])
            scores[label][test_idx] = model.predict_proba(X_test)[:, 1]
        if progress:
            progress()
    return scores


def select_config(analyses: Sequence[Analysis], frame: pd.DataFrame, candidates: Sequence[ModelConfig],
                  show_progress: bool = True) -> tuple[ModelConfig, dict[str, float], list[dict]]:
    """The candidate with the best cross-validated macro-F1, its tuned thresholds, and the report."""
    report = []
    best: tuple[float, ModelConfig, dict[str, np.ndarray]] | None = None
    with tqdm(total=len(candidates) * FOLDS, desc="cross-validation", disable=not show_progress) as bar:
        for config in candidates:
            scores = out_of_fold_scores(analyses, frame, config, progress=lambda: bar.update(1))
            pred = {label: (scores[label] >= 0.5).astype(int) for label in LABELS}
            table = label_table({l: frame[l].to_numpy() for l in LABELS}, pred, frame["lang"].tolist())
            report.append({"config": asdict(config), "cv_macro_f1": table["all"]["macro_f1"],
                           "cv_f1": {l: v["f1"] for l, v in table["all"]["labels"].items()},
                           "cv_macro_f1_per_lang": {g: t["macro_f1"] for g, t in table.items() if g != "all"}})
            if best is None or table["all"]["macro_f1"] > best[0]:
                best = (table["all"]["macro_f1"], config, scores)
    assert best is not None
    _, config, scores = best
    thresholds = {label: best_threshold(frame[label].to_numpy(), scores[label]) for label in LABELS}
    return config, thresholds, report


def select_category(analyses: Sequence[Analysis], frame: pd.DataFrame, config: ModelConfig,
                    show_progress: bool = True) -> tuple[ModelConfig, list[dict]]:
    """Pick the reason-category classifier settings with the best cross-validated macro-F1."""
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    features = [a.features for a in analyses]
    y = frame["reason_category"].to_numpy()
    report, best = [], None
    for C, balanced in tqdm(CATEGORY_CANDIDATES, desc="category model", disable=not show_progress):
        candidate = replace(config, category_C=C, category_balanced=balanced)
        pipe = make_pipeline(make_vectorizer(candidate), make_category_classifier(candidate))
        pred = cross_val_predict(pipe, features, y, cv=folds.split(features, frame["lang"]))
        score = round(float(f1_score(y, pred, average="macro")), 4)
        report.append({"category_C": C, "balanced": balanced, "cv_macro_f1": score,
                       "cv_accuracy": round(float(accuracy_score(y, pred)), 4)})
        if best is None or score > best[0]:
            best = (score, candidate)
    assert best is not None
    return best[1], report


def fit_model(frame: pd.DataFrame, analyses: Sequence[Analysis], config: ModelConfig,
              thresholds: dict[str, float] | None = None) -> FittedEstimators:
    seg_labels = {
        label: [segment_labels(a, text, ev.get(label, []))
                for a, text, ev in zip(analyses, frame["text"], frame["evidence"])]
        for label in LABELS
    }
    return FittedEstimators.fit(analyses, {l: frame[l].tolist() for l in LABELS}, frame["reason_category"].tolist(),
                             seg_labels, config, thresholds)


def train(data_path: Path | str | None = None, model_dir: Path | str | None = None, search: bool = True,
          limit: int | None = None, show_progress: bool = True) -> dict:
    """Retrain everything deterministically and write the artifact plus metrics.json.

    `limit` keeps only the first N training drafts (for quick checks); `search=False` skips the
    cross-validated hyper-parameter search and uses the defaults.
    """
    started = time.perf_counter()
    corpus = load_corpus(data_path)
    train_frame = corpus[corpus["split"] == "train"].reset_index(drop=True)
    if limit:
        train_frame = train_frame.head(limit)
    analyses = analyse_frame(train_frame)
    if search:
        config, thresholds, report = select_config(analyses, train_frame, CANDIDATES, show_progress)
        config, category_report = select_category(analyses, train_frame, config, show_progress)
    else:
        config, thresholds, report, category_report = ModelConfig(), None, [], []
    estimators = fit_model(train_frame, analyses, config, thresholds)
    versions = {"reviewer": _version(), "scikit-learn": sklearn.__version__, "spacy": spacy.__version__,
                "python": platform.python_version()}
    estimators.meta = {"config": asdict(config), "thresholds": estimators.thresholds, "versions": versions,
                       "trained_on": {"drafts": len(train_frame), "split": "train",
                                      "per_language": train_frame["lang"].value_counts().to_dict()}}
    model_dir = Path(model_dir) if model_dir else default_model_dir()
    model = save_model(estimators, model_dir)  # evaluated exactly as stored and shipped
    clear_model_cache()

    from .evaluation import evaluate_model  # local import: evaluation imports the API

    metrics = {
        "model": model.meta,
        "model_selection": {"folds": FOLDS, "seed": SEED, "candidates": report,
                            "category_candidates": category_report},
        "test": evaluate_model(model, corpus[corpus["split"] == "test"].reset_index(drop=True)),
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    (model_dir / METRICS_FILE).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    return metrics


def _version() -> str:
    from .. import __version__
    return __version__
