"""Drafts per second: review_frame on one core, `review_file` with 1 and all jobs, and the bare floor.

The floor is what any spaCy + scikit-learn reviewer must at least do, measured in the same run
on the same drafts: blank-pipeline tokenisation (the tokenizer alone) plus one pass of the
fitted scikit-learn draft vectoriser over the raw texts (benchmarks/common.py). The ratio
review/floor (target >= 0.5) says how much of the time is our own work on top of that floor.

For whole files (CSV in, CSV out, so reading and writing count too) the 1-job run is compared
with the one-core floor on the file's drafts, and the all-jobs run with the same floor run on
all cores at once (one process per core, each on its share of the drafts), measured in the
same rounds. The stricter "jobs x one-core floor" (perfect scaling of the floor, which a
machine whose cores share caches or SMT siblings does not give) is printed as well.

Every round runs each measurement once, in turn, so that they share the machine's load; the
fastest round of each counts. The median over rounds of each round's own review/floor ratio
is printed too: on a machine whose speed drifts, it says the same more steadily.

    python benchmarks/bench_throughput.py [--drafts 6000] [--file-rows 20000] [--repeats 5] [--file-repeats 4]
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import floor_steps, interleaved_best, machine, mean_words, report, resample  # noqa: E402

_FLOOR: dict = {}


def _floor_share(bounds: tuple[int, int]) -> int:
    """Run the floor on texts[lo:hi] in a worker (forked: the tokenizers and vectoriser are
    inherited, already built)."""
    lo, hi = bounds
    steps = _FLOOR["share_steps"][(lo, hi)]
    steps["tokenise"]()
    steps["vectorise"]()
    return hi - lo


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=6000, help="drafts for the one-core figures")
    parser.add_argument("--file-rows", type=int, default=20000, help="rows of the file for the jobs figures")
    parser.add_argument("--repeats", type=int, default=5, help="rounds; the fastest of each figure counts")
    parser.add_argument("--file-repeats", type=int, default=4, help="rounds of the whole-file figures")
    parser.add_argument("--min-words", type=int, default=40)
    parser.add_argument("--max-words", type=int, default=90)
    args = parser.parse_args(argv)

    import pandas as pd

    from reviewer import load_model, review_frame
    from reviewer.tables.batch import default_jobs, review_file

    texts = resample(args.drafts, seed=1, min_words=args.min_words, max_words=args.max_words)
    model = load_model()
    frame = pd.DataFrame({"text": texts})
    review_frame(frame.head(300), model=model)  # warm up pipelines, lookups, caches

    rounds: list = []
    timers = interleaved_best(args.repeats, {**floor_steps(texts), "review": lambda: review_frame(frame, model=model)},
                              rounds)
    paired = statistics.median((r["tokenise"].wall + r["vectorise"].wall) / r["review"].wall for r in rounds)
    tok, vec, one = timers["tokenise"], timers["vectorise"], timers["review"]
    floor_rate = len(texts) / (tok.wall + vec.wall)
    floor_cpu_rate = len(texts) / (tok.cpu + vec.cpu)
    rate = len(texts) / one.wall
    cpu_rate = len(texts) / one.cpu

    # Whole files through the batch path (CSV in, CSV out), 1 job and all jobs, with the floor
    # on the same drafts on one core and on all cores, in the same rounds.
    jobs = default_jobs()
    file_texts = resample(args.file_rows, seed=2, min_words=args.min_words, max_words=args.max_words)
    n = len(file_texts)
    shares = [(n * k // jobs, n * (k + 1) // jobs) for k in range(jobs)]
    _FLOOR["share_steps"] = {(lo, hi): floor_steps(file_texts[lo:hi]) for lo, hi in shares}
    file_floor = floor_steps(file_texts)
    with tempfile.TemporaryDirectory() as tmp, \
            ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as floor_pool:
        list(floor_pool.map(_floor_share, shares))  # start the workers before timing
        src = Path(tmp) / "drafts.csv"
        pd.DataFrame({"id": range(n), "text": file_texts}).to_csv(src, index=False)
        chunk = max(500, args.file_rows // (4 * jobs))
        file_timers = interleaved_best(args.file_repeats, {
            "floor_1": lambda: (file_floor["tokenise"](), file_floor["vectorise"]()),
            "file_1": lambda: review_file(src, Path(tmp) / "one.csv", jobs=1, chunk_rows=chunk, progress=False),
            "floor_n": lambda: list(floor_pool.map(_floor_share, shares)),
            "file_n": lambda: review_file(src, Path(tmp) / "all.csv", jobs=jobs, chunk_rows=chunk, progress=False),
        })
        identical = (Path(tmp) / "one.csv").read_bytes() == (Path(tmp) / "all.csv").read_bytes()
    file_rate_1, file_rate_n = n / file_timers["file_1"].wall, n / file_timers["file_n"].wall
    file_floor_1, file_floor_n = n / file_timers["floor_1"].wall, n / file_timers["floor_n"].wall

    figures = {
        "drafts": len(texts),
        "mean_words": round(mean_words(texts), 1),
        "floor_tokenise_drafts_per_s": round(len(texts) / tok.wall),
        "floor_vectorise_drafts_per_s": round(len(texts) / vec.wall),
        "floor_drafts_per_s": round(floor_rate),
        "review_frame_1core_drafts_per_s": round(rate),
        "review_frame_1core_drafts_per_cpu_s": round(cpu_rate),
        "ratio_review_to_floor": round(rate / floor_rate, 3),
        "ratio_review_to_floor_cpu": round(cpu_rate / floor_cpu_rate, 3),
        "ratio_review_to_floor_median_of_rounds": round(paired, 3),
        "target_1core_drafts_per_s": 2000,
        "file_rows": n,
        "file_floor_1core_drafts_per_s": round(file_floor_1),
        f"file_floor_{jobs}_processes_drafts_per_s": round(file_floor_n),
        "file_jobs_1_drafts_per_s": round(file_rate_1),
        f"file_jobs_{jobs}_drafts_per_s": round(file_rate_n),
        "file_ratio_jobs_1_to_floor": round(file_rate_1 / file_floor_1, 3),
        f"file_ratio_jobs_{jobs}_to_floor_on_{jobs}_processes": round(file_rate_n / file_floor_n, 3),
        f"file_ratio_jobs_{jobs}_to_{jobs}x_1core_floor": round(file_rate_n / (jobs * file_floor_1), 3),
        "file_speedup_all_jobs": round(file_rate_n / file_rate_1, 2),
        "file_outputs_identical": identical,
        **{f"machine_{k}": v for k, v in machine().items()},
    }
    report("throughput", figures)
    return figures


if __name__ == "__main__":
    main()
