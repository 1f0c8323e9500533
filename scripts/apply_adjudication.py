"""Apply adjudicated labels (data/annotation/adjudicated.jsonl) to data/corpus.jsonl.

Each line: {"id", "final": {field: value}, "evidence": {label: [quotes]}, "rule"}. A label set
to 1 takes the given evidence quotes; a label set to 0 loses its evidence. The result is
checked with the corpus rules before it is written.
Usage: python scripts/apply_adjudication.py data/annotation/adjudicated.jsonl
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reviewer.training.corpus import validate_row  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus.jsonl"


def main(path: str) -> int:
    decisions = {d["id"]: d for d in map(json.loads, Path(path).read_text(encoding="utf-8").splitlines()) if d}
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    changed, problems = 0, 0
    for row in rows:
        decision = decisions.get(row["id"])
        if not decision:
            continue
        for field, value in decision["final"].items():
            if row[field] != value:
                changed += 1
            row[field] = value
            if field != "reason_category":
                if value == 1 and not row["evidence"].get(field):
                    row["evidence"][field] = decision.get("evidence", {}).get(field, [])
                elif value == 0:
                    row["evidence"].pop(field, None)
        row["note"] = (row["note"] + " " if row["note"] else "") + "Adjudicated: " + decision["rule"]
        for problem in validate_row(row):
            print(f"{row['id']}: {problem}")
            problems += 1
    if problems:
        return 1
    with open(CORPUS, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(decisions)} drafts adjudicated, {changed} values changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
