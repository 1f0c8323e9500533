"""The draft reviewer widget: paste a draft, see at a glance what works and what to fix.

    from reviewer.notebook.widgets import DraftReviewer
    DraftReviewer()

Standard ipywidgets only (results are `widgets.HTML`), so it runs in JupyterLab, Notebook 7,
VS Code and Voila without a front-end build. The state of a review (`DraftState`) lives outside
the widget and is plain data; the widget only reads inputs into it and renders it. The input
widget can be passed in (superintendent's pattern), and `refresh()` runs a review synchronously,
which is what the tests call; typing triggers it through a 300 ms debounce.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Callable

import ipywidgets as widgets

from . import display
from ..artifacts import ModelLoadError
from ..examples import Example, load_examples
from ..result import ReviewResult
from .ui_text import ui

__all__ = ["CHANNEL_CHOICES", "Debouncer", "DraftReviewer", "DraftState", "friendly_error", "warm_up", "warming_up"]

log = logging.getLogger(__name__)

#: UI channel -> the channel whose advice review() gives ("phone" gets the voicemail advice:
#: call first, keep a voicemail short, then email).
CHANNEL_CHOICES: dict[str, str] = {"email": "email", "text": "text", "phone": "voicemail"}
LANG_CHOICES = (("Auto", "auto"), ("English", "en"), ("Indonesian", "id"))
DEFAULT_TIME = time(9, 0)
LOADING = "Loading the reviewer (first use only, a few seconds)\u2026"
PROMPT = "Paste or type a draft above (or pick an example) and its review appears here as you type."


def friendly_error(exc: BaseException) -> tuple[str, str]:
    """(message, kind) for an exception raised while reviewing: short, no traceback."""
    if isinstance(exc, ValueError) and "empty" in str(exc):
        return PROMPT, "info"
    if isinstance(exc, ValueError):
        text = str(exc)
        return (text[:1].upper() + text[1:] + "." if text else "This draft cannot be reviewed."), "error"
    if isinstance(exc, TypeError):
        return "This input cannot be reviewed: it is not text. Paste the message itself.", "error"
    if isinstance(exc, ModelLoadError):
        return ("The reviewer's model could not be loaded, so drafts cannot be reviewed right now. "
                "Ask the maintainer to retrain it (`reviewer train`)."), "error"
    return (f"Something went wrong while reviewing this draft ({type(exc).__name__}). "
            "Edit the text or try again."), "error"


#: Held while the model is being loaded/warmed up and during every review, so a review waits for
#: the warm-up instead of loading the same pipelines a second time in parallel.
REVIEW_LOCK = threading.RLock()
_warm = {"thread": None, "done": threading.Event(), "ok": None}
_WARM_LOCK = threading.Lock()


def _warm_up() -> None:
    from ..api import review

    try:
        with REVIEW_LOCK:
            for text, lang in (("Sorry, I cannot attend tomorrow. Thanks, Ana", "en"),
                               ("Mohon maaf, saya tidak bisa hadir besok. Terima kasih", "id"),
                               ("Sorry banget, saya tidak bisa hadir besok, thank you", "mixed")):
                review(text, lang)
        _warm["ok"] = True
    except Exception:  # noqa: BLE001 - the first real review shows a friendly message instead
        log.exception("warm-up failed")
        _warm["ok"] = False
    finally:
        _warm["done"].set()


def warm_up(background: bool = False) -> None:
    """Load the model and the English/Indonesian pipelines once per process, so that typing never
    waits for them. In the background the widget shows at once and a review waits for the end."""
    with _WARM_LOCK:
        start = _warm["thread"] is None
        if start:
            _warm["thread"] = threading.Thread(target=_warm_up, name="reviewer-warm-up", daemon=True)
    if start and background:
        _warm["thread"].start()
    elif start:
        _warm_up()
    elif not background:
        _warm["done"].wait()


def warming_up() -> bool:
    """True while a background warm-up is still running."""
    return _warm["thread"] is not None and not _warm["done"].is_set()


# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------

@dataclass
class DraftState:
    """Inputs and the outcome of the latest review; plain data, independent of any widget."""

    text: Any = ""
    lang: str = "auto"
    channel: str = ""  # "", "email", "text" or "phone"
    interview_date: date | None = None
    interview_time: time | None = None
    result: ReviewResult | None = None
    message: str = PROMPT
    message_kind: str = "info"
    notes: tuple[str, ...] = ()
    reviews: int = field(default=0, compare=False)

    def interview_at(self) -> tuple[datetime | None, tuple[str, ...]]:
        """The interview's date and time (09:00 when only the date is given) and notes about it."""
        if self.interview_date is None:
            return None, ()
        at = datetime.combine(self.interview_date, self.interview_time or DEFAULT_TIME)
        return at, (() if self.interview_time else ("assumed_time",))

    def update(self, review_fn: Callable[..., ReviewResult], now: datetime) -> None:
        """Review the current inputs. Never raises: failures become a friendly message."""
        self.reviews += 1
        self.result, self.notes = None, ()
        if isinstance(self.text, str) and not self.text.strip():
            self.message, self.message_kind = PROMPT, "info"
            return
        try:
            at, notes = self.interview_at()
            if warming_up():
                _warm["done"].wait(timeout=300)
            with REVIEW_LOCK:
                self.result = review_fn(self.text, None if self.lang == "auto" else self.lang,
                                        channel=CHANNEL_CHOICES.get(self.channel), interview_at=at,
                                        now=now if at else None)
            lang = self.result.feedback_language
            self.notes = tuple(ui(lang, n) for n in notes)
            self.message, self.message_kind = "", "info"
        except Exception as exc:  # noqa: BLE001 - a callback must never show a traceback
            if not isinstance(exc, (ValueError, TypeError)):
                log.exception("review failed")
            self.message, self.message_kind = friendly_error(exc)


# ---------------------------------------------------------------------------------------------
# Debouncing
# ---------------------------------------------------------------------------------------------

class Debouncer:
    """Calls `callback` once, `delay` seconds after the last `trigger()`.

    Uses the running asyncio loop when there is one (the kernel's: no threads involved), else a
    threading.Timer. `flush()` runs a pending call now; `delay <= 0` calls straight away.
    """

    def __init__(self, callback: Callable[[], Any], delay: float = 0.3):
        self.callback = callback
        self.delay = delay
        self._handle: Any = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def trigger(self) -> None:
        self.cancel()
        if self.delay <= 0:
            self.callback()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            if loop is not None:
                self._handle = loop.call_later(self.delay, self._fire)
            else:
                timer = threading.Timer(self.delay, self._fire)
                timer.daemon = True
                self._handle = timer
                timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._handle = None
        try:
            self.callback()
        except Exception:  # noqa: BLE001 - nowhere to report it but the log
            log.exception("debounced callback failed")

    def cancel(self) -> None:
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            handle.cancel()

    def flush(self) -> None:
        if self.pending:
            self.cancel()
            self.callback()


# ---------------------------------------------------------------------------------------------
# The widget
# ---------------------------------------------------------------------------------------------

def _html(cls: str) -> widgets.HTML:
    out = widgets.HTML(layout=widgets.Layout(width="100%"))
    out.add_class(cls)
    return out


class DraftReviewer(widgets.VBox):
    """Review one draft: text area, language override, examples, timing/channel inputs, and a
    readiness summary, checklist, highlighted draft, suggestions and a copy-the-fixes button.

    text_input: any widget with a string `value` (default: a new Textarea).
    review_fn: the review function (default `reviewer.review`); tests pass fakes.
    delay: debounce delay in seconds for live review; clock: returns "now" for notice advice.
    preload: warm the model up in a background thread (default: when review_fn is the real one).
    """

    def __init__(self, text_input: widgets.ValueWidget | None = None, *, text: str = "",
                 review_fn: Callable[..., ReviewResult] | None = None, delay: float = 0.3,
                 clock: Callable[[], datetime] | None = None, examples: tuple[Example, ...] | None = None,
                 live: bool = True, preload: bool | None = None, state: DraftState | None = None, **kwargs):
        if review_fn is None:
            from ..api import review as review_fn  # noqa: PLW0127 - imported lazily, loads spaCy
            if preload is None:
                preload = True
        if preload:
            warm_up(background=True)
        self.state = state or DraftState()
        self._review_fn = review_fn
        self._clock = clock or datetime.now
        self._lock = threading.RLock()
        self._loading_example = False
        self.debouncer = Debouncer(self.refresh, delay)
        self.example_list = {e.id: e for e in (load_examples() if examples is None else examples)}

        self.text = text_input or widgets.Textarea(
            placeholder="Paste your draft here, e.g. \u201cSo sorry, I have to cancel tomorrow's interview\u2026\u201d",
            layout=widgets.Layout(width="100%", height="11em"), continuous_update=True)
        self.examples = widgets.Dropdown(
            options=[("Try an example\u2026", "")] + [(e.title, e.id) for e in self.example_list.values()],
            value="", description="Examples", layout=widgets.Layout(width="auto", min_width="22em"))
        self.lang = widgets.ToggleButtons(options=LANG_CHOICES, value="auto",
                                          tooltips=["Detect the language", "Review as English",
                                                    "Review as Indonesian"],
                                          style={"button_width": "7em"}, layout=widgets.Layout(width="auto"))
        self.review_button = widgets.Button(description="Review", button_style="primary",
                                            tooltip="Review the draft now")
        self.live = widgets.Checkbox(value=live, description="Review as I type", indent=False,
                                     layout=widgets.Layout(width="auto"))
        self.interview_date = widgets.DatePicker(description="Interview on", layout=widgets.Layout(width="auto"),
                                                 style={"description_width": "initial"})
        self.interview_time = widgets.TimePicker(description="at", layout=widgets.Layout(width="auto"),
                                                 style={"description_width": "2em"})
        self.channel = widgets.Dropdown(
            options=[("not set", ""), ("Email", "email"), ("Text message", "text"), ("Phone call", "phone")],
            value="", description="Sent by", layout=widgets.Layout(width="auto"),
            style={"description_width": "initial"})

        self.summary = _html("rv-summary-widget")
        self.delivery = _html("rv-delivery-widget")
        self.checklist = _html("rv-checklist-widget")
        self.highlights = _html("rv-highlights-widget")
        self.suggestions = _html("rv-suggestions-widget")
        self.copy = _html("rv-copy-widget")
        self.fixes = widgets.Textarea(layout=widgets.Layout(width="100%", height="8em"))
        fixes_box = widgets.Accordion(children=[self.fixes], titles=("Checklist of fixes as text",),
                                      selected_index=None)

        self.text.observe(self._on_text, names="value")
        self.examples.observe(self._on_example, names="value")
        for w in (self.lang, self.channel, self.interview_date, self.interview_time):
            w.observe(self._on_option, names="value")
        self.live.observe(self._on_option, names="value")
        self.review_button.on_click(lambda _: self.refresh())

        flex = widgets.Layout(flex="1 1 26em", min_width="0")
        self.checklist.layout, self.highlights.layout = flex, widgets.Layout(flex="1 1 26em", min_width="0")
        inputs = widgets.VBox([
            widgets.HBox([self.examples, widgets.Label("Language", layout=widgets.Layout(margin="0 4px 0 16px")),
                          self.lang], layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.text,
            widgets.HBox([self.review_button, self.live], layout=widgets.Layout(align_items="center")),
            widgets.HTML("<span style='font-size: 0.9em;'>Optional: when is the interview, and how will you "
                         "send this? (for advice on notice and channel)</span>"),
            widgets.HBox([self.interview_date, self.interview_time, self.channel],
                         layout=widgets.Layout(flex_flow="row wrap")),
        ])
        results = widgets.VBox([
            self.summary, self.delivery,
            widgets.Box([self.checklist, self.highlights],
                        layout=widgets.Layout(display="flex", flex_flow="row wrap", width="100%")),
            self.suggestions, self.copy, fixes_box,
        ])
        super().__init__([inputs, results], **kwargs)
        self.add_class("rv-draft-reviewer")
        if text:
            self.text.value = text
        self.refresh()

    # -- callbacks (each one guarded: exceptions in callbacks vanish under Voila) -------------

    def _on_text(self, change: dict) -> None:
        try:
            if not self._loading_example and self.examples.value:
                self._loading_example = True
                try:
                    self.examples.value = ""
                finally:
                    self._loading_example = False
            if self.live.value:
                self.debouncer.trigger()
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)

    def _on_example(self, change: dict) -> None:
        if self._loading_example or not change["new"]:
            return
        try:
            example = self.example_list[change["new"]]
            self._loading_example = True
            try:
                self.text.value = example.text
            finally:
                self._loading_example = False
            self.refresh()
        except Exception as exc:  # noqa: BLE001
            self._show_error(exc)

    def _on_option(self, change: dict) -> None:
        self.refresh()

    # -- the review itself -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Review the current inputs now (synchronously) and redraw the results."""
        self.debouncer.cancel()
        with self._lock:
            try:
                if warming_up() and isinstance(self.text.value, str) and self.text.value.strip():
                    self._clear(display.render_message(LOADING, "info"))
                state = self.state
                state.text = self.text.value
                state.lang = self.lang.value
                state.channel = self.channel.value or ""
                state.interview_date = self.interview_date.value
                state.interview_time = self.interview_time.value
                state.update(self._review_fn, self._clock())
                self._render()
            except Exception as exc:  # noqa: BLE001
                self._show_error(exc)

    def _render(self) -> None:
        result = self.state.result
        if result is None:
            self._clear(display.render_message(self.state.message, self.state.message_kind))
            return
        fixes = display.fixes_text(result)
        self.summary.value = display.render_summary(result, lang_chosen=self.state.lang != "auto")
        self.delivery.value = display.render_delivery(result, self.state.notes)
        self.checklist.value = display.render_checklist(result)
        self.highlights.value = display.render_highlights(result)
        self.suggestions.value = display.render_suggestions(result)
        self.copy.value = display.copy_button(fixes, result.feedback_language)
        self.fixes.value = fixes

    def _clear(self, summary_html: str) -> None:
        self.summary.value = summary_html
        for w in (self.delivery, self.checklist, self.highlights, self.suggestions, self.copy):
            w.value = ""
        self.fixes.value = ""

    def _show_error(self, exc: BaseException) -> None:
        log.exception("draft reviewer callback failed", exc_info=exc)
        message, kind = friendly_error(exc)
        self.state.result, self.state.message, self.state.message_kind = None, message, kind
        try:
            self._clear(display.render_message(message, kind))
        except Exception:  # noqa: BLE001 - the last resort must not raise either
            pass

    # -- conveniences ------------------------------------------------------------------------------

    @property
    def result(self) -> ReviewResult | None:
        """The latest review (None when the input could not be reviewed)."""
        return self.state.result

    def fixes_text(self) -> str:
        """The checklist of fixes the copy button copies."""
        return self.fixes.value
