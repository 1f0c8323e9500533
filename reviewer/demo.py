"""Prints a readable summary of a reviewed file: `python -m reviewer.demo reviewed.csv`.

Used by `make demo` so that a first-time user sees, per draft, what passes and the most
important fix, without opening the CSV.
"""
from __future__ import annotations

import sys
import textwrap

import pandas as pd

from .labels import ESSENTIALS, LABELS, PLAIN_NAMES, is_good


def summarise(reviewed: pd.DataFrame, width: int = 100) -> str:
    """One block per draft: id/language/status, a pass/fix line per label, the first suggestion."""
    lines = []
    for n, row in enumerate(reviewed.itertuples(index=False)):
        row = row._asdict()
        head = f"[{row.get('id', n + 1)}] "
        if row["status"] != "ok":
            lines.append(f"{head}not reviewed: {row['status']}")
            continue
        met = sum(is_good(label, bool(int(row[label]))) for label in ESSENTIALS)
        lines.append(f"{head}{row['language']}, reason: {row['reason_category']}, {met} of 4 essentials")
        marks = [f"{'ok' if is_good(l, bool(int(row[l]))) else 'FIX'} {PLAIN_NAMES['en'][l].lower()}" for l in LABELS]
        lines.append("    " + " | ".join(marks))
        first = str(row["feedback"]).split("\n")[0]
        lines.extend(textwrap.wrap(first, width, initial_indent="    -> ", subsequent_indent="       "))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m reviewer.demo REVIEWED.csv", file=sys.stderr)
        return 2
    frame = pd.read_csv(args[0], dtype={"status": str}, keep_default_na=False)
    print(summarise(frame))
    return 0


if __name__ == "__main__":
    sys.exit(main())
