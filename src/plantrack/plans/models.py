"""A plan (规划) as stored: its versions, the tree of nodes, the main indicators and the commitments found in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """规划: identified by region and title; each imported document is a PlanVersion of it."""

    class Level(models.TextChoices):
        REGION = "region", _("自治区")
        PREFECTURE = "prefecture", _("盟市")
        COUNTY = "county", _("旗县")
        SPECIAL = "special", _("专项")

    title = models.CharField(_("标题"), max_length=300)
    region = models.CharField(_("地区"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, default=Level.REGION)
    period_start = models.PositiveSmallIntegerField(_("起始年"))
    period_end = models.PositiveSmallIntegerField(_("终止年"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["title", "region"], name="plan_title_region_unique")]
        verbose_name = _("规划")
        verbose_name_plural = _("规划")

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """One imported document of a plan; the same bytes imported twice are the same version."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    source_name = models.CharField(_("来源文件"), max_length=300)
    source_sha256 = models.CharField(max_length=64)
    text = models.TextField(help_text="the normalised text lines the parser saw, joined by newlines")
    is_current = models.BooleanField(default=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_number_unique"),
            models.UniqueConstraint(fields=["plan", "source_sha256"], name="planversion_source_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanNode(models.Model):
    """A part 篇, chapter 章, section 节, box 专栏 or box item of a plan version, with its source lines."""

    class Kind(models.TextChoices):
        PART = "part", _("篇")
        CHAPTER = "chapter", _("章")
        SECTION = "section", _("节")
        BOX = "box", _("专栏")
        BOX_ITEM = "box_item", _("专栏条目")

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.PositiveIntegerField(null=True, blank=True)
    label = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField()
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()
    chapter_number = models.PositiveIntegerField(null=True, blank=True)
    section_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]
        indexes = [models.Index(fields=["version", "kind", "chapter_number"])]

    def __str__(self) -> str:
        return self.title


class PlanIndicator(models.Model):
    """A row of the main-indicator table exactly as the document states it (the registry is `indicators`)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    # A sub-row's group (10.1 执业医师数 stands under 每千人口拥有医护人员数): its name only makes sense with it.
    group_name = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=50)
    unit = models.CharField(max_length=50, blank=True)
    attribute = models.CharField(max_length=10)
    target_type = models.CharField(max_length=20)
    direction = models.CharField(max_length=10, default="higher")
    baseline_year = models.PositiveSmallIntegerField()
    baseline_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_note = models.CharField(max_length=100, blank=True)
    target_year = models.PositiveSmallIntegerField()
    target_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    target_text = models.CharField(max_length=200, blank=True)
    period_kind = models.CharField(max_length=12, blank=True)  # annual | cumulative | ""
    period_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    period_qualifier = models.CharField(max_length=100, blank=True)
    period_text = models.CharField(max_length=200, blank=True)
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="planindicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.group_name}：{self.name}" if self.group_name else self.name


class PlanCommitment(models.Model):
    """量化目标 found in the prose or a box, with the node and line it came from."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="commitments")
    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="commitments")
    chapter_number = models.PositiveIntegerField()
    section_number = models.PositiveIntegerField(null=True, blank=True)
    box_number = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField()
    subject = models.CharField(max_length=300)
    value = models.DecimalField(max_digits=20, decimal_places=6)
    value_max = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    unit = models.CharField(max_length=50)
    comparator = models.CharField(max_length=8)
    deadline = models.PositiveSmallIntegerField(null=True, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.quote


class PlanSentence(models.Model):
    """A sentence of a plan version with its jieba tokens: the table full-text search (全文检索) reads.

    `tokens` holds the search-mode segmentation, lower-cased and wrapped in spaces (" 氢能 产业 "), so a
    term matches a whole token with one `contains` lookup on SQLite and PostgreSQL alike.
    """

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sentences")
    node = models.ForeignKey(PlanNode, null=True, blank=True, on_delete=models.CASCADE, related_name="sentences")
    chapter_number = models.PositiveIntegerField(null=True, blank=True)
    section_number = models.PositiveIntegerField(null=True, blank=True)
    box_number = models.PositiveIntegerField(null=True, blank=True)
    line = models.PositiveIntegerField()
    text = models.TextField()
    tokens = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.text
