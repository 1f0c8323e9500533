"""Example drafts for trying the reviewer at once (good and bad, English, Indonesian, code-mixed),
and a small batch file for the batch notebook."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent
DRAFTS_FILE = EXAMPLES_DIR / "drafts.csv"
BATCH_FILE = EXAMPLES_DIR / "batch_sample.csv"

__all__ = ["BATCH_FILE", "DRAFTS_FILE", "EXAMPLES_DIR", "Example", "load_examples"]


@dataclass(frozen=True)
class Example:
    id: str
    title: str
    lang: str
    kind: str  # "good" or "bad"
    channel: str
    text: str


@lru_cache(maxsize=1)
def load_examples() -> tuple[Example, ...]:
    """The example drafts, in file order."""
    with open(DRAFTS_FILE, newline="", encoding="utf-8") as fh:
        return tuple(Example(**row) for row in csv.DictReader(fh))
