"""The batch reviewer: a file of drafts in, a reviewed table with pictures out.

    from reviewer.notebook.batch_ui import BatchReviewer
    BatchReviewer()                       # upload a file, pick the text column, Run
    BatchReviewer(path="drafts.csv", run=True)
    BatchReviewer(models="team-model", interface="id")   # another model; Indonesian interface

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
from .corrections_ui import CorrectionPanel
from .rewrite_ui import model_rewrite, render_rewrite
from .ui_text import REASON_NAMES, iface, interface_language, status_text
from .quiet import Quiet, replace_options

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
STATUS_KEYS = {"": "all_rows", "ready": "ready_rows", "needs_work": "needs_work_rows",
               "not_reviewed": "not_reviewed_rows"}
INTERFACE_VALUES = ("auto", "en", "id")
TEXT_COLUMN_HINTS = ("text", "message", "draft", "body", "content", "pesan", "isi")
TABLE_ROWS = 50
LANG_LABELS = {"en": "English", "id": "Indonesian", "mixed": "code-mixed", "all": "all"}
TABLE_HEADS = {"en": {"apology": "apology", "clear_reason": "clear reason", "oversharing": "no over-sharing",
                      "follow_up": "follow-up", "gratitude": "thanks", "reschedule_request": "new time"},
               "id": {"apology": "maaf", "clear_reason": "alasan jelas", "oversharing": "tidak berlebihan",
                      "follow_up": "tindak lanjut", "gratitude": "terima kasih",
                      "reschedule_request": "jadwal baru"}}
DETAIL_OPTIONS = 300
MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024
#: The column the download gets when the suggested rewrite is asked for (the same name as
#: reviewer.api.REWRITE_COLUMN, which `review_frame(..., rewrite=True)` and `--rewrite` write).
REWRITE_COLUMN = "rewrite"


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


def majority_language(reviewed: pd.DataFrame) -> str | None:
    """"id" when most reviewed drafts are Indonesian, "en" when most are English, else None."""
    if reviewed is None or "language" not in reviewed.columns:
        return None
    counts = reviewed.loc[reviewed["status"] == "ok", "language"].value_counts()
    en, idn = int(counts.get("en", 0)), int(counts.get("id", 0))
    return None if en == idn == 0 else ("id" if idn > en else "en")


def _lang_name(lang: str, code: str) -> str:
    return iface(lang, f"lang_name_{code}") if code in LANG_LABELS else code


def render_summary_text(reviewed: pd.DataFrame, name: str = "", lang: str = "en") -> str:
    frame = reviewed if "essentials_met" in reviewed.columns else with_problem_counts(reviewed)
    n = len(frame)
    ok = frame[frame["status"] == "ok"]
    ready = int((ok["essentials_met"] == len(ESSENTIALS)).sum())
    skipped = frame.loc[frame["status"] != "ok", "status"].value_counts()
    parts = [iface(lang, "reviewed_of", ok=len(ok), n=n)]
    if len(skipped):
        why = ", ".join(f"{c} {html.escape(status_text(lang, s))}" for s, c in skipped.items())
        parts.append(iface(lang, "skipped", n=n - len(ok), why=why))
    pct = f" ({100 * ready / len(ok):.0f}%)" if len(ok) else ""
    parts.append(iface(lang, "ready_count", ready=ready, pct=pct))
    langs = ok["language"].value_counts()
    if len(langs):
        parts.append(iface(lang, "languages", langs=", ".join(
            f"{html.escape(_lang_name(lang, str(k)))} {v}" for k, v in langs.items())))
    source = f"<b>{html.escape(name)}</b>: " if name else ""
    return f'<div class="rv-batch-summary" style="{display.FONT}">{source}{"; ".join(parts)}.</div>'


def plot_summary(reviewed: pd.DataFrame, lang: str = "en"):
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
    names = [PLAIN_NAMES["id" if lang == "id" else "en"][l] for l in LABELS]
    for i, g in enumerate(groups):
        ys = [j + (i - (len(groups) - 1) / 2) * height for j in range(len(LABELS))]
        values = [100 * v for v in rates[g].fillna(0)]
        bars = ax.barh(ys, values, height=height * 0.95, color=colours.get(g, "#888888"),
                       hatch=hatches.get(g, ""), edgecolor="white",
                       label=f"{_lang_name(lang, g)} (n={rates.attrs['counts'][g]})")
        ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=7, padding=2)
    ax.set_yticks(range(len(LABELS)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 145)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel(iface(lang, "c_passing"))
    ax.set_title(iface(lang, "c_title"), fontsize=11)
    ax.legend(loc="lower right", fontsize=8, title=iface(lang, "c_language"), title_fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if len(reasons):
        labels = [REASON_NAMES["id" if lang == "id" else "en"].get(str(k), str(k)) for k in reasons.index]
        bars = ax2.barh(labels, reasons.to_numpy(), color="#8C959F")
        ax2.bar_label(bars, fontsize=8, padding=2)
        ax2.set_xlim(0, reasons.max() * 1.2)
    ax2.set_title(iface(lang, "c_reasons"), fontsize=11)
    ax2.set_xlabel(iface(lang, "c_drafts"))
    ax2.spines[["top", "right"]].set_visible(False)
    return fig


def figure_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value)


def render_table(rows: pd.DataFrame, text_column: str, limit: int = TABLE_ROWS, total: int | None = None,
                 lang: str = "en") -> str:
    """An HTML table of reviewed rows: row number, id columns, excerpt, readiness and per-check icons."""
    extra = [c for c in rows.columns if c != text_column and c not in LABELS and not str(c).endswith("_score")
             and c not in ("language", "reason_category", "feedback", "status", "essentials_met", "problems")][:2]
    th = "padding: 3px 6px; text-align: left; border-bottom: 1px solid #8C959F; white-space: nowrap;"
    td = "padding: 3px 6px; border-bottom: 1px solid #D0D7DE; vertical-align: top;"
    lang = "id" if lang == "id" else "en"
    head = ["#", *map(str, extra), iface(lang, "t_draft"), iface(lang, "t_essentials"),
            *(TABLE_HEADS[lang][l] for l in LABELS), iface(lang, "t_reason"), iface(lang, "t_lang")]
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
            reason = status_text(lang, str(row["status"]))
            tds.append(f'<td style="{td} font-style: italic;" colspan="{len(LABELS) + 3}">'
                       f'{html.escape(iface(lang, "t_not_reviewed", why=reason))}</td>')
        else:
            met = int(row["essentials_met"])
            colour = display.PASS_COLOUR if met == len(ESSENTIALS) else display.WARN_COLOUR
            tds.append(f'<td style="{td} color: {colour}; font-weight: 600; white-space: nowrap;">'
                       f'{html.escape(iface(lang, "t_of4", met=met))}</td>')
            for label in LABELS:
                good = int(row[label]) == (0 if label in WARN_WHEN_PRESENT else 1)
                state = "pass" if good else "warn"
                word = iface(lang, "t_ok" if good else "t_fix")
                colour = display.PASS_COLOUR if good else display.WARN_COLOUR
                tds.append(f'<td style="{td} color: {colour}; white-space: nowrap;" data-label="{label}" '
                           f'data-state="{state}" title="{html.escape(PLAIN_NAMES[lang][label])}: {word}">'
                           f'<span aria-hidden="true">{display.ICONS[state]}</span> {word}</td>')
            tds.append(f'<td style="{td}">{html.escape(REASON_NAMES[lang].get(str(row["reason_category"]), ""))}</td>')
            tds.append(f'<td style="{td}">{html.escape(_cell(row["language"]))}</td>')
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    total = len(rows) if total is None else total
    shown = min(limit, len(rows))
    note = iface(lang, "t_showing", shown=shown, total=total) if total else iface(lang, "t_none")
    return f'<div style="{display.FONT} font-size: 0.85em; margin: 2px 0;">{note}</div>' + "".join(out)


def table_bytes(frame: pd.DataFrame, suffix: str) -> bytes:
    buf = io.BytesIO()
    write_table(frame, buf, suffix)
    return buf.getvalue()


def download_link(frame: pd.DataFrame, name: str, suffix: str = ".csv", lang: str = "en") -> str:
    """An HTML link that downloads `frame` as `name` (a data: URI; no server round trip)."""
    data = table_bytes(frame, suffix)
    if len(data) > MAX_DOWNLOAD_BYTES:
        return display.render_message(iface(lang, "too_large", size=f"{len(data) / 1e6:.0f}"), "info")
    href = f"data:{DOWNLOAD_FORMATS[suffix]};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="rv-download" download="{html.escape(name)}" href="{href}" style="{display.FONT} '
            f'display: inline-block; padding: 4px 12px; border: 1px solid #8C959F; border-radius: 4px; '
            f'background: #F6F8FA; color: #1F2328; text-decoration: none;">\u2b07 '
            f'{html.escape(iface(lang, "download", name=name, size=f"{len(data) / 1024:.0f}"))}</a>')


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
    #: The suggested rewrite per row of `reviewed` (None until asked for; reset by load and run).
    rewrites: pd.Series | None = None

    def load(self, frame: pd.DataFrame, name: str) -> None:
        if frame.columns.duplicated().any():
            raise TableError(f"{name}: duplicate column names", "parse")
        self.frame, self.name, self.reviewed, self.rewrites = frame, name, None, None
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
        self.reviewed, self.rewrites = with_problem_counts(reviewed), None
        return self.reviewed

    def rewrite_all(self, rewrite_fn: Callable[..., Any] | None = None,
                    progress: Callable[[int], Any] | None = None) -> pd.Series:
        """The suggested rewrite of every reviewed draft, <NA> where `status` is not ok (as
        `review_frame(..., rewrite=True)` writes it); computed once per run."""
        if self.reviewed is None:
            raise TableError("run the review first", "missing")
        if self.rewrites is None:
            if rewrite_fn is None:
                from .. import rewrite as rewrite_fn
            out: list[Any] = []
            for text, status in zip(self.reviewed[self.text_column], self.reviewed["status"]):
                out.append(rewrite_fn(text, self.lang).text if status == "ok" else None)
                if progress:
                    progress(1)
            self.rewrites = pd.Series(pd.array(out, dtype="string"), index=self.reviewed.index, name=REWRITE_COLUMN)
        return self.rewrites

    def export(self, rewrite: bool = False, rewrite_fn: Callable[..., Any] | None = None,
               progress: Callable[[int], Any] | None = None) -> pd.DataFrame:
        """The reviewed table to download or save; with `rewrite`, a last column REWRITE_COLUMN."""
        if self.reviewed is None:
            raise TableError("run the review first", "missing")
        if not rewrite:
            return self.reviewed
        if REWRITE_COLUMN in self.reviewed.columns:
            raise ValueError(f"the table already has a column {REWRITE_COLUMN!r}")
        return self.reviewed.assign(**{REWRITE_COLUMN: self.rewrite_all(rewrite_fn, progress)})


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


def _heading() -> widgets.HTML:
    return widgets.HTML()


def _heading_html(text: str) -> str:
    return f'<h3 style="{display.FONT} margin: 14px 0 4px;">{html.escape(text)}</h3>'


class _Message(Exception):
    """A problem to show in the interface language: an `iface` key and its values."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key, self.values = key, values


class BatchReviewer(widgets.VBox):
    """Upload or open a table of drafts, pick the text column, Run; then summary charts, a
    filterable table, a detail view of one row (where a finding can be corrected) and the
    reviewed file to download.

    path: a file to open at start (None: nothing; "example": the bundled example batch).
    allow_paths: offer opening and saving files by path on the machine running the kernel. Turn
    it off when serving the notebook to other people (e.g. a public Voila page).
    models: a model folder to review with instead of the shipped model.
    rewrite_fn: the rewrite function for the detail view and the download's `rewrite` column
    (default `reviewer.rewrite`, with `models` when given).
    corrections_path: where corrections from the detail view go (default `corrections.jsonl`
    in the working folder); corrections=False hides the corrections panel.
    interface: "auto" (English, or Indonesian when most reviewed drafts are Indonesian), "en", "id".
    """

    def __init__(self, path: str | Path | None = None, *, text_column: str | None = None, run: bool = False,
                 upload: widgets.FileUpload | None = None, review_fn: Callable | None = None,
                 review_frame_fn: Callable | None = None, rewrite_fn: Callable | None = None,
                 session: BatchSession | None = None,
                 allow_paths: bool = True, models: str | Path | None = None,
                 corrections_path: str | Path | None = None, corrections: bool = True,
                 interface: str = "auto", **kwargs):
        if interface not in INTERFACE_VALUES:
            raise ValueError(f"interface must be one of {', '.join(INTERFACE_VALUES)}, not {interface!r}")
        self.session = session or BatchSession()
        self.allow_paths = allow_paths
        self.models = models
        self._review_fn = review_fn
        self._review_frame_fn = review_frame_fn
        self._rewrite_fn = rewrite_fn
        self._relabelling = Quiet()
        self._applied_lang: str | None = None
        self._message: tuple[str, dict, str] | None = None  # (key, values, kind) of the load status

        self.interface = widgets.ToggleButtons(options=[(v, v) for v in INTERFACE_VALUES], value=interface,
                                               style={"button_width": "6.5em"}, layout=widgets.Layout(width="auto"))
        self.interface.add_class("rv-interface")
        self.interface_label = widgets.Label(layout=widgets.Layout(margin="0 4px 0 0"))
        self.upload = upload or widgets.FileUpload(accept=",".join(READ_FORMATS), multiple=False)
        self.path = widgets.Text(layout=widgets.Layout(width="28em"))
        self.open_button = widgets.Button()
        self.load_status = widgets.HTML()
        self.column = widgets.Dropdown(options=[], disabled=True, style={"description_width": "initial"})
        self.lang = widgets.Dropdown(options=[(v, v) for v in ("", "en", "id", "mixed")], value="",
                                     style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self.run_button = widgets.Button(button_style="primary", disabled=True)
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="",
                                            layout=widgets.Layout(width="16em", visibility="hidden"))
        self.progress_label = widgets.HTML()
        self.summary = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.label_filter = widgets.Dropdown(options=[("", "")] + [(l, l) for l in LABELS], value="",
                                             style={"description_width": "initial"},
                                             layout=widgets.Layout(width="auto"))
        self.lang_filter = widgets.Dropdown(options=[(v, v) for v in ("", "en", "id", "mixed")], value="",
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(width="auto"))
        self.status_filter = widgets.Dropdown(options=[(k, v) for k, v in STATUS_FILTERS], value="",
                                              style={"description_width": "initial"},
                                              layout=widgets.Layout(width="auto"))
        self.table = widgets.HTML(layout=widgets.Layout(max_height="30em", overflow="auto"))
        self.row = widgets.Dropdown(options=[], style={"description_width": "initial"},
                                    layout=widgets.Layout(width="40em", max_width="100%"))
        self.detail = widgets.HTML()
        self.detail_result = None
        self.detail_rewrite = None
        self.correction = CorrectionPanel(corrections_path) if corrections else None
        self.format = widgets.Dropdown(options=[(s[1:], s) for s in DOWNLOAD_FORMATS], value=".csv",
                                       style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self.download = widgets.HTML()
        self.rewrite_column = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="auto"))
        self.rewrite_column.add_class("rv-rewrite-column")
        self.save_path = widgets.Text(layout=widgets.Layout(width="24em"))
        self.save_button = widgets.Button()
        self.save_status = widgets.HTML()
        self.headings = {key: _heading() for key in ("h_summary", "h_table", "h_detail", "h_download")}

        self.upload.observe(self._on_upload, names="value")
        self.open_button.on_click(lambda _: self._guard(self.open_path))
        self.run_button.on_click(lambda _: self._guard(self.run))
        for w in (self.label_filter, self.lang_filter, self.status_filter):
            w.observe(lambda _: self._quiet_guard(self.update_table), names="value")
        self.row.observe(lambda _: self._quiet_guard(self.show_detail), names="value")
        self.format.observe(lambda _: self._quiet_guard(self.update_download), names="value")
        self.rewrite_column.observe(lambda _: self._quiet_guard(self.update_download), names="value")
        self.save_button.on_click(lambda _: self._guard(self.save))
        self.interface.observe(lambda _: self._quiet_guard(self.apply_language), names="value")

        self.results = widgets.VBox([
            self.headings["h_summary"], self.summary, self.chart,
            self.headings["h_table"],
            widgets.HBox([self.label_filter, self.lang_filter, self.status_filter],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.table,
            self.headings["h_detail"], self.row, self.detail,
            *([self.correction] if self.correction is not None else []),
            self.headings["h_download"],
            widgets.HBox([self.format, self.rewrite_column, self.download],
                         layout=widgets.Layout(align_items="center", flex_flow="row wrap")),
            widgets.HBox([self.save_path, self.save_button, self.save_status],
                         layout=widgets.Layout(align_items="center", flex_flow="row wrap")),
        ], layout=widgets.Layout(display="none"))
        if not allow_paths:
            for w in (self.path, self.open_button, self.save_path, self.save_button):
                w.layout.display = "none"
        super().__init__([
            widgets.HBox([self.interface_label, self.interface],
                         layout=widgets.Layout(justify_content="flex-end", align_items="center",
                                               flex_flow="row wrap")),
            widgets.HBox([self.upload, self.path, self.open_button], layout=widgets.Layout(flex_flow="row wrap")),
            self.load_status,
            widgets.HBox([self.column, self.lang, self.run_button, self.progress, self.progress_label],
                         layout=widgets.Layout(flex_flow="row wrap", align_items="center")),
            self.results,
        ], **kwargs)
        self.add_class("rv-batch-reviewer")
        self.apply_language()

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
            self._show("start_hint", "info")

    # -- the interface language ---------------------------------------------------------------------

    @property
    def interface_language(self) -> str:
        return interface_language(self.interface.value, majority_language(self.session.reviewed))

    def apply_language(self) -> None:
        """Put the controls (and any results on show) in the interface language."""
        lang = self.interface_language
        if lang == self._applied_lang:
            return
        with self._relabelling():
            self.interface_label.value = iface(lang, "interface")
            replace_options(self.interface, [(iface(lang, f"interface_{v}"), v) for v in INTERFACE_VALUES])
            self.interface.tooltips = [iface(lang, f"interface_{v}_tip") for v in INTERFACE_VALUES]
            self.upload.description = iface(lang, "upload")
            self.path.placeholder = iface(lang, "path_placeholder")
            self.open_button.description = iface(lang, "open")
            self.column.description = iface(lang, "text_column")
            self.lang.description = iface(lang, "language")
            replace_options(self.lang, [(iface(lang, "batch_lang_auto"), ""), (iface(lang, "lang_en"), "en"),
                                      (iface(lang, "lang_id"), "id"), (iface(lang, "lang_mixed"), "mixed")])
            self.run_button.description = iface(lang, "run")
            for key, heading in self.headings.items():
                heading.value = _heading_html(iface(lang, key))
            names = PLAIN_NAMES["id" if lang == "id" else "en"]
            self.label_filter.description = iface(lang, "check")
            replace_options(self.label_filter, [(iface(lang, "any"), "")] +
                          [(iface(lang, "fails", name=names[l]), l) for l in LABELS])
            self.lang_filter.description = iface(lang, "language")
            replace_options(self.lang_filter, [(iface(lang, "any"), ""), (iface(lang, "lang_en"), "en"),
                                             (iface(lang, "lang_id"), "id"), (iface(lang, "lang_mixed"), "mixed")])
            self.status_filter.description = iface(lang, "status")
            replace_options(self.status_filter, [(iface(lang, STATUS_KEYS[v]), v) for _, v in STATUS_FILTERS])
            self.row.description = iface(lang, "row")
            self.format.description = iface(lang, "format")
            self.rewrite_column.description = iface(lang, "rw_column")
            self.save_path.placeholder = iface(lang, "save_placeholder")
            self.save_button.description = iface(lang, "save")
            if self.correction is not None:
                self.correction.set_language(lang)
        self._applied_lang = lang
        if self._message is not None:
            self._show(self._message[0], self._message[2], **self._message[1])
        if self.session.reviewed is not None and self.results.layout.display != "none":
            self.show_results()

    # -- guarded callbacks ----------------------------------------------------------------------

    def _quiet_guard(self, fn: Callable[[], Any]) -> None:
        if not self._relabelling:
            self._guard(fn)

    def _guard(self, fn: Callable[[], Any]) -> None:
        try:
            fn()
        except _Message as exc:
            self._show(exc.key, "error", **exc.values)
            self.progress.layout.visibility = "hidden"
        except (TableError, KeyError, ValueError, TypeError) as exc:
            text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            self._error(str(text))
        except Exception as exc:  # noqa: BLE001 - callbacks must not show tracebacks
            log.exception("batch reviewer callback failed")
            self._show("batch_failed", "error", kind=type(exc).__name__)
            self.progress.layout.visibility = "hidden"

    def _show(self, key: str, kind: str, **values: Any) -> None:
        """A status message in the interface language (kept, so a language switch redraws it)."""
        self._message = (key, values, kind)
        self.load_status.value = display.render_message(iface(self.interface_language, key, **values), kind)

    def _error(self, text: str) -> None:
        self._message = None
        self.load_status.value = display.render_message(text[:1].upper() + text[1:], "error")
        self.progress.layout.visibility = "hidden"

    def _clear_status(self) -> None:
        self._message = None
        self.load_status.value = ""

    # -- loading ---------------------------------------------------------------------------------

    def _on_upload(self, change: dict) -> None:
        if change["new"]:
            self._guard(lambda: self._loaded(*read_upload(change["new"])))

    def open_path(self) -> None:
        if not self.allow_paths and self.path.value.strip() != _shown_path(BATCH_FILE):
            raise _Message("paths_off")
        if not self.path.value.strip():
            raise _Message("need_path")
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
        self._show("loaded", "info", name=name, rows=len(frame), columns=len(columns))

    def _set_column(self, column: str) -> None:
        if column not in self.column.options:
            raise _Message("column_missing", column=repr(column), columns=", ".join(self.column.options))
        self.column.value = column

    # -- running ---------------------------------------------------------------------------------

    def _frame_fn(self) -> Callable | None:
        if self._review_frame_fn is not None or self.models is None:
            return self._review_frame_fn
        from ..api import review_frame
        from ..artifacts import load_model

        return lambda frame, **kw: review_frame(frame, model=load_model(self.models), **kw)

    def _one_fn(self) -> Callable:
        if self._review_fn is not None:
            return self._review_fn
        if self.models is not None:
            from .widgets import model_review
            return model_review(self.models)
        from ..api import review
        return review

    def _rewrite_one(self) -> Callable:
        if self._rewrite_fn is not None:
            return self._rewrite_fn
        if self.models is not None:
            return model_rewrite(self.models)
        from .. import rewrite
        return rewrite

    def run(self) -> None:
        frame = self.session.frame
        if frame is None:
            raise _Message("load_first")
        if not self.column.value:
            raise _Message("pick_column")
        n = len(frame)
        lang = self.interface_language
        self.progress.max, self.progress.value = max(n, 1), 0
        self.progress.layout.visibility = "visible"
        self.progress_label.value = iface(lang, "progress", done=0, total=n)

        def advance(done: int) -> None:
            self.progress.value = min(self.progress.value + done, self.progress.max)
            self.progress_label.value = iface(lang, "progress", done=self.progress.value, total=n)

        self.run_button.disabled = True
        try:
            self.session.run(self.column.value, self.lang.value or None, advance, self._frame_fn())
        finally:
            self.run_button.disabled = False
        self.progress.value = self.progress.max
        self._clear_status()
        self.apply_language()  # on Auto, the reviewed drafts may have changed the language
        self.progress_label.value = iface(self.interface_language, "progress_done", total=n)
        self.show_results()

    def show_results(self) -> None:
        reviewed = self.session.reviewed
        if reviewed is None:
            return
        lang = self.interface_language
        self.summary.value = render_summary_text(reviewed, self.session.name, lang)
        fig = plot_summary(reviewed, lang)
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
        lang = self.interface_language
        self.table.value = render_table(rows, self.session.text_column or "text", lang=lang)
        column = self.session.text_column or "text"
        options = []
        for idx, row in rows.head(DETAIL_OPTIONS).iterrows():
            excerpt = " ".join(_cell(row[column]).split())[:60]
            met = row["essentials_met"]
            tag = iface(lang, "row_tag_not_reviewed") if pd.isna(met) else f"{int(met)}/4"
            options.append((f"#{idx} ({tag}) {excerpt}", idx))
        current = self.row.value
        with self._relabelling():
            self.row.options = options
            if options:
                self.row.value = current if current in {v for _, v in options} else options[0][1]
        self.show_detail()

    def show_detail(self) -> None:
        reviewed, idx = self.session.reviewed, self.row.value
        lang = self.interface_language
        self.detail_result = self.detail_rewrite = None
        if self.correction is not None:
            self.correction.hide()
        if reviewed is None or idx is None or idx not in reviewed.index:
            self.detail.value = ""
            return
        row = reviewed.loc[idx]
        if row["status"] != "ok":
            self.detail.value = display.render_message(
                iface(lang, "row_not_reviewed", idx=idx, why=status_text(lang, str(row["status"]))), "info")
            return
        try:
            result = self._one_fn()(row[self.session.text_column], self.session.lang)
        except (ValueError, TypeError) as exc:
            self.detail.value = display.render_message(str(exc), "error")
            return
        self.detail_result = result
        self.detail.value = (f'<div style="{display.FONT} font-size: 0.85em; opacity: 0.8;">'
                             f'{html.escape(iface(lang, "row_label", idx=idx))}</div>'
                             + display.render_review(result, lang_chosen=self.session.lang is not None)
                             + self._detail_rewrite(row[self.session.text_column], lang))
        if self.correction is not None:
            self.correction.show(result, lang)

    def _detail_rewrite(self, text: Any, lang: str) -> str:
        """The suggested rewrite of the draft in detail (one line if it cannot be made)."""
        try:
            self.detail_rewrite = self._rewrite_one()(text, self.session.lang)
        except Exception as exc:  # noqa: BLE001 - the review above still holds
            log.exception("rewrite in the detail view failed")
            return display.render_message(iface(lang, "rw_failed", kind=type(exc).__name__), "info")
        return render_rewrite(self.detail_rewrite, lang)

    # -- exporting -------------------------------------------------------------------------------

    def export_frame(self) -> pd.DataFrame:
        """The reviewed table as downloaded and saved: with the `rewrite` column when its box is
        ticked (computed once per run, with the progress bar)."""
        reviewed = self.session.reviewed
        if reviewed is None:
            raise _Message("run_first")
        if not self.rewrite_column.value:
            return reviewed
        if REWRITE_COLUMN in reviewed.columns:
            raise _Message("rw_column_clash")
        if self.session.rewrites is not None:
            return self.session.export(rewrite=True)
        lang, n = self.interface_language, len(reviewed)
        self.progress.max, self.progress.value = max(n, 1), 0
        self.progress.layout.visibility = "visible"

        def advance(done: int) -> None:
            self.progress.value = min(self.progress.value + done, self.progress.max)
            self.progress_label.value = iface(lang, "rw_progress", done=self.progress.value, total=n)

        frame = self.session.export(rewrite=True, rewrite_fn=self._rewrite_one(), progress=advance)
        self.progress_label.value = iface(lang, "rw_progress_done", total=n)
        return frame

    def update_download(self) -> None:
        reviewed = self.session.reviewed
        if reviewed is None:
            self.download.value = ""
            return
        try:
            frame = self.export_frame()
        except _Message as exc:  # a clashing column: the download stays without the rewrite
            self._show(exc.key, "error", **exc.values)
            frame = reviewed
        self.download.value = download_link(frame, reviewed_name(self.session.name, self.format.value),
                                            self.format.value, self.interface_language)

    def save(self) -> None:
        if not self.allow_paths:
            raise _Message("save_off")
        reviewed = self.session.reviewed
        if reviewed is None:
            raise _Message("run_first")
        target = Path(self.save_path.value.strip() or reviewed_name(self.session.name, self.format.value))
        suffix = target.suffix.lower()
        if suffix not in DOWNLOAD_FORMATS and suffix != ".parquet":
            raise _Message("save_format", path=str(target))
        if not target.parent.is_dir():
            raise _Message("save_folder", path=str(target), folder=str(target.parent))
        write_table(self.export_frame(), target, suffix)
        self.save_status.value = display.render_message(
            iface(self.interface_language, "saved_rows", rows=len(reviewed), path=str(target)), "info")
