"""The default self-inspection checklist of 篇5 五.1–8 (INSP-CHECKLIST), as data: the
organisation-less checklist every organisation answers until its security office keeps its
own, for a department's monthly self-inspection (and, by default, a person's and a
department head's); and the default checklist of the classified computers' inspection, its
items 1–5 (INSP-QUARTERLY). Each item names the rule it checks and the records'
answer that pre-fills it (``seams.evidence``), empty when the inspector answers alone."""

from django.db import migrations

# (text as on the paper 检查表, rule, evidence key)
DEFAULT = [
    ("涉密计算机由专人管理，不上网，未安装无线设备", "DEV-AIRGAP", "devices.airgap"),
    ("计算机防病毒软件及时更新病毒库", "DEV-AV", "devices.antivirus"),
    ("涉密移动存储介质造册登记，无未登记的介质", "MEDIA-REGISTERED", "devices.media_registered"),
    ("不在涉密与非涉密计算机之间交叉使用移动存储介质", "MEDIA-NO-CROSS", "devices.cross_use"),
    ("办公网络为非涉密网络，不存储、处理涉密信息", "DEV-AIRGAP", "devices.office_network"),
    ("个人手中的涉密纸质文件资料及时清理、归档", "INSP-CHECKLIST", ""),
    ("涉密载体清理完毕，无逾期未归还的载体", "INSP-CHECKLIST", "carriers.overdue"),
    ("按要求签订保密承诺书", "PPL-VET", "people.commitments"),
]
COMPUTERS = [DEFAULT[i] for i in (0, 1, 2, 3, 4)]


def create(apps, schema_editor):
    Checklist = apps.get_model("oversight", "Checklist")
    Item = apps.get_model("oversight", "ChecklistItem")
    for kind, name, items in (
        ("department_monthly", "保密自查表（默认）", DEFAULT),
        ("computers", "涉密计算机检查表（默认）", COMPUTERS),
    ):
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
