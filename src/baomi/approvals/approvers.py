"""Who must approve: approver keys of the rulebook resolved against the org chart.

Where the chart names nobody for a key, the request walks up the chart (``WALK_UP``) to a
higher leader, for a higher leader may always approve what a lower one could
(``core.rules.APPROVERS`` ranks the keys); where there is still nobody, the refusal says which
post to fill and on which page (``POSTS``)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core import rules
from baomi.org.models import Department, Organisation, Person, SecurityAppointment, StaffRole
from baomi.rulebook import book

KINDS = rules.APPROVER_LABELS

# The higher leaders who stand in, in order, when the chart names nobody for a key.
#
# - department_head → the leader in charge, then the head of the organisation. The rules that
#   ask for the department head say "their leader" (HANDOVER), "own leader" (COPY-APPROVE),
#   "the leaders of the borrowing side" (LOAN-APPROVE), a review chain that goes on to the
#   leader in charge and the head anyway (DRAFT-CHAIN), or plain approval (AREA-ACCESS): a
#   higher leader of the requester's line is such a leader.
# - leader_in_charge → the head of the organisation: "leader approval" (PRINT-APPROVE,
#   CARRY-APPROVE, DESTROY-APPROVE, DEV-LEND) and "approval" (DEV-STANDALONE) are the head's
#   to give as well.
#
# No walk-up for the rest. The head of the organisation is the top, and the rules that name
# them mean them (CARRY-APPROVE for TOP_SECRET, CARRY-ABROAD, CLS-TERM, PRINT-PLACE, the
# archives of DESTROY-APPROVE, PPL-ABROAD, PUB-REVIEW, PRESS-FOREIGN). The office director
# and the head of the security office are named for their office's function, not their rank
# (ARCH-ACCESS: "the office director's approval"; MEDIA-TAINT, DEV-REPAIR "through the general
# office", MEET-MINUTES, SEAL-LOG). The issuer (CLS-NO-WIDEN, COPY-TS) and the head of the
# lending department (LOAN-APPROVE's other side) are particular people nobody stands in for.
WALK_UP: dict[str, tuple[str, ...]] = {
    "department_head": ("leader_in_charge", "organisation_head"),
    "leader_in_charge": ("organisation_head",),
}

# The post to fill when nobody can approve, and the page (URL name, its navigation label)
# where it is filled.
ORGANISATION_PAGE = ("org", gettext_lazy("Organisation"))
SECURITY_STAFF_PAGE = ("security_staff", gettext_lazy("Security staff"))
POSTS: dict[str, tuple[Callable[[Person], str], tuple[str, object]]] = {
    "department_head": (
        lambda p: _("a head of %(department)s") % {"department": p.department.name},
        ORGANISATION_PAGE,
    ),
    "leader_in_charge": (
        lambda p: _("a leader in charge of %(department)s") % {"department": p.department.name},
        ORGANISATION_PAGE,
    ),
    "organisation_head": (lambda p: _("the head of the organisation"), ORGANISATION_PAGE),
    "office_director": (lambda p: _("a head of the general office"), ORGANISATION_PAGE),
    "security_office_head": (lambda p: _("a head of the security office"), SECURITY_STAFF_PAGE),
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


def _in_chart(kind: str, requester: Person) -> Person | None:
    """The person the org chart names for ``kind`` as seen from the requester, or None."""
    if kind == "department_head":
        return _up(requester, "head")
    if kind == "leader_in_charge":
        return _up(requester, "leader_in_charge")
    if kind == "organisation_head":
        return requester.organisation.head
    if kind == "office_director":
        office = (
            Department.objects.filter(
                organisation_id=requester.organisation_id, is_general_office=True
            )
            .select_related("head")
            .first()
        )
        return office.head if office else None
    if kind == "security_office_head":
        appointment = (
            SecurityAppointment.objects.filter(
                organisation_id=requester.organisation_id,
                role=StaffRole.OFFICE_HEAD,
                until=None,
            )
            .select_related("person")
            .first()
        )
        return appointment.person if appointment else None
    return None


def _stand_in(kind: str, requester: Person) -> Person | None:
    """The first active higher leader of ``WALK_UP[kind]`` who is not the requester."""
    for higher in WALK_UP.get(kind, ()):
        person = _in_chart(higher, requester)
        if person is not None and person.is_active and person.pk != requester.pk:
            return person
    return None


def _nobody(kind: str, requester: Person) -> str:
    """The refusal when nobody may approve for ``kind``: which post to fill, on which page."""
    post = POSTS.get(kind)
    if post is None:
        return _("The organisation chart names no %(kind)s to approve this.") % {
            "kind": KINDS.get(kind, kind)
        }
    name_post, (url_name, page) = post
    return _(
        "Nobody in the organisation chart may approve this as %(kind)s: name %(post)s on "
        "the «%(page)s» page (%(url)s)."
    ) % {
        "kind": KINDS.get(kind, kind),
        "post": name_post(requester),
        "page": page,
        "url": reverse(url_name),
    }


def resolve(
    rule_id: str, kinds: list[str], requester: Person, explicit: dict[str, Person] | None = None
) -> list[tuple[str, Person]]:
    """``(kind, person)`` for each approver key, in order: the person the chart names, else a
    higher leader standing in (``WALK_UP``); refuse with ``rule_id`` when there is nobody,
    saying which post to fill. ``kind`` stays the key asked for, whoever stands in."""
    explicit = explicit or {}
    org = requester.organisation_id
    steps: list[tuple[str, Person]] = []
    for kind in kinds:
        person = explicit[kind] if kind in explicit else _in_chart(kind, requester)
        if person is None or not person.is_active:
            person = _stand_in(kind, requester)
        if person is None:
            book.require(org, rule_id, False, _nobody(kind, requester))
        book.require(
            org,
            rule_id,
            person is None or person.pk != requester.pk,
            _("Nobody approves their own request: you are the %(kind)s who must approve it.")
            % {"kind": KINDS.get(kind, kind)},
        )
        steps.append((kind, person))
    return steps


def rules_by_kind(organisation_id: int) -> dict[str, list[str]]:
    """The rules in force in the organisation that ask each approver key, by rule id: what a
    department head, a leader in charge … approves."""
    asked: dict[str, list[str]] = {}
    for effective in book.rulebook(organisation_id):
        if not effective.enabled:
            continue
        for param in effective.rule.params:
            if param.approvers:
                for kind in effective.params[param.name]:
                    if effective.rule.id not in asked.setdefault(kind, []):
                        asked[kind].append(effective.rule.id)
    return asked


def posts(organisation_id: int) -> list[tuple[Person, list[tuple[str, str]]]]:
    """Each active person the organisation's chart makes an approver, with their posts as
    ``(kind, department name or "")``: the head of the organisation, the department heads, the
    leaders in charge, the director of the general office and the head of the security office."""
    found: dict[int, tuple[Person, list[tuple[str, str]]]] = {}

    def add(person: Person | None, kind: str, where: str = "") -> None:
        if person is not None and person.is_active:
            found.setdefault(person.pk, (person, []))[1].append((kind, where))

    organisation = Organisation.objects.select_related("head").get(pk=organisation_id)
    add(organisation.head, "organisation_head")
    departments = (
        Department.objects.filter(organisation_id=organisation_id)
        .select_related("head", "leader_in_charge")
        .order_by("path")
    )
    for department in departments:
        add(department.head, "department_head", department.name)
        if department.is_general_office:
            add(department.head, "office_director")
    for department in departments:
        add(department.leader_in_charge, "leader_in_charge", department.name)
    appointments = SecurityAppointment.objects.filter(
        organisation_id=organisation_id, role=StaffRole.OFFICE_HEAD, until=None
    ).select_related("person")
    for appointment in appointments:
        add(appointment.person, "security_office_head")
    return list(found.values())
