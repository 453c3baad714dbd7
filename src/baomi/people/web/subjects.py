"""How the deadline engine and the approvals name the subjects the people's files and the
organisation chart answer for (``seams.approvals.SubjectKind``): the organisation and a
department (known to anyone of the organisation, like the chart), a cooling-off period, an
exit case and a passport (the records of a security file: known to the security office and to
the person themselves, ``people.policies``). Anything else — another organisation's, another
person's file — is None: the page says the item is not shown."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from baomi.org import queries as org_queries
from baomi.people.policies import COOLING_OFFS, EXIT_CASES, PASSPORTS, keeps_files
from baomi.seams.approvals import Subject
from baomi.seams.navigation import allows


def department_page(department_id: int) -> str:
    """A department's page: the organisation's people list filtered to it."""
    return f"{reverse('people')}?{urlencode({'department': department_id})}"


def organisation(actor: Any, organisation_id: int) -> Subject | None:
    """The actor's own organisation, by name; its chart's page to those who keep it."""
    found = org_queries.organisation(actor)
    if found is None or found.pk != organisation_id:
        return None
    return Subject(found.name, None, reverse("org") if allows("org", actor) else "#")


def department(actor: Any, department_id: int) -> Subject | None:
    """A department of the actor's organisation, by name; its people to those who read them."""
    found = org_queries.departments(actor).filter(pk=department_id).first()
    if found is None:
        return None
    url = department_page(found.pk) if allows("people", actor) else "#"
    return Subject(found.name, None, url)


def _file_url(actor: Any, person_id: int, office_url: str) -> str:
    """Where a file record leads: the office's page, or one's own file."""
    if keeps_files(actor):
        return office_url
    return reverse("my_file") if getattr(actor, "person_id", None) == person_id else "#"


def cooling_off(actor: Any, cooling_off_id: int) -> Subject | None:
    """A cooling-off period (脱密期, PPL-EXIT): whose, from when until when."""
    found = COOLING_OFFS.known(actor).filter(pk=cooling_off_id).select_related("person").first()
    if found is None:
        return None
    label = _("%(name)s: cooling-off period %(starts)s–%(ends)s") % {
        "name": found.person.name,
        "starts": f"{found.starts:%Y-%m-%d}",
        "ends": f"{found.ends:%Y-%m-%d}",
    }
    url = _file_url(actor, found.person_id, reverse("person", args=[found.person_id]))
    return Subject(label, None, url)


def exit_case(actor: Any, case_id: int) -> Subject | None:
    """An exit case (PPL-EXIT): whose, of which kind, opened when."""
    found = EXIT_CASES.known(actor).filter(pk=case_id).select_related("person").first()
    if found is None:
        return None
    label = _("%(name)s: %(kind)s, opened %(opened)s") % {
        "name": found.person.name,
        "kind": found.get_kind_display(),
        "opened": f"{timezone.localdate(found.opened_at):%Y-%m-%d}",
    }
    return Subject(
        label, None, _file_url(actor, found.person_id, reverse("exit_case", args=[found.pk]))
    )


def passport(actor: Any, passport_id: int) -> Subject | None:
    """A passport the office keeps (PPL-ABROAD): whose, its kind and number."""
    found = PASSPORTS.known(actor).filter(pk=passport_id).select_related("person").first()
    if found is None:
        return None
    label = f"{found.person.name} · {found.kind} {found.number}"
    return Subject(label, None, _file_url(actor, found.person_id, reverse("travel_passports")))
