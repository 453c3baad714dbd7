"""``core.inserts``: the rows a registration writes in parameterised SQL are the rows the ORM
would have written: every column read back equals the instance's value (texts, lazy texts,
enum choices, dates and times, keys, nulls), and each instance has the key it was given."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy

from baomi.carriers.models import Copy, CopyEvent, Urgency
from baomi.carriers.operations._common import new_copies
from baomi.core.levels import Level
from baomi.core.text import house_text
from tests.carriers.conftest import build_office


def same_as_stored(obj: Model) -> dict[str, tuple[Any, Any]]:
    """The columns whose stored value differs from the instance's: (instance, stored)."""
    stored = type(obj).objects.get(pk=obj.pk)
    return {
        f.attname: (getattr(obj, f.attname), getattr(stored, f.attname))
        for f in type(obj)._meta.concrete_fields
        if f.get_prep_value(getattr(obj, f.attname)) != getattr(stored, f.attname)
    }


def test_the_rows_of_a_registration_are_stored_as_the_instances_hold_them__IN_NUMBER(world):
    office = build_office(world)
    entry = office.incoming(
        level=Level.SECRET, copies=3, copy_numbers=[1, 3], urgency=Urgency.URGENT, central=True
    )
    copies = list(Copy.objects.filter(document=entry.document).order_by("number"))
    assert [c.number for c in copies] == [1, 3]
    assert copies[0].location  # given as a lazy text, stored as its text
    assert same_as_stored(entry) == {}
    assert same_as_stored(entry.document) == {}
    made = new_copies(
        entry.document,
        [5, 6],
        actor=office.clerk,
        action="registered",
        custodian=office.clerk.person,
        at=timezone.now(),
        location=house_text(gettext_lazy("central documents cabinet")),
    )
    assert [c.pk for c in made] == list(
        Copy.objects.filter(document=entry.document, number__in=[5, 6])
        .order_by("number")
        .values_list("pk", flat=True)
    )
    for copy in made:
        assert same_as_stored(copy) == {}
    assert CopyEvent.objects.filter(copy__in=made, action="registered").count() == 2
    assert set(entry.document.scope_people.values_list("pk", flat=True)) >= {
        office.clerk.person_id,
        office.director.person_id,
    }
