"""A report as PDF: the .docx converted by LibreOffice (headless), which embeds the CJK font and keeps a text layer."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


class PdfRendererMissing(RuntimeError):
    """LibreOffice is not installed, or it failed to convert; the message says what to do."""


def render_pdf(docx: bytes) -> bytes:
    binary = shutil.which(settings.PLANTRACK_LIBREOFFICE) or shutil.which("soffice")
    if binary is None:
        raise PdfRendererMissing(
            "生成PDF需要LibreOffice：请安装 Debian 软件包 libreoffice-writer-nogui（make system-deps 会安装）"
        )
    with tempfile.TemporaryDirectory(prefix="plantrack-pdf-") as work:
        folder = Path(work)
        source = folder / "report.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once (two app servers, a test and a user) never share one.
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                capture_output=True, timeout=settings.PLANTRACK_PDF_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfRendererMissing(_("LibreOffice 在%(n)s秒内未完成转换")
                                     % {"n": settings.PLANTRACK_PDF_TIMEOUT}) from exc
        target = folder / "report.pdf"
        if done.returncode != 0 or not target.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise PdfRendererMissing(_("LibreOffice 转换PDF失败：%(detail)s") % {"detail": detail[0]})
        return target.read_bytes()
