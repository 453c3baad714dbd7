"""The paper trail's figures (seams.figures, ANNUAL-REPORT): each one against the records
counted directly, a head's part counting only their departments, the period's bounds (the
last day in, the next day out), and the split adding up to the figure."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from baomi.access.roles import Role
from baomi.carriers.models import (
    HELD_STATES,
    Copy,
    CopyEvent,
    CopyState,
    Destruction,
    Document,
    LossReport,
)
from baomi.carriers.operations import circulation, documents, loss
from baomi.carriers.operations import destruction as destruction_ops
from baomi.carriers.queries import figures
from baomi.core.levels import Clearance, Level
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period

YEAR = Period.year(2025)
ZONE = timezone.get_default_timezone()
LAST = datetime.datetime(2025, 12, 31, 23, 59, 59, tzinfo=ZONE)  # the last moment inside
NEXT = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=ZONE)  # the first moment after


def parts(office):
    o, depts = office.world.organisation.pk, office.world.departments
    return Part(o), Part(o, (depts["tech"].path,)), Part(o, (depts["office"].path,))


def ids(copies):
    return [c.pk for c in copies]


def figure(part, period, key):
    found = {f.key: f for f in FIGURE_PROVIDERS["carriers"].figures(part, period)}
    return found[f"carriers.{key}"]


def assert_adds_up(found):
    assert sum(found.split.values()) == found.value


@pytest.fixture
def tech_clerk(office):
    return office.world.account(Role.CLERK, dept="lab", clearance=Clearance.CORE)


def test_documents_registered_by_level_in_the_period_and_the_part(office, tech_clerk):
    whole, tech, general = parts(office)
    last = office.incoming(level=Level.SECRET).document  # registered by the office's clerk
    after = office.incoming(level=Level.CONFIDENTIAL).document
    lab = documents.register_document(
        actor=tech_clerk,
        number="技〔2025〕1号",
        title="实验记录",
        level=Level.CONFIDENTIAL,
        term_years=10,
    )
    Document.objects.filter(pk=last.pk).update(registered_at=LAST)
    Document.objects.filter(pk=after.pk).update(registered_at=NEXT)
    Document.objects.filter(pk=lab.pk).update(registered_at=LAST - datetime.timedelta(days=300))
    found = figure(whole, YEAR, "documents_registered")
    direct = Document.objects.filter(
        organisation=office.world.organisation,
        registered_at__gte=datetime.datetime(2025, 1, 1, tzinfo=ZONE),
        registered_at__lt=NEXT,
    ).count()
    assert found.value == direct == 2
    assert found.split[str(Level.SECRET.label)] == 1
    assert found.split[str(Level.CONFIDENTIAL.label)] == 1
    assert_adds_up(found)
    assert figure(whole, Period.year(2026), "documents_registered").value == 1
    # A head's part: the registering person's department (the lab is under tech).
    assert figure(tech, YEAR, "documents_registered").value == 1
    assert figure(general, YEAR, "documents_registered").value == 1
    assert found.url == "/documents/"
    assert found.source == "baomi.carriers.queries.figures.documents_registered"
    assert not found.now


def test_an_outgoing_draft_is_not_a_registered_document(office):
    whole, *_ = parts(office)
    office.incoming()
    Document.objects.update(stage="draft")
    assert figure(whole, Period.year(timezone.localdate().year), "documents_registered").value == 0


def test_copies_made_by_how_they_came_in_the_period_and_the_part(office):
    whole, tech, general = parts(office)
    inside = office.incoming(copies=3).document
    outside = office.incoming(copies=2).document
    CopyEvent.objects.filter(copy__document=inside).update(at=LAST)
    CopyEvent.objects.filter(copy__document=outside).update(at=NEXT)
    found = figure(whole, YEAR, "copies_made")
    assert found.value == Copy.objects.filter(document=inside).count() == 3
    assert found.split[str(figures.MADE["registered"])] == 3
    assert found.split[str(figures.MADE["printed"])] == 0
    assert_adds_up(found)
    assert figure(whole, Period.year(2026), "copies_made").value == 2
    # The custodian (the clerk of the general office) decides the department.
    assert figure(general, YEAR, "copies_made").value == 3
    assert figure(tech, YEAR, "copies_made").value == 0
    # A copy handed to a reader is not made again.
    copy = office.copies(inside)[0]
    circulation.circulate(
        actor=office.clerk, copy_id=copy.pk, reader_id=office.readers[0].person_id
    )
    assert figure(whole, YEAR, "copies_made").value == 3


def destroy(office, copies):
    request = destruction_ops.request_destruction(
        actor=office.clerk, copy_ids=ids(copies), reason="超过保密期限"
    )
    office.approve_all(request)
    return destruction_ops.destroy(
        actor=office.clerk,
        copy_ids=ids(copies),
        method="shredding",
        place="机要室碎纸机",
        operator_id=office.clerk.person_id,
        witness_ids=[r.person_id for r in office.readers[:2]],
    )


def test_copies_destroyed_by_level_in_the_period_and_the_part(office):
    whole, tech, general = parts(office)
    secret = office.copies(office.incoming(level=Level.SECRET, copies=3))
    confidential = office.copies(office.incoming(level=Level.CONFIDENTIAL, copies=2))
    Destruction.objects.filter(pk=destroy(office, secret[:2]).pk).update(destroyed_at=LAST)
    Destruction.objects.filter(pk=destroy(office, confidential).pk).update(destroyed_at=NEXT)
    found = figure(whole, YEAR, "copies_destroyed")
    direct = Copy.objects.filter(pk__in=ids(secret), state=CopyState.DESTROYED).count()
    assert found.value == direct == 2
    assert found.split[str(Level.SECRET.label)] == 2
    assert_adds_up(found)
    assert figure(whole, Period.year(2026), "copies_destroyed").split == {
        **{str(level.label): 0 for level in Level},
        str(Level.CONFIDENTIAL.label): 2,
    }
    assert figure(general, YEAR, "copies_destroyed").value == 2
    assert figure(tech, YEAR, "copies_destroyed").value == 0
    assert found.url == "/registers/destruction/?date_from=2025-01-01&date_to=2025-12-31"


def test_copies_away_and_overdue_now_by_the_holders_department(office):
    whole, tech, general = parts(office)
    copies = office.copies(office.incoming(level=Level.SECRET, copies=3))
    for copy, reader in zip(copies[:2], office.readers, strict=False):
        circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    Copy.objects.filter(pk=copies[0].pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    Copy.objects.filter(pk=copies[1].pk).update(due_at=timezone.now() + datetime.timedelta(hours=1))
    away = figure(whole, YEAR, "copies_away")
    direct = Copy.objects.filter(~Q(state=CopyState.WITH_CUSTODIAN), state__in=HELD_STATES).count()
    assert away.value == direct == 2
    assert away.split[str(CopyState.CIRCULATING.label)] == 2
    assert_adds_up(away)
    overdue = figure(whole, YEAR, "copies_overdue")
    assert overdue.value == 1 and overdue.split[str(CopyState.CIRCULATING.label)] == 1
    assert_adds_up(overdue)
    assert away.now and overdue.now
    # The readers are the tech department's: the general office holds none of them.
    assert figure(tech, YEAR, "copies_away").value == 2
    assert figure(tech, YEAR, "copies_overdue").value == 1
    assert figure(general, YEAR, "copies_away").value == 0
    assert figure(general, YEAR, "copies_overdue").value == 0
    # A state of now: the period does not change it.
    assert figure(whole, Period.year(2001), "copies_away").value == 2
    assert away.url == overdue.url == "/desk/"


def test_loss_reports_in_the_period_by_the_reporters_department(office):
    whole, tech, general = parts(office)
    copies = office.copies(office.incoming(level=Level.SECRET, copies=3))
    discovered = timezone.now() - datetime.timedelta(hours=1)

    def report(copy, actor, leak):
        return loss.report_loss(
            actor=actor,
            copy_ids=[copy.pk],
            discovered_at=discovered,
            circumstances="清点时发现缺少",
            leak=leak,
        )

    leak = report(copies[0], office.readers[0], True)  # a reader of tech
    lost = report(copies[1], office.clerk, False)  # the general office's clerk
    LossReport.objects.filter(pk=leak.pk).update(reported_at=LAST)
    LossReport.objects.filter(pk=lost.pk).update(reported_at=NEXT)
    found = figure(whole, YEAR, "loss_reports")
    assert found.value == 1
    assert found.split == {gettext("Leak"): 1, gettext("Loss"): 0}
    assert_adds_up(found)
    assert figure(whole, Period.year(2026), "loss_reports").value == 1
    assert figure(tech, YEAR, "loss_reports").value == 1
    assert figure(general, YEAR, "loss_reports").value == 0
    assert figure(general, Period.year(2026), "loss_reports").value == 1
    assert found.url == "/safekeeping/losses/"


@pytest.mark.parametrize(
    "query",
    [
        figures.documents_registered,
        figures.copies_made,
        figures.copies_destroyed,
        figures.copies_away,
        figures.copies_overdue,
        figures.loss_reports,
    ],
)
def test_each_figure_is_one_query(office, django_assert_num_queries, query):
    _whole, tech, _general = parts(office)
    office.incoming()
    with django_assert_num_queries(1):
        query(tech, YEAR)


def test_every_carriers_figure_is_keyed_and_sourced(office):
    whole, *_ = parts(office)
    found = FIGURE_PROVIDERS["carriers"].figures(whole, YEAR)
    assert [f.key for f in found] == [
        "carriers.documents_registered",
        "carriers.copies_made",
        "carriers.copies_destroyed",
        "carriers.copies_away",
        "carriers.copies_overdue",
        "carriers.loss_reports",
    ]
    assert all(f.source.startswith("baomi.carriers.queries.figures.") for f in found)
    assert all(sum(f.split.values()) == f.value for f in found)
