"""Behavioural tests of the shipped model (CheckList): invariance, direction and minimum
functionality taken from the career advice. The cases below were written for these tests and
appear in no training draft."""
from __future__ import annotations

import pytest

from reviewer import review
from reviewer.training.checklist import (INVARIANCE_EDITS, add_apology, add_complaint, change_name_and_date,
                                         checklist_summary, commas_for_full_stops, one_line)

MAX_INVARIANCE_CHANGE = 0.03

MECHANIC_COMPLAINTS = [
    ("cant make it tmrw, my car died AGAIN bc the mechanic is useless and ripped me off, can we do thurs?", "en"),
    ("hi, sorry cant make the interview tmrw, my car died AGAIN bc the mechanic is useless and ripped me off. "
     "can we do friday? thanks, Ana", "en"),
    ("Dear Mr. Park, I must cancel today's interview. My car broke down again, and frankly the garage that "
     "'fixed' it last week is a bunch of crooks who charged me $900 for nothing. Could we reschedule?", "en"),
    ("So sorry, car trouble again. The idiot mechanic never tightened the belt and now I'm stuck on the highway. "
     "Can we move it?", "en"),
    ("I won't make 2pm. The mechanic swore the brakes were done and they failed this morning, I'm honestly "
     "furious with that incompetent shop. Apologies.", "en"),
    ("Unable to come in, my useless mechanic kept my car another day after promising it on Monday. Typical. "
     "Next week?", "en"),
    ("Maaf Pak, saya tidak bisa datang wawancara besok. Mobil saya mogok lagi gara-gara montir bengkel yang "
     "payah banget, udah bayar mahal tetap rusak.", "id"),
    ("kak sorry bgt gk bs dtg, motor mogok lg, bengkelnya nipu bgt sumpah udh 3x servis tetep aja rusak. "
     "bsk bisa?", "id"),
    ("Mohon maaf Bu, saya berhalangan hadir karena motor saya rusak lagi. Montirnya benar-benar tidak becus, "
     "sudah saya bayar mahal tapi malah makin parah.", "id"),
    ("sorry kak, can't make it today, motor gue mogok lagi and the bengkel guy is seriously useless, "
     "kesel banget. bisa reschedule?", "mixed"),
    ("Dear Ibu Rina, mohon maaf saya harus cancel interview hari ini. My car broke down again because the "
     "mechanic is incompetent dan sudah menipu saya dua kali.", "mixed"),
]

FAMILY_EMERGENCIES = [
    ("Due to an unexpected family emergency, I am unable to attend tomorrow's interview.", "en"),
    ("Sorry, family emergency, I can't come in today.", "en"),
    ("Hi Tom, I have a family emergency and need to cancel our interview this afternoon. I apologize.", "en"),
    ("Mohon maaf, karena ada keadaan darurat keluarga saya tidak bisa hadir wawancara besok.", "id"),
    ("maaf kak ada darurat keluarga, sy gk bisa dtg interview hari ini", "id"),
    ("Sorry Bu, I can't make it to the interview karena ada family emergency mendadak.", "mixed"),
]

ALIEN_ABDUCTIONS = [
    ("I can't come to the interview because my grandmother was abducted by aliens last night.", "en"),
    ("Sorry, need to cancel. Grandma got abducted by aliens and I have to go find the spaceship.", "en"),
    ("Maaf Pak, saya tidak bisa datang karena nenek saya diculik alien tadi malam.", "id"),
]


@pytest.fixture(scope="module")
def test_split(corpus):
    return corpus[corpus["split"] == "test"].reset_index(drop=True)


@pytest.fixture(scope="module")
def summary(model, test_split):
    return checklist_summary(model, test_split["text"].tolist(), test_split["lang"].tolist())


@pytest.mark.parametrize("edit", list(INVARIANCE_EDITS))
def test_harmless_edits_rarely_change_a_core_finding(summary, edit):
    figures = summary["invariance"][edit]
    assert figures["edited"] > 0, "the edit must change the drafts it is tested on"
    assert figures["rate"] <= MAX_INVARIANCE_CHANGE, (edit, figures)


def test_an_added_apology_never_lowers_the_apology_score(summary):
    assert summary["direction"]["added apology never lowers apology"]["failed"] == 0


def test_an_added_complaint_about_a_third_party_raises_oversharing(summary):
    assert summary["direction"]["added complaint raises oversharing"]["rate"] <= 0.02


@pytest.mark.parametrize("text,lang", MECHANIC_COMPLAINTS)
def test_blaming_the_mechanic_is_oversharing(text, lang):
    result = review(text)
    assert result["oversharing"].present, (text, result["oversharing"].score)


@pytest.mark.parametrize("text,lang", FAMILY_EMERGENCIES)
def test_a_family_emergency_is_a_clear_reason(text, lang):
    result = review(text)
    assert result["clear_reason"].present, (text, result["clear_reason"].score)
    assert result["oversharing"].present is False
    assert result.reason_category == "family"


@pytest.mark.parametrize("text,lang", ALIEN_ABDUCTIONS)
def test_the_grandmother_abducted_by_aliens_is_implausible(text, lang):
    result = review(text)
    assert not result["clear_reason"].present, (text, result["clear_reason"].score)
    assert result["oversharing"].present
    assert result.reason_category == "implausible"


def test_edits_do_what_they_say():
    text = "Hi Dana,\nSorry. I can't come on Monday. Thanks, Raj"
    assert "\n" not in one_line(text, "en")
    assert commas_for_full_stops(text, "en") == "Hi Dana,\nSorry, I can't come on Monday, Thanks, Raj"
    changed = change_name_and_date(text, "en")
    assert "Dana" not in changed and "Monday" not in changed
    assert add_apology(text, "en").endswith("I'm sorry for the inconvenience.")
    assert "Bengkel" in add_complaint("Maaf Pak, tidak bisa hadir.", "id").title()
