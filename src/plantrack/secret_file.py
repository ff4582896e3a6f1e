"""The signing key of an installation that was given none: made once, kept in the data directory (mode 0600).

Settings read it when PLANTRACK_SECRET_KEY is unset, so sessions, CSRF tokens and signed Excel templates are signed
with a key nobody else has, and it survives restarts. Plain Python: settings import it before Django is set up.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE_NAME = "secret_key"
_KEY_BYTES = 48  # 64 characters once encoded: well above Django's 50-character, 5-distinct-character check


def load_or_create_secret_key(data_dir: Path) -> str:
    """The key stored in `data_dir`, created (owner-only) on first use; refuses a file others can read."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / KEY_FILE_NAME
    try:
        # O_EXCL: when two processes start at once, exactly one writes the key and the other reads it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(_KEY_BYTES))
    if path.stat().st_mode & 0o077:
        raise PermissionError(f"{path} may be read by other users: chmod 600 it, or set PLANTRACK_SECRET_KEY")
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 50:
        raise ValueError(f"{path} holds no usable key: delete it to have a new one made, or set PLANTRACK_SECRET_KEY")
    return key
