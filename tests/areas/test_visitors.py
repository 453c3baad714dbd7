"""The visitors' register (外来人员, AREA-ACCESS): the identity document's number (a resident
identity card checked as GB 11643), who registers (the office, a host their own), the arrival
not in the future, the sign-out; a visitor never receives a document."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.areas.models import IdKind
from baomi.areas.operations import visitors as ops
from baomi.areas.queries import visitors as queries
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from tests.areas.test_access import ID_CARD, Site, visitor
from tests.areas.test_access import site as site
from tests.factories import World


@pytest.mark.parametrize(
    "number",
    [
        "11010519800307123",  # 17 characters
        "110105198003071235",  # wrong check character
        "11010519801307123X",  # month 13
        "1101051980030712A4",  # a letter among the digits
        "１１０１０５１９８００３０７１２３４",  # full-width digits
    ],
)
def test_a_bad_identity_card_number_is_refused_naming_id_number__AREA_ACCESS(site, number):
    with pytest.raises(InvalidInput) as refused:
        visitor(site, id_number=number)
    assert refused.value.field == "id_number"


def test_the_identity_card_checksum_follows_gb_11643__AREA_ACCESS():
    assert queries.id_card_check("11010519491231002") == "X"
    assert queries.check_id_number(IdKind.ID_CARD, " 11010519491231002x ") == "11010519491231002X"
    assert queries.check_id_number(IdKind.ID_CARD, ID_CARD) == ID_CARD


def test_other_documents_are_bounded_without_control_characters__AREA_ACCESS():
    assert queries.check_id_number(IdKind.PASSPORT, "E12345678") == "E12345678"
    for bad in ("x" * 41, "E123\x07", ""):
        with pytest.raises(InvalidInput) as refused:
            queries.check_id_number(IdKind.PASSPORT, bad)
        assert refused.value.field == "id_number"
    with pytest.raises(InvalidInput) as refused:
        queries.check_id_number("badge", "1")
    assert refused.value.field == "id_kind"


def test_the_office_registers_a_foreign_visitor_with_the_flag__AREA_ACCESS(site):
    made = visitor(site, id_kind=IdKind.PASSPORT, id_number="P1234567", foreign=True)
    assert made.foreign and made.host_id == site.officer.person_id
    assert queries.on_premises(made) and queries.visitor_on_premises(made)


def test_a_host_registers_their_own_visitor_only__AREA_ACCESS(site):
    own = ops.register_visitor(
        actor=site.staff,
        name="王海",
        id_kind=IdKind.ID_CARD,
        id_number=ID_CARD,
        unit="供应商",
        host_id=site.staff.person_id,
        purpose="维护",
    )
    assert list(queries.visitors(site.staff)) == [own]
    with pytest.raises(AccessDenied):
        ops.register_visitor(
            actor=site.staff,
            name="王海",
            id_kind=IdKind.ID_CARD,
            id_number=ID_CARD,
            unit="供应商",
            host_id=site.core.person_id,
            purpose="维护",
        )


def test_the_arrival_is_not_in_the_future__AREA_ACCESS(site):
    with pytest.raises(InvalidInput) as refused:
        visitor(site, arrived_at=timezone.now() + datetime.timedelta(hours=1))
    assert refused.value.field == "arrived_at"


def test_a_host_of_another_organisation_is_not_found__AREA_ACCESS(site):
    other = World.build().person(clearance=Clearance.GENERAL)
    with pytest.raises(NotFound):
        visitor(site, host_id=other.pk)


def test_sign_out_once_not_before_arrival__AREA_ACCESS(site):
    made = visitor(site)
    with pytest.raises(InvalidInput) as refused:
        ops.sign_out_visitor(
            actor=site.officer,
            visitor_id=made.pk,
            left_at=made.arrived_at - datetime.timedelta(minutes=1),
        )
    assert refused.value.field == "left_at"
    left = ops.sign_out_visitor(actor=site.officer, visitor_id=made.pk)
    assert not queries.on_premises(left)
    with pytest.raises(Conflict):
        ops.sign_out_visitor(actor=site.officer, visitor_id=made.pk)


def test_someone_not_the_host_does_not_sign_a_visitor_out__AREA_ACCESS(site):
    made = visitor(site)
    with pytest.raises(NotFound):
        ops.sign_out_visitor(actor=site.staff, visitor_id=made.pk)


def test_a_visitor_never_receives_a_document__AREA_ACCESS(site):
    with pytest.raises(RuleViolation) as refused:
        queries.refuse_documents(site.world.organisation.pk)
    assert refused.value.rule_id == "AREA-ACCESS"


def test_the_register_keeps_numbers_in_full_and_the_pdf_masks_them__AREA_ACCESS(site):
    visitor(site)
    full = queries.register_table(site.officer)
    masked = queries.register_table(site.officer, mask=True)
    assert full.rows[0][3] == ID_CARD
    assert masked.rows[0][3] == "*" * 14 + ID_CARD[-4:]
    with pytest.raises(AccessDenied):
        queries.register_table(site.staff)
    exported = queries.export(site.officer, "pdf")
    assert exported.content.startswith(b"%PDF")


def test_a_staff_account_without_role_rights_registers_nobody__AREA_ACCESS(site, world):
    admin = world.account(Role.SYSADMIN)
    with pytest.raises(AccessDenied):
        visitor_ops_register = ops.register_visitor
        visitor_ops_register(
            actor=admin,
            name="王海",
            id_kind=IdKind.ID_CARD,
            id_number=ID_CARD,
            unit="供应商",
            host_id=admin.person_id,
            purpose="维护",
        )


_ = Site
