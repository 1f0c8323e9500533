"""Timing and channel advice: cancel at least 24 hours ahead, call first, then voicemail/email."""
from __future__ import annotations

import re
from datetime import datetime

from .labels import CHANNELS
from .messages import message
from .result import Suggestion

MIN_NOTICE_HOURS = 24

#: Words that put the interview within hours: "today", "this afternoon", "in 2 hours", "hari ini",
#: "nanti sore", "2 jam lagi" and mixed forms ("in 2 jam", "2 hours lagi"). "This morning" and
#: "tadi pagi" are left out: drafts use them for what already happened ("I threw up this morning").
#: Each pattern runs on lower-cased text only when one of its words occurs: every review in a
#: batch reads the draft's timing, and this keeps it to a few microseconds.
_SOON: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("today", "2day", "tdy", "tonight", "tonite"), re.compile(r"\b(?:todays?|2day|tdy|tonight|tonite)\b")),
    (("this", "later"), re.compile(r"\b(?:later\s+today|this\s+(?:afternoon|evening))\b")),
    (("ini",), re.compile(r"\b(?:h(?:ari|r)|siang|sore|malam|malem)\s+ini\b")),
    (("nanti", "ntar", "ntr", "nnti"), re.compile(r"\b(?:nanti|ntar|ntr|entar|nnti)\s+(?:siang|sore|malam|malem)\b")),
    (("lagi",), re.compile(r"\b(?:(?:se|satu|dua|tiga|empat|lima|setengah|\d{1,2})\s*jam|\d{1,3}\s*(?:menit|mnt)"
                           r"|(?:an?|one|two|three|\d{1,2})\s*(?:hours?|hrs?))\s+lagi\b")),
    (("in ",), re.compile(r"\bin\s+(?:an?|one|two|three|four|five|half\s+an|a\s+couple\s+of|a\s+few|\d{1,2})\s*"
                          r"(?:hours?|hrs?|h|minutes?|mins?|jam|menit)\b")),
)
#: Words that put it on the next day.
_TOMORROW = (("tomorrow", "tmr", "tomor", "tomoro", "2mor", "besok", "bsk", "besuk", "esok"),
             re.compile(r"\b(?:tomorrow|tmrw|tmr|tmrow|tomorow|tomoro|2moro|2morrow|besok|bsk|besuk|esok)\b"))


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


def notice_in_text(text: str) -> str | None:
    """How soon the draft itself says the interview is: "soon" (today, within hours),
    "tomorrow", or None (days away, or not said). The sooner reading wins."""
    low = text.lower()
    if any(any(w in low for w in words) and pattern.search(low) for words, pattern in _SOON):
        return "soon"
    words, pattern = _TOMORROW
    if any(w in low for w in words) and pattern.search(low):
        return "tomorrow"
    return None


def text_notice_advice(lang: str, text: str) -> list[Suggestion]:
    """Timing advice read from the draft's own words, for drafts reviewed without an interview
    time: call now when it is within hours (key `notice_from_text`), send now when it is
    tomorrow (`notice_from_text_tomorrow`, a gentler line)."""
    notice = notice_in_text(text)
    if notice == "soon":
        return [Suggestion("notice_from_text", "high", message(lang, "notice_from_text"))]
    if notice == "tomorrow":
        return [Suggestion("notice_from_text_tomorrow", "low", message(lang, "notice_from_text_tomorrow"))]
    return []
