"""Where one core's time goes in review_frame, stage by stage, against the bare floor.

review_frame runs as it is, with timers wrapped around the functions it calls (language
detection, nlp.analyse, the TF-IDF indexing of drafts and segments, label/category models,
evidence step, feedback), so the stages add up to what review_frame really does. The floor
(blank-pipeline tokenisation + one pass of the fitted scikit-learn vectoriser over the raw
text, benchmarks/common.py) is timed on its own, on the same drafts.

    python benchmarks/bench_breakdown.py [--drafts 4000] [--repeats 3]
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import time
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import floor_steps, interleaved_best, machine, mean_words, report, resample  # noqa: E402


@contextmanager
def timed(owner, name: str, label, totals: dict):
    """Wrap owner.name so that its wall time accumulates in totals[label] (outermost call only).
    `label` may be a function of the call's arguments (to tell two instances apart)."""
    original = getattr(owner, name)
    depth = {"n": 0}

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        depth["n"] += 1
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth["n"] -= 1
            if depth["n"] == 0:
                totals[label(*args) if callable(label) else label] += time.perf_counter() - start

    had_own = name in vars(owner)  # a module's or class's own function; else a bound method
    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        if had_own:
            setattr(owner, name, original)
        else:
            delattr(owner, name)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=4000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--min-words", type=int, default=40)
    parser.add_argument("--max-words", type=int, default=90)
    args = parser.parse_args(argv)

    import pandas as pd

    import reviewer.api as api
    from reviewer import load_model, review_frame
    from reviewer.features import TermIndex
    from reviewer.model import ReviewerModel

    texts = resample(args.drafts, seed=1, min_words=args.min_words, max_words=args.max_words)
    model = load_model()
    frame = pd.DataFrame({"text": texts})
    review_frame(frame.head(300), model=model)

    def with_collector_running() -> None:
        """review_frame without its paused_gc() (shows what the pause saves)."""
        original = api.paused_gc
        api.paused_gc = contextlib.nullcontext
        try:
            review_frame(frame, model=model)
        finally:
            api.paused_gc = original

    timers = interleaved_best(args.repeats, {**floor_steps(texts), "review": lambda: review_frame(frame, model=model),
                                             "review_gc_running": with_collector_running})
    tok, vec, plain = timers["tokenise"], timers["vectorise"], timers["review"]

    best: dict[str, float] | None = None
    for _ in range(args.repeats):
        totals: dict[str, float] = defaultdict(float)
        with ExitStack() as stack:
            stack.enter_context(timed(api, "resolve_language", "language detection", totals))
            stack.enter_context(timed(api, "analyse", "nlp.analyse", totals))
            stack.enter_context(timed(model, "predict", "model.predict", totals))
            stack.enter_context(timed(TermIndex, "transform", lambda index, *_: "draft vectoriser"
                                      if index is model.doc_terms else "segment vectoriser", totals))
            stack.enter_context(timed(ReviewerModel, "_categories", "category model", totals))
            stack.enter_context(timed(ReviewerModel, "_evidence", "evidence step", totals))
            stack.enter_context(timed(api, "suggestions_for", "feedback", totals))
            stack.enter_context(timed(api, "feedback_language", "feedback", totals))
            start = time.perf_counter()
            review_frame(frame, model=model)
            totals["review_frame"] = time.perf_counter() - start
        if best is None or totals["review_frame"] < best["review_frame"]:
            best = dict(totals)
    assert best is not None
    n = len(texts)
    ms = {k: v * 1000 / n for k, v in best.items()}
    stages = {
        "language detection": ms["language detection"],
        "tokenising (floor part, timed alone)": tok.wall * 1000 / n,
        "nlp.analyse beyond tokenising": ms["nlp.analyse"] - tok.wall * 1000 / n,
        "draft TF-IDF indexing (reviewer.features)": ms["draft vectoriser"],
        "label models": ms["model.predict"] - ms["draft vectoriser"] - ms["category model"] - ms["evidence step"],
        "category model": ms["category model"],
        "evidence: segment TF-IDF indexing": ms["segment vectoriser"],
        "evidence: segment models + spans": ms["evidence step"] - ms["segment vectoriser"],
        "feedback (suggestions_for + feedback_language)": ms["feedback"],
        "review_frame bookkeeping": ms["review_frame"] - ms["language detection"] - ms["nlp.analyse"]
        - ms["model.predict"] - ms["feedback"],
    }
    total = ms["review_frame"]
    floor = (tok.wall + vec.wall) * 1000 / n
    print(f"{'stage':<42} {'ms/draft':>9} {'share':>7}")
    for name, value in stages.items():
        print(f"{name:<42} {value:9.4f} {value / total:7.1%}")
    print(f"{'review_frame, instrumented':<42} {total:9.4f} {1:7.1%}")
    print(f"{'review_frame, plain':<42} {plain.wall * 1000 / n:9.4f}")
    print(f"{'review_frame, GC not paused':<42} {timers['review_gc_running'].wall * 1000 / n:9.4f}")
    print(f"{'floor: tokenise + vectorise raw text':<42} {floor:9.4f} {floor / total:7.1%}")
    figures = {"drafts": n, "mean_words": round(mean_words(texts), 1),
               **{f"ms_per_draft: {k}": round(v, 4) for k, v in stages.items()},
               "ms_per_draft: review_frame (instrumented)": round(total, 4),
               "ms_per_draft: review_frame (plain)": round(plain.wall * 1000 / n, 4),
               "ms_per_draft: review_frame with the GC not paused": round(timers["review_gc_running"].wall * 1000 / n, 4),
               "ms_per_draft: floor": round(floor, 4),
               **{f"machine_{k}": v for k, v in machine().items()}}
    report("breakdown", figures)
    return figures


if __name__ == "__main__":
    main()
