"""Detects whether a draft is English, Indonesian or code-mixed.

A draft's function words give its language away far more reliably than its content words
(names, "interview", "HRD" occur in both). We count words from spaCy's own English and
Indonesian stop-word lists (minus the few they share) plus common Indonesian chat slang.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import spacy.lang
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP

from .labels import LANGUAGES


def _stop_words(code: str) -> set[str]:
    """spaCy's stop list for a language, read from its module spacy/lang/<code>/stop_words.py
    without importing the package spacy.lang.<code> first: the Indonesian package builds its
    16k tokenizer exceptions on import (~0.1 s), which an English draft never needs."""
    name = f"spacy.lang.{code}.stop_words"
    path = Path(spacy.lang.__file__).parent / code / "stop_words.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if name in sys.modules or spec is None or spec.loader is None or not path.is_file():
        return importlib.import_module(name).STOP_WORDS
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.STOP_WORDS


ID_STOP = _stop_words("id")

_ID_SLANG = {
    "gak", "nggak", "ga", "gk", "ngga", "enggak", "tdk", "sy", "aku", "gw", "gue", "bgt",
    "banget", "dong", "sih", "nih", "deh", "kok", "loh", "kak", "mas", "mbak", "bu", "pak",
    "maaf", "makasih", "terima", "kasih", "besok", "wawancara", "bsk", "udah", "udh", "sdh",
    "yg", "utk", "krn", "karna", "jd", "gimana", "kalo", "klo", "aja", "juga", "lagi",
    "mohon", "hormat", "dengan", "bapak", "ibu", "wkwk", "hehe", "kabar", "jadwal", "hadir",
}
_SHARED = EN_STOP & ID_STOP
_EN_WORDS = frozenset(EN_STOP - _SHARED - {"a", "i", "am", "me"} | {"i", "sorry", "thanks", "thank", "cancel", "tomorrow"})
_ID_WORDS = frozenset((ID_STOP - _SHARED) | _ID_SLANG)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")

#: Share of the minority language's function words above which a draft counts as mixed.
MIXED_SHARE = 0.12
#: ... and the least number of such words (one stray "ok" or "sorry" does not make a mix).
MIXED_MIN_WORDS = 2


def language_shares(text: str) -> tuple[int, int]:
    """Count English and Indonesian function words in the text."""
    words = _WORD.findall(text.lower())
    return sum(map(_EN_WORDS.__contains__, words)), sum(map(_ID_WORDS.__contains__, words))


def detect_language(text: str) -> str:
    """Return "en", "id" or "mixed"; drafts with no cue at all count as English."""
    en, idn = language_shares(text)
    total = en + idn
    if total == 0:
        return "en"
    minority = min(en, idn)
    if minority >= MIXED_MIN_WORDS and minority / total >= MIXED_SHARE:
        return "mixed"
    return "id" if idn > en else "en"


def resolve_language(text: str, lang: str | None) -> str:
    """Use the caller's override when given (validated), else detect."""
    if lang is None or lang == "auto":
        return detect_language(text)
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)} or None/'auto', not {lang!r}")
    return lang


def feedback_language(lang: str, text: str) -> str:
    """Feedback is written in English or Indonesian: a mixed draft gets its majority language."""
    if lang in ("en", "id"):
        return lang
    en, idn = language_shares(text)
    return "id" if idn >= en else "en"
