"""Reads of the exit cases (PPL-EXIT, HANDOVER) for the security office: the case's checklist
(what the person still holds through the holdings seam, the commitment letter, the accounts,
the clearance for a move, the cooling-off period to come) with its next step — the page and
``GET /exit-cases/{id}`` both return it —, the case as one paper for the file, and the
register of the people in their cooling-off period (脱密期人员名册)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, has_permission, require
from baomi.accounts import queries as account_queries
from baomi.core import exports, paper
from baomi.core.errors import NotFound
from baomi.core.levels import Clearance, Level
from baomi.org import holdings
from baomi.people.models import CoolingOff, ExitCase, ExitKind, PostHolding
from baomi.people.policies import EXIT_CASES, OFFICE, POST_HOLDINGS, keeps_files
from baomi.people.queries.cooling_off import (
    REMIND_DAYS,
    cooling_offs,
    days_left,
    years_later,
    years_of,
)

# An open case older than this is flagged (the deadlines, the list).
STUCK_DAYS = 30


def exit_cases(actor: Actor, *, open_only: bool = False) -> QuerySet[ExitCase]:
    """The organisation's exit cases, newest first (the security office's)."""
    require(actor, OFFICE)
    qs = EXIT_CASES.known(actor).select_related("person__department", "commitment")
    if open_only:
        qs = qs.filter(closed_at__isnull=True)
    return qs


def exit_case(actor: Actor, case_id: int) -> ExitCase:
    """One exit case of the actor's organisation; NotFound for any other."""
    found = exit_cases(actor).filter(pk=case_id).first()
    if found is None:
        raise NotFound(_("No such exit case."))
    return found


def open_case_of(actor: Actor, person_id: int) -> ExitCase | None:
    """The person's open exit case, if the actor keeps the files and there is one."""
    if not keeps_files(actor):
        return None
    return exit_cases(actor, open_only=True).filter(person_id=person_id).first()


@dataclass(frozen=True)
class Period:
    """The cooling-off period of a case: the one started, or the one that would start today."""

    clearance: int
    years: int
    starts: datetime.date
    ends: datetime.date
    started: bool

    @property
    def clearance_label(self) -> str:
        return str(Clearance(self.clearance).label)


def is_withdrawn(case: ExitCase) -> bool:
    """A case withdrawn (``operations.exit.withdraw_exit_case``): closed without a linked
    cooling-off period — completing a case (leaving, a move) always starts one, as a case
    opens only for a cleared person."""
    return case.closed_at is not None and not CoolingOff.objects.filter(exit_case=case).exists()


def period(case: ExitCase) -> Period:
    started = CoolingOff.objects.filter(exit_case=case).first()
    years = years_of(case.organisation_id, case.clearance) or 0
    if started is not None:
        return Period(started.clearance, years, started.starts, started.ends, True)
    today = timezone.localdate()
    return Period(case.clearance, years, today, years_later(today, years), False)


@dataclass
class Step:
    """One step of the case's checklist: ``done`` (None: not asked of this case's kind),
    the lines it lists and where to do it."""

    key: str
    label: str
    done: bool | None
    lines: list[str] = field(default_factory=list)
    url: str = ""


@dataclass
class Checklist:
    case: ExitCase
    steps: list[Step]
    period: Period
    held: list[str]
    posts: list[PostHolding]
    withdrawn: bool = False

    @property
    def next_step(self) -> str | None:
        if self.withdrawn:
            return None
        return next((s.key for s in self.steps if s.done is False), None)

    @property
    def ready(self) -> bool:
        """Everything before the last step is done: the case may be completed."""
        return all(s.done is not False for s in self.steps[:-1])


def _accounts(actor: Actor, person_id: int) -> list[str]:
    """The person's working accounts (usernames and roles), for the office that grants roles."""
    if not has_permission(actor, Permission.GRANT_ROLES):
        return []
    return [
        f"{a.username} ({a.get_role_display()})"
        for a in account_queries.accounts(actor).filter(person_id=person_id, is_active=True)
    ]


def checklist(actor: Actor, case_id: int) -> Checklist:
    """The case's steps in order, each done or not, with its lines and where to do it:
    ``handover`` (what the person still holds, live, every domain's lines), ``commitment``
    (the letter), ``accounts`` (closed on leaving; a move keeps them), ``clearance`` (a move:
    lowered to none first), then ``complete`` (marking as left, or completing the move). A
    withdrawn case (``withdrawn``) has no next step and its last step is not done."""
    case = exit_case(actor, case_id)
    person = case.person
    closed = case.closed_at is not None
    withdrawn = is_withdrawn(case)
    held = [] if closed else holdings.held_by(person)
    person_url = reverse("person", args=[person.pk])
    steps = [
        Step(
            "handover",
            _("Everything held handed over (HANDOVER)"),
            closed or not held,
            held,
            reverse("handover_start", args=[person.pk]),
        ),
        Step(
            "commitment",
            _("Commitment letter (保密承诺书) signed"),
            case.commitment_id is not None,
            [],
            reverse("exit_case", args=[case.pk]) + "#commitment",
        ),
    ]
    if case.kind == ExitKind.LEAVE:
        accounts = [] if closed else _accounts(actor, person.pk)
        steps.append(Step("accounts", _("Accounts closed on leaving"), None, accounts))
    else:
        steps.append(
            Step(
                "clearance",
                _("Clearance lowered to none"),
                closed or person.clearance == Clearance.NONE,
                [str(Clearance(person.clearance).label)],
                person_url,
            )
        )
    steps.append(
        Step(
            "complete",
            _("Marked as left") if case.kind == ExitKind.LEAVE else _("Move completed"),
            closed and not withdrawn,
            [],
            reverse("exit_case", args=[case.pk]) + "#complete",
        )
    )
    posts = list(POST_HOLDINGS.known(actor).filter(person=person).select_related("post"))
    return Checklist(case, steps, period(case), held, posts, withdrawn)


def is_stuck(case: ExitCase, moment: datetime.datetime | None = None) -> bool:
    """An open case older than STUCK_DAYS."""
    moment = moment or timezone.now()
    return case.closed_at is None and moment - case.opened_at > datetime.timedelta(STUCK_DAYS)


# ---------------------------------------------------------------- the paper for the file


@dataclass(frozen=True)
class PrintedCase:
    case: ExitCase
    printed: paper.Printed


def printed(actor: Actor, case_id: int) -> PrintedCase:
    """涉密人员离岗（脱密）审查表: the person, their class and posts, what they still hold
    (none once handed over), the commitment letter (day, version, where kept), the accounts
    closed, the 脱密期 from and until, and signature lines for the person and the office;
    marked 内部 (a person's security file). Read as the case page reads it."""
    found = checklist(actor, case_id)
    case, person, term = found.case, found.case.person, found.period
    letter = case.commitment
    organisation = person.organisation.name

    def make() -> paper.Form:
        kind = "离岗（离开本单位）" if case.kind == ExitKind.LEAVE else "调离涉密岗位"
        held_rows = [[str(n), line] for n, line in enumerate(found.held, 1)]
        posts = "；".join(
            f"{h.post.name}（{paper.day_text(h.since)}至{paper.day_text(h.until) or '今'}）"
            for h in found.posts
        )
        accounts = next((s for s in found.steps if s.key == "accounts"), None)
        if accounts is None:
            account_text = "调岗，账户保留"
        elif case.closed_at is not None:
            account_text = "已于离岗时停用"
        else:
            account_text = "标记离岗时停用：" + ("、".join(accounts.lines) or "无")
        blocks: list[Any] = [
            paper.Fields(
                [
                    ("姓名", person.name),
                    ("工号", person.staff_number),
                    ("部门", person.department.name),
                    ("类别", kind),
                    ("涉密等级", str(Clearance(case.clearance).label)),
                    ("立案日期", paper.day_text(timezone.localtime(case.opened_at))),
                    ("涉密岗位", posts or "—"),
                    ("事由", case.reason or "—"),
                ]
            ),
        ]
        if found.withdrawn:
            blocks.append(
                paper.Text(f"本案已于{paper.day_text(timezone.localtime(case.closed_at))}撤销。")
            )
        blocks.append(paper.Text("一、涉密载体、设备及其他物品移交"))
        if held_rows:
            blocks.append(paper.Rows(["序号", "尚未移交"], held_rows, widths=[0.8, 6.0]))
        else:
            blocks.append(paper.Text("已全部移交，无在持物品（见移交清册）。"))
        blocks += [
            paper.Text("二、保密承诺书"),
            paper.Fields(
                [
                    ("签订日期", paper.day_text(letter.signed_on) if letter else "未签订"),
                    ("文本版本", letter.version if letter else "—"),
                    ("存放位置", (letter.kept_in or "扫描件已存档") if letter else "—"),
                    ("扫描件", "有" if letter and letter.scan_type else "无"),
                ]
            ),
            paper.Text("三、账户"),
            paper.Text(account_text),
            paper.Text("四、脱密期"),
            paper.Fields(
                [
                    ("脱密期", f"{term.years}年"),
                    (
                        "起始日期",
                        paper.day_text(term.starts) + ("" if term.started else "（预计）"),
                    ),
                    ("截止日期", paper.day_text(term.ends) + ("" if term.started else "（预计）")),
                    ("状态", "已开始" if term.started else "待开始"),
                ]
            ),
            paper.Text(
                "脱密期内，本人未经审批不得出境，不得到境外驻华机构、组织或者外资企业工作，"
                "不得为境外组织、机构或者人员提供劳务、咨询或者其他服务，继续履行保密义务。"
            ),
            paper.Signatures([("本人", person.name), ("保密办", ""), ("部门负责人", "")]),
        ]
        return paper.Form(
            title="涉密人员离岗（脱密）审查表",
            level=Level.INTERNAL,
            organisation=organisation,
            blocks=tuple(blocks),
        )

    return PrintedCase(case, paper.print_form(make, str(case.pk)))


# ---------------------------------------------------------------- 脱密期人员名册

REGISTER_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("staff_number", gettext_lazy("Staff number")),
    ("department", gettext_lazy("Department")),
    ("clearance", gettext_lazy("Class")),
    ("kind", gettext_lazy("Exit")),
    ("left_on", gettext_lazy("Left on")),
    ("starts", gettext_lazy("Starts")),
    ("ends", gettext_lazy("Ends")),
    ("days_left", gettext_lazy("Days left")),
)
REGISTER_TITLE = gettext_lazy("Register of people in their cooling-off period")


@dataclass(frozen=True)
class RegisterLine:
    cooling: CoolingOff
    kind: str
    left_on: datetime.date | None
    days_left: int
    ending_soon: bool


def register_lines(actor: Actor, today: datetime.date | None = None) -> list[RegisterLine]:
    """Every cooling-off period not yet over, soonest end first, with the exit's kind, the day
    of leaving (its start), the days left and whether it ends within REMIND_DAYS."""
    today = today or timezone.localdate()
    found = (
        cooling_offs(actor)
        .filter(ends__gte=today)
        .select_related("person__department", "exit_case")
    )
    lines = []
    for cooling in found:
        case = cooling.exit_case
        kind = case.get_kind_display() if case is not None else str(ExitKind.LEAVE.label)
        left = days_left(cooling, today)
        lines.append(RegisterLine(cooling, kind, cooling.starts, left, left <= REMIND_DAYS))
    return lines


def register_table(actor: Actor, today: datetime.date | None = None) -> exports.Table:
    """脱密期人员名册 as a ``core.exports.Table`` (the security office's), marked 内部."""
    require(actor, OFFICE)
    today = today or timezone.localdate()
    rows = [
        [
            line.cooling.person.name,
            line.cooling.person.staff_number,
            line.cooling.person.department.name,
            str(Clearance(line.cooling.clearance).label),
            str(line.kind),
            paper.day_text(line.left_on),
            paper.day_text(line.cooling.starts),
            paper.day_text(line.cooling.ends),
            str(line.days_left),
        ]
        for line in register_lines(actor, today)
    ]
    person = getattr(actor, "person", None)
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=person.organisation.name if person is not None else "",
        period=paper.day_text(today),
        columns=[(key, str(header)) for key, header in REGISTER_COLUMNS],
        rows=rows,
        level=Level.INTERNAL,
    )
