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

from ..api import check_columns, review_frame
from ..artifacts import load_model
from ..model import ReviewerModel
from .files import DEFAULT_CHUNK_ROWS, EncodedChunk, atomic_writer, count_rows, encode_chunk, file_format, iter_chunks

__all__ = ["BatchSummary", "ERROR_STATUS", "default_jobs", "review_chunk", "review_file"]

log = logging.getLogger(__name__)

#: Status of a row whose review raised an unexpected error (a bug, never a property of the
#: input that validation knows about); the rest of the batch is still reviewed.
ERROR_STATUS = "error"
#: A task with more failing rows than this is not a per-row problem: the error is re-raised.
MAX_ERROR_ROWS = 50
#: Rows per task: the unit a worker process reviews, and the unit the per-row error budget
#: (MAX_ERROR_ROWS) applies to, with one job or many alike, so that the result never depends
#: on --jobs. Small tasks keep every worker busy to the end of the file (with large ones the
#: last worker still runs while the others idle) and keep memory low; each costs about a
#: millisecond of overhead.
TASK_ROWS = 1_000


@dataclass
class BatchSummary:
    """What a batch run did, for the command line's closing lines."""

    rows: int = 0
    status: Counter = field(default_factory=Counter)
    passing: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)

    def add(self, reviewed: pd.DataFrame) -> None:
        from ..labels import LABELS, WARN_WHEN_PRESENT

        self.rows += len(reviewed)
        status = reviewed["status"].astype(str)
        self.status.update(status.value_counts().to_dict())
        ok = reviewed[(status == "ok").to_numpy()]
        self.languages.update(ok["language"].astype(str).value_counts().to_dict())
        for label in LABELS:
            present = int(ok[label].astype(bool).sum())
            self.passing[label] += len(ok) - present if label in WARN_WHEN_PRESENT else present

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


def review_chunk(chunk: pd.DataFrame, text_column: str, lang: str | None, model: ReviewerModel,
                 rewrite: bool = False) -> pd.DataFrame:
    """review_frame, except that a row whose review raises gets status "error" instead of
    stopping the batch. The failing rows are isolated by bisection, so a healthy chunk costs
    one call; more than MAX_ERROR_ROWS failing rows means a broken model or a bug that is not
    about single rows, and the first error is raised."""
    try:
        return review_frame(chunk, text_column=text_column, lang=lang, model=model, rewrite=rewrite)
    except Exception as first:  # noqa: BLE001 - isolate the rows, re-raise if it is not about rows
        failed: list[int] = []
        parts = _bisect_review(chunk, text_column, lang, model, failed, rewrite)
        if len(failed) > MAX_ERROR_ROWS or (len(chunk) > 1 and len(failed) == len(chunk)):
            raise first
        log.warning("%d row(s) could not be reviewed (%s: %s); marked status=%r", len(failed),
                    type(first).__name__, first, ERROR_STATUS)
        return pd.concat(parts)


def _bisect_review(chunk: pd.DataFrame, text_column: str, lang: str | None, model: ReviewerModel,
                   failed: list[int], rewrite: bool = False) -> list[pd.DataFrame]:
    if len(failed) > MAX_ERROR_ROWS:
        return []
    try:
        return [review_frame(chunk, text_column=text_column, lang=lang, model=model, rewrite=rewrite)]
    except Exception:  # noqa: BLE001
        if len(chunk) == 1:
            failed.append(1)
            blank = chunk.copy()
            blank[text_column] = pd.Series([None], index=chunk.index, dtype=object)
            out = review_frame(blank, text_column=text_column, lang=lang, model=model, rewrite=rewrite)
            out[text_column] = chunk[text_column].values
            out["status"] = pd.array([ERROR_STATUS], dtype="string")
            return [out]
        mid = len(chunk) // 2
        return (_bisect_review(chunk.iloc[:mid], text_column, lang, model, failed, rewrite)
                + _bisect_review(chunk.iloc[mid:], text_column, lang, model, failed, rewrite))


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


def _review_in_worker(chunk: pd.DataFrame, text_column: str, lang: str | None, suffix: str,
                      header: bool, rewrite: bool = False) -> tuple[EncodedChunk | pd.DataFrame, BatchSummary]:
    """Review a chunk and format it for the output file here, in the worker: the parent then
    only writes bytes in order, and sends less data between processes."""
    reviewed = review_chunk(chunk, text_column, lang, load_model(_worker_model_dir), rewrite)
    summary = BatchSummary()
    summary.add(reviewed)
    return encode_chunk(reviewed, suffix, header), summary


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


def _tasks(chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The rows of `chunks` in order, in pieces of at most TASK_ROWS (an empty chunk, such as a
    CSV with only a header, is passed on as it is: its header must still be written)."""
    for chunk in chunks:
        if len(chunk) == 0:
            yield chunk
        for lo in range(0, len(chunk), TASK_ROWS):
            yield chunk.iloc[lo:lo + TASK_ROWS]


def _ordered_parallel(chunks: Iterable[pd.DataFrame], jobs: int, text_column: str, lang: str | None,
                      model_dir: str | None, model: ReviewerModel,
                      suffix: str, rewrite: bool = False) -> Iterator[tuple[EncodedChunk | pd.DataFrame, BatchSummary]]:
    """Review chunks on `jobs` processes, yielding (formatted part, summary) in input order.

    Chunks are cut into tasks of TASK_ROWS rows, with at most 2 x jobs tasks in flight (every
    worker busy with one queued behind it; memory bounded)."""
    fork = "fork" in mp.get_all_start_methods()
    if fork:
        _prepare_fork(model)
    context = mp.get_context("fork" if fork else "spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(model_dir,))
    pending: deque[Future] = deque()
    completed = False
    try:
        for index, task in enumerate(_tasks(chunks)):
            pending.append(pool.submit(_review_in_worker, task, text_column, lang, suffix, index == 0, rewrite))
            if len(pending) >= 2 * jobs:
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
                progress: bool = True, model_dir: str | None = None, rewrite: bool = False) -> BatchSummary:
    """Review every row of `input_path` into `output_path` (formats by extension); with
    `rewrite`, add the suggested rewrite of each draft as a last column.

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
    check_columns(first.columns, text_column, rewrite)

    def all_chunks() -> Iterator[pd.DataFrame]:
        yield first
        yield from chunks

    total = count_rows(input_path) if progress else None
    with _sigterm_as_exit(), atomic_writer(output_path) as writer:
        model = load_model(model_dir)  # before forking, so workers inherit it
        jobs = min(jobs, max(1, -(-(total or 0) // TASK_ROWS))) if total is not None else jobs
        with tqdm(total=total, unit="rows", desc="reviewing", disable=not progress,
                  dynamic_ncols=True, smoothing=0.1) as bar:
            if jobs == 1:
                for task in _tasks(all_chunks()):
                    reviewed = review_chunk(task, text_column, lang, model, rewrite)
                    writer.write(reviewed)
                    summary.add(reviewed)
                    bar.update(len(reviewed))
            else:
                suffix = file_format(output_path)
                for encoded, part in _ordered_parallel(all_chunks(), jobs, text_column, lang, model_dir, model, suffix,
                                                       rewrite):
                    writer.write(encoded)
                    summary.merge(part)
                    bar.update(len(encoded))
            if total is not None and bar.n != total:
                bar.total = bar.n
                bar.refresh()
    return summary
