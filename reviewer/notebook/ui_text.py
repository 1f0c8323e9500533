"""Words of the notebook UI (checklist lines, badges, summaries) in English and Indonesian.

Feedback sentences live in `messages.py` (the core's); these are the short strings around them.
The checklist and highlights speak the draft's feedback language; buttons stay in English.
"""
from __future__ import annotations

from ..labels import LABELS

#: One line on why, per label and verdict ("pass" = good, "warn" = needs a fix).
#: {quote} is a short excerpt of the evidence (may be empty).
WHY: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "apology": {"pass": "You apologise: {quote}",
                    "warn": "No apology found. Say sorry for cancelling, even if it is not your fault."},
        "clear_reason": {"pass": "You give a specific reason: {quote}",
                         "warn": "No specific reason found. One brief, honest reason is enough."},
        "oversharing": {"pass": "The message stays brief and professional.",
                        "warn": "Too much personal detail or complaining: {quote}"},
        "follow_up": {"pass": "You keep in touch: {quote}",
                      "warn": "Nothing keeps the door open. Offer to reschedule or to stay in touch."},
        "gratitude": {"pass": "You thank them: {quote}",
                      "warn": "No thanks found. Thank them for their time and the opportunity."},
        "reschedule_request": {"pass": "You ask for or propose a new time: {quote}",
                               "warn": "No new time proposed (fine if you are withdrawing)."},
    },
    "id": {
        "apology": {"pass": "Anda meminta maaf: {quote}",
                    "warn": "Belum ada permintaan maaf. Minta maaf karena membatalkan, walaupun bukan salah Anda."},
        "clear_reason": {"pass": "Anda memberi alasan yang jelas: {quote}",
                         "warn": "Belum ada alasan yang jelas. Satu alasan singkat dan jujur sudah cukup."},
        "oversharing": {"pass": "Pesannya singkat dan profesional.",
                        "warn": "Terlalu banyak detail pribadi atau keluhan: {quote}"},
        "follow_up": {"pass": "Anda tetap menjaga komunikasi: {quote}",
                      "warn": "Belum ada tindak lanjut. Tawarkan jadwal ulang atau tetap berhubungan."},
        "gratitude": {"pass": "Anda berterima kasih: {quote}",
                      "warn": "Belum ada ucapan terima kasih atas waktu dan kesempatannya."},
        "reschedule_request": {"pass": "Anda meminta atau mengusulkan waktu baru: {quote}",
                               "warn": "Belum ada usulan waktu baru (tidak apa-apa jika Anda mengundurkan diri)."},
    },
}

#: Short names for the badges placed after each highlight (text, so colour is never the only cue).
TAGS: dict[str, dict[str, str]] = {
    "en": {"apology": "apology", "clear_reason": "reason", "oversharing": "oversharing",
           "follow_up": "follow-up", "gratitude": "thanks", "reschedule_request": "new time"},
    "id": {"apology": "maaf", "clear_reason": "alasan", "oversharing": "berlebihan",
           "follow_up": "tindak lanjut", "gratitude": "terima kasih", "reschedule_request": "jadwal baru"},
}

#: Names used in the legend and tooltips (the finding itself, not the check's pass condition).
HIGHLIGHT_NAMES: dict[str, dict[str, str]] = {
    "en": {"apology": "Apology", "clear_reason": "Reason", "oversharing": "Oversharing",
           "follow_up": "Follow-up", "gratitude": "Thanks", "reschedule_request": "New time requested"},
    "id": {"apology": "Permintaan maaf", "clear_reason": "Alasan", "oversharing": "Berlebihan",
           "follow_up": "Tindak lanjut", "gratitude": "Terima kasih", "reschedule_request": "Minta jadwal baru"},
}

REASON_NAMES: dict[str, dict[str, str]] = {
    "en": {"new_offer": "another offer", "illness": "illness", "family": "family matter",
           "schedule_conflict": "schedule conflict", "transport": "transport problem", "relocation": "relocation",
           "not_a_fit": "role not a fit", "other": "other specific reason", "vague": "vague reason",
           "implausible": "hard-to-believe excuse", "none": "no reason"},
    "id": {"new_offer": "tawaran lain", "illness": "sakit", "family": "urusan keluarga",
           "schedule_conflict": "jadwal bentrok", "transport": "masalah transportasi", "relocation": "pindah domisili",
           "not_a_fit": "posisi kurang cocok", "other": "alasan spesifik lain", "vague": "alasan mengambang",
           "implausible": "alasan sulit dipercaya", "none": "tanpa alasan"},
}

LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "id": "Indonesian", "mixed": "code-mixed Indonesian/English"},
    "id": {"en": "Inggris", "id": "Indonesia", "mixed": "campuran Indonesia/Inggris"},
}

UI: dict[str, dict[str, str]] = {
    "en": {
        "pass": "OK", "warn": "Fix",
        "sure": "{pct}% sure",
        "essentials": "{met} of 4 essentials",
        "ready": "Ready to send.",
        "almost": "Almost there: fix the point marked below.",
        "needs_work": "Needs work: {n} essentials missing.",
        "language": "Language: {name}",
        "detected": "detected",
        "chosen": "chosen",
        "reason": "Reason: {name}",
        "checklist": "Checklist",
        "highlights": "Your draft, with the evidence highlighted",
        "legend": "Legend",
        "no_evidence": "Nothing to highlight yet.",
        "suggestions": "Suggestions, most important first",
        "no_suggestions": "No suggestions: this draft is in good shape.",
        "delivery": "Timing and channel",
        "warning": "Warning",
        "note": "Note",
        "high": "Important", "medium": "Recommended", "low": "Tip", "info": "Note",
        "fixes_title": "Fixes for this draft",
        "no_fixes": "Nothing to fix: the draft covers the essentials.",
        "copy": "Copy checklist of fixes",
        "copied": "Copied!",
        "assumed_time": "No time given: assuming 09:00 on that day.",
    },
    "id": {
        "pass": "OK", "warn": "Perbaiki",
        "sure": "{pct}% yakin",
        "essentials": "{met} dari 4 hal penting",
        "ready": "Siap dikirim.",
        "almost": "Hampir siap: perbaiki poin yang ditandai di bawah.",
        "needs_work": "Perlu diperbaiki: {n} hal penting belum ada.",
        "language": "Bahasa: {name}",
        "detected": "terdeteksi",
        "chosen": "dipilih",
        "reason": "Alasan: {name}",
        "checklist": "Daftar periksa",
        "highlights": "Draf Anda, dengan bukti yang disorot",
        "legend": "Keterangan",
        "no_evidence": "Belum ada yang disorot.",
        "suggestions": "Saran, dari yang paling penting",
        "no_suggestions": "Tidak ada saran: draf ini sudah baik.",
        "delivery": "Waktu dan cara mengirim",
        "warning": "Peringatan",
        "note": "Catatan",
        "high": "Penting", "medium": "Disarankan", "low": "Tips", "info": "Catatan",
        "fixes_title": "Perbaikan untuk draf ini",
        "no_fixes": "Tidak ada yang perlu diperbaiki: draf ini sudah memenuhi hal-hal penting.",
        "copy": "Salin daftar perbaikan",
        "copied": "Tersalin!",
        "assumed_time": "Jam tidak diisi: dianggap pukul 09.00 pada hari itu.",
    },
}


def ui(lang: str, key: str, **values: object) -> str:
    """A UI string in English or Indonesian (anything but "id" gets English)."""
    return UI["id" if lang == "id" else "en"][key].format(**values)


def _check() -> None:
    for table in (WHY, TAGS, HIGHLIGHT_NAMES):
        for lang in ("en", "id"):
            assert set(table[lang]) == set(LABELS), (lang, table[lang].keys())
    assert set(UI["en"]) == set(UI["id"])


_check()
