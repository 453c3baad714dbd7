"""/api/v1/org: the org chart, clearances (PPL-CLASS) and security staff (PPL-SECURITY-STAFF)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org.models import Person, StaffRole
from tests.factories import World, audit_events, csv_bytes, xlsx_bytes


class TestDepartments:
    def test_lists_own_organisation_in_tree_order(self, world, api):
        other = World.build()
        r = api(world.account(Role.STAFF)).get("/org/departments")
        assert r.status_code == 200
        ids = [d["id"] for d in r.json()]
        by_path = sorted(world.departments.values(), key=lambda d: d.path)
        assert ids == [d.pk for d in by_path]
        assert not set(ids) & {d.pk for d in other.departments.values()}
        rows = {d["id"]: d for d in r.json()}
        assert rows[world.departments["lab"].pk]["parent_id"] == world.departments["tech"].pk
        assert rows[world.departments["office"].pk]["is_general_office"] is True


class TestPeople:
    def test_everyone_sees_the_chart_without_clearances__PPL_CLASS(self, world, api):
        """Staff, the system administrator and the auditor see names, departments and
        ranks, and clearance null."""
        cleared = world.person(clearance=Clearance.CORE, rank="director", name="王主任")
        for role in (Role.STAFF, Role.SYSADMIN, Role.AUDITOR):
            people = api(world.account(role)).get("/org/people").json()
            row = next(p for p in people if p["id"] == cleared.pk)
            assert row["name"] == "王主任" and row["rank"] == "director"
            assert row["department_id"] == world.departments["tech"].pk
            assert row["clearance"] is None and row["clearance_label"] is None

    def test_security_officer_sees_clearances__PPL_CLASS(self, world, api):
        cleared = world.person(clearance=Clearance.IMPORTANT)
        people = api(world.account(Role.SECURITY_OFFICER)).get("/org/people").json()
        row = next(p for p in people if p["id"] == cleared.pk)
        assert row["clearance"] == Clearance.IMPORTANT and row["clearance_label"]

    def test_filters_by_department_and_never_lists_another_organisation(self, world, api):
        in_lab = world.person(dept="lab")
        stranger = World.build().person()
        client = api(world.account(Role.STAFF, dept="office"))
        lab = client.get("/org/people", department_id=world.departments["lab"].pk).json()
        assert [p["id"] for p in lab] == [in_lab.pk]
        everyone = [p["id"] for p in client.get("/org/people").json()]
        assert in_lab.pk in everyone and stranger.pk not in everyone


class TestClearance:
    def test_security_officer_sets_clearance__PPL_CLASS(self, world, api):
        person = world.vet(world.person())  # PPL-VET: vetted and signed first
        r = api(world.account(Role.SECURITY_OFFICER)).put(
            f"/org/people/{person.pk}/clearance", {"clearance": Clearance.IMPORTANT}
        )
        assert r.status_code == 200 and r.json()["clearance"] == Clearance.IMPORTANT
        assert Person.objects.get(pk=person.pk).clearance == Clearance.IMPORTANT

    def test_others_refused__PPL_CLASS(self, world, api):
        person = world.person()
        for role in (Role.SYSADMIN, Role.LEADER, Role.AUDITOR):
            r = api(world.account(role)).put(
                f"/org/people/{person.pk}/clearance", {"clearance": Clearance.CORE}
            )
            assert r.status_code == 403 and r.json()["rule"] is None
        assert Person.objects.get(pk=person.pk).clearance == Clearance.NONE

    def test_unknown_class_is_invalid_input(self, world, api):
        person = world.person()
        r = api(world.account(Role.SECURITY_OFFICER)).put(
            f"/org/people/{person.pk}/clearance", {"clearance": 9}
        )
        assert r.status_code == 422 and r.json()["field"] == "clearance"

    def test_person_of_another_organisation_is_not_found(self, world, api):
        stranger = World.build().person()
        client = api(world.account(Role.SECURITY_OFFICER))
        foreign = client.put(f"/org/people/{stranger.pk}/clearance", {"clearance": 2})
        missing = client.put(f"/org/people/{stranger.pk + 1000}/clearance", {"clearance": 2})
        assert foreign.status_code == 404 and foreign.content == missing.content


class TestAppointments:
    def test_appoint_list_and_end__PPL_SECURITY_STAFF(self, world, api):
        person = world.person()
        officer = api(world.account(Role.SECURITY_OFFICER))
        r = officer.post(
            "/org/appointments",
            {
                "person_id": person.pk,
                "role": StaffRole.DEPARTMENT_OFFICER,
                "department_id": world.departments["tech"].pk,
            },
        )
        assert r.status_code == 201, r.content
        appointment = r.json()
        assert appointment["person"] == person.name and appointment["until"] is None

        staff = api(world.account(Role.STAFF))
        assert [a["id"] for a in staff.get("/org/appointments").json()] == [appointment["id"]]

        ended = officer.post(f"/org/appointments/{appointment['id']}/end")
        assert ended.status_code == 200 and ended.json()["until"] is not None
        assert staff.get("/org/appointments", current="true").json() == []
        assert len(staff.get("/org/appointments").json()) == 1

    def test_ending_twice_is_conflict(self, world, api):
        person = world.person()
        officer = api(world.account(Role.SECURITY_OFFICER))
        created = officer.post(
            "/org/appointments", {"person_id": person.pk, "role": StaffRole.OFFICE_MEMBER}
        ).json()
        officer.post(f"/org/appointments/{created['id']}/end")
        again = officer.post(f"/org/appointments/{created['id']}/end")
        assert again.status_code == 409 and again.json()["rule"] is None

    def test_department_officer_needs_department(self, world, api):
        person = world.person()
        r = api(world.account(Role.SECURITY_OFFICER)).post(
            "/org/appointments", {"person_id": person.pk, "role": StaffRole.DEPARTMENT_OFFICER}
        )
        assert r.status_code == 422 and r.json()["field"] == "department_id"

    def test_only_security_officer_appoints(self, world, api):
        person = world.person()
        r = api(world.account(Role.SYSADMIN)).post(
            "/org/appointments", {"person_id": person.pk, "role": StaffRole.OFFICE_MEMBER}
        )
        assert r.status_code == 403 and r.json()["rule"] is None

    def test_unknown_role_is_422(self, world, api):
        person = world.person()
        r = api(world.account(Role.SECURITY_OFFICER)).post(
            "/org/appointments", {"person_id": person.pk, "role": "king"}
        )
        assert r.status_code == 422


class TestChartMaintenance:
    """The system administrator maintains the chart through the API too (MANAGE_ORGANISATION)."""

    def test_department_person_leaders_and_head(self, world, api):
        admin = api(world.account(Role.SYSADMIN, dept="office"))
        root = world.departments["root"].pk
        r = admin.post("/org/departments", {"name": "新部门", "parent_id": root})
        assert r.status_code == 201 and r.json()["parent_id"] == root
        dept = r.json()["id"]
        r = admin.post(
            "/org/people",
            {
                "name": "新人",
                "staff_number": "N-1",
                "department_id": dept,
                "rank_id": world.ranks["manager"].pk,
            },
        )
        assert r.status_code == 201 and r.json()["rank"] == "manager"
        person = r.json()["id"]
        r = admin.put(f"/org/departments/{dept}/leaders", {"head_id": person})
        assert r.status_code == 200 and r.json()["head_id"] == person
        r = admin.put("/org/head", {"person_id": person})
        assert r.status_code == 200 and r.json()["id"] == person

    def test_other_roles_are_refused_and_other_organisations_not_found(self, world, api):
        officer = api(world.account(Role.SECURITY_OFFICER))
        r = officer.post("/org/departments", {"name": "越权"})
        assert r.status_code == 403 and r.json()["rule"] is None
        other = World.build()
        admin = api(world.account(Role.SYSADMIN))
        r = admin.put(f"/org/departments/{other.departments['root'].pk}/leaders", {"head_id": None})
        assert r.status_code == 404

    def test_a_taken_staff_number_is_a_conflict(self, world, api):
        taken = world.person()
        admin = api(world.account(Role.SYSADMIN))
        r = admin.post(
            "/org/people",
            {
                "name": "重号",
                "staff_number": taken.staff_number,
                "department_id": taken.department_id,
                "rank_id": taken.rank_id,
            },
        )
        assert r.status_code == 409
        assert not Person.objects.filter(name="重号").exists()


class TestImportPeople:
    """POST /org/people/import: people from an .xlsx or .csv file, all or none."""

    @staticmethod
    def upload(client, data, name="people.xlsx", dry_run=None):
        query = "" if dry_run is None else f"?dry_run={dry_run}"
        return client.client.post(
            f"/api/v1/org/people/import{query}",
            {"file": SimpleUploadedFile(name, data)},
            headers=client.headers,
        )

    @staticmethod
    def table(world, *extra):
        lab = f"{world.departments['tech'].name}/{world.departments['lab'].name}"
        return [
            ["name", "staff_number", "department", "rank", "on_probation"],
            ["甲", "I001", lab, "staff", "yes"],
            ["乙", "I002", world.departments["office"].name, "manager", "no"],
            *extra,
        ]

    def test_dry_run_answers_would_create_and_changes_nothing(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        r = self.upload(admin, xlsx_bytes(self.table(world)), dry_run="true")
        assert r.status_code == 200, r.content
        body = r.json()
        assert body["would_create"] == 2 and body["created"] is None
        assert [(row["row"], row["name"], row["id"]) for row in body["rows"]] == [
            (2, "甲", None),
            (3, "乙", None),
        ]
        assert body["rows"][0]["department_id"] == world.departments["lab"].pk
        assert not Person.objects.filter(staff_number__in=["I001", "I002"]).exists()

    def test_import_creates_everyone_in_one_audit_event(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        r = self.upload(admin, csv_bytes(self.table(world), "gb18030"), "p.csv", "false")
        assert r.status_code == 200, r.content
        body = r.json()
        assert body["created"] == 2
        created = Person.objects.filter(staff_number__in=["I001", "I002"])
        assert {row["id"] for row in body["rows"]} == {p.pk for p in created}
        assert created.get(staff_number="I001").on_probation
        assert len(audit_events("org.people_imported")) == 1

    def test_a_rejected_row_is_422_and_imports_nothing(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        data = xlsx_bytes(self.table(world, ["", "I003", "nowhere", "nobody", "perhaps"]))
        for dry_run in ("true", "false"):
            r = self.upload(admin, data, dry_run=dry_run)
            assert r.status_code == 422
            [row] = r.json()["detail"]
            assert row["row"] == 4 and len(row["reasons"]) == 4
        assert not Person.objects.filter(staff_number__in=["I001", "I002", "I003"]).exists()
        assert audit_events("org.people_imported") == []

    def test_an_unreadable_file_is_422_with_the_file_error(self, world, api):
        admin = api(world.account(Role.SYSADMIN))
        r = self.upload(admin, b"garbage", "people.xlsx")
        assert r.status_code == 422
        assert r.json()["field"] == "file" and r.json()["detail"] is None

    def test_other_roles_refused(self, world, api):
        data = xlsx_bytes(self.table(world))
        for role in (Role.SECURITY_OFFICER, Role.AUDITOR, Role.STAFF):
            for dry_run in ("true", "false"):
                r = self.upload(api(world.account(role)), data, dry_run=dry_run)
                assert r.status_code == 403
        assert not Person.objects.filter(staff_number="I001").exists()


class TestProbation:
    def test_the_security_officer_ends_a_probation__PPL_PROBATION(self, world, api):
        person = world.person(on_probation=True)
        r = api(world.account(Role.SECURITY_OFFICER)).post(
            f"/org/people/{person.pk}/probation-end", {"on": "2026-01-05"}
        )
        assert r.status_code == 200 and r.json()["on_probation"] is False
        assert audit_events("org.probation_ended")[-1]["data"]["on"] == "2026-01-05"

    def test_others_refused_and_bad_dates_named__PPL_PROBATION(self, world, api):
        person = world.person(on_probation=True)
        url = f"/org/people/{person.pk}/probation-end"
        for role in (Role.SYSADMIN, Role.LEADER, Role.STAFF):
            assert api(world.account(role)).post(url, {"on": "2026-01-05"}).status_code == 403
        officer = api(world.account(Role.SECURITY_OFFICER))
        assert officer.post(url, {"on": "2999-01-01"}).json()["field"] == "on"
        assert officer.post(url, {"on": "soon"}).status_code == 422
        assert Person.objects.get(pk=person.pk).on_probation
        officer.post(url, {"on": "2026-01-05"})
        assert officer.post(url, {"on": "2026-01-05"}).status_code == 409
