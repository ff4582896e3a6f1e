"""The imports app: an office's saved decisions about spreadsheet columns, shared by every import."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "plantrack.imports"
    verbose_name = "导入列的处理方式"
