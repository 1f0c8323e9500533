"""Every user-facing feedback sentence, in English and Indonesian.

Grounded in the career advice the product follows (cancel early, call first, apologise and
thank even when it is not your fault, give one honest and brief reason, offer to follow up),
but worded for this tool. Placeholders: {quote} is a short excerpt of the draft.
"""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "overshare_illness": "You describe your illness in more detail than needed ({quote}). \"I'm unwell\" is enough; "
                             "keep symptoms private.",
        "overshare_family": "Keep family matters brief ({quote}). \"A family emergency\" tells the recruiter all they "
                            "need to know.",
        "overshare_transport": "Drop the complaint about the breakdown ({quote}). Say what happened in a few words and "
                               "take responsibility instead of blaming anyone.",
        "overshare_implausible": "This excuse will not be believed ({quote}). Replace it with the real reason, stated "
                                 "simply: an unbelievable story costs you more credibility than the cancellation.",
        "overshare_offer": "Leave out the details of the other offer or any criticism ({quote}). \"I have accepted "
                           "another position\" is enough.",
        "overshare_generic": "Cut the extra personal detail or complaints ({quote}). One short, honest reason reads "
                             "as more professional.",
        "no_apology": "Add an apology for cancelling and for the inconvenience, even if the cancellation is not "
                      "your fault (e.g. \"I'm sorry for the short notice\").",
        "vague_reason": "{quote} sounds like a placeholder. Name the kind of reason in a few words (an illness, a "
                        "family emergency, a clash with your current job, another offer).",
        "vague_reason_noquote": "Your reason is vague. Name the kind of reason in a few words (an illness, a family "
                                "emergency, a clash with your current job, another offer).",
        "no_reason": "Give one brief, honest reason for cancelling; recruiters take a short explanation far better "
                     "than none.",
        "implausible_reason": "The reason given is hard to believe. State the real reason plainly and briefly.",
        "no_gratitude": "Thank the interviewer for their time and for the opportunity.",
        "no_follow_up": "Leave the door open: say you would like to reschedule, or that you will get in touch if "
                        "your situation changes.",
        "closing_door": "You are withdrawing, which is fine; a line wishing them well and thanking them still "
                        "protects your reputation for future openings.",
        "reschedule_tip": "If you would like a new date, propose one or two times and confirm by email afterwards to "
                          "show you are still interested.",
        "follow_up_email": "After rescheduling, send a short email that confirms the new time, repeats your interest "
                           "in the role and apologises once more for the change.",
        "reason_ok_illness": "Good: you name an illness without going into detail.",
        "reason_ok_offer": "Good: \"another offer\" is a clear reason that needs no more explanation.",
        "all_good": "This draft covers the essentials: an apology, a clear reason, no oversharing and a follow-up.",
        "channel_text": "A text message can feel too casual for cancelling an interview. Call first; if nobody "
                        "answers, leave a voicemail and send an email.",
        "channel_email": "Email can sit unread. If the interview is soon, phone first and use this email as "
                         "written confirmation.",
        "channel_voicemail": "If you reach voicemail, keep the message short, leave your number, and follow it with "
                             "an email.",
        "notice_past": "The interview time has already passed: call as soon as you can, apologise, and ask if "
                       "they are still willing to talk.",
        "notice_short": "Less than 24 hours' notice ({hours} hours). Call the recruiter now rather than only "
                        "writing, and apologise for the short notice.",
        "notice_ok": "You are giving {hours} hours' notice. Sending it now, rather than later, lets them offer the "
                     "slot to someone else.",
        "notice_from_text": "Your draft puts the interview today or within hours. Phone the recruiter right away "
                            "rather than only writing, and say sorry for the short notice.",
        "notice_from_text_tomorrow": "Your draft says the interview is tomorrow: send your message now, and if it "
                                     "is less than 24 hours away, phone as well.",
    },
    "id": {
        "overshare_illness": "Detail penyakit Anda terlalu banyak ({quote}). Cukup tulis \"saya sedang sakit\"; "
                             "gejala tidak perlu diceritakan.",
        "overshare_family": "Urusan keluarga cukup disebut singkat ({quote}). \"Ada keadaan darurat keluarga\" sudah "
                            "cukup bagi perekrut.",
        "overshare_transport": "Tidak perlu mengeluhkan kendaraan atau orang lain ({quote}). Sebutkan kejadiannya "
                               "singkat saja tanpa menyalahkan siapa pun.",
        "overshare_implausible": "Alasan ini sulit dipercaya ({quote}). Ganti dengan alasan sebenarnya yang "
                                 "sederhana; cerita yang tidak masuk akal merusak kredibilitas Anda.",
        "overshare_offer": "Rincian tawaran lain atau kritik tidak perlu ditulis ({quote}). Cukup \"saya sudah "
                           "menerima tawaran kerja lain\".",
        "overshare_generic": "Kurangi cerita pribadi atau keluhan ({quote}). Satu alasan singkat dan jujur terlihat "
                             "jauh lebih profesional.",
        "no_apology": "Tambahkan permintaan maaf karena membatalkan dan atas ketidaknyamanannya, walaupun "
                      "pembatalan ini bukan salah Anda (misalnya \"Mohon maaf atas pemberitahuan mendadak ini\").",
        "vague_reason": "{quote} terdengar seperti alasan yang mengambang. Sebutkan jenis alasannya secara singkat "
                        "(sakit, keadaan darurat keluarga, bentrok dengan jadwal kerja, tawaran lain).",
        "vague_reason_noquote": "Alasan Anda kurang jelas. Sebutkan jenis alasannya secara singkat (sakit, keadaan "
                                "darurat keluarga, bentrok dengan jadwal kerja, tawaran lain).",
        "no_reason": "Berikan satu alasan yang singkat dan jujur; perekrut lebih menghargai penjelasan pendek "
                     "daripada tidak ada sama sekali.",
        "implausible_reason": "Alasan yang diberikan sulit dipercaya. Sampaikan alasan sebenarnya dengan singkat.",
        "no_gratitude": "Ucapkan terima kasih kepada pewawancara atas waktu dan kesempatannya.",
        "no_follow_up": "Biarkan pintu tetap terbuka: sampaikan bahwa Anda ingin menjadwal ulang, atau akan "
                        "menghubungi lagi bila keadaan berubah.",
        "closing_door": "Anda mengundurkan diri, dan itu tidak apa-apa; tetap ucapkan terima kasih dan salam baik "
                        "agar nama Anda tetap baik untuk lowongan berikutnya.",
        "reschedule_tip": "Jika ingin jadwal baru, usulkan satu atau dua waktu lalu konfirmasi lewat email agar "
                          "minat Anda tetap terlihat.",
        "follow_up_email": "Setelah jadwal baru disepakati, kirim email singkat untuk mengonfirmasi waktunya, "
                           "menegaskan minat Anda, dan sekali lagi meminta maaf atas perubahannya.",
        "reason_ok_illness": "Bagus: Anda menyebut sakit tanpa rincian berlebihan.",
        "reason_ok_offer": "Bagus: \"menerima tawaran lain\" adalah alasan jelas yang tidak perlu dijelaskan lagi.",
        "all_good": "Draf ini sudah memenuhi hal-hal penting: permintaan maaf, alasan yang jelas, tidak berlebihan, "
                    "dan ada tindak lanjut.",
        "channel_text": "Pesan teks bisa terkesan kurang serius untuk membatalkan wawancara. Telepon dulu; jika "
                        "tidak diangkat, tinggalkan pesan suara lalu kirim email.",
        "channel_email": "Email bisa terlambat dibaca. Jika wawancaranya sudah dekat, telepon dulu dan pakai email "
                         "ini sebagai konfirmasi tertulis.",
        "channel_voicemail": "Jika masuk ke pesan suara, bicaralah singkat, sebutkan nomor Anda, lalu kirim email "
                             "sesudahnya.",
        "notice_past": "Waktu wawancara sudah lewat: segera telepon, minta maaf, dan tanyakan apakah mereka masih "
                       "bersedia bertemu.",
        "notice_short": "Pemberitahuan kurang dari 24 jam ({hours} jam). Telepon perekrut sekarang, jangan hanya "
                        "menulis pesan, dan minta maaf karena mendadak.",
        "notice_ok": "Anda memberi tahu {hours} jam sebelumnya. Kirim sekarang juga agar slotnya bisa diberikan "
                     "kepada kandidat lain.",
        "notice_from_text": "Menurut draf Anda, wawancaranya hari ini atau beberapa jam lagi. Segera telepon "
                            "perekrut, jangan hanya mengirim pesan, lalu minta maaf karena pemberitahuannya mendadak.",
        "notice_from_text_tomorrow": "Menurut draf Anda, wawancaranya besok: kirim pesan ini sekarang juga, lalu "
                                     "telepon bila waktunya kurang dari 24 jam lagi.",
    },
}


def message(lang: str, key: str, **values: object) -> str:
    """The message `key` in English ("en") or Indonesian ("id"), with placeholders filled."""
    return MESSAGES["id" if lang == "id" else "en"][key].format(**values)
