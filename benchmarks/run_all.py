"""Runs every benchmark, each in a fresh process, and prints (or stores) the figures.

    python benchmarks/run_all.py                 # full run: 1,000,000-row file included
    python benchmarks/run_all.py --quick         # smaller sizes, a few minutes
    python benchmarks/run_all.py --write         # also rewrite benchmarks/RESULTS.md
    python benchmarks/run_all.py --only latency --write   # rerun one, keep the others' figures

Scripts: bench_throughput.py (drafts/s, 1 core and all jobs, ratio to the bare floor),
bench_latency.py (review() p50/p95, cold start), bench_breakdown.py (where one core's time
goes, stage by stage), bench_memory.py (RSS with models loaded, the 1,000,000-row file),
bench_startup.py (`reviewer check` as a whole process beside a bare spaCy process).

Figures depend on the machine and on what else runs on it: each script reports the load
average next to its figures. Benchmarks are never timed by the test suite.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> dict:
    print(f"\n$ {script} {' '.join(args)}", flush=True)
    proc = subprocess.Popen([sys.executable, str(HERE / script), *args], stdout=subprocess.PIPE, text=True)
    result: dict = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0:
        raise SystemExit(f"{script} failed with exit code {proc.returncode}")
    return result


def verdicts(results: dict[str, dict]) -> list[str]:
    t, l, m = results.get("throughput", {}), results.get("latency", {}), results.get("memory", {})
    s = results.get("startup", {})
    lines = []

    def check(name: str, value, target, ok: bool) -> None:
        lines.append(f"| {name} | {value} | {target} | {'met' if ok else 'MISSED'} |")

    if t:
        check("review_frame, 1 core, drafts/s", t["review_frame_1core_drafts_per_s"], ">= 2,000",
              t["review_frame_1core_drafts_per_s"] >= 2000)
        check("review / bare floor (1 core)", t["ratio_review_to_floor"], ">= 0.5", t["ratio_review_to_floor"] >= 0.5)
        check("file, 1 job / floor", t["file_ratio_jobs_1_to_floor"], ">= 0.5", t["file_ratio_jobs_1_to_floor"] >= 0.5)
        jobs_key = next(k for k in t if k.startswith("file_ratio_jobs_") and "_to_floor_on_" in k)
        check("file, all jobs / floor on all cores", t[jobs_key], ">= 0.5", t[jobs_key] >= 0.5)
    if l:
        check("review() p95 latency, ms", l["p95_ms"], "<= 20", l["p95_ms"] <= 20)
    if s:
        for lang, name in (("en", "English"), ("id", "Indonesian")):
            ratio = s[f"ratio_{lang}_to_floor"]
            check(f"`reviewer check` {name} / bare spaCy process (medians, s: {s[f'{lang}_median_s']} / "
                  f"{s['floor_median_s']})", ratio, "<= 1.3", ratio <= 1.3)
    if m:
        check("RSS with models loaded, MB", m["models_loaded_peak_rss_mb"], "< 300", m["models_loaded_peak_rss_mb"] < 300)
        if "file_parent_peak_rss_mb" in m:
            peak = max(m["file_parent_peak_rss_mb"], m["file_worker_peak_rss_mb"])
            check(f"{m['file_rows']:,}-row file, peak RSS of any process, MB", peak, "< 1,024", peak < 1024)
            check(f"{m['file_rows']:,}-row file, peak PSS of all processes, MB", m["file_peak_pss_sum_mb"], "< 1,024",
                  m["file_peak_pss_sum_mb"] < 1024)
    return lines


def write_results(results: dict[str, dict], path: Path) -> None:
    machine = next(iter(results.values()))
    lines = [
        "# Benchmark results",
        "",
        f"Last run: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, `python benchmarks/run_all.py "
        f"{' '.join(sys.argv[1:])}`" + (" (the other benchmarks' figures are from the run before)." if "--only" in
                                          " ".join(sys.argv) else "."),
        f"Machine: {machine.get('machine_cpu')}, {machine.get('machine_cores')} cores, Python "
        f"{machine.get('machine_python')}; 1-minute load average when each benchmark ended: "
        + ", ".join(f"{k} {v.get('machine_load_average_1min')}" for k, v in results.items()) + ".",
        "",
        "| figure | measured | target | |",
        "| --- | --- | --- | --- |",
        *verdicts(results),
        "",
        "Reading these figures: the machine is shared (other processes ran during the runs; see the",
        "load averages), so wall-clock rates vary by about +-30 % between runs; throughput also gives",
        "drafts per CPU-second. The floor is blank-pipeline tokenisation plus one pass of the fitted",
        "scikit-learn draft vectoriser over the raw text, measured in the same rounds on the same drafts",
        "(for all jobs: the same floor run by one process per core). `breakdown` says",
        "where one core's time goes inside review_frame. Peak PSS sums the memory of the parent and",
        "its forked workers, counting shared pages once. `startup` times whole processes, interleaved",
        "round by round: `reviewer check` on one draft beside `python -c 'import spacy;",
        "spacy.blank(\"en\")'` (medians of wall-clock seconds).",
        "",
        "## All figures",
        "",
    ]
    for name, figures in results.items():
        lines += [f"### {name}", "", "| key | value |", "| --- | --- |"]
        lines += [f"| {k} | {v} |" for k, v in figures.items() if k != "benchmark" and not k.startswith("machine_")]
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


LAST = HERE.parent / ".benchmarks" / "last_results.json"  # git-ignored; lets --only merge


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (100,000-row file)")
    parser.add_argument("--rows", type=int, default=None, help="rows of the memory benchmark's file")
    parser.add_argument("--only", default=None,
                        help="comma-separated subset (throughput,latency,breakdown,memory,startup); the others are "
                             "taken from the last run")
    parser.add_argument("--write", action="store_true", help="rewrite benchmarks/RESULTS.md")
    args = parser.parse_args(argv)

    rows = args.rows or (100_000 if args.quick else 1_000_000)
    plan = {
        "throughput": ("bench_throughput.py", ["--drafts", "2000", "--file-rows", "8000", "--repeats", "2", "--file-repeats", "2"]
                       if args.quick else []),
        "latency": ("bench_latency.py", ["--calls", "200"] if args.quick else []),
        "breakdown": ("bench_breakdown.py", ["--drafts", "1500", "--repeats", "2"] if args.quick else []),
        "memory": ("bench_memory.py", ["--rows", str(rows)]),
        "startup": ("bench_startup.py", ["--rounds", "7"] if args.quick else []),
    }
    wanted = [name.strip() for name in args.only.split(",")] if args.only else list(plan)
    unknown = set(wanted) - set(plan)
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    results: dict[str, dict] = json.loads(LAST.read_text()) if args.only and LAST.exists() else {}
    for name in wanted:
        script, extra = plan[name]
        results[name] = run(script, *extra)
    results = {name: results[name] for name in plan if name in results}
    LAST.parent.mkdir(exist_ok=True)
    LAST.write_text(json.dumps(results, indent=1))
    print("\n| figure | measured | target | |\n| --- | --- | --- | --- |")
    print("\n".join(verdicts(results)))
    if args.write:
        write_results(results, HERE / "RESULTS.md")
        print(f"\nwrote {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
