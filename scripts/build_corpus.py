"""Merge the writers' batch files into data/corpus.jsonl and assign the fixed test split.

The split is stratified by language, apology and oversharing, and decided by a hash of each
draft's id, so it never depends on file order and a draft's split never changes once given.
Usage: python scripts/build_corpus.py data/batches/*.jsonl
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reviewer.training.corpus import validate_row  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "data" / "corpus.jsonl"
FIELDS = ["id", "lang", "channel", "text", "apology", "clear_reason", "oversharing", "follow_up", "gratitude",
          "reschedule_request", "reason_category", "evidence", "note", "split"]
TEST_EVERY = 5  # one draft in five goes to the test split


def main(paths: list[str]) -> int:
    rows = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    strata = defaultdict(list)
    for row in rows:
        strata[(row["lang"], row["apology"], row["oversharing"])].append(row)
    for members in strata.values():
        members.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
        for k, row in enumerate(members):
            row["split"] = "test" if k % TEST_EVERY == 2 else "train"
    bad = 0
    for row in rows:
        row.setdefault("note", "")
        for problem in validate_row(row):
            print(f"{row['id']}: {problem}")
            bad += 1
    rows.sort(key=lambda r: r["id"])
    with open(OUT, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} drafts to {OUT} ({sum(r['split'] == 'test' for r in rows)} test), {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
