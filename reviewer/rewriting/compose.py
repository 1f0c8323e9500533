"""Puts kept units and added sentences back together with the draft's own layout.

Between two kept units goes the widest whitespace the draft had between them (a dropped
paragraph leaves one paragraph break, a dropped clause one space). An added sentence joins the
paragraph of the unit it is attached to, with a space. Punctuation is repaired only where a cut
or an addition would leave a clause hanging ("..., " before a new sentence becomes "...").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..nlp import SENTENCE_PUNCT

_LEADING_JOIN = re.compile(r"^(?:and|but|so|also|plus|dan|tapi|tetapi|namun|jadi|terus|trus|lalu|makanya)\b[\s,]*",
                           re.I)
_TRAILING_CLAUSE = re.compile(r"[\s,;:\-–—]+$")
#: A greeting clause ("Hey Tom,") keeps its comma before the sentence that follows it.
_GREETING_CLAUSE = re.compile(r"^\s*(?:hi+|hello+|halo+|hai+|hey+|dear|pagi|siang|sore|malam|selamat (?:pagi|siang|"
                              r"sore|malam))\b[^,.!?\n]{0,30},$", re.I)


@dataclass(frozen=True)
class Piece:
    """One part of the rewrite: a kept unit (`index` into the layout) or an added sentence.

    An added sentence joins the paragraph of the kept unit before it (`attach="after"`, the
    usual case) or after it (`"before"`, e.g. an apology that opens the body after a greeting
    line), or stands as a paragraph of its own (`"alone"`, when no body text is left near it)."""

    text: str
    index: int | None = None  # None: added
    label: str | None = None  # the label an added sentence addresses
    starts_sentence: bool = True
    clause_cut: bool = False  # a kept clause whose sentence start was cut: it now opens the sentence
    attach: str = "after"


def _widest(gaps: tuple[str, ...]) -> str:
    """The gap with the most line breaks (a paragraph break beats a line break beats a space)."""
    best = max(gaps, key=lambda g: (g.count("\n"), len(g)), default="")
    return best or " "


def end_sentence(text: str) -> str:
    """Close a clause so that a new sentence can follow it on the same line."""
    if _GREETING_CLAUSE.match(text):
        return text
    stripped = _TRAILING_CLAUSE.sub("", text)
    if not stripped:
        return text
    if stripped[-1] in SENTENCE_PUNCT:
        return stripped
    if stripped[-1].isalnum() or stripped[-1] in "\"')]”’":
        return stripped + "."
    return stripped  # ends with an emoji or a symbol: a chat line needs no full stop


def start_sentence(text: str, capitalise: bool) -> str:
    """A clause that now opens a sentence: no dangling "and"/"tapi", a capital if the writer uses them."""
    out = _LEADING_JOIN.sub("", text) or text
    if capitalise and out[:1].islower():
        out = out[0].upper() + out[1:]
    return out


def _groups(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into paragraph-runs: each kept unit with the sentences attached to it;
    consecutive "alone" sentences form a group of their own."""
    groups: list[list[Piece]] = []
    pending: list[Piece] = []  # sentences waiting for the next kept unit
    for p in pieces:
        if p.index is not None:
            groups.append([*pending, p])
            pending = []
        elif p.attach == "after" and groups and any(q.index is not None for q in groups[-1]):
            groups[-1].append(p)
        elif p.attach == "alone":
            if groups and all(q.index is None and q.attach == "alone" for q in groups[-1]) and not pending:
                groups[-1].append(p)
            else:
                if pending:
                    groups.append(pending)
                    pending = []
                groups.append([p])
        else:
            pending.append(p)
    if pending:
        groups.append(pending)
    return groups


def compose(pieces: list[Piece], gaps: tuple[str, ...], capitalise: bool) -> str:
    """Join the pieces; `gaps` are the layout's gaps (gaps[i] before unit i, gaps[-1] trailing)."""
    n = len(gaps) - 1
    groups = _groups(pieces)
    firsts = [next((p.index for p in g if p.index is not None), None) for g in groups]
    out: list[str] = [gaps[0]]
    prev_text = ""
    prev_kept: int | None = None
    for gi, group in enumerate(groups):
        nxt = next((f for f in firsts[gi:] if f is not None), n)
        lo = prev_kept + 1 if prev_kept is not None else 1
        boundary = _widest(gaps[lo:nxt + 1] if nxt < n else gaps[lo:n])
        for j, p in enumerate(group):
            text = start_sentence(p.text, capitalise) if p.index is not None and p.clause_cut else p.text
            if p.index is None and prev_text.endswith(",") and not re.match(r"I\b|I'", text):
                text = text[:1].lower() + text[1:]  # "Hey Tom, the reason: ..."
            if gi or j:
                sep = boundary if j == 0 else " "
                if "\n" not in sep and p.starts_sentence and prev_text and prev_text[-1] not in SENTENCE_PUNCT:
                    out[-1] = end_sentence(prev_text)
                out.append(sep)
            out.append(text)
            prev_text = text
            if p.index is not None:
                prev_kept = p.index
    out.append(gaps[-1])
    return "".join(out)
