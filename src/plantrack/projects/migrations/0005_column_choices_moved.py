"""The ledger's saved column decisions now live in the imports app (imports 0001 copied them there)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0004_full_procedure_checklist"),
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="ImportColumnChoice"),
    ]
