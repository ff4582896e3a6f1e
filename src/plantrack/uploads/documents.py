"""Supporting documents (佐证材料、文件) attached to a record: checked for type, size and content, kept under the
data dir by a random name.

The same rules as task evidence (PDF, Word, Excel, images; `PLANTRACK_EVIDENCE_MAX_BYTES` each): a file is
refused when it is empty, too large, of a type not kept, or not what its name says. It is stored under
`DATA_DIR/evidence/<folder>/` with the extension of its checked type, never by the name the person gave; the
original name is only shown and used for the download.

    problems = document_problems(name, stream)          # [] when the file may be kept
    stored = store_document(folder="judgements", name=name, stream=stream)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from plantrack.wording import join_words

# extension → (content type, how the file's first bytes must look); the types task evidence takes.
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


@dataclass(frozen=True)
class StoredDocument:
    original_name: str
    stored_name: str  # "<folder>/<random>.<ext>", relative to the evidence root
    content_type: str
    size: int
    sha256: str


def documents_root() -> Path:
    return Path(settings.DATA_DIR) / "evidence"


def document_path(stored_name: str) -> Path:
    """The file on disk; a stored name never climbs out of the evidence root."""
    root = documents_root().resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError("stored document name outside the evidence root")
    return path


def clean_name(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name.strip() or "file"
    return base[-200:]


def _size(stream: IO[bytes]) -> int:
    size = getattr(stream, "size", None)
    if isinstance(size, int):
        return size
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(0)
    return end


def document_problems(name: str, stream: IO[bytes], *, label: str | None = None) -> list[str]:
    """Why the file may not be kept (empty list: it may); `label` names it in messages (default 佐证材料)."""
    label = label or _("佐证材料")
    shown = clean_name(name)
    ext = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    if ext not in DOCUMENT_TYPES:
        return [_("%(label)s“%(name)s”：只接受 %(types)s 文件")
                % {"label": label, "name": shown, "types": join_words(sorted(DOCUMENT_TYPES))}]
    size = _size(stream)
    limit = settings.PLANTRACK_EVIDENCE_MAX_BYTES
    if size > limit:
        return [_("%(label)s“%(name)s”大小%(size).1f MB，超过上限%(limit).1f MB")
                % {"label": label, "name": shown, "size": size / 1048576, "limit": limit / 1048576}]
    if size == 0:
        return [_("%(label)s“%(name)s”是空文件") % {"label": label, "name": shown}]
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not any(head.startswith(magic) for magic in DOCUMENT_TYPES[ext][1]):
        return [_("%(label)s“%(name)s”的内容不是%(ext)s文件") % {"label": label, "name": shown, "ext": ext.upper()}]
    return []


def store_document(*, folder: str, name: str, stream: IO[bytes]) -> StoredDocument:
    """Write an already checked file under `folder`; the caller removes it if its transaction fails."""
    shown = clean_name(name)
    ext = shown.rsplit(".", 1)[-1].lower()
    target = documents_root() / folder
    target.mkdir(parents=True, exist_ok=True)
    stored_name = f"{folder}/{secrets.token_hex(16)}.{ext}"
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    with open(documents_root() / stored_name, "xb") as out:
        while chunk := stream.read(1 << 20):
            if isinstance(chunk, str):
                chunk = chunk.encode()
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return StoredDocument(shown, stored_name, DOCUMENT_TYPES[ext][0], size, digest.hexdigest())


def remove_document(stored_name: str) -> None:
    if stored_name:
        document_path(stored_name).unlink(missing_ok=True)
