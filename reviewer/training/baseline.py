"""Two baselines that `reviewer evaluate` prints beside the models, so their gain is visible.

- Keyword rules: a label is present when one of its cue phrases occurs. It is what a quick
  hand-written checker would do (negation, "sorry to hear", vague reasons dressed in long words
  are exactly where keywords fail).
- A plain TF-IDF classifier: word 1-2-grams and character 2-5-grams of the raw text, one
  logistic regression per label, trained on the same training split. It is what anyone with
  scikit-learn would build in ten minutes; the models must beat it clearly to earn their keep.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from ..labels import LABELS
from ..nlp import Analysis


def baseline_predict(analyses: Sequence[Analysis]) -> dict[str, np.ndarray]:
    """0/1 predictions per label from cue matches alone."""
    out = {label: np.zeros(len(analyses), dtype=int) for label in LABELS}
    for i, a in enumerate(analyses):
        cues = a.cue_spans
        out["apology"][i] = int("apology" in cues)
        out["clear_reason"][i] = int("specific_reason" in cues and "vague_reason" not in cues
                                     and "implausible" not in cues)
        out["oversharing"][i] = int("overshare" in cues or "implausible" in cues)
        out["follow_up"][i] = int("follow_up" in cues or "reschedule_request" in cues)
        out["gratitude"][i] = int("gratitude" in cues)
        out["reschedule_request"][i] = int("reschedule_request" in cues)
    return out


class TfidfBaseline:
    """Word + character TF-IDF and a logistic regression per label (scikit-learn defaults)."""

    def __init__(self, seed: int = 13) -> None:
        self.vectorizer = FeatureUnion([
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
        ])
        self.seed = seed
        self.models: dict[str, LogisticRegression] = {}

    def fit(self, train: pd.DataFrame) -> "TfidfBaseline":
        X = self.vectorizer.fit_transform(train["text"])
        self.models = {label: LogisticRegression(max_iter=5000, random_state=self.seed).fit(X, train[label])
                       for label in LABELS}
        return self

    def predict(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        X = self.vectorizer.transform(list(texts))
        return {label: self.models[label].predict(X).astype(int) for label in LABELS}
