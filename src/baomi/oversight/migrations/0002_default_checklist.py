"""The default self-inspection checklist of 篇5 五.1–8 (INSP-CHECKLIST), as data: the
organisation-less checklist every organisation answers until its security office keeps its
own, for a department's monthly self-inspection (and, by default, a person's and a
department head's); and the default checklist of the classified computers' inspection, its
items 1–5 (INSP-QUARTERLY). Each item names the rule it checks and the records'
answer that pre-fills it (``seams.evidence``), empty when the inspector answers alone."""

from django.db import migrations

from baomi.oversight.defaults import DEFAULTS

def create(apps, schema_editor):
    Checklist = apps.get_model("oversight", "Checklist")
    Item = apps.get_model("oversight", "ChecklistItem")
    for kind, name, items in DEFAULTS:
        checklist = Checklist.objects.create(organisation=None, kind=kind, name=name, version=1)
        Item.objects.bulk_create(
            Item(checklist=checklist, position=n, text=text, rule_id=rule, evidence=evidence)
            for n, (text, rule, evidence) in enumerate(items, 1)
        )


def remove(apps, schema_editor):
    Checklist = apps.get_model("oversight", "Checklist")
    Checklist.objects.filter(organisation=None).delete()


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
