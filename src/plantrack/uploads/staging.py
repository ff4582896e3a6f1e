"""An uploaded file kept between its preview and the person's confirmation, so the file is read again as it was
previewed and never travels back through the browser (the ledger, the values file, the filled template).

Files live under DATA_DIR/staged-uploads/, owner-only, named by a random token the session holds for the user who
uploaded and the kind of import it was staged for (a token staged for one import page is not taken by another);
one older than a day is removed the next time anything is staged.

    token = stage_upload(upload, kind="values", session=request.session, user_id=request.user.pk)
    staged = staged_file(token, kind="values", session=request.session, user_id=request.user.pk)  # (path, name)
    discard(token, session=request.session)
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600
_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".xls", ".ods")
_SESSION_KEY = "staged_uploads"


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "staged-uploads"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stage_upload(upload, *, kind: str, session, user_id: int) -> str:
    """Keep an uploaded file for the import `kind`; returns the token that names it in this session."""
    folder = _folder()
    now = time.time()
    for old in folder.iterdir():
        if now - old.stat().st_mtime > MAX_AGE_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    suffix = Path(upload.name).suffix.lower()
    path = folder / f"{token}{suffix if suffix in _SUFFIXES else ''}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    staged = session.get(_SESSION_KEY, {})
    staged[token] = {"path": str(path), "name": upload.name, "user": user_id, "kind": kind}
    session[_SESSION_KEY] = staged
    return token


def staged_file(token: str, *, kind: str, session, user_id: int) -> tuple[Path, str] | None:
    """(path, original name) of a file this user staged in this session for `kind`, or None."""
    entry = session.get(_SESSION_KEY, {}).get(str(token))
    if not entry or entry.get("user") != user_id or entry.get("kind") != kind:
        return None
    path = Path(entry["path"])
    return (path, entry["name"]) if path.is_file() else None


def discard(token: str, *, session) -> None:
    """Forget a staged file and remove it (after its import, or when the person cancels)."""
    staged = session.get(_SESSION_KEY, {})
    entry = staged.pop(str(token), None)
    session[_SESSION_KEY] = staged
    if entry:
        Path(entry["path"]).unlink(missing_ok=True)
