"""The API speaks the language the client asks for (Accept-Language), Simplified Chinese when
it asks for none; the pages keep to the language switch (tests/web/test_shell.py)."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role


def _weak_password(world, api, language: str | None):
    client = api(world.account(Role.SYSADMIN))
    if language:
        client.headers["accept-language"] = language
    return client.post(
        "/accounts",
        {
            "username": "weak",
            "role": "staff",
            "password": "password",
            "person_id": world.person().pk,
        },
    )


@pytest.mark.parametrize("language", ["zh-Hans", "zh-CN,zh;q=0.9", None])
def test_a_refused_password_is_explained_in_chinese__AUTH_PASSWORD(world, api, language):
    """The policy's own messages and Django's (a common password) in Chinese."""
    r = _weak_password(world, api, language)
    assert r.status_code == 422 and r.json()["field"] == "password"
    message = r.json()["message"]
    assert "至少" in message and "太常见" in message, message
    assert not any(word in message for word in ("password", "characters", "common"))


def test_a_client_asking_for_english_is_answered_in_english__AUTH_PASSWORD(world, api):
    message = _weak_password(world, api, "en").json()["message"]
    assert "at least" in message and "too common" in message, message


@pytest.mark.parametrize(("language", "chinese"), [("zh-Hans", True), ("en", False), (None, True)])
def test_a_refusal_answers_in_the_language_asked(world, api, language, chinese):
    """Accept-Language: zh-Hans (or none) → Chinese; en → English."""
    client = api(world.account(Role.STAFF))
    if language:
        client.headers["accept-language"] = language
    r = client.get("/documents/999999")
    message = r.json()["message"]
    assert r.status_code == 404 and message.isascii() is not chinese, message


@pytest.mark.parametrize("language", ["zh-Hans", None])
def test_a_malformed_request_names_each_field_and_its_problem_in_chinese(world, api, language):
    """pydantic's English said again in the client's language, in the message and in each
    error's msg (its type, loc and ctx kept for programs)."""
    client = api(world.account(Role.SYSADMIN))
    if language:
        client.headers["accept-language"] = language
    r = client.post("/accounts", {"username": "x" * 500, "role": "staff", "person_id": "abc"})
    body = r.json()
    assert r.status_code == 422
    assert "username" in body["message"] and "64" in body["message"]
    assert "person_id 须为整数" in body["message"] and "password 为必填项" in body["message"]
    assert {e["type"] for e in body["detail"]} == {"string_too_long", "int_parsing", "missing"}
    assert all(not e["msg"].isascii() for e in body["detail"])


def test_a_malformed_request_is_explained_in_english_when_asked(world, api):
    client = api(world.account(Role.SYSADMIN))
    client.headers["accept-language"] = "en"
    message = client.post("/accounts", {"username": "x", "role": "staff"}).json()["message"]
    assert message.startswith("The request is not valid: ") and "password required" in message
