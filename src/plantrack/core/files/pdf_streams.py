"""Bounds on what a PDF may expand to before pdfium or pdfminer decode it: page count, each Flate stream inflated,
all of them together, and the extracted text.

A "flate bomb" is a small PDF whose compressed streams inflate to gigabytes; the PDF libraries inflate a content or
object stream whole, in memory. Here every stream is inflated piece by piece into nothing, counting, and given up as
soon as a bound is passed, so refusing one costs at most the bound's worth of inflating (well under a second).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from plantrack.core.files.errors import ExpansionRefused

_STREAM_RE = re.compile(rb"stream(?:\r\n|\n|\r)")
_IMAGE_RE = re.compile(rb"/Subtype\s*/Image")
_FONT_RE = re.compile(rb"/Length1\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)")
_PIECE = 256 * 1024
# Filters nested this deep (a Flate stream holding a Flate stream …) are inflated layer by layer.
_MAX_LAYERS = 4


@dataclass(frozen=True)
class PdfLimits:
    """How far a PDF may expand: pages, one stream inflated (an embedded font file may be larger than any other
    stream: a full CJK font is 10–20 MB), all streams inflated, characters of text."""

    max_pages: int = 3000
    max_stream: int = 16 << 20
    max_font_stream: int = 64 << 20
    max_streams: int = 256 << 20
    max_text_chars: int = 20_000_000


def check_pdf_streams(data: bytes, *, limits: PdfLimits) -> int:
    """The bytes all Flate streams inflate to; ExpansionRefused as soon as one stream or their sum is too big.

    Image streams are skipped: text extraction never decodes them, and a plan's maps are big for good reasons.
    """
    total = 0
    for number, match in enumerate(_STREAM_RE.finditer(data), start=1):
        start = match.end()
        if match.start() > 0 and data[match.start() - 1 : match.start()] not in (b">", b"\n", b"\r", b" ", b"\t"):
            continue  # "endstream" or a word inside other data, not the keyword that opens a stream
        # The stream's dictionary: what stands between the last "obj" keyword and "stream".
        head = data[max(0, match.start() - 4096) : match.start()]
        opened = head.rfind(b" obj")
        dictionary = head[opened + 1 if opened >= 0 else 0 :]
        if _IMAGE_RE.search(dictionary):
            continue
        # Content streams are parsed operator by operator (pdfminer in Python): keep them small.
        bound = limits.max_font_stream if _FONT_RE.search(dictionary) else limits.max_stream
        size = _inflated_size(data, start, cap=min(bound, limits.max_streams - total) + 1)
        if size > bound:
            raise ExpansionRefused(ExpansionRefused.STREAM, size=size, limit=bound, member=f"stream {number}")
        total += size
        if total > limits.max_streams:
            raise ExpansionRefused(ExpansionRefused.STREAMS, size=total, limit=limits.max_streams)
    return total


class _Over(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def _inflated_size(data: bytes, start: int, *, cap: int) -> int:
    """How many bytes the zlib stream at `start` inflates to, stopping just past `cap`; 0 when no zlib stream
    starts there (another filter, or raw data). Output that is itself a zlib stream (filters nested, the classic
    way to multiply a bomb) is inflated too, layer by layer, and the largest layer counts."""
    if not _looks_like_zlib(data[start : start + 2]):
        return 0
    layers = [zlib.decompressobj()]
    sizes = [0]

    def push(k: int, chunk: bytes) -> None:
        d = layers[k]
        while chunk and not d.eof:
            out = d.decompress(chunk, _PIECE)
            chunk = d.unconsumed_tail
            if not out:
                break
            first = sizes[k] == 0
            sizes[k] += len(out)
            if sizes[k] > cap:
                raise _Over(sizes[k])
            if first and k + 1 == len(layers) < _MAX_LAYERS and _looks_like_zlib(out[:2]):
                layers.append(zlib.decompressobj())
                sizes.append(0)
            if k + 1 < len(layers):
                try:
                    push(k + 1, out)
                except zlib.error:
                    del layers[k + 1 :], sizes[k + 1 :]  # it only looked like a nested stream

    view = memoryview(data)
    try:
        for at in range(start, len(data), _PIECE):
            push(0, bytes(view[at : at + _PIECE]))
            if layers[0].eof:
                break
    except _Over as over:
        return over.size
    except zlib.error:
        pass  # a damaged or non-Flate stream: the PDF library will judge it; we only bound the work
    return max(sizes)


def _looks_like_zlib(two: bytes) -> bool:
    """A zlib header: deflate method and a check value that makes the two bytes a multiple of 31."""
    return len(two) == 2 and two[0] & 0x0F == 8 and (two[0] << 8 | two[1]) % 31 == 0
