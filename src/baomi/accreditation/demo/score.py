"""The demo organisation's self-score: assessed against both built-in profiles — the 军工
profile with two items it does not have (外场试验, 协作配套: N/A), its own points for the
sections the standard leaves unknown, and one deduction set by hand with its note; the
自查自评 profile with its own points for the seed's items."""

from __future__ import annotations

from decimal import Decimal

from baomi.accreditation.models import Item, Standard
from baomi.accreditation.operations import assessments as ops
from baomi.accreditation.operations import profiles
from baomi.seams.demo import Demo

# The 军工 profile: the unit's points for each item the standard leaves unknown (by code),
# as the unit's copy of the standard gives them; 500 in all with the published 10 + 10.
JUNGONG_POINTS = {
    "1.3": "20",
    "2.1": "0",
    "2.2": "10",
    "2.3": "10",
    "3.1": "35",
    "4.1": "20",
    "4.2": "50",
    "4.3": "70",
    "4.4": "25",
    "4.5": "0",
    "4.6": "0",
    "4.7": "0",
    "4.8": "60",
    "4.9": "15",
    "4.10": "15",
    "4.11": "15",
    "4.12": "15",
    "4.13": "0",
    "4.14": "15",
    "4.15": "15",
    "4.16": "25",
    "4.17": "15",
    "4.18": "15",
    "5.1": "15",
    "5.2": "20",
}
NOT_APPLICABLE = ("4.12", "4.14")  # no field trials, no subcontracting
OVERRIDE = ("4.16", "5", "两次月度自查记录未按时归档，评审时将扣分")
SELF_CHECK_POINTS = {
    "1": "10",
    "2": "10",
    "3": "10",
    "4": "10",
    "5.1": "10",
    "5.2": "10",
    "5.3": "10",
    "5.4": "10",
    "5.5": "5",
    "5.6": "5",
    "5.7": "5",
    "5.8": "5",
}


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    profiles.ensure_builtin()
    for key, points in (("jungong", JUNGONG_POINTS), ("self_check", SELF_CHECK_POINTS)):
        standard = Standard.objects.filter(organisation=None, key=key).order_by("-version").first()
        items = {i.code: i for i in Item.objects.filter(standard=standard)}
        for code, own in points.items():
            override = key == "jungong" and code == OVERRIDE[0]
            ops.assess_item(
                actor=officer,
                item_id=items[code].pk,
                own_points=Decimal(own),
                not_applicable=key == "jungong" and code in NOT_APPLICABLE,
                deduction=Decimal(OVERRIDE[1]) if override else None,
                note=OVERRIDE[2] if override else "",
            )
