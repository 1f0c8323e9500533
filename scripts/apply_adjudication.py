"""Apply adjudicated labels (data/annotation/adjudicated.jsonl, or the category audit in
data/annotation/category-audit.jsonl) to data/corpus.jsonl and data/stress.jsonl.

Each line: {"id", "final": {field: value}, "evidence": {label: [quotes]}, "rule"}. A label set
to 1 takes the given evidence quotes; a label set to 0 loses its evidence. The result is
checked with the corpus rules before it is written.
Applying a file twice changes nothing the second time (values already set are not counted).
Usage: python scripts/apply_adjudication.py data/annotation/adjudicated.jsonl
       python scripts/apply_adjudication.py --note "Category audit" data/annotation/category-audit.jsonl
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reviewer.training.corpus import validate_row  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data"
FILES = (DATA / "corpus.jsonl", DATA / "stress.jsonl")


def apply(rows: list[dict], decisions: dict[str, dict], note: str) -> tuple[int, int, int]:
    """Set the decided values on the rows they name; return (drafts, values changed, problems)."""
    drafts, changed, problems = 0, 0, 0
    for row in rows:
        decision = decisions.get(row["id"])
        if not decision:
            continue
        drafts += 1
        row_changed = 0
        for field, value in decision["final"].items():
            if row[field] != value:
                row_changed += 1
            row[field] = value
            if field != "reason_category":
                if value == 1 and not row["evidence"].get(field):
                    row["evidence"][field] = decision.get("evidence", {}).get(field, [])
                elif value == 0:
                    row["evidence"].pop(field, None)
        if row_changed:
            row["note"] = (row["note"] + " " if row["note"] else "") + f"{note}: " + decision["rule"]
        changed += row_changed
        for problem in validate_row(row):
            print(f"{row['id']}: {problem}")
            problems += 1
    return drafts, changed, problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("decisions")
    parser.add_argument("--note", default="Adjudicated", help="what the draft's note calls the decision")
    args = parser.parse_args(argv)
    lines = Path(args.decisions).read_text(encoding="utf-8").splitlines()
    decisions = {d["id"]: d for d in (json.loads(line) for line in lines if line.strip())}
    tables = {path: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
              for path in FILES}
    totals = [apply(rows, decisions, args.note) for rows in tables.values()]
    drafts, changed, problems = (sum(t[i] for t in totals) for i in range(3))
    missing = set(decisions) - {row["id"] for rows in tables.values() for row in rows}
    for draft_id in sorted(missing):
        print(f"{draft_id}: not in the corpus or the stress split")
    if problems or missing:
        return 1
    written = []
    for path, rows in tables.items():  # both files are written in full before either is replaced
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append((tmp, path))
    for tmp, path in written:
        os.replace(tmp, path)
    print(f"{drafts} drafts decided, {changed} values changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
