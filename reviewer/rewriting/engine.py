"""The segment-level rewrite: keep the writer's fine units, cut oversharing, add what is missing.

One pass reviews the draft, reads what every unit (sentence or clause) carries, and plans:
cut units that overshare (and the rest of their sentence unless it carries something the
message needs), summarise a cut reason by its kind, then add a missing apology after the
cancellation, a missing follow-up before the closing thanks, and missing thanks before the
sign-off. Passes repeat until one changes nothing, so a rewrite of a rewrite is the same text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..api import review_analysed
from ..delivery import notice_hours, notice_in_text
from ..labels import LABELS
from ..language import resolve_language
from ..model import ReviewerModel
from ..nlp import Analysis, analyse
from ..result import ReviewResult
from .compose import Piece, compose, end_sentence
from .cuts import USEFUL_AT, cuts, first_cancel, overlaps
from .phrases import CATEGORY_AT, REASON_PLACEHOLDER, has_bank_sentence, phrase, reason_placeholder, reason_sentence
from .register import Register, detect_register
from .trims import NEGATION_JOIN, OPENING, cancel_clause, vague_swap
from .units import WITHDRAW, Layout, layout

#: Passes until one changes nothing (two almost always suffice).
MAX_PASSES = 4


@dataclass
class Pass:
    """One pass: the text it produced, the review of its input, and what it cut or added
    (kind, label, text) for labelling the changes."""

    text: str
    review: ReviewResult
    log: list[tuple[str, str, str]] = field(default_factory=list)
    layout: Layout | None = None  # of the input, when it had something to fix
    analysis: Analysis | None = None


def short_notice(text: str, interview_at: datetime | None, now: datetime | None) -> bool:
    """Whether the interview is less than a day away (from the given time, else the draft's words)."""
    if interview_at is not None:
        try:
            return notice_hours(interview_at, now) < 24
        except ValueError:
            return False
    return notice_in_text(text) is not None


def withdrawing(rv: ReviewResult, analysis: Analysis) -> bool:
    """The writer is leaving the process (a keep-in-touch line fits), not asking for a new time."""
    if rv["reschedule_request"].present:
        return False
    return ("close_door" in analysis.cue_spans or bool(WITHDRAW.search(rv.text))
            or rv.reason_category in ("new_offer", "not_a_fit", "relocation"))


def plan(text: str, rv: ReviewResult, lay: Layout, reg: Register, model: ReviewerModel, short_notice: bool
         ) -> tuple[list[Piece], list[tuple[str, str, str]]]:
    """The pieces of the rewritten draft, and a log of what was cut or added."""
    units = lay.units
    n = len(units)
    present = {label: rv[label].present for label in LABELS}
    cues = lay.analysis.cue_spans
    cut = cuts(lay, rv)
    replaced: dict[int, str] = {}
    log: list[tuple[str, str, str]] = []

    def kept_body() -> list[int]:
        return [i for i in range(n) if i not in cut and units[i].role == "body"]

    # The cancellation itself must survive a cut: keep its clause, cut only the story after it.
    trimmed: set[int] = set()
    cancel = first_cancel(lay)
    over_sentences = {units[i].sentence for i, label in cut.items() if label == "oversharing"}
    if cancel is not None and (cancel in cut and not any(units[i].cancels for i in kept_body())
                               or cancel not in cut and units[cancel].sentence in over_sentences):
        clause = cancel_clause(units[cancel], rv.language, model, keep_clean_reason=cancel not in cut)
        if clause:
            replaced[cancel] = clause
            trimmed.add(cancel)
            label = cut.pop(cancel, "oversharing")
            log.append(("removed", label, units[cancel].text[len(clause.rstrip(".")):]))
    # "sorry not sorry but I got a better offer" -> "I got a better offer": only the mockery goes.
    for i in [i for i, label in cut.items() if label == "apology"]:
        u = units[i]
        span = next(((s_, e_) for s_, e_ in cues.get("apology_negated", []) if u.start <= s_ < u.end), None)
        rest = NEGATION_JOIN.sub("", u.text[span[1] - u.start:]) if span and span[0] - u.start <= 6 else ""
        if len(rest.split()) >= 3:
            replaced[i] = rest[:1].upper() + rest[1:] if lay.capitalised else rest
            log.append(("removed", cut.pop(i), u.text[:len(u.text) - len(rest)]))
    first_body = next((i for i in range(n) if units[i].role == "body"), None)
    if first_body in cut and first_body not in replaced:
        opening_words = OPENING.match(units[first_body].text)
        if opening_words:
            replaced[first_body] = opening_words.group(0).rstrip()
            trimmed.add(first_body)
            log.append(("removed", cut.pop(first_body), units[first_body].text[opening_words.end():]))
    log.extend(("removed", label, units[i].text) for i, label in sorted(cut.items()))

    def after_sentence(i: int) -> int:
        """Position just after the sentence of unit i."""
        j = i
        while j + 1 < n and units[j + 1].sentence == units[i].sentence:
            j += 1
        return j + 1

    opening = 0
    while opening < n and units[opening].role in ("header", "greeting"):
        opening += 1
    inserts: list[tuple[int, int, str, str | None]] = []  # (position, order, sentence, label)
    # An apology follows the sentence that cancels. If that sentence went with a cut story, a
    # plain one takes its place; if the draft never said it plainly, the first sentence counts.
    # The follow-up goes before closing thanks at the end of the body, the thanks before the sign-off.
    body_end = next((i for i in range(n) if units[i].role == "signoff"), n)
    closing = body_end
    while closing > opening:
        j = closing - 1
        members = [k for k in range(opening, closing) if units[k].sentence == units[j].sentence]
        kept = [k for k in members if k not in cut]
        thanks = bool(kept) and max(units[k].score("gratitude") for k in kept) >= USEFUL_AT and not any(
            units[k].score("follow_up") >= USEFUL_AT or units[k].score("apology") >= USEFUL_AT or units[k].cancels
            for k in kept)
        if kept and not thanks:
            break
        closing = members[0]
    cancel_at = next((i for i in kept_body() if units[i].cancels), None)
    if cancel_at is not None:
        anchor = after_sentence(cancel_at)
    elif cancel is not None and cancel in cut:
        anchor = max(cancel, opening)
        inserts.append((anchor, -1, phrase("cancel", reg), None))
    elif cut:
        anchor = max(min(cut), opening)
    else:  # no plain cancellation: what is added goes after the body, before closing thanks
        anchor = closing if any(i < closing for i in kept_body()) else opening

    # Reason: summarise one that was cut by its kind, or leave a visible gap for a missing one
    # (inside the writer's sentence when it names a vague reason: "due to [a brief reason]").
    has_gap = bool(REASON_PLACEHOLDER.search(text))
    reason_cuts = [i for i in sorted([*cut, *trimmed]) if units[i].score("clear_reason") >= USEFUL_AT
                   or overlaps(units[i], cues.get("specific_reason")) or overlaps(units[i], cues.get("implausible"))]
    reason_kept = any(units[i].score("clear_reason") >= USEFUL_AT and (
        len(units[i].text.split()) >= 4 or overlaps(units[i], cues.get("specific_reason")))
        for i in kept_body() if i not in trimmed)

    def gap_sentence(position: int) -> str:
        """The placeholder sentence: "This is due to [...]" after the cancellation, "The reason
        is [...]" where nothing of the body precedes it."""
        follows = any(i < position for i in kept_body()) or any(p < position or o < 0 for p, o, _, _ in inserts)
        return phrase("reason" if follows else "reason_alone", reg,
                      placeholder=reason_placeholder(reg.lang, rv.reason_category))

    swap = None
    if not has_gap and not present["clear_reason"] and rv.reason_category == "vague":
        swap = vague_swap(lay, cut, reg, rv.reason_category)
    if swap:
        i, new_text, old_phrase = swap
        replaced[i] = new_text
        log.append(("removed", "clear_reason", old_phrase))
        log.append(("added", "clear_reason", reason_placeholder(reg.lang, rv.reason_category)))
    elif not has_gap and reason_cuts and not (reason_kept and present["clear_reason"]):
        sentence = None
        if present["clear_reason"] and rv.reason_score >= CATEGORY_AT:
            sentence = reason_sentence(rv.reason_category, reg, " ".join(units[i].text for i in reason_cuts))
        if sentence is None:
            sentence = gap_sentence(max(min(i + 1 if i in trimmed else i for i in reason_cuts),
                                        cancel_at + 1 if cancel_at is not None else anchor))
        # Where the reason was (after the kept start of a trimmed unit, or in place of a cut one),
        # but never before the cancellation it explains.
        where = min(i + 1 if i in trimmed else i for i in reason_cuts)
        inserts.append((max(where, cancel_at + 1 if cancel_at is not None else anchor), 0, sentence,
                        "clear_reason"))
    elif not has_gap and not present["clear_reason"] and not (
            reason_kept and rv.reason_category not in ("vague", "implausible")):
        inserts.append((anchor, 0, gap_sentence(anchor), "clear_reason"))

    if not present["apology"] and not has_bank_sentence(text, "apology"):
        inserts.append((anchor, 1, phrase("apology_short" if short_notice else "apology", reg), "apology"))

    if not present["follow_up"] and not has_bank_sentence(text, "follow_up"):
        key = "keep_in_touch" if withdrawing(rv, lay.analysis) else "reschedule"
        inserts.append((max(closing, anchor), 2, phrase(key, reg), "follow_up"))
    if not present["gratitude"] and not has_bank_sentence(text, "gratitude"):
        inserts.append((max(body_end, anchor), 3, phrase("gratitude", reg), "gratitude"))

    log.extend(("added", label, sentence) for _, _, sentence, label in inserts)
    return _pieces(lay, cut, replaced, trimmed, sorted(inserts)), log


def _pieces(lay: Layout, cut: dict[int, str], replaced: dict[int, str], trimmed: set[int],
            inserts: list[tuple[int, int, str, str | None]]) -> list[Piece]:
    """Kept units and added sentences in reading order, with how each joins its neighbours."""
    units = lay.units
    n = len(units)
    kept = [i for i in range(n) if i not in cut]
    pieces: list[Piece] = []
    k = 0
    for pos in range(n + 1):
        while k < len(inserts) and inserts[k][0] == pos:
            _, _, sentence, label = inserts[k]
            before = next((i for i in reversed(kept) if i < pos), None)
            after = next((i for i in kept if i >= pos), None)
            if before is not None and units[before].role == "body":
                attach = "after"
            elif after is not None and units[after].role == "body":
                attach = "before"
            elif before is not None and units[before].role == "greeting" and "\n" not in lay.gaps[before + 1]:
                attach = "after"
            else:
                attach = "alone"
            pieces.append(Piece(sentence, None, label, True, False, attach))
            k += 1
        if pos < n and pos not in cut:
            u = units[pos]
            first_of_sentence = pos == 0 or units[pos - 1].sentence != u.sentence
            earlier = [j for j in range(pos) if units[j].sentence == u.sentence and j not in cut]
            # A clause opens its sentence now if the clauses before it were cut or trimmed, or a
            # sentence was added just before it.
            opened = not first_of_sentence and (not earlier or earlier[-1] in trimmed
                                                 or (bool(pieces) and pieces[-1].index is None))
            text = replaced.get(pos, u.text)
            later = [j for j in range(pos + 1, n) if units[j].sentence == u.sentence]
            if later and all(j in cut for j in later):  # the rest of its sentence was cut
                text = end_sentence(text) if "\n" not in lay.gaps[pos + 1] or text[-1:] in ",;:-" else text
            pieces.append(Piece(text, pos, None, first_of_sentence or opened, opened))
    return pieces


def rewrite_pass(text: str, lang: str | None, channel: str | None, interview_at: datetime | None,
                 now: datetime | None, model: ReviewerModel) -> Pass:
    """One pass over a validated draft (see the module docstring)."""
    language = resolve_language(text, lang)
    analysis = analyse([text], [language])[0]
    rv = review_analysed(text, language, analysis, model, channel=channel, interview_at=interview_at, now=now)
    if _nothing_to_fix(text, rv):
        return Pass(text, rv, [], None, analysis)
    lay = layout(text, language, model, analysis)
    reg = detect_register(text, language, channel)
    pieces, log = plan(text, rv, lay, reg, model, short_notice(text, interview_at, now))
    return Pass(compose(pieces, lay.gaps, lay.capitalised), rv, log, lay, analysis)


def _nothing_to_fix(text: str, rv: ReviewResult) -> bool:
    """Every essential and the thanks are there (or were added by an earlier pass)."""
    return (not rv["oversharing"].present
            and (rv["apology"].present or has_bank_sentence(text, "apology"))
            and (rv["clear_reason"].present or bool(REASON_PLACEHOLDER.search(text)))
            and (rv["follow_up"].present or has_bank_sentence(text, "follow_up"))
            and (rv["gratitude"].present or has_bank_sentence(text, "gratitude")))
