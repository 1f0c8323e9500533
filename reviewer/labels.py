"""The label set of the labeling guide (../shared/labeling-guide.md), in one place."""
from __future__ import annotations

LABELS: tuple[str, ...] = (
    "apology",
    "clear_reason",
    "oversharing",
    "follow_up",
    "gratitude",
    "reschedule_request",
)

#: The four essentials of the career advice; oversharing is the one that must be absent.
ESSENTIALS: tuple[str, ...] = ("apology", "clear_reason", "oversharing", "follow_up")

#: Labels whose presence is a problem (all others are good to have).
WARN_WHEN_PRESENT: frozenset[str] = frozenset({"oversharing"})

REASON_CATEGORIES: tuple[str, ...] = (
    "new_offer",
    "illness",
    "family",
    "schedule_conflict",
    "transport",
    "relocation",
    "not_a_fit",
    "other",
    "vague",
    "implausible",
    "none",
)
SPECIFIC_REASONS: frozenset[str] = frozenset(REASON_CATEGORIES[:8])

LANGUAGES: tuple[str, ...] = ("en", "id", "mixed")
CHANNELS: tuple[str, ...] = ("email", "text", "voicemail")

PLAIN_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "apology": "Apology",
        "clear_reason": "Clear reason",
        "oversharing": "No oversharing",
        "follow_up": "Follow-up",
        "gratitude": "Thanks",
        "reschedule_request": "Asks for a new time",
    },
    "id": {
        "apology": "Permintaan maaf",
        "clear_reason": "Alasan jelas",
        "oversharing": "Tidak berlebihan",
        "follow_up": "Tindak lanjut",
        "gratitude": "Ucapan terima kasih",
        "reschedule_request": "Minta jadwal baru",
    },
}


def is_good(label: str, present: bool) -> bool:
    """A finding is good when a wanted element is present or an unwanted one is absent."""
    return (not present) if label in WARN_WHEN_PRESENT else present
