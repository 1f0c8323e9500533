"""The draft as a sequence of units (the model's sentences and clauses) with the whitespace
between them, what each unit carries, and its role (subject line, greeting, body, sign-off).

A rewrite keeps, drops and inserts whole units, so it needs to know for every unit what the
segment model reads in it: the same scores that pick the evidence a review highlights.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from ..labels import LABELS
from ..model import ReviewerModel
from ..nlp import SENTENCE_PUNCT, Analysis, analyse

_HEADER = re.compile(r"^\s*(?:subject|subjek|perihal|re|hal|judul)\s*:", re.I)
_GREETING = re.compile(r"^\s*(?:hi+|hello+|hallo+|halo+|hai+|hey+|dear|good (?:morning|afternoon|evening|day)|"
                       r"yth\.?|kepada|dengan hormat|selamat (?:pagi|siang|sore|malam)|pagi|siang|sore|malam|"
                       r"assalamu\w*|permisi|punten|greetings)\b", re.I)
_CLOSING = re.compile(r"^\s*[-–—~]?\s*(?:best|regards|kind regards|warm regards|best regards|many thanks|thanks|"
                      r"thank you|thx|ty|cheers|sincerely|yours|respectfully|salam|hormat saya|hormat kami|"
                      r"wassalam\w*|terima kasih|terimakasih|makasih|tq|regards|sent from)\b", re.I)
#: Words that state the cancellation itself ("I can't attend", "saya tidak bisa hadir").
CANCEL = re.compile(
    r"\b(?:cancel\w*|withdraw\w*|postpone\w*|unable to|not be able|n'?t be able|not able|can'?t|cannot|can not|"
    r"won'?t|will not|not (?:going|coming)|skip\w*|miss|reschedul\w*|pull out|step back|not happening|no way|"
    r"bail\w*|rain ?check|not (?:make|making) it|"
    r"batal\w*|membatalkan|(?:tidak|tdk|gak|ga|gk|nggak|ngga|enggak|g|ndak|belum) (?:bisa|bs|dapat|jadi|hadir|datang|"
    r"dateng|ikut|lanjut|melanjutkan)|gabisa|gakbisa|berhalangan|mundur|mengundurkan|absen|izin|ijin)\b", re.I)
#: Words of a writer who is leaving the process rather than asking for a new time.
WITHDRAW = re.compile(
    r"\b(?:withdraw\w*|pull(?:ing)? out|no longer (?:interested|pursuing|available)|not (?:continue|continuing|proceed|"
    r"proceeding|pursue|pursuing)|(?:accepted|taken|signed) (?:an|another|a) (?:offer|position|job|role)|"
    r"decline\w*|(?:tidak|tdk|gak|ga|gk|nggak|ngga|enggak) (?:lanjut|melanjutkan|jadi ikut)|mengundurkan diri|"
    r"mundur|menolak|sudah (?:menerima|diterima) (?:tawaran|kerja|di)|udah (?:dapet|dapat|terima) (?:kerja|tawaran)|"
    r"no thanks|don'?t bother|no need to (?:call|reply|respond|get back)|(?:tidak|gak|ga|nggak) (?:perlu|usah) "
    r"(?:dibalas|dihubungi|dijadwalkan)|good luck|best of luck|all the best|wish (?:you|the team) (?:all )?the best|semoga .{0,40}sukses|sukses selalu)",
    re.I)
#: Abbreviations whose full stop does not end a sentence ("Dear Mr. Oka").
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Jr|St|Bpk|Bp|Sdr|Sdri|Tn|Ny|Jl|No|e\.g|i\.e|vs|approx)\.$", re.I)
_CAPITAL_OPENING = re.compile(r"[A-Z]")


@dataclass(frozen=True)
class Unit:
    """One sentence or clause: its span in the draft, the segment model's probability per
    label (LABELS order), its sentence number, and its role."""

    start: int
    end: int
    scores: tuple[float, ...]
    sentence: int
    ends_sentence: bool
    role: str  # "header", "greeting", "body" or "signoff"
    text: str

    def score(self, label: str) -> float:
        return self.scores[LABELS.index(label)]

    @property
    def cancels(self) -> bool:
        return bool(CANCEL.search(self.text))


@dataclass(frozen=True)
class Layout:
    """A draft split into units, with `gaps[i]` the text before unit i (gaps[-1] trails)."""

    text: str
    units: tuple[Unit, ...]
    gaps: tuple[str, ...]
    analysis: Analysis

    @property
    def capitalised(self) -> bool:
        """Whether the writer starts sentences with a capital (a chat in lower case does not)."""
        starts = [u.text[0] for k, u in enumerate(self.units) if u.text[:1].isalpha() and u.role == "body"
                  and (k == 0 or self.units[k - 1].sentence != u.sentence)]
        return bool(starts) and sum(ch.isupper() for ch in starts) * 2 >= len(starts)


def segment_scores(analysis: Analysis, model: ReviewerModel) -> np.ndarray:
    """Probability per segment (rows) and label (columns) from the segment model."""
    if not analysis.segments:
        return np.zeros((0, len(LABELS)))
    return expit(model.segment_decisions(model.segment_terms.transform(analysis.segment_tokens())))


def _merged_spans(text: str, analysis: Analysis, scores: np.ndarray) -> list[tuple[int, int, np.ndarray]]:
    """Segments joined where the split was inside a word ("mother-in-" + "law"), after a title
    ("Dear Mr." + "Oka,") or inside a bracketed placeholder: a unit is never half of one."""
    spans: list[tuple[int, int, np.ndarray]] = []
    for seg, row in zip(analysis.segments, scores):
        if spans:
            start, end, best = spans[-1]
            gap = text[end:seg.start]
            piece = text[start:end]
            if gap == "" or ("\n" not in gap and (_ABBREV.search(piece) or piece.count("[") > piece.count("]"))):
                spans[-1] = (start, seg.end, np.maximum(best, row))
                continue
        spans.append((seg.start, seg.end, row))
    return spans


def _roles(text: str, spans: list[tuple[int, int, np.ndarray]]) -> list[str]:
    lines = [text.count("\n", 0, s) for s, _, _ in spans]
    roles = ["body"] * len(spans)
    for i, (s, e, _) in enumerate(spans):
        line_start = text.rfind("\n", 0, s) + 1
        if _HEADER.match(text[line_start:e]):
            roles[i] = "header"
    body = [i for i, r in enumerate(roles) if r == "body"]
    if body:
        first = body[0]
        piece = text[spans[first][0]:spans[first][1]]
        if _GREETING.match(piece) and len(piece.split()) <= 6 and not CANCEL.search(piece):
            roles[first] = "greeting"
    # Sign-off: from the end, short lines (names, titles, numbers) up to a closing ("Regards,").
    by_line: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        by_line.setdefault(line, []).append(i)
    tail: list[list[int]] = []
    for line in sorted(by_line, reverse=True)[:5]:
        idx = by_line[line]
        piece = text[spans[idx[0]][0]:spans[idx[-1]][1]]
        if any(roles[i] != "body" for i in idx) or len(piece.split()) > 6 or CANCEL.search(piece):
            break
        tail.append(idx)
    closing = [idx for idx in tail if _CLOSING.match(text[spans[idx[0]][0]:spans[idx[-1]][1]])]
    if closing:
        start = closing[-1][0]
    elif tail and len(by_line) >= 3 and len(tail) < len(by_line):
        # A bare name on the last line of an email ("...\n\nDimas").
        last = tail[0]
        piece = text[spans[last[0]][0]:spans[last[-1]][1]]
        words = piece.lstrip("-–—~ ").split()
        name = 1 <= len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
        start = last[0] if name and not any(ch in SENTENCE_PUNCT for ch in piece) else len(spans)
    else:
        start = len(spans)
    # A chat's closing or name on the same line as the message ("... friday? thx, Ana", "... motorway. Ben").
    if start == len(spans) and len(spans) > 1 and roles[-1] == "body":
        last_piece = text[spans[-1][0]:spans[-1][1]]
        words = last_piece.lstrip("-–—~ ").split()
        name = (1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
                and not any(ch in SENTENCE_PUNCT for ch in last_piece)
                and text[spans[-2][1] - 1] in SENTENCE_PUNCT)
        if (_CLOSING.match(last_piece) and len(words) <= 4) or name:
            start = len(spans) - 1
    for i in range(start, len(spans)):
        roles[i] = "signoff"
    return roles


def layout(text: str, lang: str, model: ReviewerModel, analysis: Analysis | None = None) -> Layout:
    """Split a draft into units with their scores and roles."""
    analysis = analysis or analyse([text], [lang])[0]
    spans = _merged_spans(text, analysis, segment_scores(analysis, model))
    roles = _roles(text, spans)
    units: list[Unit] = []
    gaps: list[str] = []
    sentence, prev_end = 0, 0
    for i, ((start, end, row), role) in enumerate(zip(spans, roles)):
        gaps.append(text[prev_end:start])
        after = text[end:spans[i + 1][0]] if i + 1 < len(spans) else ""
        piece = text[start:end]
        ends = (i + 1 == len(spans) or "\n" in after or piece[-1] in SENTENCE_PUNCT) and not _ABBREV.search(piece)
        units.append(Unit(start, end, tuple(float(x) for x in row), sentence, ends, role, piece))
        if ends:
            sentence += 1
        prev_end = end
    gaps.append(text[prev_end:])
    return Layout(text, tuple(units), tuple(gaps), analysis)
