"""/api/v1/documents: registering, listing, reading and widening the scope, under CLS-MAC."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.audit.models import AuditEvent
from baomi.audit.recorder import seal
from baomi.carriers import operations
from baomi.carriers.models import Document
from baomi.core.levels import Clearance, Level
from baomi.org.models import Person


@dataclass
class Office:
    clerk: Account
    officer: Account
    issuer: Account
    outsider: Person
    visible: Document
    secret: Document
    top_secret: Document
    invisible: Document


@pytest.fixture
def office(world) -> Office:
    """A clerk and the security officer who know three documents, and one top-secret
    document (registered by another clerk) that neither may know."""
    clerk = world.account(Role.CLERK, clearance=Clearance.CORE)
    officer = world.account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    issuer = world.account(Role.LEADER, clearance=Clearance.CORE, rank="manager")
    named = [officer.person_id]
    visible = operations.register_document(
        actor=clerk,
        number="示发〔2026〕1号",
        title="年度计划",
        level=Level.CONFIDENTIAL,
        term_years=5,
        named_people_ids=named,
    )
    secret = operations.register_document(
        actor=clerk,
        number="示发〔2026〕2号",
        title="薪酬方案",
        level=Level.SECRET,
        term_years=10,
        named_people_ids=named,
    )
    top_secret = operations.register_document(
        actor=clerk,
        number="示发〔2026〕3号",
        title="经营目标",
        level=Level.TOP_SECRET,
        term_years=20,
        named_people_ids=named,
        issued_by_id=issuer.person_id,
    )
    other_clerk = world.account(Role.CLERK, clearance=Clearance.CORE)
    invisible = operations.register_document(
        actor=other_clerk,
        number="示发〔2026〕99号",
        title="绝密的并购计划",
        level=Level.TOP_SECRET,
        term_years=30,
    )
    outsider = world.person(clearance=Clearance.CORE)
    return Office(clerk, officer, issuer, outsider, visible, secret, top_secret, invisible)


class TestRegister:
    def test_registers_with_level_term_and_default_scope__CLS_MARK(self, world, api):
        """Answers 201 with the document, its scope the rank floor of its level plus the
        registering person (CLS-SCOPE-RANK)."""
        clerk = world.account(Role.CLERK, clearance=Clearance.IMPORTANT)
        r = api(clerk).post(
            "/documents",
            {
                "number": "收〔2026〕5号",
                "title": "通知",
                "level": Level.SECRET,
                "term_years": 10,
                "issuer": "市保密局",
            },
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["level"] == Level.SECRET and body["term_years"] == 10
        assert body["issuer"] == "市保密局"
        assert body["scope"] == {
            "whole_organisation": False,
            "rank_floor": "director",
            "department_ids": [],
            "person_ids": [clerk.person_id],
        }
        assert Document.objects.filter(pk=body["id"], title="通知").exists()

    def test_departments_narrow_an_internal_document__CLS_MARK(self, world, api):
        """``department_ids`` on an INTERNAL document are its scope: no longer the whole
        organisation; on a PUBLIC document they contradict it: 422 naming the field."""
        clerk = world.account(Role.CLERK, clearance=Clearance.GENERAL)
        tech = world.departments["tech"].pk
        body = {"number": "内1", "title": "内部通知", "level": Level.INTERNAL}
        r = api(clerk).post("/documents", {**body, "department_ids": [tech]})
        assert r.status_code == 201, r.content
        assert r.json()["scope"] == {
            "whole_organisation": False,
            "rank_floor": None,
            "department_ids": [tech],
            "person_ids": [clerk.person_id],
        }
        r = api(clerk).post("/documents", {**body, "number": "内2"})
        assert r.json()["scope"]["whole_organisation"] is True
        r = api(clerk).post(
            "/documents", {**body, "number": "公1", "level": Level.PUBLIC, "department_ids": [tech]}
        )
        assert r.status_code == 422 and r.json()["field"] == "department_ids"
        assert r.json()["message"] and Document.objects.count() == 2

    def test_without_term_refused__CLS_MARK(self, world, api):
        """A classified document without a protection term is refused, naming CLS-MARK."""
        clerk = world.account(Role.CLERK, clearance=Clearance.IMPORTANT)
        r = api(clerk).post("/documents", {"number": "1", "title": "t", "level": Level.SECRET})
        assert r.status_code == 403
        assert r.json()["rule"] == "CLS-MARK" and r.json()["message"]
        assert not Document.objects.exists()

    def test_without_level_refused__CLS_MARK(self, world, api):
        clerk = world.account(Role.CLERK, clearance=Clearance.IMPORTANT)
        r = api(clerk).post("/documents", {"number": "1", "title": "t", "term_years": 5})
        assert r.status_code == 403 and r.json()["rule"] == "CLS-MARK"

    def test_above_own_clearance_refused__CLS_MAC(self, world, api):
        clerk = world.account(Role.CLERK, clearance=Clearance.GENERAL)
        r = api(clerk).post(
            "/documents", {"number": "1", "title": "t", "level": Level.SECRET, "term_years": 5}
        )
        assert r.status_code == 403 and r.json()["rule"] == "CLS-MAC"

    def test_staff_may_not_register(self, world, api):
        """A role without REGISTER_ITEMS is refused with rule null."""
        staff = world.account(Role.STAFF, clearance=Clearance.CORE)
        r = api(staff).post("/documents", {"number": "1", "title": "t", "level": Level.INTERNAL})
        assert r.status_code == 403
        assert r.json() == {"rule": None, "message": r.json()["message"]}

    def test_blank_title_is_invalid_input(self, world, api):
        clerk = world.account(Role.CLERK, clearance=Clearance.GENERAL)
        r = api(clerk).post("/documents", {"number": "1", "title": " ", "level": Level.INTERNAL})
        assert r.status_code == 422 and r.json()["field"] == "title"

    def test_an_over_long_title_or_an_impossible_id_is_invalid_input(self, world, api):
        """Refused before the database sees it (PostgreSQL would refuse a value too long for
        its column with an error, not an answer)."""
        clerk = world.account(Role.CLERK, clearance=Clearance.GENERAL)
        body = {"number": "1", "title": "长" * 301, "level": Level.INTERNAL}
        assert api(clerk).post("/documents", body).status_code == 422
        body = {"number": "1", "title": "t", "level": Level.INTERNAL, "issued_by_id": 2**64}
        assert api(clerk).post("/documents", body).status_code == 422
        assert not Document.objects.exists()


class TestList:
    def test_pages_without_counting(self, office, api):
        """``items`` one page, newest first; ``next_offset`` the next page's offset, null on
        the last (no total: it would check CLS-MAC on every document)."""
        client = api(office.clerk)
        first = client.get("/documents", limit=2).json()
        assert first["next_offset"] == 2
        assert [d["id"] for d in first["items"]] == [office.top_secret.pk, office.secret.pk]
        rest = client.get("/documents", limit=2, offset=2).json()
        assert rest["next_offset"] is None
        assert [d["id"] for d in rest["items"]] == [office.visible.pk]
        # A page that ends exactly on the last document has no next one.
        assert client.get("/documents", limit=3).json()["next_offset"] is None
        assert client.get("/documents", limit=1, offset=3).json() == {
            "next_offset": None,
            "items": [],
        }

    def test_search_and_level_filter(self, office, api):
        client = api(office.clerk)
        by_title = client.get("/documents", search="薪酬").json()
        assert [d["id"] for d in by_title["items"]] == [office.secret.pk]
        by_level = client.get("/documents", level=Level.CONFIDENTIAL).json()
        assert [d["id"] for d in by_level["items"]] == [office.visible.pk]

    def test_never_includes_invisible_items__CLS_MAC(self, office, api):
        """Neither the list, its paging nor a search by the exact title reveals a document
        the caller may not know."""
        client = api(office.clerk)
        everything = client.get("/documents", limit=500).json()
        assert office.invisible.pk not in [d["id"] for d in everything["items"]]
        assert len(everything["items"]) == 3
        # Two a page: the third page would hold the invisible one; there is none.
        assert client.get("/documents", limit=1, offset=2).json()["next_offset"] is None
        assert client.get("/documents", search=office.invisible.title).json() == {
            "next_offset": None,
            "items": [],
        }
        top = client.get("/documents", level=Level.TOP_SECRET).json()["items"]
        assert [d["id"] for d in top] == [office.top_secret.pk]

    def test_sysadmin_and_auditor_know_no_documents__CLS_MAC(self, office, world, api):
        """The system administrator and the auditor get an empty list (三员分立)."""
        for role in (Role.SYSADMIN, Role.AUDITOR):
            account = world.account(role, clearance=Clearance.CORE, rank="board")
            assert api(account).get("/documents").json() == {"next_offset": None, "items": []}

    def test_invalid_paging_is_422(self, office, api):
        r = api(office.clerk).get("/documents", limit=0)
        assert r.status_code == 422 and r.json()["detail"]


class TestRead:
    def test_reads_document_and_records_the_read(self, office, api):
        r = api(office.clerk).get(f"/documents/{office.secret.pk}")
        assert r.status_code == 200
        body = r.json()
        assert body["title"] == "薪酬方案" and body["level_label"]
        assert body["scope"]["person_ids"] == sorted(
            [office.clerk.person_id, office.officer.person_id]
        )
        seal()  # the read is staged, then chained (baomi.audit.recorder)
        assert AuditEvent.objects.filter(
            action="carriers.document_viewed",
            subject_id=str(office.secret.pk),
            actor_id=office.clerk.pk,
        ).exists()

    def test_the_detail_reads_back_what_registration_answered(self, world, api):
        """The detail (its row and scope read by compiled queries) equals the document as
        registration answers it from the model, for each kind of scope."""
        clerk = api(world.account(Role.CLERK, clearance=Clearance.CORE, rank="board"))
        tech, lab = world.departments["tech"].pk, world.departments["lab"].pk
        named = world.person(clearance=Clearance.CORE).pk
        for n, extra in enumerate(
            [
                {"level": Level.SECRET, "term_years": 10, "named_people_ids": [named]},
                {"level": Level.INTERNAL, "department_ids": [lab, tech]},
                {"level": Level.INTERNAL},
                {"level": Level.PUBLIC},
            ]
        ):
            made = clerk.post("/documents", {"number": f"读{n}", "title": "通知", **extra})
            assert made.status_code == 201, made.content
            read = clerk.get(f"/documents/{made.json()['id']}")
            assert read.status_code == 200 and read.json() == made.json(), extra

    def test_missing_and_invisible_answer_alike__CLS_MAC(self, office, api):
        """An invisible document is 404 with exactly the body of a missing one."""
        client = api(office.clerk)
        missing = client.get(f"/documents/{office.invisible.pk + 1000}")
        invisible = client.get(f"/documents/{office.invisible.pk}")
        assert missing.status_code == invisible.status_code == 404
        assert missing.content == invisible.content
        assert missing.json() == {"message": missing.json()["message"]}

    def test_sysadmin_reads_nothing__CLS_MAC(self, office, world, api):
        admin = world.account(Role.SYSADMIN, clearance=Clearance.CORE, rank="board")
        client = api(admin)
        known = client.get(f"/documents/{office.visible.pk}")
        missing = client.get(f"/documents/{office.invisible.pk + 1000}")
        assert known.status_code == 404 and known.content == missing.content


class TestScope:
    def test_widening_top_secret_without_approval_refused__CLS_NO_WIDEN(self, office, api):
        r = api(office.officer).post(
            f"/documents/{office.top_secret.pk}/scope", {"person_id": office.outsider.pk}
        )
        assert r.status_code == 403 and r.json()["rule"] == "CLS-NO-WIDEN"

    def test_widening_to_someone_who_knows_is_conflict__CLS_NO_WIDEN(self, office, api):
        r = api(office.officer).post(
            f"/documents/{office.secret.pk}/scope", {"person_id": office.clerk.person_id}
        )
        assert r.status_code == 409 and r.json()["rule"] == "CLS-NO-WIDEN"

    def test_widening_below_approval_level_needs_none(self, office, api):
        """Below CLS-NO-WIDEN.min_level the widening is done at once, audited."""
        r = api(office.officer).post(
            f"/documents/{office.secret.pk}/scope", {"person_id": office.outsider.pk}
        )
        assert r.status_code == 200
        assert office.outsider.pk in r.json()["scope"]["person_ids"]

    def test_widening_uncleared_person_refused__CLS_MAC(self, office, world, api):
        uncleared = world.person()
        r = api(office.officer).post(
            f"/documents/{office.secret.pk}/scope", {"person_id": uncleared.pk}
        )
        assert r.status_code == 403 and r.json()["rule"] == "CLS-MAC"

    def test_widening_invisible_document_is_not_found__CLS_MAC(self, office, api):
        client = api(office.officer)
        invisible = client.post(
            f"/documents/{office.invisible.pk}/scope", {"person_id": office.outsider.pk}
        )
        missing = client.post(
            f"/documents/{office.invisible.pk + 1000}/scope", {"person_id": office.outsider.pk}
        )
        assert invisible.status_code == 404 and invisible.content == missing.content

    def test_clerk_may_not_widen(self, office, api):
        r = api(office.clerk).post(
            f"/documents/{office.secret.pk}/scope", {"person_id": office.outsider.pk}
        )
        assert r.status_code == 403 and r.json()["rule"] is None

    def test_request_approve_and_widen__CLS_NO_WIDEN(self, office, api):
        """The officer asks, the issuer approves from their inbox, the officer widens: the
        approval is used up, so a second widening needs a new one."""
        officer, issuer = api(office.officer), api(office.issuer)
        asked = officer.post(
            f"/documents/{office.top_secret.pk}/scope-requests",
            {"person_id": office.outsider.pk, "reason": "参与项目"},
        )
        assert asked.status_code == 201, asked.content
        request = asked.json()
        assert request["rule_id"] == "CLS-NO-WIDEN" and request["state"] == "pending"
        assert [s["approver_id"] for s in request["steps"]] == [office.issuer.person_id]
        assert [r["id"] for r in issuer.get("/approvals/awaiting").json()] == [request["id"]]

        decided = issuer.post(f"/approvals/{request['id']}/decision", {"approve": True})
        assert decided.status_code == 200 and decided.json()["state"] == "granted"

        widened = officer.post(
            f"/documents/{office.top_secret.pk}/scope", {"person_id": office.outsider.pk}
        )
        assert widened.status_code == 200
        assert office.outsider.pk in widened.json()["scope"]["person_ids"]
        assert officer.get("/approvals/mine").json()[0]["state"] == "consumed"

    def test_request_for_invisible_document_is_not_found(self, office, api):
        r = api(office.officer).post(
            f"/documents/{office.invisible.pk}/scope-requests", {"person_id": office.outsider.pk}
        )
        assert r.status_code == 404
