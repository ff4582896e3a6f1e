"""Reading uploaded tables (CSV in UTF-8 or GB18030, xlsx) safely, for every app that takes spreadsheets: bulk
import, the Excel template, unit lists, annual targets, task and project ledgers.

    from plantrack.uploads import open_spreadsheet, upload_limits, UploadRefused
    with open_spreadsheet(path, limits=upload_limits()) as book:
        for row in book.table(0).rows: ...

See `table.py` for the checks made before a workbook is loaded and `errors.py` for how problems are listed.
"""

from plantrack.uploads.errors import (
    MAX_LISTED_PROBLEMS,
    UploadProblem,
    UploadRefused,
    expansion_text,
    listed_problems,
    place,
)
from plantrack.uploads.limits import UploadLimits, template_limits, upload_limits
from plantrack.uploads.table import Formula, Spreadsheet, Table, TableRow, check_size, open_spreadsheet

__all__ = [
    "MAX_LISTED_PROBLEMS",
    "Formula",
    "Spreadsheet",
    "Table",
    "TableRow",
    "UploadLimits",
    "UploadProblem",
    "UploadRefused",
    "check_size",
    "expansion_text",
    "listed_problems",
    "open_spreadsheet",
    "place",
    "template_limits",
    "upload_limits",
]
