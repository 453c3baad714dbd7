"""The people's files' and the organisation chart's answers to the self-inspection checklist
and to the accreditation self-score (``seams.evidence``, INSP-CHECKLIST): each one query over
the records of the scope (a department with its sub-departments, and/or one person) limited
to ``MOST_FACTS`` rows, plus a count when the list is full; each fact links to the person's
page, or to the page where a department's record is kept.

- ``people.commitments`` (保密承诺书签订): cleared people in post without a signed
  confidentiality agreement (PPL-VET).
- ``people.security_office``: the security office set up (PPL-SECURITY-STAFF): a head of the
  security office, a security committee (a chair and at least one member), a security officer
  for every department — current appointments of people in post.
- ``people.letters``: the responsibility letters of the year signed with every department head
  (RESP-ANNUAL).
- ``people.training``: cleared people short of the minimum class hours in the last complete
  year (PPL-TRAINING).
- ``people.self_checks``: monthly self-checks missing over the last three complete months
  (PPL-SELFCHECK).
- ``people.vetting``: cleared people without a passed vetting on record (PPL-VET).
- ``people.exit``: leavers without a commitment letter or whose cooling-off period is not
  tracked (PPL-EXIT).
- ``people.assessment``: departments not assessed this year (RESP-ASSESS)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core.levels import Clearance
from baomi.org.models import (
    Department,
    Employment,
    Organisation,
    Person,
    SecurityAppointment,
    StaffRole,
)
from baomi.people.models import (
    Assessment,
    ClearanceChange,
    CoolingOff,
    DocumentKind,
    SignedDocument,
    Vetting,
    VettingResult,
)
from baomi.people.queries.figures import in_effect, missing_in, start_of
from baomi.people.queries.self_checks import add_months
from baomi.people.queries.training import min_hours, with_hours
from baomi.rulebook import book
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found

MORE = gettext_lazy("… and %(n)s more")


def _scoped(people: QuerySet[Person], scope: Scope) -> QuerySet[Person]:
    """``people`` inside the scope: the department with its sub-departments, and/or the one
    person."""
    if scope.department_path:
        people = people.filter(department__path__startswith=scope.department_path)
    if scope.person_id:
        people = people.filter(pk=scope.person_id)
    return people


def _departments(organisation_id: int, scope: Scope) -> QuerySet[Department]:
    """The departments of the scope (a person's scope: theirs and those below it are not
    asked, so none)."""
    found = Department.objects.filter(organisation_id=organisation_id)
    if scope.department_path:
        found = found.filter(path__startswith=scope.department_path)
    if scope.person_id:
        found = found.none()
    return found


def _limited(rows: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first ``MOST_FACTS`` rows and the count of all of them (a second query only when
    the list is full)."""
    listed = list(rows[:MOST_FACTS])
    return listed, len(listed) if len(listed) < MOST_FACTS else rows.count()


def _cleared(organisation_id: int, scope: Scope) -> QuerySet[Person]:
    return _scoped(
        Person.objects.filter(organisation_id=organisation_id, employment=Employment.ACTIVE)
        .exclude(clearance=Clearance.NONE)
        .select_related("department"),
        scope,
    ).order_by("department__path", "name", "pk")


def _person_fact(person: Person, text: str, **values: Any) -> Fact:
    return Fact(
        text % {"name": person.name, "department": person.department.name, **values},
        reverse("person", args=[person.pk]),
    )


def commitments(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Cleared people in post without a signed confidentiality agreement by ``moment``."""
    people = _cleared(organisation_id, scope).exclude(
        Exists(
            SignedDocument.objects.filter(
                person_id=OuterRef("pk"),
                kind=DocumentKind.AGREEMENT,
                signed_on__lte=timezone.localdate(moment),
            )
        )
    )
    rows, total = _limited(people)
    text = _("%(name)s (%(department)s): no signed confidentiality agreement on file")
    return found([_person_fact(p, text) for p in rows], total, MORE)


def security_office(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """PPL-SECURITY-STAFF: the appointments current on ``moment``'s day (begun, not ended
    before it) of people in post. For the whole organisation: a head of the security office, a
    chair of the security committee and at least one member; for every department of the
    scope: a security officer (兼职保密员). A person's scope asks nothing. One aggregate and one
    query of the departments (+ a count)."""
    today = timezone.localdate(moment)
    current = SecurityAppointment.objects.filter(
        Q(until__isnull=True) | Q(until__gte=today),
        organisation_id=organisation_id,
        since__lte=today,
        person__employment=Employment.ACTIVE,
    )
    staff = reverse("security_staff")
    facts: list[Fact] = []
    if not scope.department_path and not scope.person_id:
        counted = current.aggregate(
            **{role.value: Count("pk", filter=Q(role=role)) for role in StaffRole}
        )
        wanted = (
            (StaffRole.OFFICE_HEAD, _("No head of the security office appointed")),
            (StaffRole.COMMITTEE_CHAIR, _("No chair of the security committee appointed")),
            (StaffRole.COMMITTEE_MEMBER, _("No member of the security committee appointed")),
        )
        facts += [Fact(text, staff) for role, text in wanted if not counted[role.value]]
    departments = (
        _departments(organisation_id, scope)
        .exclude(
            Exists(current.filter(role=StaffRole.DEPARTMENT_OFFICER, department_id=OuterRef("pk")))
        )
        .order_by("path")
    )
    rows, total = _limited(departments)
    text = _("%(department)s: no department security officer appointed")
    facts += [Fact(text % {"department": d.name}, staff) for d in rows]
    return found(facts, total + len(facts) - len(rows), MORE)


def letters_year(organisation_id: int, day: datetime.date) -> int:
    """The latest year whose responsibility letters are due by ``day`` (RESP-ANNUAL): this
    year once its ``due_month`` has ended, else last year."""
    month = int(book.param(organisation_id, "RESP-ANNUAL", "due_month"))
    return day.year if day.month > month else day.year - 1


def letters(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """RESP-ANNUAL: the departments of the scope without a responsibility letter in effect
    (both signed) for the latest year due (``letters_year``) between the head of the
    organisation and the department's head, both as the chart stands: a department without a
    head is listed (nobody can sign for it), one headed by the head of the organisation owes
    none. One query (+ a count)."""
    year = letters_year(organisation_id, timezone.localdate(moment))
    head = Organisation.objects.filter(pk=organisation_id).values("head_id")
    departments = (
        _departments(organisation_id, scope)
        .select_related("head")
        .annotate(organisation_head=Subquery(head))
        .exclude(head_id=F("organisation_head"))
        .exclude(in_effect(year))
        .order_by("path")
    )
    rows, total = _limited(departments)
    url = f"{reverse('letters')}?{urlencode({'year': year})}"
    facts = [
        Fact(
            _("%(department)s: no department head set, so no responsibility letter")
            % {"department": d.name}
            if d.head is None
            else _("%(department)s: no responsibility letter of %(year)s in effect with %(head)s")
            % {"department": d.name, "year": year, "head": d.head.name},
            url,
        )
        for d in rows
    ]
    return found(facts, total, MORE)


def training(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """PPL-TRAINING: the cleared people in post of the scope whose class hours attended in the
    last complete calendar year (before ``moment``'s) are under ``min_hours`` — not counting
    one cleared (from "not cleared") only after that year. One query (+ a count)."""
    year = timezone.localdate(moment).year - 1
    minimum = min_hours(organisation_id)
    people = (
        with_hours(_cleared(organisation_id, scope), year)
        .filter(training_hours__lt=minimum)
        .exclude(
            Exists(
                ClearanceChange.objects.filter(
                    person_id=OuterRef("pk"),
                    old=Clearance.NONE,
                    changed_at__gte=start_of(datetime.date(year + 1, 1, 1)),
                ).exclude(new=Clearance.NONE)
            )
        )
    )
    rows, total = _limited(people)
    text = _("%(name)s (%(department)s): %(hours)s of %(minimum)s class hours in %(year)s")
    facts = [
        _person_fact(p, text, hours=p.training_hours, minimum=minimum, year=year) for p in rows
    ]
    return found(facts, total, MORE)


def self_checks(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """PPL-SELFCHECK: the cleared people in post of the scope who did not file the self-check
    of one of the three complete months before ``moment``'s month (not counting a month that
    ended before they were last cleared, ``figures.missing_in``). One query (+ a count)."""
    first = timezone.localdate(moment).replace(day=1)
    months = [add_months(first, -n) for n in (3, 2, 1)]
    missing = {f"missing_{n}": missing_in(m) for n, m in enumerate(months)}
    any_missing = Q(pk__in=[])
    for condition in missing.values():
        any_missing |= condition
    people = (
        _cleared(organisation_id, scope)
        .filter(any_missing)
        .annotate(
            **{k: ExpressionWrapper(c, output_field=BooleanField()) for k, c in missing.items()}
        )
    )
    rows, total = _limited(people)
    text = _("%(name)s (%(department)s): no self-check for %(months)s")
    facts = [
        _person_fact(
            p,
            text,
            months="、".join(
                f"{m:%Y-%m}" for n, m in enumerate(months) if getattr(p, f"missing_{n}")
            ),
        )
        for p in rows
    ]
    return found(facts, total, MORE)


def vetting(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """PPL-VET: the cleared people in post of the scope without a passed vetting (上岗前资格审查)
    reviewed on or before ``moment``'s day. One query (+ a count)."""
    people = _cleared(organisation_id, scope).exclude(
        Exists(
            Vetting.objects.filter(
                person_id=OuterRef("pk"),
                result=VettingResult.PASSED,
                reviewed_on__lte=timezone.localdate(moment),
            )
        )
    )
    rows, total = _limited(people)
    text = _("%(name)s (%(department)s): no passed vetting on record")
    return found([_person_fact(p, text) for p in rows], total, MORE)


def exits(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """PPL-EXIT: the leavers of the scope — people who left the organisation with a clearance
    class, and anyone with a cooling-off period on record (a move off a classified post) —
    without a signed commitment letter (保密承诺书) on file by ``moment``'s day, or without a
    cooling-off period tracked. One query (+ a count)."""
    committed = Exists(
        SignedDocument.objects.filter(
            person_id=OuterRef("pk"),
            kind=DocumentKind.COMMITMENT,
            signed_on__lte=timezone.localdate(moment),
        )
    )
    tracked = Exists(CoolingOff.objects.filter(person_id=OuterRef("pk")))
    people = (
        _scoped(Person.objects.filter(organisation_id=organisation_id), scope)
        .filter((Q(employment=Employment.LEFT) & ~Q(clearance=Clearance.NONE)) | Q(tracked))
        .annotate(committed=committed, tracked=tracked)
        .filter(Q(committed=False) | Q(tracked=False))
        .select_related("department")
        .order_by("department__path", "name", "pk")
    )
    rows, total = _limited(people)
    facts = [
        _person_fact(
            p,
            _("%(name)s (%(department)s): left without a commitment letter on file")
            if p.tracked
            else _("%(name)s (%(department)s): left without a cooling-off period tracked")
            if p.committed
            else _(
                "%(name)s (%(department)s): left without a commitment letter on file "
                "or a cooling-off period tracked"
            ),
        )
        for p in rows
    ]
    return found(facts, total, MORE)


def assessment(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """RESP-ASSESS: the departments of the scope with no assessment (monthly or yearly) of a
    period starting in ``moment``'s calendar year — every department but one headed by the head
    of the organisation (it signs no letter to be assessed against). One query (+ a count)."""
    year = timezone.localdate(moment).year
    head = Organisation.objects.filter(pk=organisation_id).values("head_id")
    departments = (
        _departments(organisation_id, scope)
        .annotate(organisation_head=Subquery(head))
        .exclude(head_id=F("organisation_head"))
        .exclude(
            Exists(
                Assessment.objects.filter(
                    department_id=OuterRef("pk"),
                    starts__gte=datetime.date(year, 1, 1),
                    starts__lte=datetime.date(year, 12, 31),
                )
            )
        )
        .order_by("path")
    )
    rows, total = _limited(departments)
    text = _("%(department)s: not assessed in %(year)s")
    url = reverse("assessments")
    return found(
        [Fact(text % {"department": d.name, "year": year}, url) for d in rows], total, MORE
    )


PROVIDERS = (
    EvidenceProvider("people.commitments", gettext_lazy("Commitment letters signed"), commitments),
    EvidenceProvider(
        "people.security_office",
        gettext_lazy("Security office, committee and department officers appointed"),
        security_office,
    ),
    EvidenceProvider(
        "people.letters",
        gettext_lazy("Responsibility letters signed with department heads"),
        letters,
    ),
    EvidenceProvider(
        "people.training", gettext_lazy("Training hours of cleared people last year"), training
    ),
    EvidenceProvider("people.self_checks", gettext_lazy("Monthly self-checks filed"), self_checks),
    EvidenceProvider("people.vetting", gettext_lazy("Cleared people vetted"), vetting),
    EvidenceProvider(
        "people.exit", gettext_lazy("Leavers' commitment letters and cooling-off periods"), exits
    ),
    EvidenceProvider(
        "people.assessment", gettext_lazy("Departments assessed this year"), assessment
    ),
)
