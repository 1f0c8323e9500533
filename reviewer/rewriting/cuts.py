"""What a rewrite cuts: units that overshare, the rest of their story, mockery of an apology or
of thanks, and unbelievable excuses.

The segment model's per-unit scores decide; the thresholds below were chosen on the corpus
(a lower DROP_AT cuts more of a story at the cost of a few more words per draft).
"""
from __future__ import annotations

from ..labels import LABELS
from ..result import ReviewResult
from .phrases import PLACEHOLDER, has_bank_sentence
from .units import Layout, Unit

#: A unit is cut when the review finds oversharing and the unit's own probability reaches this.
DROP_AT = 0.4
#: When no unit reaches DROP_AT, the strongest one is cut if it reaches this.
FALLBACK_AT = 0.3
#: A clause in an oversharing sentence stays when it carries another label at least this strongly.
USEFUL_AT = 0.5
#: A sentence next to a cut one that carries nothing else goes too if it leans this far.
FILLER_AT = 0.15
#: ... and does not read as a reason at least this strongly ("Ada masalah keluarga" stays).
FILLER_REASON_AT = 0.3


def overlaps(unit: Unit, spans: list[tuple[int, int]] | None) -> bool:
    return any(s < unit.end and e > unit.start for s, e in spans or ())


def _protected(unit: Unit) -> bool:
    """A rewrite's own additions are never cut again (a later pass must change nothing)."""
    return bool(PLACEHOLDER.search(unit.text)) or any(has_bank_sentence(unit.text, label)
                                                      for label in ("apology", "follow_up", "gratitude"))


def first_cancel(lay: Layout) -> int | None:
    """The unit that states the cancellation: the first body unit that says so."""
    return next((i for i, u in enumerate(lay.units) if u.role == "body" and u.cancels), None)


def cuts(lay: Layout, rv: ReviewResult) -> dict[int, str]:
    """Units to cut, with the label each cut addresses.

    With oversharing found: every unit that overshares (or, if none clearly does, the strongest
    one); the clauses after it in its sentence unless they carry something the message needs
    (the cancellation, an apology, a reason, a follow-up, thanks); and a neighbouring sentence
    that carries nothing and leans the same way ("Jujur aku lagi kacau banget")."""
    units, cues = lay.units, lay.analysis.cue_spans
    body = [i for i, u in enumerate(units) if u.role == "body" and not _protected(u)]
    cancel = first_cancel(lay)

    def useful(i: int, reason: bool = True) -> bool:
        u = units[i]
        wanted = [l for l in LABELS if l != "oversharing" and (reason or l != "clear_reason")]
        return u.score("oversharing") < DROP_AT and (i == cancel or any(u.score(l) >= USEFUL_AT for l in wanted))

    cut: dict[int, str] = {}
    if rv["oversharing"].present and body:
        over = [i for i in body if units[i].score("oversharing") >= DROP_AT]
        if not over:
            spare = [i for i in body if not useful(i)]
            best = max(spare, key=lambda i: units[i].score("oversharing"), default=None)
            over = [best] if best is not None and units[best].score("oversharing") >= FALLBACK_AT else []
        cut.update({i: "oversharing" for i in over})
        first_over: dict[int, int] = {}
        for i in sorted(over):
            first_over.setdefault(units[i].sentence, i)
        for sentence, start in first_over.items():
            members = [i for i in body if units[i].sentence == sentence and i not in cut]
            # After the story starts, a clause stays only for what the message needs besides a
            # reason (a cut reason is summarised by its kind instead); before it, the clauses stay
            # if they lead to something the message needs ("I can't come, <story>").
            cut.update({i: "oversharing" for i in members if i > start and not useful(i, reason=False)})
            lead = [i for i in members if i < start]
            if lead and not any(useful(i) for i in lead):
                cut.update({i: "oversharing" for i in lead})
        sentences = sorted({units[i].sentence for i in body})
        for k, sentence in enumerate(sentences):
            if sentence in first_over:
                continue
            near = {sentences[k - 1] if k else None, sentences[k + 1] if k + 1 < len(sentences) else None}
            members = [i for i in body if units[i].sentence == sentence]
            if (near & set(first_over) and not any(useful(i) for i in members)
                    and max(units[i].score("oversharing") for i in members) >= FILLER_AT
                    and max(units[i].score("clear_reason") for i in members) < FILLER_REASON_AT
                    and not any(overlaps(units[i], cues.get("specific_reason")) for i in members)):
                cut.update({i: "oversharing" for i in members})
    if not rv["clear_reason"].present and rv.reason_category == "implausible":
        cut.update({i: "clear_reason" for i in body if i not in cut and overlaps(units[i], cues.get("implausible"))})
    if not rv["apology"].present:
        cut.update({i: "apology" for i in body if i not in cut and overlaps(units[i], cues.get("apology_negated"))})
    if not rv["gratitude"].present:
        cut.update({i: "gratitude" for i in body if i not in cut and overlaps(units[i], cues.get("thanks_sarcastic"))})
    return cut
