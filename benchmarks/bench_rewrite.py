"""Latency of one `rewrite()` call (p50/p95/p99, target p95 <= 20 ms), per language and overall.

The drafts are corpus drafts of every length, resampled. A rewrite reviews its draft, plans the
cuts and additions, reviews the result once more to check that nothing is left to fix (more
passes only when the model still finds something), and builds the kit: about 2.3 reviews. CPU
time per call is printed beside wall time: on a shared machine under load, wall time measures
the machine more than the code (the load average is printed too).

    python benchmarks/bench_rewrite.py [--calls 400]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_latency import percentile  # noqa: E402
from common import corpus_drafts, machine, mean_words, report  # noqa: E402

TARGET_P95_MS = 20


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    args = parser.parse_args(argv)

    from reviewer import load_model, rewrite

    model = load_model()
    rng = random.Random(5)
    pool = corpus_drafts()
    drafts = [rng.choice(pool) for _ in range(args.calls)]
    for d in drafts[:30]:
        rewrite(d["text"], model=model)  # warm up: spaCy pipelines, lookup tables
    times: dict[str, list[float]] = {"en": [], "id": [], "mixed": []}
    cpu: list[float] = []
    changed = 0
    for d in drafts:
        start, start_cpu = time.perf_counter(), time.process_time()
        result = rewrite(d["text"], model=model)
        times[d["lang"]].append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        changed += result.changed
    every = [t for ts in times.values() for t in ts]
    figures = {
        "calls": len(every),
        "mean_words": round(mean_words(d["text"] for d in drafts), 1),
        "changed_share": round(changed / len(every), 3),
        "p50_ms": round(percentile(every, 0.50), 2),
        "p95_ms": round(percentile(every, 0.95), 2),
        "p99_ms": round(percentile(every, 0.99), 2),
        "max_ms": round(max(every), 2),
        "mean_ms": round(statistics.fmean(every), 2),
        **{f"p95_ms_{lang}": round(percentile(ts, 0.95), 2) for lang, ts in times.items() if ts},
        "cpu_p50_ms": round(percentile(cpu, 0.50), 2),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 2),
        "target_p95_ms": TARGET_P95_MS,
        **{f"machine_{k}": v for k, v in machine().items()},
    }
    print(f"rewrite(): p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms (target <= {TARGET_P95_MS} ms: "
          f"{'met' if figures['p95_ms'] <= TARGET_P95_MS else 'MISSED'}); CPU p50 {figures['cpu_p50_ms']} ms, p95 "
          f"{figures['cpu_p95_ms']} ms; {figures['changed_share']:.0%} of drafts changed; load average "
          f"{figures['machine_load_average_1min']}")
    report("rewrite", figures)
    return figures


if __name__ == "__main__":
    main()
