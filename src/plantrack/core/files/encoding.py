"""Which encoding a text file is in: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (what Excel and
Notepad on a Chinese Windows write; a superset of GBK and GB2312). The one copy of that rule."""

from __future__ import annotations

import codecs


def encoding_of(head: bytes) -> str:
    """The codec name for a file that starts with `head` (its first few KB are enough).

        encoding_of("指标".encode("gbk"))  # "gb18030"
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # final=False: a multi-byte character cut by the end of `head` is still UTF-8.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def decode_text(data: bytes) -> str | None:
    """The whole file as text, or None when no encoding reads it.

    A UTF-8 file cut inside its last character keeps everything before the cut; what neither UTF-8 nor GB18030
    reads is left to charset-normalizer's guess.
    """
    encoding = encoding_of(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-8") and exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode(encoding)
    if encoding != "gb18030":
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else None
