"""HTML rendering of a review (reviewer.notebook.display): escaping, highlights, checklist, suggestions."""
from __future__ import annotations

import html
import re

import pytest

from reviewer.notebook import display
from reviewer.labels import LABELS
from reviewer.result import Evidence, Finding, ReviewResult, Suggestion


def make_result(text: str, present: dict[str, float] | None = None,
                spans: dict[str, list[tuple[int, int]]] | None = None,
                feedback: tuple[Suggestion, ...] = (), lang: str = "en", category: str = "illness") -> ReviewResult:
    """A hand-made ReviewResult: `present` maps labels to scores (others absent, score 0.1)."""
    present, spans = present or {}, spans or {}
    findings = {}
    for label in LABELS:
        score = present.get(label, 0.1)
        ev = tuple(Evidence(s, e, text[s:e] if 0 <= s < e <= len(text) else "") for s, e in spans.get(label, []))
        findings[label] = Finding(label, label in present, score, ev)
    return ReviewResult(text, lang, lang, findings, category, 0.9, feedback)


OVERSHARE = "cant make it, my car died AGAIN bc the mechanic is useless, can we do thurs?"


def overshare_result() -> ReviewResult:
    s = OVERSHARE.index("my car")
    e = OVERSHARE.index("useless,") + len("useless,")
    f = OVERSHARE.index("can we")
    return make_result(OVERSHARE, {"oversharing": 0.91, "clear_reason": 0.94, "follow_up": 0.99,
                                   "reschedule_request": 0.99},
                       {"oversharing": [(s, e)], "clear_reason": [(s, e)], "follow_up": [(f, len(OVERSHARE))],
                        "reschedule_request": [(f, len(OVERSHARE))]},
                       feedback=(Suggestion("overshare_transport", "high", "Drop the complaint (\u201cmy car\u201d).",
                                            "oversharing"),
                                 Suggestion("no_apology", "high", "Add an apology.", "apology"),
                                 Suggestion("channel_text", "high", "Call first, then email.", None),
                                 Suggestion("no_gratitude", "medium", "Thank them.", "gratitude"),
                                 Suggestion("follow_up_email", "low", "Confirm by email.", "reschedule_request")),
                       category="transport")


def visible_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


# -- escaping -------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", ['<script>alert(1)</script>', '<img src=x onerror="alert(1)">',
                                     '" onmouseover="alert(1)', "</mark><b>bold</b>"])
def test_pasted_markup_is_escaped_everywhere(payload):
    text = f"Sorry, {payload} I must cancel. Thanks"
    result = make_result(text, {"apology": 0.9, "oversharing": 0.8, "gratitude": 0.9},
                         {"apology": [(0, 6)], "oversharing": [(7, 7 + len(payload))],
                          "gratitude": [(len(text) - 6, len(text))]},
                         feedback=(Suggestion("overshare_generic", "high", f"Cut this ({payload}).", "oversharing"),))
    rendered = [display.render_highlights(result), display.render_checklist(result),
                display.render_suggestions(result), display.copy_button(display.fixes_text(result)),
                display.render_review(result), display.render_message(payload, "error")]
    for markup in rendered:
        assert "<script" not in markup and "<img" not in markup and "<b>bold" not in markup
        assert 'onmouseover="alert' not in markup and 'onerror="alert' not in markup
    assert html.escape(payload) in rendered[0]


# -- highlights -----------------------------------------------------------------------------------

def test_segments_cover_the_text_and_split_overlaps():
    result = make_result("abcdefghij", {"apology": 0.9, "oversharing": 0.9},
                         {"apology": [(0, 6)], "oversharing": [(4, 8)]})
    segments = display.highlight_segments(result.text, result.findings)
    assert [(s, e) for s, e, _ in segments] == [(0, 4), (4, 6), (6, 8), (8, 10)]
    assert [labels for _, _, labels in segments] == [("apology",), ("oversharing", "apology"), ("oversharing",), ()]
    assert "".join(result.text[s:e] for s, e, _ in segments) == result.text


def test_bad_or_absent_evidence_is_ignored():
    result = make_result("short text", {"apology": 0.9}, {"apology": [(5, 99), (3, 3)], "gratitude": [(0, 5)]})
    segments = display.highlight_segments(result.text, result.findings)
    assert segments == [(0, len(result.text), ())]  # out of range, empty, and absent label's span
    assert "<mark" not in display.render_highlights(result)


def test_each_highlight_names_its_label_in_text_and_tooltip():
    markup = display.render_highlights(overshare_result())
    marks = re.findall(r'<mark class="rv-hl" data-labels="([^"]*)" title="([^"]*)"', markup)
    assert ("oversharing clear_reason", "Oversharing (Warning), score 0.91; Reason (OK), score 0.94") in marks
    assert any(labels == "follow_up reschedule_request" for labels, _ in marks)
    tags = re.findall(r'<span class="rv-tag" data-label="(\w+)"', markup)
    assert {"oversharing", "clear_reason", "follow_up", "reschedule_request"} <= set(tags)
    assert "oversharing" in visible_text(markup)  # a word, not only a colour
    assert visible_text(markup).count("my car died AGAIN") == 1


def test_legend_lists_the_highlighted_labels_with_their_colours():
    markup = display.render_highlights(overshare_result())
    legend = markup[markup.index('class="rv-legend"'):markup.index('class="rv-draft"')]
    for label in ("oversharing", "clear_reason", "follow_up", "reschedule_request"):
        assert f'data-label="{label}"' in legend
        assert display.COLOURS[label][1] in legend
    assert 'data-label="gratitude"' not in legend


def test_one_colour_per_label():
    tints = [tint for _, tint in display.COLOURS.values()]
    assert len(set(tints)) == len(LABELS) and set(display.COLOURS) == set(LABELS)


def test_no_evidence_says_so():
    result = make_result("Hello there", {})
    assert "Nothing to highlight yet" in display.render_highlights(result)


def test_line_breaks_are_kept():
    result = make_result("Dear Ana,\n\nSorry.\nBudi", {"apology": 0.9}, {"apology": [(11, 17)]})
    markup = display.render_highlights(result)
    assert "white-space: pre-wrap" in markup and "Dear Ana,\n\n" in markup


# -- checklist ------------------------------------------------------------------------------------

def test_checklist_has_one_row_per_label_with_icon_word_bar_and_why():
    markup = display.render_checklist(overshare_result())
    rows = re.findall(r'<div class="rv-row rv-(\w+)" role="listitem" data-label="(\w+)" data-state="(\w+)"', markup)
    assert [label for _, label, _ in rows] == list(LABELS)
    states = {label: state for _, label, state in rows}
    assert states == {"apology": "warn", "clear_reason": "pass", "oversharing": "warn", "follow_up": "pass",
                      "gratitude": "warn", "reschedule_request": "pass"}
    text = visible_text(markup)
    assert "\u26a0 Fix" in text and "\u2714 OK" in text
    assert "No oversharing" in text and "Too much personal detail" in text and "my car died AGAIN" in text
    assert markup.count('role="meter"') == len(LABELS)


def test_checklist_rows_wrap_instead_of_squeezing_the_explanation():
    """Narrow columns (JupyterLab beside a sidebar, a phone) stack the row's parts: every row is a
    wrapping flex line whose explanation keeps a basis of 16em instead of a squeezed table cell."""
    markup = display.render_checklist(overshare_result())
    assert "<table" not in markup and "<td" not in markup
    rows = re.findall(r'<div class="rv-row[^>]*style="([^"]*)"', markup)
    assert len(rows) == len(LABELS) and all("flex-wrap: wrap" in r for r in rows)
    whys = re.findall(r'<span class="rv-why" style="([^"]*)"', markup)
    assert len(whys) == len(LABELS) and all("flex: 1 1 16em" in w for w in whys)


def test_oversharing_warns_when_present_and_passes_when_absent():
    absent = make_result("Sorry, I am unwell. Thanks", {"apology": 0.9}, {"apology": [(0, 5)]})
    assert 'data-label="oversharing" data-state="pass"' in display.render_checklist(absent)
    assert 'data-label="oversharing" data-state="warn"' in display.render_checklist(overshare_result())


def test_confidence_is_for_the_verdict_shown():
    result = overshare_result()
    assert display.confidence(result["oversharing"]) == pytest.approx(0.91)
    assert display.confidence(result["apology"]) == pytest.approx(0.9)  # absent with score 0.1
    assert "91% sure" in display.render_checklist(result)


def test_indonesian_review_gets_indonesian_words():
    result = make_result("Mohon maaf, saya sakit.", {"apology": 0.9}, {"apology": [(0, 10)]}, lang="id")
    assert "Permintaan maaf" in display.render_checklist(result)
    assert "dari 4 hal penting" in display.render_summary(result)
    assert "Perbaiki" in display.render_checklist(result)


# -- summary, suggestions, delivery, fixes ----------------------------------------------------------

def test_summary_counts_essentials():
    markup = display.render_summary(overshare_result())
    assert "2 of 4 essentials" in markup and 'data-essentials="2"' in markup
    good = make_result("x" * 20, {"apology": 0.9, "clear_reason": 0.9, "follow_up": 0.9})
    assert "4 of 4 essentials" in display.render_summary(good) and "Ready to send" in display.render_summary(good)
    assert "(detected)" in markup and "(chosen)" in display.render_summary(good, lang_chosen=True)


def test_suggestions_keep_their_order_and_leave_delivery_advice_to_its_panel():
    result = overshare_result()
    markup = display.render_suggestions(result)
    keys = re.findall(r'data-key="(\w+)"', markup)
    assert keys == ["overshare_transport", "no_apology", "no_gratitude", "follow_up_email"]
    assert "Important:" in visible_text(markup) and "Tip:" in visible_text(markup)
    delivery = display.render_delivery(result)
    assert 'data-key="channel_text"' in delivery and "rv-warning" in delivery and "Warning:" in visible_text(delivery)


def test_delivery_panel_is_empty_without_delivery_advice():
    assert display.render_delivery(make_result("Sorry", {})) == ""


def test_fixes_text_is_a_plain_checklist_without_notes():
    result = overshare_result()
    text = display.fixes_text(result)
    assert text.splitlines()[0] == "Fixes for this draft (2 of 4 essentials)"
    assert text.count("[ ] ") == 5 and "Add an apology." in text
    good = make_result("ok draft", {"apology": 0.9, "clear_reason": 0.9, "follow_up": 0.9},
                       feedback=(Suggestion("all_good", "info", "All good."),))
    assert "Nothing to fix" in display.fixes_text(good)


def test_copy_button_carries_the_fixes():
    result = overshare_result()
    button = display.copy_button(display.fixes_text(result))
    data = re.search(r'data-text="([^"]*)"', button).group(1)
    assert html.unescape(data) == display.fixes_text(result)
    assert "navigator.clipboard" in html.unescape(button)


def test_messages_are_friendly_boxes():
    markup = display.render_message("Cannot review this draft.", "error")
    assert 'role="alert"' in markup and "Cannot review this draft." in markup


# -- with the real model --------------------------------------------------------------------------

def test_real_review_of_an_oversharing_draft_renders_its_highlight():
    from reviewer import review

    result = review("cant make it tmrw, my car died AGAIN bc the mechanic is useless and ripped me off, "
                    "can we do thurs?")
    markup = display.render_review(result)
    assert re.search(r'<mark class="rv-hl" data-labels="[^"]*oversharing', markup)
    assert 'data-label="oversharing" data-state="warn"' in markup
    assert re.findall(r'data-key="(\w+)"', display.render_suggestions(result))[0].startswith("overshare_")
