"""The draft's register: which phrase bank fits it (English or Indonesian, formal or casual),
how it addresses the reader, and whether it is an email, a text or a voicemail.

Added sentences must sound like the writer: a formal email stays formal, a chat message stays
short, Indonesian keeps the writer's own term of address ("Pak", "Mbak", "kak").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..labels import CHANNELS
from ..language import feedback_language

_FORMAL_EN = re.compile(r"\b(?:dear|regards|sincerely|respectfully|faithfully|kindly|i am writing|i would like|"
                        r"please accept|apologi[sz]e)\b|^\s*subject\s*:", re.I | re.M)
_CASUAL_EN = re.compile(r"\b(?:hey|hiya|u|ur|tmrw|tmr|thx|pls|plz|gonna|wanna|gotta|cant|wont|dont|im|lol|btw|"
                        r"ok|okay|yeah|guys|cheers|soz|sry)\b", re.I)
_FORMAL_ID = re.compile(r"\b(?:yth|dengan hormat|hormat saya|hormat kami|bapak|ibu|mohon|kami|atas perhatian|"
                        r"sehubungan|dikarenakan|perihal|subjek|saya|tidak|terima kasih|wawancara|apakah|dapat|"
                        r"selamat (?:pagi|siang|sore|malam)|kandidat|sebelumnya|sampaikan|menyampaikan)\b", re.I)
_CASUAL_ID = re.compile(r"\b(?:aku|gue|gw|kak|gak|ga|nggak|ngga|gk|banget|bgt|dong|sih|nih|deh|ya|yah|kok|udah|"
                        r"udh|makasih|sori|sorry|dateng|kabarin|aja|pengen|gimana|kalo|klo|hehe|wkwk|btw|gapapa)\b",
                        re.I)
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_VOICEMAIL = re.compile(r"\b(?:this is \w+ calling|calling (?:about|regarding|for)|call me back|leave (?:a|this) "
                        r"message|ini saya \w+|telepon balik|hubungi saya kembali di)\b", re.I)
_EMAIL = re.compile(r"^\s*(?:subject|subjek|perihal|re)\s*:|\b(?:dear|yth\.?|dengan hormat)\b|"
                    r"\b(?:regards|sincerely|hormat saya|salam)\s*,?\s*$", re.I | re.M)
#: A term of address, unless it is the writer's own relative ("ibu saya", "bapakku").
_ADDRESS = re.compile(r"\b(bapak|ibu|pak|bu|mbak|mba|mas|kak|kakak|teh|bang)\b(?!\s*(?:saya|aku|gue|gw|ku|mertua|"
                      r"kos|kost|rt|rw)\b)(?!ku\b)", re.I)
_ADDRESS_FORM = {"bapak": "Bapak", "ibu": "Ibu", "pak": "Pak", "bu": "Bu", "mbak": "Mbak", "mba": "Mbak",
                 "mas": "Mas", "kak": "Kak", "kakak": "Kak", "teh": "Teh", "bang": "Bang"}


@dataclass(frozen=True)
class Register:
    """How added sentences should sound. `lang` is the kit's language ("en" or "id"), `bank`
    the phrase bank ("en", "id" or "mixed"); `address` and `pronoun` are used in Indonesian."""

    lang: str
    formal: bool
    channel: str
    address: str = ""
    pronoun: str = "saya"
    bank: str = ""

    def __post_init__(self) -> None:
        if not self.bank:
            object.__setattr__(self, "bank", self.lang)

    @property
    def possessive(self) -> str:
        """"kerjaanku" after "aku", "pekerjaan saya" after "saya": the suffix or word to append."""
        return "ku" if self.pronoun == "aku" else " saya"


def infer_channel(text: str) -> str:
    """Email, voicemail or text, from the draft's shape when the caller does not say."""
    if _VOICEMAIL.search(text):
        return "voicemail"
    if _EMAIL.search(text) or text.count("\n") >= 3:
        return "email"
    return "text"


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len({m.group(0).lower() for m in pattern.finditer(text)})


@lru_cache(maxsize=256)
def detect_register(text: str, lang: str, channel: str | None = None) -> Register:
    """The register of a draft in language `lang` ("en", "id" or "mixed").

    A code-mixed draft written mostly in Indonesian gets the casual, code-mixed Indonesian bank
    ("Sorry banget ya kak") unless it is clearly formal; one written mostly in English ("Dear
    Mr. Bergmann, ... Saya Hendra ...") gets the English bank, so added sentences keep the
    writer's own mix. A draft with no markers either way is formal when it is an email. (Cached:
    a rewrite asks once per pass and once for its kit.)"""
    if channel is not None and channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}, not {channel!r}")
    channel = channel or infer_channel(text)
    casual_bonus = 1 if (_EMOJI.search(text) or text == text.lower()) else 0
    if lang == "mixed" and feedback_language(lang, text) == "en":
        lang = "en"
    if lang == "en":
        score = _count(_FORMAL_EN, text) - _count(_CASUAL_EN, text) - casual_bonus
        return Register("en", score > 0 or (score == 0 and channel == "email"), channel)
    score = _count(_FORMAL_ID, text) - _count(_CASUAL_ID, text) - casual_bonus
    formal = score >= 2 if lang == "mixed" else (score > 0 or (score == 0 and channel == "email"))
    match = _ADDRESS.search(text)
    if match:
        found = match.group(1)
        address = _ADDRESS_FORM[found.lower()] if formal or found[0].isupper() else found.lower()
    else:
        address = "Bapak/Ibu" if formal else "kak"
    pronoun = "aku" if re.search(r"\b(?:aku|aq)\b", text, re.I) and not formal else "saya"
    return Register("id", formal, channel, address, pronoun, "mixed" if lang == "mixed" else "id")
