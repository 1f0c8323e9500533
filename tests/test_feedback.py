"""Feedback messages and their assembly (reviewer.messages, reviewer.feedback)."""
from __future__ import annotations

import string

import pytest

from reviewer.feedback import QUOTE_LIMIT, SEVERITY_ORDER, build_feedback, quote
from reviewer.labels import LABELS
from reviewer.messages import MESSAGES, message
from reviewer.result import Evidence, Finding


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys():
    assert set(MESSAGES) == {"en", "id"}
    assert set(MESSAGES["en"]) == set(MESSAGES["id"])


@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_same_placeholders_in_both_languages(key):
    assert _placeholders(MESSAGES["en"][key]) == _placeholders(MESSAGES["id"][key])
    assert _placeholders(MESSAGES["en"][key]) <= {"quote", "hours"}


@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_messages_format_and_differ_between_languages(key):
    values = {"quote": "\u201cX\u201d", "hours": 5}
    en, idn = message("en", key, **values), message("id", key, **values)
    assert en.strip() and idn.strip()
    assert en != idn
    assert "{" not in en and "{" not in idn


def test_message_language_fallback():
    assert message("mixed", "no_apology") == MESSAGES["en"]["no_apology"]
    assert message("id", "no_apology") == MESSAGES["id"]["no_apology"]


# --- build_feedback -----------------------------------------------------------------------------

TEXT = ("Hi Sam, I can't come tomorrow. I've had diarrhoea all night and my stomach is wrecked, "
        "something came up as well.")
OVER = (TEXT.index("I've had"), TEXT.index("wrecked,") + len("wrecked,"))
VAGUE = (TEXT.index("something came up"), TEXT.index("something came up") + len("something came up"))


def _findings(present: dict[str, bool], evidence: dict[str, list[tuple[int, int]]] | None = None,
              text: str = TEXT) -> dict[str, Finding]:
    evidence = evidence or {}
    return {label: Finding(label, present.get(label, False), 0.9 if present.get(label) else 0.1,
                           tuple(Evidence(s, e, text[s:e]) for s, e in evidence.get(label, [])))
            for label in LABELS}


def _keys(suggestions):
    return [s.key for s in suggestions]


def test_ordered_by_severity_most_important_first():
    out = build_feedback(TEXT, _findings({"oversharing": True}, {"oversharing": [OVER]}), "illness", "en", {})
    ranks = [SEVERITY_ORDER[s.severity] for s in out]
    assert ranks == sorted(ranks)
    assert out[0].severity == "high"
    assert {"overshare_illness", "no_apology", "no_gratitude"} <= set(_keys(out))
    assert _keys(out).index("overshare_illness") < _keys(out).index("no_gratitude")


def test_all_good_draft():
    present = {"apology": True, "clear_reason": True, "follow_up": True, "gratitude": True}
    out = build_feedback(TEXT, _findings(present), "schedule_conflict", "en", {})
    keys = _keys(out)
    assert "all_good" in keys
    assert not {"no_apology", "no_reason", "no_gratitude", "no_follow_up"} & set(keys)
    assert all(s.severity in ("low", "info") for s in out)


def test_missing_essentials_each_get_a_suggestion():
    out = build_feedback(TEXT, _findings({}), "none", "en", {})
    keys = _keys(out)
    assert {"no_apology", "no_reason", "no_gratitude", "no_follow_up"} <= set(keys)
    assert "all_good" not in keys
    labels = {s.label for s in out if s.key.startswith("no_")}
    assert labels == {"apology", "clear_reason", "gratitude", "follow_up"}


def test_oversharing_message_quotes_the_evidence():
    out = build_feedback(TEXT, _findings({"oversharing": True, "clear_reason": True}, {"oversharing": [OVER]}),
                         "illness", "en", {})
    over = [s for s in out if s.label == "oversharing"]
    assert len(over) == 1 and over[0].severity == "high"
    assert over[0].key == "overshare_illness"
    assert "diarrhoea all night" in over[0].message
    assert quote(TEXT, *OVER) in over[0].message


@pytest.mark.parametrize("category, key", [
    ("illness", "overshare_illness"), ("family", "overshare_family"), ("transport", "overshare_transport"),
    ("new_offer", "overshare_offer"), ("implausible", "overshare_implausible"), ("other", "overshare_generic"),
])
def test_oversharing_message_depends_on_the_reason(category, key):
    out = build_feedback(TEXT, _findings({"oversharing": True}, {"oversharing": [OVER]}), category, "id", {})
    assert key in _keys(out)
    assert "diarrhoea all night" in next(s.message for s in out if s.key == key)


def test_vague_reason_quotes_the_vague_cue():
    out = build_feedback(TEXT, _findings({"apology": True}), "vague", "en", {"vague_reason": [VAGUE]})
    vague = [s for s in out if s.label == "clear_reason"]
    assert len(vague) == 1 and vague[0].key == "vague_reason"
    assert "something came up" in vague[0].message
    assert "no_reason" not in _keys(out)


def test_vague_reason_without_a_cue_still_says_vague():
    out = build_feedback(TEXT, _findings({"apology": True}), "vague", "id", {})
    assert "vague_reason_noquote" in _keys(out)


def test_implausible_reason_not_repeated_when_oversharing_already_says_it():
    both = build_feedback(TEXT, _findings({"oversharing": True}, {"oversharing": [OVER]}), "implausible", "en", {})
    assert "overshare_implausible" in _keys(both) and "implausible_reason" not in _keys(both)
    alone = build_feedback(TEXT, _findings({}), "implausible", "en", {})
    assert "implausible_reason" in _keys(alone)


def test_closing_door_versus_no_follow_up():
    closing = build_feedback(TEXT, _findings({}), "new_offer", "en", {"close_door": [(0, 2)]})
    assert "closing_door" in _keys(closing) and "no_follow_up" not in _keys(closing)


def test_reschedule_request_gets_confirmation_tip():
    out = build_feedback(TEXT, _findings({"follow_up": True, "reschedule_request": True}), "illness", "en", {})
    assert "follow_up_email" in _keys(out) and "no_follow_up" not in _keys(out)


def test_feedback_language_is_respected():
    en = build_feedback(TEXT, _findings({}), "none", "en", {})
    idn = build_feedback(TEXT, _findings({}), "none", "id", {})
    assert _keys(en) == _keys(idn)
    assert [s.message for s in en] == [MESSAGES["en"][s.key] for s in en]
    assert [s.message for s in idn] == [MESSAGES["id"][s.key] for s in idn]


def test_quote_is_short_single_line():
    long_text = "line one\nline two " + "blah " * 40
    q = quote(long_text, 0, len(long_text))
    assert "\n" not in q
    assert q.startswith("\u201cline one line two") and q.endswith("\u2026\u201d")
    assert len(q) <= QUOTE_LIMIT + 2
    assert quote("abc def", 0, 3) == "\u201cabc\u201d"
