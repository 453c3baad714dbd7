"""The forms of the equipment ledger (DEV-LEDGER): its filters, registering an asset, the
changes the security officer makes (wireless hardware, sanitising a medium among them), a use
of a medium, alerts and physical checks. They only
shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core.levels import Level
from baomi.devices.ledger_rules import LEDGER_STATUSES
from baomi.devices.models import AssetKind, AssetType, Network, Status
from baomi.kit.forms import Form
from baomi.org.web.choices import department_choices, people_choices

# The levels of data an asset may hold: unclassified, or a state secret level.
ASSET_LEVELS = [(v, label) for v, label in Level.choices if v == Level.PUBLIC or v >= 2]


def _choice(label: Any, choices: Any, *, empty: Any = None, coerce: Any = str) -> Any:
    """A choice field; with ``empty`` it is optional and offers ``empty`` first."""
    if empty is None:
        return forms.TypedChoiceField(label=label, choices=choices, coerce=coerce)
    return forms.TypedChoiceField(
        label=label,
        choices=[("", empty), *choices],
        coerce=coerce,
        required=False,
        empty_value=None,
    )


def _text(label: Any, *, required: bool = False, max_length: int = 200, rows: int = 0) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget)


def _id(label: Any, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, required=required, empty_value=None)


class _OrgForm(Form):
    """A form offering the organisation's departments and people to ``actor``."""

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices, empty in (
            ("department", department_choices, _("All departments")),
            ("custodian", people_choices, "—"),
        ):
            if name in self.fields:
                field = self.fields[name]
                field.choices = [("", empty), *choices(actor)]


class LedgerFilterForm(_OrgForm):
    kind = _choice(gettext_lazy("Kind"), AssetKind.choices, empty=gettext_lazy("All kinds"))
    type = _choice(gettext_lazy("Type"), AssetType.choices, empty=gettext_lazy("All types"))
    level = _choice(
        gettext_lazy("Level"), ASSET_LEVELS, empty=gettext_lazy("All levels"), coerce=int
    )
    status = _choice(gettext_lazy("Status"), Status.choices, empty=gettext_lazy("Any status"))
    department = _id(gettext_lazy("Department"))
    search = _text(gettext_lazy("Number, serial, make or location"), max_length=100)

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


class AssetForm(_OrgForm):
    """Register an asset (DEV-LEDGER): the fields for its kind; the others stay empty."""

    type = _choice(gettext_lazy("Type"), AssetType.choices)
    number = _text(gettext_lazy("Asset number"), required=True, max_length=60)
    serial = _text(gettext_lazy("Serial number"), max_length=100)
    make_model = _text(gettext_lazy("Make and model"), max_length=120)
    level = _choice(gettext_lazy("Level"), ASSET_LEVELS, coerce=int)
    network = _choice(gettext_lazy("Network"), Network.choices)
    custodian = _id(gettext_lazy("Custodian"))
    department = _id(gettext_lazy("Department"))
    location = _text(gettext_lazy("Location"))
    disk_serials = _text(gettext_lazy("Hard disk serials (computers)"), max_length=300)
    mac_addresses = _text(gettext_lazy("MAC addresses (computers)"), max_length=300)
    operating_system = _text(gettext_lazy("Operating system (computers)"), max_length=100)
    antivirus = _text(gettext_lazy("Antivirus product (computers)"), max_length=100)
    av_signatures_on = forms.DateField(
        label=gettext_lazy("Antivirus signature date (computers)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    wireless = forms.BooleanField(
        label=gettext_lazy("Wireless hardware present (computers)"), required=False
    )
    important_data = forms.BooleanField(
        label=gettext_lazy("Holds important files (computers, DEV-BACKUP)"), required=False
    )
    capacity = _text(gettext_lazy("Capacity (media)"), max_length=40)

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


class CustodianForm(_OrgForm):
    custodian = _id(gettext_lazy("New custodian"), required=True)
    location = _text(gettext_lazy("New location (unchanged if empty)"))


class NetworkForm(Form):
    network = _choice(gettext_lazy("Network"), Network.choices)


class LevelForm(Form):
    level = _choice(gettext_lazy("Level"), ASSET_LEVELS, coerce=int)


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


class SanitisationRequestForm(Form):
    """Ask the office director to approve sanitising a medium (MEDIA-TAINT)."""

    reason = _text(gettext_lazy("Reason for sanitising"), required=True, max_length=1000, rows=2)


class SanitiseForm(Form):
    """Record the sanitising done under a granted approval (MEDIA-TAINT)."""

    method = _text(
        gettext_lazy("Method (e.g. degaussing, overwriting)"), required=True, max_length=300, rows=2
    )


class UpdateForm(Form):
    location = _text(gettext_lazy("Location"))
    status = _choice(
        gettext_lazy("Status"),
        [(v, label) for v, label in Status.choices if v in LEDGER_STATUSES],
        empty=gettext_lazy("Unchanged"),
    )


class MediaUseForm(Form):
    medium = _text(gettext_lazy("Medium (asset number or serial)"), required=True, max_length=100)
    purpose = _text(gettext_lazy("Purpose"), required=True)
    to_take_home = forms.BooleanField(
        label=gettext_lazy("To be taken home or out of the office"), required=False
    )


class ResolveForm(Form):
    resolution = _text(gettext_lazy("Resolution"), required=True, max_length=300)


class ImportLedgerForm(Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns 资产编号, 类型 and optionally 序列号, 品牌型号, 密级, 网络, 保管人, 部门, "
            "存放位置, 状态 (or number, type, serial, make_model, level, network, custodian, "
            "department, location, status), one asset a row."
        ),
    )


class CheckStartForm(_OrgForm):
    department = _id(gettext_lazy("Department"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.fields["department"].choices[1:]
        self.fields["department"].choices = [("", _("The whole organisation")), *choices]


class ObserveForm(_OrgForm):
    identifier = _text(gettext_lazy("Asset number or serial"), required=True, max_length=100)
    custodian = _id(gettext_lazy("Found with"))
    location = _text(gettext_lazy("Found at"))
    status = _choice(gettext_lazy("Found in status"), Status.choices, empty="—")
    note = _text(gettext_lazy("Note"))


class ObservationsForm(Form):
    identifiers = _text(
        gettext_lazy("Asset numbers or serials, one a line"), max_length=20000, rows=6
    )
    file = forms.FileField(
        label=gettext_lazy("Or a file (.xlsx or .csv)"),
        required=False,
        help_text=gettext_lazy("A column 资产编号 or 序列号 (number or serial), one asset a row."),
    )
