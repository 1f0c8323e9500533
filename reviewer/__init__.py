"""reviewer: reviews drafted interview-cancellation messages (English, Indonesian, code-mixed).

>>> from reviewer import review
>>> result = review("So sorry, I have the flu and must cancel tomorrow. Could we move it to Friday? Thanks, Ana")
>>> result["apology"].present, result["reschedule_request"].present
(True, True)
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # for type checkers; at run time each name is imported on first use
    from .api import OUTPUT_COLUMNS, review, review_frame
    from .artifacts import ModelLoadError, load_model
    from .labels import LABELS, REASON_CATEGORIES
    from .language import detect_language
    from .result import Evidence, Finding, ReviewResult, Suggestion
    from .rewriting import RewriteResult, rewrite
    from .validation import STATUS_MESSAGES

#: Where each public name lives. They are imported on first use (PEP 562), so `import reviewer`
#: and the `reviewer` command start at once and load only what they use.
_EXPORTS = {
    "OUTPUT_COLUMNS": "api", "review": "api", "review_frame": "api", "ModelLoadError": "artifacts",
    "load_model": "artifacts", "LABELS": "labels", "REASON_CATEGORIES": "labels", "detect_language": "language",
    "Evidence": "result", "Finding": "result", "ReviewResult": "result", "Suggestion": "result",
    "STATUS_MESSAGES": "validation", "rewrite": "rewriting", "RewriteResult": "rewriting",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

__all__ = [
    "LABELS", "OUTPUT_COLUMNS", "REASON_CATEGORIES", "STATUS_MESSAGES", "Evidence", "Finding",
    "ModelLoadError", "ReviewResult", "RewriteResult", "Suggestion", "detect_language", "load_model", "review",
    "review_frame", "review_dask", "rewrite",
]


def review_dask(*args, **kwargs):
    """Review a Dask DataFrame (needs the `dask` extra); see reviewer.tables.distributed."""
    from .tables.distributed import review_dask as _review_dask

    return _review_dask(*args, **kwargs)
