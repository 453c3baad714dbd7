"""Steps shared by the account operations (helpers run inside the calling operation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id
from baomi.accounts.models import Account
from baomi.core.errors import NotFound
from baomi.org.models import Person

T = TypeVar("T", bound=Model)


def in_organisation(
    actor: Actor | None, rows: QuerySet[T], pk: int, person_of: Callable[[T], Person], message: str
) -> T:
    """Row ``pk`` of ``rows`` when its person is of the actor's organisation (any, for the
    installer); otherwise NotFound with ``message``, a missing row and a foreign one alike."""
    row = rows.filter(pk=pk).first()
    org = actor_organisation_id(actor)
    if row is None or (org is not None and person_of(row).organisation_id != org):
        raise NotFound(message)
    return row


def lock_account(actor: Actor | None, account_id: int) -> Account:
    """An account of the actor's organisation (or any, for the installer), locked."""
    # of=self: lock the account row only, not the person joined to it.
    rows = Account.objects.select_for_update(of=("self",)).select_related("person")
    return in_organisation(actor, rows, account_id, lambda a: a.person, _("No such account."))
