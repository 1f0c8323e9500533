"""The error of reviewer.tables, in a module of its own so that the CLI can catch it without
importing pandas (reviewer.tables.files needs pandas; `reviewer check` does not)."""
from __future__ import annotations


class TableError(Exception):
    """A problem with an input or output file, worded for the person running the command."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind

    def __reduce__(self):  # keep `kind` when raised on a Dask worker and sent back
        return type(self), (str(self), self.kind)
