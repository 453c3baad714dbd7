"""Passwords are stored with argon2 (the suite elsewhere uses a fast hasher)."""

from baomi import settings as production
from baomi.access.roles import Role


def test_passwords_are_hashed_with_argon2(world, settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    account = world.account(Role.STAFF)
    assert account.password.startswith("argon2$")
    assert account.check_password("Test-password-2026")
