"""三员 as BMB practice means it: the system administrator creates, disables and resets
accounts but grants no role; the security officer grants roles and clearances; the auditor
watches both. A change of who holds one of the three roles, or of one's password, waits for a
second of the three (ADMIN-DUAL); a password set by someone else is one-time (AUTH-PASSWORD);
nobody acts on their own account, role or clearance (ROLE-SEPARATION); a person who leaves
loses their logins at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts import operations
from baomi.accounts.models import Account, AdminChange, ApiToken, ChangeState
from baomi.core.errors import AccessDenied, InvalidInput, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from baomi.org.models import StaffRole
from tests.factories import PASSWORD, audit_events

NEW = "Fresh-Secret-2026"


@pytest.fixture
def three(world):
    """The organisation's three administrators."""
    return (
        world.account(Role.SYSADMIN, username="admin"),
        world.account(Role.SECURITY_OFFICER, username="secofficer", clearance=Clearance.CORE),
        world.account(Role.AUDITOR, username="auditor"),
    )


def login(username: str, password: str) -> Client:
    client = Client()
    assert client.login(username=username, password=password)
    return client


class TestTakeover:
    """The reported takeover: the administrator sets the auditor's or the officer's
    password, or makes itself a new auditor, and reads what it must not."""

    @pytest.mark.parametrize("target", [1, 2], ids=["secofficer", "auditor"])
    def test_resetting_an_administrators_password_waits_for_a_second__ADMIN_DUAL(
        self, three, api, target
    ):
        admin, victim = three[0], three[target]
        r = api(admin).post(f"/accounts/{victim.pk}/password", {"password": NEW})
        assert r.status_code == 202 and r.json()["state"] == "pending"
        victim.refresh_from_db()
        assert victim.check_password(PASSWORD) and not victim.check_password(NEW)
        assert not Client().login(username=victim.username, password=NEW)

    def test_the_second_administrator_carries_the_reset_out_one_time__ADMIN_DUAL(self, three, api):
        admin, officer, auditor = three
        change = operations.set_password(actor=admin, account_id=auditor.pk, password=NEW)
        r = api(officer).post(f"/accounts/changes/{change.pk}/agree")
        assert r.status_code == 200 and r.json()["password_must_change"] is True
        auditor.refresh_from_db()
        assert auditor.check_password(NEW) and auditor.password_must_change
        # The new holder can only change it: the audit log stays closed to whoever set it.
        client = login("auditor", NEW)
        assert client.get("/audit/").status_code == 302
        assert AdminChange.objects.get(pk=change.pk).state == ChangeState.AGREED
        [agreed] = audit_events("accounts.admin_change_agreed")
        assert agreed["actor"] == "secofficer" and agreed["data"]["rule"] == "ADMIN-DUAL"

    def test_nobody_agrees_to_their_own_request_or_change__ADMIN_DUAL(self, world, three):
        admin, officer, auditor = three
        change = operations.set_password(actor=admin, account_id=officer.pk, password=NEW)
        second_admin = world.account(Role.SYSADMIN, username="admin2")
        for who in (admin, officer, second_admin):  # asker, changed, same role as the asker
            with pytest.raises(RuleViolation) as exc:
                operations.agree_admin_change(actor=who, change_id=change.pk)
            assert exc.value.rule_id == "ADMIN-DUAL"
        with pytest.raises(AccessDenied):
            operations.agree_admin_change(actor=world.account(Role.LEADER), change_id=change.pk)
        officer.refresh_from_db()
        assert officer.check_password(PASSWORD)
        assert operations.agree_admin_change(actor=auditor, change_id=change.pk).pk == officer.pk

    def test_an_expired_or_refused_change_is_never_carried_out__ADMIN_DUAL(self, three):
        from django.utils import translation  # the reasons are read in English

        admin, officer, auditor = three
        change = operations.set_password(actor=admin, account_id=auditor.pk, password=NEW)
        AdminChange.objects.filter(pk=change.pk).update(expires_at=timezone.now())
        with pytest.raises(Exception, match="expired"), translation.override("en"):
            operations.agree_admin_change(actor=officer, change_id=change.pk)
        second = operations.set_password(actor=admin, account_id=auditor.pk, password=NEW)
        operations.refuse_admin_change(actor=officer, change_id=second.pk)
        with pytest.raises(Exception, match="already been decided"), translation.override("en"):
            operations.agree_admin_change(actor=officer, change_id=second.pk)
        auditor.refresh_from_db()
        assert auditor.check_password(PASSWORD)

    def test_the_administrator_grants_no_role_at_all__ROLE_SEPARATION(self, world, three, api):
        admin = three[0]
        staff = world.account(Role.STAFF)
        for role in ("auditor", "security_officer", "clerk"):
            r = api(admin).put(f"/accounts/{staff.pk}/role", {"role": role})
            assert r.status_code == 403
        staff.refresh_from_db()
        assert staff.role == Role.STAFF


class TestRoles:
    def test_making_someone_an_auditor_waits_for_a_second__ADMIN_DUAL(self, world, three, api):
        admin, officer, _auditor = three
        staff = world.account(Role.STAFF, username="future-auditor")
        r = api(officer).put(f"/accounts/{staff.pk}/role", {"role": "auditor"})
        assert r.status_code == 202 and r.json()["role"] == "auditor"
        staff.refresh_from_db()
        assert staff.role == Role.STAFF
        r = api(admin).post(f"/accounts/changes/{r.json()['id']}/agree")
        assert r.status_code == 200 and r.json()["role"] == "auditor"

    def test_an_ordinary_role_is_granted_at_once__ROLE_SEPARATION(self, world, three):
        staff = world.account(Role.STAFF)
        changed = operations.change_role(actor=three[1], account_id=staff.pk, role=Role.LEADER)
        assert changed.role == Role.LEADER and not AdminChange.objects.exists()

    def test_the_organisation_is_never_left_without_an_auditor__ADMIN_DUAL(self, three, api):
        """The reported hole: a role change left the organisation without one."""
        admin, officer, auditor = three
        r = api(officer).put(f"/accounts/{auditor.pk}/role", {"role": "security_officer"})
        assert r.status_code == 409 and r.json()["rule"] == "ADMIN-DUAL"
        r = api(admin).post(f"/accounts/{auditor.pk}/deactivate")
        assert r.status_code == 409 and r.json()["rule"] == "ADMIN-DUAL"
        auditor.refresh_from_db()
        assert auditor.role == Role.AUDITOR and auditor.is_active
        assert not AdminChange.objects.exists()

    def test_the_organisation_is_never_left_without_an_officer__ADMIN_DUAL(self, world, three, api):
        admin, officer, _auditor = three
        r = api(admin).post(f"/accounts/{officer.pk}/deactivate")
        assert r.status_code == 409 and r.json()["rule"] == "ADMIN-DUAL"
        world.account(Role.SECURITY_OFFICER, username="officer2")
        assert api(admin).post(f"/accounts/{officer.pk}/deactivate").status_code == 200

    def test_a_change_checked_again_when_agreed__ADMIN_DUAL(self, world, three):
        """Two pending changes that each leave one auditor cannot together leave none."""
        admin, officer, auditor = three
        second = world.account(Role.AUDITOR, username="auditor2")
        first = operations.change_role(actor=officer, account_id=auditor.pk, role=Role.STAFF)
        other = operations.change_role(actor=officer, account_id=second.pk, role=Role.STAFF)
        operations.agree_admin_change(actor=admin, change_id=first.pk)
        with pytest.raises(RuleViolation) as exc:
            operations.agree_admin_change(actor=admin, change_id=other.pk)
        assert exc.value.rule_id == "ADMIN-DUAL"
        assert Account.objects.filter(role=Role.AUDITOR, is_active=True).count() == 1


class TestOneTimePassword:
    def test_a_reset_password_lets_the_account_do_nothing_but_change_it__AUTH_PASSWORD(
        self, world, three, api
    ):
        clerk = world.account(Role.CLERK, username="clerk-x")
        operations.set_password(actor=three[0], account_id=clerk.pk, password=NEW)
        client = login("clerk-x", NEW)
        assert client.get("/documents/").url == "/password/"
        assert client.get("/").url == "/password/"
        assert client.get("/password/").status_code == 200
        r = client.get("/api/v1/documents")
        assert r.status_code == 403 and "AUTH-PASSWORD" in r.json()["message"]
        assert client.get("/api/v1/me").json()["password_must_change"] is True
        r = client.post(
            "/password/",
            {
                "current_password": NEW,
                "new_password": "Mine-Own-2026x",
                "repeated": "Mine-Own-2026x",
            },
        )
        assert r.status_code == 303
        assert client.get("/documents/").status_code == 200
        clerk.refresh_from_db()
        assert not clerk.password_must_change

    def test_a_new_account_has_a_one_time_password__AUTH_PASSWORD(self, world, three):
        made = operations.create_account(
            actor=three[0], username="newbie", password=NEW, person_id=world.person().pk
        )
        assert made.password_must_change
        with pytest.raises(AccessDenied):
            operations.create_token(actor=made, account_id=made.pk)

    def test_a_reset_revokes_the_accounts_tokens__AUTH_PASSWORD(self, world, three, api):
        clerk = world.account(Role.CLERK)
        client = api(clerk)
        assert client.get("/me").status_code == 200
        operations.set_password(actor=three[0], account_id=clerk.pk, password=NEW)
        assert client.get("/me").status_code == 401
        assert not ApiToken.objects.filter(account=clerk, revoked_at=None).exists()


class TestNotOneself:
    def test_the_officer_cannot_raise_their_own_clearance__ROLE_SEPARATION(self, three, api):
        """The reported hole: PUT /org/people/{own}/clearance answered 200."""
        officer = three[1]
        r = api(officer).put(f"/org/people/{officer.person_id}/clearance", {"clearance": 4})
        assert r.status_code == 403 and r.json()["rule"] == "ROLE-SEPARATION"
        officer.person.refresh_from_db()
        assert officer.person.clearance == Clearance.CORE

    def test_nobody_marks_themselves_left_or_appoints_themselves__ROLE_SEPARATION(self, three):
        officer = three[1]
        for act in (
            lambda: org.mark_left(actor=officer, person_id=officer.person_id),
            lambda: org.appoint(
                actor=officer, person_id=officer.person_id, role=StaffRole.COMMITTEE_MEMBER
            ),
        ):
            with pytest.raises(RuleViolation) as exc:
                act()
            assert exc.value.rule_id == "ROLE-SEPARATION"
        officer.person.refresh_from_db()
        assert officer.person.is_active

    def test_nobody_unlocks_their_own_account__ROLE_SEPARATION(self, three):
        admin = three[0]
        with pytest.raises(RuleViolation) as exc:
            operations.unlock_account(actor=admin, account_id=admin.pk)
        assert exc.value.rule_id == "ROLE-SEPARATION"


class TestLeaving:
    def test_a_person_who_leaves_loses_login_and_tokens_at_once(self, world, three, api):
        """The reported hole: a person marked as left kept a working login and token."""
        clerk = world.account(Role.CLERK, username="leaver")
        client = api(clerk)
        assert client.get("/me").status_code == 200
        org.mark_left(actor=three[1], person_id=clerk.person_id)
        clerk.refresh_from_db()
        assert not clerk.is_active
        assert client.get("/me").status_code == 401
        assert not Client().login(username="leaver", password=PASSWORD)
        [closed] = audit_events("accounts.deactivated")
        assert closed["data"]["reason"] == "left" and closed["data"]["tokens_revoked"] == 1

    def test_the_last_auditor_cannot_leave_and_nothing_changes__ADMIN_DUAL(self, three):
        auditor = three[2]
        with pytest.raises(RuleViolation) as exc:
            org.mark_left(actor=three[1], person_id=auditor.person_id)
        assert exc.value.rule_id == "ADMIN-DUAL"
        auditor.refresh_from_db()
        auditor.person.refresh_from_db()
        assert auditor.is_active and auditor.person.is_active


class TestTokens:
    def test_a_locked_accounts_tokens_are_refused_while_locked__AUTH_LOCKOUT(self, world, api):
        clerk = world.account(Role.CLERK)
        client = api(clerk)
        # Saved as the lockout and the unlock save it: the save sets the accounts' stamp that
        # the token check reads (core.refdata); a bare ``update`` would not.
        clerk.locked_until = timezone.now() + timedelta(minutes=30)
        clerk.save(update_fields=["locked_until"])
        assert client.get("/me").status_code == 401
        clerk.locked_until = timezone.now() - timedelta(minutes=1)
        clerk.save(update_fields=["locked_until"])
        assert client.get("/me").status_code == 200

    def test_one_token_is_revoked_by_its_holder_or_the_administrator(self, world, three, api):
        clerk = world.account(Role.CLERK)
        first, second = api(clerk), api(clerk)
        assert len(first.get("/me/tokens").json()) == 2
        own = ApiToken.objects.get(prefix=first.token.split("_")[1])
        r = first.post(f"/tokens/{own.pk}/revoke")
        assert r.status_code == 200 and r.json()["revoked_at"]
        assert first.get("/me").status_code == 401
        assert second.get("/me").status_code == 200
        [left] = api(three[0]).get(f"/accounts/{clerk.pk}/tokens").json()
        assert api(three[0]).post(f"/tokens/{left['id']}/revoke").status_code == 200
        assert second.get("/me").status_code == 401
        assert len(audit_events("auth.token_revoked")) == 2

    def test_another_persons_token_is_not_found(self, world, api):
        clerk, staff = world.account(Role.CLERK), world.account(Role.STAFF)
        api(clerk)
        token = ApiToken.objects.get(account=clerk)
        r = api(staff).post(f"/tokens/{token.pk}/revoke")
        missing = api(staff).post(f"/tokens/{token.pk + 1000}/revoke")
        assert r.status_code == 404 and r.content == missing.content

    def test_the_page_lists_and_revokes_ones_own_tokens(self, world, api):
        clerk = world.account(Role.CLERK, username="paged")
        api(clerk)
        token = ApiToken.objects.get(account=clerk)
        client = login("paged", PASSWORD)
        assert f"bm_{token.prefix}_" in client.get("/password/").content.decode()
        client.post(f"/password/tokens/{token.pk}/revoke/")
        token.refresh_from_db()
        assert token.revoked_at is not None


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Abcdefgh1!", True),  # 10 characters, four classes
        ("abcdefgh12", False),  # two classes
        ("Abcdefgh12", True),  # three classes, exactly 10
        ("Abcdefg12", False),  # nine characters
        ("AAAAAAAAAAAA", False),  # one character repeated
        ("Xx-staffer-2026", False),  # contains the login name
        ("密码Abcdefg12", True),  # a Chinese character counts as a symbol
    ],
)
def test_the_password_policy_of_dengbao_level_three__AUTH_PASSWORD(world, password, ok):
    person = world.person()
    if ok:
        operations.create_account(
            actor=None, username="staffer", password=password, person_id=person.pk
        )
    else:
        with pytest.raises(Exception) as exc:
            operations.create_account(
                actor=None, username="staffer", password=password, person_id=person.pk
            )
        assert getattr(exc.value, "field", "") == "password"


def test_the_policy_speaks_chinese__AUTH_PASSWORD(world):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(Exception) as exc:
        operations.create_account(
            actor=None, username="cn", password="abc", person_id=world.person().pk
        )
    assert "密码" in str(exc.value)


def test_secret_items_stay_unknown_to_a_person_with_one_time_password(world, three):
    """A one-time password holds no permission at all, even the officer's (AUTH-PASSWORD)."""
    officer = three[1]
    operations.set_password(actor=three[0], account_id=officer.pk, password=NEW)
    change = AdminChange.objects.get()
    operations.agree_admin_change(actor=three[2], change_id=change.pk)
    officer.refresh_from_db()
    from baomi.carriers import operations as carriers

    with pytest.raises(AccessDenied):
        carriers.register_document(actor=officer, number="X1", title="t", level=Level.SECRET)


@pytest.mark.parametrize("username", ["a", "sa", "so", "au", "admin"])
def test_a_generated_first_password_meets_the_policy__AUTH_PASSWORD(world, username):
    """``baomi setup`` prints passwords the policy accepts, whatever the login name."""
    from django.contrib.auth.password_validation import validate_password

    from baomi.accounts.passwords import first_password

    for _ in range(50):
        password = first_password(username)
        validate_password(password, user=Account(username=username, person=world.person()))
        assert username not in password.lower()


def test_a_password_is_bounded_in_length__AUTH_PASSWORD(world, api):
    """A megabyte of password is refused before it is hashed: 422 naming the field."""
    admin = world.account(Role.SYSADMIN)
    staff = world.account(Role.STAFF)
    r = api(admin).post(f"/accounts/{staff.pk}/password", {"password": "Aa1-" * 70})
    assert r.status_code == 422 and "password" in str(r.json()["detail"])
    with pytest.raises(InvalidInput) as exc:
        operations.set_password(actor=admin, account_id=staff.pk, password="Aa1-" * 70)
    assert exc.value.field == "password"
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
