"""The national investment project code (项目代码, GB/T 40058-2021) read and checked; pure Python, no Django.

>>> code = parse_project_code(with_check_character("2204-150602-04-01-59231"))
>>> code.region, code.department, code.kind
('150602', '04', '01')
>>> region_agrees("150602", "150600")
True

The code is 24 characters in five hyphenated parts and a check character: time (4 digits: the year and month the
code was given, YYMM; codes given before the standard write the year, YYYY), region (the 6-digit GB/T 2260 code of
the place), the central guiding department (2 digits), the project type (2 digits), then a 5-character serial and
one check character. The check character is computed over the 18 digits and letters before it, ISO 7064
MOD 37,36-style as the unified social credit code does (weights 3^i mod 31 over the values 0-9, A-Z without
I, O, S, V, Z), so a mistyped character is caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantrack.core.errors import InvalidInput, gettext_noop

__all__ = ["ProjectCode", "check_character", "parse_project_code", "region_agrees", "with_check_character"]

# The characters a serial or check character may hold: digits and capital letters without I, O, S, V, Z (which
# are too easily read as 1, 0, 5, U, 2), as in GB 32100 codes.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_FORM = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-([0-9A-Z]{5})([0-9A-Z])$")
LENGTH = 24


@dataclass(frozen=True, slots=True)
class ProjectCode:
    """A read project code; `text` is its canonical form (upper case, hyphens)."""

    text: str
    time: str
    region: str
    department: str
    kind: str
    serial: str


def check_character(body: str) -> str:
    """The check character for the 22 characters before it (hyphens are skipped)."""
    chars = body.replace("-", "").upper()
    total = 0
    for i, char in enumerate(chars):
        value = ALPHABET.find(char)
        if value < 0:
            raise InvalidInput(gettext_noop("“%(char)s”不能出现在项目代码中"), code="bad_project_code",
                               params={"char": char})
        total += value * pow(3, i, 31)
    return ALPHABET[(31 - total % 31) % 31]


def with_check_character(body: str) -> str:
    """A complete code from its first 23 characters: "2204-150602-04-01-59231" → "2204-150602-04-01-59231X"."""
    return body.upper() + check_character(body)


def _time_is_valid(time: str) -> bool:
    return 1 <= int(time[2:]) <= 12 or 1990 <= int(time) <= 2099


def parse_project_code(text: str) -> ProjectCode:
    """Read a project code; ValueError with a Chinese reason when its form, time or check character is wrong.

    Spaces around it are ignored and letters may be lower case; full-width hyphens (－, —) count as hyphens.
    """
    canonical = re.sub(r"\s+", "", str(text)).replace("－", "-").replace("—", "-").replace("–", "-").upper()
    if len(canonical) != LENGTH:
        raise InvalidInput(gettext_noop("项目代码应为%(length)s位（如 2204-150602-04-01-59231X），“%(text)s”为%(n)s位"),
                           code="bad_project_code", params={"length": LENGTH, "text": text, "n": len(canonical)})
    m = _FORM.match(canonical)
    if not m:
        raise InvalidInput(gettext_noop("项目代码“%(text)s”格式不对：应为 年月(4位)-地区代码(6位)-部门(2位)-类型(2位)-"
                                        "流水号(5位)校验码(1位)"), code="bad_project_code", params={"text": text})
    time, region, department, kind, serial, check = m.groups()
    if not _time_is_valid(time):
        raise InvalidInput(gettext_noop("项目代码“%(text)s”的时间代码“%(time)s”不是有效的年月"),
                           code="bad_project_code", params={"text": text, "time": time})
    if not "11" <= region[:2] <= "82":  # GB/T 2260 provinces run from 11 (北京) to 82 (澳门)
        raise InvalidInput(gettext_noop("项目代码“%(text)s”的地区代码“%(region)s”无效"), code="bad_project_code",
                           params={"text": text, "region": region})
    if any(ch not in ALPHABET for ch in serial + check):
        raise InvalidInput(gettext_noop("项目代码“%(text)s”含有不允许的字母（I、O、S、V、Z）"), code="bad_project_code",
                           params={"text": text})
    expected = check_character(canonical[:-1])
    if check != expected:
        raise InvalidInput(gettext_noop("项目代码“%(text)s”校验位不符（应为 %(expected)s），请核对是否抄错"),
                           code="bad_project_code", params={"text": text, "expected": expected})
    return ProjectCode(text=canonical, time=time, region=region, department=department, kind=kind, serial=serial)


def region_agrees(code_region: str, region_code: str) -> bool:
    """Whether a code's region part fits the project's place (GB/T 2260 codes): the same place, or one holds the other.

    A project in 达拉特旗 (150621) may carry a code given by its 盟市 (150600) or by the region (150000), and a
    project filed under 鄂尔多斯市 may carry the code of one of its 旗县; a code of another place does not agree.
    """
    a, b = code_region.strip(), region_code.strip()
    if len(a) != 6 or len(b) != 6 or not (a.isdigit() and b.isdigit()):
        return False
    return _holds(a, b) or _holds(b, a)


def _holds(outer: str, inner: str) -> bool:
    if outer == inner:
        return True
    if outer[2:] == "0000":
        return inner[:2] == outer[:2]
    if outer[4:] == "00":
        return inner[:4] == outer[:4]
    return False
