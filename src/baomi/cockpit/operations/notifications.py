"""The deadline engine's notifications: reminders before a deadline falls due, escalation when
it is overdue, and reading them.

``notify`` (the installer's shell: ``baomi notify`` from cron, and the server's own ticker)
asks every provider of each organisation for its open deadlines (``seams.deadlines``) and
inserts the notifications not yet made: a provider's queries in the database itself (one
INSERT … SELECT a stage, the people and stages below as conditions on the rows: never a
deadline in Python, however many there are), its few listed deadlines in bulk:

- ``reminder``: the deadline falls due within ``DUE_SOON``; to the person who answers for it.
- ``overdue``: it is overdue; to the person who answers for it (a deadline nobody is named
  for: the head of its department answers).
- ``head``: overdue ``HEAD_AFTER`` or more; to the head of the responsible department (the
  nearest department up the tree that has a head).
- ``office``: overdue ``OFFICE_AFTER`` or more; to the security office: the people appointed
  to it (office head and members, PPL-SECURITY-STAFF) and the accounts that oversee (OVERSEE).

A rule that carries its own escalation (``head_after_days``, ``office_after_days``: INSP-
RECTIFY) is escalated after its organisation's values. Each notification is one row per
(person, stage, rule, subject, due time), kept unique by the database: running ``notify``
twice, even at once, makes each once; a deadline put off to a new due time is notified again.
Only people in post of the deadline's organisation are notified."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import MATRIX, Permission, require_or_installer
from baomi.accounts.models import Account
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.cockpit.models import Notification, Stage
from baomi.cockpit.policies import NOTIFICATIONS
from baomi.core import rules
from baomi.core.errors import InvalidInput, NotFound
from baomi.org.models import (
    Department,
    Employment,
    Organisation,
    Person,
    SecurityAppointment,
    StaffRole,
)
from baomi.rulebook import book
from baomi.seams.deadlines import DEADLINE_PROVIDERS, DUE_SOON, Deadline, DeadlineQuery, State

#: Overdue this long, a deadline escalates to the head of the responsible department.
HEAD_AFTER = datetime.timedelta(days=1)
#: Overdue this long, it escalates to the security office.
OFFICE_AFTER = datetime.timedelta(days=3)
BATCH = 1000

NOTIFIED = register_action("cockpit.notified", gettext_lazy("Deadline notifications sent"))
READ = register_action("cockpit.notifications_read", gettext_lazy("Notifications marked read"))


@dataclass(frozen=True)
class Escalation:
    head_after: datetime.timedelta
    office_after: datetime.timedelta


def escalation(organisation_id: int, rule_id: str) -> Escalation:
    """When a deadline of ``rule_id`` escalates: after the rule's own days when it has them
    (INSP-RECTIFY), else ``HEAD_AFTER`` and ``OFFICE_AFTER``."""
    rule = rules.RULES.get(rule_id)
    names = {p.name for p in rule.params} if rule else set()
    head, office = HEAD_AFTER, OFFICE_AFTER
    if "head_after_days" in names:
        head = datetime.timedelta(days=int(book.param(organisation_id, rule_id, "head_after_days")))
    if "office_after_days" in names:
        days = int(book.param(organisation_id, rule_id, "office_after_days"))
        office = datetime.timedelta(days=days)
    return Escalation(head, office)


class _Organisation:
    """What the notifications of one organisation need, read once: its departments' heads
    (with the tree, to find the nearest head), its security office, its people in post."""

    def __init__(self, organisation_id: int, today: datetime.date) -> None:
        self.id = organisation_id
        rows = Department.objects.filter(organisation_id=organisation_id).values_list(
            "pk", "path", "head_id"
        )
        self.paths = {pk: path for pk, path, _head in rows}
        self.heads = {pk: head for pk, _path, head in rows if head}
        appointed = SecurityAppointment.objects.filter(
            organisation_id=organisation_id,
            role__in=[StaffRole.OFFICE_HEAD, StaffRole.OFFICE_MEMBER],
            since__lte=today,
        ).filter(Q(until=None) | Q(until__gte=today))
        overseers = Account.objects.filter(
            person__organisation_id=organisation_id,
            is_active=True,
            role__in=[role for role, granted in MATRIX.items() if Permission.OVERSEE in granted],
        )
        office = set(appointed.values_list("person_id", flat=True))
        office |= set(overseers.values_list("person_id", flat=True))
        self.in_post = set(
            Person.objects.filter(
                organisation_id=organisation_id, employment=Employment.ACTIVE
            ).values_list("pk", flat=True)
        )
        self.office = sorted(office & self.in_post)
        self._escalations: dict[str, Escalation] = {}

    def head_of(self, department_id: int | None) -> int | None:
        """The head of the department, else of the nearest one above it that has a head."""
        path = self.paths.get(department_id) if department_id else None
        if not path:
            return None
        for ancestor in reversed([int(x) for x in path.strip("/").split("/") if x]):
            if ancestor in self.heads:
                return self.heads[ancestor]
        return None

    def escalation(self, rule_id: str) -> Escalation:
        if rule_id not in self._escalations:
            self._escalations[rule_id] = escalation(self.id, rule_id)
        return self._escalations[rule_id]


def stages(
    deadline: Deadline, moment: datetime.datetime, org: _Organisation
) -> list[tuple[int, str]]:
    """(person, stage) of every notification ``deadline`` calls for at ``moment``; each person
    once, at the first stage that reaches them."""
    state = deadline.state(moment)
    if state not in (State.DUE, State.OVERDUE):
        return []
    head = org.head_of(deadline.department_id)
    answering = deadline.person_id or head
    if state is State.DUE:
        wanted = [(answering, Stage.REMINDER)]
    else:
        late = moment - deadline.due_at
        rule = org.escalation(deadline.rule_id)
        wanted = [(answering, Stage.OVERDUE)]
        if late >= rule.head_after:
            wanted.append((head, Stage.HEAD))
        if late >= rule.office_after or answering is None:
            wanted += [(person, Stage.OFFICE) for person in org.office]
    told: set[int] = set()
    found = []
    for person, stage in wanted:
        if person is None or person in told or person not in org.in_post:
            continue
        told.add(person)
        found.append((person, str(stage)))
    return found


def _rows(
    org: _Organisation, found: Iterable[Deadline], moment: datetime.datetime
) -> list[Notification]:
    """The notifications ``found`` call for at ``moment`` (made or not)."""
    return [
        Notification(
            organisation_id=org.id,
            person_id=person,
            stage=stage,
            rule_id=d.rule_id,
            subject_type=d.subject_type,
            subject_id=d.subject_id,
            due_at=d.due_at,
            responsible_id=d.person_id if d.person_id in org.in_post else None,
            department_id=d.department_id,
            created_at=moment,
        )
        for d in found
        for person, stage in stages(d, moment, org)
    ]


# The columns an INSERT … SELECT fills, by the name of the expression that selects each.
_COLUMNS = {
    "_organisation": "organisation_id",
    "_recipient": "person_id",
    "_stage": "stage",
    "_rule": "rule_id",
    "_type": "subject_type",
    "_subject": "subject_id",
    "_due": "due_at",
    "_responsible": "responsible_id",
    "_dept": "department_id",
    "_created": "created_at",
}


def _queried(org: _Organisation, query: DeadlineQuery, moment: datetime.datetime) -> Counter[str]:
    """Make, in the database, the notifications that ``query``'s deadlines call for at
    ``moment`` and are not made yet: the people and stages ``stages`` gives each deadline,
    as conditions on its rows — one INSERT … SELECT a stage (and a person of the office), the
    unique constraint keeping each once, never a deadline in Python. Answers how many were
    made, by stage."""
    number = BigIntegerField()
    # A typed NULL: PostgreSQL reads a bare one as text when every row of a column is NULL.
    nobody = Cast(Value(None), number)
    people = Person.objects.filter(organisation_id=org.id, employment=Employment.ACTIVE)

    def in_post(column: str) -> Exists:
        # One probe of the people's key a row (PostgreSQL runs an IN of them as a scan).
        return Exists(people.filter(pk=OuterRef(column)))

    rows = query.rows.order_by().annotate(
        _subject=F(query.subject),
        _due=query.due_expression(),
        _person=F(query.person) if query.person else nobody,
        _dept=F(query.department) if query.department else nobody,
    )
    rows = rows.annotate(_head=_head(org, query, nobody))
    rows = rows.annotate(
        _answering=Coalesce(F("_person"), F("_head"), output_field=number),
        _responsible=Case(
            When(in_post("_person"), then=F("_person")), default=nobody, output_field=number
        ),
        _organisation=Value(org.id, number),
        _rule=Value(query.rule_id),
        _type=Value(query.subject_type),
        _created=Value(moment, DateTimeField()),
    )
    rule = org.escalation(query.rule_id)
    overdue = Q(_due__lte=moment)
    headed = Q(_due__lte=moment - rule.head_after)
    told = Q(in_post("_answering"))
    wanted = [
        (Stage.REMINDER, F("_answering"), Q(_due__gt=moment, _due__lte=moment + DUE_SOON) & told),
        (Stage.OVERDUE, F("_answering"), overdue & told),
        # The head once the answering person is not (they were told as that).
        (Stage.HEAD, F("_head"), headed & Q(in_post("_head")) & ~Q(_head=F("_answering"))),
    ]
    office = Q(_due__lte=moment - rule.office_after) | (overdue & Q(_answering=None))
    for person in org.office:
        # Not a person told already: the one answering, the head told as the head.
        not_told = (Q(_answering=None) | ~Q(_answering=person)) & (
            Q(_head=None) | ~Q(_head=person) | ~headed
        )
        wanted.append((Stage.OFFICE, Value(person, number), office & not_told))
    made: Counter[str] = Counter()
    for stage, recipient, condition in wanted:
        selected = rows.filter(condition).annotate(_recipient=recipient, _stage=Value(str(stage)))
        made[str(stage)] += _insert(selected.values(*_COLUMNS))
    return made


def _head(org: _Organisation, query: DeadlineQuery, nobody: Any) -> Any:
    """The head of the rows' department as an expression (``_Organisation.head_of``): the
    department's own head read through its row, else — for the few departments without one —
    the nearest head above it, named outright. (One CASE of every department, evaluated at
    each use on each row, costs PostgreSQL minutes over a million rows.)"""
    if not query.department:
        return nobody
    department = query.department.removesuffix("_id")
    above = [
        When(_dept=d, then=Value(org.head_of(d)))
        for d in org.paths
        if d not in org.heads and org.head_of(d)
    ]
    return Coalesce(
        F(f"{department}__head_id"),
        Case(*above, default=nobody, output_field=BigIntegerField()),
        output_field=BigIntegerField(),
    )


def _insert(selected: QuerySet[Any]) -> int:
    """INSERT the rows ``selected`` (one column each of ``_COLUMNS``) into the notifications,
    those made already skipped by the unique constraint; answers how many were inserted."""
    compiler = selected.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    columns = ", ".join(_COLUMNS[alias] for _expression, _sql, alias in compiler.select)
    # SQLite reads "ON CONFLICT" after a SELECT that has a WHERE clause (ours always has).
    statement = (
        f"INSERT INTO {Notification._meta.db_table} ({columns}) {sql} ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _key(n: Notification) -> tuple[int, str, str, str, int, datetime.datetime]:
    return (n.person_id, n.stage, n.rule_id, n.subject_type, n.subject_id, n.due_at)


@operation
def notify(
    *,
    actor: Actor | None,
    organisation_id: int | None = None,
    moment: datetime.datetime | None = None,
) -> dict[str, int]:
    """Make the notifications that the open deadlines of the organisation call for at
    ``moment`` (now) and are not made yet; ``actor`` None (the installer's shell, the server's
    ticker) may name any organisation, the security office (OVERSEE) only its own. Answers how
    many were made, by stage; one audit event with the counts (never a subject's name)."""
    require_or_installer(actor, Permission.OVERSEE)
    if actor is not None:
        organisation_id = knower(actor).organisation_id
    if organisation_id is None or not Organisation.objects.filter(pk=organisation_id).exists():
        raise InvalidInput(_("No such organisation."), field="organisation_id")
    moment = moment or timezone.now()
    # One run of an organisation at a time: the second waits and then finds the first's rows
    # (its own inserts would be ignored by the unique constraint all the same).
    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values_list("pk"))
    org = _Organisation(organisation_id, timezone.localdate(moment))
    counts: Counter[str] = Counter()
    rules_made: set[str] = set()
    for provider in DEADLINE_PROVIDERS:
        listed = provider.provide(organisation_id, moment) if provider.provide else ()
        made = _listed(org, listed, moment)
        for query in provider.queries(organisation_id, moment) if provider.queries else ():
            made += _queried(org, query, moment)
        if made.total():
            rules_made.add(provider.key)
        counts += made
    answer = {str(s): counts.get(str(s), 0) for s in Stage}
    if rules_made:
        record_event(
            actor=actor,
            action=NOTIFIED,
            organisation_id=organisation_id,
            data={"at": moment.isoformat(), "made": answer, "rules": sorted(rules_made)},
        )
    return answer


def _listed(
    org: _Organisation, found: Iterable[Deadline], moment: datetime.datetime
) -> Counter[str]:
    """Make the notifications the listed deadlines ``found`` (a provider's few) call for at
    ``moment`` and are not made yet; answers how many were made, by stage."""
    wanted = _rows(org, found, moment)
    if not wanted:
        return Counter()
    made = set(
        Notification.objects.filter(
            organisation_id=org.id,
            due_at__gte=min(n.due_at for n in wanted),
            due_at__lte=max(n.due_at for n in wanted),
        ).values_list("person_id", "stage", "rule_id", "subject_type", "subject_id", "due_at")
    )
    new = [n for n in wanted if _key(n) not in made]
    Notification.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    return Counter(n.stage for n in new)


def organisations() -> list[int]:
    """Every organisation, for ``baomi notify`` without ``--organisation``."""
    return list(Organisation.objects.order_by("pk").values_list("pk", flat=True))


@operation
def mark_read(*, actor: Actor, notification_id: int | None = None) -> int:
    """Mark one of the actor's own notifications read, or (``notification_id`` None) every
    unread one; answers how many were marked. Another's notification answers like a missing
    one."""
    mine = NOTIFICATIONS.known(actor)
    if notification_id is not None:
        if not mine.filter(pk=notification_id).exists():
            raise NotFound(_("No such notification."))
        mine = mine.filter(pk=notification_id)
    marked = mine.filter(read_at=None).update(read_at=timezone.now())
    if marked:
        record_event(
            actor=actor,
            action=READ,
            data={"count": marked, "notification": notification_id},
        )
    return marked
