"""Who may be named in an operation (baomi.org.posts) and who supervises a destruction
(baomi.org.witnesses, DESTROY-WITNESS), written once for the copies and for the equipment."""

from __future__ import annotations

import pytest
from django.utils import translation

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.posts import person_in, person_in_post
from baomi.org.witnesses import supervised
from baomi.rulebook.operations import set_rule
from tests.factories import World


def test_a_person_is_found_in_their_own_organisation_only(world):
    person = world.person()
    assert person_in(world.organisation.pk, person.pk) == person
    stranger = World.build().person()
    for missing in (stranger.pk, None, 0, 10**9):
        with pytest.raises(NotFound):
            person_in(world.organisation.pk, missing)


def test_a_former_person_is_refused_under_the_rule_or_in_the_field(world):
    """The carriers' operations refuse a former person under their rule, the equipment
    ledger's in the field that names them, with the same message unless told."""
    former = world.person(name="离职者")
    org.mark_left(actor=None, person_id=former.pk)
    oid = world.organisation.pk
    with pytest.raises(RuleViolation) as refused:
        person_in_post(oid, former.pk, rule_id="ARCH-ACCESS")
    assert refused.value.rule_id == "ARCH-ACCESS" and "离职者" in refused.value.message
    with pytest.raises(InvalidInput) as invalid:
        person_in_post(oid, former.pk, field="custodian_id")
    assert invalid.value.field == "custodian_id" and "离职者" in invalid.value.message
    with pytest.raises(InvalidInput) as told:
        person_in_post(oid, former.pk, field="custodian_id", left="%(name)s keeps nothing.")
    assert told.value.message == "离职者 keeps nothing."
    in_post = world.person()
    assert person_in_post(oid, in_post.pk, rule_id="ARCH-ACCESS") == in_post
    assert person_in_post(oid, in_post.pk, field="custodian_id") == in_post


def test_two_witnesses_besides_the_operator__DESTROY_WITNESS(world):
    operator, a, b = world.person(), world.person(), world.person()
    oid = world.organisation.pk
    done, witnesses = supervised(oid, operator.pk, [b.pk, a.pk, a.pk])
    assert done == operator and witnesses == sorted([a, b], key=lambda p: p.pk)
    for ids in ([a.pk], [a.pk, a.pk], [], None, [operator.pk, a.pk]):
        with pytest.raises(RuleViolation) as refused:
            supervised(oid, operator.pk, ids)
        assert refused.value.rule_id == "DESTROY-WITNESS"


def test_the_operator_never_supervises_their_own_destruction__DESTROY_WITNESS(world):
    operator, a, b = world.person(), world.person(), world.person()
    with translation.override("en"), pytest.raises(RuleViolation) as refused:
        supervised(world.organisation.pk, operator.pk, [operator.pk, a.pk, b.pk])
    assert refused.value.rule_id == "DESTROY-WITNESS"
    assert "cannot supervise their own" in refused.value.message


def test_the_rulebook_may_ask_for_more_witnesses__DESTROY_WITNESS(world):
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    set_rule(actor=officer, rule_id="DESTROY-WITNESS", params={"min_witnesses": 3})
    operator, a, b, c = (world.person() for _ in range(4))
    with translation.override("en"), pytest.raises(RuleViolation) as refused:
        supervised(world.organisation.pk, operator.pk, [a.pk, b.pk])
    assert "At least 3 people" in refused.value.message
    assert len(supervised(world.organisation.pk, operator.pk, [a.pk, b.pk, c.pk])[1]) == 3


def test_a_former_or_unknown_witness__DESTROY_WITNESS(world):
    """A former operator or witness is refused under DESTROY-WITNESS (copies) or in its field
    (equipment); someone of another organisation is not found."""
    operator, a, former = world.person(), world.person(), world.person()
    org.mark_left(actor=None, person_id=former.pk)
    oid = world.organisation.pk
    with pytest.raises(RuleViolation) as refused:
        supervised(oid, operator.pk, [a.pk, former.pk])
    assert refused.value.rule_id == "DESTROY-WITNESS"
    fields = ("operator_id", "witness_ids")
    with pytest.raises(InvalidInput) as invalid:
        supervised(oid, operator.pk, [a.pk, former.pk], fields=fields)
    assert invalid.value.field == "witness_ids"
    with pytest.raises(InvalidInput) as invalid:
        supervised(oid, former.pk, [a.pk, operator.pk], fields=fields)
    assert invalid.value.field == "operator_id"
    stranger = World.build().person()
    with pytest.raises(NotFound):
        supervised(oid, operator.pk, [a.pk, stranger.pk])
