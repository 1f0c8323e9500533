"""Training side of the model: the scikit-learn estimators (draft-level label classifiers, a
reason-category classifier, segment-level evidence classifiers over spaCy features), how they
are fitted, and their conversion into the numpy-only `reviewer.model.ReviewerModel` that
reviews drafts. Nothing on the review path imports this module (or scikit-learn)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from ..features import TermIndex
from ..labels import LABELS
from ..model import ReviewerModel, pooled_max, stack_inputs
from ..nlp import Analysis


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters chosen by cross-validation on the training split (see training.py)."""

    C: float = 16.0
    char_ngrams: bool = False
    category_C: float = 64.0
    category_balanced: bool = True
    decider_C: float = 1.0
    segment_C: float = 4.0
    stack_C: float = 1.0
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


def make_label_classifier(config: ModelConfig) -> LogisticRegression:
    """Draft-level logistic regression per label. Its decision values feed the stacker, which is
    fitted on cross-validated values and so also calibrates the final score."""
    return LogisticRegression(C=config.C, solver="liblinear", max_iter=5000, random_state=config.seed)


def make_stacker(config: ModelConfig) -> LogisticRegression:
    """Per label, a logistic regression over the base models' outputs (see reviewer.model)."""
    return LogisticRegression(C=config.stack_C, max_iter=5000, random_state=config.seed)


def make_category_classifier(config: ModelConfig) -> LogisticRegression:
    """Multinomial logistic regression over the same features; classes are balanced because
    rare categories (relocation, not_a_fit) matter as much to the feedback as common ones."""
    return LogisticRegression(C=config.category_C, max_iter=5000,
                              class_weight="balanced" if config.category_balanced else None)


def make_category_decider(config: ModelConfig) -> LinearSVC:
    """One-vs-rest linear SVM that picks the category shown. By 5-fold cross-validation on the
    training split it picked the right category about 0.01 more often than the softmax above
    (which stays, because its probabilities serve the stacker better), and 0.014 more often on
    the stress split (data/README.md, "Model selection")."""
    return LinearSVC(C=config.decider_C, class_weight="balanced" if config.category_balanced else None,
                     max_iter=20000, random_state=config.seed)


@dataclass
class BaseModels:
    """The base models: draft-level label classifiers, the reason-category classifier and
    segment-level label classifiers, with their vectorisers, plus the category decider."""

    vectorizer: Any
    label_models: dict[str, Any]
    category_model: Any
    segment_vectorizer: Any
    segment_models: dict[str, Any]
    category_decider: Any  # None in cross-validation folds, where only the stacker's inputs are needed

    @classmethod
    def fit(cls, analyses: Sequence[Analysis], labels: dict[str, Sequence[int]], categories: Sequence[str | None],
            segment_analyses: Sequence[Analysis], segment_labels: dict[str, Sequence[Sequence[int]]],
            config: ModelConfig, weights: Sequence[float] | None = None, decider: bool = True) -> "BaseModels":
        """Draft-level models learn from `analyses` (which may include augmented copies), with
        optional per-draft `weights` (a team's corrections count more than corpus drafts); a
        draft whose category is None (unknown) is left out of the category model. Segment
        models learn from the segments of `segment_analyses`, where segment_labels[label][i][j]
        is 1 when segment j of draft i overlaps an evidence quote of that label."""
        vectorizer = make_vectorizer(config)
        X = vectorizer.fit_transform([a.features for a in analyses])
        w = np.ones(len(analyses)) if weights is None else np.asarray(weights, dtype=float)
        label_models = {label: make_label_classifier(config).fit(X, np.asarray(labels[label]), sample_weight=w)
                        for label in LABELS}
        known = np.asarray([c is not None for c in categories])
        known_categories = np.asarray([c for c in categories if c is not None])
        category_model = make_category_classifier(config).fit(X[known], known_categories, sample_weight=w[known])
        category_decider = (make_category_decider(config).fit(X[known], known_categories, sample_weight=w[known])
                            if decider else None)
        segment_texts = [text for a in segment_analyses for text in a.segment_features()]
        segment_vectorizer = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2),
                                             min_df=2, sublinear_tf=True, dtype=np.float32)
        S = segment_vectorizer.fit_transform(segment_texts)
        segment_models = {}
        for label in LABELS:
            y = np.asarray([v for per_doc in segment_labels[label] for v in per_doc])
            model = LogisticRegression(C=config.segment_C, solver="liblinear", max_iter=5000,
                                       class_weight="balanced", random_state=config.seed)
            segment_models[label] = model.fit(S, y)
        return cls(vectorizer, label_models, category_model, segment_vectorizer, segment_models, category_decider)

    def stack_inputs(self, analyses: Sequence[Analysis]) -> np.ndarray:
        """The stacker's inputs computed with scikit-learn (the runtime model computes the same
        with numpy; tests compare the two)."""
        X = self.vectorizer.transform([a.features for a in analyses])
        doc = np.column_stack([self.label_models[label].decision_function(X) for label in LABELS])
        segment_texts = [text for a in analyses for text in a.segment_features()]
        if segment_texts:
            S = self.segment_vectorizer.transform(segment_texts)
            seg = np.column_stack([self.segment_models[label].decision_function(S) for label in LABELS])
        else:
            seg = np.zeros((0, len(LABELS)))
        pooled = pooled_max(seg, [len(a.segments) for a in analyses])
        return stack_inputs(doc, pooled, self.category_model.predict_proba(X))


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
    stack_models: dict[str, Any]
    category_decider: Any
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_parts(cls, base: BaseModels, stack_models: dict[str, Any], thresholds: dict[str, float] | None,
                   config: ModelConfig) -> "FittedEstimators":
        return cls(base.vectorizer, base.label_models, dict(thresholds or {l: 0.5 for l in LABELS}),
                   base.category_model, base.segment_vectorizer, base.segment_models, stack_models,
                   base.category_decider, {"config": config.__dict__})

    @property
    def base(self) -> BaseModels:
        return BaseModels(self.vectorizer, self.label_models, self.category_model, self.segment_vectorizer,
                          self.segment_models, self.category_decider)

    def predict_proba(self, analyses: Sequence[Analysis]) -> np.ndarray:
        """Final probability per draft and label, computed with scikit-learn."""
        Z = self.base.stack_inputs(analyses)
        return np.column_stack([self.stack_models[label].predict_proba(Z)[:, 1] for label in LABELS])

    def to_runtime(self) -> ReviewerModel:
        """The numpy-only model that reviews drafts: the same linear maths as the estimators
        (logistic regressions per label for drafts and segments, softmax over categories, and
        the stacking logistic regression per label) as stacked weight matrices."""
        models = [self.label_models[label] for label in LABELS]
        segments = [self.segment_models[label] for label in LABELS]
        stackers = [self.stack_models[label] for label in LABELS]
        if any(list(m.classes_) != [0, 1] for m in models + segments + stackers):
            raise ValueError("label, segment and stacking models must be binary with classes [0, 1]")
        if list(self.category_decider.classes_) != list(self.category_model.classes_):
            raise ValueError("the category decider and the category model must know the same categories")
        return ReviewerModel(
            doc_terms=TermIndex.from_vectorizer(self.vectorizer),
            segment_terms=TermIndex.from_vectorizer(self.segment_vectorizer),
            label_weights=np.column_stack([m.coef_.ravel() for m in models]),
            label_bias=np.asarray([m.intercept_[0] for m in models], dtype=float),
            stack_weights=np.column_stack([m.coef_.ravel() for m in stackers]),
            stack_bias=np.asarray([m.intercept_[0] for m in stackers], dtype=float),
            thresholds={label: float(self.thresholds[label]) for label in LABELS},
            category_classes=tuple(str(c) for c in self.category_model.classes_),
            category_weights=np.ascontiguousarray(self.category_model.coef_.T),
            category_bias=self.category_model.intercept_.astype(float),
            decider_weights=np.ascontiguousarray(self.category_decider.coef_.T),
            decider_bias=self.category_decider.intercept_.astype(float),
            segment_weights=np.column_stack([m.coef_.ravel() for m in segments]),
            segment_bias=np.asarray([m.intercept_[0] for m in segments], dtype=float),
            meta=dict(self.meta))
