"""The web forms. They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from baomi.access.roles import Role
from baomi.audit.models import Outcome
from baomi.core.levels import Clearance, Level
from baomi.core.rules import Rule
from baomi.kit.forms import Form, level_choices, plain_text, styled
from baomi.org.models import DayKind, StaffRole
from baomi.org.web.choices import department_choices, people_choices
from baomi.rulebook.book import EffectiveRule
from baomi.web.templatetags.baomi import is_zh

# AUTH-LOCKOUT: one answer for a locked account, a wrong password and an unknown user.
LOGIN_FAILED = _(
    "Login failed: the username or password is wrong, or the account is locked "
    "for now. Try again later or ask the system administrator."
)


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)
        plain_text(self)


class OwnPasswordForm(Form):
    current_password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput, strip=False
    )
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)
    repeated = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput, strip=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new_password") != data.get("repeated"):
            raise forms.ValidationError(_("The two new passwords differ."))
        return data


NAMED_PEOPLE_HELP = _("Added to the knowledge scope by name; each must be cleared for the level.")


def named_people_field(help_text: Any = NAMED_PEOPLE_HELP) -> forms.MultipleChoiceField:
    """The people a document's knowledge scope names (choices: ``people_choices``)."""
    return forms.MultipleChoiceField(
        label=_("People directly concerned"), required=False, help_text=help_text
    )


def scope_departments_field() -> forms.MultipleChoiceField:
    """The departments of a document's knowledge scope (choices: ``department_choices``)."""
    return forms.MultipleChoiceField(label=_("Departments in the scope"), required=False)


def scope_ids(data: dict[str, Any]) -> dict[str, list[int]]:
    """The knowledge scope chosen in the fields above, as the operations take it."""
    return {
        "named_people_ids": [int(v) for v in data["named_people"]],
        "department_ids": [int(v) for v in data["departments"]],
    }


class DocumentFilterForm(Form):
    q = forms.CharField(
        label=_("Number or title"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Number or title")}),
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), *Level.choices],
    )


class DocumentForm(Form):
    """Register a document (CLS-MARK: level, term and scope from the start)."""

    number = forms.CharField(label=_("Document number"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int)
    term_years = forms.IntegerField(
        label=_("Protection term (years)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Required from Confidential up; at most the rulebook's maximum (CLS-TERM)."),
    )
    issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    issued_by = forms.TypedChoiceField(
        label=_("Issued by (person)"), required=False, coerce=int, empty_value=None
    )
    named_people = named_people_field()
    departments = scope_departments_field()

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices(actor)
        people = people_choices(actor)
        self.fields["issued_by"].choices = [("", "—"), *people]
        self.fields["named_people"].choices = people
        self.fields["departments"].choices = department_choices(actor)

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "level": data["level"],
            "term_years": data["term_years"],
            "issuer": data["issuer"],
            "issued_by_id": data["issued_by"],
            **scope_ids(data),
        }


class DecideForm(Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class PeopleFilterForm(Form):
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(
        label=_("Name or staff number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or staff number")}),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), *department_choices(actor)]


class ClearanceForm(Form):
    clearance = forms.TypedChoiceField(
        label=_("Clearance class"), coerce=int, choices=Clearance.choices
    )


class AppointForm(Form):
    """PPL-SECURITY-STAFF: a member of the committee or office, or a department's officer."""

    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)
    department = forms.TypedChoiceField(
        label=_("Department"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only for a department security officer."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people_choices(actor)
        self.fields["department"].choices = [("", "—"), *department_choices(actor)]


class RuleForm(Form):
    """One rule of the organisation's rulebook: in force or not, and its parameters."""

    enabled = forms.BooleanField(label=_("In force"), required=False)

    def __init__(self, *args: Any, effective: EffectiveRule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule: Rule = effective.rule
        self.fields["enabled"].initial = effective.enabled
        if not self.rule.switchable:
            self.fields["enabled"].disabled = True
            self.fields["enabled"].help_text = _("This rule is always in force.")
        for p in self.rule.params:
            value = effective.params[p.name]
            label = p.help_zh if is_zh() else p.help_en
            if p.type is int:
                field: forms.Field = forms.IntegerField(label=label, initial=value)
            elif p.type is list:
                field = forms.CharField(
                    label=label,
                    initial=", ".join(value),
                    required=False,
                    help_text=_("Separate the names with commas."),
                )
            else:
                field = forms.CharField(label=label, initial=value, max_length=100)
            self.fields[f"param_{p.name}"] = field
        styled(self)

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        for p in self.rule.params:
            value = data[f"param_{p.name}"]
            if p.type is list:
                value = [v.strip() for v in value.split(",") if v.strip()]
            params[p.name] = value
        enabled = data["enabled"] if self.rule.switchable else True
        return {"rule_id": self.rule.id, "enabled": enabled, "params": params}


class AccountForm(Form):
    """A new staff account (system administrator): roles are granted by the security officer
    (ROLE-SEPARATION)."""

    username = forms.CharField(label=_("Username"), max_length=64)
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people_choices(actor)


class PasswordForm(Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AuditFilterForm(Form):
    """JOURNEYS §7: filter the audit log by person, item, action, date and outcome."""

    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    subject = forms.CharField(label=_("Item (type:id)"), required=False, max_length=140)
    action = forms.ChoiceField(label=_("Action"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All outcomes")), *Outcome.choices]
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *actions]


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class WorkingHoursForm(Form):
    """The working day and the worked weekdays (ISO: 1 Monday … 7 Sunday)."""

    day_start = _time_field(_("Working day starts"))
    day_end = _time_field(_("Working day ends"))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Working weekdays"),
        coerce=int,
        choices=[(iso, WEEKDAYS[iso - 1]) for iso in range(1, 8)],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class YearForm(Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)


class DayForm(Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class CalendarDayForm(DayForm):
    """A holiday (法定节假日) or an extra working day (调休上班) on one date."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    name = forms.CharField(
        label=_("Name of the day"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. National Day")}),
    )


class ScanRecordFilterForm(Form):
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), *department_choices(actor)]


class FindingFilterForm(Form):
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), *Level.choices[Level.INTERNAL :]],
    )
