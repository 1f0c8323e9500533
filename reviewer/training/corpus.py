"""Reads the labeled corpus (data/corpus.jsonl) and derives what training needs from it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from ..labels import CHANNELS, LABELS, LANGUAGES, REASON_CATEGORIES, SPECIFIC_REASONS
from ..nlp import Analysis

CORPUS_FILE = "corpus.jsonl"
#: Drafts written separately, by writers who wrote no training drafts, in real-message styles:
#: never used for training, tuning, thresholds or cue lists; only read to report figures.
STRESS_FILE = "stress.jsonl"
REQUIRED_FIELDS = ("id", "lang", "channel", "text", *LABELS, "reason_category", "evidence", "split")


def default_data_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "data"


def load_corpus(path: Path | str | None = None) -> pd.DataFrame:
    """The corpus as a DataFrame, one row per draft, in file order."""
    path = Path(path) if path else default_data_dir() / CORPUS_FILE
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    frame = pd.DataFrame(rows)
    missing = [f for f in REQUIRED_FIELDS if f not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing fields {missing}")
    return frame


def is_corpus_file(path: Path | str) -> bool:
    """True for a file in the corpus format (JSON Lines whose rows carry a train/test split),
    False for any other labelled file (a team's CSV, JSON Lines or Excel)."""
    path = Path(path)
    if path.suffix.lower() not in (".jsonl", ".json") or not path.is_file():
        return False
    with open(path, encoding="utf-8") as fh:
        first = next((line for line in fh if line.strip()), "")
    try:
        row = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(row, dict) and set(REQUIRED_FIELDS) <= set(row)


def load_stress(path: Path | str | None = None) -> pd.DataFrame:
    """The stress split (same fields as the corpus, split "stress")."""
    return load_corpus(Path(path) if path else default_data_dir() / STRESS_FILE)


def validate_row(row: dict[str, Any]) -> list[str]:
    """Problems with one corpus row against the labeling guide (empty list when valid)."""
    problems = []
    for name in REQUIRED_FIELDS:
        if name not in row:
            problems.append(f"missing field {name}")
    if problems:
        return problems
    if not isinstance(row["text"], str) or not row["text"].strip():
        problems.append("empty text")
    if row["lang"] not in LANGUAGES:
        problems.append(f"bad lang {row['lang']!r}")
    if row["channel"] not in CHANNELS:
        problems.append(f"bad channel {row['channel']!r}")
    if row["split"] not in ("train", "test", "stress"):
        problems.append(f"bad split {row['split']!r}")
    if row["reason_category"] not in REASON_CATEGORIES:
        problems.append(f"bad reason_category {row['reason_category']!r}")
    for label in LABELS:
        if row[label] not in (0, 1):
            problems.append(f"{label} is not 0/1")
        quotes = row["evidence"].get(label, [])
        if row[label] == 1 and not quotes:
            problems.append(f"{label}=1 without evidence")
        if row[label] == 0 and quotes:
            problems.append(f"{label}=0 with evidence")
        problems += [f"{label} evidence not verbatim: {q!r}" for q in quotes if q not in row["text"]]
    if row["reschedule_request"] == 1 and row["follow_up"] == 0:
        problems.append("reschedule_request without follow_up")
    if (row["clear_reason"] == 1) != (row["reason_category"] in SPECIFIC_REASONS):
        problems.append(f"clear_reason={row['clear_reason']} disagrees with category {row['reason_category']}")
    return problems


def quote_spans(text: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of every occurrence of every quote."""
    spans = []
    for quote in quotes:
        start = text.find(quote)
        while start != -1 and quote:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + 1)
    return spans


def segment_labels(analysis: Analysis, text: str, quotes: Sequence[str]) -> list[int]:
    """1 for each segment of the draft that overlaps an evidence quote, else 0."""
    spans = quote_spans(text, quotes)
    return [int(any(s.start < end and start < s.end for start, end in spans)) for s in analysis.segments]
