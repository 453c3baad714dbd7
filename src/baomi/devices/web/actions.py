"""What the asset page offers to do to its asset, as buttons each opening its one form
(``kit.actions``): record a use of a medium on a computer; for the security officer the
ledger's changes, sanitising a medium and the care steps (repair, loan, disposal); antivirus,
infections, backups and standalone processing on a computer. Which forms apply is decided by
the next steps (``ledger._asset_forms``, ``media.asset_media``, ``care.asset_care``); this
module only lays them out as actions, in the order the work comes."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from baomi.devices.models import Asset
from baomi.devices.web.forms.care import StandaloneFinishForm
from baomi.devices.web.forms.common import pick_people
from baomi.kit.actions import Action


def _ledger(asset: Asset, forms: dict[str, Any], actor: Any) -> list[Action]:
    """The security officer's changes to the ledger (DEV-LEDGER, DEV-AIRGAP)."""
    if "custodian_form" not in forms:
        return []
    pk = asset.pk
    pick_people(forms["custodian_form"], "custodian", actor=actor)
    found = [
        Action(
            "custodian",
            _("Hand over"),
            reverse("asset_custodian", args=[pk]),
            forms["custodian_form"],
            rules=("DEV-LEDGER",),
            submit=_("Save"),
        ),
        Action(
            "network",
            _("Change the network"),
            reverse("asset_network", args=[pk]),
            forms["network_form"],
            rules=("DEV-AIRGAP",),
            faults={"DEV-AIRGAP": "network"},
            submit=_("Save"),
        ),
        Action(
            "level",
            _("Change the level"),
            reverse("asset_level", args=[pk]),
            forms["level_form"],
            faults={"DEV-AIRGAP": "level"},
            submit=_("Save"),
        ),
        Action(
            "update",
            _("Location and status"),
            reverse("asset_update", args=[pk]),
            forms["update_form"],
            submit=_("Save"),
        ),
    ]
    if "wireless_form" in forms:
        found.append(
            Action(
                "wireless",
                _("Wireless hardware fitted or removed"),
                reverse("asset_wireless", args=[pk]),
                forms["wireless_form"],
                rules=("DEV-AIRGAP",),
                faults={"DEV-AIRGAP": "wireless"},
                submit=_("Save"),
            )
        )
    return found


def _media(asset: Asset, context: dict[str, Any]) -> list[Action]:
    """A use of a medium on a computer (MEDIA-REGISTERED); sanitising a medium (MEDIA-TAINT)."""
    pk, found = asset.pk, []
    if context.get("media_form"):
        found.append(
            Action(
                "media-use",
                _("Record a use of a medium on this computer"),
                reverse("media_use", args=[pk]),
                context["media_form"],
                rules=("MEDIA-REGISTERED",),
                faults={"MEDIA-NO-CROSS": "medium", "MEDIA-TAINT": "medium"},
                intro=_(
                    "Every use of a medium is recorded (MEDIA-REGISTERED); a refused attempt is "
                    "kept and reported to the security office."
                ),
                submit=_("Record the use"),
            )
        )
    sanitising = context.get("sanitising") or {}
    if sanitising.get("request_form"):
        found.append(
            Action(
                "sanitisation-request",
                _("Request sanitising"),
                reverse("sanitisation_request", args=[pk]),
                sanitising["request_form"],
                rules=("MEDIA-TAINT",),
            )
        )
    if sanitising.get("form"):
        found.append(
            Action(
                "sanitise",
                _("Record sanitising"),
                reverse("sanitise", args=[pk]),
                sanitising["form"],
                rules=("MEDIA-TAINT",),
            )
        )
    return found


def _away(asset: Asset, care: dict[str, Any], actor: Any, here: str) -> list[Action]:
    """Repair (DEV-REPAIR), lending outside (DEV-LEND) and disposal (DESTROY-APPROVE,
    DESTROY-WITNESS): the one form of the step each is at."""
    pk, found = asset.pk, []
    repair, loan, disposal = (
        care.get("repair") or {},
        care.get("loan") or {},
        care.get("disposal") or {},
    )
    repair_rules = ("DEV-REPAIR",)
    if repair.get("return_form"):
        found.append(
            Action(
                "repair-return",
                _("Back from repair"),
                reverse("repair_return", args=[repair["open"].pk]),
                repair["return_form"],
                rules=repair_rules,
                hidden={"next": here},
            )
        )
    if repair.get("form"):
        found.append(
            Action(
                "repair-send",
                _("Send to repair"),
                reverse("repair_send", args=[pk]),
                repair["form"],
                rules=repair_rules,
                faults={"DEV-REPAIR": "storage_kept"},
            )
        )
    if repair.get("request_form"):
        found.append(
            Action(
                "repair-request",
                _("Request a repair"),
                reverse("repair_request", args=[pk]),
                repair["request_form"],
                rules=repair_rules,
                faults={"DEV-REPAIR": "vendor"},
            )
        )
    loan_rules = ("DEV-LEND",)
    if loan.get("return_form"):
        found.append(
            Action(
                "loan-return",
                _("Back from the loan"),
                reverse("loan_return", args=[loan["open"].pk]),
                loan["return_form"],
                rules=loan_rules,
                hidden={"next": here},
                submit=_("Returned"),
            )
        )
    if loan.get("form"):
        found.append(
            Action(
                "loan-lend",
                _("Lend"),
                reverse("loan_lend", args=[pk]),
                loan["form"],
                rules=loan_rules,
            )
        )
    if loan.get("request_form"):
        found.append(
            Action(
                "loan-request",
                _("Request a loan"),
                reverse("loan_request", args=[pk]),
                loan["request_form"],
                rules=loan_rules,
            )
        )
    disposal_rules = ("DESTROY-APPROVE", "DESTROY-WITNESS", "DESTROY-PLACE")
    if disposal.get("form"):
        pick_people(disposal["form"], "operator", "witnesses", actor=actor)
        found.append(
            Action(
                "dispose",
                _("Record the scrapping or destruction"),
                reverse("dispose", args=[pk]),
                disposal["form"],
                rules=disposal_rules,
                faults={"DESTROY-WITNESS": "witnesses", "DESTROY-PLACE": "place"},
                style="danger",
                submit=_("Record"),
            )
        )
    if disposal.get("request_form"):
        found.append(
            Action(
                "disposal-request",
                _("Scrapping or destruction"),
                reverse("disposal_request", args=[pk]),
                disposal["request_form"],
                rules=disposal_rules[:1],
                style="danger",
                submit=_("Request approval"),
            )
        )
    return found


def _upkeep(asset: Asset, care: dict[str, Any], here: str) -> list[Action]:
    """On a computer: antivirus updates and infections (DEV-AV), backups (DEV-BACKUP),
    standalone processing (DEV-STANDALONE)."""
    pk, found = asset.pk, []
    upkeep, standalone = care.get("upkeep"), care.get("standalone")
    if upkeep:
        found += [
            Action(
                "antivirus",
                _("Antivirus update"),
                reverse("antivirus", args=[pk]),
                upkeep["av_form"],
                rules=("DEV-AV",),
                submit=_("Record"),
            ),
            Action(
                "backup",
                _("Record the backup"),
                reverse("backup", args=[pk]),
                upkeep["backup_form"],
                rules=("DEV-BACKUP",),
            ),
            Action(
                "infection",
                _("Report the infection"),
                reverse("infection", args=[pk]),
                upkeep["infection_form"],
                rules=("DEV-AV",),
                style="danger",
                intro=_("An infected computer is out of use until the security office clears it."),
            ),
        ]
    if standalone:
        rules = ("DEV-STANDALONE",)
        for use in standalone["running"]:
            found.append(
                Action(
                    "standalone-finish",
                    _("Finish standalone processing"),
                    reverse("standalone_finish", args=[use.pk]),
                    StandaloneFinishForm(),
                    rules=rules,
                    hidden={"next": here},
                    ref=f"standalone-finish-{use.pk}",
                    submit=_("Finish"),
                )
            )
        if standalone.get("form"):
            found.append(
                Action(
                    "standalone-start",
                    _("Start standalone processing"),
                    reverse("standalone_start", args=[pk]),
                    standalone["form"],
                    rules=rules,
                    submit=_("Start"),
                )
            )
        if standalone.get("request_form"):
            found.append(
                Action(
                    "standalone-request",
                    _("Standalone processing"),
                    reverse("standalone_request", args=[pk]),
                    standalone["request_form"],
                    rules=rules,
                    submit=_("Request approval"),
                )
            )
    return found


def asset_actions(actor: Any, asset: Asset, context: dict[str, Any]) -> list[Action]:
    """The asset page's actions for ``actor``, from the forms ``context`` offers."""
    here = reverse("asset", args=[asset.pk])
    care = context.get("care", {})
    return [
        *_media(asset, context),
        *_upkeep(asset, care, here),
        *_away(asset, care, actor, here),
        *_ledger(asset, context, actor),
    ]
