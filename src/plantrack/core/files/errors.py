"""Why a file was refused before it was read: it would expand beyond a bound, or its XML declares entities.

Each error carries the facts (`kind`, `member`, `size`, `limit`) so a page can word it in its own language; `str()`
is a one-line English message for the command line.
"""

from __future__ import annotations


class ExpansionRefused(ValueError):
    """The file would expand beyond a bound: `kind` is one of the KIND_* names below."""

    UNPACKED = "unpacked"  # the sum of the zip members' sizes
    MEMBER = "member"  # one zip member
    RATIO = "ratio"  # one member's compression ratio
    MEMBERS = "members"  # how many members
    PAGES = "pages"  # a PDF's page count
    STREAM = "stream"  # one PDF stream, inflated
    STREAMS = "streams"  # all PDF streams, inflated
    TEXT = "text"  # the extracted text, in characters

    def __init__(self, kind: str, *, size: int, limit: int, member: str = "") -> None:
        self.kind, self.size, self.limit, self.member = kind, size, limit, member
        what = {
            self.UNPACKED: "the archive unpacks to",
            self.MEMBER: f"member {member} unpacks to",
            self.RATIO: f"member {member} is compressed",
            self.MEMBERS: "the archive holds",
            self.PAGES: "the PDF has",
            self.STREAM: f"a PDF stream ({member}) inflates to",
            self.STREAMS: "the PDF's streams inflate to",
            self.TEXT: "the extracted text has",
        }[kind]
        unit = {self.RATIO: ":1", self.MEMBERS: " files", self.PAGES: " pages", self.TEXT: " characters"}.get(
            kind, " bytes")
        super().__init__(f"{what} more than {limit:,}{unit} (at least {size:,}{unit}): refused as too large to read")


class UnsafeXml(ValueError):
    """An XML part declares a DTD or entities (XXE, "billion laughs"); office files never need one."""

    def __init__(self, member: str) -> None:
        self.member = member
        super().__init__(f"{member} declares a DTD or entities (<!DOCTYPE/<!ENTITY>): refused for safety")
