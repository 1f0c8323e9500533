"""What a rewrite returns: the new text, what changed and why, its review, and the kit."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..result import ReviewResult

#: Kinds of change, in the order a reader meets them.
CHANGE_KINDS: tuple[str, ...] = ("kept", "removed", "added")


@dataclass(frozen=True)
class Change:
    """One run of words kept, removed or added (word-level diff of the draft and the rewrite).

    `label` names the finding the change addresses ("oversharing" for a cut passage, "apology"
    for an added apology, ...); it is None for kept text and for punctuation fixes. Spans are
    character offsets: `old_span` into the draft (None for added text), `new_span` into the
    rewrite (None for removed text)."""

    kind: str
    text: str
    label: str | None = None
    old_span: tuple[int, int] | None = None
    new_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Email:
    """A ready-to-send email."""

    subject: str
    body: str


@dataclass(frozen=True)
class Kit:
    """Everything needed to cancel the way the advice says: call first, voicemail if nobody
    answers, then email; after rescheduling, a follow-up email (None when withdrawing)."""

    language: str
    call_script: str
    voicemail: str
    email: Email
    follow_up_email: Email | None


@dataclass(frozen=True)
class RewriteResult:
    """The rewrite of one draft."""

    original: str
    text: str
    language: str
    changes: tuple[Change, ...]
    review: ReviewResult
    kit: Kit

    @property
    def changed(self) -> bool:
        """False when the draft had nothing to fix and came back as it was."""
        return self.text != self.original

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The bracketed gaps the writer still has to fill, in order."""
        from .phrases import PLACEHOLDER

        return tuple(m.group(0) for m in PLACEHOLDER.finditer(self.text))

    def to_dict(self) -> dict[str, Any]:
        """The shape `reviewer rewrite --json` prints."""
        return {
            "rewrite": self.text,
            "changes": [asdict(c) for c in self.changes],
            "call_script": self.kit.call_script,
            "voicemail": self.kit.voicemail,
            "email": asdict(self.kit.email),
            "follow_up_email": asdict(self.kit.follow_up_email) if self.kit.follow_up_email else None,
            "language": self.language,
        }
