"""`reviewer train`: model selection by cross-validation on the training split, a final fit,
and an honest evaluation on the fixed test split, written to models/metrics.json."""
from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import sklearn
import spacy
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from tqdm.auto import tqdm

from ..artifacts import MANIFEST_FILE, METRICS_FILE, clear_model_cache, default_model_dir, save_model
from .corpus import STRESS_FILE, load_corpus, load_stress, segment_labels
from .corrections import load_labelled
from .augment import augment
from .estimators import (BaseModels, FittedEstimators, ModelConfig, make_category_classifier,
                         make_category_decider, make_stacker, make_vectorizer)
from ..labels import LABELS
from ..model import pick_categories
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
#: Category decider (linear SVM) settings, compared by the accuracy of the category it would show.
DECIDER_CANDIDATES: tuple[float, ...] = (0.25, 1.0, 4.0)
FOLDS = 5
SEED = 13
#: Edited copies of each training draft (reviewer.training.augment) for the draft-level models.
AUGMENT_COPIES = 2
#: Processes that fit cross-validation folds at once (REVIEWER_TRAIN_JOBS; default: all cores).
TRAIN_JOBS = int(os.environ.get("REVIEWER_TRAIN_JOBS", "0")) or (os.cpu_count() or 1)
#: How many corpus drafts one of a team's labelled drafts counts as (`reviewer train --add`).
ADDED_WEIGHT = 20.0
#: Char n-gram cosine at which a corpus draft counts as the same text as an added one.
NEAR_DUPLICATE = 0.8


def analyse_frame(frame: pd.DataFrame) -> list[Analysis]:
    """Analyse drafts with the language the reviewer itself would detect at run time."""
    texts = frame["text"].tolist()
    return analyse(texts, [detect_language(t) for t in texts])


@dataclass
class TrainingSet:
    """The training drafts, their analyses and evidence per segment, and their edited copies.
    A copy always goes with its original (the same cross-validation fold). `weight` counts a
    draft more (a team's correction); drafts without evidence quotes (`has_evidence` False:
    added by a team) are left out of the segment models, and a category of None out of the
    category model."""

    frame: pd.DataFrame
    analyses: list[Analysis]
    segment_labels: dict[str, list[list[int]]]
    copies: pd.DataFrame
    copy_analyses: list[Analysis]

    @classmethod
    def build(cls, frame: pd.DataFrame, copies: int = AUGMENT_COPIES, seed: int = SEED) -> "TrainingSet":
        frame = frame.reset_index(drop=True)
        if "weight" not in frame:
            frame = frame.assign(weight=1.0)
        if "has_evidence" not in frame:
            frame = frame.assign(has_evidence=True)
        analyses = analyse_frame(frame)
        seg_labels = {label: [segment_labels(a, text, ev.get(label, []))
                              for a, text, ev in zip(analyses, frame["text"], frame["evidence"])]
                      for label in LABELS}
        extra = augment(frame, copies=copies, seed=seed) if copies else frame.head(0).assign(origin=[])
        return cls(frame, analyses, seg_labels, extra, analyse_frame(extra) if len(extra) else [])

    def folds(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(train, held-out) positions of the original drafts, stratified by language."""
        splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
        return list(splitter.split(np.zeros(len(self.frame)), self.frame["lang"]))

    def fit_base(self, rows: np.ndarray, config: ModelConfig, decider: bool = True) -> BaseModels:
        """Base models fitted on the original drafts at `rows` plus their edited copies (the
        category decider only with `decider`: the stacker's inputs do not need it)."""
        keep = np.isin(self.copies["origin"].to_numpy(), rows) if len(self.copies) else np.zeros(0, bool)
        copy_rows = np.flatnonzero(keep)
        docs = [self.analyses[i] for i in rows] + [self.copy_analyses[i] for i in copy_rows]
        labels = {label: np.concatenate([self.frame[label].to_numpy()[rows],
                                         self.copies[label].to_numpy()[copy_rows].astype(int)]) for label in LABELS}
        categories = [*self.frame["reason_category"].to_numpy()[rows], *self.copies["reason_category"].to_numpy()[copy_rows]]
        weights = np.concatenate([self.weights[rows], self.copies["weight"].to_numpy(dtype=float)[copy_rows]])
        seg_rows = [i for i in rows if self.frame.at[i, "has_evidence"]]
        seg_labels = {label: [self.segment_labels[label][i] for i in seg_rows] for label in LABELS}
        return BaseModels.fit(docs, labels, categories, [self.analyses[i] for i in seg_rows], seg_labels, config,
                              weights=weights, decider=decider)

    @property
    def weights(self) -> np.ndarray:
        return self.frame["weight"].to_numpy(dtype=float)

    def truth(self, label: str) -> np.ndarray:
        return self.frame[label].to_numpy()


def _fold_inputs(data: "TrainingSet", train_idx: np.ndarray, test_idx: np.ndarray, config: ModelConfig) -> np.ndarray:
    # One BLAS thread, in a worker process or not: the solvers' sums then run in one order, so
    # the inputs (and the shipped artifact) are the same for any TRAIN_JOBS.
    with threadpool_limits(limits=1):
        return data.fit_base(train_idx, config, decider=False).stack_inputs([data.analyses[i] for i in test_idx])


def out_of_fold_inputs(data: TrainingSet, config: ModelConfig, progress: Callable | None = None) -> np.ndarray:
    """The stacker's inputs for every training draft, each from base models that never saw it
    (nor any edited copy of it). Folds are fitted in parallel on all cores (TRAIN_JOBS); the
    result does not depend on how many."""
    folds = data.folds()
    parts = Parallel(n_jobs=min(TRAIN_JOBS, len(folds)), return_as="generator")(
        delayed(_fold_inputs)(data, train_idx, test_idx, config) for train_idx, test_idx in folds)
    Z: np.ndarray | None = None
    for (_, test_idx), part in zip(folds, parts):
        if Z is None:
            Z = np.zeros((len(data.frame), part.shape[1]))
        Z[test_idx] = part
        if progress:
            progress()
    assert Z is not None
    return Z


def fit_stackers(Z: np.ndarray, data: TrainingSet, config: ModelConfig) -> dict[str, LogisticRegression]:
    return {label: make_stacker(config).fit(Z, data.truth(label), sample_weight=data.weights) for label in LABELS}


def stacked_oof_scores(Z: np.ndarray, data: TrainingSet, config: ModelConfig) -> dict[str, np.ndarray]:
    """Cross-validated stacker scores (the same folds): what thresholds and selection see."""
    scores = {label: np.zeros(len(data.frame)) for label in LABELS}
    for train_idx, test_idx in data.folds():
        for label in LABELS:
            model = make_stacker(config).fit(Z[train_idx], data.truth(label)[train_idx],
                                             sample_weight=data.weights[train_idx])
            scores[label][test_idx] = model.predict_proba(Z[test_idx])[:, 1]
    return scores


def select_config(data: TrainingSet, candidates: Sequence[ModelConfig],
                  show_progress: bool = True) -> tuple[ModelConfig, np.ndarray, dict[str, float], list[dict]]:
    """The candidate with the best cross-validated macro-F1, its out-of-fold stacker inputs,
    its tuned thresholds, and the report."""
    report = []
    best: tuple[float, ModelConfig, np.ndarray, dict[str, np.ndarray]] | None = None
    frame = data.frame
    with tqdm(total=len(candidates) * FOLDS, desc="cross-validation", disable=not show_progress) as bar:
        for config in candidates:
            Z = out_of_fold_inputs(data, config, progress=lambda: bar.update(1))
            scores = stacked_oof_scores(Z, data, config)
            pred = {label: (scores[label] >= 0.5).astype(int) for label in LABELS}
            table = label_table({l: frame[l].to_numpy() for l in LABELS}, pred, frame["lang"].tolist())
            report.append({"config": asdict(config), "cv_macro_f1": table["all"]["macro_f1"],
                           "cv_f1": {l: v["f1"] for l, v in table["all"]["labels"].items()},
                           "cv_macro_f1_per_lang": {g: t["macro_f1"] for g, t in table.items() if g != "all"}})
            if best is None or table["all"]["macro_f1"] > best[0]:
                best = (table["all"]["macro_f1"], config, Z, scores)
    assert best is not None
    _, config, Z, scores = best
    thresholds = {label: best_threshold(data.truth(label), scores[label]) for label in LABELS}
    return config, Z, thresholds, report


def select_category(data: TrainingSet, config: ModelConfig,
                    show_progress: bool = True) -> tuple[ModelConfig, list[dict]]:
    """Pick the reason-category classifier settings with the best cross-validated macro-F1
    (original drafts only, the same folds)."""
    features = [a.features for a in data.analyses]
    y = data.frame["reason_category"].to_numpy()
    report, best = [], None
    for C, balanced in tqdm(CATEGORY_CANDIDATES, desc="category model", disable=not show_progress):
        candidate = replace(config, category_C=C, category_balanced=balanced)
        pipe = make_pipeline(make_vectorizer(candidate), make_category_classifier(candidate))
        pred = cross_val_predict(pipe, features, y, cv=data.folds())
        score = round(float(f1_score(y, pred, average="macro")), 4)
        report.append({"category_C": C, "balanced": balanced, "cv_macro_f1": score,
                       "cv_accuracy": round(float(accuracy_score(y, pred)), 4)})
        if best is None or score > best[0]:
            best = (score, candidate)
    assert best is not None
    return best[1], report


def select_decider(data: TrainingSet, config: ModelConfig, Z: np.ndarray, thresholds: dict[str, float],
                   show_progress: bool = True) -> tuple[ModelConfig, list[dict]]:
    """Pick the category decider's C by the cross-validated accuracy of the category the
    reviewer would show: the decider's best on the side the out-of-fold clear_reason decision
    allows (original drafts only, the same folds)."""
    has_reason = stacked_oof_scores(Z, data, config)["clear_reason"] >= thresholds["clear_reason"]
    features = [a.features for a in data.analyses]
    y = data.frame["reason_category"].to_numpy()
    classes = sorted(set(y))  # the column order of cross_val_predict's decision values
    report, best = [], None
    for C in tqdm(DECIDER_CANDIDATES, desc="category decider", disable=not show_progress):
        candidate = replace(config, decider_C=C)
        pipe = make_pipeline(make_vectorizer(candidate), make_category_decider(candidate))
        decision = cross_val_predict(pipe, features, y, cv=data.folds(), method="decision_function")
        shown = np.asarray(classes)[pick_categories(classes, decision, has_reason)]
        score = round(float(accuracy_score(y, shown)), 4)
        report.append({"decider_C": C, "cv_accuracy_shown": score})
        if best is None or score > best[0]:
            best = (score, candidate)
    assert best is not None
    return best[1], report


def fit_model(data: TrainingSet, config: ModelConfig, Z: np.ndarray | None = None,
              thresholds: dict[str, float] | None = None, progress: Callable | None = None) -> FittedEstimators:
    """The final base models on every training draft, and stackers on out-of-fold inputs;
    thresholds tuned on cross-validated stacker scores unless given."""
    if Z is None:
        Z = out_of_fold_inputs(data, config, progress=progress)
    if thresholds is None:
        scores = stacked_oof_scores(Z, data, config)
        thresholds = {label: best_threshold(data.truth(label), scores[label]) for label in LABELS}
    base = data.fit_base(np.arange(len(data.frame)), config)
    return FittedEstimators.from_parts(base, fit_stackers(Z, data, config), thresholds, config)


def shipped_config() -> ModelConfig:
    """The hyper-parameters chosen by cross-validation for the shipped model (a team's
    retraining reuses them instead of searching again)."""
    try:
        meta = json.loads((default_model_dir() / MANIFEST_FILE).read_text())["meta"]["config"]
        return ModelConfig(**{k: v for k, v in meta.items() if k in ModelConfig.__dataclass_fields__})
    except (OSError, KeyError, TypeError, ValueError):
        return ModelConfig()


def with_added(train_frame: pd.DataFrame, added: pd.DataFrame,
               weight: float = ADDED_WEIGHT) -> tuple[pd.DataFrame, list[str]]:
    """The training drafts plus a team's labelled drafts, which must win where they disagree:
    each added draft counts `weight` times, and corpus drafts that say the opposite about
    (nearly) the same text are dropped. Returns the frame and the ids of the dropped drafts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    added = added.reset_index(drop=True)
    langs = [lang if isinstance(lang, str) else detect_language(text)
             for lang, text in zip(added.get("lang", [None] * len(added)), added["text"])]
    rows = pd.DataFrame({
        "id": [f"added-{i + 1:04d}" for i in range(len(added))], "lang": langs, "channel": "text",
        "text": added["text"], **{label: added[label].astype(int) for label in LABELS},
        "reason_category": [c if isinstance(c, str) and c else None for c in added.get("reason_category", [None] * len(added))],
        "evidence": [{} for _ in range(len(added))], "note": "", "split": "train",
        "weight": weight, "has_evidence": False})
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    X = vectorizer.fit_transform(pd.concat([train_frame["text"], rows["text"]]).str.lower())
    similarity = (X[: len(train_frame)] @ X[len(train_frame):].T).toarray()
    contradicted = []
    for i, j in zip(*np.nonzero(similarity >= NEAR_DUPLICATE)):
        if any(train_frame.iloc[i][label] != rows.iloc[j][label] for label in LABELS):
            contradicted.append(train_frame.iloc[i]["id"])
    kept = train_frame[~train_frame["id"].isin(contradicted)].assign(weight=1.0, has_evidence=True)
    return pd.concat([kept, rows], ignore_index=True), sorted(set(contradicted))


def train(data_path: Path | str | None = None, model_dir: Path | str | None = None, search: bool = True,
          limit: int | None = None, show_progress: bool = True,
          added: Sequence[Path | str] = (), on_progress: Callable[[str, float], None] | None = None) -> dict:
    """Retrain everything deterministically and write the artifact plus metrics.json.

    `limit` keeps only the first N training drafts (for quick checks); `search=False` skips the
    cross-validated hyper-parameter search and uses the defaults. `added` names a team's
    labelled files (JSON Lines, CSV or Excel) to train on beside the corpus train split; their
    drafts win over corpus drafts that contradict them (see `with_added`), and the shipped
    model's hyper-parameters are reused. `on_progress(stage, fraction)` is called as the work
    advances (fraction from 0 to 1), for progress bars in notebooks.
    """
    started = time.perf_counter()
    report_progress = on_progress or (lambda stage, fraction: None)
    report_progress("analysing the drafts", 0.0)
    corpus = load_corpus(data_path)
    train_frame = corpus[corpus["split"] == "train"].reset_index(drop=True)
    if limit:
        train_frame = train_frame.head(limit)
    dropped: list[str] = []
    added_rows = 0
    if added:
        team = pd.concat([load_labelled(path) for path in added], ignore_index=True)
        added_rows = len(team)
        train_frame, dropped = with_added(train_frame, team)
        search = False
    data = TrainingSet.build(train_frame)
    report_progress("cross-validation", 0.15)
    decider_report: list[dict] = []
    if added:
        config, Z, thresholds, report, category_report = shipped_config(), None, None, [], []
    elif search:
        config, category_report = select_category(data, ModelConfig(), show_progress)
        config, Z, thresholds, report = select_config(data, [replace(c, category_C=config.category_C,
                                                                     category_balanced=config.category_balanced)
                                                             for c in CANDIDATES], show_progress)
        config, decider_report = select_decider(data, config, Z, thresholds, show_progress)
    else:
        config, Z, thresholds, report, category_report = ModelConfig(), None, None, [], []
    folds_done = [0]

    def fold_done() -> None:
        folds_done[0] += 1
        report_progress("cross-validation", 0.15 + 0.6 * folds_done[0] / FOLDS)

    estimators = fit_model(data, config, Z, thresholds, progress=fold_done if Z is None else None)
    report_progress("fitting the final model", 0.8)
    versions = {"reviewer": _version(), "scikit-learn": sklearn.__version__, "spacy": spacy.__version__,
                "python": platform.python_version()}
    estimators.meta = {"config": asdict(config), "thresholds": estimators.thresholds, "versions": versions,
                       "trained_on": {"drafts": len(train_frame), "split": "train",
                                      "per_language": train_frame["lang"].value_counts().to_dict(),
                                      "edited_copies": len(data.copies)}}
    if added:
        estimators.meta["trained_on"].update({"added_files": [str(p) for p in added], "added_drafts": added_rows,
                                              "added_weight": ADDED_WEIGHT, "dropped_corpus_drafts": dropped})
    model_dir = Path(model_dir) if model_dir else default_model_dir()
    model = save_model(estimators, model_dir)  # evaluated exactly as stored and shipped
    clear_model_cache()

    from .evaluation import evaluate_all  # local import: evaluation imports the API

    report_progress("evaluating", 0.9)
    stress_path = Path(data_path).parent / STRESS_FILE if data_path else None
    stress = load_stress(stress_path) if stress_path is None or stress_path.is_file() else None
    train_seconds = round(time.perf_counter() - started, 1)
    metrics = {
        "model": model.meta,
        "model_selection": {"folds": FOLDS, "seed": SEED, "candidates": report,
                            "category_candidates": category_report, "decider_candidates": decider_report},
        **evaluate_all(model, corpus, stress),
        "train_seconds": train_seconds,
    }
    (model_dir / METRICS_FILE).write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    report_progress("done", 1.0)
    return metrics


def _version() -> str:
    from .. import __version__
    return __version__
