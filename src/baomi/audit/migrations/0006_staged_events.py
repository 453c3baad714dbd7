"""Reads are staged in ``audit_stagedevent`` without the chain's lock and chained later in
batches (``baomi.audit.recorder.stage_event`` and ``seal``); the table is guarded by its own
triggers (``baomi.audit.triggers``)."""

from django.db import migrations, models


def guard(apps, schema_editor):
    from baomi.audit import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_verbose_names")]

    operations = [
        migrations.CreateModel(
            name="StagedEvent",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("seq", models.BigIntegerField(default=None, null=True)),
                ("body", models.BinaryField()),
                ("hash", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "staged audit event",
                "verbose_name_plural": "staged audit events",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
