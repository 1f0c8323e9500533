"""The model that reviews drafts: linear classifiers over TF-IDF features, applied with numpy.

It is trained as scikit-learn estimators (`reviewer.training.estimators`) and converted to
weight matrices. Three base models read the draft: per label a logistic regression over the
whole draft, a softmax over reason categories, and per label a logistic regression over each
sentence or clause (which also locates the evidence). A small stacking logistic regression
per label then combines the draft's scores, its strongest sentence per label (so a greeting or
a sign-off cannot dilute a finding) and the category probabilities (so a reason counts as
clear only when it is a credible kind of reason). The stacker is fitted on cross-validated
base scores, which also calibrates it. The category shown is picked by a linear SVM over the
same draft features, on the side of the line the clear_reason decision allows (it picked the
right category more often than the softmax, by cross-validation and on the stress split).
The review path needs neither scikit-learn nor skops; tests check that the scores equal the
estimators' own computation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse
from scipy.special import expit

from .features import TermIndex
from .labels import LABELS, SPECIFIC_REASONS
from .nlp import Analysis

#: Segment probability above which a sentence/clause is shown as evidence.
EVIDENCE_THRESHOLD = 0.5
MAX_EVIDENCE_SEGMENTS = 3
#: The pooled segment decision of a draft without segments (only an empty draft has none).
NO_SEGMENT = -10.0


def stack_inputs(doc_decision: np.ndarray, segment_max: np.ndarray, category_proba: np.ndarray) -> np.ndarray:
    """The stacker's input per draft: draft-level decisions, the strongest segment's decision
    per label, and the reason-category probabilities (one row per draft)."""
    return np.hstack([doc_decision, segment_max, category_proba])


def pick_categories(classes: Sequence[str], scores: np.ndarray, has_reason: np.ndarray) -> np.ndarray:
    """Column of the highest-scoring category per draft among those that agree with the
    clear_reason decision: a specific reason when there is one, vague, implausible or none
    when there is not (labeling guide)."""
    specific = np.asarray([c in SPECIFIC_REASONS for c in classes])
    return np.where(np.asarray(has_reason, bool)[:, None] == specific[None, :], scores, -np.inf).argmax(axis=1)


def pooled_max(segment_decision: np.ndarray, counts: Sequence[int]) -> np.ndarray:
    """Per draft (rows) and label (columns), the largest decision over the draft's segments."""
    counts = np.asarray(counts, dtype=np.int64)
    out = np.full((len(counts), segment_decision.shape[1]), NO_SEGMENT)
    has = counts > 0
    if has.any():
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[has]
        out[has] = np.maximum.reduceat(segment_decision, starts, axis=0)
    return out


@dataclass
class Prediction:
    """Model output for a batch: arrays aligned with the input drafts."""

    scores: dict[str, np.ndarray]
    present: dict[str, np.ndarray]
    reason_category: list[str]
    #: The category model's probability of the category shown (which the decider picked).
    reason_score: np.ndarray
    evidence: list[dict[str, list[tuple[int, int]]]]


@dataclass(eq=False)
class ReviewerModel:
    """Everything needed to review drafts; stored and loaded by `reviewer.artifacts`.

    Weight matrices have one row per feature column and one column per label (LABELS order)
    or per category (category_classes order).
    """

    doc_terms: TermIndex
    segment_terms: TermIndex
    label_weights: np.ndarray
    label_bias: np.ndarray
    stack_weights: np.ndarray
    stack_bias: np.ndarray
    thresholds: dict[str, float]
    category_classes: tuple[str, ...]
    category_weights: np.ndarray
    category_bias: np.ndarray
    decider_weights: np.ndarray
    decider_bias: np.ndarray
    segment_weights: np.ndarray
    segment_bias: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        k = len(LABELS)
        expected = {
            "label_weights": (self.doc_terms.n_features, k), "label_bias": (k,),
            "stack_weights": (2 * k + len(self.category_classes), k), "stack_bias": (k,), "category_weights": (self.doc_terms.n_features, len(self.category_classes)),
            "category_bias": (len(self.category_classes),),
            "decider_weights": (self.doc_terms.n_features, len(self.category_classes)),
            "decider_bias": (len(self.category_classes),),
            "segment_weights": (self.segment_terms.n_features, k), "segment_bias": (k,),
        }
        for name, shape in expected.items():
            if getattr(self, name).shape != shape:
                raise ValueError(f"{name} has shape {getattr(self, name).shape}, expected {shape}")
        if set(self.thresholds) != set(LABELS):
            raise ValueError(f"thresholds must cover exactly {', '.join(LABELS)}")
        self._threshold_row = np.asarray([self.thresholds[label] for label in LABELS])

    def __repr__(self) -> str:
        return (f"ReviewerModel({self.doc_terms.n_features} draft features, {self.segment_terms.n_features} "
                f"segment features, {len(self.category_classes)} reason categories, thresholds={self.thresholds})")

    # --- the maths -------------------------------------------------------------------------

    def label_decisions(self, X: sparse.spmatrix) -> np.ndarray:
        """Draft-level decision value per draft (rows) and label (columns, LABELS order)."""
        return np.asarray(X @ self.label_weights) + self.label_bias

    def stacked_scores(self, Z: np.ndarray) -> np.ndarray:
        """Calibrated probability per draft and label from the stacker's inputs."""
        return expit(Z @ self.stack_weights + self.stack_bias)

    def category_proba(self, X: sparse.spmatrix) -> np.ndarray:
        """Softmax probability per draft and reason category (category_classes order)."""
        decision = np.asarray(X @ self.category_weights) + self.category_bias
        decision -= decision.max(axis=1, keepdims=True)
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1, keepdims=True)
        return decision

    def category_decisions(self, X: sparse.spmatrix) -> np.ndarray:
        """The category decider's margin per draft and category (category_classes order): it
        picks the category shown; the probabilities above feed the stacker."""
        return np.asarray(X @ self.decider_weights) + self.decider_bias

    def segment_decisions(self, S: sparse.spmatrix) -> np.ndarray:
        """Decision value per segment (rows) that it carries each label (columns)."""
        return np.asarray(S @ self.segment_weights) + self.segment_bias

    # --- prediction ------------------------------------------------------------------------

    def predict(self, analyses: Sequence[Analysis], with_evidence: bool = True,
                evidence_for: Sequence[str] = LABELS) -> Prediction:
        """Score a batch of analysed drafts (vectorised once, every model applied in bulk).

        Evidence is located only for the labels in `evidence_for`."""
        n = len(analyses)
        if n == 0:
            return Prediction({l: np.zeros(0) for l in LABELS}, {l: np.zeros(0, bool) for l in LABELS},
                              [], np.zeros(0), [])
        X = self.doc_terms.transform([a.doc_tokens for a in analyses])
        counts = [len(a.segments) for a in analyses]
        S = self.segment_terms.transform([seg for a in analyses for seg in a.segment_tokens()])
        segment_decision = self.segment_decisions(S)
        proba = self.category_proba(X)
        table = self.stacked_scores(stack_inputs(self.label_decisions(X), pooled_max(segment_decision, counts), proba))
        decided = table >= self._threshold_row
        scores = {label: table[:, j] for j, label in enumerate(LABELS)}
        present = {label: decided[:, j] for j, label in enumerate(LABELS)}
        # A request for a new time is a follow-up by definition (labeling guide).
        implied = present["reschedule_request"] & ~present["follow_up"]
        if implied.any():
            present["follow_up"] = present["follow_up"] | implied
            scores["follow_up"] = np.where(implied, np.maximum(scores["follow_up"], scores["reschedule_request"]),
                                           scores["follow_up"])
        categories, category_scores = self._categories(self.category_decisions(X), proba, present["clear_reason"])
        evidence = (self._evidence(analyses, counts, expit(segment_decision), present, evidence_for)
                    if with_evidence and evidence_for else [{} for _ in range(n)])
        return Prediction(scores, present, categories, category_scores, evidence)

    def _categories(self, decision: np.ndarray, proba: np.ndarray,
                    has_reason: np.ndarray) -> tuple[list[str], np.ndarray]:
        """The decider's best category on the side the clear_reason decision allows, and the
        category model's probability for it."""
        best = pick_categories(self.category_classes, decision, has_reason)
        classes = self.category_classes
        return [classes[i] for i in best.tolist()], proba[np.arange(len(best)), best]

    def _evidence(self, analyses: Sequence[Analysis], counts: Sequence[int], segment_scores: np.ndarray,
                  present: Mapping[str, np.ndarray],
                  labels: Sequence[str] = LABELS) -> list[dict[str, list[tuple[int, int]]]]:
        """For every finding that is present, the segments that carry it (at least one)."""
        evidence: list[dict[str, list[tuple[int, int]]]] = [{} for _ in analyses]
        offsets = np.concatenate([[0], np.cumsum(counts)])
        for label in labels:
            seg_scores = segment_scores[:, LABELS.index(label)]
            for i in np.flatnonzero(present[label]).tolist():
                lo, hi = offsets[i], offsets[i + 1]
                if hi == lo:
                    continue
                local = seg_scores[lo:hi]
                order = np.argsort(-local, kind="stable")
                chosen = [j for j in order[:MAX_EVIDENCE_SEGMENTS] if local[j] >= EVIDENCE_THRESHOLD] or [order[0]]
                segs = analyses[i].segments
                evidence[i][label] = [(segs[j].start, segs[j].end) for j in chosen]  # strongest first
        return evidence

    # --- storage (plain arrays; see reviewer.artifacts) ------------------------------------

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Every part as a plain numeric or string array: storable without pickle."""
        return {
            **self.doc_terms.to_arrays("doc_"), **self.segment_terms.to_arrays("segment_"),
            "labels": np.asarray(LABELS, dtype=str),
            "label_weights": self.label_weights, "label_bias": self.label_bias,
            "stack_weights": self.stack_weights, "stack_bias": self.stack_bias,
            "thresholds": np.asarray([self.thresholds[label] for label in LABELS], dtype=float),
            "category_classes": np.asarray(self.category_classes, dtype=str),
            "category_weights": self.category_weights, "category_bias": self.category_bias,
            "decider_weights": self.decider_weights, "decider_bias": self.decider_bias,
            "segment_weights": self.segment_weights, "segment_bias": self.segment_bias,
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], meta: dict[str, Any] | None = None) -> "ReviewerModel":
        """Rebuild from to_arrays() output; raises ValueError if the parts do not fit together."""
        if tuple(arrays["labels"].tolist()) != LABELS:
            raise ValueError(f"artifact labels {arrays['labels'].tolist()} differ from {list(LABELS)}")
        floats = {name: np.asarray(arrays[name], dtype=float) for name in (
            "label_weights", "label_bias", "stack_weights", "stack_bias", "category_weights", "category_bias",
            "decider_weights", "decider_bias", "segment_weights", "segment_bias")}
        if not all(np.isfinite(v).all() for v in floats.values()):
            raise ValueError("artifact weights contain NaN or infinity")
        thresholds = dict(zip(LABELS, np.asarray(arrays["thresholds"], dtype=float).tolist()))
        if len(thresholds) != len(LABELS) or not all(0.0 < t < 1.0 for t in thresholds.values()):
            raise ValueError(f"artifact thresholds must be {len(LABELS)} numbers between 0 and 1")
        return cls(TermIndex.from_arrays(arrays, "doc_"), TermIndex.from_arrays(arrays, "segment_"),
                   thresholds=thresholds, category_classes=tuple(arrays["category_classes"].tolist()),
                   meta=dict(meta or {}), **floats)
