"""Who must approve: approver keys of the rulebook resolved against the org chart."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.org.models import Department, Person, SecurityAppointment, StaffRole
from baomi.rulebook import book

KINDS = {
    "department_head": gettext_lazy("Department head"),
    "leader_in_charge": gettext_lazy("Leader in charge"),
    "organisation_head": gettext_lazy("Head of the organisation"),
    "office_director": gettext_lazy("Director of the general office"),
    "security_office_head": gettext_lazy("Head of the security office"),
    "issuer": gettext_lazy("Issuer"),
    "lender_department_head": gettext_lazy("Head of the lending department"),
}


def _up(requester: Person, attr: str) -> Person | None:
    """The first active ``attr`` (head, leader in charge) on the way up from the requester's
    department who is not the requester: nobody approves their own request."""
    line = requester.department.line()
    by_id = {d.pk: d for d in Department.objects.filter(pk__in=line)}
    for dept_id in reversed(line):
        person = getattr(by_id[dept_id], attr)
        if person is not None and person.is_active and person.pk != requester.pk:
            return person
    return None


def resolve(
    rule_id: str, kinds: list[str], requester: Person, explicit: dict[str, Person] | None = None
) -> list[tuple[str, Person]]:
    """``(kind, person)`` for each approver key, in order; refuse with ``rule_id`` when the
    org chart names nobody for a key."""
    explicit = explicit or {}
    org = requester.organisation_id
    steps: list[tuple[str, Person]] = []
    for kind in kinds:
        person: Person | None
        if kind in explicit:
            person = explicit[kind]
        elif kind == "department_head":
            person = _up(requester, "head")
        elif kind == "leader_in_charge":
            person = _up(requester, "leader_in_charge")
        elif kind == "organisation_head":
            person = requester.organisation.head
        elif kind == "office_director":
            office = (
                Department.objects.filter(
                    organisation_id=requester.organisation_id, is_general_office=True
                )
                .select_related("head")
                .first()
            )
            person = office.head if office else None
        elif kind == "security_office_head":
            appointment = (
                SecurityAppointment.objects.filter(
                    organisation_id=requester.organisation_id,
                    role=StaffRole.OFFICE_HEAD,
                    until=None,
                )
                .select_related("person")
                .first()
            )
            person = appointment.person if appointment else None
        else:
            person = None
        book.require(
            org,
            rule_id,
            person is not None and person.is_active,
            _("The organisation chart names no %(kind)s to approve this.")
            % {"kind": KINDS.get(kind, kind)},
        )
        book.require(
            org,
            rule_id,
            person is None or person.pk != requester.pk,
            _("Nobody approves their own request: you are the %(kind)s who must approve it.")
            % {"kind": KINDS.get(kind, kind)},
        )
        steps.append((kind, person))
    return steps
