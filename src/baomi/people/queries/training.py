"""Reads of the training records (PPL-TRAINING, TRAIN-RECORD), through what the actor may
know."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from baomi.org.models import Person
from baomi.people.models import Attendance


def with_hours(people: QuerySet[Person], year: int) -> QuerySet[Person]:
    """``people`` annotated with ``training_hours``: the class hours of the sessions each
    attended in ``year`` (0 without any), one correlated sum on the attendance index."""
    hours = (
        Attendance.objects.filter(
            person_id=OuterRef("pk"),
            held_on__gte=datetime.date(year, 1, 1),
            held_on__lte=datetime.date(year, 12, 31),
        )
        .order_by()
        .values("person_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    field = DecimalField(max_digits=7, decimal_places=1)
    return people.annotate(
        training_hours=Coalesce(
            Subquery(hours, output_field=field), Value(Decimal(0)), output_field=field
        )
    )
