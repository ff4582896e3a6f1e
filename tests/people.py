"""The named people of the test worlds, one cast for the whole suite (as healthchecks' alice, bob and charlie).

Each person is named for what they may or must not do, so a test reads as the rule it checks:

- `admin` (planning_admin): the planning office (规划处) of the region; may do everything.
- `ordos_clerk`: a clerk (填报员) of 鄂尔多斯市, who enters figures for it and the 旗县 below it.
- `ordos_reviewer`: reviews (审核) 鄂尔多斯市's figures; may not approve what they submitted.
- `baotou_clerk`: a clerk of 包头市, another 盟市, who must see nothing of 鄂尔多斯市.
- `region_reviewer`: reviews the region's own figures (the office enters, someone else approves).
- `leader` (region_leader): reads every unit's figures and judgements.
- `supervisor` (npc_supervisor): 人大 / 审计 supervision; reads everything, with its history, changes nothing.

A world creates the people it needs with `create_people(units, cast=...)`, in the units of its own tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Person:
    key: str  # the attribute a world gives them: world.ordos_clerk
    username: str
    role: str  # a User.Role value
    unit: str  # their unit's code
    who: str


OFFICE_ADMIN = Person("admin", "planning_admin", "admin", "150000", "the planning office; may do everything")
ORDOS_CLERK = Person("ordos_clerk", "ordos_clerk", "clerk", "150600", "enters 鄂尔多斯市's figures")
ORDOS_REVIEWER = Person("ordos_reviewer", "ordos_reviewer", "reviewer", "150600", "reviews 鄂尔多斯市's figures")
BAOTOU_CLERK = Person("baotou_clerk", "baotou_clerk", "clerk", "150200", "another 盟: must see nothing of 鄂尔多斯市")
REGION_REVIEWER = Person("region_reviewer", "region_reviewer", "reviewer", "150000", "reviews the region's figures")
LEADER = Person("leader", "region_leader", "leader", "150000", "reads every unit's figures and judgements")
SUPERVISOR = Person("supervisor", "npc_supervisor", "supervisor", "150000", "人大/审计: reads everything")

CAST: tuple[Person, ...] = (OFFICE_ADMIN, ORDOS_CLERK, ORDOS_REVIEWER, BAOTOU_CLERK, REGION_REVIEWER, LEADER,
                            SUPERVISOR)


def create_people(units: Mapping[str, Any], *, cast: Iterable[Person] = CAST,
                  password: str | None = None) -> dict[str, Any]:
    """{person.key: User} for `cast`, each in the unit of `units` (by code) the cast names.

    Without a password the users are written directly (tests log them in with force_login: hashing costs time);
    with one they go through the real `create_user` and its password rules.
    """
    from plantrack.orgs.models import User
    from plantrack.orgs.users import create_user

    people = {}
    for person in cast:
        unit = units[person.unit]
        if password is None:
            people[person.key] = User.objects.create(username=person.username, role=person.role, unit=unit)
        else:
            people[person.key] = create_user(username=person.username, password=password, role=person.role,
                                             unit=unit)
    return people
