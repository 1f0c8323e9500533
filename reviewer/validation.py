"""Decides whether a value can be reviewed, and says why not in one word.

A batch keeps every row: rows that cannot be reviewed get one of these statuses instead of
stopping the run, and `review()` turns the same verdict into a clear exception.
"""
from __future__ import annotations

import math
import re
from typing import Any

#: Longest draft reviewed (a cancellation message is a few hundred words; 20,000 characters is
#: ten pages). Longer values are almost always a pasted file or junk, and would slow a batch.
MAX_CHARS = 20_000

_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\ud800-\\udfff\\ufffe\\uffff]")

#: Lone surrogates (e.g. from JSON "\\ud800") are not text and cannot be encoded as UTF-8.
_SURROGATE = re.compile("[\\ud800-\\udfff]")

STATUS_MESSAGES: dict[str, str] = {
    "ok": "reviewed",
    "missing": "no value (None/NaN)",
    "not_text": "the value is not text",
    "empty": "the draft is empty or only whitespace",
    "too_long": f"the draft is longer than {MAX_CHARS:,} characters",
    "binary": "the value looks like binary data, not a message",
    "no_words": "the draft has no words (only emoji, digits or symbols)",
    "error": "could not be reviewed (internal error; the rest of the batch was reviewed)",
}


def text_status(value: Any) -> str:
    """"ok" or the reason the value cannot be reviewed (a key of STATUS_MESSAGES)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if not isinstance(value, str):
        try:
            import pandas as pd
            if pd.isna(value) is True:
                return "missing"
        except (TypeError, ValueError, ImportError):
            pass
        return "not_text"
    if not value.strip():
        return "empty"
    if len(value) > MAX_CHARS:
        return "too_long"
    controls = len(_CONTROL.findall(value))
    if "\x00" in value or controls > max(2, len(value) // 20) or _SURROGATE.search(value):
        return "binary"
    if not any(ch.isalpha() for ch in value):
        return "no_words"
    return "ok"


def check_text(value: Any) -> str:
    """Return the value if it can be reviewed, else raise TypeError/ValueError saying why."""
    status = text_status(value)
    if status == "ok":
        return value
    if status == "not_text":
        raise TypeError(f"review() needs a string, got {type(value).__name__}")
    raise ValueError(f"cannot review this draft: {STATUS_MESSAGES[status]}")
