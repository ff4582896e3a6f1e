"""Small documents that expand to far more than a plan ever needs: a flate-bomb PDF, a nested one, a zip-bomb
.docx. Built at test time; each is a few hundred KB at most."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path


def pdf(streams: Iterable[tuple[bytes, bytes]], path: Path) -> Path:
    """A one-page PDF whose objects 4… are the given (dictionary entries, raw stream data); the first is the page's
    content. Offsets in the xref table are real, so a PDF library would open it."""
    streams = list(streams)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    for entries, data in streams:
        objects.append(b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def zeros_deflated(megabytes: int) -> bytes:
    """`megabytes` MB of zeros, deflated (about 1 KB a MB), compressed piece by piece to keep memory small."""
    packer = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def flate_bomb_pdf(path: Path, megabytes: int = 256) -> Path:
    return pdf([(b"/Filter /FlateDecode", zeros_deflated(megabytes))], path)


def nested_bomb_pdf(path: Path) -> Path:
    """Flate inside Flate: a few hundred bytes that inflate to 100 KB, then to 100 MB."""
    inner = zeros_deflated(100)
    return pdf([(b"/Filter [/FlateDecode /FlateDecode]", zlib.compress(inner, 9))], path)


def docx_with_part(docx: Path, member: str, content: Iterable[bytes], path: Path) -> Path:
    """A copy of `docx` with one part replaced, streamed in (so the bomb is never whole in memory)."""
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
        part = zipfile.ZipInfo(member)
        part.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(part, "w", force_zip64=True) as out:
            for piece in content:
                out.write(piece)
    return path


def padded_document_xml(megabytes: int) -> Iterable[bytes]:
    """word/document.xml with `megabytes` MB of blank space in its one paragraph."""
    yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
           b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
    block = b" " * (1 << 20)
    for _ in range(megabytes):
        yield block
    yield "第一章 总则".encode() + b"</w:t></w:r></w:p></w:body></w:document>"
