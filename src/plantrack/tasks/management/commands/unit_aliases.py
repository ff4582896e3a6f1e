"""`plantrack unit-aliases [--add ALIAS=UNIT] [--remove ALIAS]`: the other names 分工方案 give units (规范简称, old
names), kept by the planning office; a 分工方案 naming a unit by one of them is read as that unit."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from plantrack.orgs.models import OrgUnit
from plantrack.tasks.models import UnitAlias
from plantrack.tasks.unit_names import UnitNames


class Command(BaseCommand):
    help = "List, add or remove unit aliases (other names a task sheet gives a unit)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--add", action="append", default=[], metavar="ALIAS=UNIT",
                            help="UNIT is a code or a full name, e.g. 区能源局=自治区能源局")
        parser.add_argument("--remove", action="append", default=[], metavar="ALIAS")

    def handle(self, *args, add: list[str], remove: list[str], **options) -> None:
        for item in add:
            alias, sep, target = item.partition("=")
            alias, target = alias.strip(), target.strip()
            if not sep or not alias or len(alias) > 100:
                raise CommandError(f"--add {item}: write ALIAS=UNIT (alias up to 100 characters)")
            unit = OrgUnit.objects.filter(code=target).first() or OrgUnit.objects.filter(name=target).first()
            if unit is None:
                raise CommandError(f"--add {item}: no unit {target}")
            known = UnitNames().find(alias)
            if known is not None and known != unit and not UnitAlias.objects.filter(alias=alias).exists():
                raise CommandError(f"--add {item}: {alias} already names {known.name}")
            UnitAlias.objects.update_or_create(alias=alias, defaults={"unit": unit})
        if remove:
            UnitAlias.objects.filter(alias__in=remove).delete()
        for alias in UnitAlias.objects.select_related("unit"):
            self.stdout.write(f"{alias.alias}\t{alias.unit.code}\t{alias.unit.name}")
