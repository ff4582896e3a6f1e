"""How big an uploaded spreadsheet may be, before and after unpacking, and how many rows and columns a sheet may
have (settings, read from the environment). A reporting round never needs more; a bomb always does."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# Every list read through the uploads reader starts with one header row; the row limit counts the figures under it,
# so a file of exactly `max_rows` figures (a million-value bulk file) is taken whole.
HEADER_ROWS = 1


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_unpacked: int
    max_ratio: int
    max_rows: int
    """Data rows a sheet may hold, not counting its header row."""
    max_columns: int

    @property
    def max_lines(self) -> int:
        """The last row number a sheet may use: the data rows and the header row above them."""
        return self.max_rows + HEADER_ROWS


def upload_limits(*, max_bytes: int | None = None) -> UploadLimits:
    """The bounds for bulk files, unit lists and ledgers. A larger `max_bytes` (the command line may take files
    larger than a web upload) raises the unpacked bound in proportion."""
    upload = settings.PLANTRACK_MAX_UPLOAD_BYTES
    unpacked = settings.PLANTRACK_MAX_UNPACKED_BYTES
    if max_bytes is not None and max_bytes > upload:
        unpacked = unpacked * max_bytes // max(upload, 1)
    return UploadLimits(
        max_bytes=upload if max_bytes is None else max_bytes, max_unpacked=unpacked,
        max_ratio=settings.PLANTRACK_MAX_PACK_RATIO, max_rows=settings.PLANTRACK_MAX_UPLOAD_ROWS,
        max_columns=settings.PLANTRACK_MAX_UPLOAD_COLUMNS,
    )


def template_limits() -> UploadLimits:
    """The bounds for a filled Excel template: one unit's indicators for one round."""
    return UploadLimits(
        max_bytes=settings.PLANTRACK_MAX_UPLOAD_BYTES, max_unpacked=settings.PLANTRACK_TEMPLATE_MAX_UNPACKED_BYTES,
        max_ratio=settings.PLANTRACK_MAX_PACK_RATIO, max_rows=settings.PLANTRACK_TEMPLATE_MAX_ROWS,
        max_columns=settings.PLANTRACK_MAX_UPLOAD_COLUMNS,
    )
