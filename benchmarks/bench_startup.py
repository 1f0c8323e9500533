"""Start-up time: `reviewer check` as a whole process, beside a bare spaCy process.

Three commands, each run as a fresh process, interleaved round by round (the order rotates
each round, so no command always runs first or right after another), after one unmeasured
warm-up round that fills the file cache:

- floor: `python -c 'import spacy; spacy.blank("en")'`, the least a spaCy reviewer must do;
- en: `reviewer check "<an English draft>"`;
- id: `reviewer check "<an Indonesian draft>"`.

Wall-clock time is taken around each subprocess with time.perf_counter, CPU time (user + system)
from resource.getrusage. Reported: the median of each, the ratio of the wall-clock medians to
the floor's (target: at most 1.3), the median of the per-round ratios (each round's runs share
the same background load), and the ratio of the CPU medians (less disturbed by other load).

    python benchmarks/bench_startup.py [--rounds 15]
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, report  # noqa: E402

EN_DRAFT = "So sorry, I have the flu and must cancel tomorrow's interview. Could we move it to Friday? Thanks, Ana"
ID_DRAFT = ("Selamat pagi Bu, mohon maaf saya tidak bisa hadir wawancara besok karena anak-anak saya sakit. "
            "Apakah bisa dijadwalkan ulang? Terima kasih banyak.")
TARGET = 1.3


def commands() -> dict[str, list[str]]:
    """The three commands; `reviewer` is the console script installed beside this Python."""
    script = Path(sys.executable).parent / "reviewer"
    reviewer = [str(script)] if script.exists() else [sys.executable, "-m", "reviewer.cli"]
    return {
        "floor": [sys.executable, "-c", 'import spacy; spacy.blank("en")'],
        "en": [*reviewer, "check", EN_DRAFT],
        "id": [*reviewer, "check", ID_DRAFT],
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one process, from its start to its exit (it must succeed)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def measure(rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds per command per round, interleaved with a rotating order."""
    cmds = commands()
    names = list(cmds)
    for name in names:  # warm-up round: file cache, .pyc files
        run_once(cmds[name])
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            w, c = run_once(cmds[name])
            wall[name].append(w)
            cpu[name].append(c)
    return wall, cpu


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)

    wall, cpu = measure(args.rounds)
    median = {name: statistics.median(values) for name, values in wall.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    figures: dict = {"rounds": args.rounds}
    for name in wall:
        figures[f"{name}_median_s"] = round(median[name], 3)
        figures[f"{name}_min_s"] = round(min(wall[name]), 3)
        figures[f"{name}_median_cpu_s"] = round(median_cpu[name], 3)
    for name in ("en", "id"):
        figures[f"ratio_{name}_to_floor"] = round(median[name] / median["floor"], 2)
        paired = [t / f for t, f in zip(wall[name], wall["floor"])]
        figures[f"ratio_{name}_to_floor_median_of_rounds"] = round(statistics.median(paired), 2)
        figures[f"ratio_{name}_to_floor_cpu"] = round(median_cpu[name] / median_cpu["floor"], 2)
    figures["target_ratio"] = TARGET
    figures.update({f"machine_{k}": v for k, v in machine().items()})
    report("startup", figures)
    return figures


if __name__ == "__main__":
    main()
