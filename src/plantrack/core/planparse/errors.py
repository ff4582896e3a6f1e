"""Errors the plan parser raises: each message is one line that says what is wrong and where."""


class PlanParseError(ValueError):
    """The input cannot be read as a plan (empty, binary, no headings, scanned PDF, broken .docx …)."""


class DocumentTooLarge(PlanParseError):
    """The document would expand beyond a bound (a zip or flate bomb, too many pages or too much text) or its XML
    declares entities; `cause` is the core.files error with the facts, for a page to word in its own language."""

    def __init__(self, message: str, *, cause: ValueError) -> None:
        super().__init__(message)
        self.cause = cause
