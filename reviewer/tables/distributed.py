"""The same review on Dask: on this machine's cores or on a `dask.distributed` cluster.

    >>> import dask.dataframe as dd, reviewer
    >>> ddf = dd.read_parquet("drafts/part-*.parquet")            # doctest: +SKIP
    >>> reviewed = reviewer.review_dask(ddf, text_column="text")  # lazy, like any Dask frame
    >>> reviewed.to_parquet("reviewed/")                          # doctest: +SKIP

Every partition goes through `reviewer.tables.batch.review_chunk` (that is, `review_frame`), so the
result equals the pandas path row for row. The model is loaded (its checksum verified, its
arrays read without pickle) once, where the job is submitted; with a distributed Client it travels
to each worker once, inside a worker plugin, and stays there for every partition and every
later job (workers that join later get it too). Without a distributed Client (Dask's local
threaded or process scheduler) each process loads it once from `model_dir`.

`review_files_dask` is what `reviewer review --engine dask` runs: paths or globs of Parquet,
CSV or JSON Lines partitions in, one output file out (written atomically, in input order).
"""
from __future__ import annotations

import glob
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import pandas as pd

from ..api import check_columns, review_frame
from ..artifacts import default_model_dir, load_model
from .batch import BatchSummary, default_jobs, review_chunk
from ..language import resolve_language
from ..model import ReviewerModel
from .files import STREAM_FORMATS, TableError, atomic_writer, file_format, iter_chunks

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    from distributed import Client

__all__ = ["ClusterError", "ModelPlugin", "expand_inputs", "read_inputs", "review_dask", "review_files_dask"]

log = logging.getLogger(__name__)

_INSTALL_HINT = "the Dask engine needs the dask extra: pip install 'reviewer[dask]'"
#: Rows per CSV/JSON Lines read inside one partition (a partition is one file).
_READ_ROWS = 100_000


class ClusterError(ValueError):
    """The Dask scheduler cannot be reached, or Dask is not installed."""


def _require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc


# -- the model on workers ------------------------------------------------------------------------

@dataclass(frozen=True)
class ModelRef:
    """Names a model by a digest of its content: small, picklable, sent with every task."""

    key: str
    directory: str


_MODELS: dict[str, ReviewerModel] = {}
_MODELS_LOCK = threading.Lock()
#: How often this process received or loaded a model (tests check: once per worker).
_LOADS: dict[str, int] = {}


_KEYS: dict[int, tuple[ReviewerModel, str]] = {}


def _model_ref(model_dir: str | os.PathLike | None) -> tuple[ModelRef, ReviewerModel]:
    """Load (once per process, verified) the model and name it by a digest of its content.

    The digest is of the loaded object, not of the file on disk, so the workers get exactly the
    model that `review_frame` uses in this process, even if models/ is retrained meanwhile.
    """
    import hashlib
    import pickle

    directory = Path(model_dir) if model_dir else default_model_dir()
    model = load_model(directory)  # raises ModelLoadError naming the file
    known = _KEYS.get(id(model))
    if known is None or known[0] is not model:
        known = (model, hashlib.sha256(pickle.dumps(model, protocol=5)).hexdigest())
        _KEYS[id(model)] = known
    return ModelRef(known[1], str(directory)), model


def _install(key: str, model: ReviewerModel) -> None:
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = model
            _LOADS[key] = _LOADS.get(key, 0) + 1


def _model_for(ref: ModelRef) -> ReviewerModel:
    """The model in this process: shipped by ModelPlugin, or loaded once from ref.directory."""
    model = _MODELS.get(ref.key)
    if model is not None:
        return model
    with _MODELS_LOCK:  # threads of one worker must not load it twice
        model = _MODELS.get(ref.key)
        if model is None:
            model = load_model(ref.directory)
            _MODELS[ref.key] = model
            _LOADS[ref.key] = _LOADS.get(ref.key, 0) + 1
    return model


def model_loads() -> dict[str, int]:
    """{model key: times this process received or loaded it} (for tests and diagnostics)."""
    return dict(_LOADS)


try:
    from distributed import WorkerPlugin as _WorkerPluginBase
except ImportError:  # pragma: no cover - dask extra not installed
    _WorkerPluginBase = object  # type: ignore[assignment,misc]


class ModelPlugin(_WorkerPluginBase):  # type: ignore[misc,valid-type]
    """Puts a loaded, verified model into every worker process, once.

    The model is loaded where the job is submitted (safely: checksum, plain arrays, no pickle);
    Dask then carries it to each worker with its own serialisation, as it carries all task data
    within a cluster. Workers need no copy of models/ and do not re-verify the artifact.
    """

    idempotent = True  # registering again (a second job) does not resend the model

    def __init__(self, ref: ModelRef, model: ReviewerModel):
        self.ref = ref
        self.model = model
        self.name = f"reviewer-model-{ref.key[:16]}"

    def setup(self, worker: Any = None) -> None:  # noqa: ARG002
        _install(self.ref.key, self.model)


def _ensure_plugin(client: "Client", ref: ModelRef, model: ReviewerModel) -> None:
    client.register_plugin(ModelPlugin(ref, model))


def _active_client() -> "Client | None":
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:  # no client
        return None


# -- review a Dask DataFrame ----------------------------------------------------------------------

class _MetaOnly:
    """Stands in for the model when review_frame only has to describe its (empty) output."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError("the model is not used for an empty frame")


def _review_partition(part: pd.DataFrame, text_column: str, lang: str | None, ref: ModelRef,
                      rewrite: bool = False) -> pd.DataFrame:
    return review_chunk(part, text_column, lang, _model_for(ref), rewrite)


def review_dask(ddf: "dd.DataFrame", text_column: str = "text", lang: str | None = None, *,
                model_dir: str | os.PathLike | None = None, client: "Client | None" = None,
                rewrite: bool = False) -> "dd.DataFrame":
    """Review every row of a Dask DataFrame; lazy, returns a Dask DataFrame.

    Same contract as `review_frame`: input columns unchanged and in order, the same rows in
    the same order and partitions, plus OUTPUT_COLUMNS (with `status` per row). With a
    distributed Client (given, or the default one) the model is loaded here once and sent to
    each worker once; without one, each process of the local scheduler loads it once.
    Raises MissingColumnError / ColumnClashError / ModelLoadError before anything is computed.
    """
    _require_dask()
    import dask.dataframe as dd

    if isinstance(ddf, pd.DataFrame):
        raise TypeError("review_dask() needs a Dask DataFrame; for pandas use reviewer.review_frame "
                        "(or dask.dataframe.from_pandas(df, npartitions=...))")
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"review_dask() needs a Dask DataFrame, got {type(ddf).__name__}")
    check_columns(ddf.columns, text_column, rewrite)
    if lang is not None:
        resolve_language("", lang)
    ref, model = _model_ref(model_dir)  # verified here, before anything is computed
    _install(ref.key, model)  # the threaded scheduler uses this very object
    client = client or _active_client()
    if client is not None:
        _ensure_plugin(client, ref, model)
    meta = review_frame(ddf._meta, text_column=text_column, lang=lang, model=_MetaOnly(),  # type: ignore[arg-type]
                        rewrite=rewrite)
    return ddf.map_partitions(_review_partition, text_column, lang, ref, rewrite, meta=meta, align_dataframes=False,
                              enforce_metadata=False)


# -- files ---------------------------------------------------------------------------------------

def _natural_key(path: str) -> list[Any]:
    """part.2 before part.10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path)]


def _is_url(path: str) -> bool:
    return "://" in path


def expand_inputs(inputs: str | os.PathLike | Sequence[str | os.PathLike]) -> list[str]:
    """Paths from files, folders (their .parquet/.csv/.jsonl files) and globs, in natural order.

    URLs (s3://..., gcs://...) pass through for Dask and fsspec to resolve on the workers.
    Raises TableError("missing"/"format") for nothing found or mixed formats.
    """
    items = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    paths: list[str] = []
    for item in map(str, items):
        if _is_url(item):
            paths.append(item)
        elif glob.has_magic(item):
            found = sorted((p for p in glob.glob(item, recursive=True) if os.path.isfile(p)), key=_natural_key)
            if not found:
                raise TableError(f"{item}: no file matches", "missing")
            paths.extend(found)
        elif os.path.isdir(item):
            found = sorted((str(p) for p in Path(item).iterdir()
                            if p.is_file() and p.suffix.lower() in STREAM_FORMATS and not p.name.startswith(".")),
                           key=_natural_key)
            if not found:
                raise TableError(f"{item}: folder has no {', '.join(STREAM_FORMATS)} files", "missing")
            paths.extend(found)
        elif os.path.isfile(item):
            paths.append(item)
        else:
            file_format(item)  # an unsupported type is the clearer message
            raise TableError(f"{item}: no such file", "missing")
    if not paths:
        raise TableError("no input files given", "missing")
    suffixes = {file_format(p.split("?")[0]) for p in paths}
    if len(suffixes) > 1:
        raise TableError(f"input files mix formats ({', '.join(sorted(suffixes))}); use one format", "format")
    return paths


def _read_whole(path: str) -> pd.DataFrame:
    """One CSV/JSON Lines file as one partition, read exactly as the pandas engine reads it."""
    frames = list(iter_chunks(path, _READ_ROWS))
    if not frames:
        return pd.DataFrame()
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def read_inputs(inputs: str | os.PathLike | Sequence[str | os.PathLike]) -> "dd.DataFrame":
    """A Dask DataFrame over Parquet, CSV or JSON Lines partitions, in input order.

    Parquet is split by Dask (row groups); a CSV or JSON Lines file is one partition (a quoted
    CSV field may hold line breaks, so byte ranges cannot be split safely). CSV columns are
    read as text and JSON keeps its types, exactly as the pandas engine does.
    """
    _require_dask()
    import dask.dataframe as dd

    paths = expand_inputs(inputs)
    suffix = file_format(paths[0].split("?")[0])
    if suffix == ".parquet":
        try:
            return dd.read_parquet(paths)
        except (OSError, ValueError) as exc:
            raise TableError(f"{paths[0]}: cannot read as parquet: {str(exc).splitlines()[0]}", "parse") from None
    if any(_is_url(p) for p in paths):
        if suffix == ".csv":
            return dd.read_csv(paths, blocksize=None, dtype=str, keep_default_na=False, na_filter=False)
        return dd.read_json(paths, lines=True, blocksize=None, dtype=False)
    head = next(iter_chunks(paths[0], 1000), None)  # reads the first file's top here: clear errors early
    if head is None:
        raise TableError(f"{paths[0]}: the file has no rows", "parse")
    return dd.from_map(_read_whole, paths, meta=head.iloc[:0], enforce_metadata=False, label="read-drafts")


def _connect(scheduler: str | None, jobs: int | None, timeout: str = "15s") -> tuple["Client", Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(_INSTALL_HINT) from None
    if scheduler:
        try:
            return Client(scheduler, timeout=timeout, set_as_default=False), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0] if str(exc) else 'no answer'})") from None
    cluster = LocalCluster(n_workers=max(1, jobs or default_jobs()), threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.ERROR)
    return Client(cluster, set_as_default=False), cluster


def _ordered_results(client: "Client", parts: list[Any], window: int) -> Iterator[pd.DataFrame]:
    """Compute partitions on the cluster, at most `window` at a time, yielding them in order."""
    from collections import deque

    pending: deque = deque()
    it = iter(parts)
    try:
        for part in it:
            pending.append(client.compute(part))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def review_files_dask(inputs: str | os.PathLike | Sequence[str | os.PathLike], output: str | os.PathLike,
                      text_column: str = "text", lang: str | None = None, scheduler: str | None = None,
                      model_dir: str | os.PathLike | None = None, *, jobs: int | None = None,
                      progress: bool = True, connect_timeout: str = "15s", rewrite: bool = False) -> BatchSummary:
    """Review files (paths, folders or globs of .parquet/.csv/.jsonl partitions) on Dask into one
    output file, rows in input order, written atomically.

    scheduler: a dask.distributed address ("tcp://host:8786"); None starts a local cluster of
    `jobs` worker processes (default: all cores) for this run. Input paths must be readable by
    the workers (a shared folder, or s3://... URLs with the right fsspec package).
    Raises TableError, MissingColumnError, ColumnClashError, ModelLoadError as the pandas engine
    does, and ClusterError when the scheduler does not answer within `connect_timeout`.
    """
    from tqdm.auto import tqdm

    _require_dask()
    file_format(output)
    ddf = read_inputs(inputs)
    check_columns(ddf.columns, text_column, rewrite)
    summary = BatchSummary()
    with atomic_writer(output) as writer:
        load_model(model_dir)  # verify before starting anything
        client, cluster = _connect(scheduler, jobs, connect_timeout)
        try:
            reviewed = review_dask(ddf, text_column=text_column, lang=lang, model_dir=model_dir, client=client,
                                   rewrite=rewrite)
            parts = reviewed.to_delayed()
            threads = sum(client.nthreads().values()) or 1
            with tqdm(total=len(parts), unit="part", desc="reviewing", disable=not progress,
                      dynamic_ncols=True) as bar:
                for frame in _ordered_results(client, parts, window=2 * threads):
                    writer.write(frame)
                    summary.add(frame)
                    bar.set_postfix_str(f"{summary.rows:,} rows", refresh=False)
                    bar.update(1)
        except UnicodeDecodeError:
            raise _encoding_error(expand_inputs(inputs)) from None
        except _cluster_failures() as exc:
            raise ClusterError(f"the Dask cluster failed during the run ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}); no output was written") from None
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return summary


def _cluster_failures() -> tuple[type[BaseException], ...]:
    """Errors that mean the cluster, not the input, failed (a worker died, the scheduler went away)."""
    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    return (KilledWorker, CommClosedError)


def _encoding_error(paths: list[str]) -> TableError:
    from .files import _bad_encoding_line

    for path in paths:
        if not _is_url(path):
            line, reason = _bad_encoding_line(Path(path))
            if line:
                return TableError(f"{path}: line {line} is not valid UTF-8 ({reason}); re-save the file as UTF-8",
                                  "encoding")
    return TableError(f"{paths[0]}: input is not valid UTF-8", "encoding")
