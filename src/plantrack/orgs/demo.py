"""Demo org tree and users: Inner Mongolia's divisions, the departments, and one login per role (printed)."""

from __future__ import annotations

from plantrack.orgs.models import OrgUnit, User
from plantrack.orgs.units import bundled_unit_files, import_units
from plantrack.orgs.users import create_user

# (username, role, unit code, full name, password); passwords pass the validators in settings.
DEMO_USERS = [
    ("planning_admin", User.Role.ADMIN, "150000", "规划处管理员", "Steppe-Plan-2026!"),
    ("ordos_clerk", User.Role.CLERK, "150600", "鄂尔多斯市填报员", "Kubuqi-Sands-2026!"),
    ("ordos_reviewer", User.Role.REVIEWER, "150600", "鄂尔多斯市审核人", "Ejin-Horo-Check-2026!"),
    ("region_reviewer", User.Role.REVIEWER, "150000", "自治区审核人", "Hulunbuir-Review-2026!"),
    ("baotou_clerk", User.Role.CLERK, "150200", "包头市填报员", "Yellow-River-Bend-2026!"),
    ("region_leader", User.Role.LEADER, "150000", "自治区领导", "Daqing-Mountain-2026!"),
    ("npc_supervisor", User.Role.SUPERVISOR, "150000", "人大监督", "Audit-Trail-Reader-2026!"),
    ("stats_clerk", User.Role.CLERK, "150000-TJJ", "统计局填报员", "Census-Tables-2026!"),
]
# Every other 盟市 gets a clerk too, named by its code, sharing one demo password.
PREFECTURE_CLERK_PASSWORD = "Prefecture-Figures-2026!"


def _ensure_user(username: str, role: str, unit: OrgUnit, full_name: str, password: str) -> bool:
    """Create the demo user, or put an existing one back to its demo role and unit; True if created.

    An existing user's password is left alone: it may have been changed on purpose since the first run.
    """
    user = User.objects.filter(username=username).first()
    if user is None:
        create_user(username=username, password=password, role=role, unit=unit, full_name=full_name)
        return True
    wanted = {"role": role, "unit": unit, "first_name": full_name}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    if changed:
        user.save(update_fields=changed)
    return False


def load(stdout) -> list[str]:
    created_units = 0
    for path in bundled_unit_files():
        created_units += len(import_units(path=path).created)
    units = {u.code: u for u in OrgUnit.objects.all()}
    lines = [
        f"org units: {OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE).count()} 盟市, "
        f"{OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).count()} 旗县, "
        f"{OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).count()} 厅局 ({created_units} new)",
        "demo logins (username / password):",
    ]
    named_units = {code for _u, _r, code, _n, _p in DEMO_USERS}
    for username, role, code, full_name, password in DEMO_USERS:
        _ensure_user(username, role, units[code], full_name, password)
        lines.append(f"  {username:<16} {password:<26} {User.Role(role).label} · {units[code].name}")
    others = sorted(
        (u for u in units.values() if u.kind == OrgUnit.Kind.PREFECTURE and u.code not in named_units),
        key=lambda u: u.code,
    )
    for unit in others:
        _ensure_user(f"clerk_{unit.code}", User.Role.CLERK, unit, f"{unit.name}填报员", PREFECTURE_CLERK_PASSWORD)
    if others:
        lines.append(
            f"  clerk_<code>     {PREFECTURE_CLERK_PASSWORD:<26} {User.Role.CLERK.label} · "
            f"other 盟市, e.g. clerk_{others[0].code} ({others[0].name})"
        )
    return lines
