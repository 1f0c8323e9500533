"""Label a team's own drafts, least certain first, and retrain on them (notebook 04).

    from reviewer.notebook.labelling_ui import LabellingUI, RetrainUI
    labeller = LabellingUI("team_drafts.csv")          # CSV, JSON Lines or Excel
    labeller                                           # six toggles, evidence, keyboard shortcuts
    trainer = RetrainUI(labeller, out_dir="team-model")
    trainer                                            # Retrain: progress bar, then before/after

The order is uncertainty sampling over the six labels: a draft's margin is the smallest distance
of any label's score to that label's threshold, and the smallest margins come first. Every saved
draft goes straight to the corrections file (`reviewer.training.corrections.CorrectionStore`),
the same file the draft reviewer's and the batch notebook's correction buttons write, so progress
is never lost. Retraining holds a fixed part of the team's labelled drafts out (chosen by a hash of
the text, so a draft stays on its side across rounds), trains on the corpus plus the rest
(`reviewer.training.train.train(added=...)`), and compares the old and the new model on the held-out
part (`reviewer.training.evaluation.evaluate_labelled`).

Keyboard shortcuts: ipywidgets has no page-wide key events, so the shortcuts go to a small text box
(`KeyReader` turns what the box receives into keys, once each). Click it, then 1-6 flip a label,
Enter saves and moves on, s skips, b goes back. Every action also has a button.
"""
from __future__ import annotations

import html
import io
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd

from . import display
from .batch_ui import READ_FORMATS, _shown_path, guess_text_column, majority_language, read_path, read_upload
from .corrections_ui import consistent_labels, default_corrections_path
from ..examples import EXAMPLES_DIR
from ..labels import LABELS
from ..tables.files import TableError
from ..training.corrections import (CorrectionStore, LabelledDataError, draft_key,
                                    load_labelled, validate_labelled_row)
from .ui_text import HIGHLIGHT_NAMES, iface, interface_language
from .quiet import Quiet, replace_options

__all__ = ["KEYS", "KeyReader", "LabellingSession", "LabellingUI", "RetrainResult", "RetrainUI", "TEAM_EXAMPLE",
           "comparison_table", "least_certain_first", "margins", "plot_comparison", "retrain", "split_held_out"]

log = logging.getLogger(__name__)

#: A team's drafts with its own labels (its policy: "personal reasons" is a sufficient reason).
TEAM_EXAMPLE = EXAMPLES_DIR / "team_drafts.csv"
#: Shortcut key -> label it flips.
KEYS: dict[str, str] = {str(i + 1): label for i, label in enumerate(LABELS)}
SKIP_KEYS, BACK_KEYS = frozenset("sS"), frozenset("bB")
#: Fewest labelled drafts to retrain on (some for training, at least one held out).
MIN_LABELLED = 4
INTERFACE_VALUES = ("auto", "en", "id")


# ---------------------------------------------------------------------------------------------
# Least certain first
# ---------------------------------------------------------------------------------------------

def margins(scores: Mapping[str, Sequence[float]], thresholds: Mapping[str, float]) -> np.ndarray:
    """Per draft, the smallest distance of any label's score to that label's threshold."""
    table = np.column_stack([np.abs(np.asarray(scores[label], dtype=float) - float(thresholds[label]))
                             for label in LABELS])
    return table.min(axis=1)


def least_certain_first(reviewed: pd.DataFrame, thresholds: Mapping[str, float]) -> list[Any]:
    """Index of the reviewable rows of a `review_frame` output, smallest margin first (ties in
    file order)."""
    ok = reviewed[reviewed["status"] == "ok"]
    if not len(ok):
        return []
    m = margins({label: ok[f"{label}_score"].to_numpy(float) for label in LABELS}, thresholds)
    order = np.argsort(m, kind="stable")
    return ok.index[order].tolist()


def split_held_out(texts: Sequence[str], share: float = 0.25) -> np.ndarray:
    """True for the drafts held out of training, chosen by a hash of the text: a draft stays on
    the same side however many drafts are added later. At least one draft is held out and at
    least one kept whenever there are two or more."""
    if not texts:
        return np.zeros(0, bool)
    buckets = np.array([int(draft_key(t), 16) % 1000 for t in texts])
    held = buckets < round(share * 1000)
    if len(texts) >= 2 and not held.any():
        held[np.argmin(buckets)] = True
    if len(texts) >= 2 and held.all():
        held[np.argmax(buckets)] = False
    return held


# ---------------------------------------------------------------------------------------------
# Keyboard shortcuts through a text box
# ---------------------------------------------------------------------------------------------

class KeyReader:
    """Turns the successive values of a text box into the keys typed, each exactly once.

    The browser sends the box's whole value after each key press (several presses may arrive
    as one value when the kernel is busy). Keys are what was appended since the last value. The
    kernel empties the box after a navigation (`reset`); values still in flight from before that
    extend the old value and are read as such, so no key is read twice.
    """

    def __init__(self) -> None:
        self.last = ""
        self.stale = ""

    def feed(self, value: str) -> list[str]:
        if self.stale and len(value) > len(self.stale) and value.startswith(self.stale):
            new, self.last = value[len(self.stale):], value  # typed before the reset arrived
            self.stale = ""
            return list(new)
        self.stale = ""
        if value.startswith(self.last):
            new = value[len(self.last):]
        elif len(value) < len(self.last) and self.last.startswith(value):
            new = ""  # a deletion
        else:
            new = value  # the box was emptied in the browser, and typing began again
        self.last = value
        return list(new)

    def reset(self) -> None:
        """The kernel is about to empty the box."""
        self.stale, self.last = self.last, ""


# ---------------------------------------------------------------------------------------------
# The session: drafts, their order, the labels saved so far
# ---------------------------------------------------------------------------------------------

@dataclass
class LabellingSession:
    """A team's drafts in least-certain-first order and the corrections file they are saved to."""

    store: CorrectionStore
    models: str | Path | None = None
    frame: pd.DataFrame | None = None
    name: str = ""
    text_column: str | None = None
    reviewed: pd.DataFrame | None = None
    order: list[Any] = field(default_factory=list)
    position: int = 0

    @property
    def model(self):
        from ..artifacts import load_model
        return load_model(self.models)

    def load(self, frame: pd.DataFrame, name: str, text_column: str | None = None) -> None:
        if frame.columns.duplicated().any():
            raise TableError(f"{name}: duplicate column names", "parse")
        self.frame, self.name = frame.reset_index(drop=True), name
        self.text_column = text_column or guess_text_column(self.frame)
        self.rank()

    def rank(self) -> None:
        """Score every draft with the current model and order them least certain first."""
        from ..api import review_frame

        assert self.frame is not None
        if self.text_column not in self.frame.columns:
            raise KeyError(f"text column {self.text_column!r} not found; the file has: "
                           f"{', '.join(map(str, self.frame.columns))}")
        texts = pd.DataFrame({"text": self.frame[self.text_column].tolist()})
        model = self.model
        self.reviewed = review_frame(texts, "text", model=model)
        self.order = least_certain_first(self.reviewed, model.thresholds)
        self.position = 0

    @property
    def has_file_labels(self) -> bool:
        return self.frame is not None and all(label in self.frame.columns for label in LABELS)

    def text(self, idx: Any) -> str:
        assert self.frame is not None
        return str(self.frame.at[idx, self.text_column])

    def current(self) -> Any | None:
        return self.order[self.position] if 0 <= self.position < len(self.order) else None

    def margin(self, idx: Any) -> float:
        assert self.reviewed is not None
        row = self.reviewed.loc[idx]
        return float(margins({l: [row[f"{l}_score"]] for l in LABELS}, self.model.thresholds)[0])

    def file_labels(self, idx: Any) -> dict[str, int] | None:
        """The labels the file itself gives this draft (None when it gives none, or invalid ones)."""
        if not self.has_file_labels:
            return None
        assert self.frame is not None
        row = self.frame.loc[idx]
        try:
            clean = validate_labelled_row({"text": self.text(idx), **{l: row[l] for l in LABELS}}, where="file")
        except LabelledDataError:
            return None
        return {label: clean[label] for label in LABELS}

    def initial_labels(self, idx: Any) -> tuple[dict[str, int], str, str]:
        """(labels, where they come from, note): saved labels first, then the file's, then the model's."""
        stored = self.store.get(self.text(idx))
        if stored is not None:
            return {l: int(stored[l]) for l in LABELS}, "stored", stored.get("note", "")
        given = self.file_labels(idx)
        if given is not None:
            return given, "file", ""
        assert self.reviewed is not None
        row = self.reviewed.loc[idx]
        return {l: int(row[l]) for l in LABELS}, "model", ""

    def language(self, idx: Any) -> str:
        assert self.reviewed is not None
        lang = self.reviewed.at[idx, "language"]
        if self.frame is not None and "lang" in self.frame.columns:
            given = self.frame.at[idx, "lang"]
            if isinstance(given, str) and given in ("en", "id", "mixed"):
                lang = given
        return str(lang)

    def save(self, idx: Any, labels: Mapping[str, int], note: str = "") -> dict:
        labels, _ = consistent_labels(labels)
        return self.store.record(self.text(idx), self.language(idx), labels, note=note)

    def import_file_labels(self) -> int:
        """Save every row the file labels itself (a team's spreadsheet) to the corrections file."""
        n = 0
        for idx in self.order:
            given = self.file_labels(idx)
            if given is not None:
                self.save(idx, given)
                n += 1
        return n

    def labelled_count(self) -> int:
        return len(self.store)


# ---------------------------------------------------------------------------------------------
# The labelling widget
# ---------------------------------------------------------------------------------------------

def _html(cls: str) -> widgets.HTML:
    out = widgets.HTML(layout=widgets.Layout(width="100%"))
    out.add_class(cls)
    return out


class LabellingUI(widgets.VBox):
    """Label a team's drafts, least certain first: the draft with its evidence highlighted, six
    toggles (keys 1-6), Save and next (Enter), Skip (s), Back (b); each save goes to the
    corrections file at once.

    path: the drafts (CSV, JSON Lines or Excel); "example" opens a bundled team file; None waits
    for an upload. corrections_path: the corrections file (default: $REVIEWER_CORRECTIONS, else
    corrections.jsonl in the working folder).
    models: the model whose uncertainty orders the drafts (default: the shipped one).
    interface: "auto" (follows the file's main language), "en" or "id".
    """

    def __init__(self, path: str | Path | None = "example", *, text_column: str | None = None,
                 corrections_path: str | Path | None = None, models: str | Path | None = None,
                 interface: str = "auto", **kwargs):
        if interface not in INTERFACE_VALUES:
            raise ValueError(f"interface must be one of {', '.join(INTERFACE_VALUES)}, not {interface!r}")
        self.session = LabellingSession(CorrectionStore(corrections_path or default_corrections_path()), models)
        self.key_reader = KeyReader()
        self._quiet = Quiet()
        self._source = "model"
        self._applied_lang: str | None = None
        self._message: tuple[str, dict, str] | None = None
        self.on_saved: list[Callable[[], Any]] = []
        self.on_language: list[Callable[[str], Any]] = []

        self.interface = widgets.ToggleButtons(options=[(v, v) for v in INTERFACE_VALUES], value=interface,
                                               style={"button_width": "6.5em"}, layout=widgets.Layout(width="auto"))
        self.interface_label = widgets.Label(layout=widgets.Layout(margin="0 4px 0 0"))
        self.upload = widgets.FileUpload(accept=",".join(READ_FORMATS), multiple=False)
        self.path = widgets.Text(layout=widgets.Layout(width="24em"))
        self.open_button = widgets.Button()
        self.column = widgets.Dropdown(options=[], disabled=True, style={"description_width": "initial"},
                                       layout=widgets.Layout(width="auto"))
        self.import_button = widgets.Button(layout=widgets.Layout(width="auto", display="none"))
        self.status = _html("rv-label-status")
        self.intro = _html("rv-label-intro")
        self.position = _html("rv-label-position")
        self.draft = _html("rv-label-draft")
        self.toggles = {label: widgets.ToggleButton(layout=widgets.Layout(width="auto")) for label in LABELS}
        self.scores = {label: widgets.HTML() for label in LABELS}
        for label, toggle in self.toggles.items():
            toggle.add_class("rv-label-toggle")
            toggle.add_class(f"rv-label-{label}")
            toggle.observe(lambda change, label=label: self._on_toggle(label), names="value")
        self.note = widgets.Text(layout=widgets.Layout(width="auto", flex="1 1 20em"))
        self.save_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="auto"))
        self.skip_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.back_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.shortcuts = widgets.Text(continuous_update=True, layout=widgets.Layout(width="22em"))
        self.shortcuts.add_class("rv-keys")
        self.shortcuts_help = _html("rv-keys-help")
        self.progress_line = _html("rv-label-progress")

        self.upload.observe(self._on_upload, names="value")
        self.open_button.on_click(lambda _: self._guard(self.open_path))
        self.column.observe(self._on_column, names="value")
        self.import_button.on_click(lambda _: self._guard(self.import_file_labels))
        self.save_button.on_click(lambda _: self._guard(self.save_and_next))
        self.skip_button.on_click(lambda _: self._guard(lambda: self.move(1)))
        self.back_button.on_click(lambda _: self._guard(lambda: self.move(-1)))
        self.shortcuts.observe(self._on_keys, names="value")
        self.shortcuts.on_msg(self._on_keys_msg)
        self.interface.observe(lambda _: self._quiet or self._guard(self.apply_language), names="value")

        toggles = widgets.HBox([widgets.VBox([self.toggles[l], self.scores[l]],
                                             layout=widgets.Layout(margin="0 6px 4px 0"))
                                for l in LABELS], layout=widgets.Layout(flex_flow="row wrap"))
        self.labelling = widgets.VBox([
            self.intro, self.position, self.draft, toggles,
            widgets.HBox([self.note], layout=widgets.Layout(width="100%")),
            widgets.HBox([self.save_button, self.skip_button, self.back_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.shortcuts, self.shortcuts_help], layout=widgets.Layout(flex_flow="row wrap",
                                                                            align_items="center")),
            self.progress_line,
        ], layout=widgets.Layout(display="none"))
        super().__init__([
            widgets.HBox([self.interface_label, self.interface],
                         layout=widgets.Layout(justify_content="flex-end", align_items="center")),
            widgets.HBox([self.upload, self.path, self.open_button, self.column, self.import_button],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.status, self.labelling,
        ], **kwargs)
        self.add_class("rv-labeller")
        self.apply_language()
        if path is not None:
            self.path.value = _shown_path(TEAM_EXAMPLE) if str(path) == "example" else str(path)
            self._guard(self.open_path)
            if text_column:
                self._guard(lambda: self.set_column(text_column))

    # -- language ----------------------------------------------------------------------------------

    @property
    def interface_language(self) -> str:
        return interface_language(self.interface.value, majority_language(self.session.reviewed))

    def apply_language(self) -> None:
        lang = self.interface_language
        if lang == self._applied_lang:
            return
        with self._quiet():
            self.interface_label.value = iface(lang, "interface")
            replace_options(self.interface, [(iface(lang, f"interface_{v}"), v) for v in INTERFACE_VALUES])
            self.upload.description = iface(lang, "upload")
            self.path.placeholder = iface(lang, "path_placeholder")
            self.open_button.description = iface(lang, "open")
            self.column.description = iface(lang, "text_column")
            self.import_button.description = iface(lang, "l_import")
            self.import_button.tooltip = iface(lang, "l_import_tip")
            self.intro.value = self._small(iface(lang, "l_intro", file=self.session.store.path.name))
            self.note.placeholder = iface(lang, "note")
            self.save_button.description = iface(lang, "l_save_next")
            self.skip_button.description = iface(lang, "l_skip")
            self.back_button.description = iface(lang, "l_back")
            self.shortcuts.placeholder = iface(lang, "l_keys_placeholder")
            self.shortcuts_help.value = self._small(iface(lang, "l_keys"))
        self._applied_lang = lang
        for callback in self.on_language:
            callback(lang)
        if self._message is not None:
            self._show(self._message[0], self._message[2], **self._message[1])
        if self.session.current() is not None:
            self.show_current(keep_toggles=True)

    @staticmethod
    def _small(text: str) -> str:
        return f'<div style="{display.FONT} font-size: 0.9em;">{html.escape(text)}</div>'

    # -- messages and guards ---------------------------------------------------------------------

    def _show(self, key: str, kind: str, **values: Any) -> None:
        self._message = (key, values, kind)
        self.status.value = display.render_message(iface(self.interface_language, key, **values), kind)

    def _guard(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except (TableError, LabelledDataError, KeyError, ValueError, TypeError, OSError) as exc:
            text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            self._message = None
            self.status.value = display.render_message(str(text)[:1].upper() + str(text)[1:], "error")
        except Exception as exc:  # noqa: BLE001 - callbacks must not show tracebacks
            log.exception("labelling callback failed")
            self._show("batch_failed", "error", kind=type(exc).__name__)

    # -- loading -----------------------------------------------------------------------------------

    def _on_upload(self, change: dict) -> None:
        if change["new"]:
            self._guard(lambda: self.load(*read_upload(change["new"])))

    def open_path(self) -> None:
        if not self.path.value.strip():
            raise ValueError(iface(self.interface_language, "need_path"))
        path = Path(self.path.value.strip()).expanduser()
        self.load(read_path(path), path.name)

    def load(self, frame: pd.DataFrame, name: str, text_column: str | None = None) -> None:
        self.session.load(frame, name, text_column)
        with self._quiet():
            self.column.options = [str(c) for c in frame.columns]
            self.column.value = self.session.text_column
            self.column.disabled = False
        self._after_rank()

    def set_column(self, column: str) -> None:
        self.column.value = column

    def _on_column(self, change: dict) -> None:
        if self._quiet or not change["new"] or self.session.frame is None:
            return
        self.session.text_column = change["new"]
        self._guard(lambda: (self.session.rank(), self._after_rank()))

    def _after_rank(self) -> None:
        self.import_button.layout.display = "" if self.session.has_file_labels else "none"
        self._message = None
        self.status.value = ""
        self.apply_language()
        if not self.session.order:
            self._show("l_no_drafts", "info")
            self.labelling.layout.display = "none"
            return
        self.labelling.layout.display = "flex"
        self.show_current()

    def import_file_labels(self) -> int:
        n = self.session.import_file_labels()
        self._show("l_imported", "info", n=n, name=self.session.name, file=self.session.store.path.name)
        self.show_current()
        self._saved()
        return n

    # -- one draft ---------------------------------------------------------------------------------

    def labels(self) -> dict[str, int]:
        return {label: int(t.value) for label, t in self.toggles.items()}

    def show_current(self, keep_toggles: bool = False) -> None:
        """Draw the current draft: position, highlighted evidence, toggles and the model's scores."""
        from ..api import review

        lang = self.interface_language
        idx = self.session.current()
        count = self.session.labelled_count()
        file = self.session.store.path.name
        self.progress_line.value = self._small(iface(lang, "l_labelled", n=count, file=file))
        if idx is None:
            self.position.value = display.render_message(iface(lang, "l_done", n=count, file=file), "info")
            self.draft.value = ""
            for toggle in self.toggles.values():
                toggle.disabled = True
            return
        text = self.session.text(idx)
        result = review(text, self.session.language(idx), model=self.session.model)
        self.position.value = self._small(iface(lang, "l_position", pos=self.session.position + 1,
                                                total=len(self.session.order),
                                                margin=f"{self.session.margin(idx):.2f}"))
        self.draft.value = display.render_highlights(result)
        if not keep_toggles:
            labels, self._source, note = self.session.initial_labels(idx)
            with self._quiet():
                for label, toggle in self.toggles.items():
                    toggle.value = bool(labels[label])
                    toggle.disabled = False
                self.note.value = note
        thresholds = self.session.model.thresholds
        for label in LABELS:
            score = result.findings[label].score
            self.scores[label].value = (f'<div style="{display.FONT} font-size: 0.75em; opacity: 0.8;">'
                                        f'{html.escape(iface(lang, "l_reviewer_says", score=f"{score:.2f}", threshold=f"{thresholds[label]:.2f}"))}'
                                        f"</div>")
        self._relabel()
        self.key_reader.reset()
        with self._quiet():
            self.shortcuts.value = ""

    def _relabel(self) -> None:
        lang = self.interface_language
        names = HIGHLIGHT_NAMES["id" if lang == "id" else "en"]
        for i, label in enumerate(LABELS):
            toggle = self.toggles[label]
            word = iface(lang, "l_yes" if toggle.value else "l_no")
            toggle.description = f"{i + 1} \u00b7 {names[label]}: {word}"
            toggle.button_style = "info" if toggle.value else ""
        source = {"stored": "l_source_stored", "file": "l_source_file", "model": "l_source_model"}[self._source]
        self.save_button.tooltip = iface(lang, source)

    def _on_toggle(self, label: str) -> None:
        if self._quiet:
            return
        try:
            labels, _ = consistent_labels(self.labels(), label)
            with self._quiet():
                for name, toggle in self.toggles.items():
                    toggle.value = bool(labels[name])
            self._relabel()
        except Exception:  # noqa: BLE001
            log.exception("toggle failed")

    def flip(self, label: str) -> None:
        """Flip one label (what key 1-6 does)."""
        self.toggles[label].value = not self.toggles[label].value

    def save_and_next(self) -> None:
        idx = self.session.current()
        if idx is None:
            return
        self.session.save(idx, self.labels(), self.note.value.strip())
        self._show("l_saved", "info", pos=self.session.position + 1, file=self.session.store.path.name)
        self.session.position += 1
        self.show_current()
        self._saved()

    def move(self, step: int) -> None:
        self.session.position = min(max(self.session.position + step, 0), len(self.session.order))
        self.show_current()

    def _saved(self) -> None:
        for callback in self.on_saved:
            callback()

    # -- keyboard ----------------------------------------------------------------------------------

    def press(self, key: str) -> None:
        """Act on one shortcut key."""
        if key in KEYS:
            self.flip(KEYS[key])
        elif key in ("\n", "\r"):
            self.save_and_next()
        elif key in SKIP_KEYS:
            self.move(1)
        elif key in BACK_KEYS:
            self.move(-1)

    def _on_keys(self, change: dict) -> None:
        if self._quiet:
            return
        for key in self.key_reader.feed(change["new"] or ""):
            self._guard(lambda key=key: self.press(key))

    def _on_keys_msg(self, _widget: Any, content: dict, _buffers: Any) -> None:
        if content.get("event") == "submit":  # Enter in the box
            self._guard(lambda: self.press("\n"))


# ---------------------------------------------------------------------------------------------
# Retraining and before/after
# ---------------------------------------------------------------------------------------------

@dataclass
class RetrainResult:
    model_dir: Path
    table: pd.DataFrame
    held_out: int
    trained_on: int
    seconds: float
    test_macro_f1: tuple[float | None, float | None]


def comparison_table(before: Mapping[str, Any], after: Mapping[str, Any]) -> pd.DataFrame:
    """Per label (and macro): precision, recall and F1 of both models, from evaluate_labelled()."""
    rows = []
    b, a = before["model"]["all"], after["model"]["all"]
    for label in LABELS:
        rb, ra = b["labels"][label], a["labels"][label]
        rows.append({"label": label, "support": rb.get("support"),
                     "precision_before": rb["precision"], "precision_after": ra["precision"],
                     "recall_before": rb["recall"], "recall_after": ra["recall"],
                     "f1_before": rb["f1"], "f1_after": ra["f1"]})
    rows.append({"label": "macro", "support": None, "precision_before": np.nan, "precision_after": np.nan,
                 "recall_before": np.nan, "recall_after": np.nan,
                 "f1_before": b["macro_f1"], "f1_after": a["macro_f1"]})
    return pd.DataFrame(rows).set_index("label")


def plot_comparison(table: pd.DataFrame, n: int, lang: str = "en"):
    """Grouped bars: F1 per label before and after retraining, on the held-out drafts."""
    from matplotlib.figure import Figure

    names = HIGHLIGHT_NAMES["id" if lang == "id" else "en"]
    labels = [l for l in table.index if l != "macro"]
    fig = Figure(figsize=(9, 3.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    xs = np.arange(len(labels))
    for offset, column, colour, hatch, word in ((-0.2, "f1_before", "#8C959F", "", iface(lang, "l_before")),
                                                (0.2, "f1_after", "#0072B2", "//", iface(lang, "l_after"))):
        values = table.loc[labels, column].astype(float).fillna(0).to_numpy()
        bars = ax.bar(xs + offset, values, width=0.38, color=colour, hatch=hatch, edgecolor="white",
                      label=f"{word} (macro-F1 {table.loc['macro', column]:.2f})")
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=2)
    ax.set_xticks(xs, [names.get(l, l) for l in labels], fontsize=8)
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("F1")
    ax.set_title(iface(lang, "l_f1_title", n=n), fontsize=11)
    ax.legend(fontsize=8, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _write_jsonl(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in frame.to_dict("records"):
            clean = {"text": row["text"], **{l: int(row[l]) for l in LABELS}}
            if isinstance(row.get("lang"), str) and row["lang"]:
                clean["lang"] = row["lang"]
            fh.write(json.dumps(clean, ensure_ascii=False) + "\n")


def _test_macro_f1(model_dir: Path) -> float | None:
    try:
        return float(json.loads((model_dir / "metrics.json").read_text())["test"]["model"]["all"]["macro_f1"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def estimate_seconds(limit: int | None) -> int:
    """A rough duration of train(added=...) on 2 cores (the corpus train split, or `limit` drafts)."""
    return int(25 + 0.06 * (limit or 2000))


def retrain(corrections_path: str | Path, out_dir: str | Path, *, held_out: float = 0.25,
            limit: int | None = None, models: str | Path | None = None, show_progress: bool = False,
            progress: Callable[[str, dict], Any] | None = None) -> RetrainResult:
    """Retrain on the corpus plus the team's labelled drafts (all but the held-out part) into
    `out_dir`, and compare the old model (`models`, default the shipped one) with the new one on
    the held-out part. `progress(stage, values)` is told each stage: "split", "train", then
    "train_step" as training advances (values: its stage and fraction done), and "eval".
    """
    from ..artifacts import default_model_dir, load_model, load_model_from
    from ..training.evaluation import evaluate_labelled
    from ..training.train import train

    report = progress or (lambda stage, values: None)
    labelled = load_labelled(corrections_path).reset_index(drop=True)
    if len(labelled) < MIN_LABELLED:
        raise ValueError(f"label at least {MIN_LABELLED} drafts first (now {len(labelled)})")
    held = split_held_out(labelled["text"].tolist(), held_out)
    report("split", {"held": int(held.sum()), "n": len(labelled)})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    train_file, held_file = out / "team-train.jsonl", out / "team-held-out.jsonl"
    _write_jsonl(labelled[~held], train_file)
    _write_jsonl(labelled[held], held_file)
    report("train", {"n": int((~held).sum())})
    started = time.perf_counter()
    metrics = train(model_dir=out, added=[train_file], limit=limit, show_progress=show_progress, search=False,
                    on_progress=lambda stage, fraction: report("train_step", {"stage": stage, "fraction": fraction}))
    seconds = round(time.perf_counter() - started, 1)
    report("eval", {"n": int(held.sum())})
    before_model = load_model(models)
    after_model = load_model_from(out)
    part = labelled[held].reset_index(drop=True)
    table = comparison_table(evaluate_labelled(before_model, part), evaluate_labelled(after_model, part))
    before_dir = Path(models) if models else default_model_dir()
    after_f1 = metrics.get("test", {}).get("model", {}).get("all", {}).get("macro_f1")
    return RetrainResult(out, table, int(held.sum()), int((~held).sum()), seconds,
                         (_test_macro_f1(before_dir), float(after_f1) if after_f1 is not None else None))


class RetrainUI(widgets.VBox):
    """Retrain into a folder of your choice on the labelled drafts, with a progress bar, then show
    F1 per label before and after on the held-out part of the team's drafts.

    labeller: a LabellingUI (its corrections file, model and language are used), or None with
    corrections_path. limit: train on the first N corpus drafts only (quick checks, CI).
    """

    def __init__(self, labeller: LabellingUI | None = None, *, corrections_path: str | Path | None = None,
                 out_dir: str | Path = "team-model", held_out: float = 0.25, limit: int | None = None,
                 models: str | Path | None = None, show_progress: bool = False, **kwargs):
        self.labeller = labeller
        self.corrections_path = Path(corrections_path) if corrections_path else (
            labeller.session.store.path if labeller else default_corrections_path())
        self.models = models if models is not None else (labeller.session.models if labeller else None)
        self.limit = limit
        self.show_progress = show_progress
        self.result: RetrainResult | None = None
        self.error: str | None = None
        self._thread: threading.Thread | None = None

        self.out_dir = widgets.Text(value=str(out_dir), layout=widgets.Layout(width="24em"),
                                    style={"description_width": "initial"})
        self.held_out = widgets.BoundedFloatText(value=held_out, min=0.05, max=0.5, step=0.05,
                                                 layout=widgets.Layout(width="12em"),
                                                 style={"description_width": "initial"})
        self.button = widgets.Button(button_style="primary")
        self.button.add_class("rv-retrain")
        self.bar = widgets.IntProgress(value=0, min=0, max=100, layout=widgets.Layout(width="20em",
                                                                                      visibility="hidden"))
        self.status = _html("rv-retrain-status")
        self.table = _html("rv-retrain-table")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto",
                                                                      display="none"))
        self.button.on_click(lambda _: self.run(background=True))
        super().__init__([
            widgets.HBox([self.out_dir, self.held_out, self.button], layout=widgets.Layout(flex_flow="row wrap",
                                                                                          align_items="center")),
            widgets.HBox([self.bar, self.status], layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.table, self.chart,
        ], **kwargs)
        self.add_class("rv-retrainer")
        self.set_language(self.lang)
        if labeller is not None:
            labeller.on_language.append(self.set_language)

    @property
    def lang(self) -> str:
        return self.labeller.interface_language if self.labeller else "en"

    def set_language(self, lang: str) -> None:
        self.out_dir.description = iface(lang, "l_out")
        self.out_dir.placeholder = iface(lang, "l_out_placeholder")
        self.held_out.description = iface(lang, "l_held_out")
        self.button.description = iface(lang, "l_retrain")
        self.button.tooltip = iface(lang, "l_retrain_tip")

    def _say(self, key: str, kind: str = "info", **values: Any) -> None:
        self.status.value = display.render_message(iface(self.lang, key, **values), kind)

    def run(self, background: bool = False) -> RetrainResult | None:
        """Retrain now (in a thread with background=True, so the page stays responsive)."""
        if self._thread is not None and self._thread.is_alive():
            return None
        if background:
            self._thread = threading.Thread(target=self._run, name="reviewer-retrain", daemon=True)
            self._thread.start()
            return None
        return self._run()

    def _run(self) -> RetrainResult | None:
        self.set_language(self.lang)
        self.error, self.result = None, None
        self.button.disabled = True
        self.bar.value, self.bar.bar_style = 0, ""
        self.bar.layout.visibility = "visible"
        ticking = threading.Event()

        def tick(n: int) -> None:
            estimate, started = estimate_seconds(self.limit), time.monotonic()
            while not ticking.wait(0.5):
                elapsed = time.monotonic() - started
                self._say("l_stage_train", n=n, elapsed=int(elapsed), estimate=estimate)

        ticker: threading.Thread | None = None

        def progress(stage: str, values: dict) -> None:
            nonlocal ticker
            if stage == "split":
                self.bar.value = 2
                self._say("l_stage_split", **values)
            elif stage == "train":
                self.bar.value = 5
                self._say("l_stage_train", n=values["n"], elapsed=0, estimate=estimate_seconds(self.limit))
                ticker = threading.Thread(target=tick, args=(values["n"],), daemon=True)
                ticker.start()
            elif stage == "train_step":  # real progress from train(on_progress=...)
                self.bar.value = max(self.bar.value, int(5 + 85 * values["fraction"]))
            elif stage == "eval":
                ticking.set()
                if ticker is not None:
                    ticker.join()
                self.bar.value = 92
                self._say("l_stage_eval", **values)

        try:
            count = len(CorrectionStore(self.corrections_path))
            if count < MIN_LABELLED:
                self._say("l_need_more", "error", n=MIN_LABELLED, have=count)
                self.bar.layout.visibility = "hidden"
                return None
            result = retrain(self.corrections_path, self.out_dir.value.strip() or "team-model",
                             held_out=float(self.held_out.value), limit=self.limit, models=self.models,
                             show_progress=self.show_progress, progress=progress)
        except Exception as exc:  # noqa: BLE001 - shown, not raised, under Voila and in a thread
            log.exception("retraining failed")
            self.error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, (ValueError, OSError)) else str(exc)
            ticking.set()
            self.bar.bar_style = "danger"
            self._say("l_failed", "error", error=self.error)
            return None
        finally:
            ticking.set()
            self.button.disabled = False
        self.result = result
        self.show(result)
        self.bar.value, self.bar.bar_style = 100, "success"
        return result

    def show(self, result: RetrainResult) -> None:
        lang = self.lang
        self._say("l_finished", folder=str(result.model_dir), seconds=result.seconds)
        self.table.value = render_comparison(result, lang)
        buf = io.BytesIO()
        plot_comparison(result.table, result.held_out, lang).savefig(buf, format="png")
        self.chart.value = buf.getvalue()
        self.chart.layout.display = ""


def render_comparison(result: RetrainResult, lang: str = "en") -> str:
    """The before/after table as HTML, with the test-split line under it."""
    names = HIGHLIGHT_NAMES["id" if lang == "id" else "en"]
    th = "padding: 3px 8px; text-align: right; border-bottom: 1px solid #8C959F; white-space: nowrap;"
    td = "padding: 3px 8px; text-align: right; border-bottom: 1px solid #D0D7DE;"
    before, after = iface(lang, "l_before"), iface(lang, "l_after")
    heads = [iface(lang, "l_label"), iface(lang, "l_support"),
             f"{iface(lang, 'l_precision')} {before}", f"{iface(lang, 'l_precision')} {after}",
             f"{iface(lang, 'l_recall')} {before}", f"{iface(lang, 'l_recall')} {after}",
             f"F1 {before}", f"F1 {after}"]

    def cell(value: Any) -> str:
        return "" if value is None or (isinstance(value, float) and np.isnan(value)) else (
            f"{value:.2f}" if isinstance(value, float) else str(value))

    rows = []
    unsupported = False
    for label, row in result.table.iterrows():
        name = "macro-F1" if label == "macro" else names.get(label, label)
        values = [row["support"], row["precision_before"], row["precision_after"], row["recall_before"],
                  row["recall_after"], row["f1_before"], row["f1_after"]]
        if label != "macro" and row["support"] == 0:
            name += " *"
            unsupported = True
        better = (isinstance(row["f1_after"], float) and isinstance(row["f1_before"], float)
                  and row["f1_after"] > row["f1_before"] + 1e-9)
        tds = [f'<td style="{td} text-align: left;">{html.escape(name)}</td>']
        tds += [f'<td style="{td}{" font-weight: 600;" if better and i == 6 else ""}">{cell(v)}</td>'
                for i, v in enumerate(values)]
        rows.append(f'<tr data-label="{html.escape(str(label))}">{"".join(tds)}</tr>')
    test_before, test_after = result.test_macro_f1
    test_line = (f'<div style="font-size: 0.85em; margin-top: 4px;">* {html.escape(iface(lang, "l_no_support"))}</div>'
                 if unsupported else "")
    if test_before is not None and test_after is not None:
        test_line += (f'<div style="font-size: 0.85em; margin-top: 4px;">'
                     f'{html.escape(iface(lang, "l_test_split", before=f"{test_before:.3f}", after=f"{test_after:.3f}"))}</div>')
    return (f'<div class="rv-before-after" style="{display.FONT}"><div style="font-weight: 600; margin: 6px 0 2px;">'
            f'{html.escape(iface(lang, "l_f1_title", n=result.held_out))}</div>'
            f'<table style="border-collapse: collapse; font-size: 0.85em;"><thead><tr>'
            + "".join(f'<th style="{th}">{html.escape(h)}</th>' for h in heads)
            + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>{test_line}</div>")
