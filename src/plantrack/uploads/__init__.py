"""Reading uploaded tables (CSV in UTF-8 or GB18030, xlsx) safely, for every app that takes spreadsheets: bulk
import, the Excel template, unit lists, task and project ledgers.

    from plantrack.uploads import UploadRefused, listed_problems, read_table
    try:
        table = read_table(upload, name=upload.name)          # bounded by the upload settings, every row read
    except UploadRefused as exc:
        ...  # str(exc): "工作表“台账”第7行：…"; exc.code says which kind of refusal
    for number, cells in table.rows:                          # number = the row in the file; cells as typed
        ... table.place(number, 3) ... table.ref(number, 3)  # "工作表“台账”第7行 C列", "C7"
    ... listed_problems(lines)                                # the first 200, then "还有N处问题未列出"

Check the user's right to upload before calling these. Large files stream with `open_spreadsheet` instead.
See `table.py` for the checks made before a workbook is loaded.
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
from plantrack.uploads.table import (
    Formula,
    Spreadsheet,
    Table,
    TableRow,
    check_size,
    open_spreadsheet,
    read_table,
)

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
    "read_table",
    "template_limits",
    "upload_limits",
]
