"""The cancellation kit: what to say on the phone, on voicemail, by email, and the follow-up
email once a new time is agreed, in English or Indonesian.

The advice is to call first, leave a voicemail if nobody answers, and confirm by email; after
rescheduling, to send a follow-up that confirms the time, reaffirms interest and apologises once
more. The kit fills in the interview time when it is given and the reason the draft gives (by its
kind, never its details); everything else is a visible placeholder in square brackets.
"""
from __future__ import annotations

import re
from datetime import datetime

from babel.dates import format_datetime

from ..result import ReviewResult
from .phrases import CATEGORY_AT, reason_placeholder, reason_sentence
from .register import Register
from .result import Email, Kit

#: At most about 30 seconds of speech.
VOICEMAIL_MAX_WORDS = 90

_TEXT = {
    "en": {
        "name": "[your name]", "phone": "[your phone number]", "role": "[the role]",
        "when": "[interview date and time]", "new_when": "[new date and time]", "addressee": "[interviewer's name]",
        "because": "because", "because_of": "because of",
        "sorry": "I apologise for the short notice and any inconvenience.",
        "sorry_plain": "I apologise for any inconvenience this may cause.",
        "call": ("Hello, this is {name}. I have an interview for {role} on {when}, and I'm calling to let you "
                 "know that I can't attend {reason}. {sorry} {follow} Thank you for your understanding. I'll confirm this "
                 "by email.\n\n(If they offer a new time, repeat it back, write it down and say you will "
                 "confirm it by email.)"),
        "call_reschedule": "Would it be possible to find another time? I'm still very interested in the role.",
        "call_withdraw": ("I've decided to withdraw my application. Thank you for considering me; I'd be glad to "
                          "stay in touch."),
        "voicemail": ("Hello, this is {name}, calling about my interview for {role} on {when}. I'm very sorry, but "
                      "I can't attend {reason}. {follow} Please call me back on {phone}. I'll follow up by email. "
                      "Thank you."),
        "vm_reschedule": "I'd be grateful if we could find another time.",
        "vm_withdraw": "I'm withdrawing my application, and I'd be glad to stay in touch.",
        "subject_reschedule": "Interview on {when}: request to reschedule",
        "subject_withdraw": "Interview on {when}: withdrawing my application",
        "greeting": "Dear {addressee},",
        "body": ("I am writing about my interview for {role} on {when}. I am very sorry, but I am unable to "
                 "attend {reason}. {sorry} {follow}"),
        "mail_reschedule": "Would it be possible to reschedule for another time that suits you?",
        "mail_withdraw": ("I would like to withdraw my application, and I would be glad to stay in touch about "
                          "future opportunities."),
        "thanks": "Thank you for your time and understanding.",
        "closing": "Best regards,",
        "fu_subject": "Confirming our rescheduled interview",
        "fu_body": ("Thank you for agreeing to a new time. I am writing to confirm my interview for {role} on "
                    "{new_when}. I remain very interested in the role and look forward to speaking with you. I "
                    "apologise once more for the change to the original schedule."),
        "format": "EEEE d MMMM 'at' HH:mm",
    },
    "id": {
        "name": "[nama Anda]", "phone": "[nomor telepon Anda]", "role": "[nama posisi]",
        "when": "[tanggal dan jam wawancara]", "new_when": "[tanggal dan jam baru]",
        "addressee": "[nama pewawancara]", "because": "karena", "because_of": "karena",
        "sorry": "Mohon maaf atas pemberitahuan yang mendadak ini.",
        "sorry_plain": "Mohon maaf atas ketidaknyamanan ini.",
        "call": ("Halo, {addr}, saya {name}. Saya dijadwalkan wawancara untuk posisi {role} pada "
                 "{when}. Saya menelepon untuk mengabarkan bahwa saya tidak dapat hadir {reason}. {sorry} {follow} Terima kasih "
                 "atas pengertiannya, {addr}. Saya akan mengonfirmasi lewat email.\n\n(Jika mereka menawarkan "
                 "jadwal baru, ulangi tanggal dan jamnya, catat, lalu sampaikan bahwa Anda akan mengonfirmasi "
                 "lewat email.)"),
        "call_reschedule": "Apakah wawancaranya dapat dijadwalkan ulang? Saya masih sangat tertarik dengan posisi ini.",
        "call_withdraw": ("Saya memutuskan untuk mengundurkan diri dari proses ini. Terima kasih atas "
                          "kesempatannya; semoga kita tetap berhubungan."),
        "voicemail": ("Halo, {addr}, saya {name}, terkait jadwal wawancara untuk posisi {role} pada "
                      "{when}. Mohon maaf, saya tidak dapat hadir {reason}. {follow} Mohon hubungi saya kembali di "
                      "{phone}. Saya juga akan mengirim email. Terima kasih."),
        "vm_reschedule": "Apabila memungkinkan, saya ingin menjadwalkan ulang wawancaranya.",
        "vm_withdraw": "Saya mengundurkan diri dari proses ini, dan semoga kita tetap berhubungan.",
        "subject_reschedule": "Permohonan jadwal ulang wawancara {when}",
        "subject_withdraw": "Pengunduran diri dari wawancara {when}",
        "greeting": "Yth. {addressee},",
        "body": ("Saya menulis terkait jadwal wawancara untuk posisi {role} pada {when}. Mohon maaf, saya tidak "
                 "dapat hadir {reason}. {sorry} {follow}"),
        "mail_reschedule": "Apabila memungkinkan, apakah wawancaranya dapat dijadwalkan ulang di waktu lain?",
        "mail_withdraw": ("Dengan ini saya mengundurkan diri dari proses rekrutmen, dan semoga kita dapat tetap "
                          "berhubungan untuk kesempatan lain di masa depan."),
        "thanks": "Terima kasih atas waktu dan pengertiannya.",
        "closing": "Hormat saya,",
        "fu_subject": "Konfirmasi jadwal wawancara baru",
        "fu_body": ("Terima kasih atas kesediaannya menjadwalkan ulang wawancara saya. Dengan ini saya "
                    "mengonfirmasi wawancara untuk posisi {role} pada {new_when}. Saya tetap sangat tertarik dengan "
                    "posisi ini dan menantikan pertemuan kita. Sekali lagi saya mohon maaf atas perubahan jadwal "
                    "sebelumnya."),
        "format": "EEEE, d MMMM 'pukul' HH.mm",
    },
}

_SUBJECT = re.compile(r"^\s*(?:subject|subjek|perihal|re|hal|judul)\s*:\s*(.+?)\s*$", re.I | re.M)
_ROLE_EN = re.compile(r"\bfor the ((?:[A-Z][\w&/+.-]*\s?){1,6}?\s?(?:position|role))\b")
_ROLE_ID = re.compile(r"\bposisi ((?:[A-Z][\w&/+.-]*\s?){1,6})(?=\s*(?:di|pada|yang|untuk|besok|hari|[,.!?\n]|$))")
_GREETING_WORD = re.compile(r"^\s*(?:hi+|hello|hallo|halo|hai|hey+|dear|good (?:morning|afternoon|evening|day)|"
                            r"yth\.?|kepada|selamat (?:pagi|siang|sore|malam)|pagi|siang|sore|malam)\b[\s,.]*"
                            r"(?:(?:yth|kepada)\.?\s+)?", re.I)
_ADDRESS_ONLY = re.compile(r"^(?:bapak|ibu|pak|bu|mbak|mba|mas|kak|kakak|teh|bang|sir|madam|all|team|there|"
                           r"bapak/ibu|hr|hrd)$", re.I)


def interview_time(when: datetime | None, lang: str) -> str:
    """The interview time as people write it ("Thursday 14 March at 10:00", "Kamis, 14 Maret
    pukul 10.00"), or a placeholder."""
    words = _TEXT[lang]
    if when is None:
        return words["when"]
    return format_datetime(when, words["format"], locale=lang)


def _role(text: str, lang: str) -> str:
    """The role as the writer names it ("for the Senior Analyst position"), else a placeholder."""
    match = (_ROLE_EN if lang == "en" else _ROLE_ID).search(text)
    if not match:
        return _TEXT[lang]["role"]
    return f"the {match.group(1).strip()}" if lang == "en" else match.group(1).strip()


def _addressee(text: str, reg: Register, lang: str) -> str:
    """Who the draft greets ("Hi Sam, ..." -> "Sam", "Selamat siang Pak Bonar," -> "Pak Bonar"),
    else a placeholder."""
    words = _TEXT[lang]
    first = next((line for line in text.splitlines() if line.strip() and not _SUBJECT.match(line)), "")
    match = _GREETING_WORD.match(first)
    name = first[match.end():].split(",")[0].strip(" .!:") if match else ""
    if name and not _ADDRESS_ONLY.match(name) and len(name.split()) <= 4 and name[:1].isupper():
        return name
    if lang == "id":
        return f"{reg.address[:1].upper()}{reg.address[1:]} {words['addressee']}"
    return words["addressee"]


def _reason_clause(review: ReviewResult, reg: Register, lang: str) -> str:
    """"because I am unwell" from the draft's kind of reason, or "because of [a brief reason...]"."""
    words = _TEXT[lang]
    sentence = None
    if review["clear_reason"].present and review.reason_score >= CATEGORY_AT:  # the rewrite's own rule
        sentence = reason_sentence(review.reason_category, reg, review.text)
    if sentence is None:
        return f"{words['because_of']} {reason_placeholder(lang, review.reason_category)}"
    clause = sentence.rstrip(".")
    if not re.match(r"^I\b", clause):
        clause = clause[:1].lower() + clause[1:]
    return f"{words['because']} {clause}"


def _squash(text: str) -> str:
    return re.sub(r"[ \t]{2,}", " ", text).replace(" \n", "\n").strip()


def build_kit(rewrite_text: str, review: ReviewResult, reg: Register, *, withdrawing: bool, short_notice: bool,
              interview_at: datetime | None = None) -> Kit:
    """The kit for a draft: `review` is the review of the original draft, `rewrite_text` its
    rewrite (the email body when the draft is an email)."""
    lang = reg.lang
    words = _TEXT[lang]
    kit_reg = Register(lang, True, reg.channel, reg.address if reg.address != "kak" else "Kak", "saya")
    addr = kit_reg.address
    values = {
        "name": words["name"], "phone": words["phone"], "role": _role(review.text, lang),
        "when": interview_time(interview_at, lang), "new_when": words["new_when"], "addr": addr,
        "reason": _reason_clause(review, kit_reg, lang), "sorry": words["sorry" if short_notice else "sorry_plain"],
    }
    mode = "withdraw" if withdrawing else "reschedule"
    call = words["call"].format(**values, follow=words[f"call_{mode}"])
    voicemail = words["voicemail"].format(**values, follow=words[f"vm_{mode}"])
    addressee = _addressee(review.text, kit_reg, lang)
    subject_match = _SUBJECT.search(rewrite_text)
    subject = subject_match.group(1) if subject_match else words[f"subject_{mode}"].format(**values)
    if reg.channel == "email":  # the rewrite itself, in the writer's words
        body = _SUBJECT.sub("", rewrite_text, count=1).strip("\n ")
    else:
        body = _squash("\n\n".join([words["greeting"].format(addressee=addressee),
                                     words["body"].format(**values, follow=words[f"mail_{mode}"]), words["thanks"],
                                     f"{words['closing']}\n{words['name']}"]))
    follow_up = None
    if not withdrawing:
        follow_up = Email(words["fu_subject"], "\n\n".join([
            words["greeting"].format(addressee=addressee), words["fu_body"].format(**values),
            f"{words['closing']}\n{words['name']}"]))
    return Kit(lang, _squash(call), _squash(voicemail), Email(subject, body), follow_up)
