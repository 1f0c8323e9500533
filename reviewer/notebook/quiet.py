"""Setting widgets from code.

ipywidgets fires the same `observe` callbacks whether a person changed a control or the program
did (relabelling options in another language, restoring a selection, ticking implied boxes).
Each panel keeps one `Quiet` and raises it around its own changes, so the callbacks can tell the
two apart and do not review, save or relabel a second time. `replace_options` relabels a
dropdown without losing what the person had chosen.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Sequence


class Quiet:
    """True while the program is setting widgets (`with quiet(): ...`), False otherwise."""

    __slots__ = ("_depth",)

    def __init__(self) -> None:
        self._depth = 0

    def __bool__(self) -> bool:
        return self._depth > 0

    def __repr__(self) -> str:
        return f"Quiet({bool(self)})"

    @contextmanager
    def __call__(self) -> Iterator[None]:
        # A depth, not a bool: a quiet block inside another must not end the outer one early.
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1


def replace_options(widget: Any, options: Sequence[tuple[str, Any]]) -> None:
    """Give a dropdown new (label, value) options, keeping its value when it is still offered
    (a new interface language relabels the same values)."""
    chosen = widget.value
    widget.options = list(options)
    if chosen in {value for _, value in options}:
        widget.value = chosen
