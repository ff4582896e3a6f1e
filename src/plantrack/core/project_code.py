"""The national investment project code (项目代码, GB/T 40058-2021) read and checked; pure Python, no Django.

>>> code = parse_project_code("2104-150621-04-01-382911")
>>> code.region, code.department, code.kind, code.serial
('150621', '04', '01', '382911')
>>> region_agrees("150621", "150600")
True

The code is 24 characters in five hyphenated parts, as the national online approval platform (全国投资项目在线审批
监管平台) prints it: time (4 digits: the year and month the code was given, YYMM; codes given before the standard
write the year, YYYY), region (the 6-digit GB/T 2260 code of the place), the central guiding department (2 digits),
the project type (2 digits), then 6 characters of serial.

What is checked, and why no more: the form, the time and the region. The standard's text (§4.7, the check
character) is not available to us, and an algorithm modelled on GB 32100 refused real codes printed by the
platform ("2104-150621-04-01-382911"), which refuses a whole ledger. So the last character is NOT verified here;
it will be only once its algorithm is confirmed against the standard's text and real codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantrack.core.errors import InvalidInput, gettext_noop

__all__ = ["ProjectCode", "parse_project_code", "region_agrees"]

_FORM = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-([0-9A-Z]{6})$")
LENGTH = 24


@dataclass(frozen=True, slots=True)
class ProjectCode:
    """A read project code; `text` is its canonical form (upper case, ASCII hyphens)."""

    text: str
    time: str
    region: str
    department: str
    kind: str
    serial: str  # the last six characters, check character included (not verified, see the module docstring)


def _time_is_valid(time: str) -> bool:
    return 1 <= int(time[2:]) <= 12 or 1990 <= int(time) <= 2099


def parse_project_code(text: str) -> ProjectCode:
    """Read a project code; ValueError with a Chinese reason when its form, time or region part is wrong.

    Spaces around it are ignored and letters may be lower case; full-width hyphens (－, —) count as hyphens.
    """
    canonical = re.sub(r"\s+", "", str(text)).replace("－", "-").replace("—", "-").replace("–", "-").upper()
    if len(canonical) != LENGTH:
        raise InvalidInput(gettext_noop("项目代码应为%(length)s位（如 2104-150621-04-01-382911），“%(text)s”为%(n)s位"),
                           code="bad_project_code", params={"length": LENGTH, "text": text, "n": len(canonical)})
    m = _FORM.match(canonical)
    if not m:
        raise InvalidInput(gettext_noop("项目代码“%(text)s”格式不对：应为 年月(4位)-地区代码(6位)-部门(2位)-类型(2位)-"
                                        "流水号(6位)"), code="bad_project_code", params={"text": text})
    time, region, department, kind, serial = m.groups()
    if not _time_is_valid(time):
        raise InvalidInput(gettext_noop("项目代码“%(text)s”的时间代码“%(time)s”不是有效的年月"),
                           code="bad_project_code", params={"text": text, "time": time})
    if not "11" <= region[:2] <= "82":  # GB/T 2260 provinces run from 11 (北京) to 82 (澳门)
        raise InvalidInput(gettext_noop("项目代码“%(text)s”的地区代码“%(region)s”无效"), code="bad_project_code",
                           params={"text": text, "region": region})
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
