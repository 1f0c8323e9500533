"""The phrase bank: the few sentences a rewrite may add, per language, register and label.

Every added sentence comes from here, so a rewrite never says something the writer did not:
a reason is summarised only by the kind of reason the writer gave ("I'm unwell" for an illness
told in detail), and a missing or unbelievable reason becomes a visible placeholder in square
brackets. Placeholders are the only square brackets a rewrite adds.
"""
from __future__ import annotations

import re
from typing import Mapping

from .register import Register

#: A placeholder the rewrite or the kit adds: "[a brief reason, e.g. ...]", "[your name]", ...
PLACEHOLDER = re.compile(r"\[(?:a brief reason|alasan singkat|your |the role|interview date|new date|interviewer|"
                         r"nama |nomor |tanggal )[^\[\]\n]*\]")
#: The reason placeholder only (a draft that has one needs no other reason).
REASON_PLACEHOLDER = re.compile(r"\[(?:a brief reason|alasan singkat)[^\[\]\n]*\]")

#: Example reasons shown inside a reason placeholder, per reason category.
_EXAMPLES: dict[str, tuple[str, str]] = {
    "illness": ("I'm unwell", "sedang kurang sehat"),
    "transport": ("car trouble", "kendaraan mogok"),
    "schedule_conflict": ("a clash with my current job", "bentrok dengan jadwal kerja"),
    "new_offer": ("I have accepted another offer", "sudah menerima tawaran kerja lain"),
    "relocation": ("I am relocating", "pindah domisili"),
    "not_a_fit": ("the role is not the right fit for me", "posisi ini kurang sesuai untuk saya"),
}
_DEFAULT_EXAMPLE = ("a family emergency", "keadaan darurat keluarga")
#: A reason told in detail is summarised by its kind only when the category is at least this likely.
CATEGORY_AT = 0.5


def reason_placeholder(lang: str, category: str = "none") -> str:
    """The visible gap for a reason the writer has to supply, with an example of the right kind."""
    en, idn = _EXAMPLES.get(category, _DEFAULT_EXAMPLE)
    return f"[a brief reason, e.g. {en}]" if lang == "en" else f"[alasan singkat, mis. {idn}]"


#: Sentences added for a missing essential, per (bank, formal). Keys: cancel (when the only
#: statement of the cancellation was cut with a story), apology, apology_short
#: (when the interview is within a day), reschedule, keep_in_touch, gratitude, reason (wraps a
#: placeholder; reason_alone where no sentence precedes it). {addr} is the Indonesian term of address. The "mixed" bank is casual Indonesian
#: with the English words code-mixed drafts use ("sorry banget", "di-reschedule", "thank you ya").
#: Each sentence was checked against the reviewer on 150 corpus drafts lacking the label: it is
#: found in at least 97 % of them.
_BANK: dict[tuple[str, bool], dict[str, str]] = {
    ("en", True): {
        "reason_alone": "The reason is {placeholder}.",
        "cancel": "I am unable to attend the interview.",
        "apology": "I apologise for any inconvenience this may cause.",
        "apology_short": "I apologise for the short notice and any inconvenience.",
        "reschedule": "Would it be possible to reschedule for another time that suits you?",
        "keep_in_touch": "I would be glad to stay in touch about future opportunities.",
        "gratitude": "Thank you for your time and understanding.",
        "reason": "This is due to {placeholder}.",
    },
    ("en", False): {
        "reason_alone": "The reason: {placeholder}.",
        "cancel": "I can't make the interview.",
        "apology": "I'm really sorry about this.",
        "apology_short": "I'm really sorry for the short notice.",
        "reschedule": "Could we reschedule for another time?",
        "keep_in_touch": "I'd love to stay in touch about future roles.",
        "gratitude": "Thank you for understanding!",
        "reason": "It's because of {placeholder}.",
    },
    ("id", True): {
        "reason_alone": "Alasannya adalah {placeholder}.",
        "cancel": "Saya tidak dapat hadir pada wawancara tersebut.",
        "apology": "Mohon maaf atas ketidaknyamanan ini, {addr}.",
        "apology_short": "Mohon maaf atas pemberitahuan yang mendadak ini, {addr}.",
        "reschedule": "Apabila memungkinkan, apakah wawancaranya dapat dijadwalkan ulang di waktu lain?",
        "keep_in_touch": "Semoga kita dapat tetap berhubungan untuk kesempatan lain di masa depan.",
        "gratitude": "Terima kasih atas waktu dan pengertiannya, {addr}.",
        "reason": "Hal ini dikarenakan {placeholder}.",
    },
    ("id", False): {
        "reason_alone": "Alasannya: {placeholder}.",
        "cancel": "{Pron} gak bisa ikut interview-nya.",
        "apology": "Maaf banget ya {addr}, jadi merepotkan.",
        "apology_short": "Maaf banget ya {addr} atas kabar mendadak ini.",
        "reschedule": "Kalau bisa, boleh dijadwalkan ulang di hari lain, {addr}?",
        "keep_in_touch": "Semoga bisa ketemu di kesempatan lain ya, {addr}.",
        "gratitude": "Terima kasih banyak ya {addr} atas pengertiannya.",
        "reason": "Soalnya ada {placeholder}.",
    },
    ("mixed", False): {
        "reason_alone": "Alasannya: {placeholder}.",
        "cancel": "{Pron} gak bisa join interview-nya.",
        "apology": "Sorry banget ya {addr}, jadi merepotkan.",
        "apology_short": "Sorry banget ya {addr} atas kabar mendadak ini.",
        "reschedule": "Kalau bisa, boleh di-reschedule ke hari lain, {addr}?",
        "keep_in_touch": "Semoga bisa keep in touch untuk kesempatan lain ya, {addr}.",
        "gratitude": "Thank you ya {addr} atas pengertiannya.",
        "reason": "Soalnya ada {placeholder}.",
    },
}
_BANK[("mixed", True)] = _BANK[("id", True)]

#: Which label each bank key addresses.
KEY_LABEL: Mapping[str, str | None] = {
    "cancel": None, "apology": "apology", "apology_short": "apology", "reschedule": "follow_up", "keep_in_touch": "follow_up",
    "gratitude": "gratitude", "reason": "clear_reason", "reason_alone": "clear_reason",
}

#: A brief, professional sentence per kind of reason, used where the writer's own account was
#: cut as oversharing. Each entry lists words that must appear in the cut passage (None: the
#: category alone is enough), so that "car trouble" is only said of a car.
_REASONS: dict[str, list[tuple[str | None, dict[tuple[str, bool], str]]]] = {
    "illness": [(None, {("en", True): "I am unwell.", ("en", False): "I'm unwell.",
                        ("id", True): "Saya sedang kurang sehat.", ("id", False): "{Pron} lagi kurang sehat."})],
    "family": [
        (r"\b(?:emergenc\w*|hospital\w*|stroke|heart attack|accident|died|passed away|funeral|critical|icu|"
         r"darurat|rumah sakit|rs|meninggal|wafat|kecelakaan|operasi|dirawat|kritis|melahirkan|lahiran|duka)\b",
         {("en", True): "I have a family emergency.", ("en", False): "I have a family emergency.",
          ("id", True): "Saya sedang menghadapi keadaan darurat keluarga.",
          ("id", False): "Ada keadaan darurat keluarga."}),
        (None, {("en", True): "I need to support a family member that day.",
                ("en", False): "I need to support a family member that day.",
                ("id", True): "Saya harus mendampingi keluarga saya.", ("id", False): "{Pron} harus nemenin keluarga."}),
    ],
    "transport": [
        (r"\b(?:car|cars|vehicle|van)\b", {("en", True): "I am having car trouble.", ("en", False): "I'm having car trouble.",
                                          ("id", True): "Kendaraan saya mogok.", ("id", False): "Kendaraan{poss} mogok."}),
        (r"\b(?:motor\w*|mogok|kendaraan|mobil|ban)\b",
         {("en", True): "My vehicle has broken down.", ("en", False): "My vehicle has broken down.",
          ("id", True): "Kendaraan saya mogok.", ("id", False): "Kendaraan{poss} mogok."}),
    ],
    "schedule_conflict": [
        (r"\b(?:job|work|shift|boss|manager|office|meeting|kantor|kerja\w*|lembur|atasan|bos|rapat|dinas|pekerjaan)\b",
         {("en", True): "It clashes with a commitment at my current job.",
          ("en", False): "It clashes with my current job.",
          ("id", True): "Jadwalnya bentrok dengan pekerjaan saya saat ini.",
          ("id", False): "Jadwalnya bentrok sama kerjaan{poss} sekarang."}),
    ],
    "new_offer": [(None, {("en", True): "I have accepted another offer.", ("en", False): "I've accepted another offer.",
                          ("id", True): "Saya sudah menerima tawaran kerja lain.",
                          ("id", False): "{Pron} udah terima tawaran kerja lain."})],
    "relocation": [(None, {("en", True): "I am relocating.", ("en", False): "I'm relocating.",
                           ("id", True): "Saya akan pindah domisili.", ("id", False): "{Pron} mau pindah domisili."})],
    "not_a_fit": [(None, {("en", True): "I have decided the role is not the right fit for me.",
                          ("en", False): "I've decided the role isn't the right fit for me.",
                          ("id", True): "Saya merasa posisi ini kurang sesuai untuk saya.",
                          ("id", False): "{Pron} rasa posisinya kurang sesuai buat{poss}."})],
}


def _bank(reg: Register) -> tuple[str, bool]:
    return (reg.bank, reg.formal)


def _fill(template: str, reg: Register, **values: str) -> str:
    return template.format(addr=reg.address, Pron=reg.pronoun.capitalize(), poss=reg.possessive, **values)


def phrase(key: str, reg: Register, **values: str) -> str:
    """The bank sentence `key` in the draft's register."""
    return _fill(_BANK[_bank(reg)][key], reg, **values)


def reason_sentence(category: str, reg: Register, cut_text: str) -> str | None:
    """A brief sentence for the kind of reason told in `cut_text`, or None when no entry fits
    (the caller then adds a placeholder instead of guessing)."""
    for needs, forms in _REASONS.get(category, []):
        if needs is None or re.search(needs, cut_text, re.I):
            return _fill(forms[(reg.lang, reg.formal)], reg)
    return None


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s/]", " ", text.lower()).split())


def _own_patterns() -> dict[str, re.Pattern[str]]:
    """Every bank sentence a rewrite can add, per label, as one pattern over normalised text
    (any term of address in place of {addr}), for recognising a rewrite's own additions."""
    out: dict[str, list[str]] = {}
    for bank in _BANK.values():
        for key, template in bank.items():
            if KEY_LABEL[key] in (None, "clear_reason"):
                continue
            words = _normalise(template.replace("{addr}", " ADDR ")).split()
            body = " ".join(r"\S+(?: \S+)?" if w == "addr" else re.escape(w) for w in words)
            out.setdefault(KEY_LABEL[key], []).append(body)
    return {label: re.compile("|".join(f"(?:{b})" for b in bodies)) for label, bodies in out.items()}


_OWN = _own_patterns()


def has_bank_sentence(text: str, label: str) -> bool:
    """True when the text already holds a sentence this bank adds for `label` (so a second
    rewrite adds nothing, even if the model misses it)."""
    pattern = _OWN.get(label)
    return bool(pattern and pattern.search(_normalise(text)))
