"""Training side of the model: the scikit-learn estimators (draft-level label classifiers, a
reason-category classifier, segment-level evidence classifiers over spaCy features), how they
are fitted, and their conversion into the numpy-only `reviewer.model.ReviewerModel` that
reviews drafts. Nothing on the review path imports this module (or scikit-learn)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from ..features import TermIndex
from ..labels import LABELS
from ..model import ReviewerModel
from ..nlp import Analysis


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters chosen by cross-validation on the training split (see training.py)."""

    C: float = 16.0
    char_ngrams: bool = False
    category_C: float = 64.0
    category_balanced: bool = True
    segment_C: float = 4.0
    seed: int = 13


def make_vectorizer(config: ModelConfig) -> FeatureUnion | TfidfVectorizer:
    """Word uni/bigrams of normalised tokens and cue/negation/length markers, plus character
    n-grams that survive typos, slang spellings and Indonesian affixes."""
    words = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2),
                            min_df=2, sublinear_tf=True, dtype=np.float32)
    if not config.char_ngrams:
        return words
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                            max_features=60000, dtype=np.float32)
    return FeatureUnion([("words", words), ("chars", chars)])


def make_label_classifier(config: ModelConfig) -> CalibratedClassifierCV:
    """Logistic regression with Platt scaling fitted on out-of-fold scores, so that a score of
    0.8 means roughly 80 % of such drafts carry the label."""
    base = LogisticRegression(C=config.C, solver="liblinear", max_iter=5000, random_state=config.seed)
    return CalibratedClassifierCV(base, method="sigmoid", cv=5, ensemble=False)


def make_category_classifier(config: ModelConfig) -> LogisticRegression:
    """Multinomial logistic regression over the same features; classes are balanced because
    rare categories (relocation, not_a_fit) matter as much to the feedback as common ones."""
    return LogisticRegression(C=config.category_C, max_iter=5000,
                              class_weight="balanced" if config.category_balanced else None)


@dataclass
class FittedEstimators:
    """The fitted scikit-learn parts, kept as such in `models/reviewer.skops` for inspection and
    for checking that the runtime model computes exactly what they compute."""

    vectorizer: Any
    label_models: dict[str, Any]
    thresholds: dict[str, float]
    category_model: Any
    segment_vectorizer: Any
    segment_models: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def fit(cls, analyses: Sequence[Analysis], labels: dict[str, Sequence[int]], categories: Sequence[str],
            segment_labels: dict[str, Sequence[Sequence[int]]], config: ModelConfig,
            thresholds: dict[str, float] | None = None) -> "FittedEstimators":
        """Fit all parts. segment_labels[label][i][j] is 1 when segment j of draft i overlaps
        an evidence quote of that label."""
        vectorizer = make_vectorizer(config)
        X = vectorizer.fit_transform([a.features for a in analyses])
        label_models = {}
        for label in LABELS:
            model = make_label_classifier(config)
            model.fit(X, np.asarray(labels[label]))
            label_models[label] = model
        category_model = make_category_classifier(config)
        category_model.fit(X, np.asarray(categories))

        segment_texts = [text for a in analyses for text in a.segment_features()]
        segment_vectorizer = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2),
                                             min_df=2, sublinear_tf=True, dtype=np.float32)
        S = segment_vectorizer.fit_transform(segment_texts)
        segment_models = {}
        for label in LABELS:
            y = np.asarray([v for per_doc in segment_labels[label] for v in per_doc])
            model = LogisticRegression(C=config.segment_C, solver="liblinear", max_iter=5000,
                                       class_weight="balanced", random_state=config.seed)
            model.fit(S, y)
            segment_models[label] = model
        return cls(vectorizer, label_models, dict(thresholds or {l: 0.5 for l in LABELS}),
                   category_model, segment_vectorizer, segment_models,
                   {"config": config.__dict__})

    def to_runtime(self) -> ReviewerModel:
        """The numpy-only model that reviews drafts: the same linear maths as the estimators'
        predict_proba (sigmoid-calibrated logistic regression per label, softmax over
        categories, logistic regression per label for segments) as stacked weight matrices."""
        weights, intercepts, slopes, offsets = [], [], [], []
        for label in LABELS:
            calibrated = self.label_models[label]
            (part,) = calibrated.calibrated_classifiers_  # ensemble=False: one classifier
            (calibrator,) = part.calibrators  # binary: one sigmoid for the positive class
            if part.method != "sigmoid" or list(part.estimator.classes_) != [0, 1]:
                raise ValueError(f"unsupported calibration for {label}")
            weights.append(part.estimator.coef_.ravel())
            intercepts.append(part.estimator.intercept_[0])
            slopes.append(calibrator.a_)
            offsets.append(calibrator.b_)
        segments = [self.segment_models[label] for label in LABELS]
        if any(list(m.classes_) != [0, 1] for m in segments):
            raise ValueError("segment models must be binary with classes [0, 1]")
        return ReviewerModel(
            doc_terms=TermIndex.from_vectorizer(self.vectorizer),
            segment_terms=TermIndex.from_vectorizer(self.segment_vectorizer),
            label_weights=np.column_stack(weights), label_bias=np.asarray(intercepts, dtype=float),
            calibration_a=np.asarray(slopes, dtype=float), calibration_b=np.asarray(offsets, dtype=float),
            thresholds={label: float(self.thresholds[label]) for label in LABELS},
            category_classes=tuple(str(c) for c in self.category_model.classes_),
            category_weights=np.ascontiguousarray(self.category_model.coef_.T),
            category_bias=self.category_model.intercept_.astype(float),
            segment_weights=np.column_stack([m.coef_.ravel() for m in segments]),
            segment_bias=np.asarray([m.intercept_[0] for m in segments], dtype=float),
            meta=dict(self.meta))
