"""``baomi setup``: the first organisation of a real installation, with the standard ranks, a
security office department and the three administrators (三员分立), each a person of its own.
Runs as the installer (actor=None); from then on everything goes through the administrators."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from baomi.access.roles import ADMIN_ROLES, Role
from baomi.accounts import operations as accounts
from baomi.accounts.models import Account
from baomi.accounts.passwords import first_password
from baomi.core.errors import Conflict
from baomi.org import operations as org
from baomi.org.models import Organisation
from baomi.org.ranks import RANKS


@dataclass(frozen=True)
class Administrator:
    role: Role
    name: str
    username: str


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    name: str
    password: str


def set_up(
    *, organisation: str, department: str, administrators: list[Administrator]
) -> list[Login]:
    """Create the organisation and its three administrators; return their first passwords."""
    if sorted(a.role for a in administrators) != sorted(ADMIN_ROLES):
        raise ValueError("one system administrator, one security officer and one auditor")
    # Each step below is an operation of its own: check what could refuse a later step first,
    # so that a refusal leaves nothing half made.
    if Organisation.objects.filter(name=organisation.strip()).exists():
        raise Conflict(_("An organisation named %(name)s exists.") % {"name": organisation})
    taken = Account.objects.filter(username__in=[a.username for a in administrators])
    if taken.exists():
        raise Conflict(_("The username %(name)s is taken.") % {"name": taken.first().username})
    o = org.create_organisation(actor=None, name=organisation)
    ranks = {
        key: org.create_rank(actor=None, organisation_id=o.pk, key=key, name=name, seniority=s)
        for key, name, s in RANKS
    }
    office = org.create_department(actor=None, organisation_id=o.pk, name=department)
    logins = []
    for admin in administrators:
        person = org.create_person(
            actor=None,
            department_id=office.pk,
            rank_id=ranks["staff"].pk,
            name=admin.name,
            staff_number=admin.username,
        )
        password = first_password(admin.username)
        accounts.create_account(
            actor=None,
            username=admin.username,
            role=admin.role,
            password=password,
            person_id=person.pk,
        )
        logins.append(Login(admin.username, admin.role, admin.name, password))
    return logins
