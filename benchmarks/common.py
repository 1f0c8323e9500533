"""Shared helpers of the benchmark scripts: drafts resampled from the corpus, the machine, output.

Every script prints human-readable lines and one machine-readable line starting with
"RESULT " (JSON) that run_all.py collects. Nothing here is run by the test suite.
"""
from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "corpus.jsonl"


def corpus_drafts() -> list[dict[str, Any]]:
    """All drafts of data/corpus.jsonl (train and test split), as {"text", "lang"} dicts."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"text": r["text"], "lang": r["lang"]} for r in rows]


def resample(n: int, seed: int = 0, min_words: int = 0, max_words: int = 10**9) -> list[str]:
    """n corpus drafts drawn with replacement (a fixed seed), optionally of a word-count range."""
    pool = [d["text"] for d in corpus_drafts() if min_words <= len(d["text"].split()) <= max_words]
    if not pool:
        raise SystemExit(f"no corpus draft has {min_words}-{max_words} words")
    rng = random.Random(seed)
    return [rng.choice(pool) for _ in range(n)]


def mean_words(texts: Iterable[str]) -> float:
    texts = list(texts)
    return sum(len(t.split()) for t in texts) / max(len(texts), 1)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"cpu": cpu, "cores": cores, "python": platform.python_version(), "platform": platform.platform(),
            "load_average_1min": round(load[0], 2)}


class Timer:
    """Wall and CPU seconds of a block (CPU time is less disturbed by other load on the machine)."""

    def __enter__(self) -> "Timer":
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def best_of(repeats: int, fn) -> Timer:
    """The fastest of `repeats` runs (the least disturbed by other processes)."""
    best = None
    for _ in range(repeats):
        with Timer() as t:
            fn()
        if best is None or t.wall < best.wall:
            best = t
    return best  # type: ignore[return-value]


def report(name: str, figures: dict[str, Any]) -> None:
    """Print figures for people, then one RESULT line for run_all.py."""
    width = max(len(k) for k in figures)
    print(f"== {name}")
    for key, value in figures.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            shown = value
        else:
            shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        print(f"  {key:<{width}}  {shown}")
    print("RESULT " + json.dumps({"benchmark": name, **figures}), flush=True)
    sys.stdout.flush()


def interleaved_best(repeats: int, steps: dict[str, Any], rounds: list | None = None) -> dict[str, Timer]:
    """Run every step once per round, `repeats` rounds, and keep each step's fastest run.

    Interleaving matters on a shared machine: the floor and the review are measured under the
    same background load, so their ratio is not skewed by load that came and went between them.
    If `rounds` is a list, every round's {step: Timer} is appended to it (for paired ratios).
    """
    best: dict[str, Timer] = {}
    for _ in range(repeats):
        this_round = {}
        for name, step in steps.items():
            with Timer() as t:
                step()
            this_round[name] = t
            if name not in best or t.wall < best[name].wall:
                best[name] = t
        if rounds is not None:
            rounds.append(this_round)
    return best


def floor_steps(texts: list[str]) -> dict[str, Any]:
    """The bare floor on `texts`, as two steps to time: "tokenise" and "vectorise".

    Tokenising: the blank spaCy pipeline of each draft's language, tokenizer only.
    Vectorising: one pass of the fitted scikit-learn TfidfVectorizer the draft model was
    trained with (models/reviewer.skops) over the raw texts: what any spaCy + scikit-learn
    reviewer must at least do. (The review path itself indexes tokens with numpy instead.)
    """
    import spacy

    from reviewer.artifacts import load_estimators
    from reviewer.language import detect_language

    vectorizer = load_estimators().vectorizer
    langs = [detect_language(t) for t in texts]
    groups = {code: [t for t, lang in zip(texts, langs) if (lang == "en") == (code == "en")] for code in ("en", "id")}
    # spaCy's own blank tokenizers (every special case added up front), not the reviewer's
    # on-demand ones: the floor is plain spaCy
    tokenizers = {code: spacy.blank(code).tokenizer for code in groups}

    def tokenise() -> None:
        for code, group in groups.items():
            for _ in tokenizers[code].pipe(group, batch_size=256):
                pass

    def vectorise() -> None:
        vectorizer.transform(texts)

    vectorizer.transform(texts[:200])  # warm up
    tokenise()
    return {"tokenise": tokenise, "vectorise": vectorise}
