"""Using copies (RULES.md §5, CIRC-MEETING-RETURN): reproduction, loans, taking out, outside
meetings, the fax register and cipher telegrams."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone, translation

from baomi.access.mac import can_know
from baomi.access.roles import Role
from baomi.approvals.models import State
from baomi.carriers.models import (
    Copy,
    CopyState,
    Custody,
    CustodyKind,
    Document,
    FaxEntry,
    Reproduction,
)
from baomi.carriers.operations import circulation, use
from baomi.carriers.queries import copies as copy_queries
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from baomi.org import queries as org_queries
from baomi.org.models import Person, StaffRole
from baomi.rulebook.operations import set_rule
from tests.factories import audit_events

L = Level
TODAY = timezone.localdate


def refused(rule_id, call, **kw):
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def snapshot(doc):
    """Everything a refused operation on ``doc``'s copies must leave as it was."""
    return (
        list(
            Copy.objects.filter(document=doc)
            .order_by("pk")
            .values_list("pk", "state", "holder_id", "due_at")
        ),
        Reproduction.objects.filter(document=doc).count(),
        Custody.objects.filter(copy__document=doc).count(),
    )


def in_days(n):
    return TODAY() + datetime.timedelta(days=n)


def end_of(office, day):
    return org_queries.calendar(office.world.organisation.pk).end_of_working_day(day)


def with_custodian(office, copy):
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id) == (CopyState.WITH_CUSTODIAN, office.clerk.person_id)


def set_issuer(doc, person):
    """The issuing person of an incoming document (register_incoming takes the body only)."""
    Document.objects.filter(pk=doc.pk).update(issued_by=person)


@pytest.fixture
def secret(office):
    """Copy 1 of 3 of a SECRET incoming document naming the three readers."""
    return office.copies(office.incoming(level=L.SECRET))[0]


@pytest.fixture
def top_secret(office):
    """Copy 1 of 2 of a TOP_SECRET incoming document (known to the clerk and the director)."""
    return office.copies(office.incoming(level=L.TOP_SECRET, copies=2, readers=[]))[0]


@pytest.fixture
def cipher(office):
    return office.copies(office.incoming(level=L.SECRET, carrier_type="cipher"))[0]


def reproduce(office, copy, count=1, method="photocopy", made_by=None, **kw):
    """The clerk registers copies of ``copy`` made by the person ``made_by`` (the clerk)."""
    return use.reproduce(
        actor=office.clerk,
        copy_id=copy.pk,
        count=count,
        method=method,
        made_by_id=(made_by or office.clerk.person).pk,
        **kw,
    )


def approved_reproduction(office, copy, requester, count=1, method="photocopy"):
    request = use.request_reproduction(
        actor=requester, copy_id=copy.pk, count=count, method=method, reason="工作需要"
    )
    return office.approve_all(request)


# COPY-APPROVE -------------------------------------------------------------------------------


def test_reproducing_a_secret_copy_without_approval_is_refused__COPY_APPROVE(office, secret):
    before = snapshot(secret.document)
    refused("COPY-APPROVE", reproduce, office=office, copy=secret, count=2)
    assert snapshot(secret.document) == before
    with_custodian(office, secret)
    refusal = audit_events("operation.refused")[-1]["data"]
    assert (refusal["operation"], refusal["rule"]) == ("reproduce", "COPY-APPROVE")
    assert not audit_events("carriers.reproduced")


def test_the_department_head_approves_and_the_register_counts_the_copies__COPY_APPROVE(
    office, secret
):
    reader = office.readers[0]
    request = approved_reproduction(office, secret, reader, count=2)
    assert [s.approver for s in request.steps.all()] == [office.tech_head.person]
    assert (request.operation, request.params) == ("reproduce", {"count": 2, "method": "photocopy"})
    assert request.state == State.GRANTED

    entry = reproduce(office, secret, count=2, made_by=reader.person)
    assert (entry.count, entry.method, entry.source, entry.made_by) == (
        2,
        "photocopy",
        secret,
        reader.person,
    )
    assert (entry.approval, entry.recorded_by) == (request, office.clerk)
    request.refresh_from_db()
    assert request.state == State.CONSUMED
    assert Copy.objects.filter(reproduced_from=secret).count() == 2
    assert audit_events("carriers.reproduced")[-1]["data"]["count"] == 2

    # One approval, one reproduction.
    before = snapshot(secret.document)
    refused("COPY-APPROVE", reproduce, office=office, copy=secret, count=2)
    assert snapshot(secret.document) == before


def test_an_approval_covers_only_its_count_and_method__COPY_APPROVE(office, secret):
    approved_reproduction(office, secret, office.readers[0], count=1, method="excerpt")
    before = snapshot(secret.document)
    refused("COPY-APPROVE", reproduce, office=office, copy=secret, count=2, method="excerpt")
    refused("COPY-APPROVE", reproduce, office=office, copy=secret, count=1, method="photocopy")
    assert snapshot(secret.document) == before
    assert reproduce(office, secret, count=1, method="excerpt").count == 1


def test_a_confidential_copy_needs_approval_an_internal_one_not__COPY_APPROVE(office):
    confidential = office.copies(office.incoming(level=L.CONFIDENTIAL))[0]
    refused("COPY-APPROVE", reproduce, office=office, copy=confidential)
    internal = office.copies(office.incoming(level=L.INTERNAL))[0]
    assert reproduce(office, internal).approval is None
    with pytest.raises(InvalidInput):
        use.request_reproduction(actor=office.clerk, copy_id=internal.pk, count=1, method="reprint")


def test_the_rulebook_may_require_approval_for_internal_items__COPY_APPROVE(office):
    set_rule(actor=office.officer, rule_id="COPY-APPROVE", params={"min_level": int(L.INTERNAL)})
    internal = office.copies(office.incoming(level=L.INTERNAL))[0]
    refused("COPY-APPROVE", reproduce, office=office, copy=internal)


def test_reproduction_input_is_checked__COPY_APPROVE(office, secret):
    for count, method in ((0, "photocopy"), (True, "photocopy"), (1, "scan"), (100, "reprint")):
        with pytest.raises(InvalidInput):
            use.request_reproduction(
                actor=office.clerk, copy_id=secret.pk, count=count, method=method
            )


def test_only_the_custodian_registers_a_reproduction__CIRC_DIRECT(office, secret):
    """Only the custodian moves a copy out of the registry, whether or not COPY-APPROVE
    asks for an approval."""
    approved_reproduction(office, secret, office.readers[0])
    other_clerk = office.world.account(
        Role.CLERK, dept="office", rank="director", clearance=Clearance.CORE
    )
    with pytest.raises(AccessDenied):
        use.reproduce(
            actor=office.readers[0],
            copy_id=secret.pk,
            count=1,
            method="photocopy",
            made_by_id=office.clerk.person_id,
        )
    before = snapshot(secret.document)
    refused(
        "CIRC-DIRECT",
        use.reproduce,
        actor=other_clerk,
        copy_id=secret.pk,
        count=1,
        method="photocopy",
        made_by_id=office.clerk.person_id,
    )
    assert snapshot(secret.document) == before


def test_copies_are_made_only_by_someone_who_may_know_the_item__CLS_MAC(office, secret):
    approved_reproduction(office, secret, office.readers[0])
    outsider = office.world.person(dept="tech", clearance=Clearance.CORE)
    before = snapshot(secret.document)
    refused("CLS-MAC", reproduce, office=office, copy=secret, made_by=outsider)
    assert snapshot(secret.document) == before


def test_a_copy_the_requester_may_not_know_is_not_found__CLS_MAC(office):
    hidden = office.copies(office.incoming(level=L.SECRET))[0]
    reader = office.readers[0]
    Document.objects.get(pk=hidden.document_id).scope_people.remove(reader.person)
    with pytest.raises(NotFound):
        use.request_reproduction(actor=reader, copy_id=hidden.pk, count=1, method="photocopy")


# COPY-TS ------------------------------------------------------------------------------------


def test_a_top_secret_copy_is_never_reproduced_without_the_issuer__COPY_TS(office, top_secret):
    before = snapshot(top_secret.document)
    refused("COPY-TS", reproduce, office=office, copy=top_secret)
    assert snapshot(top_secret.document) == before
    with_custodian(office, top_secret)


def test_a_top_secret_item_without_a_known_issuer_cannot_be_approved__COPY_TS(office, top_secret):
    refused(
        "COPY-TS",
        use.request_reproduction,
        actor=office.director,
        copy_id=top_secret.pk,
        count=1,
        method="excerpt",
    )


def test_the_issuer_alone_approves_a_top_secret_reproduction__COPY_TS(office, top_secret):
    set_issuer(top_secret.document, office.head.person)
    request = approved_reproduction(office, top_secret, office.director)
    assert request.rule_id == "COPY-TS"
    assert [(s.approver_kind, s.approver) for s in request.steps.all()] == [
        ("issuer", office.head.person)
    ]
    entry = reproduce(office, top_secret)
    assert entry.approval == request
    made = Copy.objects.get(reproduced_from=top_secret)
    assert made.document.level == L.TOP_SECRET


# COPY-OUTSIDE -------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [L.INTERNAL, L.SECRET])
def test_nothing_is_reproduced_outside_even_with_approval__COPY_OUTSIDE(office, level):
    copy = office.copies(office.incoming(level=level))[0]
    request = None
    if level == L.SECRET:
        request = approved_reproduction(office, copy, office.readers[0])
    before = snapshot(copy.document)
    refused("COPY-OUTSIDE", reproduce, office=office, copy=copy, outside=True)
    assert snapshot(copy.document) == before
    with_custodian(office, copy)
    if request is not None:
        request.refresh_from_db()
        assert request.state == State.GRANTED  # not used up by the refusal


# COPY-AS-ORIGINAL ---------------------------------------------------------------------------


def test_a_reproduced_copy_is_a_copy_of_the_same_document__COPY_AS_ORIGINAL(office):
    entry = office.incoming(level=L.SECRET, copies=5, copy_numbers=[1, 2])
    source = office.copies(entry)[1]
    approved_reproduction(office, source, office.readers[0], count=2)
    reproduce(office, source, count=2, made_by=office.readers[0].person)

    made = list(Copy.objects.filter(reproduced_from=source).order_by("number"))
    # Numbered after every copy of the print run, never reusing an original's number.
    assert [c.number for c in made] == [6, 7]
    assert made[0].label == f"第6份（复制件，源自第{source.number}份）"
    for copy in made:
        assert copy.document_id == source.document_id
        assert (copy.custodian_id, copy.holder_id, copy.state) == (
            source.custodian_id,
            source.custodian_id,
            CopyState.WITH_CUSTODIAN,
        )
        assert [(e.action, e.person_id) for e in copy.timeline.all()] == [
            ("reproduced", office.readers[0].person_id)
        ]


def test_a_reproduced_copy_is_known_by_exactly_the_people_of_its_original__COPY_AS_ORIGINAL(
    office, secret
):
    outsider = office.world.person(dept="tech", clearance=Clearance.CORE)
    approved_reproduction(office, secret, office.readers[0])
    reproduce(office, secret)
    made = Copy.objects.select_related("document").get(reproduced_from=secret)
    people = Person.objects.filter(organisation=office.world.organisation).select_related(
        "department", "rank"
    )
    original = {p.pk for p in people if can_know(p, secret.document)}
    assert {p.pk for p in people if can_know(p, made.document)} == original
    assert office.readers[0].person_id in original
    assert outsider.pk not in original
    assert office.tech_head.person_id not in original  # a manager, below SECRET's rank floor


def test_a_reproduced_copy_cannot_be_passed_on_without_approval_either__COPY_AS_ORIGINAL(
    office, secret
):
    approved_reproduction(office, secret, office.readers[0])
    reproduce(office, secret)
    made = Copy.objects.get(reproduced_from=secret)
    before = snapshot(secret.document)
    refused("COPY-APPROVE", reproduce, office=office, copy=made)
    refused(
        "LOAN-APPROVE",
        use.lend,
        actor=office.clerk,
        copy_id=made.pk,
        borrower_id=office.readers[1].person_id,
        due_date=in_days(3),
        purpose="查阅",
    )
    refused(
        "CARRY-APPROVE",
        use.take_out,
        actor=office.clerk,
        copy_id=made.pk,
        person_id=office.readers[1].person_id,
        destination="市局",
        due_date=in_days(1),
        purpose="汇报",
    )
    assert snapshot(secret.document) == before


def test_a_reader_may_not_pass_a_reproduced_copy_on__COPY_AS_ORIGINAL(office, secret):
    approved_reproduction(office, secret, office.readers[0])
    reproduce(office, secret)
    made = Copy.objects.get(reproduced_from=secret)
    circulation.circulate(
        actor=office.clerk, copy_id=made.pk, reader_id=office.readers[0].person_id
    )
    refused(
        "CIRC-DIRECT",
        circulation.circulate,
        actor=office.readers[0],
        copy_id=made.pk,
        reader_id=office.readers[1].person_id,
    )
    made.refresh_from_db()
    assert (made.state, made.holder_id) == (CopyState.CIRCULATING, office.readers[0].person_id)


def give_back(office, copy):
    """The custodian confirms the return (circulation.return_copy closes the open custody)."""
    return circulation.return_copy(actor=office.clerk, copy_id=copy.pk)


# LOAN-APPROVE -------------------------------------------------------------------------------


def loan_request(office, copy, borrower, actor=None, due=None, purpose="查阅参考"):
    return use.request_loan(
        actor=actor or borrower,
        copy_id=copy.pk,
        borrower_id=borrower.person_id,
        due_date=due or in_days(7),
        purpose=purpose,
    )


def lend(office, copy, borrower, due=None, purpose="查阅参考"):
    return use.lend(
        actor=office.clerk,
        copy_id=copy.pk,
        borrower_id=borrower.person_id,
        due_date=due or in_days(7),
        purpose=purpose,
    )


def test_a_loan_needs_the_leaders_of_both_sides__LOAN_APPROVE(office, secret):
    borrower = office.readers[0]
    request = loan_request(office, secret, borrower)
    assert [(s.approver_kind, s.approver) for s in request.steps.all()] == [
        ("department_head", office.tech_head.person),
        ("lender_department_head", office.director.person),
    ]
    before = snapshot(secret.document)
    refused("LOAN-APPROVE", lend, office=office, copy=secret, borrower=borrower)
    assert snapshot(secret.document) == before

    office.approve_all(request)
    custody = lend(office, secret, borrower)
    assert (custody.kind, custody.holder, custody.handed_by, custody.approval) == (
        CustodyKind.LOAN,
        borrower.person,
        office.clerk,
        request,
    )
    assert custody.lender_department_id == office.clerk.person.department_id
    assert custody.purpose == "查阅参考"
    secret.refresh_from_db()
    assert (secret.state, secret.holder_id) == (CopyState.ON_LOAN, borrower.person_id)
    assert secret.timeline.last().action == "loaned"
    request.refresh_from_db()
    assert request.state == State.CONSUMED
    assert audit_events("carriers.lent")[-1]["data"]["borrower"] == borrower.person_id


def test_a_clerk_may_ask_on_the_borrowers_behalf__LOAN_APPROVE(office, secret):
    """The approvers come from the borrower's place in the org chart, not the clerk's."""
    request = loan_request(office, secret, office.readers[0], actor=office.clerk)
    assert [s.approver for s in request.steps.all()] == [
        office.tech_head.person,
        office.director.person,
    ]
    office.approve_all(request)
    assert lend(office, secret, office.readers[0]).approval == request


def test_staff_do_not_ask_for_loans_to_others__LOAN_APPROVE(office, secret):
    with pytest.raises(AccessDenied):
        loan_request(office, secret, office.readers[1], actor=office.readers[0])


def test_an_approval_lends_only_to_its_borrower_on_its_terms__LOAN_APPROVE(office, secret):
    office.approve_all(loan_request(office, secret, office.readers[0]))
    before = snapshot(secret.document)
    refused("LOAN-APPROVE", lend, office=office, copy=secret, borrower=office.readers[1])
    refused(
        "LOAN-APPROVE", lend, office=office, copy=secret, borrower=office.readers[0], due=in_days(8)
    )
    assert snapshot(secret.document) == before
    lend(office, secret, office.readers[0])


def test_a_borrower_may_not_copy_or_pass_on_a_loaned_copy__CIRC_DIRECT(office, secret):
    """LOAN-APPROVE: the borrower may not copy or pass a copy on; a copy on loan is with a
    reader, and only its custodian, once it is back, copies or lends it (CIRC-DIRECT)."""
    office.approve_all(loan_request(office, secret, office.readers[0]))
    lend(office, secret, office.readers[0])
    approved_reproduction(office, secret, office.readers[0])
    office.approve_all(loan_request(office, secret, office.readers[1]))
    before = snapshot(secret.document)
    exc = refused(
        "CIRC-DIRECT", reproduce, office=office, copy=secret, made_by=office.readers[0].person
    )
    assert exc.conflict
    refused("CIRC-DIRECT", lend, office=office, copy=secret, borrower=office.readers[1])
    assert snapshot(secret.document) == before


def test_only_the_custodian_lends__CIRC_DIRECT(office, secret):
    other_clerk = office.world.account(
        Role.CLERK, dept="office", rank="director", clearance=Clearance.CORE
    )
    office.approve_all(loan_request(office, secret, office.readers[0]))
    before = snapshot(secret.document)
    refused(
        "CIRC-DIRECT",
        use.lend,
        actor=other_clerk,
        copy_id=secret.pk,
        borrower_id=office.readers[0].person_id,
        due_date=in_days(7),
        purpose="查阅参考",
    )
    assert snapshot(secret.document) == before


def test_a_borrower_outside_the_scope_is_refused__CLS_MAC(office, secret):
    outsider = office.world.account(Role.STAFF, dept="tech", clearance=Clearance.CORE)
    refused(
        "CLS-MAC", loan_request, office=office, copy=secret, borrower=outsider, actor=office.clerk
    )
    with pytest.raises(NotFound):  # nor can they ask: they may not know the copy exists
        loan_request(office, secret, outsider)


def test_an_unclassified_copy_is_lent_without_approval__LOAN_APPROVE(office):
    internal = office.copies(office.incoming(level=L.INTERNAL))[0]
    with pytest.raises(InvalidInput):
        loan_request(office, internal, office.readers[0])
    assert lend(office, internal, office.readers[0]).approval is None


# LOAN-DUE -----------------------------------------------------------------------------------


@pytest.mark.parametrize("due", [None, "", -1, 31])
def test_a_loan_has_a_due_date_within_the_limit__LOAN_DUE(office, secret, due):
    due_date = in_days(due) if isinstance(due, int) else due
    refused(
        "LOAN-DUE",
        use.request_loan,
        actor=office.readers[0],
        copy_id=secret.pk,
        borrower_id=office.readers[0].person_id,
        due_date=due_date,
        purpose="查阅",
    )
    internal = office.copies(office.incoming(level=L.INTERNAL))[0]
    before = snapshot(internal.document)
    refused(
        "LOAN-DUE",
        use.lend,
        actor=office.clerk,
        copy_id=internal.pk,
        borrower_id=office.readers[0].person_id,
        due_date=due_date,
        purpose="查阅",
    )
    assert snapshot(internal.document) == before


@pytest.mark.parametrize("due", [0, 30])
def test_a_loan_may_be_due_from_today_to_its_last_day__LOAN_DUE(office, secret, due):
    """The boundaries of LOAN-DUE: due today or on the 30th day is allowed (yesterday and the
    31st day are refused, above)."""
    request = loan_request(office, secret, office.readers[0], due=in_days(due))
    assert request.params["due_date"] == in_days(due).isoformat()


def test_the_rulebook_may_shorten_loans__LOAN_DUE(office, secret):
    set_rule(actor=office.officer, rule_id="LOAN-DUE", params={"max_days": 5})
    with translation.override("en"):
        exc = refused(
            "LOAN-DUE", loan_request, office=office, copy=secret, borrower=office.readers[0]
        )
    assert f"at most 5 days: the due date is {in_days(7)}, the latest is {in_days(5)}." in (
        exc.message
    )
    loan_request(office, secret, office.readers[0], due=in_days(5))


def test_a_loan_is_due_at_the_end_of_the_working_day_of_its_due_date__LOAN_DUE(office, secret):
    due = in_days(30)
    office.approve_all(loan_request(office, secret, office.readers[0], due=due.isoformat()))
    custody = lend(office, secret, office.readers[0], due=due.isoformat())
    secret.refresh_from_db()
    assert custody.due_at == secret.due_at == end_of(office, due)
    assert audit_events("carriers.lent")[-1]["data"]["due_date"] == due.isoformat()


def test_a_due_date_must_be_a_date__LOAN_DUE(office, secret):
    for bad in ("next week", timezone.now(), 7):
        with pytest.raises(InvalidInput):
            loan_request(office, secret, office.readers[0], due=bad)


# CARRY-APPROVE / CARRY-ABROAD ---------------------------------------------------------------


def take_out_request(copy, actor, abroad=False, due=None, destination="市保密局"):
    return use.request_take_out(
        actor=actor,
        copy_id=copy.pk,
        destination=destination,
        due_date=due or in_days(1),
        purpose="汇报工作",
        abroad=abroad,
    )


def take_out(office, copy, person, abroad=False, due=None, destination="市保密局"):
    return use.take_out(
        actor=office.clerk,
        copy_id=copy.pk,
        person_id=person.person_id,
        destination=destination,
        due_date=due or in_days(1),
        purpose="汇报工作",
        abroad=abroad,
    )


def test_taking_a_copy_out_needs_the_leader_in_charge__CARRY_APPROVE(office, secret):
    reader = office.readers[0]
    before = snapshot(secret.document)
    refused("CARRY-APPROVE", take_out, office=office, copy=secret, person=reader)
    assert snapshot(secret.document) == before

    request = take_out_request(secret, reader)
    assert (request.operation, request.rule_id) == ("take_out", "CARRY-APPROVE")
    assert [s.approver for s in request.steps.all()] == [office.leader.person]
    office.approve_all(request)
    custody = take_out(office, secret, reader)
    assert (custody.kind, custody.holder, custody.destination, custody.abroad) == (
        CustodyKind.TAKE_OUT,
        reader.person,
        "市保密局",
        False,
    )
    assert custody.due_at == end_of(office, in_days(1))
    secret.refresh_from_db()
    assert (secret.state, secret.holder_id) == (CopyState.TAKEN_OUT, reader.person_id)
    assert secret.timeline.last().action == "taken_out"


def test_an_approval_to_take_out_binds_its_person_and_terms__CARRY_APPROVE(office, secret):
    office.approve_all(take_out_request(secret, office.readers[0]))
    before = snapshot(secret.document)
    refused("CARRY-APPROVE", take_out, office=office, copy=secret, person=office.readers[1])
    refused(
        "CARRY-APPROVE",
        take_out,
        office=office,
        copy=secret,
        person=office.readers[0],
        destination="外地",
    )
    assert snapshot(secret.document) == before


def test_a_top_secret_copy_leaves_only_with_the_heads_approval__CARRY_APPROVE(office, top_secret):
    request = take_out_request(top_secret, office.director)
    assert [(s.approver_kind, s.approver) for s in request.steps.all()] == [
        ("organisation_head", office.head.person)
    ]
    refused("CARRY-APPROVE", take_out, office=office, copy=top_secret, person=office.director)
    office.approve_all(request)
    assert take_out(office, top_secret, office.director).approval == request


def test_an_unclassified_copy_is_taken_out_without_approval__CARRY_APPROVE(office):
    internal = office.copies(office.incoming(level=L.INTERNAL))[0]
    with pytest.raises(InvalidInput):
        take_out_request(internal, office.readers[0])
    assert take_out(office, internal, office.readers[0]).approval is None


def test_a_copy_away_from_its_custodian_is_not_taken_out__CARRY_APPROVE(office, secret):
    office.approve_all(take_out_request(secret, office.readers[0]))
    take_out(office, secret, office.readers[0])
    office.approve_all(take_out_request(secret, office.readers[1]))
    exc = refused("CARRY-APPROVE", take_out, office=office, copy=secret, person=office.readers[1])
    assert exc.conflict


def test_taking_a_copy_abroad_needs_the_head_of_the_organisation__CARRY_ABROAD(office, secret):
    reader = office.readers[0]
    office.approve_all(take_out_request(secret, reader))  # an ordinary approval does not do
    before = snapshot(secret.document)
    refused("CARRY-ABROAD", take_out, office=office, copy=secret, person=reader, abroad=True)
    assert snapshot(secret.document) == before

    request = take_out_request(secret, reader, abroad=True)
    assert request.rule_id == "CARRY-ABROAD"
    assert [s.approver for s in request.steps.all()] == [office.head.person]
    office.approve_all(request)
    custody = take_out(office, secret, reader, abroad=True)
    assert (custody.abroad, custody.approval) == (True, request)


# CIRC-MEETING-RETURN ------------------------------------------------------------------------


def test_a_copy_taken_to_a_meeting_is_due_back_that_working_day__CIRC_MEETING_RETURN(
    office, secret
):
    reader = office.readers[0]
    day = in_days(2)
    custody = use.to_meeting(
        actor=office.clerk,
        copy_id=secret.pk,
        person_id=reader.person_id,
        meeting="市保密工作会议",
        meeting_date=day,
    )
    assert (custody.kind, custody.holder, custody.destination) == (
        CustodyKind.MEETING,
        reader.person,
        "市保密工作会议",
    )
    secret.refresh_from_db()
    assert (secret.state, secret.holder_id) == (CopyState.AT_MEETING, reader.person_id)
    assert custody.due_at == secret.due_at == end_of(office, day)
    assert audit_events("carriers.taken_to_meeting")[-1]["data"]["rules"] == ["CIRC-MEETING-RETURN"]


def test_a_top_secret_copy_never_goes_out_as_a_meeting_paper__CARRY_APPROVE(office, top_secret):
    """A top-secret copy leaves only as a take-out the head of the organisation approved."""
    before = snapshot(top_secret.document)
    refused(
        "CARRY-APPROVE",
        use.to_meeting,
        actor=office.clerk,
        copy_id=top_secret.pk,
        person_id=office.director.person_id,
        meeting="上级机关会议",
        meeting_date=in_days(1),
    )
    assert snapshot(top_secret.document) == before


def test_a_meeting_copy_goes_only_to_someone_who_may_know_it__CIRC_MEETING_RETURN(office, secret):
    outsider = office.world.person(dept="tech", clearance=Clearance.CORE)
    before = snapshot(secret.document)
    refused(
        "CLS-MAC",
        use.to_meeting,
        actor=office.clerk,
        copy_id=secret.pk,
        person_id=outsider.pk,
        meeting="会议",
        meeting_date=TODAY(),
    )
    with pytest.raises(InvalidInput):
        use.to_meeting(
            actor=office.clerk,
            copy_id=secret.pk,
            person_id=office.readers[0].person_id,
            meeting="会议",
            meeting_date=in_days(-1),
        )
    assert snapshot(secret.document) == before


def test_a_copy_at_a_meeting_is_not_handed_on__CIRC_MEETING_RETURN(office, secret):
    use.to_meeting(
        actor=office.clerk,
        copy_id=secret.pk,
        person_id=office.readers[0].person_id,
        meeting="会议",
        meeting_date=TODAY(),
    )
    office.approve_all(take_out_request(secret, office.readers[1]))
    refused("CIRC-MEETING-RETURN", take_out, office=office, copy=secret, person=office.readers[1])


# CIPHER -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["photocopy", "reprint"])
def test_a_cipher_telegram_is_never_copied__CIPHER(office, cipher, method):
    refused(
        "CIPHER",
        use.request_reproduction,
        actor=office.clerk,
        copy_id=cipher.pk,
        count=1,
        method=method,
    )
    before = snapshot(cipher.document)
    refused("CIPHER", reproduce, office=office, copy=cipher, method=method)
    assert snapshot(cipher.document) == before


def test_a_cipher_telegram_is_excerpted_only_by_its_custodian__CIPHER(office, cipher):
    request = approved_reproduction(office, cipher, office.clerk, method="excerpt")
    before = snapshot(cipher.document)
    refused(
        "CIPHER",
        reproduce,
        office=office,
        copy=cipher,
        method="excerpt",
        made_by=office.director.person,
    )
    assert snapshot(cipher.document) == before
    entry = reproduce(office, cipher, method="excerpt", made_by=office.clerk.person)
    assert (entry.method, entry.approval) == ("excerpt", request)


def test_a_cipher_telegram_is_never_carried_out__CIPHER(office, cipher):
    reader = office.readers[0]
    refused("CIPHER", take_out_request, copy=cipher, actor=reader)
    before = snapshot(cipher.document)
    refused("CIPHER", take_out, office=office, copy=cipher, person=reader)
    refused(
        "CIPHER",
        use.to_meeting,
        actor=office.clerk,
        copy_id=cipher.pk,
        person_id=reader.person_id,
        meeting="会议",
        meeting_date=TODAY(),
    )
    assert snapshot(cipher.document) == before
    with_custodian(office, cipher)


def test_a_cipher_telegram_is_never_faxed__CIPHER(office, cipher):
    refused(
        "CIPHER",
        use.record_fax,
        actor=office.clerk,
        direction="sent",
        channel="secure_fax",
        level=L.SECRET,
        counterparty="市保密局",
        document_id=cipher.document_id,
    )
    assert not FaxEntry.objects.exists()


# FAX-NO-PUBLIC / FAX-REGISTER ---------------------------------------------------------------


def fax(office, **kw):
    kw.setdefault("direction", "sent")
    kw.setdefault("channel", "secure_fax")
    kw.setdefault("level", L.SECRET)
    return use.record_fax(actor=office.clerk, counterparty="市保密局", **kw)


@pytest.mark.parametrize("channel", ["public_fax", "telegram", "phone", "email", "internet"])
@pytest.mark.parametrize("direction", ["sent", "received"])
def test_classified_items_never_travel_over_public_channels__FAX_NO_PUBLIC(
    office, secret, channel, direction
):
    refused(
        "FAX-NO-PUBLIC",
        fax,
        office=office,
        channel=channel,
        direction=direction,
        document_id=secret.document_id,
        recipient_id=office.director.person_id if direction == "received" else None,
    )
    assert not FaxEntry.objects.exists()


def test_a_fax_carries_the_level_of_its_document__FAX_NO_PUBLIC(office, secret):
    refused(
        "FAX-NO-PUBLIC",
        fax,
        office=office,
        channel="public_fax",
        level=L.INTERNAL,
        document_id=secret.document_id,
    )
    assert not FaxEntry.objects.exists()
    entry = fax(office, level=L.INTERNAL, channel="public_fax")
    assert (entry.level, entry.channel) == (L.INTERNAL, "public_fax")


def test_every_fax_is_registered__FAX_REGISTER(office, secret):
    entry = fax(office, document_id=secret.document_id, pages=3)
    assert (entry.direction, entry.level, entry.document_id, entry.pages) == (
        "sent",
        L.SECRET,
        secret.document_id,
        3,
    )
    assert (entry.operator, entry.recorded_by) == (office.clerk.person, office.clerk)
    data = audit_events("carriers.fax_registered")[-1]["data"]
    assert (data["document"], data["level"], data["channel"]) == (
        secret.document_id,
        int(L.SECRET),
        "secure_fax",
    )


def test_a_classified_fax_names_its_registered_document__FAX_REGISTER(office):
    refused("FAX-REGISTER", fax, office=office, level=L.CONFIDENTIAL)
    assert not FaxEntry.objects.exists()


def test_a_received_classified_fax_goes_only_to_a_head_or_designee__FAX_REGISTER(office, secret):
    doc = secret.document_id
    reader = office.readers[1]
    for recipient in (None, reader.person_id):
        refused(
            "FAX-REGISTER",
            fax,
            office=office,
            direction="received",
            document_id=doc,
            recipient_id=recipient,
        )
    assert not FaxEntry.objects.exists()
    # The office director heads a department; the reader, once designated, may receive it.
    assert fax(
        office, direction="received", document_id=doc, recipient_id=office.director.person_id
    )
    appointment = org.appoint(
        actor=None,
        person_id=reader.person_id,
        role=StaffRole.DEPARTMENT_OFFICER,
        department_id=office.world.departments["tech"].pk,
    )
    entry = fax(office, direction="received", document_id=doc, recipient_id=reader.person_id)
    assert entry.recipient == reader.person
    org.end_appointment(actor=None, appointment_id=appointment.pk)
    refused(
        "FAX-REGISTER",
        fax,
        office=office,
        direction="received",
        document_id=doc,
        recipient_id=reader.person_id,
    )
    assert FaxEntry.objects.count() == 2


def test_a_received_classified_fax_goes_to_a_head_who_may_know_it__CLS_MAC(office, secret):
    """The tech head heads a department but is below the SECRET rank floor and not named."""
    refused(
        "CLS-MAC",
        fax,
        office=office,
        direction="received",
        document_id=secret.document_id,
        recipient_id=office.tech_head.person_id,
    )
    assert not FaxEntry.objects.exists()


def test_fax_input_is_checked__FAX_REGISTER(office):
    for bad in (
        {"direction": "lost"},
        {"channel": "pigeon"},
        {"pages": 0},
        {"level": L.INTERNAL, "recipient_id": office.director.person_id},  # a sent fax
    ):
        with pytest.raises(InvalidInput):
            fax(office, **{"level": L.INTERNAL, **bad})
    with pytest.raises(InvalidInput):
        use.record_fax(
            actor=office.clerk, direction="sent", channel="public_fax", level=0, counterparty=" "
        )
    refused("CLS-MARK", fax, office=office, level=9)


def test_a_fax_naming_a_document_the_clerk_may_not_know_is_not_found__FAX_REGISTER(office):
    hidden = Document.objects.get(pk=office.copies(office.incoming())[0].document_id)
    hidden.scope_people.remove(office.clerk.person)
    with pytest.raises(NotFound):
        fax(office, document_id=hidden.pk)
    assert not FaxEntry.objects.exists()


def test_loan_and_take_out_input_is_checked(office, secret):
    with pytest.raises(InvalidInput):  # the custodian does not borrow their own copy
        loan_request(office, secret, office.clerk, actor=office.clerk)
    with pytest.raises(InvalidInput):
        loan_request(office, secret, office.readers[0], purpose=" ")
    with pytest.raises(InvalidInput):
        take_out_request(secret, office.readers[0], destination="")
    with pytest.raises(InvalidInput):
        take_out_request(secret, office.readers[0], due=in_days(-1))
    with pytest.raises(InvalidInput):
        use.to_meeting(
            actor=office.clerk,
            copy_id=secret.pk,
            person_id=office.readers[0].person_id,
            meeting="",
            meeting_date=TODAY(),
        )
    with_custodian(office, secret)


# Returns --------------------------------------------------------------------------------------


def test_a_returned_loan_closes_its_register_line__LOAN_DUE(office, secret):
    borrower = office.readers[0]
    office.approve_all(loan_request(office, secret, borrower))
    custody = lend(office, secret, borrower)
    with pytest.raises(RuleViolation):  # the borrower does not confirm their own return
        circulation.return_copy(actor=borrower, copy_id=secret.pk)
    assert give_back(office, secret).pk == custody.pk
    custody.refresh_from_db()
    assert (custody.returned_at is not None, custody.return_confirmed_by) == (True, office.clerk)
    with_custodian(office, secret)
    assert secret.due_at is None


def test_an_overdue_loan_is_flagged__LOAN_DUE(office, secret):
    office.approve_all(loan_request(office, secret, office.readers[0], due=in_days(3)))
    custody = lend(office, secret, office.readers[0], due=in_days(3))
    before_due = custody.due_at - datetime.timedelta(minutes=1)
    after_due = custody.due_at + datetime.timedelta(minutes=1)
    assert secret not in copy_queries.overdue(office.clerk, at=before_due)
    assert list(copy_queries.overdue(office.clerk, at=after_due)) == [secret]
    with mock.patch("django.utils.timezone.now", return_value=after_due):
        give_back(office, secret)
    assert audit_events("carriers.copy_returned")[-1]["data"]["late"] is True
    assert not copy_queries.overdue(office.clerk, at=after_due).exists()


def test_a_copy_taken_out_comes_back_to_its_custodian__CARRY_APPROVE(office, secret):
    office.approve_all(take_out_request(secret, office.readers[0]))
    custody = take_out(office, secret, office.readers[0])
    assert give_back(office, secret).pk == custody.pk
    with_custodian(office, secret)
    assert audit_events("carriers.copy_returned")[-1]["data"]["kind"] == CustodyKind.TAKE_OUT


def test_a_copy_back_from_a_meeting_is_handed_to_the_custodian__CIRC_MEETING_RETURN(office, secret):
    custody = use.to_meeting(
        actor=office.clerk,
        copy_id=secret.pk,
        person_id=office.readers[0].person_id,
        meeting="会议",
        meeting_date=TODAY(),
    )
    late = custody.due_at + datetime.timedelta(hours=1)
    assert list(copy_queries.overdue(office.clerk, at=late)) == [secret]
    with mock.patch("django.utils.timezone.now", return_value=late):
        give_back(office, secret)
    data = audit_events("carriers.copy_returned")[-1]["data"]
    assert (data["kind"], data["custody"], data["late"]) == (
        CustodyKind.MEETING,
        custody.pk,
        True,
    )
    with_custodian(office, secret)
    # Back with the custodian, it may go out again.
    use.to_meeting(
        actor=office.clerk,
        copy_id=secret.pk,
        person_id=office.readers[1].person_id,
        meeting="会议",
        meeting_date=TODAY(),
    )


# PPL-PROBATION ------------------------------------------------------------------------------


def on_probation(account):
    Person.objects.filter(pk=account.person_id).update(on_probation=True)
    account.person.refresh_from_db()


def end_probation(office, account):
    org.end_probation(actor=office.officer, person_id=account.person_id, on=TODAY())
    account.person.refresh_from_db()


def to_meeting(office, copy, account):
    return use.to_meeting(
        actor=office.clerk,
        copy_id=copy.pk,
        person_id=account.person_id,
        meeting="市保密工作会议",
        meeting_date=in_days(1),
    )


def test_a_probationary_person_may_not_ask_to_borrow__PPL_PROBATION(office, secret):
    reader = office.readers[0]
    on_probation(reader)
    exc = refused("PPL-PROBATION", loan_request, office=office, copy=secret, borrower=reader)
    assert reader.person.name in str(exc)
    end_probation(office, reader)
    assert loan_request(office, secret, reader).rule_id == "LOAN-APPROVE"


def test_a_probationary_person_is_not_lent_a_classified_copy__PPL_PROBATION(office, secret):
    reader = office.readers[0]
    office.approve_all(loan_request(office, secret, reader))
    on_probation(reader)
    before = snapshot(secret.document)
    refused("PPL-PROBATION", lend, office=office, copy=secret, borrower=reader)
    assert snapshot(secret.document) == before
    end_probation(office, reader)
    assert lend(office, secret, reader).holder_id == reader.person_id


def test_a_probationary_person_may_borrow_an_unclassified_copy__PPL_PROBATION(office):
    internal = office.copies(office.incoming(level=L.INTERNAL))[0]
    on_probation(office.readers[0])
    assert lend(office, internal, office.readers[0]).approval is None


def test_a_probationary_person_may_not_ask_to_take_a_copy_out__PPL_PROBATION(office, secret):
    reader = office.readers[0]
    on_probation(reader)
    refused("PPL-PROBATION", take_out_request, copy=secret, actor=reader)
    end_probation(office, reader)
    assert take_out_request(secret, reader).rule_id == "CARRY-APPROVE"


def test_a_probationary_person_does_not_take_a_classified_copy_out__PPL_PROBATION(office, secret):
    reader = office.readers[0]
    office.approve_all(take_out_request(secret, reader))
    on_probation(reader)
    before = snapshot(secret.document)
    refused("PPL-PROBATION", take_out, office=office, copy=secret, person=reader)
    assert snapshot(secret.document) == before
    end_probation(office, reader)
    assert take_out(office, secret, reader).holder_id == reader.person_id


def test_a_probationary_person_carries_no_classified_copy_to_a_meeting__PPL_PROBATION(
    office, secret
):
    reader = office.readers[0]
    on_probation(reader)
    before = snapshot(secret.document)
    refused("PPL-PROBATION", to_meeting, office=office, copy=secret, account=reader)
    assert snapshot(secret.document) == before
    end_probation(office, reader)
    assert to_meeting(office, secret, reader).kind == CustodyKind.MEETING
