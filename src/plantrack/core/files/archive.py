"""Bounds on what a zip-based office file (xlsx, docx) may unpack to, read from its central directory before any
member is inflated, and a refusal of XML parts that declare a DTD or entities.

    facts = inspect_archive(path_or_stream, limits=ArchiveLimits(max_unpacked=64 << 20))
    facts.unpacked  # the sum of the members' sizes; ExpansionRefused or UnsafeXml if a bound is broken

The sizes a zip declares are what Python's zipfile will ever hand out (it stops at the declared size and then
fails the CRC check), so checking the declared sizes bounds the real work of every reader built on zipfile
(openpyxl, python-docx).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from plantrack.core.files.errors import ExpansionRefused, UnsafeXml

# A DTD can only stand in the prolog, before the root element; office XML never has one.
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOG_BYTES = 64 * 1024
# Small members (styles, themes) compress very well and cost nothing; the ratio bound is for the big ones.
_RATIO_FROM_BYTES = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    """How far a zip may unpack: in total, per member, by compression ratio and by member count."""

    max_unpacked: int = 256 << 20
    max_member: int = 256 << 20
    max_ratio: int = 100
    max_members: int = 10_000


@dataclass(frozen=True)
class ArchiveFacts:
    members: int
    packed: int
    unpacked: int


def inspect_archive(source: str | IO[bytes], *, limits: ArchiveLimits, xml_check: bool = True) -> ArchiveFacts:
    """Check the declared sizes (and, with `xml_check`, every XML member's prolog) against `limits`.

    Raises zipfile.BadZipFile for what is not a zip, ExpansionRefused or UnsafeXml for a bound broken.
    A stream is left where it was.
    """
    here = source.tell() if not isinstance(source, str) else None
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_members:
                raise ExpansionRefused(ExpansionRefused.MEMBERS, size=len(infos), limit=limits.max_members)
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos)
            if unpacked > limits.max_unpacked:
                raise ExpansionRefused(ExpansionRefused.UNPACKED, size=unpacked, limit=limits.max_unpacked)
            for info in infos:
                if info.file_size > limits.max_member:
                    raise ExpansionRefused(ExpansionRefused.MEMBER, size=info.file_size, limit=limits.max_member,
                                           member=info.filename)
                if info.file_size >= _RATIO_FROM_BYTES and info.file_size > limits.max_ratio * max(
                        info.compress_size, 1):
                    raise ExpansionRefused(ExpansionRefused.RATIO, size=info.file_size // max(info.compress_size, 1),
                                           limit=limits.max_ratio, member=info.filename)
            if xml_check:
                for info in infos:
                    if info.filename.endswith((".xml", ".rels", ".vml")):
                        check_xml_prolog(zf, info.filename)
            return ArchiveFacts(members=len(infos), packed=packed, unpacked=unpacked)
    finally:
        if here is not None:
            source.seek(here)


def check_xml_prolog(zf: zipfile.ZipFile, member: str) -> None:
    """UnsafeXml if the member declares a DTD or entities in its first 64 KB (where a prolog stands)."""
    with zf.open(member) as part:
        if _DTD_RE.search(part.read(_PROLOG_BYTES)):
            raise UnsafeXml(member)
