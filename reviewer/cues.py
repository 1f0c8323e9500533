"""Cue phrases for each finding, in English and Indonesian (and their slang spellings).

They serve three purposes: features for the trained models (a cue is a hint, not a verdict:
the model learns how far to trust it, e.g. "sorry to hear" is not an apology), the
keyword-rule baseline that `reviewer evaluate` compares the models against, and a fallback
for pinpointing evidence inside a long sentence.
"""
from __future__ import annotations

CUES: dict[str, tuple[str, ...]] = {
    "apology": (
        "sorry", "so sorry", "very sorry", "really sorry", "sry", "sory", "sorri", "soz",
        "apologize", "apologise", "apologies", "apology", "apologizing", "apologising",
        "my apologies", "i apologize", "i apologise", "regret", "i regret", "forgive me",
        "pardon", "my bad",
        "maaf", "mohon maaf", "minta maaf", "maafkan", "memohon maaf", "maaf banget",
        "maaf sekali", "mohon dimaafkan", "punten", "ampun", "sori", "sorry banget",
        # Regret for one's own cancellation counts as an apology (guide, Clarifications).
        "regretfully", "regret to inform", "with regret", "with deep regret", "menyesal",
        "dengan menyesal", "dengan sangat menyesal", "mohon maafkan",
    ),
    "acknowledgement": (
        # Acknowledging the timing is not regret (guide, Clarifications): a cue the model can
        # learn to weigh against "sorry".
        "late to call", "it's late", "it is late", "short notice", "last minute", "last-minute",
        "i know this is", "i realise", "i realize", "mendadak", "dadakan",
    ),
    "apology_negated": (
        "not sorry", "sorry not sorry", "no apologies", "won't apologize", "won't apologise",
        "will not apologize", "will not apologise", "not going to apologize",
        "not going to apologise", "no need to apologize", "don't apologize", "nothing to apologize",
        "tidak minta maaf", "gak minta maaf", "nggak minta maaf", "ga minta maaf",
        "tidak akan minta maaf", "ngapain minta maaf", "gak perlu minta maaf",
        "tidak perlu minta maaf", "nggak perlu minta maaf",
    ),
    "sorry_other": (
        "sorry to hear", "sorry for the typo", "sorry for the late reply", "sorry for the delay in replying",
        "sorry to bother", "sorry to disturb", "sorry for the long message", "sorry for the long email",
        "maaf mengganggu", "maaf baru balas", "maaf baru bales", "maaf telat balas",
        "maaf typo", "turut berduka", "maaf ganggu",
    ),
    "unfortunately": (
        "unfortunately", "regrettably", "sadly", "unluckily", "sayangnya", "sayang sekali",
        "apes", "sialnya",
    ),
    "gratitude": (
        "thank", "thanks", "thank you", "thankyou", "thx", "thnx", "tq", "ty", "thanks a lot",
        "appreciate", "appreciated", "grateful", "gratitude", "cheers",
        "terima kasih", "terimakasih", "makasih", "makasi", "trims", "trimakasih", "tengkyu",
        "matur nuwun", "hatur nuhun", "nuhun", "berterima kasih", "thank u",
    ),
    "thanks_sarcastic": (
        "thanks for nothing", "thank you for nothing", "makasih buat apa",
    ),
    "follow_up": (
        "reschedule", "re-schedule", "rescheduling", "another time", "new time", "another date",
        "get back to you", "be in touch", "in touch", "keep me in mind", "keep my", "on file",
        "future opportunities", "future opportunity", "future roles", "reach out", "follow up",
        "follow-up", "call you", "call again", "email you", "let you know", "contact you",
        "hope to hear", "look forward", "next week", "later date",
        "jadwal ulang", "dijadwal ulang", "dijadwalkan ulang", "menjadwalkan ulang",
        "jadwalkan ulang", "reschedule", "lain waktu", "lain kali", "kabari", "mengabari",
        "saya kabari", "menghubungi kembali", "hubungi lagi", "menghubungi lagi",
        "kesempatan lain", "kesempatan berikutnya", "ke depannya", "di masa depan",
        "diundur", "mundur", "ganti jadwal", "ganti hari", "pindah jadwal", "tetap tertarik",
        "masih tertarik", "tindak lanjut", "follow up",
        "stay connected", "stay in touch", "keep in touch", "paths cross", "cross paths",
        "keep me in consideration", "future openings", "bertemu di kesempatan lain", "tetap terhubung",
        "semoga bisa bertemu", "kabar-kabar", "tetap berhubungan",
    ),
    "reschedule_request": (
        "reschedule", "re-schedule", "rescheduling", "move it to", "move the interview",
        "push it to", "another day", "another time", "a different time", "a different day",
        "would monday", "would tuesday", "would wednesday", "would thursday", "would friday",
        "is it possible to", "could we", "can we", "available on", "free on", "instead",
        "jadwal ulang", "dijadwal ulang", "dijadwalkan ulang", "menjadwalkan ulang",
        "jadwalkan ulang", "diundur", "ganti jadwal", "ganti hari", "pindah jadwal",
        "di hari lain", "hari lain", "waktu lain", "apakah bisa", "bisa diganti",
        "bisa dipindah", "bisa diundur", "minggu depan",
    ),
    "close_door": (
        "withdraw", "withdrawing", "remove me", "remove my", "no need to reply",
        "no need to respond", "not interested", "no longer interested", "please don't contact",
        "do not contact", "mengundurkan diri", "hapus nama", "dihapus", "tidak perlu dibalas",
        "gak usah dibalas", "ga usah dibalas", "tidak tertarik", "tidak lagi tertarik",
        "gak jadi", "nggak jadi", "tidak jadi", "mundur dari proses",
    ),
    "vague_reason": (
        "something came up", "personal reasons", "personal reason", "unforeseen circumstances",
        "personal matters", "personal matter", "some stuff", "things came up", "stuff came up",
        "unavoidable circumstances", "certain circumstances", "urgent matter", "personal issue",
        "ada urusan", "ada keperluan", "alasan pribadi", "urusan mendadak", "keperluan mendadak",
        "hal mendesak", "ada acara", "urusan pribadi", "keperluan pribadi", "hal mendadak",
        "ada halangan", "berhalangan", "kendala pribadi",
        "conflicting commitments", "conflicting commitment", "prior commitment", "prior engagement",
        "other commitments", "another commitment", "not available at", "unavailable at",
        "job search situation", "change in circumstances", "change in my circumstances",
        "change of plans", "change in plans", "circumstances beyond", "personal circumstances",
        "private matter", "some issues", "ada hal", "keperluan lain", "kepentingan lain",
    ),
    "overshare": (
        "vomit", "vomiting", "diarrhea", "diarrhoea", "puke", "puking", "threw up", "toilet",
        "period", "cramps", "rash", "stomach", "bowel", "blood", "pus", "therapist", "anxiety",
        "depression", "ex", "boyfriend", "girlfriend", "husband", "wife", "divorce", "breakup",
        "broke up", "cheated", "debt", "rent", "loan", "useless", "idiot", "stupid",
        "incompetent", "hate", "terrible", "awful", "worst", "drunk", "hangover",
        "muntah", "diare", "mencret", "bab", "haid", "mens", "maag", "mantan", "pacar",
        "suami", "istri", "cerai", "selingkuh", "utang", "hutang", "pinjol", "bangkrut",
        "bos saya", "atasan saya", "bodoh", "goblok", "payah", "nyebelin", "kesel", "benci",
        "mabuk",
        "mechanic", "landlord", "lawyer", "diagnosed", "diagnosis", "ripped me off", "rip off",
        "scam", "scammed", "crooks", "cheated me", "salary of", "pengacara", "didiagnosis", "penipu", "nipu",
        "menipu", "ditipu", "tipu", "dilarang",
        "tidak diizinkan", "gak dibolehin", "ga dibolehin", "bengkel", "tagihan", "gajian",
    ),
    "implausible": (
        "alien", "aliens", "abducted", "kidnapped by", "ufo", "ghost", "ghosts", "zombie", "zombies",
        "vampire", "psychic", "horoscope", "mercury retrograde", "curse", "cursed", "witch",
        "time travel", "dragon", "my dog ate", "haunted", "spaceship", "dinosaur",
        "dukun", "santet", "kesurupan", "diculik", "tuyul", "pocong", "kuntilanak", "genderuwo",
        "jin", "hantu", "pelet", "guna-guna", "ramalan", "zodiak", "piring terbang",
        # Frivolous causes: moods, weather, luck and stars are no reason (guide, Clarifications).
        "weather is", "too nice", "sunny day", "lottery", "jackpot", "astrology", "astrologer",
        "stars", "feng shui", "vibes", "not in the mood", "don't feel like", "dont feel like",
        "personal preference", "bad mood", "my cat", "my goldfish", "my hamster", "video game",
        "cuaca", "males", "mager", "gak mood", "ga mood", "lagi bad mood", "lotre", "undian",
        "primbon", "weton", "hari baik", "shio", "feeling lazy", "lazy",
    ),
}

#: Cue words per kind of specific reason: features for the reason-category model (a flu is an
#: illness whatever else the draft says) and, together, the baseline's "specific reason" rule.
REASON_CUES: dict[str, tuple[str, ...]] = {
    "new_offer": (
        "offer", "accepted", "another position", "another role", "another job", "other offer",
        "signed", "job elsewhere", "position elsewhere", "diterima", "tawaran", "kerja lain",
        "perusahaan lain", "tempat lain", "sudah dapat kerja", "udah dapet kerja", "kontrak",
    ),
    "illness": (
        "sick", "ill", "unwell", "fever", "flu", "covid", "doctor", "surgery", "migraine",
        "under the weather", "not feeling well", "feeling unwell", "not feeling too clever",
        "feeling rough", "came down with", "come down with", "hospital", "in hospital", "a&e",
        "kurang sehat", "tidak enak badan", "gak enak badan", "ga enak badan", "rumah sakit",
        "food poisoning", "infection", "injured", "injury", "clinic", "dentist", "medical",
        "sakit", "demam", "dokter", "dirawat", "opname", "tipes", "tifus", "dbd", "batuk",
        "pilek", "operasi", "klinik", "cedera", "masuk angin", "rawat inap",
    ),
    "family": (
        "family", "mother", "father", "mom", "mum", "dad", "grandmother", "grandfather", "grandma",
        "grandpa", "son", "daughter", "child", "kid", "baby", "funeral", "passed away", "died",
        "family emergency", "childcare", "babysitter", "keluarga", "ibu saya", "ayah saya",
        "emergency at home", "darurat keluarga", "keadaan darurat", "kondisi darurat",
        "bapak saya", "anak saya", "nenek", "kakek", "meninggal", "berduka", "duka", "melahirkan",
        "pemakaman", "mertua", "adik", "kakak saya", "orang tua",
    ),
    "schedule_conflict": (
        "shift", "meeting", "conflict", "clash", "deadline", "overtime", "exam", "class",
        "current job", "current role", "manager asked", "business trip", "lembur", "bentrok",
        "rapat", "ujian", "jadwal kerja", "dinas", "kuliah", "tabrakan", "kantor", "sidang",
    ),
    "transport": (
        "car", "broke down", "breakdown", "flat tire", "flat tyre", "flight", "train", "bus",
        "traffic", "strike", "accident", "cancelled flight", "motor", "mogok", "ban bocor",
        "kereta", "krl", "pesawat", "macet", "kecelakaan", "ojek", "ojol", "busway",
    ),
    "relocation": (
        "relocating", "relocate", "relocation", "moving", "move to", "moved", "pindah",
        "pindah kota", "merantau", "pindahan", "domisili",
    ),
    "not_a_fit": (
        "not the right fit", "not a fit", "salary", "direction", "not aligned", "doesn't match",
        "tidak cocok", "kurang cocok", "gaji", "tidak sesuai", "kurang sesuai",
    ),
}
CUES.update({f"reason_{kind}": words for kind, words in REASON_CUES.items()})
CUES["specific_reason"] = tuple(sorted({w for words in REASON_CUES.values() for w in words}))

NEGATORS: frozenset[str] = frozenset({
    "not", "n't", "no", "never", "nor", "without", "cannot", "nothing",
    "tidak", "tak", "bukan", "belum", "jangan", "tanpa", "gak", "nggak", "ga", "enggak", "ndak",
    "gk", "ngga", "engga", "kagak", "g",
})

#: Slang spellings normalised before features are built (on top of spaCy's Indonesian
#: lexeme_norm table from spacy-lookups-data, which already maps gak/nggak/tdk/sy/udh).
EXTRA_NORMS: dict[str, str] = {
    "ga": "tidak", "gk": "tidak", "ngga": "tidak", "engga": "tidak", "kagak": "tidak",
    "ndak": "tidak", "bgt": "banget", "bngt": "banget", "gw": "saya", "gue": "saya",
    "aku": "saya", "sya": "saya", "bsk": "besok", "besuk": "besok", "tmrw": "tomorrow",
    "tmr": "tomorrow", "tomoro": "tomorrow", "2moro": "tomorrow", "pls": "please",
    "plz": "please", "u": "you", "ur": "your", "bc": "because", "cuz": "because",
    "coz": "because", "thx": "thanks", "thnx": "thanks", "ty": "thanks", "tq": "thanks",
    "makasi": "makasih", "mksh": "makasih", "mks": "makasih", "trims": "makasih",
    "sry": "sorry", "sory": "sorry", "sorri": "sorry", "sori": "sorry", "soz": "sorry",
    "n't": "not", "nt": "not", "ca": "can", "wo": "will", "interviu": "interview", "wawancara": "interview", "krn": "karena", "karna": "karena",
    "dgn": "dengan", "utk": "untuk", "yg": "yang", "jd": "jadi", "sdh": "sudah",
    "blm": "belum", "bs": "bisa", "bsa": "bisa", "gmn": "gimana", "kpn": "kapan",
}
