"""A keyword-rule baseline: a label is present when one of its cue phrases occurs.

It is what a quick hand-written checker would do, and `reviewer evaluate` prints it beside the
trained models so that the models' gain is visible (negation, "sorry to hear", vague reasons
dressed in long words are exactly where keywords fail)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

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
