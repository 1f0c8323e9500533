"""Every word of the notebook UI, in English and Indonesian.

Feedback sentences live in `messages.py` (the core's); these are the short strings around them:
the review's own words (checklist lines, badges, summaries: `UI`, `WHY`, ...), which speak the
draft's feedback language, and the interface's words (labels, placeholders, buttons, messages:
`INTERFACE`), which speak the interface language. That follows the draft's language by default
(`interface_language`), and a switch on each widget overrides it.
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


#: The interface switch's choices: follow the draft, or always one language.
INTERFACE_CHOICES = ("auto", "en", "id")


def interface_language(choice: str, draft_lang: str | None) -> str:
    """The interface language for a switch position and the language of the draft(s) on show:
    "auto" follows the draft's feedback language (Indonesian for "id", else English)."""
    if choice in ("en", "id"):
        return choice
    return "id" if draft_lang == "id" else "en"


def iface(lang: str, key: str, **values: object) -> str:
    """An interface string (label, placeholder, button, message) in English or Indonesian."""
    text = INTERFACE["id" if lang == "id" else "en"][key]
    return text.format(**values) if values else text


def example_title(lang: str, example_id: str, default: str) -> str:
    """The title of a bundled example in the interface language (the file's title otherwise)."""
    return EXAMPLE_TITLES["id" if lang == "id" else "en"].get(example_id, default)


def status_text(lang: str, status: str) -> str:
    """Why a draft (or a table row) was not reviewed, in the interface language."""
    table = STATUS_TEXT["id" if lang == "id" else "en"]
    return table.get(status, status)


STATUS_TEXT: dict[str, dict[str, str]] = {
    "en": {"ok": "reviewed", "missing": "no value", "not_text": "the value is not text",
           "empty": "the draft is empty", "too_long": "the draft is longer than 20,000 characters",
           "binary": "the value looks like binary data, not a message",
           "no_words": "the draft has no words (only emoji, digits or symbols)",
           "error": "could not be reviewed (internal error)"},
    "id": {"ok": "sudah diperiksa", "missing": "tidak ada isinya", "not_text": "isinya bukan teks",
           "empty": "drafnya kosong", "too_long": "drafnya lebih dari 20.000 karakter",
           "binary": "isinya tampak seperti data biner, bukan pesan",
           "no_words": "drafnya tidak berisi kata (hanya emoji, angka, atau simbol)",
           "error": "tidak dapat diperiksa (kesalahan internal)"},
}

EXAMPLE_TITLES: dict[str, dict[str, str]] = {
    "en": {"good_en": "Good (English): sick, asks for a new time",
           "good_en_withdraw": "Good (English): withdrawing after another offer",
           "bad_en_overshare": "Needs work (English): oversharing, no apology",
           "bad_en_vague": "Needs work (English): vague, no thanks",
           "good_id": "Good (Indonesian): sick, asks for a new time",
           "bad_id_vague": "Needs work (Indonesian): vague reason",
           "bad_id_overshare": "Needs work (Indonesian): too much detail",
           "mixed_good": "Code-mixed: sorry, family emergency, reschedule"},
    "id": {"good_en": "Bagus (Inggris): sakit, minta jadwal baru",
           "good_en_withdraw": "Bagus (Inggris): mundur karena tawaran lain",
           "bad_en_overshare": "Perlu perbaikan (Inggris): terlalu banyak detail, tanpa maaf",
           "bad_en_vague": "Perlu perbaikan (Inggris): alasan mengambang, tanpa terima kasih",
           "good_id": "Bagus (Indonesia): sakit, minta jadwal baru",
           "bad_id_vague": "Perlu perbaikan (Indonesia): alasan mengambang",
           "bad_id_overshare": "Perlu perbaikan (Indonesia): terlalu banyak detail",
           "mixed_good": "Campuran: maaf, urusan keluarga mendadak, jadwal ulang"},
}

#: The interface's own words. Keys are grouped by widget: draft reviewer, corrections, batch
#: reviewer, labelling. A "{...}" is filled in by `iface(lang, key, ...)`.
INTERFACE: dict[str, dict[str, str]] = {
    "en": {
        # the interface switch
        "interface": "Interface",
        "interface_auto": "Auto", "interface_en": "English", "interface_id": "Indonesia",
        "interface_auto_tip": "Follow the draft's language", "interface_en_tip": "English interface",
        "interface_id_tip": "Indonesian interface",
        # the draft reviewer
        "placeholder": "Paste your draft here, e.g. \u201cSo sorry, I have to cancel tomorrow's interview\u2026\u201d",
        "examples": "Examples", "try_example": "Try an example\u2026",
        "draft_language": "Draft language",
        "lang_auto": "Auto", "lang_en": "English", "lang_id": "Indonesian",
        "lang_auto_tip": "Detect the language", "lang_en_tip": "Review as English",
        "lang_id_tip": "Review as Indonesian",
        "review": "Review", "review_tip": "Review the draft now",
        "live": "Review as I type",
        "optional": "Optional: when is the interview, and how will you send this? "
                    "(for advice on notice and channel)",
        "interview_on": "Interview on", "at": "at",
        "sent_by": "Sent by", "channel_none": "not set", "channel_email": "Email",
        "channel_text": "Text message", "channel_phone": "Phone call",
        "fixes_as_text": "Checklist of fixes as text",
        "prompt": "Paste or type a draft above (or pick an example) and its review appears here as you type.",
        "loading": "Loading the reviewer (first use only, a few seconds)\u2026",
        "cannot_review": "This draft cannot be reviewed: {why}.",
        "not_text": "This input cannot be reviewed: it is not text. Paste the message itself.",
        "model_error": "The reviewer's model could not be loaded, so drafts cannot be reviewed right now. "
                       "Ask the maintainer to retrain it (`reviewer train`).",
        "failed": "Something went wrong while reviewing this draft ({kind}). Edit the text or try again.",
        # corrections
        "correct_title": "Is a finding wrong? Press it to flip it, add a note if you like, and save. "
                         "Corrections stay on this machine ({file}).",
        "found": "found", "not_found": "not found",
        "correct_tip": "The reviewer says: {name} {state}. Press if that is wrong.",
        "note": "Note (optional), e.g. our team accepts \u201cpersonal reasons\u201d",
        "save_correction": "Save correction",
        "saved": "Saved to {file}: {changes}. Correcting this draft again replaces this row.",
        "no_changes": "the findings are right as they are",
        "corrected_before": "You corrected this draft on {date}; saving again replaces that correction.",
        "implied_on": "A request for a new time is a follow-up, so \u201c{name}\u201d changes too.",
        "implied_off": "Without a follow-up there is no request for a new time, so \u201c{name}\u201d changes too.",
        "save_failed": "The correction was not saved: {error}",
        # the suggested rewrite and the cancellation kit (rewrite_ui.py)
        "rw_title": "Suggested rewrite",
        "rw_key": "Your sentences stay; added text is underlined and tagged \u201cadded\u201d, removed text is "
                  "struck through and tagged \u201cremoved\u201d, and [gaps in square brackets] are yours to fill in.",
        "rw_tag_added": "added: {name}", "rw_tag_removed": "removed: {name}",
        "rw_added_tip": "Added ({name})", "rw_removed_tip": "Removed ({name})",
        "rw_added_plain": "Added", "rw_removed_plain": "Removed",
        "rw_gap_tip": "Fill this in before sending",
        "rw_fill_one": "Fill in the gap in square brackets before you send it.",
        "rw_fill_many": "Fill in the {n} gaps in square brackets before you send it.",
        "rw_unchanged": "Nothing to fix: your draft already follows the advice, so it can go as it is.",
        "rw_used": "The text box now holds the suggested rewrite, and the review above is of the new text.",
        "rw_use": "Use this draft", "rw_use_tip": "Put the rewrite in the text box and review it again",
        "rw_copy": "Copy the rewrite", "rw_copied": "Copied!",
        "rw_as_text": "The rewrite as plain text",
        "rw_failed": "No rewrite this time ({kind}); the review above still holds.",
        "rw_column": "Add the suggested rewrite (column \u201crewrite\u201d)",
        "rw_column_clash": "The file already has a column named \u201crewrite\u201d: rename it to add the suggested "
                           "rewrite.",
        "rw_progress": "Rewriting {done} / {total}", "rw_progress_done": "{total} / {total} rewritten",
        "kit_title": "What to say and send",
        "kit_intro": "Call first. If nobody answers, leave the voicemail, then send the email.",
        "kit_call": "Call", "kit_voicemail": "Voicemail", "kit_email": "Email", "kit_follow_up": "Follow-up",
        "kit_call_note": "What to say when they pick up.",
        "kit_voicemail_note": "If nobody answers: {words} words, about {seconds} seconds.",
        "kit_email_note": "Send it after the call or the voicemail.",
        "kit_follow_up_note": "Once a new time is agreed: it confirms the time, says you are still interested "
                              "and apologises once more.",
        "kit_no_follow_up": "No follow-up email: you are withdrawing, so there is no new time to confirm.",
        "kit_no_date": "Set the interview date and time above, and the scripts fill them in.",
        "kit_subject": "Subject", "kit_copy": "Copy", "kit_copy_subject": "Copy the subject",
        "kit_copy_body": "Copy the email",
        # the batch reviewer
        "upload": "Upload file",
        "path_placeholder": "or a path on this machine, e.g. data/drafts.csv",
        "open": "Open",
        "text_column": "Text column", "language": "Language",
        "batch_lang_auto": "detect per draft", "lang_mixed": "code-mixed",
        "run": "Run",
        "start_hint": "Upload a CSV, JSON Lines or Excel file of drafts, or type a path and press Open.",
        "loaded": "Loaded {name}: {rows} rows, {columns} columns. Check the text column and press Run.",
        "need_path": "Type the path of a .csv, .jsonl, .json, .xlsx or .parquet file first.",
        "paths_off": "Opening files by path is turned off here; upload the file instead.",
        "load_first": "Load a file first.", "pick_column": "Pick the column that holds the drafts.",
        "column_missing": "Text column {column} not found; the file has: {columns}.",
        "batch_failed": "Something went wrong ({kind}). Check the file and try again.",
        "progress": "{done} / {total}", "progress_done": "{total} / {total} reviewed",
        "h_summary": "Summary", "h_table": "Reviewed drafts", "h_detail": "One draft in detail",
        "h_download": "Download",
        "check": "Check", "any": "any", "fails": "{name}: fails", "status": "Status",
        "all_rows": "All rows", "ready_rows": "Ready to send", "needs_work_rows": "Needs work",
        "not_reviewed_rows": "Not reviewed",
        "row": "Row", "row_tag_not_reviewed": "not reviewed", "row_label": "Row #{idx}",
        "row_not_reviewed": "Row #{idx} was not reviewed: {why}.",
        "format": "Format",
        "save_placeholder": "save on this machine, e.g. reviewed.csv", "save": "Save",
        "saved_rows": "Saved {rows} rows to {path}.",
        "save_off": "Saving by path is turned off here; use the download link.",
        "run_first": "Run the review first.",
        "save_format": "{path}: save as .csv, .jsonl, .xlsx or .parquet.",
        "save_folder": "{path}: folder {folder} does not exist.",
        "download": "Download {name} ({size} KB)",
        "too_large": "The reviewed file is {size} MB, too large to download from the page; save it to a path instead.",
        "reviewed_of": "<b>{ok}</b> of {n} drafts reviewed", "skipped": "{n} skipped ({why})",
        "ready_count": "<b>{ready}</b> ready to send{pct}", "languages": "languages: {langs}",
        "t_draft": "draft", "t_essentials": "essentials", "t_reason": "reason given", "t_lang": "lang",
        "t_of4": "{met} of 4", "t_ok": "OK", "t_fix": "fix", "t_not_reviewed": "not reviewed: {why}",
        "t_showing": "Showing {shown} of {total} matching rows, most problems first.",
        "t_none": "No rows match these filters.",
        "c_passing": "drafts passing the check (%)", "c_title": "How many drafts pass each check, per language",
        "c_language": "language", "c_reasons": "Reasons given", "c_drafts": "drafts",
        "lang_name_en": "English", "lang_name_id": "Indonesian", "lang_name_mixed": "code-mixed",
        "lang_name_all": "all",
        # labelling
        "l_intro": "Drafts the reviewer is least sure about come first. Set the six labels as your team "
                   "sees them, then save: each draft goes to {file} at once.",
        "l_keys": "Keyboard: click the box, then 1\u20136 flip a label, Enter saves and goes on, s skips, b goes back",
        "l_keys_placeholder": "click here, then type 1\u20136, Enter, s or b",
        "l_save_next": "Save and next (Enter)", "l_skip": "Skip (s)", "l_back": "Back (b)",
        "l_import": "Save the file's own labels",
        "l_import_tip": "The file has the six label columns: save all its labelled rows as corrections",
        "l_imported": "Saved {n} labelled rows of {name} to {file}.",
        "l_position": "Draft {pos} of {total}, least sure first (closest score to a threshold: {margin})",
        "l_done": "Every draft of this file has been seen. {n} drafts are labelled in {file}.",
        "l_labelled": "Labelled so far: {n} (saved in {file})",
        "l_source_stored": "labels as you saved them", "l_source_file": "labels from the file",
        "l_source_model": "labels as the reviewer sees them",
        "l_saved": "Saved draft {pos} to {file}.",
        "l_reviewer_says": "reviewer {score} (threshold {threshold})",
        "l_no_drafts": "No draft in this file can be reviewed.",
        "l_out": "Model folder", "l_out_placeholder": "folder for the new model, e.g. team-model",
        "l_held_out": "Held out", "l_retrain": "Retrain", "l_retrain_tip":
            "Train on the corpus plus your labelled drafts (except the held-out part), then compare",
        "l_need_more": "Label at least {n} drafts first (now {have}).",
        "l_stage_split": "Setting {held} of {n} labelled drafts aside for the comparison\u2026",
        "l_stage_train": "Training on the corpus and {n} of your drafts\u2026 {elapsed} s (usually about {estimate} s)",
        "l_stage_eval": "Comparing the two models on the {n} held-out drafts\u2026",
        "l_finished": "New model in {folder} ({seconds} s). Use it with DraftReviewer(models=\"{folder}\") "
                      "or `reviewer review --models {folder}`.",
        "l_failed": "Retraining failed: {error}",
        "l_before": "before", "l_after": "after",
        "l_yes": "yes", "l_no": "no",
        "l_label": "label", "l_precision": "precision", "l_recall": "recall", "l_support": "drafts with the label",
        "l_f1_title": "F1 per label on {n} held-out drafts of your team",
        "l_no_support": "No held-out draft carries this label, so there is nothing to find: its F1 shows 0 "
                        "and counts so in macro-F1 (as in `reviewer evaluate --data`).",
        "l_test_split": "On our test split (the other labels must not suffer): macro-F1 {before} before, {after} after.",
    },
    "id": {
        "interface": "Tampilan",
        "interface_auto": "Otomatis", "interface_en": "English", "interface_id": "Indonesia",
        "interface_auto_tip": "Mengikuti bahasa draf", "interface_en_tip": "Tampilan bahasa Inggris",
        "interface_id_tip": "Tampilan bahasa Indonesia",
        "placeholder": "Tempel draf Anda di sini, mis. \u201cMohon maaf, saya harus membatalkan wawancara besok\u2026\u201d",
        "examples": "Contoh", "try_example": "Coba contoh\u2026",
        "draft_language": "Bahasa draf",
        "lang_auto": "Otomatis", "lang_en": "Inggris", "lang_id": "Indonesia",
        "lang_auto_tip": "Deteksi bahasa otomatis", "lang_en_tip": "Periksa sebagai bahasa Inggris",
        "lang_id_tip": "Periksa sebagai bahasa Indonesia",
        "review": "Periksa", "review_tip": "Periksa draf sekarang",
        "live": "Periksa saat saya mengetik",
        "optional": "Opsional: kapan wawancaranya, dan lewat apa pesan ini dikirim? "
                    "(untuk saran soal waktu dan cara mengirim)",
        "interview_on": "Wawancara pada", "at": "pukul",
        "sent_by": "Dikirim lewat", "channel_none": "belum dipilih", "channel_email": "Surel",
        "channel_text": "Pesan singkat", "channel_phone": "Telepon",
        "fixes_as_text": "Daftar perbaikan sebagai teks",
        "prompt": "Tempel atau ketik draf di atas (atau pilih contoh); hasil pemeriksaannya muncul di sini "
                  "saat Anda mengetik.",
        "loading": "Menyiapkan pemeriksa (hanya pertama kali, beberapa detik)\u2026",
        "cannot_review": "Draf ini tidak dapat diperiksa: {why}.",
        "not_text": "Masukan ini tidak dapat diperiksa karena bukan teks. Tempel pesannya saja.",
        "model_error": "Model pemeriksa tidak dapat dimuat, jadi draf belum bisa diperiksa sekarang. "
                       "Minta pengelolanya melatih ulang model (`reviewer train`).",
        "failed": "Terjadi kesalahan saat memeriksa draf ini ({kind}). Ubah teksnya atau coba lagi.",
        "correct_title": "Ada temuan yang salah? Tekan untuk membaliknya, tambahkan catatan bila perlu, lalu "
                         "simpan. Koreksi tetap di komputer ini ({file}).",
        "found": "ada", "not_found": "tidak ada",
        "correct_tip": "Menurut pemeriksa: {name} {state}. Tekan jika itu salah.",
        "note": "Catatan (opsional), mis. tim kami menerima \u201calasan pribadi\u201d",
        "save_correction": "Simpan koreksi",
        "saved": "Tersimpan di {file}: {changes}. Koreksi berikutnya untuk draf ini menggantikan baris ini.",
        "no_changes": "semua temuan sudah benar",
        "corrected_before": "Draf ini sudah Anda koreksi pada {date}; menyimpan lagi akan menggantikan koreksi itu.",
        "implied_on": "Permintaan jadwal baru termasuk tindak lanjut, jadi \u201c{name}\u201d ikut berubah.",
        "implied_off": "Tanpa tindak lanjut tidak ada permintaan jadwal baru, jadi \u201c{name}\u201d ikut berubah.",
        "save_failed": "Koreksi tidak tersimpan: {error}",
        "rw_title": "Usulan draf baru",
        "rw_key": "Kalimat Anda tetap; teks tambahan bergaris bawah dan bertanda \u201cditambah\u201d, teks yang "
                  "dihapus dicoret dan bertanda \u201cdihapus\u201d, dan [bagian dalam kurung siku] perlu Anda isi "
                  "sendiri.",
        "rw_tag_added": "ditambah: {name}", "rw_tag_removed": "dihapus: {name}",
        "rw_added_tip": "Ditambahkan ({name})", "rw_removed_tip": "Dihapus ({name})",
        "rw_added_plain": "Ditambahkan", "rw_removed_plain": "Dihapus",
        "rw_gap_tip": "Isi bagian ini sebelum mengirim",
        "rw_fill_one": "Isi bagian dalam kurung siku sebelum mengirim.",
        "rw_fill_many": "Isi {n} bagian dalam kurung siku sebelum mengirim.",
        "rw_unchanged": "Tidak ada yang perlu diperbaiki: draf Anda sudah sesuai saran, jadi bisa dikirim apa adanya.",
        "rw_used": "Kotak teks kini berisi draf baru, dan hasil pemeriksaan di atas adalah untuk draf baru itu.",
        "rw_use": "Pakai draf ini", "rw_use_tip": "Masukkan draf baru ke kotak teks dan periksa lagi",
        "rw_copy": "Salin draf baru", "rw_copied": "Tersalin!",
        "rw_as_text": "Draf baru sebagai teks biasa",
        "rw_failed": "Draf baru belum dapat dibuat ({kind}); hasil pemeriksaan di atas tetap berlaku.",
        "rw_column": "Sertakan usulan draf baru (kolom \u201crewrite\u201d)",
        "rw_column_clash": "Berkas ini sudah punya kolom bernama \u201crewrite\u201d: ganti namanya agar usulan draf "
                           "baru bisa ditambahkan.",
        "rw_progress": "Menulis ulang {done} / {total}", "rw_progress_done": "{total} / {total} ditulis ulang",
        "kit_title": "Yang perlu diucapkan dan dikirim",
        "kit_intro": "Telepon dulu. Jika tidak diangkat, tinggalkan pesan suara, lalu kirim surelnya.",
        "kit_call": "Telepon", "kit_voicemail": "Pesan suara", "kit_email": "Surel",
        "kit_follow_up": "Surel lanjutan",
        "kit_call_note": "Yang diucapkan saat telepon Anda diangkat.",
        "kit_voicemail_note": "Jika tidak diangkat: {words} kata, sekitar {seconds} detik.",
        "kit_email_note": "Kirim setelah menelepon atau meninggalkan pesan suara.",
        "kit_follow_up_note": "Setelah jadwal baru disepakati: mengonfirmasi waktunya, menegaskan bahwa Anda masih "
                              "berminat, dan meminta maaf sekali lagi.",
        "kit_no_follow_up": "Tidak ada surel lanjutan: Anda mengundurkan diri, jadi tidak ada jadwal baru yang perlu "
                            "dikonfirmasi.",
        "kit_no_date": "Isi tanggal dan jam wawancara di atas, maka naskahnya langsung terisi.",
        "kit_subject": "Perihal", "kit_copy": "Salin", "kit_copy_subject": "Salin perihal",
        "kit_copy_body": "Salin surel",
        "upload": "Unggah berkas",
        "path_placeholder": "atau lokasi berkas di komputer ini, mis. data/draf.csv",
        "open": "Buka",
        "text_column": "Kolom teks", "language": "Bahasa",
        "batch_lang_auto": "deteksi per draf", "lang_mixed": "campuran",
        "run": "Jalankan",
        "start_hint": "Unggah berkas draf CSV, JSON Lines atau Excel, atau ketik lokasinya lalu tekan Buka.",
        "loaded": "{name} dimuat: {rows} baris, {columns} kolom. Periksa kolom teksnya lalu tekan Jalankan.",
        "need_path": "Ketik dulu lokasi berkas .csv, .jsonl, .json, .xlsx atau .parquet.",
        "paths_off": "Membuka berkas lewat lokasi dimatikan di sini; unggah berkasnya saja.",
        "load_first": "Muat berkas dulu.", "pick_column": "Pilih kolom yang berisi draf.",
        "column_missing": "Kolom teks {column} tidak ada; kolom berkas ini: {columns}.",
        "batch_failed": "Terjadi kesalahan ({kind}). Periksa berkasnya lalu coba lagi.",
        "progress": "{done} / {total}", "progress_done": "{total} / {total} diperiksa",
        "h_summary": "Ringkasan", "h_table": "Draf yang diperiksa", "h_detail": "Satu draf secara rinci",
        "h_download": "Unduh",
        "check": "Pemeriksaan", "any": "semua", "fails": "{name}: gagal", "status": "Status",
        "all_rows": "Semua baris", "ready_rows": "Siap dikirim", "needs_work_rows": "Perlu diperbaiki",
        "not_reviewed_rows": "Tidak diperiksa",
        "row": "Baris", "row_tag_not_reviewed": "tidak diperiksa", "row_label": "Baris #{idx}",
        "row_not_reviewed": "Baris #{idx} tidak diperiksa: {why}.",
        "format": "Format",
        "save_placeholder": "simpan di komputer ini, mis. hasil.csv", "save": "Simpan",
        "saved_rows": "{rows} baris disimpan ke {path}.",
        "save_off": "Menyimpan lewat lokasi dimatikan di sini; gunakan tautan unduhan.",
        "run_first": "Jalankan pemeriksaan dulu.",
        "save_format": "{path}: simpan sebagai .csv, .jsonl, .xlsx atau .parquet.",
        "save_folder": "{path}: folder {folder} tidak ada.",
        "download": "Unduh {name} ({size} KB)",
        "too_large": "Berkas hasilnya {size} MB, terlalu besar untuk diunduh dari halaman ini; simpan ke "
                     "sebuah lokasi saja.",
        "reviewed_of": "<b>{ok}</b> dari {n} draf diperiksa", "skipped": "{n} dilewati ({why})",
        "ready_count": "<b>{ready}</b> siap dikirim{pct}", "languages": "bahasa: {langs}",
        "t_draft": "draf", "t_essentials": "hal penting", "t_reason": "alasan", "t_lang": "bahasa",
        "t_of4": "{met} dari 4", "t_ok": "OK", "t_fix": "perbaiki", "t_not_reviewed": "tidak diperiksa: {why}",
        "t_showing": "Menampilkan {shown} dari {total} baris yang cocok, yang paling banyak masalahnya dulu.",
        "t_none": "Tidak ada baris yang cocok dengan saringan ini.",
        "c_passing": "draf yang lolos pemeriksaan (%)", "c_title": "Berapa draf yang lolos tiap pemeriksaan, per bahasa",
        "c_language": "bahasa", "c_reasons": "Alasan yang diberikan", "c_drafts": "draf",
        "lang_name_en": "Inggris", "lang_name_id": "Indonesia", "lang_name_mixed": "campuran",
        "lang_name_all": "semua",
        "l_intro": "Draf yang paling diragukan pemeriksa tampil lebih dulu. Atur keenam label sesuai penilaian "
                   "tim Anda, lalu simpan: setiap draf langsung masuk ke {file}.",
        "l_keys": "Papan ketik: klik kotaknya, lalu 1\u20136 membalik label, Enter menyimpan dan lanjut, "
                  "s melewati, b kembali",
        "l_keys_placeholder": "klik di sini, lalu ketik 1\u20136, Enter, s atau b",
        "l_save_next": "Simpan dan lanjut (Enter)", "l_skip": "Lewati (s)", "l_back": "Kembali (b)",
        "l_import": "Simpan label dari berkas",
        "l_import_tip": "Berkas ini punya keenam kolom label: simpan semua baris berlabelnya sebagai koreksi",
        "l_imported": "{n} baris berlabel dari {name} disimpan ke {file}.",
        "l_position": "Draf {pos} dari {total}, yang paling diragukan dulu (skor terdekat ke ambang: {margin})",
        "l_done": "Semua draf dalam berkas ini sudah dilihat. {n} draf berlabel di {file}.",
        "l_labelled": "Sudah berlabel: {n} (tersimpan di {file})",
        "l_source_stored": "label yang sudah Anda simpan", "l_source_file": "label dari berkas",
        "l_source_model": "label menurut pemeriksa",
        "l_saved": "Draf {pos} disimpan ke {file}.",
        "l_reviewer_says": "pemeriksa {score} (ambang {threshold})",
        "l_no_drafts": "Tidak ada draf dalam berkas ini yang dapat diperiksa.",
        "l_out": "Folder model", "l_out_placeholder": "folder untuk model baru, mis. model-tim",
        "l_held_out": "Disisihkan", "l_retrain": "Latih ulang", "l_retrain_tip":
            "Latih dengan korpus ditambah draf berlabel Anda (kecuali bagian yang disisihkan), lalu bandingkan",
        "l_need_more": "Beri label pada sedikitnya {n} draf dulu (sekarang {have}).",
        "l_stage_split": "Menyisihkan {held} dari {n} draf berlabel untuk perbandingan\u2026",
        "l_stage_train": "Melatih dengan korpus dan {n} draf Anda\u2026 {elapsed} dtk (biasanya sekitar {estimate} dtk)",
        "l_stage_eval": "Membandingkan kedua model pada {n} draf yang disisihkan\u2026",
        "l_finished": "Model baru di {folder} ({seconds} dtk). Gunakan dengan DraftReviewer(models=\"{folder}\") "
                      "atau `reviewer review --models {folder}`.",
        "l_failed": "Pelatihan ulang gagal: {error}",
        "l_before": "sebelum", "l_after": "sesudah",
        "l_yes": "ya", "l_no": "tidak",
        "l_label": "label", "l_precision": "presisi", "l_recall": "recall", "l_support": "draf dengan label ini",
        "l_f1_title": "F1 per label pada {n} draf tim Anda yang disisihkan",
        "l_no_support": "Tidak ada draf yang disisihkan dengan label ini, jadi tidak ada yang perlu ditemukan: "
                        "F1-nya tertulis 0 dan dihitung begitu dalam macro-F1 (seperti `reviewer evaluate --data`).",
        "l_test_split": "Pada data uji kami (label lain tidak boleh memburuk): macro-F1 {before} sebelum, {after} sesudah.",
    },
}


def _check() -> None:
    for table in (WHY, TAGS, HIGHLIGHT_NAMES):
        for lang in ("en", "id"):
            assert set(table[lang]) == set(LABELS), (lang, table[lang].keys())
    for table in (UI, INTERFACE, STATUS_TEXT, EXAMPLE_TITLES):
        assert set(table["en"]) == set(table["id"]), set(table["en"]) ^ set(table["id"])


_check()
