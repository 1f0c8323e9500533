"""Reading and writing tables of drafts by file extension, in chunks, atomically.

CSV is read with every column as text (values come back exactly as written, and dtypes do not
drift between chunks); JSON Lines keeps JSON types; Parquet keeps its schema. Output goes to a
temporary file beside the target and is renamed into place only when complete, so an
interrupted run never leaves a half-written file under the output name.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

STREAM_FORMATS = (".csv", ".jsonl", ".parquet")
TABLE_FORMATS = (*STREAM_FORMATS, ".json", ".xlsx")
DEFAULT_CHUNK_ROWS = 20_000


class TableError(Exception):
    """A problem with an input or output file, worded for the person running the command."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


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
    """Number of rows (exact for Parquet and JSON Lines, an upper bound for CSV); None if unknown."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq
        return pq.ParquetFile(path).metadata.num_rows
    if suffix in (".csv", ".jsonl"):
        lines = 0
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 22), b""):
                lines += block.count(b"\n")
        return max(lines - (suffix == ".csv"), 0)
    return None


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
                                 encoding="utf-8")
            with reader:
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
            return pd.read_csv(source, dtype=str, keep_default_na=False, na_filter=False)
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


class ChunkWriter:
    """Appends DataFrame chunks to a temporary file; `commit()` renames it to the target."""

    def __init__(self, target: Path, tmp: Path, suffix: str):
        self.target, self.tmp, self.suffix = target, tmp, suffix
        self._parquet = None
        self._schema = None
        self.rows = 0

    def write(self, chunk: pd.DataFrame) -> None:
        if self.suffix == ".csv":
            chunk.to_csv(self.tmp, mode="a", header=self.rows == 0, index=False)
        elif self.suffix == ".jsonl":
            with open(self.tmp, "a", encoding="utf-8") as fh:
                if len(chunk):
                    fh.write(chunk.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n") + "\n")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq
            table = pa.Table.from_pandas(chunk, preserve_index=False, schema=self._schema)
            if self._parquet is None:
                self._schema = table.schema
                self._parquet = pq.ParquetWriter(self.tmp, table.schema)
            self._parquet.write_table(table)
        self.rows += len(chunk)

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
