"""Scrapping and destroying equipment, like classified documents (RULES.md §6 applied to §7):
a leader approves the list of assets (DESTROY-APPROVE); at least two supervisors other than
the operator witness it (DESTROY-WITNESS); an asset that ever held classified data has its
storage destroyed by a designated method at a named place, never scrapped as it is
(DESTROY-PLACE). The assets leave the ledger as scrapped or destroyed; each supervisor then signs
the disposal on their own login, or on the paper destruction list, which the security officer
records (DESTROY-WITNESS)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.text import fitted_text
from baomi.devices.models import (
    Asset,
    Disposal,
    DisposalMethod,
    DisposalSignature,
    Outcome,
)
from baomi.devices.operations._common import (
    acting_person,
    keeper,
    lock_assets,
    remember,
    require_at_hand,
    require_kept,
)
from baomi.devices.policies import DISPOSALS
from baomi.devices.queries.steps import holds_classified
from baomi.org.posts import person_in
from baomi.org.witnesses import check_signer, supervised
from baomi.rulebook import book

# The most assets one disposal takes (one approval, one register line).
MAX_ASSETS = 500

DISPOSED = register_action("devices.disposed", gettext_lazy("Assets scrapped or destroyed"))
WITNESS_SIGNED = register_action(
    "devices.witness_signed", gettext_lazy("Disposal signed by a supervisor")
)


def _disposable(
    actor: Actor, asset_ids: list[int], outcome: str
) -> tuple[list[Asset], dict[str, Any]]:
    """The assets, locked, each still at hand (one in repair or lent comes back first), and
    the approval's identity: these assets, this outcome."""
    org = keeper(actor).organisation_id
    if outcome not in Outcome.values:
        raise InvalidInput(_("Choose scrapping or destruction."), field="outcome")
    if not isinstance(asset_ids, list) or not 0 < len(asset_ids) <= MAX_ASSETS:
        raise InvalidInput(
            _("Choose between 1 and %(n)d assets.") % {"n": MAX_ASSETS}, field="asset_ids"
        )
    assets = lock_assets(org, asset_ids)
    for asset in assets:
        require_kept(asset)
        require_at_hand(asset, "DESTROY-APPROVE")
    ids = [a.pk for a in assets]
    identity = {
        "rule_id": "DESTROY-APPROVE",
        "operation_name": "dispose_assets",
        "subject": ("devices.asset", ids[0]),
        "params": {"assets": ids, "outcome": outcome},
    }
    return assets, identity


@operation
def request_disposal(
    *, actor: Actor, asset_ids: list[int], outcome: str, reason: str
) -> ApprovalRequest:
    """Ask a leader to approve scrapping or destroying assets (DESTROY-APPROVE)."""
    _assets, identity = _disposable(actor, asset_ids, outcome)
    if not (reason or "").strip():
        raise InvalidInput(_("Give the reason."), field="reason")
    return open_request(actor=actor, reason=reason.strip(), **identity)


def _method(assets: list[Asset], outcome: str, method: str) -> None:
    """DESTROY-PLACE: destruction, and anything that ever held classified data, goes by a
    method that destroys its storage."""
    if method not in DisposalMethod.values:
        raise InvalidInput(_("Choose the method."), field="method")
    if method != DisposalMethod.PLAIN:
        return
    org = assets[0].organisation_id
    book.require(
        org,
        "DESTROY-PLACE",
        outcome != Outcome.DESTROYED,
        _("Destruction is by a designated method at a designated place."),
    )
    held = [a.number for a in assets if holds_classified(a)]
    book.require(
        org,
        "DESTROY-PLACE",
        not held,
        _(
            "%(numbers)s held classified data: its storage is destroyed by a designated "
            "method, never scrapped as it is."
        )
        % {"numbers": "、".join(held)},
    )


@operation
def dispose(
    *,
    actor: Actor,
    asset_ids: list[int],
    outcome: str,
    method: str,
    place: str,
    operator_id: int,
    witness_ids: list[int],
) -> Disposal:
    """Scrap or destroy approved assets under supervision (DESTROY-APPROVE, DESTROY-WITNESS,
    DESTROY-PLACE); each leaves the ledger with a line in its history."""
    assets, identity = _disposable(actor, asset_ids, outcome)
    org = assets[0].organisation_id
    _method(assets, outcome, method)
    place = fitted_text(place, "place", Disposal, required=False)
    book.require(org, "DESTROY-PLACE", bool(place), _("Name the place where it was done."))
    # DESTROY-WITNESS; a former person is refused in the field that names them.
    fields = ("operator_id", "witness_ids")
    operator, witnesses = supervised(org, operator_id, witness_ids, fields=fields)
    approval = consume_approval(actor=actor, **identity)
    at = timezone.now()
    disposal = Disposal.objects.create(
        organisation_id=org,
        outcome=outcome,
        method=method,
        place=place,
        approval=approval,
        operator=operator,
        disposed_at=at,
        recorded_by=actor,
    )
    disposal.assets.set(assets)
    disposal.witnesses.set(witnesses)
    for asset in assets:
        asset.status, asset.updated_at = outcome, at
        asset.save(update_fields=["status", "updated_at"])
        remember(
            asset,
            actor=actor,
            action=outcome,
            person=operator,
            note=place,
            data={"disposal": disposal.pk, "method": method},
        )
    record_event(
        actor=actor,
        action=DISPOSED,
        subject=disposal,
        data={
            "assets": identity["params"]["assets"],
            "outcome": outcome,
            "method": method,
            "operator": operator.pk,
            "witnesses": [w.pk for w in witnesses],
            "approval_id": approval.pk,
            "rules": ["DESTROY-APPROVE", "DESTROY-WITNESS", "DESTROY-PLACE"],
        },
    )
    return disposal


def _sign(actor: Actor, disposal: Disposal, witness: Any, on_paper: bool) -> DisposalSignature:
    """DESTROY-WITNESS: ``witness`` signs under ``disposal``, once, if named as one of its
    supervisors; nobody supervises their own disposal (``org.witnesses.check_signer``)."""
    check_signer(
        disposal.organisation_id,
        disposal.witnesses.values_list("pk", flat=True),
        disposal.operator_id,
        disposal.signatures.values_list("witness_id", flat=True),
        witness,
    )
    signature = DisposalSignature.objects.create(
        disposal=disposal,
        witness=witness,
        signed_at=timezone.now(),
        on_paper=on_paper,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=WITNESS_SIGNED,
        subject=disposal,
        data={"witness": witness.pk, "on_paper": on_paper, "rule": "DESTROY-WITNESS"},
    )
    return signature


def _locked(found: Any, disposal_id: int) -> Disposal:
    """One of ``found`` disposals, locked; "not found" otherwise."""
    disposal = found.select_for_update().filter(pk=disposal_id).first()
    if disposal is None:
        raise NotFound(_("No such disposal."))
    return disposal


@operation
def confirm_witness(*, actor: Actor, disposal_id: int) -> DisposalSignature:
    """监销: a supervisor named under a disposal of their organisation signs it on their own
    login (DESTROY-WITNESS); someone not named, the operator included, is refused."""
    require(actor, Permission.KNOW_ITEMS)
    person = acting_person(actor)
    found = Disposal.objects.filter(organisation_id=person.organisation_id)
    return _sign(actor, _locked(found, disposal_id), person, on_paper=False)


@operation
def record_witness_signature(
    *, actor: Actor, disposal_id: int, witness_id: int
) -> DisposalSignature:
    """The security officer who keeps the ledger records that a named supervisor signed the
    paper destruction list (DESTROY-WITNESS)."""
    org = keeper(actor).organisation_id
    disposal = _locked(DISPOSALS.known(actor), disposal_id)
    return _sign(actor, disposal, person_in(org, witness_id), on_paper=True)
