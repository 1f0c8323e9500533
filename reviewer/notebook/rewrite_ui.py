"""The "Suggested rewrite" panel and the cancellation kit, under a review (issue 9).

    panel = RewritePanel(options=lambda: {"channel": "voicemail", "interview_at": when})
    panel.show(review_result, "en")   # rewrites review_result.text with reviewer.rewrite()
    panel.rewrite                      # the RewriteResult on show (None before, or if it failed)
    panel.use_button.click()           # hands the rewrite to `on_use` (the draft reviewer reviews it again)

The draft reviewer (notebook 01, the Voila app) adds one by default and gives it the inputs the
review uses (language override, channel, interview date and time) through `options`; it is called
from the same debounced refresh as the review, so it never runs per keystroke. The batch
notebook's detail view uses `render_rewrite()`.

Only the public API is used: `reviewer.rewrite()` and the `RewriteResult` it returns (text,
original, changed, placeholders, changes, kit). The HTML pieces are pure functions. The draft
and every added phrase go through `html.escape`; no change is shown by colour alone: added text
is an `<ins>` (underlined) with a text tag ("added: apology") and a title, removed text a
`<del>` (struck through) with its tag, and a gap to fill a `<mark>` with a title, in its own
square brackets.
"""
from __future__ import annotations

import contextlib
import logging
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterable, Mapping

import ipywidgets as widgets

from . import display
from .ui_text import HIGHLIGHT_NAMES, TAGS, iface

__all__ = ["KIT_TABS", "RewritePanel", "kit_texts", "model_rewrite", "render_changes", "render_kit_page",
           "render_rewrite", "voicemail_seconds"]

log = logging.getLogger(__name__)

#: The kit's tabs, in the order the advice gives: call first, voicemail, email; after rescheduling,
#: the follow-up email.
KIT_TABS = ("call", "voicemail", "email", "follow_up")
#: A gap in a kit text: "[your name]", "[nama posisi]", "[interview date and time]". (The kit is
#: written from templates; in the rewrite itself only `RewriteResult.placeholders` are marked.)
KIT_GAP = re.compile(r"\[[^\[\]\n]{1,120}\]")
#: Speaking pace for the voicemail estimate: 90 words is about 30 seconds.
WORDS_PER_SECOND = 3.0

_BOX = "white-space: pre-wrap; line-height: 1.7; padding: 8px 10px; border: 1px solid #D0D7DE; border-radius: 6px;"
_INS = (f"text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 2px; "
        f"background: #DAFBE1; color: {display.INK};")
_DEL = "text-decoration: line-through; background: #FFEBE9; color: #57606A;"
_GAP = (f"background: #FFF1B8; color: {display.INK}; outline: 1px dashed #9A6700; border-radius: 2px; "
        f"padding: 0 1px;")
_TAG = (f"font-size: 0.7em; vertical-align: super; border: 1px solid #8C959F; color: {display.INK}; "
        f"background: #FFFFFF; border-radius: 3px; padding: 0 3px; margin: 0 2px; white-space: nowrap;")


def _lang(lang: str | None) -> str:
    return "id" if lang == "id" else "en"


def model_rewrite(models: str | Path) -> Callable[..., Any]:
    """reviewer.rewrite() with the model in folder `models` (as `widgets.model_review` reviews)."""
    from .. import rewrite
    from ..artifacts import load_model

    def rewrite_with(text: Any, lang: str | None = None, **kwargs: Any):
        return rewrite(text, lang, model=load_model(models), **kwargs)

    rewrite_with.models = str(models)  # type: ignore[attr-defined]
    return rewrite_with


def voicemail_seconds(text: str) -> int:
    """About how long the voicemail takes to say, to the nearest 5 seconds."""
    return max(5, 5 * round(len(text.split()) / WORDS_PER_SECOND / 5))


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

def _gap_pattern(placeholders: Iterable[str]) -> re.Pattern[str] | None:
    found = sorted(set(placeholders), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, found))) if found else None


def _marked(text: str, gaps: re.Pattern[str] | None, lang: str) -> str:
    """`text`, escaped, with each gap to fill in a <mark> with a title."""
    if gaps is None:
        return display.esc(text)
    tip = display.esc(iface(lang, "rw_gap_tip"))
    out, pos = [], 0
    for m in gaps.finditer(text):
        out.append(display.esc(text[pos:m.start()]))
        out.append(f'<mark class="rv-placeholder" title="{tip}" style="{_GAP}">{display.esc(m.group(0))}</mark>')
        pos = m.end()
    out.append(display.esc(text[pos:]))
    return "".join(out)


def _names(lang: str, label: str | None) -> tuple[str, str] | None:
    """(tag, full name) of the finding a change addresses, in the interface language."""
    if label is None or label not in TAGS[lang]:
        return None
    return TAGS[lang][label], HIGHLIGHT_NAMES[lang][label]


def _change_html(change: Any, lang: str, gaps: re.Pattern[str] | None, space: str = "") -> str:
    """An added run as <ins>, a removed one as <del> (with the `space` before it: the reader sees
    that it goes too), each with a title and, when it addresses a finding, a text tag."""
    names = _names(lang, change.label)
    label = display.esc(change.label or "")
    if change.kind == "added":
        tip = iface(lang, "rw_added_tip", name=names[1]) if names else iface(lang, "rw_added_plain")
        tag = (f'<span class="rv-change-tag" data-kind="added" data-label="{label}" style="{_TAG}">'
               f'{display.esc(iface(lang, "rw_tag_added", name=names[0]))}</span>' if names else "")
        return (f'<ins class="rv-ins" data-label="{label}" title="{display.esc(tip)}" style="{_INS}">'
                f"{_marked(change.text, gaps, lang)}</ins>{tag}")
    tip = iface(lang, "rw_removed_tip", name=names[1]) if names else iface(lang, "rw_removed_plain")
    tag = (f'<span class="rv-change-tag" data-kind="removed" data-label="{label}" style="{_TAG}">'
           f'{display.esc(iface(lang, "rw_tag_removed", name=names[0]))}</span>' if names else "")
    return (f'<del class="rv-del" data-label="{label}" title="{display.esc(tip)}" style="{_DEL}">'
            f"{space}{display.esc(change.text)}</del>{tag}")


def _space(gap: str) -> str:
    """The white space between two runs (anything else belongs to a run of its own)."""
    return display.esc(gap) if not gap.strip() else " "


def render_changes(rw: Any, lang: str = "en") -> str:
    """The rewrite as a reader checks it: kept text plain, added text underlined with a tag, removed
    text struck through with a tag, gaps to fill highlighted. Runs sit where the diff puts them;
    the white space between them comes from the rewrite, or from the draft before removed text
    (struck through with it, so that without the struck runs the text reads as the rewrite).
    `data-chars` is the length of the draft it rewrites (so a page test can tell which it is)."""
    lang = _lang(lang)
    gaps = _gap_pattern(rw.placeholders)
    parts: list[str] = []
    old_pos = new_pos = 0
    for change in rw.changes:
        if change.kind == "removed":
            start, end = change.old_span or (old_pos, old_pos)
            parts.append(_change_html(change, lang, gaps, _space(rw.original[old_pos:start])))
            old_pos = end
            continue
        start, end = change.new_span or (new_pos, new_pos)
        gap = _space(rw.text[new_pos:start]) if change.new_span else (" " if parts else "")
        if change.kind == "kept":
            parts.append(gap + _marked(change.text, gaps, lang))
            if change.old_span:
                old_pos = change.old_span[1]
        else:
            parts.append(gap + _change_html(change, lang, gaps))
        new_pos = end
    return (f'<div class="rv-rewrite-text" lang="{display.esc(rw.language)}" data-chars="{len(rw.original)}" '
            f'style="{display.FONT} {_BOX}">'
            f'{"".join(parts)}</div>')


def _heading(text: str, size: str = "1em") -> str:
    return (f'<div style="{display.FONT} font-weight: 600; font-size: {size}; margin: 8px 0 2px;">'
            f"{display.esc(text)}</div>")


def _note(text: str, cls: str = "rv-rewrite-note") -> str:
    return (f'<div class="{cls}" style="{display.FONT} font-size: 0.9em; opacity: 0.85; margin: 2px 0;">'
            f"{display.esc(text)}</div>")


def rewrite_messages(rw: Any, lang: str, used: bool = False) -> list[str]:
    """What to tell the reader about this rewrite (interface language)."""
    out = [iface(lang, "rw_used")] if used else []
    if not rw.changed:
        out.append(iface(lang, "rw_unchanged"))
    elif rw.placeholders:
        n = len(rw.placeholders)
        out.append(iface(lang, "rw_fill_one") if n == 1 else iface(lang, "rw_fill_many", n=n))
    return out


def render_rewrite(rw: Any, lang: str = "en", *, copy: bool = True) -> str:
    """Heading, key, messages, the changes and a copy button: the whole rewrite in one block (the
    batch notebook's detail view)."""
    lang = _lang(lang)
    body = [_heading(iface(lang, "rw_title"))]
    body += [display.render_message(m, "info") for m in rewrite_messages(rw, lang)]
    if rw.changed:
        body += [_note(iface(lang, "rw_key")), render_changes(rw, lang)]
        if copy:
            body.append('<div style="margin: 6px 0;">' + display.copy_button(
                rw.text, lang, label=iface(lang, "rw_copy"), done=iface(lang, "rw_copied"),
                cls="rv-rewrite-copy") + "</div>")
    return f'<div class="rv-rewrite-block" style="{display.FONT}">{"".join(body)}</div>'


def kit_texts(kit: Any) -> dict[str, str | None]:
    """The kit as plain texts per tab (the emails as "Subject: ...", blank line, body)."""
    def email(e: Any) -> str | None:
        return None if e is None else f"{e.subject}\n\n{e.body}"

    return {"call": kit.call_script, "voicemail": kit.voicemail, "email": email(kit.email),
            "follow_up": email(kit.follow_up_email)}


def _kit_copy(text: str, lang: str, label_key: str, cls: str) -> str:
    return display.copy_button(text, lang, label=iface(lang, label_key), done=iface(lang, "rw_copied"),
                               cls=f"rv-kit-copy {cls}")


def _kit_block(text: str, kit_lang: str, lang: str, cls: str, label_key: str = "kit_copy") -> str:
    """A script in the kit's language (its gaps marked) and its copy button (interface language)."""
    return (f'<div class="{cls}-text" lang="{display.esc(kit_lang)}" style="{_BOX} margin: 4px 0 6px;">'
            f"{_marked(text, KIT_GAP, lang)}</div>" + _kit_copy(text, lang, label_key, f"{cls}-copy"))


def render_kit_page(kit: Any, key: str, lang: str = "en", dated: bool = True) -> str:
    """One tab of the kit: a line on when to use it, the text with its gaps marked, copy buttons.
    Without an interview time (`dated` False) a line says where to give it."""
    lang = _lang(lang)
    tip = "" if dated or key == "follow_up" else _note(iface(lang, "kit_no_date"), "rv-kit-no-date")
    cls = f"rv-kit-{key.replace('_', '-')}"
    if key == "call":
        inner = _note(iface(lang, "kit_call_note")) + tip + _kit_block(kit.call_script, kit.language, lang, cls)
    elif key == "voicemail":
        note = iface(lang, "kit_voicemail_note", words=len(kit.voicemail.split()),
                     seconds=voicemail_seconds(kit.voicemail))
        inner = _note(note) + tip + _kit_block(kit.voicemail, kit.language, lang, cls)
    elif key in ("email", "follow_up"):
        email = kit.email if key == "email" else kit.follow_up_email
        if email is None:
            inner = _note(iface(lang, "kit_no_follow_up"))
        else:
            subject = (f'<div style="margin: 4px 0;"><strong>{display.esc(iface(lang, "kit_subject"))}:</strong> '
                       f'<span class="{cls}-subject" lang="{display.esc(kit.language)}">'
                       f"{_marked(email.subject, KIT_GAP, lang)}</span> "
                       + _kit_copy(email.subject, lang, "kit_copy_subject", f"{cls}-subject-copy") + "</div>")
            note = iface(lang, "kit_email_note" if key == "email" else "kit_follow_up_note")
            inner = (_note(note) + tip + subject
                     + _kit_block(email.body, kit.language, lang, cls, "kit_copy_body"))
    else:
        raise ValueError(f"unknown kit tab {key!r}; one of {', '.join(KIT_TABS)}")
    return f'<div class="rv-kit-page {cls}" style="{display.FONT}">{inner}</div>'


# ---------------------------------------------------------------------------------------------
# The panel
# ---------------------------------------------------------------------------------------------

def _key(text: str, options: Mapping[str, Any]) -> tuple:
    """What a rewrite depends on ("now" to the minute: a refresh a second later reuses it)."""
    items = []
    for name, value in sorted(options.items()):
        if isinstance(value, datetime) and name == "now":
            value = value.replace(second=0, microsecond=0)
        items.append((name, repr(value)))
    return text, tuple(items)


class RewritePanel(widgets.VBox):
    """The suggested rewrite of the draft under review, with "Use this draft" and "Copy", and the
    kit in tabs: Call / Voicemail / Email / Follow-up.

    rewrite_fn: the rewrite function (default `reviewer.rewrite`); tests pass fakes.
    options: returns the keyword arguments the review was given (lang, channel, interview_at,
        now), so the rewrite and its kit match the review and fill in the interview time.
    on_use: called with the rewrite when "Use this draft" is pressed.
    lock: held while rewriting (the draft reviewer's review lock: one model load at a time).

    `show(result, lang)` rewrites `result.text` (once per draft and options: switching the
    interface language only relabels), `hide()` hides the panel while there is no review,
    `set_language(lang)` relabels it. A failing rewrite shows one line; the review stays.
    """

    def __init__(self, rewrite_fn: Callable[..., Any] | None = None, *,
                 options: Callable[[], Mapping[str, Any]] | None = None,
                 on_use: Callable[[str], Any] | None = None, lock: ContextManager | None = None,
                 lang: str = "en", **kwargs):
        self.rewrite_fn = rewrite_fn
        self.options = options or dict
        self.on_use = on_use
        self.lock = lock if lock is not None else contextlib.nullcontext()
        self.lang = _lang(lang)
        self.rewrite: Any = None
        self.error: str | None = None
        self.rewrites = 0  # how many rewrites were computed (not reused)
        self._key: tuple | None = None
        self._dated = False
        self._used: str | None = None

        self.heading = widgets.HTML()
        self.status = widgets.HTML()
        self.key = widgets.HTML()
        self.changes = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.changes.add_class("rv-rewrite-changes")
        self.use_button = widgets.Button(button_style="success", icon="check", layout=widgets.Layout(width="auto"))
        self.use_button.add_class("rv-rewrite-use")
        self.use_button.on_click(lambda _: self.use())
        self.copy = widgets.HTML()
        self.actions = widgets.HBox([self.use_button, self.copy],
                                    layout=widgets.Layout(align_items="center", flex_flow="row wrap",
                                                          grid_gap="8px", margin="4px 0"))
        self.plain = widgets.Textarea(layout=widgets.Layout(width="100%", height="7em"))
        self.plain_box = widgets.Accordion(children=[self.plain], titles=("",), selected_index=None)
        self.kit_heading = widgets.HTML()
        self.kit_pages = {key: widgets.HTML(layout=widgets.Layout(width="100%")) for key in KIT_TABS}
        self.kit = widgets.Tab(children=list(self.kit_pages.values()), selected_index=0)
        self.kit.add_class("rv-kit")
        self.body = widgets.VBox([self.key, self.changes, self.actions, self.plain_box, self.kit_heading, self.kit])
        super().__init__([self.heading, self.status, self.body], **kwargs)
        self.add_class("rv-rewrite")
        self.layout.border_top = "1px solid #D0D7DE"
        self.layout.margin = "10px 0 4px"
        self.layout.padding = "4px 0 0"
        self.set_language(self.lang)
        self.hide()

    # -- the protocol of the draft reviewer's panels ------------------------------------------------

    def show(self, result: Any, lang: str | None = None) -> None:
        """Rewrite the draft of this review (unless it is the one on show) and show it."""
        if lang:
            self.lang = _lang(lang)
        options = dict(self.options())
        key = _key(result.text, options)
        if key != self._key:
            self._key = key
            self._dated = options.get("interview_at") is not None
            try:
                with self.lock:
                    self.rewrite = self._fn()(result.text, **options)
                self.error = None
                self.rewrites += 1
            except Exception as exc:  # noqa: BLE001 - a callback must never show a traceback
                log.exception("rewrite failed")
                self.rewrite, self.error = None, type(exc).__name__
        self._render()
        self.layout.display = "flex"

    def hide(self) -> None:
        self.layout.display = "none"

    def set_language(self, lang: str) -> None:
        self.lang = _lang(lang)
        lang = self.lang
        self.heading.value = _heading(iface(lang, "rw_title"), "1.1em")
        self.key.value = _note(iface(lang, "rw_key"))
        self.use_button.description = iface(lang, "rw_use")
        self.use_button.tooltip = iface(lang, "rw_use_tip")
        self.plain_box.titles = (iface(lang, "rw_as_text"),)
        self.kit_heading.value = _heading(iface(lang, "kit_title")) + _note(iface(lang, "kit_intro"))
        self.kit.titles = tuple(iface(lang, f"kit_{key}") for key in KIT_TABS)
        if self.rewrite is not None or self.error is not None:
            self._render()

    # -- using it ----------------------------------------------------------------------------------

    def use(self) -> None:
        """Hand the rewrite to `on_use` (the draft reviewer puts it in the text box and reviews it)."""
        try:
            if self.rewrite is None or not self.rewrite.changed:
                return
            self._used = self.rewrite.text
            if self.on_use is not None:
                self.on_use(self.rewrite.text)
        except Exception as exc:  # noqa: BLE001 - callbacks must not raise under Voila
            log.exception("using the rewrite failed")
            self.status.value = display.render_message(iface(self.lang, "rw_failed", kind=type(exc).__name__), "error")

    # -- drawing -----------------------------------------------------------------------------------

    def _fn(self) -> Callable[..., Any]:
        if self.rewrite_fn is None:
            from .. import rewrite

            self.rewrite_fn = rewrite
        return self.rewrite_fn

    def _render(self) -> None:
        lang, rw = self.lang, self.rewrite
        if rw is None:
            self.status.value = display.render_message(iface(lang, "rw_failed", kind=self.error or "?"), "info")
            self.body.layout.display = "none"
            return
        messages = rewrite_messages(rw, lang, used=self._used is not None and rw.original == self._used)
        self.status.value = "".join(display.render_message(m, "info") for m in messages)
        for w in (self.key, self.changes, self.actions, self.plain_box):
            w.layout.display = None if rw.changed else "none"
        self.changes.value = render_changes(rw, lang) if rw.changed else ""
        self.use_button.disabled = not rw.changed
        self.copy.value = display.copy_button(rw.text, lang, label=iface(lang, "rw_copy"),
                                              done=iface(lang, "rw_copied"), cls="rv-rewrite-copy")
        self.plain.value = rw.text
        for key, page in self.kit_pages.items():
            page.value = render_kit_page(rw.kit, key, lang, dated=self._dated)
        self.body.layout.display = "flex"
