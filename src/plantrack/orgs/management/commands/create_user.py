"""`plantrack create-user NAME --role clerk --unit 150600`: a user with a role and unit; the password is validated.

The password comes from --password, else the PLANTRACK_PASSWORD environment variable, else a prompt.
"""

from __future__ import annotations

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from plantrack.errors import message_of
from plantrack.orgs.models import OrgUnit, User
from plantrack.orgs.services import UserCreationError, create_user


class Command(BaseCommand):
    help = "Create a user with a role (admin/clerk/reviewer/leader/supervisor) in an org unit (by code)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument("--unit", help="org unit code, e.g. 150600 (required except for admins)")
        parser.add_argument("--name", default="", help="full name shown in pages")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="else $PLANTRACK_PASSWORD, else asked for")

    def handle(self, *args, **o) -> None:
        unit = None
        if o["unit"]:
            unit = OrgUnit.objects.filter(code=o["unit"]).first()
            if unit is None:
                raise CommandError(f"unit {o['unit']}: no such org unit (load it with plantrack import-units)")
        password = o["password"] or os.environ.get("PLANTRACK_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords differ")
        try:
            user = create_user(
                username=o["username"],
                password=password,
                role=o["role"],
                unit=unit,
                full_name=o["name"],
                email=o["email"],
            )
        except UserCreationError as exc:
            raise CommandError(message_of(exc)) from None
        where = f" in {user.unit.name} ({user.unit.code})" if user.unit else ""
        self.stdout.write(f"created {user.username}: {user.get_role_display()}{where}")
