"""Reading and writing tables of drafts by file extension, in chunks, atomically.

CSV is read with every column as text (values come back exactly as written, and dtypes do not
drift between chunks); JSON Lines keeps JSON types; Parquet keeps its schema. Output goes to a
temporary file beside the target and is renamed into place only when complete, so an
interrupted run never leaves a half-written file under the output name.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from .errors import TableError

STREAM_FORMATS = (".csv", ".jsonl", ".parquet")
TABLE_FORMATS = (*STREAM_FORMATS, ".json", ".xlsx")
DEFAULT_CHUNK_ROWS = 10_000


def file_format(path: Path | str, allowed: tuple[str, ...] = STREAM_FORMATS) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in allowed:
        raise TableError(f"{path}: unsupported file type {suffix or '(none)'}; use one of {', '.join(allowed)}",
                         "format")
    return suffix


def _bad_encoding_line(path: Path, encoding: str = "utf-8") -> tuple[int, str]:
    """The first line (1-based) that does not decode, and the decoder's complaint."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError as exc:
                return number, exc.reason
    return 0, "unknown"


def count_rows(path: Path | str) -> int | None:
    """Number of data rows, as the chunked reader will see them; None if unknown.

    Parquet reads its metadata. CSV is parsed record by record with the csv module (a quoted
    field may hold line breaks, so counting newlines would over-count) and blank lines are
    skipped as pandas skips them. JSON Lines counts non-blank lines.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            import pyarrow.parquet as pq
            return pq.ParquetFile(path).metadata.num_rows
        if suffix == ".csv":
            return _count_csv_records(path)
        if suffix == ".jsonl":
            with open(path, "rb") as fh:
                return sum(1 for line in fh if line.strip())
    except Exception:  # the bar total is a nicety: the reader reports real problems clearly
        return None
    return None


def _count_csv_records(path: Path) -> int:
    import csv
    import sys

    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)  # one draft may be megabytes long
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as fh:
            records = sum(1 for row in csv.reader(fh) if row)
    finally:
        csv.field_size_limit(limit)
    return max(records - 1, 0)  # minus the header


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise TableError(f"{path}: no such file", "missing")
    if not path.is_file():
        raise TableError(f"{path}: not a file", "missing")
    if not os.access(path, os.R_OK):
        raise TableError(f"{path}: permission denied", "missing")


def iter_chunks(path: Path | str, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """Yield the input table in chunks of at most `chunk_rows` rows, in file order."""
    path = Path(path)
    suffix = file_format(path)
    _check_readable(path)
    try:
        if suffix == ".csv":
            reader = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, chunksize=chunk_rows,
                                 encoding="utf-8", index_col=False)
            with reader, warnings.catch_warnings():
                # A row with more fields than the header would otherwise be cut silently.
                warnings.simplefilter("error", pd.errors.ParserWarning)
                yield from reader
        elif suffix == ".jsonl":
            with pd.read_json(path, lines=True, chunksize=chunk_rows, dtype=False, encoding="utf-8") as reader:
                for chunk in reader:
                    yield chunk
        else:
            import pyarrow.parquet as pq
            parquet = pq.ParquetFile(path)
            for batch in parquet.iter_batches(batch_size=chunk_rows):
                yield batch.to_pandas()
    except UnicodeDecodeError:
        line, reason = _bad_encoding_line(path)
        raise TableError(f"{path}: line {line} is not valid UTF-8 ({reason}); re-save the file as UTF-8",
                         "encoding") from None
    except TableError:
        raise
    except pd.errors.ParserWarning as exc:
        raise TableError(f"{path}: malformed CSV: a row has more fields than the header ({exc}); "
                         "quote texts that contain commas", "parse") from None
    except pd.errors.EmptyDataError:
        raise TableError(f"{path}: the file is empty", "parse") from None
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TableError(f"{path}: cannot read as {suffix[1:]}: {first}", "parse") from None


def read_table(source, suffix: str) -> pd.DataFrame:
    """Read a whole (small) table from a path or file-like object, e.g. a notebook upload."""
    suffix = suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise TableError(f"unsupported file type {suffix}; use one of {', '.join(TABLE_FORMATS)}", "format")
    try:
        if suffix == ".csv":
            return pd.read_csv(source, dtype=str, keep_default_na=False, na_filter=False, index_col=False)
        if suffix in (".jsonl", ".json"):
            return pd.read_json(source, lines=suffix == ".jsonl", dtype=False)
        if suffix == ".parquet":
            return pd.read_parquet(source)
        return pd.read_excel(source, dtype=str).fillna("")
    except UnicodeDecodeError as exc:
        raise TableError(f"the file is not valid UTF-8 ({exc.reason}); re-save it as UTF-8", "encoding") from None
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise TableError(f"cannot read the file as {suffix[1:]}: {str(exc).splitlines()[0] if str(exc) else exc}",
                         "parse") from None


def write_table(frame: pd.DataFrame, target, suffix: str) -> None:
    """Write a whole table to a path or binary buffer (used for notebook downloads)."""
    suffix = suffix.lower()
    if suffix == ".csv":
        frame.to_csv(target, index=False)
    elif suffix == ".jsonl":
        frame.to_json(target, orient="records", lines=True, force_ascii=False)
    elif suffix == ".parquet":
        frame.to_parquet(target, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(target, index=False)
    else:
        raise TableError(f"unsupported output type {suffix}", "format")


def _as_text(value: Any) -> str | None:
    """A value of a mixed-type column as text, for formats that need one type per column."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def _without_surrogates(chunk: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text values have lone surrogates written as \\udXXX escapes."""
    out = chunk.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            out.iloc[:, i] = pd.Series([v.encode("utf-8", "backslashreplace").decode("utf-8")
                                        if isinstance(v, str) else v for v in column.tolist()],
                                       index=column.index, dtype=column.dtype)
    return out


def arrow_table(chunk: pd.DataFrame, schema=None, first_row: int = 0):
    """`chunk` as an Arrow table with `schema` (that of the first chunk written).

    Parquet needs one type per column, but JSON Lines input may hold a number or an object
    where text is expected (such a draft gets status "not_text" and must still be written), and
    a column may be all-null in the first chunk. Columns mixing types are stored as text,
    all-null columns of the first chunk become text columns.
    """
    import pyarrow as pa

    errors = (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, UnicodeEncodeError)
    try:
        table = pa.Table.from_pandas(chunk, preserve_index=False, schema=schema)
    except errors:
        table = None
    if table is None:
        arrays, fields = [], []
        for i, name in enumerate(chunk.columns):
            column = chunk.iloc[:, i]
            want = schema.field(str(name)).type if schema is not None else None
            try:
                array = pa.array(column, type=want, from_pandas=True)
            except errors:
                if want is not None and not (pa.types.is_string(want) or pa.types.is_large_string(want)):
                    raise TableError(f"column {name!r} changes type near row {first_row + 1:,} and cannot be "
                                     "written to Parquet; write .csv or .jsonl instead", "output") from None
                array = pa.array([_as_text(v) for v in column.tolist()], type=want or pa.large_string())
            arrays.append(array)
            fields.append(pa.field(str(name), array.type))
        table = pa.Table.from_arrays(arrays, schema=schema or pa.schema(fields))
    if schema is None and any(pa.types.is_null(f.type) for f in table.schema):
        fields = [pa.field(f.name, pa.large_string()) if pa.types.is_null(f.type) else f for f in table.schema]
        table = table.cast(pa.schema(fields, metadata=table.schema.metadata))
    return table


@dataclass(frozen=True)
class EncodedChunk:
    """A reviewed chunk already turned into the bytes of its output format, so that a worker
    process does the formatting and sends the writer one bytes object instead of a DataFrame."""

    data: bytes
    rows: int

    def __len__(self) -> int:
        return self.rows


def encode_chunk(chunk: pd.DataFrame, suffix: str, header: bool) -> EncodedChunk | pd.DataFrame:
    """The CSV (with the header row if `header`) or JSON Lines bytes of `chunk`. Parquet chunks
    stay DataFrames: the writer holds the one schema every chunk must follow.

    A lone surrogate (valid in a JSON string, not in UTF-8) is written as a \\udXXX escape
    instead of failing the whole batch; in JSON Lines output that escape reads back as is.
    """
    if suffix == ".csv":
        text = chunk.to_csv(None, header=header, index=False)
    elif suffix == ".jsonl":
        if not len(chunk):
            return EncodedChunk(b"", 0)
        try:
            text = chunk.to_json(orient="records", lines=True, force_ascii=False)
        except UnicodeEncodeError:
            text = _without_surrogates(chunk).to_json(orient="records", lines=True, force_ascii=False)
        text = text.rstrip("\n") + "\n"
    else:
        return chunk
    return EncodedChunk(text.encode("utf-8", "backslashreplace"), len(chunk))


class ChunkWriter:
    """Appends chunks (DataFrames, or EncodedChunk bytes) to a temporary file; the file is
    renamed to the target by `atomic_writer` when every chunk is written."""

    def __init__(self, target: Path, tmp: Path, suffix: str):
        self.target, self.tmp, self.suffix = target, tmp, suffix
        self._parquet = None
        self._schema = None
        self.rows = 0
        self.chunks = 0

    def write(self, chunk: pd.DataFrame | EncodedChunk) -> None:
        """Append one chunk; a CSV's header row comes with the first chunk."""
        if isinstance(chunk, pd.DataFrame):
            chunk = encode_chunk(chunk, self.suffix, header=self.chunks == 0)
        if isinstance(chunk, EncodedChunk):
            with open(self.tmp, "ab") as fh:
                fh.write(chunk.data)
        else:
            import pyarrow.parquet as pq
            table = arrow_table(chunk, self._schema, first_row=self.rows)
            if self._parquet is None:
                self._schema = table.schema
                self._parquet = pq.ParquetWriter(self.tmp, table.schema)
            self._parquet.write_table(table)
        self.rows += len(chunk)
        self.chunks += 1

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None


@contextmanager
def atomic_writer(target: Path | str) -> Iterator[ChunkWriter]:
    """A ChunkWriter whose file appears under `target` only if the block completes."""
    target = Path(target)
    suffix = file_format(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise TableError(f"{target}: output folder {directory} does not exist", "output")
    if target.is_dir():
        raise TableError(f"{target}: is a folder; give an output file name", "output")
    if target.exists() and not os.access(target, os.W_OK):
        raise TableError(f"{target}: cannot write there (permission denied)", "output")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise TableError(f"{target}: cannot write there ({exc.strerror})", "output") from None
    os.close(fd)
    os.unlink(tmp_name)  # writers create it; mkstemp only reserved a unique, writable name
    tmp = Path(tmp_name)
    writer = ChunkWriter(target, tmp, suffix)
    try:
        yield writer
        writer.close()
        if writer.rows == 0 and not tmp.exists():
            tmp.touch()
        os.replace(tmp, target)
    except BaseException:
        writer.close()
        tmp.unlink(missing_ok=True)
        raise
