"""The annual report's prose (年度保密工作总结, ANNUAL-REPORT): the security office (OVERSEE)
writes it, section by section; the leaders read it; nobody else edits.

- ``save_report``: a year's prose saved — the sections given replace theirs (an empty text
  takes a section back to the draft written from its figures), the others are kept — and,
  when given, the report's title. Each text is bounded (``MAX_PROSE``) and holds no control
  character but line breaks and tabs, refused naming its section (``prose.<key>``); a key that
  names no section is refused naming it. The event holds the year and the sections changed,
  never the text."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.cockpit.models import AnnualReport
from baomi.cockpit.queries.report import (
    MAX_PROSE,
    RULE,
    SECTION_KEYS,
    default_title,
    reader_organisation,
    report_year,
)
from baomi.core.errors import InvalidInput
from baomi.core.text import bounded_text
from baomi.org.models import Organisation

REPORT_SAVED = register_action(
    "cockpit.annual_report_saved", gettext_lazy("Annual report's prose saved")
)
TITLE_LENGTH = AnnualReport._meta.get_field("title").max_length


def _prose(value: Any) -> dict[str, str]:
    """The sections' texts given, checked: known sections, bounded text."""
    if not isinstance(value, dict) or not value:
        raise InvalidInput(_("Give the prose of at least one section."), field="prose")
    checked: dict[str, str] = {}
    for key, text in value.items():
        if key not in SECTION_KEYS:
            raise InvalidInput(_("No section of the report is called so."), field=f"prose.{key}")
        checked[key] = bounded_text(text, f"prose.{key}", MAX_PROSE, multiline=True)
    return checked


@operation
def save_report(*, actor: Actor, year: Any, prose: Any, title: Any = None) -> AnnualReport:
    """Save the prose of ``year``'s report (ANNUAL-REPORT; the security office): ``prose`` is
    {section key: text}, an empty text taking the section back to its draft; ``title``
    (optional) replaces the report's title."""
    require(actor, Permission.OVERSEE)
    organisation_id = reader_organisation(actor)
    year = report_year(year)
    given = _prose(prose)
    new_title = None
    if title is not None:
        new_title = bounded_text(title, "title", TITLE_LENGTH)
    now = timezone.now()
    found = (
        AnnualReport.objects.select_for_update()
        .filter(organisation_id=organisation_id, year=year)
        .first()
    )
    if found is None:
        name = Organisation.objects.get(pk=organisation_id).name
        try:
            with transaction.atomic():
                found = AnnualReport.objects.create(
                    organisation_id=organisation_id,
                    year=year,
                    title=default_title(name, year)[:TITLE_LENGTH],
                    prose={},
                    updated_at=now,
                    updated_by=actor,
                )
        except IntegrityError:  # saved meanwhile by another request: theirs, then ours
            found = AnnualReport.objects.select_for_update().get(
                organisation_id=organisation_id, year=year
            )
    kept = dict(found.prose)
    changed = sorted(k for k, text in given.items() if kept.get(k, "") != text)
    for key, text in given.items():
        if text:
            kept[key] = text
        else:
            kept.pop(key, None)
    found.prose = kept
    if new_title:
        changed_title = new_title != found.title
        found.title = new_title
    else:
        changed_title = False
    found.updated_at = now
    found.updated_by = actor
    found.save(update_fields=["prose", "title", "updated_at", "updated_by"])
    record_event(
        actor=actor,
        action=REPORT_SAVED,
        subject=found,
        data={
            "rule": RULE,
            "rules": [RULE],
            "year": year,
            "sections": changed,
            "title": changed_title,
        },
    )
    return found
