"""Training-time copies of drafts with harmless edits, so the models learn that layout, case,
punctuation, names and dates carry no finding.

Real messages come with and without greetings and sign-offs, in lower case, on one line, with
commas for full stops and without apostrophes. Each training draft gets copies with one or two
such edits and the same labels. The wordings here are deliberately different from the ones
`reviewer.training.checklist` tests with, so the invariance figures measure generalisation,
not memory of a phrase.
"""
from __future__ import annotations

import random
import re
from typing import Callable

import pandas as pd

GREETINGS = {
    "en": ("Hello Ms Diaz,\n", "Hey,\n", "Hi there,\n\n", "Good afternoon Mr. Webb,\n\n", "Dear Hiring Team,\n\n",
           "Hi Chris -\n"),
    "id": ("Pagi Bu Ratna,\n", "Permisi kak,\n", "Yth. Tim Rekrutmen,\n\n", "Selamat siang Pak Yusuf,\n\n",
           "Halo mbak,\n", "Assalamualaikum Pak,\n"),
}
SIGN_OFFS = {
    "en": ("\n\nBest regards,\nT. Nguyen", "\nSam", "\n\nSincerely,\nLaura Mendez", "\n-- Kofi",
           "\n\nWarm regards,\nDaniel"),
    "id": ("\n\nSalam hormat,\nFajar", "\nRegards, Putri", "\n\nHormat kami,\nSiti Aminah", "\n-- Rizky",
           "\n\nSalam,\nYoga"),
}
NAMES = ("Ramirez", "Chen", "Wibowo", "Haddad", "Kowalski", "Mensah", "Sari", "Hartono")
NAME_AFTER = re.compile(r"\b(Hi|Hello|Dear|Mr\.?|Ms\.?|Mrs\.?|Pak|Bu|Bapak|Ibu|Kak|Mas|Mbak)(\s+)([A-Z][a-z]+)")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Senin", "Selasa", "Rabu", "Kamis", "Jumat")


def _family(lang: str) -> str:
    return "en" if lang == "en" else "id"


def _greet(text: str, lang: str, rng: random.Random) -> str:
    return rng.choice(GREETINGS[_family(lang)]) + text


def _sign(text: str, lang: str, rng: random.Random) -> str:
    return text.rstrip() + rng.choice(SIGN_OFFS[_family(lang)])


def _lower(text: str, lang: str, rng: random.Random) -> str:
    return text.lower()


def _one_line(text: str, lang: str, rng: random.Random) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _run_on(text: str, lang: str, rng: random.Random) -> str:
    return re.sub(r"(?<![.\d])\.(?=\s+\S)", ",", text)


def _no_apostrophes(text: str, lang: str, rng: random.Random) -> str:
    return text.replace("'", "").replace("\u2019", "")


def _other_names(text: str, lang: str, rng: random.Random) -> str:
    text = NAME_AFTER.sub(lambda m: m.group(1) + m.group(2) + rng.choice(NAMES), text)
    return re.sub(r"\b(" + "|".join(DAYS) + r")\b", lambda m: rng.choice(DAYS[:5] if m.group(1) in DAYS[:5]
                                                                          else DAYS[5:]), text)


EDITS: tuple[Callable[[str, str, random.Random], str], ...] = (
    _greet, _sign, _lower, _one_line, _run_on, _no_apostrophes, _other_names)


def augment(frame: pd.DataFrame, copies: int = 2, seed: int = 13) -> pd.DataFrame:
    """`copies` edited copies of every row (same labels, evidence dropped), with an `origin`
    column holding the row's position in `frame`; copies identical to the original are dropped.

    The first copy always gets a greeting or a sign-off (plus, at times, one more edit): they
    are what writers add and leave out most, and short drafts are the most sensitive to them.
    Later copies get one or two edits of any kind."""
    rng = random.Random(seed)
    rows = []
    for position, row in enumerate(frame.itertuples(index=False)):
        for copy in range(copies):
            if copy == 0:
                edits = [rng.choice((_greet, _sign))] + rng.sample(EDITS[2:], k=rng.choice((0, 1)))
            else:
                edits = rng.sample(EDITS, k=rng.choice((1, 2)))
            text = row.text
            for edit in edits:
                text = edit(text, row.lang, rng)
            if text != row.text:
                rows.append({**row._asdict(), "text": text, "evidence": {}, "origin": position})
    return pd.DataFrame(rows, columns=[*frame.columns, "origin"])
