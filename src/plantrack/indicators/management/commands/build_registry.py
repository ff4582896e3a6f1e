"""`plantrack build-registry`: create or update the indicator registry from the current plan version."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from plantrack.errors import message_of
from plantrack.indicators.services import RegistryError, build_registry
from plantrack.plans.models import Plan
from plantrack.plans.selectors import current_version


class Command(BaseCommand):
    help = "Build the indicator registry from the current version of a plan (default: the latest imported plan)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", type=int, help="plan id (default: the most recently imported plan)")

    def handle(self, *args, plan: int | None = None, **options) -> None:
        target = None
        if plan is not None:
            target = Plan.objects.filter(pk=plan).first()
            if target is None:
                raise CommandError(f"plan {plan}: no such plan")
        version = current_version(target)
        if version is None:
            raise CommandError("no plan imported yet: run plantrack import-plan first")
        try:
            indicators = build_registry(version=version)
        except RegistryError as exc:
            raise CommandError(message_of(exc)) from None
        self.stdout.write(f"{version}: {len(indicators)} indicators in the registry")
        for i in indicators:
            kept = f"  (kept hand edits: {', '.join(i.edited_fields)})" if i.edited_fields else ""
            self.stdout.write(f"  {i.code:<6} {i.name}{kept}")
