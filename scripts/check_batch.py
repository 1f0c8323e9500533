"""Check one or more corpus batch files (JSONL) against the labeling guide.

Usage: python scripts/check_batch.py data/batches/en1.jsonl [...]
Prints problems (schema, evidence not verbatim, label logic, duplicates) and label rates per language.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from difflib import SequenceMatcher

LABELS = ["apology", "clear_reason", "oversharing", "follow_up", "gratitude", "reschedule_request"]
CATEGORIES = {"new_offer", "illness", "family", "schedule_conflict", "transport", "relocation",
              "not_a_fit", "vague", "implausible", "other", "none"}
SPECIFIC = CATEGORIES - {"vague", "implausible", "none"}
REQUIRED = {"id", "lang", "channel", "text", "reason_category", "evidence", *LABELS}


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
        missing = REQUIRED - r.keys()
        if missing:
            print(f"{where}: missing fields {sorted(missing)}"); problems += 1; continue
        if ids[r["id"]] > 1:
            print(f"{where}: duplicate id"); problems += 1
        if r["lang"] not in {"en", "id", "mixed"}:
            print(f"{where}: bad lang {r['lang']}"); problems += 1
        if r["channel"] not in {"email", "text", "voicemail"}:
            print(f"{where}: bad channel {r['channel']}"); problems += 1
        if r["reason_category"] not in CATEGORIES:
            print(f"{where}: bad reason_category {r['reason_category']}"); problems += 1
        for lab in LABELS:
            if r[lab] not in (0, 1):
                print(f"{where}: {lab} must be 0/1"); problems += 1
        ev = r["evidence"]
        for lab in LABELS:
            quotes = ev.get(lab, [])
            if r[lab] == 1 and not quotes:
                print(f"{where}: {lab}=1 but no evidence"); problems += 1
            if r[lab] == 0 and quotes:
                print(f"{where}: {lab}=0 but has evidence"); problems += 1
            for q in quotes:
                if q not in r["text"]:
                    print(f"{where}: {lab} evidence not verbatim: {q!r}"); problems += 1
        if set(ev) - set(LABELS):
            print(f"{where}: unknown evidence keys {set(ev) - set(LABELS)}"); problems += 1
        if r["reschedule_request"] == 1 and r["follow_up"] == 0:
            print(f"{where}: reschedule_request=1 needs follow_up=1"); problems += 1
        if r["clear_reason"] == 1 and r["reason_category"] not in SPECIFIC:
            print(f"{where}: clear_reason=1 but category {r['reason_category']}"); problems += 1
        if r["clear_reason"] == 0 and r["reason_category"] in SPECIFIC:
            print(f"{where}: clear_reason=0 but specific category {r['reason_category']}"); problems += 1
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
