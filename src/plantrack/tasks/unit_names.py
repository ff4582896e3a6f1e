"""Unit names as a 分工方案 writes them, resolved to the org tree.

    names = UnitNames()
    names.read("自治区发展改革委、各盟行政公署、市人民政府、各有关部门")
    # → ReadUnits(units=[FGW, 12 盟市], text=["各有关部门"], unknown=[])

- A cell is split on 、，；/ only outside brackets, so "各旗县（市、区）人民政府" and "内蒙古电力（集团）有限责任公司"
  stay whole; collective phrases (各盟市, 各盟行政公署、市人民政府, 各旗县（市、区）人民政府) are taken before splitting
  and expand to the units they mean.
- A unit answers to its full name, its code, the name without 自治区 or 人民政府, the 规范简称 made by rule (和 dropped,
  委员会 → 委: 自治区发展改革委, 自治区人力资源社会保障厅), the usual short names below, and the office's aliases
  (UnitAlias, edited on the aliases page or with `plantrack unit-aliases`).
- Bodies that are not units of the tree (各有关部门, 有关单位, companies) are kept as text, never refused; a name
  that looks like a unit but is not one is unknown (a typo, or an alias the office has still to add).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plantrack.orgs.models import OrgUnit
from plantrack.tasks.models import UnitAlias

# The usual short names (规范简称) offices use that no rule derives, by the full name in the shipped tree.
USUAL_SHORT_NAMES = {
    "自治区林业和草原局": ("自治区林草局", "林草局"),
    "自治区工业和信息化厅": ("自治区工信厅", "工信厅"),
    "自治区科学技术厅": ("自治区科技厅", "科技厅"),
    "自治区卫生健康委员会": ("自治区卫健委", "卫健委"),
    "自治区人力资源和社会保障厅": ("自治区人社厅", "人社厅"),
    "自治区住房和城乡建设厅": ("自治区住建厅", "住建厅"),
    "自治区发展和改革委员会": ("自治区发改委", "发改委"),
    "自治区生态环境厅": ("生态环境厅",),
    "自治区自然资源厅": ("自然资源厅",),
}
PREFECTURES = "prefectures"
COUNTIES = "counties"
# Longest first: "各盟行政公署、市人民政府" must be taken before its "、" splits it.
COLLECTIVE = sorted([
    ("各盟行政公署、市人民政府", PREFECTURES), ("各盟行政公署、市政府", PREFECTURES), ("各盟市人民政府", PREFECTURES),
    ("各盟市行政公署", PREFECTURES), ("各盟市政府", PREFECTURES), ("各盟市", PREFECTURES), ("12个盟市", PREFECTURES),
    ("各旗县（市、区）人民政府", COUNTIES), ("各旗县（市、区）政府", COUNTIES), ("各旗县（市、区）", COUNTIES),
    ("各旗县市区人民政府", COUNTIES), ("各旗县市区", COUNTIES), ("各旗县人民政府", COUNTIES), ("各旗县", COUNTIES),
], key=lambda pair: -len(pair[0]))
_NOT_A_UNIT = re.compile(r"^(各|有关|相关|其他|其它)[^、，]*(部门|单位|机构|企业)$"
                         r"|(有限责任公司|股份有限公司|有限公司|集团|公司)$")
_SEPARATORS = "、，,；;／/\n\r\t "


def _canon(text: str) -> str:
    """Half-width brackets as full-width, spaces removed: "各旗县(市、区)" and "各旗县（市、区）" are one phrase."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def split_outside_brackets(text: str) -> list[str]:
    """Split a cell on 、，；/ where no bracket is open."""
    parts, current, depth = [], [], 0
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(depth - 1, 0)
        if char in _SEPARATORS and depth == 0:
            if current:
                parts.append("".join(current))
            current = []
            continue
        current.append(char)
    if current:
        parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def short_forms(name: str) -> set[str]:
    """The names a unit answers to by rule: 自治区 and 人民政府 dropped, 和 dropped, 委员会 → 委."""
    forms = {name}
    for form in list(forms):
        forms.add(form.replace("委员会", "委"))
    for form in list(forms):
        forms.add(form.replace("和", "") if form.startswith("自治区") else form)
    for form in list(forms):
        if form.startswith("自治区") and len(form) > 3:
            forms.add(form[3:])
        forms.add(re.sub(r"(人民政府|政府)$", "", form))
    return {f for f in forms if f}


@dataclass
class ReadUnits:
    units: list[OrgUnit] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # bodies that are not units, as written
    unknown: list[str] = field(default_factory=list)
    expanded: list[str] = field(default_factory=list)  # collective phrases that were expanded


class UnitNames:
    """Every name each unit answers to, read once for a whole file."""

    def __init__(self) -> None:
        self.by_key: dict[str, OrgUnit] = {}
        self.groups: dict[str, list[OrgUnit]] = {PREFECTURES: [], COUNTIES: []}
        units = list(OrgUnit.objects.order_by("path"))
        by_name = {u.name: u for u in units}
        for unit in units:
            self.by_key.setdefault(unit.code.upper(), unit)
            for form in short_forms(unit.name):
                self.by_key.setdefault(_canon(form), unit)
            if unit.kind == OrgUnit.Kind.PREFECTURE:
                self.groups[PREFECTURES].append(unit)
            elif unit.kind == OrgUnit.Kind.COUNTY:
                self.groups[COUNTIES].append(unit)
        for full, shorts in USUAL_SHORT_NAMES.items():
            if full in by_name:
                for short in shorts:
                    self.by_key.setdefault(_canon(short), by_name[full])
        for alias in UnitAlias.objects.select_related("unit"):
            self.by_key[_canon(alias.alias)] = alias.unit  # the office's word wins over a rule

    def find(self, word: str) -> OrgUnit | None:
        key = _canon(word)
        return self.by_key.get(key) or self.by_key.get(key.upper()) or self.by_key.get(
            re.sub(r"(人民政府|政府)$", "", key))

    def read(self, cell: str) -> ReadUnits:
        """The units a cell names, the bodies kept as text, and the names that are neither."""
        found = ReadUnits()
        text = _canon(cell or "")
        for phrase, group in COLLECTIVE:
            if phrase in text:
                text = text.replace(phrase, "、")
                found.units.extend(self.groups[group])
                found.expanded.append(phrase)
        for word in split_outside_brackets(text):
            unit = self.find(word)
            if unit is not None:
                found.units.append(unit)
            elif _NOT_A_UNIT.search(word):
                found.text.append(word)
            else:
                found.unknown.append(word)
        unique = {u.pk: u for u in found.units}
        found.units = list(unique.values())
        return found
