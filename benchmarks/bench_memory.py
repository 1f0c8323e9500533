"""Peak memory: one process with the models loaded (target < 300 MB RSS), and `reviewer review`
over a 1,000,000-row file on all cores (target: peak under 1 GB).

For the file, peaks come from getrusage (each process's own resident peak: the parent, and the
largest worker) and from sampling the process tree with psutil (the sum of PSS, which counts
pages shared between the forked workers and the parent once, not once per process).

    python benchmarks/bench_memory.py [--rows 1000000] [--skip-file] [--keep DIR]
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import corpus_drafts, machine, report  # noqa: E402

MODELS_ONLY = """
import json, resource
import reviewer
reviewer.load_model()
reviewer.review("Sorry, I can't make the interview tomorrow. Could we reschedule? Thanks, Ana")
reviewer.review("Mohon maaf, saya tidak bisa hadir wawancara besok karena sakit. Terima kasih.")
rss = [l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1]
print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_after_load_mb": int(rss) / 1024}))
"""

RUN_CLI = """
import json, resource, sys, time
from reviewer.cli import main
start = time.perf_counter()
code = main(["review", sys.argv[1], "-o", sys.argv[2], "--no-progress", *sys.argv[3:]])
print(json.dumps({"exit": code, "seconds": time.perf_counter() - start,
                  "parent_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def write_file(path: Path, rows: int, seed: int = 4) -> float:
    """A CSV of `rows` corpus drafts resampled with replacement, written without holding it."""
    import random

    pool = [d["text"] for d in corpus_drafts()]
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        for i in range(rows):
            writer.writerow([i, rng.choice(pool)])
    return path.stat().st_size / 2**20


def sample_tree(pid: int, stop: threading.Event, out: dict) -> None:
    """Peak of the summed PSS (and RSS) of a process and its children, sampled every second."""
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        pss = rss = 0
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            break
        for proc in procs:
            try:
                info = proc.memory_full_info()
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
            except psutil.Error:
                pass
        out["peak_pss_mb"] = max(out.get("peak_pss_mb", 0), pss / 2**20)
        out["peak_rss_sum_mb"] = max(out.get("peak_rss_sum_mb", 0), rss / 2**20)
        out["processes"] = max(out.get("processes", 0), len(procs))
        stop.wait(1.0)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-file", action="store_true", help="only the models-loaded figure")
    parser.add_argument("--chunk-size", type=int, default=None, help="passed to reviewer review (default: its own)")
    parser.add_argument("--keep", default=None, help="folder for the generated file (default: a temporary one)")
    args = parser.parse_args(argv)

    models = json.loads(subprocess.run([sys.executable, "-c", MODELS_ONLY], capture_output=True, text=True,
                                       check=True).stdout.strip().splitlines()[-1])
    figures: dict = {"models_loaded_peak_rss_mb": round(models["peak_rss_mb"], 1),
                     "models_loaded_rss_mb": round(models["rss_after_load_mb"], 1),
                     "target_models_rss_mb": 300}
    if not args.skip_file:
        with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
            src, out = Path(tmp) / "drafts.csv", Path(tmp) / "reviewed.csv"
            size_mb = write_file(src, args.rows)
            extra = ["--chunk-size", str(args.chunk_size)] if args.chunk_size else []
            proc = subprocess.Popen([sys.executable, "-c", RUN_CLI, str(src), str(out), *extra], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            sampled: dict = {}
            stop = threading.Event()
            sampler = threading.Thread(target=sample_tree, args=(proc.pid, stop, sampled), daemon=True)
            sampler.start()
            stdout, stderr = proc.communicate()
            stop.set()
            sampler.join()
            if proc.returncode != 0:
                raise SystemExit(f"reviewer review failed:\n{stderr[-2000:]}")
            run = json.loads(stdout.strip().splitlines()[-1])
            if run["exit"] != 0:
                raise SystemExit(f"reviewer review exited with {run['exit']}:\n{stderr[-2000:]}")
            with open(out, newline="", encoding="utf-8") as fh:
                out_rows = sum(1 for _ in csv.reader(fh)) - 1
        figures.update({
            "file_rows": args.rows, "file_mb": round(size_mb, 1), "output_rows": out_rows,
            "file_chunk_size": args.chunk_size or "default",
            "file_seconds": round(run["seconds"], 1), "file_drafts_per_s": round(args.rows / run["seconds"]),
            "file_parent_peak_rss_mb": round(run["parent_peak_rss_mb"], 1),
            "file_worker_peak_rss_mb": round(run["worker_peak_rss_mb"], 1),
            "file_peak_pss_sum_mb": round(sampled.get("peak_pss_mb", 0), 1),
            "file_peak_rss_sum_mb": round(sampled.get("peak_rss_sum_mb", 0), 1),
            "file_processes": sampled.get("processes", 0),
            "target_file_peak_mb": 1024,
        })
    figures.update({f"machine_{k}": v for k, v in machine().items()})
    report("memory", figures)
    return figures


if __name__ == "__main__":
    main()
