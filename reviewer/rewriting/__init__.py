"""Suggested rewrites and the cancellation kit (issue 9): from "what is wrong" to "what to send".

The public entry point is `reviewer.rewrite()`. This subpackage is named `rewriting`, not
`rewrite`: importing a subpackage sets it as an attribute of its parent, so a subpackage
`reviewer.rewrite` would replace the function `reviewer.rewrite` as soon as anything imported it.

`rewrite(text)` keeps the writer's fine sentences, cuts oversharing, adds a missing apology,
follow-up or thanks in the draft's own register, and marks a missing reason with a bracketed
placeholder; its result carries the changes, the review of the new text, and the kit (call
script, voicemail, email, follow-up email).
"""
from __future__ import annotations

from .api import rewrite
from .kit import VOICEMAIL_MAX_WORDS, build_kit
from .phrases import PLACEHOLDER
from .register import Register, detect_register
from .result import Change, Email, Kit, RewriteResult

__all__ = ["Change", "Email", "Kit", "PLACEHOLDER", "Register", "RewriteResult", "VOICEMAIL_MAX_WORDS", "build_kit",
           "detect_register", "rewrite"]
