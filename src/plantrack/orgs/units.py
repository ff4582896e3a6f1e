"""Loading the org tree (组织机构) from a CSV or xlsx file: codes, names, kinds and parent codes.

    result = import_units(path=Path("divisions.csv"))   # or rows=[{"code": …, "name": …, …}]
    result.created, result.updated, result.unchanged

All or nothing: every row is checked first (missing column, empty or malformed code, duplicate code, unknown
parent, wrong kind under its parent, a parent loop); any error raises `UnitImportError` listing each problem with
its row and column, and nothing is written. Loading the same file again only renames what changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.core.errors import ApplicationError
from plantrack.orgs.models import OrgUnit
from plantrack.uploads import UploadRefused, listed_problems, open_spreadsheet, upload_limits
from plantrack.wording import join_words

COLUMNS = ("code", "name", "kind", "parent_code")
# Chinese headers a hand-made sheet may use instead of the English ones.
_HEADER_ALIASES = {"代码": "code", "编码": "code", "名称": "name", "类型": "kind", "上级代码": "parent_code"}
_KIND_ALIASES = {
    "自治区": OrgUnit.Kind.REGION,
    "省": OrgUnit.Kind.REGION,
    "盟市": OrgUnit.Kind.PREFECTURE,
    "旗县": OrgUnit.Kind.COUNTY,
    "旗县(市、区)": OrgUnit.Kind.COUNTY,
    "厅局": OrgUnit.Kind.DEPARTMENT,
    "部门": OrgUnit.Kind.DEPARTMENT,
}
# Which kind of unit may stand under which (None = the root).
_ALLOWED_PARENT = {
    OrgUnit.Kind.REGION: {None},
    OrgUnit.Kind.PREFECTURE: {OrgUnit.Kind.REGION},
    OrgUnit.Kind.COUNTY: {OrgUnit.Kind.PREFECTURE},
    OrgUnit.Kind.DEPARTMENT: {OrgUnit.Kind.REGION, OrgUnit.Kind.PREFECTURE, OrgUnit.Kind.COUNTY},
}
_GB2260 = re.compile(r"^\d{6}$")
_OTHER_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]{0,31}$")


class UnitImportError(ApplicationError):
    """The file was refused; `errors` holds one line per problem, each naming its row and column."""

    code = "units_refused"

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors), problems=errors)


@dataclass
class UnitRow:
    code: str
    name: str
    kind: str
    parent_code: str
    where: str  # "第 5 行" or "工作表 单位 第 5 行", for messages


@dataclass
class UnitImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def import_units(*, path: Path | None = None, rows: Iterable[Mapping[str, str]] | None = None) -> UnitImportResult:
    """Create or rename org units from a CSV/xlsx file or from mappings with the four columns."""
    if (path is None) == (rows is None):
        raise TypeError("give exactly one of path or rows")
    parsed = read_unit_file(path) if path is not None else _rows_from_mappings(rows)
    return _apply(parsed)


def read_unit_file(path: Path) -> list[UnitRow]:
    """The rows of a units file (.csv in UTF-8 or GB18030, or .xlsx), read through `plantrack.uploads` (sizes,
    rows and columns bounded, every row read); raises UnitImportError for unreadable files."""
    if path.suffix.lower() not in {".csv", ".xlsx", ".xlsm"}:
        raise UnitImportError([_("{name}：只支持 .csv 或 .xlsx 文件").format(name=path.name)])
    try:
        with open_spreadsheet(path, limits=upload_limits(), formula_values=True) as book:
            table = book.table(0)
            lines = [
                (row.number, cells)
                for row in table.rows
                if (cells := ["" if v is None else _cell_text(v) for v in row.cells])
                and any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#")
            ]
    except UploadRefused as exc:
        raise UnitImportError([wording.labelled(path.name, exc)]) from None
    if not lines:
        if table.title is None:
            raise UnitImportError([_("{name}：文件是空的").format(name=path.name)])
        raise UnitImportError([_("{name}：工作表 {sheet} 是空的").format(name=path.name, sheet=table.title)])
    if table.title is None:
        def where(n: int) -> str:
            return _("第 {n} 行").format(n=n)
    else:
        def where(n: int) -> str:
            return _("工作表 {sheet} 第 {n} 行").format(sheet=table.title, n=n)
    return _rows_from_table(lines[0][1], lines[1:], where=where, header_line=lines[0][0])


def _cell_text(value: object) -> str:
    # Codes typed into Excel come back as numbers: 150600 → "150600", not "150600.0".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_table(header: list[str], body: list[tuple[int, list[str]]], *, where, header_line: int) -> list[UnitRow]:
    names = [_HEADER_ALIASES.get(h.strip(), h.strip().lower()) for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise UnitImportError(
            [_("{where}（表头）：缺少列 {cols}").format(where=where(header_line), cols=join_words(missing))]
        )
    index = {c: names.index(c) for c in COLUMNS}
    rows = []
    for n, cells in body:
        if not any(c.strip() for c in cells):
            continue
        values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        rows.append(UnitRow(**values, where=where(n)))
    return rows


def _rows_from_mappings(rows: Iterable[Mapping[str, str]]) -> list[UnitRow]:
    out = []
    for n, row in enumerate(rows, start=1):
        missing = [c for c in COLUMNS if c not in row]
        if missing:
            raise UnitImportError([_("第 {n} 条：缺少列 {cols}").format(n=n, cols=join_words(missing))])
        out.append(UnitRow(**{c: str(row[c] or "").strip() for c in COLUMNS}, where=_("第 {n} 条").format(n=n)))
    return out


def _check(rows: list[UnitRow]) -> list[str]:
    """Every problem in the rows, each with where it is; empty when the file can be loaded."""
    errors: list[str] = []
    seen: dict[str, UnitRow] = {}
    for row in rows:
        if not row.code:
            errors.append(_("{where} code 列：代码不能为空").format(where=row.where))
            continue
        if row.code in seen:
            errors.append(
                _("{where} code 列：代码 {code} 与{other}重复").format(
                    where=row.where, code=row.code, other=seen[row.code].where
                )
            )
            continue
        seen[row.code] = row
        if not row.name:
            errors.append(_("{where} name 列：名称不能为空").format(where=row.where))
        kind = _KIND_ALIASES.get(row.kind, row.kind)
        if kind not in OrgUnit.Kind.values:
            errors.append(
                _("{where} kind 列：类型 “{kind}” 不认识（可用 {allowed}）").format(
                    where=row.where, kind=row.kind, allowed=join_words(OrgUnit.Kind.values)
                )
            )
            continue
        row.kind = kind
        pattern = _OTHER_CODE if kind == OrgUnit.Kind.DEPARTMENT else _GB2260
        if not pattern.match(row.code):
            errors.append(
                _("{where} code 列：代码 {code} 不是{what}").format(
                    where=row.where,
                    code=row.code,
                    what=_("合法的部门代码") if kind == OrgUnit.Kind.DEPARTMENT else _("6 位 GB/T 2260 区划代码"),
                )
            )
    if errors:
        return errors

    existing = {
        u.code: u for u in OrgUnit.objects.filter(code__in=[r.code for r in rows] + [r.parent_code for r in rows])
    }
    for row in rows:
        parent_kind: str | None = None
        if row.parent_code:
            if row.parent_code == row.code:
                errors.append(_("{where} parent_code 列：上级不能是自己").format(where=row.where))
                continue
            if row.parent_code in seen:
                parent_kind = seen[row.parent_code].kind
            elif row.parent_code in existing:
                parent_kind = existing[row.parent_code].kind
            else:
                errors.append(
                    _("{where} parent_code 列：上级代码 {code} 在文件和系统中都不存在").format(
                        where=row.where, code=row.parent_code
                    )
                )
                continue
        if parent_kind not in _ALLOWED_PARENT[row.kind]:
            errors.append(
                _("{where} parent_code 列：{kind} 不能放在 {parent} 下").format(
                    where=row.where,
                    kind=OrgUnit.Kind(row.kind).label,
                    parent=OrgUnit.Kind(parent_kind).label if parent_kind else _("（无上级）"),
                )
            )
        current = existing.get(row.code)
        if current is not None:
            current_parent = current.parent.code if current.parent_id else ""
            if current_parent != row.parent_code or current.kind != row.kind:
                errors.append(
                    _("{where} parent_code 列：{code} 已存在于 {old} 下（类型 {kind}），导入不改变上下级关系").format(
                        where=row.where, code=row.code, old=current_parent or _("根"), kind=current.get_kind_display()
                    )
                )
    return errors


def _ordered(rows: list[UnitRow]) -> list[UnitRow]:
    """Parents before children, so each row's parent exists when it is saved; the kind rules rule out loops."""
    by_code = {r.code: r for r in rows}
    placed: set[str] = set()
    order: list[UnitRow] = []

    def place(row: UnitRow) -> None:
        if row.code in placed:
            return
        parent = by_code.get(row.parent_code)
        if parent is not None:
            place(parent)
        placed.add(row.code)
        order.append(row)

    for row in rows:
        place(row)
    return order


def _apply(rows: list[UnitRow]) -> UnitImportResult:
    errors = _check(rows)
    if errors:
        raise UnitImportError(listed_problems(errors))
    result = UnitImportResult()
    with transaction.atomic():
        units = {
            u.code: u for u in OrgUnit.objects.filter(code__in=[r.code for r in rows] + [r.parent_code for r in rows])
        }
        for row in _ordered(rows):
            unit = units.get(row.code)
            if unit is None:
                parent = units.get(row.parent_code) if row.parent_code else None
                unit = OrgUnit(code=row.code, name=row.name, kind=row.kind, parent=parent)
                unit.full_clean(exclude=["path", "depth"])
                unit.save()
                units[row.code] = unit
                result.created.append(row.code)
            elif unit.name != row.name:
                unit.name = row.name
                unit.save(update_fields=["name"])
                result.updated.append(row.code)
            else:
                result.unchanged.append(row.code)
    return result


def bundled_unit_files() -> list[Path]:
    """The unit lists shipped as package data: Inner Mongolia's divisions, then the departments."""
    data = Path(__file__).resolve().parent / "data"
    return [data / "inner_mongolia_divisions.csv", data / "departments.csv"]
