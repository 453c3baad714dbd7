"""The checkpoints become append-only and the chain head moves only forward onto a recorded
event (``baomi.audit.triggers``); the head row is made here, by the tables' owner, so that the
application's role never needs to insert it (``baomi.audit.roles``)."""

from django.db import migrations

GENESIS = "0" * 64


def guard(apps, schema_editor):
    from baomi.audit import triggers

    alias = schema_editor.connection.alias
    head = apps.get_model("audit", "ChainHead").objects.using(alias)
    if not head.filter(pk=1).exists():
        events = apps.get_model("audit", "AuditEvent").objects.using(alias)
        last = events.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS)
        head.create(pk=1, seq=last[0], hash=last[1])
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_index_from_body")]

    operations = [migrations.RunPython(guard)]
