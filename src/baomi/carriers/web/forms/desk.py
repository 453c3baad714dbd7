"""Forms of the clerk's desk and circulation (JOURNEYS §1, §3): the copies locked in a
cabinet, the reader a copy is handed to, the department whose copies are listed. They only
shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, IdField
from baomi.org.web.choices import department_choices


class StoreForm(Form):
    """CIRC-OFFICE: the copies chosen on the desk and the locked cabinet they go into."""

    copies = forms.TypedMultipleChoiceField(label=_("Copies"), coerce=int, choices=())
    location = forms.CharField(label=_("Secure cabinet"), max_length=200)

    def __init__(self, *args: Any, copies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copies"].choices = [(c.pk, str(c)) for c in copies]


class ReaderForm(Form):
    """The reader a custodian hands a copy to (the operation checks CIRC-DIRECT and CLS-MAC)."""

    reader = IdField(label=_("Reader"))


class DepartmentForm(Form):
    department = forms.TypedChoiceField(label=_("Department"), coerce=int)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = department_choices(actor)
