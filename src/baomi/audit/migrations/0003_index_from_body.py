"""The index columns of the audit table become generated from the hashed body (see
``baomi.audit.schema``): the database computes them and refuses to change them."""

from django.db import migrations, models

import baomi.audit.models


def derive(apps, schema_editor):
    from baomi.audit import schema

    schema.derive(schema_editor.connection)


def _indexed(key, kind, output, **options):
    return models.GeneratedField(
        db_persist=True,
        expression=baomi.audit.models.BodyValue(key, kind),
        output_field=output,
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="at",
                    field=_indexed("at", "moment", models.DateTimeField(), db_index=True),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor_id",
                    field=_indexed(
                        "actor_id", "number", models.BigIntegerField(), db_index=True, null=True
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="organisation_id",
                    field=_indexed("organisation_id", "number", models.BigIntegerField(), null=True),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=_indexed("action", "text", models.CharField(max_length=64), db_index=True),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="outcome",
                    field=_indexed(
                        "outcome",
                        "text",
                        models.CharField(max_length=8),
                        choices=[("ok", "Done"), ("denied", "Refused")],
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="subject_type",
                    field=_indexed("subject_type", "text", models.CharField(max_length=64)),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="subject_id",
                    field=_indexed("subject_id", "text", models.CharField(max_length=64)),
                ),
            ],
            database_operations=[migrations.RunPython(derive)],
        )
    ]
