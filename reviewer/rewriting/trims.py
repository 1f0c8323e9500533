"""What a rewrite trims inside the writer's sentence: the story after a cancellation ("I can't
come tomorrow because <story>" keeps "I can't come tomorrow"), and a vague reason, swapped for a
placeholder in place ("due to personal reasons" -> "due to [a brief reason, ...]").
"""
from __future__ import annotations

import re

import numpy as np

from ..labels import LABELS
from ..model import ReviewerModel
from ..nlp import analyse
from .compose import end_sentence
from .cuts import DROP_AT, FALLBACK_AT, USEFUL_AT
from .phrases import reason_placeholder
from .register import Register
from .units import CANCEL, Layout, Unit, segment_scores

#: Where a cancellation clause ends and its explanation begins ("... because ...").
_CONNECTOR = re.compile(r"(?:\s*[,;:]?\s+(?:because|since|as|due to|cause|cuz|coz|bc|karena|krn|karna|soalnya|"
                        r"sebab|gara-gara|gara2|akibat|dikarenakan|jadi)\b|\s*[-–—:;(]\s"
                        r"|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF])\s)", re.I)
#: Vague reasons that can be swapped for a placeholder inside the writer's sentence.
_VAGUE = re.compile(
    r"\b(?:(?:a|an|some|my)\s+)?(?:(?:something|some stuff|stuff|things)(?: unexpected| urgent)?(?:'s| has| have)? "
    r"(?:came|come) up|"
    r"(?:personal|private) (?:reasons?|matters?|issues?|circumstances|stuff)|(?:unforeseen|unavoidable|certain) "
    r"circumstances|urgent matter|prior (?:engagement|commitment)|conflicting commitments?|other commitments|"
    r"another commitment|change (?:of|in) plans|family (?:matters?|stuff|things|business)|"
    r"(?:ada )?(?:urusan|keperluan|acara|halangan|hal)(?: (?:keluarga(?: (?:mendadak|mendesak))?|mendadak|"
    r"pribadi|mendesak|penting|lain))|ada (?:urusan|keperluan|acara|halangan)|alasan pribadi|kendala pribadi|"
    r"kepentingan lain)\b", re.I)
_COMMA = re.compile(r",\s")
#: What joins a mocked apology to the message ("sorry not sorry but ...", "no apologies ya, tapi ...").
NEGATION_JOIN = re.compile(r"^[\s,.:;!-]*(?:(?:but|though|tapi|tp|ya|yah|kak|mas|mbak|pak|bu)\b[\s,.:;!-]*)*", re.I)
#: A greeting that opens a cut unit ("Hey Tom, so this is gonna sound crazy but ...") stays.
OPENING = re.compile(r"^\s*(?:hi+|hello+|halo+|hai+|hey+|dear|pagi|siang|sore|malam|selamat (?:pagi|siang|sore|malam)"
                      r")\b[^,.!?\n]{0,30},\s", re.I)
_CAME_UP = re.compile(r"(?:'s| has| have)? (?:came|come) up$", re.I)


def _scores(text: str, lang: str, model: ReviewerModel) -> np.ndarray:
    """The segment model's strongest score per label over a piece of text."""
    scores = segment_scores(analyse([text], [lang])[0], model)
    return scores.max(axis=0) if len(scores) else np.zeros(len(LABELS))


def cancel_clause(unit: Unit, lang: str, model: ReviewerModel, keep_clean_reason: bool) -> str | None:
    """The cancellation clause of a unit ("I can't come tomorrow" from "I can't come tomorrow
    because <story>"), if it stands alone and does not overshare itself. With
    `keep_clean_reason`, None when what follows the connector is a brief, clean reason."""
    match = CANCEL.search(unit.text)
    conn = _CONNECTOR.search(unit.text, match.end()) if match else None
    if not conn and match and not keep_clean_reason:
        conn = _COMMA.search(unit.text, match.end())
    if not conn:
        return None
    prefix = unit.text[:conn.start()].rstrip(" ,;:-–—(")
    if len(prefix.split()) < 2:
        return None
    if keep_clean_reason:
        rest = _scores(unit.text[conn.end():], lang, model)
        if rest[LABELS.index("oversharing")] < FALLBACK_AT and rest[LABELS.index("clear_reason")] >= USEFUL_AT:
            return None
    if _scores(prefix, lang, model)[LABELS.index("oversharing")] >= DROP_AT:
        return None
    return end_sentence(prefix)


def vague_swap(lay: Layout, cut: dict[int, str], reg: Register, category: str) -> tuple[int, str, str] | None:
    """Swap a kept vague phrase ("personal reasons", "ada urusan") for a placeholder inside the
    writer's sentence: (unit index, new unit text, the phrase replaced)."""
    placeholder = reason_placeholder(reg.lang, category)
    for i, u in enumerate(lay.units):
        match = _VAGUE.search(u.text) if i not in cut and u.role == "body" else None
        if not match:
            continue
        old = match.group(0)
        if _CAME_UP.search(old):  # "something came up" -> "[a brief reason, ...] came up"
            new = placeholder + (" came up" if "came" in old.lower() else " has come up")
        elif old.lower().startswith("ada "):  # "ada urusan" -> "ada [alasan singkat, ...]"
            new = old[:4] + placeholder
        else:
            new = placeholder
        if old[:1].isupper() and not new[:1] == "[":
            new = new[:1].upper() + new[1:]
        return i, u.text[:match.start()] + new + u.text[match.end():], old
    return None
