"""The public API: review() and review_frame() against their documented contract and the guide."""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest

from reviewer import OUTPUT_COLUMNS, LABELS, REASON_CATEGORIES, ReviewResult, review, review_frame
from reviewer.api import ColumnClashError, MissingColumnError
from reviewer.feedback import SEVERITY_ORDER
from reviewer.messages import MESSAGES
from reviewer.result import Evidence, Finding, Suggestion

EN_DRAFT = ("Dear Ms. Lindqvist,\n\nI'm very sorry, but I have come down with the flu and cannot attend "
            "tomorrow's interview. Could we move it to next Tuesday or Wednesday? Thank you for understanding.\n\n"
            "Best regards,\nOmar")
ID_DRAFT = ("Selamat pagi Ibu Ratna,\n\nMohon maaf, saya tidak dapat hadir pada wawancara besok karena sedang sakit "
            "demam. Apakah wawancaranya bisa dijadwalkan ulang ke hari Jumat? Terima kasih atas pengertiannya.\n\n"
            "Hormat saya,\nDimas")
MIXED_DRAFT = ("Hi kak, sorry banget aku gak bisa dateng interview besok karena lagi demam. "
               "Bisa di-reschedule ke minggu depan? Thank you kak")

#: Words that occur in only one language's feedback messages.
EN_ONLY = re.compile(r"\b(the|your|you|and|with)\b", re.I)
ID_ONLY = re.compile(r"\b(Anda|dan|yang|untuk|dengan|jadwal)\b")

BAD_VALUES = [
    (None, "missing"),
    (float("nan"), "missing"),
    (123, "not_text"),
    ("", "empty"),
    ("   \n\t ", "empty"),
    ("🙂🙂", "no_words"),
    ("\x00\x01binary", "binary"),
    ("word " * 6000, "too_long"),  # 30,000 characters
]


# --- review(): result shape ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [EN_DRAFT, ID_DRAFT, MIXED_DRAFT])
def test_review_result_shape(model, text):
    result = review(text, model=model)
    assert isinstance(result, ReviewResult)
    assert result.text == text
    assert result.status == "ok"
    assert list(result.findings) == list(LABELS)
    for label in LABELS:
        f = result[label]
        assert isinstance(f, Finding) and f.label == label
        assert isinstance(f.present, bool)
        assert isinstance(f.score, float) and 0.0 <= f.score <= 1.0
        for ev in f.evidence:
            assert isinstance(ev, Evidence)
            assert 0 <= ev.start < ev.end <= len(text)
            assert ev.text == text[ev.start:ev.end]
            assert ev.text.strip()
        if f.present and label != "oversharing":
            assert f.evidence, f"{label} present without evidence"
    assert result.reason_category in REASON_CATEGORIES
    assert 0.0 <= result.reason_score <= 1.0
    assert result.feedback_language in ("en", "id")
    assert 0 <= result.essentials_met <= 4


def test_to_dict_is_complete(model):
    d = review(EN_DRAFT, model=model).to_dict()
    assert set(d["findings"]) == set(LABELS)
    assert d["essentials_met"] == review(EN_DRAFT, model=model).essentials_met
    assert d["text"] == EN_DRAFT and isinstance(d["feedback"], (list, tuple))


def test_review_is_deterministic(model):
    a, b = review(ID_DRAFT, model=model), review(ID_DRAFT, model=model)
    assert a == b


def test_reason_category_agrees_with_clear_reason(model, corpus):
    from reviewer.labels import SPECIFIC_REASONS

    texts = corpus["text"].head(60).tolist() + [EN_DRAFT, ID_DRAFT, MIXED_DRAFT]
    out = review_frame(pd.DataFrame({"text": texts}), model=model)
    specific = out["reason_category"].isin(SPECIFIC_REASONS)
    assert ((out["clear_reason"] == 1) == specific).all()


def test_reschedule_implies_follow_up(model, corpus):
    texts = corpus["text"].tolist()[::7] + [EN_DRAFT, ID_DRAFT, MIXED_DRAFT]
    out = review_frame(pd.DataFrame({"text": texts}), model=model)
    assert (out["reschedule_request"] == 1).sum() > 0
    bad = out[(out["reschedule_request"] == 1) & (out["follow_up"] == 0)]
    assert bad.empty, bad["text"].head(3).tolist()
    assert (out.loc[out["reschedule_request"] == 1, "follow_up_score"] >= 0).all()


# --- review(): language -------------------------------------------------------------------------

def test_language_detected(model):
    assert review(EN_DRAFT, model=model).language == "en"
    assert review(ID_DRAFT, model=model).language == "id"
    assert review(MIXED_DRAFT, model=model).language == "mixed"


@pytest.mark.parametrize("lang", ["en", "id", "mixed"])
def test_language_override(model, lang):
    assert review(EN_DRAFT, lang, model=model).language == lang


def test_auto_is_detection(model):
    assert review(ID_DRAFT, "auto", model=model).language == "id"


@pytest.mark.parametrize("lang", ["fr", "EN", "", "english"])
def test_invalid_lang_raises_value_error(model, lang):
    with pytest.raises(ValueError, match="lang"):
        review(EN_DRAFT, lang, model=model)


# --- review(): invalid input --------------------------------------------------------------------

@pytest.mark.parametrize("value", [123, 4.5, b"bytes are not text", ["a list"], {"text": "x"}])
def test_non_string_raises_type_error(model, value):
    with pytest.raises(TypeError, match="string"):
        review(value, model=model)


@pytest.mark.parametrize("value, words", [
    ("", "empty"), ("   \n\t  ", "empty"), ("🙂🙂🙂", "no words"), ("😭🙏 !!! 123", "no words"),
    ("\x00\x01binary", "binary"), ("x" * 30_000, "longer than"),
])
def test_unreviewable_text_raises_clear_value_error(model, value, words):
    with pytest.raises(ValueError) as info:
        review(value, model=model)
    message = str(info.value)
    assert words in message
    assert "\n" not in message and len(message) < 200


def test_none_raises_value_error(model):
    with pytest.raises((ValueError, TypeError)):
        review(None, model=model)


# --- review(): feedback -------------------------------------------------------------------------

def test_feedback_in_english_for_english_draft(model):
    result = review(EN_DRAFT, model=model)
    assert result.feedback_language == "en"
    assert result.feedback
    text = " ".join(s.message for s in result.feedback)
    assert EN_ONLY.search(text)
    assert not ID_ONLY.search(text), text


def test_feedback_in_indonesian_for_indonesian_draft(model):
    result = review(ID_DRAFT, model=model)
    assert result.feedback_language == "id"
    assert result.feedback
    text = " ".join(s.message for s in result.feedback)
    assert ID_ONLY.search(text)
    assert not EN_ONLY.search(text), text


def test_every_message_is_a_known_message(model):
    for draft in (EN_DRAFT, ID_DRAFT, MIXED_DRAFT):
        result = review(draft, model=model)
        for s in result.feedback:
            assert isinstance(s, Suggestion)
            assert s.key in MESSAGES[result.feedback_language]
            assert s.severity in SEVERITY_ORDER
            assert s.message.strip()


@pytest.mark.parametrize("text", [
    EN_DRAFT, ID_DRAFT, MIXED_DRAFT, "cant come tmrw",
    "My car broke down again because my useless mechanic, whom I pay far too much, ruined it. Not coming.",
])
def test_feedback_non_empty_and_ordered_by_severity(model, text):
    result = review(text, channel="email", interview_at=datetime(2030, 1, 2, 10), now=datetime(2030, 1, 1, 10),
                    model=model)
    assert result.feedback
    ranks = [SEVERITY_ORDER[s.severity] for s in result.feedback]
    assert ranks == sorted(ranks)


def test_vague_reason_feedback_quotes_the_draft(model):
    draft = "So sorry, something came up and I can't make the interview tomorrow."
    result = review(draft, model=model)
    assert result.reason_category == "vague"
    vague = [s for s in result.feedback if s.label == "clear_reason"]
    assert vague and "something came up" in vague[0].message


def test_oversharing_feedback_quotes_the_evidence(model):
    draft = ("sorry cant come tmrw, ive been vomiting all night and have diarrhea, my stomach is a disaster "
             "and my ex keeps calling me")
    result = review(draft, model=model)
    over = [s for s in result.feedback if s.label == "oversharing"]
    assert result["oversharing"].present and len(over) == 1 and over[0].severity == "high"
    evidence = " ".join(result["oversharing"].evidence[0].text.split())
    assert evidence[:40] in over[0].message


# --- review(): delivery advice ------------------------------------------------------------------

NOW = datetime(2030, 3, 4, 9, 0)


def _keys(result):
    return [s.key for s in result.feedback]


def test_text_channel_advice(model):
    result = review(EN_DRAFT, channel="text", model=model)
    assert "channel_text" in _keys(result)
    assert "channel_text" not in _keys(review(EN_DRAFT, model=model))


def test_invalid_channel_raises(model):
    with pytest.raises(ValueError, match="channel"):
        review(EN_DRAFT, channel="pigeon", model=model)


def test_short_notice_is_high_severity(model):
    result = review(EN_DRAFT, interview_at=NOW + timedelta(hours=5), now=NOW, model=model)
    short = [s for s in result.feedback if s.key == "notice_short"]
    assert len(short) == 1 and short[0].severity == "high"
    assert "5" in short[0].message
    assert result.feedback[0].severity == "high"


def test_past_interview(model):
    result = review(EN_DRAFT, interview_at=NOW - timedelta(hours=2), now=NOW, model=model)
    assert "notice_past" in _keys(result)
    assert "notice_short" not in _keys(result)


def test_enough_notice_is_not_flagged(model):
    result = review(EN_DRAFT, interview_at=NOW + timedelta(days=3), now=NOW, model=model)
    assert "notice_short" not in _keys(result) and "notice_past" not in _keys(result)


def test_short_notice_with_timezones_and_default_now(model):
    soon = datetime.now(timezone.utc) + timedelta(hours=3)
    assert "notice_short" in _keys(review(EN_DRAFT, interview_at=soon, model=model))


def test_mixing_naive_and_aware_times_raises(model):
    with pytest.raises(ValueError):
        review(EN_DRAFT, interview_at=datetime(2030, 1, 1, 12, tzinfo=timezone.utc), now=NOW, model=model)


def test_delivery_advice_in_draft_language(model):
    result = review(ID_DRAFT, channel="text", interview_at=NOW + timedelta(hours=2), now=NOW, model=model)
    extra = [s for s in result.feedback if s.key in ("channel_text", "notice_short")]
    assert len(extra) == 2
    assert all(s.message == MESSAGES["id"][s.key].format(hours=2) for s in extra)


# --- review_frame -------------------------------------------------------------------------------

GOOD_TEXTS = [EN_DRAFT, ID_DRAFT, MIXED_DRAFT,
              "Hi Sam, I'm sorry but I accepted another offer and will withdraw. Thanks for your time.",
              "Maaf pak, saya tidak bisa datang besok."]


def _frame_with_shuffled_index(values):
    n = len(values)
    rng = np.random.default_rng(7)
    index = pd.Index(rng.permutation(np.arange(100, 100 + 7 * n, 7)), name="row_id")
    return pd.DataFrame({"before": [f"b{i}" for i in range(n)], "text": values,
                         "after": np.arange(n) * 1.5}, index=index)


def test_review_frame_columns_rows_and_index(model):
    df = _frame_with_shuffled_index(GOOD_TEXTS)
    original = df.copy()
    out = review_frame(df, model=model)
    assert list(out.columns) == ["before", "text", "after", *OUTPUT_COLUMNS]
    assert out.index.equals(df.index) and out.index.name == "row_id"
    pd.testing.assert_frame_equal(out[["before", "text", "after"]], original)
    pd.testing.assert_frame_equal(df, original)  # input not modified
    assert (out["status"] == "ok").all()


def test_review_frame_dtypes_and_ranges(model):
    out = review_frame(_frame_with_shuffled_index(GOOD_TEXTS), model=model)
    for label in LABELS:
        assert set(out[label].dropna().astype(int)) <= {0, 1}
        assert pd.api.types.is_integer_dtype(out[label])
        scores = out[f"{label}_score"]
        assert pd.api.types.is_float_dtype(scores)
        assert scores.between(0, 1).all()
    assert out["language"].isin(["en", "id", "mixed"]).all()
    assert out["reason_category"].isin(REASON_CATEGORIES).all()
    assert out["feedback"].str.len().gt(0).all()


def test_review_frame_matches_review(model):
    df = _frame_with_shuffled_index(GOOD_TEXTS)
    out = review_frame(df, model=model, batch_size=2)
    for (_, row), text in zip(out.iterrows(), GOOD_TEXTS):
        single = review(text, model=model)
        assert row["language"] == single.language
        assert row["reason_category"] == single.reason_category
        assert row["feedback"] == "\n".join(s.message for s in single.feedback)
        for label in LABELS:
            assert bool(row[label]) == single[label].present, label
            assert math.isclose(row[f"{label}_score"], single[label].score, abs_tol=1e-9), label


def test_review_frame_matches_review_many_on_the_whole_corpus(model, corpus):
    """review_frame builds its feedback from the prediction arrays, without result objects:
    on every corpus draft it must say exactly what review_many's results say."""
    import gc

    from reviewer.api import review_many
    from reviewer.language import detect_language

    texts = corpus["text"].tolist()
    gc.enable()
    out = review_frame(pd.DataFrame({"text": texts}), model=model, batch_size=300)
    assert gc.isenabled()  # the collector is paused per batch only
    results = review_many(texts, [detect_language(t) for t in texts], model)
    assert out["feedback"].tolist() == ["\n".join(s.message for s in r.feedback) for r in results]
    assert out["reason_category"].tolist() == [r.reason_category for r in results]
    for label in LABELS:
        assert out[label].tolist() == [int(r[label].present) for r in results], label
        assert out[f"{label}_score"].tolist() == [r[label].score for r in results], label


def test_paused_gc_restores_the_callers_setting():
    import gc

    from reviewer.api import paused_gc

    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left disabled, as the caller had it
    finally:
        gc.enable()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_gc_stays_paused_until_the_last_thread_ends():
    """Two threads reviewing at once: the first to finish must not switch the collector back
    on under the other, and it is on again once both have finished."""
    import gc
    import threading

    from reviewer.api import paused_gc

    entered, first_done, second_may_end = threading.Barrier(2), threading.Event(), threading.Event()
    seen = {}

    def first() -> None:
        with paused_gc():
            entered.wait()
        first_done.set()

    def second() -> None:
        with paused_gc():
            entered.wait()
            first_done.wait()
            seen["during"] = gc.isenabled()
            second_may_end.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert second_may_end.is_set() and seen["during"] is False
    assert gc.isenabled()


def test_review_frame_language_override(model):
    out = review_frame(pd.DataFrame({"text": GOOD_TEXTS}), lang="id", model=model)
    assert (out["language"] == "id").all()
    with pytest.raises(ValueError, match="lang"):
        review_frame(pd.DataFrame({"text": GOOD_TEXTS}), lang="xx", model=model)


def test_review_frame_bad_rows_keep_their_place(model):
    values, expected = [], []
    for i, (bad, status) in enumerate(BAD_VALUES):
        values += [GOOD_TEXTS[i % len(GOOD_TEXTS)], bad]
        expected += ["ok", status]
    values.append(pd.NA)
    expected.append("missing")
    df = _frame_with_shuffled_index(values)
    out = review_frame(df, model=model)
    assert len(out) == len(df) and out.index.equals(df.index)
    assert out["status"].tolist() == expected
    assert out["before"].tolist() == df["before"].tolist()
    bad = out["status"] != "ok"
    for label in LABELS:
        assert out.loc[bad, label].isna().all(), label
        assert out.loc[bad, f"{label}_score"].isna().all(), label
        assert out.loc[~bad, label].notna().all(), label
        assert out.loc[~bad, f"{label}_score"].between(0, 1).all(), label
    for col in ("language", "reason_category", "feedback"):
        assert out.loc[bad, col].isna().all(), col
        assert out.loc[~bad, col].notna().all(), col
    # good rows around the bad ones are reviewed exactly as on their own
    good = out[~bad]
    alone = review_frame(pd.DataFrame({"text": good["text"].tolist()}), model=model)
    for label in LABELS:
        np.testing.assert_allclose(good[f"{label}_score"].to_numpy(), alone[f"{label}_score"].to_numpy(), atol=1e-9)


@pytest.mark.parametrize("dtype", [object, "string", "category"])
def test_review_frame_duplicate_index_and_dtypes(model, dtype):
    values = [GOOD_TEXTS[0], None, GOOD_TEXTS[1]]
    df = pd.DataFrame({"text": pd.Series(values, dtype=dtype, index=[4, 4, 1])})
    out = review_frame(df, model=model)
    assert out.index.tolist() == [4, 4, 1]
    assert out["status"].tolist() == ["ok", "missing", "ok"]
    assert out["language"].tolist()[::2] == ["en", "id"]


def test_review_frame_all_bad_rows(model):
    out = review_frame(pd.DataFrame({"text": [None, "", "🙂"]}), model=model)
    assert out["status"].tolist() == ["missing", "empty", "no_words"]
    assert list(out.columns) == ["text", *OUTPUT_COLUMNS]


def test_review_frame_empty_frame(model):
    out = review_frame(pd.DataFrame({"text": pd.Series([], dtype=object)}), model=model)
    assert len(out) == 0 and list(out.columns) == ["text", *OUTPUT_COLUMNS]


def test_review_frame_custom_text_column_and_progress(model):
    seen = []
    df = pd.DataFrame({"body": GOOD_TEXTS + [None]})
    out = review_frame(df, text_column="body", model=model, batch_size=2, progress=seen.append)
    assert sum(seen) == len(df)
    assert list(out.columns) == ["body", *OUTPUT_COLUMNS]


@pytest.mark.parametrize("clash", ["status", "apology", "feedback", "gratitude_score", "language"])
def test_clash_column(model, clash):
    df = pd.DataFrame({"text": GOOD_TEXTS[:1], clash: [1]})
    with pytest.raises(ColumnClashError) as info:
        review_frame(df, model=model)
    assert isinstance(info.value, ValueError)
    assert clash in str(info.value)


def test_missing_text_column(model):
    df = pd.DataFrame({"message": GOOD_TEXTS[:1], "sender": ["x"]})
    with pytest.raises(MissingColumnError) as info:
        review_frame(df, model=model)
    assert isinstance(info.value, KeyError)
    message = str(info.value)
    assert "text" in message and "message" in message and "sender" in message


def test_review_frame_needs_a_dataframe(model):
    with pytest.raises(TypeError):
        review_frame(GOOD_TEXTS, model=model)


# --- behaviour: a sanity floor from the labeling guide (clear-cut drafts not in the corpus) ------

BEHAVIOUR = [
    # (draft, expected labels)
    ("Hello Maria, I need to cancel my interview on Friday. Thanks, Kevin",
     {"gratitude": True, "apology": False, "reschedule_request": False}),
    ("I'm not sorry about this, but I won't be attending the interview on Monday.",
     {"apology": False, "gratitude": False}),
    ("Sorry to hear your office is moving. Anyway, I have to cancel the interview on Thursday.",
     {"apology": False}),
    ("So sorry, something came up and I can't make the interview tomorrow.",
     {"apology": True, "clear_reason": False}),
    ("Mohon maaf Pak Budi, saya tidak dapat hadir wawancara besok karena sakit demam. "
     "Terima kasih atas pengertiannya.",
     {"apology": True, "clear_reason": True, "gratitude": True, "oversharing": False}),
    ("Mohon maaf, saya tidak bisa hadir wawancara besok karena ada urusan.",
     {"apology": True, "clear_reason": False}),
    ("I'm sorry, but I've accepted another offer, so I need to withdraw from the process. Thank you for your time.",
     {"apology": True, "clear_reason": True, "gratitude": True, "oversharing": False, "reschedule_request": False}),
    ("Apologies, I'm down with the flu. Could we reschedule to next Tuesday or Wednesday afternoon?",
     {"reschedule_request": True, "follow_up": True, "clear_reason": True}),
    ("sorry cant come tmrw, ive been vomiting all night and have diarrhea, my stomach is a disaster "
     "and my ex keeps calling me", {"oversharing": True}),
    ("Maaf Bu, jadwal saya bentrok dengan pekerjaan kantor besok. Apakah wawancaranya bisa dijadwalkan ulang "
     "ke hari Kamis? Terima kasih.", {"reschedule_request": True, "follow_up": True, "gratitude": True}),
    ("Sorry, I can't come to the interview because my grandmother was abducted by aliens last night.",
     {"clear_reason": False, "oversharing": True}),
    ("Sorry banget kak, aku gak bisa dateng interview besok karena demam tinggi. Thank you ya kak",
     {"apology": True, "gratitude": True}),
]


@pytest.mark.parametrize("draft, expected", BEHAVIOUR, ids=[f"b{i:02d}" for i in range(len(BEHAVIOUR))])
def test_behaviour_sanity_floor(model, corpus, draft, expected):
    assert draft not in set(corpus["text"]), "behaviour drafts must not be training data"
    result = review(draft, model=model)
    got = {label: result[label].present for label in expected}
    assert got == expected, {label: result[label].score for label in expected}
