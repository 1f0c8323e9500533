"""The notebook widgets without a browser: set values, call refresh(), assert on the HTML.

ipywidgets works without a kernel: setting `.value` fires observers and `Button.click()` fires
on_click handlers. Most tests use a fake review function (fast, exact); a few use the real model.
"""
from __future__ import annotations

import base64
import html as html_lib
from pathlib import Path
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
from reviewer.rewriting import Change, Email, Kit, RewriteResult
from reviewer.validation import check_text
from reviewer.notebook.widgets import Debouncer, DraftReviewer, DraftState, friendly_error

OVERSHARE = "cant make it tmrw, my car died AGAIN bc the mechanic is useless and ripped me off, can we do thurs?"
GOOD = ("Dear Ms. Chen, I'm very sorry, but I have to cancel tomorrow's interview: I'm unwell. Could we "
        "reschedule to Thursday? Thank you for your understanding. Best regards, Maya")
NOW = datetime(2025, 3, 10, 12, 0)


class FakeReview:
    """Records calls; returns a result with an apology found (in `lang`), or raises `error`."""

    def __init__(self, error: BaseException | None = None, lang: str = "en"):
        self.calls: list[tuple] = []
        self.error = error
        self.lang = lang

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
        return ReviewResult(text, self.lang, self.lang, findings, "none", 0.5, feedback)


@pytest.fixture(autouse=True)
def _corrections_in_tmp(tmp_path, monkeypatch):
    """Widgets save corrections to corrections.jsonl in the working folder: never the repo's."""
    monkeypatch.chdir(tmp_path)


class FakeRewrite:
    """Records calls; adds an apology and a reason placeholder in the draft's language (unless the
    draft has them already); the kit names the interview time and channel it was given."""

    def __init__(self, error: BaseException | None = None):
        self.calls: list[tuple] = []
        self.error = error

    def __call__(self, text, lang=None, *, channel=None, interview_at=None, now=None):
        self.calls.append((text, lang, channel, interview_at, now))
        if self.error:
            raise self.error
        idn = lang == "id" or "saya" in text.lower()
        added = "Mohon maaf. [alasan singkat]" if idn else "So sorry. [a brief reason]"
        when = interview_at.strftime("%d %B %Y %H:%M") if interview_at else "[tanggal]" if idn else "[interview date]"
        kept = Change("kept", text, None, (0, len(text)), (0, len(text)))
        if added in text:
            new, changes = text, (kept,)
        else:
            new = f"{text} {added}"
            changes = (kept, Change("added", added, "apology", None, (len(text) + 1, len(new))))
        if idn:
            kit = Kit("id", f"Halo, wawancara {when} ({channel})", f"Pesan suara: wawancara {when}",
                      Email(f"Wawancara {when}", f"Yth. Ibu, wawancara {when}"), Email("Konfirmasi", "Jadwal baru"))
        else:
            kit = Kit("en", f"Hello, my interview on {when} ({channel})", f"Voicemail: interview on {when}",
                      Email(f"Interview on {when}", f"Dear Sam, my interview on {when}"),
                      None if "withdraw" in text else Email("Confirming", "The new time"))
        return RewriteResult(text, new, "id" if idn else "en", changes,
                             FakeReview(lang="id" if idn else "en")(new), kit)


def make(fake=None, **kwargs) -> tuple[DraftReviewer, FakeReview]:
    """A draft reviewer with a fake review (returned) and, unless given, a fake rewrite."""
    fake = fake or FakeReview()
    kwargs.setdefault("rewrite_fn", FakeRewrite())
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
def batch(tmp_path_factory):
    ui = BatchReviewer(corrections_path=tmp_path_factory.mktemp("batch") / "corrections.jsonl")
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


# -- the interface language ---------------------------------------------------------------------------

from reviewer.notebook import ui_text  # noqa: E402
from reviewer.notebook.corrections_ui import consistent_labels, consistent_marks, final_labels  # noqa: E402
from reviewer.training.corrections import CorrectionStore  # noqa: E402

ID_DRAFT = "Mohon maaf Bu, saya tidak dapat hadir wawancara besok karena sakit. Terima kasih."


def interface_strings(widget) -> list[str]:
    """Every word a widget tree shows of its own: descriptions, placeholders, option labels,
    tooltips, accordion titles, and the HTML/Label values outside the review itself."""
    out = []
    review_parts = ("rv-summary-widget", "rv-delivery-widget", "rv-checklist-widget", "rv-highlights-widget",
                    "rv-suggestions-widget", "rv-copy-widget")
    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            out.append(value)
    for name in ("_options_labels", "tooltips", "titles"):
        if name == "_options_labels" and "rv-interface" in getattr(widget, "_dom_classes", ()):
            continue  # "English" and "Indonesia" name themselves, in their own language
        out += [v for v in (getattr(widget, name, None) or ()) if isinstance(v, str)]
    if isinstance(widget, (widgets.HTML, widgets.Label)) and not set(widget._dom_classes) & set(review_parts):
        out.append(text_of(widget.value))
    for child in getattr(widget, "children", ()):
        out += interface_strings(child)
    return out


def english_only_words() -> list[str]:
    """Interface strings whose English differs from the Indonesian (the parts before any "{")."""
    words = []
    for key, en in ui_text.INTERFACE["en"].items():
        if en != ui_text.INTERFACE["id"][key]:
            words += [part.strip() for part in re.split(r"\{[^}]*\}", en) if len(part.strip()) >= 4]
    return words


def test_the_interface_follows_an_indonesian_draft():
    w, fake = make(FakeReview(lang="id"))
    assert w.live.description == "Review as I type" and w.interface.value == "auto"
    w.text.value = ID_DRAFT
    assert len(fake.calls) == 1  # relabelling the interface does not review again
    assert w.live.description == "Periksa saat saya mengetik"
    assert w.interview_date.description == "Wawancara pada" and w.channel.description == "Dikirim lewat"
    assert w.fixes_box.titles == ("Daftar perbaikan sebagai teks",)
    assert w.text.placeholder.startswith("Tempel draf Anda") and w.review_button.description == "Periksa"
    assert w.examples.options[0] == ("Coba contoh\u2026", "")
    assert w.correction.save_button.description == "Simpan koreksi"
    shown = interface_strings(w)
    leftovers = [word for word in english_only_words()
                 if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", s) for s in shown)]
    assert not leftovers, leftovers


def test_the_interface_switch_overrides_the_draft_and_keeps_every_choice():
    w, fake = make(FakeReview(lang="id"))
    w.text.value = ID_DRAFT
    w.channel.value = "text"
    w.lang.value = "id"
    w.interface.value = "en"
    assert w.live.description == "Review as I type" and w.interface.value == "en"
    assert w.channel.value == "text" and w.lang.value == "id"
    assert dict((v, k) for k, v in w.channel.options)["text"] == "Text message"
    w.interface.value = "id"
    assert w.live.description == "Periksa saat saya mengetik" and w.channel.value == "text"
    assert dict((v, k) for k, v in w.interface.options)["auto"] == "Otomatis"
    assert fake.calls[-1][1:3] == ("id", "text")


def test_messages_speak_the_interface_language():
    w, _ = make(interface="id")
    assert "Tempel atau ketik draf" in w.summary.value
    w.text.value = "\U0001F64F\U0001F64F 123"
    assert "tidak berisi kata" in w.summary.value and "rv-error" in w.summary.value
    assert friendly_error(ModelLoadError("x"), "id")[0].startswith("Model pemeriksa")


def test_an_english_draft_keeps_the_english_interface():
    w, _ = make()
    w.text.value = "Sorry, I must cancel."
    shown = " | ".join(interface_strings(w))
    assert "Review as I type" in shown and "Checklist of fixes as text" in shown and "Periksa" not in shown


def test_example_titles_follow_the_interface():
    w, _ = make(interface="id")
    labels = dict((v, k) for k, v in w.examples.options)
    assert labels["bad_en_overshare"].startswith("Perlu perbaikan (Inggris)")
    assert set(labels) - {""} == {e.id for e in load_examples()}


def test_a_bad_interface_choice_is_refused():
    with pytest.raises(ValueError, match="interface"):
        make(interface="fr")


# -- corrections in the draft reviewer -------------------------------------------------------------------

def test_marking_a_finding_wrong_saves_the_flipped_label_and_a_note(tmp_path):
    path = tmp_path / "team" / "corrections.jsonl"
    w, _ = make(corrections_path=path)
    assert w.correction.layout.display == "none"  # nothing to correct before a review
    w.text.value = "Sorry, personal reasons. I must cancel."
    assert w.correction.layout.display == "flex"
    reason = w.correction.toggles["clear_reason"]
    assert reason.description == "Reason: not found"
    reason.value = True
    assert reason.description == "Reason: not found \u2192 found" and reason.button_style == "warning"
    w.correction.note.value = "our team accepts personal reasons"
    w.correction.save_button.click()
    rows = CorrectionStore(path).rows()
    assert len(rows) == 1
    assert rows[0]["clear_reason"] == 1 and rows[0]["apology"] == 1 and rows[0]["oversharing"] == 0
    assert rows[0]["note"] == "our team accepts personal reasons" and rows[0]["lang"] == "en"
    assert "rv-correct-saved" in w.correction.status.value and "Reason not found \u2192 found" in \
        text_of(w.correction.status.value)


def test_correcting_the_same_draft_again_replaces_its_row_and_is_restored(tmp_path):
    path = tmp_path / "corrections.jsonl"
    w, _ = make(corrections_path=path)
    draft = "Sorry, personal reasons. I must cancel."
    w.text.value = draft
    w.correction.toggles["clear_reason"].value = True
    w.correction.save_button.click()
    w.text.value = "Another draft entirely."
    assert not any(t.value for t in w.correction.toggles.values())
    w.text.value = draft  # the earlier correction comes back, with a note saying so
    assert w.correction.toggles["clear_reason"].value and "corrected this draft" in w.correction.status.value
    w.correction.toggles["gratitude"].value = True
    w.correction.save_button.click()
    rows = CorrectionStore(path).rows()
    assert len(rows) == 1 and rows[0]["clear_reason"] == 1 and rows[0]["gratitude"] == 1


def test_a_new_time_request_and_follow_up_stay_consistent(tmp_path):
    w, _ = make(corrections_path=tmp_path / "c.jsonl")
    w.text.value = "Sorry, I must cancel."
    w.correction.toggles["reschedule_request"].value = True  # the fake found neither
    assert w.correction.toggles["follow_up"].value, "a new-time request is a follow-up"
    assert "follow-up" in text_of(w.correction.status.value)
    w.correction.toggles["follow_up"].value = False
    assert not w.correction.toggles["reschedule_request"].value
    w.correction.toggles["reschedule_request"].value = True
    w.correction.save_button.click()
    row = CorrectionStore(tmp_path / "c.jsonl").rows()[0]
    assert row["reschedule_request"] == row["follow_up"] == 1


def test_the_default_corrections_file_is_the_stores():
    from reviewer.notebook import corrections_ui
    from reviewer.training import corrections

    assert corrections_ui.DEFAULT_CORRECTIONS_FILE == corrections.DEFAULT_CORRECTIONS_FILE


def test_correction_rules():
    present = {label: label == "reschedule_request" for label in LABELS}
    assert final_labels(present, {"apology": True})["apology"] == 1
    labels, implied = consistent_labels({**{l: 0 for l in LABELS}, "reschedule_request": 1})
    assert labels["follow_up"] == 1 and implied == "follow_up"
    marks, implied = consistent_marks({**present, "follow_up": True}, {"follow_up": True}, "follow_up")
    assert marks["reschedule_request"] and implied == "reschedule_request"


def test_the_correction_panel_speaks_indonesian_and_can_be_turned_off(tmp_path):
    w, _ = make(FakeReview(lang="id"), corrections_path=tmp_path / "c.jsonl")
    w.text.value = ID_DRAFT
    assert w.correction.toggles["apology"].description == "Permintaan maaf: ada"
    assert "Ada temuan yang salah" in w.correction.title.value
    off, _ = make(corrections=False)
    off.text.value = "Sorry, I must cancel."
    assert off.correction is None and off.panels == [off.rewrite_panel]  # only the rewrite is left


def test_panels_can_be_added_and_follow_the_review():
    class Recorder(widgets.HTML):
        def __init__(self):
            super().__init__()
            self.calls = []

        def show(self, result, lang):
            self.calls.append(("show", result.text, lang))

        def hide(self):
            self.calls.append(("hide",))

        def set_language(self, lang):
            self.calls.append(("lang", lang))

    w, _ = make(FakeReview(lang="id"))
    panel = Recorder()
    w.add_panel(panel)
    children = list(w.results.children)
    assert children.index(panel) == children.index(w.suggestions) + 1
    w.text.value = ID_DRAFT
    assert ("lang", "id") in panel.calls and panel.calls[-1] == ("show", ID_DRAFT, "id")
    w.text.value = ""
    assert panel.calls[-1] == ("hide",)


def test_a_model_folder_is_used_and_a_broken_one_is_explained(tmp_path):
    import shutil

    from reviewer.artifacts import default_model_dir

    copy = tmp_path / "team-model"
    shutil.copytree(default_model_dir(), copy)
    w = DraftReviewer(models=copy, delay=0, preload=False, corrections=False)
    w.text.value = GOOD
    assert "4 of 4 essentials" in w.summary.value
    assert w.rewrite_panel.rewrite_fn.models == str(copy) and not w.rewrite_panel.rewrite.changed  # same model
    broken = tmp_path / "broken"
    broken.mkdir()
    w = DraftReviewer(models=broken, delay=0, preload=False, corrections=False)
    w.text.value = GOOD
    assert "model could not be loaded" in w.summary.value and str(broken) not in w.summary.value


# -- the batch reviewer: language and corrections -------------------------------------------------------

def test_batch_detail_view_corrections(batch):
    batch.row.value = 0
    panel = batch.correction
    assert panel.layout.display == "flex" and panel.result is batch.detail_result
    panel.toggles["oversharing"].value = True
    panel.save_button.click()
    rows = CorrectionStore(panel.store.path).rows()
    assert rows[-1]["text"] == OVERSHARE and rows[-1]["oversharing"] == 0
    batch.status_filter.value = "not_reviewed"
    assert panel.layout.display == "none"
    batch.status_filter.value = ""


def test_batch_interface_switches_to_indonesian(tmp_path):
    ui = BatchReviewer(corrections_path=tmp_path / "c.jsonl")
    assert ui.run_button.description == "Run" and "Upload a CSV" in ui.load_status.value
    ui.interface.value = "id"
    assert ui.run_button.description == "Jalankan" and ui.upload.description == "Unggah berkas"
    assert "Unggah berkas draf" in ui.load_status.value
    ui.upload.value = upload_value("drafts.csv", to_bytes(SAMPLE, ".csv"))
    ui.run_button.click()
    assert "dari 4 draf diperiksa" in ui.summary.value and "Tampilkan" not in ui.table.value
    assert "Menampilkan" in ui.table.value and "Unduh" in ui.download.value
    assert dict((v, k) for k, v in ui.status_filter.options)["ready"] == "Siap dikirim"
    assert ui.correction.save_button.description == "Simpan koreksi"
    ui.interface.value = "en"
    assert "of 4 drafts reviewed" in ui.summary.value and ui.run_button.description == "Run"


def test_batch_interface_follows_mostly_indonesian_drafts(tmp_path):
    frame = pd.DataFrame({"pesan": ["Mohon maaf, saya tidak bisa hadir besok karena sakit. Terima kasih.",
                                    "Maaf Bu, saya batal hadir wawancara karena ada urusan keluarga.",
                                    "Sorry, I cannot come tomorrow."]})
    ui = BatchReviewer(corrections_path=tmp_path / "c.jsonl")
    ui.upload.value = upload_value("draf.csv", to_bytes(frame, ".csv"))
    ui.run_button.click()
    assert ui.interface_language == "id" and ui.run_button.description == "Jalankan"
    assert "diperiksa" in ui.progress_label.value


# -- the suggested rewrite and the kit (issue 9) -------------------------------------------------------------

from reviewer.notebook import rewrite_ui  # noqa: E402
from reviewer.notebook.batch_ui import REWRITE_COLUMN  # noqa: E402


def test_the_rewrite_panel_shows_the_changes_and_marks_the_placeholders():
    w, _ = make()
    panel = w.rewrite_panel
    assert w.results.children[-1] is panel and panel.layout.display == "none"  # last; hidden until a review
    w.text.value = "Sorry, I must cancel."
    assert panel.layout.display == "flex" and panel.rewrite.text == "Sorry, I must cancel. So sorry. [a brief reason]"
    html = panel.changes.value
    assert re.search(r'<ins class="rv-ins" data-label="apology" title="Added \(Apology\)"[^>]*>So sorry\. '
                     r'<mark class="rv-placeholder" title="Fill this in before sending"[^>]*>'
                     r"\[a brief reason\]</mark></ins>", html)
    assert "added: apology" in text_of(html)  # a text tag, not colour alone
    assert text_of(html).startswith("Sorry, I must cancel. So sorry.")  # kept text, then the addition
    assert "Fill in the gap in square brackets" in panel.status.value
    assert 'data-text="Sorry, I must cancel. So sorry. [a brief reason]"' in panel.copy.value
    assert "rv-rewrite-copy" in panel.copy.value and "Copy the rewrite" in panel.copy.value
    assert 'class="rv-copy"' not in panel.copy.value  # the page keeps one copy-the-fixes button
    assert panel.plain.value == panel.rewrite.text and not panel.use_button.disabled


def test_the_rewrite_panel_escapes_the_draft():
    w, _ = make()
    w.text.value = 'Sorry <img src=x onerror="alert(1)"> & bye'
    html = w.rewrite_panel.changes.value
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; bye" in html


def test_removed_text_is_struck_through_with_its_label():
    rw = RewriteResult("Hi. My boss is an idiot. Bye", "Hi. Bye", "en",
                       (Change("kept", "Hi.", None, (0, 3), (0, 3)),
                        Change("removed", "My boss is an idiot.", "oversharing", (4, 24), None),
                        Change("kept", "Bye", None, (25, 28), (4, 7))),
                       FakeReview()("Hi. Bye"), Kit("en", "c", "v", Email("s", "b"), None))
    html = rewrite_ui.render_changes(rw, "en")
    assert re.search(r'<del class="rv-del" data-label="oversharing" title="Removed \(Oversharing\)"[^>]*>'
                     r" My boss is an idiot\.</del>", html)  # the space before it goes too
    assert text_of(html).endswith("Hi. My boss is an idiot.removed: oversharing Bye")
    assert "dihapus: berlebihan" in text_of(rewrite_ui.render_changes(rw, "id"))


def without(markup: str, tag: str) -> str:
    """The text of the changes view without its tags and without the runs in <tag>."""
    markup = re.sub(r'<span class="rv-change-tag".*?</span>', "", markup)
    return html_lib.unescape(text_of(re.sub(rf"<{tag}\b[^>]*>.*?</{tag}>", "", markup, flags=re.S)))


@pytest.mark.parametrize("draft", [OVERSHARE, GOOD, "hey i cant come tomorrow lol",
                                   *(e.text for e in load_examples())])
def test_the_changes_view_reads_as_the_rewrite_and_as_the_draft(draft):
    from reviewer import rewrite

    rw = rewrite(draft)
    view = rewrite_ui.render_changes(rw, "en")
    assert without(view, "del") == rw.text  # skip what is struck through: the rewrite, space for space
    assert re.sub(r"\s", "", without(view, "ins")) == re.sub(r"\s", "", draft)  # skip what is added: the draft


def test_use_this_draft_puts_the_rewrite_in_the_box_and_reviews_it_again():
    w, fake = make()
    w.text.value = "Sorry, I must cancel."
    rewritten = w.rewrite_panel.rewrite.text
    w.rewrite_panel.use_button.click()
    assert w.text.value == rewritten and fake.calls[-1][0] == rewritten and w.result.text == rewritten
    panel = w.rewrite_panel
    assert not panel.rewrite.changed and panel.use_button.disabled  # a rewrite of the rewrite changes nothing
    assert "now holds the suggested rewrite" in panel.status.value and "Nothing to fix" in panel.status.value
    assert panel.changes.layout.display == "none" and panel.kit.layout.display != "none"
    w.text.value = rewritten + " Ana"
    assert "now holds" not in panel.status.value  # edited: no longer the rewrite


def test_the_kit_tabs_fill_from_the_interview_inputs():
    rewrite = FakeRewrite()
    w, _ = make(rewrite_fn=rewrite)
    w.text.value = "Sorry, I must cancel."
    panel = w.rewrite_panel
    assert panel.kit.titles == ("Call", "Voicemail", "Email", "Follow-up")
    call = panel.kit_pages["call"].value
    assert "[interview date]" in call and "the scripts fill them in" in call
    assert re.search(r'<mark class="rv-placeholder" title="Fill this in before sending"[^>]*>'
                     r"\[interview date\]</mark>", call)
    w.interview_date.value = date(2025, 3, 11)
    w.interview_time.value = dtime(8, 30)
    w.channel.value = "phone"
    assert rewrite.calls[-1] == ("Sorry, I must cancel.", None, "voicemail", datetime(2025, 3, 11, 8, 30), NOW)
    pages = {key: text_of(page.value) for key, page in panel.kit_pages.items()}
    assert "Hello, my interview on 11 March 2025 08:30 (voicemail)" in pages["call"]
    assert "What to say when they pick up." in pages["call"] and "fill them in" not in pages["call"]
    assert "Voicemail: interview on 11 March 2025 08:30" in pages["voicemail"]
    assert "If nobody answers: 7 words, about 5 seconds." in pages["voicemail"]
    assert "Subject: Interview on 11 March 2025 08:30" in pages["email"] and "Dear Sam" in pages["email"]
    assert "Confirming" in pages["follow_up"] and "Copy the email" in pages["follow_up"]
    assert panel.kit_pages["email"].value.count("rv-kit-copy") == 2  # the subject and the body
    w.lang.value = "en"
    assert rewrite.calls[-1][1] == "en"  # the language override reaches the rewrite too


def test_a_withdrawal_has_no_follow_up_email():
    w, _ = make()
    w.text.value = "Sorry, I withdraw my application."
    assert "No follow-up email: you are withdrawing" in w.rewrite_panel.kit_pages["follow_up"].value


def test_the_rewrite_panel_speaks_indonesian():
    w, _ = make(FakeReview(lang="id"))
    w.text.value = ID_DRAFT
    panel = w.rewrite_panel
    assert panel.use_button.description == "Pakai draf ini" and "Usulan draf baru" in panel.heading.value
    assert panel.kit.titles == ("Telepon", "Pesan suara", "Surel", "Surel lanjutan")
    assert panel.plain_box.titles == ("Draf baru sebagai teks biasa",)
    assert "ditambah: maaf" in text_of(panel.changes.value) and "Salin draf baru" in panel.copy.value
    assert "Isi bagian dalam kurung siku" in panel.status.value
    assert "Perihal:" in text_of(panel.kit_pages["email"].value)
    computed = panel.rewrites
    w.interface.value = "en"  # relabels, does not rewrite again
    assert panel.use_button.description == "Use this draft" and "added: apology" in text_of(panel.changes.value)
    assert panel.kit.titles[0] == "Call" and panel.rewrites == computed


def test_the_rewrite_follows_the_debounced_review():
    review, rewrite = FakeReview(), FakeRewrite()
    w = DraftReviewer(review_fn=review, rewrite_fn=rewrite, delay=0.2, clock=lambda: NOW)
    for word in ("S", "So", "Sorry", "Sorry, I must cancel."):
        w.text.value = word
    assert rewrite.calls == []  # typing alone never rewrites
    deadline = time.monotonic() + 5
    while w.debouncer.pending and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [c[0] for c in rewrite.calls] == ["Sorry, I must cancel."]
    w.refresh()  # the same draft and inputs: the rewrite is reused
    assert len(rewrite.calls) == 1


def test_a_failing_rewrite_leaves_the_review_alone():
    w, _ = make(rewrite_fn=FakeRewrite(RuntimeError("boom")))
    w.text.value = "Sorry, I must cancel."
    assert "2 of 4 essentials" in w.summary.value
    assert "No rewrite this time (RuntimeError)" in w.rewrite_panel.status.value
    assert w.rewrite_panel.body.layout.display == "none" and "Traceback" not in w.rewrite_panel.status.value


def test_the_rewrite_panel_can_be_turned_off_and_hides_without_a_review():
    off, _ = make(rewrite=False)
    off.text.value = "Sorry, I must cancel."
    assert off.rewrite_panel is None and not any(isinstance(p, rewrite_ui.RewritePanel) for p in off.panels)
    w, _ = make()
    w.text.value = "Sorry, I must cancel."
    w.text.value = ""
    assert w.rewrite_panel.layout.display == "none"


def test_voicemail_length_estimate():
    assert rewrite_ui.voicemail_seconds("word " * 90) == 30 and rewrite_ui.voicemail_seconds("hi") == 5


def test_real_rewrite_cuts_oversharing_adds_an_apology_and_is_used(real):
    real.text.value = OVERSHARE
    panel = real.rewrite_panel
    html = panel.changes.value
    assert re.search(r'<del class="rv-del" data-label="oversharing"[^>]*>[^<]*mechanic', html)
    assert re.search(r'<ins class="rv-ins" data-label="apology"', html)
    assert {"removed: oversharing", "added: apology"} <= set(re.findall(r"(?:added|removed): \w+", text_of(html)))
    rewritten = panel.rewrite.text
    assert "mechanic" not in rewritten and real.result.essentials_met < 4
    panel.use_button.click()
    assert real.text.value == rewritten and real.result.text == rewritten
    assert "4 of 4 essentials" in real.summary.value
    assert 'data-label="oversharing" data-state="pass"' in real.checklist.value
    assert "Nothing to fix" in panel.status.value  # rewriting the rewrite changes nothing


def test_real_rewrite_marks_the_missing_reason_as_a_placeholder(real):
    real.text.value = "hey i cant come tomorrow lol"
    html = real.rewrite_panel.changes.value
    assert re.search(r'<mark class="rv-placeholder"[^>]*>\[a brief reason, e\.g\. [^]]+\]</mark>', html)


def test_real_kit_fills_in_the_interview_time_and_channel(real):
    real.text.value = OVERSHARE
    panel = real.rewrite_panel
    assert "[interview date and time]" in panel.rewrite.kit.call_script
    real.interview_date.value = date(2030, 3, 14)
    real.interview_time.value = dtime(10, 0)
    real.channel.value = "email"
    try:
        assert "Thursday 14 March at 10:00" in text_of(panel.kit_pages["call"].value)
        assert "Thursday 14 March at 10:00" in text_of(panel.kit_pages["voicemail"].value)
        assert "Subject: Interview on Thursday 14 March at 10:00" in text_of(panel.kit_pages["email"].value)
        assert "Confirming" in text_of(panel.kit_pages["follow_up"].value)
        assert len(panel.rewrite.kit.voicemail.split()) <= 90
    finally:
        real.interview_date.value = None
        real.interview_time.value = None
        real.channel.value = ""


def test_real_good_draft_needs_no_rewrite(real):
    real.text.value = GOOD
    panel = real.rewrite_panel
    assert not panel.rewrite.changed and "Nothing to fix" in panel.status.value
    assert panel.use_button.disabled and "Dear Ms. Chen" in panel.kit_pages["email"].value


def test_batch_detail_view_shows_the_rewrite(batch):
    batch.row.value = 0
    assert "rv-rewrite-block" in batch.detail.value and "Suggested rewrite" in batch.detail.value
    assert re.search(r'<del class="rv-del" data-label="oversharing"', batch.detail.value)
    assert batch.detail_rewrite.original == OVERSHARE and "mechanic" not in batch.detail_rewrite.text
    assert "rv-rewrite-copy" in batch.detail.value


def test_batch_download_can_add_the_rewrite_column(batch):
    from reviewer import rewrite
    from reviewer.api import REWRITE_COLUMN as API_COLUMN

    assert REWRITE_COLUMN == API_COLUMN
    assert batch.rewrite_column.description.startswith("Add the suggested rewrite")
    batch.rewrite_column.value = True
    try:
        href = re.search(r'href="data:text/csv;base64,([^"]+)"', batch.download.value).group(1)
        frame = pd.read_csv(io.BytesIO(base64.b64decode(href)), keep_default_na=False)
        assert list(frame.columns)[-1] == "rewrite" and frame["status"].tolist() == ["ok", "ok", "empty", "ok"]
        assert frame["rewrite"][2] == ""  # empty where the draft was not reviewed
        for i in (0, 1, 3):
            assert frame["rewrite"][i] == rewrite(SAMPLE["body"][i]).text
        assert "4 / 4 rewritten" in batch.progress_label.value
    finally:
        batch.rewrite_column.value = False
    href = re.search(r'href="data:text/csv;base64,([^"]+)"', batch.download.value).group(1)
    assert "rewrite" not in pd.read_csv(io.BytesIO(base64.b64decode(href))).columns


def test_batch_rewrite_column_clash_is_explained(tmp_path):
    frame = pd.DataFrame({"text": ["Sorry, I must cancel."], "rewrite": ["mine"]})
    ui = BatchReviewer(corrections=False, rewrite_fn=FakeRewrite())
    ui.upload.value = upload_value("clash.csv", to_bytes(frame, ".csv"))
    ui.run_button.click()
    ui.rewrite_column.value = True
    assert "already has a column named" in ui.load_status.value and ui.download.value.startswith("<a")


def test_batch_session_rewrites_once_per_run():
    session = BatchSession()
    session.load(SAMPLE, "sample.csv")
    session.run("body")
    rewrite = FakeRewrite()
    out = session.export(rewrite=True, rewrite_fn=rewrite)
    assert out["rewrite"].isna().tolist() == [False, False, True, False] and len(rewrite.calls) == 3
    session.export(rewrite=True, rewrite_fn=rewrite)
    assert len(rewrite.calls) == 3
    session.run("body")
    assert session.rewrites is None


# -- labelling (notebook 04) --------------------------------------------------------------------------------

from reviewer.notebook import labelling_ui  # noqa: E402
from reviewer.notebook.labelling_ui import (KeyReader, LabellingUI, RetrainResult, RetrainUI,  # noqa: E402
                                            comparison_table, least_certain_first, margins, split_held_out)


def test_key_reader_reads_each_key_once():
    reader = KeyReader()
    assert reader.feed("1") == ["1"]
    assert reader.feed("13") == ["3"]
    assert reader.feed("13s5") == ["s", "5"]  # several presses in one message
    assert reader.feed("13s") == []  # a deletion
    reader.reset()  # the kernel empties the box...
    assert reader.feed("13s2") == ["2"]  # ...while a value typed before that is in flight
    assert reader.feed("4") == ["4"]  # the emptied box, typed into again
    reader.reset()
    assert reader.feed("4") == ["4"]  # the same key again after a reset is a new press


def test_least_certain_first_and_margins():
    thresholds = {label: 0.5 for label in LABELS}
    scores = {label: [0.9, 0.55, 0.1] for label in LABELS}
    scores["gratitude"] = [0.52, 0.99, 0.0]
    assert margins(scores, thresholds).round(2).tolist() == [0.02, 0.05, 0.4]
    reviewed = pd.DataFrame({**{f"{l}_score": v for l, v in scores.items()}, "status": ["ok", "ok", "ok"]})
    assert least_certain_first(reviewed, thresholds) == [0, 1, 2]
    reviewed.loc[0, "status"] = "empty"
    assert least_certain_first(reviewed, thresholds) == [1, 2]


def test_held_out_drafts_stay_held_out_as_more_are_labelled():
    texts = [f"Sorry, I cannot come on day {i}." for i in range(40)]
    first = split_held_out(texts[:20], 0.25)
    later = split_held_out(texts, 0.25)
    assert first.tolist() == later[:20].tolist() and 0 < later.sum() < 40
    assert split_held_out(texts[:2], 0.25).tolist().count(True) == 1


TEAM = pd.DataFrame({"message": [
    "Sorry, I can't make the interview tomorrow for personal reasons. Thanks, Ana",
    "Mohon maaf Bu, saya tidak bisa hadir karena urusan pribadi. Terima kasih.",
    "hi, cant come today, something came up",
    "Dear Mr. Lee, I apologise, but I must cancel Friday's interview as I am ill. Could we meet next week?",
]})


@pytest.fixture()
def labeller(tmp_path):
    path = tmp_path / "team.csv"
    TEAM.to_csv(path, index=False)
    return LabellingUI(path, corrections_path=tmp_path / "corrections.jsonl")


def test_labelling_shows_the_least_certain_draft_with_its_evidence(labeller):
    session = labeller.session
    assert session.text_column == "message" and len(session.order) == 4
    margins_in_order = [session.margin(i) for i in session.order]
    assert margins_in_order == sorted(margins_in_order)
    assert "Draft 1 of 4" in labeller.position.value and "rv-highlights" in labeller.draft.value
    first = session.text(session.order[0])
    result_apology = session.reviewed.loc[session.order[0], "apology"]
    assert labeller.toggles["apology"].value == bool(result_apology) and first
    assert all("reviewer" in labeller.scores[l].value for l in LABELS)
    assert labeller.import_button.layout.display == "none"  # the file has no labels


def test_keyboard_shortcuts_flip_save_skip_and_go_back(labeller):
    session = labeller.session
    first = session.text(session.order[0])
    before = labeller.toggles["clear_reason"].value
    labeller.shortcuts.value = "2"
    assert labeller.toggles["clear_reason"].value != before
    labeller._on_keys_msg(labeller.shortcuts, {"event": "submit"}, [])  # Enter
    row = session.store.get(first)
    assert row is not None and row["clear_reason"] == int(not before)
    assert session.position == 1 and labeller.shortcuts.value == ""
    labeller.shortcuts.value = "s"
    assert session.position == 2
    labeller.shortcuts.value = "b"
    labeller.shortcuts.value = "bb"
    assert session.position == 0
    assert labeller.toggles["clear_reason"].value != before  # the saved labels come back
    assert "Labelled so far: 1 (saved in corrections.jsonl)" in labeller.progress_line.value


def test_buttons_do_what_the_keys_do(labeller):
    labeller.save_button.click()
    labeller.skip_button.click()
    labeller.back_button.click()
    assert labeller.session.position == 1 and len(labeller.session.store) == 1
    for _ in range(5):
        labeller.skip_button.click()
    assert "Every draft of this file has been seen" in labeller.position.value


def test_a_labelled_file_fills_the_toggles_and_can_be_imported(tmp_path):
    ui = LabellingUI("example", corrections_path=tmp_path / "c.jsonl", interface="id")
    assert ui.import_button.layout.display == "" and ui.session.has_file_labels
    idx = ui.session.current()
    assert {l: int(t.value) for l, t in ui.toggles.items()} == ui.session.file_labels(idx)
    assert ui.save_button.description == "Simpan dan lanjut (Enter)"
    assert ui.toggles["apology"].description.startswith("1 \u00b7 Permintaan maaf")
    ui.import_button.click()
    assert len(ui.session.store) == 60 and "60 baris berlabel" in ui.status.value
    trainer = RetrainUI(ui, out_dir=tmp_path / "m")
    assert trainer.button.description == "Latih ulang"
    ui.interface.value = "en"
    assert trainer.button.description == "Retrain" and ui.save_button.description == "Save and next (Enter)"


def test_retrain_ui_shows_progress_and_before_after(tmp_path, monkeypatch):
    def evaluation(f1):
        return {"model": {"all": {"labels": {l: {"precision": f1, "recall": f1, "f1": f1, "support": 3}
                                             for l in LABELS}, "macro_f1": f1, "n": 5}}}

    table = comparison_table(evaluation(0.5), evaluation(0.75))
    assert table.loc["clear_reason", "f1_after"] == 0.75 and table.loc["macro", "f1_before"] == 0.5
    calls = {}

    def fake_retrain(path, out, **kwargs):
        calls.update(kwargs, out=out)
        kwargs["progress"]("split", {"held": 1, "n": 5})
        kwargs["progress"]("train", {"n": 4})
        kwargs["progress"]("eval", {"n": 1})
        return RetrainResult(Path(out), table, 1, 4, 1.5, (0.95, 0.94))

    monkeypatch.setattr(labelling_ui, "retrain", fake_retrain)
    store = CorrectionStore(tmp_path / "c.jsonl")
    trainer = RetrainUI(corrections_path=store.path, out_dir=tmp_path / "m", limit=10)
    trainer.button.click()
    trainer._thread.join(30)
    assert "Label at least 4 drafts" in trainer.status.value and not calls
    for i in range(5):
        store.record(f"Sorry, I cannot come, reason {i}.", "en", {l: 0 for l in LABELS})
    result = trainer.run()
    assert result is not None and calls["limit"] == 10 and calls["held_out"] == 0.25
    assert trainer.bar.value == 100 and trainer.bar.bar_style == "success"
    assert "rv-before-after" in trainer.table.value and "0.95" in trainer.table.value
    assert trainer.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "New model in" in trainer.status.value
