"""/api/v1/audit: the auditor reads the log, checks the chain and signs checkpoints; every
other role is refused."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.audit import signing
from baomi.audit.models import AuditEvent
from baomi.core.levels import Clearance
from tests.audit.tamper import signing_key, sql, tampering  # noqa: F401 - autouse fixture

OTHERS = (Role.SYSADMIN, Role.SECURITY_OFFICER, Role.CLERK, Role.LEADER, Role.STAFF)


@pytest.fixture
def auditor(world):
    return world.account(Role.AUDITOR)


class TestEvents:
    def test_lists_events_newest_first_page_by_page(self, world, auditor, api):
        client = api(auditor)  # its token is made once: an audited operation
        r = client.get("/audit/events", limit=2)
        assert r.status_code == 200
        body = r.json()
        assert body["next_offset"] == 2
        seqs = [e["seq"] for e in body["items"]]
        assert len(seqs) == 2 and seqs[0] > seqs[1]
        assert body["items"][0]["hash"] and body["items"][0]["action_label"]
        everything = client.get("/audit/events", limit=1000).json()
        total = len(everything["items"])
        assert everything["next_offset"] is None and total == AuditEvent.objects.count()
        last = client.get("/audit/events", limit=2, offset=total - 1).json()
        assert last["next_offset"] is None and [e["seq"] for e in last["items"]] == [1]
        assert client.get("/audit/events", limit=total).json()["next_offset"] is None
        assert client.get("/audit/events", limit=total - 1).json()["next_offset"] == total - 1

    def test_filters_refusals_by_person_and_action(self, world, auditor, api):
        """A refused attempt made through the API is in the log (outcome denied)."""
        staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
        api(staff).put(f"/org/people/{staff.person_id}/clearance", {"clearance": 4})
        client = api(auditor)
        refused = client.get(
            "/audit/events",
            person_id=staff.person_id,
            outcome="denied",
            action="operation.refused",
        ).json()
        assert len(refused["items"]) == 1 and refused["next_offset"] is None
        assert refused["items"][0]["data"]["operation"] == "set_clearance"
        assert (
            client.get("/audit/events", person_id=staff.person_id, outcome="ok").json()["items"]
            == []
        )

    def test_filters_by_subject(self, world, auditor, api):
        person = world.person()
        found = (
            api(auditor)
            .get("/audit/events", subject_type="org.person", subject_id=str(person.pk))
            .json()
        )
        assert {e["action"] for e in found["items"]} == {"org.person_created"}

    def test_half_a_subject_is_422(self, auditor, api):
        r = api(auditor).get("/audit/events", subject_type="org.person")
        assert r.status_code == 422

    def test_unknown_outcome_is_422(self, auditor, api):
        assert api(auditor).get("/audit/events", outcome="maybe").status_code == 422

    def test_others_refused(self, world, api):
        for role in OTHERS:
            r = api(world.account(role)).get("/audit/events")
            assert r.status_code == 403 and r.json()["rule"] is None, role


class TestChain:
    def test_status_and_checkpoint(self, world, auditor, api):
        client = api(auditor)
        status = client.get("/audit/status").json()
        assert status["ok"] is True and status["last_checkpoint"] is None
        assert status["head_seq"] == AuditEvent.objects.order_by("-seq").first().seq

        made = client.post("/audit/checkpoints")
        assert made.status_code == 201
        checkpoint = made.json()
        assert checkpoint["seq"] == status["head_seq"]
        assert signing.signature_valid(checkpoint)
        assert client.get("/audit/status").json()["last_checkpoint"] == checkpoint

    def test_status_names_the_first_broken_event(self, world, auditor, api):
        seq = AuditEvent.objects.order_by("seq").first().seq
        with tampering():
            sql("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", ["0" * 64, seq])
        status = api(auditor).get("/audit/status").json()
        assert status["ok"] is False and status["broken_seq"] == seq and status["reason"]

    def test_others_refused(self, world, api):
        for role in OTHERS:
            client = api(world.account(role))
            assert client.get("/audit/status").status_code == 403, role
            assert client.post("/audit/checkpoints").status_code == 403, role


class TestExport:
    def test_exports_a_period_as_a_workbook_or_a_verifiable_chain(self, world, auditor, api):
        import io
        import zipfile

        from django.utils import timezone

        from baomi.audit import chain

        today = timezone.localdate().isoformat()
        client = api(auditor)
        r = client.get("/audit/export", date_from=today, date_to=today, format="xlsx")
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
        r = client.get("/audit/export", date_from=today, date_to=today, format="chain")
        assert r.status_code == 200
        lines = zipfile.ZipFile(io.BytesIO(r.content)).read("events.jsonl").decode().splitlines()
        assert chain.verify_export(lines).ok

    def test_a_reversed_period_or_unknown_format_is_refused(self, world, auditor, api):
        client = api(auditor)
        r = client.get("/audit/export", date_from="2026-12-02", date_to="2026-12-01")
        assert r.status_code in (400, 422) and "until" in r.content.decode()
        r = client.get("/audit/export", date_from="2026-12-01", date_to="2026-12-02", format="x")
        assert r.status_code == 422

    @pytest.mark.parametrize("role", OTHERS)
    def test_only_the_auditor_exports(self, world, api, role):
        r = api(world.account(role)).get(
            "/audit/export", date_from="2026-12-01", date_to="2026-12-02"
        )
        assert r.status_code == 403
