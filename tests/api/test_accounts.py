"""/api/v1/me and /api/v1/accounts: the system administrator's account management."""

from __future__ import annotations

from baomi.access.roles import Role
from baomi.accounts import operations
from baomi.accounts.models import Account
from tests.factories import PASSWORD, World

NEW_PASSWORD = "Another-password-2026"


def test_me_names_role_person_and_permissions(world, api):
    clerk = world.account(Role.CLERK)
    body = api(clerk, session=True).get("/me").json()
    assert body["role"] == "clerk" and body["role_label"]
    assert body["person"] == {"id": clerk.person_id, "name": clerk.person.name}
    assert body["organisation_id"] == world.organisation.pk
    assert "register_items" in body["permissions"]
    assert "manage_accounts" not in body["permissions"]


class TestList:
    def test_sysadmin_lists_own_organisation(self, world, api):
        admin = world.account(Role.SYSADMIN)
        staff = world.account(Role.STAFF)
        stranger = World.build().account(Role.STAFF)
        r = api(admin).get("/accounts")
        assert r.status_code == 200
        names = {a["username"] for a in r.json()}
        assert {admin.username, staff.username} <= names
        assert stranger.username not in names

    def test_the_security_officer_lists_them_to_grant_roles__ROLE_SEPARATION(self, world, api):
        r = api(world.account(Role.SECURITY_OFFICER)).get("/accounts")
        assert r.status_code == 200 and r.json()

    def test_others_refused(self, world, api):
        for role in (Role.AUDITOR, Role.CLERK, Role.LEADER, Role.STAFF):
            r = api(world.account(role)).get("/accounts")
            assert r.status_code == 403 and r.json()["rule"] is None


class TestCreate:
    def test_sysadmin_creates_account(self, world, api):
        person = world.person()
        r = api(world.account(Role.SYSADMIN)).post(
            "/accounts",
            {
                "username": "zhang",
                "role": "staff",
                "password": NEW_PASSWORD,
                "person_id": person.pk,
            },
        )
        assert r.status_code == 201, r.content
        assert r.json()["person"]["id"] == person.pk and r.json()["is_active"] is True
        assert Account.objects.get(username="zhang").check_password(NEW_PASSWORD)

    def test_taken_username_is_conflict(self, world, api):
        admin = world.account(Role.SYSADMIN)
        r = api(admin).post(
            "/accounts",
            {
                "username": admin.username,
                "role": "staff",
                "password": NEW_PASSWORD,
                "person_id": world.person().pk,
            },
        )
        assert r.status_code == 409 and r.json()["rule"] is None

    def test_second_account_for_a_person_refused__ROLE_SEPARATION(self, world, api):
        """三员分立: the auditor's person gets no second login (a second role)."""
        auditor = world.account(Role.AUDITOR)
        r = api(world.account(Role.SYSADMIN)).post(
            "/accounts",
            {
                "username": "two-hats",
                "password": NEW_PASSWORD,
                "person_id": auditor.person_id,
            },
        )
        assert r.status_code == 409 and r.json()["rule"] == "ROLE-SEPARATION"
        assert not Account.objects.filter(username="two-hats").exists()

    def test_the_system_administrator_grants_no_role__ROLE_SEPARATION(self, world, api):
        """The administrator may not create an auditor with a password of its choosing and
        read the audit log through it."""
        for role in ("auditor", "security_officer", "clerk"):
            r = api(world.account(Role.SYSADMIN)).post(
                "/accounts",
                {
                    "username": f"new-{role}",
                    "role": role,
                    "password": NEW_PASSWORD,
                    "person_id": world.person().pk,
                },
            )
            assert r.status_code == 403 and r.json()["rule"] == "ROLE-SEPARATION"
            assert not Account.objects.filter(username=f"new-{role}").exists()

    def test_weak_password_is_invalid_input(self, world, api):
        r = api(world.account(Role.SYSADMIN)).post(
            "/accounts",
            {
                "username": "weak",
                "role": "staff",
                "password": "123",
                "person_id": world.person().pk,
            },
        )
        assert r.status_code == 422 and r.json()["field"] == "password"

    def test_unknown_role_is_422(self, world, api):
        r = api(world.account(Role.SYSADMIN)).post(
            "/accounts",
            {
                "username": "x",
                "role": "superuser",
                "password": NEW_PASSWORD,
            },
        )
        assert r.status_code == 422 and r.json()["detail"]

    def test_security_officer_may_not_create(self, world, api):
        r = api(world.account(Role.SECURITY_OFFICER)).post(
            "/accounts",
            {
                "username": "x",
                "role": "staff",
                "password": NEW_PASSWORD,
                "person_id": world.person().pk,
            },
        )
        assert r.status_code == 403
        assert not Account.objects.filter(username="x").exists()


class TestManage:
    def test_unlock__AUTH_LOCKOUT(self, world, api):
        staff = world.account(Role.STAFF)
        for _attempt in range(5):
            operations.attempt_login(username=staff.username, password="wrong")
        staff.refresh_from_db()
        assert staff.locked_until is not None
        r = api(world.account(Role.SYSADMIN)).post(f"/accounts/{staff.pk}/unlock")
        assert r.status_code == 200 and r.json()["locked_until"] is None
        assert operations.attempt_login(username=staff.username, password=PASSWORD) == staff

    def test_reset_password_is_one_time__AUTH_PASSWORD(self, world, api):
        staff = world.account(Role.STAFF)
        r = api(world.account(Role.SYSADMIN)).post(
            f"/accounts/{staff.pk}/password", {"password": NEW_PASSWORD}
        )
        assert r.status_code == 200 and r.json()["password_must_change"] is True
        staff.refresh_from_db()
        assert staff.check_password(NEW_PASSWORD) and staff.password_must_change

    def test_change_own_password_needs_the_current_one(self, world, api):
        """One's own password changes only with the current one: the reset route refuses it
        and /me/password checks the current password first."""
        staff = world.account(Role.STAFF)
        client = api(staff)
        r = client.post(f"/accounts/{staff.pk}/password", {"password": NEW_PASSWORD})
        assert r.status_code == 403
        r = client.post("/me/password", {"current_password": "wrong", "new_password": NEW_PASSWORD})
        assert r.status_code == 422 and r.json()["field"] == "current_password"
        r = client.post(
            "/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )
        assert r.status_code == 200
        staff.refresh_from_db()
        assert staff.check_password(NEW_PASSWORD)

    def test_staff_may_not_reset_anothers_password(self, world, api):
        other = world.account(Role.STAFF)
        r = api(world.account(Role.STAFF)).post(
            f"/accounts/{other.pk}/password", {"password": NEW_PASSWORD}
        )
        assert r.status_code == 403
        other.refresh_from_db()
        assert other.check_password(PASSWORD)

    def test_change_role__ROLE_SEPARATION(self, world, api):
        """The security officer grants another account a role, never their own; the system
        administrator grants none."""
        officer = world.account(Role.SECURITY_OFFICER)
        staff = world.account(Role.STAFF)
        r = api(officer).put(f"/accounts/{staff.pk}/role", {"role": "clerk"})
        assert r.status_code == 200 and r.json()["role"] == "clerk"
        r = api(world.account(Role.SYSADMIN)).put(f"/accounts/{staff.pk}/role", {"role": "leader"})
        assert r.status_code == 403
        r = api(officer).put(f"/accounts/{officer.pk}/role", {"role": "staff"})
        assert r.status_code == 403 and r.json()["rule"] == "ROLE-SEPARATION"
        staff.refresh_from_db()
        assert staff.role == Role.CLERK

    def test_deactivate(self, world, api):
        staff = world.account(Role.STAFF)
        r = api(world.account(Role.SYSADMIN)).post(f"/accounts/{staff.pk}/deactivate")
        assert r.status_code == 200 and r.json()["is_active"] is False

    def test_deactivating_oneself_is_conflict(self, world, api):
        admin = world.account(Role.SYSADMIN)
        r = api(admin).post(f"/accounts/{admin.pk}/deactivate")
        assert r.status_code == 409

    def test_account_of_another_organisation_is_not_found(self, world, api):
        stranger = World.build().account(Role.STAFF)
        client = api(world.account(Role.SYSADMIN))
        foreign = client.post(f"/accounts/{stranger.pk}/unlock")
        missing = client.post(f"/accounts/{stranger.pk + 1000}/unlock")
        assert foreign.status_code == 404 and foreign.content == missing.content
