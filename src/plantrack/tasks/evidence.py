"""Evidence files (佐证材料) of progress reports: checked for size and type, stored under the data dir.

Files are kept under `DATA_DIR/evidence/tasks/<task id>/` by a random name with the extension of their checked
type, never by the name the person gave; the original name is only shown and used for the download.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from plantrack.tasks.errors import TaskRejected
from plantrack.uploads.documents import DOCUMENT_TYPES
from plantrack.wording import join_words

# The document types task evidence takes, the same as every evidence file's (uploads.documents).
ALLOWED_TYPES = DOCUMENT_TYPES


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size: int
    sha256: str


def evidence_root() -> Path:
    return Path(settings.DATA_DIR) / "evidence" / "tasks"


def evidence_path(stored_name: str) -> Path:
    return evidence_root() / stored_name


def _clean_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name.strip() or "file"
    return base[-200:]


def check_evidence(files: list[tuple[str, IO[bytes]]]) -> None:
    """Refuse the whole set if any file is too large, of a type we do not keep, or not what its name says."""
    limit = settings.PLANTRACK_EVIDENCE_MAX_BYTES
    errors: list[str] = []
    if len(files) > settings.PLANTRACK_EVIDENCE_MAX_FILES:
        errors.append(_("佐证材料最多%(n)s个文件，本次上传了%(got)s个")
                      % {"n": settings.PLANTRACK_EVIDENCE_MAX_FILES, "got": len(files)})
    for name, stream in files:
        shown = _clean_name(name)
        ext = shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
        if ext not in ALLOWED_TYPES:
            errors.append(_("佐证材料“%(name)s”：只接受 %(types)s 文件")
                          % {"name": shown, "types": join_words(sorted(ALLOWED_TYPES))})
            continue
        size = _size(stream)
        if size > limit:
            errors.append(_("佐证材料“%(name)s”大小%(size).1f MB，超过上限%(limit).1f MB")
                          % {"name": shown, "size": size / 1048576, "limit": limit / 1048576})
            continue
        if size == 0:
            errors.append(_("佐证材料“%(name)s”是空文件") % {"name": shown})
            continue
        stream.seek(0)
        head = stream.read(16)
        stream.seek(0)
        if not any(head.startswith(magic) for magic in ALLOWED_TYPES[ext][1]):
            errors.append(_("佐证材料“%(name)s”的内容不是%(ext)s文件") % {"name": shown, "ext": ext.upper()})
    if errors:
        raise TaskRejected(errors)


def _size(stream: IO[bytes]) -> int:
    size = getattr(stream, "size", None)
    if isinstance(size, int):
        return size
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(0)
    return end


def store_evidence(*, task_id: int, files: list[tuple[str, IO[bytes]]]) -> list[StoredFile]:
    """Write already checked files under the task's folder; the caller removes them if its transaction fails."""
    folder = evidence_root() / str(task_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored: list[StoredFile] = []
    for name, stream in files:
        shown = _clean_name(name)
        ext = shown.rsplit(".", 1)[-1].lower()
        stored_name = f"{task_id}/{secrets.token_hex(16)}.{ext}"
        digest = hashlib.sha256()
        size = 0
        stream.seek(0)
        with open(evidence_root() / stored_name, "xb") as out:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        stored.append(StoredFile(shown, stored_name, ALLOWED_TYPES[ext][0], size, digest.hexdigest()))
    return stored


def remove_stored(files: list[StoredFile]) -> None:
    for f in files:
        evidence_path(f.stored_name).unlink(missing_ok=True)
