"""The column decisions an office saved for its spreadsheet imports (ledger, 分工方案, values)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plantrack.orgs.models import OrgUnit


class ImportColumnChoice(models.Model):
    """What an office decided about a column its sheets carry that PlanTrack does not know, reused next time:
    map it to a field, keep it as an extra attribute, or ignore it."""

    class Choice(models.TextChoices):
        KEEP = "keep", _("保留为附加属性")
        IGNORE = "ignore", _("忽略")
        FIELD = "field", _("对应字段")

    office = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    sheet = models.CharField(max_length=20)  # which import: see sheets.SHEETS
    header = models.CharField(_("列名"), max_length=100)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    field = models.CharField(max_length=30, blank=True)
    # Who saved the decision last, and when; rows moved from the ledger's own table have neither.
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "sheet", "header"],
                                               name="import_column_choice_once")]

    def __str__(self) -> str:
        return f"{self.office} {self.sheet} {self.header} → {self.as_choice}"

    @property
    def as_choice(self) -> str:
        """The choice as the imports take it: "keep", "ignore" or "field:NAME"."""
        return f"field:{self.field}" if self.choice == self.Choice.FIELD else self.choice
