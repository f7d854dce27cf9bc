"""The one line a user sees for an error nobody foresaw, from the CLI and the app alike."""

from __future__ import annotations


def unexpected(exc: BaseException) -> str:
    """The one line a user sees for an error nobody foresaw: its kind and message (key redacted, no escapes),
    and what to do; never a traceback."""
    import os

    from interviewer.llm.errors import redact
    from interviewer.terminal import printable

    detail = printable(redact(str(exc), os.environ.get("OPENAI_API_KEY")))
    return (f"interviewer: unexpected error ({exc.__class__.__name__}: {detail}). This is a bug: please report it "
            "with the command you ran; INTERVIEWER_DEBUG=1 shows the traceback.")
