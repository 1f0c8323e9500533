"""Behavioural tests of a model (CheckList, Ribeiro et al. 2020): edits that must not change a
finding, edits that must move a score one way, and small cases taken from the career advice.

Held-out accuracy hides what these show: a model can score well on drafts like its training
drafts and still change its mind when a writer adds "Hi Sam," or writes in lower case. The
same functions serve the pytest suite and the figures of `reviewer evaluate`.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from ..labels import ESSENTIALS
from ..language import detect_language
from ..model import ReviewerModel
from ..nlp import analyse

Edit = Callable[[str, str], str]

#: Greetings and sign-offs without thanks, per draft language; one is picked per draft by a
#: hash of its text, so a run is deterministic and different drafts get different wordings.
GREETINGS = {
    "en": ("Hi Sam,\n\n", "Hello,\n", "Dear Ms. Carter,\n\n", "Good morning,\n"),
    "id": ("Selamat pagi Bu,\n\n", "Halo kak,\n", "Dengan hormat,\n\n", "Siang Pak,\n"),
}
SIGN_OFFS = {
    "en": ("\n\nBest,\nJordan", "\n\nRegards,\nPriya", "\n- Alex", "\n\nKind regards,\nM. Osei"),
    "id": ("\n\nSalam,\nRina", "\n\nHormat saya,\nAndi Pratama", "\n- Dewi", "\n\nWassalam,\nBudi"),
}
APOLOGY_SENTENCES = {"en": "I'm sorry for the inconvenience.", "id": "Mohon maaf atas ketidaknyamanannya."}
COMPLAINTS = {
    "en": "Honestly the bus company is useless, they cancelled my bus AGAIN and nobody there even answers the phone.",
    "id": "Jujur bengkelnya payah banget, udah dibayar mahal motor saya tetap mogok lagi, kesel.",
}
WEEKDAYS = {"Monday": "Thursday", "Tuesday": "Friday", "Wednesday": "Monday", "Thursday": "Tuesday",
            "Friday": "Wednesday", "Senin": "Kamis", "Selasa": "Jumat", "Rabu": "Senin", "Kamis": "Selasa",
            "Jumat": "Rabu"}
NAME_AFTER = re.compile(r"\b(Hi|Hello|Hey|Dear|Mr\.?|Ms\.?|Mrs\.?|Pak|Bu|Bapak|Ibu|Kak|Mas|Mbak)(\s+)([A-Z][a-z]+)")
SWAP_NAMES = ("Rahman", "Okafor", "Lestari", "Novak", "Siregar", "Tanaka")


def _pick(options: Sequence[str], text: str) -> str:
    return options[zlib.crc32(text.encode("utf-8")) % len(options)]


def _family(lang: str) -> str:
    return "en" if lang == "en" else "id"


#: A draft that already opens with a greeting, a subject line or a salutation gets no second one.
OPENING = re.compile(r"^\W*(hi|hello|hey|dear|good (morning|afternoon|evening|day)|greetings|subject|re:|"
                     r"halo|hallo|hai|selamat|dengan hormat|yth|kepada|perihal|assalamu|pagi|siang|sore|malam|"
                     r"permisi|kak|pak|bu|mas|mbak)\b", re.IGNORECASE)


def add_greeting(text: str, lang: str) -> str:
    if OPENING.match(text):
        return text
    return _pick(GREETINGS[_family(lang)], text) + text


def add_sign_off(text: str, lang: str) -> str:
    return text.rstrip() + _pick(SIGN_OFFS[_family(lang)], text)


def lower_case(text: str, lang: str) -> str:
    return text.lower()


def one_line(text: str, lang: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


def commas_for_full_stops(text: str, lang: str) -> str:
    """A run-on message: every sentence-ending full stop inside the draft becomes a comma."""
    return re.sub(r"(?<![.\d])\.(?=\s+\S)", ",", text)


def change_name_and_date(text: str, lang: str) -> str:
    """Another addressee and another weekday: facts that carry no finding."""
    text = NAME_AFTER.sub(lambda m: m.group(1) + m.group(2) + _pick(SWAP_NAMES, m.group(3)), text)
    return re.sub(r"\b(" + "|".join(WEEKDAYS) + r")\b", lambda m: WEEKDAYS[m.group(1)], text)


INVARIANCE_EDITS: dict[str, Edit] = {
    "greeting": add_greeting,
    "sign-off without thanks": add_sign_off,
    "lower case": lower_case,
    "one line": one_line,
    "commas for full stops": commas_for_full_stops,
    "changed name and date": change_name_and_date,
}


def add_apology(text: str, lang: str) -> str:
    return text.rstrip() + " " + APOLOGY_SENTENCES[_family(lang)]


def add_complaint(text: str, lang: str) -> str:
    return text.rstrip() + " " + COMPLAINTS[_family(lang)]


@dataclass(frozen=True)
class Direction:
    """An edit and the score it must move: up (sign +1) or at least not down."""

    label: str
    edit: Edit
    strictly_up: bool


DIRECTION_EDITS: dict[str, Direction] = {
    "added apology never lowers apology": Direction("apology", add_apology, strictly_up=False),
    "added complaint raises oversharing": Direction("oversharing", add_complaint, strictly_up=True),
}


def _score(model: ReviewerModel, texts: Sequence[str]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    pred = model.predict(analyse(texts, [detect_language(t) for t in texts]), with_evidence=False)
    return pred.scores, pred.present


def invariance_failures(model: ReviewerModel, texts: Sequence[str], langs: Sequence[str],
                        labels: Sequence[str] = ESSENTIALS) -> dict[str, dict]:
    """Per edit: the share of the drafts it changed on which any of `labels` changes, and which."""
    _, before = _score(model, texts)
    report = {}
    for name, edit in INVARIANCE_EDITS.items():
        edited = [edit(t, l) for t, l in zip(texts, langs)]
        changed_rows = [i for i, (a, b) in enumerate(zip(texts, edited)) if a != b]
        _, after = _score(model, edited)
        flips = np.zeros(len(texts), bool)
        for label in labels:
            flips |= before[label] != after[label]
        report[name] = {"edited": len(changed_rows), "changed": int(flips.sum()),
                        "rate": round(float(flips.sum()) / len(changed_rows), 4) if changed_rows else 0.0,
                        "examples": [int(i) for i in np.flatnonzero(flips)[:5]]}
    return report


def direction_failures(model: ReviewerModel, texts: Sequence[str], langs: Sequence[str]) -> dict[str, dict]:
    """Per directional edit: the share of drafts whose score moved the wrong way."""
    before, _ = _score(model, texts)
    report = {}
    for name, rule in DIRECTION_EDITS.items():
        after, _ = _score(model, [rule.edit(t, l) for t, l in zip(texts, langs)])
        delta = after[rule.label] - before[rule.label]
        wrong = delta <= 0 if rule.strictly_up else delta < -1e-9
        # A score already at the ceiling cannot rise: that is no failure.
        if rule.strictly_up:
            wrong &= before[rule.label] < 0.999
        report[name] = {"rate": round(float(wrong.mean()) if len(texts) else 0.0, 4), "failed": int(wrong.sum()),
                        "examples": [int(i) for i in np.flatnonzero(wrong)[:5]]}
    return report


def checklist_summary(model: ReviewerModel, texts: Sequence[str], langs: Sequence[str]) -> dict:
    """Both kinds of figures, plus the share of drafts that any invariance edit changed."""
    invariance = invariance_failures(model, texts, langs)
    return {
        "n": len(texts),
        "invariance": invariance,
        "invariance_max_rate": max((v["rate"] for v in invariance.values()), default=0.0),
        "direction": direction_failures(model, texts, langs),
    }
