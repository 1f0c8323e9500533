"""Turns findings into suggestions ordered by importance, specific to the draft."""
from __future__ import annotations

from typing import Mapping, Sequence

from .delivery import text_notice_advice
from .labels import ESSENTIALS, is_good
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
    over = findings["oversharing"].evidence
    return suggestions_for(text, {label: f.present for label, f in findings.items()},
                           (over[0].start, over[0].end) if over else None, reason_category, lang, cue_spans)


def suggestions_for(text: str, present: Mapping[str, bool], overshare_span: tuple[int, int] | None,
                    reason_category: str, lang: str,
                    cue_spans: Mapping[str, Sequence[tuple[int, int]]]) -> list[Suggestion]:
    """build_feedback from plain decisions: what a batch uses, without building Finding objects.
    overshare_span is the strongest oversharing evidence, quoted in the suggestion."""
    out: list[Suggestion] = []

    over_present = present["oversharing"]
    if over_present:
        key = _OVERSHARE_KEY.get(reason_category, "overshare_generic")
        snippet = quote(text, *overshare_span) if overshare_span else "…"
        out.append(Suggestion(key, "high", message(lang, key, quote=snippet), "oversharing"))

    if not present["apology"]:
        out.append(Suggestion("no_apology", "high", message(lang, "no_apology"), "apology"))

    if not present["clear_reason"]:
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
        if not (key == "implausible_reason" and over_present):  # already said above
            out.append(Suggestion(key, "high", text_, "clear_reason"))

    if not present["gratitude"]:
        out.append(Suggestion("no_gratitude", "medium", message(lang, "no_gratitude"), "gratitude"))

    if not present["follow_up"]:
        key = "closing_door" if "close_door" in cue_spans else "no_follow_up"
        out.append(Suggestion(key, "medium", message(lang, key), "follow_up"))
    elif present["reschedule_request"]:
        out.append(Suggestion("follow_up_email", "low", message(lang, "follow_up_email"), "reschedule_request"))
    else:
        out.append(Suggestion("reschedule_tip", "low", message(lang, "reschedule_tip"), "reschedule_request"))

    if all(is_good(label, present[label]) for label in ESSENTIALS):
        out.insert(0, Suggestion("all_good", "info", message(lang, "all_good")))
    elif present["clear_reason"] and not over_present and reason_category in ("illness", "new_offer"):
        key = "reason_ok_illness" if reason_category == "illness" else "reason_ok_offer"
        out.append(Suggestion(key, "info", message(lang, key), "clear_reason"))

    # Timing read from the draft's own words; review() drops it when it knows the interview time.
    out.extend(text_notice_advice(lang, text))
    return sorted(out, key=lambda s: SEVERITY_ORDER[s.severity])
