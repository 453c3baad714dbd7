"""``Actor``: who acts in an operation or asks a query.

An actor is an account (``baomi.accounts.models.Account``), through the web session, an API
token or a command. ``access`` sits below ``accounts`` in the layers, so the type is stated
here as a Protocol of what operations, queries and policies read of it; any account fits.
``actor=None`` is the installer's shell (``baomi demo``, set-up commands) and is typed
``Actor | None`` where an operation accepts it (``access.roles.require_or_installer``).
"""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    """An account acting as its role and, for a knowing role, as its person (CLS-MAC)."""

    @property
    def pk(self) -> Any: ...

    @property
    def role(self) -> str: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def password_must_change(self) -> bool: ...

    @property
    def person_id(self) -> int: ...

    @property
    def person(self) -> Any:
        """The ``baomi.org.models.Person`` the account belongs to (a layer above)."""
        ...

    def get_username(self) -> str: ...
