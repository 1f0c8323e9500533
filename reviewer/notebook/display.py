"""HTML rendering of a review: readiness summary, checklist, highlighted draft, suggestions.

Pure functions from a `ReviewResult` to HTML strings, shared by the draft reviewer widget, the
batch notebook's detail view and anything else that wants to show a review. Every piece of the
draft (and every feedback sentence, which may quote it) goes through `html.escape` first: under
Voila the page is public. No label is signalled by colour alone: each highlight carries a text
badge and a tooltip, each checklist row an icon and a word.
"""
from __future__ import annotations

import html
from typing import Iterable, Sequence

from ..feedback import quote
from ..labels import ESSENTIALS, LABELS, PLAIN_NAMES, WARN_WHEN_PRESENT
from ..result import Finding, ReviewResult, Suggestion
from .ui_text import HIGHLIGHT_NAMES, LANGUAGE_NAMES, REASON_NAMES, TAGS, WHY, ui

__all__ = [
    "COLOURS", "DELIVERY_KEYS", "highlight_segments", "render_checklist", "render_delivery",
    "render_highlights", "render_message", "render_review", "render_suggestions", "render_summary",
    "fixes_text", "copy_button", "verdict", "confidence", "esc",
]

#: One colour per label (Okabe-Ito palette, safe for the common colour-vision deficiencies):
#: (strong colour for borders and bars, light tint for the highlight background).
COLOURS: dict[str, tuple[str, str]] = {
    "apology": ("#0072B2", "#CCE3F0"),
    "clear_reason": ("#009E73", "#C7EBDD"),
    "oversharing": ("#D55E00", "#F7D3BD"),
    "follow_up": ("#B07800", "#F6E3B0"),
    "gratitude": ("#CC79A7", "#F2DAE7"),
    "reschedule_request": ("#3A8CC0", "#D6ECF8"),
}
PASS_COLOUR, WARN_COLOUR, INK = "#1B7F3B", "#B54708", "#1F2328"
#: Suggestion keys that are about timing and channel (shown in their own panel).
DELIVERY_KEYS = ("notice_", "channel_")
ICONS = {"pass": "\u2714", "warn": "\u26a0"}  # ✔ ⚠ (render with the fonts Debian ships)
FONT = "font-family: system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif; line-height: 1.45;"


def esc(value: object) -> str:
    """HTML-escape anything (quotes too, so it is safe inside attributes)."""
    return html.escape(str(value), quote=True)


def verdict(finding: Finding) -> str:
    """"pass" when the finding needs no fix, "warn" otherwise."""
    return "pass" if finding.good else "warn"


def confidence(finding: Finding) -> float:
    """How sure the model is of the verdict shown (the score for "present", 1 - score otherwise)."""
    score = min(max(float(finding.score), 0.0), 1.0)
    return score if finding.present else 1.0 - score


def _lang(result: ReviewResult) -> str:
    return "id" if result.feedback_language == "id" else "en"


def _valid_spans(finding: Finding, n: int) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in finding.evidence if 0 <= e.start < e.end <= n]


# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------

def render_summary(result: ReviewResult, lang_chosen: bool = False) -> str:
    """The readiness summary: "3 of 4 essentials", what that means, language and reason."""
    lang = _lang(result)
    met = result.essentials_met
    if met == len(ESSENTIALS):
        icon, colour, line = ICONS["pass"], PASS_COLOUR, ui(lang, "ready")
    elif met == len(ESSENTIALS) - 1:
        icon, colour, line = ICONS["warn"], WARN_COLOUR, ui(lang, "almost")
    else:
        icon, colour, line = ICONS["warn"], WARN_COLOUR, ui(lang, "needs_work", n=len(ESSENTIALS) - met)
    how = ui(lang, "chosen" if lang_chosen else "detected")
    language = ui(lang, "language", name=f"{LANGUAGE_NAMES[lang].get(result.language, result.language)} ({how})")
    reason = ui(lang, "reason", name=REASON_NAMES[lang].get(result.reason_category, result.reason_category))
    return (
        f'<div class="rv-summary" data-essentials="{met}" style="{FONT} border-left: 6px solid {colour}; '
        f'padding: 8px 12px; margin: 4px 0;">'
        f'<div style="font-size: 1.35em; font-weight: 600;">'
        f'<span aria-hidden="true" style="color: {colour};">{icon}</span> '
        f'<span class="rv-essentials">{esc(ui(lang, "essentials", met=met))}</span></div>'
        f'<div class="rv-readiness">{esc(line)}</div>'
        f'<div style="opacity: 0.8; font-size: 0.9em;">{esc(language)} &middot; {esc(reason)}</div>'
        f"</div>"
    )


# ---------------------------------------------------------------------------------------------
# Checklist
# ---------------------------------------------------------------------------------------------

def _why(result: ReviewResult, finding: Finding, lang: str) -> str:
    template = WHY[lang][finding.label][verdict(finding)]
    spans = _valid_spans(finding, len(result.text))
    snippet = quote(result.text, *spans[0], limit=60) if spans else ""
    line = template.format(quote=snippet)
    return line.rstrip(": ") if not snippet and "{quote}" in template else line


def _bar(value: float, colour: str, text: str) -> str:
    pct = round(100 * value)
    return (
        f'<div role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{pct}" '
        f'aria-label="{esc(text)}" title="{esc(text)}" style="display: flex; align-items: center; gap: 6px;">'
        f'<div style="width: 90px; height: 8px; background: #D0D7DE; border-radius: 4px; overflow: hidden;">'
        f'<div style="width: {pct}%; height: 100%; background: {colour};"></div></div>'
        f'<span style="font-size: 0.8em; white-space: nowrap;">{esc(text)}</span></div>'
    )


def render_checklist(result: ReviewResult) -> str:
    """One row per label: pass/warn icon and word, plain name, confidence bar, one line on why.

    Each row is a wrapping flex line, not a table row: where the column is wide the four parts sit
    side by side, and where it is narrow (JupyterLab's notebook column beside a sidebar, a phone)
    the explanation moves under the name and keeps the full width instead of wrapping two or
    three words a line.
    """
    lang = _lang(result)
    rows = []
    for label in LABELS:
        finding = result.findings[label]
        state = verdict(finding)
        colour = PASS_COLOUR if state == "pass" else WARN_COLOUR
        sure = confidence(finding)
        essential = label in ESSENTIALS
        name = PLAIN_NAMES[lang][label]
        rows.append(
            f'<div class="rv-row rv-{state}" role="listitem" data-label="{label}" data-state="{state}" '
            f'style="display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 10px; '
            f'padding: 4px 2px; border-bottom: 1px solid #EAEEF2;">'
            f'<span class="rv-verdict" style="flex: 0 0 6.5em; white-space: nowrap; color: {colour}; '
            f'font-weight: 600;"><span aria-hidden="true">{ICONS[state]}</span> {esc(ui(lang, state))}</span>'
            f'<span class="rv-name" style="flex: 0 0 11em; font-weight: {600 if essential else 400};">'
            f"{esc(name)}</span>"
            f'<span class="rv-sure" style="flex: 0 0 11.5em;">'
            f'{_bar(sure, colour, ui(lang, "sure", pct=round(100 * sure)))}</span>'
            f'<span class="rv-why" style="flex: 1 1 16em; min-width: 0;">{esc(_why(result, finding, lang))}</span>'
            f"</div>"
        )
    return (
        f'<div class="rv-checklist" style="{FONT}"><div style="font-weight: 600; margin: 6px 0 2px;">'
        f'{esc(ui(lang, "checklist"))}</div>'
        f'<div role="list" style="font-size: 0.95em; line-height: 1.35;">{"".join(rows)}</div></div>'
    )


# ---------------------------------------------------------------------------------------------
# Highlights
# ---------------------------------------------------------------------------------------------

def _priority(label: str) -> int:
    return (0 if label in WARN_WHEN_PRESENT else 1, LABELS.index(label))


def highlight_segments(text: str, findings: dict[str, Finding]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Split the text at every evidence boundary: (start, end, labels covering it), in order.

    Covers the whole text; labels are sorted warnings first, then in LABELS order. Evidence
    outside the text (or empty) is ignored rather than trusted.
    """
    spans = {label: _valid_spans(f, len(text)) for label, f in findings.items() if f.present}
    cuts = {0, len(text)}
    for label_spans in spans.values():
        for s, e in label_spans:
            cuts.update((s, e))
    points = sorted(cuts)
    out = []
    for s, e in zip(points, points[1:]):
        labels = tuple(sorted((l for l, ls in spans.items() if any(a <= s and e <= b for a, b in ls)),
                              key=_priority))
        out.append((s, e, labels))
    return out


def _tooltip(result: ReviewResult, labels: Iterable[str], lang: str) -> str:
    parts = []
    for label in labels:
        finding = result.findings[label]
        kind = ui(lang, "warning") if label in WARN_WHEN_PRESENT else ui(lang, "pass")
        parts.append(f"{HIGHLIGHT_NAMES[lang][label]} ({kind}), score {finding.score:.2f}")
    return "; ".join(parts)


def _tag(label: str, lang: str) -> str:
    strong, _ = COLOURS[label]
    warn = f'<span aria-hidden="true">{ICONS["warn"]}</span>' if label in WARN_WHEN_PRESENT else ""
    return (f'<span class="rv-tag" data-label="{label}" style="font-size: 0.7em; vertical-align: super; '
            f'border: 1px solid {strong}; color: {INK}; background: #FFFFFF; border-radius: 3px; '
            f'padding: 0 3px; margin: 0 2px; white-space: nowrap;">{warn}{esc(TAGS[lang][label])}</span>')


def legend(labels: Sequence[str], lang: str) -> str:
    items = []
    for label in labels:
        strong, tint = COLOURS[label]
        style = _mark_style((label,))
        items.append(f'<span class="rv-legend-item" data-label="{label}" style="margin-right: 10px; '
                     f'white-space: nowrap;"><span style="{style}">{esc(HIGHLIGHT_NAMES[lang][label])}</span>'
                     f"{_tag(label, lang)}</span>")
    return (f'<div class="rv-legend" style="font-size: 0.85em; margin: 4px 0;">'
            f'<span style="font-weight: 600;">{esc(ui(lang, "legend"))}:</span> {" ".join(items)}</div>')


def _mark_style(labels: Sequence[str]) -> str:
    strong, tint = COLOURS[labels[0]]
    extra = [f"inset 0 -{3 * (i + 1)}px 0 {COLOURS[l][0]}" for i, l in enumerate(labels[1:])]
    style = f"background: {tint}; color: {INK}; border-radius: 2px; padding: 1px 0;"
    if extra:
        style += f" box-shadow: {', '.join(extra)};"
    if labels[0] in WARN_WHEN_PRESENT:  # a second, non-colour cue for the warning
        style += f" text-decoration: underline wavy {strong}; text-decoration-skip-ink: none;"
    return style


def render_highlights(result: ReviewResult) -> str:
    """The draft with evidence highlighted (one colour per label), badges, tooltips and a legend."""
    lang = _lang(result)
    text = result.text
    segments = highlight_segments(text, result.findings)
    ends: dict[int, list[str]] = {}
    shown: list[str] = []
    for label in sorted(LABELS, key=_priority):
        finding = result.findings[label]
        spans = _valid_spans(finding, len(text)) if finding.present else []
        if spans:
            shown.append(label)
        for _, end in spans:
            ends.setdefault(end, []).append(label)
    parts = []
    for start, end, labels in segments:
        piece = esc(text[start:end])
        if labels:
            tip = esc(_tooltip(result, labels, lang))
            parts.append(f'<mark class="rv-hl" data-labels="{" ".join(labels)}" title="{tip}" '
                         f'aria-label="{tip}" style="{_mark_style(labels)}">{piece}</mark>')
        else:
            parts.append(piece)
        for label in ends.get(end, []):
            parts.append(_tag(label, lang))
    body = "".join(parts)
    key = legend(shown, lang) if shown else (
        f'<div class="rv-legend" style="font-size: 0.85em; opacity: 0.8;">{esc(ui(lang, "no_evidence"))}</div>')
    return (
        f'<div class="rv-highlights" style="{FONT}"><div style="font-weight: 600; margin: 6px 0 2px;">'
        f'{esc(ui(lang, "highlights"))}</div>{key}'
        f'<div class="rv-draft" style="white-space: pre-wrap; line-height: 1.9; padding: 8px 10px; '
        f'border: 1px solid #D0D7DE; border-radius: 6px; max-height: 26em; overflow-y: auto;">{body}</div></div>'
    )


# ---------------------------------------------------------------------------------------------
# Suggestions, timing and channel
# ---------------------------------------------------------------------------------------------

def is_delivery(suggestion: Suggestion) -> bool:
    return suggestion.key.startswith(DELIVERY_KEYS)


_SEVERITY_COLOUR = {"high": "#B42318", "medium": "#B54708", "low": "#1F6FEB", "info": "#57606A"}


def render_suggestions(result: ReviewResult) -> str:
    """Suggestions about the draft itself, most important first (timing/channel advice excluded)."""
    lang = _lang(result)
    items = [s for s in result.feedback if not is_delivery(s)]
    if not items:
        inner = f'<p>{esc(ui(lang, "no_suggestions"))}</p>'
    else:
        lis = []
        for s in items:
            colour = _SEVERITY_COLOUR.get(s.severity, "#57606A")
            lis.append(f'<li class="rv-suggestion" data-key="{esc(s.key)}" data-severity="{esc(s.severity)}" '
                       f'style="margin: 3px 0;"><span style="color: {colour}; font-weight: 600;">'
                       f'{esc(ui(lang, s.severity) if s.severity in ("high", "medium", "low", "info") else s.severity)}'
                       f":</span> {esc(s.message)}</li>")
        inner = f'<ol style="margin: 2px 0; padding-left: 1.6em;">{"".join(lis)}</ol>'
    return (f'<div class="rv-suggestions" style="{FONT}"><div style="font-weight: 600; margin: 6px 0 2px;">'
            f'{esc(ui(lang, "suggestions"))}</div>{inner}</div>')


def render_delivery(result: ReviewResult, notes: Sequence[str] = ()) -> str:
    """Timing and channel advice; a high-severity item (short notice, text message) is a warning box."""
    lang = _lang(result)
    items = [s for s in result.feedback if is_delivery(s)]
    if not items and not notes:
        return ""
    blocks = []
    for s in items:
        warn = s.severity == "high"
        colour = WARN_COLOUR if warn else "#57606A"
        word = ui(lang, "warning") if warn else ui(lang, "note")
        icon = f'<span aria-hidden="true">{ICONS["warn"]}</span> ' if warn else ""
        blocks.append(f'<div class="rv-delivery-item {"rv-warning" if warn else "rv-note"}" data-key="{esc(s.key)}" '
                      f'style="border-left: 4px solid {colour}; padding: 4px 10px; margin: 3px 0;">'
                      f'<strong style="color: {colour};">{icon}{esc(word)}:</strong> {esc(s.message)}</div>')
    blocks += [f'<div class="rv-note" style="font-size: 0.85em; opacity: 0.8;">{esc(n)}</div>' for n in notes]
    return (f'<div class="rv-delivery" style="{FONT}"><div style="font-weight: 600; margin: 6px 0 2px;">'
            f'{esc(ui(lang, "delivery"))}</div>{"".join(blocks)}</div>')


# ---------------------------------------------------------------------------------------------
# Fixes checklist (plain text) and its copy button
# ---------------------------------------------------------------------------------------------

def fixes_text(result: ReviewResult) -> str:
    """A plain-text checklist of what to fix, most important first (for pasting anywhere)."""
    lang = _lang(result)
    todo = [s for s in result.feedback if s.severity in ("high", "medium", "low")]
    head = f"{ui(lang, 'fixes_title')} ({ui(lang, 'essentials', met=result.essentials_met)})"
    if not todo:
        return f"{head}\n{ui(lang, 'no_fixes')}\n"
    return head + "\n" + "".join(f"[ ] {s.message}\n" for s in todo)


_COPY_JS = (
    "var b=this,t=b.getAttribute('data-text'),l=b.getAttribute('data-label'),d=b.getAttribute('data-done');"
    "function ok(){b.textContent=d;b.setAttribute('data-copied','1');setTimeout(function(){b.textContent=l;},2000);}"
    "function fb(){var a=document.createElement('textarea');a.value=t;a.setAttribute('readonly','');"
    "a.style.position='fixed';a.style.opacity='0';document.body.appendChild(a);a.select();"
    "try{if(document.execCommand('copy')){ok();}}catch(e){}document.body.removeChild(a);}"
    "if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(t).then(ok,fb);}else{fb();}"
)


def copy_button(text: str, lang: str = "en", *, label: str | None = None, done: str | None = None,
                cls: str = "rv-copy") -> str:
    """A browser-side button that copies `text` to the clipboard (a kernel round trip would lose
    the user gesture the clipboard needs). The text travels escaped in a data attribute.
    `label` and `done` replace the words ("Copy checklist of fixes", "Copied!"), `cls` the class."""
    label = ui(lang, "copy") if label is None else label
    done = ui(lang, "copied") if done is None else done
    return (f'<button type="button" class="{esc(cls)}" data-text="{esc(text)}" data-label="{esc(label)}" '
            f'data-done="{esc(done)}" onclick="{esc(_COPY_JS)}" '
            f'style="{FONT} padding: 4px 12px; border: 1px solid #8C959F; border-radius: 4px; background: #F6F8FA; '
            f'color: {INK}; cursor: pointer;">{esc(label)}</button>')


# ---------------------------------------------------------------------------------------------
# Messages and the whole review
# ---------------------------------------------------------------------------------------------

_MESSAGE_STYLE = {
    "error": ("#B42318", "\u26a0"),
    "info": ("#57606A", "\u2139"),  # ℹ
}


def render_message(text: str, kind: str = "info") -> str:
    """A friendly one-line message box (errors never show a traceback)."""
    colour, icon = _MESSAGE_STYLE.get(kind, _MESSAGE_STYLE["info"])
    return (f'<div class="rv-message rv-{esc(kind)}" role="{"alert" if kind == "error" else "status"}" '
            f'style="{FONT} border-left: 4px solid {colour}; padding: 6px 10px; margin: 4px 0;">'
            f'<span aria-hidden="true" style="color: {colour};">{icon}</span> {esc(text)}</div>')


def render_review(result: ReviewResult, lang_chosen: bool = False, notes: Sequence[str] = ()) -> str:
    """Everything about one draft in one block (used by the batch notebook's detail view)."""
    return "".join([render_summary(result, lang_chosen), render_delivery(result, notes), render_checklist(result),
                    render_highlights(result), render_suggestions(result)])
