"""Reviews a whole file: streamed in chunks, optionally over several processes, written atomically.

Memory stays bounded because only a few chunks are in flight at once; row order is kept
because chunks are written in the order they were read; results are identical for any number
of jobs because every row is reviewed independently by the same deterministic model.

Problems with the file (missing, not UTF-8, no text column, clashing columns, output not
writable) raise before the model is loaded, so a script learns about them in a second. Problems
with a row never stop the batch: the row keeps its place with a `status` saying why.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import signal
import threading
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
from tqdm.auto import tqdm

from .api import check_columns, review_frame
from .artifacts import load_model
from .model import ReviewerModel
from .tableio import DEFAULT_CHUNK_ROWS, atomic_writer, count_rows, iter_chunks

__all__ = ["BatchSummary", "ERROR_STATUS", "default_jobs", "review_chunk", "review_file"]

log = logging.getLogger(__name__)

#: Status of a row whose review raised an unexpected error (a bug, never a property of the
#: input that validation knows about); the rest of the batch is still reviewed.
ERROR_STATUS = "error"
#: A chunk with more failing rows than this is not a per-row problem: the error is re-raised.
MAX_ERROR_ROWS = 50


@dataclass
class BatchSummary:
    """What a batch run did, for the command line's closing lines."""

    rows: int = 0
    status: Counter = field(default_factory=Counter)
    passing: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)

    def add(self, reviewed: pd.DataFrame) -> None:
        from .labels import LABELS, is_good

        self.rows += len(reviewed)
        self.status.update(reviewed["status"].astype(str).tolist())
        ok = reviewed[reviewed["status"] == "ok"]
        self.languages.update(ok["language"].astype(str).tolist())
        for label in LABELS:
            self.passing[label] += int(sum(is_good(label, bool(v)) for v in ok[label].tolist()))

    def merge(self, other: "BatchSummary") -> None:
        self.rows += other.rows
        self.status.update(other.status)
        self.passing.update(other.passing)
        self.languages.update(other.languages)


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def review_chunk(chunk: pd.DataFrame, text_column: str, lang: str | None, model: ReviewerModel) -> pd.DataFrame:
    """review_frame, except that a row whose review raises gets status "error" instead of
    stopping the batch. The failing rows are isolated by bisection, so a healthy chunk costs
    one call; more than MAX_ERROR_ROWS failing rows means a broken model or a bug that is not
    about single rows, and the first error is raised."""
    try:
        return review_frame(chunk, text_column=text_column, lang=lang, model=model)
    except Exception as first:  # noqa: BLE001 - isolate the rows, re-raise if it is not about rows
        failed: list[int] = []
        parts = _bisect_review(chunk, text_column, lang, model, failed)
        if len(failed) > MAX_ERROR_ROWS or (len(chunk) > 1 and len(failed) == len(chunk)):
            raise first
        log.warning("%d row(s) could not be reviewed (%s: %s); marked status=%r", len(failed),
                    type(first).__name__, first, ERROR_STATUS)
        return pd.concat(parts)


def _bisect_review(chunk: pd.DataFrame, text_column: str, lang: str | None, model: ReviewerModel,
                   failed: list[int]) -> list[pd.DataFrame]:
    if len(failed) > MAX_ERROR_ROWS:
        return []
    try:
        return [review_frame(chunk, text_column=text_column, lang=lang, model=model)]
    except Exception:  # noqa: BLE001
        if len(chunk) == 1:
            failed.append(1)
            blank = chunk.copy()
            blank[text_column] = pd.Series([None], index=chunk.index, dtype=object)
            out = review_frame(blank, text_column=text_column, lang=lang, model=model)
            out[text_column] = chunk[text_column].values
            out["status"] = pd.array([ERROR_STATUS], dtype="string")
            return [out]
        mid = len(chunk) // 2
        return (_bisect_review(chunk.iloc[:mid], text_column, lang, model, failed)
                + _bisect_review(chunk.iloc[mid:], text_column, lang, model, failed))


# -- several processes -------------------------------------------------------------------------

_worker_model_dir: str | None = None


def _init_worker(model_dir: str | None) -> None:
    """Runs once in each worker process. With fork, the parent's loaded model is inherited (no
    reload, pages shared); with spawn it is loaded here, once per worker, not once per chunk."""
    global _worker_model_dir
    _worker_model_dir = model_dir
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    load_model(model_dir)


def _review_in_worker(chunk: pd.DataFrame, text_column: str, lang: str | None) -> pd.DataFrame:
    return review_chunk(chunk, text_column, lang, load_model(_worker_model_dir))


def _prepare_fork(model: ReviewerModel) -> None:
    """Build everything the workers need before forking them, then freeze it for the GC.

    Forked workers share the parent's memory pages until they write to them. Building the
    spaCy pipelines here (not once per worker) and moving all objects into the GC's permanent
    generation (so that collections in the workers do not touch, and thereby copy, them) keeps
    most of the model and pipelines shared: less memory, and no per-worker warm-up.
    """
    review_frame(pd.DataFrame({"text": ["Sorry, I can't come tomorrow. Thanks!",
                                        "Maaf, saya tidak bisa hadir besok. Terima kasih."]}),
                 text_column="text", lang=None, model=model)
    review_frame(pd.DataFrame({"text": ["Sorry, aku gak bisa datang besok ya, maaf banget. Thanks!"]}),
                 text_column="text", lang="mixed", model=model)
    gc.collect()
    gc.freeze()


def _ordered_parallel(chunks: Iterable[pd.DataFrame], jobs: int, text_column: str, lang: str | None,
                      model_dir: str | None, model: ReviewerModel) -> Iterator[pd.DataFrame]:
    """Review chunks on `jobs` processes, yielding results in input order, with at most
    jobs + 1 chunks in flight (every worker busy, one chunk queued, memory bounded)."""
    fork = "fork" in mp.get_all_start_methods()
    if fork:
        _prepare_fork(model)
    context = mp.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(model_dir,))
    pending: deque[Future] = deque()
    completed = False
    try:
        for chunk in chunks:
            pending.append(pool.submit(_review_in_worker, chunk, text_column, lang))
            if len(pending) > jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        completed = True
    finally:
        if not completed:  # interrupted or failed: do not wait for chunks nobody will write
            for future in pending:
                future.cancel()
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        if fork:
            gc.unfreeze()


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while a file is written, so the temporary file is removed
    (Ctrl-C already raises KeyboardInterrupt). Only possible in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):  # noqa: ARG001
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def review_file(input_path: Path | str, output_path: Path | str, text_column: str = "text",
                lang: str | None = None, jobs: int | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
                progress: bool = True, model_dir: str | None = None) -> BatchSummary:
    """Review every row of `input_path` into `output_path` (formats by extension).

    Raises tableio.TableError (file problems), api.MissingColumnError, api.ColumnClashError or
    artifacts.ModelLoadError; the output file appears only when every row was written.
    """
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be positive")
    jobs = max(1, jobs or default_jobs())
    summary = BatchSummary()
    chunks = iter_chunks(input_path, chunk_rows)
    first = next(chunks, None)
    if first is None or (first.empty and len(first.columns) == 0):
        raise ValueError(f"{input_path}: the file has no rows")
    check_columns(first.columns, text_column)

    def all_chunks() -> Iterator[pd.DataFrame]:
        yield first
        yield from chunks

    total = count_rows(input_path) if progress else None
    with _sigterm_as_exit(), atomic_writer(output_path) as writer:
        model = load_model(model_dir)  # before forking, so workers inherit it
        jobs = min(jobs, max(1, -(-(total or 0) // chunk_rows))) if total is not None else jobs
        with tqdm(total=total, unit="rows", desc="reviewing", disable=not progress,
                  dynamic_ncols=True, smoothing=0.1) as bar:
            if jobs == 1:
                results: Iterator[pd.DataFrame] = (review_chunk(c, text_column, lang, model) for c in all_chunks())
            else:
                results = _ordered_parallel(all_chunks(), jobs, text_column, lang, model_dir, model)
            for reviewed in results:
                writer.write(reviewed)
                summary.add(reviewed)
                bar.update(len(reviewed))
            if total is not None and bar.n != total:
                bar.total = bar.n
                bar.refresh()
    return summary
