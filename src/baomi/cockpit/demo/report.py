"""The demo's annual report (ANNUAL-REPORT): last year's, its prose partly written by the
security officer (孙立) — the overview, the training, the problems found and next year's plans
— the other sections left to the drafts written from the figures."""

from __future__ import annotations

from django.utils import timezone

from baomi.cockpit.operations import report as ops
from baomi.seams.demo import Demo

PROSE = {
    "overview": (
        "本年度，我单位坚持“业务工作谁主管、保密工作谁负责”的原则，保密委员会定期研究部署"
        "保密工作，各部门主要负责人签订保密工作责任书，层层落实保密责任。"
    ),
    "training": (
        "全年组织涉密人员保密教育培训，学习新修订的《保守国家秘密法》及本单位保密管理制度，"
        "组织观看保密警示教育片，全员保密意识进一步增强。"
    ),
    "problems": (
        "一是个别部门月度自查流于形式，自查记录不完整；二是部分涉密人员培训学时不足；"
        "三是涉密载体清退、销毁不够及时。"
    ),
    "plans": (
        "下一年度，将继续加强保密宣传教育培训，按月开展保密自查、按季度开展保密检查，"
        "对发现的问题建立台账、限期整改，确保全年不发生失泄密事件。"
    ),
}


def build(demo: Demo) -> None:
    if not demo.created:
        return
    year = timezone.localdate().year - 1
    ops.save_report(
        actor=demo.accounts["secofficer"],
        year=year,
        prose=PROSE,
        title=f"{demo.organisation.name}{year}年度保密工作总结",
    )
