"""The notebook widgets without a browser: set values, call refresh(), assert on the HTML.

ipywidgets works without a kernel: setting `.value` fires observers and `Button.click()` fires
on_click handlers. Most tests use a fake review function (fast, exact); a few use the real model.
"""
from __future__ import annotations

import base64
import io
import re
import time
from datetime import date, datetime, time as dtime

import ipywidgets as widgets
import pandas as pd
import pytest

from reviewer.artifacts import ModelLoadError
from reviewer.notebook.batch_ui import (BatchReviewer, BatchSession, filter_rows, guess_text_column, pass_rates, read_upload,
                               with_problem_counts)
from reviewer.examples import BATCH_FILE, load_examples
from reviewer.labels import LABELS
from reviewer.result import Evidence, Finding, ReviewResult, Suggestion
from reviewer.validation import check_text
from reviewer.notebook.widgets import Debouncer, DraftReviewer, DraftState, friendly_error

OVERSHARE = "cant make it tmrw, my car died AGAIN bc the mechanic is useless and ripped me off, can we do thurs?"
GOOD = ("Dear Ms. Chen, I'm very sorry, but I have to cancel tomorrow's interview: I'm unwell. Could we "
        "reschedule to Thursday? Thank you for your understanding. Best regards, Maya")
NOW = datetime(2025, 3, 10, 12, 0)


class FakeReview:
    """Records calls; returns a result with an apology found, or raises `error`."""

    def __init__(self, error: BaseException | None = None):
        self.calls: list[tuple] = []
        self.error = error

    def __call__(self, text, lang=None, *, channel=None, interview_at=None, now=None):
        self.calls.append((text, lang, channel, interview_at, now))
        check_text(text)
        if self.error:
            raise self.error
        findings = {label: Finding(label, label == "apology", 0.9 if label == "apology" else 0.2,
                                   (Evidence(0, 5, text[:5]),) if label == "apology" else ())
                    for label in LABELS}
        feedback = (Suggestion("no_reason", "high", "Give one brief reason.", "clear_reason"),)
        if channel == "text":
            feedback = (Suggestion("channel_text", "high", "Call first; then email.", None), *feedback)
        return ReviewResult(text, "en", "en", findings, "none", 0.5, feedback)


def make(fake=None, **kwargs) -> tuple[DraftReviewer, FakeReview]:
    fake = fake or FakeReview()
    return DraftReviewer(review_fn=fake, delay=0, clock=lambda: NOW, **kwargs), fake


def text_of(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup)


# -- draft reviewer: inputs and outputs -------------------------------------------------------------

def test_starts_with_a_prompt_and_no_results():
    w, fake = make()
    assert "Paste or type a draft" in w.summary.value
    assert w.checklist.value == w.highlights.value == w.suggestions.value == ""
    assert fake.calls == []


def test_typing_reviews_and_fills_every_panel():
    w, fake = make()
    w.text.value = "Sorry, I have to cancel."
    assert fake.calls[-1][:2] == ("Sorry, I have to cancel.", None)
    assert "2 of 4 essentials" in w.summary.value
    assert w.checklist.value.count('class="rv-row') == len(LABELS)
    assert '<mark class="rv-hl" data-labels="apology"' in w.highlights.value
    assert 'data-key="no_reason"' in w.suggestions.value
    assert "Give one brief reason." in w.fixes_text() and "rv-copy" in w.copy.value


@pytest.mark.parametrize("value", ["", "   \n\t "])
def test_empty_input_shows_the_prompt(value):
    w, _ = make()
    w.text.value = "x"
    w.text.value = value
    assert "Paste or type a draft" in w.summary.value
    assert w.checklist.value == "" and w.copy.value == ""


@pytest.mark.parametrize("value, words", [("\U0001F64F\U0001F64F 123", "no words"), ("x" * 20_001, "longer than"),
                                          ("abc\x00\x01\x02\x03def", "binary")])
def test_wrong_input_shows_a_friendly_message_not_a_traceback(value, words):
    w, _ = make()
    w.text.value = value
    assert 'class="rv-message rv-error"' in w.summary.value and words in w.summary.value
    assert "Traceback" not in w.summary.value and w.checklist.value == ""


@pytest.mark.parametrize("error, words", [(RuntimeError("boom"), "Something went wrong"),
                                          (ModelLoadError("/srv/models/x: gone"), "model could not be loaded")])
def test_failures_inside_the_review_become_friendly_messages(error, words):
    w, _ = make(FakeReview(error))
    w.text.value = "Sorry, I must cancel."
    assert words in w.summary.value and "Traceback" not in w.summary.value
    assert "/srv/models" not in w.summary.value  # no server paths on a public page


def test_non_text_state_is_handled():
    state = DraftState(text=123)
    state.update(FakeReview(), NOW)
    assert state.result is None and "not text" in state.message
    state.text = None
    state.update(FakeReview(), NOW)
    assert state.result is None and "no value" in state.message
    assert friendly_error(TypeError("x"))[1] == "error"


def test_language_override_is_passed_on():
    w, fake = make()
    w.text.value = "Maaf, saya tidak bisa hadir."
    w.lang.value = "id"
    assert fake.calls[-1][1] == "id"
    assert "(chosen)" in w.summary.value
    w.lang.value = "auto"
    assert fake.calls[-1][1] is None


def test_example_picker_loads_and_reviews_an_example():
    w, fake = make()
    example = load_examples()[2]
    w.examples.value = example.id
    assert w.text.value == example.text and fake.calls[-1][0] == example.text
    w.text.value += " Thanks"  # editing the example resets the picker
    assert w.examples.value == ""


def test_examples_cover_good_and_bad_in_both_languages():
    examples = load_examples()
    assert {(e.kind, e.lang) for e in examples} >= {("good", "en"), ("bad", "en"), ("good", "id"), ("bad", "id")}


def test_text_channel_gets_a_clear_warning():
    w, fake = make()
    w.text.value = "Sorry, I must cancel."
    w.channel.value = "text"
    assert fake.calls[-1][2] == "text"
    assert "rv-warning" in w.delivery.value and "Call first" in w.delivery.value
    w.channel.value = "phone"
    assert fake.calls[-1][2] == "voicemail"


def test_interview_date_and_time_are_combined_with_the_clock():
    w, fake = make()
    w.text.value = "Sorry, I must cancel."
    w.interview_date.value = date(2025, 3, 11)
    assert fake.calls[-1][3:] == (datetime(2025, 3, 11, 9, 0), NOW)
    assert "assuming 09:00" in w.delivery.value
    w.interview_time.value = dtime(8, 30)
    assert fake.calls[-1][3] == datetime(2025, 3, 11, 8, 30)
    assert "assuming" not in w.delivery.value


def test_button_reviews_when_live_review_is_off():
    w, fake = make(live=False)
    w.text.value = "Sorry, I must cancel."
    assert fake.calls == []
    w.review_button.click()
    assert len(fake.calls) == 1 and "2 of 4 essentials" in w.summary.value


def test_live_review_is_debounced():
    fake = FakeReview()
    w = DraftReviewer(review_fn=fake, delay=0.2, clock=lambda: NOW)
    for word in ("S", "So", "Sorry", "Sorry, I must cancel."):
        w.text.value = word
    assert fake.calls == [] and w.debouncer.pending
    deadline = time.monotonic() + 5
    while w.debouncer.pending and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [c[0] for c in fake.calls] == ["Sorry, I must cancel."]
    assert "2 of 4 essentials" in w.summary.value


def test_refresh_cancels_a_pending_review():
    fake = FakeReview()
    w = DraftReviewer(review_fn=fake, delay=5, clock=lambda: NOW)
    w.text.value = "Sorry, I must cancel."
    assert w.debouncer.pending
    w.refresh()
    assert not w.debouncer.pending and len(fake.calls) == 1


def test_debouncer_flush_and_cancel():
    calls = []
    d = Debouncer(lambda: calls.append(1), delay=10)
    d.trigger()
    d.flush()
    d.trigger()
    d.cancel()
    d.flush()
    assert calls == [1] and not d.pending


def test_input_widget_can_be_passed_in():
    box = widgets.Text()
    w, fake = make(text_input=box)
    box.value = "Sorry, I must cancel."
    assert w.text is box and fake.calls[-1][0] == "Sorry, I must cancel."


def test_state_lives_outside_the_widget():
    state = DraftState()
    w, _ = make(state=state)
    w.text.value = "Sorry, I must cancel."
    assert state.result is w.result and state.text == "Sorry, I must cancel."


# -- draft reviewer with the real model --------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    return DraftReviewer(delay=0)


def test_real_oversharing_draft(real):
    real.text.value = OVERSHARE
    assert 'data-label="oversharing" data-state="warn"' in real.checklist.value
    assert re.search(r'<mark class="rv-hl" data-labels="[^"]*oversharing[^"]*" title="Oversharing \(Warning\), score',
                     real.highlights.value)
    first = re.findall(r'data-key="(\w+)"', real.suggestions.value)[0]
    assert first.startswith("overshare_")
    assert "mechanic" in real.suggestions.value  # specific to the draft, not generic filler


def test_real_good_draft_is_ready(real):
    real.text.value = GOOD
    assert "4 of 4 essentials" in real.summary.value and "Ready to send" in real.summary.value
    assert 'data-label="oversharing" data-state="pass"' in real.checklist.value


def test_real_indonesian_draft_gets_indonesian_feedback(real):
    real.text.value = "Mohon maaf Bu, saya tidak dapat hadir wawancara besok karena ada urusan mendadak."
    assert "Bahasa: Indonesia" in text_of(real.summary.value)
    assert "urusan mendadak" in real.suggestions.value  # quotes the vague reason


def test_real_short_notice_warns_to_call_first(real):
    real._clock = lambda: NOW
    real.text.value = GOOD
    real.interview_date.value = date(2025, 3, 11)
    real.interview_time.value = dtime(10, 0)
    try:
        assert 'data-key="notice_short"' in real.delivery.value and "rv-warning" in real.delivery.value
        assert "Call the recruiter" in real.delivery.value
    finally:
        real.interview_date.value = None
        real.interview_time.value = None


# -- batch reviewer -----------------------------------------------------------------------------------

def upload_value(name: str, data: bytes) -> tuple[dict, ...]:
    return ({"name": name, "type": "", "size": len(data), "content": memoryview(data),
             "last_modified": datetime(2025, 1, 1)},)


SAMPLE = pd.DataFrame({"ref": ["a", "b", "c", "d"],
                       "note": ["x", "y", "z", "w"],
                       "body": [OVERSHARE, GOOD, "",
                                "Mohon maaf, saya tidak bisa hadir besok karena sakit. Terima kasih."]})


def to_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    buf = io.BytesIO()
    if suffix == ".csv":
        frame.to_csv(buf, index=False)
    elif suffix == ".jsonl":
        frame.to_json(buf, orient="records", lines=True)
    else:
        frame.to_excel(buf, index=False)
    return buf.getvalue()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_read_upload_reads_each_format(suffix):
    frame, name = read_upload(upload_value(f"drafts{suffix}", to_bytes(SAMPLE, suffix)))
    assert name == f"drafts{suffix}" and list(frame.columns) == ["ref", "note", "body"] and len(frame) == 4
    assert guess_text_column(frame) == "body"


def test_guess_text_column_picks_the_longest_text():
    frame = pd.DataFrame({"id": ["1", "2"], "msg_col": ["a long message here", "another long one"]})
    assert guess_text_column(frame) == "msg_col"


@pytest.fixture(scope="module")
def batch():
    ui = BatchReviewer()
    ui.upload.value = upload_value("drafts.csv", to_bytes(SAMPLE, ".csv"))
    ui.run_button.click()
    return ui


def test_batch_upload_column_dropdown_and_run(batch):
    assert batch.column.options == ("ref", "note", "body") and batch.column.value == "body"
    assert batch.progress.value == batch.progress.max == 4
    assert "3</b> of 4 drafts reviewed" in batch.summary.value and "1 skipped" in batch.summary.value
    assert batch.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert batch.results.layout.display == "flex"
    assert "rv-error" not in batch.load_status.value


def test_batch_table_lists_most_problems_first(batch):
    order = [int(i) for i in re.findall(r"<tr><td[^>]*>(\d+)</td>", batch.table.value)]
    assert order[0] == 0 and order[-1] == 2  # the oversharing draft first, the empty one last
    assert "not reviewed: the draft is empty" in batch.table.value


def test_batch_filters(batch):
    batch.label_filter.value = "oversharing"
    assert re.findall(r"<tr><td[^>]*>(\d+)</td>", batch.table.value) == ["0"]
    batch.label_filter.value = ""
    batch.lang_filter.value = "id"
    assert re.findall(r"<tr><td[^>]*>(\d+)</td>", batch.table.value) == ["3"]
    batch.lang_filter.value = ""
    batch.status_filter.value = "not_reviewed"
    assert re.findall(r"<tr><td[^>]*>(\d+)</td>", batch.table.value) == ["2"]
    batch.status_filter.value = ""


def test_batch_detail_view_uses_the_draft_display(batch):
    batch.row.value = 0
    assert "rv-checklist" in batch.detail.value and "rv-hl" in batch.detail.value
    assert 'data-label="oversharing" data-state="warn"' in batch.detail.value
    batch.status_filter.value = "not_reviewed"
    assert "was not reviewed" in batch.detail.value
    batch.status_filter.value = ""


def test_batch_download_holds_the_reviewed_file(batch):
    href = re.search(r'href="data:text/csv;base64,([^"]+)"', batch.download.value).group(1)
    frame = pd.read_csv(io.BytesIO(base64.b64decode(href)), keep_default_na=False)
    assert list(frame["ref"]) == ["a", "b", "c", "d"]
    assert {"oversharing", "oversharing_score", "status", "essentials_met", "feedback"} <= set(frame.columns)
    assert 'download="drafts.reviewed.csv"' in batch.download.value
    batch.format.value = ".xlsx"
    assert "spreadsheetml" in batch.download.value and "drafts.reviewed.xlsx" in batch.download.value
    batch.format.value = ".csv"


def test_batch_save_to_a_path(batch, tmp_path):
    batch.save_path.value = str(tmp_path / "out.jsonl")
    batch.save_button.click()
    assert len(pd.read_json(tmp_path / "out.jsonl", lines=True)) == 4
    batch.save_path.value = str(tmp_path / "missing" / "out.csv")
    batch.save_button.click()
    assert "does not exist" in batch.load_status.value


@pytest.mark.parametrize("name, data, words", [
    ("drafts.txt", b"hello", "unsupported file type"),
    ("drafts.csv", b"", "empty"),
    ("drafts.xlsx", b"not a spreadsheet", "cannot read the file as xlsx"),
    ("drafts.jsonl", b"{broken", "cannot read the file as jsonl"),
    ("drafts.csv", b"\xff\xfe\x00a,b\n", "not valid UTF-8"),
])
def test_bad_uploads_show_a_friendly_message(name, data, words):
    ui = BatchReviewer()
    ui.upload.value = upload_value(name, data)
    assert "rv-error" in ui.load_status.value and words.lower() in ui.load_status.value.lower()
    assert "Traceback" not in ui.load_status.value and ui.run_button.disabled


def test_missing_path_and_clashing_columns_are_explained(tmp_path):
    ui = BatchReviewer()
    ui.path.value = str(tmp_path / "nope.csv")
    ui.open_button.click()
    assert "no such file" in ui.load_status.value
    clash = tmp_path / "clash.csv"
    pd.DataFrame({"text": ["Sorry, I must cancel."], "apology": ["1"]}).to_csv(clash, index=False)
    ui.path.value = str(clash)
    ui.open_button.click()
    ui.run_button.click()
    assert "clash" in ui.load_status.value and ui.session.reviewed is None


def test_paths_can_be_turned_off():
    ui = BatchReviewer(allow_paths=False)
    ui.path.value = "/etc/passwd.csv"
    ui.open_button.click()
    assert "turned off" in ui.load_status.value and ui.path.layout.display == "none"


def test_example_batch_opens_with_its_text_column():
    ui = BatchReviewer(path="example")
    assert ui.session.name == BATCH_FILE.name and ui.column.value == "message"


def test_summaries_over_a_reviewed_frame():
    reviewed = pd.DataFrame({
        **{label: pd.array([1, 0, None], dtype="Int8") for label in LABELS},
        "language": pd.array(["en", "id", None], dtype="string"),
        "status": ["ok", "ok", "empty"],
        "reason_category": ["illness", "vague", None],
    })
    frame = with_problem_counts(reviewed)
    assert frame["essentials_met"].tolist()[:2] == [3, 1] and frame["essentials_met"].isna().iloc[2]
    rates = pass_rates(frame)
    assert rates.loc["oversharing", "en"] == 0.0 and rates.loc["apology", "all"] == 0.5
    assert filter_rows(frame, label="apology").index.tolist() == [1]
    assert filter_rows(frame).index.tolist() == [1, 0, 2]
    with pytest.raises(ValueError):
        filter_rows(frame, status="bogus")


def test_session_runs_without_widgets():
    session = BatchSession()
    session.load(SAMPLE, "sample.csv")
    done = []
    out = session.run("body", progress=done.append)
    assert sum(done) == 4 and out["status"].tolist() == ["ok", "ok", "empty", "ok"]
