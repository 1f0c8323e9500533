"""What changed between a draft and its rewrite, and which finding each change addresses.

difflib's SequenceMatcher on word and punctuation tokens gives the kept, removed and added runs
(a kept island of one or two tokens between two edits is folded into them, so "my car died
<rant>" -> "I'm having car trouble" reads as one removal and one addition). The rewrite's own
log of what it cut and added splits a run into the sentences it cut or added and names the label
of each.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterable

from .result import Change

_TOKEN = re.compile(r"\w[\w'’\-]*|[^\w\s]")
#: Kept runs this short between two edits are folded into them.
ISLAND = 2


def _bare(word: str) -> str:
    return re.sub(r"[^\w\[\]]", "", word.lower())


def _best_label(run: str, kind: str, log: list[tuple[str, str | None, str]]) -> str | None:
    """The label of the logged cut or addition that shares most words with the run."""
    words = {_bare(w) for w in run.split()} - {""}
    best, best_share = None, 0.0
    for logged_kind, label, text in log:
        if logged_kind == kind and words:
            shared = len(words & {_bare(w) for w in text.split()}) / len(words)
            if shared > best_share:
                best, best_share = label, shared
    return best if best_share >= 0.5 else None


def _split(run: str, start: int, kind: str, log: list[tuple[str, str | None, str]]) -> list[tuple[int, int, str | None]]:
    """Cut a run into the logged pieces it contains, exactly as logged: (start, end, label)."""
    found: list[tuple[int, int, str | None]] = []
    for logged_kind, label, text in log:
        text = text.strip()
        if logged_kind != kind or not text:
            continue
        at = run.find(text)
        if at >= 0 and not any(s < at + len(text) and at < e for s, e, _ in found):
            found.append((at, at + len(text), label))
    found.sort()
    pieces: list[tuple[int, int, str | None]] = []
    cursor = 0
    for s, e, label in [*found, (len(run), len(run), None)]:
        gap = run[cursor:s]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            piece = gap.strip()
            pieces.append((start + cursor + lead, start + cursor + lead + len(piece), _best_label(piece, kind, log)))
        if e > s:
            pieces.append((start + s, start + e, label))
        cursor = max(cursor, e)
    return pieces


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    codes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[list] = []
    for k, (op, i1, i2, j1, j2) in enumerate(codes):
        island = (op == "equal" and 0 < k < len(codes) - 1 and i2 - i1 <= ISLAND)
        if (op != "equal" or island) and out and out[-1][0] == "replace":
            out[-1][2], out[-1][4] = i2, j2
        elif op != "equal":
            out.append(["replace", i1, i2, j1, j2])
        else:
            out.append([op, i1, i2, j1, j2])
    return [tuple(c) for c in out]  # type: ignore[misc]


def diff_changes(old: str, new: str, log: Iterable[tuple[str, str | None, str]] = ()) -> tuple[Change, ...]:
    """Kept, removed and added runs, in reading order, with spans into both texts."""
    if old == new:
        return (Change("kept", old, None, (0, len(old)), (0, len(new))),)
    log = list(log)
    a, b = list(_TOKEN.finditer(old)), list(_TOKEN.finditer(new))
    out: list[Change] = []
    for op, i1, i2, j1, j2 in _opcodes([m.group(0) for m in a], [m.group(0) for m in b]):
        old_span = (a[i1].start(), a[i2 - 1].end()) if i2 > i1 else None
        new_span = (b[j1].start(), b[j2 - 1].end()) if j2 > j1 else None
        if op == "equal":
            # One kept change per stretch whose spacing is the same in both texts (a cut paragraph
            # turns a paragraph break into a space), so that both spans hold exactly its text.
            first = 0
            for k in range(1, i2 - i1 + 1):
                if k == i2 - i1 or old[a[i1 + k - 1].end():a[i1 + k].start()] != new[b[j1 + k - 1].end():b[j1 + k].start()]:
                    s_old, e_old = a[i1 + first].start(), a[i1 + k - 1].end()
                    s_new, e_new = b[j1 + first].start(), b[j1 + k - 1].end()
                    out.append(Change("kept", old[s_old:e_old], None, (s_old, e_old), (s_new, e_new)))
                    first = k
            continue
        if old_span:
            for s, e, label in _split(old[old_span[0]:old_span[1]], old_span[0], "removed", log):
                out.append(Change("removed", old[s:e], label, (s, e), None))
        if new_span:
            for s, e, label in _split(new[new_span[0]:new_span[1]], new_span[0], "added", log):
                out.append(Change("added", new[s:e], label, None, (s, e)))
    return tuple(out)
