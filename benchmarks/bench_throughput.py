"""Drafts per second: review_frame on one core, `review_file` with 1 and all jobs, and the bare floor.

The floor is what any spaCy + scikit-learn reviewer must at least do, measured in the same run
on the same drafts: blank-pipeline tokenisation (the tokenizer alone) plus one pass of the
model's draft-level vectoriser over the raw texts. The ratio review/floor (target >= 0.5) says
how much of the time is our own work on top of that floor. For N jobs the floor is N times the
one-core floor (perfect scaling), so that ratio also includes the cost of the process pool.

    python benchmarks/bench_throughput.py [--drafts 6000] [--file-rows 30000] [--repeats 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Timer, best_of, machine, mean_words, report, resample  # noqa: E402


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=6000, help="drafts for the one-core figures")
    parser.add_argument("--file-rows", type=int, default=30000, help="rows of the file for the jobs figures")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the fastest counts")
    parser.add_argument("--min-words", type=int, default=40)
    parser.add_argument("--max-words", type=int, default=90)
    args = parser.parse_args(argv)

    import pandas as pd

    from reviewer import load_model, review_frame
    from reviewer.batch import default_jobs, review_file
    from reviewer.language import detect_language
    from reviewer.nlp import pipeline

    texts = resample(args.drafts, seed=1, min_words=args.min_words, max_words=args.max_words)
    model = load_model()
    frame = pd.DataFrame({"text": texts})
    review_frame(frame.head(300), model=model)  # warm up pipelines, lookups, caches

    # The floor: tokenise with the blank pipeline of each draft's language, vectorise once.
    langs = [detect_language(t) for t in texts]
    groups = {code: [t for t, lang in zip(texts, langs) if (lang == "en") == (code == "en")] for code in ("en", "id")}
    tokenizers = {code: pipeline(code).tokenizer for code in groups}

    def tokenise() -> None:
        for code, group in groups.items():
            for _ in tokenizers[code].pipe(group, batch_size=256):
                pass

    tok = best_of(args.repeats, tokenise)
    vec = best_of(args.repeats, lambda: model.vectorizer.transform(texts))
    floor_rate = len(texts) / (tok.wall + vec.wall)
    floor_cpu_rate = len(texts) / (tok.cpu + vec.cpu)

    one = best_of(args.repeats, lambda: review_frame(frame, model=model))
    rate = len(texts) / one.wall
    cpu_rate = len(texts) / one.cpu

    # Whole files through the batch path (CSV in, CSV out), 1 job and all jobs.
    jobs = default_jobs()
    file_texts = resample(args.file_rows, seed=2, min_words=args.min_words, max_words=args.max_words)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "drafts.csv"
        pd.DataFrame({"id": range(len(file_texts)), "text": file_texts}).to_csv(src, index=False)
        chunk = max(500, args.file_rows // (4 * jobs))
        with Timer() as t1:
            review_file(src, Path(tmp) / "one.csv", jobs=1, chunk_rows=chunk, progress=False)
        with Timer() as tn:
            review_file(src, Path(tmp) / "all.csv", jobs=jobs, chunk_rows=chunk, progress=False)
        identical = (Path(tmp) / "one.csv").read_bytes() == (Path(tmp) / "all.csv").read_bytes()
    file_rate_1 = len(file_texts) / t1.wall
    file_rate_n = len(file_texts) / tn.wall

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
        "target_1core_drafts_per_s": 2000,
        "file_rows": len(file_texts),
        "file_jobs_1_drafts_per_s": round(file_rate_1),
        f"file_jobs_{jobs}_drafts_per_s": round(file_rate_n),
        "file_ratio_jobs_1_to_floor": round(file_rate_1 / floor_rate, 3),
        f"file_ratio_jobs_{jobs}_to_{jobs}x_floor": round(file_rate_n / (jobs * floor_rate), 3),
        "file_speedup_all_jobs": round(file_rate_n / file_rate_1, 2),
        "file_outputs_identical": identical,
        **{f"machine_{k}": v for k, v in machine().items()},
    }
    report("throughput", figures)
    return figures


if __name__ == "__main__":
    main()
