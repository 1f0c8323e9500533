"""reviewer: reviews drafted interview-cancellation messages (English, Indonesian, code-mixed).

>>> from reviewer import review
>>> result = review("So sorry, I have the flu and must cancel tomorrow. Could we move it to Friday? Thanks, Ana")
>>> result["apology"].present, result["reschedule_request"].present
(True, True)
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import OUTPUT_COLUMNS, review, review_frame
from .artifacts import ModelLoadError, load_model
from .labels import LABELS, REASON_CATEGORIES
from .language import detect_language
from .result import Evidence, Finding, ReviewResult, Suggestion
from .validation import STATUS_MESSAGES

__all__ = [
    "LABELS", "OUTPUT_COLUMNS", "REASON_CATEGORIES", "STATUS_MESSAGES", "Evidence", "Finding",
    "ModelLoadError", "ReviewResult", "Suggestion", "detect_language", "load_model", "review",
    "review_frame", "review_dask",
]


def review_dask(*args, **kwargs):
    """Review a Dask DataFrame (needs the `dask` extra); see reviewer.tables.distributed."""
    from .tables.distributed import review_dask as _review_dask

    return _review_dask(*args, **kwargs)
