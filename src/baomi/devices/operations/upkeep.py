"""Looking after the computers (RULES.md §7): antivirus updates, and infections that stop a
computer until the security office clears it (DEV-AV); backups of important files, due
``per_month`` times a month (DEV-BACKUP); classified data processed on a standalone machine
on a leader's approval, then deleted and the machine treated (DEV-STANDALONE); departments'
reviews of their stored data, an unexplained change being reported (DEV-INTEGRITY).
Custodians record these on their own computers, the security officer on any."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, has_permission
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.text import fitted_text
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import (
    Asset,
    Backup,
    Infection,
    IntegrityReview,
    Network,
    StandaloneUse,
)
from baomi.devices.operations._common import (
    acting_person,
    computer_user,
    in_standalone_use,
    is_infected,
    keeper,
    lock_asset,
    raise_alert,
    remember,
    require_kept,
)
from baomi.org.models import Department, Person
from baomi.rulebook import book

AV_UPDATED = register_action("devices.av_updated", gettext_lazy("Antivirus updated"))
INFECTION_REPORTED = register_action(
    "devices.infection_reported", gettext_lazy("Virus infection reported")
)
INFECTION_CLEARED = register_action(
    "devices.infection_cleared", gettext_lazy("Virus infection cleared")
)
BACKED_UP = register_action("devices.backed_up", gettext_lazy("Backup recorded"))
STANDALONE_STARTED = register_action(
    "devices.standalone_started", gettext_lazy("Standalone processing started")
)
STANDALONE_FINISHED = register_action(
    "devices.standalone_finished", gettext_lazy("Standalone processing finished")
)
INTEGRITY_REVIEWED = register_action(
    "devices.integrity_reviewed", gettext_lazy("Data integrity review recorded")
)


def _not_after_today(value: Any, field: str) -> datetime.date:
    if not isinstance(value, datetime.date) or value > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), field=field)
    return value


def _own_computer(actor: Actor, computer_id: int) -> tuple[Person, Asset]:
    """Who acts and the computer, locked and still in the ledger: its custodian or the
    security officer."""
    person, computer = computer_user(actor, computer_id)
    computer = lock_asset(computer.organisation_id, computer.pk)
    require_kept(computer)
    return person, computer


@operation
def record_av_update(
    *,
    actor: Actor,
    computer_id: int,
    signatures_on: datetime.date,
    product: str | None = None,
) -> Asset:
    """Record that the antivirus signatures of a computer were updated (DEV-AV), and the
    product when it changed; the date never goes back."""
    _person, computer = _own_computer(actor, computer_id)
    signatures_on = _not_after_today(signatures_on, "signatures_on")
    before = {
        "antivirus": computer.antivirus,
        "av_signatures_on": computer.av_signatures_on and computer.av_signatures_on.isoformat(),
    }
    if computer.av_signatures_on and signatures_on < computer.av_signatures_on:
        raise Conflict(
            _("The signatures are already dated %(date)s.") % {"date": computer.av_signatures_on}
        )
    if product is not None:
        computer.antivirus = fitted_text(product, "antivirus", Asset, required=True)
    if not computer.antivirus:
        raise InvalidInput(_("Name the antivirus product."), field="product")
    computer.av_signatures_on, computer.updated_at = signatures_on, timezone.now()
    computer.save(update_fields=["antivirus", "av_signatures_on", "updated_at"])
    after = {"antivirus": computer.antivirus, "av_signatures_on": signatures_on.isoformat()}
    remember(computer, actor=actor, action="av_updated", data={"from": before, "to": after})
    record_event(
        actor=actor,
        action=AV_UPDATED,
        subject=computer,
        data={"from": before, "to": after, "rule": "DEV-AV"},
    )
    return computer


@operation
def report_infection(*, actor: Actor, computer_id: int, virus: str) -> Infection:
    """Report a virus found on a computer (DEV-AV): the computer stops being used (media
    uses and standalone processing on it are refused) until the security office clears it,
    and the office gets an alert."""
    _person, computer = _own_computer(actor, computer_id)
    virus = fitted_text(virus, "virus", Infection, required=True)
    infection = Infection.objects.create(
        organisation_id=computer.organisation_id,
        asset=computer,
        virus=virus,
        found_at=timezone.now(),
        reported_by=actor,
    )
    raise_alert(
        computer.organisation_id,
        rule_id="DEV-AV",
        description=_("%(virus)s found on %(number)s: out of use until cleared.")
        % {"virus": virus, "number": computer.number},
        actor=actor,
        asset=computer,
    )
    remember(computer, actor=actor, action="infected", note=virus, data={"infection": infection.pk})
    record_event(
        actor=actor,
        action=INFECTION_REPORTED,
        subject=computer,
        data={"infection": infection.pk, "virus": virus, "rule": "DEV-AV"},
    )
    return infection


@operation
def clear_infection(*, actor: Actor, infection_id: int, treatment: str) -> Infection:
    """The security office clears an infection with what was done; the computer may be used
    again."""
    org = keeper(actor).organisation_id
    infection = (
        Infection.objects.select_for_update().filter(pk=infection_id, organisation_id=org).first()
    )
    if infection is None:
        raise NotFound(_("No such infection."))
    if infection.cleared_at is not None:
        raise Conflict(_("This infection has already been cleared."))
    computer = lock_asset(org, infection.asset_id)
    infection.treatment = fitted_text(treatment, "treatment", Infection, required=True)
    infection.cleared_at, infection.cleared_by = timezone.now(), actor
    infection.save(update_fields=["treatment", "cleared_at", "cleared_by"])
    remember(
        computer,
        actor=actor,
        action="infection_cleared",
        note=infection.treatment,
        data={"infection": infection.pk},
    )
    record_event(
        actor=actor,
        action=INFECTION_CLEARED,
        subject=computer,
        data={"infection": infection.pk, "rule": "DEV-AV"},
    )
    return infection


@operation
def record_backup(*, actor: Actor, computer_id: int, on: datetime.date, target: str) -> Backup:
    """Record a backup of a computer's important files, and where to (DEV-BACKUP)."""
    _person, computer = _own_computer(actor, computer_id)
    on = _not_after_today(on, "on")
    target = fitted_text(target, "target", Backup, required=True)
    backup = Backup.objects.create(
        organisation_id=computer.organisation_id,
        asset=computer,
        on=on,
        target=target,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    if computer.last_backup_on is None or on > computer.last_backup_on:
        computer.last_backup_on = on
        computer.save(update_fields=["last_backup_on"])
    # The target is free text that may name another item (a medium's number): it stays in
    # the backup's record; the history line says only that a backup was made (DEV-BACKUP,
    # CLS-MAC: history notes carry no other item's identifying text).
    remember(
        computer,
        actor=actor,
        action="backed_up",
        data={"backup": backup.pk, "on": on.isoformat()},
    )
    record_event(
        actor=actor,
        action=BACKED_UP,
        subject=computer,
        data={"backup": backup.pk, "on": on.isoformat(), "rule": "DEV-BACKUP"},
    )
    return backup


def _standalone(
    actor: Actor, computer_id: int, level: Any, purpose: str
) -> tuple[Asset, dict[str, Any], str]:
    """The computer, locked, fit for processing data of ``level`` on its own
    (DEV-STANDALONE): classified at that level or above, on no network, without wireless,
    at hand, not infected (DEV-AV), not already in such use; the person's clearance covers
    the level. With the approval's identity."""
    person, computer = _own_computer(actor, computer_id)
    if isinstance(level, bool) or level not in (Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET):
        raise InvalidInput(_("Choose a classified level."), field="level")
    purpose = fitted_text(purpose, "purpose", StandaloneUse, required=True)
    org = computer.organisation_id
    book.require(
        org,
        "DEV-STANDALONE",
        level <= person.clearance,
        _("Your clearance does not cover %(level)s data.") % {"level": Level(level).label},
    )
    why = None
    if computer.level < level:
        why = _("%(number)s is not classified for %(level)s data.")
    elif computer.network != Network.NONE or computer.wireless:
        why = _("%(number)s is not a standalone machine: it is on a network or has wireless.")
    elif computer.status not in LEDGER_STATUSES:
        why = _("%(number)s is not at hand.")
    elif in_standalone_use(computer):
        why = _("%(number)s is already in standalone use; that use is finished first.")
    book.require(
        org,
        "DEV-STANDALONE",
        why is None,
        (why or "") % {"number": computer.number, "level": Level(level).label},
    )
    book.require(
        org,
        "DEV-AV",
        not is_infected(computer),
        _("%(number)s is infected and out of use until cleared.") % {"number": computer.number},
    )
    identity = {
        "rule_id": "DEV-STANDALONE",
        "operation_name": "standalone",
        "subject": ("devices.asset", computer.pk),
        "params": {"level": int(level), "person": person.pk},
    }
    return computer, identity, purpose


@operation
def request_standalone(
    *, actor: Actor, computer_id: int, level: int, purpose: str
) -> ApprovalRequest:
    """Ask the leader in charge to approve processing classified data on a standalone
    computer (DEV-STANDALONE)."""
    _computer, identity, purpose = _standalone(actor, computer_id, level, purpose)
    return open_request(actor=actor, reason=purpose, **identity)


@operation
def start_standalone(*, actor: Actor, computer_id: int, level: int, purpose: str) -> StandaloneUse:
    """Begin the approved processing (DEV-STANDALONE); the computer's network and wireless
    stay as they are until it is finished."""
    computer, identity, purpose = _standalone(actor, computer_id, level, purpose)
    approval = consume_approval(actor=actor, **identity)
    use = StandaloneUse.objects.create(
        organisation_id=computer.organisation_id,
        computer=computer,
        person_id=identity["params"]["person"],
        level=level,
        purpose=purpose,
        approval=approval,
        started_at=timezone.now(),
        started_by=actor,
    )
    remember(
        computer,
        actor=actor,
        action="standalone_started",
        person=use.person,
        note=purpose,
        data={"standalone": use.pk, "level": level},
    )
    record_event(
        actor=actor,
        action=STANDALONE_STARTED,
        subject=computer,
        data={
            "standalone": use.pk,
            "level": level,
            "approval_id": approval.pk,
            "rule": "DEV-STANDALONE",
        },
    )
    return use


@operation
def finish_standalone(*, actor: Actor, use_id: int, treatment: str) -> StandaloneUse:
    """Close a standalone use with the deletion of the data and the technical treatment of
    the machine (DEV-STANDALONE), by its user or the security officer."""
    officer = has_permission(actor, Permission.MANAGE_DEVICES)
    person = keeper(actor) if officer else acting_person(actor)
    use = (
        StandaloneUse.objects.select_for_update()
        .filter(pk=use_id, organisation_id=person.organisation_id)
        .first()
    )
    if use is None or not (officer or use.person_id == person.pk):
        raise NotFound(_("No such standalone use."))
    if use.finished_at is not None:
        raise Conflict(_("This standalone use is already finished."))
    treatment = fitted_text(treatment, "treatment", StandaloneUse, required=False)
    book.require(
        person.organisation_id,
        "DEV-STANDALONE",
        bool(treatment),
        _("Record how the data was deleted and the machine treated."),
    )
    use.treatment, use.finished_at, use.finished_by = treatment, timezone.now(), actor
    use.save(update_fields=["treatment", "finished_at", "finished_by"])
    computer = lock_asset(person.organisation_id, use.computer_id)
    remember(
        computer,
        actor=actor,
        action="standalone_finished",
        note=treatment,
        data={"standalone": use.pk},
    )
    record_event(
        actor=actor,
        action=STANDALONE_FINISHED,
        subject=computer,
        data={"standalone": use.pk, "rule": "DEV-STANDALONE"},
    )
    return use


@operation
def record_integrity_review(
    *,
    actor: Actor,
    department_id: int,
    reviewed_on: datetime.date,
    findings: str,
    anomaly: bool = False,
) -> IntegrityReview:
    """Record a department's review of the files and data it keeps on computers
    (DEV-INTEGRITY), by one of its people or the security officer. An unexplained
    modification, move or deletion is reported to the security office as an alert."""
    officer = has_permission(actor, Permission.MANAGE_DEVICES)
    person = keeper(actor) if officer else acting_person(actor)
    department = Department.objects.filter(
        pk=department_id, organisation_id=person.organisation_id
    ).first()
    if department is None or not (officer or department.pk == person.department_id):
        raise NotFound(_("No such department."))
    reviewed_on = _not_after_today(reviewed_on, "reviewed_on")
    findings = fitted_text(findings, "findings", IntegrityReview, required=True)
    alert = None
    if anomaly:
        alert = raise_alert(
            person.organisation_id,
            rule_id="DEV-INTEGRITY",
            description=_("%(department)s: unexplained change of stored data: %(findings)s")
            % {"department": department.name, "findings": findings},
            actor=actor,
        )
    review = IntegrityReview.objects.create(
        organisation_id=person.organisation_id,
        department=department,
        reviewed_on=reviewed_on,
        reviewer=person,
        recorded_by=actor,
        findings=findings,
        anomaly=bool(anomaly),
        alert=alert,
    )
    record_event(
        actor=actor,
        action=INTEGRITY_REVIEWED,
        subject=review,
        data={"department": department.pk, "anomaly": bool(anomaly), "rule": "DEV-INTEGRITY"},
    )
    return review
