"""A report as PDF: the .docx converted by LibreOffice (headless), which embeds the CJK font and keeps a text layer."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings


class PdfRendererMissing(RuntimeError):
    """LibreOffice is not installed, or it failed to convert; the message says what to do."""


def render_pdf(docx: bytes) -> bytes:
    binary = shutil.which(settings.PLANTRACK_LIBREOFFICE) or shutil.which("soffice")
    if binary is None:
        raise PdfRendererMissing(
            "生成PDF需要LibreOffice：请安装 Debian 软件包 libreoffice-writer-nogui（make system-deps 会安装）"
        )
    folder = Path(tempfile.mkdtemp(prefix="plantrack-pdf-"))
    try:
        source = folder / "report.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once (two app servers, a test and a user) never share one.
        profile = (folder / "profile").as_uri()
        # A session of its own: `soffice` starts `soffice.bin` as a child, and a timeout must stop both, or the
        # child goes on writing into the profile after it was removed (and stays running).
        process = subprocess.Popen(
            [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(folder), str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=settings.PLANTRACK_PDF_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            _stop_group(process)
            raise PdfRendererMissing(f"LibreOffice 在{settings.PLANTRACK_PDF_TIMEOUT}秒内未完成转换") from exc
        target = folder / "report.pdf"
        if process.returncode != 0 or not target.is_file():
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise PdfRendererMissing(f"LibreOffice 转换PDF失败：{detail[0]}")
        return target.read_bytes()
    finally:
        _remove(folder)


def _stop_group(process: subprocess.Popen) -> None:
    """Kill LibreOffice and every process it started, and reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _remove(folder: Path) -> None:
    # A process of the group may still be closing a file a moment after the kill: try again briefly.
    for _attempt in range(20):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.05)
