"""Turns findings into suggestions ordered by importance, specific to the draft."""
from __future__ import annotations

from typing import Mapping, Sequence

from .messages import message
from .result import Finding, Suggestion

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
QUOTE_LIMIT = 70

_OVERSHARE_KEY = {
    "illness": "overshare_illness", "family": "overshare_family", "transport": "overshare_transport",
    "implausible": "overshare_implausible", "new_offer": "overshare_offer",
}


def quote(text: str, start: int, end: int, limit: int = QUOTE_LIMIT) -> str:
    """A short, single-line excerpt of text[start:end] in quotation marks."""
    excerpt = " ".join(text[start:end].split())
    if len(excerpt) > limit:
        excerpt = excerpt[: limit - 1].rstrip() + "…"
    return f"\u201c{excerpt}\u201d"


def build_feedback(text: str, findings: Mapping[str, Finding], reason_category: str, lang: str,
                   cue_spans: Mapping[str, Sequence[tuple[int, int]]]) -> list[Suggestion]:
    """Suggestions for one draft, most important first (stable within a severity)."""
    out: list[Suggestion] = []

    over = findings["oversharing"]
    if over.present:
        key = _OVERSHARE_KEY.get(reason_category, "overshare_generic")
        where = over.evidence[0] if over.evidence else None
        snippet = quote(text, where.start, where.end) if where else "…"
        out.append(Suggestion(key, "high", message(lang, key, quote=snippet), "oversharing"))

    if not findings["apology"].present:
        out.append(Suggestion("no_apology", "high", message(lang, "no_apology"), "apology"))

    if not findings["clear_reason"].present:
        if reason_category == "vague":
            spans = cue_spans.get("vague_reason")
            if spans:
                key, text_ = "vague_reason", message(lang, "vague_reason", quote=quote(text, *spans[0]))
            else:
                key, text_ = "vague_reason_noquote", message(lang, "vague_reason_noquote")
        elif reason_category == "implausible":
            key, text_ = "implausible_reason", message(lang, "implausible_reason")
        else:
            key, text_ = "no_reason", message(lang, "no_reason")
        if not (key == "implausible_reason" and over.present):  # already said above
            out.append(Suggestion(key, "high", text_, "clear_reason"))

    if not findings["gratitude"].present:
        out.append(Suggestion("no_gratitude", "medium", message(lang, "no_gratitude"), "gratitude"))

    if not findings["follow_up"].present:
        key = "closing_door" if "close_door" in cue_spans else "no_follow_up"
        out.append(Suggestion(key, "medium", message(lang, key), "follow_up"))
    elif findings["reschedule_request"].present:
        out.append(Suggestion("follow_up_email", "low", message(lang, "follow_up_email"), "reschedule_request"))
    else:
        out.append(Suggestion("reschedule_tip", "low", message(lang, "reschedule_tip"), "reschedule_request"))

    if all(findings[l].good for l in ("apology", "clear_reason", "oversharing", "follow_up")):
        out.insert(0, Suggestion("all_good", "info", message(lang, "all_good")))
    elif findings["clear_reason"].present and not over.present and reason_category in ("illness", "new_offer"):
        key = "reason_ok_illness" if reason_category == "illness" else "reason_ok_offer"
        out.append(Suggestion(key, "info", message(lang, key), "clear_reason"))

    return sorted(out, key=lambda s: SEVERITY_ORDER[s.severity])
