"""Check one or more corpus batch files (JSONL) against the labeling guide.

Usage: python scripts/check_batch.py data/batches/en1.jsonl [...]
Prints problems (schema, evidence not verbatim, label logic: reviewer.training.corpus.validate_row;
duplicate ids; exact and near-duplicate texts) and label rates per language.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reviewer.training.corpus import REQUIRED_FIELDS, validate_row  # noqa: E402
from reviewer.labels import LABELS  # noqa: E402

REQUIRED = set(REQUIRED_FIELDS) - {"split"}


def norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def check(paths: list[str]) -> int:
    problems = 0
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    print(f"{path}:{n}: bad JSON: {exc}")
                    problems += 1
                    continue
                rows.append((path, n, row))
    ids = Counter(r["id"] for _, _, r in rows if "id" in r)
    for path, n, r in rows:
        where = f"{path}:{n} ({r.get('id')})"
        if ids[r.get("id")] > 1:
            print(f"{where}: duplicate id"); problems += 1
        for problem in validate_row({"split": "train", **r}):
            print(f"{where}: {problem}"); problems += 1
    # near duplicates
    normed = [(r["id"], norm(r["text"])) for _, _, r in rows if "text" in r]
    seen = {}
    for rid, t in normed:
        if t in seen:
            print(f"exact duplicate text: {rid} ~ {seen[t]}"); problems += 1
        seen[t] = rid
    for i in range(len(normed)):
        for j in range(i + 1, len(normed)):
            a, b = normed[i][1], normed[j][1]
            if abs(len(a) - len(b)) > 0.3 * max(len(a), len(b)):
                continue
            sm = SequenceMatcher(None, a, b, autojunk=False)
            if sm.real_quick_ratio() > 0.85 and sm.quick_ratio() > 0.85 and sm.ratio() > 0.85:
                print(f"near duplicate: {normed[i][0]} ~ {normed[j][0]} ({sm.ratio():.2f})"); problems += 1
    by_lang = defaultdict(list)
    for _, _, r in rows:
        if REQUIRED <= r.keys():
            by_lang[r["lang"]].append(r)
    for lang, rs in sorted(by_lang.items()):
        rates = ", ".join(f"{lab} {sum(r[lab] for r in rs) / len(rs):.0%}" for lab in LABELS)
        chans = Counter(r["channel"] for r in rs)
        words = sorted(len(r["text"].split()) for r in rs)
        print(f"[{lang}] n={len(rs)} {rates}")
        print(f"[{lang}] channels {dict(chans)}; words min {words[0]} median {words[len(words)//2]} max {words[-1]}; "
              f"categories {dict(Counter(r['reason_category'] for r in rs))}")
    print(f"{len(rows)} rows, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(check(sys.argv[1:]))
