"""The forms of the equipment ledger (DEV-LEDGER): its filters, registering and importing an
asset, and the changes the security officer makes (wireless hardware among them). They only
shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from baomi.core.levels import Level
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import AssetKind, AssetType, Network, Status
from baomi.devices.web.forms.common import OrgForm, choice, id_choice, text
from baomi.kit.forms import Form, date_input

# The levels of data an asset may hold: unclassified, or a state secret level.
ASSET_LEVELS = [(v, label) for v, label in Level.choices if v == Level.PUBLIC or v >= 2]


class LedgerFilterForm(OrgForm):
    kind = choice(gettext_lazy("Kind"), AssetKind.choices, empty=gettext_lazy("All kinds"))
    type = choice(gettext_lazy("Type"), AssetType.choices, empty=gettext_lazy("All types"))
    level = choice(
        gettext_lazy("Level"), ASSET_LEVELS, empty=gettext_lazy("All levels"), coerce=int
    )
    status = choice(gettext_lazy("Status"), Status.choices, empty=gettext_lazy("Any status"))
    department = id_choice(gettext_lazy("Department"))
    search = text(gettext_lazy("Number, serial, make or location"), max_length=100)

    def filters(self) -> dict[str, Any]:
        """The keyword arguments of the ledger's queries."""
        data = self.cleaned_data
        return {
            "kind": data["kind"] or "",
            "type": data["type"] or "",
            "level": data["level"],
            "status": data["status"] or "",
            "department_id": data["department"],
            "search": data["search"] or "",
        }


class AssetForm(OrgForm):
    """Register an asset (DEV-LEDGER): the fields for its kind; the others stay empty."""

    type = choice(gettext_lazy("Type"), AssetType.choices)
    number = text(gettext_lazy("Asset number"), required=True, max_length=60)
    serial = text(gettext_lazy("Serial number"), max_length=100)
    make_model = text(gettext_lazy("Make and model"), max_length=120)
    level = choice(gettext_lazy("Level"), ASSET_LEVELS, coerce=int)
    network = choice(gettext_lazy("Network"), Network.choices)
    custodian = id_choice(gettext_lazy("Custodian"))
    department = id_choice(gettext_lazy("Department"))
    location = text(gettext_lazy("Location"))
    disk_serials = text(gettext_lazy("Hard disk serials (computers)"), max_length=300)
    mac_addresses = text(gettext_lazy("MAC addresses (computers)"), max_length=300)
    operating_system = text(gettext_lazy("Operating system (computers)"), max_length=100)
    antivirus = text(gettext_lazy("Antivirus product (computers)"), max_length=100)
    av_signatures_on = forms.DateField(
        label=gettext_lazy("Antivirus signature date (computers)"),
        required=False,
        widget=date_input(),
    )
    wireless = forms.BooleanField(
        label=gettext_lazy("Wireless hardware present (computers)"), required=False
    )
    important_data = forms.BooleanField(
        label=gettext_lazy("Holds important files (computers, DEV-BACKUP)"), required=False
    )
    capacity = text(gettext_lazy("Capacity (media)"), max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—"), *self.fields["department"].choices[1:]]

    @staticmethod
    def operation_kwargs(data: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of ``register_asset`` from the cleaned data."""
        values = dict(data)
        values["custodian_id"] = values.pop("custodian")
        values["department_id"] = values.pop("department")
        return values


class CustodianForm(OrgForm):
    custodian = id_choice(gettext_lazy("New custodian"), required=True)
    location = text(gettext_lazy("New location (unchanged if empty)"))


class NetworkForm(Form):
    network = choice(gettext_lazy("Network"), Network.choices)


class LevelForm(Form):
    level = choice(gettext_lazy("Level"), ASSET_LEVELS, coerce=int)


class WirelessForm(Form):
    """Wireless hardware fitted or removed (DEV-AIRGAP: never on a classified device)."""

    wireless = forms.TypedChoiceField(
        label=gettext_lazy("Wireless hardware"),
        choices=[
            ("1", gettext_lazy("Fitted")),
            ("0", gettext_lazy("None (removed)")),
        ],
        coerce=lambda value: value == "1",
    )


class UpdateForm(Form):
    location = text(gettext_lazy("Location"))
    status = choice(
        gettext_lazy("Status"),
        [(v, label) for v, label in Status.choices if v in LEDGER_STATUSES],
        empty=gettext_lazy("Unchanged"),
    )


class ImportLedgerForm(Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns 资产编号, 类型 and optionally 序列号, 品牌型号, 密级, 网络, 保管人, 部门, "
            "存放位置, 状态 (or number, type, serial, make_model, level, network, custodian, "
            "department, location, status), one asset a row."
        ),
    )
