"""Authentication of /api/v1: a bearer token or the session, on every route; and the error
answers that do not depend on a route."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from baomi.access.roles import Role
from baomi.accounts import operations as accounts
from baomi.core.levels import Clearance


class TestToken:
    def test_token_authenticates(self, world, api):
        staff = world.account(Role.STAFF)
        r = api(staff).get("/me")
        assert r.status_code == 200
        assert r.json()["username"] == staff.username

    def test_no_credentials_is_401(self, world, api):
        r = api().get("/me")
        assert r.status_code == 401
        assert r.json() == {"message": r.json()["message"]}
        assert r["WWW-Authenticate"] == "Bearer"

    @pytest.mark.parametrize("token", ["bm_nothing", "garbage", "bm_abc_def"])
    def test_unknown_token_is_401(self, world, api, token):
        client = api()
        client.headers["authorization"] = f"Bearer {token}"
        assert client.get("/me").status_code == 401

    def test_token_with_wrong_secret_is_401(self, world, api):
        client = api(world.account(Role.STAFF))
        prefix = client.token.rsplit("_", 1)[0]
        client.headers["authorization"] = f"Bearer {prefix}_wrong-secret"
        assert client.get("/me").status_code == 401

    def test_token_of_deactivated_account_is_401(self, world, api):
        """Deactivating an account revokes its tokens."""
        staff = world.account(Role.STAFF)
        client = api(staff)
        admin = world.account(Role.SYSADMIN)
        accounts.deactivate_account(actor=admin, account_id=staff.pk)
        assert client.get("/me").status_code == 401

    def test_bad_token_beside_a_session_is_401(self, world, api):
        """A token that is sent but bad is refused even when a session would pass."""
        client = api(world.account(Role.STAFF), session=True)
        client.headers["authorization"] = "Bearer bm_bad_token"
        assert client.get("/me").status_code == 401

    def test_token_needs_no_csrf_token(self, world, api):
        officer = world.account(Role.SECURITY_OFFICER)
        client = api(officer, csrf=True)
        person = world.vet(world.person())
        r = client.put(f"/org/people/{person.pk}/clearance", {"clearance": Clearance.GENERAL})
        assert r.status_code == 200


class TestSession:
    def test_session_authenticates(self, world, api):
        staff = world.account(Role.STAFF)
        r = api(staff, session=True).get("/me")
        assert r.status_code == 200 and r.json()["username"] == staff.username

    def test_unsafe_method_without_csrf_token_refused(self, world, api):
        """With session authentication a POST or PUT must carry the CSRF token."""
        officer = world.account(Role.SECURITY_OFFICER)
        person = world.person()
        client = api(officer, session=True, csrf=True)
        r = client.put(f"/org/people/{person.pk}/clearance", {"clearance": Clearance.GENERAL})
        assert r.status_code == 403 and r.json()["rule"] is None
        person.refresh_from_db()
        assert person.clearance == Clearance.NONE

    def test_unsafe_method_with_csrf_token_passes(self, world, api):
        officer = world.account(Role.SECURITY_OFFICER)
        person = world.vet(world.person())
        client = api(officer, session=True, csrf=True)
        secret = "a" * 32
        client.client.cookies[settings.CSRF_COOKIE_NAME] = secret
        client.headers["x-csrftoken"] = secret
        r = client.put(f"/org/people/{person.pk}/clearance", {"clearance": Clearance.GENERAL})
        assert r.status_code == 200

    def test_session_of_deactivated_account_is_401(self, world, api):
        staff = world.account(Role.STAFF)
        client = api(staff, session=True)
        accounts.deactivate_account(actor=world.account(Role.SYSADMIN), account_id=staff.pk)
        assert client.get("/me").status_code == 401


class TestErrors:
    def test_validation_error_is_422_with_message_and_detail(self, world, api):
        officer = world.account(Role.SECURITY_OFFICER)
        r = api(officer).put(f"/org/people/{officer.person_id}/clearance", {"clearance": "x"})
        assert r.status_code == 422
        assert r.json()["message"] and r.json()["detail"]

    def test_unexpected_error_is_500_without_traceback(self, world, api, monkeypatch, settings):
        """Whatever DEBUG says, an unexpected error answers a message, never a traceback."""
        settings.DEBUG = True

        def broken(actor):
            raise RuntimeError("secret internals")

        monkeypatch.setattr("baomi.org.queries.departments", broken)
        r = api(world.account(Role.STAFF)).get("/org/departments")
        assert r.status_code == 500
        assert r.json() == {"message": r.json()["message"]}
        assert b"secret internals" not in r.content and b"Traceback" not in r.content


def test_every_route_requires_authentication(db):
    """No route of /api/v1 answers without credentials (the OpenAPI schema lists them)."""
    client = Client()
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        url = path.replace("{", "").replace("}", "")
        url = "/".join("1" if part.endswith("_id") else part for part in url.split("/"))
        for method in methods:
            r = client.generic(method.upper(), url, "{}", content_type="application/json")
            assert r.status_code == 401, (method, path, r.status_code)
