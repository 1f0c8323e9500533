"""The draft reviewer widget: paste a draft, see at a glance what works and what to fix.

    from reviewer.notebook.widgets import DraftReviewer
    DraftReviewer()                                  # the shipped model, corrections.jsonl here
    DraftReviewer(models="team-model", corrections_path="team/corrections.jsonl", interface="id")

Standard ipywidgets only (results are `widgets.HTML`), so it runs in JupyterLab, Notebook 7,
VS Code and Voila without a front-end build. The state of a review (`DraftState`) lives outside
the widget and is plain data; the widget only reads inputs into it and renders it. The input
widget can be passed in (superintendent's pattern), and `refresh()` runs a review synchronously,
which is what the tests call; typing triggers it through a 300 ms debounce.

The interface speaks English or Indonesian (every word is in `ui_text.INTERFACE`): by default it
follows the language of the draft under review, and the "Interface" switch fixes either one.
Panels below the review follow one small protocol (`show(result, lang)`, `hide()`,
`set_language(lang)`): the corrections panel is one, the suggested rewrite with its kit
(`rewrite_ui.RewritePanel`, added by default, last) another, and `add_panel()` adds more without
touching the rest of the widget.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable, Protocol

import ipywidgets as widgets

from . import display
from ..artifacts import ModelLoadError
from ..examples import Example, load_examples
from ..result import ReviewResult
from ..validation import STATUS_MESSAGES
from .corrections_ui import CorrectionPanel
from .rewrite_ui import RewritePanel, model_rewrite
from .ui_text import example_title, iface, interface_language, status_text, ui
from .quiet import Quiet, replace_options

__all__ = ["CHANNEL_CHOICES", "Debouncer", "DraftReviewer", "DraftState", "Panel", "friendly_error",
           "model_review", "warm_up", "warming_up"]

log = logging.getLogger(__name__)

#: UI channel -> the channel whose advice review() gives ("phone" gets the voicemail advice:
#: call first, keep a voicemail short, then email).
CHANNEL_CHOICES: dict[str, str] = {"email": "email", "text": "text", "phone": "voicemail"}
LANG_VALUES = ("auto", "en", "id")
CHANNEL_VALUES = ("", "email", "text", "phone")
DEFAULT_TIME = time(9, 0)
LOADING = iface("en", "loading")
PROMPT = iface("en", "prompt")


def _status_of(message: str) -> str | None:
    """The validation status behind a ValueError's message ("cannot review this draft: ...")."""
    for status, words in STATUS_MESSAGES.items():
        if status != "ok" and words in message:
            return status
    return None


def friendly_error(exc: BaseException, lang: str = "en") -> tuple[str, str]:
    """(message, kind) for an exception raised while reviewing: short, no traceback, in the
    interface language."""
    if isinstance(exc, ValueError) and "empty" in str(exc):
        return iface(lang, "prompt"), "info"
    if isinstance(exc, ValueError):
        status = _status_of(str(exc))
        if status:
            return iface(lang, "cannot_review", why=status_text(lang, status)), "error"
        text = str(exc)
        return (text[:1].upper() + text[1:] + "." if text else iface(lang, "failed", kind="ValueError")), "error"
    if isinstance(exc, TypeError):
        return iface(lang, "not_text"), "error"
    if isinstance(exc, ModelLoadError):
        return iface(lang, "model_error"), "error"
    return iface(lang, "failed", kind=type(exc).__name__), "error"


def model_review(models: str | Path) -> Callable[..., ReviewResult]:
    """review() with the model in folder `models` (loaded and verified once, on first use; a
    missing or damaged folder shows the friendly model message instead of a traceback)."""
    from ..api import review
    from ..artifacts import load_model

    def review_with(text: Any, lang: str | None = None, **kwargs: Any) -> ReviewResult:
        return review(text, lang, model=load_model(models), **kwargs)

    review_with.models = str(models)  # type: ignore[attr-defined]
    return review_with


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
    try:  # after the reviews may start: the correction buttons' store (it imports pandas)
        import reviewer.training.corrections  # noqa: F401
    except Exception:  # noqa: BLE001 - imported again, with its real error, on first use
        log.exception("importing the corrections store failed")
    try:  # and the suggested rewrite's engine (the panel under the review)
        import reviewer.rewriting  # noqa: F401
    except Exception:  # noqa: BLE001 - imported again, with its real error, on first use
        log.exception("importing the rewrite failed")


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
    interface_lang: str = "en"  # the language of `message`
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
            self.message, self.message_kind = iface(self.interface_lang, "prompt"), "info"
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
            self.message, self.message_kind = friendly_error(exc, self.interface_lang)


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


class Panel(Protocol):
    """What a panel under the review provides (a widget with these three methods)."""

    def show(self, result: ReviewResult, lang: str) -> None: ...

    def hide(self) -> None: ...

    def set_language(self, lang: str) -> None: ...


class DraftReviewer(widgets.VBox):
    """Review one draft: text area, language override, examples, timing/channel inputs, and a
    readiness summary, checklist, highlighted draft, corrections, suggestions, a copy-the-fixes
    button, and the suggested rewrite ("Use this draft", "Copy") with the call/voicemail/email kit.

    text_input: any widget with a string `value` (default: a new Textarea).
    review_fn: the review function (default `reviewer.review`); tests pass fakes.
    models: a model folder (e.g. one written by `reviewer train --add ... --out DIR` or notebook 04)
        to review with instead of the shipped model.
    corrections_path: where corrections are saved (default `corrections.jsonl` in the working
        folder); corrections=False hides the corrections panel (e.g. on a public Voila page).
    interface: "auto" (follow the draft's language), "en" or "id".
    rewrite: show the "Suggested rewrite" panel with the kit (`rewrite_panel`); rewrite_fn: the
        rewrite function (default `reviewer.rewrite`, with `models` when given); tests pass fakes.
    delay: debounce delay in seconds for live review; clock: returns "now" for notice advice.
    preload: warm the model up in a background thread (default: when review_fn is the real one).
    """

    def __init__(self, text_input: widgets.ValueWidget | None = None, *, text: str = "",
                 review_fn: Callable[..., ReviewResult] | None = None, models: str | Path | None = None,
                 corrections_path: str | Path | None = None, corrections: bool = True,
                 interface: str = "auto", delay: float = 0.3, rewrite: bool = True,
                 rewrite_fn: Callable[..., Any] | None = None,
                 clock: Callable[[], datetime] | None = None, examples: tuple[Example, ...] | None = None,
                 live: bool = True, preload: bool | None = None, state: DraftState | None = None, **kwargs):
        if review_fn is None:
            if models is not None:
                review_fn = model_review(models)
            else:
                from ..api import review as review_fn  # noqa: PLW0127 - imported lazily, loads spaCy
            if preload is None:
                preload = True
        if preload:
            warm_up(background=True)
        if interface not in LANG_VALUES:
            raise ValueError(f"interface must be one of {', '.join(LANG_VALUES)}, not {interface!r}")
        self.state = state or DraftState()
        self._review_fn = review_fn
        self._clock = clock or datetime.now
        self._lock = threading.RLock()
        self._loading_example = False
        self._relabelling = Quiet()
        self._draft_lang: str | None = None
        self._applied_lang: str | None = None
        self.debouncer = Debouncer(self.refresh, delay)
        self.example_list = {e.id: e for e in (load_examples() if examples is None else examples)}

        self.interface = widgets.ToggleButtons(options=[("Auto", "auto"), ("English", "en"), ("Indonesia", "id")],
                                               value=interface, style={"button_width": "6.5em"},
                                               layout=widgets.Layout(width="auto"))
        self.interface.add_class("rv-interface")
        self.interface_label = widgets.Label(layout=widgets.Layout(margin="0 4px 0 0"))
        self.text = text_input or widgets.Textarea(layout=widgets.Layout(width="100%", height="11em"),
                                                   continuous_update=True)
        self.examples = widgets.Dropdown(options=[("", "")], value="",
                                         layout=widgets.Layout(width="auto", min_width="22em"))
        self.lang = widgets.ToggleButtons(options=[(v, v) for v in LANG_VALUES], value="auto",
                                          style={"button_width": "8em"}, layout=widgets.Layout(width="auto"))
        self.lang_label = widgets.Label(layout=widgets.Layout(margin="0 4px 0 16px"))
        self.review_button = widgets.Button(button_style="primary")
        self.live = widgets.Checkbox(value=live, indent=False, layout=widgets.Layout(width="auto"))
        self.optional = widgets.HTML()
        self.interview_date = widgets.DatePicker(layout=widgets.Layout(width="auto"),
                                                 style={"description_width": "initial"})
        self.interview_time = widgets.TimePicker(layout=widgets.Layout(width="auto"),
                                                 style={"description_width": "initial"})
        self.channel = widgets.Dropdown(options=[(v, v) for v in CHANNEL_VALUES], value="",
                                        layout=widgets.Layout(width="auto"), style={"description_width": "initial"})

        self.summary = _html("rv-summary-widget")
        self.delivery = _html("rv-delivery-widget")
        self.checklist = _html("rv-checklist-widget")
        self.highlights = _html("rv-highlights-widget")
        self.suggestions = _html("rv-suggestions-widget")
        self.copy = _html("rv-copy-widget")
        self.fixes = widgets.Textarea(layout=widgets.Layout(width="100%", height="8em"))
        self.fixes_box = widgets.Accordion(children=[self.fixes], titles=("",), selected_index=None)
        self.correction = CorrectionPanel(corrections_path) if corrections else None
        self.panels: list[Panel] = [self.correction] if self.correction is not None else []

        self.text.observe(self._on_text, names="value")
        self.examples.observe(self._on_example, names="value")
        for w in (self.lang, self.channel, self.interview_date, self.interview_time, self.live):
            w.observe(self._on_option, names="value")
        self.interface.observe(self._on_interface, names="value")
        self.review_button.on_click(lambda _: self.refresh())

        left = widgets.VBox([self.checklist] + ([self.correction] if self.correction is not None else []),
                            layout=widgets.Layout(flex="3 1 30em", min_width="0"))
        self.highlights.layout = widgets.Layout(flex="2 1 22em", min_width="0")
        self.inputs = widgets.VBox([
            widgets.HBox([self.interface_label, self.interface],
                         layout=widgets.Layout(justify_content="flex-end", align_items="center",
                                               flex_flow="row wrap")),
            widgets.HBox([self.examples, self.lang_label, self.lang],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.text,
            widgets.HBox([self.review_button, self.live], layout=widgets.Layout(align_items="center")),
            self.optional,
            widgets.HBox([self.interview_date, self.interview_time, self.channel],
                         layout=widgets.Layout(flex_flow="row wrap")),
        ])
        #: The review, top to bottom; `add_panel()` inserts more panels here.
        self.results = widgets.VBox([
            self.summary, self.delivery,
            widgets.Box([left, self.highlights],
                        layout=widgets.Layout(display="flex", flex_flow="row wrap", width="100%")),
            self.suggestions, self.copy, self.fixes_box,
        ])
        super().__init__([self.inputs, self.results], **kwargs)
        self.add_class("rv-draft-reviewer")
        #: The suggested rewrite and the kit, last: from what to fix to what to send.
        self.rewrite_panel = RewritePanel(
            rewrite_fn or (model_rewrite(models) if models is not None else None), options=self.rewrite_options,
            on_use=self.use_draft, lock=REVIEW_LOCK) if rewrite else None
        if self.rewrite_panel is not None:
            self.add_panel(self.rewrite_panel, position=len(self.results.children))
        self._apply_language(self.interface_language)
        if text:
            self.text.value = text
        self.refresh()

    # -- the interface language ---------------------------------------------------------------------

    @property
    def interface_language(self) -> str:
        """"en" or "id": the switch's choice, or (on Auto) the language of the draft on show."""
        return interface_language(self.interface.value, self._draft_lang)

    def _apply_language(self, lang: str) -> None:
        """Put every word of the interface in `lang` (only when it changes)."""
        if lang == self._applied_lang:
            return
        with self._relabelling():
            self.interface_label.value = iface(lang, "interface")
            replace_options(self.interface, [(iface(lang, f"interface_{v}"), v) for v in LANG_VALUES])
            self.interface.tooltips = [iface(lang, f"interface_{v}_tip") for v in LANG_VALUES]
            self.text.placeholder = iface(lang, "placeholder") if hasattr(self.text, "placeholder") else ""
            replace_options(self.examples, [(iface(lang, "try_example"), "")] + [
                (example_title(lang, e.id, e.title), e.id) for e in self.example_list.values()])
            self.examples.description = iface(lang, "examples")
            self.lang_label.value = iface(lang, "draft_language")
            replace_options(self.lang, [(iface(lang, f"lang_{v}"), v) for v in LANG_VALUES])
            self.lang.tooltips = [iface(lang, f"lang_{v}_tip") for v in LANG_VALUES]
            self.review_button.description = iface(lang, "review")
            self.review_button.tooltip = iface(lang, "review_tip")
            self.live.description = iface(lang, "live")
            self.optional.value = f"<span style='font-size: 0.9em;'>{display.esc(iface(lang, 'optional'))}</span>"
            self.interview_date.description = iface(lang, "interview_on")
            self.interview_time.description = iface(lang, "at")
            replace_options(self.channel, [(iface(lang, f"channel_{v or 'none'}"), v) for v in CHANNEL_VALUES])
            self.channel.description = iface(lang, "sent_by")
            self.fixes_box.titles = (iface(lang, "fixes_as_text"),)
            for panel in self.panels:
                panel.set_language(lang)
        self._applied_lang = lang

    def add_panel(self, panel: widgets.Widget, position: int | None = None) -> None:
        """Add a panel to the review (default: after the suggestions, before the copy button).
        If it has `show(result, lang)`, `hide()` and `set_language(lang)`, they are called as the
        review changes."""
        children = list(self.results.children)
        index = children.index(self.suggestions) + 1 if position is None else position
        children.insert(index, panel)
        self.results.children = tuple(children)
        if all(hasattr(panel, name) for name in ("show", "hide", "set_language")):
            self.panels.append(panel)  # type: ignore[arg-type]
            panel.set_language(self.interface_language)  # type: ignore[attr-defined]
            if self.state.result is not None:
                panel.show(self.state.result, self.interface_language)  # type: ignore[attr-defined]
            else:
                panel.hide()  # type: ignore[attr-defined]

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
        if self._loading_example or self._relabelling or not change["new"]:
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
        if not self._relabelling:
            self.refresh()

    def _on_interface(self, change: dict) -> None:
        if not self._relabelling:
            self.refresh()

    # -- the review itself -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Review the current inputs now (synchronously) and redraw the results."""
        self.debouncer.cancel()
        with self._lock:
            try:
                if warming_up() and isinstance(self.text.value, str) and self.text.value.strip():
                    self._clear(display.render_message(iface(self.interface_language, "loading"), "info"))
                state = self.state
                state.text = self.text.value
                state.lang = self.lang.value
                state.channel = self.channel.value or ""
                state.interview_date = self.interview_date.value
                state.interview_time = self.interview_time.value
                state.interface_lang = self.interface_language
                state.update(self._review_fn, self._clock())
                if state.result is not None:
                    self._draft_lang = state.result.feedback_language
                self._apply_language(self.interface_language)
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
        for panel in self.panels:
            panel.show(result, self.interface_language)

    def _clear(self, summary_html: str) -> None:
        self.summary.value = summary_html
        for w in (self.delivery, self.checklist, self.highlights, self.suggestions, self.copy):
            w.value = ""
        self.fixes.value = ""
        for panel in self.panels:
            panel.hide()

    def _show_error(self, exc: BaseException) -> None:
        log.exception("draft reviewer callback failed", exc_info=exc)
        message, kind = friendly_error(exc, self.interface_language)
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

    def rewrite_options(self) -> dict[str, Any]:
        """The review's inputs as rewrite() takes them: language override, channel, interview time."""
        at, _ = self.state.interview_at()
        return {"lang": None if self.state.lang == "auto" else self.state.lang,
                "channel": CHANNEL_CHOICES.get(self.state.channel), "interview_at": at,
                "now": self._clock() if at else None}

    def use_draft(self, text: str) -> None:
        """Put `text` (e.g. the suggested rewrite) in the text box and review it now."""
        self.text.value = text
        self.refresh()
