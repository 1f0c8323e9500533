"""What a review returns: plain, immutable data that prints well and converts to JSON."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .labels import ESSENTIALS, LABELS, is_good


@dataclass(frozen=True)
class Evidence:
    """A character span of the draft that carries a finding."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    """One label's verdict: present or not, the calibrated score, and where in the draft."""

    label: str
    present: bool
    score: float
    evidence: tuple[Evidence, ...] = ()

    @property
    def good(self) -> bool:
        """True when this finding needs no fix (oversharing absent, the others present)."""
        return is_good(self.label, self.present)


@dataclass(frozen=True)
class Suggestion:
    """One piece of feedback; `key` names the rule that produced it (stable for tests/UI)."""

    key: str
    severity: str  # "high", "medium", "low" or "info"
    message: str
    label: str | None = None


@dataclass(frozen=True)
class ReviewResult:
    """The review of one draft."""

    text: str
    language: str
    feedback_language: str
    findings: dict[str, Finding]
    reason_category: str
    reason_score: float
    feedback: tuple[Suggestion, ...] = field(default_factory=tuple)
    status: str = "ok"

    def __getitem__(self, label: str) -> Finding:
        return self.findings[label]

    @property
    def essentials_met(self) -> int:
        """How many of the four essentials (apology, reason, no oversharing, follow-up) hold."""
        return sum(self.findings[label].good for label in ESSENTIALS)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["findings"] = {label: asdict(self.findings[label]) for label in LABELS}
        out["essentials_met"] = self.essentials_met
        return out
