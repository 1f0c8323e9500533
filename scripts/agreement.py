"""Agreement between the corpus labels and a second annotator's blind labels.

Prints Cohen's kappa and raw agreement per label (and for reason_category), overall and per
language, and writes the disagreements as JSON Lines for adjudication.
Usage: python scripts/agreement.py data/annotation/second-annotator-*.jsonl [--disagreements OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from reviewer.labels import LABELS  # noqa: E402
from reviewer.training.corpus import load_corpus  # noqa: E402

FIELDS = [*LABELS, "reason_category"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--disagreements", default=None)
    args = parser.parse_args(argv)
    second = pd.DataFrame([json.loads(line) for f in args.files for line in open(f, encoding="utf-8") if line.strip()])
    first = load_corpus(args.corpus).set_index("id")
    second = second[second["id"].isin(first.index)].set_index("id")
    first = first.loc[second.index]
    print(f"{len(second)} drafts labelled twice: " + ", ".join(f"{k} {v}" for k, v in first["lang"].value_counts().items()))
    print(f"{'field':<20}{'kappa':>8}{'agree':>8}" + "".join(f"{'kappa ' + g:>13}" for g in ("en", "id", "mixed")))
    for field in FIELDS:
        row = f"{field:<20}{cohen_kappa_score(first[field], second[field]):>8.3f}{(first[field] == second[field]).mean():>8.3f}"
        for g in ("en", "id", "mixed"):
            m = first["lang"] == g
            row += f"{cohen_kappa_score(first.loc[m, field], second.loc[m, field]):>13.3f}"
        print(row)
    if args.disagreements:
        with open(args.disagreements, "w", encoding="utf-8") as fh:
            for draft_id in second.index:
                diff = {f: {"annotator_1": (int(first.at[draft_id, f]) if f != "reason_category" else first.at[draft_id, f]),
                            "annotator_2": (int(second.at[draft_id, f]) if f != "reason_category" else second.at[draft_id, f])}
                        for f in FIELDS if first.at[draft_id, f] != second.at[draft_id, f]}
                if diff:
                    fh.write(json.dumps({"id": draft_id, "lang": first.at[draft_id, "lang"],
                                         "text": first.at[draft_id, "text"], "disagreements": diff,
                                         "note_1": first.at[draft_id, "note"], "note_2": second.at[draft_id, "note"]},
                                        ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
