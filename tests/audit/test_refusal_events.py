"""A refusal is one audit event whatever the interface: a page refused by its role guard, a
route refused on a read, an operation refused by a rule; and the event carries its subject, so
that an item's history lists the refusals about it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.audit import queries as audit_queries
from baomi.audit.models import AuditEvent
from baomi.carriers import operations as carriers
from baomi.core.errors import AccessDenied
from baomi.core.levels import Clearance, Level
from tests.api.conftest import ApiClient
from tests.factories import audit_events
from tests.web.conftest import signed_in

REFUSED = "operation.refused"


def refusals() -> int:
    return AuditEvent.objects.filter(action=REFUSED).count()


@pytest.fixture
def auditor(world):
    return world.account(Role.AUDITOR, username="aud")


def test_a_page_refused_by_role_writes_one_event(auditor):
    """The reported gap: an auditor's POST to the register form answered 403, +0 events."""
    before = refusals()
    r = signed_in(auditor).post(reverse("document_register"), {"title": "x"})
    assert r.status_code == 403
    assert refusals() == before + 1
    [event] = audit_events(REFUSED)[-1:]
    assert event["actor"] == "aud" and event["outcome"] == "denied"
    assert event["data"]["operation"] == "web.document_register"
    assert event["data"]["refusal"] == "AccessDenied"


def test_a_refused_decision_page_names_the_request_as_subject(auditor):
    r = signed_in(auditor).post(reverse("approval_decide", args=[7]), {"approve": "1"})
    assert r.status_code == 403
    [event] = audit_events(REFUSED)[-1:]
    assert (event["subject_type"], event["subject_id"]) == ("approvals.approvalrequest", "7")


def test_the_same_refusal_through_the_api_is_one_event_too(auditor):
    before = refusals()
    r = ApiClient(auditor).post(
        "/documents", {"number": "1", "title": "t", "level": int(Level.INTERNAL)}
    )
    assert r.status_code == 403
    assert refusals() == before + 1


def test_a_refused_read_through_the_api_is_one_event(world):
    staff = world.account(Role.STAFF)
    before = refusals()
    assert ApiClient(staff).get("/audit/events").status_code == 403
    assert refusals() == before + 1


def test_an_operation_refused_by_a_rule_is_recorded_once_on_the_page(world):
    """The operation records its refusal; the page does not add a second event."""
    clerk = world.account(Role.CLERK, clearance=Clearance.CORE, dept="office")
    before = refusals()
    url = reverse("document_register")
    signed_in(clerk).post(
        url,
        {"number": "N1", "title": "超期", "level": int(Level.CONFIDENTIAL), "term_years": 11},
        HTTP_REFERER=f"http://testserver{url}",
    )
    assert refusals() == before + 1
    assert audit_events(REFUSED)[-1]["data"]["rule"] == "CLS-TERM"


def test_an_items_history_lists_the_refusals_about_it(world):
    """A refused widening of a document's scope is an event about that document (not about
    the person it named): the audit log filtered by the document lists it."""
    clerk = world.account(Role.CLERK, clearance=Clearance.CORE, dept="office")
    doc = carriers.register_document(
        actor=clerk, number="机1", title="方案", level=Level.SECRET, term_years=10
    )
    reader = world.person(clearance=Clearance.CORE)
    with pytest.raises(AccessDenied):
        carriers.widen_scope(actor=clerk, document_id=doc.pk, person_id=reader.pk)
    event = audit_events(REFUSED)[-1]
    assert (event["subject_type"], event["subject_id"]) == ("carriers.document", str(doc.pk))
    auditor = world.account(Role.AUDITOR)
    about = audit_queries.events(auditor, subject=("carriers.document", str(doc.pk)))
    assert REFUSED in {e.action for e in about}
