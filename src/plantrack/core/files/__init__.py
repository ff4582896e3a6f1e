"""Reading files people hand us, without trusting them: text encodings, and bounds on what a zip (xlsx, docx) or a
PDF may expand to. Pure Python (no Django), so the plan parser and the upload readers share one copy."""

from plantrack.core.files.archive import ArchiveFacts, ArchiveLimits, inspect_archive
from plantrack.core.files.encoding import decode_text, encoding_of
from plantrack.core.files.errors import ExpansionRefused, UnsafeXml
from plantrack.core.files.pdf_streams import PdfLimits, check_pdf_streams

__all__ = [
    "ArchiveFacts",
    "ArchiveLimits",
    "ExpansionRefused",
    "PdfLimits",
    "UnsafeXml",
    "check_pdf_streams",
    "decode_text",
    "encoding_of",
    "inspect_archive",
]
