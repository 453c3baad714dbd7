"""The demo's secure areas (AREA-LIST): the archive, print and fax rooms, the classified
meeting room the meetings' demo holds its meetings in (保密会议室), finance; every keeper and
assigned person cleared for the area's level."""

from __future__ import annotations

from baomi.areas.models import AreaAssignment, AreaKind, SecureArea
from baomi.core.levels import Clearance, Level


def test_the_demo_lists_its_areas__AREA_LIST(demo_accounts):
    names = set(SecureArea.objects.values_list("name", flat=True))
    assert {"档案室", "文印室", "保密会议室", "财务部"} <= names
    room = SecureArea.objects.get(name="保密会议室")
    assert room.kind == AreaKind.MEETING_ROOM and room.level == Level.SECRET
    for found in SecureArea.objects.select_related("keeper"):
        assert Clearance(found.keeper.clearance).dominates(found.level)
    for a in AreaAssignment.objects.select_related("person", "area"):
        assert Clearance(a.person.clearance).dominates(a.area.level)


def test_the_demo_clerk_sees_their_areas_on_the_home_page(demo_accounts):
    from django.urls import reverse

    from tests.web.conftest import signed_in

    home = signed_in(demo_accounts["clerk"]).get(reverse("home")).content.decode()
    assert 'data-panel="my-areas"' in home and "档案室" in home
