"""Each run of a report holds a token; reports an earlier race left "done" without figures are marked failed."""

from django.db import migrations, models


def fail_done_without_snapshot(apps, schema_editor):
    # A draft asked for again while being made could end "done" with the emptied snapshot of the newer request
    # (its run then never started): say so and let the office ask again, rather than show a page that cannot draw.
    Report = apps.get_model("reports", "Report")
    Report.objects.filter(state="done", snapshot={}).update(
        state="failed", step="失败", error="生成中断：报告内容不完整，请重新生成"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_stages_versions_edits"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="run_token",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.RunPython(fail_done_without_snapshot, migrations.RunPython.noop),
    ]
