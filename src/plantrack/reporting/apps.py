from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "plantrack.reporting"
    label = "reporting"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from plantrack.imports.sheets import register_sheet
        from plantrack.orgs.access import can_enter_values
        from plantrack.reporting.bulk_import import FIELD_LABELS
        from plantrack.reporting.column_choices import BULK_SHEET, TEMPLATE_SHEET
        from plantrack.reporting.excel_template import MAPPABLE

        # Whoever enters an office's figures looks after the columns it saved for its values files and templates.
        register_sheet(BULK_SHEET, label=gettext_lazy("数值批量导入"), fields=FIELD_LABELS, may_import=can_enter_values)
        register_sheet(TEMPLATE_SHEET, label=gettext_lazy("填报模板导入"),
                       fields={k: FIELD_LABELS[k] for k in MAPPABLE}, may_import=can_enter_values)
