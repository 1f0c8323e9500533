"""The batch reviewer: a file of drafts in, a reviewed table with pictures out.

    from reviewer.notebook.batch_ui import BatchReviewer
    BatchReviewer()                       # upload a file, pick the text column, Run
    BatchReviewer(path="drafts.csv", run=True)

The data work (loading, summarising, filtering, exporting) is plain functions over DataFrames,
and `BatchSession` holds the state; `BatchReviewer` only wires standard ipywidgets to them.
"""
from __future__ import annotations

import base64
import html
import io
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import ipywidgets as widgets
import pandas as pd

from . import display
from ..examples import BATCH_FILE
from ..labels import ESSENTIALS, LABELS, PLAIN_NAMES, WARN_WHEN_PRESENT
from ..tables.files import TableError, read_table, write_table
from .ui_text import REASON_NAMES
from ..validation import STATUS_MESSAGES

__all__ = [
    "BatchReviewer", "BatchSession", "DOWNLOAD_FORMATS", "STATUS_FILTERS", "download_link", "filter_rows",
    "guess_text_column", "pass_rates", "plot_summary", "read_upload", "reason_counts", "render_summary_text",
    "render_table", "with_problem_counts",
]

log = logging.getLogger(__name__)

READ_FORMATS = (".csv", ".jsonl", ".json", ".xlsx", ".parquet")
DOWNLOAD_FORMATS = {".csv": "text/csv", ".jsonl": "application/x-ndjson",
                    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
#: Status filter values: all rows, ready to send (4 of 4 essentials), needs work, not reviewed.
STATUS_FILTERS = (("All rows", ""), ("Ready to send", "ready"), ("Needs work", "needs_work"),
                  ("Not reviewed", "not_reviewed"))
TEXT_COLUMN_HINTS = ("text", "message", "draft", "body", "content", "pesan", "isi")
TABLE_ROWS = 50
LANG_LABELS = {"en": "English", "id": "Indonesian", "mixed": "code-mixed", "all": "all"}
TABLE_HEADS = {"apology": "apology", "clear_reason": "clear reason", "oversharing": "no over-sharing",
               "follow_up": "follow-up", "gratitude": "thanks", "reschedule_request": "new time"}
DETAIL_OPTIONS = 300
MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in READ_FORMATS:
        raise TableError(f"{name}: unsupported file type {suffix or '(none)'}; use one of "
                         f"{', '.join(READ_FORMATS)}", "format")
    return suffix


def read_upload(value: Any) -> tuple[pd.DataFrame, str]:
    """The first file of a FileUpload's value (ipywidgets 8: a tuple of dicts) as a DataFrame."""
    files = list(value.values()) if isinstance(value, dict) else list(value or ())
    if not files:
        raise TableError("no file uploaded yet", "missing")
    first = files[0]
    name = str(first.get("name") or "upload")
    content = bytes(first.get("content") or b"")
    if not content:
        raise TableError(f"{name}: the file is empty", "parse")
    return read_table(io.BytesIO(content), _suffix(name)), name


def read_path(path: str | Path) -> pd.DataFrame:
    path = Path(str(path).strip()).expanduser()
    suffix = _suffix(path.name)
    if not path.is_file():
        raise TableError(f"{path}: no such file", "missing")
    return read_table(path, suffix)


def guess_text_column(frame: pd.DataFrame) -> str | None:
    """The column that most likely holds the drafts: a conventional name, else the longest text."""
    columns = [str(c) for c in frame.columns]
    for hint in TEXT_COLUMN_HINTS:
        for column in columns:
            if column.lower() == hint:
                return column
    best, best_len = None, -1.0
    for column in frame.columns:
        values = frame[column].dropna()
        texts = values[values.map(lambda v: isinstance(v, str))]
        if len(texts) and texts.str.len().mean() > best_len:
            best, best_len = str(column), texts.str.len().mean()
    return best if best is not None else (columns[0] if columns else None)


# ---------------------------------------------------------------------------------------------
# Summaries over a reviewed frame (the output of review_frame)
# ---------------------------------------------------------------------------------------------

def _good(reviewed: pd.DataFrame, label: str) -> pd.Series:
    """Nullable boolean: the check passes (NA for rows that were not reviewed)."""
    col = reviewed[label].astype("Int8")
    return (col == 0) if label in WARN_WHEN_PRESENT else (col == 1)


def with_problem_counts(reviewed: pd.DataFrame) -> pd.DataFrame:
    """Add `essentials_met` (0-4, NA when not reviewed) and `problems` (failed checks of all six)."""
    out = reviewed.copy()
    ok = out["status"] == "ok"
    essentials = sum(_good(out, l).fillna(False).astype(int) for l in ESSENTIALS)
    problems = sum((~_good(out, l).fillna(True)).astype(int) for l in LABELS)
    out["essentials_met"] = pd.array(essentials.where(ok, None), dtype="Int8")
    out["problems"] = pd.array(problems.where(ok, None), dtype="Int8")
    return out


def pass_rates(reviewed: pd.DataFrame) -> pd.DataFrame:
    """Share of reviewed drafts passing each check, per language and overall (rows: labels)."""
    ok = reviewed[reviewed["status"] == "ok"]
    groups = {"all": ok, **{str(lang): g for lang, g in ok.groupby("language", sort=True)}}
    data = {name: [float(_good(g, l).mean()) if len(g) else math.nan for l in LABELS] for name, g in groups.items()}
    counts = {name: len(g) for name, g in groups.items()}
    table = pd.DataFrame(data, index=list(LABELS))
    table.attrs["counts"] = counts
    return table


def reason_counts(reviewed: pd.DataFrame) -> pd.Series:
    ok = reviewed[reviewed["status"] == "ok"]
    return ok["reason_category"].value_counts().sort_values(ascending=True)


def filter_rows(reviewed: pd.DataFrame, label: str = "", lang: str = "", status: str = "") -> pd.DataFrame:
    """Rows matching the filters, most problems first.

    label: only drafts failing that check; lang: "en"/"id"/"mixed"; status: one of STATUS_FILTERS.
    """
    frame = reviewed if "essentials_met" in reviewed.columns else with_problem_counts(reviewed)
    mask = pd.Series(True, index=frame.index)
    if label:
        mask &= ~_good(frame, label).fillna(True)
    if lang:
        mask &= (frame["language"] == lang).fillna(False)
    if status == "ready":
        mask &= (frame["essentials_met"] == len(ESSENTIALS)).fillna(False)
    elif status == "needs_work":
        mask &= (frame["essentials_met"] < len(ESSENTIALS)).fillna(False)
    elif status == "not_reviewed":
        mask &= frame["status"] != "ok"
    elif status:
        raise ValueError(f"unknown status filter {status!r}")
    rows = frame[mask.astype(bool)]
    order = rows.assign(_e=rows["essentials_met"].astype("Float64").fillna(99),
                        _p=-rows["problems"].astype("Float64").fillna(-1))
    return rows.loc[order.sort_values(["_e", "_p"], kind="stable").index]


def render_summary_text(reviewed: pd.DataFrame, name: str = "") -> str:
    frame = reviewed if "essentials_met" in reviewed.columns else with_problem_counts(reviewed)
    n = len(frame)
    ok = frame[frame["status"] == "ok"]
    ready = int((ok["essentials_met"] == len(ESSENTIALS)).sum())
    skipped = frame.loc[frame["status"] != "ok", "status"].value_counts()
    parts = [f"<b>{len(ok)}</b> of {n} drafts reviewed"]
    if len(skipped):
        why = ", ".join(f"{c} {html.escape(STATUS_MESSAGES.get(s, s))}" for s, c in skipped.items())
        parts.append(f"{n - len(ok)} skipped ({why})")
    pct = f" ({100 * ready / len(ok):.0f}%)" if len(ok) else ""
    parts.append(f"<b>{ready}</b> ready to send{pct}")
    langs = ok["language"].value_counts()
    if len(langs):
        parts.append("languages: " + ", ".join(f"{html.escape(str(k))} {v}" for k, v in langs.items()))
    source = f"<b>{html.escape(name)}</b>: " if name else ""
    return f'<div class="rv-batch-summary" style="{display.FONT}">{source}{"; ".join(parts)}.</div>'


def plot_summary(reviewed: pd.DataFrame):
    """A matplotlib Figure: pass rate of each check per language, and the reason categories."""
    from matplotlib.figure import Figure

    rates = pass_rates(reviewed)
    reasons = reason_counts(reviewed)
    fig = Figure(figsize=(11, 4.2), dpi=100, layout="constrained")
    ax, ax2 = fig.subplots(1, 2, width_ratios=[3, 2])
    groups = [c for c in rates.columns if c != "all"] or ["all"]
    colours = {"en": "#0072B2", "id": "#D55E00", "mixed": "#009E73", "all": "#555555"}
    hatches = {"en": "", "id": "//", "mixed": "..", "all": ""}
    height = 0.8 / len(groups)
    names = [PLAIN_NAMES["en"][l] for l in LABELS]
    for i, g in enumerate(groups):
        ys = [j + (i - (len(groups) - 1) / 2) * height for j in range(len(LABELS))]
        values = [100 * v for v in rates[g].fillna(0)]
        bars = ax.barh(ys, values, height=height * 0.95, color=colours.get(g, "#888888"),
                       hatch=hatches.get(g, ""), edgecolor="white",
                       label=f"{LANG_LABELS.get(g, g)} (n={rates.attrs['counts'][g]})")
        ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=7, padding=2)
    ax.set_yticks(range(len(LABELS)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 145)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("drafts passing the check (%)")
    ax.set_title("How many drafts pass each check, per language", fontsize=11)
    ax.legend(loc="lower right", fontsize=8, title="language", title_fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if len(reasons):
        labels = [REASON_NAMES["en"].get(str(k), str(k)) for k in reasons.index]
        bars = ax2.barh(labels, reasons.to_numpy(), color="#8C959F")
        ax2.bar_label(bars, fontsize=8, padding=2)
        ax2.set_xlim(0, reasons.max() * 1.2)
    ax2.set_title("Reasons given", fontsize=11)
    ax2.set_xlabel("drafts")
    ax2.spines[["top", "right"]].set_visible(False)
    return fig


def figure_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value)


def render_table(rows: pd.DataFrame, text_column: str, limit: int = TABLE_ROWS, total: int | None = None) -> str:
    """An HTML table of reviewed rows: row number, id columns, excerpt, readiness and per-check icons."""
    extra = [c for c in rows.columns if c != text_column and c not in LABELS and not str(c).endswith("_score")
             and c not in ("language", "reason_category", "feedback", "status", "essentials_met", "problems")][:2]
    th = "padding: 3px 6px; text-align: left; border-bottom: 1px solid #8C959F; white-space: nowrap;"
    td = "padding: 3px 6px; border-bottom: 1px solid #D0D7DE; vertical-align: top;"
    head = ["#", *map(str, extra), "draft", "essentials", *(TABLE_HEADS[l] for l in LABELS), "reason given", "lang"]
    out = [f'<table class="rv-batch-table" style="border-collapse: collapse; font-size: 0.85em; {display.FONT}">'
           "<thead><tr>" + "".join(f'<th style="{th}">{html.escape(h)}</th>' for h in head) + "</tr></thead><tbody>"]
    for idx, row in rows.head(limit).iterrows():
        text = _cell(row[text_column])
        excerpt = " ".join(text.split())
        excerpt = excerpt[:90] + ("\u2026" if len(excerpt) > 90 else "")
        cells = [str(idx), *(_cell(row[c]) for c in extra)]
        tds = [f'<td style="{td}">{html.escape(c)}</td>' for c in cells]
        tds.append(f'<td style="{td} max-width: 30em;" title="{html.escape(text[:600])}">{html.escape(excerpt)}</td>')
        if row["status"] != "ok":
            reason = STATUS_MESSAGES.get(str(row["status"]), str(row["status"]))
            tds.append(f'<td style="{td} font-style: italic;" colspan="{len(LABELS) + 3}">not reviewed: '
                       f"{html.escape(reason)}</td>")
        else:
            met = int(row["essentials_met"])
            colour = display.PASS_COLOUR if met == len(ESSENTIALS) else display.WARN_COLOUR
            tds.append(f'<td style="{td} color: {colour}; font-weight: 600; white-space: nowrap;">{met} of 4</td>')
            for label in LABELS:
                good = int(row[label]) == (0 if label in WARN_WHEN_PRESENT else 1)
                state = "pass" if good else "warn"
                word = "OK" if good else "fix"
                colour = display.PASS_COLOUR if good else display.WARN_COLOUR
                tds.append(f'<td style="{td} color: {colour}; white-space: nowrap;" data-label="{label}" '
                           f'data-state="{state}" title="{html.escape(PLAIN_NAMES["en"][label])}: {word}">'
                           f'<span aria-hidden="true">{display.ICONS[state]}</span> {word}</td>')
            tds.append(f'<td style="{td}">{html.escape(REASON_NAMES["en"].get(str(row["reason_category"]), ""))}</td>')
            tds.append(f'<td style="{td}">{html.escape(_cell(row["language"]))}</td>')
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    total = len(rows) if total is None else total
    shown = min(limit, len(rows))
    note = (f"Showing {shown} of {total} matching rows, most problems first."
            if total else "No rows match these filters.")
    return f'<div style="{display.FONT} font-size: 0.85em; margin: 2px 0;">{note}</div>' + "".join(out)


def table_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    buf = io.BytesIO()
    write_table(frame, buf, suffix)
    return buf.getvalue()


def download_link(frame: pd.DataFrame, name: str, suffix: str = ".csv") -> str:
    """An HTML link that downloads `frame` as `name` (a data: URI; no server round trip)."""
    data = table_bytes(frame, suffix)
    if len(data) > MAX_DOWNLOAD_BYTES:
        return display.render_message(
            f"The reviewed file is {len(data) / 1e6:.0f} MB, too large to download from the page; "
            "save it to a path instead.", "info")
    href = f"data:{DOWNLOAD_FORMATS[suffix]};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="rv-download" download="{html.escape(name)}" href="{href}" style="{display.FONT} '
            f'display: inline-block; padding: 4px 12px; border: 1px solid #8C959F; border-radius: 4px; '
            f'background: #F6F8FA; color: #1F2328; text-decoration: none;">\u2b07 Download {html.escape(name)} '
            f"({len(data) / 1024:.0f} KB)</a>")


def reviewed_name(source: str, suffix: str) -> str:
    stem = Path(source).stem if source else "drafts"
    return f"{stem}.reviewed{suffix}"


# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------

@dataclass
class BatchSession:
    """The loaded table, the chosen text column and the reviewed result."""

    frame: pd.DataFrame | None = None
    name: str = ""
    text_column: str | None = None
    reviewed: pd.DataFrame | None = None
    lang: str | None = None
    history: list[str] = field(default_factory=list)

    def load(self, frame: pd.DataFrame, name: str) -> None:
        if frame.columns.duplicated().any():
            raise TableError(f"{name}: duplicate column names", "parse")
        self.frame, self.name, self.reviewed = frame, name, None
        self.text_column = guess_text_column(frame)
        self.history.append(f"loaded {name}")

    def run(self, text_column: str, lang: str | None = None, progress: Callable[[int], Any] | None = None,
            review_frame: Callable[..., pd.DataFrame] | None = None) -> pd.DataFrame:
        if self.frame is None:
            raise TableError("load a file first", "missing")
        if review_frame is None:
            from ..api import review_frame
        n = len(self.frame)
        batch = max(8, math.ceil(n / 25))
        reviewed = review_frame(self.frame, text_column=text_column, lang=lang, batch_size=batch, progress=progress)
        self.text_column, self.lang = text_column, lang
        self.reviewed = with_problem_counts(reviewed)
        return self.reviewed


# ---------------------------------------------------------------------------------------------
# The widget
# ---------------------------------------------------------------------------------------------

def _shown_path(path: Path) -> str:
    """A path relative to the working directory (no server layout on the page) when that is short."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if rel.count("..") <= 2 else str(path)


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f'<h3 style="{display.FONT} margin: 14px 0 4px;">{html.escape(text)}</h3>')


class BatchReviewer(widgets.VBox):
    """Upload or open a table of drafts, pick the text column, Run; then summary charts, a
    filterable table, a detail view of one row and the reviewed file to download.

    path: a file to open at start (None: nothing; "example": the bundled example batch).
    allow_paths: offer opening and saving files by path on the machine running the kernel. Turn
    it off when serving the notebook to other people (e.g. a public Voila page).
    """

    def __init__(self, path: str | Path | None = None, *, text_column: str | None = None, run: bool = False,
                 upload: widgets.FileUpload | None = None, review_fn: Callable | None = None,
                 review_frame_fn: Callable | None = None, session: BatchSession | None = None,
                 allow_paths: bool = True, **kwargs):
        self.session = session or BatchSession()
        self.allow_paths = allow_paths
        self._review_fn = review_fn
        self._review_frame_fn = review_frame_fn

        self.upload = upload or widgets.FileUpload(accept=",".join(READ_FORMATS), multiple=False,
                                                   description="Upload file")
        self.path = widgets.Text(placeholder="or a path on this machine, e.g. data/drafts.csv",
                                 layout=widgets.Layout(width="28em"))
        self.open_button = widgets.Button(description="Open")
        self.load_status = widgets.HTML()
        self.column = widgets.Dropdown(description="Text column", options=[], disabled=True,
                                       style={"description_width": "initial"})
        self.lang = widgets.Dropdown(description="Language",
                                     options=[("detect per draft", ""), ("English", "en"), ("Indonesian", "id"),
                                              ("code-mixed", "mixed")], value="",
                                     style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self.run_button = widgets.Button(description="Run", button_style="primary", disabled=True)
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="",
                                            layout=widgets.Layout(width="16em", visibility="hidden"))
        self.progress_label = widgets.HTML()
        self.summary = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.label_filter = widgets.Dropdown(
            description="Check", options=[("any", "")] + [(f"{PLAIN_NAMES['en'][l]}: fails", l) for l in LABELS],
            value="", style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self.lang_filter = widgets.Dropdown(
            description="Language",
            options=[("any", ""), ("English", "en"), ("Indonesian", "id"), ("code-mixed", "mixed")],
            value="", style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self.status_filter = widgets.Dropdown(description="Status", options=STATUS_FILTERS, value="",
                                              style={"description_width": "initial"},
                                              layout=widgets.Layout(width="auto"))
        self.table = widgets.HTML(layout=widgets.Layout(max_height="30em", overflow="auto"))
        self.row = widgets.Dropdown(description="Row", options=[], style={"description_width": "initial"},
                                    layout=widgets.Layout(width="40em"))
        self.detail = widgets.HTML()
        self.format = widgets.Dropdown(description="Format", options=[(s[1:], s) for s in DOWNLOAD_FORMATS],
                                       value=".csv", style={"description_width": "initial"},
                                       layout=widgets.Layout(width="auto"))
        self.download = widgets.HTML()
        self.save_path = widgets.Text(placeholder="save on this machine, e.g. reviewed.csv",
                                      layout=widgets.Layout(width="24em"))
        self.save_button = widgets.Button(description="Save")
        self.save_status = widgets.HTML()

        self.upload.observe(self._on_upload, names="value")
        self.open_button.on_click(lambda _: self._guard(self.open_path))
        self.run_button.on_click(lambda _: self._guard(self.run))
        for w in (self.label_filter, self.lang_filter, self.status_filter):
            w.observe(lambda _: self._guard(self.update_table), names="value")
        self.row.observe(lambda _: self._guard(self.show_detail), names="value")
        self.format.observe(lambda _: self._guard(self.update_download), names="value")
        self.save_button.on_click(lambda _: self._guard(self.save))

        self.results = widgets.VBox([
            _heading("Summary"), self.summary, self.chart,
            _heading("Reviewed drafts"),
            widgets.HBox([self.label_filter, self.lang_filter, self.status_filter],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.table,
            _heading("One draft in detail"), self.row, self.detail,
            _heading("Download"),
            widgets.HBox([self.format, self.download], layout=widgets.Layout(align_items="center")),
            widgets.HBox([self.save_path, self.save_button, self.save_status],
                         layout=widgets.Layout(align_items="center")),
        ], layout=widgets.Layout(display="none"))
        if not allow_paths:
            for w in (self.path, self.open_button, self.save_path, self.save_button):
                w.layout.display = "none"
        super().__init__([
            widgets.HBox([self.upload, self.path, self.open_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.load_status,
            widgets.HBox([self.column, self.lang, self.run_button, self.progress, self.progress_label],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.results,
        ], **kwargs)
        self.add_class("rv-batch-reviewer")

        if path is not None:
            self.path.value = _shown_path(BATCH_FILE) if str(path) == "example" else str(path)
            self._guard(self.open_path)
            if text_column and self.session.frame is not None:
                self._guard(lambda: self._set_column(text_column))
            if run and self.session.frame is not None:
                self._guard(self.run)
        elif run:  # the notebook's default: show the bundled example, reviewed
            self.path.value = _shown_path(BATCH_FILE)
            self._guard(self.open_path)
            self._guard(self.run)
        else:
            self.load_status.value = display.render_message(
                "Upload a CSV, JSON Lines or Excel file of drafts, or type a path and press Open.", "info")

    # -- guarded callbacks ----------------------------------------------------------------------

    def _guard(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except (TableError, KeyError, ValueError, TypeError) as exc:
            text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            self._error(str(text))
        except Exception as exc:  # noqa: BLE001 - callbacks must not show tracebacks
            log.exception("batch reviewer callback failed")
            self._error(f"Something went wrong ({type(exc).__name__}). Check the file and try again.")

    def _error(self, text: str) -> None:
        self.load_status.value = display.render_message(text[:1].upper() + text[1:], "error")
        self.progress.layout.visibility = "hidden"

    # -- loading ---------------------------------------------------------------------------------

    def _on_upload(self, change: dict) -> None:
        if change["new"]:
            self._guard(lambda: self._loaded(*read_upload(change["new"])))

    def open_path(self) -> None:
        if not self.allow_paths and self.path.value.strip() != _shown_path(BATCH_FILE):
            raise TableError("opening files by path is turned off here; upload the file instead", "missing")
        if not self.path.value.strip():
            raise TableError("type the path of a .csv, .jsonl, .json, .xlsx or .parquet file first", "missing")
        path = Path(self.path.value.strip()).expanduser()
        self._loaded(read_path(path), path.name)

    def _loaded(self, frame: pd.DataFrame, name: str) -> None:
        self.session.load(frame, name)
        self.results.layout.display = "none"
        columns = [str(c) for c in frame.columns]
        self.column.options = columns
        self.column.disabled = not columns
        if self.session.text_column:
            self.column.value = self.session.text_column
        self.run_button.disabled = not columns
        self.load_status.value = display.render_message(
            f"Loaded {name}: {len(frame)} rows, {len(columns)} columns. Check the text column and press Run.",
            "info")

    def _set_column(self, column: str) -> None:
        if column not in self.column.options:
            raise KeyError(f"text column {column!r} not found; the file has: {', '.join(self.column.options)}")
        self.column.value = column

    # -- running ---------------------------------------------------------------------------------

    def run(self) -> None:
        frame = self.session.frame
        if frame is None:
            raise TableError("load a file first", "missing")
        if not self.column.value:
            raise TableError("pick the column that holds the drafts", "missing")
        n = len(frame)
        self.progress.max, self.progress.value = max(n, 1), 0
        self.progress.layout.visibility = "visible"
        self.progress_label.value = f"0 / {n}"

        def advance(done: int) -> None:
            self.progress.value = min(self.progress.value + done, self.progress.max)
            self.progress_label.value = f"{self.progress.value} / {n}"

        self.run_button.disabled = True
        try:
            self.session.run(self.column.value, self.lang.value or None, advance, self._review_frame_fn)
        finally:
            self.run_button.disabled = False
        self.progress.value = self.progress.max
        self.progress_label.value = f"{n} / {n} reviewed"
        self.load_status.value = ""
        self.show_results()

    def show_results(self) -> None:
        reviewed = self.session.reviewed
        if reviewed is None:
            return
        self.summary.value = render_summary_text(reviewed, self.session.name)
        fig = plot_summary(reviewed)
        self.chart.value = figure_png(fig)
        self.update_table()
        self.update_download()
        self.results.layout.display = "flex"

    def filtered(self) -> pd.DataFrame:
        reviewed = self.session.reviewed
        if reviewed is None:
            return pd.DataFrame()
        return filter_rows(reviewed, self.label_filter.value, self.lang_filter.value, self.status_filter.value)

    def update_table(self) -> None:
        rows = self.filtered()
        if self.session.reviewed is None:
            return
        self.table.value = render_table(rows, self.session.text_column or "text")
        column = self.session.text_column or "text"
        options = []
        for idx, row in rows.head(DETAIL_OPTIONS).iterrows():
            excerpt = " ".join(_cell(row[column]).split())[:60]
            met = row["essentials_met"]
            tag = "not reviewed" if pd.isna(met) else f"{int(met)}/4"
            options.append((f"#{idx} ({tag}) {excerpt}", idx))
        current = self.row.value
        self.row.options = options
        if options:
            self.row.value = current if current in {v for _, v in options} else options[0][1]
        else:
            self.detail.value = ""
        self.show_detail()

    def show_detail(self) -> None:
        reviewed, idx = self.session.reviewed, self.row.value
        if reviewed is None or idx is None or idx not in reviewed.index:
            self.detail.value = ""
            return
        row = reviewed.loc[idx]
        if row["status"] != "ok":
            self.detail.value = display.render_message(
                f"Row #{idx} was not reviewed: {STATUS_MESSAGES.get(str(row['status']), row['status'])}.", "info")
            return
        review_fn = self._review_fn
        if review_fn is None:
            from ..api import review as review_fn
        try:
            result = review_fn(row[self.session.text_column], self.session.lang)
        except (ValueError, TypeError) as exc:
            self.detail.value = display.render_message(str(exc), "error")
            return
        self.detail.value = (f'<div style="{display.FONT} font-size: 0.85em; opacity: 0.8;">Row #{idx}</div>'
                             + display.render_review(result, lang_chosen=self.session.lang is not None))

    # -- exporting -------------------------------------------------------------------------------

    def update_download(self) -> None:
        reviewed = self.session.reviewed
        if reviewed is None:
            self.download.value = ""
            return
        self.download.value = download_link(reviewed, reviewed_name(self.session.name, self.format.value),
                                            self.format.value)

    def save(self) -> None:
        if not self.allow_paths:
            raise TableError("saving by path is turned off here; use the download link", "output")
        reviewed = self.session.reviewed
        if reviewed is None:
            raise TableError("run the review first", "missing")
        target = Path(self.save_path.value.strip() or reviewed_name(self.session.name, self.format.value))
        suffix = target.suffix.lower()
        if suffix not in DOWNLOAD_FORMATS and suffix != ".parquet":
            raise TableError(f"{target}: save as .csv, .jsonl, .xlsx or .parquet", "format")
        if not target.parent.is_dir():
            raise TableError(f"{target}: folder {target.parent} does not exist", "output")
        write_table(reviewed, target, suffix)
        self.save_status.value = display.render_message(f"Saved {len(reviewed)} rows to {target}.", "info")
