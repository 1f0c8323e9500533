"""Merge writers' batch files into data/corpus.jsonl (or the stress split into data/stress.jsonl).

Drafts already in the corpus keep their split, so adding a batch never moves a draft between
train and test. New drafts are split like the first batches were: stratified by language,
apology and oversharing, ordered by a hash of the id within each stratum, one in five to test.
Stress drafts all get split "stress" and go to their own file.

Usage:
    python scripts/build_corpus.py data/batches/v2-*.jsonl          # add to data/corpus.jsonl
    python scripts/build_corpus.py --stress data/stress/*.jsonl     # write data/stress.jsonl
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reviewer.training.corpus import validate_row  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data"
FIELDS = ["id", "lang", "channel", "text", "apology", "clear_reason", "oversharing", "follow_up", "gratitude",
          "reschedule_request", "reason_category", "evidence", "note", "split"]
TEST_EVERY = 5  # one new draft in five goes to the test split


def read_rows(paths: list[str]) -> list[dict]:
    rows = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def assign_splits(rows: list[dict]) -> None:
    strata = defaultdict(list)
    for row in rows:
        strata[(row["lang"], row["apology"], row["oversharing"])].append(row)
    for members in strata.values():
        members.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
        for k, row in enumerate(members):
            row["split"] = "test" if k % TEST_EVERY == 2 else "train"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("batches", nargs="+")
    parser.add_argument("--stress", action="store_true", help="write the stress split instead")
    args = parser.parse_args(argv)
    new = read_rows(args.batches)
    if args.stress:
        out, existing = DATA / "stress.jsonl", []
        for row in new:
            row["split"] = "stress"
    else:
        out = DATA / "corpus.jsonl"
        existing = read_rows([str(out)]) if out.is_file() else []
        known = {r["id"] for r in existing}
        new = [r for r in new if r["id"] not in known]
        assign_splits(new)
    rows = existing + new
    bad = 0
    for row in rows:
        row.setdefault("note", "")
        for problem in validate_row(row):
            print(f"{row['id']}: {problem}")
            bad += 1
    rows.sort(key=lambda r: r["id"])
    with open(out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    splits = defaultdict(int)
    for row in rows:
        splits[row["split"]] += 1
    print(f"wrote {len(rows)} drafts to {out} ({dict(splits)}; {len(new)} new), {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
