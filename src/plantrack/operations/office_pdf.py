"""A .docx as PDF, converted by LibreOffice (headless), which embeds the fonts and keeps a text layer; used by the
reports and the dispatch sheet alike, so it lives here below both and knows neither.

The .docx names the 公文 fonts (仿宋_GB2312, 黑体 …), which a Linux server does not have. LibreOffice asks fontconfig
for a stand-in; left alone, fontconfig may pick a font without Chinese glyphs. So each conversion runs with a
fontconfig file of its own that maps every 公文 font name to a free CJK font installed here (Noto Serif / Sans CJK
where present, else WenQuanYi Micro Hei), and the PDF embeds that font, which has every glyph the text uses.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


class PdfConversionFailed(RuntimeError):
    """LibreOffice is not installed, ran out of time or failed to convert; the message says which and what to do."""


# The 公文 fonts and the free families that stand in for them, best first (serif faces for the 宋/仿宋/楷 fonts).
SERIF_STAND_INS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
SANS_STAND_INS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]
OFFICIAL_FONTS = {
    "方正小标宋简体": SERIF_STAND_INS, "仿宋_GB2312": SERIF_STAND_INS, "仿宋": SERIF_STAND_INS,
    "楷体_GB2312": SERIF_STAND_INS, "宋体": SERIF_STAND_INS, "黑体": SANS_STAND_INS,
}


def installed_families() -> set[str]:
    if shutil.which("fc-list") is None:
        return set()
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip() for line in listing.splitlines() for name in line.split(",")}


def stand_in_fonts() -> dict[str, str]:
    """Each 公文 font name → the installed free family LibreOffice is to use for it."""
    installed = installed_families()
    chosen = {}
    for name, candidates in OFFICIAL_FONTS.items():
        for family in candidates:
            if family in installed:
                chosen[name] = family
                break
    return chosen


def _fontconfig_file(folder: Path) -> Path:
    aliases = "".join(
        f"<match target=\"pattern\"><test name=\"family\"><string>{name}</string></test>"
        f"<edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{family}</string></edit></match>"
        for name, family in stand_in_fonts().items()
    )
    path = folder / "fonts.conf"
    path.write_text(
        "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>"
        "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>" + aliases + "</fontconfig>",
        encoding="utf-8",
    )
    return path


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF of `docx`, within `timeout` seconds (default PLANTRACK_PDF_TIMEOUT); on a timeout LibreOffice and
    every process it started are killed and its temporary folder (the file, its own profile) removed."""
    timeout = settings.PLANTRACK_PDF_TIMEOUT if timeout is None else timeout
    binary = shutil.which(settings.PLANTRACK_LIBREOFFICE) or shutil.which("soffice")
    if binary is None:
        raise PdfConversionFailed(
            _("生成PDF需要LibreOffice：请安装 Debian 软件包 libreoffice-writer-nogui（make system-deps 会安装）")
        )
    folder = Path(tempfile.mkdtemp(prefix="plantrack-pdf-"))
    try:
        source = folder / "document.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once (two app servers, a test and a user) never share one.
        profile = (folder / "profile").as_uri()
        # A session of its own: `soffice` starts `soffice.bin` as a child, and a timeout must stop both, or the
        # child goes on writing into the profile after it was removed (and stays running).
        process = subprocess.Popen(
            [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(folder), str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            env={**os.environ, "FONTCONFIG_FILE": str(_fontconfig_file(folder))},
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _stop_group(process)
            raise PdfConversionFailed(_("LibreOffice 在%(n)s秒内未完成转换")
                                     % {"n": _seconds(timeout)}) from exc
        target = folder / "document.pdf"
        if process.returncode != 0 or not target.is_file():
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise PdfConversionFailed(_("LibreOffice 转换PDF失败：%(detail)s") % {"detail": detail[0]})
        return target.read_bytes()
    finally:
        _remove(folder)


def _seconds(timeout: float) -> str:
    return f"{timeout:g}"


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
