"""Corrections where people look: under a review, each finding can be marked wrong (its label
flipped) and saved with an optional note to a JSON Lines file on this machine.

    panel = CorrectionPanel("corrections.jsonl")
    panel.show(result)          # a ReviewResult; the buttons show what the reviewer found
    panel.toggles["clear_reason"].value = True    # "this finding is wrong"
    panel.save()                # CorrectionStore(path).record(text, lang, labels, note)

The panel is used by the draft reviewer (notebook 01, the Voila app) and by the batch notebook's
detail view. The pure rules (`final_labels`, `consistent_marks`) are shared with the labelling
notebook. Correcting the same draft again replaces its row (the store keys rows by text).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Mapping

import ipywidgets as widgets

from . import display
from ..labels import LABELS
from ..result import ReviewResult
from .ui_text import HIGHLIGHT_NAMES, iface
from .quiet import Quiet

__all__ = ["CORRECTIONS_ENV", "CorrectionPanel", "consistent_labels", "consistent_marks", "default_corrections_path",
           "final_labels"]

log = logging.getLogger(__name__)

#: An environment variable naming the corrections file for every widget that is not given one
#: (e.g. for the Voila app: `REVIEWER_CORRECTIONS=/srv/team/corrections.jsonl make app`).
CORRECTIONS_ENV = "REVIEWER_CORRECTIONS"
#: The same name as reviewer.training.corrections.DEFAULT_CORRECTIONS_FILE (a test checks it):
#: that module imports pandas, which the draft reviewer loads only in the background.
DEFAULT_CORRECTIONS_FILE = "corrections.jsonl"


def default_corrections_path() -> Path:
    """$REVIEWER_CORRECTIONS, else `corrections.jsonl` in the working folder."""
    return Path(os.environ.get(CORRECTIONS_ENV) or DEFAULT_CORRECTIONS_FILE)


def final_labels(present: Mapping[str, bool], marked: Mapping[str, bool]) -> dict[str, int]:
    """The six labels after the correction: a marked finding is flipped."""
    return {label: int(bool(present[label]) != bool(marked.get(label, False))) for label in LABELS}


def consistent_labels(labels: Mapping[str, int], changed: str | None = None) -> tuple[dict[str, int], str | None]:
    """Labels that obey the labelling guide (a request for a new time is a follow-up), and the
    label that had to change with `changed` (None when nothing had to).

    Switching a new-time request on switches follow-up on; switching follow-up off switches the
    request off. When neither was the change, the request wins (it is the more specific label).
    """
    out = {label: int(labels[label]) for label in LABELS}
    if out["reschedule_request"] and not out["follow_up"]:
        if changed == "follow_up":
            out["reschedule_request"] = 0
            return out, "reschedule_request"
        out["follow_up"] = 1
        return out, "follow_up"
    return out, None


def consistent_marks(present: Mapping[str, bool], marked: Mapping[str, bool],
                     changed: str | None = None) -> tuple[dict[str, bool], str | None]:
    """The marks ("this finding is wrong") after `changed` was pressed, adjusted so that the
    corrected labels obey the guide; and the label whose mark had to follow."""
    labels, implied = consistent_labels(final_labels(present, marked), changed)
    return {label: bool(labels[label]) != bool(present[label]) for label in LABELS}, implied


class CorrectionPanel(widgets.VBox):
    """Six buttons, one per finding ("Apology: found"); pressing one marks it wrong and shows the
    corrected value ("Apology: found \u2192 not found"). A note and a Save button write the draft
    with all six corrected labels to `path` (default: $REVIEWER_CORRECTIONS, else
    `corrections.jsonl` in the working folder).

    `show(result, lang)` switches to another review (restoring an earlier correction of the same
    draft), `set_language(lang)` relabels the panel, `hide()` hides it while there is no review.
    """

    def __init__(self, path: str | Path | None = None, lang: str = "en", **kwargs):
        self.path = Path(path or default_corrections_path())
        self._store = None
        self.lang = lang
        self.result: ReviewResult | None = None
        self._quiet = Quiet()
        self.title = widgets.HTML()
        self.toggles = {label: widgets.ToggleButton(value=False, layout=widgets.Layout(width="auto"))
                        for label in LABELS}
        for label, toggle in self.toggles.items():
            toggle.add_class("rv-correct-toggle")
            toggle.add_class(f"rv-correct-{label}")
            toggle.observe(lambda change, label=label: self._on_toggle(label), names="value")
        self.note = widgets.Text(layout=widgets.Layout(width="auto", flex="1 1 18em", min_width="12em"))
        self.note.add_class("rv-correct-note")
        self.save_button = widgets.Button(button_style="", layout=widgets.Layout(width="auto"))
        self.save_button.add_class("rv-correct-save")
        self.save_button.on_click(lambda _: self.save())
        self.status = widgets.HTML()
        super().__init__([
            self.title,
            widgets.HBox(list(self.toggles.values()), layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.note, self.save_button],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.status,
        ], **kwargs)
        self.add_class("rv-corrections")
        self.layout.border_top = "1px solid #D0D7DE"
        self.layout.margin = "8px 0 4px"
        self.layout.padding = "4px 0 0"
        self.set_language(lang)
        self.hide()

    @property
    def store(self):
        """The CorrectionStore (created on first use: its module imports pandas)."""
        if self._store is None:
            from ..training.corrections import CorrectionStore
            self._store = CorrectionStore(self.path)
        return self._store

    # -- showing a review --------------------------------------------------------------------------

    @property
    def marked(self) -> dict[str, bool]:
        return {label: bool(t.value) for label, t in self.toggles.items()}

    def present(self) -> dict[str, bool]:
        assert self.result is not None
        return {label: bool(self.result.findings[label].present) for label in LABELS}

    def show(self, result: ReviewResult, lang: str | None = None) -> None:
        """Show the buttons for this review; an earlier correction of the same draft is restored."""
        text_changed = self.result is None or self.result.text != result.text
        self.result = result
        if lang:
            self.lang = lang
        if text_changed:
            stored = self._stored(result.text)
            with self._quiet():
                present = self.present()
                for label, toggle in self.toggles.items():
                    toggle.value = bool(stored is not None and bool(stored[label]) != present[label])
                self.note.value = (stored or {}).get("note", "") if stored else ""
            self.status.value = (display.render_message(
                iface(self.lang, "corrected_before", date=str(stored.get("corrected_at", ""))[:10]), "info")
                if stored else "")
        self._relabel()
        self.layout.display = "flex"

    def hide(self) -> None:
        self.result = None
        self.layout.display = "none"

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.value = (f'<div style="{display.FONT} font-size: 0.9em; margin: 2px 0;">'
                            f'{display.esc(iface(lang, "correct_title", file=self.path.name))}</div>')
        self.note.placeholder = iface(lang, "note")
        self.save_button.description = iface(lang, "save_correction")
        self._relabel()

    def _stored(self, text: str) -> dict | None:
        try:
            return self.store.get(text)
        except (OSError, ValueError):  # an unreadable file must not break the review
            log.exception("cannot read %s", self.store.path)
            return None

    def _state(self, value: bool) -> str:
        return iface(self.lang, "found" if value else "not_found")

    def _relabel(self) -> None:
        if self.result is None:
            return
        present = self.present()
        names = HIGHLIGHT_NAMES[self.lang if self.lang == "id" else "en"]
        for label, toggle in self.toggles.items():
            was = present[label]
            desc = f"{names[label]}: {self._state(was)}"
            if toggle.value:
                desc += f" \u2192 {self._state(not was)}"
            toggle.description = desc
            toggle.tooltip = iface(self.lang, "correct_tip", name=names[label], state=self._state(was))
            toggle.button_style = "warning" if toggle.value else ""

    # -- changing and saving ---------------------------------------------------------------------------

    def _on_toggle(self, label: str) -> None:
        if self._quiet or self.result is None:
            return
        try:
            marks, implied = consistent_marks(self.present(), self.marked, label)
            with self._quiet():
                for name, toggle in self.toggles.items():
                    toggle.value = marks[name]
            names = HIGHLIGHT_NAMES[self.lang if self.lang == "id" else "en"]
            if implied:
                key = "implied_on" if final_labels(self.present(), marks)[implied] else "implied_off"
                self.status.value = display.render_message(iface(self.lang, key, name=names[implied]), "info")
            else:
                self.status.value = ""
            self._relabel()
        except Exception:  # noqa: BLE001 - callbacks must not raise under Voila
            log.exception("correction toggle failed")

    def labels(self) -> dict[str, int]:
        """All six labels as they would be saved now."""
        return final_labels(self.present(), self.marked)

    def save(self) -> dict | None:
        """Record the corrected draft; replaces an earlier correction of the same draft."""
        if self.result is None:
            return None
        from ..training.corrections import LabelledDataError

        try:
            labels = self.labels()
            row = self.store.record(self.result.text, self.result.language, labels,
                                    note=self.note.value.strip())
        except (LabelledDataError, OSError, ValueError) as exc:
            self.status.value = display.render_message(iface(self.lang, "save_failed", error=str(exc)), "error")
            return None
        names = HIGHLIGHT_NAMES[self.lang if self.lang == "id" else "en"]
        present = self.present()
        changes = [f"{names[l]} {self._state(present[l])} \u2192 {self._state(bool(labels[l]))}"
                   for l in LABELS if bool(labels[l]) != present[l]]
        self.status.value = '<div class="rv-correct-saved">' + display.render_message(
            iface(self.lang, "saved", file=self.path.name,
                  changes="; ".join(changes) if changes else iface(self.lang, "no_changes")), "info") + "</div>"
        return row
