"""Latency of one `review()` call (p50/p95/p99, target p95 <= 20 ms) and the cold start.

The drafts are corpus drafts of every length, resampled. Cold start is measured in a fresh
process: importing reviewer, loading the model, and the first review (which builds the spaCy
pipelines and lookup tables).

    python benchmarks/bench_latency.py [--calls 400]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, mean_words, report, resample  # noqa: E402

COLD = """
import json, time
t0 = time.perf_counter()
import reviewer
t1 = time.perf_counter()
reviewer.load_model()
t2 = time.perf_counter()
reviewer.review("Sorry, I can't make the interview tomorrow. Could we reschedule? Thanks, Ana")
t3 = time.perf_counter()
reviewer.review("Mohon maaf, saya tidak bisa hadir wawancara besok karena sakit. Terima kasih.")
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_model_s": t2 - t1, "first_review_en_s": t3 - t2,
                  "first_review_id_s": t4 - t3}))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    args = parser.parse_args(argv)

    cold = json.loads(subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                                     check=True).stdout.strip().splitlines()[-1])

    from reviewer import load_model, review

    load_model()
    texts = resample(args.calls, seed=3)
    for text in texts[:30]:
        review(text)  # warm up
    times = []
    for text in texts:
        start = time.perf_counter()
        review(text)
        times.append((time.perf_counter() - start) * 1000)
    figures = {
        "calls": len(times),
        "mean_words": round(mean_words(texts), 1),
        "p50_ms": round(percentile(times, 0.50), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "p99_ms": round(percentile(times, 0.99), 2),
        "max_ms": round(max(times), 2),
        "mean_ms": round(statistics.fmean(times), 2),
        "target_p95_ms": 20,
        **{f"cold_{k}": round(v, 2) for k, v in cold.items()},
        **{f"machine_{k}": v for k, v in machine().items()},
    }
    report("latency", figures)
    return figures


if __name__ == "__main__":
    main()
