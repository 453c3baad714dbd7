"""The forms of the equipment's care (RULES.md §7): repairs by a designated vendor
(DEV-REPAIR), loans outside (DEV-LEND), scrapping and destruction (DESTROY-APPROVE,
DESTROY-WITNESS, DESTROY-PLACE), antivirus and infections (DEV-AV), backups (DEV-BACKUP),
standalone processing (DEV-STANDALONE) and data integrity reviews (DEV-INTEGRITY). They only
shape input; every rule is checked by the operation they feed (a vendor outside the designated
list, a missing supervisor or treatment are refused there, with their clause)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level
from baomi.devices.models import DisposalMethod, Outcome
from baomi.devices.web.forms.common import text
from baomi.kit.forms import Form, IdField, date_input
from baomi.org.web.choices import people_choices

# The levels of data processed on a standalone machine (DEV-STANDALONE): the state secrets.
STANDALONE_LEVELS = [(v, label) for v, label in Level.choices if v >= Level.CONFIDENTIAL]


def _date(label: Any) -> forms.DateField:
    """A date, today unless changed."""
    widget = date_input()
    return forms.DateField(label=label, initial=timezone.localdate, widget=widget)


def _hidden(field: forms.Field) -> forms.Field:
    """``field`` carried unchanged from the granted approval (shown as text beside the form)."""
    field.widget = forms.HiddenInput()
    return field


# Repairs (DEV-REPAIR) ------------------------------------------------------------------------


class RepairRequestForm(Form):
    """Report a fault and ask the office director to approve its repair by a designated
    vendor. The vendor is picked from the rulebook's list; the operation refuses any other."""

    vendor = forms.CharField(label=_("Designated repair vendor"), max_length=120)
    fault = text(_("Fault"), required=True, max_length=300, rows=2)

    def __init__(self, *args: Any, vendors: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vendor"].widget = forms.Select(
            choices=[(v, v) for v in vendors], attrs={"class": "form-select"}
        )


class RepairSendForm(Form):
    """Hand the asset to the vendor under the granted approval; a classified machine goes
    without its storage, recorded here."""

    vendor = _hidden(forms.CharField(label=_("Designated repair vendor"), max_length=120))
    fault = text(_("Fault"), required=True, max_length=300, rows=2)
    storage_kept = text(
        _("Storage removed and where it is kept (classified machines)"), max_length=200
    )

    def __init__(self, *args: Any, classified: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not classified:
            del self.fields["storage_kept"]


class RepairReturnForm(Form):
    work_done = text(_("Work done by the vendor"), required=True, max_length=300)


# Loans outside (DEV-LEND) --------------------------------------------------------------------


class LoanRequestForm(Form):
    """Ask the leader in charge to approve lending the asset to another organisation."""

    borrower = text(_("Borrowing organisation"), required=True)
    due_back = forms.DateField(label=_("Due back"), widget=date_input())
    purpose = text(_("Purpose"), required=True, max_length=300, rows=2)


class LendForm(LoanRequestForm):
    """Lend under the granted approval: its borrower and date, unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("borrower", "due_back"):
            self.fields[name].widget = forms.HiddenInput()


class LoanReturnForm(Form):
    condition = text(_("Condition on return"), required=True, max_length=300)


# Scrapping and destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE) ----------------


class DisposalRequestForm(Form):
    """Ask the leader in charge to approve scrapping or destroying the asset."""

    outcome = forms.ChoiceField(label=_("Scrap or destroy"), choices=Outcome.choices)
    reason = text(_("Reason"), required=True, max_length=1000, rows=2)


class DisposeForm(Form):
    """Record the approved scrapping or destruction: the method, the place, the operator and
    the supervisors (at least two, other than the operator)."""

    outcome = _hidden(forms.ChoiceField(label=_("Scrap or destroy"), choices=Outcome.choices))
    method = forms.ChoiceField(label=_("Method"), choices=DisposalMethod.choices)
    place = text(_("Place where it was done"), max_length=200)
    operator = forms.TypedChoiceField(label=_("Operator"), coerce=int)
    witnesses = forms.TypedMultipleChoiceField(
        label=_("Supervisors (监销人)"),
        coerce=int,
        required=False,
        help_text=_("At least two people other than the operator (DESTROY-WITNESS)."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_choices(actor)
        self.fields["operator"].choices = [("", "—"), *people]
        self.fields["witnesses"].choices = people


class WitnessForm(Form):
    """A supervisor whose signature on the paper destruction list the security officer records
    (DESTROY-WITNESS)."""

    witness = IdField(label=_("Supervisor"))


# Antivirus and infections (DEV-AV) ------------------------------------------------------------


class AntivirusForm(Form):
    signatures_on = _date(_("Antivirus signature date"))
    product = text(_("Antivirus product (only when it changed)"), max_length=100)


class InfectionForm(Form):
    virus = text(_("Virus found"), required=True, max_length=120)


class ClearInfectionForm(Form):
    treatment = text(_("Treatment"), required=True, max_length=300)


# Backups (DEV-BACKUP) -----------------------------------------------------------------------


class BackupForm(Form):
    on = _date(_("Date of the backup"))
    target = text(_("Backed up to"), required=True, max_length=120)


# Standalone processing (DEV-STANDALONE) ----------------------------------------------------


class StandaloneRequestForm(Form):
    """Ask the leader in charge to approve processing classified data on this machine."""

    level = forms.TypedChoiceField(
        label=_("Level of the data"), choices=STANDALONE_LEVELS, coerce=int
    )
    purpose = text(_("Purpose"), required=True, max_length=300, rows=2)


class StandaloneStartForm(StandaloneRequestForm):
    """Begin the approved processing: its level, unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].widget = forms.HiddenInput()


class StandaloneFinishForm(Form):
    treatment = text(_("How the data was deleted and the machine treated"), max_length=300, rows=2)


# Data integrity reviews (DEV-INTEGRITY) -------------------------------------------------------


class IntegrityReviewForm(Form):
    """A department's review of the files and data it keeps on computers. The department is
    one's own (the security officer's: any); the operation decides."""

    department = forms.IntegerField(label=_("Department"))
    reviewed_on = _date(_("Reviewed on"))
    findings = text(_("Findings"), required=True, max_length=500, rows=3)
    anomaly = forms.BooleanField(
        label=_(
            "Unexplained modification, move or deletion found (reported to the security office)"
        ),
        required=False,
    )

    def __init__(self, *args: Any, departments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].widget = forms.Select(
            choices=departments, attrs={"class": "form-select"}
        )
