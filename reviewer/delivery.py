"""Timing and channel advice: cancel at least 24 hours ahead, call first, then voicemail/email."""
from __future__ import annotations

from datetime import datetime

from .labels import CHANNELS
from .messages import message
from .result import Suggestion

MIN_NOTICE_HOURS = 24


def notice_hours(interview_at: datetime, now: datetime | None = None) -> float:
    """Hours between now and the interview (negative when it is already past)."""
    if now is None:
        now = datetime.now(interview_at.tzinfo or None)
    if (interview_at.tzinfo is None) != (now.tzinfo is None):
        raise ValueError("interview_at and now must both be timezone-aware or both naive")
    return (interview_at - now).total_seconds() / 3600


def delivery_advice(lang: str, channel: str | None = None, interview_at: datetime | None = None,
                    now: datetime | None = None) -> list[Suggestion]:
    """Suggestions about when and how the draft is sent; empty when nothing is known."""
    out: list[Suggestion] = []
    if interview_at is not None:
        hours = notice_hours(interview_at, now)
        if hours < 0:
            out.append(Suggestion("notice_past", "high", message(lang, "notice_past")))
        elif hours < MIN_NOTICE_HOURS:
            shown = f"{hours:.0f}" if hours >= 1 else ("<1")
            out.append(Suggestion("notice_short", "high", message(lang, "notice_short", hours=shown)))
        else:
            out.append(Suggestion("notice_ok", "info", message(lang, "notice_ok", hours=int(hours))))
    if channel is not None:
        if channel not in CHANNELS:
            raise ValueError(f"channel must be one of {', '.join(CHANNELS)}, not {channel!r}")
        severity = "high" if channel == "text" else "low"
        out.append(Suggestion(f"channel_{channel}", severity, message(lang, f"channel_{channel}")))
    return out
