"""Steps shared by the account operations (helpers run inside the calling operation)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from baomi.accounts.models import Account
from baomi.core.errors import NotFound


def lock_account(actor: Any, account_id: int) -> Account:
    """An account of the actor's organisation (or any, for the installer), locked."""
    # of=self: lock the account row only, not the person joined to it.
    account = (
        Account.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk=account_id)
        .first()
    )
    org = getattr(getattr(actor, "person", None), "organisation_id", None)
    if account is None or (org is not None and account.person.organisation_id != org):
        raise NotFound(_("No such account."))
    return account
