"""`rewrite()`: the draft rewritten to follow the advice, with its changes, review and kit."""
from __future__ import annotations

from datetime import datetime

from ..api import review
from ..artifacts import load_model
from ..language import resolve_language
from ..model import ReviewerModel
from ..validation import check_text
from .changes import diff_changes
from .engine import MAX_PASSES, Pass, rewrite_pass, short_notice, withdrawing
from .kit import build_kit
from .register import detect_register
from .result import RewriteResult


def rewrite(text: str, lang: str | None = None, *, channel: str | None = None,
            interview_at: datetime | None = None, now: datetime | None = None,
            model: ReviewerModel | None = None) -> RewriteResult:
    """Rewrite a draft to meet the advice, in its own language and register.

    The writer's fine sentences stay, in order and in their words; oversharing is cut (a cut
    reason is summarised by its kind); a missing apology, follow-up or thanks is added where it
    belongs; a missing or unbelievable reason becomes a bracketed placeholder. A draft with
    nothing to fix comes back unchanged. Arguments and errors are those of `reviewer.review`.
    """
    text = check_text(text)
    language = resolve_language(text, lang)
    model = model or load_model()
    passes: list[Pass] = []
    current = text
    # Passes repeat until one changes nothing. Each reads the language afresh unless the caller
    # fixed it, exactly as a later rewrite() of the result would: the result is a fixed point.
    for _ in range(MAX_PASSES):
        passes.append(rewrite_pass(current, lang, channel, interview_at, now, model))
        if passes[-1].text == current:
            final_review = passes[-1].review
            break
        current = passes[-1].text
    else:
        final_review = review(current, lang, channel=channel, interview_at=interview_at, now=now, model=model)
    first = passes[0]
    kit = build_kit(current, first.review, detect_register(text, language, channel),
                    withdrawing=withdrawing(first.review, first.analysis),
                    short_notice=short_notice(text, interview_at, now),
                    interview_at=interview_at)
    log = [entry for p in passes for entry in p.log]
    return RewriteResult(text, current, language, diff_changes(text, current, log), final_review, kit)
