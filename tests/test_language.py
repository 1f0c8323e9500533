"""Language detection: English, Indonesian, code-mixed."""
from __future__ import annotations

import pytest

from reviewer.language import detect_language, feedback_language, resolve_language

EN = [
    "Hi Dana, I am so sorry but I have to cancel tomorrow's interview because I am sick. Thanks, Raj",
    "Dear Mr. Patel,\n\nUnfortunately I will not be able to attend the interview on Friday. "
    "I would like to reschedule if that is possible.\n\nKind regards,\nEmma",
    "cant make it tmrw, my car died again, can we do thurs?",
]
ID = [
    "Mohon maaf Bu, saya tidak dapat hadir wawancara besok karena ada urusan mendadak.",
    "Selamat pagi Bapak, dengan hormat saya ingin membatalkan jadwal wawancara hari Senin karena sakit. "
    "Terima kasih atas pengertiannya.",
    "maaf kak aku gak bisa dateng besok, lagi demam bgt. makasih ya",
]
MIXED = [
    "Hi kak, sorry banget aku gak bisa dateng interview besok karena lagi sakit. Can we reschedule to next week? "
    "Thank you ya",
    "Dear Bu Sari, mohon maaf saya tidak bisa hadir for the interview tomorrow because I have a fever. "
    "Apakah bisa dijadwalkan ulang? Thank you so much.",
]


@pytest.mark.parametrize("text", EN)
def test_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ID)
def test_indonesian(text):
    assert detect_language(text) == "id"


@pytest.mark.parametrize("text", MIXED)
def test_mixed(text):
    assert detect_language(text) == "mixed"


def test_one_stray_word_does_not_make_a_mix():
    assert detect_language("Mohon maaf Bu, saya tidak dapat hadir wawancara besok. Sorry.") == "id"
    assert detect_language("I am so sorry, I cannot come to the interview tomorrow, Pak.") == "en"


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂", "123 456", "Raj", "?!"])
def test_empty_or_cueless_input_defaults_to_english(text):
    assert detect_language(text) == "en"


def test_case_insensitive():
    assert detect_language(ID[0].upper()) == "id"


def test_resolve_language():
    assert resolve_language(ID[0], None) == "id"
    assert resolve_language(ID[0], "auto") == "id"
    assert resolve_language(ID[0], "en") == "en"
    assert resolve_language(EN[0], "mixed") == "mixed"
    for bad in ("fr", "ID", "", "indonesian"):
        with pytest.raises(ValueError):
            resolve_language(EN[0], bad)


def test_feedback_language():
    assert feedback_language("en", ID[0]) == "en"  # an explicit language wins
    assert feedback_language("id", EN[0]) == "id"
    assert feedback_language("mixed", MIXED[0].replace("Can we reschedule to next week? ", "")) in ("en", "id")
    mostly_id = "Mohon maaf Bu, saya tidak bisa hadir besok karena sakit, sorry ya. Terima kasih dan salam."
    mostly_en = "Sorry Bu, I am not able to come to the interview tomorrow because I am sick, maaf ya."
    assert feedback_language("mixed", mostly_id) == "id"
    assert feedback_language("mixed", mostly_en) == "en"


def test_accuracy_on_corpus(corpus):
    detected = corpus["text"].map(detect_language)
    accuracy = float((detected == corpus["lang"]).mean())
    assert accuracy >= 0.85, f"language detection accuracy {accuracy:.3f}"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_monolingual_drafts_are_not_misread_as_the_other_language(corpus, lang):
    other = {"en": "id", "id": "en"}[lang]
    part = corpus[corpus["lang"] == lang]
    wrong = part[part["text"].map(detect_language) == other]
    assert len(wrong) / max(len(part), 1) <= 0.02, wrong["id"].head(10).tolist()
