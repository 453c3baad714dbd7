"""Leaving the organisation or moving off a classified post as one case (PPL-EXIT, HANDOVER).

The security office (SET_CLEARANCE) opens the case for a cleared person in post
(``open_exit_case``: kind ``leave`` or ``move``; one open case a person; the clearance at
opening is the class of the cooling-off period), records the commitment letter the person
signed (``record_commitment``: a ``SignedDocument`` of kind ``commitment``, checked by
``_papers``), and completes it:

- ``leave``: by marking the person as left (``org.operations.mark_left``, the hand-over page
  or ``POST /org/people/{id}/left``), whose leaving step (``cooling_off.start_cooling_off``)
  refuses a cleared person without such a case and letter, starts the 脱密期 and closes the
  case; the accounts close in the same transaction (the accounts app's step).
- ``move``: ``complete_move`` — refused while the person holds anything (the holdings seam),
  without the letter, or while they still have a clearance (the office lowers it first on the
  person's page); it ends their classified posts, starts the 脱密期 and closes the case.

``withdraw_exit_case`` withdraws a case opened by mistake (the office, a reason required,
never about oneself): it closes the case without a cooling-off period and records the
withdrawal with its reason; refused once the case is closed or the person has left. The model
keeps no mark of it: a closed case without a linked cooling-off period is a withdrawn one
(``queries.exit.is_withdrawn``; a case opens only for a cleared person, so completing it
always starts a period). A withdrawn case no longer counts for leaving: the leaving step reads
open cases only, so a new case is opened.

``print_exit_case`` prints the case for the file (a ``core.paper`` form) and records the
print; ``export_cooling_off_register`` exports the 脱密期人员名册 and records the export."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require_or_installer
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import exports, paper
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.inputs import control_character
from baomi.core.levels import Clearance
from baomi.core.registers import export_name
from baomi.org import holdings
from baomi.org.models import Person
from baomi.org.operations import refuse_oneself
from baomi.people.models import DocumentKind, ExitCase, ExitKind, PostHolding, SignedDocument
from baomi.people.operations._papers import paper_fields
from baomi.people.operations.cooling_off import begin, facts
from baomi.people.queries import exit as queries
from baomi.rulebook import book

EXIT_OPENED = register_action("people.exit_case_opened", gettext_lazy("Exit case opened"))
COMMITMENT_RECORDED = register_action(
    "people.commitment_recorded", gettext_lazy("Commitment letter recorded")
)
EXIT_WITHDRAWN = register_action("people.exit_case_withdrawn", gettext_lazy("Exit case withdrawn"))
EXIT_PRINTED = register_action("people.exit_case_printed", gettext_lazy("Exit case printed"))
REGISTER_EXPORTED = register_action(
    "people.cooling_off_register_exported",
    gettext_lazy("Register of people in their cooling-off period exported"),
)

MAX_REASON = 500


def _person(actor: Actor | None, person_id: int) -> Person:
    """The person, locked; another organisation's answers as a missing one."""
    person = Person.objects.select_for_update().filter(pk=person_id).first()
    if person is None or (
        actor is not None and actor_organisation_id(actor) != person.organisation_id
    ):
        raise NotFound(_("No such person."))
    return person


def _case(actor: Actor | None, case_id: int) -> ExitCase:
    """The exit case, locked; another organisation's answers as a missing one."""
    case = ExitCase.objects.select_for_update().filter(pk=case_id).first()
    if case is None or (actor is not None and actor_organisation_id(actor) != case.organisation_id):
        raise NotFound(_("No such exit case."))
    return case


def _reason(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput(_("Give a text."), field="reason")
    value = value.strip()
    if len(value) > MAX_REASON:
        raise InvalidInput(
            _("At most %(limit)d characters.") % {"limit": MAX_REASON}, field="reason"
        )
    if code := control_character(value, multiline=False):
        raise InvalidInput(
            _("The text cannot hold the control character %(code)s.") % {"code": code},
            field="reason",
        )
    return value


@operation
def open_exit_case(*, actor: Actor | None, person_id: int, kind: str, reason: str = "") -> ExitCase:
    """Open the exit case of a cleared person in post (PPL-EXIT): ``kind`` ``leave`` (leaving
    the organisation) or ``move`` (moving off a classified post). One open case a person
    (409 for a second); the clearance now is the class of the cooling-off period to come.
    Nobody opens their own."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    if kind not in ExitKind.values:
        raise InvalidInput(_("Choose leaving or moving off a classified post."), field="kind")
    reason = _reason(reason)
    person = _person(actor, person_id)
    refuse_oneself(actor, person.pk, _("Nobody opens their own exit case."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    book.require(
        person.organisation_id,
        "PPL-EXIT",
        person.clearance != Clearance.NONE,
        _("%(name)s holds no clearance: they leave or change post without an exit case.")
        % {"name": person.name},
    )
    if ExitCase.objects.filter(person=person, closed_at__isnull=True).exists():
        raise Conflict(_("%(name)s has an open exit case already.") % {"name": person.name})
    case = ExitCase.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        clearance=person.clearance,
        reason=reason,
        opened_by=getattr(actor, "person", None),
    )
    record_event(
        actor=actor,
        action=EXIT_OPENED,
        subject=case,
        organisation_id=person.organisation_id,
        data={"rule": "PPL-EXIT", "kind": kind, "person": person.pk, "clearance": case.clearance},
    )
    return case


@operation
def record_commitment(
    *,
    actor: Actor | None,
    case_id: int,
    signed_on: Any,
    version: Any,
    kept_in: Any = "",
    scan: bytes | None = None,
    scan_name: str | None = None,
) -> ExitCase:
    """Record the commitment letter (保密承诺书) the person of an open exit case signed
    (PPL-EXIT): the day, the version of the text and the scanned paper or where the paper is
    kept (``_papers.paper_fields``, refusals naming the field). Recording it again replaces the
    case's letter (a corrected record); both stay in the person's file."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    case = _case(actor, case_id)
    refuse_oneself(actor, case.person_id, _("Nobody records their own commitment letter."))
    if case.closed_at is not None:
        raise Conflict(_("The exit case is closed."))
    fields = paper_fields(
        signed_on=signed_on, version=version, kept_in=kept_in, scan=scan, scan_name=scan_name
    )
    letter = SignedDocument.objects.create(
        organisation_id=case.organisation_id,
        person_id=case.person_id,
        kind=DocumentKind.COMMITMENT,
        recorded_by=getattr(actor, "person", None),
        **fields,
    )
    replaced = case.commitment_id
    case.commitment = letter
    case.save(update_fields=["commitment"])
    record_event(
        actor=actor,
        action=COMMITMENT_RECORDED,
        subject=case,
        organisation_id=case.organisation_id,
        data={
            "rule": "PPL-EXIT",
            "document": letter.pk,
            "signed_on": letter.signed_on.isoformat(),
            "scan": bool(letter.scan_type),
            "replaced": replaced,
        },
    )
    return case


@operation
def complete_move(*, actor: Actor | None, case_id: int) -> ExitCase:
    """Complete the case of a person moving off a classified post (PPL-EXIT, HANDOVER): refused
    while they still hold anything (listed), without the commitment letter, or while they
    still have a clearance (lowered first on the person's page). Their classified posts end
    today, the cooling-off period of the class at opening starts, the case closes. The
    period's facts are kept on the case returned (``case.cooling_facts``)."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    case = _case(actor, case_id)
    person = _person(actor, case.person_id)
    refuse_oneself(actor, person.pk, _("Nobody completes their own exit case."))
    if case.closed_at is not None:
        raise Conflict(_("The exit case is closed."))
    if case.kind != ExitKind.MOVE:
        raise Conflict(
            _("A case of leaving is completed by marking the person as left (HANDOVER).")
        )
    organisation_id = person.organisation_id
    held = holdings.held_by(person)
    book.require(
        organisation_id,
        "PPL-EXIT",
        not held,
        _("%(name)s still holds %(items)s: hand everything over before completing the move.")
        % {"name": person.name, "items": "; ".join(held)},
    )
    book.require(
        organisation_id,
        "PPL-EXIT",
        case.commitment_id is not None,
        _("%(name)s has not signed the commitment letter (保密承诺书): record it first.")
        % {"name": person.name},
    )
    book.require(
        organisation_id,
        "PPL-EXIT",
        person.clearance == Clearance.NONE,
        _(
            "%(name)s still has a clearance: the security office lowers it to none on the "
            "person's page first, then completes the move."
        )
        % {"name": person.name},
    )
    today = timezone.localdate()
    PostHolding.objects.filter(person=person, until__isnull=True).update(until=today)
    cooling, years = begin(actor=actor, case=case, person=person)
    case.cooling_facts = facts(cooling, years)
    return case


@operation
def withdraw_exit_case(*, actor: Actor | None, case_id: int, reason: Any) -> ExitCase:
    """Withdraw an open exit case opened by mistake (PPL-EXIT): the security office, with a
    reason (a line of at most MAX_REASON characters); 409 once the case is closed or the
    person has left; nobody withdraws a case about themselves (ROLE-SEPARATION). The case
    closes without a cooling-off period; the withdrawal and its reason are recorded."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    reason = _reason(reason)
    if not reason:
        raise InvalidInput(_("Say why the case is withdrawn."), field="reason")
    case = _case(actor, case_id)
    person = _person(actor, case.person_id)
    refuse_oneself(actor, person.pk, _("Nobody withdraws their own exit case."))
    if case.closed_at is not None:
        raise Conflict(_("The exit case is closed."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    case.closed_at = timezone.now()
    case.save(update_fields=["closed_at"])
    record_event(
        actor=actor,
        action=EXIT_WITHDRAWN,
        subject=case,
        organisation_id=case.organisation_id,
        data={"rule": "PPL-EXIT", "kind": case.kind, "person": person.pk, "reason": reason},
    )
    return case


@operation
def print_exit_case(*, actor: Actor, case_id: int) -> paper.Printed:
    """The exit case as one paper for the file (PPL-EXIT), read as the case page reads it
    ("not found" for a case the actor may not know); the print is recorded."""
    printed = queries.printed(actor, case_id)
    record_event(
        actor=actor,
        action=EXIT_PRINTED,
        subject=printed.case,
        data={"rule": "PPL-EXIT", "form": "exit_case", "level": printed.printed.form.level},
    )
    return printed.printed


@operation
def export_cooling_off_register(
    *, actor: Actor, file_format: str, today: datetime.date | None = None
) -> exports.Export:
    """The 脱密期人员名册 as an .xlsx or PDF file (the security office); the export is recorded
    with its format and number of lines."""
    exports.require_format(file_format)
    table = queries.register_table(actor, today=today)
    exported = exports.export_file(table, file_format, export_name(str(table.title), file_format))
    record_event(
        actor=actor,
        action=REGISTER_EXPORTED,
        data={"rule": "PPL-EXIT", "format": file_format, "lines": len(table.rows)},
    )
    return exported
