"""A team's own labelled drafts: corrections saved from the notebooks, and labelled files to
train on (`reviewer train --add`) or to measure a model on (`reviewer evaluate --data`).

Corrections stay on the user's machine in a JSON Lines file, one row per draft: correcting the
same draft again replaces its row, so the file always holds the latest judgement.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ..labels import LABELS, LANGUAGES, REASON_CATEGORIES, SPECIFIC_REASONS

DEFAULT_CORRECTIONS_FILE = "corrections.jsonl"


class LabelledDataError(ValueError):
    """A labelled file a team gave us cannot be used: names the row and the field."""


def draft_key(text: str) -> str:
    """The identity of a draft in the corrections file: its text, whitespace-trimmed."""
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:16]


class CorrectionStore:
    """Corrections in a JSON Lines file (default `corrections.jsonl` in the working folder)."""

    def __init__(self, path: Path | str = DEFAULT_CORRECTIONS_FILE) -> None:
        self.path = Path(path)

    def rows(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def __len__(self) -> int:
        return len(self.rows())

    def get(self, text: str) -> dict[str, Any] | None:
        key = draft_key(text)
        return next((row for row in self.rows() if row.get("key") == key), None)

    def record(self, text: str, lang: str, labels: Mapping[str, int | bool], note: str = "",
               reason_category: str | None = None) -> dict[str, Any]:
        """Save the draft with all six labels as they should be; replaces an earlier correction."""
        row = validate_labelled_row({"text": text, "lang": lang, **{l: int(bool(labels[l])) for l in LABELS},
                                     "reason_category": reason_category or ""}, where="correction")
        row.update({"key": draft_key(text), "note": note,
                    "corrected_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        rows = [r for r in self.rows() if r.get("key") != row["key"]] + [row]
        self._write(rows)
        return row

    def _write(self, rows: list[dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, self.path)


def validate_labelled_row(row: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A clean copy of one labelled row, or LabelledDataError naming `where` and the field."""
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LabelledDataError(f"{where}: field 'text' is missing or empty")
    clean: dict[str, Any] = {"text": text}
    for label in LABELS:
        value = row.get(label)
        if isinstance(value, str) and value.strip() in {"0", "1"}:
            value = int(value.strip())
        if isinstance(value, float) and value in (0.0, 1.0):
            value = int(value)
        if value not in (0, 1):
            raise LabelledDataError(f"{where}: field '{label}' must be 0 or 1, got {row.get(label)!r}")
        clean[label] = int(value)
    if clean["reschedule_request"] and not clean["follow_up"]:
        raise LabelledDataError(f"{where}: field 'follow_up' must be 1 when reschedule_request is 1")
    lang = row.get("lang")
    clean["lang"] = lang if isinstance(lang, str) and lang in LANGUAGES else None
    if lang not in (None, "") and not (isinstance(lang, float) and pd.isna(lang)) and clean["lang"] is None:
        raise LabelledDataError(f"{where}: field 'lang' must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    category = row.get("reason_category")
    category = category if isinstance(category, str) and category else None
    if category is not None:
        if category not in REASON_CATEGORIES:
            raise LabelledDataError(f"{where}: field 'reason_category' is not one of {', '.join(REASON_CATEGORIES)}")
        if (category in SPECIFIC_REASONS) != bool(clean["clear_reason"]):
            raise LabelledDataError(f"{where}: field 'reason_category' {category!r} disagrees with "
                                    f"clear_reason={clean['clear_reason']}")
    clean["reason_category"] = category
    return clean


def load_labelled(path: Path | str) -> pd.DataFrame:
    """A team's labelled drafts (JSON Lines, CSV or Excel with `text` and the six labels; `lang`
    and `reason_category` optional), validated row by row. Rows are numbered from 1 as a
    person counts them in the file (for CSV, the header is line 1 and the first draft row 1)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        records = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    records.append((n, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise LabelledDataError(f"{path}: row {n}: not valid JSON ({exc.msg})") from None
    elif suffix == ".csv":
        frame = pd.read_csv(path, dtype=object, keep_default_na=False)
        records = list(enumerate(frame.to_dict("records"), 1))
    elif suffix in (".xlsx", ".xls"):
        frame = pd.read_excel(path, dtype=object).fillna("")
        records = list(enumerate(frame.to_dict("records"), 1))
    else:
        raise LabelledDataError(f"{path}: unsupported file type {suffix!r} (use .jsonl, .csv or .xlsx)")
    if not records:
        raise LabelledDataError(f"{path}: no labelled drafts")
    rows = []
    for n, record in records:
        if not isinstance(record, dict):
            raise LabelledDataError(f"{path}: row {n}: expected an object with text and labels")
        rows.append(validate_labelled_row(record, where=f"{path}: row {n}"))
    return pd.DataFrame(rows)
