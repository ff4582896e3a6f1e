"""Errors the plan parser raises: each message is one line that says what is wrong and where."""


class PlanParseError(ValueError):
    """The input cannot be read as a plan (empty, binary, no headings, scanned PDF, broken .docx …)."""
