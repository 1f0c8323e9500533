"""The trained reviewer model: draft-level classifiers, a reason-category classifier and
segment-level evidence classifiers, all plain scikit-learn estimators over spaCy features."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from .labels import LABELS, REASON_CATEGORIES, SPECIFIC_REASONS
from .nlp import Analysis

#: Segment probability above which a sentence/clause is shown as evidence.
EVIDENCE_THRESHOLD = 0.5
MAX_EVIDENCE_SEGMENTS = 3


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
class Prediction:
    """Model output for a batch: arrays aligned with the input drafts."""

    scores: dict[str, np.ndarray]
    present: dict[str, np.ndarray]
    reason_category: list[str]
    reason_score: np.ndarray
    evidence: list[dict[str, list[tuple[int, int]]]]


@dataclass
class ReviewerModel:
    """Everything needed to review drafts; stored and loaded by `reviewer.artifacts`."""

    vectorizer: Any
    label_models: dict[str, Any]
    thresholds: dict[str, float]
    category_model: Any
    segment_vectorizer: Any
    segment_models: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)
    #: Linear weights of all models, stacked (built on first use, not stored in the artifact):
    #: one sparse product scores all labels, instead of 6 sklearn calls with their input checks.
    _fast: Any = field(default=None, init=False, repr=False, compare=False)

    def _scorers(self) -> "_FastScorers":
        if self._fast is None:
            self._fast = _FastScorers.build(self)
        return self._fast

    @classmethod
    def fit(cls, analyses: Sequence[Analysis], labels: dict[str, Sequence[int]], categories: Sequence[str],
            segment_labels: dict[str, Sequence[Sequence[int]]], config: ModelConfig,
            thresholds: dict[str, float] | None = None) -> "ReviewerModel":
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

        segment_texts = [s.features for a in analyses for s in a.segments]
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

    def predict(self, analyses: Sequence[Analysis], with_evidence: bool = True,
                evidence_for: Sequence[str] = LABELS) -> Prediction:
        """Score a batch of analysed drafts (vectorised once, every model applied in bulk).

        Evidence is located only for the labels in `evidence_for` (a batch that needs quotes
        for its feedback alone skips the segment models of the other labels)."""
        n = len(analyses)
        if n == 0:
            return Prediction({l: np.zeros(0) for l in LABELS}, {l: np.zeros(0, bool) for l in LABELS},
                              [], np.zeros(0), [])
        X = self.vectorizer.transform([a.features for a in analyses])
        scores = self._scorers().label_scores(X)
        present = {label: scores[label] >= self.thresholds[label] for label in LABELS}
        # A request for a new time is a follow-up by definition (labeling guide).
        implied = present["reschedule_request"] & ~present["follow_up"]
        if implied.any():
            present["follow_up"] = present["follow_up"] | implied
            scores["follow_up"] = np.where(implied, np.maximum(scores["follow_up"], scores["reschedule_request"]),
                                           scores["follow_up"])
        categories, category_scores = self._categories(X, present["clear_reason"])
        evidence = (self._evidence(analyses, present, evidence_for) if with_evidence and evidence_for
                    else [{} for _ in range(n)])
        return Prediction(scores, present, categories, category_scores, evidence)

    def _categories(self, X: sparse.spmatrix, has_reason: np.ndarray) -> tuple[list[str], np.ndarray]:
        """Pick the likeliest category that agrees with the clear_reason decision."""
        proba = self._scorers().category_proba(X)
        classes = list(self.category_model.classes_)
        specific = np.array([c in SPECIFIC_REASONS for c in classes])
        masked = np.where(has_reason[:, None] == specific[None, :], proba, -1.0)
        best = masked.argmax(axis=1)
        return [classes[i] for i in best], proba[np.arange(len(best)), best]

    def _evidence(self, analyses: Sequence[Analysis], present: dict[str, np.ndarray],
                  labels: Sequence[str] = LABELS) -> list[dict[str, list[tuple[int, int]]]]:
        """For every finding that is present, the segments that carry it (at least one).
        Only drafts with at least one such finding have their segments vectorised."""
        evidence: list[dict[str, list[tuple[int, int]]]] = [{} for _ in analyses]
        needed = np.zeros(len(analyses), bool)
        for label in labels:
            needed |= present[label]
        docs = np.flatnonzero(needed)
        offsets = np.cumsum([0] + [len(analyses[i].segments) for i in docs])
        if offsets[-1] == 0:
            return evidence
        S = self.segment_vectorizer.transform([s.features for i in docs for s in analyses[i].segments])
        segment_scores = self._scorers().segment_scores(S)
        for label in labels:
            rows = np.flatnonzero(present[label][docs])
            if rows.size == 0:
                continue
            seg_scores = segment_scores[:, LABELS.index(label)]
            for k in rows:
                i = docs[k]
                lo, hi = offsets[k], offsets[k + 1]
                if hi == lo:
                    continue
                local = seg_scores[lo:hi]
                order = np.argsort(-local, kind="stable")
                chosen = [j for j in order[:MAX_EVIDENCE_SEGMENTS] if local[j] >= EVIDENCE_THRESHOLD] or [order[0]]
                segs = analyses[i].segments
                evidence[i][label] = [(segs[j].start, segs[j].end) for j in chosen]  # strongest first
        return evidence


@dataclass(frozen=True)
class _FastScorers:
    """The fitted linear models as stacked weight matrices (exactly what their predict_proba
    computes: sigmoid-calibrated logistic regression for labels, softmax for categories,
    logistic for segments), applied with one sparse product each."""

    label_w: np.ndarray
    label_b: np.ndarray
    cal_a: np.ndarray
    cal_b: np.ndarray
    category_w: np.ndarray
    category_b: np.ndarray
    segment_w: np.ndarray
    segment_b: np.ndarray

    @classmethod
    def build(cls, model: "ReviewerModel") -> "_FastScorers":
        weights, intercepts, slopes, offsets = [], [], [], []
        for label in LABELS:
            calibrated = model.label_models[label]
            (part,) = calibrated.calibrated_classifiers_  # ensemble=False: one classifier
            (calibrator,) = part.calibrators  # binary: one sigmoid for the positive class
            if part.method != "sigmoid" or list(part.estimator.classes_) != [0, 1]:
                raise ValueError(f"unsupported calibration for {label}")
            weights.append(part.estimator.coef_.ravel())
            intercepts.append(part.estimator.intercept_[0])
            slopes.append(calibrator.a_)
            offsets.append(calibrator.b_)
        seg = [model.segment_models[label] for label in LABELS]
        return cls(np.column_stack(weights), np.asarray(intercepts), np.asarray(slopes), np.asarray(offsets),
                   np.ascontiguousarray(model.category_model.coef_.T), model.category_model.intercept_.copy(),
                   np.column_stack([m.coef_.ravel() for m in seg]), np.asarray([m.intercept_[0] for m in seg]))

    def label_scores(self, X: sparse.spmatrix) -> dict[str, np.ndarray]:
        decision = np.asarray(X @ self.label_w) + self.label_b
        proba = expit(-(self.cal_a * decision + self.cal_b))
        return {label: proba[:, j] for j, label in enumerate(LABELS)}

    def category_proba(self, X: sparse.spmatrix) -> np.ndarray:
        decision = np.asarray(X @ self.category_w) + self.category_b
        decision -= decision.max(axis=1, keepdims=True)
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1, keepdims=True)
        return decision

    def segment_scores(self, S: sparse.spmatrix) -> np.ndarray:
        return expit(np.asarray(S @ self.segment_w) + self.segment_b)
