"""The default self-inspection checklists as shipped (INSP-CHECKLIST): 篇5 五.1–8 for a
department's monthly self-inspection (and, by default, a person's and a department head's),
and its items 1–5 for the classified computers' inspection (INSP-QUARTERLY). Each item names
the rule it checks and the records' answer that pre-fills it (``seams.evidence``), empty when
the inspector answers alone. Migration 0002 writes them; ``operations.checklists.
ensure_defaults`` writes any that is missing (a database emptied without its migrations' data)."""

from __future__ import annotations

# (text as on the paper 检查表, rule, evidence key)
DEPARTMENT = [
    ("涉密计算机由专人管理，不上网，未安装无线设备", "DEV-AIRGAP", "devices.airgap"),
    ("计算机防病毒软件及时更新病毒库", "DEV-AV", "devices.antivirus"),
    ("涉密移动存储介质造册登记，无未登记的介质", "MEDIA-REGISTERED", "devices.media_registered"),
    ("不在涉密与非涉密计算机之间交叉使用移动存储介质", "MEDIA-NO-CROSS", "devices.cross_use"),
    ("办公网络为非涉密网络，不存储、处理涉密信息", "DEV-AIRGAP", "devices.office_network"),
    ("个人手中的涉密纸质文件资料及时清理、归档", "INSP-CHECKLIST", ""),
    ("涉密载体清理完毕，无逾期未归还的载体", "INSP-CHECKLIST", "carriers.overdue"),
    ("按要求签订保密承诺书", "PPL-VET", "people.commitments"),
]
COMPUTERS = [DEPARTMENT[i] for i in (0, 1, 2, 3, 4)]
# (kind, name, items) of each default checklist.
DEFAULTS = (
    ("department_monthly", "保密自查表（默认）", DEPARTMENT),
    ("computers", "涉密计算机检查表（默认）", COMPUTERS),
)
