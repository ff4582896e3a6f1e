"""A ledger upload kept between its preview and the clerk's confirmation, so the file is read again as it was
previewed and never travels back through the browser.

Files live under DATA_DIR/staged-ledgers/, owner-only, named by a random token the session holds for the user who
uploaded; one older than a day is removed the next time anything is staged.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600
_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".xls", ".ods")


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "staged-ledgers"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stage_upload(upload, *, session, user_id: int) -> str:
    """Keep an uploaded file; returns the token that names it in this session."""
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
    staged = session.get("staged_ledgers", {})
    staged[token] = {"path": str(path), "name": upload.name, "user": user_id}
    session["staged_ledgers"] = staged
    return token


def staged_file(token: str, *, session, user_id: int) -> tuple[Path, str] | None:
    """(path, original name) of a file this user staged in this session, or None."""
    entry = session.get("staged_ledgers", {}).get(str(token))
    if not entry or entry.get("user") != user_id:
        return None
    path = Path(entry["path"])
    return (path, entry["name"]) if path.is_file() else None


def discard(token: str, *, session) -> None:
    staged = session.get("staged_ledgers", {})
    entry = staged.pop(str(token), None)
    session["staged_ledgers"] = staged
    if entry:
        Path(entry["path"]).unlink(missing_ok=True)


def note_rows(token: str, *, session, rows: int) -> None:
    """Remember how many project rows the preview of a staged file found (to decide where its import runs)."""
    staged = session.get("staged_ledgers", {})
    if str(token) in staged:
        staged[str(token)]["rows"] = rows
        session["staged_ledgers"] = staged


def staged_rows(token: str, *, session) -> int:
    return int(session.get("staged_ledgers", {}).get(str(token), {}).get("rows", 0))
