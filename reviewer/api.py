"""The public review API: one draft (`review`) or a whole DataFrame (`review_frame`)."""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from .artifacts import load_model
from .delivery import delivery_advice
from .feedback import build_feedback, suggestions_for
from .labels import LABELS
from .language import feedback_language, resolve_language
from .model import Prediction, ReviewerModel
from .nlp import Analysis, analyse
from .result import Evidence, Finding, ReviewResult
from .validation import check_text, text_status

if TYPE_CHECKING:  # pandas is imported by review_frame only: one draft starts faster without it
    import pandas as pd

#: Columns review_frame adds, in order.
OUTPUT_COLUMNS: tuple[str, ...] = (
    *LABELS, *(f"{label}_score" for label in LABELS), "language", "reason_category", "feedback", "status",
)
#: The column `review_frame(..., rewrite=True)` adds after OUTPUT_COLUMNS.
REWRITE_COLUMN = "rewrite"
DEFAULT_BATCH = 2048
#: The only evidence a table needs: feedback quotes the oversharing passage.
FEEDBACK_EVIDENCE: tuple[str, ...] = ("oversharing",)


def _result(text: str, lang: str, analysis: Analysis, pred: Prediction, i: int) -> ReviewResult:
    findings = {}
    for label in LABELS:
        spans = pred.evidence[i].get(label, [])
        findings[label] = Finding(label, bool(pred.present[label][i]), round(float(pred.scores[label][i]), 4),
                                  tuple(Evidence(s, e, text[s:e]) for s, e in spans))
    category = pred.reason_category[i]
    fb_lang = feedback_language(lang, text)
    suggestions = build_feedback(text, findings, category, fb_lang, analysis.cue_spans)
    return ReviewResult(text, lang, fb_lang, findings, category, round(float(pred.reason_score[i]), 4),
                        tuple(suggestions))


def review_many(texts: Sequence[str], langs: Sequence[str], model: ReviewerModel | None = None,
                evidence_for: Sequence[str] = LABELS) -> list[ReviewResult]:
    """Review already-validated drafts with known languages, in bulk (order preserved).
    Evidence spans are located for the labels in `evidence_for` only."""
    model = model or load_model()
    analyses = analyse(texts, langs)
    pred = model.predict(analyses, evidence_for=evidence_for)
    return [_result(t, l, a, pred, i) for i, (t, l, a) in enumerate(zip(texts, langs, analyses))]


_GC_LOCK = threading.Lock()
_GC_STATE = {"pauses": 0, "was_enabled": False}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch is reviewed.

    Analysing a batch allocates hundreds of thousands of small lists and tuples that all live
    until the batch ends, and the collector keeps scanning them without finding anything to
    free (benchmarks/bench_breakdown.py prints review_frame with and without the pause).
    Reference counting still frees everything as usual; the pause only defers cycle detection
    to the end of the batch. The collector is a process-wide switch, so pauses are counted:
    with several threads reviewing at once (Dask's threaded scheduler), it is switched back on
    when the last of them ends, and only if it was on when the first began.
    """
    with _GC_LOCK:
        if _GC_STATE["pauses"] == 0:
            _GC_STATE["was_enabled"] = gc.isenabled()
            gc.disable()
        _GC_STATE["pauses"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_STATE["pauses"] -= 1
            if _GC_STATE["pauses"] == 0 and _GC_STATE["was_enabled"]:
                gc.enable()


def _review_rows(texts: Sequence[str], langs: Sequence[str], model: ReviewerModel) -> tuple[Prediction, list[str]]:
    """Predictions and the joined feedback text of each draft, without the per-draft result
    objects `review_many` builds (a table needs neither the findings nor most evidence spans).
    The suggestions are the same as `review_many`'s: tests compare the two."""
    analyses = analyse(texts, langs)
    pred = model.predict(analyses, evidence_for=FEEDBACK_EVIDENCE)
    decisions = [pred.present[label].tolist() for label in LABELS]
    messages = []
    for i, (text, lang, analysis) in enumerate(zip(texts, langs, analyses)):
        present = {label: flags[i] for label, flags in zip(LABELS, decisions)}
        over = pred.evidence[i].get("oversharing")
        suggestions = suggestions_for(text, present, over[0] if over else None, pred.reason_category[i],
                                      feedback_language(lang, text), analysis.cue_spans)
        messages.append("\n".join(s.message for s in suggestions))
    return pred, messages


def review(text: str, lang: str | None = None, *, channel: str | None = None,
           interview_at: datetime | None = None, now: datetime | None = None,
           model: ReviewerModel | None = None) -> ReviewResult:
    """Review one draft.

    lang: None/"auto" to detect, or "en", "id", "mixed". channel ("email", "text", "voicemail")
    and interview_at add timing and channel advice to the feedback.
    Raises TypeError for a non-string and ValueError for a draft that cannot be reviewed
    (empty, no words, binary, longer than validation.MAX_CHARS).
    """
    text = check_text(text)
    language = resolve_language(text, lang)
    return review_analysed(text, language, analyse([text], [language])[0], model, channel=channel,
                           interview_at=interview_at, now=now)


def review_analysed(text: str, language: str, analysis: Analysis, model: ReviewerModel | None = None, *,
                    channel: str | None = None, interview_at: datetime | None = None,
                    now: datetime | None = None) -> ReviewResult:
    """review() of a validated draft whose analysis is already at hand: the rewrite reads the
    same analysis for its sentence-level work, and analysing twice would double its cost."""
    model = model or load_model()
    result = _result(text, language, analysis, model.predict([analysis]), 0)
    extra = delivery_advice(result.feedback_language, channel, interview_at, now)
    if not extra:
        return result
    from .feedback import SEVERITY_ORDER

    # A given interview time is better evidence than the draft's own words ("today", "besok").
    known = [s for s in result.feedback if not (interview_at is not None and s.key.startswith("notice_from_text"))]
    ordered = sorted([*extra, *known], key=lambda s: SEVERITY_ORDER[s.severity])
    return ReviewResult(result.text, result.language, result.feedback_language, result.findings,
                        result.reason_category, result.reason_score, tuple(ordered), result.status)


class MissingColumnError(KeyError):
    """The text column is not in the input."""

    def __str__(self) -> str:
        return str(self.args[0])


class ColumnClashError(ValueError):
    """Input columns have the names of columns the review adds."""


def check_columns(columns: Iterable[Any], text_column: str, rewrite: bool = False) -> None:
    """Raise a clear error for a missing text column or input columns that clash with ours
    (with `rewrite`, also the REWRITE_COLUMN)."""
    columns = list(columns)
    if text_column not in columns:
        raise MissingColumnError(f"text column {text_column!r} not found; the input has: {', '.join(map(str, columns))}")
    ours = (*OUTPUT_COLUMNS, REWRITE_COLUMN) if rewrite else OUTPUT_COLUMNS
    clashes = [c for c in columns if c in ours]
    if clashes:
        raise ColumnClashError(f"input columns clash with review output columns: {', '.join(map(str, clashes))}; "
                         "rename or drop them first")


def review_frame(df: pd.DataFrame, text_column: str = "text", lang: str | None = None,
                 model: ReviewerModel | None = None, batch_size: int = DEFAULT_BATCH,
                 progress: Callable[[int], Any] | None = None, rewrite: bool = False) -> pd.DataFrame:
    """Review every row of `df[text_column]`.

    Returns a new DataFrame: the input columns unchanged and in order, the same rows in the same
    order, plus OUTPUT_COLUMNS. Rows that cannot be reviewed keep their place with a `status`
    saying why and empty outputs. `progress(n)` is called after each batch with its row count.
    With `rewrite`, a last column REWRITE_COLUMN holds `reviewer.rewrite()`'s text per draft
    (empty where `status` is not ok); each draft is then rewritten on its own, which costs about
    two single-draft reviews, many times the batched review.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"review_frame() needs a pandas DataFrame, got {type(df).__name__}")
    check_columns(df.columns, text_column, rewrite)
    if lang is not None:
        resolve_language("", lang)  # validates the override early
    model = model or load_model()
    values = df[text_column].tolist()
    n = len(values)
    status = [text_status(v) for v in values]
    ok = [i for i, s in enumerate(status) if s == "ok"]

    present = {label: np.full(n, -1, dtype=np.int8) for label in LABELS}
    scores = {label: np.full(n, np.nan) for label in LABELS}
    language: list[Any] = [None] * n
    category: list[Any] = [None] * n
    feedback: list[Any] = [None] * n
    rewritten: list[Any] = [None] * n
    for lo in range(0, len(ok), batch_size):
        idx = ok[lo:lo + batch_size]
        texts = [values[i] for i in idx]
        langs = [resolve_language(t, lang) for t in texts]
        with paused_gc():
            pred, messages = _review_rows(texts, langs, model)
        rows = np.asarray(idx)
        for label in LABELS:
            present[label][rows] = pred.present[label]
            # rounded like review()'s Finding.score (Python's round, not numpy's)
            scores[label][rows] = [round(x, 4) for x in pred.scores[label].tolist()]
        for i, lang_, category_, message_ in zip(idx, langs, pred.reason_category, messages):
            language[i], category[i], feedback[i] = lang_, category_, message_
        if rewrite:
            from .rewriting import rewrite as rewrite_draft

            for i in idx:
                rewritten[i] = rewrite_draft(values[i], lang, model=model).text
        if progress:
            progress(len(idx))
    if progress and len(ok) < n:
        progress(n - len(ok))

    out = df.copy()
    for label in LABELS:
        out[label] = pd.array(np.where(present[label] < 0, None, present[label]), dtype="Int8")
    for label in LABELS:
        out[f"{label}_score"] = scores[label]
    out["language"] = pd.array(language, dtype="string")
    out["reason_category"] = pd.array(category, dtype="string")
    out["feedback"] = pd.array(feedback, dtype="string")
    out["status"] = pd.array(status, dtype="string")
    if rewrite:
        out[REWRITE_COLUMN] = pd.array(rewritten, dtype="string")
    return out
