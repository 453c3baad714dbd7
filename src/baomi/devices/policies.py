"""Who may know the equipment and its records (DEV-LEDGER): the devices' policies, each a pair
(``baomi.access.policy``). The ledger's queries and operations read through them.

- ``ASSETS`` (computers, media, office equipment): the security officer who keeps the ledger
  (MANAGE_DEVICES) sees every asset of their organisation; a person (CLS-MAC's ``knower``: a
  knowing role, the account and the person active) the assets they keep as custodian;
  nobody else anything. An asset's level does not narrow the ledger: the ledger is what the
  security office keeps, and a custodian knows what is on their desk.
- ``ASKED_ASSETS``: an asset as an approval request shows it: ``ASSETS``, and besides, for
  a person knowing as one (a knowing role, the account and the person active: never the
  system administrator or the auditor), the assets of their organisation about which they
  are, or were, asked to approve something (a repair, a loan, a disposal, a sanitising, a
  standalone use), every asset a disposal lists among them.
- The security office's records (``ALERTS``, ``CHECKS``, ``REPAIRS``, ``LOANS``,
  ``DISPOSALS``, ``INFECTIONS``): the organisation's, for MANAGE_DEVICES only.
- ``STANDALONE_USES`` (DEV-STANDALONE): the organisation's for the security officer, a
  person's own otherwise; ``INTEGRITY_REVIEWS`` (DEV-INTEGRITY): the organisation's for the
  security officer, their department's for a person.
"""

from __future__ import annotations

from django.db.models import CharField, Exists, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.policy import OrganisationRecords
from baomi.access.roles import Permission
from baomi.approvals.models import ApprovalRequest, ApprovalStep
from baomi.devices.models import (
    Alert,
    Asset,
    Disposal,
    Infection,
    IntegrityReview,
    Loan,
    PhysicalCheck,
    Repair,
    StandaloneUse,
)

# The subject type of every approval asked about an asset.
SUBJECT = "devices.asset"
# The operation whose parameters list the assets it disposes of (operations.disposal).
DISPOSAL = "dispose_assets"

ALERTS = OrganisationRecords(Alert, Permission.MANAGE_DEVICES)
CHECKS = OrganisationRecords(PhysicalCheck, Permission.MANAGE_DEVICES)
REPAIRS = OrganisationRecords(Repair, Permission.MANAGE_DEVICES)
LOANS = OrganisationRecords(Loan, Permission.MANAGE_DEVICES)
DISPOSALS = OrganisationRecords(Disposal, Permission.MANAGE_DEVICES)
INFECTIONS = OrganisationRecords(Infection, Permission.MANAGE_DEVICES)

# Whose ledger an actor keeps: the organisation of a holder of MANAGE_DEVICES.
_KEEPER = OrganisationRecords(Asset, Permission.MANAGE_DEVICES)


def keeping_organisation(actor: Actor | None) -> int | None:
    """The organisation whose ledger ``actor`` keeps (MANAGE_DEVICES), else None."""
    return _KEEPER.organisation_id(actor)


class KeeperOrOwnPolicy:
    """The organisation's rows of ``model`` for whoever keeps the ledger (MANAGE_DEVICES); for
    a person knowing as one, the rows of their organisation whose ``field`` is their own
    ``mine`` (what they keep, their own uses, their department's reviews); nobody else any."""

    def __init__(self, model: type[Model], field: str, mine: str) -> None:
        self.model, self.field, self.mine = model, field, mine

    def may_know(self, actor: Actor | None, item: Model) -> bool:
        organisation_id = keeping_organisation(actor)
        if organisation_id is not None:
            return item.organisation_id == organisation_id
        person = knower(actor)
        return (
            person is not None
            and item.organisation_id == person.organisation_id
            and getattr(item, self.field) == getattr(person, self.mine)
        )

    def known(self, actor: Actor | None) -> QuerySet:
        organisation_id = keeping_organisation(actor)
        if organisation_id is not None:
            return self.model.objects.filter(organisation_id=organisation_id)
        person = knower(actor)
        if person is None:
            return self.model.objects.none()
        return self.model.objects.filter(
            organisation_id=person.organisation_id, **{self.field: getattr(person, self.mine)}
        )


# DEV-LEDGER: the security officer sees the organisation's ledger, a person what they keep.
ASSETS = KeeperOrOwnPolicy(Asset, "custodian_id", "pk")


def _asked(person: object) -> QuerySet[ApprovalStep]:
    """The steps asking ``person`` to approve something about an asset of their
    organisation, whatever the step's or the request's state."""
    return ApprovalStep.objects.filter(
        approver=person,
        request__organisation_id=getattr(person, "organisation_id", None),
        request__subject_type=SUBJECT,
    )


def _listed(person: object) -> set[int]:
    """The assets the disposals ``person`` is asked to approve list besides their subject
    (a disposal's parameters name every asset it authorises)."""
    params = ApprovalRequest.objects.filter(
        pk__in=_asked(person).values("request_id"), operation=DISPOSAL
    ).values_list("params", flat=True)
    return {pk for p in params for pk in p.get("assets", ()) if isinstance(pk, int)}


class AskedAssetPolicy:
    """An asset as an approval request shows it: one the actor may see in the ledger
    (``ASSETS``), or one about which the person the actor knows as is, or was, asked to
    approve something."""

    def may_know(self, actor: Actor | None, item: Asset) -> bool:
        if ASSETS.may_know(actor, item):
            return True
        person = knower(actor)
        if person is None or item.organisation_id != person.organisation_id:
            return False
        asked = _asked(person).filter(request__subject_id=str(item.pk)).exists()
        return asked or item.pk in _listed(person)

    def known(self, actor: Actor | None) -> QuerySet[Asset]:
        seen = ASSETS.known(actor)
        person = knower(actor)
        if person is None:
            return seen
        asked = _asked(person).filter(
            request__subject_id=Cast(OuterRef("pk"), output_field=CharField())
        )
        return Asset.objects.filter(organisation_id=person.organisation_id).filter(
            Q(pk__in=seen.values("pk")) | Exists(asked) | Q(pk__in=_listed(person))
        )


ASKED_ASSETS = AskedAssetPolicy()


# DEV-STANDALONE: the organisation's standalone uses for the security officer, a person's own
# otherwise.
STANDALONE_USES = KeeperOrOwnPolicy(StandaloneUse, "person_id", "pk")
# DEV-INTEGRITY: the organisation's reviews for the security officer, a person's department's
# otherwise.
INTEGRITY_REVIEWS = KeeperOrOwnPolicy(IntegrityReview, "department_id", "department_id")
